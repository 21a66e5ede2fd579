/* Decoder: finds an instruction's table entry and extracts its operands once, so the
 * handlers never look at instruction bits. Compressed instructions are expanded into
 * the operands of the base instruction that shares their handler. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

static inline uint32_t bits(uint32_t x, int hi, int lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}
static inline int64_t sext(uint64_t x, int width)
{
    return (int64_t)(x << (64 - width)) >> (64 - width);
}
#define CREG(x) (8 + (x))   /* rd', rs1', rs2' name x8..x15 */

/* The extensions' tables, in decoding priority order. A new extension is one more
 * table in a file of its own and one more line here. */
static const struct insn_set {
    const struct insn_desc *table;
    const int *len;
} insn_sets[] = {
    { insn_base_table, &insn_base_len },
    { insn_fd_table, &insn_fd_len },
};

const struct insn_desc *insn_table;
int insn_table_len;
const void *const *dinsn_labels;

/* Candidate lists, built once with the combined table: 32-bit instructions are
 * bucketed by opcode bits 6:2 (buckets 0..31), 16-bit ones by quadrant and funct3
 * (32 + 8 * quadrant + funct3). bucket_first[b] .. bucket_first[b + 1] index
 * bucket_items, which holds table indices in table order. */
#define NBUCKETS (32 + 3 * 8)
static int bucket_first[NBUCKETS + 1];
static int *bucket_items;
/* Each table entry's inline operation (enum fast_op), found once. */
static uint8_t *entry_fop;

static int bucket_of(uint32_t raw)
{
    if ((raw & 3) == 3)
        return (int)bits(raw, 6, 2);
    return 32 + 8 * (int)(raw & 3) + (int)bits(raw, 15, 13);
}

__attribute__((constructor)) static void build_table(void)
{
    int n = 0;
    for (size_t s = 0; s < sizeof insn_sets / sizeof insn_sets[0]; s++)
        n += *insn_sets[s].len;
    struct insn_desc *t = malloc(sizeof *t * (size_t)n);
    bucket_items = malloc(sizeof *bucket_items * (size_t)n);
    entry_fop = malloc((size_t)n);
    if (!t || !bucket_items || !entry_fop)
        abort();
    n = 0;
    for (size_t s = 0; s < sizeof insn_sets / sizeof insn_sets[0]; s++)
        for (int i = 0; i < *insn_sets[s].len; i++) {
            entry_fop[n] = insn_fast_op(insn_sets[s].table[i].fn);
            t[n++] = insn_sets[s].table[i];
        }
    if (n >= OP_NONE)           /* struct dinsn's op is a byte */
        abort();
    insn_table = t;
    insn_table_len = n;

    int count[NBUCKETS] = { 0 }, fill[NBUCKETS];
    for (int i = 0; i < n; i++)
        count[bucket_of(t[i].match)]++;
    for (int b = 0; b < NBUCKETS; b++)
        bucket_first[b + 1] = bucket_first[b] + count[b];
    memcpy(fill, bucket_first, sizeof fill);
    for (int i = 0; i < n; i++)
        bucket_items[fill[bucket_of(t[i].match)]++] = i;
}

