/* signal.h — Linux signal numbers and each task's signal state: what is pending, what
 * is blocked, and the action chosen for each signal. */
#ifndef SIGNAL_H
#define SIGNAL_H

#include "types.h"

#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG  23
#define SIGWINCH 28
#define NSIG    64

#define SIG_DFL 0UL
#define SIG_IGN 1UL

#define SA_NOCLDSTOP 0x00000001
#define SA_SIGINFO   0x00000004
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000
#define SA_RESTORER  0x04000000

#define SIGBIT(sig) (1UL << ((sig) - 1))
#define STOP_SIGNAL_BITS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

/* Linux's struct sigaction as rt_sigaction sees it on riscv64. */
struct k_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t mask;
};

struct sigstate {
    uint64_t pending;            /* this thread's */
    uint64_t blocked;            /* this thread's */
    struct k_sigaction *action;  /* NSIG entries in a struct sighand, shared by the
                                    threads of a process (CLONE_SIGHAND) */
};

struct sighand {
    int count;                   /* tasks using it */
    struct k_sigaction action[NSIG];
};

struct task;
struct trapframe;
/* The _locked forms are for callers holding sched_lock, which guards every task's
 * pending set and keeps the task found in the table alive. */
int send_signal(struct task *t, int sig);
int send_signal_locked(struct task *t, int sig);
int send_signal_process(struct task *t, int sig);
int send_signal_process_locked(struct task *t, int sig);
int sighand_alloc(struct sigstate *s, const struct sigstate *copy_from);
void sighand_share(struct sigstate *s, const struct sigstate *from);
void sighand_put(struct sigstate *s);
int kill_pgrp(int pgid, int sig);
int kill_pgrp_locked(int pgid, int sig);
bool signal_pending(struct task *t);
bool fatal_signal_pending(struct task *t);
bool signal_ignored_or_blocked(struct task *t, int sig);
bool pgrp_orphaned(pid_t pgid, struct task *gone);
bool pgrp_orphaned_locked(pid_t pgid, struct task *gone);
void hangup_orphaned_stopped(struct task *gone);
bool do_signals(struct trapframe *tf);
void signal_fatal(int sig, uint64_t code, uint64_t addr);
void signals_on_exec(struct sigstate *s);
long sys_rt_sigreturn(void);

#endif
