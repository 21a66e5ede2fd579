/* proc.c — processes: the task table, the round-robin scheduler, sleep and wakeup,
 * wait queues, fork, exit and wait. The kernel runs with interrupts off and gives the
 * CPU up only where it sleeps or at a preemption point (cond_resched), where pending
 * interrupts are taken and the tick may make it yield. sched_lock guards every task's
 * run state (state, chan, on_cpu) and the task table's slots; it is held across the
 * switch to the scheduler and back, as xv6 holds p->lock, so that no other hart could
 * pick a task that is still on its way out. Each task has its own kernel stack;
 * swtch() moves between a task and the scheduler loop, which runs as the idle task
 * (PID 0). */
#include "fpu.h"
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "perf_event.h"
#include "proc.h"
#include "riscv.h"
#include "slab.h"
#include "timer.h"
#include "trace.h"

struct task idle_task;
struct task *current = &idle_task;
struct task *task_table[NPROC];
int nr_task_slots;                   /* 1 + the highest slot in use: scans stop there */
uint64_t nr_forks;
uint64_t nr_context_switches;
uint64_t cpu_online_mask = 1;

struct spinlock sched_lock = SPINLOCK_INIT("sched");
static struct kmem_cache *task_cache;
static struct task *init_task;
static void task_release_shared(struct task *t);
static pid_t next_pid = 1;
static int last_slot;

void proc_init(void)
{
    task_cache = kmem_cache_create("task_struct", sizeof(struct task));
    strlcpy(idle_task.comm, "swapper", sizeof idle_task.comm);
    idle_task.state = TASK_RUNNING;
    __asm__ volatile("mv tp, %0" :: "r"(&idle_task));
}

int nr_tasks(void)
{
    int n = 0;
    for (int i = 0; i < nr_task_slots; i++)
        n += task_table[i] != NULL;
    return n;
}

struct task *find_task(pid_t pid)
{
    for (int i = 0; i < nr_task_slots; i++)
        if (task_table[i] && task_table[i]->pid == pid)
            return task_table[i];
    return NULL;
}

/* A live member of process group pgid, or NULL if the group is empty. */
struct task *find_pgrp_member(pid_t pgid)
{
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t->pgid == pgid && t->state != TASK_ZOMBIE)
            return t;
    }
    return NULL;
}

static pid_t alloc_pid(void)
{
    for (;;) {
        pid_t pid = next_pid++;
        if (next_pid >= 32768)
            next_pid = 2;
        if (!find_task(pid))
            return pid;
    }
}

/* A new task's first run: it comes out of the scheduler's switch holding sched_lock,
 * lets go of it and returns to user mode through its trap frame. */
static void fork_return(void)
{
    spin_unlock(&sched_lock);
    __asm__ volatile("mv sp, %0\n\tj trap_return" :: "r"(current->tf));
    __builtin_unreachable();
}

/* A kernel thread's first run: the same, then its function (which never returns). */
static void kthread_return(void)
{
    spin_unlock(&sched_lock);
    current->kthread_fn();
    panic("kernel thread %s returned", current->comm);
}

/* A new task in the table with a kernel stack and an empty trap frame, not yet
 * runnable. NULL with *err = -EAGAIN if the table is full, -ENOMEM if memory is. */
static struct task *task_alloc(int *err)
{
    *err = -ENOMEM;
    struct task *t = kmem_cache_zalloc(task_cache);
    if (!t)
        return NULL;
    struct page *stack = alloc_pages(KSTACK_ORDER, OWNER_KSTACK);
    if (!stack) {
        kmem_cache_free(task_cache, t);
        return NULL;
    }
    t->kstack = page_address(stack);
    t->tf = (struct trapframe *)((char *)t->kstack + KSTACK_SIZE) - 1;
    memset(t->tf, 0, sizeof *t->tf);
    t->kernel_sp = (uint64_t)t->kstack + KSTACK_SIZE;
    t->ctx.ra = (uint64_t)fork_return;       /* first run: straight back to user mode */
    t->ctx.sp = (uint64_t)t->tf;
    t->ctx.tp = (uint64_t)t;
    t->state = TASK_NEW;
    t->start_ticks = ticks;
    spin_lock(&sched_lock);
    int slot = -1;
    for (int i = 0; i < NPROC && slot < 0; i++)
        if (!task_table[i])
            slot = i;
    if (slot >= 0) {
        t->pid = t->tgid = alloc_pid();
        t->cpus_allowed = current->cpus_allowed ? current->cpus_allowed : ~0UL;
        t->group_leader = t;
        t->nr_threads = 1;
        t->slot = slot;
        task_table[slot] = t;
        if (slot >= nr_task_slots)
            nr_task_slots = slot + 1;
    }
    spin_unlock(&sched_lock);
    if (slot < 0) {
        *err = -EAGAIN;
        free_pages(stack, KSTACK_ORDER);
        kmem_cache_free(task_cache, t);
        return NULL;
    }
    return t;
}

