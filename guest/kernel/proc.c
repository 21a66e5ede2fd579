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

struct task *task_table[NPROC];
int nr_task_slots;                   /* 1 + the highest slot in use: scans stop there */

struct spinlock sched_lock = SPINLOCK_INIT("sched");
static struct kmem_cache *task_cache;
static struct task *init_task;
static void task_release_shared(struct task *t);
static pid_t next_pid = 1;

void proc_init(void)
{
    task_cache = kmem_cache_create("task_struct", sizeof(struct task));
}

/* A hart's idle task: PID 0, running its scheduler loop on the hart's boot stack. */
void idle_task_init(struct task *t, struct cpu *c)
{
    memset(t, 0, sizeof *t);
    snprintf(t->comm, sizeof t->comm, "swapper/%d", c->id);
    t->state = TASK_RUNNING;
    t->is_idle = true;
    t->on_cpu = true;
    t->cpu = c;
    t->cpus_allowed = 1UL << c->id;
    t->kernel_sp = c->stack_top;
    c->idle = t;
}

int nr_tasks(void)
{
    int n = 0;
    for (int i = 0; i < nr_task_slots; i++)
        n += task_table[i] != NULL;
    return n;
}

/* The task with this pid; the caller holds sched_lock, which keeps it in the table
 * (or uses find_get_task). */
struct task *find_task(pid_t pid)
{
    for (int i = 0; i < nr_task_slots; i++)
        if (task_table[i] && task_table[i]->pid == pid)
            return task_table[i];
    return NULL;
}

/* The task with this pid, with a reference that keeps its struct (not its stack or
 * its address space) until put_task; NULL if there is none. */
struct task *find_get_task(pid_t pid)
{
    spin_lock(&sched_lock);
    struct task *t = find_task(pid);
    if (t)
        get_task(t);
    spin_unlock(&sched_lock);
    return t;
}

void get_task(struct task *t)
{
    __atomic_fetch_add(&t->usage, 1, __ATOMIC_SEQ_CST);
}

void put_task(struct task *t)
{
    if (__atomic_sub_fetch(&t->usage, 1, __ATOMIC_SEQ_CST) > 0)
        return;
    sighand_put(&t->sig);
    kmem_cache_free(task_cache, t);
}

