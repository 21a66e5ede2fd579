/* unistd.c — POSIX wrappers over the Linux system calls: files, directories,
 * descriptors, processes and identities. Each returns -1 and sets errno on failure. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
void malloc_init_env(char **envp);
void malloc_atexit_hook(void);
void malloc_lock(void);
void malloc_unlock(void);
#include "libc_internal.h"

long __syscall_ret(long r)
{
    if ((unsigned long)r > -4096UL) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

/* For the allocator's os_linux.c, built to use our errno through this. */
int *__errno_location(void)
{
    return &errno;
}

void __libc_write_err(const char *s)
{
    __syscall3(SYS_write, 2, s, strlen(s));
}

long syscall(long n, ...)
{
    va_list ap;
    long a[6];
    va_start(ap, n);
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    return __syscall_ret(__syscall6(n, a[0], a[1], a[2], a[3], a[4], a[5]));
}

ssize_t read(int fd, void *buf, size_t n)
{
    return __syscall_ret(__syscall3(SYS_read, fd, buf, n));
}

ssize_t write(int fd, const void *buf, size_t n)
{
    return __syscall_ret(__syscall3(SYS_write, fd, buf, n));
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    return __syscall_ret(__syscall4(SYS_pread64, fd, buf, n, off));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    return __syscall_ret(__syscall4(SYS_pwrite64, fd, buf, n, off));
}

ssize_t readv(int fd, const struct iovec *iov, int count)
{
    return __syscall_ret(__syscall3(SYS_readv, fd, iov, count));
}