/* Releases a reaped (or never started) task: its stack and its struct. */
void task_free(struct task *t)
{
    perf_event_exit_task(t);                 /* a fork that failed: its inherited events */
    spin_lock(&sched_lock);
    task_table[t->slot] = NULL;
    while (nr_task_slots > 0 && !task_table[nr_task_slots - 1])
        nr_task_slots--;
    spin_unlock(&sched_lock);
    sighand_put(&t->sig);
    free_pages(virt_to_page(t->kstack), KSTACK_ORDER);
    kmem_cache_free(task_cache, t);
}

/* The scheduler loop, run by the idle task: picks the next runnable task after the
 * last one run (round robin) and switches to it; waits for an interrupt when none is. */
void scheduler(void)
{
    pid_t prev = 0;                          /* what ran last: 0 is the idle loop */
    for (;;) {
        spin_lock(&sched_lock);
        struct task *next = NULL;
        for (int k = 1; k <= nr_task_slots; k++) {
            struct task *t = task_table[(last_slot + k) % nr_task_slots];
            if (t && t->state == TASK_RUNNABLE && !t->on_cpu) {
                next = t;
                break;
            }
        }
        if (!next) {
            if (prev != 0)
                nr_context_switches++;       /* to the idle loop, as Linux counts it */
            prev = 0;
            spin_unlock(&sched_lock);
            /* WFI with SIE clear still wakes for a pending interrupt, so one that
             * arrived after the scan above (a disk completion) is not slept through. */
            wfi();
            intr_on();
            intr_off();
            continue;
        }
        last_slot = next->slot;
        if (next->pid != prev)
            nr_context_switches++;
        prev = next->pid;
        next->state = TASK_RUNNING;
        next->on_cpu = true;
        current = next;
        switch_mm(next->mm);
        trace_process(next);
        fpu_switch_in(next);
        perf_event_sched_in(next);
        swtch(&idle_task.ctx, &next->ctx);
        perf_event_sched_out(next);
        fpu_switch_out(next);
        next->on_cpu = false;
        current = &idle_task;
        bool reap = next->state == TASK_ZOMBIE && next->autoreap;
        spin_unlock(&sched_lock);
        if (reap)
            task_free(next);                 /* a thread that exited: off its stack now */
    }
}

/* Gives the CPU back to the scheduler. The caller holds sched_lock (and nothing
 * else) and has set current->state. */
void sched(void)
{
    struct cpu *c = mycpu();
    if (!spin_is_held(&sched_lock) || c->noff != 1)
        panic("sched: %s (%d locks held)", spin_is_held(&sched_lock) ? "holding other locks"
              : "sched_lock not held", c->noff);
    if (current->state == TASK_RUNNING)
        panic("sched: task %d still running", current->pid);
    bool intena = c->intena;
    swtch(&current->ctx, &idle_task.ctx);
    c->intena = intena;
}

void yield(void)
{
    might_sleep("yield");
    spin_lock(&sched_lock);
    current->need_resched = false;
    current->state = TASK_RUNNABLE;
    sched();
    spin_unlock(&sched_lock);
}

/* Marks the current task asleep (TASK_SLEEPING) or awake (TASK_RUNNING). */
void set_current_state(enum task_state state)
{
    spin_lock(&sched_lock);
    current->state = state;
    spin_unlock(&sched_lock);
}

/* Sleeps if the task is still marked asleep; returns at once if a wakeup came since
 * it was marked (Linux's schedule() after set_current_state). */
void schedule(void)
{
    might_sleep("schedule");
    spin_lock(&sched_lock);
    if (current->state == TASK_SLEEPING)
        sched();
    current->state = TASK_RUNNING;
    spin_unlock(&sched_lock);
}

