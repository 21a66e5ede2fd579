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

static const char *R(int r) { return reg_abi_name[r & 31]; }

/* Names of the numbered CSR families, spelt alike by binutils and Spike: pmpcfg0..15,
 * pmpaddr0..63, and the counters 3..31 with their RV32 high halves. Writes csr's name
 * to tmp and returns tmp, or returns NULL when csr is in no family. */
static const char *csr_family_name(int csr, char *tmp, size_t n)
{
    static const struct { int base, first, count; const char *prefix, *suffix; } families[] = {
        { 0x3a0, 0, 16, "pmpcfg", "" }, { 0x3b0, 0, 64, "pmpaddr", "" },
        { 0x323, 3, 29, "mhpmevent", "" }, { 0x723, 3, 29, "mhpmevent", "h" },
        { 0xb03, 3, 29, "mhpmcounter", "" }, { 0xb83, 3, 29, "mhpmcounter", "h" },
        { 0xc03, 3, 29, "hpmcounter", "" }, { 0xc83, 3, 29, "hpmcounter", "h" },
    };
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        int k = csr - families[i].base;
        if (k >= 0 && k < families[i].count) {
            snprintf(tmp, n, "%s%d%s", families[i].prefix, families[i].first + k,
                     families[i].suffix);
            return tmp;
        }
    }
    return NULL;
}

/* ---- objdump ---- */

/* CSR names as binutils 2.40 prints them (the whole of its table, not only the CSRs
 * the hart implements), so that any csr number disassembles as objdump's does. */
