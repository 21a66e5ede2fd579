/* Instruction semantics (RV64IMAC, Zicsr, Zifencei and the privileged instructions)
 * and the instruction table that names them. Each handler executes one decoded
 * instruction at pc and returns the next pc; operands were extracted by the decoder. */
#include <limits.h>

#include "csr.h"
#include "decode.h"
#include "fpu.h"
#include "mem.h"

#define RS1 (h->reg[d->rs1])
#define RS2 (h->reg[d->rs2])
#define RD  (h->reg[d->rd])
#define IMM ((uint64_t)d->imm)
#define NEXT (pc + d->len)

static inline uint64_t sext32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)v; }

/* ---- RV64I: upper immediates, jumps, branches ---- */
static uint64_t x_lui(struct hart *h, const struct dinsn *d, uint64_t pc) { RD = IMM; return NEXT; }
static uint64_t x_auipc(struct hart *h, const struct dinsn *d, uint64_t pc) { RD = pc + IMM; return NEXT; }

/* Jump targets are always 2-byte aligned with C, so no misaligned-fetch trap. */
static uint64_t x_jal(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    RD = NEXT;
    return pc + IMM;
}

static uint64_t x_jalr(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    uint64_t target = (RS1 + IMM) & ~1ull;
    RD = NEXT;
    return target;
}

#define BRANCH(name, cond) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { return (cond) ? pc + IMM : NEXT; }
BRANCH(beq, RS1 == RS2)
BRANCH(bne, RS1 != RS2)
BRANCH(blt, (int64_t)RS1 < (int64_t)RS2)
BRANCH(bge, (int64_t)RS1 >= (int64_t)RS2)
BRANCH(bltu, RS1 < RS2)
BRANCH(bgeu, RS1 >= RS2)

/* ---- loads and stores ---- */
#define LOAD(name, size, conv) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        uint64_t v; \
        if (unlikely(!mem_load(h, pc, RS1 + IMM, size, &v))) \
            return h->pc; \
        RD = conv; \
        return NEXT; \
    }
LOAD(lb, 1, (uint64_t)(int64_t)(int8_t)v)
LOAD(lh, 2, (uint64_t)(int64_t)(int16_t)v)
LOAD(lw, 4, sext32(v))
LOAD(ld, 8, v)
LOAD(lbu, 1, v)
LOAD(lhu, 2, v)
LOAD(lwu, 4, v)

#define STORE(name, size) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        if (unlikely(!mem_store(h, pc, RS1 + IMM, size, RS2))) \
            return h->pc; \
        return NEXT; \
    }
STORE(sb, 1)
STORE(sh, 2)
STORE(sw, 4)
STORE(sd, 8)

/* ---- integer register-immediate and register-register ---- */
#define ALU(name, expr) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { RD = (expr); return NEXT; }
ALU(addi, RS1 + IMM)
ALU(slti, (int64_t)RS1 < (int64_t)IMM)
ALU(sltiu, RS1 < IMM)
ALU(xori, RS1 ^ IMM)
ALU(ori, RS1 | IMM)
ALU(andi, RS1 & IMM)
ALU(slli, RS1 << IMM)
ALU(srli, RS1 >> IMM)
ALU(srai, (uint64_t)((int64_t)RS1 >> IMM))
ALU(add, RS1 + RS2)
ALU(sub, RS1 - RS2)
ALU(sll, RS1 << (RS2 & 63))
ALU(slt, (int64_t)RS1 < (int64_t)RS2)
ALU(sltu, RS1 < RS2)
ALU(xor, RS1 ^ RS2)
ALU(srl, RS1 >> (RS2 & 63))
ALU(sra, (uint64_t)((int64_t)RS1 >> (RS2 & 63)))
ALU(or, RS1 | RS2)
ALU(and, RS1 & RS2)
ALU(addiw, sext32(RS1 + IMM))
ALU(slliw, sext32((uint32_t)RS1 << IMM))
ALU(srliw, sext32((uint32_t)RS1 >> IMM))
ALU(sraiw, (uint64_t)(int64_t)((int32_t)RS1 >> IMM))
ALU(addw, sext32(RS1 + RS2))
ALU(subw, sext32(RS1 - RS2))
ALU(sllw, sext32((uint32_t)RS1 << (RS2 & 31)))
ALU(srlw, sext32((uint32_t)RS1 >> (RS2 & 31)))
ALU(sraw, (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)))

