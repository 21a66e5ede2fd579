/* The decoder and its table: every entry decodes to itself, entries overlap only where
 * the RVC spec says one form takes priority, reserved RVC encodings are illegal, and
 * every immediate shape is extracted as the spec lays it out. The encodings in the
 * immediate tests were produced by GNU as from the assembly in their comments. */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "unit.h"

#define RANDOM_CASES_PER_ENTRY 256

static int op_named(const char *name)
{
    for (int i = 0; i < insn_table_len; i++)
        if (strcmp(insn_table[i].name, name) == 0)
            return i;
    ck_abort_msg("no table entry %s", name);
    return -1;
}

/* Decodes raw, which must be legal and belong to the entry called name. (Loops call
 * these helpers thousands of times; ck_abort_msg only on failure keeps them fast.) */
static struct dinsn decode_as(uint32_t raw, const char *name)
{
    struct dinsn d;
    memset(&d, 0xa5, sizeof d);
    if (!insn_decode(raw, &d))
        ck_abort_msg("%08x (%s) decodes as illegal", raw, name);
    if (d.op >= insn_table_len || strcmp(insn_table[d.op].name, name) != 0)
        ck_abort_msg("%08x decodes as %s, want %s", raw,
                     d.op < insn_table_len ? insn_table[d.op].name : "?", name);
    return d;
}

static void assert_illegal(uint32_t raw)
{
    struct dinsn d;
    if (insn_decode(raw, &d))
        ck_abort_msg("%04x decodes as %s, want illegal", raw, insn_table[d.op].name);
    if (d.fn != exec_illegal)
        ck_abort_msg("%04x: illegal without the illegal handler", raw);
}

/* ---- every entry decodes to itself ---- */

static uint32_t rng_state = 0x2545f491u;
static uint32_t rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static uint32_t field(uint32_t x, int hi, int lo) { return (x >> lo) & ((2u << (hi - lo)) - 1); }
static uint32_t with_field(uint32_t x, int hi, int lo, uint32_t v)
{
    uint32_t m = ((2u << (hi - lo)) - 1) << lo;
    return (x & ~m) | ((v << lo) & m);
}

/* Makes a random encoding of format fmt legal and unambiguous, by the RVC spec's
 * reserved values (nonzero immediates, rd/rs1 != 0) and the priority cases
 * (c.addi rd=0 is c.nop, c.lui rd=2 is c.addi16sp, c.mv rs2=0 is c.jr, c.add and
 * c.jalr with a zero register are c.ebreak or c.jalr). */
static uint32_t legalize(enum insn_fmt fmt, uint32_t x)
{
    switch (fmt) {
    case FC_ADDI4SPN:
        return field(x, 12, 5) ? x : with_field(x, 5, 5, 1);
    case FC_ADDI: case FC_ADDIW: case FC_LWSP: case FC_LDSP: case FC_JR: case FC_JALR:
        return field(x, 11, 7) ? x : with_field(x, 11, 7, 1);
    case FC_ADDI16SP:
        return field(x, 12, 12) | field(x, 6, 2) ? x : with_field(x, 6, 6, 1);
    case FC_LUI:
        if (field(x, 11, 7) == 2)
            x = with_field(x, 11, 7, 3);
        return field(x, 12, 12) | field(x, 6, 2) ? x : with_field(x, 2, 2, 1);
    case FC_MV: case FC_ADD:
        return field(x, 6, 2) ? x : with_field(x, 6, 2, 1);
    case F_R4: case F_R_RM: case F_R1_RM: case F_R1_RMX:   /* rm 5 and 6 are reserved */
        return field(x, 14, 12) == 5 || field(x, 14, 12) == 6 ? with_field(x, 14, 12, 7) : x;
    default:
        return x;
    }
}

/* Loop test, one iteration per table entry (_i). Regression test for a fixed bug: the c.lui iteration
 * aborts under UBSan on a negative immediate (emu/decode.c, extract(), FC_LUI). */