/* A preemption point, for long loops in the kernel: pending interrupts are taken
 * here (the tick, a disk completion, a key), and if the tick said so the task
 * yields. Only where the caller could sleep: no spinlock held. */
void cond_resched(void)
{
    might_sleep("cond_resched");
    intr_on();
    intr_off();
    if (current->need_resched && current != &idle_task)
        yield();
}

/* sleep_on for a caller that holds sched_lock (having looked at its condition under
 * it); returns with it held again. */
static void sleep_on_locked(void *chan)
{
    current->chan = chan;
    current->state = TASK_SLEEPING;
    sched();
    current->chan = NULL;
}

static void wakeup_locked(void *chan)
{
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t->state == TASK_SLEEPING && t->chan == chan)
            t->state = TASK_RUNNABLE;
    }
}

/* Job control: the current task stops (TASK_STOPPED) until task_continue(); its
 * parent hears of it through SIGCHLD (unless it asked for none with SA_NOCLDSTOP) and
 * its wait4 (WUNTRACED), woken under the same hold of sched_lock. */
void task_stop(int sig)
{
    struct task *t = current, *p = t->parent;
    if (p && !(p->sig.action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
        send_signal(p, SIGCHLD);
    spin_lock(&sched_lock);
    t->stop_sig = sig;
    t->jobctl = JOBCTL_STOPPED;
    t->state = TASK_STOPPED;
    if (p)
        wakeup_locked(p);
    sched();
    spin_unlock(&sched_lock);
}

/* A stopped task runs again (SIGCONT, SIGKILL); true if it was stopped. The parent's
 * wait4 (WCONTINUED) is woken; the caller sends its SIGCHLD. */
bool task_continue(struct task *t)
{
    spin_lock(&sched_lock);
    bool stopped = t->state == TASK_STOPPED;
    if (stopped) {
        t->state = TASK_RUNNABLE;
        t->jobctl = JOBCTL_CONTINUED;
        if (t->parent)
            wakeup_locked(t->parent);
    }
    spin_unlock(&sched_lock);
    return stopped;
}

/* Sleeps until wakeup(chan), or until a signal wakes the task: callers re-check their
 * condition and signal_pending() after it returns. */
void sleep_on(void *chan)
{
    might_sleep("sleep_on");
    spin_lock(&sched_lock);
    sleep_on_locked(chan);
    spin_unlock(&sched_lock);
}

void wakeup(void *chan)
{
    spin_lock(&sched_lock);
    wakeup_locked(chan);
    spin_unlock(&sched_lock);
}

void wake_task(struct task *t)
{
    spin_lock(&sched_lock);
    if (t->state == TASK_SLEEPING)
        t->state = TASK_RUNNABLE;
    spin_unlock(&sched_lock);
}

void wait_queue_init(struct wait_queue *wq, const char *name)
{
    spin_init(&wq->lock, name);
    list_init(&wq->waiters);
}

void wait_entry_init(struct wait_entry *e)
{
    list_init(&e->link);
    e->task = current;
}

void prepare_to_wait(struct wait_queue *wq, struct wait_entry *e)
{
    spin_lock(&wq->lock);
    if (list_empty(&e->link))
        list_add_tail(&e->link, &wq->waiters);
    set_current_state(TASK_SLEEPING);
    spin_unlock(&wq->lock);
}

void finish_wait(struct wait_queue *wq, struct wait_entry *e)
{
    set_current_state(TASK_RUNNING);
    spin_lock(&wq->lock);
    list_del(&e->link);
    spin_unlock(&wq->lock);
}

void wake_up(struct wait_queue *wq)
{
    spin_lock(&wq->lock);
    struct list_head *l;
    list_for_each(l, &wq->waiters)
        wake_task(list_entry(l, struct wait_entry, link)->task);
    spin_unlock(&wq->lock);
}

void wake_up_one(struct wait_queue *wq)
{
    spin_lock(&wq->lock);
    if (!list_empty(&wq->waiters))
        wake_task(list_entry(wq->waiters.next, struct wait_entry, link)->task);
    spin_unlock(&wq->lock);
}

/* clone(SIGCHLD): a copy of the current process, returning 0 in the child; it runs
 * once given to wake_up_new_task. */
long do_fork(void)
{
    int err;
    struct task *t = task_alloc(&err);
    if (!t)
        return err;
    if ((err = perf_event_fork(t, false)) < 0) {
        task_free(t);
        return err;
    }
    if (!(t->files = files_dup(current->files)) || !(t->fs = fs_alloc(current->fs->cwd)) ||
        sighand_alloc(&t->sig, &current->sig) < 0) {
        task_release_shared(t);
        task_free(t);
        return -ENOMEM;
    }
    if ((err = mutex_lock_killable(&current->mm->lock))) {
        task_release_shared(t);
        task_free(t);
        return err;
    }
    struct mm *mm = mm_dup(current->mm);
    mutex_unlock(&current->mm->lock);
    if (!mm || fatal_signal_pending(current)) {
        /* Killed while copying: a child made now would escape the kill (it was not
         * in the group when the signal went round). Nothing sleeps from here on. */
        if (mm)
            mm_put(mm);
        task_release_shared(t);
        task_free(t);
        return mm ? -EINTR : -ENOMEM;
    }
    mm->owner = t;
    t->mm = mm;
    memcpy(t->comm, current->comm, sizeof t->comm);
    t->sig.blocked = current->sig.blocked;
    t->pgid = current->pgid;
    t->sid = current->sid;
    t->parent = current->group_leader;
    *t->tf = *current->tf;
    fpu_fork(current, t);
    t->tf->a0 = 0;
    nr_forks++;
    return t->pid;
}

/* A task made by do_fork or do_clone_thread may run: the caller has written what it
 * had to write first (the TID words: a thread that ran before them could exit and
 * have its cleared word overwritten). */
void wake_up_new_task(struct task *t)
{
    spin_lock(&sched_lock);
    t->state = TASK_RUNNABLE;
    spin_unlock(&sched_lock);
}

/* clone(CLONE_VM | CLONE_THREAD | CLONE_SIGHAND ...): a new thread of the current
 * process, sharing its address space and signal actions, and its descriptor table
 * and working directory if asked (CLONE_FILES, CLONE_FS); it starts on newsp (if not
 * 0) with tp = tls (CLONE_SETTLS) and returns 0, once given to wake_up_new_task. */
long do_clone_thread(uint64_t flags, uint64_t newsp, uint64_t tls)
{
    int err;
    struct task *t = task_alloc(&err);
    if (!t)
        return err;
    struct task *leader = current->group_leader;
    if ((err = perf_event_fork(t, true)) < 0) {   /* inherited counters follow threads too */
        task_free(t);
        return err;
    }
    if ((flags & CLONE_FILES) ? !(t->files = current->files, ++t->files->count)
                              : !(t->files = files_dup(current->files))) {
        task_free(t);
        return -ENOMEM;
    }
    if ((flags & CLONE_FS) ? !(t->fs = current->fs, ++t->fs->count)
                           : !(t->fs = fs_alloc(current->fs->cwd))) {
        task_release_shared(t);
        task_free(t);
        return -ENOMEM;
    }
    sighand_share(&t->sig, &current->sig);
    spin_lock(&sched_lock);
    if (leader->group_exit || leader->group_exec || fatal_signal_pending(current)) {
        spin_unlock(&sched_lock);            /* the process is going: no new thread */
        task_release_shared(t);
        task_free(t);
        return -EINTR;
    }
    t->mm = current->mm;
    t->mm->users++;
    t->tgid = current->tgid;
    t->group_leader = leader;
    t->autoreap = true;
    leader->nr_threads++;
    spin_unlock(&sched_lock);
    memcpy(t->comm, current->comm, sizeof t->comm);
    t->sig.blocked = current->sig.blocked;
    t->pgid = current->pgid;
    t->sid = current->sid;
    t->parent = current->parent;
    *t->tf = *current->tf;
    fpu_fork(current, t);
    t->tf->a0 = 0;
    if (newsp)
        t->tf->sp = newsp;
    if (flags & CLONE_SETTLS)
        t->tf->tp = tls;
    nr_forks++;
    return t->pid;
}

/* What a task holds of what threads may share: its descriptor table and working
 * directory, given up at exit. Its signal actions stay until the task is freed: a
 * signal may be sent to it until then. */
static void task_release_shared(struct task *t)
{
    struct files_struct *files = t->files;
    struct fs_struct *fs = t->fs;
    t->files = NULL;
    t->fs = NULL;
    files_put(files);
    fs_put(fs);
}

bool thread_group_empty(const struct task *t)
{
    return t->group_leader->nr_threads <= 1;
}

/* Hands the children of the exiting process (its leader) to init. */
static void reparent_children(struct task *dying)
{
    bool zombie = false;
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t->parent == dying) {
            t->parent = init_task;
            zombie |= t->state == TASK_ZOMBIE;
        }
    }
    if (zombie)
        wakeup(init_task);
}

