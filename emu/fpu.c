/* The F and D extensions: their instruction table and semantics. Results are those of
 * the soft-float core (softfloat.c), bit for bit; the host FPU computes the common
 * case instead when it provably gives the same bits and flags: round to nearest even,
 * normal operands, a normal result that is not the smallest, and fflags.NX already
 * set (so the inexact flag, the only one such an operation can raise, changes
 * nothing). Singles live NaN-boxed in the 64-bit f registers. Every instruction traps
 * as illegal while mstatus.FS is Off and sets FS to Dirty when it writes FP state. */
#include <string.h>

#include "fpu.h"

#include "csr.h"
#include "mem.h"

#define RS1 (h->reg[d->rs1])
#define RS2 (h->reg[d->rs2])
#define RS3 (h->reg[d->rs3])
#define RD  (h->reg[d->rd])
#define NEXT (pc + d->len)

#define BOX 0xffffffff00000000ull

static inline uint64_t unbox(uint64_t v) { return (v & BOX) == BOX ? (uint32_t)v : SF_CANON_NAN_S; }

#define as_d fp_as_d
#define bits_d fp_bits_d
static inline float as_s(uint64_t v) { uint32_t w = (uint32_t)v; float x; memcpy(&x, &w, 4); return x; }
static inline uint64_t bits_s(float x) { uint32_t w; memcpy(&w, &x, 4); return w; }

/* The same for singles (fpu.h has the doubles'). */
#define d_normal fp_d_normal
#define d_result_ok fp_d_result_ok
static inline bool s_normal(uint64_t v) { return ((v >> 23) & 0xff) - 1 < 0xfe; }
static inline bool s_result_ok(uint64_t v) { return ((v >> 23) & 0xff) - 2 < 0xfd; }

/* Whether the host may compute this instruction (rounding mode already resolved). The
 * fflags update is then a no-op, which a tracer would not see: tracing takes the
 * soft-float path so its log shows every flag write. */
static inline bool host_ok(const struct hart *h, int rm)
{
    return rm == RM_RNE && (h->fflags & FFLAG_NX) && !h->tracer;
}

static bool host_has_fma;
__attribute__((constructor)) static void probe_host(void)
{
    __builtin_cpu_init();
    host_has_fma = __builtin_cpu_supports("fma");
}
__attribute__((target("fma"))) static double host_fma_d(double a, double b, double c)
{
    return __builtin_fma(a, b, c);
}
__attribute__((target("fma"))) static float host_fma_s(float a, float b, float c)
{
    return __builtin_fmaf(a, b, c);
}

/* FP state changed: FS becomes Dirty (SD follows from it when read). */
static inline void fp_dirty(struct hart *h)
{
    if (unlikely((h->mstatus & MSTATUS_FS) != MSTATUS_FS)) {
        h->mstatus |= MSTATUS_FS;
        if (h->tracer)
            trace_csr(h, CSR_MSTATUS);      /* Spike logs the FS change as a write */
    }
}

static inline uint64_t fp_done(struct hart *h, const struct dinsn *d, uint64_t pc,
                               unsigned flags)
{
    fp_dirty(h);
    if (flags) {
        h->fflags |= (uint8_t)flags;
        if (h->tracer)
            trace_csr(h, CSR_FFLAGS);
    }
    return NEXT;
}

#define FP_ON() do { \
        if (unlikely(!(h->mstatus & MSTATUS_FS))) return exec_illegal(h, d, pc); \
    } while (0)
/* rm: the instruction's rounding mode, frm for DYN; 5, 6 and 7 are reserved. */
#define FP_RM() \
    int rm = d->rm == RM_DYN ? h->frm : d->rm; \
    if (unlikely(!(h->mstatus & MSTATUS_FS) || rm > RM_RMM)) return exec_illegal(h, d, pc)

/* ---- loads and stores: no NaN-boxing check on stores, boxing on flw ---- */
#define FLOAD(name, size, conv) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        uint64_t v; \
        FP_ON(); \
        if (unlikely(!mem_load(h, pc, h->reg[d->rs1] + (uint64_t)d->imm, size, &v))) \
            return h->pc; \
        RD = conv; \
        return fp_done(h, d, pc, 0); \
    }
FLOAD(flw, 4, BOX | v)
FLOAD(fld, 8, v)

