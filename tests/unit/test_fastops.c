/* The run loop's inline operations (FAST_OPS, decode.h) against their handlers: every
 * table entry that runs inline is executed both ways on random operands, and the x and
 * f registers, fflags, mstatus, the next pc, memory and the retired count must agree. The inline run puts
 * the instruction in the last parcel of a code page, pre-decoded as the code cache
 * decodes it there (code_decode: a branch forward leaves the page and calls its
 * handler, a jal forward takes the far form), with its data page in the fast
 * translation cache, so hart_run executes it inline and stops at the page's sentinel
 * (or, for a jump, at the instruction limit). */
#include <string.h>

#include "codecache.h"
#include "hart.h"
#include "unit.h"

#define CASES_PER_ENTRY 200
#define CODE_PAGE (TEST_RAM_BASE + 0x20000)
#define DATA_PAGE (TEST_RAM_BASE + 0x30000)

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Register values biased towards the edges the operations care about. */
static uint64_t operand(void)
{
    static const uint64_t edge[] = {
        0, 1, 2, 31, 32, 63, 64, ~0ull, 0x7fffffffull, 0x80000000ull, 0xffffffffull,
        0xffffffff80000000ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
    };
    uint64_t r = rnd();
    switch (r % 4) {
    case 0: return edge[(r >> 8) % (sizeof edge / sizeof edge[0])];
    case 1: return (uint64_t)(int64_t)(int32_t)rnd();
    default: return rnd();
    }
}

/* Doubles biased towards the edges of the inline FP paths: normal values (the host
 * computes those), and subnormals, zeros, infinities and NaNs (the handler does). */
static uint64_t fp_operand(void)
{
    static const uint64_t edge[] = {
        0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0x7ff8000000000000ull,
        0x0000000000000001ull, 0x0010000000000000ull, 0x7fefffffffffffffull,
        0x3ff0000000000000ull, 0xffffffff3f800000ull,
    };
    uint64_t r = rnd();
    if (r % 4 == 0)
        return edge[(r >> 8) % (sizeof edge / sizeof edge[0])];
    /* a normal double of moderate exponent, either sign */
    return (r & 0x800fffffffffffffull) | ((0x3c0ull + (rnd() % 0x80)) << 52);
}

/* The size of the access the operation makes (0: none) and whether it is a store. */
static int access_size(uint8_t fop)
{
    switch (fop) {
    case FOP_LD: case FOP_SD: case FOP_FLD: case FOP_FSD: return 8;
    case FOP_LW: case FOP_LWU: case FOP_SW: return 4;
    case FOP_LH: case FOP_LHU: case FOP_SH: return 2;
    case FOP_LB: case FOP_LBU: case FOP_SB: return 1;
    default: return 0;
    }
}

static bool is_store(uint8_t fop)
{
    return fop == FOP_SD || fop == FOP_SW || fop == FOP_SH || fop == FOP_SB || fop == FOP_FSD;
}

static bool is_memory_op(uint8_t fop) { return access_size(fop) != 0; }

struct state {
    uint64_t reg[REG_SINK];               /* x0..x31, f0..f31: decoded operand indices */
    uint8_t frm, fflags;
    uint64_t mstatus;
    uint64_t pc, instret;
    uint8_t data[PAGE_SIZE];
};

static void set_state(struct hart *h, const struct state *s)
{
    memcpy(h->reg, s->reg, sizeof s->reg);
    h->frm = s->frm;
    h->fflags = s->fflags;
    h->mstatus = s->mstatus;
    h->instret = s->instret;
    ck_assert(bus_copy_in(h->bus, DATA_PAGE, s->data, PAGE_SIZE));
}

static void get_state(struct hart *h, uint64_t pc, struct state *s)
{
    memcpy(s->reg, h->reg, sizeof s->reg);
    s->frm = h->frm;
    s->fflags = h->fflags;
    s->mstatus = h->mstatus;
    s->pc = pc;
    s->instret = h->instret;
    ck_assert(bus_copy_out(h->bus, DATA_PAGE, s->data, PAGE_SIZE));
}

