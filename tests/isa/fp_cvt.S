/* Conversions: fcvt between integers and floats in every rounding mode, saturation
 * with NV for out-of-range values, infinities and NaNs (32-bit results sign-extended,
 * fcvt.wu too), inexact flags, fcvt.s.d / fcvt.d.s with NaNs canonical. */
#include "fp.h"

#define D_ONE   0x3ff0000000000000
#define D_2_5   0x4004000000000000
#define D_INF   0x7ff0000000000000
#define D_NEG   0x8000000000000000
#define D_2P31  0x41e0000000000000
#define D_2P32  0x41f0000000000000
#define D_2P63  0x43e0000000000000
#define D_2P64  0x43f0000000000000

TEST_BEGIN
    FP_ENABLE

    /* fcvt.w.d: rounding */
    TEST_F2I( 1, fcvt.w.d, rne, 2, NX, D_2_5)
    TEST_F2I( 2, fcvt.w.d, rmm, 3, NX, D_2_5)
    TEST_F2I( 3, fcvt.w.d, rup, 3, NX, D_2_5)
    TEST_F2I( 4, fcvt.w.d, rdn, 2, NX, D_2_5)
    TEST_F2I( 5, fcvt.w.d, rtz, 2, NX, D_2_5)
    TEST_F2I( 6, fcvt.w.d, rmm, -3, NX, D_NEG|D_2_5)
    TEST_F2I( 7, fcvt.w.d, rtz, -2, NX, D_NEG|D_2_5)
    TEST_F2I( 8, fcvt.w.d, rdn, -3, NX, D_NEG|D_2_5)
    TEST_F2I( 9, fcvt.w.d, rne, -1, NX, 0xbfe8000000000000)       /* -0.75 */
    TEST_F2I(10, fcvt.w.d, rup, 1, NX, 0x3cb0000000000000)        /* tiny positive */
    TEST_F2I(11, fcvt.w.d, rtz, 0, 0, D_NEG)
    /* fcvt.w.d: saturation */
    TEST_F2I(12, fcvt.w.d, rtz, 0x7fffffff, NV, D_2P31)
    TEST_F2I(13, fcvt.w.d, rtz, 0x7fffffff, NX, 0x41dfffffffffffff)   /* 2^31 - tiny: fits */
    TEST_F2I(14, fcvt.w.d, rtz, 0xffffffff80000000, 0, D_NEG|D_2P31)
    TEST_F2I(15, fcvt.w.d, rtz, 0xffffffff80000000, NV, 0xc1e0000000200000)  /* -2^31 - 1 */
    TEST_F2I(16, fcvt.w.d, rtz, 0x7fffffff, NV, QNAN_D)
    TEST_F2I(17, fcvt.w.d, rtz, 0x7fffffff, NV, 0xfff8000000000000)  /* negative NaN too */
    TEST_F2I(18, fcvt.w.d, rtz, 0xffffffff80000000, NV, D_NEG|D_INF)
    TEST_F2I(19, fcvt.w.d, rne, 0x7fffffff, NV, 0x41dfffffffe00000)  /* 2^31 - 0.5: rounds out */
    /* fcvt.wu.d */
    TEST_F2I(20, fcvt.wu.d, rtz, 0, NV, D_NEG|D_ONE)
    TEST_F2I(21, fcvt.wu.d, rtz, 0, NX, 0xbfe0000000000000)       /* -0.5: 0, valid */
    TEST_F2I(22, fcvt.wu.d, rdn, 0, NV, 0xbfe0000000000000)       /* rounds to -1 */
    TEST_F2I(23, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, D_2P32)
    TEST_F2I(24, fcvt.wu.d, rtz, 0xffffffffb2d05e00, 0, 0x41e65a0bc0000000)  /* 3e9, sext */
    TEST_F2I(25, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, QNAN_D)
    TEST_F2I(26, fcvt.wu.d, rtz, 0, NV, D_NEG|D_INF)
    /* fcvt.l.d, fcvt.lu.d */
    TEST_F2I(30, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, D_2P63)
    TEST_F2I(31, fcvt.l.d, rtz, 0x8000000000000000, 0, D_NEG|D_2P63)
    TEST_F2I(32, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, QNAN_D)
    TEST_F2I(33, fcvt.l.d, rtz, 0x8000000000000000, NV, 0xc3e0000000000001)
    TEST_F2I(34, fcvt.l.d, rtz, 0x7ffffffffffffc00, 0, 0x43dfffffffffffff)
    TEST_F2I(35, fcvt.lu.d, rtz, 0xfffffffffffff800, 0, 0x43efffffffffffff)
    TEST_F2I(36, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, D_2P64)
    TEST_F2I(37, fcvt.lu.d, rtz, 0, NV, D_NEG|D_ONE)
    TEST_F2I(38, fcvt.l.d, rmm, -3, NX, D_NEG|D_2_5)
    /* singles to integers */
    TEST_F2I(40, fcvt.w.s, rne, 2, NX, S(0x40200000))             /* 2.5 */
    TEST_F2I(41, fcvt.w.s, rmm, 3, NX, S(0x40200000))
    TEST_F2I(42, fcvt.w.s, rtz, 0x7fffffff, NV, S(0x4f000000))    /* 2^31 */
    TEST_F2I(43, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, S(0x4f800000))  /* 2^32 */
    TEST_F2I(44, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, QNAN_S)
    TEST_F2I(45, fcvt.lu.s, rtz, 0, NV, S(0xbf800000))
    TEST_F2I(46, fcvt.w.s, rtz, 0x7fffffff, NV, 0x3f800000)       /* unboxed: NaN */

    /* integers to floats */
    TEST_I2F_EXACT(50, fcvt.d.w, 0xbff0000000000000, -1)
    TEST_I2F_EXACT(51, fcvt.d.w, 0xc1e0000000000000, 0xffffffff80000000)
    TEST_I2F_EXACT(52, fcvt.d.w, 0xbff0000000000000, 0x00000000ffffffff)   /* low word */
    TEST_I2F_EXACT(53, fcvt.d.wu, 0x41efffffffe00000, 0xffffffffffffffff)
    TEST_I2F(54, fcvt.d.l, rne, D_2P63, NX, 0x7fffffffffffffff)
    TEST_I2F(55, fcvt.d.l, rtz, 0x43dfffffffffffff, NX, 0x7fffffffffffffff)
    TEST_I2F(56, fcvt.d.l, rne, 0xc3e0000000000000, 0, 0x8000000000000000)
    TEST_I2F(57, fcvt.d.lu, rne, D_2P64, NX, 0xffffffffffffffff)
    TEST_I2F(58, fcvt.d.lu, rdn, 0x43efffffffffffff, NX, 0xffffffffffffffff)
    TEST_I2F(59, fcvt.d.l, rne, 0, 0, 0)
    TEST_I2F(60, fcvt.s.w, rne, S(0x4b800000), NX, 16777217)        /* 2^24 + 1: tie */
    TEST_I2F(61, fcvt.s.w, rup, S(0x4b800001), NX, 16777217)
    TEST_I2F(62, fcvt.s.w, rmm, S(0x4b800001), NX, 16777217)
    TEST_I2F(63, fcvt.s.wu, rne, S(0x4f800000), NX, 0xffffffff)
    TEST_I2F(64, fcvt.s.l, rne, S(0xdf000000), 0, 0x8000000000000000)
    TEST_I2F(65, fcvt.s.lu, rtz, S(0x5f7fffff), NX, 0xffffffffffffffff)
    TESTNUM(66)                                     /* any rm: fcvt.d.w fa0, a1, rtz */
    li a1, 1
    .insn 0xd2059553
    EXPECT_F(fa0, 0x3ff0000000000000, 0)

    /* between formats */
    TEST_F1(70, fcvt.s.d, rne, S(0x3eaaaaab), NX, 0x3fd5555555555555)
    TEST_F1(71, fcvt.s.d, rtz, S(0x3eaaaaaa), NX, 0x3fd5555555555555)
    TEST_F1(72, fcvt.s.d, rne, S(0x7f800000), OF|NX, 0x7fefffffffffffff)
    TEST_F1(73, fcvt.s.d, rtz, S(0x7f7fffff), OF|NX, 0x7fefffffffffffff)
    TEST_F1(74, fcvt.s.d, rne, S(0), UF|NX, 1)                     /* far below */
    TEST_F1(75, fcvt.s.d, rne, QNAN_S, NV, 0x7ff0000000000001)
    TEST_F1(76, fcvt.s.d, rne, QNAN_S, 0, 0xfff8000000000123)
    TEST_F1(77, fcvt.s.d, rne, S(0x80000000), 0, D_NEG)
    TEST_F1(78, fcvt.s.d, rne, S(0x00000001), 0, 0x36a0000000000000)   /* 2^-149: exact */
    TESTNUM(79)
    FSET(fa1, S(0x3f800000)); csrw fflags, zero
    fcvt.d.s fa0, fa1
    EXPECT_F(fa0, D_ONE, 0)
    TESTNUM(80)
    FSET(fa1, S(0x7f800001))
    fcvt.d.s fa0, fa1
    EXPECT_F(fa0, QNAN_D, NV)
    TESTNUM(81)
    FSET(fa1, S(0x00000001))                         /* smallest subnormal: exact */
    fcvt.d.s fa0, fa1
    EXPECT_F(fa0, 0x36a0000000000000, 0)
    TESTNUM(82)
    FSET(fa1, 0x000000003f800000)                    /* unboxed: canonical NaN, quiet */
    fcvt.d.s fa0, fa1
    EXPECT_F(fa0, QNAN_D, 0)
TEST_END
