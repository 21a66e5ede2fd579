/* efault_test — system calls handed NULL, kernel-half, unmapped or read-only pointers
 * must fail with EFAULT (and never bring the kernel down). Raw system calls, so that
 * no libc check gets in the way. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define KERNEL_ADDR 0xffffffc080200000UL   /* the guest kernel's text */
#define UNMAPPED    0x0000003000000000UL   /* nothing is mapped there */

struct bad {
    const char *name;
    uintptr_t addr;
} bads[] = {
    { "NULL", 0 },
    { "kernel address", KERNEL_ADDR },
    { "unmapped address", UNMAPPED },
    { "non-canonical address", 0x0000800000000000UL },
};

static void check_fault(long r, const char *call, const char *kind)
{
    char what[128];
    snprintf(what, sizeof what, "%s with a %s: EFAULT", call, kind);
    CHECK(r == -EFAULT, what);
}

int main(int argc, char **argv)
{
    (void)argc;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int fd = open(argv[0], O_RDONLY), dirfd = open("/", O_RDONLY | O_DIRECTORY);
    int p[2];
    pipe(p);
    write(p[1], "data", 4);
    for (unsigned i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        long a = (long)bads[i].addr;
        const char *k = bads[i].name;
        check_fault(__syscall3(SYS_read, fd, a, 16), "read into", k);
        check_fault(__syscall3(SYS_write, 1, a, 16), "write from", k);
        check_fault(__syscall4(SYS_openat, AT_FDCWD, a, O_RDONLY, 0), "openat path", k);
        check_fault(__syscall4(SYS_newfstatat, AT_FDCWD, a, a, 0), "stat path", k);
        check_fault(__syscall2(SYS_fstat, fd, a), "fstat buffer", k);
        check_fault(__syscall2(SYS_pipe2, a, 0), "pipe2 array", k);
        check_fault(__syscall2(SYS_clock_gettime, 1, a), "clock_gettime buffer", k);
        check_fault(__syscall1(SYS_uname, a), "uname buffer", k);
        check_fault(__syscall2(SYS_getcwd, a, 64), "getcwd buffer", k);
        check_fault(__syscall3(SYS_execve, a, 0, 0), "execve path", k);
        check_fault(__syscall3(SYS_getdents64, dirfd, a, 64), "getdents64 buffer", k);
        check_fault(__syscall3(SYS_readv, fd, a, 1), "readv vector", k);
        if (a)                          /* NULL is "no new action" */
            check_fault(__syscall4(SYS_rt_sigaction, SIGUSR1, a, 0, 8), "rt_sigaction action", k);
        check_fault(__syscall1(SYS_chdir, a), "chdir path", k);
        check_fault(__syscall3(SYS_mkdirat, AT_FDCWD, a, 0755), "mkdirat path", k);
    }
    char *argv_bad[] = { (char *)KERNEL_ADDR, NULL };
    check_fault(__syscall3(SYS_execve, argv[0], argv_bad, 0), "execve argv[0]", "kernel address");
    check_fault(__syscall3(SYS_execve, argv[0], UNMAPPED, 0), "execve argv", "unmapped address");
    struct { void *base; size_t len; } iov = { (void *)UNMAPPED, 16 };
    check_fault(__syscall3(SYS_writev, 1, &iov, 1), "writev buffer", "unmapped address");
    check_fault(__syscall3(SYS_read, p[0], (long)main, 4), "read into", "read-only text page");
    int st;
    pid_t pid = fork();
    if (pid == 0)
        _exit(5);
    check_fault(__syscall4(SYS_wait4, pid, UNMAPPED, 0, 0), "wait4 status", "unmapped address");
    waitpid(pid, &st, 0);
    CHECK(1, "the kernel survived");
    return finish("efault_test");
}