/* A random encoding of table entry i that decodes to it (memory operations: with a
 * base register other than x0, so the address can be chosen). */
static bool encode(int i, uint32_t *raw, struct dinsn *d)
{
    const struct insn_desc *e = &insn_table[i];
    bool rvc = (e->match & 3) != 3;
    for (int tries = 0; tries < 1000; tries++) {
        uint32_t r = e->match | ((uint32_t)rnd() & ~e->mask);
        if (rvc)
            r &= 0xffff;
        if (!insn_decode(r, d) || d->op != i)
            continue;
        if (is_memory_op(d->fop >> 1) && d->rs1 == 0)
            continue;
        *raw = r;
        return true;
    }
    return false;
}

static void run_case(struct hart *h, int i)
{
    uint32_t raw;
    struct dinsn d;
    if (!encode(i, &raw, &d))
        ck_abort_msg("%s: no encoding decodes to it", insn_table[i].name);
    uint8_t fop = d.fop >> 1;

    struct state before;
    for (int r = 0; r < 32; r++) {
        before.reg[r] = r ? operand() : 0;
        before.reg[REG_F + r] = fp_operand();
    }
    /* FS Dirty and NX already set most of the time (the inline FP paths need both),
     * round to nearest even most of the time; FS never Off (both ways trap alike, and
     * a trap is the handler's business) */
    before.mstatus = rnd() % 8 ? MSTATUS_FS : (1 + rnd() % 2) << 13;
    before.fflags = (uint8_t)(rnd() % 32) | (rnd() % 8 ? 1 : 0);
    static const uint8_t rms[] = { 0, 0, 0, 1, 2, 3, 4 };
    before.frm = rms[rnd() % sizeof rms];
    before.instret = 1000;
    for (size_t k = 0; k < PAGE_SIZE; k++)
        before.data[k] = (uint8_t)rnd();
    /* Equal operands half of the time: comparisons turn on them. */
    if (d.rs1 && (rnd() & 1))
        before.reg[d.rs1] = (rnd() & 1) || d.rs2 == 0 ? (uint64_t)d.imm : before.reg[d.rs2];
    uint64_t va = 0;
    if (is_memory_op(fop)) {
        int size = access_size(fop);
        va = DATA_PAGE + (rnd() % (PAGE_SIZE / (uint64_t)size)) * (uint64_t)size;
        before.reg[d.rs1] = va - (uint64_t)d.imm;
    }
    uint64_t pc = CODE_PAGE + PAGE_SIZE - d.len;

    /* Inline: pre-decoded in the page's last slot, the data page in the fast cache. */
    set_state(h, &before);
    uint8_t bytes[4] = { (uint8_t)raw, (uint8_t)(raw >> 8), (uint8_t)(raw >> 16),
                         (uint8_t)(raw >> 24) };
    ck_assert(bus_copy_in(h->bus, pc, bytes, d.len));
    struct code_page *cp = code_page_get(h->bus, CODE_PAGE);
    ck_assert(code_decode(&cp->slot[(PAGE_SIZE - d.len) / 2], raw, PAGE_SIZE - d.len));
    if (is_memory_op(fop)) {
        int kind = is_store(fop) ? ACC_STORE : ACC_LOAD;
        ftlb_fill(h, kind, va, va);
        ck_assert_msg(ftlb_hit(ftlb_slot(&h->ftlb, PRV_M, kind, va), va, access_size(fop)),
                      "%s: the data page is not in the fast cache", insn_table[i].name);
    }
    h->pc = pc;
    ck_assert_uint_eq(hart_run(h, 1), 1);
    struct state inl;
    get_state(h, h->pc, &inl);

    /* Through the handler. */
    set_state(h, &before);
    uint64_t next = d.fn(h, &d, pc);
    h->instret++;
    struct state call;
    get_state(h, next, &call);

    for (int r = 0; r < REG_SINK; r++)
        if (inl.reg[r] != call.reg[r])
            ck_abort_msg("%s (%08x): %c%d inline 0x%llx, handler 0x%llx", insn_table[i].name,
                         raw, r < REG_F ? 'x' : 'f', r % 32, (unsigned long long)inl.reg[r],
                         (unsigned long long)call.reg[r]);
    if (inl.fflags != call.fflags || inl.frm != call.frm || inl.mstatus != call.mstatus)
        ck_abort_msg("%s (%08x): fflags/frm/mstatus inline %x/%x/0x%llx, handler %x/%x/0x%llx",
                     insn_table[i].name, raw, inl.fflags, inl.frm,
                     (unsigned long long)inl.mstatus, call.fflags, call.frm,
                     (unsigned long long)call.mstatus);
    if (inl.pc != call.pc)
        ck_abort_msg("%s (%08x): next pc inline 0x%llx, handler 0x%llx", insn_table[i].name,
                     raw, (unsigned long long)inl.pc, (unsigned long long)call.pc);
    ck_assert_uint_eq(inl.instret, call.instret);
    if (memcmp(inl.data, call.data, PAGE_SIZE) != 0)
        ck_abort_msg("%s (%08x): memory differs", insn_table[i].name, raw);
}