static const struct { uint16_t num; const char *name; } binutils_csr_names[] = {
    { 0x001, "fflags" }, { 0x002, "frm" }, { 0x003, "fcsr" }, { 0x008, "vstart" },
    { 0x009, "vxsat" }, { 0x00a, "vxrm" }, { 0x00f, "vcsr" }, { 0x015, "seed" },
    { 0x100, "sstatus" }, { 0x104, "sie" }, { 0x105, "stvec" }, { 0x106, "scounteren" },
    { 0x10a, "senvcfg" }, { 0x10c, "sstateen0" }, { 0x10d, "sstateen1" },
    { 0x10e, "sstateen2" }, { 0x10f, "sstateen3" }, { 0x114, "sieh" },
    { 0x140, "sscratch" }, { 0x141, "sepc" }, { 0x142, "scause" }, { 0x143, "stval" },
    { 0x144, "sip" }, { 0x14d, "stimecmp" }, { 0x150, "siselect" }, { 0x151, "sireg" },
    { 0x154, "siph" }, { 0x15c, "stopei" }, { 0x15d, "stimecmph" }, { 0x180, "satp" },
    { 0x200, "vsstatus" }, { 0x204, "vsie" }, { 0x205, "vstvec" }, { 0x214, "vsieh" },
    { 0x240, "vsscratch" }, { 0x241, "vsepc" }, { 0x242, "vscause" },
    { 0x243, "vstval" }, { 0x244, "vsip" }, { 0x24d, "vstimecmp" },
    { 0x250, "vsiselect" }, { 0x251, "vsireg" }, { 0x254, "vsiph" },
    { 0x25c, "vstopei" }, { 0x25d, "vstimecmph" }, { 0x280, "vsatp" },
    { 0x300, "mstatus" }, { 0x301, "misa" }, { 0x302, "medeleg" }, { 0x303, "mideleg" },
    { 0x304, "mie" }, { 0x305, "mtvec" }, { 0x306, "mcounteren" }, { 0x308, "mvien" },
    { 0x309, "mvip" }, { 0x30a, "menvcfg" }, { 0x30c, "mstateen0" },
    { 0x30d, "mstateen1" }, { 0x30e, "mstateen2" }, { 0x30f, "mstateen3" },
    { 0x310, "mstatush" }, { 0x313, "midelegh" }, { 0x314, "mieh" },
    { 0x318, "mvienh" }, { 0x319, "mviph" }, { 0x31a, "menvcfgh" },
    { 0x31c, "mstateen0h" }, { 0x31d, "mstateen1h" }, { 0x31e, "mstateen2h" },
    { 0x31f, "mstateen3h" }, { 0x320, "mcountinhibit" }, { 0x340, "mscratch" },
    { 0x341, "mepc" }, { 0x342, "mcause" }, { 0x343, "mtval" }, { 0x344, "mip" },
    { 0x34a, "mtinst" }, { 0x34b, "mtval2" }, { 0x350, "miselect" }, { 0x351, "mireg" },
    { 0x354, "miph" }, { 0x35c, "mtopei" }, { 0x5a8, "scontext" }, { 0x600, "hstatus" },
    { 0x602, "hedeleg" }, { 0x603, "hideleg" }, { 0x604, "hie" },
    { 0x605, "htimedelta" }, { 0x606, "hcounteren" }, { 0x607, "hgeie" },
    { 0x608, "hvien" }, { 0x609, "hvictl" }, { 0x60a, "henvcfg" },
    { 0x60c, "hstateen0" }, { 0x60d, "hstateen1" }, { 0x60e, "hstateen2" },
    { 0x60f, "hstateen3" }, { 0x613, "hidelegh" }, { 0x615, "htimedeltah" },
    { 0x618, "hvienh" }, { 0x61a, "henvcfgh" }, { 0x61c, "hstateen0h" },
    { 0x61d, "hstateen1h" }, { 0x61e, "hstateen2h" }, { 0x61f, "hstateen3h" },
    { 0x643, "htval" }, { 0x644, "hip" }, { 0x645, "hvip" }, { 0x646, "hviprio1" },
    { 0x647, "hviprio2" }, { 0x64a, "htinst" }, { 0x655, "hviph" },
    { 0x656, "hviprio1h" }, { 0x657, "hviprio2h" }, { 0x680, "hgatp" },
    { 0x6a8, "hcontext" }, { 0x747, "mseccfg" }, { 0x757, "mseccfgh" },
    { 0x7a0, "tselect" }, { 0x7a1, "tdata1" }, { 0x7a2, "tdata2" }, { 0x7a3, "tdata3" },
    { 0x7a4, "tinfo" }, { 0x7a5, "tcontrol" }, { 0x7a8, "mcontext" },
    { 0x7aa, "mscontext" }, { 0x7b0, "dcsr" }, { 0x7b1, "dpc" }, { 0x7b2, "dscratch0" },
    { 0x7b3, "dscratch1" }, { 0xb00, "mcycle" }, { 0xb02, "minstret" },
    { 0xb80, "mcycleh" }, { 0xb82, "minstreth" }, { 0xc00, "cycle" }, { 0xc01, "time" },
    { 0xc02, "instret" }, { 0xc20, "vl" }, { 0xc21, "vtype" }, { 0xc22, "vlenb" },
    { 0xc80, "cycleh" }, { 0xc81, "timeh" }, { 0xc82, "instreth" },
    { 0xda0, "scountovf" }, { 0xdb0, "stopi" }, { 0xe12, "hgeip" }, { 0xeb0, "vstopi" },
    { 0xf11, "mvendorid" }, { 0xf12, "marchid" }, { 0xf13, "mimpid" },
    { 0xf14, "mhartid" }, { 0xf15, "mconfigptr" }, { 0xfb0, "mtopi" },
};

