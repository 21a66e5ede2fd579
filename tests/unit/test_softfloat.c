/* The soft-float core (emu/softfloat.c) against the host's IEEE 754 FPU (x86-64 SSE:
 * correctly rounded in RNE, RTZ, RDN and RUP, tininess after rounding) on operands
 * biased to the corners: zeros, subnormals, infinities, NaNs with payloads, the
 * extremes of each binade, and values next to rounding ties. Results must match bit
 * for bit once the host's propagated NaN is replaced by RISC-V's canonical NaN, and
 * the five flags must match exactly. RMM has no host mode: its cases are checked
 * against the definition in test_rmm_* below and against QEMU by tests/diff. */
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "softfloat.h"
#include "unit.h"

#define CASES 200000

static uint64_t rng = 0x243f6a8885a308d3ull;
static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

/* A binary64 operand biased to the corners. */
static uint64_t pick_d(void)
{
    uint64_t r = next(), s = (r & 1) << 63;
    switch ((r >> 1) % 12) {
    case 0: return s;                                       /* ±0 */
    case 1: return s | ((r >> 8) & 0xfffffffffffffull);     /* subnormal */
    case 2: return s | 0x7ff0000000000000ull;               /* ±inf */
    case 3: return s | 0x7ff0000000000000ull | ((r >> 8) & 0xfffffffffffffull) | 1; /* NaN */
    case 4: return s | (0x7fefffffffffffffull - ((r >> 8) & 3));  /* near max */
    case 5: return s | (0x0010000000000000ull + ((r >> 8) & 7));  /* near min normal */
    case 6: return s | (((r >> 8) % 0x7feull + 1) << 52);         /* powers of two */
    case 7: return s | (((r >> 8) % 0x7feull + 1) << 52) | 0xfffffffffffffull; /* all ones */
    case 8: return s | ((0x3ff + ((r >> 8) % 80) - 40) << 52) | ((r >> 20) & 0xfffffffffffffull);
    case 9: return s | ((0x3ff + ((r >> 8) % 8) - 4) << 52) | ((r >> 16) & 0x7ull << 49); /* short */
    default: return next() & ~0ull;
    }
}

static uint64_t pick_s(void)
{
    uint64_t r = next(), s = (r & 1) << 31;
    switch ((r >> 1) % 12) {
    case 0: return s;
    case 1: return s | ((r >> 8) & 0x7fffff);
    case 2: return s | 0x7f800000;
    case 3: return s | 0x7f800000 | ((r >> 8) & 0x7fffff) | 1;
    case 4: return s | (0x7f7fffff - ((r >> 8) & 3));
    case 5: return s | (0x00800000 + ((r >> 8) & 7));
    case 6: return s | (((r >> 8) % 0xfe + 1) << 23);
    case 7: return s | (((r >> 8) % 0xfe + 1) << 23) | 0x7fffff;
    case 8: return s | ((0x7f + ((r >> 8) % 40) - 20) << 23) | ((r >> 20) & 0x7fffff);
    case 9: return s | ((0x7f + ((r >> 8) % 8) - 4) << 23) | ((r >> 16) & 0x7) << 20;
    default: return next() & 0xffffffff;
    }
}

static const int host_rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static unsigned host_flags(void)
{
    unsigned f = 0;
    if (fetestexcept(FE_INEXACT)) f |= FFLAG_NX;
    if (fetestexcept(FE_UNDERFLOW)) f |= FFLAG_UF;
    if (fetestexcept(FE_OVERFLOW)) f |= FFLAG_OF;
    if (fetestexcept(FE_DIVBYZERO)) f |= FFLAG_DZ;
    if (fetestexcept(FE_INVALID)) f |= FFLAG_NV;
    return f;
}

static double D(uint64_t v) { double x; memcpy(&x, &v, 8); return x; }
static uint64_t BD(double x) { uint64_t v; memcpy(&v, &x, 8); return isnan(x) ? SF_CANON_NAN_D : v; }
static float S(uint64_t v) { uint32_t w = (uint32_t)v; float x; memcpy(&x, &w, 4); return x; }
static uint64_t BS(float x) { uint32_t w; memcpy(&w, &x, 4); return isnan(x) ? SF_CANON_NAN_S : w; }