/* Fills d's operands for format fmt; false when the encoding is reserved. */
static bool extract(enum insn_fmt fmt, unsigned fregs, uint32_t x, struct dinsn *d)
{
    int rd = bits(x, 11, 7), rs1 = bits(x, 19, 15), rs2 = bits(x, 24, 20);
    int rm = bits(x, 14, 12);
    int crd = bits(x, 11, 7), crs2 = bits(x, 6, 2);
    int crdp = CREG(bits(x, 4, 2)), crs1p = CREG(bits(x, 9, 7));
    int64_t ci = sext((bits(x, 12, 12) << 5) | bits(x, 6, 2), 6);
    d->rd = rd; d->rs1 = rs1; d->rs2 = rs2; d->imm = 0;
    switch (fmt) {
    case F_R: case F_AMO:
        return true;
    case F_LR:
        d->rs2 = 0;
        return true;
    case F_I: case F_LOAD: case F_JALR:
        d->imm = sext(bits(x, 31, 20), 12);
        return true;
    case F_I_SH6:
        d->imm = bits(x, 25, 20);
        return true;
    case F_I_SH5:
        d->imm = bits(x, 24, 20);
        return true;
    case F_S:
        d->rd = 0;
        d->imm = sext((bits(x, 31, 25) << 5) | bits(x, 11, 7), 12);
        return true;
    case F_B:
        d->rd = 0;
        d->imm = sext((bits(x, 31, 31) << 12) | (bits(x, 7, 7) << 11) |
                      (bits(x, 30, 25) << 5) | (bits(x, 11, 8) << 1), 13);
        return true;
    case F_U:
        d->imm = sext(x & 0xfffff000u, 32);
        return true;
    case F_J:
        d->imm = sext((bits(x, 31, 31) << 20) | (bits(x, 19, 12) << 12) |
                      (bits(x, 20, 20) << 11) | (bits(x, 30, 21) << 1), 21);
        return true;
    case F_CSR: case F_CSRI:
        d->imm = bits(x, 31, 20);
        return true;
    case F_NONE: case F_FENCE: case F_SFENCE:
        d->rd = 0;
        return true;
    case F_R4:
        d->rs3 = bits(x, 31, 27);
        d->rm = rm;
        return rm != 5 && rm != 6;          /* reserved rounding modes */
    case F_R_RM:
        d->rm = rm;
        return rm != 5 && rm != 6;
    case F_R1_RM: case F_R1_RMX:
        d->rs2 = 0;
        d->rm = rm;
        return rm != 5 && rm != 6;
    case F_R1:
        d->rs2 = 0;
        return true;

    case FC_ADDI4SPN:
        d->rd = crdp; d->rs1 = 2;
        d->imm = (bits(x, 12, 11) << 4) | (bits(x, 10, 7) << 6) |
                 (bits(x, 6, 6) << 2) | (bits(x, 5, 5) << 3);
        return d->imm != 0;
    case FC_LW: case FC_SW:
        d->rd = fmt == FC_LW ? crdp : 0; d->rs2 = crdp; d->rs1 = crs1p;
        d->imm = (bits(x, 12, 10) << 3) | (bits(x, 6, 6) << 2) | (bits(x, 5, 5) << 6);
        return true;
    case FC_LD: case FC_SD:
        d->rd = fmt == FC_LD ? crdp : 0; d->rs2 = crdp; d->rs1 = crs1p;
        d->imm = (bits(x, 12, 10) << 3) | (bits(x, 6, 5) << 6);
        return true;
    case FC_NOP:                      /* nonzero imm with rd=0 is a HINT */
        d->rd = 0; d->rs1 = 0; d->imm = ci;
        return true;
    case FC_ADDI:                     /* rd != 0; imm == 0 is a HINT */
        d->rd = d->rs1 = crd; d->imm = ci;
        return true;
    case FC_ADDIW:
        d->rd = d->rs1 = crd; d->imm = ci;
        return crd != 0;
    case FC_LI:
        d->rd = crd; d->rs1 = 0; d->imm = ci;
        return true;
    case FC_ADDI16SP:
        d->rd = d->rs1 = 2;
        d->imm = sext((bits(x, 12, 12) << 9) | (bits(x, 4, 3) << 7) | (bits(x, 5, 5) << 6) |
                      (bits(x, 2, 2) << 5) | (bits(x, 6, 6) << 4), 10);
        return d->imm != 0;
    case FC_LUI:
        d->rd = crd; d->imm = (int64_t)((uint64_t)ci << 12);
        return ci != 0;
    case FC_SRLI: case FC_SRAI:
        d->rd = d->rs1 = crs1p;
        d->imm = (bits(x, 12, 12) << 5) | bits(x, 6, 2);
        return true;
    case FC_ANDI:
        d->rd = d->rs1 = crs1p; d->imm = ci;
        return true;
    case FC_CA:
        d->rd = d->rs1 = crs1p; d->rs2 = CREG(bits(x, 4, 2));
        return true;
    case FC_J:
        d->rd = 0;
        d->imm = sext((bits(x, 12, 12) << 11) | (bits(x, 11, 11) << 4) |
                      (bits(x, 10, 9) << 8) | (bits(x, 8, 8) << 10) | (bits(x, 7, 7) << 6) |
                      (bits(x, 6, 6) << 7) | (bits(x, 5, 3) << 1) | (bits(x, 2, 2) << 5), 12);
        return true;
    case FC_BZ:
        d->rd = 0; d->rs1 = crs1p; d->rs2 = 0;
        d->imm = sext((bits(x, 12, 12) << 8) | (bits(x, 11, 10) << 3) | (bits(x, 6, 5) << 6) |
                      (bits(x, 4, 3) << 1) | (bits(x, 2, 2) << 5), 9);
        return true;
    case FC_SLLI:
        d->rd = d->rs1 = crd;
        d->imm = (bits(x, 12, 12) << 5) | bits(x, 6, 2);
        return true;
    case FC_LWSP:
        d->rd = crd; d->rs1 = 2;
        d->imm = (bits(x, 12, 12) << 5) | (bits(x, 6, 4) << 2) | (bits(x, 3, 2) << 6);
        return crd != 0;
    case FC_LDSP:                     /* c.ldsp zero is reserved, c.fldsp f0 is not */
        d->rd = crd; d->rs1 = 2;
        d->imm = (bits(x, 12, 12) << 5) | (bits(x, 6, 5) << 3) | (bits(x, 4, 2) << 6);
        return crd != 0 || (fregs & FREG_RD);
    case FC_JR:
        d->rd = 0; d->rs1 = crd; d->imm = 0;
        return crd != 0;
    case FC_MV:
        d->rd = crd; d->rs1 = 0; d->rs2 = crs2;
        return true;
    case FC_EBREAK:
        d->rd = 0;
        return true;
    case FC_JALR:
        d->rd = 1; d->rs1 = crd; d->imm = 0;
        return true;
    case FC_ADD:
        d->rd = d->rs1 = crd; d->rs2 = crs2;
        return true;
    case FC_SWSP:
        d->rd = 0; d->rs1 = 2; d->rs2 = crs2;
        d->imm = (bits(x, 12, 9) << 2) | (bits(x, 8, 7) << 6);
        return true;
    case FC_SDSP:
        d->rd = 0; d->rs1 = 2; d->rs2 = crs2;
        d->imm = (bits(x, 12, 10) << 3) | (bits(x, 9, 7) << 6);
        return true;
    }
    return false;
}

