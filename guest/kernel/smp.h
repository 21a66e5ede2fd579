/* smp.h — the harts this kernel runs on. Each has a struct cpu: its locking depth, its
 * idle task, the address space and FP registers it holds, its scheduler position and
 * its counters (kept per hart, so that counting needs no lock; readers add them up).
 * Harts are numbered by the kernel as Linux numbers CPUs: 0 is the hart it booted on,
 * the others follow in device-tree order; cpu->hartid is the hart's own id (mhartid),
 * which the SBI calls take. Masks of harts (cpumask_t) use the kernel's numbers. */
#ifndef SMP_H
#define SMP_H

#include "types.h"

#define NCPU 8                       /* harts the kernel will start (the firmware's limit) */
#define NR_IRQS 96                   /* PLIC sources counted in /proc/stat (QEMU virt: 1..95) */

typedef uint64_t cpumask_t;          /* bit n: the kernel's hart n */

struct task;
struct mm;

/* System-wide VM events for /proc/vmstat, counted per hart (cpu_events()). */
struct vm_events {
    uint64_t pgfault, pgmajfault, cow_fault, zero_fault, anon_fault, file_fault;
    uint64_t cow_reuse, shared_mkwrite, stack_grow, segv, sigbus, spurious;
    uint64_t pgalloc, pgfree, pgwriteback, tlb_flush_page, tlb_flush_asid, tlb_flush_all;
    uint64_t asid_rollover, zero_insns, copy_insns;
    uint64_t pswpin, pswpout, pgscan, pgsteal, oom_kill;     /* swap.h */
    uint64_t pgrotated, pgactivate, pgdeactivate, swap_ra, swap_ra_wait, kswapd_wake;
    uint64_t pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct;
    /* TLB shootdowns (asid.c): */
    uint64_t tlb_remote_flush;           /* remote fence requests this hart sent */
    uint64_t tlb_remote_flush_received;  /* requests that reached this hart */
    uint64_t tlb_shootdown_insns;        /* instructions the sender spent in them */
};

/* What /proc/stat and friends count, per hart. */
struct cpu_stats {
    uint64_t idle_ticks, user_ticks, system_ticks;   /* timer ticks, by what they found */
    uint64_t nr_interrupts;                          /* every interrupt taken */
    uint64_t irq_counts[NR_IRQS];                    /* external interrupts per source */
    uint64_t nr_context_switches, nr_forks, nr_ipis;
    uint64_t fpu_first_use_traps, fpu_saves, fpu_restores;
    uint64_t nr_futex_wait, nr_futex_wake;
};

enum { IPI_RESCHED = 1 };            /* cpu.ipi_pending bits */

struct cpu {
    int id;                          /* the kernel's number for this hart (0, 1, ...) */
    uint64_t hartid;                 /* the hart's own id */
    int noff;                        /* depth of push_off: spinlocks held, and the like */
    bool intena;                     /* were interrupts on before the first push_off? */
    volatile bool online;            /* running the scheduler */
    bool idling;                     /* in the idle loop's WFI (sched_lock) */
    struct task *idle;               /* its idle task (PID 0), on the boot stack */
    uint64_t stack_top;              /* that stack */
    int last_slot;                   /* round robin: the task table slot run last */
    pid_t prev_pid;                  /* what ran last (0: the idle loop) */
    struct mm *active_mm;            /* whose page table satp holds (NULL: the kernel's) */
    struct mm *asid0_owner;          /* without ASIDs: whose entries the TLB may hold */
    uint64_t asid_generation;        /* the generation this hart's TLB was last flushed for */
    struct task *fpu_owner;          /* whose f registers the hart holds, or NULL */
    uint32_t ipi_pending;            /* IPI_* (atomic) */
    bool tick_stopped;               /* idle with no timer armed (harts other than 0) */
    struct vm_events events;
    struct cpu_stats stats;
};

extern struct cpu cpus[NCPU];
extern int ncpus;                    /* harts known (from the device tree), 1 at least */
extern volatile cpumask_t cpu_online_mask;

/* This hart's struct cpu: the running task's cpu field. tp holds the running task
 * (proc.h's current); its struct (proc.h) is not known here, so the field is read at
 * its offset, which proc.h checks. A load, not a call: spinlocks and the per-hart
 * counters ask for it all the time. */
#define TASK_CPU_OFFSET 16
static inline struct cpu *mycpu(void)
{
    char *t;
    __asm__("mv %0, tp" : "=r"(t));
    return *(struct cpu **)(t + TASK_CPU_OFFSET);
}
int cpuid(void);

/* The counters of every hart added up. */
void vm_events_sum(struct vm_events *out);
void cpu_stats_sum(struct cpu_stats *out);

/* smp.c */
void smp_init_boot_cpu(uint64_t hartid);
void smp_boot_secondaries(const char *bootargs);
void smp_send_ipi(cpumask_t mask, uint32_t what);
void smp_ipi_interrupt(void);
uint64_t cpumask_to_hartmask(cpumask_t mask);
int cpu_by_hartid(uint64_t hartid);

static inline struct vm_events *cpu_events(void) { return &mycpu()->events; }
static inline struct cpu_stats *cpu_stats(void) { return &mycpu()->stats; }

static inline bool cpumask_test(cpumask_t m, int cpu) { return (m >> cpu) & 1; }
static inline void cpumask_set_atomic(volatile cpumask_t *m, int cpu)
{
    __atomic_fetch_or(m, 1UL << cpu, __ATOMIC_SEQ_CST);
}
static inline void cpumask_clear_atomic(volatile cpumask_t *m, int cpu)
{
    __atomic_fetch_and(m, ~(1UL << cpu), __ATOMIC_SEQ_CST);
}
static inline int cpumask_weight(cpumask_t m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

#endif