START_TEST(test_every_inline_operation_matches_its_handler)
{
    struct hart *h = test_hart_new();
    bool covered[FOP_COUNT] = { false };
    int entries = 0;
    for (int i = 0; i < insn_table_len; i++) {
        uint8_t fop = insn_fast_op(insn_table[i].fn);
        if (fop == FOP_CALL)
            continue;
        covered[fop] = true;
        entries++;
        for (int c = 0; c < CASES_PER_ENTRY; c++)
            run_case(h, i);
    }
    /* Every operation of the list has an instruction that runs it. */
    for (int f = FOP_CALL + 1; f < FOP_EXIT; f++)
        ck_assert_msg(covered[f], "fast op %d has no table entry", f);
    ck_assert_int_gt(entries, FOP_EXIT - 1);
    test_hart_free(h);
}
END_TEST

/* Sets the sources of the first of a pair (d) in st so that its result is target;
 * false when its operation cannot be aimed that way. */
static bool aim_result(const struct dinsn *d, uint8_t fop, uint64_t va, struct state *st,
                       uint64_t target)
{
    uint64_t *x = st->reg;
    switch (fop) {
    case FOP_ADDI:
        if (d->rs1 == 0)
            return false;
        x[d->rs1] = target - (uint64_t)d->imm;
        return true;
    case FOP_ADD:
    case FOP_XOR:
        if (d->rs1 == d->rs2)
            return false;
        if (d->rs1 == 0 || d->rs2 == 0) {
            x[d->rs1 ? d->rs1 : d->rs2] = target;
            return true;
        }
        x[d->rs2] = fop == FOP_ADD ? target - x[d->rs1] : target ^ x[d->rs1];
        return true;
    case FOP_LD:
        for (int b = 0; b < 8; b++)
            st->data[va - DATA_PAGE + (uint64_t)b] = (uint8_t)(target >> (8 * b));
        return true;
    default:
        return false;
    }
}

/* Fused pairs (code_fuse): two instructions that the code cache fuses, pre-decoded as it
 * decodes them at the end of a code page, run through the run loop (hart_run with a
 * limit of 2: the pair, then the page's sentinel or, for a taken branch, the limit) and
 * one after the other through their handlers; the states must agree. Data accesses hit
 * the fast cache, or miss it (the first, the second or both: the run loop then calls
 * the handler of the one that missed, after the first has retired). want asks for a
 * chained form (FUSE_CHAIN_RS1: the second's rs1 is the first's rd; FUSE_CHAIN_RS2: its
 * rs2 is and its rs1 is not), FUSE_PLAIN for operands left to chance. A memory
 * operation second takes a base register the first does not write, so its address
 * stays in the data page, or, chained, the first's sources are chosen so that its
 * result is an address there (aim_result); a chained branch second compares, half of
 * the time, the first's result with itself. Returns the form that ran (FUSE_*), or -1
 * when the pair could not be set up or did not run fused; *reads_rs2: whether the
 * second has a form chained through rs2. */
