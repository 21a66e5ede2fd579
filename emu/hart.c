/* The hart's run loop, trap entry and interrupt selection. The loop executes decoded
 * instructions from the current code page until the pc leaves the page, a trap or
 * CSR write stops it, or the instruction budget runs out; interrupts are checked
 * between those blocks. */
#include "hart.h"

#include <stdlib.h>
#include <string.h>

#include "codecache.h"
#include "cov.h"
#include "csr.h"
#include "fpu.h"
#include "mem.h"

void hart_init(struct hart *h, struct bus *bus, uint64_t hartid)
{
    memset(h, 0, sizeof *h);
    h->bus = bus;
    h->mhartid = hartid;
    if (bus->nharts == BUS_MAX_HARTS)
        abort();
    h->index = bus->nharts;
    bus->harts[bus->nharts++] = h;
    /* MXL=2 (RV64); extensions A, C, D, F, I, M, S, U. */
    h->misa = (2ull << 62) | (1u << 0) | (1u << 2) | (1u << 3) | (1u << 5) | (1u << 8) |
              (1u << 12) | (1u << 18) | (1u << 20);
    char err[160];
    if (!tlb_set_parse(&h->mmu.tlbs, tlb_default_preset, err, sizeof err))
        abort();
    mmu_init(&h->mmu);
    hart_attach_tlbs(h);
    hart_reset(h, 0x1000);
}

struct hart *hart_new(struct bus *bus, uint64_t hartid)
{
    struct hart *h = malloc(sizeof *h);
    if (!h)
        abort();
    hart_init(h, bus, hartid);
    return h;
}

void hart_free(struct hart *h)
{
    mmu_free(&h->mmu);
    free(h);
}

void hart_attach_tlbs(struct hart *h)
{
    for (int i = 0; i < TLB_COUNT; i++) {
        h->mmu.tlbs.tlb[i].on_drop = i == TLB_L2 ? NULL : ftlb_drop_model;
        h->mmu.tlbs.tlb[i].drop_ctx = h;
    }
}

void hart_reset(struct hart *h, uint64_t pc)
{
    memset(h->reg, 0, sizeof h->reg);
    h->frm = h->fflags = 0;
    h->pc = pc;
    h->mstatus = 0;
    h->mie = h->mip = h->mip_hw = 0;
    h->medeleg = h->mideleg = 0;
    h->satp = 0;
    h->mcause = 0;
    h->menvcfg = h->senvcfg = 0;
    h->stimecmp = h->mtimecmp = UINT64_MAX;
    memset(&h->pmp, 0, sizeof h->pmp);
    trigger_reset(h);
    bus_unreserve(h->bus, h->index);
    h->remote_ipi = false;
    h->wfi = false;
    h->priv = PRV_M;
    hart_update_dpriv(h);
    ftlb_flush(h);
    for (int i = 0; i < TLB_COUNT; i++)
        if (i != TLB_L2 || h->mmu.tlbs.has_l2)
            tlb_clear(&h->mmu.tlbs.tlb[i]);
    mmu_fold(h);                /* counts so far belong to the ASID that made them */
    h->mmu.asids->cur_asid = 0;
}

