/* syscall.h — system-call arguments (a0..a5 of the trap frame, as the Linux riscv64
 * ABI passes them) and the handlers, one per Linux system call we implement. */
#ifndef SYSCALL_H
#define SYSCALL_H

#include "proc.h"

/* The [vdso] page: the signal-return trampoline, mapped into every process. */
#define VDSO_BASE MMAP_TOP

static inline uint64_t arg(int n)
{
    return (&current->tf->a0)[n];
}

static inline int arg_int(int n)
{
    return (int)arg(n);
}

/* sys_proc.c */
long sys_clone(void);
long sys_execve(void);
long sys_exit(void);
long sys_exit_group(void);
long sys_wait4(void);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_getuid(void);
long sys_setpgid(void);
long sys_getpgid(void);
long sys_setsid(void);
long sys_getsid(void);
long sys_sched_yield(void);
long sys_getcpu(void);
long sys_nanosleep(void);
long sys_clock_nanosleep(void);
long sys_clock_gettime(void);
long sys_gettimeofday(void);
long sys_times(void);
long sys_uname(void);
long sys_sysinfo(void);
long sys_reboot(void);
long sys_set_tid_address(void);
long sys_prlimit64(void);
long sys_getrandom(void);
long sys_brk(void);
long sys_mmap(void);
long sys_munmap(void);
long sys_mremap(void);
long sys_mprotect(void);
long sys_msync(void);
long sys_madvise(void);

/* swapfile.c */
long sys_swapon(void);
long sys_swapoff(void);

/* signal.c */
long sys_kill(void);
long sys_tkill(void);
long sys_tgkill(void);
long sys_futex(void);
long sys_sched_setaffinity(void);
long sys_sched_getaffinity(void);
long sys_rt_sigaction(void);
long sys_rt_sigprocmask(void);

/* sys_file.c */
long sys_getcwd(void);
long sys_readlinkat(void);
long sys_chdir(void);
long sys_fchdir(void);
long sys_openat(void);
long sys_close(void);
long sys_read(void);
long sys_write(void);
long sys_readv(void);
long sys_writev(void);
long sys_pread64(void);
long sys_pwrite64(void);
long sys_lseek(void);
long sys_fstat(void);
long sys_newfstatat(void);
long sys_faccessat(void);
long sys_getdents64(void);
long sys_mkdirat(void);
long sys_unlinkat(void);
long sys_renameat2(void);
long sys_dup(void);
long sys_dup3(void);
long sys_fcntl(void);
long sys_pipe2(void);
long sys_ioctl(void);
long sys_ftruncate(void);
long sys_umask(void);
long sys_fchmodat(void);
long sys_utimensat(void);
long sys_prctl(void);

#endif
