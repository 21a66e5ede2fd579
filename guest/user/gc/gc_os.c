/* gc_os.c — the collector's OS interface over Linux system calls, for the guest (our
 * kernel, or Linux under qemu-riscv64) and the host alike. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "gc_os.h"

#ifndef SYS_prctl
#define SYS_prctl 167
#endif
/* Linux 5.17's anonymous VMA names (include/uapi/linux/prctl.h). */
#define PR_SET_VMA            0x53564d41
#define PR_SET_VMA_ANON_NAME  0

void *gc_os_reserve(size_t bytes, const char *name)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (name)
        gc_os_name(p, bytes, name);
    return p;
}

void gc_os_release(void *p, size_t bytes)
{
    munmap(p, bytes);
}

void gc_os_name(void *p, size_t bytes, const char *name)
{
    syscall(SYS_prctl, PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)p,
            (unsigned long)bytes, (unsigned long)name);
}

int gc_os_protect(void *p, size_t bytes, int writable)
{
    return mprotect(p, bytes, writable ? PROT_READ | PROT_WRITE : PROT_READ) ? -1 : 0;
}

void gc_os_discard(void *p, size_t bytes)
{
    madvise(p, bytes, MADV_DONTNEED);
}

static int (*fault_handler)(void *addr);
static struct sigaction old_segv;

static void on_segv(int sig, siginfo_t *info, void *uctx)
{
    (void)uctx;
    if (fault_handler && fault_handler(info->si_addr))
        return;
    /* Not ours: whoever handled SIGSEGV before (by default, death) sees the access
     * fault again when it is retried. */
    sigaction(sig, &old_segv, NULL);
}

int gc_os_on_write_fault(int (*handler)(void *addr))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    fault_handler = handler;
    return sigaction(SIGSEGV, &sa, &old_segv) ? -1 : 0;
}

void gc_os_forget_write_fault(void)
{
    if (fault_handler) {
        sigaction(SIGSEGV, &old_segv, NULL);
        fault_handler = NULL;
    }
}

#if defined(__riscv)
uint64_t gc_os_counter(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, instret" : "=r"(v));
    return v;
}

const char *gc_os_counter_unit(void)
{
    return "instructions";
}
#else
uint64_t gc_os_counter(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

const char *gc_os_counter_unit(void)
{
    return "ns";
}
#endif

void gc_os_write_err(const char *s)
{
    size_t len = strlen(s);
    while (len) {
        ssize_t n = write(2, s, len);
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}
