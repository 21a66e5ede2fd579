/* A spinlock made of AMOs (amoswap.w.aq to take it, amoswap.w.rl to give it back)
 * guards a counter that every hart increments with a plain load and store; the same
 * harts count with amoadd.d and leave their hart id with amomax.d. Every total must be
 * exact. The output is the same on Pagoda and QEMU. */
#include "smp.h"

#define ROUNDS 20000

static volatile int lock;
static volatile long shared, amo_total, max_id;

void hart_main(unsigned long h)
{
    barrier(1);
    for (int i = 0; i < ROUNDS; i++) {
        spin_lock(&lock);
        long v = shared;                /* read, then write: only the lock keeps it whole */
        shared = v + 1;
        spin_unlock(&lock);
        amo_add(&amo_total, 1);
    }
    __asm__ volatile("amomax.d zero, %0, (%1)" :: "r"(h), "r"(&max_id) : "memory");
    barrier(2);
    if (h != 0)
        return;
    long want = (long)NHARTS * ROUNDS;
    say("spinlock: harts ", NHARTS, "\n");
    say("spinlock: increments under the lock ", (unsigned long)shared, "\n");
    say("spinlock: amoadd.d total ", (unsigned long)amo_total, "\n");
    say("spinlock: amomax.d hart id ", (unsigned long)max_id, "\n");
    int failed = shared != want || amo_total != want || max_id != NHARTS - 1;
    puts_raw(failed ? "spinlock: FAIL\n" : "spinlock: PASS\n");
    power_off(failed);
}
