/* thread_test.c — threads: clone as pthread_create makes them, futex, join through
 * CLONE_CHILD_CLEARTID, per-thread errno (TLS), gettid/getpid, tgkill to one thread,
 * process-directed signals taken by a thread that does not block them, exit of one
 * thread vs exit_group, a fatal signal ending every thread, wait4 from another
 * thread, a descriptor closed under a thread blocked reading it, malloc from several
 * threads and fork beside one. It prints the same
 * under qemu-riscv64 (Linux) and on Pagoda OS (compared line for line).
 *   thread_test DIR      the portable checks
 *   thread_test -k       Pagoda OS's own: /proc/PID/task, Threads:, execve from a
 *                        thread (it takes the process's PID), no memory kept */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define NTHREADS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

static void *adder(void *arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        long c = counter;
        if (i % 1000 == 0)
            sched_yield();                  /* let another thread find it held */
        counter = c + 1;
        pthread_mutex_unlock(&lock);
    }
    return (void *)((long)arg * 10);
}

static void *report_ids(void *arg)
{
    int *ids = arg;
    ids[0] = getpid();
    ids[1] = gettid();
    return NULL;
}

static void *set_errno(void *arg)
{
    (void)arg;
    close(-1);                              /* EBADF, in this thread's errno */
    return (void *)(long)errno;
}

static volatile int gate;                   /* futex word the sleepers wait on */

static void *sleeper(void *arg)
{
    (void)arg;
    while (__atomic_load_n(&gate, __ATOMIC_ACQUIRE) == 0)
        futex(&gate, FUTEX_WAIT, 0, NULL, NULL, 0);
    return NULL;
}

static void open_gate(void)
{
    __atomic_store_n(&gate, 1, __ATOMIC_RELEASE);
    futex(&gate, FUTEX_WAKE, 1000, NULL, NULL, 0);
}

static volatile int handled_tid;

static void on_usr1(int sig)
{
    (void)sig;
    handled_tid = gettid();
}

static void *wait_for_signal(void *arg)
{
    (void)arg;
    while (!handled_tid)
        sched_yield();
    return NULL;
}

static void test_create_join(void)
{
    pthread_t t[NTHREADS];
    int ok = 1;
    for (long i = 0; i < NTHREADS; i++)
        ok &= pthread_create(&t[i], NULL, adder, (void *)i) == 0;
    CHECK(ok, "pthread_create makes 4 threads");
    long sum = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        ok &= pthread_join(t[i], &r) == 0;
        sum += (long)r;
    }
    CHECK(ok && sum == 60, "pthread_join returns each thread's value");
    CHECK(counter == NTHREADS * ROUNDS, "a futex mutex keeps 80000 increments exact");
}

static void test_ids(void)
{
    int ids[2] = { 0, 0 };
    pthread_t t;
    pthread_create(&t, NULL, report_ids, ids);
    CHECK(pthread_join(t, NULL) == 0, "join returns once the kernel zeroes the tid word");
    CHECK(ids[0] == getpid(), "a thread's getpid is the process's");
    CHECK(ids[1] != getpid() && ids[1] > 0, "a thread's gettid is its own");
    CHECK(gettid() == getpid(), "the main thread's tid is the pid");
}

static void test_errno(void)
{
    pthread_t t;
    void *r;
    errno = 0;
    pthread_create(&t, NULL, set_errno, NULL);
    pthread_join(t, &r);
    CHECK((long)r == EBADF && errno == 0, "errno is per thread (thread-local storage)");
}

static void test_futex(void)
{
    volatile int word = 5;
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    errno = 0;
    CHECK(futex(&word, FUTEX_WAIT, 4, NULL, NULL, 0) == -1 && errno == EAGAIN,
          "FUTEX_WAIT on a changed word: EAGAIN");
    CHECK(futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 5, &ts, NULL, 0) == -1 && errno == ETIMEDOUT,
          "FUTEX_WAIT with a timeout: ETIMEDOUT");
    CHECK(futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0) == 0, "FUTEX_WAKE with no waiter wakes 0");
    CHECK(futex((volatile int *)((char *)&word + 1), FUTEX_WAKE, 1, NULL, NULL, 0) == -1 &&
          errno == EINVAL, "a misaligned futex word: EINVAL");
    CHECK(futex(NULL, FUTEX_WAIT, 0, NULL, NULL, 0) == -1 && errno == EFAULT,
          "FUTEX_WAIT on NULL: EFAULT");

    pthread_t t[3];
    gate = 0;
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, sleeper, NULL);
    for (int i = 0; i < 50; i++)
        sched_yield();
    open_gate();
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    CHECK(1, "FUTEX_WAKE releases three sleepers");
}

