/* Disassembler driven by the instruction table, in two spellings.
 * DISAS_OBJDUMP spells every table entry exactly as binutils' `objdump -d -M
 * no-aliases` does (tests/unit/test_disas.c checks it against objdump itself).
 * DISAS_SPIKE spells it exactly as Spike's disassembler (riscv/disasm.cc) does, which
 * is the text of Spike's `-l` log, aliases included (tests/unit/test_disas_spike.c).
 *
 * Deliberate differences from objdump (DISAS_OBJDUMP):
 * - Encodings the hart executes although their reserved fields are not zero print as
 *   what the hart executes: fence with rd, rs1 or fm nonzero (fm other than TSO, or
 *   TSO with sets other than rw,rw) prints "fence pred,succ", fence.i with rd, rs1 or
 *   imm nonzero prints "fence.i". objdump prints those as ".4byte 0x...".
 * - Illegal encodings print ".insn\t4, 0x%08x" or ".insn\t2, 0x%04x", a directive GNU
 *   as assembles back to the same bytes; objdump prints ".4byte", ".2byte" or, for
 *   0x0000, "c.unimp".
 * - Branch and jump targets print as the bare address; objdump adds " <symbol>" when
 *   the file has symbols, and "# value" comments for registers it tracked. */
#include "disas.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "csr.h"
#include "decode.h"

const char *const reg_abi_name[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2",
    "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
    "s10", "s11", "t3", "t4", "t5", "t6",
};

/* A bounded string being built: never written at or past len, always terminated. */
struct out { char *buf; size_t len, pos; };