void hart_update_dpriv(struct hart *h)
{
    if (h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV))
        h->dpriv = (int)((h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    else
        h->dpriv = h->priv;
}

/* ---- interrupt lines and timers ---- */

void hart_set_irq(struct hart *h, int irq, bool level)
{
    uint64_t bit = 1ull << irq;
    uint64_t hw = level ? h->mip_hw | bit : h->mip_hw & ~bit;
    if (hw != h->mip_hw) {
        h->mip_hw = hw;
        hart_stop(h);
    }
}

static bool sstc_on(const struct hart *h)
{
    return h->menvcfg >> 63;                /* menvcfg.STCE */
}

void hart_update_timers(struct hart *h)
{
    uint64_t now = h->read_time ? h->read_time(h->time_ctx) : 0;
    hart_set_irq(h, IRQ_MTI, now >= h->mtimecmp);
    hart_set_irq(h, IRQ_STI, sstc_on(h) && now >= h->stimecmp);
}

uint64_t hart_next_deadline(const struct hart *h, uint64_t now)
{
    uint64_t t = h->mtimecmp > now ? h->mtimecmp : UINT64_MAX;
    if (sstc_on(h) && h->stimecmp > now && h->stimecmp < t)
        t = h->stimecmp;
    return t;
}

void hart_timers_changed(struct hart *h)
{
    hart_update_timers(h);
    h->reschedule = true;       /* the next deadline may have moved */
    hart_stop(h);
}

void hart_set_timer_deadline(struct hart *h, uint64_t when)
{
    h->mtimecmp = when;
    hart_timers_changed(h);
}

void hart_ipi_from_another(struct hart *h)
{
    h->remote_ipi = true;
    h->ipis_received++;
}

void hart_halt(struct hart *h)
{
    h->halted = true;
    hart_stop(h);
}

void hart_set_priv(struct hart *h, int priv)
{
    h->priv = priv;
    hart_update_dpriv(h);
}

const char *hart_exception_name(uint64_t cause)
{
    static const char *const names[] = {
        "instruction address misaligned", "instruction access fault", "illegal instruction",
        "breakpoint", "load address misaligned", "load access fault",
        "store/AMO address misaligned", "store/AMO access fault", "environment call from U-mode",
        "environment call from S-mode", "exception 10", "environment call from M-mode",
        "instruction page fault", "load page fault", "exception 14", "store/AMO page fault",
    };
    return cause < sizeof names / sizeof names[0] ? names[cause] : "exception";
}

/* Counts repeats of the same exception at the same pc and privilege with nothing
 * retired in between at that privilege (its count is the same each time: a more
 * privileged handler that only sends the trap back, as firmware does, retires
 * instructions of its own); enough of them halt the hart. */
static void note_exception(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval)
{
    uint64_t retired = h->insns_by_priv[h->priv] * 4 + (uint64_t)h->priv;
    if (pc == h->loop_pc && cause == h->loop_cause && retired == h->loop_instret) {
        if (++h->loop_count >= TRAP_LOOP_LIMIT) {
            h->trap_loop = true;
            h->halted = true;
        }
        return;
    }
    h->loop_pc = pc;
    h->loop_cause = cause;
    h->loop_tval = tval;
    h->loop_priv = h->priv;
    h->loop_instret = retired;
    h->loop_count = 1;
}

uint64_t hart_trap(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval)
{
    bool irq = cause & CAUSE_INTERRUPT;
    uint64_t code = cause & ~CAUSE_INTERRUPT;
    uint64_t deleg = irq ? h->mideleg : h->medeleg;
    uint64_t vec;

    if (!irq) {
        h->instret--;               /* the trapping instruction does not retire */
        h->exceptions++;
        note_exception(h, pc, cause, tval);
    }
    bus_unreserve(h->bus, h->index);
    h->wfi = false;
    if (h->tracer)
        trace_trap(h, pc, cause, tval);

    if (h->priv <= PRV_S && code < 64 && ((deleg >> code) & 1)) {
        h->scause = cause;
        h->sepc = pc;
        h->stval = tval;
        uint64_t s = h->mstatus;
        s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        s = (s & ~MSTATUS_SPP) | (h->priv == PRV_S ? MSTATUS_SPP : 0);
        s &= ~MSTATUS_SIE;
        h->mstatus = s;
        hart_set_priv(h, PRV_S);
        vec = h->stvec;
    } else {
        h->mcause = cause;
        h->mepc = pc;
        h->mtval = tval;
        uint64_t s = h->mstatus;
        s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        s = (s & ~MSTATUS_MPP) | ((uint64_t)h->priv << MSTATUS_MPP_SHIFT);
        s &= ~MSTATUS_MIE;
        h->mstatus = s;
        hart_set_priv(h, PRV_M);
        trigger_trap_to_m(&h->trig);
        vec = h->mtvec;
    }
    if ((vec & 1) && irq)
        h->pc = (vec & ~3ull) + 4 * code;
    else
        h->pc = vec & ~3ull;
    hart_stop(h);
    return h->pc;
}

/* Interrupts that are pending, enabled in mie, and enabled for the current mode. */
uint64_t hart_pending_interrupts(const struct hart *h)
{
    uint64_t pending = hart_mip(h) & h->mie;
    if (!pending)
        return 0;
    uint64_t m = pending & ~h->mideleg;
    uint64_t s = pending & h->mideleg;
    bool m_on = h->priv < PRV_M || (h->mstatus & MSTATUS_MIE);
    bool s_on = h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE));
    if (m_on && m)
        return m;
    if (s_on && s)
        return s;
    return 0;
}

bool hart_check_interrupts(struct hart *h)
{
    uint64_t p = hart_pending_interrupts(h);
    if (!p)
        return false;
    /* Priority: MEI, MSI, MTI, SEI, SSI, STI. */
    static const int order[] = { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI };
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++)
        if (p & (1ull << order[i])) {
            hart_trap(h, h->pc, CAUSE_INTERRUPT | (uint64_t)order[i], 0);
            return true;
        }
    return false;
}

/* Counts the fetches of a block that ran from a fast entry: each instruction fetch is
 * one ITLB access, all hits of the entry behind the block (no other ITLB access
 * happens inside a block, so one replacement update stands for all of them). */
static void count_block_fetches(struct hart *h, const struct ftlb_entry *e, uint64_t n)
{
    struct tlb *t = &h->mmu.tlbs.tlb[TLB_I];
    t->c.accesses += n;
    tlb_touch(t, e->model, ++h->mmu.tick);
}

void hart_dbg_update(struct hart *h)
{
    struct hart_dbg *d = &h->dbg;
    d->active = d->steps || d->nbreak || d->nwatch;
    /* Watched data must take the slow path: drop the fast data entries. */
    if (d->nwatch)
        ftlb_flush_data(h);
}

/* Whether a breakpoint or watchpoint for asid applies now: any ASID, or Sv39 on with
 * that ASID in satp. */
static bool dbg_asid_matches(const struct hart *h, uint32_t asid)
{
    return asid == DBG_ANY_ASID ||
           (SATP_MODE(h->satp) == SATP_MODE_SV39 && SATP_ASID(h->satp) == asid);
}

