/* proc.c — processes: the task table, the round-robin scheduler, sleep and wakeup,
 * fork, exit and wait. The kernel is not preemptible: it runs with interrupts off
 * (they are taken in user mode and while idle), so the scheduler and the sleep queues
 * need no locks on our single hart. Each task has its own kernel stack; swtch() moves
 * between a task and the scheduler loop, which runs as the idle task (PID 0). */
#include "fpu.h"
#include "fs.h"
#include "mm.h"
#include "page.h"
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

static struct kmem_cache *task_cache;
static struct task *init_task;
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

/* A new task in the table with a kernel stack and an empty trap frame, not yet
 * runnable. NULL with *err = -EAGAIN if the table is full, -ENOMEM if memory is. */
static struct task *task_alloc(int *err)
{
    int slot = -1;
    for (int i = 0; i < NPROC; i++) {
        if (!task_table[i]) {
            slot = i;
            break;
        }
    }
    *err = -EAGAIN;
    if (slot < 0)
        return NULL;
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
    t->ctx.ra = (uint64_t)trap_return;       /* first run: straight back to user mode */
    t->ctx.sp = (uint64_t)t->tf;
    t->ctx.tp = (uint64_t)t;
    t->pid = alloc_pid();
    t->slot = slot;
    t->state = TASK_NEW;
    t->start_ticks = ticks;
    task_table[slot] = t;
    if (slot >= nr_task_slots)
        nr_task_slots = slot + 1;
    return t;
}

/* Releases a reaped (or never started) task: its stack and its struct. */
void task_free(struct task *t)
{
    task_table[t->slot] = NULL;
    while (nr_task_slots > 0 && !task_table[nr_task_slots - 1])
        nr_task_slots--;
    free_pages(virt_to_page(t->kstack), KSTACK_ORDER);
    kmem_cache_free(task_cache, t);
}

/* The scheduler loop, run by the idle task: picks the next runnable task after the
 * last one run (round robin) and switches to it; waits for an interrupt when none is. */
void scheduler(void)
{
    pid_t prev = 0;                          /* what ran last: 0 is the idle loop */
    for (;;) {
        struct task *next = NULL;
        for (int k = 1; k <= nr_task_slots; k++) {
            struct task *t = task_table[(last_slot + k) % nr_task_slots];
            if (t && t->state == TASK_RUNNABLE) {
                next = t;
                break;
            }
        }
        if (!next) {
            if (prev != 0)
                nr_context_switches++;       /* to the idle loop, as Linux counts it */
            prev = 0;
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
        current = next;
        switch_mm(next->mm);
        trace_process(next);
        fpu_switch_in(next);
        swtch(&idle_task.ctx, &next->ctx);
        fpu_switch_out(next);
        current = &idle_task;
    }
}

/* Gives the CPU back to the scheduler; the caller has set current->state. */
void sched(void)
{
    swtch(&current->ctx, &idle_task.ctx);
}

void yield(void)
{
    current->state = TASK_RUNNABLE;
    sched();
}

/* Sleeps until wakeup(chan), or until a signal wakes the task: callers re-check their
 * condition and signal_pending() after it returns. */
void sleep_on(void *chan)
{
    current->chan = chan;
    current->state = TASK_SLEEPING;
    sched();
    current->chan = NULL;
}

void wakeup(void *chan)
{
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (t && t->state == TASK_SLEEPING && t->chan == chan)
            t->state = TASK_RUNNABLE;
    }
}

void wake_task(struct task *t)
{
    if (t->state == TASK_SLEEPING)
        t->state = TASK_RUNNABLE;
}

/* clone(SIGCHLD): a copy of the current process, returning 0 in the child. */
long do_fork(void)
{
    int err;
    struct task *t = task_alloc(&err);
    if (!t)
        return err;
    if (!(t->mm = mm_dup(current->mm))) {
        task_free(t);
        return -ENOMEM;
    }
    for (int fd = 0; fd < NOFILE; fd++)
        if (current->files[fd])
            t->files[fd] = file_get(current->files[fd]);
    t->cloexec = current->cloexec;
    t->cwd = inode_get(current->cwd);
    memcpy(t->comm, current->comm, sizeof t->comm);
    t->sig.blocked = current->sig.blocked;
    memcpy(t->sig.action, current->sig.action, sizeof t->sig.action);
    t->pgid = current->pgid;
    t->sid = current->sid;
    t->parent = current;
    *t->tf = *current->tf;
    fpu_fork(current, t);
    t->tf->a0 = 0;
    t->state = TASK_RUNNABLE;
    nr_forks++;
    return t->pid;
}

/* Hands the children of the exiting task to init. */
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

/* Ends the current process with a wait status (code << 8, or the killing signal). It
 * stays a zombie until its parent waits for it. */
void do_exit(int status)
{
    struct task *t = current;
    if (t == init_task) {
        /* The machine's exit status is init's, as a shell reports it. */
        int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
        printk("init exited (status 0x%x); powering off\n", status);
        power_off(code);
    }
    files_close_all(t);
    inode_put(t->cwd);
    t->cwd = NULL;
    switch_mm(NULL);
    task_account_mm(t, t->mm);
    mm_destroy(t->mm);
    t->mm = NULL;
    fpu_release(t);
    reparent_children(t);
    t->exit_status = status;
    t->state = TASK_ZOMBIE;
    trace_exit(t->pid);
    send_signal(t->parent, SIGCHLD);
    wakeup(t->parent);
    sched();
    panic("zombie %d ran", t->pid);
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

#define WNOHANG 1

/* wait4: reaps a zombie child matching pid; returns its PID, 0 (WNOHANG, none yet),
 * -ECHILD (no such child) or -EINTR. */
long do_wait4(pid_t pid, uint64_t ustatus, int options, uint64_t urusage)
{
    for (;;) {
        bool have_child = false;
        for (int i = 0; i < nr_task_slots; i++) {
            struct task *c = task_table[i];
            if (!c || c->parent != current || !wait_matches(c, pid))
                continue;
            have_child = true;
            if (c->state != TASK_ZOMBIE)
                continue;
            if (ustatus && copy_to_user(ustatus, &c->exit_status, sizeof(int)) < 0)
                return -EFAULT;
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
                if (copy_to_user(urusage, ru, sizeof ru) < 0)
                    return -EFAULT;
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
        if (!have_child)
            return -ECHILD;
        if (options & WNOHANG)
            return 0;
        if (signal_pending(current))
            return -EINTR;
        sleep_on(current);
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
    t->ctx.ra = (uint64_t)fn;
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
    t->cwd = inode_get(fs_root);
    t->pgid = t->sid = t->pid;
    strlcpy(t->comm, "init", sizeof t->comm);
    struct inode *console;
    struct file *f;
    if (path_lookup(fs_root, "/dev/console", &console) == 0 &&
        file_open(console, O_RDWR, &f) == 0) {
        t->files[0] = f;
        t->files[1] = file_get(f);
        t->files[2] = file_get(f);
        inode_put(console);
    }
    if (exec_init(t, bootargs) < 0)
        panic("no init found (tried init=, /sbin/init, /etc/init, /bin/init, /bin/sh)");
    t->state = TASK_RUNNABLE;
}
