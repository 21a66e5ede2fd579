/* IEEE 754 binary32/binary64 in integer arithmetic, as RISC-V's F and D define it.
 * One implementation serves both formats: an operand is unpacked into sign, exponent
 * and a 64-bit significand whose leading one is bit 62 (value = sig * 2^(exp - 62));
 * results are computed exactly or with a sticky bit, and round_pack() rounds once.
 * Tininess is detected after rounding, every NaN result is the canonical NaN. */
#include "softfloat.h"

struct fmt {
    int ebits, mbits, bias;
    uint64_t canon_nan;
};
static const struct fmt FMT[2] = {
    { 8, 23, 127, SF_CANON_NAN_S },
    { 11, 52, 1023, SF_CANON_NAN_D },
};

typedef unsigned __int128 u128;

static inline uint64_t emax_field(const struct fmt *f) { return (1ull << f->ebits) - 1; }
static inline bool sign_of(const struct fmt *f, uint64_t a) { return (a >> (f->ebits + f->mbits)) & 1; }
static inline uint64_t exp_of(const struct fmt *f, uint64_t a) { return (a >> f->mbits) & emax_field(f); }
static inline uint64_t frac_of(const struct fmt *f, uint64_t a) { return a & ((1ull << f->mbits) - 1); }
static inline uint64_t inf_of(const struct fmt *f, bool sign)
{
    return ((uint64_t)sign << (f->ebits + f->mbits)) | (emax_field(f) << f->mbits);
}
static inline uint64_t zero_of(const struct fmt *f, bool sign)
{
    return (uint64_t)sign << (f->ebits + f->mbits);
}

static bool is_nan(const struct fmt *f, uint64_t a) { return exp_of(f, a) == emax_field(f) && frac_of(f, a); }
static bool is_inf(const struct fmt *f, uint64_t a) { return exp_of(f, a) == emax_field(f) && !frac_of(f, a); }
static bool is_zero(const struct fmt *f, uint64_t a) { return !exp_of(f, a) && !frac_of(f, a); }
static bool is_snan(const struct fmt *f, uint64_t a)
{
    return is_nan(f, a) && !((a >> (f->mbits - 1)) & 1);
}


static inline uint64_t shr_sticky(uint64_t x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 64)
        return x != 0;
    return (x >> n) | ((x & ((1ull << n) - 1)) != 0);
}

