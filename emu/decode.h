/* The instruction table: every instruction the hart knows, described once by mask,
 * match, name, operand format and handler. The decoder, the disassembler and the
 * tests are all driven by it. */
#ifndef PAGODA_DECODE_H
#define PAGODA_DECODE_H

#include <stdbool.h>
#include <stdint.h>

struct hart;

/* The register file as decoded operands name it: x0..x31 are 0..31, f0..f31 are
 * REG_F + 0..31, and REG_SINK receives writes to x0 so handlers need no check. */
#define REG_F    32
#define REG_SINK 64
#define REG_COUNT 65

struct dinsn;

/* A handler executes one decoded instruction at pc and returns the next pc. On a trap
 * it returns the trap vector and calls hart_stop() so the run loop re-checks state. */
typedef uint64_t (*insn_fn)(struct hart *h, const struct dinsn *d, uint64_t pc);

/* One decoded instruction: operands are extracted once, at decode time. The fields the
 * run loop reads on every instruction come first. */
struct dinsn {
    const void *lab;    /* the run loop's code for fop (direct threading; dinsn_labels) */
    int32_t imm;        /* every immediate fits in 32 bits, sign-extended */
    uint8_t rd, rs1, rs2, rs3;  /* register-file indices (REG_F + n for f registers) */
    insn_fn fn;
    uint32_t raw;       /* instruction bits (16 or 32) */
    uint8_t op;         /* index into insn_table (OP_NONE: none) */
    uint8_t rem;        /* the run loop's count: instructions from this one to the end
                           of its run, retired in advance when the run is entered
                           (codecache.h); 0 for a slot that calls its handler */
    uint8_t fop;        /* the run loop's inline operation: 2 * FOP_x + (len == 4);
                           FOP_CALL (0): call fn */
    uint8_t len : 4;    /* 2 or 4 */
    uint8_t rm : 3;     /* rounding-mode field (FP instructions) */
};

#define OP_NONE 255       /* op of an illegal encoding (the table is shorter) */

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

/* The handler of illegal instructions: the illegal-instruction exception. */
uint64_t exec_illegal(struct hart *h, const struct dinsn *d, uint64_t pc);

/* The operations the run loop executes inline, without a call: FAST_OPS(X) expands
 * X(NAME, name) for each. This list is the only one: it makes enum fast_op (FOP_NAME),
 * the maps from handler x_name to FOP_NAME (insn.c for FAST_OPS_BASE, fpu.c for
 * FAST_OPS_FD: each file's own handlers), and the run loop's labels l_name_2 and
 * l_name_4 (hart.c). Each inline body has exactly the semantics of its handler, which
 * tests/unit/test_fastops.c checks instruction by instruction. */
#define FAST_OPS_BASE(X) \
    X(ADDI, addi) X(ADDIW, addiw) X(ADD, add) X(SUB, sub) X(ADDW, addw) X(SUBW, subw) \
    X(AND, and) X(OR, or) X(XOR, xor) X(ANDI, andi) X(ORI, ori) X(XORI, xori) \
    X(SLLI, slli) X(SRLI, srli) X(SRAI, srai) X(SLLIW, slliw) X(SRLIW, srliw) \
    X(SRAIW, sraiw) X(SLL, sll) X(SRL, srl) X(SRA, sra) X(SLT, slt) X(SLTU, sltu) \
    X(SLTI, slti) X(SLTIU, sltiu) X(LUI, lui) X(AUIPC, auipc) X(JAL, jal) X(JALR, jalr) \
    X(BEQ, beq) X(BNE, bne) X(BLT, blt) X(BGE, bge) X(BLTU, bltu) X(BGEU, bgeu) \
    X(LD, ld) X(LW, lw) X(LWU, lwu) X(LH, lh) X(LHU, lhu) X(LB, lb) X(LBU, lbu) \
    X(SD, sd) X(SW, sw) X(SH, sh) X(SB, sb) X(MUL, mul) X(MULW, mulw)
#define FAST_OPS_FD(X) \
    X(FLD, fld) X(FSD, fsd) X(FADD_D, fadd_d) X(FSUB_D, fsub_d) X(FMUL_D, fmul_d)
#define FAST_OPS(X) FAST_OPS_BASE(X) FAST_OPS_FD(X)

/* FOP_CALL: call the handler; FOP_EXIT: the sentinel past the end of a code page; after
 * it, the run loop's variants that the code cache chooses by position: FOP_JAL_FAR, a
 * jal whose target is in another page (the inline branches and jal assume a target in
 * the same page; a branch out of the page calls its handler). */
#define FOP_ENUM(NAME, name) FOP_##NAME,
enum fast_op { FOP_CALL, FAST_OPS(FOP_ENUM) FOP_EXIT, FOP_JAL_FAR, FOP_COUNT };
#undef FOP_ENUM

/* The run loop's code address of each fop value (index 2 * FOP_x + (len == 4)), set
 * when the run loop is first linked in (hart.c); NULL in programs without it. */
extern const void *const *dinsn_labels;
/* Sets d's inline operation and the code address the run loop jumps to for it. */
static inline void dinsn_set_fop(struct dinsn *d, uint8_t fop)
{
    d->fop = fop;
    d->lab = dinsn_labels ? dinsn_labels[fop] : 0;
}

/* The inline operation of a handler (FOP_CALL when it has none). The decoder asks once
 * per table entry, when it builds its tables. */
uint8_t insn_fast_op(insn_fn fn);

#endif
