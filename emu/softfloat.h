/* Pagoda's own IEEE 754 binary32/binary64 arithmetic in integers, exactly as the
 * RISC-V F and D extensions define it: every rounding mode (RMM included), the five
 * exception flags with tininess detected after rounding, and the canonical NaN for
 * every NaN result. Values are raw bit patterns (binary32 in the low 32 bits).
 * emu/fpu.c uses the host FPU for the common cases and these for the rest. */
#ifndef PAGODA_SOFTFLOAT_H
#define PAGODA_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

/* fflags bits (the F extension's order) */
enum { FFLAG_NX = 1, FFLAG_UF = 2, FFLAG_OF = 4, FFLAG_DZ = 8, FFLAG_NV = 16 };
/* rounding modes, as encoded in frm and an instruction's rm field */
enum { RM_RNE = 0, RM_RTZ = 1, RM_RDN = 2, RM_RUP = 3, RM_RMM = 4, RM_DYN = 7 };
/* formats */
enum sf_fmt { SF_S = 0, SF_D = 1 };

#define SF_CANON_NAN_S 0x7fc00000u
#define SF_CANON_NAN_D 0x7ff8000000000000ull

/* Arithmetic: results rounded by rm, flags ORed into *flags. */
uint64_t sf_add(enum sf_fmt f, uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t sf_sub(enum sf_fmt f, uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t sf_mul(enum sf_fmt f, uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t sf_div(enum sf_fmt f, uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t sf_sqrt(enum sf_fmt f, uint64_t a, int rm, unsigned *flags);
/* (±a × b) ± c with one rounding: neg_prod negates a × b, neg_add negates c
 * (fmadd: 0 0, fmsub: 0 1, fnmsub: 1 0, fnmadd: 1 1). */
uint64_t sf_fma(enum sf_fmt f, uint64_t a, uint64_t b, uint64_t c, bool neg_prod,
                bool neg_add, int rm, unsigned *flags);

/* Conversions. To integers: rounded by rm, out-of-range and NaN inputs saturate and
 * raise NV (fcvt.w/wu/l/lu); 32-bit results come back sign-extended to 64 bits, as
 * RV64 writes them. From integers: `is_signed` says how to read v (the caller
 * sign- or zero-extends 32-bit sources). */
uint64_t sf_to_int(enum sf_fmt f, uint64_t a, int bits, bool is_signed, int rm,
                   unsigned *flags);
uint64_t sf_from_int(enum sf_fmt f, uint64_t v, bool is_signed, int rm, unsigned *flags);
/* Between formats (fcvt.s.d, fcvt.d.s). */
uint64_t sf_convert(enum sf_fmt to, enum sf_fmt from, uint64_t a, int rm, unsigned *flags);

/* Comparisons: feq is quiet (NV for signaling NaNs only), flt/fle signal on any NaN. */
bool sf_eq(enum sf_fmt f, uint64_t a, uint64_t b, unsigned *flags);
bool sf_lt(enum sf_fmt f, uint64_t a, uint64_t b, unsigned *flags);
bool sf_le(enum sf_fmt f, uint64_t a, uint64_t b, unsigned *flags);
/* fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber; -0 < +0). */
uint64_t sf_min(enum sf_fmt f, uint64_t a, uint64_t b, unsigned *flags);
uint64_t sf_max(enum sf_fmt f, uint64_t a, uint64_t b, unsigned *flags);
/* fclass: one bit of ten, as the F extension defines them. */
unsigned sf_class(enum sf_fmt f, uint64_t a);

#endif