/* Keeps the fault counts and peak RSS of an address space t gives up, for the rusage
 * its parent's wait4 reports (Linux keeps them per task, across exec). */
void task_account_mm(struct task *t, struct mm *mm)
{
    t->min_flt += mm->min_flt;
    t->maj_flt += mm->maj_flt;
    t->maxrss = MAX(t->maxrss, mm->hiwater_rss);
}

/* Passes mm's ownership (the task that stands for it when every address space is
 * visited: the reverse map, truncation, swapoff) from t to another thread using it. */
static void mm_pass_owner(struct mm *mm, struct task *t)
{
    if (mm->owner != t)
        return;
    mm->owner = NULL;
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *o = task_table[i];
        if (o && o != t && o->mm == mm) {
            mm->owner = o;
            return;
        }
    }
}

/* Ends the current process (exit_group, a fatal signal) with a wait status (code << 8,
 * or the killing signal): every other thread gets SIGKILL, and the process's status
 * is this one whatever status they end with. */
void do_exit(int status)
{
    struct task *leader = current->group_leader, *t;
    spin_lock(&sched_lock);
    if (!leader->group_exit && !leader->group_exec) {
        leader->group_exit = true;
        leader->group_exit_status = status;
        for_each_thread(leader, t)
            if (t != current && t->state != TASK_ZOMBIE) {
                t->sig.pending |= SIGBIT(SIGKILL);
                if (t->state == TASK_SLEEPING)
                    t->state = TASK_RUNNABLE;
            }
    }
    spin_unlock(&sched_lock);
    do_exit_thread(status);
}

