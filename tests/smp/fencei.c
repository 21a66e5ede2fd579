/* Code written by one hart and run by others. Two small functions live in one page of
 * RAM that every hart has run (so every hart has it decoded); then:
 *   1. hart 1 rewrites function 0 and executes fence.i; every hart, after its own
 *      fence.i, runs the new code;
 *   2. hart 0 executes fence.i over and over while the others keep running both
 *      functions: one hart's fence.i changes nothing for the others;
 *   3. hart 3 keeps calling function 1, with a fence.i between calls, until it sees
 *      the value hart 2 writes into it;
 *   4. hart 1 keeps calling function 0 with no fence.i at all until it sees hart 0's
 *      rewrite: a store invalidates the decoded code of every hart (what Pagoda
 *      promises; QEMU behaves the same).
 * The output is the same on Pagoda and QEMU. */
#include "smp.h"

#define CALLS 2000

typedef long (*fn_t)(void);

/* Two functions of two instructions each, in a page of their own. */
static uint32_t code[2][16] __attribute__((aligned(4096)));
#if NHARTS < 4
#error "fencei needs four harts"
#endif

static volatile long called0, called1;
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

    if (h == 2) {
        while (!__atomic_load_n(&called1, __ATOMIC_ACQUIRE))
            ;
        write_fn(1, 20);
    } else if (h == 3) {
        call(1);
        __atomic_store_n(&called1, 1, __ATOMIC_RELEASE);
        while (call(1) != 20)
            fence_i();
    } else if (h == 0) {
        while (!__atomic_load_n(&called0, __ATOMIC_ACQUIRE))
            ;
        write_fn(0, 5);
    } else if (h == 1) {
        call(0);
        __atomic_store_n(&called0, 1, __ATOMIC_RELEASE);
        while (call(0) != 5)
            ;
    }
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
    say("fencei: hart 3 saw hart 2's rewrite, hart 1 hart 0's: ", (unsigned long)call(0) + (unsigned long)call(1), "\n");
    failed |= call(0) != 5 || call(1) != 20;
    puts_raw(failed ? "fencei: FAIL\n" : "fencei: PASS\n");
    power_off(failed);
}
