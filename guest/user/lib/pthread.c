/* pthread.c — a minimal threads library (pthread.h): a thread is clone(CLONE_VM |
 * CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
 * CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID), as glibc asks, on a
 * mapping that holds its stack, its descriptor and its TLS block; join waits on the
 * thread-id word the kernel zeroes at exit (futex), then unmaps. Mutexes are
 * Drepper's three-state futex locks. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libc_internal.h"

#define CLONE_THREAD_FLAGS 0x7d0f00UL   /* VM FS FILES SIGHAND THREAD SYSVSEM SETTLS
                                           PARENT_SETTID CHILD_CLEARTID */
#define DEFAULT_STACK (256 * 1024)

enum { JOINABLE, DETACHED, EXITING };

struct pthread {
    volatile int tid;          /* zeroed by the kernel when the thread has exited */
    volatile int state;        /* JOINABLE, DETACHED, EXITING */
    void *(*fn)(void *);
    void *arg;
    void *ret;
    void *map;                 /* the mapping: stack, this, TLS */
    size_t map_len;
};

static struct pthread main_thread;
static void *main_tp;

/* clone with the child running fn(arg) on stack, then exit(0); the parent gets the
 * child's id or -errno. */
long __pthread_clone(unsigned long flags, void *stack, volatile int *ptid, void *tls,
                     volatile int *ctid, void (*fn)(void *), void *arg);
__asm__(".text\n.globl __pthread_clone\n.type __pthread_clone, @function\n"
        "__pthread_clone:\n"
        "  addi a1, a1, -16\n"
        "  sd a5, 0(a1)\n"
        "  sd a6, 8(a1)\n"
        "  li a7, 220\n"
        "  ecall\n"
        "  beqz a0, 1f\n"
        "  ret\n"
        "1:ld t0, 0(sp)\n"
        "  ld a0, 8(sp)\n"
        "  jalr t0\n"
        "  li a0, 0\n"
        "  li a7, 93\n"
        "  ecall\n");

pthread_t pthread_self(void)
{
    void *tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    if (!main_tp || tp == main_tp) {
        main_tp = tp;
        if (!main_thread.tid)
            main_thread.tid = (int)__syscall0(SYS_gettid);
        return &main_thread;
    }
    return (struct pthread *)tp - 1;
}

int pthread_equal(pthread_t a, pthread_t b)
{
    return a == b;
}

pid_t gettid(void)
{
    return (pid_t)__syscall0(SYS_gettid);
}

int tgkill(pid_t tgid, pid_t tid, int sig)
{
    return (int)__syscall_ret(__syscall3(SYS_tgkill, tgid, tid, sig));
}

long futex(volatile int *uaddr, int op, int val, const void *timeout, volatile int *uaddr2, int val3)
{
    return __syscall_ret(__syscall6(SYS_futex, (long)uaddr, op, val, (long)timeout, (long)uaddr2, val3));
}

/* Unmaps the thread's own mapping and exits, touching no stack in between. */
static void __attribute__((noreturn)) exit_and_unmap(void *map, size_t len)
{
    register long a0 __asm__("a0") = (long)map;
    register long a1 __asm__("a1") = (long)len;
    __asm__ volatile("li a7, 215\n\tecall\n\tli a0, 0\n\tli a7, 93\n\tecall"
                     :: "r"(a0), "r"(a1) : "a7", "memory");
    __builtin_unreachable();
}

static void __attribute__((noreturn)) thread_finish(struct pthread *self)
{
    if (self == &main_thread)
        __syscall1(SYS_exit, 0);
    if (__atomic_exchange_n(&self->state, EXITING, __ATOMIC_ACQ_REL) == DETACHED)
        exit_and_unmap(self->map, self->map_len);
    for (;;)
        __syscall1(SYS_exit, 0);
}

static void thread_start(void *p)
{
    struct pthread *self = p;
    self->ret = self->fn(self->arg);
    thread_finish(self);
}

void pthread_exit(void *ret)
{
    struct pthread *self = pthread_self();
    self->ret = ret;
    thread_finish(self);
}

int pthread_attr_init(pthread_attr_t *a)
{
    a->stack_size = DEFAULT_STACK;
    a->detached = PTHREAD_CREATE_JOINABLE;
    return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
    (void)a;
    return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
    if (size < 16384)
        return EINVAL;
    a->stack_size = size;
    return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
    if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
        return EINVAL;
    a->detached = state;
    return 0;
}