/* Ends the current thread. The last thread of a process ends the process: its
 * children go to init and its parent gets SIGCHLD; the leader stays a zombie until
 * then (and its parent waits for it), other threads are freed as they exit. */
void do_exit_thread(int status)
{
    struct task *t = current, *leader = t->group_leader;
    fd_release_borrowed();
    if (t->tgid == 1 && thread_group_empty(t)) {
        /* The machine's exit status is init's, as a shell reports it. */
        if (leader->group_exit)
            status = leader->group_exit_status;
        int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
        printk("init exited (status 0x%x); powering off\n", status);
        power_off(code);
    }
    if (t->clear_child_tid && t->mm) {
        /* Linux's mm_release: the thread's id word goes to 0 and one waiter on it
         * (pthread_join) wakes. Nothing to say if the word is gone. */
        int zero = 0;
        if (copy_to_user(t->clear_child_tid, &zero, sizeof zero) == 0)
            futex_wake_addr(t->mm, t->clear_child_tid, 1);
        t->clear_child_tid = 0;
    }
    task_release_shared(t);
    struct mm *mm = t->mm;
    spin_lock(&sched_lock);
    t->mm = NULL;                    /* no one finds it through us any more */
    mm_pass_owner(mm, t);
    spin_unlock(&sched_lock);
    switch_mm(NULL);
    if (thread_group_empty(t))
        task_account_mm(leader, mm);     /* once per process: its threads share mm */
    mm_put(mm);
    fpu_release(t);
    perf_event_exit_task(t);
    trace_exit(t->pid);
    t->exit_status = status;
    spin_lock(&sched_lock);
    bool last = --leader->nr_threads == 0;
    spin_unlock(&sched_lock);
    if (last) {
        if (leader->group_exit)
            leader->exit_status = leader->group_exit_status;
        if (t != leader) {
            leader->utime += t->utime;
            leader->stime += t->stime;
        }
        reparent_children(leader);
        hangup_orphaned_stopped(leader);
        send_signal_process(leader->parent, SIGCHLD);
    } else if (t != leader) {
        leader->utime += t->utime;   /* the process's times, as its wait4 reports */
        leader->stime += t->stime;
    }
    spin_lock(&sched_lock);
    t->state = TASK_ZOMBIE;
    if (last)
        wakeup_locked(leader->parent);
    if (leader->group_exec)
        wakeup_locked(leader->group_exec);  /* de_thread counts us out */
    sched();
    panic("zombie %d ran", t->pid);
}

