/* Disassembler driven by the instruction table: one operand formatter per format.
 * DISAS_OBJDUMP spells every table entry exactly as binutils' `objdump -d -M
 * no-aliases` does (tests/unit/test_disas.c checks it against objdump itself);
 * DISAS_SPIKE follows Spike's `-l` log.
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

static const char *R(int r) { return reg_abi_name[r & 31]; }

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
    static const struct { int base, first, count; const char *prefix, *suffix; } families[] = {
        { 0x3a0, 0, 16, "pmpcfg", "" }, { 0x3b0, 0, 64, "pmpaddr", "" },
        { 0x323, 3, 29, "mhpmevent", "" }, { 0x723, 3, 29, "mhpmevent", "h" },
        { 0xb03, 3, 29, "mhpmcounter", "" }, { 0xb83, 3, 29, "mhpmcounter", "h" },
        { 0xc03, 3, 29, "hpmcounter", "" }, { 0xc83, 3, 29, "hpmcounter", "h" },
    };
    for (size_t i = 0; i < sizeof binutils_csr_names / sizeof binutils_csr_names[0]; i++)
        if (binutils_csr_names[i].num == csr)
            return binutils_csr_names[i].name;
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        int k = csr - families[i].base;
        if (k >= 0 && k < families[i].count) {
            snprintf(tmp, n, "%s%d%s", families[i].prefix, families[i].first + k,
                     families[i].suffix);
            return tmp;
        }
    }
    snprintf(tmp, n, "0x%x", csr);
    return tmp;
}

static const char *csr_text(int csr, bool spike, char *tmp, size_t n)
{
    if (!spike)
        return objdump_csr_name(csr, tmp, n);
    const char *name = csr_name(csr);
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

/* Writes the operands of d (entry e) to o; sets *mnemonic when the spelling is not
 * the table's name. */
