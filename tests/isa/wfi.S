/* wfi: the hart resumes when an interrupt is pending and enabled in mie, whether
 * or not it is globally enabled (MIE); with MIE set the interrupt is then taken.
 * Woken here by the CLINT timer, and by an already-pending interrupt, in M and in
 * S. (wfi may legally return early, so each wait is a bounded wfi loop.) */
#include "test.h"

#define WAKE_DELAY 2000              /* 0.2 ms */

TEST_BEGIN
    li s11, CLINT_MTIME
    li s10, CLINT_MTIMECMP
    csrw mideleg, zero

    /* MIE = 0: wfi wakes on the timer, no trap is taken */
    TESTNUM(1)
    li t0, MIP_MTIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    ld t0, 0(s11)
    addi t0, t0, WAKE_DELAY
    sd t0, 0(s10)
    li s0, 1000000
1:  wfi
    csrr a0, mip
    andi a0, a0, MIP_MTIP
    bnez a0, 2f
    addi s0, s0, -1
    bnez s0, 1b
    j fail
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 0)
    li t0, -1
    sd t0, 0(s10)

    /* MIE = 1: wfi wakes and the timer interrupt is taken */
    TESTNUM(2)
    SET_HOOK(mtrap_rec, timer_off)
    TRAP_ARM(mtrap_rec)
    ld t0, 0(s11)
    addi t0, t0, WAKE_DELAY
    sd t0, 0(s10)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    li s0, 1000000
1:  wfi
    la t5, mtrap_rec
    ld t5, TR_COUNT(t5)
    bnez t5, 2f
    addi s0, s0, -1
    bnez s0, 1b
    j fail
2:  li t0, MSTATUS_MIE
    csrc mstatus, t0
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_MTI))
    CLEAR_HOOK(mtrap_rec)
    csrw mie, zero

    /* an interrupt already pending and enabled: wfi does not wait for anything */
    TESTNUM(3)
    li t0, MIP_SSIP
    csrw mie, t0
    csrs mip, t0
    TRAP_ARM(mtrap_rec)
    wfi
    wfi
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 0)

    /* TW only concerns modes below M */
    TESTNUM(4)
    li t0, MSTATUS_TW
    csrs mstatus, t0
    TRAP_ARM(mtrap_rec)
    wfi
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 0)
    li t0, MSTATUS_TW
    csrc mstatus, t0

    /* in S (TW = 0) with a delegated SSI pending but SIE = 0: wfi returns */
    TESTNUM(5)
    li t0, MIP_SSIP
    csrw mideleg, t0
    li t0, MSTATUS_SIE
    csrc mstatus, t0
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RUN_IN(PRV_S, wfi; wfi)
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 0)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    li t0, MIP_SSIP
    csrc mip, t0
    csrw mideleg, zero
    csrw mie, zero

    /* in S, woken by the machine timer, which is then taken in M (M-level
     * interrupts are always enabled below M) */
    TESTNUM(6)
    SET_HOOK(mtrap_rec, timer_off)
    li t0, MIP_MTIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    ld t0, 0(s11)
    addi t0, t0, WAKE_DELAY
    sd t0, 0(s10)
    RUN_IN(PRV_S, li s0, 1000000; 1: wfi; la t5, mtrap_rec; ld t5, TR_COUNT(t5); \
           bnez t5, 2f; addi s0, s0, -1; bnez s0, 1b; j fail; 2: nop)
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 2)
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(IRQ_MTI))
    EXPECT_MTRAP(TR_LOG + 8, CAUSE_ECALL_S)
    CLEAR_HOOK(mtrap_rec)
    csrw mie, zero
TEST_END

/* Timer hook: push mtimecmp to the far future and wait for MTIP to drop. */
timer_off:
    li t1, CLINT_MTIMECMP
    li t2, -1
    sd t2, 0(t1)
1:  csrr t2, mip
    andi t2, t2, MIP_MTIP
    bnez t2, 1b
    jr t0
