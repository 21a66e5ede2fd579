/* proc.h — tasks (processes): the task struct, the trap frame holding a task's user
 * registers, the scheduler's context, and the process life-cycle calls. */
#ifndef PROC_H
#define PROC_H

#include "kernel.h"
#include "lock.h"
#include "signal.h"

#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_VFORK          0x00004000
#define CLONE_PARENT         0x00008000
#define CLONE_THREAD         0x00010000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED       0x00400000
#define CLONE_CHILD_SETTID   0x01000000

/* The user registers saved on entry to the kernel (layout fixed by asm.h). */
struct trapframe {
    uint64_t ra, sp, gp, tp, t0, t1, t2, s0, s1;
    uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
    uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
    uint64_t t3, t4, t5, t6;
    uint64_t epc, status, badaddr, cause;
    uint64_t pad;
};

/* The F/D registers of a task: Linux's struct __riscv_d_ext_state, as signal frames
 * carry it (fpu.c moves it between the hart and here). */
struct fpstate {
    uint64_t f[32];
    uint32_t fcsr;
};

/* Callee-saved registers kept across swtch(). */
struct context {
    uint64_t ra, sp, tp;
    uint64_t s[12];
};

enum task_state { TASK_NEW, TASK_RUNNABLE, TASK_RUNNING, TASK_SLEEPING, TASK_STOPPED, TASK_ZOMBIE };

/* task.jobctl: a job-control change the parent's wait4 has not reported yet. */
enum { JOBCTL_NONE, JOBCTL_STOPPED, JOBCTL_CONTINUED };

struct file;
struct inode;
struct mm;
struct perf_event;

struct task {
    uint64_t kernel_sp;          /* read by the trap entry: top of the kernel stack */
    uint64_t user_sp;            /* scratch for the trap entry */
    struct cpu *cpu;             /* the hart it runs (or last ran) on: mycpu(), which
                                    reads it at TASK_CPU_OFFSET (smp.h) */
    struct context ctx;
    bool is_idle;                /* a hart's idle task (PID 0) */
    int fpu_cpu;                 /* 1 + the hart whose f registers were last loaded
                                    from this task's, or 0 (fpu.c) */
    enum task_state state;
    pid_t pid, pgid, sid;        /* pid is the thread's id (gettid) */
    pid_t tgid;                  /* the process's id (getpid): its leader's pid */
    struct task *group_leader;   /* the thread that started the process (itself if so) */
    struct task *parent;         /* always a group leader */
    int exit_status;             /* wait status, once a zombie */
    int stop_sig;                /* leader: the signal that stopped the process */
    int jobctl;                  /* leader: JOBCTL_*, for wait4's WUNTRACED and WCONTINUED */
    bool stop_pending;           /* its process is stopping: stop on the way out */
    int group_stop_sig;          /* leader: the stop signal of the group stop under way */
    int usage;                   /* references to the struct (get_task/put_task) */
    void *chan;                  /* what a sleeping task waits for */
    struct mm *mm;               /* NULL for the idle task */
    struct files_struct *files;  /* the descriptor table, shared by CLONE_FILES */
    struct fs_struct *fs;        /* the working directory, shared by CLONE_FS */
    uint64_t clear_child_tid;    /* set_tid_address, CLONE_CHILD_CLEARTID: zeroed and
                                    woken (futex) when the thread exits */
    /* In a group leader only (the process): */
    int nr_threads;              /* threads not yet exited, the leader included */
    int nr_live;                 /* threads that have not begun to exit */
    bool exit_done;              /* the last thread has told the parent */
    bool group_exit;             /* exit_group or a fatal signal: every thread goes */
    int group_exit_status;       /* the wait status then */
    struct task *group_exec;     /* a thread in execve: the others die quietly */
    struct file *borrowed[4];    /* fd_file's references for the running system call */
    int nr_borrowed;
    uint64_t cpus_allowed;       /* sched_setaffinity: harts it may run on (bit n: hart n) */
    bool autoreap;
    bool reaping;                /* a zombie a wait4 is reaping */               /* a thread other than the leader: freed at exit, never
                                    waited for */
    char comm[16];               /* program name, as in /proc/PID/stat */
    struct sigstate sig;
    struct fpstate fp;           /* f registers and fcsr while not in the hart (fpu.c) */
    void *kstack;                /* lowest address of the kernel stack */
    struct trapframe *tf;        /* user registers, at the top of the kernel stack */
    uint64_t start_ticks;
    uint64_t utime, stime;       /* ticks spent in user / kernel mode */
    uint64_t cutime, cstime;     /* of waited-for children */
    uint64_t min_flt, maj_flt, maxrss;      /* of address spaces given up (exec, exit) */
    uint64_t cmin_flt, cmaj_flt, cmaxrss;   /* of waited-for children; RSS in pages */
    int slot;                    /* index in the task table */
    bool on_cpu;                 /* between switching in and out: not to be picked */
    bool need_resched;           /* the tick says: give up the CPU at the next chance */
    int mutexes_held;            /* must be 0 on the way back to user mode */
    bool swap_polled;            /* swapoff: its swap I/O is polled, it does not reclaim */
    void (*kthread_fn)(void);    /* kernel threads: what they run */
    struct perf_event *perf_events;         /* counting this task (perf_event.c) */
};