void hart_dbg_check_watch(struct hart *h, uint64_t va, uint64_t len, bool write)
{
    struct hart_dbg *d = &h->dbg;
    for (int i = 0; i < d->nwatch; i++)
        if (va < d->watch[i].va + d->watch[i].len && d->watch[i].va < va + len &&
            (write ? d->watch[i].on_write : d->watch[i].on_read) &&
            dbg_asid_matches(h, d->watch[i].asid)) {
            d->hit = DBG_WATCH;
            d->hit_addr = va;
            d->hit_write = write;
            hart_stop(h);
            return;
        }
}

static bool break_in_page(const struct hart *h, uint64_t page)
{
    for (int i = 0; i < h->dbg.nbreak; i++)
        if ((h->dbg.brk[i] & PAGE_MASK) == page)
            return true;
    return false;
}

static bool break_at(struct hart *h, uint64_t pc)
{
    if (h->dbg.skip_once && pc == h->dbg.skip_pc) {
        h->dbg.skip_once = false;
        return false;
    }
    h->dbg.skip_once = false;
    for (int i = 0; i < h->dbg.nbreak; i++)
        if (h->dbg.brk[i] == pc && dbg_asid_matches(h, h->dbg.brk_asid[i])) {
            h->dbg.hit = DBG_BREAK;
            h->dbg.hit_addr = pc;
            return true;
        }
    return false;
}

/* The inline operations defined by category (CATEGORY_name: ALU, the result; LOAD, the
 * size, type and conversion; STORE, the size and type; BR, the condition). */
#define OP_addi ALU, (RS1 + IMM)
#define OP_addiw ALU, (S32(RS1 + IMM))
#define OP_add ALU, (RS1 + RS2)
#define OP_sub ALU, (RS1 - RS2)
#define OP_addw ALU, (S32(RS1 + RS2))
#define OP_subw ALU, (S32(RS1 - RS2))
#define OP_and ALU, (RS1 & RS2)
#define OP_or ALU, (RS1 | RS2)
#define OP_xor ALU, (RS1 ^ RS2)
#define OP_andi ALU, (RS1 & IMM)
#define OP_ori ALU, (RS1 | IMM)
#define OP_xori ALU, (RS1 ^ IMM)
#define OP_slli ALU, (RS1 << IMM)
#define OP_srli ALU, (RS1 >> IMM)
#define OP_srai ALU, ((uint64_t)((int64_t)RS1 >> IMM))
#define OP_slliw ALU, (S32((uint32_t)RS1 << IMM))
#define OP_srliw ALU, (S32((uint32_t)RS1 >> IMM))
#define OP_sraiw ALU, ((uint64_t)(int64_t)((int32_t)RS1 >> IMM))
#define OP_sll ALU, (RS1 << (RS2 & 63))
#define OP_srl ALU, (RS1 >> (RS2 & 63))
#define OP_sra ALU, ((uint64_t)((int64_t)RS1 >> (RS2 & 63)))
#define OP_slt ALU, ((int64_t)RS1 < (int64_t)RS2)
#define OP_sltu ALU, (RS1 < RS2)
#define OP_slti ALU, ((int64_t)RS1 < (int64_t)IMM)
#define OP_sltiu ALU, (RS1 < IMM)
#define OP_lui ALU, (IMM)
#define OP_mul ALU, (RS1 * RS2)
#define OP_mulw ALU, (S32((uint32_t)RS1 * (uint32_t)RS2))
#define OP_ld LOAD, (8, uint64_t, v)
#define OP_lw LOAD, (4, int32_t, (uint64_t)(int64_t)v)
#define OP_lwu LOAD, (4, uint32_t, v)
#define OP_lh LOAD, (2, int16_t, (uint64_t)(int64_t)v)
#define OP_lhu LOAD, (2, uint16_t, v)
#define OP_lb LOAD, (1, int8_t, (uint64_t)(int64_t)v)
#define OP_lbu LOAD, (1, uint8_t, v)
#define OP_sd STORE, (8, uint64_t)
#define OP_sw STORE, (4, uint32_t)
#define OP_sh STORE, (2, uint16_t)
#define OP_sb STORE, (1, uint8_t)
#define OP_beq BR, (RS1 == RS2)
#define OP_bne BR, (RS1 != RS2)
#define OP_blt BR, ((int64_t)RS1 < (int64_t)RS2)
#define OP_bge BR, ((int64_t)RS1 >= (int64_t)RS2)
#define OP_bltu BR, (RS1 < RS2)
#define OP_bgeu BR, (RS1 >= RS2)
/* Which of them run fused in pairs (code_fuse, codecache.h), chosen by how often they
 * follow one another in the core workloads (bench/): X(NAME, name) for each operation
 * that can be first of a pair, Y(NAME, name) for each that can be second; jumps and the
 * FP operations run alone. Each pair is four blocks of code (the two lengths), times
 * its chained forms (plain, rs1, and rs2 where the second reads it): a set of 14
 * firsts and 22 seconds made the loop large enough for the compiler to keep its state
 * in memory, and ran slower than this one; so did adding ANDI, SLLI and ADDIW to the
 * lists (for crc32's chain), even with no call left on the inline fast paths. */