static inline u128 shr128_sticky(u128 x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

static inline int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* Unpacks a finite nonzero operand: sig with its leading one at bit 62. */
static void unpack(const struct fmt *f, uint64_t a, int *exp, uint64_t *sig)
{
    uint64_t e = exp_of(f, a), m = frac_of(f, a);
    if (e) {
        *exp = (int)e - f->bias;
        *sig = (m | (1ull << f->mbits)) << (62 - f->mbits);
    } else {
        int lz = __builtin_clzll(m) - 1;     /* bring the leading one to bit 62 */
        *exp = 1 - f->bias - (lz - (62 - f->mbits));
        *sig = m << lz;
    }
}

/* Whether rounding discards rbits (of a field whose half is `half`) upward. */
static bool round_up(int rm, bool sign, uint64_t kept, uint64_t rbits, uint64_t half)
{
    switch (rm) {
    case RM_RNE: return rbits > half || (rbits == half && (kept & 1));
    case RM_RMM: return rbits >= half;
    case RM_RDN: return sign && rbits;
    case RM_RUP: return !sign && rbits;
    default:     return false;
    }
}

/* Rounds (-1)^sign * sig * 2^(exp - 62) (sig normalized, bit 62 set, sticky in the
 * low bits) to the format and packs it, raising NX, UF and OF. */
static uint64_t round_pack(const struct fmt *f, bool sign, int exp, uint64_t sig, int rm,
                           unsigned *flags)
{
    const int shift = 62 - f->mbits;                /* round bits below the kept ones */
    const uint64_t rmask = (1ull << shift) - 1, half = 1ull << (shift - 1);
    int be = exp + f->bias;
    bool tiny = false;
    if (be >= (int)emax_field(f))
        goto overflow;
    if (be <= 0) {
        /* tiny after rounding: even rounded to full precision the value stays below
         * the smallest normal */
        uint64_t k = sig >> shift;
        tiny = be < 0 || !(round_up(rm, sign, k, sig & rmask, half) &&
                           k + 1 == (2ull << f->mbits));
        sig = shr_sticky(sig, 1 - be);
        be = 0;
    }
    uint64_t kept = sig >> shift, rbits = sig & rmask;
    if (round_up(rm, sign, kept, rbits, half))
        kept++;
    if (rbits) {
        *flags |= FFLAG_NX;
        if (tiny)
            *flags |= FFLAG_UF;
    }
    /* kept includes the integer bit (normal) or is at most 1 << mbits (subnormal, which
     * is then the encoding of the smallest normal): adding the exponent packs both */
    uint64_t packed = be ? ((uint64_t)(be - 1) << f->mbits) + kept : kept;
    if ((packed >> f->mbits) >= emax_field(f))
        goto overflow;
    return packed | ((uint64_t)sign << (f->ebits + f->mbits));

overflow:
    *flags |= FFLAG_OF | FFLAG_NX;
    if (rm == RM_RTZ || (rm == RM_RDN && !sign) || (rm == RM_RUP && sign))
        return inf_of(f, sign) - 1;                 /* the largest finite number */
    return inf_of(f, sign);
}

/* Rounds (-1)^sign * m * 2^(exp - 124), m a nonzero 128-bit magnitude. */
static uint64_t round_pack128(const struct fmt *f, bool sign, int exp, u128 m, int rm,
                              unsigned *flags)
{
    int lead = 127 - clz128(m);
    u128 s = shr128_sticky(m, lead - 62);
    if (lead < 62)
        s = m << (62 - lead);
    return round_pack(f, sign, exp + (lead - 124), (uint64_t)s, rm, flags);
}

/* The NaN result of an operation with a NaN operand: canonical, NV for a signaling
 * one. */
static uint64_t nan_result(const struct fmt *f, uint64_t a, uint64_t b, unsigned *flags)
{
    if (is_snan(f, a) || is_snan(f, b))
        *flags |= FFLAG_NV;
    return f->canon_nan;
}

static uint64_t invalid(const struct fmt *f, unsigned *flags)
{
    *flags |= FFLAG_NV;
    return f->canon_nan;
}

/* Adds two exact values sa*2^(ea-124) and sb*2^(eb-124), magnitudes below 2^126. */
static uint64_t add_exact(const struct fmt *f, bool sa, int ea, u128 ma, bool sb, int eb,
                          u128 mb, int rm, unsigned *flags)
{
    if (ea < eb) {
        bool ts = sa; sa = sb; sb = ts;
        int te = ea; ea = eb; eb = te;
        u128 tm = ma; ma = mb; mb = tm;
    }
    /* bring b to a's scale; sticky bits stay far below the rounding point, and a
     * sticky mb (shifted by 2 or more) is below ma, so the comparison is exact */
    mb = shr128_sticky(mb, ea - eb);
    if (mb > ma) {
        bool ts = sa; sa = sb; sb = ts;
        u128 tm = ma; ma = mb; mb = tm;
    }
    u128 m = sa == sb ? ma + mb : ma - mb;
    if (m == 0)
        return zero_of(f, rm == RM_RDN);            /* exact cancellation */
    return round_pack128(f, sa, ea, m, rm, flags);
}

uint64_t sf_add(enum sf_fmt fi, uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    bool sa = sign_of(f, a), sb = sign_of(f, b);
    if (is_nan(f, a) || is_nan(f, b))
        return nan_result(f, a, b, flags);
    if (is_inf(f, a) || is_inf(f, b)) {
        if (is_inf(f, a) && is_inf(f, b) && sa != sb)
            return invalid(f, flags);
        return is_inf(f, a) ? a : b;
    }
    if (is_zero(f, a) && is_zero(f, b))
        return zero_of(f, sa == sb ? sa : rm == RM_RDN);
    if (is_zero(f, a))
        return b;
    if (is_zero(f, b))
        return a;
    int ea, eb;
    uint64_t ma, mb;
    unpack(f, a, &ea, &ma);
    unpack(f, b, &eb, &mb);
    return add_exact(f, sa, ea, (u128)ma << 62, sb, eb, (u128)mb << 62, rm, flags);
}

uint64_t sf_sub(enum sf_fmt fi, uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    return sf_add(fi, a, b ^ zero_of(&FMT[fi], 1), rm, flags);
}

uint64_t sf_mul(enum sf_fmt fi, uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    bool s = sign_of(f, a) ^ sign_of(f, b);
    if (is_nan(f, a) || is_nan(f, b))
        return nan_result(f, a, b, flags);
    if (is_inf(f, a) || is_inf(f, b)) {
        if (is_zero(f, a) || is_zero(f, b))
            return invalid(f, flags);
        return inf_of(f, s);
    }
    if (is_zero(f, a) || is_zero(f, b))
        return zero_of(f, s);
    int ea, eb;
    uint64_t ma, mb;
    unpack(f, a, &ea, &ma);
    unpack(f, b, &eb, &mb);
    return round_pack128(f, s, ea + eb, (u128)ma * mb, rm, flags);
}

uint64_t sf_div(enum sf_fmt fi, uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    bool s = sign_of(f, a) ^ sign_of(f, b);
    if (is_nan(f, a) || is_nan(f, b))
        return nan_result(f, a, b, flags);
    if (is_inf(f, a))
        return is_inf(f, b) ? invalid(f, flags) : inf_of(f, s);
    if (is_inf(f, b))
        return zero_of(f, s);
    if (is_zero(f, b)) {
        if (is_zero(f, a))
            return invalid(f, flags);
        *flags |= FFLAG_DZ;
        return inf_of(f, s);
    }
    if (is_zero(f, a))
        return zero_of(f, s);
    int ea, eb;
    uint64_t ma, mb;
    unpack(f, a, &ea, &ma);
    unpack(f, b, &eb, &mb);
    /* q = ma / mb * 2^63, in [2^62, 2^64); the remainder is the sticky bit */
    u128 num = (u128)ma << 63;
    uint64_t q = (uint64_t)(num / mb);
    bool rem = (num % mb) != 0;
    int e = ea - eb;
    if (q >> 63)
        q = shr_sticky(q, 1);
    else
        e--;
    return round_pack(f, s, e, q | rem, rm, flags);
}

/* floor(sqrt(x)) of a 128-bit x, and whether it is exact. */
static uint64_t isqrt128(u128 x, bool *exact)
{
    u128 rem = 0, root = 0;
    for (int i = 0; i < 64; i++) {
        rem = (rem << 2) | (x >> 126);
        x <<= 2;
        root <<= 1;
        u128 trial = (root << 1) | 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    *exact = rem == 0;
    return (uint64_t)root;
}

uint64_t sf_sqrt(enum sf_fmt fi, uint64_t a, int rm, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    if (is_nan(f, a))
        return nan_result(f, a, a, flags);
    if (is_zero(f, a))
        return a;
    if (sign_of(f, a))
        return invalid(f, flags);
    if (is_inf(f, a))
        return a;
    int e;
    uint64_t m;
    unpack(f, a, &e, &m);
    /* sqrt(m * 2^(e-62)): an even exponent keeps the root's leading one at bit 62 */
    bool odd = e & 1;
    u128 radicand = (u128)m << (odd ? 63 : 62);
    bool exact;
    uint64_t r = isqrt128(radicand, &exact);
    return round_pack(f, false, (e - odd) / 2, r | !exact, rm, flags);
}

uint64_t sf_fma(enum sf_fmt fi, uint64_t a, uint64_t b, uint64_t c, bool neg_prod,
                bool neg_add, int rm, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    bool sp = sign_of(f, a) ^ sign_of(f, b) ^ neg_prod, sc = sign_of(f, c) ^ neg_add;
    bool inf_times_zero = (is_inf(f, a) && is_zero(f, b)) || (is_zero(f, a) && is_inf(f, b));
    /* ∞ × 0 is invalid even when the addend is a quiet NaN */
    if (inf_times_zero) {
        *flags |= FFLAG_NV;
        return f->canon_nan;
    }
    if (is_nan(f, a) || is_nan(f, b) || is_nan(f, c)) {
        if (is_snan(f, a) || is_snan(f, b) || is_snan(f, c))
            *flags |= FFLAG_NV;
        return f->canon_nan;
    }
    if (is_inf(f, a) || is_inf(f, b)) {
        if (is_inf(f, c) && sc != sp)
            return invalid(f, flags);
        return inf_of(f, sp);
    }
    if (is_inf(f, c))
        return inf_of(f, sc);
    if (is_zero(f, a) || is_zero(f, b)) {
        if (is_zero(f, c))
            return zero_of(f, sp == sc ? sp : rm == RM_RDN);
        return c ^ zero_of(f, neg_add);
    }
    int ea, eb, ec;
    uint64_t ma, mb, mc;
    unpack(f, a, &ea, &ma);
    unpack(f, b, &eb, &mb);
    u128 prod = (u128)ma * mb;                      /* value prod * 2^(ea+eb-124) */
    if (is_zero(f, c))
        return round_pack128(f, sp, ea + eb, prod, rm, flags);
    unpack(f, c, &ec, &mc);
    return add_exact(f, sp, ea + eb, prod, sc, ec, (u128)mc << 62, rm, flags);
}

uint64_t sf_to_int(enum sf_fmt fi, uint64_t a, int bits, bool is_signed, int rm,
                   unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    const uint64_t umax = bits == 64 ? ~0ull : (1ull << bits) - 1;
    const uint64_t smax = umax >> 1;
    bool s = sign_of(f, a);
    uint64_t result;
    if (is_nan(f, a)) {
        *flags |= FFLAG_NV;
        result = is_signed ? smax : umax;
        goto out;
    }
    if (is_zero(f, a))
        return 0;
    uint64_t mag = 0;
    bool beyond = false;                            /* beyond every integer range */
    if (is_inf(f, a)) {
        beyond = true;
    } else {
        int e;
        uint64_t m;
        unpack(f, a, &e, &m);
        if (e >= 64) {
            beyond = true;
        } else if (e == 63) {
            mag = m << 1;                           /* no fraction bits at this scale */
        } else {
            int shift = 62 - e;                     /* >= 0 */
            uint64_t kept, rbits, half;
            if (shift >= 64) {                      /* |a| < 0.5 */
                kept = 0;
                rbits = 1;
                half = 2;
            } else {
                kept = shift ? m >> shift : m;
                rbits = shift ? m & ((1ull << shift) - 1) : 0;
                half = shift ? 1ull << (shift - 1) : 1;  /* no round bits: rbits is 0 */
            }
            mag = kept + round_up(rm, s, kept, rbits, half);
            if (rbits) {
                /* inexact only matters when the result is in range (checked below) */
                bool in_range = is_signed ? (s ? mag <= smax + 1 : mag <= smax)
                                          : (!s ? mag <= umax : mag == 0);
                if (in_range) {
                    *flags |= FFLAG_NX;
                    result = s ? -mag : mag;
                    goto out;
                }
            }
        }
    }
    if (is_signed) {
        if (beyond || (s ? mag > smax + 1 : mag > smax)) {
            *flags |= FFLAG_NV;
            result = s ? ~smax : smax;              /* ~smax: the most negative */
        } else {
            result = s ? -mag : mag;
        }
    } else {
        if (beyond || (s && mag) || mag > umax) {
            *flags |= FFLAG_NV;
            result = s ? 0 : umax;
        } else {
            result = mag;                           /* 0 when negative */
        }
    }
out:
    return bits == 32 ? (uint64_t)(int64_t)(int32_t)result : result;
}

uint64_t sf_from_int(enum sf_fmt fi, uint64_t v, bool is_signed, int rm, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    bool s = is_signed && (int64_t)v < 0;
    uint64_t mag = s ? -v : v;
    if (!mag)
        return 0;
    int lz = __builtin_clzll(mag);
    uint64_t sig = shr_sticky(mag << lz, 1);        /* leading one at bit 62 */
    return round_pack(f, s, 63 - lz, sig, rm, flags);
}

uint64_t sf_convert(enum sf_fmt to, enum sf_fmt from, uint64_t a, int rm, unsigned *flags)
{
    const struct fmt *ft = &FMT[to], *ff = &FMT[from];
    bool s = sign_of(ff, a);
    if (is_nan(ff, a)) {
        if (is_snan(ff, a))
            *flags |= FFLAG_NV;
        return ft->canon_nan;
    }
    if (is_inf(ff, a))
        return inf_of(ft, s);
    if (is_zero(ff, a))
        return zero_of(ft, s);
    int e;
    uint64_t m;
    unpack(ff, a, &e, &m);
    return round_pack(ft, s, e, m, rm, flags);
}

/* Total order of two non-NaN values as signed magnitudes (±0 equal): -1, 0, 1. */
static int compare(const struct fmt *f, uint64_t a, uint64_t b)
{
    if (is_zero(f, a) && is_zero(f, b))
        return 0;
    bool sa = sign_of(f, a), sb = sign_of(f, b);
    if (sa != sb)
        return sa ? -1 : 1;
    uint64_t ma = a & ~zero_of(f, 1), mb = b & ~zero_of(f, 1);
    if (ma == mb)
        return 0;
    return (ma < mb) != sa ? -1 : 1;
}

bool sf_eq(enum sf_fmt fi, uint64_t a, uint64_t b, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    if (is_nan(f, a) || is_nan(f, b)) {
        if (is_snan(f, a) || is_snan(f, b))
            *flags |= FFLAG_NV;
        return false;
    }
    return compare(f, a, b) == 0;
}

bool sf_lt(enum sf_fmt fi, uint64_t a, uint64_t b, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    if (is_nan(f, a) || is_nan(f, b)) {
        *flags |= FFLAG_NV;
        return false;
    }
    return compare(f, a, b) < 0;
}

bool sf_le(enum sf_fmt fi, uint64_t a, uint64_t b, unsigned *flags)
{
    const struct fmt *f = &FMT[fi];
    if (is_nan(f, a) || is_nan(f, b)) {
        *flags |= FFLAG_NV;
        return false;
    }
    return compare(f, a, b) <= 0;
}

static uint64_t min_max(const struct fmt *f, uint64_t a, uint64_t b, bool want_max,
                        unsigned *flags)
{
    if (is_snan(f, a) || is_snan(f, b))
        *flags |= FFLAG_NV;
    if (is_nan(f, a) && is_nan(f, b))
        return f->canon_nan;
    if (is_nan(f, a))
        return b;
    if (is_nan(f, b))
        return a;
    int c = compare(f, a, b);
    if (c == 0 && is_zero(f, a))                    /* -0 < +0 */
        c = sign_of(f, a) == sign_of(f, b) ? 0 : sign_of(f, a) ? -1 : 1;
    return (c < 0) != want_max ? a : b;
}

uint64_t sf_min(enum sf_fmt fi, uint64_t a, uint64_t b, unsigned *flags)
{
    return min_max(&FMT[fi], a, b, false, flags);
}

uint64_t sf_max(enum sf_fmt fi, uint64_t a, uint64_t b, unsigned *flags)
{
    return min_max(&FMT[fi], a, b, true, flags);
}

unsigned sf_class(enum sf_fmt fi, uint64_t a)
{
    const struct fmt *f = &FMT[fi];
    bool s = sign_of(f, a);
    if (is_nan(f, a))
        return is_snan(f, a) ? 1u << 8 : 1u << 9;
    if (is_inf(f, a))
        return s ? 1u << 0 : 1u << 7;
    if (is_zero(f, a))
        return s ? 1u << 3 : 1u << 4;
    if (!exp_of(f, a))
        return s ? 1u << 2 : 1u << 5;
    return s ? 1u << 1 : 1u << 6;
}