START_TEST(test_entry_decodes_to_itself_for_random_encodings)
{
    const struct insn_desc *e = &insn_table[_i];
    bool rvc = (e->match & 3) != 3;
    rng_state = 0x2545f491u + (uint32_t)_i;
    for (int k = 0; k < RANDOM_CASES_PER_ENTRY; k++) {
        uint32_t raw = legalize(e->fmt, (rng_next() & ~e->mask) | e->match);
        if (rvc)
            raw &= 0xffff;
        struct dinsn d = decode_as(raw, e->name);
        if (d.op != _i || d.raw != raw || d.len != (rvc ? 2 : 4))
            ck_abort_msg("%s %08x: op %d raw %08x len %d", e->name, raw, d.op, d.raw, d.len);
        if (d.fn != e->fn)
            ck_abort_msg("%s: handler is not the table's", e->name);
        if (d.rd == 0)
            ck_abort_msg("%s: rd 0 not redirected to the sink", e->name);
    }
}
END_TEST

START_TEST(test_compressed_decode_ignores_the_upper_halfword)
{
    struct dinsn d = decode_as(0xffff852e, "c.mv");
    ck_assert_uint_eq(d.raw, 0x852e);
    ck_assert_int_eq(d.len, 2);
}
END_TEST

START_TEST(test_writes_to_x0_go_to_the_sink_register)
{
    struct dinsn d = decode_as(0x00000013, "addi");          /* addi zero,zero,0 */
    ck_assert_int_eq(d.rd, REG_SINK);
    d = decode_as(0x0001, "c.nop");
    ck_assert_int_eq(d.rd, REG_SINK);
}
END_TEST

/* ---- overlaps and priorities ---- */

static bool overlap(const struct insn_desc *a, const struct insn_desc *b)
{
    if (((a->match & 3) == 3) != ((b->match & 3) == 3))
        return false;
    return ((a->match ^ b->match) & a->mask & b->mask) == 0;
}

/* The intended overlaps: the specific form first, the general one after it. */
static const char *const priority_pairs[][2] = {
    { "c.nop", "c.addi" }, { "c.addi16sp", "c.lui" }, { "c.jr", "c.mv" },
    { "c.ebreak", "c.jalr" }, { "c.ebreak", "c.add" }, { "c.jalr", "c.add" },
};
#define NPAIRS (int)(sizeof priority_pairs / sizeof priority_pairs[0])

static int pair_index(const char *a, const char *b)
{
    for (int p = 0; p < NPAIRS; p++)
        if ((!strcmp(a, priority_pairs[p][0]) && !strcmp(b, priority_pairs[p][1])) ||
            (!strcmp(b, priority_pairs[p][0]) && !strcmp(a, priority_pairs[p][1])))
            return p;
    return -1;
}

START_TEST(test_entries_overlap_only_in_the_rvc_priority_cases)
{
    int seen = 0;
    for (int i = 0; i < insn_table_len; i++)
        for (int j = i + 1; j < insn_table_len; j++) {
            if (!overlap(&insn_table[i], &insn_table[j]))
                continue;
            int p = pair_index(insn_table[i].name, insn_table[j].name);
            ck_assert_msg(p >= 0, "%s and %s claim the same encodings", insn_table[i].name,
                          insn_table[j].name);
            seen |= 1 << p;
        }
    ck_assert_int_eq(seen, (1 << NPAIRS) - 1);
}
END_TEST

START_TEST(test_specific_rvc_form_precedes_the_general_one)
{
    for (int p = 0; p < NPAIRS; p++)
        ck_assert_msg(op_named(priority_pairs[p][0]) < op_named(priority_pairs[p][1]),
                      "%s must come before %s", priority_pairs[p][0], priority_pairs[p][1]);
}
END_TEST

START_TEST(test_c_jr_and_c_mv_are_told_apart_by_rs2)
{
    decode_as(0x8682, "c.jr");          /* c.jr a3 */
    decode_as(0x86ae, "c.mv");          /* c.mv a3,a1 */
}
END_TEST