static int pair_case(struct hart *h, int i, int j, int miss, int want, bool *reads_rs2)
{
    uint32_t raw[2];
    struct dinsn d[2];
    if (!encode(i, &raw[0], &d[0]))
        ck_abort_msg("%s: no encoding", insn_table[i].name);
    int tries = 0;
    for (;;) {
        if (!encode(j, &raw[1], &d[1]))
            ck_abort_msg("%s: no encoding", insn_table[j].name);
        if (want == FUSE_PLAIN || (want == FUSE_CHAIN_RS1 && d[1].rs1 == d[0].rd) ||
            (want == FUSE_CHAIN_RS2 && d[1].rs2 == d[0].rd && d[1].rs1 != d[0].rd))
            break;
        if (++tries == 200)
            return -1;
    }
    uint8_t fop[2] = { d[0].fop >> 1, d[1].fop >> 1 };
    bool via_first = is_memory_op(fop[1]) && d[1].rs1 == d[0].rd;
    struct state before;
    for (int r = 0; r < 32; r++) {
        before.reg[r] = r ? operand() : 0;
        before.reg[REG_F + r] = fp_operand();
    }
    before.mstatus = MSTATUS_FS;
    before.fflags = 0;
    before.frm = 0;
    before.instret = 1000;
    for (size_t k = 0; k < PAGE_SIZE; k++)
        before.data[k] = (uint8_t)rnd();
    if (d[1].rs1 && (rnd() & 1))
        before.reg[d[1].rs1] = (rnd() & 1) || d[1].rs2 == 0 ? (uint64_t)d[1].imm
                                                            : before.reg[d[1].rs2];
    uint64_t va[2] = { 0, 0 };
    for (int k = 0; k < 2; k++)
        if (is_memory_op(fop[k])) {
            int size = access_size(fop[k]);
            va[k] = DATA_PAGE + (rnd() % (PAGE_SIZE / (uint64_t)size)) * (uint64_t)size;
            before.reg[d[k].rs1] = va[k] - (uint64_t)d[k].imm;
        }
    if (via_first) {
        /* the first computes the second's base (a load first: from its own address) */
        if (is_memory_op(fop[0]))
            before.reg[d[0].rs1] = va[0] - (uint64_t)d[0].imm;
        if (!aim_result(&d[0], fop[0], va[0], &before, va[1] - (uint64_t)d[1].imm))
            return -1;
    } else if (is_memory_op(fop[0]) && is_memory_op(fop[1]) && d[0].rs1 == d[1].rs1) {
        /* one base register: the second address follows from the first */
        int size = access_size(fop[1]);
        va[1] = va[0] - (uint64_t)d[0].imm + (uint64_t)d[1].imm;
        if (va[1] < DATA_PAGE || va[1] > DATA_PAGE + PAGE_SIZE - (uint64_t)size ||
            va[1] % (uint64_t)size)
            return -1;
        before.reg[d[0].rs1] = va[0] - (uint64_t)d[0].imm;
    }
    unsigned off = PAGE_SIZE - d[0].len - d[1].len;
    uint64_t pc = CODE_PAGE + off;

    /* A chained branch: its other operand, half of the time, the first's result. */
    if (!is_memory_op(fop[1]) && want != FUSE_PLAIN && (rnd() & 1)) {
        uint8_t other = want == FUSE_CHAIN_RS1 ? d[1].rs2 : d[1].rs1;
        if (other && other != d[0].rd && other != d[0].rs1 && other != d[0].rs2) {
            set_state(h, &before);
            d[0].fn(h, &d[0], pc);
            before.reg[other] = h->reg[d[0].rd];
        }
    }

    set_state(h, &before);
    uint8_t bytes[8];
    for (int k = 0, n = 0; k < 2; k++)
        for (int b = 0; b < d[k].len; b++)
            bytes[n++] = (uint8_t)(raw[k] >> (8 * b));
    ck_assert(bus_copy_in(h->bus, pc, bytes, (uint64_t)(d[0].len + d[1].len)));
    struct code_page *cp = code_page_get(h->bus, CODE_PAGE);
    ck_assert(code_decode_slot(cp, off));
    const struct dinsn *a = &cp->slot[off / 2], *b = &cp->slot[off / 2 + d[0].len / 2];
    if (a->lab == dinsn_labels[a->fop])
        return -1;                  /* a far branch second: not fused */
    *reads_rs2 = code_fuse_lab(a, b, FUSE_CHAIN_RS2) != code_fuse_lab(a, b, FUSE_PLAIN);
    int form = a->lab == code_fuse_lab(a, b, FUSE_PLAIN) ? FUSE_PLAIN
             : a->lab == code_fuse_lab(a, b, FUSE_CHAIN_RS1) ? FUSE_CHAIN_RS1 : FUSE_CHAIN_RS2;
    ck_assert_ptr_eq(a->lab, code_fuse_lab(a, b, form));
    ftlb_flush(h);
    for (int k = 0; k < 2; k++)
        if (is_memory_op(fop[k]) && !(miss & (1 << k)))
            ftlb_fill(h, is_store(fop[k]) ? ACC_STORE : ACC_LOAD, va[k], va[k]);
    h->pc = pc;
    ck_assert_uint_eq(hart_run(h, 2), 2);
    struct state inl;
    get_state(h, h->pc, &inl);

    set_state(h, &before);
    uint64_t next = d[0].fn(h, &d[0], pc);
    h->instret++;
    ck_assert_uint_eq(next, pc + d[0].len);
    next = d[1].fn(h, &d[1], next);
    h->instret++;
    struct state call;
    get_state(h, next, &call);

    for (int r = 0; r < REG_SINK; r++)
        if (inl.reg[r] != call.reg[r])
            ck_abort_msg("%s; %s (%08x %08x, miss %d, form %d): %c%d fused 0x%llx, handlers "
                         "0x%llx", insn_table[i].name, insn_table[j].name, raw[0], raw[1],
                         miss, form, r < REG_F ? 'x' : 'f', r % 32,
                         (unsigned long long)inl.reg[r], (unsigned long long)call.reg[r]);
    if (inl.pc != call.pc)
        ck_abort_msg("%s; %s (%08x %08x, form %d): next pc fused 0x%llx, handlers 0x%llx",
                     insn_table[i].name, insn_table[j].name, raw[0], raw[1], form,
                     (unsigned long long)inl.pc, (unsigned long long)call.pc);
    ck_assert_uint_eq(inl.instret, call.instret);
    if (memcmp(inl.data, call.data, PAGE_SIZE) != 0)
        ck_abort_msg("%s; %s (%08x %08x): memory differs", insn_table[i].name,
                     insn_table[j].name, raw[0], raw[1]);
    return form;
}