enum op { ADD, SUB, MUL, DIV, SQRT, FMA, NOPS };
static const char *const op_name[NOPS] = { "add", "sub", "mul", "div", "sqrt", "fma" };

/* volatile keeps the compiler from folding or reordering around the flag reads */
static uint64_t host_d(enum op op, uint64_t a, uint64_t b, uint64_t c)
{
    volatile double x = D(a), y = D(b), z = D(c), r = 0;
    switch (op) {
    case ADD: r = x + y; break;
    case SUB: r = x - y; break;
    case MUL: r = x * y; break;
    case DIV: r = x / y; break;
    case SQRT: r = sqrt(x); break;
    case FMA: r = fma(x, y, z); break;
    default: break;
    }
    return BD(r);
}

static uint64_t host_s(enum op op, uint64_t a, uint64_t b, uint64_t c)
{
    volatile float x = S(a), y = S(b), z = S(c), r = 0;
    switch (op) {
    case ADD: r = x + y; break;
    case SUB: r = x - y; break;
    case MUL: r = x * y; break;
    case DIV: r = x / y; break;
    case SQRT: r = sqrtf(x); break;
    case FMA: r = fmaf(x, y, z); break;
    default: break;
    }
    return BS(r);
}

static uint64_t soft(enum sf_fmt f, enum op op, uint64_t a, uint64_t b, uint64_t c, int rm,
                     unsigned *fl)
{
    switch (op) {
    case ADD: return sf_add(f, a, b, rm, fl);
    case SUB: return sf_sub(f, a, b, rm, fl);
    case MUL: return sf_mul(f, a, b, rm, fl);
    case DIV: return sf_div(f, a, b, rm, fl);
    case SQRT: return sf_sqrt(f, a, rm, fl);
    default: return sf_fma(f, a, b, c, false, false, rm, fl);
    }
}

static void check_against_host(enum sf_fmt f)
{
    for (int op = 0; op < NOPS; op++)
        for (int i = 0; i < CASES; i++) {
            uint64_t a = f == SF_D ? pick_d() : pick_s(), b = f == SF_D ? pick_d() : pick_s();
            uint64_t c = f == SF_D ? pick_d() : pick_s();
            int rm = (int)(next() % 4);
            /* RISC-V raises NV for ∞ × 0 + qNaN, x86 does not (test_fma_zero_...) */
            if (op == FMA && sf_class(f, c) == 1u << 9 &&
                ((sf_class(f, a) & 0x81 && sf_class(f, b) & 0x18) ||
                 (sf_class(f, a) & 0x18 && sf_class(f, b) & 0x81)))
                continue;
            fesetround(host_rm[rm]);
            feclearexcept(FE_ALL_EXCEPT);
            uint64_t want = f == SF_D ? host_d(op, a, b, c) : host_s(op, a, b, c);
            unsigned want_fl = host_flags();
            fesetround(FE_TONEAREST);
            unsigned fl = 0;
            uint64_t got = soft(f, op, a, b, c, rm, &fl);
            if (got != want || fl != want_fl)
                ck_abort_msg("%s.%c rm %d (%#llx, %#llx, %#llx): got %#llx flags %#x, "
                             "host %#llx flags %#x", op_name[op], f == SF_D ? 'd' : 's', rm,
                             (unsigned long long)a, (unsigned long long)b,
                             (unsigned long long)c, (unsigned long long)got, fl,
                             (unsigned long long)want, want_fl);
        }
}

START_TEST(test_softfloat_double_matches_host_in_directed_modes)
{
    check_against_host(SF_D);
}
END_TEST

START_TEST(test_softfloat_single_matches_host_in_directed_modes)
{
    check_against_host(SF_S);
}
END_TEST