/* The session of process group pgid (of a live member), or -1 if the group is empty. */
pid_t pgrp_session(pid_t pgid)
{
    pid_t sid = -1;
    spin_lock(&sched_lock);
    for (int i = 0; i < nr_task_slots && sid < 0; i++) {
        struct task *t = task_table[i];
        if (t && t->pgid == pgid && t->state != TASK_ZOMBIE)
            sid = t->sid;
    }
    spin_unlock(&sched_lock);
    return sid;
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
    t->usage = 1;
    t->start_ticks = ticks;
    spin_lock(&sched_lock);
    int slot = -1;
    for (int i = 0; i < NPROC && slot < 0; i++)
        if (!task_table[i])
            slot = i;
    if (slot >= 0) {
        t->pid = t->tgid = alloc_pid();
        t->cpus_allowed = current->is_idle ? ~0UL : current->cpus_allowed;   /* the boot task: any hart */
        t->group_leader = t;
        t->nr_threads = t->nr_live = 1;
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

/* Releases a reaped (or never started) task: its slot and its stack, and the table's
 * reference to its struct (find_get_task's holders keep it a while longer). */
void task_free(struct task *t)
{
    perf_event_exit_task(t);                 /* a fork that failed: its inherited events */
    spin_lock(&sched_lock);
    task_table[t->slot] = NULL;
    while (nr_task_slots > 0 && !task_table[nr_task_slots - 1])
        nr_task_slots--;
    spin_unlock(&sched_lock);
    free_pages(virt_to_page(t->kstack), KSTACK_ORDER);
    t->kstack = NULL;
    t->tf = NULL;
    put_task(t);
}

/* The next task for hart c: the first runnable one after the slot c ran last (round
 * robin over one shared queue, the task table) that may run on c and is not still on
 * its way out of another hart. With sched_lock held. */
static struct task *pick_next_locked(struct cpu *c)
{
    for (int k = 1; k <= nr_task_slots; k++) {
        struct task *t = task_table[(c->last_slot + k) % nr_task_slots];
        if (t && t->state == TASK_RUNNABLE && !t->on_cpu && cpumask_test(t->cpus_allowed, c->id))
            return t;
    }
    return NULL;
}

/* t may run: it goes to the queue, and an idle hart it may run on is told to look
 * (an IPI). With sched_lock held. */
void make_runnable_locked(struct task *t)
{
    t->state = TASK_RUNNABLE;
    struct cpu *self = mycpu();
    if (cpumask_test(t->cpus_allowed, self->id) && self->idling)
        return;                              /* this hart's idle loop looks again anyway */
    for (int i = 0; i < ncpus; i++) {
        struct cpu *c = &cpus[i];
        if (c->idling && c->online && cpumask_test(t->cpus_allowed, i)) {
            c->idling = false;               /* one IPI is enough: it picks t up */
            smp_send_ipi(1UL << i, IPI_RESCHED);
            return;
        }
    }
}

/* t is running on another hart: make it enter the kernel (a signal for it, say). */
void kick_task(struct task *t)
{
    spin_lock(&sched_lock);
    if (t->state == TASK_RUNNING && t->on_cpu && t->cpu != mycpu())
        smp_send_ipi(1UL << t->cpu->id, IPI_RESCHED);
    spin_unlock(&sched_lock);
}

/* The scheduler loop, run by each hart's idle task: picks the next runnable task it
 * may run and switches to it; with none, waits for an interrupt (a tick, a device, or another hart's IPI). One queue serves every
 * hart: sched_lock guards it, the task table is scanned round robin from where this
 * hart last picked, and affinity masks are honoured. */
void scheduler(void)
{
    for (;;) {
        struct cpu *c = mycpu();
        spin_lock(&sched_lock);
        c->idling = false;
        struct task *next = pick_next_locked(c);
        if (!next) {
            if (c->prev_pid != 0)
                c->stats.nr_context_switches++;   /* to the idle loop, as Linux counts it */
            c->prev_pid = 0;
            c->idling = true;
            spin_unlock(&sched_lock);
            /* WFI with SIE clear still wakes for a pending interrupt, so one that
             * arrived after the scan above (a disk completion, an IPI) is not slept
             * through. */
            wfi();
            intr_on();
            intr_off();
            continue;
        }
        c->last_slot = next->slot;
        if (next->pid != c->prev_pid)
            c->stats.nr_context_switches++;
        c->prev_pid = next->pid;
        next->state = TASK_RUNNING;
        next->on_cpu = true;
        next->cpu = c;
        switch_mm(next->mm);
        trace_process(next);
        fpu_switch_in(next);
        perf_event_sched_in(next);
        timer_run();
        swtch(&c->idle->ctx, &next->ctx);
        perf_event_sched_out(next);
        fpu_switch_out(next);
        /* Before another hart may pick next (and it may exit there, freeing its
         * address space), this hart lets go of next's page table. */
        switch_mm(NULL);
        next->on_cpu = false;
        /* Still runnable but no longer allowed here (sched_setaffinity moved it): an
         * idle hart it may use is told now that it is off this one. */
        if (next->state == TASK_RUNNABLE && !cpumask_test(next->cpus_allowed, c->id))
            make_runnable_locked(next);
        bool reap = next->state == TASK_ZOMBIE && next->autoreap;
        spin_unlock(&sched_lock);
        if (reap)
            task_free(next);                 /* a thread that exited: off its stack now */
    }
}

/* Gives the CPU back to the scheduler. The caller holds sched_lock (and nothing
 * else) and has set current->state. The task may come back on another hart. */
void sched(void)
{
    struct cpu *c = mycpu();
    if (!spin_is_held(&sched_lock) || c->noff != 1)
        panic("sched: %s (%d locks held)", spin_is_held(&sched_lock) ? "holding other locks"
              : "sched_lock not held", c->noff);
    if (current->state == TASK_RUNNING)
        panic("sched: task %d still running", current->pid);
    bool intena = c->intena;
    swtch(&current->ctx, &c->idle->ctx);
    mycpu()->intena = intena;
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
    if (current->need_resched && !current->is_idle)
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

void wakeup_locked(void *chan)
{
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t->state == TASK_SLEEPING && t->chan == chan)
            make_runnable_locked(t);
    }
}

/* A signal (or a stop request) is pending for t, with sched_lock held: a sleeping t
 * wakes to notice it, a t running on another hart is made to enter the kernel. */
void signal_wake_up_locked(struct task *t)
{
    if (t->state == TASK_SLEEPING)
        make_runnable_locked(t);
    else if (t->state == TASK_RUNNING && t->on_cpu && t->cpu != mycpu())
        smp_send_ipi(1UL << t->cpu->id, IPI_RESCHED);
}

/* Whether every thread of leader's process that has not exited is stopped. */
static bool group_all_stopped(struct task *leader)
{
    struct task *t;
    for_each_thread(leader, t)
        if (t->state != TASK_ZOMBIE && t->state != TASK_STOPPED)
            return false;
    return true;
}

/* Job control, as Linux's group stop: a stop signal stops the whole process. The
 * thread that takes it asks every other thread to stop (stop_pending, which they see
 * as a pending signal on their way back to user mode) and stops itself. With
 * sched_lock held. */
void group_stop_locked(int sig)
{
    struct task *leader = current->group_leader, *t;
    if (leader->group_exit || leader->group_exec)
        return;                              /* the process is going anyway */
    leader->group_stop_sig = sig;
    for_each_thread(leader, t) {
        if (t->state == TASK_ZOMBIE || t->state == TASK_STOPPED || t->stop_pending)
            continue;
        t->stop_pending = true;
        if (t != current)
            signal_wake_up_locked(t);
    }
}

/* The current thread stops (TASK_STOPPED) for its process's group stop, until SIGCONT
 * or SIGKILL. The last thread to stop tells the parent: SIGCHLD (unless it asked for
 * none with SA_NOCLDSTOP) and its wait4 (WUNTRACED), under the same hold of
 * sched_lock. */
void task_stop(void)
{
    struct task *t = current, *leader = t->group_leader;
    spin_lock(&sched_lock);
    if (!t->stop_pending || fatal_signal_pending(t)) {
        t->stop_pending = false;             /* continued, or killed, meanwhile */
        spin_unlock(&sched_lock);
        return;
    }
    t->stop_pending = false;
    t->state = TASK_STOPPED;
    if (group_all_stopped(leader)) {
        struct task *p = leader->parent;
        leader->stop_sig = leader->group_stop_sig;
        leader->jobctl = JOBCTL_STOPPED;
        if (p && !(p->sig.action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
            send_signal_process_locked(p, SIGCHLD);
        if (p)
            wakeup_locked(p);
    }
    sched();
    spin_unlock(&sched_lock);
}

/* SIGCONT: every thread of t's process runs again and stops no more; true if one was
 * stopped (then the parent's wait4, WCONTINUED, is woken; the caller sends its
 * SIGCHLD). With sched_lock held. */
bool group_continue_locked(struct task *t)
{
    struct task *leader = t->group_leader, *th;
    bool stopped = false;
    for_each_thread(leader, th) {
        th->stop_pending = false;
        th->sig.pending &= ~STOP_SIGNAL_BITS;
        if (th->state == TASK_STOPPED) {
            make_runnable_locked(th);
            stopped = true;
        }
    }
    if (stopped) {
        leader->jobctl = JOBCTL_CONTINUED;
        if (leader->parent)
            wakeup_locked(leader->parent);
    }
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

/* sleep_on, if wait() still says so when asked under sched_lock: a wakeup that
 * follows a change it looks at is not lost. */
void sleep_on_while(void *chan, bool (*wait)(void))
{
    might_sleep("sleep_on");
    spin_lock(&sched_lock);
    if (wait())
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
        make_runnable_locked(t);
    spin_unlock(&sched_lock);
}

/* Makes t (a thread of a process that is exiting or exec'ing) take its SIGKILL: it
 * wakes from a sleep or a stop. With sched_lock held. */
static void kill_thread_locked(struct task *t)
{
    t->sig.pending |= SIGBIT(SIGKILL);
    t->stop_pending = false;
    if (t->state == TASK_SLEEPING || t->state == TASK_STOPPED)
        make_runnable_locked(t);
    else
        signal_wake_up_locked(t);
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
    struct inode *cwd = cwd_get(current);
    t->files = files_dup(current->files);
    t->fs = t->files ? fs_alloc(cwd) : NULL;
    inode_put(cwd);
    if (!t->files || !t->fs || sighand_alloc(&t->sig, &current->sig) < 0) {
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
    cpu_stats()->nr_forks++;
    return t->pid;
}

/* A task made by do_fork or do_clone_thread may run: the caller has written what it
 * had to write first (the TID words: a thread that ran before them could exit and
 * have its cleared word overwritten). */
void wake_up_new_task(struct task *t)
{
    spin_lock(&sched_lock);
    make_runnable_locked(t);
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
    if (flags & CLONE_FILES)
        files_get(t->files = current->files);
    else if (!(t->files = files_dup(current->files))) {
        task_free(t);
        return -ENOMEM;
    }
    if (flags & CLONE_FS) {
        fs_get(t->fs = current->fs);
    } else {
        struct inode *cwd = cwd_get(current);
        t->fs = fs_alloc(cwd);
        inode_put(cwd);
        if (!t->fs) {
            task_release_shared(t);
            task_free(t);
            return -ENOMEM;
        }
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
    leader->nr_live++;
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
    cpu_stats()->nr_forks++;
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
    spin_lock(&sched_lock);
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t->parent == dying) {
            t->parent = init_task;
            zombie |= t->state == TASK_ZOMBIE;
        }
    }
    if (zombie)
        wakeup_locked(init_task);
    spin_unlock(&sched_lock);
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
            if (t != current && t->state != TASK_ZOMBIE)
                kill_thread_locked(t);
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
    bool last = --leader->nr_live == 0;      /* the process ends with this thread */
    if (t != leader) {
        leader->utime += t->utime;   /* the process's times, as its wait4 reports */
        leader->stime += t->stime;
    }
    spin_unlock(&sched_lock);
    /* Init's last thread powers the machine off (init has no parent to tell). Decided
     * by the count above, under sched_lock: threads of init dying at once on several
     * harts each saw another one alive when they looked before it, none powered off,
     * and the last one sent SIGCHLD to the parent init does not have. The machine's
     * exit status is init's, as a shell reports it. */
    if (last && leader->tgid == 1) {
        if (leader->group_exit)
            status = leader->group_exit_status;
        int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
        printk("init exited (status 0x%x); powering off\n", status);
        power_off(code);
    }
    switch_mm(NULL);
    if (last)
        task_account_mm(leader, mm);     /* once per process: its threads share mm */
    mm_put(mm);
    fpu_release(t);
    perf_event_exit_task(t);
    trace_exit(t->pid);
    if (last) {
        reparent_children(leader);
        hangup_orphaned_stopped(leader);
    }
    /* The end, in one hold of sched_lock (kept until this hart's scheduler has left
     * the stack): a thread still on its way out (nr_threads) or the last one's
     * SIGCHLD (exit_done) keeps the parent from reaping the leader before it. The
     * statuses are written here too: the leader, killed by the group exit, and the
     * last thread, which gives the process the group's status, may be on their way
     * out on two harts at once, and the group's status must be the one that stays. */
    spin_lock(&sched_lock);
    t->exit_status = status;
    t->state = TASK_ZOMBIE;
    leader->nr_threads--;
    if (last) {
        send_signal_process_locked(leader->parent, SIGCHLD);
        leader->exit_done = true;
    }
    if (leader->nr_threads == 0 && leader->exit_done) {
        if (leader->group_exit)
            leader->exit_status = leader->group_exit_status;
        wakeup_locked(leader->parent);
    }
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
        if (t != current && t->state != TASK_ZOMBIE)
            kill_thread_locked(t);
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
        current->nr_threads = current->nr_live = 1;
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
    if ((options & WUNTRACED) && c->jobctl == JOBCTL_STOPPED && group_all_stopped(c))
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
            if (c->state == TASK_ZOMBIE && c->nr_threads == 0 && c->exit_done && !c->reaping) {
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
    wake_up_new_task(t);
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
    wake_up_new_task(t);
}