/* execve in a process with several threads (Linux's de_thread): the others get
 * SIGKILL and die quietly (the process is not exiting), and the caller waits until
 * they are gone. A thread other than the leader then becomes the leader, taking its
 * PID, parent and place. 0, or -EINTR if a kill came first. */
int de_thread(void)
{
    struct task *leader = current->group_leader, *t;
    if (thread_group_empty(current) && leader == current)
        return 0;
    spin_lock(&sched_lock);
    if (leader->group_exit || leader->group_exec) {
        spin_unlock(&sched_lock);
        return -EINTR;
    }
    leader->group_exec = current;
    for_each_thread(leader, t)
        if (t != current && t->state != TASK_ZOMBIE) {
            t->sig.pending |= SIGBIT(SIGKILL);
            if (t->state == TASK_SLEEPING)
                t->state = TASK_RUNNABLE;
        }
    while (leader->nr_threads > 1 || (leader != current && leader->state != TASK_ZOMBIE))
        sleep_on_locked(current);
    leader->group_exec = NULL;
    if (leader != current) {
        /* Become the leader: its PID, parent, group, times, and its count. */
        current->pid = leader->pid;
        leader->pid = -1;                    /* no one finds the old leader any more */
        current->parent = leader->parent;
        current->start_ticks = leader->start_ticks;
        current->utime += leader->utime;
        current->stime += leader->stime;
        current->cutime = leader->cutime;
        current->cstime = leader->cstime;
        current->nr_threads = 1;
        current->group_leader = current;
        current->autoreap = false;
        for (int i = 0; i < nr_task_slots; i++)
            if (task_table[i] && task_table[i]->parent == leader)
                task_table[i]->parent = current;
    }
    current->sig.pending &= ~SIGBIT(SIGKILL);
    spin_unlock(&sched_lock);
    if (leader != current)
        task_free(leader);
    return 0;
}

static bool wait_matches(struct task *child, pid_t pid)
{
    if (pid > 0)
        return child->pid == pid;
    if (pid == 0)
        return child->pgid == current->pgid;
    if (pid < -1)
        return child->pgid == -pid;
    return true;
}

#define WNOHANG    1
#define WUNTRACED  2
#define WCONTINUED 8

/* The wait status of a child's unreported stop (WUNTRACED) or continue (WCONTINUED),
 * or -1; with sched_lock held. */
static int jobctl_status(struct task *c, int options)
{
    if ((options & WUNTRACED) && c->state == TASK_STOPPED && c->jobctl == JOBCTL_STOPPED)
        return c->stop_sig << 8 | 0x7f;
    if ((options & WCONTINUED) && c->jobctl == JOBCTL_CONTINUED)
        return 0xffff;
    return -1;
}

/* wait4: reaps a zombie child matching pid, or reports a child's stop or continue
 * (when options ask for them, once each); returns its PID, 0 (WNOHANG, none yet),
 * -ECHILD (no such child) or -EINTR. The children's states are looked at under
 * sched_lock, and the parent goes to sleep still holding it, so an exit in between
 * is not missed. */