#define FSTORE(name, size) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_ON(); \
        if (unlikely(!mem_store(h, pc, h->reg[d->rs1] + (uint64_t)d->imm, size, RS2))) \
            return h->pc; \
        return NEXT; \
    }
FSTORE(fsw, 4)
FSTORE(fsd, 8)

/* ---- arithmetic ---- */
#define BINOP_D(name, op, sf) \
    static uint64_t x_##name##_d(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_RM(); \
        uint64_t a = RS1, b = RS2; \
        if (likely(host_ok(h, rm) && d_normal(a) && d_normal(b))) { \
            uint64_t r = bits_d(as_d(a) op as_d(b)); \
            if (likely(d_result_ok(r))) { \
                RD = r; \
                h->fp_host++; \
                return fp_done(h, d, pc, 0); \
            } \
        } \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = sf(SF_D, a, b, rm, &fl); \
        return fp_done(h, d, pc, fl); \
    }
#define BINOP_S(name, op, sf) \
    static uint64_t x_##name##_s(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_RM(); \
        uint64_t a = unbox(RS1), b = unbox(RS2); \
        if (likely(host_ok(h, rm) && s_normal(a) && s_normal(b))) { \
            uint64_t r = bits_s(as_s(a) op as_s(b)); \
            if (likely(s_result_ok(r))) { \
                RD = BOX | r; \
                h->fp_host++; \
                return fp_done(h, d, pc, 0); \
            } \
        } \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = BOX | sf(SF_S, a, b, rm, &fl); \
        return fp_done(h, d, pc, fl); \
    }
BINOP_D(fadd, +, sf_add)
BINOP_D(fsub, -, sf_sub)
BINOP_D(fmul, *, sf_mul)
BINOP_D(fdiv, /, sf_div)
BINOP_S(fadd, +, sf_add)
BINOP_S(fsub, -, sf_sub)
BINOP_S(fmul, *, sf_mul)
BINOP_S(fdiv, /, sf_div)

static uint64_t x_fsqrt_d(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_RM();
    uint64_t a = RS1;
    if (likely(host_ok(h, rm) && d_normal(a) && !(a >> 63))) {
        RD = bits_d(__builtin_sqrt(as_d(a)));   /* normal in, normal out */
        h->fp_host++;
        return fp_done(h, d, pc, 0);
    }
    unsigned fl = 0;
    h->fp_soft++;
    RD = sf_sqrt(SF_D, a, rm, &fl);
    return fp_done(h, d, pc, fl);
}

static uint64_t x_fsqrt_s(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_RM();
    uint64_t a = unbox(RS1);
    if (likely(host_ok(h, rm) && s_normal(a) && !(a >> 31))) {
        RD = BOX | bits_s(__builtin_sqrtf(as_s(a)));
        h->fp_host++;
        return fp_done(h, d, pc, 0);
    }
    unsigned fl = 0;
    h->fp_soft++;
    RD = BOX | sf_sqrt(SF_S, a, rm, &fl);
    return fp_done(h, d, pc, fl);
}

/* fmadd, fmsub, fnmsub, fnmadd: (±a × b) ± c, rounded once. */
#define FMA_D(name, np, na) \
    static uint64_t x_##name##_d(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_RM(); \
        uint64_t a = RS1, b = RS2, c = RS3; \
        if (likely(host_ok(h, rm) && host_has_fma && d_normal(a) && d_normal(b) && \
                   d_normal(c))) { \
            uint64_t r = bits_d(host_fma_d(np ? -as_d(a) : as_d(a), as_d(b), \
                                           na ? -as_d(c) : as_d(c))); \
            if (likely(d_result_ok(r))) { \
                RD = r; \
                h->fp_host++; \
                return fp_done(h, d, pc, 0); \
            } \
        } \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = sf_fma(SF_D, a, b, c, np, na, rm, &fl); \
        return fp_done(h, d, pc, fl); \
    }
#define FMA_S(name, np, na) \
    static uint64_t x_##name##_s(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_RM(); \
        uint64_t a = unbox(RS1), b = unbox(RS2), c = unbox(RS3); \
        if (likely(host_ok(h, rm) && host_has_fma && s_normal(a) && s_normal(b) && \
                   s_normal(c))) { \
            uint64_t r = bits_s(host_fma_s(np ? -as_s(a) : as_s(a), as_s(b), \
                                           na ? -as_s(c) : as_s(c))); \
            if (likely(s_result_ok(r))) { \
                RD = BOX | r; \
                h->fp_host++; \
                return fp_done(h, d, pc, 0); \
            } \
        } \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = BOX | sf_fma(SF_S, a, b, c, np, na, rm, &fl); \
        return fp_done(h, d, pc, fl); \
    }