ssize_t writev(int fd, const struct iovec *iov, int count)
{
    return __syscall_ret(__syscall3(SYS_writev, fd, iov, count));
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
    va_end(ap);
    return (int)__syscall_ret(__syscall4(SYS_openat, dirfd, path, flags, mode));
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
    va_end(ap);
    return (int)__syscall_ret(__syscall4(SYS_openat, AT_FDCWD, path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int close(int fd)
{
    return (int)__syscall_ret(__syscall1(SYS_close, fd));
}

off_t lseek(int fd, off_t off, int whence)
{
    return __syscall_ret(__syscall3(SYS_lseek, fd, off, whence));
}

int fstat(int fd, struct stat *st)
{
    return (int)__syscall_ret(__syscall2(SYS_fstat, fd, st));
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    return (int)__syscall_ret(__syscall4(SYS_newfstatat, dirfd, path, st, flags));
}

int stat(const char *path, struct stat *st)
{
    return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *path, struct stat *st)
{
    return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
    return (int)__syscall_ret(__syscall3(SYS_mkdirat, dirfd, path, mode));
}

int mkdir(const char *path, mode_t mode)
{
    return mkdirat(AT_FDCWD, path, mode);
}

int unlink(const char *path)
{
    return (int)__syscall_ret(__syscall3(SYS_unlinkat, AT_FDCWD, path, 0));
}

int rmdir(const char *path)
{
    return (int)__syscall_ret(__syscall3(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR));
}

int rename(const char *from, const char *to)
{
    return (int)__syscall_ret(__syscall5(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 0));
}

int chmod(const char *path, mode_t mode)
{
    return (int)__syscall_ret(__syscall3(SYS_fchmodat, AT_FDCWD, path, mode));
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
    return (int)__syscall_ret(__syscall4(SYS_utimensat, dirfd, path, times, flags));
}

int futimens(int fd, const struct timespec times[2])
{
    return utimensat(fd, NULL, times, 0);
}

mode_t umask(mode_t mask)
{
    return (mode_t)__syscall1(SYS_umask, mask);
}

int access(const char *path, int mode)
{
    return (int)__syscall_ret(__syscall3(SYS_faccessat, AT_FDCWD, path, mode));
}

int ftruncate(int fd, off_t len)
{
    return (int)__syscall_ret(__syscall2(SYS_ftruncate, fd, len));
}

int chdir(const char *path)
{
    return (int)__syscall_ret(__syscall1(SYS_chdir, path));
}

int fchdir(int fd)
{
    return (int)__syscall_ret(__syscall1(SYS_fchdir, fd));
}

char *getcwd(char *buf, size_t size)
{
    long r = __syscall2(SYS_getcwd, buf, size);
    return __syscall_ret(r) < 0 ? NULL : buf;
}

int dup(int fd)
{
    return (int)__syscall_ret(__syscall1(SYS_dup, fd));
}

int dup2(int fd, int newfd)
{
    if (fd == newfd)
        return fcntl(fd, F_GETFD) < 0 ? -1 : fd;
    return (int)__syscall_ret(__syscall3(SYS_dup3, fd, newfd, 0));
}

int dup3(int fd, int newfd, int flags)
{
    return (int)__syscall_ret(__syscall3(SYS_dup3, fd, newfd, flags));
}

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    return (int)__syscall_ret(__syscall3(SYS_fcntl, fd, cmd, arg));
}

int pipe(int fds[2])
{
    return (int)__syscall_ret(__syscall2(SYS_pipe2, fds, 0));
}

int pipe2(int fds[2], int flags)
{
    return (int)__syscall_ret(__syscall2(SYS_pipe2, fds, flags));
}

int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return (int)__syscall_ret(__syscall3(SYS_ioctl, fd, request, arg));
}

int isatty(int fd)
{
    struct termios t;
    return __syscall3(SYS_ioctl, fd, TCGETS, &t) == 0;
}

int tcgetattr(int fd, struct termios *t)
{
    return ioctl(fd, TCGETS, t);
}

int tcsetattr(int fd, int action, const struct termios *t)
{
    return ioctl(fd, TCSETS + action, t);
}

pid_t tcgetpgrp(int fd)
{
    int pgrp;
    return ioctl(fd, TIOCGPGRP, &pgrp) < 0 ? -1 : pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
    int p = pgrp;
    return ioctl(fd, TIOCSPGRP, &p);
}

/* The allocator's lock is held across the call (as glibc holds its arenas'): another
 * thread cannot be halfway through malloc when the address space is copied, and parent
 * and child each release their own. */
pid_t fork(void)
{
    malloc_lock();
    long r = __syscall5(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    malloc_unlock();
    return (pid_t)__syscall_ret(r);
}

pid_t vfork(void)
{
    return fork();
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    return (int)__syscall_ret(__syscall3(SYS_execve, path, argv, envp));
}

int execv(const char *path, char *const argv[])
{
    extern char **environ;
    return execve(path, argv, environ);
}

/* Runs file, searching $PATH (default /bin:/sbin:/usr/bin) when it has no '/'. */
int execvp(const char *file, char *const argv[])
{
    extern char **environ;
    if (strchr(file, '/'))
        return execve(file, argv, environ);
    const char *path = getenv("PATH");
    if (!path)
        path = "/bin:/sbin:/usr/bin";
    char buf[512];
    int saved = ENOENT;
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n + strlen(file) + 2 <= sizeof buf) {
            memcpy(buf, p, n);
            if (n == 0)
                buf[n++] = '.';
            buf[n] = '/';
            strcpy(buf + n + 1, file);
            execve(buf, argv, environ);
            if (errno != ENOENT && errno != ENOTDIR)
                saved = errno;
        }
        if (!end)
            break;
        p = end;
    }
    errno = saved;
    return -1;
}

void _exit(int status)
{
    malloc_atexit_hook();
    for (;;)
        __syscall1(SYS_exit_group, status);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
    return (pid_t)__syscall_ret(__syscall4(SYS_wait4, pid, status, options, ru));
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    return wait4(pid, status, options, NULL);
}

pid_t wait(int *status)
{
    return wait4(-1, status, 0, NULL);
}

pid_t getpid(void) { return (pid_t)__syscall0(SYS_getpid); }
pid_t getppid(void) { return (pid_t)__syscall0(SYS_getppid); }
uid_t getuid(void) { return (uid_t)__syscall0(SYS_getuid); }
uid_t geteuid(void) { return (uid_t)__syscall0(SYS_geteuid); }
gid_t getgid(void) { return (gid_t)__syscall0(SYS_getgid); }
gid_t getegid(void) { return (gid_t)__syscall0(SYS_getegid); }