START_TEST(test_c_ebreak_c_jalr_c_add_are_told_apart_by_rs1_and_rs2)
{
    decode_as(0x9002, "c.ebreak");
    decode_as(0x9602, "c.jalr");        /* c.jalr a2 */
    decode_as(0x973e, "c.add");         /* c.add a4,a5 */
}
END_TEST

START_TEST(test_c_nop_is_c_addi_with_rd_zero)
{
    decode_as(0x0001, "c.nop");
    decode_as(0x107d, "c.nop");         /* HINT: c.nop with nonzero imm */
    decode_as(0x0505, "c.addi");        /* c.addi a0,1 */
}
END_TEST

START_TEST(test_c_addi16sp_is_c_lui_with_rd_sp)
{
    decode_as(0x6141, "c.addi16sp");    /* c.addi16sp sp,16 */
    decode_as(0x61c1, "c.lui");         /* c.lui gp,0x10 */
}
END_TEST

/* ---- reserved and unimplemented encodings ---- */

START_TEST(test_all_zero_halfword_is_illegal)
{
    assert_illegal(0x0000);
    assert_illegal(0x00000000);
}
END_TEST

START_TEST(test_c_addi4spn_with_zero_immediate_is_illegal)
{
    for (uint32_t rd = 0; rd < 8; rd++)
        assert_illegal(rd << 2);
}
END_TEST

START_TEST(test_c_lui_with_zero_immediate_is_illegal)
{
    for (uint32_t rd = 0; rd < 32; rd++)
        if (rd != 2)
            assert_illegal(0x6001 | rd << 7);
}
END_TEST

START_TEST(test_c_addi16sp_with_zero_immediate_is_illegal)
{
    assert_illegal(0x6101);
}
END_TEST

START_TEST(test_c_lwsp_and_c_ldsp_with_rd_zero_are_illegal)
{
    for (uint32_t imm = 0; imm < 64; imm++) {
        uint32_t bits = (imm >> 5) << 12 | (imm & 31) << 2;
        assert_illegal(0x4002 | bits);
        assert_illegal(0x6002 | bits);
    }
}
END_TEST

START_TEST(test_c_jr_with_rs1_zero_is_illegal)
{
    assert_illegal(0x8002);
}
END_TEST

START_TEST(test_c_addiw_with_rd_zero_is_illegal)
{
    for (uint32_t imm = 0; imm < 64; imm++)
        assert_illegal(0x2001 | (imm >> 5) << 12 | (imm & 31) << 2);
}
END_TEST

/* Without the D extension, every encoding of c.fld, c.fsd, c.fldsp, c.fsdsp. */
/* With D, every encoding of c.fld, c.fsd, c.fldsp and c.fsdsp is legal (f0 included)
 * and names f registers. */
START_TEST(test_compressed_double_loads_and_stores_name_f_registers)
{
    static const uint32_t base[] = { 0x2000, 0xa000, 0x2002, 0xa002 };
    static const char *const name[] = { "c.fld", "c.fsd", "c.fldsp", "c.fsdsp" };
    for (unsigned b = 0; b < 4; b++)
        for (uint32_t bits = 0; bits < (1u << 11); bits++) {
            struct dinsn d = decode_as(base[b] | (bits << 2), name[b]);
            if (b % 2 == 0)
                ck_assert_int_ge(d.rd, REG_F);
            else
                ck_assert_int_ge(d.rs2, REG_F);
        }
    struct dinsn d = decode_as(0x2002, "c.fldsp");       /* c.fldsp f0, 0(sp) */
    ck_assert_int_eq(d.rd, REG_F);
}
END_TEST

/* FP operands index the f registers; an FP rd of 0 is f0, not the sink; rs3 and rm
 * come from bits 31:27 and 14:12; the reserved rounding modes are illegal. */
