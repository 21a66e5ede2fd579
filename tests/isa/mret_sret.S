/* Trap entry and xRET state transitions (privileged spec, mstatus):
 *   trap to M: MPIE <- MIE, MIE <- 0, MPP <- old mode
 *   mret:      MIE <- MPIE, MPIE <- 1, mode <- MPP, MPP <- U
 *   trap to S: SPIE <- SIE, SIE <- 0, SPP <- old mode
 *   sret:      SIE <- SPIE, SPIE <- 1, mode <- SPP, SPP <- U
 * No interrupt is enabled in mie, so MIE/SIE can be set freely. Priv 1.12 also has
 * an xRET to a mode below M clear MPRV; QEMU 7.2 does not, so that is not tested. */
#include "test.h"

/* reg = mstatus & mask */
#define MSTATUS_BITS(reg, mask) csrr reg, mstatus; li t6, mask; and reg, reg, t6
#define SSTATUS_BITS(reg, mask) csrr reg, sstatus; li t6, mask; and reg, reg, t6
#define TRAP_STATUS(rec, reg, mask) la t5, rec; ld reg, TR_STATUS(t5); li t6, mask; and reg, reg, t6

TEST_BEGIN
    /* mret to M with MPIE = 1, MIE = 0: MIE <- 1, MPIE <- 1, MPP <- U */
    TESTNUM(1)
    li t0, MSTATUS_MPP | MSTATUS_MPIE
    csrs mstatus, t0
    li t0, MSTATUS_MIE
    csrc mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
    j fail
1:  MSTATUS_BITS(a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)
    EXPECT(a0, MSTATUS_MIE | MSTATUS_MPIE)

    /* mret to M with MPIE = 0, MIE = 1: MIE <- 0, MPIE <- 1 */
    TESTNUM(2)
    li t0, MSTATUS_MPP | MSTATUS_MIE
    csrs mstatus, t0
    li t0, MSTATUS_MPIE
    csrc mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
    j fail
1:  MSTATUS_BITS(a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)
    EXPECT(a0, MSTATUS_MPIE)

    /* mret to M keeps MPRV */
    TESTNUM(3)
    li t0, MSTATUS_MPP | MSTATUS_MPRV
    csrs mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
1:  MSTATUS_BITS(a0, MSTATUS_MPRV)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    EXPECT(a0, MSTATUS_MPRV)

    /* a trap from M: MPIE <- MIE (1), MIE <- 0, MPP <- M */
    TESTNUM(4)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    TRAP_ARM(mtrap_rec)
    ecall
    TRAP_DISARM(mtrap_rec)
    TRAP_STATUS(mtrap_rec, a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)
    EXPECT(a0, MSTATUS_MPIE | MSTATUS_MPP)
    MSTATUS_BITS(a0, MSTATUS_MIE)                 /* the handler's mret restored MIE */
    EXPECT(a0, MSTATUS_MIE)
    TESTNUM(5)                                     /* and with MIE = 0: MPIE <- 0 */
    li t0, MSTATUS_MIE
    csrc mstatus, t0
    TRAP_ARM(mtrap_rec)
    ecall
    TRAP_DISARM(mtrap_rec)
    TRAP_STATUS(mtrap_rec, a0, MSTATUS_MIE | MSTATUS_MPIE)
    EXPECT(a0, 0)

    /* mret to S: the S code's ecall shows MPP = S and MPIE = the MIE S ran with */
    TESTNUM(10)
    li t0, MSTATUS_MPIE
    csrs mstatus, t0
    TRAP_ARM(mtrap_rec)
    RUN_IN(PRV_S, nop)
    TRAP_DISARM(mtrap_rec)
    TRAP_STATUS(mtrap_rec, a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)
    EXPECT(a0, MSTATUS_MPIE | (PRV_S << 11))
    TESTNUM(11)
    li t0, MSTATUS_MPIE
    csrc mstatus, t0                   /* RUN_IN's mret: S runs with MIE = 0 */
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, PRV_S << 11
    csrs mstatus, t0
    li t0, MSTATUS_MPIE
    csrc mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
1:  ecall
2:  TRAP_DISARM(mtrap_rec)
    TRAP_STATUS(mtrap_rec, a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP)
    EXPECT(a0, PRV_S << 11)

    /* sret in S: SIE <- SPIE, SPIE <- 1, SPP <- U, mode <- SPP */
    TESTNUM(20)
    TRAP_ARM(mtrap_rec)
    RUN_IN(PRV_S, \
        li t0, MSTATUS_SPP | MSTATUS_SPIE; csrs sstatus, t0; li t0, MSTATUS_SIE; csrc sstatus, t0; \
        la t0, 1f; csrw sepc, t0; sret; j fail; \
    1:  SSTATUS_BITS(s0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP); \
        li t0, MSTATUS_SIE; csrc sstatus, t0)
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)         /* still in S after the sret */
    EXPECT(s0, MSTATUS_SIE | MSTATUS_SPIE)

    TESTNUM(21)                                    /* SPIE = 0, SIE = 1 */
    TRAP_ARM(mtrap_rec)
    RUN_IN(PRV_S, \
        li t0, MSTATUS_SPP | MSTATUS_SIE; csrs sstatus, t0; li t0, MSTATUS_SPIE; csrc sstatus, t0; \
        la t0, 1f; csrw sepc, t0; sret; j fail; \
    1:  SSTATUS_BITS(s0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP))
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    EXPECT(s0, MSTATUS_SPIE)

    /* sret from S with SPP = U lands in U */
    TESTNUM(22)
    TRAP_ARM(mtrap_rec)
    RUN_IN(PRV_S, \
        li t0, MSTATUS_SPP; csrc sstatus, t0; \
        la t0, 1f; csrw sepc, t0; sret; j fail; \
    1:  nop)
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_U)

    /* sret from M is legal: it goes to SPP's mode */
    TESTNUM(30)
    li t0, MSTATUS_SPP
    csrs mstatus, t0
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    la t0, 1f
    csrw sepc, t0
    sret
1:  ecall
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    MSTATUS_BITS(a0, MSTATUS_SPP)                  /* SPP <- U */
    EXPECT(a0, 0)

    /* a trap into S (delegated): SPIE <- SIE, SIE <- 0, SPP <- old mode */
    li t0, 1 << CAUSE_ILLEGAL_INSN
    csrw medeleg, t0
    TESTNUM(40)                                    /* from S with SIE = 1 */
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RUN_IN(PRV_S, li t0, MSTATUS_SIE; csrs sstatus, t0; unimp; \
           SSTATUS_BITS(s0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP))
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_CAUSE, CAUSE_ILLEGAL_INSN)
    TRAP_STATUS(strap_rec, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)
    EXPECT(a0, MSTATUS_SPIE | MSTATUS_SPP)
    EXPECT(s0, MSTATUS_SIE | MSTATUS_SPIE)         /* after the handler's sret */
    TESTNUM(41)                                    /* from U with SIE = 0 */
    li t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    csrc mstatus, t0
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RUN_IN(PRV_U, unimp)
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_CAUSE, CAUSE_ILLEGAL_INSN)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_U)          /* the handler's sret went back to U */
    TRAP_STATUS(strap_rec, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)
    EXPECT(a0, 0)
    csrw medeleg, zero
TEST_END
