/* mstatus.FS: with FS Off every F/D instruction and the fcsr CSRs are illegal (mtval
 * holds the bits); any FP register or fcsr write makes FS Dirty, and SD shows it in
 * mstatus and sstatus; reading FP state (fmv.x.d, fsd, fcsr reads) leaves Clean as it
 * is. misa has F and D. */
#include "fp.h"

#define ISA_BIT(c) (1 << ((c) - 'A'))

#define SET_FS(v) li t0, MSTATUS_FS; csrc mstatus, t0; li t0, v; csrs mstatus, t0
#define EXPECT_FS(v) csrr a0, mstatus; li t0, MSTATUS_FS; and a0, a0, t0; EXPECT(a0, v)

TEST_BEGIN
    TESTNUM(1)
    csrr a0, misa
    li t0, ISA_BIT('F') | ISA_BIT('D')
    and a0, a0, t0
    EXPECT(a0, ISA_BIT('F') | ISA_BIT('D'))

    SET_FS(0)
    TEST_TRAP( 2, CAUSE_ILLEGAL_INSN, fadd.d fa0, fa1, fa2)
    EXPECT_MTRAP(TR_TVAL, 0x02c5f553)
    TEST_TRAP( 3, CAUSE_ILLEGAL_INSN, fld fa0, 0(sp))
    TEST_TRAP( 4, CAUSE_ILLEGAL_INSN, fsd fa0, 0(sp))
    TEST_TRAP( 5, CAUSE_ILLEGAL_INSN, flw fa0, 0(sp))
    TEST_TRAP( 6, CAUSE_ILLEGAL_INSN, fmv.x.d a0, fa0)
    TEST_TRAP( 7, CAUSE_ILLEGAL_INSN, fmv.d.x fa0, a0)
    TEST_TRAP( 8, CAUSE_ILLEGAL_INSN, csrr a0, fcsr)
    TEST_TRAP( 9, CAUSE_ILLEGAL_INSN, csrwi frm, 1)
    TEST_TRAP(10, CAUSE_ILLEGAL_INSN, csrr a0, fflags)
    TEST_TRAP(11, CAUSE_ILLEGAL_INSN, c.fldsp fa0, 0(sp))
    EXPECT_MTRAP(TR_TVAL, 0x2502)
    TEST_TRAP(12, CAUSE_ILLEGAL_INSN, fmadd.d fa0, fa1, fa2, fa3)
    TEST_TRAP(13, CAUSE_ILLEGAL_INSN, fcvt.d.w fa0, a0)
    TEST_TRAP(14, CAUSE_ILLEGAL_INSN, feq.d a0, fa0, fa1)
    TESTNUM(15)                                     /* SD clear while Off */
    csrr a0, mstatus
    bltz a0, fail

    /* Initial -> Dirty on an FP register write, SD set in both views */
    SET_FS(MSTATUS_FS_INITIAL)
    TESTNUM(20)
    fmv.d.x fa0, zero
    EXPECT_FS(MSTATUS_FS_DIRTY)
    TESTNUM(21)
    csrr a0, mstatus
    bgez a0, fail
    csrr a0, sstatus
    bgez a0, fail
    /* Clean stays Clean while state is only read */
    SET_FS(MSTATUS_FS_CLEAN)
    TESTNUM(22)
    fmv.x.d a0, fa0
    fsd fa0, -8(sp)
    csrr a0, fcsr
    EXPECT_FS(MSTATUS_FS_CLEAN)
    TESTNUM(23)
    csrr a0, mstatus
    bltz a0, fail
    /* ... and becomes Dirty on a load into an f register, an operation, a CSR write */
    TESTNUM(24)
    fld fa1, -8(sp)
    EXPECT_FS(MSTATUS_FS_DIRTY)
    SET_FS(MSTATUS_FS_CLEAN)
    TESTNUM(25)
    fadd.d fa2, fa1, fa1
    EXPECT_FS(MSTATUS_FS_DIRTY)
    SET_FS(MSTATUS_FS_CLEAN)
    TESTNUM(26)
    csrwi fflags, 0
    EXPECT_FS(MSTATUS_FS_DIRTY)
    SET_FS(MSTATUS_FS_CLEAN)
    TESTNUM(27)
    csrwi frm, 0
    EXPECT_FS(MSTATUS_FS_DIRTY)
    /* FS is writable through sstatus too */
    TESTNUM(28)
    li t0, MSTATUS_FS
    csrc sstatus, t0
    EXPECT_FS(0)
    TEST_TRAP(29, CAUSE_ILLEGAL_INSN, fmv.x.d a0, fa0)
    /* FS gates U-mode the same way; a trap leaves FS alone */
    SET_FS(0)
    TEST_IN(30, PRV_U, CAUSE_ILLEGAL_INSN, fadd.d fa0, fa1, fa2)
    SET_FS(MSTATUS_FS_INITIAL)
    TEST_IN(31, PRV_U, CAUSE_ECALL_U, fadd.d fa0, fa1, fa2)
    EXPECT_FS(MSTATUS_FS_DIRTY)
TEST_END