/* Every pair of table entries that fuse, in every form: the 32-bit ones must have run
 * chained through rs1 (unless the second is a memory operation and aim_result cannot
 * make the first's result an address) and, where the second reads rs2, through rs2;
 * compressed encodings run chained where their register fields allow it. */
START_TEST(test_every_fused_pair_matches_its_handlers)
{
    struct hart *h = test_hart_new();
    int pairs = 0, chained = 0;
    for (int i = 0; i < insn_table_len; i++) {
        uint8_t f1 = insn_fast_op(insn_table[i].fn);
        if (f1 == FOP_CALL || code_fuse.first[f1] < 0)
            continue;
        for (int j = 0; j < insn_table_len; j++) {
            uint8_t f2 = insn_fast_op(insn_table[j].fn);
            if (f2 == FOP_CALL || code_fuse.second[f2] < 0)
                continue;
            int ran[FUSE_CHAINS] = { 0 };
            bool reads_rs2 = false;
            for (int c = 0; c < 1200; c++) {
                int form = pair_case(h, i, j, (c / 3) % 4, c % 3, &reads_rs2);
                if (form >= 0)
                    ran[form]++;
                if (ran[FUSE_PLAIN] >= 8 && ran[FUSE_CHAIN_RS1] >= 8 &&
                    (ran[FUSE_CHAIN_RS2] >= 8 || !reads_rs2))
                    break;
            }
            ck_assert_msg(ran[FUSE_PLAIN] + ran[FUSE_CHAIN_RS1] + ran[FUSE_CHAIN_RS2] > 0,
                          "%s; %s never ran fused", insn_table[i].name, insn_table[j].name);
            bool full = (insn_table[i].match & 3) == 3 && (insn_table[j].match & 3) == 3;
            bool aimable = !is_memory_op(f2) || f1 == FOP_ADDI || f1 == FOP_ADD ||
                           f1 == FOP_XOR || f1 == FOP_LD;
            if (full) {
                ck_assert_msg(ran[FUSE_CHAIN_RS1] > 0 || !aimable, "%s; %s never ran chained (rs1)",
                              insn_table[i].name, insn_table[j].name);
                ck_assert_msg(ran[FUSE_CHAIN_RS2] > 0 || !reads_rs2,
                              "%s; %s never ran chained (rs2)", insn_table[i].name,
                              insn_table[j].name);
            }
            chained += ran[FUSE_CHAIN_RS1] + ran[FUSE_CHAIN_RS2];
            pairs++;
        }
    }
    ck_assert_int_gt(pairs, 50);
    ck_assert_int_gt(chained, 1000);
    test_hart_free(h);
}
END_TEST

