/* Machine interrupts: the global MIE gate in M and its absence below M; the
 * individual mie gates; mip's software-writable S bits and the CLINT msip
 * register; mcause with the interrupt bit; mepc at the first instruction not
 * executed, right after a CSR write that enables a pending interrupt; a handler
 * that clears the source. Priority has its own test, irq_priority.S. */
#include "test.h"

#define ALL_INTS (MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP)

/* Poll mip until (mip & mask) == mask, failing after a bounded wait. */
#define WAIT_MIP(mask) \
    li t1, 1000000; li t2, mask; \
7700: csrr t0, mip; and t0, t0, t2; beq t0, t2, 7701f; addi t1, t1, -1; bnez t1, 7700b; j fail; 7701:

#define QUIET_ALL \
    csrw mie, zero; li t0, MSTATUS_MIE; csrc mstatus, t0; \
    li t0, CLINT_MSIP; sw zero, 0(t0); li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0); \
    li t0, MIP_SSIP | MIP_STIP | MIP_SEIP; csrc mip, t0

TEST_BEGIN
    csrw mideleg, zero

    /* the CLINT's msip register drives mip.MSIP */
    TESTNUM(1)
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    WAIT_MIP(MIP_MSIP)
    TESTNUM(2)
    li t0, CLINT_MSIP
    lw a0, 0(t0)
    EXPECT(a0, 1)
    sw zero, 0(t0)
    li t1, 1000000
1:  csrr t0, mip
    andi t0, t0, MIP_MSIP
    beqz t0, 2f
    addi t1, t1, -1
    bnez t1, 1b
    j fail
2:

    /* in M with MIE = 0 nothing is taken; an enabling write to mie takes it at once */
    TESTNUM(20)
    li t0, MIP_SSIP
    csrs mip, t0
    TRAP_ARM(mtrap_rec)
    csrw mie, t0
    nop
    nop
    EXPECT_MTRAP(TR_COUNT, 0)
    TESTNUM(21)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
1:  nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_SSI))
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    TESTNUM(22)                                    /* the trap cleared MIE, mret set it */
    la t5, mtrap_rec
    ld a0, TR_STATUS(t5)
    andi a0, a0, MSTATUS_MIE | MSTATUS_MPIE
    EXPECT(a0, MSTATUS_MPIE)
    QUIET_ALL

    /* with MIE = 1, setting the pending bit by csrs mip takes it at once */
    TESTNUM(23)
    li t0, MIP_STIP
    csrw mie, t0
    li t1, MSTATUS_MIE
    csrs mstatus, t1
    TRAP_ARM(mtrap_rec)
    csrs mip, t0
1:  nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_STI))
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    QUIET_ALL

    /* a pending interrupt masked in mie is not taken, even with MIE = 1 */
    TESTNUM(24)
    li t0, MIP_SEIP | MIP_SSIP
    csrs mip, t0
    li t0, MIP_STIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    nop
    nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 0)
    QUIET_ALL

    /* below M, M-level interrupts are taken whatever MIE says */
    TESTNUM(30)
    li t0, MIP_SSIP
    csrw mie, t0
    csrs mip, t0
    TRAP_ARM(mtrap_rec)
    li t0, MSTATUS_MPIE                /* the U code runs with MIE = 0 */
    csrc mstatus, t0
    RESUME_AT(mtrap_rec, 2f)
    MRET_TO(PRV_U, 1f)
1:  nop
    ecall
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 2)
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(IRQ_SSI))
    EXPECT_MTRAP(TR_LOG + 8, CAUSE_ECALL_U)
    QUIET_ALL

    /* a hook that clears the source: msip taken once, mie left enabled */
    TESTNUM(40)
    SET_HOOK(mtrap_rec, clear_msip)
    li t0, MIP_MSIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    li t1, 100000                      /* wait for it to arrive */
1:  la t5, mtrap_rec
    ld t5, TR_COUNT(t5)
    bnez t5, 2f
    addi t1, t1, -1
    bnez t1, 1b
2:  li t1, 1000                        /* and make sure it does not come back */
1:  addi t1, t1, -1
    bnez t1, 1b
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_MSI))
    csrr a0, mie
    EXPECT(a0, MIP_MSIP)
    CLEAR_HOOK(mtrap_rec)
    QUIET_ALL
TEST_END

/* Interrupt hook: clear the CLINT software interrupt (may use t1, t2; returns via t0). */
clear_msip:
    li t1, CLINT_MSIP
    sw zero, 0(t1)
    fence
1:  csrr t2, mip                       /* wait until it is no longer pending */
    andi t2, t2, MIP_MSIP
    bnez t2, 1b
    jr t0
