/* Zicsr in M-mode: csrrw csrrs csrrc csrrwi csrrsi csrrci read the old value and
 * write the new one; rd = x0 still writes; rs1 = x0 (or uimm = 0) for csrrs/csrrc
 * does not write, so read-only CSRs can be read that way; any write to a read-only
 * CSR and any access to a non-existent CSR is an illegal instruction, with mtval =
 * the instruction. (csrrs/csrrc with rs1 != x0 holding zero also count as writes
 * in the spec, but QEMU 7.2 lets them read, so that case is not tested.) */
#include "test.h"

TEST_BEGIN
    /* csrrw: swap. sscratch is a plain XLEN-wide read/write register. */
    TEST_CASE( 1, a0, 0, li a1, 0; csrw sscratch, a1; li a1, 0x0123456789abcdef; csrrw a0, sscratch, a1)
    TEST_CASE( 2, a0, 0x0123456789abcdef, li a1, -1; csrrw a0, sscratch, a1)
    TEST_CASE( 3, a0, 0xffffffffffffffff, csrr a0, sscratch)
    TEST_CASE( 4, a0, 0x5a5a, li a1, 0x5a5a; csrrw x0, sscratch, a1; csrr a0, sscratch)  /* rd = x0 writes */
    TEST_CASE( 5, a1, 0x5a5a, csrrw a1, sscratch, a1)                       /* rd == rs1 */
    TEST_CASE( 6, a0, 0x5a5a, csrr a0, sscratch)

    /* csrrs / csrrc: set and clear bits, return the old value */
    TEST_CASE(10, a0, 0x5a5a, li a1, 0xff000000000000f0; csrrs a0, sscratch, a1)
    TEST_CASE(11, a0, 0xff00000000005afa, csrr a0, sscratch)
    TEST_CASE(12, a0, 0xff00000000005afa, li a1, 0xf0000000000000ff; csrrc a0, sscratch, a1)
    TEST_CASE(13, a0, 0x0f00000000005a00, csrr a0, sscratch)
    TEST_CASE(14, a0, 0x0f00000000005a00, csrrs a0, sscratch, x0)           /* no write */
    TEST_CASE(15, a0, 0x0f00000000005a00, csrrc a0, sscratch, x0)
    TEST_CASE(16, a0, 0x0f00000000005a00, li a1, 0; csrrs a0, sscratch, a1) /* writes same */
    TEST_CASE(17, a0, 0x0f00000000005a00, csrr a0, sscratch)

    /* immediate forms: 5-bit zero-extended uimm */
    TEST_CASE(20, a0, 0x0f00000000005a00, csrrwi a0, sscratch, 31)
    TEST_CASE(21, a0, 0x1f, csrr a0, sscratch)                               /* not -1 */
    TEST_CASE(22, a0, 0x1f, csrrci a0, sscratch, 0x15)
    TEST_CASE(23, a0, 0x0a, csrrsi a0, sscratch, 0x10)
    TEST_CASE(24, a0, 0x1a, csrrsi a0, sscratch, 0)                          /* no write */
    TEST_CASE(25, a0, 0x1a, csrrci a0, sscratch, 0)
    TEST_CASE(26, a0, 0x1a, csrrwi a0, sscratch, 0)
    TEST_CASE(27, a0, 0x00, csrr a0, sscratch)
    TEST_CASE(28, x0, 0, csrrwi x0, sscratch, 7; csrrsi x0, sscratch, 8; csrrci x0, sscratch, 1)
    TEST_CASE(29, a0, 0x0e, csrr a0, sscratch)

    /* the same on mscratch (restored at once: the trap handler depends on it) */
    TESTNUM(30)
    li a1, 0x8000000000000001
    csrrw a2, mscratch, a1
    csrrs a0, mscratch, x0
    csrrw x0, mscratch, a2
    EXPECT(a0, 0x8000000000000001)

    /* reading read-only CSRs with rs1 = x0 / uimm = 0 does not trap */
    TESTNUM(40)
    TRAP_ARM(mtrap_rec)
    csrr a0, mhartid
    csrrs a1, mhartid, x0
    csrrc a2, mhartid, x0
    csrrsi a3, mhartid, 0
    csrrci a4, mvendorid, 0
    csrr a5, marchid
    csrr a6, mimpid
    csrr a7, cycle
    csrr a7, instret
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 0)
    EXPECT(a0, 0)                    /* the only hart is hart 0 */
    EXPECT(a1, 0)
    EXPECT(a2, 0)
    EXPECT(a3, 0)

    /* writes to read-only CSRs trap and change nothing */
    li a1, 1
    li a2, 5
    TEST_TRAP(50, CAUSE_ILLEGAL_INSN, 1: csrw mhartid, a2)
    EXPECT_MTRAP(TR_TVAL, 0xf1461073)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    TEST_TRAP(51, CAUSE_ILLEGAL_INSN, csrrs a0, mhartid, a1)
    EXPECT_MTRAP(TR_TVAL, 0xf145a573)
    TEST_TRAP(52, CAUSE_ILLEGAL_INSN, csrrc a0, mvendorid, a1)
    EXPECT_MTRAP(TR_TVAL, 0xf115b573)
    TEST_TRAP(53, CAUSE_ILLEGAL_INSN, csrrwi a0, mimpid, 0)
    EXPECT_MTRAP(TR_TVAL, 0xf1305573)
    TEST_TRAP(54, CAUSE_ILLEGAL_INSN, csrrsi a0, marchid, 1)
    EXPECT_MTRAP(TR_TVAL, 0xf120e573)
    TEST_TRAP(55, CAUSE_ILLEGAL_INSN, csrw cycle, a2)
    EXPECT_MTRAP(TR_TVAL, 0xc0061073)
    TEST_TRAP(56, CAUSE_ILLEGAL_INSN, csrw instret, a2)
    EXPECT_MTRAP(TR_TVAL, 0xc0261073)
    TEST_TRAP(57, CAUSE_ILLEGAL_INSN, csrrci x0, cycle, 1)
    EXPECT_MTRAP(TR_TVAL, 0xc000f073)
    /* a trapping csr instruction does not write rd */
    TEST_CASE(58, a0, 0x77, li a0, 0x77; TRAP_ARM(mtrap_rec); csrrw a0, mhartid, a2; TRAP_DISARM(mtrap_rec))
    TEST_CASE(59, a0, 0, csrr a0, mhartid)

    /* CSRs that do not exist trap, reads included */
    TEST_TRAP(60, CAUSE_ILLEGAL_INSN, csrr a0, 0x0ff)
    EXPECT_MTRAP(TR_TVAL, 0x0ff02573)
    TEST_TRAP(61, CAUSE_ILLEGAL_INSN, csrw 0x3ff, a2)
    EXPECT_MTRAP(TR_TVAL, 0x3ff61073)

    /* mepc, sepc hold instruction addresses: bit 0 reads as zero after an
     * aligned write; bit 1 is writable since C is supported */
    TEST_CASE(70, a0, 0x80001236, li a1, 0x80001236; csrw mepc, a1; csrr a0, mepc)
    TEST_CASE(71, a0, 0x80001236, li a1, 0x80001236; csrw sepc, a1; csrr a0, sepc)

    /* mtvec / stvec: a 4-byte aligned base in direct mode reads back as written */
    TESTNUM(72)
    csrr s0, mtvec
    la a1, trap_table
    csrw mtvec, a1
    csrr a0, mtvec
    csrw mtvec, s0
    EXPECT_REG(a0, a1)
    TESTNUM(73)
    csrr s0, stvec
    la a1, trap_table
    csrw stvec, a1
    csrr a0, stvec
    csrw stvec, s0
    EXPECT_REG(a0, a1)
TEST_END

    .align 8
trap_table:
    j fail
