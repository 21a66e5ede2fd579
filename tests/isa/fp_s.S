/* F arithmetic on NaN-boxed singles: results are boxed (upper 32 bits ones), an
 * operand that is not properly boxed reads as the canonical NaN, flw boxes, fsw and
 * fmv.x.w take the low 32 bits as they are; rounding modes, flags, FMA. */
#include "fp.h"

#define ONE   0x3f800000
#define TWO   0x40000000
#define THREE 0x40400000
#define MAX   0x7f7fffff
#define INF   0x7f800000
#define NEG   0x80000000
#define SNAN  0x7f800001

TEST_BEGIN
    FP_ENABLE

    TEST_F2( 1, fadd.s, rne, S(THREE), 0, S(ONE), S(TWO))
    TEST_F2( 2, fadd.s, rne, S(ONE), NX, S(ONE), S(0x33800000))       /* + 2^-24: tie */
    TEST_F2( 3, fadd.s, rmm, S(0x3f800001), NX, S(ONE), S(0x33800000))
    TEST_F2( 4, fdiv.s, rne, S(0x3eaaaaab), NX, S(ONE), S(THREE))
    TEST_F2( 5, fdiv.s, rtz, S(0x3eaaaaaa), NX, S(ONE), S(THREE))
    TEST_F2( 6, fmul.s, rne, S(INF), OF|NX, S(MAX), S(TWO))
    TEST_F2( 7, fmul.s, rtz, S(MAX), OF|NX, S(MAX), S(TWO))
    TEST_F2( 8, fmul.s, rne, S(0x00400000), UF|NX, S(0x00800001), S(0x3f000000))
    TEST_F2( 9, fsub.s, rne, QNAN_S, NV, S(INF), S(INF))
    TEST_F2(10, fadd.s, rne, QNAN_S, NV, S(SNAN), S(ONE))
    TEST_F2(11, fdiv.s, rne, S(NEG|INF), DZ, S(NEG|ONE), S(0))
    TEST_F1(12, fsqrt.s, rne, S(0x3fb504f3), NX, S(TWO))
    TEST_F1(13, fsqrt.s, rne, QNAN_S, NV, S(NEG|TWO))
    TEST_F3(14, fmadd.s, rne, S(0x40e00000), 0, S(TWO), S(THREE), S(ONE))
    TEST_F3(15, fnmsub.s, rne, S(0xc0a00000), 0, S(TWO), S(THREE), S(ONE))
    TEST_F3(16, fmsub.s, rup, S(0x34800001), NX, S(0x3f800001), S(0x3f800001), S(ONE))
    TEST_F3(17, fnmadd.s, rne, S(0xc0e00000), 0, S(TWO), S(THREE), S(ONE))

    /* NaN boxing of operands: anything not boxed is the canonical NaN */
    TEST_F2(20, fadd.s, rne, QNAN_S, 0, ONE, S(ONE))                /* upper bits 0 */
    TEST_F2(21, fadd.s, rne, QNAN_S, 0, S(ONE), 0x7fffffff3f800000)  /* one bit short */
    TEST_F1(22, fsqrt.s, rne, QNAN_S, 0, 0x123456783f800000)
    TEST_F2_NORM(23, fsgnj.s, QNAN_S, 0, ONE, S(ONE))              /* canonical NaN, + */
    TEST_F2_NORM(24, fsgnjn.s, S(0xffc00000), 0, ONE, S(ONE))      /* ... sign of ~b */
    TEST_F2_NORM(25, fsgnj.s, S(ONE), 0, S(ONE), 0x00000000bf800000)  /* b unboxed: a NaN, sign 0 */
    TEST_FX(26, fclass.s, 0x200, ONE)                               /* quiet NaN */
    TEST_FX(27, fclass.s, 0x040, S(ONE))
    TEST_FX(28, fmv.x.w, 0xffffffff9abcdef0, 0x123456789abcdef0)    /* no box check */
    TEST_FX(29, fmv.x.w, 0x000000003f800000, S(ONE))
    TEST_FCMP(30, feq.s, 0, 0, ONE, S(ONE))
    TEST_F2_NORM(31, fmax.s, S(ONE), 0, ONE, S(ONE))                /* NaN operand: other */

    /* fmv.w.x boxes; flw boxes; fsw stores the low word of whatever is there */
    TESTNUM(40)
    li a1, 0xdeadbeef3f800000
    fmv.w.x fa0, a1
    EXPECT_F(fa0, S(ONE), 0)
    TESTNUM(41)
    la a2, buf
    li t0, 0x4049fdb040490fdb
    sd t0, 0(a2)
    flw fa0, 4(a2)
    EXPECT_F(fa0, S(0x4049fdb0), 0)
    TESTNUM(42)
    FSET(fa1, 0x1122334455667788)
    fsw fa1, 0(a2)
    ld a0, 0(a2)
    EXPECT(a0, 0x4049fdb055667788)
    TESTNUM(43)                                     /* fld/fsd move 64 bits */
    fsd fa1, 8(a2)
    fld fa2, 8(a2)
    EXPECT_F(fa2, 0x1122334455667788, 0)
TEST_END

    .data
    .align 3
buf: .dword 0, 0