static void put(struct out *o, const char *fmt, ...)
{
    if (o->pos + 1 >= o->len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->pos = o->pos + (size_t)n < o->len ? o->pos + (size_t)n : o->len - 1;
}

const char *const freg_abi_name[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1",
    "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* The name of a register-file index (decoded operand): x or f register. */
static const char *R(int r)
{
    return r >= REG_F && r < REG_F + 32 ? freg_abi_name[r - REG_F] : reg_abi_name[r & 31];
}

/* objdump's rounding-mode operand: none for dyn, else ",rne" ... */
static void objdump_rm(struct out *o, int rm)
{
    static const char *const names[8] = { "rne", "rtz", "rdn", "rup", "rmm", "unknown",
                                          "unknown", "dyn" };
    if (rm != 7)                        /* dyn */
        put(o, ",%s", names[rm & 7]);
}

/* ---- objdump ---- */


/* objdump's spelling of a CSR: binutils' name, or its number in hex. */
static const char *objdump_csr_name(int csr, char *tmp, size_t n)
{
    const char *name = csr_name_as(csr, CSR_NAMES_BINUTILS);
    if (name)
        return name;
    snprintf(tmp, n, "0x%x", csr);
    return tmp;
}


/* A fence's predecessor or successor set; objdump spells the empty set "unknown". */
static const char *fence_set(int bits, char *s)
{
    int n = 0;
    if (bits & 8) s[n++] = 'i';
    if (bits & 4) s[n++] = 'o';
    if (bits & 2) s[n++] = 'r';
    if (bits & 1) s[n++] = 'w';
    s[n] = 0;
    return n ? s : "unknown";
}

/* Writes objdump's operands of d (entry e) to o; sets *mnemonic when the spelling is
 * not the table's name. */
static void objdump_operands(const struct insn_desc *e, const struct dinsn *d,
                             uint32_t raw, uint64_t pc, struct out *o,
                             const char **mnemonic)
{
    int rd = d->rd == REG_SINK ? 0 : d->rd;
    long long imm = (long long)d->imm;
    char tmp[24], pred[8], succ[8];
    switch (e->fmt) {
    case F_R:
        put(o, "%s,%s,%s", R(rd), R(d->rs1), R(d->rs2));
        break;
    case F_R4:
        put(o, "%s,%s,%s,%s", R(rd), R(d->rs1), R(d->rs2), R(d->rs3));
        objdump_rm(o, d->rm);
        break;
    case F_R_RM:
        put(o, "%s,%s,%s", R(rd), R(d->rs1), R(d->rs2));
        objdump_rm(o, d->rm);
        break;
    case F_R1_RM:
        put(o, "%s,%s", R(rd), R(d->rs1));
        objdump_rm(o, d->rm);
        break;
    case F_R1_RMX:                          /* binutils knows only rm = rne, unprinted */
        put(o, "%s,%s", R(rd), R(d->rs1));
        if (d->rm != 0)
            objdump_rm(o, d->rm);
        break;
    case F_R1:
        put(o, "%s,%s", R(rd), R(d->rs1));
        break;
    case FC_CA: case FC_MV: case FC_ADD:
        put(o, "%s,%s", R(rd), R(d->rs2));
        break;
    case F_I:
        put(o, "%s,%s,%lld", R(rd), R(d->rs1), imm);
        break;
    case FC_ADDI4SPN:
        put(o, "%s,sp,%lld", R(rd), imm);
        break;
    case FC_NOP:
        /* binutils knows c.nop only as an alias of c.addi zero,0 */
        *mnemonic = "c.addi";
        put(o, "zero,%lld", imm);
        break;
    case FC_ADDI: case FC_ADDIW: case FC_ANDI: case FC_ADDI16SP: case FC_LI:
        put(o, "%s,%lld", R(rd), imm);
        break;
    case F_I_SH6: case F_I_SH5:
        put(o, "%s,%s,0x%llx", R(rd), R(d->rs1), imm);
        break;
    case FC_SRLI: case FC_SRAI: case FC_SLLI:
        /* RV64 spells a zero shift amount (a HINT) as c.slli64, c.srli64, c.srai64 */
        if (imm == 0) {
            *mnemonic = e->fmt == FC_SRLI ? "c.srli64" : e->fmt == FC_SRAI ? "c.srai64"
                                                                          : "c.slli64";
            put(o, "%s", R(rd));
        } else {
            put(o, "%s,0x%llx", R(rd), imm);
        }
        break;
    case F_LOAD: case FC_LW: case FC_LD: case FC_LWSP: case FC_LDSP:
        put(o, "%s,%lld(%s)", R(rd), imm, R(d->rs1));
        break;
    case F_S: case FC_SW: case FC_SD: case FC_SWSP: case FC_SDSP:
        put(o, "%s,%lld(%s)", R(d->rs2), imm, R(d->rs1));
        break;
    case F_JALR:
        put(o, "%s,%lld(%s)", R(rd), imm, R(d->rs1));
        break;
    case F_B: case FC_BZ: case F_J: case FC_J:
        if (e->fmt == F_B)
            put(o, "%s,%s,", R(d->rs1), R(d->rs2));
        else if (e->fmt == FC_BZ)
            put(o, "%s,", R(d->rs1));
        else if (e->fmt == F_J)
            put(o, "%s,", R(rd));
        put(o, "0x%llx", (unsigned long long)(pc + (uint64_t)imm));
        break;
    case F_U: case FC_LUI:
        put(o, "%s,0x%llx", R(rd), (unsigned long long)((uint64_t)imm >> 12) & 0xfffff);
        break;
    case F_CSR:
        put(o, "%s,%s,%s", R(rd), objdump_csr_name((int)imm, tmp, sizeof tmp), R(d->rs1));
        break;
    case F_CSRI:
        put(o, "%s,%s,%d", R(rd), objdump_csr_name((int)imm, tmp, sizeof tmp), d->rs1);
        break;
    case F_AMO:
        put(o, "%s,%s,(%s)", R(rd), R(d->rs2), R(d->rs1));
        break;
    case F_LR:
        put(o, "%s,(%s)", R(rd), R(d->rs1));
        break;
    case F_FENCE:
        if ((raw >> 28) == 8 && ((raw >> 20) & 0xff) == 0x33)
            *mnemonic = "fence.tso";        /* fence.tso takes no operands */
        else
            put(o, "%s,%s", fence_set((raw >> 24) & 15, pred),
                fence_set((raw >> 20) & 15, succ));
        break;
    case F_SFENCE:
        put(o, "%s,%s", R(d->rs1), R(d->rs2));
        break;
    case FC_JR: case FC_JALR:
        put(o, "%s", R(d->rs1));
        break;
    case F_NONE: case FC_EBREAK:
        break;
    }
}

static void disas_objdump(uint32_t raw, uint64_t pc, struct out *o)
{
    struct dinsn d;
    if (!insn_decode(raw, &d)) {
        if ((raw & 3) == 3)
            put(o, ".insn\t4, 0x%08x", raw);
        else
            put(o, ".insn\t2, 0x%04x", raw & 0xffff);
        return;
    }
    const struct insn_desc *e = &insn_table[d.op];
    const char *mnemonic = e->name;
    char ops_buf[96];
    struct out ops = { ops_buf, sizeof ops_buf, 0 };
    ops_buf[0] = 0;
    objdump_operands(e, &d, raw, pc, &ops, &mnemonic);

    const char *order = "";
    if (e->fmt == F_AMO || e->fmt == F_LR) {
        bool aq = raw & (1u << 26), rl = raw & (1u << 25);
        order = aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";
    }
    if (ops_buf[0])
        put(o, "%s%s\t%s", mnemonic, order, ops_buf);
    else
        put(o, "%s%s", mnemonic, order);
}

/* ---- Spike ----
 *
 * Spike's disassembler is a list of entries (name, mask, match, operand list); it
 * prints the first entry whose mask and match fit the bits. Entries are tried in the
 * order Spike adds them, except that those fixing all of bits 6:0 are tried before
 * those that do not (its lookup probes a hash of bits 6:0 first, then one of bits
 * 15:13 and 1:0). For our instructions this comes to: every alias below wins over
 * its base instruction, in the order listed, and for RVC the exact encodings
 * (c.unimp, ret, c.nop, c.mop.N) win over the forms they are special cases of.
 *
 * Spike matches by mask and match alone, so it names encodings the decoder rejects
 * as reserved (c.addi4spn with a zero immediate, c.lwsp zero, c.jr zero, c.lui rd, 0,
 * ...); spike_decode gives those their operands. Other illegal encodings print
 * "unknown".
 *
 * Spelling: the name, then, if the entry has operands (even ones that print empty, as
 * fence's sets do), max(1, 8 - strlen(name)) spaces and the operands separated by
 * ", ". Immediates, offsets and shift amounts are decimal; upper immediates are
 * "0x%x" of bits 31:12; branch and RVC jump targets are "pc + 16", "pc - 4"
 * (decimal), jal targets "pc + 0x10" (hex). AMOs carry no .aq/.rl: those bits are
 * outside every AMO entry's mask. */

/* Operand lists, named by what they print. */
enum spike_args {
    SA_NONE,
    SA_RD_RS1_RS2,      /* add:        rd, rs1, rs2 */
    SA_RD_RS1_RS2_RS3,  /* fmadd.d:    rd, rs1, rs2, rs3 (no rounding mode) */
    SA_RD_RS1_IMM,      /* addi, slli, jalr, c.addi4spn: rd, rs1, imm */
    SA_RD_RS1,          /* mv, not, seqz, sext.w */
    SA_RD_RS2,          /* snez, c.mv, c.add, c.sub: rd, rs2 */
    SA_RD_IMM,          /* li, c.li, c.addi, c.srli, c.addi16sp: rd, imm */
    SA_RD_UPPER,        /* lui, auipc, c.lui: rd, 0x(imm >> 12) */
    SA_RD_LOAD,         /* rd, imm(rs1) */
    SA_RS2_STORE,       /* rs2, imm(rs1) */
    SA_RS1,             /* jr, c.jr, c.jalr */
    SA_RS1_RS2,         /* sfence.vma */
    SA_RS1_RS2_BRANCH,  /* beq:        rs1, rs2, pc + imm */
    SA_RS1_BRANCH,      /* beqz, c.beqz: rs1, pc + imm */
    SA_BRANCH,          /* c.j:        pc + imm */
    SA_JUMP,            /* j:          pc + 0ximm */
    SA_RD_JUMP,         /* jal:        rd, pc + 0ximm */
    SA_RD_CSR,          /* csrr:       rd, csr */
    SA_CSR_RS1,         /* csrw:       csr, rs1 */
    SA_CSR_ZIMM,        /* csrwi:      csr, zimm */
    SA_RD_CSR_RS1,
    SA_RD_CSR_ZIMM,
    SA_AMO,             /* rd, rs2, (rs1) */
    SA_LR,              /* rd, (rs1) */
    SA_FENCE,           /* pred,succ */
    SA_PREFETCH,        /* imm(rs1) */
};

/* Spike's names for encodings of our instructions other than the table's own, in
 * the order Spike tries them. */
static const struct spike_alias {
    uint32_t mask, match;
    const char *name;
    enum spike_args args;
} spike_aliases[] = {
    { 0xffffffff, 0xc0001073, "unimp", SA_NONE },            /* csrrw zero, cycle, zero */
    /* Zicbop hints: ori zero, rs1, imm with imm[4:0] 1, 3 or 0 */
    { 0x01f07fff, 0x00106013, "prefetch.r", SA_PREFETCH },
    { 0x01f07fff, 0x00306013, "prefetch.w", SA_PREFETCH },
    { 0x01f07fff, 0x00006013, "prefetch.i", SA_PREFETCH },
    { 0xffffffff, 0x0100000f, "pause", SA_NONE },            /* fence w, 0 */
    { 0x00000fff, 0x0000006f, "j", SA_JUMP },                /* jal zero */
    { 0x00000fff, 0x000000ef, "jal", SA_JUMP },              /* jal ra */
    /* branches with rs2 zero; Spike has no blez, bgtz (rs1 zero) */
    { 0x01f0707f, 0x00000063, "beqz", SA_RS1_BRANCH },
    { 0x01f0707f, 0x00001063, "bnez", SA_RS1_BRANCH },
    { 0x01f0707f, 0x00004063, "bltz", SA_RS1_BRANCH },
    { 0x01f0707f, 0x00005063, "bgez", SA_RS1_BRANCH },
    { 0xffffffff, 0x00008067, "ret", SA_NONE },              /* jalr zero, 0(ra) */
    { 0xfff07fff, 0x00000067, "jr", SA_RS1 },                /* jalr zero, 0(rs1) */
    { 0xfff07fff, 0x000000e7, "jalr", SA_RS1 },              /* jalr ra, 0(rs1) */
    { 0xffffffff, 0x00000013, "nop", SA_NONE },              /* addi zero, zero, 0 */
    { 0x000ff07f, 0x00000013, "li", SA_RD_IMM },             /* addi rd, zero, imm */
    { 0xfff0707f, 0x00000013, "mv", SA_RD_RS1 },             /* addi rd, rs1, 0 */
    { 0xfff0707f, 0x00103013, "seqz", SA_RD_RS1 },           /* sltiu rd, rs1, 1 */
    { 0xfff0707f, 0xfff04013, "not", SA_RD_RS1 },            /* xori rd, rs1, -1 */
    { 0xfff0707f, 0x0000001b, "sext.w", SA_RD_RS1 },         /* addiw rd, rs1, 0 */
    { 0xfe0ff07f, 0x00003033, "snez", SA_RD_RS2 },           /* sltu rd, zero, rs2 */
    { 0x000ff07f, 0x00002073, "csrr", SA_RD_CSR },           /* csrrs rd, csr, zero */
    { 0x00007fff, 0x00001073, "csrw", SA_CSR_RS1 },          /* csrrw zero, csr, rs1 */
    { 0x00007fff, 0x00002073, "csrs", SA_CSR_RS1 },
    { 0x00007fff, 0x00003073, "csrc", SA_CSR_RS1 },
    { 0x00007fff, 0x00005073, "csrwi", SA_CSR_ZIMM },
    { 0x00007fff, 0x00006073, "csrsi", SA_CSR_ZIMM },
    { 0x00007fff, 0x00007073, "csrci", SA_CSR_ZIMM },
    /* RVC */
    { 0xffff, 0x0000, "c.unimp", SA_NONE },                  /* c.addi4spn, imm 0 */
    { 0xffff, 0x8082, "ret", SA_NONE },                      /* c.jr ra */
    { 0xffff, 0x0001, "c.nop", SA_NONE },
    { 0xef83, 0x0001, "c.addi", SA_RD_IMM },                 /* c.nop's HINTs: imm != 0 */
    /* c.lui rd, 0 with rd odd: Zcmop's c.mop.N, two of them Zicfiss's c.sspush ra and
     * c.sspopchk t0 (whose operand is fixed, so it is part of the name here), which
     * Spike disassembles whatever its --isa, as extensions of its fallback set */
    { 0xffff, 0x6081, "c.sspush ra", SA_NONE },
    { 0xffff, 0x6181, "c.mop.3", SA_NONE },
    { 0xffff, 0x6281, "c.sspopchk t0", SA_NONE },
    { 0xffff, 0x6381, "c.mop.7", SA_NONE },
    { 0xffff, 0x6481, "c.mop.9", SA_NONE },
    { 0xffff, 0x6581, "c.mop.11", SA_NONE },
    { 0xffff, 0x6681, "c.mop.13", SA_NONE },
    { 0xffff, 0x6781, "c.mop.15", SA_NONE },
};

/* The operand list of a table entry's own spelling. */
static enum spike_args spike_args_of(enum insn_fmt fmt)
{
    switch (fmt) {
    case F_R: case F_R_RM:
        return SA_RD_RS1_RS2;
    case F_R4:
        return SA_RD_RS1_RS2_RS3;
    case F_R1_RM: case F_R1_RMX: case F_R1:
        return SA_RD_RS1;
    case F_I: case F_I_SH6: case F_I_SH5: case F_JALR: case FC_ADDI4SPN:
        return SA_RD_RS1_IMM;
    case F_LOAD: case FC_LW: case FC_LD: case FC_LWSP: case FC_LDSP:
        return SA_RD_LOAD;
    case F_S: case FC_SW: case FC_SD: case FC_SWSP: case FC_SDSP:
        return SA_RS2_STORE;
    case F_B:
        return SA_RS1_RS2_BRANCH;
    case F_U: case FC_LUI:
        return SA_RD_UPPER;
    case F_J:
        return SA_RD_JUMP;
    case F_CSR:
        return SA_RD_CSR_RS1;
    case F_CSRI:
        return SA_RD_CSR_ZIMM;
    case F_AMO:
        return SA_AMO;
    case F_LR:
        return SA_LR;
    case F_FENCE:
        return SA_FENCE;
    case F_SFENCE:
        return SA_RS1_RS2;
    case FC_ADDI: case FC_ADDIW: case FC_LI: case FC_ADDI16SP: case FC_ANDI:
    case FC_SRLI: case FC_SRAI: case FC_SLLI:
        return SA_RD_IMM;
    case FC_CA: case FC_MV: case FC_ADD:
        return SA_RD_RS2;
    case FC_J:
        return SA_BRANCH;
    case FC_BZ:
        return SA_RS1_BRANCH;
    case FC_JR: case FC_JALR:
        return SA_RS1;
    case F_NONE: case FC_NOP: case FC_EBREAK:
        return SA_NONE;
    }
    return SA_NONE;
}


/* Writes Spike's name of CSR csr: its table's, or "unknown_" and three hex digits. */
static void spike_csr(struct out *o, int csr)
{
    const char *name = csr_name_as(csr, CSR_NAMES_SPIKE);
    if (name)
        put(o, "%s", name);
    else
        put(o, "unknown_%03x", csr);
}

/* Decodes raw as Spike reads it: like insn_decode, but an encoding of a table entry
 * that the decoder rejects for a zero field (a register that must not be x0, an
 * immediate that must not be 0) is decoded too, its other operands being those of
 * the same bits with that field made legal. Returns the entry, or NULL. */
static const struct insn_desc *spike_decode(uint32_t raw, struct dinsn *d)
{
    if (insn_decode(raw, d))
        return &insn_table[d->op];
    const struct insn_desc *e = NULL;
    for (int i = 0; i < insn_table_len && !e; i++)
        if ((raw & insn_table[i].mask) == insn_table[i].match)
            e = &insn_table[i];
    if (!e)
        return NULL;
    switch (e->fmt) {
    case FC_ADDI4SPN: case FC_ADDI16SP:     /* bit 6 is in both immediates */
        if (!insn_decode(raw | 1u << 6, d))
            return NULL;
        d->imm = 0;
        return e;
    case FC_LUI:                            /* bit 2 is imm[12] */
        if (!insn_decode(raw | 1u << 2, d))
            return NULL;
        d->imm = 0;
        return e;
    case FC_ADDIW: case FC_LWSP: case FC_LDSP: case FC_JR:  /* rd (or rs1) field x0 */
        if (!insn_decode(raw | 1u << 7, d))
            return NULL;
        d->rd = REG_SINK;
        if (d->rs1 == 1)
            d->rs1 = 0;
        return e;
    default:
        return NULL;
    }
}

/* "pc + 16" (decimal) or, for jal's targets, "pc + 0x10". */
static void spike_target(struct out *o, int64_t offset, bool hex)
{
    uint64_t magnitude = offset < 0 ? -(uint64_t)offset : (uint64_t)offset;
    put(o, hex ? "pc %c 0x%llx" : "pc %c %llu", offset < 0 ? '-' : '+',
        (unsigned long long)magnitude);
}

static void spike_operands(enum spike_args args, const struct dinsn *d, uint32_t raw,
                           struct out *o)
{
    const char *rd = R(d->rd == REG_SINK ? 0 : d->rd), *rs1 = R(d->rs1), *rs2 = R(d->rs2);
    long long imm = (long long)d->imm;
    switch (args) {
    case SA_NONE:
        break;
    case SA_RD_RS1_RS2:
        put(o, "%s, %s, %s", rd, rs1, rs2);
        break;
    case SA_RD_RS1_RS2_RS3:
        put(o, "%s, %s, %s, %s", rd, rs1, rs2, R(d->rs3));
        break;
    case SA_RD_RS1_IMM:
        put(o, "%s, %s, %lld", rd, rs1, imm);
        break;
    case SA_RD_RS1:
        put(o, "%s, %s", rd, rs1);
        break;
    case SA_RD_RS2:
        put(o, "%s, %s", rd, rs2);
        break;
    case SA_RD_IMM:
        put(o, "%s, %lld", rd, imm);
        break;
    case SA_RD_UPPER:
        put(o, "%s, 0x%llx", rd, (unsigned long long)((uint64_t)imm >> 12) & 0xfffff);
        break;
    case SA_RD_LOAD:
        put(o, "%s, %lld(%s)", rd, imm, rs1);
        break;
    case SA_RS2_STORE:
        put(o, "%s, %lld(%s)", rs2, imm, rs1);
        break;
    case SA_RS1:
        put(o, "%s", rs1);
        break;
    case SA_RS1_RS2:
        put(o, "%s, %s", rs1, rs2);
        break;
    case SA_RS1_RS2_BRANCH:
        put(o, "%s, %s, ", rs1, rs2);
        spike_target(o, d->imm, false);
        break;
    case SA_RS1_BRANCH:
        put(o, "%s, ", rs1);
        spike_target(o, d->imm, false);
        break;
    case SA_BRANCH:
        spike_target(o, d->imm, false);
        break;
    case SA_JUMP:
        spike_target(o, d->imm, true);
        break;
    case SA_RD_JUMP:
        put(o, "%s, ", rd);
        spike_target(o, d->imm, true);
        break;
    case SA_RD_CSR:
        put(o, "%s, ", rd);
        spike_csr(o, (int)imm);
        break;
    case SA_CSR_RS1: case SA_CSR_ZIMM:
        spike_csr(o, (int)imm);
        if (args == SA_CSR_RS1)
            put(o, ", %s", rs1);
        else
            put(o, ", %d", d->rs1);
        break;
    case SA_RD_CSR_RS1: case SA_RD_CSR_ZIMM:
        put(o, "%s, ", rd);
        spike_csr(o, (int)imm);
        if (args == SA_RD_CSR_RS1)
            put(o, ", %s", rs1);
        else
            put(o, ", %d", d->rs1);
        break;
    case SA_AMO:
        put(o, "%s, %s, (%s)", rd, rs2, rs1);
        break;
    case SA_LR:
        put(o, "%s, (%s)", rd, rs1);
        break;
    case SA_FENCE: {
        /* the predecessor set, then "," only when it is not empty, then the successor */
        static const char letters[] = "iorw";
        for (int i = 0; i < 4; i++)
            if (raw & (1u << (27 - i)))
                put(o, "%c", letters[i]);
        if ((raw >> 24) & 15)
            put(o, ",");
        for (int i = 0; i < 4; i++)
            if (raw & (1u << (23 - i)))
                put(o, "%c", letters[i]);
        break;
    }
    case SA_PREFETCH:                       /* the S-type offset: imm with bits 4:0 clear */
        put(o, "%lld(%s)", imm & ~31ll, rs1);
        break;
    }
}

static void disas_spike(uint32_t raw, struct out *o)
{
    if ((raw & 3) != 3)
        raw &= 0xffff;
    struct dinsn d;
    const struct insn_desc *e = spike_decode(raw, &d);
    if (!e) {
        put(o, "unknown");
        return;
    }
    const char *name = e->name;
    enum spike_args args = spike_args_of(e->fmt);
    for (size_t i = 0; i < sizeof spike_aliases / sizeof spike_aliases[0]; i++)
        if ((raw & spike_aliases[i].mask) == spike_aliases[i].match) {
            name = spike_aliases[i].name;
            args = spike_aliases[i].args;
            break;
        }
    put(o, "%s", name);
    if (args != SA_NONE) {
        int pad = 8 - (int)strlen(name);
        put(o, "%*s", pad > 1 ? pad : 1, "");
        spike_operands(args, &d, raw, o);
    }
}

void disas(uint32_t raw, uint64_t pc, enum disas_style style, char *buf, size_t len)
{
    struct out o = { buf, len, 0 };
    if (len)
        buf[0] = 0;
    if (style == DISAS_SPIKE)
        disas_spike(raw, &o);
    else
        disas_objdump(raw, pc, &o);
}