/* ---- M extension; division results follow the spec's table for /0 and overflow ---- */
static uint64_t mulhu64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}
static uint64_t mulh64(int64_t a, int64_t b)
{
    return (uint64_t)(((__int128)a * b) >> 64);
}
static uint64_t mulhsu64(int64_t a, uint64_t b)
{
    return (uint64_t)(((__int128)a * (unsigned __int128)b) >> 64);
}
static uint64_t div64(int64_t a, int64_t b)
{
    if (b == 0) return UINT64_MAX;
    if (a == INT64_MIN && b == -1) return (uint64_t)a;
    return (uint64_t)(a / b);
}
static uint64_t rem64(int64_t a, int64_t b)
{
    if (b == 0) return (uint64_t)a;
    if (a == INT64_MIN && b == -1) return 0;
    return (uint64_t)(a % b);
}
static uint64_t div32(int32_t a, int32_t b)
{
    if (b == 0) return UINT64_MAX;
    if (a == INT32_MIN && b == -1) return sext32((uint32_t)a);
    return (uint64_t)(int64_t)(a / b);
}
static uint64_t rem32(int32_t a, int32_t b)
{
    if (b == 0) return (uint64_t)(int64_t)a;
    if (a == INT32_MIN && b == -1) return 0;
    return (uint64_t)(int64_t)(a % b);
}
ALU(mul, RS1 * RS2)
ALU(mulh, mulh64((int64_t)RS1, (int64_t)RS2))
ALU(mulhsu, mulhsu64((int64_t)RS1, RS2))
ALU(mulhu, mulhu64(RS1, RS2))
ALU(div, div64((int64_t)RS1, (int64_t)RS2))
ALU(divu, RS2 == 0 ? UINT64_MAX : RS1 / RS2)
ALU(rem, rem64((int64_t)RS1, (int64_t)RS2))
ALU(remu, RS2 == 0 ? RS1 : RS1 % RS2)
ALU(mulw, sext32((uint32_t)RS1 * (uint32_t)RS2))
ALU(divw, div32((int32_t)RS1, (int32_t)RS2))
ALU(divuw, (uint32_t)RS2 == 0 ? UINT64_MAX : sext32((uint32_t)RS1 / (uint32_t)RS2))
ALU(remw, rem32((int32_t)RS1, (int32_t)RS2))
ALU(remuw, (uint32_t)RS2 == 0 ? sext32(RS1) : sext32((uint32_t)RS1 % (uint32_t)RS2))

/* ---- A extension. Misaligned atomics raise address-misaligned (the spec allows
 * access-fault too; Spike and QEMU raise misaligned). ---- */
static bool amo_addr_ok(struct hart *h, uint64_t pc, uint64_t va, int size, int cause)
{
    if (va & (uint64_t)(size - 1)) {
        hart_trap(h, pc, cause, va);
        return false;
    }
    return true;
}

/* Each atomic translates its address once (so the TLB model sees one access) and
 * then works on the physical address. */
static uint64_t lr(struct hart *h, const struct dinsn *d, uint64_t pc, int size)
{
    uint64_t va = RS1, v, pa;
    if (!amo_addr_ok(h, pc, va, size, CAUSE_MISALIGNED_LOAD) ||
        !mem_translate(h, pc, va, ACC_LOAD, size, &pa))
        return h->pc;
    if (!bus_read(h->bus, pa, size, &v))
        return hart_trap(h, pc, CAUSE_LOAD_ACCESS, va);
    if (h->tracer)
        trace_mem(h, va, 0, size, false);
    bus_reserve(h->bus, h->index, pa);
    RD = size == 4 ? sext32(v) : v;
    return NEXT;
}

