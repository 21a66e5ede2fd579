/* F and D test helpers on top of test.h. FP registers are set and read through
 * fmv.d.x / fmv.x.d so every check sees all 64 bits (singles NaN-boxed); each check
 * also reads and clears fflags. Uses t0, a0, a1 and fa0..fa3. */
#ifndef PAGODA_ISA_FP_H
#define PAGODA_ISA_FP_H

#include "test.h"

#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS_CLEAN   (2 << 13)
#define MSTATUS_FS_DIRTY   (3 << 13)
#define MSTATUS_SD         (1 << 63)

/* fflags bits */
#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10

/* A single, NaN-boxed in a 64-bit register. */
#define S(bits) (0xffffffff00000000 | (bits))
#define QNAN_D 0x7ff8000000000000
#define QNAN_S S(0x7fc00000)

#define FP_ENABLE li t0, MSTATUS_FS; csrs mstatus, t0
#define FSET(freg, bits) li t0, bits; fmv.d.x freg, t0
/* freg holds bits and fflags holds flags (then cleared) */
#define EXPECT_F(freg, bits, flags) \
    fmv.x.d a0, freg; EXPECT(a0, bits); csrrw a1, fflags, zero; EXPECT(a1, flags)
#define EXPECT_FLAGS(flags) csrrw a1, fflags, zero; EXPECT(a1, flags)

/* fa0 = insn(fa1[, fa2[, fa3]]) with rounding mode rm */
#define TEST_F1(n, insn, rm, res, flags, a) \
    TESTNUM(n); FSET(fa1, a); csrw fflags, zero; insn fa0, fa1, rm; EXPECT_F(fa0, res, flags)
#define TEST_F2(n, insn, rm, res, flags, a, b) \
    TESTNUM(n); FSET(fa1, a); FSET(fa2, b); csrw fflags, zero; insn fa0, fa1, fa2, rm; \
    EXPECT_F(fa0, res, flags)
#define TEST_F2_NORM(n, insn, res, flags, a, b) \
    TESTNUM(n); FSET(fa1, a); FSET(fa2, b); csrw fflags, zero; insn fa0, fa1, fa2; \
    EXPECT_F(fa0, res, flags)
#define TEST_F3(n, insn, rm, res, flags, a, b, c) \
    TESTNUM(n); FSET(fa1, a); FSET(fa2, b); FSET(fa3, c); csrw fflags, zero; \
    insn fa0, fa1, fa2, fa3, rm; EXPECT_F(fa0, res, flags)
/* a0 = insn(fa1, fa2) (compares) */
#define TEST_FCMP(n, insn, res, flags, a, b) \
    TESTNUM(n); FSET(fa1, a); FSET(fa2, b); csrw fflags, zero; insn a0, fa1, fa2; \
    EXPECT(a0, res); EXPECT_FLAGS(flags)
/* a0 = insn(fa1) (fclass, fmv.x) */
#define TEST_FX(n, insn, res, a) \
    TESTNUM(n); FSET(fa1, a); insn a0, fa1; EXPECT(a0, res)
/* a0 = insn(fa1, rm) (to integer) */
#define TEST_F2I(n, insn, rm, res, flags, a) \
    TESTNUM(n); FSET(fa1, a); csrw fflags, zero; insn a0, fa1, rm; EXPECT(a0, res); \
    EXPECT_FLAGS(flags)
/* fa0 = insn(a1, rm) (from integer) */
#define TEST_I2F(n, insn, rm, res, flags, v) \
    TESTNUM(n); li a1, v; csrw fflags, zero; insn fa0, a1, rm; EXPECT_F(fa0, res, flags)
/* the same for conversions that are always exact (binutils takes no rm for them) */
#define TEST_I2F_EXACT(n, insn, res, v) \
    TESTNUM(n); li a1, v; csrw fflags, zero; insn fa0, a1; EXPECT_F(fa0, res, 0)

#endif