/* The running task: tp holds it whenever the kernel runs (the trap entry and swtch
 * keep it so). The same stack always belongs to the same task, so the compiler may
 * keep the value across calls, swtch included. */
static inline struct task *get_current(void)
{
    struct task *t;
    __asm__("mv %0, tp" : "=r"(t));
    return t;
}
#define current get_current()
_Static_assert(offsetof(struct task, cpu) == TASK_CPU_OFFSET, "mycpu() reads task.cpu there");
extern struct task *task_table[NPROC];
extern int nr_task_slots;

void proc_init(void);
void scheduler(void) __attribute__((noreturn));
void sched(void);
void yield(void);
void schedule(void);
void set_current_state(enum task_state state);
void cond_resched(void);
void sleep_on(void *chan);
void sleep_on_while(void *chan, bool (*wait)(void));
void wakeup(void *chan);
void wake_task(struct task *t);
extern struct spinlock sched_lock;
struct task *find_task(pid_t pid);
struct task *find_get_task(pid_t pid);
void get_task(struct task *t);
void put_task(struct task *t);
pid_t pgrp_session(pid_t pgid);
void wakeup_locked(void *chan);
void signal_wake_up_locked(struct task *t);
void group_stop_locked(int sig);
void task_stop(void);
bool group_continue_locked(struct task *t);
struct task *task_create(void);
void task_free(struct task *t);
long do_fork(void);
void wake_up_new_task(struct task *t);
void do_exit(int status) __attribute__((noreturn));          /* the whole process */
void do_exit_thread(int status) __attribute__((noreturn));   /* this thread */
long do_clone_thread(uint64_t flags, uint64_t newsp, uint64_t tls);
int de_thread(void);
void futex_init(void);
void futex_wake_addr(struct mm *mm, uint64_t uaddr, int n);
bool thread_group_empty(const struct task *t);
#define for_each_thread(leader, t) \
    for (int _i = 0; _i < nr_task_slots; _i++) \
        if (((t) = task_table[_i]) && (t)->group_leader == (leader))
void task_account_mm(struct task *t, struct mm *mm);
long do_wait4(pid_t pid, uint64_t ustatus, int options, uint64_t urusage);
void start_init(const char *bootargs);
struct task *kthread_create(void (*fn)(void), const char *name);
int nr_tasks(void);
int exec_init(struct task *t, const char *bootargs);
void idle_task_init(struct task *t, struct cpu *c);
void make_runnable_locked(struct task *t);
void kick_task(struct task *t);

/* swtch.S, trapvec.S */
void swtch(struct context *old, struct context *new);
void trap_return(void);

#endif