FMA_D(fmadd, 0, 0)
FMA_D(fmsub, 0, 1)
FMA_D(fnmsub, 1, 0)
FMA_D(fnmadd, 1, 1)
FMA_S(fmadd, 0, 0)
FMA_S(fmsub, 0, 1)
FMA_S(fnmsub, 1, 0)
FMA_S(fnmadd, 1, 1)

/* ---- sign injection, min/max, compare, classify, moves: no rounding ---- */
#define SGNJ(name, expr_d, expr_s) \
    static uint64_t x_##name##_d(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_ON(); \
        const uint64_t S = 1ull << 63, a = RS1, b = RS2; \
        RD = (a & ~S) | (expr_d); \
        return fp_done(h, d, pc, 0); \
    } \
    static uint64_t x_##name##_s(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_ON(); \
        const uint64_t S = 1ull << 31, a = unbox(RS1), b = unbox(RS2); \
        RD = BOX | (a & ~S) | (expr_s); \
        return fp_done(h, d, pc, 0); \
    }
SGNJ(fsgnj, b & S, b & S)
SGNJ(fsgnjn, ~b & S, ~b & S)
SGNJ(fsgnjx, (a ^ b) & S, (a ^ b) & S)

#define MINMAX(name, sf) \
    static uint64_t x_##name##_d(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_ON(); \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = sf(SF_D, RS1, RS2, &fl); \
        return fp_done(h, d, pc, fl); \
    } \
    static uint64_t x_##name##_s(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_ON(); \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = BOX | sf(SF_S, unbox(RS1), unbox(RS2), &fl); \
        return fp_done(h, d, pc, fl); \
    }
MINMAX(fmin, sf_min)
MINMAX(fmax, sf_max)

/* Compares write an x register: FS is not dirtied unless a flag is raised. */
static inline uint64_t flags_only(struct hart *h, const struct dinsn *d, uint64_t pc,
                                  unsigned flags)
{
    if (flags)
        return fp_done(h, d, pc, flags);
    return NEXT;
}

#define CMP(name, sf) \
    static uint64_t x_##name##_d(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_ON(); \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = sf(SF_D, RS1, RS2, &fl); \
        return flags_only(h, d, pc, fl); \
    } \
    static uint64_t x_##name##_s(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_ON(); \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = sf(SF_S, unbox(RS1), unbox(RS2), &fl); \
        return flags_only(h, d, pc, fl); \
    }
CMP(feq, sf_eq)
CMP(flt, sf_lt)
CMP(fle, sf_le)

static uint64_t x_fclass_d(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_ON();
    RD = sf_class(SF_D, RS1);
    return NEXT;
}

static uint64_t x_fclass_s(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_ON();
    RD = sf_class(SF_S, unbox(RS1));
    return NEXT;
}

static uint64_t x_fmv_x_d(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_ON();
    RD = RS1;
    return NEXT;
}

/* fmv.x.w moves the low 32 bits as they are, sign-extended (no NaN-box check). */
static uint64_t x_fmv_x_w(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_ON();
    RD = (uint64_t)(int64_t)(int32_t)RS1;
    return NEXT;
}

static uint64_t x_fmv_d_x(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_ON();
    RD = RS1;
    return fp_done(h, d, pc, 0);
}

static uint64_t x_fmv_w_x(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_ON();
    RD = BOX | (uint32_t)RS1;
    return fp_done(h, d, pc, 0);
}

/* ---- conversions ---- */

/* To integers. The common C cast (rtz, in range) runs on the host. */
#define TO_INT(name, fmt, bits, is_signed) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_RM(); \
        uint64_t a = fmt == SF_S ? unbox(RS1) : RS1; \
        unsigned fl = 0; \
        h->fp_soft++; \
        RD = sf_to_int(fmt, a, bits, is_signed, rm, &fl); \
        return flags_only(h, d, pc, fl); \
    }