#define FUSE_FIRST(X) \
    X(ADDI, addi) X(ADD, add) X(XOR, xor) X(SLLI, slli) X(MUL, mul) X(LD, ld) X(LW, lw) \
    X(LBU, lbu)
/* Y(..., NAME, name, R2): R2 says whether the second reads rs2 (and so has a form that
 * takes it from the first, as well as the one for rs1). */
#define FUSE_SECOND(Y, ...) \
    Y(__VA_ARGS__, ADDI, addi, 0) Y(__VA_ARGS__, ADD, add, 1) \
    Y(__VA_ARGS__, XOR, xor, 1) Y(__VA_ARGS__, MUL, mul, 1) Y(__VA_ARGS__, LD, ld, 0) \
    Y(__VA_ARGS__, LW, lw, 0) Y(__VA_ARGS__, LBU, lbu, 0) Y(__VA_ARGS__, BNE, bne, 1) \
    Y(__VA_ARGS__, BLTU, bltu, 1)
/* The other inline operations of the lists above (they too run alone; FUSE_FIRST's do
 * when the next instruction is not one of FUSE_SECOND's). */
#define NOT_FIRST(X) \
    X(SRLI, srli) X(ADDIW, addiw) X(ANDI, andi) X(SRLIW, srliw) X(SD, sd) X(SW, sw) \
    X(SUB, sub) X(ADDW, addw) X(SUBW, subw) X(AND, and) X(OR, or) X(ORI, ori) \
    X(XORI, xori) X(SRAI, srai) X(SLLIW, slliw) X(SRAIW, sraiw) X(SLL, sll) X(SRL, srl) \
    X(SRA, sra) X(SLT, slt) X(SLTU, sltu) X(SLTI, slti) X(SLTIU, sltiu) X(LUI, lui) \
    X(MULW, mulw) X(LWU, lwu) X(LH, lh) X(LHU, lhu) X(LB, lb) X(SH, sh) X(SB, sb)

/* IF_ELSE_1(a, b) is a, IF_ELSE_0(a, b) is b. */
#define IF_ELSE_1(a, b) a
#define IF_ELSE_0(a, b) b

/* Executes decoded instructions of one code page from pc until the pc leaves the page,
 * the instruction limit is reached or something stops the hart. The common
 * instructions run inline, dispatched by computed goto at the end of each operation
 * to the code address the slot holds (direct threading: one load and one indirect
 * jump per operation, so the host predicts each separately), or per fused pair of
 * them; the rest call their handler. Straight-line code advances the slot pointer and runs into a
 * sentinel slot at the end of the page; the limit is checked after calls and control
 * transfers, so a loop always sees it (a stop requested by a handler takes effect
 * after that instruction). The local instret counts a run of straight-line inline
 * instructions when the run is entered (the slot's rem: up to the jump or branch that
 * ends it), and gives back the part not run when one of them needs its handler after
 * all (l_miss); it is exact at every exit and is written back before every call, since
 * handlers read it (counters, traps) and traps adjust it. Returns the next pc and the
 * number of instruction fetches in *count. */
static uint64_t run_page(struct hart *h, struct code_page *cp, uint64_t pc, uint64_t page,
                         uint64_t *count)
{
    /* Every inline operation (FAST_OPS, decode.h) exists twice, for its 2- and 4-byte
     * encodings, so the step to the next slot is a constant rather than a load on the
     * critical path. */
#define TABLE(U, l) [2 * FOP_##U] = &&l_##l##_2, [2 * FOP_##U + 1] = &&l_##l##_4,
    static void *const op[2 * FOP_COUNT] = {
        [2 * FOP_CALL] = &&l_call, [2 * FOP_EXIT] = &&l_exit, [2 * FOP_EXIT + 1] = &&l_exit,
        FAST_OPS(TABLE) TABLE(JAL_FAR, jal_far)
    };
#undef TABLE
#define F1_ENUM(N, n) F1_##N,
#define F2_ENUM(_, N, n, r2) F2_##N,
    enum { FUSE_FIRST(F1_ENUM) F1_COUNT };
    enum { FUSE_SECOND(F2_ENUM, _) F2_COUNT };
#define LENS(n1, n2, c) { &&l_f_##n1##_##n2##_##c##_22, &&l_f_##n1##_##n2##_##c##_24, \
                          &&l_f_##n1##_##n2##_##c##_42, &&l_f_##n1##_##n2##_##c##_44 }
#define CELL(N1, n1, N2, n2, r2) [F1_##N1][F2_##N2] = { \
        LENS(n1, n2, 0), LENS(n1, n2, 1), IF_ELSE_##r2(LENS(n1, n2, 2), LENS(n1, n2, 0)) },
#define ROW(N1, n1) FUSE_SECOND(CELL, N1, n1)
    static void *const fused[F1_COUNT][F2_COUNT][FUSE_CHAINS][4] = { FUSE_FIRST(ROW) };
    if (unlikely(!h)) {         /* the labels' addresses: dinsn_labels and code_fuse */
        dinsn_labels = (const void *const *)op;
        code_fuse.lab = (const void *const *)fused;
        code_fuse.nsecond = F2_COUNT;
        memset(code_fuse.first, -1, sizeof code_fuse.first);
        memset(code_fuse.second, -1, sizeof code_fuse.second);
#define MAP1(N, n) code_fuse.first[FOP_##N] = F1_##N;
#define MAP2(_, N, n, r2) code_fuse.second[FOP_##N] = F2_##N;
        FUSE_FIRST(MAP1)
        FUSE_SECOND(MAP2, _)
        return 0;
    }
#undef F1_ENUM
#undef F2_ENUM
#undef LENS
#undef CELL
#undef ROW
#undef MAP1
#undef MAP2
    /* The registers are addressed through h (one host register for both). The count
     * is kept as what is left before the limit, so one host register holds it: left
     * (at most INT64_MAX; 0 or less: the limit is reached) and base, with the local
     * instret = base - left; both set anew after each call (SET_LEFT). */
#define x (h->reg)
    const uint64_t ic0 = h->instret, exc0 = h->exceptions;
    int64_t left;
    uint64_t base;
#define IC() (base - (uint64_t)left)
#define SET_LEFT(ic) do { \
        uint64_t ic_ = (ic), lim_ = h->limit; \
        left = lim_ <= ic_ ? 0 : lim_ - ic_ > INT64_MAX ? INT64_MAX : (int64_t)(lim_ - ic_); \
        base = ic_ + (uint64_t)left; \
    } while (0)
    SET_LEFT(ic0);
    /* The data privilege cannot change inside a block: whatever changes it (CSR
     * writes, traps, xRET) stops the block. */
    const char *const ld_tab = (const char *)h->ftlb.e[h->dpriv][ACC_LOAD];
    /* The store table follows the load table (struct ftlb): one register for both, the
     * store table's offset a constant in the address. */
