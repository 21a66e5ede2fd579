/* syscall.c — the system-call table: Linux riscv64 (asm-generic) numbers to handlers.
 * a7 selects the call, a0..a5 carry the arguments, a0 the result or -errno. */
#include "fs.h"
#include "kernel.h"
#include "perf_event.h"
#include "syscall.h"
#include "trap.h"

static long sys_ni_syscall(void)
{
    return -ENOSYS;
}

static long sys_zero(void)
{
    return 0;
}

static long (*const syscalls[])(void) = {
    [17] = sys_getcwd,
    [23] = sys_dup,
    [24] = sys_dup3,
    [25] = sys_fcntl,
    [29] = sys_ioctl,
    [34] = sys_mkdirat,
    [35] = sys_unlinkat,
    [46] = sys_ftruncate,
    [48] = sys_faccessat,
    [49] = sys_chdir,
    [50] = sys_fchdir,
    [53] = sys_fchmodat,
    [56] = sys_openat,
    [57] = sys_close,
    [59] = sys_pipe2,
    [61] = sys_getdents64,
    [62] = sys_lseek,
    [63] = sys_read,
    [64] = sys_write,
    [65] = sys_readv,
    [66] = sys_writev,
    [67] = sys_pread64,
    [68] = sys_pwrite64,
    [78] = sys_readlinkat,
    [79] = sys_newfstatat,
    [80] = sys_fstat,
    [88] = sys_utimensat,
    [93] = sys_exit,
    [94] = sys_exit_group,
    [96] = sys_set_tid_address,
    [98] = sys_futex,
    [99] = sys_zero,                 /* set_robust_list */
    [101] = sys_nanosleep,
    [113] = sys_clock_gettime,
    [115] = sys_clock_nanosleep,
    [122] = sys_sched_setaffinity,
    [123] = sys_sched_getaffinity,
    [124] = sys_sched_yield,
    [129] = sys_kill,
    [130] = sys_tkill,
    [131] = sys_tgkill,
    [134] = sys_rt_sigaction,
    [135] = sys_rt_sigprocmask,
    [139] = sys_rt_sigreturn,
    [142] = sys_reboot,
    [153] = sys_times,
    [154] = sys_setpgid,
    [155] = sys_getpgid,
    [156] = sys_getsid,
    [157] = sys_setsid,
    [160] = sys_uname,
    [168] = sys_getcpu,
    [166] = sys_umask,
    [167] = sys_prctl,
    [169] = sys_gettimeofday,
    [172] = sys_getpid,
    [173] = sys_getppid,
    [174] = sys_getuid,
    [175] = sys_getuid,
    [176] = sys_getuid,
    [177] = sys_getuid,
    [178] = sys_gettid,
    [179] = sys_sysinfo,
    [214] = sys_brk,
    [215] = sys_munmap,
    [216] = sys_mremap,
    [220] = sys_clone,
    [221] = sys_execve,
    [222] = sys_mmap,
    [224] = sys_swapon,
    [225] = sys_swapoff,
    [226] = sys_mprotect,
    [227] = sys_msync,
    [233] = sys_madvise,
    [241] = sys_perf_event_open,
    [260] = sys_wait4,
    [261] = sys_prlimit64,
    [276] = sys_renameat2,
    [278] = sys_getrandom,
};

long syscall_dispatch(struct trapframe *tf)
{
    uint64_t nr = tf->a7;
    if (nr >= ARRAY_SIZE(syscalls) || !syscalls[nr])
        return sys_ni_syscall();
    long r = syscalls[nr]();
    fd_release_borrowed();
    return r;
}