static uint64_t x_fcvt_w_d(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_RM();
    uint64_t a = RS1;
    double x = as_d(a);
    if (likely(rm == RM_RTZ && !h->tracer && x > -2147483649.0 && x < 2147483648.0)) {
        int32_t i = (int32_t)x;
        RD = (uint64_t)(int64_t)i;
        h->fp_host++;
        return flags_only(h, d, pc, (double)i != x ? FFLAG_NX : 0);
    }
    unsigned fl = 0;
    h->fp_soft++;
    RD = sf_to_int(SF_D, a, 32, true, rm, &fl);
    return flags_only(h, d, pc, fl);
}

static uint64_t x_fcvt_l_d(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_RM();
    uint64_t a = RS1;
    double x = as_d(a);
    if (likely(rm == RM_RTZ && !h->tracer && x > -9223372036854775808.0 &&
               x < 9223372036854775808.0)) {
        int64_t i = (int64_t)x;
        RD = (uint64_t)i;
        h->fp_host++;
        return flags_only(h, d, pc, (double)i != x ? FFLAG_NX : 0);
    }
    unsigned fl = 0;
    h->fp_soft++;
    RD = sf_to_int(SF_D, a, 64, true, rm, &fl);
    return flags_only(h, d, pc, fl);
}
TO_INT(fcvt_wu_d, SF_D, 32, false)
TO_INT(fcvt_lu_d, SF_D, 64, false)
TO_INT(fcvt_w_s, SF_S, 32, true)
TO_INT(fcvt_wu_s, SF_S, 32, false)
TO_INT(fcvt_l_s, SF_S, 64, true)
TO_INT(fcvt_lu_s, SF_S, 64, false)

/* From integers: 32-bit sources are the low word, sign- or zero-extended. */
#define FROM_INT(name, fmt, conv, is_signed) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        FP_RM(); \
        uint64_t v = RS1; \
        unsigned fl = 0; \
        h->fp_soft++; \
        uint64_t r = sf_from_int(fmt, conv, is_signed, rm, &fl); \
        RD = fmt == SF_S ? BOX | r : r; \
        return fp_done(h, d, pc, fl); \
    }

/* int32 to double is always exact */
static uint64_t x_fcvt_d_w(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_RM();
    RD = bits_d((double)(int32_t)RS1);
    h->fp_host++;
    return fp_done(h, d, pc, 0);
}

static uint64_t x_fcvt_d_wu(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_RM();
    RD = bits_d((double)(uint32_t)RS1);
    h->fp_host++;
    return fp_done(h, d, pc, 0);
}
FROM_INT(fcvt_d_l, SF_D, v, true)
FROM_INT(fcvt_d_lu, SF_D, v, false)
FROM_INT(fcvt_s_w, SF_S, (uint64_t)(int64_t)(int32_t)v, true)
FROM_INT(fcvt_s_wu, SF_S, (uint32_t)v, false)
FROM_INT(fcvt_s_l, SF_S, v, true)
FROM_INT(fcvt_s_lu, SF_S, v, false)

static uint64_t x_fcvt_s_d(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_RM();
    uint64_t a = RS1;
    if (likely(host_ok(h, rm) && d_normal(a))) {
        uint64_t r = bits_s((float)as_d(a));
        if (likely(s_result_ok(r))) {
            RD = BOX | r;
            h->fp_host++;
            return fp_done(h, d, pc, 0);
        }
    }
    unsigned fl = 0;
    h->fp_soft++;
    RD = BOX | sf_convert(SF_S, SF_D, a, rm, &fl);
    return fp_done(h, d, pc, fl);
}

static uint64_t x_fcvt_d_s(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    FP_RM();
    uint64_t a = unbox(RS1);
    if (likely(s_normal(a))) {                  /* exact, no flags */
        RD = bits_d((double)as_s(a));
        h->fp_host++;
        return fp_done(h, d, pc, 0);
    }
    unsigned fl = 0;
    h->fp_soft++;
    RD = sf_convert(SF_D, SF_S, a, rm, &fl);
    return fp_done(h, d, pc, fl);
}

/* ---- the run loop's inline operations (FAST_OPS_FD in decode.h; hart.c runs them
 * with the same semantics as these handlers) ---- */
uint8_t fpu_fast_op(insn_fn fn)
{
#define FAST_OP_CASE(NAME, name) if (fn == x_##name) return FOP_##NAME;
    FAST_OPS_FD(FAST_OP_CASE)
#undef FAST_OP_CASE
    return FOP_CALL;
}

