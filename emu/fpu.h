/* What the F/D handlers (fpu.c) and the run loop's inline FP operations (hart.c)
 * share: the conditions under which the host FPU gives exactly the soft-float core's
 * bits and flags (see fpu.c), and value views of register bits. */
#ifndef PAGODA_FPU_H
#define PAGODA_FPU_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "softfloat.h"

static inline double fp_as_d(uint64_t v) { double x; memcpy(&x, &v, 8); return x; }
static inline uint64_t fp_bits_d(double x) { uint64_t v; memcpy(&v, &x, 8); return v; }

/* Exponent fields: a normal operand has one in [1, max-1]; a result the host may
 * deliver has one in [2, max-1] (finite, and above the smallest normal, so no
 * tininess question arises). */
static inline bool fp_d_normal(uint64_t v) { return ((v >> 52) & 0x7ff) - 1 < 0x7fe; }
static inline bool fp_d_result_ok(uint64_t v) { return ((v >> 52) & 0x7ff) - 2 < 0x7fd; }

/* The run loop's inline FP operations: the handler of each (FOP_CALL otherwise). */
uint8_t fpu_fast_op(insn_fn fn);

#endif