/* The pairs of a run are chosen for what they are worth, not first come first served:
 * in addi x5,x6,1; add x7,x8,x9; xor x10,x7,x11 the add pairs with the xor that takes
 * its result (chained) rather than with the addi before it (plain), and the three
 * compute what they should. */
START_TEST(test_chained_pair_chosen_over_plain)
{
    struct hart *h = test_hart_new();
    static const uint32_t code[] = { 0x00130293, 0x009403b3, 0x00b3c533, 0x0000006f };
    ck_assert(bus_copy_in(h->bus, CODE_PAGE, code, sizeof code));
    struct code_page *cp = code_page_get(h->bus, CODE_PAGE);
    ck_assert(code_decode_slot(cp, 0));
    const struct dinsn *a = &cp->slot[0], *b = &cp->slot[2], *c = &cp->slot[4];
    ck_assert_uint_eq(a->fop >> 1, FOP_ADDI);
    ck_assert_uint_eq(b->fop >> 1, FOP_ADD);
    ck_assert_uint_eq(c->fop >> 1, FOP_XOR);
    ck_assert_ptr_eq(a->lab, dinsn_labels[a->fop]);
    ck_assert_ptr_eq(b->lab, code_fuse_lab(b, c, FUSE_CHAIN_RS1));
    memset(h->reg, 0, sizeof h->reg);
    h->reg[6] = 41;
    h->reg[8] = 0x1234;
    h->reg[9] = 0x10000;
    h->reg[11] = 0xff;
    h->pc = CODE_PAGE;
    h->instret = 0;
    ck_assert_uint_eq(hart_run(h, 4), 4);     /* the three, then j . */
    ck_assert_uint_eq(h->pc, CODE_PAGE + 12);
    ck_assert_uint_eq(h->reg[5], 42);
    ck_assert_uint_eq(h->reg[7], 0x11234);
    ck_assert_uint_eq(h->reg[10], 0x11234 ^ 0xff);
    test_hart_free(h);
}
END_TEST

