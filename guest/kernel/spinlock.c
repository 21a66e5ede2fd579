/* spinlock.c — spinlocks, as xv6 builds them: an atomic swap (amoswap.w.aq) to take
 * the lock, a release store to give it back, and interrupts off on this hart while
 * any is held (push_off/pop_off nest and remember whether interrupts were on before
 * the first). Taking a lock this hart already holds, letting go of one it does not,
 * and sleeping with one held all panic with the lock's name. */
#include "kernel.h"
#include "lock.h"
#include "riscv.h"

#define SPIN_DEADLOCK_TICKS (30 * 10000000UL)   /* 30 s at 10 MHz */

/* push_off and pop_off, inlined into spin_lock and spin_unlock: those are on every
 * path through the kernel, and their fast paths then need no stack frame (the checks'
 * panics and the spinning are out of the way). */
static inline __attribute__((always_inline)) void push_off_inline(void)
{
    bool on = intr_get();
    intr_off();
    struct cpu *c = mycpu();
    if (c->noff == 0)
        c->intena = on;
    c->noff++;
}

static inline __attribute__((always_inline)) void pop_off_inline(void)
{
    struct cpu *c = mycpu();
    if (intr_get())
        panic("pop_off: interrupts on");
    if (c->noff < 1)
        panic("pop_off: not pushed");
    if (--c->noff == 0 && c->intena)
        intr_on();
}

void push_off(void)
{
    push_off_inline();
}

void pop_off(void)
{
    pop_off_inline();
}

void spin_init(struct spinlock *lk, const char *name)
{
    lk->locked = 0;
    lk->name = name;
    lk->cpu = NULL;
}

bool spin_is_held(const struct spinlock *lk)
{
    return lk->locked && lk->cpu == mycpu();
}

/* spin_lock's slow path: the lock is this hart's already (a bug), or someone else's,
 * to wait for. */
static void __attribute__((noinline)) spin_lock_contended(struct spinlock *lk)
{
    if (spin_is_held(lk))
        panic("spin_lock: %s already held by this hart", lk->name);
    /* Test and test-and-set: spin on a plain read, so a waiting hart does not keep
     * taking the line away from the holder. A lock held for seconds is a deadlock:
     * say which (the time CSR counts at the timebase, 10 MHz on virt). */
    uint64_t start = 0;
    while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&lk->locked, __ATOMIC_RELAXED)) {
            if (!start)
                start = rdtime();
            else if (rdtime() - start > SPIN_DEADLOCK_TICKS)
                panic("spin_lock: %s held by hart %d for seconds (deadlock?)", lk->name,
                      lk->cpu ? lk->cpu->id : -1);
        }
    }
    lk->cpu = mycpu();
}

void spin_lock(struct spinlock *lk)
{
    push_off_inline();
    /* A lock this hart holds is never free: the first swap fails, and the slow path
     * tells that case from a wait. */
    if (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE)) {
        spin_lock_contended(lk);
        return;
    }
    lk->cpu = mycpu();
}

void spin_unlock(struct spinlock *lk)
{
    if (!spin_is_held(lk))
        panic("spin_unlock: %s not held", lk->name);
    lk->cpu = NULL;
    __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
    pop_off_inline();
}

void might_sleep(const char *where)
{
    if (mycpu()->noff)
        panic("%s: may sleep with %d spinlock(s) held", where, mycpu()->noff);
}
