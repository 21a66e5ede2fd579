/* signal.c — signals over rt_sigaction, rt_sigprocmask and kill. The kernel's
 * sigaction on riscv64 is {handler, flags, mask}; handlers return through the
 * kernel-provided trampoline, so no restorer is passed. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libc_internal.h"

struct k_sigaction {
    unsigned long handler, flags, mask;
};

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    struct k_sigaction kact, kold;
    if (act) {
        kact.handler = (unsigned long)act->sa_handler;
        kact.flags = act->sa_flags;
        kact.mask = act->sa_mask;
    }
    long r = __syscall4(SYS_rt_sigaction, sig, act ? &kact : NULL, old ? &kold : NULL, 8);
    if (__syscall_ret(r) < 0)
        return -1;
    if (old) {
        old->sa_handler = (sighandler_t)kold.handler;
        old->sa_flags = kold.flags;
        old->sa_mask = kold.mask;
    }
    return 0;
}

/* BSD semantics, as glibc's signal(): the handler stays and interrupted calls restart. */
sighandler_t signal(int sig, sighandler_t handler)
{
    struct sigaction act, old;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    act.sa_flags = SA_RESTART;
    if (sigaction(sig, &act, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return (int)__syscall_ret(__syscall4(SYS_rt_sigprocmask, how, set, old, 8));
}

int kill(pid_t pid, int sig)
{
    return (int)__syscall_ret(__syscall2(SYS_kill, pid, sig));
}

int killpg(pid_t pgrp, int sig)
{
    return kill(-pgrp, sig);
}

int raise(int sig)
{
    return kill(getpid(), sig);
}

int sigemptyset(sigset_t *set)
{
    *set = 0;
    return 0;
}

int sigfillset(sigset_t *set)
{
    *set = ~0UL;
    return 0;
}

static int bad_signal(int sig)
{
    if (sig < 1 || sig > 64) {
        errno = EINVAL;
        return 1;
    }
    return 0;
}

int sigaddset(sigset_t *set, int sig)
{
    if (bad_signal(sig))
        return -1;
    *set |= 1UL << (sig - 1);
    return 0;
}

int sigdelset(sigset_t *set, int sig)
{
    if (bad_signal(sig))
        return -1;
    *set &= ~(1UL << (sig - 1));
    return 0;
}

int sigismember(const sigset_t *set, int sig)
{
    if (bad_signal(sig))
        return -1;
    return (*set >> (sig - 1)) & 1;
}

/* The descriptions a shell prints for a process killed by sig, as bash's. */
char *strsignal(int sig)
{
    static const char *const names[] = {
        [SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit",
        [SIGILL] = "Illegal instruction", [SIGTRAP] = "Trace/breakpoint trap",
        [SIGABRT] = "Aborted", [SIGBUS] = "Bus error", [SIGFPE] = "Floating point exception",
        [SIGKILL] = "Killed", [SIGUSR1] = "User defined signal 1",
        [SIGSEGV] = "Segmentation fault", [SIGUSR2] = "User defined signal 2",
        [SIGPIPE] = "Broken pipe", [SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
        [SIGCHLD] = "Child exited", [SIGSTOP] = "Stopped (signal)", [SIGTSTP] = "Stopped",
        [SIGXCPU] = "CPU time limit exceeded", [SIGSYS] = "Bad system call",
    };
    static char buf[24];
    if (sig > 0 && sig < (int)(sizeof names / sizeof names[0]) && names[sig])
        return (char *)names[sig];
    strcpy(buf, "Unknown signal ");
    char *p = buf + strlen(buf);
    if (sig >= 10)
        *p++ = (char)('0' + sig / 10 % 10);
    *p++ = (char)('0' + sig % 10);
    *p = 0;
    return buf;
}
