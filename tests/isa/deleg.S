/* Trap delegation with medeleg / mideleg: delegated exceptions from S and U go to
 * stvec with scause/sepc/stval set and M untouched; exceptions in M are never
 * delegated; a delegated interrupt is taken in S (from U regardless of SIE, from
 * S only with SIE) and never in M; an undelegated S-level interrupt still traps
 * to M, even from S with mstatus.MIE = 0. */
#include "test.h"

TEST_BEGIN
    /* ecall from U delegated: S sees cause 8 with sepc at the ecall, stval 0 */
    li t0, 1 << CAUSE_ECALL_U
    csrw medeleg, t0
    TESTNUM(1)
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RESUME_AT(mtrap_rec, 3f)
    RESUME_AT(strap_rec, 2f)
    li a0, 0x1234
    MRET_TO(PRV_U, 1f)
1:  ecall
    j fail
2:  csrr s0, scause                 /* now in S */
    csrr s2, stval
    ecall                           /* ecall from S is not delegated */
3:  TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_ECALL_U)
    EXPECT_TRAP_ADDR(strap_rec, TR_EPC, 1b)
    EXPECT_STRAP(TR_TVAL, 0)
    EXPECT(s0, CAUSE_ECALL_U)
    EXPECT(s2, 0)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    EXPECT(a0, 0x1234)
    csrw medeleg, zero

    /* illegal instruction from S delegated: stval = the instruction */
    li t0, 1 << CAUSE_ILLEGAL_INSN
    csrw medeleg, t0
    TESTNUM(2)
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RUN_IN(PRV_S, 1: csrr a0, mstatus)
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_ILLEGAL_INSN)
    EXPECT_STRAP(TR_TVAL, 0x30002573)
    EXPECT_TRAP_ADDR(strap_rec, TR_EPC, 1b)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)

    /* ... but the same exception in M stays in M */
    TEST_TRAP(3, CAUSE_ILLEGAL_INSN, TRAP_ARM(strap_rec); .word 0x0000006b; TRAP_DISARM(strap_rec))
    EXPECT_STRAP(TR_COUNT, 0)
    EXPECT_MTRAP(TR_TVAL, 0x0000006b)

    /* load access fault from U delegated: stval = the address */
    li t0, (1 << CAUSE_ILLEGAL_INSN) | (1 << CAUSE_LOAD_ACCESS)
    csrw medeleg, t0
    TESTNUM(4)
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    li a1, 0x10
    RUN_IN(PRV_U, ld a0, 0(a1))
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_LOAD_ACCESS)
    EXPECT_STRAP(TR_TVAL, 0x10)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_U)

    /* ecall from M with medeleg[11] set still goes to M (traps never go down) */
    li t0, 1 << CAUSE_ECALL_M
    csrw medeleg, t0
    TEST_TRAP(5, CAUSE_ECALL_M, TRAP_ARM(strap_rec); ecall; TRAP_DISARM(strap_rec))
    EXPECT_STRAP(TR_COUNT, 0)
    csrw medeleg, zero

    /* mideleg: SSIP delegated. In M it is never taken, even with everything on. */
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrs mie, t0
    li t0, MSTATUS_MIE | MSTATUS_SIE
    csrs mstatus, t0
    TESTNUM(10)
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    li t0, MIP_SSIP
    csrs mip, t0
    nop
    nop
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_MTRAP(TR_COUNT, 0)
    EXPECT_STRAP(TR_COUNT, 0)
    li t0, MSTATUS_MIE | MSTATUS_SIE
    csrc mstatus, t0

    /* in S with SIE = 0 it waits; setting SIE takes it at once, in S */
    TESTNUM(11)
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RUN_IN(PRV_S, nop; nop; la t5, strap_rec; ld s0, TR_COUNT(t5); \
           li t0, MSTATUS_SIE; csrs sstatus, t0; 1: nop; csrc sstatus, t0)
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT(s0, 0)
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_IRQ(IRQ_SSI))
    EXPECT_TRAP_ADDR(strap_rec, TR_EPC, 1b)        /* right after the csrs */
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    TESTNUM(12)                                     /* the S handler masked it in sie */
    csrr a0, mie
    andi a0, a0, MIP_SSIP
    EXPECT(a0, 0)

    /* from U it is taken even with SIE = 0 */
    TESTNUM(13)
    li t0, MIP_SSIP
    csrs mie, t0
    li t0, MSTATUS_SIE
    csrc mstatus, t0
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RUN_IN(PRV_U, 1: nop; nop)
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_IRQ(IRQ_SSI))
    EXPECT_TRAP_ADDR(strap_rec, TR_EPC, 1b)
    la t5, strap_rec
    ld a0, TR_STATUS(t5)
    andi a0, a0, MSTATUS_SPP
    EXPECT(a0, 0)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_U)
    li t0, MIP_SSIP
    csrc mip, t0
    csrw mideleg, zero

    /* not delegated: SSIP traps to M from S even with mstatus.MIE = 0 */
    TESTNUM(20)
    li t0, MIP_SSIP
    csrs mie, t0
    li t0, MSTATUS_MIE
    csrc mstatus, t0
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    li t0, MIP_SSIP
    csrs mip, t0
    RUN_IN(PRV_S, nop; nop)
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 0)
    EXPECT_MTRAP(TR_COUNT, 2)
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(IRQ_SSI))
    EXPECT_MTRAP(TR_LOG + 8, CAUSE_ECALL_S)
    li t0, MIP_SSIP
    csrc mip, t0
TEST_END
