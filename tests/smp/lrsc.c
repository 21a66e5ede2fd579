/* LR/SC between harts. Every hart adds to one counter with lr.d/sc.d retry loops: the
 * total must be exact however the harts interleave. Then a store by another hart to
 * the reserved doubleword, between hart 0's lr.d and sc.d, makes the sc.d fail (a
 * different value, so QEMU's compare-and-swap fails too), and a store to another
 * doubleword of the same page does not. The output is the same on Pagoda and QEMU. */
#include "smp.h"

#define ROUNDS 10000

static volatile long counter;
static volatile long go, ack;
/* The reserved doubleword and its neighbour in one page, apart from the flags. */
static volatile long cell[2] __attribute__((aligned(4096)));

static long lr(volatile long *p)
{
    long v;
    __asm__ volatile("lr.d %0, (%1)" : "=r"(v) : "r"(p) : "memory");
    return v;
}

/* 0 when the store happened. */
static long sc(volatile long *p, long v)
{
    long r;
    __asm__ volatile("sc.d %0, %1, (%2)" : "=r"(r) : "r"(v), "r"(p) : "memory");
    return r;
}

static void add_lrsc(volatile long *p, long v)
{
    while (sc(p, lr(p) + v) != 0)
        ;
}

/* Hart 0 reserves cell[0], lets hart 1 store to cell[which], then tries sc.d. */
static long reserved_store(unsigned long h, int which, long round)
{
    long failed = 0;
    if (h == 0) {
        long old = lr(&cell[0]);
        __atomic_store_n(&go, round, __ATOMIC_RELEASE);
        while (__atomic_load_n(&ack, __ATOMIC_ACQUIRE) != round)
            ;
        failed = sc(&cell[0], old + 100);
    } else if (h == 1) {
        while (__atomic_load_n(&go, __ATOMIC_ACQUIRE) != round)
            ;
        cell[which] = 7000 + round;
        __atomic_store_n(&ack, round, __ATOMIC_RELEASE);
    }
    return failed;
}

void hart_main(unsigned long h)
{
    if (h == 1)
        cell[1] = 1;                    /* hart 1's stores to the page are fast-path ones */
    barrier(1);
    for (int i = 0; i < ROUNDS; i++)
        add_lrsc(&counter, (long)h + 1);
    barrier(2);
    long other = reserved_store(h, 0, 1);
    barrier(3);
    long neighbour = reserved_store(h, 1, 2);
    barrier(4);
    if (h != 0)
        return;
    long want = ROUNDS * (long)NHARTS * (NHARTS + 1) / 2;
    say("lrsc: counter ", (unsigned long)counter, "\n");
    say("lrsc: sc.d after another hart's store to the reserved doubleword: ", other ? 1 : 0,
        other ? " (failed)\n" : " (succeeded)\n");
    say("lrsc: sc.d after a store to the next doubleword: ", neighbour ? 1 : 0,
        neighbour ? " (failed)\n" : " (succeeded)\n");
    say("lrsc: cell ", (unsigned long)cell[0], "\n");
    int failed = counter != want || !other || neighbour || cell[0] != 7001 + 100;
    puts_raw(failed ? "lrsc: FAIL\n" : "lrsc: PASS\n");
    power_off(failed);
}
