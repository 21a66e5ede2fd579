/* signal.c — sending and delivering signals. A signal is a bit in the target's pending
 * set; it takes effect when the target next returns to user mode (do_signals): ignored,
 * the default action (terminate, stop, or nothing for SIGCHLD and friends), or a call
 * of the user's handler on a Linux-layout rt_sigframe, which rt_sigreturn unwinds. The
 * handler returns through a two-instruction trampoline in the [vdso] page every process
 * maps. Job control: SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU stop the whole process
 * (every thread, proc.c's group stop) until SIGCONT continues it or SIGKILL ends it;
 * the parent hears of both through SIGCHLD and wait4's WUNTRACED and WCONTINUED.
 * Pending sets change under sched_lock: other harts send while the target takes. */
#include "fpu.h"
#include "kernel.h"
#include "mm.h"
#include "proc.h"
#include "slab.h"
#include "syscall.h"
#include "tty.h"

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define STOP_SIGNALS STOP_SIGNAL_BITS

/* Linux's riscv64 signal frame: siginfo, then a ucontext whose mcontext holds pc and
 * x1..x31 followed by the floating-point state (union __riscv_fp_state: the D
 * extension's f0..f31 and fcsr first, the rest zero). */
struct k_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct { uint64_t ss_sp; int32_t ss_flags; int32_t pad; uint64_t ss_size; } uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[1024 / 8 - 8];
    uint64_t regs[32] __attribute__((aligned(16)));   /* pc, x1..x31 */
    uint8_t fpstate[528] __attribute__((aligned(16)));
};

struct rt_sigframe {
    struct {
        int32_t si_signo, si_errno, si_code, pad;
        uint64_t si_addr;
        uint8_t rest[128 - 24];
    } info;
    struct k_ucontext uc;
};

static bool default_ignores(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static bool default_stops(int sig)
{
    return (SIGBIT(sig) & STOP_SIGNALS) != 0;
}

static bool will_ignore(struct task *t, int sig)
{
    uint64_t h = t->sig.action[sig - 1].handler;
    if (sig == SIGKILL || sig == SIGSTOP)
        return false;
    if (h == SIG_IGN)
        return true;
    return h == SIG_DFL && default_ignores(sig);
}

bool signal_ignored_or_blocked(struct task *t, int sig)
{
    return t->sig.action[sig - 1].handler == SIG_IGN || (t->sig.blocked & SIGBIT(sig));
}

/* Makes sig pending in t and wakes t if it is sleeping (or kicks it if it runs on
 * another hart), so that it notices. SIGCONT continues a stopped process whatever its
 * action (the parent gets SIGCHLD unless it set SA_NOCLDSTOP) and cancels pending
 * stops; a stop signal cancels a pending SIGCONT; SIGKILL wakes a stopped thread so
 * that it dies. With sched_lock held. */
int send_signal_locked(struct task *t, int sig)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (sig == 0 || t->state == TASK_ZOMBIE)
        return 0;
    if (sig == SIGCONT) {
        struct task *p = t->group_leader->parent;
        if (group_continue_locked(t) && p && !(p->sig.action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
            send_signal_process_locked(p, SIGCHLD);
    } else if (default_stops(sig)) {
        t->sig.pending &= ~SIGBIT(SIGCONT);
    }
    if (will_ignore(t, sig))
        return 0;
    t->sig.pending |= SIGBIT(sig);
    if (sig == SIGKILL && t->state == TASK_STOPPED)
        make_runnable_locked(t);
    else if (!(t->sig.blocked & SIGBIT(sig)) || sig == SIGKILL)
        signal_wake_up_locked(t);
    return 0;
}

int send_signal(struct task *t, int sig)
{
    spin_lock(&sched_lock);
    int r = send_signal_locked(t, sig);
    spin_unlock(&sched_lock);
    return r;
}

/* A signal to a process (kill) rather than to one thread (tgkill): it goes to a
 * thread that does not block it, the leader first, as Linux's complete_signal picks
 * one; if every thread blocks it, to the leader (or the first thread alive), where it
 * waits. A signal that kills kills every thread (do_exit), whichever takes it. With
 * sched_lock held. */
int send_signal_process_locked(struct task *t, int sig)
{
    struct task *leader = t->group_leader, *th, *pick = NULL, *alive = NULL;
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (leader->state != TASK_ZOMBIE && !(leader->sig.blocked & SIGBIT(sig)))
        pick = leader;
    for_each_thread(leader, th) {
        if (th->state == TASK_ZOMBIE)
            continue;
        if (!alive)
            alive = th;
        if (!pick && !(th->sig.blocked & SIGBIT(sig)))
            pick = th;
    }
    if (!pick)
        pick = leader->state != TASK_ZOMBIE ? leader : alive;
    return pick ? send_signal_locked(pick, sig) : 0;
}

int send_signal_process(struct task *t, int sig)
{
    spin_lock(&sched_lock);
    int r = send_signal_process_locked(t, sig);
    spin_unlock(&sched_lock);
    return r;
}

static struct kmem_cache *sighand_cache;

/* Gives s an action table of its own, a copy of copy_from's (or all defaults). */
int sighand_alloc(struct sigstate *s, const struct sigstate *copy_from)
{
    if (!sighand_cache)
        sighand_cache = kmem_cache_create("sighand_cache", sizeof(struct sighand));
    struct sighand *sh = kmem_cache_zalloc(sighand_cache);
    if (!sh)
        return -ENOMEM;
    sh->count = 1;
    if (copy_from)
        memcpy(sh->action, copy_from->action, sizeof sh->action);
    s->action = sh->action;
    return 0;
}

/* CLONE_SIGHAND: s uses from's table. */
void sighand_share(struct sigstate *s, const struct sigstate *from)
{
    container_of(from->action, struct sighand, action[0])->count++;
    s->action = from->action;
}

void sighand_put(struct sigstate *s)
{
    if (!s->action)
        return;
    struct sighand *sh = container_of(s->action, struct sighand, action[0]);
    s->action = NULL;
    if (--sh->count == 0)
        kmem_cache_free(sighand_cache, sh);
}

int kill_pgrp_locked(int pgid, int sig)
{
    int found = 0;
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t == t->group_leader && t->pgid == pgid && t->nr_threads > 0) {
            send_signal_process_locked(t, sig);
            found = 1;
        }
    }
    return found ? 0 : -ESRCH;
}