static uint64_t sc(struct hart *h, const struct dinsn *d, uint64_t pc, int size)
{
    uint64_t va = RS1, pa;
    if (!amo_addr_ok(h, pc, va, size, CAUSE_MISALIGNED_STORE) ||
        !mem_translate(h, pc, va, ACC_STORE, size, &pa))
        return h->pc;
    bool ok = bus_reserved(h->bus, h->index) && h->bus->resv_addr[h->index] == pa;
    bus_unreserve(h->bus, h->index);
    if (ok && !bus_write(h->bus, pa, size, RS2))
        return hart_trap(h, pc, CAUSE_STORE_ACCESS, va);
    if (ok && h->tracer)
        trace_mem(h, va, RS2, size, true);
    RD = !ok;
    return NEXT;
}

static uint64_t x_lr_w(struct hart *h, const struct dinsn *d, uint64_t pc) { return lr(h, d, pc, 4); }
static uint64_t x_lr_d(struct hart *h, const struct dinsn *d, uint64_t pc) { return lr(h, d, pc, 8); }
static uint64_t x_sc_w(struct hart *h, const struct dinsn *d, uint64_t pc) { return sc(h, d, pc, 4); }
static uint64_t x_sc_d(struct hart *h, const struct dinsn *d, uint64_t pc) { return sc(h, d, pc, 8); }

/* Read-modify-write: the store-side checks (translation for write, PMP) come first
 * so that a faulting AMO raises a store/AMO fault and changes nothing. */
#define AMO(name, size, expr) \
    static uint64_t x_##name(struct hart *h, const struct dinsn *d, uint64_t pc) \
    { \
        uint64_t va = RS1, pa, old; \
        if (!amo_addr_ok(h, pc, va, size, CAUSE_MISALIGNED_STORE) || \
            (unlikely(h->trig.armed & TRIG_LOAD) && trigger_check_data(h, pc, va, ACC_LOAD)) || \
            !mem_translate(h, pc, va, ACC_STORE, size, &pa)) \
            return h->pc; \
        if (!bus_read(h->bus, pa, size, &old)) \
            return hart_trap(h, pc, CAUSE_STORE_ACCESS, va); \
        if (size == 4) old = sext32(old); \
        uint64_t b = RS2; \
        if (!bus_write(h->bus, pa, size, (expr))) \
            return hart_trap(h, pc, CAUSE_STORE_ACCESS, va); \
        if (h->tracer) { \
            trace_mem(h, va, 0, size, false); \
            trace_mem(h, va, (expr), size, true); \
        } \
        RD = old; \
        return NEXT; \
    }
#define S32(v) ((int32_t)(v))
AMO(amoswap_w, 4, b)
AMO(amoadd_w, 4, old + b)
AMO(amoxor_w, 4, old ^ b)
AMO(amoand_w, 4, old & b)
AMO(amoor_w, 4, old | b)
AMO(amomin_w, 4, S32(old) < S32(b) ? old : b)
AMO(amomax_w, 4, S32(old) > S32(b) ? old : b)
AMO(amominu_w, 4, (uint32_t)old < (uint32_t)b ? old : b)
AMO(amomaxu_w, 4, (uint32_t)old > (uint32_t)b ? old : b)
AMO(amoswap_d, 8, b)
AMO(amoadd_d, 8, old + b)
AMO(amoxor_d, 8, old ^ b)
AMO(amoand_d, 8, old & b)
AMO(amoor_d, 8, old | b)
AMO(amomin_d, 8, (int64_t)old < (int64_t)b ? old : b)
AMO(amomax_d, 8, (int64_t)old > (int64_t)b ? old : b)
AMO(amominu_d, 8, old < b ? old : b)
AMO(amomaxu_d, 8, old > b ? old : b)

/* ---- fences, system ---- */
static uint64_t x_fence(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    (void)h;
    return NEXT;
}

/* Stores already invalidate decoded instructions precisely, so fence.i has nothing
 * left to do but end the block. */
static uint64_t x_fence_i(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    hart_stop(h);
    return NEXT;
}

