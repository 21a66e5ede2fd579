/* D arithmetic: fadd fsub fmul fdiv fsqrt and the four FMAs, in every rounding mode
 * (static and dynamic), with the five flags: exact and inexact results, ties (RNE to
 * even, RMM away from zero), overflow to infinity or the largest finite number by
 * mode, underflow with tininess detected after rounding, invalid operations giving
 * the canonical NaN, division by zero, NaN payloads not propagated. */
#include "fp.h"

#define ONE      0x3ff0000000000000
#define TWO      0x4000000000000000
#define THREE    0x4008000000000000
#define HALF     0x3fe0000000000000
#define MAX      0x7fefffffffffffff
#define INF      0x7ff0000000000000
#define NEG      0x8000000000000000
#define MINNORM  0x0010000000000000
#define HALF_ULP 0x3ca0000000000000            /* 2^-53: half an ulp of 1.0 */
#define SNAN     0x7ff0000000000001

TEST_BEGIN
    FP_ENABLE

    /* fadd: exact, ties, signs of zero */
    TEST_F2( 1, fadd.d, rne, THREE, 0, ONE, TWO)
    TEST_F2( 2, fadd.d, rne, ONE, NX, ONE, HALF_ULP)            /* tie: to even */
    TEST_F2( 3, fadd.d, rmm, 0x3ff0000000000001, NX, ONE, HALF_ULP)  /* tie: away */
    TEST_F2( 4, fadd.d, rup, 0x3ff0000000000001, NX, ONE, HALF_ULP)
    TEST_F2( 5, fadd.d, rdn, ONE, NX, ONE, HALF_ULP)
    TEST_F2( 6, fadd.d, rtz, ONE, NX, ONE, HALF_ULP)
    TEST_F2( 7, fadd.d, rmm, 0xbff0000000000001, NX, NEG|ONE, NEG|HALF_ULP)
    TEST_F2( 8, fadd.d, rdn, NEG|0x3ff0000000000001, NX, NEG|ONE, NEG|HALF_ULP)
    TEST_F2( 9, fadd.d, rne, 0x3ff0000000000002, NX, 0x3ff0000000000001, HALF_ULP) /* tie, odd */
    TEST_F2(10, fadd.d, rne, 0, 0, ONE, NEG|ONE)                /* x - x = +0 */
    TEST_F2(11, fadd.d, rdn, NEG, 0, ONE, NEG|ONE)              /* ... -0 rounding down */
    TEST_F2(12, fadd.d, rne, NEG, 0, NEG, NEG)
    TEST_F2(13, fadd.d, rne, 0, 0, NEG, 0)
    /* overflow by rounding mode */
    TEST_F2(14, fadd.d, rne, INF, OF|NX, MAX, MAX)
    TEST_F2(15, fadd.d, rtz, MAX, OF|NX, MAX, MAX)
    TEST_F2(16, fadd.d, rdn, MAX, OF|NX, MAX, MAX)
    TEST_F2(17, fadd.d, rup, INF, OF|NX, MAX, MAX)
    TEST_F2(18, fadd.d, rdn, NEG|INF, OF|NX, NEG|MAX, NEG|MAX)
    TEST_F2(19, fadd.d, rup, NEG|MAX, OF|NX, NEG|MAX, NEG|MAX)
    TEST_F2(20, fadd.d, rmm, INF, OF|NX, MAX, MAX)
    /* infinities and NaNs */
    TEST_F2(21, fadd.d, rne, QNAN_D, NV, INF, NEG|INF)
    TEST_F2(22, fadd.d, rne, INF, 0, INF, INF)
    TEST_F2(23, fadd.d, rne, QNAN_D, NV, SNAN, ONE)
    TEST_F2(24, fadd.d, rne, QNAN_D, 0, 0x7ff8000000000123, ONE)  /* payload dropped */
    TEST_F2(25, fadd.d, rne, QNAN_D, 0, ONE, 0xfff8000000000456)
    TEST_F2(26, fsub.d, rne, QNAN_D, NV, INF, INF)
    TEST_F2(27, fsub.d, rne, 0xbff0000000000000, 0, TWO, THREE)
    TEST_F2(28, fsub.d, rdn, NEG, 0, THREE, THREE)

    /* fmul: exact, inexact by mode, underflow */
    TEST_F2(30, fmul.d, rne, 0x4018000000000000, 0, TWO, THREE)
    TEST_F2(31, fmul.d, rne, QNAN_D, NV, INF, 0)
    TEST_F2(32, fmul.d, rne, NEG|INF, 0, INF, NEG|TWO)
    TEST_F2(33, fmul.d, rne, 0x0008000000000000, 0, MINNORM, HALF)   /* exact subnormal */
    TEST_F2(34, fmul.d, rne, 0x0008000000000000, UF|NX, 0x0010000000000001, HALF) /* tie */
    TEST_F2(35, fmul.d, rup, 0x0008000000000001, UF|NX, 0x0010000000000001, HALF)
    TEST_F2(36, fmul.d, rmm, 0x0008000000000001, UF|NX, 0x0010000000000001, HALF)
    /* tiny after rounding: (1 - 2^-53) * 2^-1022 rounds up to 2^-1022 in the
     * subnormal format, but at full precision it stays below: UF */
    TEST_F2(37, fmul.d, rne, MINNORM, UF|NX, MINNORM, 0x3fefffffffffffff)
    /* not tiny after rounding: (2^-1022 - 2^-1074)(1 + 2^-52) is 2^-1022 - 2^-1126,
     * which rounds to 2^-1022 even with an unbounded exponent: no UF */
    TEST_F2(38, fmul.d, rne, MINNORM, NX, 0x000fffffffffffff, 0x3ff0000000000001)
    TEST_F2(39, fmul.d, rtz, 0x000fffffffffffff, UF|NX, 0x000fffffffffffff, 0x3ff0000000000001)
    TEST_F2(40, fmul.d, rne, 0, UF|NX, 1, HALF)                  /* 2^-1075: tie to 0 */
    TEST_F2(41, fmul.d, rmm, 1, UF|NX, 1, HALF)
    TEST_F2(42, fmul.d, rup, 1, UF|NX, 1, 0x3c90000000000000)    /* far below: up to min */
    TEST_F2(43, fmul.d, rne, INF, OF|NX, MAX, TWO)

    /* fdiv */
    TEST_F2(50, fdiv.d, rne, 0x3fd5555555555555, NX, ONE, THREE)
    TEST_F2(51, fdiv.d, rup, 0x3fd5555555555556, NX, ONE, THREE)
    TEST_F2(52, fdiv.d, rdn, 0x3fd5555555555555, NX, ONE, THREE)
    TEST_F2(53, fdiv.d, rdn, 0xbfd5555555555556, NX, NEG|ONE, THREE)
    TEST_F2(54, fdiv.d, rtz, 0xbfd5555555555555, NX, NEG|ONE, THREE)
    TEST_F2(55, fdiv.d, rne, INF, DZ, ONE, 0)
    TEST_F2(56, fdiv.d, rne, NEG|INF, DZ, ONE, NEG)
    TEST_F2(57, fdiv.d, rne, QNAN_D, NV, 0, 0)
    TEST_F2(58, fdiv.d, rne, QNAN_D, NV, INF, INF)
    TEST_F2(59, fdiv.d, rne, 0, 0, ONE, INF)
    TEST_F2(60, fdiv.d, rne, INF, 0, INF, 0)                      /* not DZ */
    TEST_F2(61, fdiv.d, rne, QNAN_D, 0, 0x7ff8000000000001, 0)    /* NaN / 0: no DZ */

    /* fsqrt */
    TEST_F1(70, fsqrt.d, rne, TWO, 0, 0x4010000000000000)
    TEST_F1(71, fsqrt.d, rne, 0x3ff6a09e667f3bcd, NX, TWO)
    TEST_F1(72, fsqrt.d, rtz, 0x3ff6a09e667f3bcc, NX, TWO)
    TEST_F1(73, fsqrt.d, rup, 0x3ff6a09e667f3bcd, NX, TWO)
    TEST_F1(74, fsqrt.d, rne, QNAN_D, NV, NEG|ONE)
    TEST_F1(75, fsqrt.d, rne, NEG, 0, NEG)                        /* sqrt(-0) = -0 */
    TEST_F1(76, fsqrt.d, rne, INF, 0, INF)
    TEST_F1(77, fsqrt.d, rne, QNAN_D, NV, SNAN)
    TEST_F1(78, fsqrt.d, rne, 0x1e60000000000000, 0, 1)           /* sqrt(2^-1074) = 2^-537 */

    /* the four FMAs: one rounding */
    TEST_F3(80, fmadd.d, rne, 0x401c000000000000, 0, TWO, THREE, ONE)   /* 7 */
    TEST_F3(81, fmsub.d, rne, 0x4014000000000000, 0, TWO, THREE, ONE)   /* 5 */
    TEST_F3(82, fnmsub.d, rne, 0xc014000000000000, 0, TWO, THREE, ONE)  /* -5 */
    TEST_F3(83, fnmadd.d, rne, 0xc01c000000000000, 0, TWO, THREE, ONE)  /* -7 */
    /* (1 + 2^-52)^2 - 1 = 2^-51 + 2^-104 exactly: rounded once, up */
    TEST_F3(84, fmadd.d, rup, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, NEG|ONE)
    TEST_F3(85, fmadd.d, rne, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, NEG|ONE)
    TEST_F3(86, fmadd.d, rne, QNAN_D, NV, INF, 0, QNAN_D)         /* ∞ × 0 + qNaN: NV */
    TEST_F3(87, fmadd.d, rne, QNAN_D, NV, INF, ONE, NEG|INF)
    TEST_F3(88, fmadd.d, rne, QNAN_D, 0, ONE, ONE, QNAN_D)
    TEST_F3(89, fmadd.d, rne, 0, 0, ONE, NEG, 0)                  /* -0 + +0 = +0 */
    TEST_F3(90, fmadd.d, rdn, NEG, 0, ONE, NEG, 0)                /* ... -0 rounding down */
    TEST_F3(91, fnmadd.d, rne, NEG, 0, ONE, 0, 0)                 /* -(+0) - +0 = -0 */
    TEST_F3(92, fmadd.d, rne, INF, OF|NX, MAX, TWO, NEG|ONE)
    TEST_F3(93, fmsub.d, rne, 0, 0, TWO, THREE, 0x4018000000000000)  /* 6 - 6 = +0 */

    /* dynamic rounding mode: frm; reserved frm values make dyn illegal */
    TESTNUM(100)
    csrwi frm, 3                                        /* rup */
    FSET(fa1, ONE); FSET(fa2, THREE); csrw fflags, zero
    fdiv.d fa0, fa1, fa2, dyn
    EXPECT_F(fa0, 0x3fd5555555555556, NX)
    TESTNUM(101)
    csrwi frm, 4                                        /* rmm */
    FSET(fa1, ONE); FSET(fa2, HALF_ULP)
    fadd.d fa0, fa1, fa2
    EXPECT_F(fa0, 0x3ff0000000000001, NX)
    TEST_TRAP(102, CAUSE_ILLEGAL_INSN, csrwi frm, 5; fadd.d fa0, fa1, fa2)
    TEST_TRAP(103, CAUSE_ILLEGAL_INSN, csrwi frm, 7; fsqrt.d fa0, fa1)
    TEST_TRAP(104, CAUSE_ILLEGAL_INSN, csrwi frm, 6; fcvt.w.d a0, fa1)
    csrwi frm, 0
    TESTNUM(105)                                        /* a static mode ignores frm */
    csrwi frm, 5
    fadd.d fa0, fa1, fa2, rne
    csrwi frm, 0
    /* reserved static modes 5 and 6 are illegal, and mtval holds the bits */
    TEST_TRAP(106, CAUSE_ILLEGAL_INSN, .insn 0x02c5d553)
    EXPECT_MTRAP(TR_TVAL, 0x02c5d553)
    TEST_TRAP(107, CAUSE_ILLEGAL_INSN, .insn 0x02c5e553)
    TEST_TRAP(108, CAUSE_ILLEGAL_INSN, .insn 0x1a05e543)       /* fmadd.d rm=6 */
TEST_END