START_TEST(test_fp_operands_are_f_registers_with_rs3_and_rm)
{
    struct dinsn d = decode_as(0x1820c043, "fmadd.s");   /* ft0,ft1,ft2,ft3,rmm */
    ck_assert_int_eq(d.rd, REG_F + 0);
    ck_assert_int_eq(d.rs1, REG_F + 1);
    ck_assert_int_eq(d.rs2, REG_F + 2);
    ck_assert_int_eq(d.rs3, REG_F + 3);
    ck_assert_int_eq(d.rm, 4);
    d = decode_as(0xa2c5a553, "feq.d");                  /* a0,fa1,fa2: x rd */
    ck_assert_int_eq(d.rd, 10);
    ck_assert_int_eq(d.rs1, REG_F + 11);
    d = decode_as(0xa2c5a053, "feq.d");                  /* x0 rd: the sink */
    ck_assert_int_eq(d.rd, REG_SINK);
    d = decode_as(0xd2058053, "fcvt.d.w");               /* f0, a1: x rs1 */
    ck_assert_int_eq(d.rd, REG_F);
    ck_assert_int_eq(d.rs1, 11);
    assert_illegal(0x02c5d553);                          /* fadd.d rm=5 */
    assert_illegal(0x02c5e553);                          /* fadd.d rm=6 */
}
END_TEST

/* Quadrant 0 funct3=100, and c.subw/c.addw's two reserved neighbours. */
START_TEST(test_reserved_rvc_opcodes_are_illegal)
{
    for (uint32_t bits = 0; bits < (1u << 11); bits++)
        assert_illegal(0x8000 | bits << 2);
    for (uint32_t r = 0; r < 8; r++)
        for (uint32_t s = 0; s < 8; s++) {
            assert_illegal(0x9c41 | r << 7 | s << 2);
            assert_illegal(0x9c61 | r << 7 | s << 2);
        }
}
END_TEST

START_TEST(test_rv64_word_shift_with_shamt_bit5_is_illegal)
{
    assert_illegal(0x0205151b);         /* slliw a0,a0,32 */
    assert_illegal(0x0205551b);         /* srliw a0,a0,32 */
    assert_illegal(0x4205551b);         /* sraiw a0,a0,32 */
}
END_TEST

START_TEST(test_lr_with_nonzero_rs2_is_illegal)
{
    assert_illegal(0x1015a52f);         /* lr.w a0,(a1) with rs2=1 */
    assert_illegal(0x1015b52f);
}
END_TEST

START_TEST(test_illegal_decode_sets_raw_and_length)
{
    struct dinsn d;
    ck_assert(!insn_decode(0xffff0000, &d));
    ck_assert_uint_eq(d.raw, 0x0000);
    ck_assert_int_eq(d.len, 2);
    ck_assert(!insn_decode(0x0000005b, &d));
    ck_assert_uint_eq(d.raw, 0x5b);
    ck_assert_int_eq(d.len, 4);
}
END_TEST

/* ---- immediates, 32-bit formats ---- */

START_TEST(test_i_immediate_is_sign_extended)
{
    struct dinsn d = decode_as(0xfff58513, "addi");          /* addi a0,a1,-1 */
    ck_assert_int_eq(d.rd, 10);
    ck_assert_int_eq(d.rs1, 11);
    ck_assert_int_eq(d.imm, -1);
    ck_assert_int_eq(decode_as(0x7ff58513, "addi").imm, 2047);
    ck_assert_int_eq(decode_as(0x80058513, "addi").imm, -2048);
    ck_assert_int_eq(decode_as(0xff813503, "ld").imm, -8);        /* ld a0,-8(sp) */
    ck_assert_int_eq(decode_as(0x8005a503, "lw").imm, -2048);     /* lw a0,-2048(a1) */
}
END_TEST