#define st_tab (ld_tab + (ACC_STORE - ACC_LOAD) * FTLB_SIZE * sizeof(struct ftlb_entry))
    const struct dinsn *d;

/* Operands of the instruction in slot s (d itself, or the second of a fused pair). In
 * the second of a chained pair, CH1 (CH2) says that rs1 (rs2) is the first's rd, whose
 * value the first left in chain (a host register) as well as in x[rd]: the second does
 * not wait for the store and the reload. Elsewhere both are 0 (the enum below). */
    enum { CH1 = 0, CH2 = 0 };
    const uint64_t chain = 0;
#define RS1 (CH1 ? chain : x[s->rs1])
#define RS2 (CH2 ? chain : x[s->rs2])
#define RD x[s->rd]
#define IMM ((uint64_t)s->imm)
#define S32(v) ((uint64_t)(int64_t)(int32_t)(v))
#define DISPATCH() goto *d->lab
/* Straight-line code keeps no pc: it is the slot's position in the page. */
#define PC() (page + (uint64_t)((const char *)d - (const char *)cp->slot) / sizeof(struct dinsn) * 2)
/* Next instruction in sequence, w slots (one per 2 bytes) further on. */
#define NEXT_SEQ(w) do { \
        d += (w); \
        DISPATCH(); \
    } while (0)
/* The next instruction starts a run (after a branch not taken): count the run. */
#define NEXT_RUN(w) do { \
        d += (w); \
        left -= d->rem; \
        DISPATCH(); \
    } while (0)
/* To pc, when it is in this page and the limit is not reached. */
#define NEXT_JUMP() do { \
        if (unlikely(left <= 0 || ((pc ^ page) & PAGE_MASK))) goto out; \
        d = &cp->slot[(pc & (PAGE_SIZE - 1)) >> 1]; \
        left -= d->rem; \
        DISPATCH(); \
    } while (0)
/* A jump from this instruction to a target in this page (decided when the slot was
 * decoded: code_decode, which gives off in slot bytes): the slot pointer moves by the
 * offset, and the pc is computed only when the limit is reached. */
#define NEXT_NEAR(off) do { \
        d = (const struct dinsn *)((const char *)d + (int64_t)(off)); \
        if (unlikely(left <= 0)) { \
            pc = PC(); \
            goto out; \
        } \
        left -= d->rem; \
        DISPATCH(); \
    } while (0)
/* BOTH(name, body) defines name_2 and name_4; body uses LEN and STEP. */
#define BOTH(name, ...) \
    l_##name##_2: { enum { LEN = 2, STEP = 1 }; const struct dinsn *const s = d; __VA_ARGS__ } \
    l_##name##_4: { enum { LEN = 4, STEP = 2 }; const struct dinsn *const s = d; __VA_ARGS__ }
/* The host address of a data access (kind, size bytes) at va, through the fast table
 * at byte address tab: host, or MISS (ftlb_data_hit_nocall: the loop makes no call on
 * its fast path). The entry's byte offset is computed as such (a shift and a mask), so
 * the compiler does not scale an index after masking it. */