int kill_pgrp(int pgid, int sig)
{
    spin_lock(&sched_lock);
    int r = kill_pgrp_locked(pgid, sig);
    spin_unlock(&sched_lock);
    return r;
}

bool signal_pending(struct task *t)
{
    return (t->sig.pending & ~(t->sig.blocked & ~UNBLOCKABLE)) != 0 || t->stop_pending;
}

/* POSIX: a process group is orphaned when no member has a parent in another group of
 * the same session: no shell is left to continue it, so the terminal's stop signals
 * are discarded for it. gone, a task on its way out, counts for nothing. */
bool pgrp_orphaned_locked(pid_t pgid, struct task *gone)
{
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (!t || t == gone || t->pgid != pgid || t->state == TASK_ZOMBIE)
            continue;
        struct task *p = t->parent;
        if (p && p != gone && p->pgid != pgid && p->sid == t->sid)
            return false;
    }
    return true;
}

bool pgrp_orphaned(pid_t pgid, struct task *gone)
{
    spin_lock(&sched_lock);
    bool r = pgrp_orphaned_locked(pgid, gone);
    spin_unlock(&sched_lock);
    return r;
}

/* When gone exits: a process group with stopped members that it leaves orphaned gets
 * SIGHUP and SIGCONT, as POSIX asks (nobody could continue it otherwise). A group
 * already orphaned when a member was stopped (by SIGSTOP) is treated alike. */
void hangup_orphaned_stopped(struct task *gone)
{
    spin_lock(&sched_lock);
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t->state == TASK_STOPPED && pgrp_orphaned_locked(t->pgid, gone)) {
            kill_pgrp_locked(t->pgid, SIGHUP);
            kill_pgrp_locked(t->pgid, SIGCONT);
        }
    }
    spin_unlock(&sched_lock);
}

/* SIGKILL is on its way: long or blocked kernel work should stop and let it act. */
bool fatal_signal_pending(struct task *t)
{
    return (t->sig.pending & SIGBIT(SIGKILL)) != 0;
}

/* A signal caused by the task's own instruction (a fault): it cannot be ignored or
 * blocked. If it will kill, say so on the console as Linux does. */
void signal_fatal(int sig, uint64_t code, uint64_t addr)
{
    struct task *t = current;
    struct k_sigaction *ka = &t->sig.action[sig - 1];
    if (ka->handler == SIG_IGN || (t->sig.blocked & SIGBIT(sig))) {
        ka->handler = SIG_DFL;
        t->sig.blocked &= ~SIGBIT(sig);
    }
    if (ka->handler == SIG_DFL)
        printk("%s[%d]: unhandled signal %d code 0x%lx at 0x%016lx\n",
               t->comm, t->pid, sig, code, addr);
    spin_lock(&sched_lock);
    t->sig.pending |= SIGBIT(sig);
    spin_unlock(&sched_lock);
}