START_TEST(test_s_immediate_is_split_and_sign_extended)
{
    struct dinsn d = decode_as(0xfea13c23, "sd");            /* sd a0,-8(sp) */
    ck_assert_int_eq(d.rs1, 2);
    ck_assert_int_eq(d.rs2, 10);
    ck_assert_int_eq(d.imm, -8);
    ck_assert_int_eq(decode_as(0x7eb52fa3, "sw").imm, 2047);      /* sw a1,2047(a0) */
    ck_assert_int_eq(decode_as(0x80530023, "sb").imm, -2048);     /* sb t0,-2048(t1) */
}
END_TEST

START_TEST(test_b_immediate_is_scrambled_even_and_sign_extended)
{
    struct dinsn d = decode_as(0x80b50063, "beq");           /* beq a0,a1,.-4096 */
    ck_assert_int_eq(d.rs1, 10);
    ck_assert_int_eq(d.rs2, 11);
    ck_assert_int_eq(d.imm, -4096);
    ck_assert_int_eq(decode_as(0x7eb51fe3, "bne").imm, 4094);     /* bne a0,a1,.+4094 */
    ck_assert_int_eq(decode_as(0xfeb54fe3, "blt").imm, -2);       /* blt a0,a1,.-2 */
}
END_TEST

START_TEST(test_u_immediate_fills_bits_31_12_and_is_sign_extended)
{
    ck_assert_uint_eq((uint64_t)decode_as(0x80000537, "lui").imm, 0xffffffff80000000ull);
    ck_assert_uint_eq((uint64_t)decode_as(0x7ffff537, "lui").imm, 0x7ffff000ull);
    ck_assert_int_eq(decode_as(0xfffff517, "auipc").imm, -4096);  /* auipc a0,0xfffff */
}
END_TEST

START_TEST(test_j_immediate_is_scrambled_even_and_sign_extended)
{
    struct dinsn d = decode_as(0x800000ef, "jal");           /* jal ra,.-1048576 */
    ck_assert_int_eq(d.rd, 1);
    ck_assert_int_eq(d.imm, -1048576);
    ck_assert_int_eq(decode_as(0x7ffff06f, "jal").imm, 1048574); /* jal zero,.+1048574 */
    ck_assert_int_eq(decode_as(0xfffff0ef, "jal").imm, -2);       /* jal ra,.-2 */
}
END_TEST

START_TEST(test_shift_amount_excludes_the_funct_bits)
{
    ck_assert_int_eq(decode_as(0x03f51513, "slli").imm, 63);      /* slli a0,a0,63 */
    ck_assert_int_eq(decode_as(0x43f55513, "srai").imm, 63);      /* srai a0,a0,63 */
    ck_assert_int_eq(decode_as(0x41f5551b, "sraiw").imm, 31);     /* sraiw a0,a0,31 */
}
END_TEST

START_TEST(test_csr_number_is_unsigned_and_uimm_is_in_rs1)
{
    struct dinsn d = decode_as(0xfff59573, "csrrw");         /* csrrw a0,0xfff,a1 */
    ck_assert_int_eq(d.imm, 0xfff);
    ck_assert_int_eq(d.rs1, 11);
    d = decode_as(0x300fd573, "csrrwi");                      /* csrrwi a0,mstatus,31 */
    ck_assert_int_eq(d.imm, 0x300);
    ck_assert_int_eq(d.rs1, 31);
}
END_TEST

/* ---- immediates and registers, compressed formats ---- */

START_TEST(test_c_addi4spn_immediate_is_scaled_by_4_and_unsigned)
{
    struct dinsn d = decode_as(0x1fe8, "c.addi4spn");       /* c.addi4spn a0,sp,1020 */
    ck_assert_int_eq(d.rd, 10);
    ck_assert_int_eq(d.rs1, 2);
    ck_assert_int_eq(d.imm, 1020);
    d = decode_as(0x0040, "c.addi4spn");                      /* c.addi4spn s0,sp,4 */
    ck_assert_int_eq(d.rd, 8);
    ck_assert_int_eq(d.imm, 4);
}
END_TEST