/* ---- the table ---- */
#define I(n, m, mt, f, fn, r) { n, m, mt, f, fn, r }
#define RD_F  FREG_RD
#define ALL_F (FREG_RD | FREG_RS1 | FREG_RS2 | FREG_RS3)
#define RR_F  (FREG_RD | FREG_RS1 | FREG_RS2)
#define R1_F  (FREG_RD | FREG_RS1)
#define X_FF  (FREG_RS1 | FREG_RS2)
const struct insn_desc insn_fd_table[] = {
    /* RV64F */
    I("flw",       0x0000707f, 0x00002007, F_LOAD, x_flw, RD_F),
    I("fsw",       0x0000707f, 0x00002027, F_S, x_fsw, FREG_RS2),
    I("fmadd.s",   0x0600007f, 0x00000043, F_R4, x_fmadd_s, ALL_F),
    I("fmsub.s",   0x0600007f, 0x00000047, F_R4, x_fmsub_s, ALL_F),
    I("fnmsub.s",  0x0600007f, 0x0000004b, F_R4, x_fnmsub_s, ALL_F),
    I("fnmadd.s",  0x0600007f, 0x0000004f, F_R4, x_fnmadd_s, ALL_F),
    I("fadd.s",    0xfe00007f, 0x00000053, F_R_RM, x_fadd_s, RR_F),
    I("fsub.s",    0xfe00007f, 0x08000053, F_R_RM, x_fsub_s, RR_F),
    I("fmul.s",    0xfe00007f, 0x10000053, F_R_RM, x_fmul_s, RR_F),
    I("fdiv.s",    0xfe00007f, 0x18000053, F_R_RM, x_fdiv_s, RR_F),
    I("fsqrt.s",   0xfff0007f, 0x58000053, F_R1_RM, x_fsqrt_s, R1_F),
    I("fsgnj.s",   0xfe00707f, 0x20000053, F_R, x_fsgnj_s, RR_F),
    I("fsgnjn.s",  0xfe00707f, 0x20001053, F_R, x_fsgnjn_s, RR_F),
    I("fsgnjx.s",  0xfe00707f, 0x20002053, F_R, x_fsgnjx_s, RR_F),
    I("fmin.s",    0xfe00707f, 0x28000053, F_R, x_fmin_s, RR_F),
    I("fmax.s",    0xfe00707f, 0x28001053, F_R, x_fmax_s, RR_F),
    I("fcvt.w.s",  0xfff0007f, 0xc0000053, F_R1_RM, x_fcvt_w_s, FREG_RS1),
    I("fcvt.wu.s", 0xfff0007f, 0xc0100053, F_R1_RM, x_fcvt_wu_s, FREG_RS1),
    I("fcvt.l.s",  0xfff0007f, 0xc0200053, F_R1_RM, x_fcvt_l_s, FREG_RS1),
    I("fcvt.lu.s", 0xfff0007f, 0xc0300053, F_R1_RM, x_fcvt_lu_s, FREG_RS1),
    I("fmv.x.w",   0xfff0707f, 0xe0000053, F_R1, x_fmv_x_w, FREG_RS1),
    I("fclass.s",  0xfff0707f, 0xe0001053, F_R1, x_fclass_s, FREG_RS1),
    I("feq.s",     0xfe00707f, 0xa0002053, F_R, x_feq_s, X_FF),
    I("flt.s",     0xfe00707f, 0xa0001053, F_R, x_flt_s, X_FF),
    I("fle.s",     0xfe00707f, 0xa0000053, F_R, x_fle_s, X_FF),
    I("fcvt.s.w",  0xfff0007f, 0xd0000053, F_R1_RM, x_fcvt_s_w, RD_F),
    I("fcvt.s.wu", 0xfff0007f, 0xd0100053, F_R1_RM, x_fcvt_s_wu, RD_F),
    I("fcvt.s.l",  0xfff0007f, 0xd0200053, F_R1_RM, x_fcvt_s_l, RD_F),
    I("fcvt.s.lu", 0xfff0007f, 0xd0300053, F_R1_RM, x_fcvt_s_lu, RD_F),
    I("fmv.w.x",   0xfff0707f, 0xf0000053, F_R1, x_fmv_w_x, RD_F),
    /* RV64D */
    I("fld",       0x0000707f, 0x00003007, F_LOAD, x_fld, RD_F),
    I("fsd",       0x0000707f, 0x00003027, F_S, x_fsd, FREG_RS2),
    I("fmadd.d",   0x0600007f, 0x02000043, F_R4, x_fmadd_d, ALL_F),
    I("fmsub.d",   0x0600007f, 0x02000047, F_R4, x_fmsub_d, ALL_F),
    I("fnmsub.d",  0x0600007f, 0x0200004b, F_R4, x_fnmsub_d, ALL_F),
    I("fnmadd.d",  0x0600007f, 0x0200004f, F_R4, x_fnmadd_d, ALL_F),
    I("fadd.d",    0xfe00007f, 0x02000053, F_R_RM, x_fadd_d, RR_F),
    I("fsub.d",    0xfe00007f, 0x0a000053, F_R_RM, x_fsub_d, RR_F),
    I("fmul.d",    0xfe00007f, 0x12000053, F_R_RM, x_fmul_d, RR_F),
    I("fdiv.d",    0xfe00007f, 0x1a000053, F_R_RM, x_fdiv_d, RR_F),
    I("fsqrt.d",   0xfff0007f, 0x5a000053, F_R1_RM, x_fsqrt_d, R1_F),
    I("fsgnj.d",   0xfe00707f, 0x22000053, F_R, x_fsgnj_d, RR_F),
    I("fsgnjn.d",  0xfe00707f, 0x22001053, F_R, x_fsgnjn_d, RR_F),
    I("fsgnjx.d",  0xfe00707f, 0x22002053, F_R, x_fsgnjx_d, RR_F),
    I("fmin.d",    0xfe00707f, 0x2a000053, F_R, x_fmin_d, RR_F),
    I("fmax.d",    0xfe00707f, 0x2a001053, F_R, x_fmax_d, RR_F),
    I("fcvt.s.d",  0xfff0007f, 0x40100053, F_R1_RM, x_fcvt_s_d, R1_F),
    I("fcvt.d.s",  0xfff0007f, 0x42000053, F_R1_RMX, x_fcvt_d_s, R1_F),
    I("feq.d",     0xfe00707f, 0xa2002053, F_R, x_feq_d, X_FF),
    I("flt.d",     0xfe00707f, 0xa2001053, F_R, x_flt_d, X_FF),
    I("fle.d",     0xfe00707f, 0xa2000053, F_R, x_fle_d, X_FF),
    I("fclass.d",  0xfff0707f, 0xe2001053, F_R1, x_fclass_d, FREG_RS1),
    I("fcvt.w.d",  0xfff0007f, 0xc2000053, F_R1_RM, x_fcvt_w_d, FREG_RS1),
    I("fcvt.wu.d", 0xfff0007f, 0xc2100053, F_R1_RM, x_fcvt_wu_d, FREG_RS1),
    I("fcvt.l.d",  0xfff0007f, 0xc2200053, F_R1_RM, x_fcvt_l_d, FREG_RS1),
    I("fcvt.lu.d", 0xfff0007f, 0xc2300053, F_R1_RM, x_fcvt_lu_d, FREG_RS1),
    I("fcvt.d.w",  0xfff0007f, 0xd2000053, F_R1_RMX, x_fcvt_d_w, RD_F),
    I("fcvt.d.wu", 0xfff0007f, 0xd2100053, F_R1_RMX, x_fcvt_d_wu, RD_F),
    I("fcvt.d.l",  0xfff0007f, 0xd2200053, F_R1_RM, x_fcvt_d_l, RD_F),
    I("fcvt.d.lu", 0xfff0007f, 0xd2300053, F_R1_RM, x_fcvt_d_lu, RD_F),
    I("fmv.x.d",   0xfff0707f, 0xe2000053, F_R1, x_fmv_x_d, FREG_RS1),
    I("fmv.d.x",   0xfff0707f, 0xf2000053, F_R1, x_fmv_d_x, RD_F),
    /* RV64C: the D loads and stores */
    I("c.fld",     0xe003, 0x2000, FC_LD, x_fld, RD_F),
    I("c.fsd",     0xe003, 0xa000, FC_SD, x_fsd, FREG_RS2),
    I("c.fldsp",   0xe003, 0x2002, FC_LDSP, x_fld, RD_F),
    I("c.fsdsp",   0xe003, 0xa002, FC_SDSP, x_fsd, FREG_RS2),
};
const int insn_fd_len = sizeof insn_fd_table / sizeof insn_fd_table[0];