static int find_entry(uint32_t raw)
{
    if ((raw & 3) != 3)
        raw &= 0xffff;
    int b = bucket_of(raw);
    for (int k = bucket_first[b]; k < bucket_first[b + 1]; k++) {
        const struct insn_desc *e = &insn_table[bucket_items[k]];
        if ((raw & e->mask) == e->match)
            return bucket_items[k];
    }
    return -1;
}

bool insn_decode(uint32_t raw, struct dinsn *d)
{
    bool rvc = (raw & 3) != 3;
    if (rvc)
        raw &= 0xffff;
    d->raw = raw;
    d->len = rvc ? 2 : 4;
    d->fn = exec_illegal;
    dinsn_set_fop(d, FOP_CALL);
    d->op = OP_NONE;
    d->rd = d->rs1 = d->rs2 = d->rs3 = 0;
    d->rm = 0;
    d->imm = 0;
    int i = find_entry(raw);
    if (i < 0)
        return false;
    struct dinsn t = *d;
    const struct insn_desc *e = &insn_table[i];
    if (!extract(e->fmt, e->fregs, raw, &t))
        return false;
    t.op = (uint8_t)i;
    t.fn = insn_table[i].fn;
    if (entry_fop[i] != FOP_CALL)
        dinsn_set_fop(&t, (uint8_t)(2 * entry_fop[i] + (t.len == 4)));
    /* operands become register-file indices; writes to x0 go to the sink */
    if (e->fregs & FREG_RD)
        t.rd += REG_F;
    else if (t.rd == 0)
        t.rd = REG_SINK;
    if (e->fregs & FREG_RS1)
        t.rs1 += REG_F;
    if (e->fregs & FREG_RS2)
        t.rs2 += REG_F;
    if (e->fregs & FREG_RS3)
        t.rs3 += REG_F;
    *d = t;
    return true;
}
