/* perf_test — perf_event_open on Pagoda's counters (the SBI PMU underneath), on Pagoda
 * OS and on Linux alike. The exact checks use a sweep of loads over 64 pages, twice the
 * default (u54) DTLB's 32 entries with LRU, so every load misses: between the two ioctls
 * of the sweep's asm block (nothing else runs in user mode in between) a user-only event
 * counts exactly PAGES * SWEEPS DTLB loads and misses and SWEEP_INSNS instructions. Then
 * inherit across fork (and inherit_thread: threads only), enable_on_exec, software
 * events, read formats and errors. What a
 * kernel lacks is said on a line of its own ("this kernel has no ..."): Linux refuses
 * exclude_user/exclude_kernel without Sscofpmf (Pagoda's raw events carry mode bits
 * instead), Pagoda OS has no event groups. Usage: perf_test [--exec-child] */
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define PAGES 64
#define SWEEPS 50
/* user instructions from the enable ecall's return to the disable ecall: li t1; per
 * sweep mv, li, PAGES x (ld, li, add, addi, bnez), addi, bnez; then mv, li, ecall */
#define SWEEP_INSNS (1 + SWEEPS * (4 + PAGES * 5) + 3)
#define USER_ONLY (PAGODA_RAW_NO_KERNEL | PAGODA_RAW_NO_MACHINE)
#define CACHE(c, op, res) ((c) | (op) << 8 | (res) << 16)

static char *pages;

static int open_attr(struct perf_event_attr *a, pid_t pid)
{
    a->size = sizeof *a;
    if (!a->read_format)
        a->read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return perf_event_open(a, pid, -1, -1, 0);
}

static int open_event(uint32_t type, uint64_t config, int disabled, int inherit, pid_t pid)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = type;
    a.config = config;
    a.disabled = disabled;
    a.inherit = inherit;
    a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return open_attr(&a, pid);
}

/* ioctl(fd, ENABLE), SWEEPS passes of one load per page, ioctl(fd, DISABLE). */
static void sweep(int fd)
{
    register long a0 __asm__("a0");
    register long a1 __asm__("a1");
    register long a7 __asm__("a7") = SYS_ioctl;
    register long fdr __asm__("s2") = fd;
    register char *p __asm__("s3") = pages;
    __asm__ volatile(
        "mv a0, s2\n li a1, %[en]\n ecall\n"
        "li t1, %[sweeps]\n"
        "1: mv t2, s3\n li t3, %[pages]\n"
        "2: ld t0, 0(t2)\n li t4, 4096\n add t2, t2, t4\n addi t3, t3, -1\n bnez t3, 2b\n"
        "addi t1, t1, -1\n bnez t1, 1b\n"
        "mv a0, s2\n li a1, %[dis]\n ecall\n"
        : "=&r"(a0), "=&r"(a1), "+r"(a7)
        : "r"(fdr), "r"(p), [en] "i"(PERF_EVENT_IOC_ENABLE), [dis] "i"(PERF_EVENT_IOC_DISABLE),
          [sweeps] "i"(SWEEPS), [pages] "i"(PAGES)
        : "t0", "t1", "t2", "t3", "t4", "memory");
}

/* value, time enabled, time running */
static int read3(int fd, uint64_t v[3])
{
    v[0] = v[1] = v[2] = 0;
    return read(fd, v, 3 * sizeof v[0]) == 3 * sizeof v[0];
}

/* One event, counted over one sweep inside the asm block. */
static uint64_t swept(int fd)
{
    uint64_t v[3];
    sweep(fd);
    return read3(fd, v) ? v[0] : (uint64_t)-1;
}

