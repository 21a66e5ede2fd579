/* Disassembler: one formatter per operand format of the instruction table. */
#include "disas.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csr.h"
#include "decode.h"

const char *const reg_abi_name[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2",
    "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
    "s10", "s11", "t3", "t4", "t5", "t6",
};

struct out { char *buf; size_t len, pos; };

static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (o->pos < o->len) {
        int n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
        if (n > 0)
            o->pos += (size_t)n;
    }
    va_end(ap);
}

static const char *R(int r) { return reg_abi_name[r & 31]; }

static void fence_set(char *s, int bits)
{
    int n = 0;
    if (bits & 8) s[n++] = 'i';
    if (bits & 4) s[n++] = 'o';
    if (bits & 2) s[n++] = 'r';
    if (bits & 1) s[n++] = 'w';
    if (!n) s[n++] = '0';
    s[n] = 0;
}

static const char *csr_text(int csr, char *tmp)
{
    const char *n = csr_name(csr);
    if (n)
        return n;
    sprintf(tmp, "0x%x", csr);
    return tmp;
}

void disas(uint32_t raw, uint64_t pc, enum disas_style style, char *buf, size_t len)
{
    struct out o = { buf, len, 0 };
    struct dinsn d;
    bool spike = style == DISAS_SPIKE;
    const char *sep = spike ? ", " : ",";
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
    int rd = d.rd == REG_SINK ? 0 : d.rd;
    char name[32];
    snprintf(name, sizeof name, "%s", e->name);
    if (e->fmt == F_AMO || e->fmt == F_LR) {
        if (raw & (1u << 26)) strcat(name, ".aq");
        if (raw & (1u << 25)) strcat(name, raw & (1u << 26) ? "rl" : ".rl");
    }
    if (spike) {
        int pad = 8 - (int)strlen(name);
        put(&o, "%s%*s", name, pad > 1 ? pad : 1, "");
    } else {
        put(&o, "%s\t", name);
    }
    char tmp[16], pred[8], succ[8];
    int64_t imm = d.imm;
    switch (e->fmt) {
    case F_R: case FC_CA:
        if (e->fmt == FC_CA)
            put(&o, "%s%s%s", R(rd), sep, R(d.rs2));
        else
            put(&o, "%s%s%s%s%s", R(rd), sep, R(d.rs1), sep, R(d.rs2));
        break;
    case F_I: case FC_ADDI4SPN: case FC_ADDI: case FC_ADDIW: case FC_ANDI:
    case FC_ADDI16SP: case FC_LI: case FC_NOP:
        if (e->fmt == F_I)
            put(&o, "%s%s%s%s%lld", R(rd), sep, R(d.rs1), sep, (long long)imm);
        else if (e->fmt == FC_ADDI4SPN)
            put(&o, "%s%ssp%s%lld", R(rd), sep, sep, (long long)imm);
        else if (e->fmt == FC_NOP) {
            if (imm) put(&o, "%lld", (long long)imm);
            else o.buf[--o.pos] = 0;       /* c.nop takes no operands */
        } else
            put(&o, "%s%s%lld", R(rd), sep, (long long)imm);
        break;
    case F_I_SH6: case F_I_SH5:
        put(&o, "%s%s%s%s0x%llx", R(rd), sep, R(d.rs1), sep, (unsigned long long)imm);
        break;
    case FC_SRLI: case FC_SRAI: case FC_SLLI:
        put(&o, "%s%s0x%llx", R(rd), sep, (unsigned long long)imm);
        break;
    case F_LOAD: case FC_LW: case FC_LD: case FC_LWSP: case FC_LDSP:
        put(&o, "%s%s%lld(%s)", R(rd), sep, (long long)imm, R(d.rs1));
        break;
    case F_S: case FC_SW: case FC_SD: case FC_SWSP: case FC_SDSP:
        put(&o, "%s%s%lld(%s)", R(d.rs2), sep, (long long)imm, R(d.rs1));
        break;
    case F_JALR:
        if (spike)
            put(&o, "%s%s%s%s%lld", R(rd), sep, R(d.rs1), sep, (long long)imm);
        else
            put(&o, "%s%s%lld(%s)", R(rd), sep, (long long)imm, R(d.rs1));
        break;
    case F_B: case FC_BZ:
        if (e->fmt == FC_BZ)
            put(&o, "%s%s", R(d.rs1), sep);
        else
            put(&o, "%s%s%s%s", R(d.rs1), sep, R(d.rs2), sep);
        if (spike)
            put(&o, "pc %c 0x%llx", imm < 0 ? '-' : '+',
                (unsigned long long)(imm < 0 ? -imm : imm));
        else
            put(&o, "0x%llx", (unsigned long long)(pc + (uint64_t)imm));
        break;
    case F_J: case FC_J:
        if (e->fmt == F_J)
            put(&o, "%s%s", R(rd), sep);
        if (spike)
            put(&o, "pc %c 0x%llx", imm < 0 ? '-' : '+',
                (unsigned long long)(imm < 0 ? -imm : imm));
        else
            put(&o, "0x%llx", (unsigned long long)(pc + (uint64_t)imm));
        break;
    case F_U: case FC_LUI:
        put(&o, "%s%s0x%llx", R(rd), sep, (unsigned long long)((uint64_t)imm >> 12) & 0xfffff);
        break;
    case F_CSR:
        put(&o, "%s%s%s%s%s", R(rd), sep, csr_text((int)imm, tmp), sep, R(d.rs1));
        break;
    case F_CSRI:
        put(&o, "%s%s%s%s%d", R(rd), sep, csr_text((int)imm, tmp), sep, d.rs1);
        break;
    case F_AMO:
        put(&o, "%s%s%s%s(%s)", R(rd), sep, R(d.rs2), sep, R(d.rs1));
        break;
    case F_LR:
        put(&o, "%s%s(%s)", R(rd), sep, R(d.rs1));
        break;
    case F_FENCE:
        fence_set(pred, (raw >> 24) & 15);
        fence_set(succ, (raw >> 20) & 15);
        if ((raw >> 28) == 8)
            snprintf(name, sizeof name, "fence.tso");
        put(&o, "%s%s%s", pred, sep, succ);
        break;
    case F_SFENCE:
        put(&o, "%s%s%s", R(d.rs1), sep, R(d.rs2));
        break;
    case FC_JR: case FC_JALR:
        put(&o, "%s", R(d.rs1));
        break;
    case FC_MV: case FC_ADD:
        put(&o, "%s%s%s", R(rd), sep, R(d.rs2));
        break;
    case F_NONE: case FC_EBREAK:
        /* no operands: drop the separator printed after the name */
        while (o.pos && (o.buf[o.pos - 1] == ' ' || o.buf[o.pos - 1] == '\t'))
            o.buf[--o.pos] = 0;
        break;
    }
    (void)len;
}