int setpgid(pid_t pid, pid_t pgid)
{
    return (int)__syscall_ret(__syscall2(SYS_setpgid, pid, pgid));
}

pid_t getpgid(pid_t pid)
{
    return (pid_t)__syscall_ret(__syscall1(SYS_getpgid, pid));
}

pid_t getpgrp(void)
{
    return getpgid(0);
}

pid_t setsid(void)
{
    return (pid_t)__syscall_ret(__syscall0(SYS_setsid));
}

int uname(struct utsname *u)
{
    return (int)__syscall_ret(__syscall1(SYS_uname, u));
}

int reboot(int cmd)
{
    return (int)__syscall_ret(__syscall4(SYS_reboot, 0xfee1dead, 672274793, cmd, 0));
}

int power_off_status(int status)
{
    return (int)__syscall_ret(__syscall4(SYS_reboot, 0xfee1dead, 672274793, RB_POWER_OFF, status));
}

int sched_yield(void)
{
    return (int)__syscall_ret(__syscall0(SYS_sched_yield));
}

int sched_getcpu(void)
{
    unsigned cpu = 0;
    long r = __syscall3(SYS_getcpu, &cpu, 0, 0);
    return r < 0 ? (int)__syscall_ret(r) : (int)cpu;
}

int brk(void *addr)
{
    long r = __syscall1(SYS_brk, addr);
    if ((unsigned long)r < (unsigned long)addr) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

void *sbrk(ptrdiff_t incr)
{
    unsigned long cur = __syscall1(SYS_brk, 0);
    if (incr == 0)
        return (void *)cur;
    unsigned long got = __syscall1(SYS_brk, cur + incr);
    if (got != cur + incr) {
        errno = ENOMEM;
        return (void *)-1;
    }
    return (void *)cur;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    long r = __syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
    return __syscall_ret(r) == -1 ? MAP_FAILED : (void *)r;
}

int munmap(void *addr, size_t len)
{
    return (int)__syscall_ret(__syscall2(SYS_munmap, addr, len));
}

int mprotect(void *addr, size_t len, int prot)
{
    return (int)__syscall_ret(__syscall3(SYS_mprotect, addr, len, prot));
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
    void *new_addr = NULL;
    if (flags & MREMAP_FIXED) {
        va_list ap;
        va_start(ap, flags);
        new_addr = va_arg(ap, void *);
        va_end(ap);
    }
    long r = __syscall5(SYS_mremap, old, old_len, new_len, flags, new_addr);
    return __syscall_ret(r) == -1 ? MAP_FAILED : (void *)r;
}

int madvise(void *addr, size_t len, int advice)
{
    return (int)__syscall_ret(__syscall3(SYS_madvise, addr, len, advice));
}

int prctl(int option, ...)
{
    va_list ap;
    va_start(ap, option);
    unsigned long a2 = va_arg(ap, unsigned long), a3 = va_arg(ap, unsigned long);
    unsigned long a4 = va_arg(ap, unsigned long), a5 = va_arg(ap, unsigned long);
    va_end(ap);
    return (int)__syscall_ret(__syscall5(SYS_prctl, option, a2, a3, a4, a5));
}

int msync(void *addr, size_t len, int flags)
{
    return (int)__syscall_ret(__syscall3(SYS_msync, addr, len, flags));
}

int getentropy(void *buf, size_t n)
{
    return __syscall_ret(__syscall3(SYS_getrandom, buf, n, 0)) < 0 ? -1 : 0;
}

long sysconf(int name)
{
    switch (name) {
    case _SC_PAGESIZE:
        return 4096;
    case _SC_CLK_TCK:
        return 100;
    case _SC_OPEN_MAX:
        return 32;
    }
    errno = EINVAL;
    return -1;
}

int getpagesize(void)
{
    return 4096;
}