static void exact_counts(void)
{
    int miss = open_event(PERF_TYPE_RAW, PAGODA_DTLB_LOAD_MISS | USER_ONLY, 1, 0, 0);
    int load = open_event(PERF_TYPE_RAW, PAGODA_DTLB_LOAD_ACCESS | USER_ONLY, 1, 0, 0);
    int insn = open_event(PERF_TYPE_RAW, PAGODA_INSTRET | USER_ONLY, 1, 0, 0);
    int kmiss = open_event(PERF_TYPE_RAW, PAGODA_DTLB_MISS | PAGODA_RAW_NO_USER, 1, 0, 0);
    CHECK(miss >= 0 && load >= 0 && insn >= 0 && kmiss >= 0, "perf_event_open of raw events");
    uint64_t m[3] = { 0 }, k[3] = { 0 };
    ioctl(kmiss, PERF_EVENT_IOC_ENABLE, 0);
    sweep(miss);
    ioctl(kmiss, PERF_EVENT_IOC_DISABLE, 0);
    CHECK(read3(miss, m) && read3(kmiss, k), "read with TOTAL_TIME_ENABLED|RUNNING");
    printf("     user DTLB load misses %llu, %d expected\n", (unsigned long long)m[0],
           PAGES * SWEEPS);
    CHECK(m[0] == PAGES * SWEEPS, "every load of the sweep misses, and nothing else counts");
    CHECK(m[1] > 0 && m[2] > 0 && m[2] <= m[1], "time running within time enabled");
    CHECK(k[0] > 0, "the kernel's own DTLB misses count apart");
    CHECK(swept(load) == PAGES * SWEEPS, "user DTLB loads: the sweep's, exactly");
    uint64_t n = swept(insn);
    printf("     user instructions %llu, %d expected\n", (unsigned long long)n, SWEEP_INSNS);
    CHECK(n == SWEEP_INSNS, "user instructions: the sweep's, exactly");
    ioctl(miss, PERF_EVENT_IOC_RESET, 0);
    CHECK(read3(miss, m) && m[0] == 0, "reset clears the count");
    CHECK(swept(miss) == PAGES * SWEEPS, "counting again after a reset");
    close(miss);
    close(load);
    close(insn);
    close(kmiss);
}

/* The standard events: hardware instructions and cycles, the DTLB and ITLB cache
 * events; without a mode filter they count the kernel's part of the ioctls too. */
static void standard_events(void)
{
    static const struct { uint32_t type; uint64_t config; const char *name; } ev[] = {
        { PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, "instructions" },
        { PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, "cycles" },
        { PERF_TYPE_HW_CACHE, CACHE(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ,
                                    PERF_COUNT_HW_CACHE_RESULT_ACCESS), "dTLB-loads" },
        { PERF_TYPE_HW_CACHE, CACHE(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ,
                                    PERF_COUNT_HW_CACHE_RESULT_MISS), "dTLB-load-misses" },
    };
    static const uint64_t at_least[] = { SWEEP_INSNS, SWEEP_INSNS, PAGES * SWEEPS,
                                         PAGES * SWEEPS };
    for (unsigned i = 0; i < sizeof ev / sizeof ev[0]; i++) {
        int fd = open_event(ev[i].type, ev[i].config, 1, 0, 0);
        char what[96];
        snprintf(what, sizeof what, "%s: the sweep's and the ioctls' own", ev[i].name);
        CHECK(fd >= 0 && swept(fd) >= at_least[i], what);
        close(fd);
    }
    int st = open_event(PERF_TYPE_HW_CACHE, CACHE(PERF_COUNT_HW_CACHE_DTLB,
                        PERF_COUNT_HW_CACHE_OP_WRITE, PERF_COUNT_HW_CACHE_RESULT_ACCESS), 0, 0, 0);
    int im = open_event(PERF_TYPE_HW_CACHE, CACHE(PERF_COUNT_HW_CACHE_ITLB,
                        PERF_COUNT_HW_CACHE_OP_READ, PERF_COUNT_HW_CACHE_RESULT_MISS), 0, 0, 0);
    CHECK(st >= 0 && im >= 0, "dTLB-stores and iTLB-load-misses open");
    close(st);
    close(im);

    /* exclude_kernel and exclude_hv: user mode only, as the raw mode bits */
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_HW_CACHE;
    a.config = CACHE(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ,
                     PERF_COUNT_HW_CACHE_RESULT_MISS);
    a.disabled = a.exclude_kernel = a.exclude_hv = 1;
    int fd = open_attr(&a, 0);
    if (fd < 0 && errno == EINVAL) {
        printf("     this kernel has no mode filters for hardware events (EINVAL)\n");
    } else {
        CHECK(fd >= 0 && swept(fd) == PAGES * SWEEPS, "exclude_kernel: the sweep's misses, exactly");
        close(fd);
        memset(&a, 0, sizeof a);
        a.type = PERF_TYPE_HARDWARE;
        a.config = PERF_COUNT_HW_INSTRUCTIONS;
        a.disabled = a.exclude_user = a.exclude_hv = 1;
        fd = open_attr(&a, 0);
        uint64_t v[3];
        CHECK(fd >= 0 && read3(fd, v) && v[0] == 0, "exclude_user: nothing while disabled");
        CHECK(swept(fd) > 0 && swept(fd) < SWEEP_INSNS, "exclude_user: the ioctls' kernel part only");
        close(fd);
    }
}