static uint64_t x_ecall(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    (void)d;
    static const int cause[4] = { CAUSE_ECALL_U, CAUSE_ECALL_S, 0, CAUSE_ECALL_M };
    return hart_trap(h, pc, cause[h->priv], 0);
}

static uint64_t x_ebreak(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    (void)d;
    return hart_trap(h, pc, CAUSE_BREAKPOINT, pc);
}

static uint64_t x_mret(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    if (h->priv < PRV_M)
        return exec_illegal(h, d, pc);
    return csr_mret(h);
}

static uint64_t x_sret(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    if (h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_TSR)))
        return exec_illegal(h, d, pc);
    return csr_sret(h);
}

/* WFI: TW traps it below M (the spec allows an implementation-defined timeout; we
 * trap at once, like QEMU); in U-mode it is always illegal. */
static uint64_t x_wfi(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    if (h->priv == PRV_U || (h->priv < PRV_M && (h->mstatus & MSTATUS_TW)))
        return exec_illegal(h, d, pc);
    if (!hart_wakes(h)) {
        h->wfi = true;
        hart_stop(h);
    }
    return NEXT;
}

static uint64_t x_sfence_vma(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    if (h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)))
        return exec_illegal(h, d, pc);
    csr_sfence_vma(h, d->rs1 ? RS1 : 0, d->rs1 != 0, d->rs2 ? RS2 : 0, d->rs2 != 0);
    return NEXT;
}

/* CSR instructions. csrrs/csrrc with rs1=x0 (or uimm=0) do not write, so reading a
 * read-only CSR that way is legal; csrrw always writes. rs1 is the register number
 * (or the uimm), kept in d->rs1 for both forms. */
static uint64_t csr_op(struct hart *h, const struct dinsn *d, uint64_t pc, int op,
                       uint64_t src)
{
    int csr = (int)d->imm;
    bool write = op == 0 || d->rs1 != 0;
    bool read = op != 0 || d->rd != REG_SINK;
    uint64_t old = 0;
    if (!csr_access_ok(h, csr, write))
        return exec_illegal(h, d, pc);
    if ((read || write) && !csr_read(h, csr, &old))
        return exec_illegal(h, d, pc);
    if (write) {
        uint64_t v = op == 0 ? src : op == 1 ? old | src : old & ~src;
        if (!csr_write(h, csr, v))
            return exec_illegal(h, d, pc);
    }
    RD = old;
    return NEXT;
}
static uint64_t x_csrrw(struct hart *h, const struct dinsn *d, uint64_t pc) { return csr_op(h, d, pc, 0, RS1); }
static uint64_t x_csrrs(struct hart *h, const struct dinsn *d, uint64_t pc) { return csr_op(h, d, pc, 1, RS1); }
static uint64_t x_csrrc(struct hart *h, const struct dinsn *d, uint64_t pc) { return csr_op(h, d, pc, 2, RS1); }
static uint64_t x_csrrwi(struct hart *h, const struct dinsn *d, uint64_t pc) { return csr_op(h, d, pc, 0, d->rs1); }
static uint64_t x_csrrsi(struct hart *h, const struct dinsn *d, uint64_t pc) { return csr_op(h, d, pc, 1, d->rs1); }
static uint64_t x_csrrci(struct hart *h, const struct dinsn *d, uint64_t pc) { return csr_op(h, d, pc, 2, d->rs1); }

/* ---- the run loop's inline operations (FAST_OPS_BASE in decode.h) ---- */
#define FAST_OP_ENTRY(NAME, name) { x_##name, FOP_##NAME },
static const struct { insn_fn fn; uint8_t fop; } fast_ops[] = { FAST_OPS_BASE(FAST_OP_ENTRY) };
#undef FAST_OP_ENTRY

uint8_t insn_fast_op(insn_fn fn)
{
    for (size_t i = 0; i < sizeof fast_ops / sizeof fast_ops[0]; i++)
        if (fast_ops[i].fn == fn)
            return fast_ops[i].fop;
    return fpu_fast_op(fn);
}