/* Conversions between formats and from integers, against the host in every mode. */
START_TEST(test_softfloat_conversions_match_host)
{
    for (int i = 0; i < CASES; i++) {
        int rm = (int)(next() % 4);
        uint64_t a = pick_d(), s = pick_s(), v = next() >> (next() % 64);
        if (next() & 1)
            v = -v;
        unsigned fl, want_fl;
        volatile double x = D(a);
        volatile float y = S(s);
        volatile int64_t iv = (int64_t)v;
        volatile uint64_t uv = v;

        fesetround(host_rm[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        uint64_t want = BS((float)x);
        want_fl = host_flags();
        fl = 0;
        ck_assert_uint_eq(sf_convert(SF_S, SF_D, a, rm, &fl), want);
        ck_assert_uint_eq(fl, want_fl);

        feclearexcept(FE_ALL_EXCEPT);
        want = BD((double)y);
        want_fl = host_flags();
        fl = 0;
        ck_assert_uint_eq(sf_convert(SF_D, SF_S, s, rm, &fl), want);
        ck_assert_uint_eq(fl, want_fl);

        feclearexcept(FE_ALL_EXCEPT);
        want = BD((double)iv);
        want_fl = host_flags();
        fl = 0;
        ck_assert_uint_eq(sf_from_int(SF_D, v, true, rm, &fl), want);
        ck_assert_uint_eq(fl, want_fl);

        feclearexcept(FE_ALL_EXCEPT);
        want = BS((float)uv);
        want_fl = host_flags();
        fl = 0;
        ck_assert_uint_eq(sf_from_int(SF_S, v, false, rm, &fl), want);
        ck_assert_uint_eq(fl, want_fl);

        /* to integers: only in range, where the host's llrint means the same */
        if (!isnan(x) && fabs(x) < 9.2e18) {
            feclearexcept(FE_ALL_EXCEPT);
            long long r = llrint(x);
            want_fl = host_flags();
            fl = 0;
            ck_assert_uint_eq(sf_to_int(SF_D, a, 64, true, rm, &fl), (uint64_t)r);
            ck_assert_uint_eq(fl, want_fl);
        }
        fesetround(FE_TONEAREST);
    }
}
END_TEST

/* RMM: ties go away from zero; everything else rounds as RNE does. */
START_TEST(test_rmm_rounds_ties_away_from_zero)
{
    unsigned fl = 0;
    /* 1 + 2^-53 is a tie between 1 and 1 + 2^-52 */
    uint64_t one = 0x3ff0000000000000ull, half_ulp = 0x3ca0000000000000ull;
    ck_assert_uint_eq(sf_add(SF_D, one, half_ulp, RM_RMM, &fl), one + 1);
    ck_assert_uint_eq(sf_add(SF_D, one, half_ulp, RM_RNE, &fl), one);
    ck_assert_uint_eq(sf_add(SF_D, one | 1ull << 63, half_ulp | 1ull << 63, RM_RMM, &fl),
                      (one + 1) | 1ull << 63);
    ck_assert_uint_eq(fl, FFLAG_NX);
    /* 2.5 -> 3 and -2.5 -> -3 as integers */
    fl = 0;
    ck_assert_uint_eq(sf_to_int(SF_D, 0x4004000000000000ull, 64, true, RM_RMM, &fl), 3);
    ck_assert_uint_eq(sf_to_int(SF_D, 0xc004000000000000ull, 64, true, RM_RMM, &fl),
                      (uint64_t)-3);
    ck_assert_uint_eq(sf_to_int(SF_D, 0x4004000000000000ull, 64, true, RM_RNE, &fl), 2);
    /* the smallest subnormal halved is a tie between 0 and it */
    fl = 0;
    ck_assert_uint_eq(sf_mul(SF_D, 1, 0x3fe0000000000000ull, RM_RMM, &fl), 1);
    ck_assert_uint_eq(fl, FFLAG_NX | FFLAG_UF);
}
END_TEST

START_TEST(test_to_int_saturates_and_raises_invalid)
{
    unsigned fl = 0;
    ck_assert_uint_eq(sf_to_int(SF_D, SF_CANON_NAN_D, 32, true, RM_RTZ, &fl), 0x7fffffff);
    ck_assert_uint_eq(fl, FFLAG_NV);
    ck_assert_uint_eq(sf_to_int(SF_D, 0xfff0000000000000ull, 64, true, RM_RTZ, &fl),
                      0x8000000000000000ull);
    ck_assert_uint_eq(sf_to_int(SF_D, 0x7ff0000000000000ull, 32, false, RM_RTZ, &fl),
                      ~0ull);                       /* 0xffffffff sign-extended */
    fl = 0;
    ck_assert_uint_eq(sf_to_int(SF_D, 0xbfd0000000000000ull, 32, false, RM_RTZ, &fl), 0);
    ck_assert_uint_eq(fl, FFLAG_NX);                /* -0.25 -> 0: inexact, valid */
    fl = 0;
    ck_assert_uint_eq(sf_to_int(SF_D, 0xbff0000000000000ull, 64, false, RM_RTZ, &fl), 0);
    ck_assert_uint_eq(fl, FFLAG_NV);                /* -1 -> 0: invalid */
    fl = 0;
    ck_assert_uint_eq(sf_to_int(SF_S, 0x4f000000, 32, true, RM_RNE, &fl), 0x7fffffff);
    ck_assert_uint_eq(fl, FFLAG_NV);                /* 2^31 */
}
END_TEST

START_TEST(test_fma_zero_times_infinity_is_invalid_even_with_quiet_nan)
{
    unsigned fl = 0;
    ck_assert_uint_eq(sf_fma(SF_D, 0, 0x7ff0000000000000ull, SF_CANON_NAN_D, false, false,
                             RM_RNE, &fl), SF_CANON_NAN_D);
    ck_assert_uint_eq(fl, FFLAG_NV);
}
END_TEST

START_TEST(test_min_max_compare_and_class_follow_the_spec)
{
    unsigned fl = 0;
    uint64_t pz = 0, nz = 1ull << 63, snan = 0x7ff0000000000001ull, one = 0x3ff0000000000000ull;
    ck_assert_uint_eq(sf_min(SF_D, pz, nz, &fl), nz);
    ck_assert_uint_eq(sf_max(SF_D, nz, pz, &fl), pz);
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(sf_min(SF_D, snan, one, &fl), one);
    ck_assert_uint_eq(fl, FFLAG_NV);
    ck_assert_uint_eq(sf_max(SF_D, snan, SF_CANON_NAN_D, &fl), SF_CANON_NAN_D);
    fl = 0;
    ck_assert(sf_eq(SF_D, pz, nz, &fl));
    ck_assert(!sf_eq(SF_D, SF_CANON_NAN_D, one, &fl));
    ck_assert_uint_eq(fl, 0);                       /* feq: quiet NaN is quiet */
    ck_assert(!sf_lt(SF_D, SF_CANON_NAN_D, one, &fl));
    ck_assert_uint_eq(fl, FFLAG_NV);                /* flt signals */
    ck_assert_uint_eq(sf_class(SF_D, nz), 1u << 3);
    ck_assert_uint_eq(sf_class(SF_D, snan), 1u << 8);
    ck_assert_uint_eq(sf_class(SF_S, 0x7fc00000), 1u << 9);
    ck_assert_uint_eq(sf_class(SF_S, 0x80000001), 1u << 2);
}
END_TEST

Suite *softfloat_suite(void)
{
    Suite *s = suite_create("softfloat");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_softfloat_double_matches_host_in_directed_modes);
    tcase_add_test(tc, test_softfloat_single_matches_host_in_directed_modes);
    tcase_add_test(tc, test_softfloat_conversions_match_host);
    tcase_add_test(tc, test_rmm_rounds_ties_away_from_zero);
    tcase_add_test(tc, test_to_int_saturates_and_raises_invalid);
    tcase_add_test(tc, test_fma_zero_times_infinity_is_invalid_even_with_quiet_nan);
    tcase_add_test(tc, test_min_max_compare_and_class_follow_the_spec);
    suite_add_tcase(s, tc);
    return s;
}
