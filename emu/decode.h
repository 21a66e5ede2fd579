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
    /* F/D: rd, rs1, rs2, rs3 (bits 31:27) and the rounding mode; R1 formats have rd
     * and rs1 only; RMX: the rounding mode cannot change the (exact) result */
    F_R4, F_R_RM, F_R1_RM, F_R1_RMX, F_R1,
    /* RVC */
    FC_ADDI4SPN, FC_LW, FC_LD, FC_SW, FC_SD, FC_NOP, FC_ADDI, FC_ADDIW, FC_LI,
    FC_ADDI16SP, FC_LUI, FC_SRLI, FC_SRAI, FC_ANDI, FC_CA, FC_J, FC_BZ,
    FC_SLLI, FC_LWSP, FC_LDSP, FC_JR, FC_MV, FC_EBREAK, FC_JALR, FC_ADD,
    FC_SWSP, FC_SDSP,
};

/* Which operands name f registers (the others are x registers). */
enum { FREG_RD = 1, FREG_RS1 = 2, FREG_RS2 = 4, FREG_RS3 = 8 };

struct insn_desc {
    const char *name;
    uint32_t mask, match;
    enum insn_fmt fmt;
    insn_fn fn;
    uint8_t fregs;      /* FREG_* */
};

/* Every instruction the hart knows: the extensions' tables (one per file, listed in
 * decode.c) one after another, in decoding priority order. */
extern const struct insn_desc *insn_table;
extern int insn_table_len;

/* The extensions' own tables. */
extern const struct insn_desc insn_base_table[];   /* insn.c: RV64IMAC, Zicsr, ... */
extern const int insn_base_len;
extern const struct insn_desc insn_fd_table[];     /* fpu.c: F, D and their RVC forms */
extern const int insn_fd_len;

/* Decodes one instruction (16 or 32 bits in raw; the low two bits say which).
 * Returns false for an illegal encoding; d->raw and d->len are set in every case.
 * Writes to x0 are redirected to a sink register so handlers need no check. */
bool insn_decode(uint32_t raw, struct dinsn *d);

/* Handler used for slots not yet decoded, and for illegal instructions. */
uint64_t exec_decode(struct hart *h, const struct dinsn *d, uint64_t pc);
uint64_t exec_illegal(struct hart *h, const struct dinsn *d, uint64_t pc);
uint64_t exec_straddle(struct hart *h, const struct dinsn *d, uint64_t pc);

/* Operations the run loop executes inline (no call); everything else is FOP_CALL.
 * Each has exactly the semantics of its handler in insn.c. */
enum fast_op {
    FOP_CALL, FOP_ADDI, FOP_ADDIW, FOP_ADD, FOP_SUB, FOP_ADDW, FOP_SUBW, FOP_AND, FOP_OR,
    FOP_XOR, FOP_ANDI, FOP_ORI, FOP_XORI, FOP_SLLI, FOP_SRLI, FOP_SRAI, FOP_SLLIW,
    FOP_SRLIW, FOP_SRAIW, FOP_SLL, FOP_SRL, FOP_SRA, FOP_SLT, FOP_SLTU, FOP_SLTI,
    FOP_SLTIU, FOP_LUI, FOP_AUIPC, FOP_JAL, FOP_JALR, FOP_BEQ, FOP_BNE, FOP_BLT, FOP_BGE,
    FOP_BLTU, FOP_BGEU, FOP_LD, FOP_LW, FOP_LWU, FOP_LH, FOP_LHU, FOP_LB, FOP_LBU,
    FOP_SD, FOP_SW, FOP_SH, FOP_SB, FOP_MUL, FOP_MULW,
    FOP_FLD, FOP_FSD, FOP_FADD_D, FOP_FSUB_D, FOP_FMUL_D,      /* F/D: see fpu.h */
    FOP_EXIT, FOP_COUNT
};
/* The inline operation for a handler (FOP_CALL when it has none). */
uint8_t insn_fast_op(insn_fn fn);

#endif