static void test_signals(void)
{
    signal(SIGUSR1, on_usr1);
    pthread_t t;
    handled_tid = 0;
    pthread_create(&t, NULL, wait_for_signal, NULL);
    for (int i = 0; i < 10; i++)
        sched_yield();
    pid_t tid = 0;
    while (!(tid = pthread_gettid_np(t)))
        sched_yield();
    CHECK(tgkill(getpid(), tid, SIGUSR1) == 0, "tgkill to a thread");
    pthread_join(t, NULL);
    CHECK(handled_tid == tid, "tgkill's signal runs in that thread");
    CHECK(tgkill(getpid() + 100000, getpid(), 0) == -1 && errno == ESRCH,
          "tgkill with the wrong process: ESRCH");

    /* A signal to the process goes to a thread that does not block it. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    handled_tid = 0;
    pthread_create(&t, NULL, wait_for_signal, NULL);
    while (!(tid = pthread_gettid_np(t)))
        sched_yield();
    sigprocmask(SIG_BLOCK, &set, &old);
    kill(getpid(), SIGUSR1);
    pthread_join(t, NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    CHECK(handled_tid == tid, "kill(getpid()) is taken by the thread not blocking it");
    signal(SIGUSR1, SIG_DFL);
}

static void * __attribute__((noreturn)) exit_group_soon(void *arg)
{
    (void)arg;
    for (int i = 0; i < 5; i++)
        sched_yield();
    exit(7);                                /* exit_group: the blocked main thread goes too */
}

static void * __attribute__((noreturn)) idle_forever(void *arg)
{
    (void)arg;
    for (;;)
        pause();
}

static void *exit_later(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20; i++)
        sched_yield();
    printf("ok   the last thread runs after the main thread's pthread_exit\n");
    fflush(stdout);
    return NULL;
}

static pid_t forked_child;

static void *reap_child(void *arg)
{
    int *status = arg;
    return (void *)(long)waitpid(forked_child, status, 0);
}

static int run_child(void (*body)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        body();
        _exit(99);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

static void body_exit_group(void)
{
    pthread_t t, u;
    pthread_create(&u, NULL, idle_forever, NULL);
    pthread_create(&t, NULL, exit_group_soon, NULL);
    pthread_join(u, NULL);                  /* never returns */
}

static void body_fatal_signal(void)
{
    pthread_t t, u;
    pthread_create(&u, NULL, idle_forever, NULL);
    pthread_create(&t, NULL, idle_forever, NULL);
    pid_t tid;
    while (!(tid = pthread_gettid_np(t)))
        sched_yield();
    tgkill(getpid(), tid, SIGUSR2);         /* default action: the process dies */
    pthread_join(u, NULL);
}

static void body_main_exits_first(void)
{
    pthread_t t;
    pthread_create(&t, NULL, exit_later, NULL);
    pthread_exit(NULL);                     /* the process lives on in t, then exits 0 */
}

static void test_exits(void)
{
    int st = run_child(body_exit_group);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "exit() in a thread ends the process with its status");
    st = run_child(body_fatal_signal);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR2, "a fatal signal to one thread kills the process");
    st = run_child(body_main_exits_first);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the process ends when its last thread does");

    /* A child forked by the main thread is reaped by another thread. */
    fflush(stdout);
    forked_child = fork();
    if (forked_child == 0)
        _exit(3);
    int status = 0;
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, reap_child, &status);
    pthread_join(t, &r);
    CHECK((long)r == forked_child && WEXITSTATUS(status) == 3, "another thread's wait4 reaps our child");
}

static int pipefd[2];

static void *blocked_reader(void *arg)
{
    (void)arg;
    char c;
    return (void *)(long)read(pipefd[0], &c, 1);
}

