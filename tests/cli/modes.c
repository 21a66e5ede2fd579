/* Runs in M and U and faults on fetches: U-mode code loops, then jumps to address 0
 * (an instruction access fault); M-mode's handler sends it back three times, then
 * powers off from the handler through the finisher. run.sh checks that the counts per
 * mode add up to the total and match the commit log, and that the log ends at the
 * finisher store. */
#include "bare.h"

static volatile unsigned faults;

static void user_code(void)
{
    volatile unsigned x = 0;
    for (int i = 0; i < 50; i++)
        x += (unsigned)i;
    ((void (*)(void))0)();
}

__attribute__((interrupt("machine"), aligned(4))) static void handler(void)
{
    uint64_t cause;
    asm volatile("csrr %0, mcause" : "=r"(cause));
    if (cause != 1 || ++faults == 3)
        *FINISHER = cause == 1 ? 0x5555 : (99u << 16) | 0x3333;
    asm volatile("csrw mepc, %0" :: "r"(user_code));
}

int main(void)
{
    uart_puts("modes\n");
    asm volatile("csrw pmpaddr0, %0" :: "r"(-1l));
    asm volatile("csrw pmpcfg0, %0" :: "r"(0x1fl));        /* NAPOT, RWX: all memory */
    asm volatile("csrw mtvec, %0" :: "r"(handler));
    asm volatile("csrw mepc, %0" :: "r"(user_code));
    asm volatile("li t0, 0x1800; csrc mstatus, t0; mret" ::: "t0");   /* MPP = U */
    return 1;
}
