/* Vectored trap vectors: with mtvec.MODE = 1, interrupt cause n enters at
 * BASE + 4n and every exception at BASE; likewise stvec for traps taken in S.
 * Each vector slot records its number (s11 for M, s10 for S) and joins the
 * environment's handler. */
#include "test.h"

#define EXPECT_SLOT(reg, slot)  EXPECT(reg, slot)

TEST_BEGIN
    csrw mideleg, zero
    li s11, -1
    li s10, -1

    /* mtvec keeps MODE = 1 */
    TESTNUM(1)
    la t0, mvectors
    ori t0, t0, 1
    csrw mtvec, t0
    csrr a0, mtvec
    EXPECT_REG(a0, t0)

    /* exceptions use the base */
    TEST_TRAP(2, CAUSE_ECALL_M, ecall)
    EXPECT_SLOT(s11, 0)
    li s11, -1
    TEST_TRAP(3, CAUSE_ILLEGAL_INSN, .word 0x0000006b)
    EXPECT_SLOT(s11, 0)

    /* supervisor software interrupt: slot 1 */
    TESTNUM(4)
    li s11, -1
    li t0, MIP_SSIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    csrs mip, t0
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_SSI))
    EXPECT_SLOT(s11, 1)
    li t0, MIP_SSIP
    csrc mip, t0
    li t0, MSTATUS_MIE
    csrc mstatus, t0

    /* supervisor timer: slot 5; supervisor external: slot 9 */
    TESTNUM(5)
    li s11, -1
    li t0, MIP_STIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    csrs mip, t0
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_STI))
    EXPECT_SLOT(s11, 5)
    li t0, MIP_STIP
    csrc mip, t0
    li t0, MSTATUS_MIE
    csrc mstatus, t0
    TESTNUM(6)
    li s11, -1
    li t0, MIP_SEIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    csrs mip, t0
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_SEI))
    EXPECT_SLOT(s11, 9)
    li t0, MIP_SEIP
    csrc mip, t0
    li t0, MSTATUS_MIE
    csrc mstatus, t0

    /* machine software (CLINT msip): slot 3 */
    TESTNUM(7)
    li s11, -1
    li t0, MIP_MSIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    li t1, 1000000
1:  la t5, mtrap_rec
    ld t5, TR_COUNT(t5)
    bnez t5, 2f
    addi t1, t1, -1
    bnez t1, 1b
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_MSI))
    EXPECT_SLOT(s11, 3)
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    li t0, MSTATUS_MIE
    csrc mstatus, t0

    /* machine timer (mtimecmp = 0): slot 7 */
    TESTNUM(8)
    li s11, -1
    li t0, MIP_MTIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    li t1, 1000000
1:  la t5, mtrap_rec
    ld t5, TR_COUNT(t5)
    bnez t5, 2f
    addi t1, t1, -1
    bnez t1, 1b
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_MTI))
    EXPECT_SLOT(s11, 7)
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
    li t0, MSTATUS_MIE
    csrc mstatus, t0
    csrw mie, zero

    /* stvec, vectored: a delegated SSI in S enters stvec + 4; an exception
     * delegated to S enters stvec */
    TESTNUM(10)
    la t0, svectors
    ori t0, t0, 1
    csrw stvec, t0
    csrr a0, stvec
    EXPECT_REG(a0, t0)
    TESTNUM(11)
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    li s10, -1
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RUN_IN(PRV_S, li t0, MSTATUS_SIE; csrs sstatus, t0; nop; csrc sstatus, t0)
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_IRQ(IRQ_SSI))
    EXPECT_SLOT(s10, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    EXPECT_SLOT(s11, 0)                            /* M's ecall went to mtvec's base */
    li t0, MIP_SSIP
    csrc mip, t0
    csrw mideleg, zero
    csrw mie, zero
    TESTNUM(12)
    li t0, 1 << CAUSE_ILLEGAL_INSN
    csrw medeleg, t0
    li s10, -1
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RUN_IN(PRV_U, .word 0x0000006b)
    TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_CAUSE, CAUSE_ILLEGAL_INSN)
    EXPECT_SLOT(s10, 0)
    csrw medeleg, zero

    /* back to direct mode */
    la t0, mtrap_entry
    csrw mtvec, t0
    la t0, strap_entry
    csrw stvec, t0
TEST_END

/* Vector tables: 16 four-byte slots each. */
    .text
    .option push
    .option norvc
    .balign 256
mvectors:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    j mslot\n
    .endr
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
mslot\n:
    li s11, \n
    j mtrap_entry
    .endr

    .balign 256
svectors:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    j sslot\n
    .endr
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
sslot\n:
    li s10, \n
    j strap_entry
    .endr
    .option pop