static const char *objdump_csr_name(int csr, char *tmp, size_t n)
{
    for (size_t i = 0; i < sizeof binutils_csr_names / sizeof binutils_csr_names[0]; i++)
        if (binutils_csr_names[i].num == csr)
            return binutils_csr_names[i].name;
    if (csr_family_name(csr, tmp, n))
        return tmp;
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
    case F_R:
        return SA_RD_RS1_RS2;
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

/* Spike's CSR names: the DECLARE_CSR list of its encoding.h, generated from
 * riscv-opcodes' csrs.csv and csrs32.csv (the RV32-only high halves included). */
static const struct { uint16_t num; const char *name; } spike_csr_names[] = {
    { 0x001, "fflags" }, { 0x002, "frm" }, { 0x003, "fcsr" }, { 0x007, "utvt" },
    { 0x008, "vstart" }, { 0x009, "vxsat" }, { 0x00a, "vxrm" }, { 0x00f, "vcsr" },
    { 0x011, "ssp" }, { 0x015, "seed" }, { 0x017, "jvt" }, { 0x045, "unxti" },
    { 0x047, "uintthresh" }, { 0x048, "uscratchcsw" }, { 0x049, "uscratchcswl" },
    { 0x100, "sstatus" }, { 0x104, "sie" }, { 0x105, "stvec" }, { 0x106, "scounteren" },
    { 0x107, "stvt" }, { 0x10a, "senvcfg" }, { 0x10c, "sstateen0" },
    { 0x10d, "sstateen1" }, { 0x10e, "sstateen2" }, { 0x10f, "sstateen3" },
    { 0x114, "sieh" }, { 0x120, "scountinhibit" }, { 0x140, "sscratch" },
    { 0x141, "sepc" }, { 0x142, "scause" }, { 0x143, "stval" }, { 0x144, "sip" },
    { 0x145, "snxti" }, { 0x147, "sintthresh" }, { 0x148, "sscratchcsw" },
    { 0x149, "sscratchcswl" }, { 0x14d, "stimecmp" }, { 0x14e, "sctrctl" },
    { 0x14f, "sctrstatus" }, { 0x150, "siselect" }, { 0x151, "sireg" },
    { 0x152, "sireg2" }, { 0x153, "sireg3" }, { 0x154, "siph" }, { 0x155, "sireg4" },
    { 0x156, "sireg5" }, { 0x157, "sireg6" }, { 0x15c, "stopei" },
    { 0x15d, "stimecmph" }, { 0x15f, "sctrdepth" }, { 0x180, "satp" },
    { 0x181, "srmcfg" }, { 0x200, "vsstatus" }, { 0x204, "vsie" }, { 0x205, "vstvec" },
    { 0x214, "vsieh" }, { 0x240, "vsscratch" }, { 0x241, "vsepc" },
    { 0x242, "vscause" }, { 0x243, "vstval" }, { 0x244, "vsip" },
    { 0x24d, "vstimecmp" }, { 0x24e, "vsctrctl" }, { 0x250, "vsiselect" },
    { 0x251, "vsireg" }, { 0x252, "vsireg2" }, { 0x253, "vsireg3" },
    { 0x254, "vsiph" }, { 0x255, "vsireg4" }, { 0x256, "vsireg5" },
    { 0x257, "vsireg6" }, { 0x25c, "vstopei" }, { 0x25d, "vstimecmph" },
    { 0x280, "vsatp" }, { 0x300, "mstatus" }, { 0x301, "misa" }, { 0x302, "medeleg" },
    { 0x303, "mideleg" }, { 0x304, "mie" }, { 0x305, "mtvec" }, { 0x306, "mcounteren" },
    { 0x307, "mtvt" }, { 0x308, "mvien" }, { 0x309, "mvip" }, { 0x30a, "menvcfg" },
    { 0x30c, "mstateen0" }, { 0x30d, "mstateen1" }, { 0x30e, "mstateen2" },
    { 0x30f, "mstateen3" }, { 0x310, "mstatush" }, { 0x313, "midelegh" },
    { 0x314, "mieh" }, { 0x318, "mvienh" }, { 0x319, "mviph" }, { 0x31a, "menvcfgh" },
    { 0x31c, "mstateen0h" }, { 0x31d, "mstateen1h" }, { 0x31e, "mstateen2h" },
    { 0x31f, "mstateen3h" }, { 0x320, "mcountinhibit" }, { 0x321, "mcyclecfg" },
    { 0x322, "minstretcfg" }, { 0x340, "mscratch" }, { 0x341, "mepc" },
    { 0x342, "mcause" }, { 0x343, "mtval" }, { 0x344, "mip" }, { 0x345, "mnxti" },
    { 0x347, "mintthresh" }, { 0x348, "mscratchcsw" }, { 0x349, "mscratchcswl" },
    { 0x34a, "mtinst" }, { 0x34b, "mtval2" }, { 0x34e, "mctrctl" },
    { 0x350, "miselect" }, { 0x351, "mireg" }, { 0x352, "mireg2" }, { 0x353, "mireg3" },
    { 0x354, "miph" }, { 0x355, "mireg4" }, { 0x356, "mireg5" }, { 0x357, "mireg6" },
    { 0x35c, "mtopei" }, { 0x5a8, "scontext" }, { 0x600, "hstatus" },
    { 0x602, "hedeleg" }, { 0x603, "hideleg" }, { 0x604, "hie" },
    { 0x605, "htimedelta" }, { 0x606, "hcounteren" }, { 0x607, "hgeie" },
    { 0x608, "hvien" }, { 0x609, "hvictl" }, { 0x60a, "henvcfg" },
    { 0x60c, "hstateen0" }, { 0x60d, "hstateen1" }, { 0x60e, "hstateen2" },
    { 0x60f, "hstateen3" }, { 0x613, "hidelegh" }, { 0x615, "htimedeltah" },
    { 0x618, "hvienh" }, { 0x61a, "henvcfgh" }, { 0x61c, "hstateen0h" },
    { 0x61d, "hstateen1h" }, { 0x61e, "hstateen2h" }, { 0x61f, "hstateen3h" },
    { 0x643, "htval" }, { 0x644, "hip" }, { 0x645, "hvip" }, { 0x646, "hviprio1" },
    { 0x647, "hviprio2" }, { 0x64a, "htinst" }, { 0x655, "hviph" },
    { 0x656, "hviprio1h" }, { 0x657, "hviprio2h" }, { 0x680, "hgatp" },
    { 0x6a8, "hcontext" }, { 0x721, "mcyclecfgh" }, { 0x722, "minstretcfgh" },
    { 0x740, "mnscratch" }, { 0x741, "mnepc" }, { 0x742, "mncause" },
    { 0x744, "mnstatus" }, { 0x747, "mseccfg" }, { 0x757, "mseccfgh" },
    { 0x7a0, "tselect" }, { 0x7a1, "tdata1" }, { 0x7a2, "tdata2" }, { 0x7a3, "tdata3" },
    { 0x7a4, "tinfo" }, { 0x7a5, "tcontrol" }, { 0x7a8, "mcontext" },
    { 0x7aa, "mscontext" }, { 0x7b0, "dcsr" }, { 0x7b1, "dpc" }, { 0x7b2, "dscratch0" },
    { 0x7b3, "dscratch1" }, { 0xb00, "mcycle" }, { 0xb02, "minstret" },
    { 0xb80, "mcycleh" }, { 0xb82, "minstreth" }, { 0xc00, "cycle" }, { 0xc01, "time" },
    { 0xc02, "instret" }, { 0xc20, "vl" }, { 0xc21, "vtype" }, { 0xc22, "vlenb" },
    { 0xc80, "cycleh" }, { 0xc81, "timeh" }, { 0xc82, "instreth" },
    { 0xcb1, "uintstatus" }, { 0xda0, "scountovf" }, { 0xdb0, "stopi" },
    { 0xdb1, "sintstatus" }, { 0xe12, "hgeip" }, { 0xeb0, "vstopi" },
    { 0xf11, "mvendorid" }, { 0xf12, "marchid" }, { 0xf13, "mimpid" },
    { 0xf14, "mhartid" }, { 0xf15, "mconfigptr" }, { 0xfb0, "mtopi" },
    { 0xfb1, "mintstatus" },
};

/* Writes Spike's name of CSR csr: its table's, or "unknown_" and three hex digits. */
static void spike_csr(struct out *o, int csr)
{
    char tmp[24];
    for (size_t i = 0; i < sizeof spike_csr_names / sizeof spike_csr_names[0]; i++)
        if (spike_csr_names[i].num == csr) {
            put(o, "%s", spike_csr_names[i].name);
            return;
        }
    if (csr_family_name(csr, tmp, sizeof tmp))
        put(o, "%s", tmp);
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