int pthread_create(pthread_t *out, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
    pthread_self();                            /* the main thread knows its tp */
    size_t stack = attr ? attr->stack_size : DEFAULT_STACK;
    size_t tls = (__libc_tls_memsz + 63) & ~63UL;
    size_t len = (stack + sizeof(struct pthread) + 64 + tls + 4095) & ~4095UL;
    char *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return EAGAIN;
    char *block = map + len - tls;             /* TLS at the top, 64-aligned */
    if (__libc_tls_image)
        memcpy(block, __libc_tls_image, __libc_tls_filesz);
    struct pthread *t = (struct pthread *)block - 1;
    t->fn = fn;
    t->arg = arg;
    t->map = map;
    t->map_len = len;
    t->state = attr && attr->detached ? DETACHED : JOINABLE;
    void *sp = (void *)((unsigned long)t & ~15UL);
    long r = __pthread_clone(CLONE_THREAD_FLAGS, sp, &t->tid, block, &t->tid, thread_start, t);
    if (r < 0) {
        munmap(map, len);
        return (int)-r;
    }
    *out = t;
    return 0;
}

/* Waits until the kernel has zeroed the thread's id word: it no longer runs. */
static void wait_exited(struct pthread *t)
{
    int tid;
    while ((tid = t->tid) != 0)
        __syscall6(SYS_futex, (long)&t->tid, FUTEX_WAIT, tid, (long)0, (long)0, 0);
}

int pthread_join(pthread_t t, void **ret)
{
    if (t == pthread_self())
        return EDEADLK;
    if (t->state == DETACHED)
        return EINVAL;
    wait_exited(t);
    if (ret)
        *ret = t->ret;
    munmap(t->map, t->map_len);
    return 0;
}

int pthread_detach(pthread_t t)
{
    int old = __atomic_exchange_n(&t->state, DETACHED, __ATOMIC_ACQ_REL);
    if (old == DETACHED)
        return EINVAL;
    if (old == EXITING) {                      /* it finished first: we clean up */
        wait_exited(t);
        munmap(t->map, t->map_len);
    }
    return 0;
}

int pthread_kill(pthread_t t, int sig)
{
    long r = __syscall3(SYS_tgkill, getpid(), t->tid, sig);
    return r < 0 ? (int)-r : 0;
}

pid_t pthread_gettid_np(pthread_t t)
{
    return t->tid;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
    (void)attr;
    m->state = 0;
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
    return m->state ? EBUSY : 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
    int expected = 0;
    return __atomic_compare_exchange_n(&m->state, &expected, 1, false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED) ? 0 : EBUSY;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
    int c = 0;
    if (__atomic_compare_exchange_n(&m->state, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return 0;
    if (c != 2)
        c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        __syscall6(SYS_futex, (long)&m->state, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 2, (long)0, (long)0, 0);
        c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
    }
    return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    if (__atomic_fetch_sub(&m->state, 1, __ATOMIC_RELEASE) != 1) {
        __atomic_store_n(&m->state, 0, __ATOMIC_RELEASE);
        __syscall6(SYS_futex, (long)&m->state, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, (long)0, (long)0, 0);
    }
    return 0;
}

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
    /* 0 not run, 1 running, 2 done; a second caller waits on the word. */
    int c = 0;
    if (__atomic_compare_exchange_n(once, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
        fn();
        __atomic_store_n(once, 2, __ATOMIC_RELEASE);
        __syscall6(SYS_futex, (long)once, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 0x7fffffff, (long)0, (long)0, 0);
        return 0;
    }
    while ((c = __atomic_load_n(once, __ATOMIC_ACQUIRE)) == 1)
        __syscall6(SYS_futex, (long)once, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 1, (long)0, (long)0, 0);
    return 0;
}

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
    return (int)__syscall_ret(__syscall3(SYS_sched_setaffinity, pid, size, set));
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
    long r = __syscall3(SYS_sched_getaffinity, pid, size, set);
    if (r < 0)
        return (int)__syscall_ret(r);
    memset((char *)set + r, 0, size - (size_t)r);      /* as glibc's wrapper */
    return 0;
}

int CPU_COUNT(const cpu_set_t *set)
{
    int n = 0;
    for (size_t i = 0; i < sizeof set->bits / sizeof set->bits[0]; i++)
        n += __builtin_popcountl(set->bits[i]);
    return n;
}
