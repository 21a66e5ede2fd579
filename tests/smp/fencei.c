/* Code written by one hart and run by others. Two small functions, each in a page of
 * its own that holds no data, which every hart has run (so every hart has them decoded);
 * then:
 *   1. hart 1 rewrites function 0 and executes fence.i; every hart, after its own
 *      fence.i, runs the new code;
 *   2. hart 0 executes fence.i over and over while the others keep running both
 *      functions: one hart's fence.i changes nothing for the others.
 * In both a hart runs code only after the writer is done and it has executed fence.i
 * itself, as the spec asks: the output is the same on Pagoda and QEMU.
 *
 * Built with -DLIVE (fencei-live.elf, run on Pagoda only), two more steps write code
 * that another hart is running at that moment:
 *   3. hart 3 keeps calling function 1, with a fence.i between calls, until it sees
 *      the value hart 2 writes into it;
 *   4. hart 1 keeps calling function 0 with no fence.i at all until it sees hart 0's
 *      rewrite: a store invalidates the decoded code of every hart (what Pagoda
 *      promises; the spec allows it).
 * Each waits for at most LIVE_CALLS calls, then fails. QEMU 7.2 cannot run these two:
 * now and then (one run in five beside other jobs) a hart keeps running a translation
 * of the old code for good, even with fence.i between calls (its fence.i only ends the
 * translation block), when it translates the function while another hart stores to it. */
#include "smp.h"

#define CALLS 2000

typedef long (*fn_t)(void);

/* Two functions of two instructions each, each alone in its page: the other harts'
 * stores to variables never fall into a page of code. */
static uint32_t code[2][1024] __attribute__((aligned(4096)));
#if NHARTS < 4
#error "fencei needs four harts"
#endif

static long result[NHARTS][3];

static void write_fn(int which, long k)
{
    code[which][0] = 0x00000513u | ((uint32_t)(k & 0x7ff) << 20);   /* li a0, k */
    code[which][1] = 0x00008067u;                                    /* ret */
}

static inline void fence_i(void)
{
    __asm__ volatile("fence.i" ::: "memory");
}

static long call(int which)
{
    return ((fn_t)(uintptr_t)code[which])();
}

static long run_both(int times)
{
    long sum = 0;
    for (int i = 0; i < times; i++)
        sum += call(0) + call(1);
    return sum;
}

#ifdef LIVE
#define LIVE_CALLS 1000000
static volatile long called0, called1;
static long live_seen[2];   /* what harts 1 and 3 last saw, 0 if they gave up */

/* Steps 3 and 4: each writer waits until its reader has run the old code once. */
static void live(unsigned long h)
{
    if (h == 2) {
        while (!__atomic_load_n(&called1, __ATOMIC_ACQUIRE))
            ;
        write_fn(1, 20);
    } else if (h == 3) {
        call(1);
        __atomic_store_n(&called1, 1, __ATOMIC_RELEASE);
        long v = 0;
        for (long i = 0; i < LIVE_CALLS && (v = call(1)) != 20; i++)
            fence_i();
        live_seen[1] = v == 20 ? v : 0;
    } else if (h == 0) {
        while (!__atomic_load_n(&called0, __ATOMIC_ACQUIRE))
            ;
        write_fn(0, 5);
    } else if (h == 1) {
        call(0);
        __atomic_store_n(&called0, 1, __ATOMIC_RELEASE);
        long v = 0;
        for (long i = 0; i < LIVE_CALLS && (v = call(0)) != 5; i++)
            ;
        live_seen[0] = v == 5 ? v : 0;
    }
}
#endif

void hart_main(unsigned long h)
{
    if (h == 0) {
        write_fn(0, 1);
        write_fn(1, 10);
        fence_i();
    }
    barrier(1);
    fence_i();
    result[h][0] = run_both(CALLS);               /* 11 * CALLS: decoded everywhere */
    barrier(2);

    if (h == 1) {
        write_fn(0, 2);
        fence_i();
    }
    barrier(3);
    fence_i();
    result[h][1] = call(0);                       /* 2 */
    barrier(4);

    if (h == 0) {
        for (int i = 0; i < 4 * CALLS; i++)
            fence_i();
        result[h][2] = run_both(CALLS);
    } else {
        result[h][2] = run_both(CALLS);           /* 12 * CALLS */
    }
    barrier(5);
#ifdef LIVE
    live(h);
#endif
    barrier(6);
    if (h != 0)
        return;

    fence_i();
    int failed = 0;
    for (unsigned i = 0; i < NHARTS; i++) {
        say("fencei: hart ", i, " ran both functions: ");
        say("", (unsigned long)result[i][0], "\n");
        say("fencei: hart ", i, " after hart 1's rewrite: ");
        say("", (unsigned long)result[i][1], "\n");
        say("fencei: hart ", i, " while hart 0 runs fence.i: ");
        say("", (unsigned long)result[i][2], "\n");
        failed |= result[i][0] != 11 * CALLS || result[i][1] != 2 || result[i][2] != 12 * CALLS;
    }
#ifdef LIVE
    say("fencei: hart 3 saw hart 2's rewrite (fence.i between calls): ", (unsigned long)live_seen[1], "\n");
    say("fencei: hart 1 saw hart 0's rewrite (no fence.i): ", (unsigned long)live_seen[0], "\n");
    failed |= live_seen[1] != 20 || live_seen[0] != 5 || call(0) != 5 || call(1) != 20;
#else
    failed |= call(0) != 2 || call(1) != 10;
#endif
    puts_raw(failed ? "fencei: FAIL\n" : "fencei: PASS\n");
    power_off(failed);
}