static void operands(const struct insn_desc *e, const struct dinsn *d, uint32_t raw,
                     uint64_t pc, bool spike, struct out *o, const char **mnemonic)
{
    const char *sep = spike ? ", " : ",";
    int rd = d->rd == REG_SINK ? 0 : d->rd;
    long long imm = (long long)d->imm;
    char tmp[24], pred[8], succ[8];
    switch (e->fmt) {
    case F_R:
        put(o, "%s%s%s%s%s", R(rd), sep, R(d->rs1), sep, R(d->rs2));
        break;
    case FC_CA: case FC_MV: case FC_ADD:
        put(o, "%s%s%s", R(rd), sep, R(d->rs2));
        break;
    case F_I:
        put(o, "%s%s%s%s%lld", R(rd), sep, R(d->rs1), sep, imm);
        break;
    case FC_ADDI4SPN:
        put(o, "%s%ssp%s%lld", R(rd), sep, sep, imm);
        break;
    case FC_NOP:
        /* binutils knows c.nop only as an alias of c.addi zero,0 */
        if (!spike) {
            *mnemonic = "c.addi";
            put(o, "zero%s%lld", sep, imm);
        } else if (imm) {
            put(o, "%lld", imm);
        }
        break;
    case FC_ADDI: case FC_ADDIW: case FC_ANDI: case FC_ADDI16SP: case FC_LI:
        put(o, "%s%s%lld", R(rd), sep, imm);
        break;
    case F_I_SH6: case F_I_SH5:
        put(o, "%s%s%s%s0x%llx", R(rd), sep, R(d->rs1), sep, imm);
        break;
    case FC_SRLI: case FC_SRAI: case FC_SLLI:
        /* RV64 spells a zero shift amount (a HINT) as c.slli64, c.srli64, c.srai64 */
        if (imm == 0 && !spike) {
            *mnemonic = e->fmt == FC_SRLI ? "c.srli64" : e->fmt == FC_SRAI ? "c.srai64"
                                                                          : "c.slli64";
            put(o, "%s", R(rd));
        } else {
            put(o, "%s%s0x%llx", R(rd), sep, imm);
        }
        break;
    case F_LOAD: case FC_LW: case FC_LD: case FC_LWSP: case FC_LDSP:
        put(o, "%s%s%lld(%s)", R(rd), sep, imm, R(d->rs1));
        break;
    case F_S: case FC_SW: case FC_SD: case FC_SWSP: case FC_SDSP:
        put(o, "%s%s%lld(%s)", R(d->rs2), sep, imm, R(d->rs1));
        break;
    case F_JALR:
        if (spike)
            put(o, "%s%s%s%s%lld", R(rd), sep, R(d->rs1), sep, imm);
        else
            put(o, "%s%s%lld(%s)", R(rd), sep, imm, R(d->rs1));
        break;
    case F_B: case FC_BZ: case F_J: case FC_J:
        if (e->fmt == F_B)
            put(o, "%s%s%s%s", R(d->rs1), sep, R(d->rs2), sep);
        else if (e->fmt == FC_BZ)
            put(o, "%s%s", R(d->rs1), sep);
        else if (e->fmt == F_J)
            put(o, "%s%s", R(rd), sep);
        if (spike)
            put(o, "pc %c 0x%llx", imm < 0 ? '-' : '+',
                (unsigned long long)(imm < 0 ? -(uint64_t)imm : (uint64_t)imm));
        else
            put(o, "0x%llx", (unsigned long long)(pc + (uint64_t)imm));
        break;
    case F_U: case FC_LUI:
        put(o, "%s%s0x%llx", R(rd), sep, (unsigned long long)((uint64_t)imm >> 12) & 0xfffff);
        break;
    case F_CSR:
        put(o, "%s%s%s%s%s", R(rd), sep, csr_text((int)imm, spike, tmp, sizeof tmp), sep,
            R(d->rs1));
        break;
    case F_CSRI:
        put(o, "%s%s%s%s%d", R(rd), sep, csr_text((int)imm, spike, tmp, sizeof tmp), sep,
            d->rs1);
        break;
    case F_AMO:
        put(o, "%s%s%s%s(%s)", R(rd), sep, R(d->rs2), sep, R(d->rs1));
        break;
    case F_LR:
        put(o, "%s%s(%s)", R(rd), sep, R(d->rs1));
        break;
    case F_FENCE:
        if ((raw >> 28) == 8 && ((raw >> 20) & 0xff) == 0x33)
            *mnemonic = "fence.tso";        /* fence.tso takes no operands */
        else
            put(o, "%s%s%s", fence_set((raw >> 24) & 15, pred), sep,
                fence_set((raw >> 20) & 15, succ));
        break;
    case F_SFENCE:
        put(o, "%s%s%s", R(d->rs1), sep, R(d->rs2));
        break;
    case FC_JR: case FC_JALR:
        put(o, "%s", R(d->rs1));
        break;
    case F_NONE: case FC_EBREAK:
        break;
    }
}

void disas(uint32_t raw, uint64_t pc, enum disas_style style, char *buf, size_t len)
{
    struct out o = { buf, len, 0 };
    bool spike = style == DISAS_SPIKE;
    struct dinsn d;
    if (len)
        buf[0] = 0;
    if (!insn_decode(raw, &d)) {
        if (spike)
            put(&o, "unknown");
        else if ((raw & 3) == 3)
            put(&o, ".insn\t4, 0x%08x", raw);
        else
            put(&o, ".insn\t2, 0x%04x", raw & 0xffff);
        return;
    }
    const struct insn_desc *e = &insn_table[d.op];
    const char *mnemonic = e->name;
    char ops_buf[96];
    struct out ops = { ops_buf, sizeof ops_buf, 0 };
    ops_buf[0] = 0;
    operands(e, &d, raw, pc, spike, &ops, &mnemonic);

    const char *order = "";
    if (e->fmt == F_AMO || e->fmt == F_LR) {
        bool aq = raw & (1u << 26), rl = raw & (1u << 25);
        order = aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";
    }
    if (!ops_buf[0]) {
        put(&o, "%s%s", mnemonic, order);
    } else if (spike) {
        int pad = 8 - (int)(strlen(mnemonic) + strlen(order));  /* operands at column 8 */
        put(&o, "%s%s%*s%s", mnemonic, order, pad > 1 ? pad : 1, "", ops_buf);
    } else {
        put(&o, "%s%s\t%s", mnemonic, order, ops_buf);
    }
}