START_TEST(test_c_lw_and_c_sw_offsets_are_scaled_by_4_with_primed_registers)
{
    struct dinsn d = decode_as(0x5de8, "c.lw");               /* c.lw a0,124(a1) */
    ck_assert_int_eq(d.rd, 10);
    ck_assert_int_eq(d.rs1, 11);
    ck_assert_int_eq(d.imm, 124);
    d = decode_as(0x403c, "c.lw");                            /* c.lw a5,64(s0) */
    ck_assert_int_eq(d.rd, 15);
    ck_assert_int_eq(d.rs1, 8);
    ck_assert_int_eq(d.imm, 64);
    d = decode_as(0xdde8, "c.sw");                            /* c.sw a0,124(a1) */
    ck_assert_int_eq(d.rs2, 10);
    ck_assert_int_eq(d.rs1, 11);
    ck_assert_int_eq(d.imm, 124);
}
END_TEST

START_TEST(test_c_ld_and_c_sd_offsets_are_scaled_by_8)
{
    ck_assert_int_eq(decode_as(0x7de8, "c.ld").imm, 248);    /* c.ld a0,248(a1) */
    struct dinsn d = decode_as(0xfde8, "c.sd");              /* c.sd a0,248(a1) */
    ck_assert_int_eq(d.rs2, 10);
    ck_assert_int_eq(d.rs1, 11);
    ck_assert_int_eq(d.imm, 248);
}
END_TEST

START_TEST(test_ci_immediate_is_six_bits_sign_extended)
{
    struct dinsn d = decode_as(0x1501, "c.addi");             /* c.addi a0,-32 */
    ck_assert_int_eq(d.rd, 10);
    ck_assert_int_eq(d.rs1, 10);
    ck_assert_int_eq(d.imm, -32);
    ck_assert_int_eq(decode_as(0x057d, "c.addi").imm, 31);    /* c.addi a0,31 */
    ck_assert_int_eq(decode_as(0x357d, "c.addiw").imm, -1);   /* c.addiw a0,-1 */
    ck_assert_int_eq(decode_as(0x9901, "c.andi").imm, -32);   /* c.andi a0,-32 */
    d = decode_as(0x5501, "c.li");                            /* c.li a0,-32 */
    ck_assert_int_eq(d.rs1, 0);
    ck_assert_int_eq(d.imm, -32);
}
END_TEST

START_TEST(test_c_addi16sp_immediate_is_scaled_by_16_and_sign_extended)
{
    struct dinsn d = decode_as(0x7101, "c.addi16sp");        /* c.addi16sp sp,-512 */
    ck_assert_int_eq(d.rd, 2);
    ck_assert_int_eq(d.rs1, 2);
    ck_assert_int_eq(d.imm, -512);
    ck_assert_int_eq(decode_as(0x617d, "c.addi16sp").imm, 496);
    ck_assert_int_eq(decode_as(0x6141, "c.addi16sp").imm, 16);
}
END_TEST

START_TEST(test_c_lui_positive_immediate_fills_bits_17_12)
{
    ck_assert_int_eq(decode_as(0x657d, "c.lui").imm, 0x1f000);   /* c.lui a0,0x1f */
    ck_assert_int_eq(decode_as(0x6505, "c.lui").imm, 0x1000);    /* c.lui a0,0x1 */
}
END_TEST

/* Regression test for a fixed bug (emu/decode.c, extract(), case FC_LUI): `d->imm = ci << 12` left-shifts
 * a negative int64_t, undefined behaviour that UBSan aborts on. Keep this test. */
START_TEST(test_c_lui_negative_immediate_is_sign_extended)
{
    ck_assert_uint_eq((uint64_t)decode_as(0x7501, "c.lui").imm,  /* c.lui a0,0xfffe0 */
                      0xfffffffffffe0000ull);
}
END_TEST