/* Runs the user's handler for sig: pushes an rt_sigframe holding the interrupted
 * registers and points the task at the handler. 0, or -EFAULT if the stack is bad. */
static int setup_frame(struct trapframe *tf, int sig, struct k_sigaction *ka)
{
    struct task *t = current;
    struct rt_sigframe frame;
    memset(&frame, 0, sizeof frame);
    frame.info.si_signo = sig;
    frame.info.si_code = 0;            /* SI_USER */
    frame.info.si_addr = tf->badaddr;
    frame.uc.uc_sigmask = t->sig.blocked;
    frame.uc.regs[0] = tf->epc;
    memcpy(&frame.uc.regs[1], tf, 31 * sizeof(uint64_t));
    struct fpstate fp;
    fpu_get(t, &fp);
    memcpy(frame.uc.fpstate, &fp, sizeof fp);

    uint64_t sp = ROUND_DOWN(tf->sp - sizeof frame, 16);
    if (copy_to_user(sp, &frame, sizeof frame) < 0)
        return -EFAULT;
    tf->a0 = sig;
    tf->a1 = sp + offsetof(struct rt_sigframe, info);
    tf->a2 = sp + offsetof(struct rt_sigframe, uc);
    tf->sp = sp;
    tf->ra = VDSO_BASE;                /* li a7, 139; ecall */
    tf->epc = ka->handler;
    t->sig.blocked |= ka->mask;
    if (!(ka->flags & SA_NODEFER))
        t->sig.blocked |= SIGBIT(sig);
    t->sig.blocked &= ~UNBLOCKABLE;
    if (ka->flags & SA_RESETHAND)
        ka->handler = SIG_DFL;
    return 0;
}

/* do_signals' loop, out of line: its many registers are saved only when there is a
 * signal or a stop to act on. */
static bool __attribute__((noinline)) deliver_signals(struct trapframe *tf)
{
    struct task *t = current;
    for (;;) {
        spin_lock(&sched_lock);
        uint64_t ready = t->sig.pending & ~(t->sig.blocked & ~UNBLOCKABLE);
        if (t->stop_pending && !(ready & SIGBIT(SIGKILL))) {
            spin_unlock(&sched_lock);        /* the process is stopping: this thread too */
            task_stop();
            continue;
        }
        if (!ready) {
            spin_unlock(&sched_lock);
            return false;
        }
        int sig = 1;
        while (!(ready & SIGBIT(sig)))
            sig++;
        if (sig == SIGKILL)
            t->stop_pending = false;
        t->sig.pending &= ~SIGBIT(sig);
        struct k_sigaction *ka = &t->sig.action[sig - 1];
        bool stop = (sig != SIGKILL && ka->handler == SIG_DFL && default_stops(sig)) &&
                    (sig == SIGSTOP || !pgrp_orphaned_locked(t->pgid, NULL));
        if (stop)
            group_stop_locked(sig);          /* every thread of the process stops */
        spin_unlock(&sched_lock);
        if (stop) {
            task_stop();
            continue;
        }
        if (sig == SIGKILL || ka->handler == SIG_DFL) {
            if (default_ignores(sig) || default_stops(sig))
                continue;
            do_exit(sig);              /* killed: the wait status is the signal */
        }
        if (ka->handler == SIG_IGN)
            continue;
        if (setup_frame(tf, sig, ka) < 0)
            do_exit(SIGSEGV);
        return true;
    }
}

/* On the way back to user mode: act on the deliverable signals until one runs a
 * handler (true) or none is left (false). */
bool do_signals(struct trapframe *tf)
{
    struct task *t = current;
    /* Nothing pending and no stop under way, the common case, is told without
     * sched_lock. Whoever sends a signal or a stop sets it under that lock and then
     * wakes the task (signal_wake_up_locked): a task running on another hart gets an
     * IPI, whose trap comes back here once it is in user mode; a task switched in
     * later took sched_lock on the way, after the sender. */
    if (!__atomic_load_n(&t->sig.pending, __ATOMIC_RELAXED) &&
        !__atomic_load_n(&t->stop_pending, __ATOMIC_RELAXED))
        return false;
    return deliver_signals(tf);
}

/* execve keeps ignored signals ignored and resets handled ones to the default. */
void signals_on_exec(struct sigstate *s)
{
    for (int i = 0; i < NSIG; i++) {
        if (s->action[i].handler != SIG_IGN)
            s->action[i].handler = SIG_DFL;
        s->action[i].flags = 0;
        s->action[i].mask = 0;
    }
}

