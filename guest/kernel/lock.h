/* lock.h — the kernel's locks, and the wait queues sleepers line up on.
 *   spinlock  a short section that never sleeps. Taking one turns interrupts off on
 *             this hart (push_off) and spins on an atomic swap, so interrupt handlers
 *             may take spinlocks too; holding one across anything that can sleep is a
 *             bug the kernel catches (might_sleep panics).
 *   mutex     an object held across sleeps (a copy from user memory that faults, a
 *             disk wait): whoever finds it held sleeps on its wait queue until the
 *             owner lets go. The killable form gives up with -EINTR on SIGKILL.
 *   wait queue the tasks waiting for a condition; the waker wakes them (all, or one).
 * Which lock protects which object, and the order they nest in: guest/README.md,
 * "Locks". */
#ifndef LOCK_H
#define LOCK_H

#include "list.h"
#include "smp.h"
#include "types.h"

struct task;

struct spinlock {
    volatile uint32_t locked;
    const char *name;
    struct cpu *cpu;           /* the holder, for spin_is_held and the checks */
};

#define SPINLOCK_INIT(n) { 0, (n), NULL }

void spin_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
bool spin_is_held(const struct spinlock *lk);
void push_off(void);
void pop_off(void);
/* Panics (naming where) if the caller holds a spinlock: it is about to sleep. */
void might_sleep(const char *where);

struct wait_queue {
    struct spinlock lock;
    struct list_head waiters;  /* struct wait_entry */
};

struct wait_entry {
    struct list_head link;
    struct task *task;
};

#define WAIT_QUEUE_INIT(wq, n) { SPINLOCK_INIT(n), LIST_HEAD_INIT((wq).waiters) }

void wait_queue_init(struct wait_queue *wq, const char *name);
void wait_entry_init(struct wait_entry *e);
/* The wait loop, as Linux writes it:
 *     prepare_to_wait(wq, &e);  if (condition) break;  (unlock)  schedule();
 * prepare_to_wait puts the task on wq and marks it asleep before the condition is
 * looked at, so a wake_up between the look and schedule() is not lost: schedule()
 * then returns at once. finish_wait takes it off. */
void prepare_to_wait(struct wait_queue *wq, struct wait_entry *e);
void finish_wait(struct wait_queue *wq, struct wait_entry *e);
void wake_up(struct wait_queue *wq);
void wake_up_one(struct wait_queue *wq);

/* Whether anyone waits on wq (Linux's waitqueue_active), read without its lock: only
 * for a waker that holds a lock every sleeper also holds from before it checks its
 * condition until after prepare_to_wait (as the pipe's mutex), so that a sleeper it
 * does not see yet will see the condition it has changed. */
static inline bool wait_queue_active(const struct wait_queue *wq)
{
    return __atomic_load_n(&wq->waiters.next, __ATOMIC_RELAXED) != &wq->waiters;
}

/* owner holds the holding task's address, or 0, and MUTEX_WAITERS while tasks may
 * be queued: taking a free mutex and letting go of one nobody waits for are one
 * compare-and-swap each; the rest goes through wait.lock (mutex.c). */
struct mutex {
    struct wait_queue wait;    /* its lock serialises the waiters and the hand-over */
    uintptr_t owner;           /* atomic */
    const char *name;
};

#define MUTEX_WAITERS 1UL      /* owner's low bit (a task is 8-byte aligned) */

#define MUTEX_INIT(m, n) { WAIT_QUEUE_INIT((m).wait, n), 0, (n) }

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
int mutex_lock_killable(struct mutex *m);     /* 0, or -EINTR: SIGKILL is pending */
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_held(const struct mutex *m);    /* by the current task */

#endif