START_TEST(test_c_shift_amounts_are_six_bits_unsigned)
{
    struct dinsn d = decode_as(0x917d, "c.srli");             /* c.srli a0,63 */
    ck_assert_int_eq(d.rd, 10);
    ck_assert_int_eq(d.rs1, 10);
    ck_assert_int_eq(d.imm, 63);
    ck_assert_int_eq(decode_as(0x9581, "c.srai").imm, 32);    /* c.srai a1,32 */
    ck_assert_int_eq(decode_as(0x157e, "c.slli").imm, 63);    /* c.slli a0,63 */
}
END_TEST

START_TEST(test_c_j_offset_is_scrambled_and_sign_extended)
{
    struct dinsn d = decode_as(0xb001, "c.j");               /* c.j .-2048 */
    ck_assert_int_eq(d.rd, REG_SINK);
    ck_assert_int_eq(d.imm, -2048);
    ck_assert_int_eq(decode_as(0xaffd, "c.j").imm, 2046);     /* c.j .+2046 */
}
END_TEST

START_TEST(test_c_beqz_offset_is_scrambled_and_sign_extended)
{
    struct dinsn d = decode_as(0xd101, "c.beqz");             /* c.beqz a0,.-256 */
    ck_assert_int_eq(d.rs1, 10);
    ck_assert_int_eq(d.rs2, 0);
    ck_assert_int_eq(d.imm, -256);
    ck_assert_int_eq(decode_as(0xed7d, "c.bnez").imm, 254);   /* c.bnez a0,.+254 */
}
END_TEST

START_TEST(test_stack_pointer_relative_offsets_are_zero_extended)
{
    struct dinsn d = decode_as(0x557e, "c.lwsp");             /* c.lwsp a0,252(sp) */
    ck_assert_int_eq(d.rd, 10);
    ck_assert_int_eq(d.rs1, 2);
    ck_assert_int_eq(d.imm, 252);
    ck_assert_int_eq(decode_as(0x757e, "c.ldsp").imm, 504);   /* c.ldsp a0,504(sp) */
    d = decode_as(0xdfaa, "c.swsp");                          /* c.swsp a0,252(sp) */
    ck_assert_int_eq(d.rs2, 10);
    ck_assert_int_eq(d.rs1, 2);
    ck_assert_int_eq(d.imm, 252);
    ck_assert_int_eq(decode_as(0xffaa, "c.sdsp").imm, 504);   /* c.sdsp a0,504(sp) */
}
END_TEST

START_TEST(test_c_register_forms_expand_to_their_base_operands)
{
    struct dinsn d = decode_as(0x852e, "c.mv");               /* add a0,zero,a1 */
    ck_assert_int_eq(d.rd, 10);
    ck_assert_int_eq(d.rs1, 0);
    ck_assert_int_eq(d.rs2, 11);
    d = decode_as(0x9602, "c.jalr");                          /* jalr ra,0(a2) */
    ck_assert_int_eq(d.rd, 1);
    ck_assert_int_eq(d.rs1, 12);
    ck_assert_int_eq(d.imm, 0);
    d = decode_as(0x8682, "c.jr");                            /* jalr zero,0(a3) */
    ck_assert_int_eq(d.rd, REG_SINK);
    ck_assert_int_eq(d.rs1, 13);
    d = decode_as(0x973e, "c.add");                           /* add a4,a4,a5 */
    ck_assert_int_eq(d.rd, 14);
    ck_assert_int_eq(d.rs1, 14);
    ck_assert_int_eq(d.rs2, 15);
    d = decode_as(0x8c1d, "c.sub");                           /* sub s0,s0,a5 */
    ck_assert_int_eq(d.rd, 8);
    ck_assert_int_eq(d.rs1, 8);
    ck_assert_int_eq(d.rs2, 15);
    d = decode_as(0x9ca9, "c.addw");                          /* addw s1,s1,a0 */
    ck_assert_int_eq(d.rd, 9);
    ck_assert_int_eq(d.rs2, 10);
}
END_TEST

