/* The instruction table: every instruction the hart knows, described once by mask,
 * match, name, operand format and handler. The decoder, the disassembler and the
 * tests are all driven by it. */
#ifndef PAGODA_DECODE_H
#define PAGODA_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"

/* Operand formats. Compressed formats expand into the operands of the base
 * instruction whose handler they share. */
enum insn_fmt {
    F_R, F_I, F_I_SH6, F_I_SH5, F_S, F_B, F_U, F_J, F_LOAD, F_JALR,
    F_CSR, F_CSRI, F_AMO, F_LR, F_NONE, F_FENCE, F_SFENCE,
    /* RVC */
    FC_ADDI4SPN, FC_LW, FC_LD, FC_SW, FC_SD, FC_NOP, FC_ADDI, FC_ADDIW, FC_LI,
    FC_ADDI16SP, FC_LUI, FC_SRLI, FC_SRAI, FC_ANDI, FC_CA, FC_J, FC_BZ,
    FC_SLLI, FC_LWSP, FC_LDSP, FC_JR, FC_MV, FC_EBREAK, FC_JALR, FC_ADD,
    FC_SWSP, FC_SDSP,
};

struct insn_desc {
    const char *name;
    uint32_t mask, match;
    enum insn_fmt fmt;
    insn_fn fn;
};

extern const struct insn_desc insn_table[];
extern const int insn_table_len;

/* Decodes one instruction (16 or 32 bits in raw; the low two bits say which).
 * Returns false for an illegal encoding; d->raw and d->len are set in every case.
 * Writes to x0 are redirected to a sink register so handlers need no check. */
bool insn_decode(uint32_t raw, struct dinsn *d);

/* Handler used for slots not yet decoded, and for illegal instructions. */
uint64_t exec_decode(struct hart *h, const struct dinsn *d, uint64_t pc);
uint64_t exec_illegal(struct hart *h, const struct dinsn *d, uint64_t pc);
uint64_t exec_straddle(struct hart *h, const struct dinsn *d, uint64_t pc);

/* Register number used as the destination for writes to x0. */
#define REG_SINK 32

#endif