#define DATA_HOST(tab, kind, size, MISS) \
        const struct ftlb_entry *e = (const struct ftlb_entry *)(tab + \
            ((va >> (PAGE_SHIFT - FTLB_ENTRY_SHIFT)) & \
             ((FTLB_SIZE - 1) << FTLB_ENTRY_SHIFT))); \
        if (unlikely(!ftlb_data_hit_nocall(&h->mmu, e, va, size, kind))) MISS; \
        uintptr_t host = (uintptr_t)va + e->addend;
/* The bodies of the operations that also run fused (the lists below): an operation on
 * slot s; MISS is what a load or store does when the fast entry misses. */
#define BODY_ALU(MISS, expr) RD = expr;
#define BODY_LOAD(MISS, args) BODY_LOAD_(MISS, UNPACK args)
#define BODY_LOAD_(...) BODY_LOAD__(__VA_ARGS__)
#define BODY_LOAD__(MISS, size, T, conv) { LOAD_V(MISS, size, T) RD = conv; }
/* The value v (of type T, size bytes) a load reads at RS1 + IMM, or MISS. */
#define LOAD_V(MISS, size, T) \
        uint64_t va = RS1 + IMM; \
        DATA_HOST(ld_tab, ACC_LOAD, size, MISS) \
        T v; memcpy(&v, (const void *)host, size);
#define BODY_STORE(MISS, args) BODY_STORE_(MISS, UNPACK args)
#define BODY_STORE_(...) BODY_STORE__(__VA_ARGS__)
#define BODY_STORE__(MISS, size, T) { \
        uint64_t va = RS1 + IMM; \
        DATA_HOST(st_tab, ACC_STORE, size, MISS) \
        T v = (T)RS2; memcpy((void *)host, &v, size); }
#define UNPACK(...) __VA_ARGS__
/* A single operation: its body, then the next slot. */
#define SINGLE(NAME, name) SINGLE_(name, OP_##name)
#define SINGLE_(...) SINGLE__(__VA_ARGS__)
#define SINGLE__(name, CAT, args) BOTH(name, BODY_##CAT(goto l_miss, args) NEXT_SEQ(STEP);)
#define BRANCH(name) BRANCH_(name, OP_##name)
#define BRANCH_(...) BRANCH__(__VA_ARGS__)
#define BRANCH__(name, CAT, cond) BOTH(name, \
        if (cond) NEXT_NEAR(s->imm); \
        NEXT_RUN(STEP);)
/* A fused pair (code_fuse, codecache.h): the first operation on d, the second on the
 * slot after it, one dispatch for both. When the second one's fast entry misses, the
 * first has retired and the second runs alone (through its handler), as it would
 * unfused. C: the chained form (0: none; 1: the second's rs1 is the first's rd; 2: its
 * rs2 is); L1 and L2: the two instructions' lengths. */