Suite *decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("table");
    tcase_add_loop_test(tc, test_entry_decodes_to_itself_for_random_encodings, 0,
                        insn_table_len);
    tcase_add_test(tc, test_compressed_decode_ignores_the_upper_halfword);
    tcase_add_test(tc, test_writes_to_x0_go_to_the_sink_register);
    tcase_add_test(tc, test_entries_overlap_only_in_the_rvc_priority_cases);
    tcase_add_test(tc, test_specific_rvc_form_precedes_the_general_one);
    tcase_add_test(tc, test_c_jr_and_c_mv_are_told_apart_by_rs2);
    tcase_add_test(tc, test_c_ebreak_c_jalr_c_add_are_told_apart_by_rs1_and_rs2);
    tcase_add_test(tc, test_c_nop_is_c_addi_with_rd_zero);
    tcase_add_test(tc, test_c_addi16sp_is_c_lui_with_rd_sp);
    suite_add_tcase(s, tc);

    tc = tcase_create("reserved");
    tcase_add_test(tc, test_all_zero_halfword_is_illegal);
    tcase_add_test(tc, test_c_addi4spn_with_zero_immediate_is_illegal);
    tcase_add_test(tc, test_c_lui_with_zero_immediate_is_illegal);
    tcase_add_test(tc, test_c_addi16sp_with_zero_immediate_is_illegal);
    tcase_add_test(tc, test_c_lwsp_and_c_ldsp_with_rd_zero_are_illegal);
    tcase_add_test(tc, test_c_jr_with_rs1_zero_is_illegal);
    tcase_add_test(tc, test_c_addiw_with_rd_zero_is_illegal);
    tcase_add_test(tc, test_compressed_double_loads_and_stores_name_f_registers);
    tcase_add_test(tc, test_fp_operands_are_f_registers_with_rs3_and_rm);
    tcase_add_test(tc, test_reserved_rvc_opcodes_are_illegal);
    tcase_add_test(tc, test_rv64_word_shift_with_shamt_bit5_is_illegal);
    tcase_add_test(tc, test_lr_with_nonzero_rs2_is_illegal);
    tcase_add_test(tc, test_illegal_decode_sets_raw_and_length);
    suite_add_tcase(s, tc);

    tc = tcase_create("immediates");
    tcase_add_test(tc, test_i_immediate_is_sign_extended);
    tcase_add_test(tc, test_s_immediate_is_split_and_sign_extended);
    tcase_add_test(tc, test_b_immediate_is_scrambled_even_and_sign_extended);
    tcase_add_test(tc, test_u_immediate_fills_bits_31_12_and_is_sign_extended);
    tcase_add_test(tc, test_j_immediate_is_scrambled_even_and_sign_extended);
    tcase_add_test(tc, test_shift_amount_excludes_the_funct_bits);
    tcase_add_test(tc, test_csr_number_is_unsigned_and_uimm_is_in_rs1);
    tcase_add_test(tc, test_c_addi4spn_immediate_is_scaled_by_4_and_unsigned);
    tcase_add_test(tc, test_c_lw_and_c_sw_offsets_are_scaled_by_4_with_primed_registers);
    tcase_add_test(tc, test_c_ld_and_c_sd_offsets_are_scaled_by_8);
    tcase_add_test(tc, test_ci_immediate_is_six_bits_sign_extended);
    tcase_add_test(tc, test_c_addi16sp_immediate_is_scaled_by_16_and_sign_extended);
    tcase_add_test(tc, test_c_lui_positive_immediate_fills_bits_17_12);
    tcase_add_test(tc, test_c_lui_negative_immediate_is_sign_extended);
    tcase_add_test(tc, test_c_shift_amounts_are_six_bits_unsigned);
    tcase_add_test(tc, test_c_j_offset_is_scrambled_and_sign_extended);
    tcase_add_test(tc, test_c_beqz_offset_is_scrambled_and_sign_extended);
    tcase_add_test(tc, test_stack_pointer_relative_offsets_are_zero_extended);
    tcase_add_test(tc, test_c_register_forms_expand_to_their_base_operands);
    suite_add_tcase(s, tc);
    return s;
}