static void test_shared_files(void)
{
    /* The reader must be blocked in read before the close: a reader that came too late
     * (EBADF, and the write EPIPE: SIGPIPE is ignored meanwhile) gets a longer wait. */
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
    long r = -1;
    for (int attempt = 1; attempt <= 20 && r != 1; attempt++) {
        pipe(pipefd);
        pthread_t t;
        void *v;
        pthread_create(&t, NULL, blocked_reader, NULL);
        for (int i = 0; i < 20; i++)
            sched_yield();
        struct timespec nap = { 0, attempt * 10000000L };
        nanosleep(&nap, NULL);
        close(pipefd[0]);                   /* the reader holds its own reference */
        write(pipefd[1], "x", 1);
        pthread_join(t, &v);
        r = (long)v;
        close(pipefd[1]);
    }
    signal(SIGPIPE, old_pipe);
    CHECK(r == 1, "a read blocked in a thread survives close() of its fd by another");

    int fd = open("/dev/null", O_RDONLY);
    pthread_t u;
    pthread_create(&u, NULL, set_errno, NULL);
    pthread_join(u, NULL);
    CHECK(fcntl(fd, F_GETFD) == 0, "threads share the descriptor table");
    close(fd);
}

/* malloc from several threads at once: each thread keeps 32 blocks of random sizes
 * (now and then one big enough for a mapping of its own), each filled with a value of
 * its own, and checks a block's words before it frees or reallocates it. */
#define MALLOC_SLOTS 32
#define MALLOC_OPS 6000

static void *malloc_worker(void *arg)
{
    unsigned long rng = 0x9e3779b97f4a7c15UL * ((unsigned long)arg + 1), bad = 0;
    long *block[MALLOC_SLOTS] = { 0 };
    size_t words[MALLOC_SLOTS] = { 0 };
    for (int op = 0; op < MALLOC_OPS + MALLOC_SLOTS; op++) {
        int i = op < MALLOC_OPS ? (int)(rng >> 40) % MALLOC_SLOTS : op - MALLOC_OPS;
        long tag = (long)arg << 32 | (long)i << 16;
        if (block[i]) {
            for (size_t w = 0; w < words[i]; w++)
                bad += block[i][w] != (tag | (long)(w & 0xffff));
        }
        rng = rng * 6364136223846793005UL + 1442695040888963407UL;
        size_t n = (rng >> 33) % 7 == 0 ? 1 + (rng >> 36) % 2048 : 1 + (rng >> 36) % 48;
        if ((rng >> 20) % 256 == 0)
            n = 40000;                          /* 320 KiB: a mapping of its own */
        if (op >= MALLOC_OPS || (block[i] && (rng >> 28) % 3 == 0)) {
            free(block[i]);
            block[i] = NULL;
            words[i] = 0;
            continue;
        }
        long *p = block[i] ? realloc(block[i], n * sizeof *p) : malloc(n * sizeof *p);
        if (!p) {
            bad++;
            continue;
        }
        size_t kept = words[i] < n ? words[i] : n;
        for (size_t w = 0; w < kept; w++)       /* realloc keeps the old contents */
            bad += p[w] != (tag | (long)(w & 0xffff));
        for (size_t w = 0; w < n; w++)
            p[w] = tag | (long)(w & 0xffff);
        block[i] = p;
        words[i] = n;
    }
    return (void *)bad;
}

static volatile int malloc_busy_stop;

static void *malloc_busy(void *arg)
{
    (void)arg;
    while (!__atomic_load_n(&malloc_busy_stop, __ATOMIC_ACQUIRE)) {
        char *volatile p = calloc(1, 16384);    /* zeroed under the lock */
        free(p);
        for (volatile int i = 0; i < 3000; i++)   /* and about three times as long without */
            ;
    }
    return NULL;
}

static void test_malloc(void)
{
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, malloc_worker, (void *)i);
    long bad = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad += (long)r;
    }
    CHECK(bad == 0, "malloc, realloc and free from 4 threads at once: every block keeps its words");

    /* fork while another thread allocates: the child's heap is whole and its lock free
     * (a child still there after a minute is stuck on the lock: killed, a failure). */
    pthread_t busy;
    malloc_busy_stop = 0;
    pthread_create(&busy, NULL, malloc_busy, NULL);
    int ok = 1;
    for (int i = 0; i < 20; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            for (int j = 0; j < 100; j++) {
                char *volatile p = malloc(16 + j * 40);
                free(p);
            }
            _exit(0);
        }
        int status = 0;
        struct timespec tick = { 0, 10000000 };
        for (int waited = 0; waitpid(pid, &status, WNOHANG) == 0; waited++) {
            if (waited == 6000)
                kill(pid, SIGKILL);
            nanosleep(&tick, NULL);
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            ok = 0;
            break;
        }
    }
    __atomic_store_n(&malloc_busy_stop, 1, __ATOMIC_RELEASE);
    pthread_join(busy, NULL);
    CHECK(ok, "fork while another thread allocates: the child can allocate");
}