#define FUSED_LL(n1, n2, C, L1, L2) FUSED_LL_(n1, n2, C, L1, L2, OP_##n1, OP_##n2)
#define FUSED_LL_(...) FUSED_LL__(__VA_ARGS__)
#define FUSED_LL__(n1, n2, C, L1, L2, C1, a1, C2, a2) \
    l_f_##n1##_##n2##_##C##_##L1##L2: { \
        uint64_t r; \
        { const struct dinsn *const s = d; FIRST_##C1(a1) } \
        enum { CH1 = C == 1, CH2 = C == 2 }; \
        const uint64_t chain = r; \
        const struct dinsn *const s = d + L1 / 2; \
        TAIL_##C2(a2, L2) }
/* The first of a pair: its result in r too. */
#define FIRST_ALU(expr) r = expr; RD = r;
#define FIRST_LOAD(args) FIRST_LOAD_(UNPACK args)
#define FIRST_LOAD_(...) FIRST_LOAD__(__VA_ARGS__)
#define FIRST_LOAD__(size, T, conv) { LOAD_V(goto l_miss, size, T) r = conv; RD = r; }
#define TAIL_ALU(a2, L2) BODY_ALU(, a2) FUSED_NEXT(L2)
#define TAIL_LOAD(a2, L2) BODY_LOAD({ d = s; goto l_miss; }, a2) FUSED_NEXT(L2)
#define TAIL_STORE(a2, L2) BODY_STORE({ d = s; goto l_miss; }, a2) FUSED_NEXT(L2)
#define TAIL_BR(cond, L2) \
        if (cond) { d = s; NEXT_NEAR(s->imm); } \
        d = s; NEXT_RUN(L2 / 2);
#define FUSED_NEXT(L2) do { d = s + L2 / 2; DISPATCH(); } while (0);
#define FUSED_C(n1, n2, C) \
    FUSED_LL(n1, n2, C, 2, 2) FUSED_LL(n1, n2, C, 2, 4) FUSED_LL(n1, n2, C, 4, 2) \
    FUSED_LL(n1, n2, C, 4, 4)
#define FUSED(n1, N2, n2, r2) \
    FUSED_C(n1, n2, 0) FUSED_C(n1, n2, 1) IF_ELSE_##r2(FUSED_C(n1, n2, 2), )
#define FUSED_ROW(N1, n1) FUSE_SECOND(FUSED, n1)

    d = &cp->slot[(pc & (PAGE_SIZE - 1)) >> 1];
    left -= d->rem;
    DISPATCH();

l_miss:                         /* an inline operation that needs its handler: its run
                                   was counted from it on, and does not run on */
    left += d->rem;
l_call:
    h->instret = IC();
    pc = d->fn(h, d, PC());
    SET_LEFT(h->instret + 1);
    NEXT_JUMP();
l_exit:                         /* fell off the end of the page: nothing executed */
    pc = PC();
    goto out;
    FUSE_FIRST(SINGLE)
    NOT_FIRST(SINGLE)
    BOTH(auipc, RD = PC() + IMM; NEXT_SEQ(STEP);)
    BOTH(jal,
        RD = PC() + LEN;
        NEXT_NEAR(d->imm);)
    BOTH(jal_far,
        pc = PC();
        RD = pc + LEN;
        pc += IMM;
        NEXT_JUMP();)
    BOTH(jalr,
        uint64_t target = (RS1 + IMM) & ~1ull;
        RD = PC() + LEN;
        pc = target;
        NEXT_JUMP();)
    BRANCH(beq)
    BRANCH(bne)
    BRANCH(blt)
    BRANCH(bge)
    BRANCH(bltu)
    BRANCH(bgeu)
    FUSE_FIRST(FUSED_ROW)
    /* F/D, inline only while FS is Dirty already (the handler makes it so and traps when
     * it is Off); arithmetic only where fpu.h says the host computes the soft-float
     * result (round to nearest even, NX set, normal operands and result). */
#define FP_DIRTY() ((h->mstatus & MSTATUS_FS) == MSTATUS_FS)
#define FP_ARITH_D(name, op) BOTH(name, \
        uint64_t a = RS1, b = RS2; \
        if (unlikely(!FP_DIRTY() || !(h->fflags & FFLAG_NX) || \
                     (d->rm != RM_RNE && (d->rm != RM_DYN || h->frm != RM_RNE)) || \
                     !fp_d_normal(a) || !fp_d_normal(b))) goto l_miss; \
        uint64_t r = fp_bits_d(fp_as_d(a) op fp_as_d(b)); \
        if (unlikely(!fp_d_result_ok(r))) goto l_miss; \
        RD = r; h->fp_host++; NEXT_SEQ(STEP);)
    BOTH(fld,
        if (unlikely(!FP_DIRTY())) goto l_miss;
        LOAD_V(goto l_miss, 8, uint64_t)
        RD = v; NEXT_SEQ(STEP);)
    BOTH(fsd,
        if (unlikely(!FP_DIRTY())) goto l_miss;
        uint64_t va = RS1 + IMM;
        DATA_HOST(st_tab, ACC_STORE, 8, goto l_miss)
        uint64_t v = RS2; memcpy((void *)host, &v, 8);
        NEXT_SEQ(STEP);)
    FP_ARITH_D(fadd_d, +)
    FP_ARITH_D(fsub_d, -)
    FP_ARITH_D(fmul_d, *)

out:
    h->instret = IC();
    *count = (IC() - ic0) + (h->exceptions - exc0);
    return pc;
#undef RS1
#undef RS2
#undef RD
#undef IMM
#undef S32
#undef DISPATCH
#undef PC
#undef NEXT_SEQ
#undef NEXT_RUN
#undef NEXT_JUMP
#undef NEXT_NEAR
#undef BOTH
#undef DATA_HOST
#undef BODY_ALU
#undef BODY_LOAD
#undef BODY_LOAD_
#undef BODY_LOAD__
#undef LOAD_V
#undef BODY_STORE
#undef BODY_STORE_
#undef BODY_STORE__
#undef UNPACK
#undef SINGLE
#undef SINGLE_
#undef SINGLE__
#undef FUSED_LL_
#undef FUSED_LL__
#undef BRANCH
#undef BRANCH_
#undef BRANCH__
#undef FUSED_LL
#undef FIRST_ALU
#undef FIRST_LOAD
#undef FIRST_LOAD_
#undef FIRST_LOAD__
#undef FUSED_C
#undef TAIL_ALU
#undef TAIL_LOAD
#undef TAIL_STORE
#undef TAIL_BR
#undef FUSED_NEXT
#undef FUSED
#undef FUSED_ROW
#undef FP_DIRTY
#undef FP_ARITH_D
#undef st_tab
#undef x
#undef IC
#undef SET_LEFT
}

/* Publishes the run loop's labels before anything is decoded (decode.h). */
__attribute__((constructor)) static void publish_labels(void)
{
    run_page(NULL, NULL, 0, 0, NULL);
}

/* The debugger's step count: one instruction, or one trap that retired nothing, done. */
static void count_step(struct hart *h)
{
    if (h->dbg.steps && --h->dbg.steps == 0) {
        h->dbg.hit = DBG_STEP;
        hart_dbg_update(h);
    }
}

/* A trap taken before the fetch (a fetch fault, an execute trigger): no instruction
 * ran and none was counted, so hart_trap's "does not retire" adjustment is undone.
 * It still counts as a debugger step. Returns the trap vector. */
static uint64_t trapped_before_fetch(struct hart *h)
{
    h->instret++;
    count_step(h);
    return h->pc;
}