/* ---- the table ---- */
#define I(n, m, mt, f, fn) { n, m, mt, f, fn, 0 }
const struct insn_desc insn_base_table[] = {
    /* RV64I */
    I("lui",    0x0000007f, 0x00000037, F_U, x_lui),
    I("auipc",  0x0000007f, 0x00000017, F_U, x_auipc),
    I("jal",    0x0000007f, 0x0000006f, F_J, x_jal),
    I("jalr",   0x0000707f, 0x00000067, F_JALR, x_jalr),
    I("beq",    0x0000707f, 0x00000063, F_B, x_beq),
    I("bne",    0x0000707f, 0x00001063, F_B, x_bne),
    I("blt",    0x0000707f, 0x00004063, F_B, x_blt),
    I("bge",    0x0000707f, 0x00005063, F_B, x_bge),
    I("bltu",   0x0000707f, 0x00006063, F_B, x_bltu),
    I("bgeu",   0x0000707f, 0x00007063, F_B, x_bgeu),
    I("lb",     0x0000707f, 0x00000003, F_LOAD, x_lb),
    I("lh",     0x0000707f, 0x00001003, F_LOAD, x_lh),
    I("lw",     0x0000707f, 0x00002003, F_LOAD, x_lw),
    I("ld",     0x0000707f, 0x00003003, F_LOAD, x_ld),
    I("lbu",    0x0000707f, 0x00004003, F_LOAD, x_lbu),
    I("lhu",    0x0000707f, 0x00005003, F_LOAD, x_lhu),
    I("lwu",    0x0000707f, 0x00006003, F_LOAD, x_lwu),
    I("sb",     0x0000707f, 0x00000023, F_S, x_sb),
    I("sh",     0x0000707f, 0x00001023, F_S, x_sh),
    I("sw",     0x0000707f, 0x00002023, F_S, x_sw),
    I("sd",     0x0000707f, 0x00003023, F_S, x_sd),
    I("addi",   0x0000707f, 0x00000013, F_I, x_addi),
    I("slti",   0x0000707f, 0x00002013, F_I, x_slti),
    I("sltiu",  0x0000707f, 0x00003013, F_I, x_sltiu),
    I("xori",   0x0000707f, 0x00004013, F_I, x_xori),
    I("ori",    0x0000707f, 0x00006013, F_I, x_ori),
    I("andi",   0x0000707f, 0x00007013, F_I, x_andi),
    I("slli",   0xfc00707f, 0x00001013, F_I_SH6, x_slli),
    I("srli",   0xfc00707f, 0x00005013, F_I_SH6, x_srli),
    I("srai",   0xfc00707f, 0x40005013, F_I_SH6, x_srai),
    I("add",    0xfe00707f, 0x00000033, F_R, x_add),
    I("sub",    0xfe00707f, 0x40000033, F_R, x_sub),
    I("sll",    0xfe00707f, 0x00001033, F_R, x_sll),
    I("slt",    0xfe00707f, 0x00002033, F_R, x_slt),
    I("sltu",   0xfe00707f, 0x00003033, F_R, x_sltu),
    I("xor",    0xfe00707f, 0x00004033, F_R, x_xor),
    I("srl",    0xfe00707f, 0x00005033, F_R, x_srl),
    I("sra",    0xfe00707f, 0x40005033, F_R, x_sra),
    I("or",     0xfe00707f, 0x00006033, F_R, x_or),
    I("and",    0xfe00707f, 0x00007033, F_R, x_and),
    I("addiw",  0x0000707f, 0x0000001b, F_I, x_addiw),
    I("slliw",  0xfe00707f, 0x0000101b, F_I_SH5, x_slliw),
    I("srliw",  0xfe00707f, 0x0000501b, F_I_SH5, x_srliw),
    I("sraiw",  0xfe00707f, 0x4000501b, F_I_SH5, x_sraiw),
    I("addw",   0xfe00707f, 0x0000003b, F_R, x_addw),
    I("subw",   0xfe00707f, 0x4000003b, F_R, x_subw),
    I("sllw",   0xfe00707f, 0x0000103b, F_R, x_sllw),
    I("srlw",   0xfe00707f, 0x0000503b, F_R, x_srlw),
    I("sraw",   0xfe00707f, 0x4000503b, F_R, x_sraw),
    I("fence",  0x0000707f, 0x0000000f, F_FENCE, x_fence),
    I("fence.i",0x0000707f, 0x0000100f, F_NONE, x_fence_i),
    I("ecall",  0xffffffff, 0x00000073, F_NONE, x_ecall),
    I("ebreak", 0xffffffff, 0x00100073, F_NONE, x_ebreak),
    /* RV64M */
    I("mul",    0xfe00707f, 0x02000033, F_R, x_mul),
    I("mulh",   0xfe00707f, 0x02001033, F_R, x_mulh),
    I("mulhsu", 0xfe00707f, 0x02002033, F_R, x_mulhsu),
    I("mulhu",  0xfe00707f, 0x02003033, F_R, x_mulhu),
    I("div",    0xfe00707f, 0x02004033, F_R, x_div),
    I("divu",   0xfe00707f, 0x02005033, F_R, x_divu),
    I("rem",    0xfe00707f, 0x02006033, F_R, x_rem),
    I("remu",   0xfe00707f, 0x02007033, F_R, x_remu),
    I("mulw",   0xfe00707f, 0x0200003b, F_R, x_mulw),
    I("divw",   0xfe00707f, 0x0200403b, F_R, x_divw),
    I("divuw",  0xfe00707f, 0x0200503b, F_R, x_divuw),
    I("remw",   0xfe00707f, 0x0200603b, F_R, x_remw),
    I("remuw",  0xfe00707f, 0x0200703b, F_R, x_remuw),
    /* RV64A */
    I("lr.w",      0xf9f0707f, 0x1000202f, F_LR, x_lr_w),
    I("sc.w",      0xf800707f, 0x1800202f, F_AMO, x_sc_w),
    I("amoswap.w", 0xf800707f, 0x0800202f, F_AMO, x_amoswap_w),
    I("amoadd.w",  0xf800707f, 0x0000202f, F_AMO, x_amoadd_w),
    I("amoxor.w",  0xf800707f, 0x2000202f, F_AMO, x_amoxor_w),
    I("amoand.w",  0xf800707f, 0x6000202f, F_AMO, x_amoand_w),
    I("amoor.w",   0xf800707f, 0x4000202f, F_AMO, x_amoor_w),
    I("amomin.w",  0xf800707f, 0x8000202f, F_AMO, x_amomin_w),
    I("amomax.w",  0xf800707f, 0xa000202f, F_AMO, x_amomax_w),
    I("amominu.w", 0xf800707f, 0xc000202f, F_AMO, x_amominu_w),
    I("amomaxu.w", 0xf800707f, 0xe000202f, F_AMO, x_amomaxu_w),
    I("lr.d",      0xf9f0707f, 0x1000302f, F_LR, x_lr_d),
    I("sc.d",      0xf800707f, 0x1800302f, F_AMO, x_sc_d),
    I("amoswap.d", 0xf800707f, 0x0800302f, F_AMO, x_amoswap_d),
    I("amoadd.d",  0xf800707f, 0x0000302f, F_AMO, x_amoadd_d),
    I("amoxor.d",  0xf800707f, 0x2000302f, F_AMO, x_amoxor_d),
    I("amoand.d",  0xf800707f, 0x6000302f, F_AMO, x_amoand_d),
    I("amoor.d",   0xf800707f, 0x4000302f, F_AMO, x_amoor_d),
    I("amomin.d",  0xf800707f, 0x8000302f, F_AMO, x_amomin_d),
    I("amomax.d",  0xf800707f, 0xa000302f, F_AMO, x_amomax_d),
    I("amominu.d", 0xf800707f, 0xc000302f, F_AMO, x_amominu_d),
    I("amomaxu.d", 0xf800707f, 0xe000302f, F_AMO, x_amomaxu_d),
    /* Zicsr */
    I("csrrw",  0x0000707f, 0x00001073, F_CSR, x_csrrw),
    I("csrrs",  0x0000707f, 0x00002073, F_CSR, x_csrrs),
    I("csrrc",  0x0000707f, 0x00003073, F_CSR, x_csrrc),
    I("csrrwi", 0x0000707f, 0x00005073, F_CSRI, x_csrrwi),
    I("csrrsi", 0x0000707f, 0x00006073, F_CSRI, x_csrrsi),
    I("csrrci", 0x0000707f, 0x00007073, F_CSRI, x_csrrci),
    /* privileged */
    I("mret",   0xffffffff, 0x30200073, F_NONE, x_mret),
    I("sret",   0xffffffff, 0x10200073, F_NONE, x_sret),
    I("wfi",    0xffffffff, 0x10500073, F_NONE, x_wfi),
    I("sfence.vma", 0xfe007fff, 0x12000073, F_SFENCE, x_sfence_vma),
    /* RV64C, quadrant 0 */
    I("c.addi4spn", 0xe003, 0x0000, FC_ADDI4SPN, x_addi),
    I("c.lw",       0xe003, 0x4000, FC_LW, x_lw),
    I("c.ld",       0xe003, 0x6000, FC_LD, x_ld),
    I("c.sw",       0xe003, 0xc000, FC_SW, x_sw),
    I("c.sd",       0xe003, 0xe000, FC_SD, x_sd),
    /* quadrant 1 */
    I("c.nop",      0xef83, 0x0001, FC_NOP, x_addi),
    I("c.addi",     0xe003, 0x0001, FC_ADDI, x_addi),
    I("c.addiw",    0xe003, 0x2001, FC_ADDIW, x_addiw),
    I("c.li",       0xe003, 0x4001, FC_LI, x_addi),
    I("c.addi16sp", 0xef83, 0x6101, FC_ADDI16SP, x_addi),
    I("c.lui",      0xe003, 0x6001, FC_LUI, x_lui),
    I("c.srli",     0xec03, 0x8001, FC_SRLI, x_srli),
    I("c.srai",     0xec03, 0x8401, FC_SRAI, x_srai),
    I("c.andi",     0xec03, 0x8801, FC_ANDI, x_andi),
    I("c.sub",      0xfc63, 0x8c01, FC_CA, x_sub),
    I("c.xor",      0xfc63, 0x8c21, FC_CA, x_xor),
    I("c.or",       0xfc63, 0x8c41, FC_CA, x_or),
    I("c.and",      0xfc63, 0x8c61, FC_CA, x_and),
    I("c.subw",     0xfc63, 0x9c01, FC_CA, x_subw),
    I("c.addw",     0xfc63, 0x9c21, FC_CA, x_addw),
    I("c.j",        0xe003, 0xa001, FC_J, x_jal),
    I("c.beqz",     0xe003, 0xc001, FC_BZ, x_beq),
    I("c.bnez",     0xe003, 0xe001, FC_BZ, x_bne),
    /* quadrant 2 */
    I("c.slli",     0xe003, 0x0002, FC_SLLI, x_slli),
    I("c.lwsp",     0xe003, 0x4002, FC_LWSP, x_lw),
    I("c.ldsp",     0xe003, 0x6002, FC_LDSP, x_ld),
    I("c.jr",       0xf07f, 0x8002, FC_JR, x_jalr),
    I("c.mv",       0xf003, 0x8002, FC_MV, x_add),
    I("c.ebreak",   0xffff, 0x9002, FC_EBREAK, x_ebreak),
    I("c.jalr",     0xf07f, 0x9002, FC_JALR, x_jalr),
    I("c.add",      0xf003, 0x9002, FC_ADD, x_add),
    I("c.swsp",     0xe003, 0xc002, FC_SWSP, x_sw),
    I("c.sdsp",     0xe003, 0xe002, FC_SDSP, x_sd),
};
const int insn_base_len = sizeof insn_base_table / sizeof insn_base_table[0];