/* The child sweeps; its counts come back into the parent's inherited event. */
static void inherit_fork(void)
{
    int inh = open_event(PERF_TYPE_RAW, PAGODA_DTLB_LOAD_MISS | USER_ONLY, 0, 1, 0);
    int own = open_event(PERF_TYPE_RAW, PAGODA_DTLB_LOAD_MISS | USER_ONLY, 0, 0, 0);
    int clk = open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, 0, 1, 0);
    CHECK(inh >= 0 && own >= 0 && clk >= 0, "inherited events open");
    pid_t pid = fork();
    if (pid == 0) {
        int dummy = open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, 1, 0, 0);
        sweep(dummy);
        _exit(0);
    }
    int status;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0, "the child swept and exited");
    uint64_t i[3], o[3], c[3];
    CHECK(read3(inh, i) && read3(own, o) && read3(clk, c), "read after the child exited");
    printf("     inherited %s the child's sweep\n",
           i[0] >= o[0] + PAGES * SWEEPS && i[0] < o[0] + PAGES * SWEEPS + 200 ? "adds" : "lacks");
    CHECK(i[0] >= o[0] + PAGES * SWEEPS && i[0] < o[0] + PAGES * SWEEPS + 200,
          "inherit: the child's misses added into the parent's event at its exit");
    CHECK(i[1] > o[1] && c[0] > 0 && c[1] == c[2], "the child's time enabled added too");
    close(inh);
    close(own);
    close(clk);
}

static void *sweeper(void *arg)
{
    (void)arg;
    sweep(open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, 1, 0, 0));
    return NULL;
}

/* inherit_thread: copies for threads, none for a forked child. */
static void inherit_thread(void)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_RAW;
    a.config = PAGODA_DTLB_LOAD_MISS | USER_ONLY;
    a.inherit = a.inherit_thread = 1;
    int fd = open_attr(&a, 0);
    CHECK(fd >= 0, "inherit_thread event opens");
    uint64_t v0[3], v1[3], v2[3];
    read3(fd, v0);
    pid_t pid = fork();
    if (pid == 0) {
        sweep(open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, 1, 0, 0));
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    read3(fd, v1);
    CHECK(v1[0] - v0[0] < PAGES * SWEEPS, "inherit_thread: a forked child's misses are not added");
    pthread_t th;
    CHECK(pthread_create(&th, NULL, sweeper, NULL) == 0 && pthread_join(th, NULL) == 0,
          "a thread swept");
    read3(fd, v2);
    CHECK(v2[0] - v1[0] >= PAGES * SWEEPS, "inherit_thread: a thread's misses are");
    close(fd);
}

/* A disabled event with enable_on_exec on a child that has not exec'd yet. */
static void enable_on_exec(void)
{
    int go[2];
    CHECK(pipe(go) == 0, "pipe");
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(go[1]);
        if (read(go[0], &c, 1) != 1)
            _exit(1);
        char *args[] = { "perf_test", "--exec-child", NULL };
        execv("/test/perf_test", args);
        _exit(127);
    }
    close(go[0]);
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_RAW;
    a.config = PAGODA_DTLB_LOAD_MISS | USER_ONLY;
    a.disabled = a.enable_on_exec = 1;
    a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    int on = open_attr(&a, pid);
    a.enable_on_exec = 0;
    int off = open_attr(&a, pid);
    CHECK(on >= 0 && off >= 0, "events on the child (by pid)");
    CHECK(write(go[1], "g", 1) == 1, "child started");
    close(go[1]);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the exec'd child swept");
    uint64_t v[3], w[3];
    CHECK(read3(on, v) && v[0] >= PAGES * SWEEPS && v[1] > 0, "enable_on_exec: counts from the exec on");
    CHECK(read3(off, w) && w[0] == 0 && w[1] == 0, "disabled: counts nothing, no time enabled");
    close(on);
    close(off);
}