uint64_t hart_run(struct hart *h, uint64_t max_insns)
{
    uint64_t start = h->instret;
    uint64_t end = start + max_insns;
    uint64_t pc = h->pc;
    /* Traps before the fetch retire nothing: bound the blocks too, so a hart that
     * keeps faulting still returns to the machine loop. */
    uint64_t blocks = max_insns;
    int was_current = h->bus->current;

    h->bus->current = h->index;             /* who stores, for the reservations */
    if (h->bus->nharts > 1)
        ftlb_protect_reservations(h);
    h->reschedule = false;
    while (h->instret < end && blocks-- && !h->halted && !h->dbg.hit && !h->reschedule) {
        if (h->wfi) {
            if (!hart_wakes(h))
                break;
            h->wfi = false;
        }
        h->pc = pc;
        if (hart_check_interrupts(h))
            pc = h->pc;
        if (unlikely(h->priv != h->hpm_priv))     /* counters filtered by mode */
            hpm_priv_changed(h);
        h->limit = end;
        int priv = h->priv;
        uint64_t block_start = h->instret;
        /* Breakpoints stop before the fetch, so a stop costs no TLB access. */
        if (unlikely(h->dbg.nbreak) && break_in_page(h, pc & PAGE_MASK) && break_at(h, pc))
            break;
        /* An execute trigger's breakpoint comes before the fetch's faults too. */
        if (unlikely(h->trig.armed & TRIG_EXEC) && trigger_check_exec(h, pc)) {
            pc = trapped_before_fetch(h);
            continue;
        }

        struct ftlb_entry *e = ftlb_slot(&h->ftlb, priv, ACC_FETCH, pc);
        uint64_t counted = 0;       /* fetches the slow path already counted */
        if (unlikely(e->tag != (pc & PAGE_MASK))) {
            uint64_t pa;
            int r = mem_fetch_fill(h, pc, &e, &pa);
            if (r == FETCH_TRAP) {
                pc = trapped_before_fetch(h);
                continue;
            }
            if (r == FETCH_SLOW) {
                h->pc = pc;
                if (unlikely(h->bus->cov) && priv == PRV_S)
                    cov_add(h->bus->cov, pc);
                if (h->tracer)
                    trace_before(h, pc);
                pc = hart_exec_slow(h, pc, pa);
                h->instret++;
                if (h->tracer)
                    trace_after(h, pc);
                h->insns_by_priv[priv] += h->instret - block_start;
                count_step(h);
                continue;
            }
            counted = 1;
        }
        struct code_page *cp = e->code;
        struct ftlb_entry block = *e;   /* e may be dropped while the block runs */
        uint64_t page = pc & PAGE_MASK, n = 0;
        bool single = h->tracer || (h->dbg.active && (h->dbg.steps || break_in_page(h, page))) ||
                      (h->trig.armed & TRIG_EXEC && trigger_exec_in_page(h, page)) ||
                      (h->bus->cov && priv == PRV_S);

        if (unlikely(single)) {
            /* One instruction at a time so the tracer (and --cov) sees each one. */
            const struct dinsn *d = &cp->slot[(pc & (PAGE_SIZE - 1)) >> 1];
            h->pc = pc;
            if (h->bus->cov && priv == PRV_S)
                cov_add(h->bus->cov, pc);
            if (h->tracer)
                trace_before(h, pc);
            pc = d->fn(h, d, pc);
            h->instret++;
            n = 1;
            h->reg[REG_SINK] = 0;
            if (h->tracer)
                trace_after(h, pc);
            count_step(h);
        } else {
            pc = run_page(h, cp, pc, page, &n);
        }
        if (block.model && n > counted)
            count_block_fetches(h, &block, n - counted);
        h->insns_by_priv[priv] += h->instret - block_start;
    }
    h->pc = pc;
    h->bus->current = was_current;
    return h->instret - start;
}

uint64_t exec_illegal(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    return hart_trap(h, pc, CAUSE_ILLEGAL_INSN, d->raw);
}

/* One fetch (one ITLB access) per page the instruction touches: the first parcel's
 * translation was made by the caller. */
uint64_t hart_exec_slow(struct hart *h, uint64_t pc, uint64_t pa)
{
    uint16_t hi;
    uint64_t v, pa2;
    bus_read(h->bus, pa, 2, &v);
    uint32_t raw = (uint16_t)v;
    if ((raw & 3) == 3) {
        if (((pc + 2) & (PAGE_SIZE - 1)) == 0) {
            if (!mem_fetch_u16(h, pc, pc + 2, &hi))
                return h->pc;
        } else {
            /* same page, same translation; PMP is checked on the parcel's address */
            pa2 = pa + 2;
            if (!pmp_allows(h, pa2, 2, ACC_FETCH, h->priv) || !bus_read(h->bus, pa2, 2, &v))
                return hart_trap(h, pc, CAUSE_FETCH_ACCESS, pc + 2);
            hi = (uint16_t)v;
        }
        raw |= (uint32_t)hi << 16;
    }
    struct dinsn t;
    insn_decode(raw, &t);
    return t.fn(h, &t, pc);
}