long sys_rt_sigreturn(void)
{
    struct trapframe *tf = current->tf;
    struct k_ucontext uc;
    if (copy_from_user(&uc, tf->sp + offsetof(struct rt_sigframe, uc), sizeof uc) < 0)
        do_exit(SIGSEGV);
    tf->epc = uc.regs[0];
    memcpy(tf, &uc.regs[1], 31 * sizeof(uint64_t));
    struct fpstate fp;
    memcpy(&fp, uc.fpstate, sizeof fp);
    fpu_set(current, &fp);
    current->sig.blocked = uc.uc_sigmask & ~UNBLOCKABLE;
    return (long)tf->a0;
}

long sys_rt_sigaction(void)
{
    int sig = arg_int(0);
    uint64_t uact = arg(1), uold = arg(2);
    struct k_sigaction act;
    if (sig < 1 || sig > NSIG || arg(3) != sizeof(uint64_t))
        return -EINVAL;
    struct k_sigaction *ka = &current->sig.action[sig - 1];
    if (uold && copy_to_user(uold, ka, sizeof *ka) < 0)
        return -EFAULT;
    if (!uact)
        return 0;
    if (sig == SIGKILL || sig == SIGSTOP)
        return -EINVAL;
    if (copy_from_user(&act, uact, sizeof act) < 0)
        return -EFAULT;
    spin_lock(&sched_lock);             /* other threads send and take signals meanwhile */
    *ka = act;
    if (will_ignore(current, sig)) {    /* POSIX: setting SIG_IGN discards pending */
        struct task *leader = current->group_leader, *t;
        for_each_thread(leader, t)
            t->sig.pending &= ~SIGBIT(sig);
    }
    spin_unlock(&sched_lock);
    return 0;
}

long sys_rt_sigprocmask(void)
{
    int how = arg_int(0);
    uint64_t uset = arg(1), uold = arg(2);
    uint64_t set, old = current->sig.blocked;
    if (arg(3) != sizeof(uint64_t))
        return -EINVAL;
    if (uset) {
        if (copy_from_user(&set, uset, sizeof set) < 0)
            return -EFAULT;
        if (how == 0)                   /* SIG_BLOCK */
            current->sig.blocked |= set;
        else if (how == 1)              /* SIG_UNBLOCK */
            current->sig.blocked &= ~set;
        else if (how == 2)              /* SIG_SETMASK */
            current->sig.blocked = set;
        else
            return -EINVAL;
        current->sig.blocked &= ~UNBLOCKABLE;
    }
    if (uold && copy_to_user(uold, &old, sizeof old) < 0)
        return -EFAULT;
    return 0;
}

/* kill(2): pid > 0 one process, 0 our group, -1 everyone but init and us, < -1 a group. */
static long do_kill_locked(pid_t pid, int sig)
{
    if (pid > 0) {
        struct task *t = find_task(pid);
        return t ? send_signal_process_locked(t, sig) : -ESRCH;
    }
    if (pid == 0)
        return kill_pgrp_locked(current->pgid, sig);
    if (pid < -1)
        return kill_pgrp_locked(-pid, sig);
    int found = 0;
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t == t->group_leader && t->tgid > 1 && t != current->group_leader &&
            t->nr_threads > 0) {
            send_signal_process_locked(t, sig);
            found = 1;
        }
    }
    return found ? 0 : -ESRCH;
}

static long do_kill(pid_t pid, int sig)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    spin_lock(&sched_lock);
    long r = do_kill_locked(pid, sig);
    spin_unlock(&sched_lock);
    return r;
}

long sys_kill(void)
{
    return do_kill(arg_int(0), arg_int(1));
}

/* A signal to one thread: tgid < 0 means any process (tkill). */
static long do_tkill(pid_t tgid, pid_t tid, int sig)
{
    if (tid <= 0 || sig < 0 || sig > NSIG)
        return -EINVAL;
    spin_lock(&sched_lock);
    struct task *t = find_task(tid);
    long r = !t || t->state == TASK_ZOMBIE || (tgid > 0 && t->tgid != tgid) ? -ESRCH
             : send_signal_locked(t, sig);
    spin_unlock(&sched_lock);
    return r;
}

long sys_tkill(void)
{
    return do_tkill(-1, arg_int(0), arg_int(1));
}

long sys_tgkill(void)
{
    return arg_int(0) > 0 ? do_tkill(arg_int(0), arg_int(1), arg_int(2)) : -EINVAL;
}