static void software_events(void)
{
    enum { N = 40 };
    char *fresh = mmap(NULL, N * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int pf = open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, 1, 0, 0);
    int min = open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN, 1, 0, 0);
    int maj = open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1, 0, 0);
    int cs = open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, 1, 0, 0);
    CHECK(fresh != MAP_FAILED && pf >= 0 && min >= 0 && maj >= 0 && cs >= 0, "software events open");
    ioctl(pf, PERF_EVENT_IOC_ENABLE, 0);
    ioctl(min, PERF_EVENT_IOC_ENABLE, 0);
    ioctl(maj, PERF_EVENT_IOC_ENABLE, 0);
    for (int i = 0; i < N; i++)
        fresh[i * 4096] = 1;
    ioctl(pf, PERF_EVENT_IOC_DISABLE, 0);
    ioctl(min, PERF_EVENT_IOC_DISABLE, 0);
    ioctl(maj, PERF_EVENT_IOC_DISABLE, 0);
    uint64_t p[3], mi[3], ma[3], c[3];
    CHECK(read3(pf, p) && read3(min, mi) && read3(maj, ma), "read the fault counts");
    printf("     page faults %llu (minor %llu, major %llu) for %d fresh pages\n",
           (unsigned long long)p[0], (unsigned long long)mi[0], (unsigned long long)ma[0], N);
    CHECK(p[0] == N && mi[0] == N && ma[0] == 0, "one minor fault per fresh page");
    ioctl(cs, PERF_EVENT_IOC_ENABLE, 0);
    usleep(20000);
    ioctl(cs, PERF_EVENT_IOC_DISABLE, 0);
    CHECK(read3(cs, c) && c[0] >= 1, "a sleep is a context switch");
    close(pf);
    close(min);
    close(maj);
    close(cs);
    munmap(fresh, N * 4096);
}

static void read_formats(void)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_SOFTWARE;
    a.config = PERF_COUNT_SW_DUMMY;
    a.read_format = PERF_FORMAT_ID;
    int fd = open_attr(&a, 0);
    uint64_t id = 0, v[8];
    CHECK(fd >= 0 && ioctl(fd, PERF_EVENT_IOC_ID, &id) == 0 && id != 0, "PERF_EVENT_IOC_ID");
    CHECK(read(fd, v, sizeof v) == 16 && v[0] == 0 && v[1] == id, "read: value, id");
    close(fd);
    a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_ID |
                    PERF_FORMAT_LOST;
    fd = open_attr(&a, 0);
    CHECK(fd >= 0 && ioctl(fd, PERF_EVENT_IOC_ID, &id) == 0, "a group leader alone");
    CHECK(read(fd, v, sizeof v) == 40 && v[0] == 1 && v[2] == 0 && v[3] == id && v[4] == 0,
          "read with GROUP: nr, time enabled, then value, id, lost");
    CHECK(read(fd, v, 39) == -1 && errno == ENOSPC, "read into too small a buffer: ENOSPC");
    CHECK(ioctl(fd, 0x2499, 0) == -1 && errno == ENOTTY, "unknown ioctl: ENOTTY");
    close(fd);
}

