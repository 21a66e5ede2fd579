/* Sign injection, min/max, compares, fclass, moves, fcsr/frm/fflags as CSRs, and the
 * compressed D loads and stores. */
#include "fp.h"

#define ONE   0x3ff0000000000000
#define TWO   0x4000000000000000
#define NEG   0x8000000000000000
#define INF   0x7ff0000000000000
#define SNAN  0x7ff0000000000001

TEST_BEGIN
    FP_ENABLE

    /* sign injection copies payloads untouched, raises nothing */
    TEST_F2_NORM( 1, fsgnj.d, NEG|ONE, 0, ONE, NEG|TWO)
    TEST_F2_NORM( 2, fsgnjn.d, ONE, 0, ONE, NEG|TWO)
    TEST_F2_NORM( 3, fsgnjx.d, ONE, 0, NEG|ONE, NEG|TWO)
    TEST_F2_NORM( 4, fsgnj.d, NEG|SNAN, 0, SNAN, NEG)           /* sNaN stays, no NV */
    /* min/max: -0 < +0, a NaN operand gives the other, two give the canonical NaN */
    TEST_F2_NORM(10, fmin.d, NEG, 0, 0, NEG)
    TEST_F2_NORM(11, fmin.d, NEG, 0, NEG, 0)
    TEST_F2_NORM(12, fmax.d, 0, 0, NEG, 0)
    TEST_F2_NORM(13, fmin.d, ONE, 0, QNAN_D, ONE)
    TEST_F2_NORM(14, fmax.d, ONE, NV, ONE, SNAN)
    TEST_F2_NORM(15, fmin.d, QNAN_D, 0, 0x7ff8000000000005, 0xfff8000000000000)
    TEST_F2_NORM(16, fmax.d, QNAN_D, NV, SNAN, SNAN)
    TEST_F2_NORM(17, fmin.d, NEG|INF, 0, NEG|INF, ONE)
    TEST_F2_NORM(18, fmax.s, S(0x3f800000), 0, S(0xbf800000), S(0x3f800000))
    /* compares: feq quiet, flt/fle signalling */
    TEST_FCMP(20, feq.d, 1, 0, NEG, 0)
    TEST_FCMP(21, flt.d, 0, 0, NEG, 0)
    TEST_FCMP(22, fle.d, 1, 0, NEG, 0)
    TEST_FCMP(23, feq.d, 0, 0, QNAN_D, ONE)
    TEST_FCMP(24, feq.d, 0, NV, SNAN, ONE)
    TEST_FCMP(25, flt.d, 0, NV, QNAN_D, ONE)
    TEST_FCMP(26, fle.d, 0, NV, ONE, QNAN_D)
    TEST_FCMP(27, flt.d, 1, 0, NEG|TWO, NEG|ONE)
    TEST_FCMP(28, fle.d, 0, 0, INF, ONE)
    TEST_FCMP(29, flt.s, 1, 0, S(0xbf800000), S(0x3f800000))
    TEST_FCMP(30, feq.s, 0, NV, S(0x7f800001), S(0x7f800001))
    /* fclass: one bit each */
    TEST_FX(40, fclass.d, 0x001, NEG|INF)
    TEST_FX(41, fclass.d, 0x002, NEG|ONE)
    TEST_FX(42, fclass.d, 0x004, NEG|1)
    TEST_FX(43, fclass.d, 0x008, NEG)
    TEST_FX(44, fclass.d, 0x010, 0)
    TEST_FX(45, fclass.d, 0x020, 0x000fffffffffffff)
    TEST_FX(46, fclass.d, 0x040, ONE)
    TEST_FX(47, fclass.d, 0x080, INF)
    TEST_FX(48, fclass.d, 0x100, SNAN)
    TEST_FX(49, fclass.d, 0x200, QNAN_D)
    TEST_FX(50, fclass.s, 0x100, S(0x7f800001))
    TEST_FX(51, fclass.s, 0x004, S(0x80000001))
    /* moves between register files keep every bit */
    TEST_FX(55, fmv.x.d, 0x7ff0000000000001, 0x7ff0000000000001)
    TESTNUM(56)
    li a1, 0xfff0000000000001
    fmv.d.x fa0, a1
    EXPECT_F(fa0, 0xfff0000000000001, 0)

    /* fcsr = frm << 5 | fflags; the views share the bits */
    TESTNUM(60)
    li t0, 0xff
    csrw fcsr, t0
    csrr a0, fcsr
    EXPECT(a0, 0xff)
    csrr a0, frm
    EXPECT(a0, 7)
    csrr a0, fflags
    EXPECT(a0, 0x1f)
    TESTNUM(61)
    li t0, -1
    csrw fcsr, t0                                   /* bits above 7 ignored */
    csrr a0, fcsr
    EXPECT(a0, 0xff)
    TESTNUM(62)
    csrwi fflags, 0x3
    csrr a0, fcsr
    EXPECT(a0, 0xe3)
    csrwi frm, 1
    csrr a0, fcsr
    EXPECT(a0, 0x23)
    TESTNUM(63)                                     /* flags accumulate */
    csrw fcsr, zero
    FSET(fa1, ONE); FSET(fa2, 0)
    fdiv.d fa0, fa1, fa2
    fsqrt.d fa0, fa2
    FSET(fa3, 0x4008000000000000)
    fdiv.d fa0, fa1, fa3
    EXPECT_FLAGS(DZ|NX)

    /* compressed D loads and stores */
    TESTNUM(70)
    la s0, buf
    li t0, 0x0123456789abcdef
    sd t0, 16(s0)
    c.fld fa5, 16(s0)
    EXPECT_F(fa5, 0x0123456789abcdef, 0)
    TESTNUM(71)
    c.fsd fa5, 248(s0)
    ld a0, 248(s0)
    EXPECT(a0, 0x0123456789abcdef)
    TESTNUM(72)
    mv t1, sp
    mv sp, s0
    c.fsdsp fa5, 504(sp)
    c.fldsp ft0, 504(sp)
    mv sp, t1
    EXPECT_F(ft0, 0x0123456789abcdef, 0)
TEST_END

    .data
    .align 3
buf: .zero 512