long do_wait4(pid_t pid, uint64_t ustatus, int options, uint64_t urusage)
{
    for (;;) {
        bool have_child = false;
        struct task *zombie = NULL;
        int jc_status = -1;
        pid_t jc_pid = 0;
        spin_lock(&sched_lock);
        for (int i = 0; i < nr_task_slots && !zombie && jc_status < 0; i++) {
            struct task *c = task_table[i];
            if (!c || c->parent != current->group_leader || c->group_leader != c ||
                !wait_matches(c, pid))
                continue;
            have_child = true;
            if (c->state == TASK_ZOMBIE && c->nr_threads == 0 && !c->reaping) {
                zombie = c;
            } else if ((jc_status = jobctl_status(c, options)) >= 0) {
                c->jobctl = JOBCTL_NONE;            /* reported */
                jc_pid = c->pid;
            }
        }
        if (jc_status >= 0) {
            spin_unlock(&sched_lock);
            uint64_t ru[18] = { 0 };
            if ((ustatus && copy_to_user(ustatus, &jc_status, sizeof jc_status) < 0) ||
                (urusage && copy_to_user(urusage, ru, sizeof ru) < 0))
                return -EFAULT;
            return jc_pid;
        }
        if (!zombie) {
            long r = !have_child ? -ECHILD : (options & WNOHANG) ? 0 :
                     signal_pending(current) ? -EINTR : 1;
            if (r == 1)
                sleep_on_locked(current->group_leader);
            spin_unlock(&sched_lock);
            if (r != 1)
                return r;
            continue;
        }
        zombie->reaping = true;              /* ours: another thread of ours skips it */
        spin_unlock(&sched_lock);
        /* Only its parent reaps a zombie: c stays while we copy (which may sleep), unless
         * another thread of ours reaps it first. */
        struct task *c = zombie;
        if (ustatus && copy_to_user(ustatus, &c->exit_status, sizeof(int)) < 0) {
            c->reaping = false;
            return -EFAULT;
        }
        uint64_t utime = c->utime + c->cutime, stime = c->stime + c->cstime;
        if (urusage) {
            /* struct rusage, for the child and its waited-for children as Linux:
             * utime and stime as timevals, then maxrss (KiB), ..., minflt, majflt. */
            uint64_t ru[18] = { 0 };
            ru[0] = utime / HZ;
            ru[1] = utime % HZ * (1000000 / HZ);
            ru[2] = stime / HZ;
            ru[3] = stime % HZ * (1000000 / HZ);
            ru[4] = MAX(c->maxrss, c->cmaxrss) * (PAGE_SIZE / 1024);
            ru[8] = c->min_flt + c->cmin_flt;
            ru[9] = c->maj_flt + c->cmaj_flt;
            if (copy_to_user(urusage, ru, sizeof ru) < 0) {
                c->reaping = false;
                return -EFAULT;
            }
        }
        pid_t reaped = c->pid;
        current->cutime += utime;
        current->cstime += stime;
        current->cmin_flt += c->min_flt + c->cmin_flt;
        current->cmaj_flt += c->maj_flt + c->cmaj_flt;
        current->cmaxrss = MAX(current->cmaxrss, MAX(c->maxrss, c->cmaxrss));
        task_free(c);
        return reaped;
    }
}

/* A kernel thread: a task with no user memory that runs fn (which never returns) on
 * its own kernel stack, scheduled like any other (kswapd). */
struct task *kthread_create(void (*fn)(void), const char *name)
{
    int err;
    struct task *t = task_alloc(&err);
    if (!t)
        return NULL;
    if (sighand_alloc(&t->sig, NULL) < 0) {
        task_free(t);
        return NULL;
    }
    t->kthread_fn = fn;
    t->ctx.ra = (uint64_t)kthread_return;
    t->ctx.sp = t->kernel_sp;
    strlcpy(t->comm, name, sizeof t->comm);
    t->state = TASK_RUNNABLE;
    return t;
}

/* Creates PID 1 from the kernel command line (init=PATH, other words as its
 * arguments, NAME=VALUE words as its environment) and makes it runnable. */
void start_init(const char *bootargs)
{
    int err;
    struct task *t = task_alloc(&err);
    if (!t)
        panic("cannot create init");
    init_task = t;
    if (!(t->files = files_alloc()) || !(t->fs = fs_alloc(fs_root)) ||
        sighand_alloc(&t->sig, NULL) < 0)
        panic("cannot create init");
    t->pgid = t->sid = t->pid;
    strlcpy(t->comm, "init", sizeof t->comm);
    struct inode *console;
    struct file *f;
    if (path_lookup(fs_root, "/dev/console", &console) == 0 &&
        file_open(console, O_RDWR, &f) == 0) {
        t->files->fd[0] = f;
        t->files->fd[1] = file_get(f);
        t->files->fd[2] = file_get(f);
        inode_put(console);
    }
    if (exec_init(t, bootargs) < 0)
        panic("no init found (tried init=, /sbin/init, /etc/init, /bin/init, /bin/sh)");
    t->state = TASK_RUNNABLE;
}