static void errors(void)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    /* Unknown types and software events: ENOENT, as perf_event_open(2) says (Linux 6.1
     * answers EINVAL: its riscv PMU driver, asked last, refuses every type it lacks). */
    a.type = 100;
    int fd = open_attr(&a, 0);
    CHECK(fd == -1 && (errno == ENOENT || errno == EINVAL), "unknown type: ENOENT");
    a.type = PERF_TYPE_HARDWARE;
    a.config = PERF_COUNT_HW_MAX;
    CHECK_ERR(open_attr(&a, 0), EINVAL, "hardware event past the last: EINVAL");
    a.type = PERF_TYPE_HW_CACHE;
    a.config = CACHE(PERF_COUNT_HW_CACHE_DTLB, 3, 0);
    CHECK_ERR(open_attr(&a, 0), EINVAL, "cache op past the last: EINVAL");
    a.type = PERF_TYPE_SOFTWARE;
    a.config = 1000;
    fd = open_attr(&a, 0);
    CHECK(fd == -1 && (errno == ENOENT || errno == EINVAL), "software event past the last: ENOENT");
    /* An event no counter can count: ENOENT (Linux 6.1 opens it and never runs it). */
    a.type = PERF_TYPE_HARDWARE;
    a.config = PERF_COUNT_HW_BRANCH_MISSES;
    fd = open_attr(&a, 0);
    uint64_t v[3];
    CHECK((fd == -1 && errno == ENOENT) || (fd >= 0 && read3(fd, v) && v[0] == 0 && v[2] == 0),
          "branch-misses, which Pagoda does not count: ENOENT");
    if (fd >= 0)
        close(fd);
    a.type = PERF_TYPE_SOFTWARE;
    a.config = PERF_COUNT_SW_TASK_CLOCK;
    a.read_format = 1 << 7;
    CHECK_ERR(open_attr(&a, 0), EINVAL, "unknown read_format bit: EINVAL");
    a.read_format = 0;
    a.__reserved_1 = 1;
    CHECK_ERR(open_attr(&a, 0), EINVAL, "reserved attribute bit: EINVAL");
    a.__reserved_1 = 0;
    a.type = PERF_TYPE_HARDWARE;
    a.config = PERF_COUNT_HW_INSTRUCTIONS;
    a.sample_period = 10000;
    CHECK_ERR(open_attr(&a, 0), EOPNOTSUPP, "sampling (no overflow interrupt): EOPNOTSUPP");
    a.sample_period = 0;
    struct { struct perf_event_attr a; uint64_t more; } big;
    memset(&big, 0, sizeof big);
    big.a = a;
    big.a.size = sizeof big;
    big.more = 1;
    CHECK_ERR(perf_event_open(&big.a, 0, -1, -1, 0), E2BIG, "a longer attr not ending in zeros: E2BIG");
    CHECK(big.a.size == PERF_ATTR_SIZE_VER7, "... and the kernel's size written back");
    big.more = 0;
    big.a.size = sizeof big;
    fd = perf_event_open(&big.a, 0, -1, -1, 0);
    CHECK(fd >= 0, "a longer attr ending in zeros is fine");
    close(fd);
    a.read_format = 0;
    CHECK_ERR(perf_event_open(&a, 0, -1, -1, 1ul << 7), EINVAL, "unknown flag: EINVAL");
    CHECK_ERR(perf_event_open(&a, -1, -1, -1, 0), EINVAL, "no task and no CPU: EINVAL");
    CHECK_ERR(perf_event_open(&a, 0, 4096, -1, 0), EINVAL, "a CPU that does not exist: EINVAL");
    CHECK_ERR(perf_event_open(&a, 30000, -1, -1, 0), ESRCH, "no such process: ESRCH");
    CHECK_ERR(perf_event_open(&a, 0, -1, 0, 0), EBADF, "group_fd not an event: EBADF");
    CHECK_ERR(perf_event_open((void *)8, 0, -1, -1, 0), EFAULT, "attr at a bad address: EFAULT");
    fd = perf_event_open(&a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    int member = perf_event_open(&a, 0, -1, fd, 0);
    if (member < 0 && errno == EOPNOTSUPP)
        printf("     this kernel has no event groups (EOPNOTSUPP)\n");
    else
        CHECK(member >= 0, "a group member");
    close(member);
    close(fd);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    pages = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED)
        return 1;
    for (int i = 0; i < PAGES; i++)
        pages[i * 4096] = 1;                /* no page fault inside a sweep */
    if (argc > 1 && strcmp(argv[1], "--exec-child") == 0) {
        int dummy = open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, 1, 0, 0);
        sweep(dummy);
        return 0;
    }
    exact_counts();
    standard_events();
    inherit_fork();
    inherit_thread();
    enable_on_exec();
    software_events();
    read_formats();
    errors();
    return finish("perf_test");
}