/* Runs counted in advance (struct dinsn.rem): straight-line code of n compressed
 * instructions (c.addi x1, 1 and, every seventh, c.sd x1, 0(x8) into the data page)
 * from the start of a code page, then a loop (c.addi x2, 1; c.j back) that counts its
 * turns, run for n + 10 instructions: the count must be that of the instructions that
 * ran; runs of up to 600 instructions,
 * longer than a count can say, with the data page's fast entry there or not (the
 * stores then miss in the middle of the run) and with an instruction in the middle
 * rewritten after a first pass (its run, and the fused pairs in it, decoded anew). */
static void straight_line(struct hart *h, int n, bool fast, int rewrite)
{
    uint16_t code[PAGE_SIZE / 2];
    for (int k = 0; k < n; k++)
        code[k] = k % 7 == 6 ? 0xe004 : 0x0085;       /* c.sd x9,0(x8) : c.addi x1,1 */
    code[n] = 0x0105;                                   /* c.addi x2,1 */
    code[n + 1] = 0xbffd;                               /* c.j .-2 */
    ck_assert(bus_copy_in(h->bus, CODE_PAGE, code, 2 * (uint64_t)n + 4));
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && rewrite >= 0) {
            uint16_t two = 0x0089;                          /* c.addi x1,2 */
            ck_assert(bus_copy_in(h->bus, CODE_PAGE + 2 * (uint64_t)rewrite, &two, 2));
        }
        memset(h->reg, 0, sizeof h->reg);
        h->reg[8] = DATA_PAGE;
        h->instret = 1000;
        ftlb_flush(h);
        if (fast)
            ftlb_fill(h, ACC_STORE, DATA_PAGE, DATA_PAGE);
        h->pc = CODE_PAGE;
        uint64_t ran = 0;
        while (ran < (uint64_t)n + 10)
            ran += hart_run(h, (uint64_t)n + 10 - ran);
        int adds = n - n / 7;                           /* x1 after the c.addi */
        if (pass == 1 && rewrite >= 0)
            adds += rewrite % 7 == 6 ? 2 : 1;           /* c.sd or c.addi x1,1 now +2 */
        uint64_t loop = CODE_PAGE + 2 * (uint64_t)n, turns = h->reg[2];
        ck_assert(h->pc == loop || h->pc == loop + 2);
        uint64_t jumps = h->pc == loop ? turns : turns - 1;
        ck_assert_uint_eq(ran, (uint64_t)n + 10);
        ck_assert_uint_eq(h->instret, 1000 + (uint64_t)n + 10);
        ck_assert_uint_eq((uint64_t)n + turns + jumps, (uint64_t)n + 10);
        ck_assert_uint_eq(h->reg[1], (uint64_t)adds);
    }
}

START_TEST(test_runs_are_counted_exactly)
{
    struct hart *h = test_hart_new();
    static const int lengths[] = { 1, 2, 7, 100, 254, 255, 256, 257, 600 };
    for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
        for (int fast = 0; fast < 2; fast++) {
            straight_line(h, lengths[i], fast, -1);
            straight_line(h, lengths[i], fast, lengths[i] / 2);
        }
    test_hart_free(h);
}
END_TEST

Suite *fastops_suite(void)
{
    Suite *s = suite_create("fastops");
    TCase *tc = tcase_create("inline");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_inline_operation_matches_its_handler);
    tcase_add_test(tc, test_every_fused_pair_matches_its_handlers);
    tcase_add_test(tc, test_chained_pair_chosen_over_plain);
    tcase_add_test(tc, test_runs_are_counted_exactly);
    suite_add_tcase(s, tc);
    return s;
}