static void test_affinity(void)
{
    cpu_set_t set, empty, got;
    CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) >= 1,
          "sched_getaffinity names at least one hart");
    CHECK(syscall(SYS_sched_getaffinity, 0, 4, &got) == -1 && errno == EINVAL,
          "sched_getaffinity with a 4-byte buffer: EINVAL");
    CPU_ZERO(&empty);
    CHECK(sched_setaffinity(0, sizeof empty, &empty) == -1 && errno == EINVAL,
          "sched_setaffinity to no hart: EINVAL");
    int first = 0;
    while (!CPU_ISSET(first, &set))
        first++;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    CHECK(sched_setaffinity(0, sizeof one, &one) == 0 && sched_getaffinity(0, sizeof got, &got) == 0 &&
          CPU_COUNT(&got) == 1 && CPU_ISSET(first, &got), "pinned to one hart, and read back");
    CHECK(sched_setaffinity(0, sizeof set, &set) == 0, "unpinned again");
}

/* Pagoda OS only: /proc and execve from a thread. */
static int count_tasks(void)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", getpid());
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    char buf[2048];
    int n = 0;
    long got;
    while ((got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < got;) {
            unsigned short reclen = *(unsigned short *)(buf + off + 16);
            const char *name = buf + off + 19;
            n += name[0] != '.';
            off += reclen;
        }
    close(fd);
    return n;
}

static int status_threads(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    int n = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Threads: %d", &n) == 1)
            break;
    if (f)
        fclose(f);
    return n;
}

static const char *self_path;

static void *exec_self(void *arg)
{
    (void)arg;
    char pid[16];
    snprintf(pid, sizeof pid, "%d", getpid());
    char *args[] = { (char *)self_path, "-e", pid, NULL };
    execve(self_path, args, NULL);
    return NULL;
}

static long free_kb(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[128];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

/* As on Linux, an exiting thread clears its TID word and wakes pthread_join (mm_release)
 * before it has finished exiting: on another hart the joiner can run while the thread is
 * still on its way out. So what a join makes disappear must be gone soon, not at once:
 * COND is tried again after a yield, a bounded number of times. */
#define gone_soon(cond) ({                                      \
        int ok_ = 0;                                            \
        for (int try_ = 0; try_ < 10000 && !(ok_ = (cond)); try_++) \
            sched_yield();                                      \
        ok_; })

static void kernel_checks(const char *argv0)
{
    pthread_t t[3];
    gate = 0;
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, sleeper, NULL);
    CHECK(count_tasks() == 4, "/proc/PID/task lists the 4 threads");
    CHECK(status_threads() == 4, "/proc/self/status says Threads: 4");
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/status", getpid(), pthread_gettid_np(t[1]));
    CHECK(access(path, R_OK) == 0, "/proc/PID/task/TID/status exists");
    open_gate();
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    CHECK(gone_soon(count_tasks() == 1), "joined threads leave /proc/PID/task");
    /* (Not compared with qemu-riscv64: there the host thread may still be on its way
     * out when the guest's join returns.) */
    int ids[2];
    pthread_create(&t[0], NULL, report_ids, ids);
    pthread_join(t[0], NULL);
    pid_t gone = ids[1];
    CHECK(gone_soon(tgkill(getpid(), gone, 0) == -1 && errno == ESRCH) &&
          tgkill(getpid(), gone, SIGUSR1) == -1 && errno == ESRCH,
          "tgkill to a joined thread: ESRCH");

    long before = free_kb();
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 3; i++)
            pthread_create(&t[i], NULL, report_ids, (int[2]){ 0, 0 });
        for (int i = 0; i < 3; i++)
            pthread_join(t[i], NULL);
    }
    long after = free_kb();
    CHECK(before - after < 64, "150 threads made and joined keep no memory");

    self_path = argv0;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t u, e;
        pthread_create(&u, NULL, idle_forever, NULL);
        pthread_create(&e, NULL, exec_self, NULL);
        pthread_join(u, NULL);
        _exit(98);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "execve from a thread: the image runs alone with the process's PID");
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "-e") == 0)     /* exec'd by exec_self */
        return atoi(argv[2]) == getpid() && count_tasks() == 1 && status_threads() == 1 ? 0 : 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "-k") == 0) {
        kernel_checks(argv[0]);
        return finish("thread_test -k");
    }
    test_create_join();
    test_ids();
    test_errno();
    test_futex();
    test_signals();
    test_exits();
    test_shared_files();
    test_malloc();
    test_affinity();
    return finish("thread_test");
}
