/* Spike-compatible traces. `-l`:
 *   core   0: 0x0000000080000000 (0x00000297) auipc   t0, 0x0
 * `--log-commits`:
 *   core   0: 3 0x0000000080000000 (0x00000297) x5  0x0000000080000000
 * then the register writes in Spike's order (see enum trace_reg_kind), " mem ADDR" for
 * each load and " mem ADDR VALUE" for each store, loads first. An instruction that
 * traps prints no commit line, as in Spike. */
#include <inttypes.h>
#include <string.h>

#include "csr.h"
#include "decode.h"
#include "disas.h"
#include "hart.h"

/* The instruction's bits through a side-effect-free walk (no TLB or A/D change). */
static uint32_t fetch_bits(struct hart *h, uint64_t pc, int *len)
{
    uint64_t lo = 0, hi = 0, pa;
    if (mmu_debug_translate(h, pc, ACC_FETCH, h->priv, &pa, NULL))
        bus_copy_out(h->bus, pa, &lo, 2);
    if ((lo & 3) == 3) {
        if (mmu_debug_translate(h, pc + 2, ACC_FETCH, h->priv, &pa, NULL))
            bus_copy_out(h->bus, pa, &hi, 2);
        *len = 4;
        return (uint32_t)(lo | (hi << 16));
    }
    *len = 2;
    return (uint32_t)lo;
}

void trace_before(struct hart *h, uint64_t pc)
{
    struct tracer *t = h->tracer;
    t->pc = pc;
    t->bits = fetch_bits(h, pc, &t->len);
    t->priv = h->priv;
    t->trapped = false;
    t->nreg = 0;
    t->nmem = 0;
    if (t->insn_log) {
        char text[96];
        disas(t->bits, pc, DISAS_SPIKE, text, sizeof text);
        fprintf(t->out, "core%4d: 0x%016" PRIx64 " (0x%08" PRIx32 ") %s\n", (int)h->mhartid, pc,
                t->bits, text);
    }
}


static void print_reg(struct tracer *t, uint32_t key, uint64_t val)
{
    int num = (int)(key >> 4);
    if ((key & 15) == TRACE_CSR) {
        const char *name = csr_name(num);
        fprintf(t->out, " c%d_%s 0x%016" PRIx64, num, name ? name : "unknown", val);
    } else {
        fprintf(t->out, " %c%-2d 0x%016" PRIx64, (key & 15) == TRACE_FREG ? 'f' : 'x', num,
                val);
    }
}

void trace_after(struct hart *h, uint64_t next_pc)
{
    struct tracer *t = h->tracer;
    (void)next_pc;
    if (!t->commit_log || t->trapped)
        return;
    struct dinsn d;
    /* the destination register, x (writes to x0 go to the sink) or f */
    if (insn_decode(t->bits, &d) && d.rd != REG_SINK)
        trace_reg(h, d.rd >= REG_F ? TRACE_FREG : TRACE_XREG, d.rd % REG_F, h->reg[d.rd]);
    /* Insertion sort: Spike's std::map orders a line's writes by key. */
    for (int i = 1; i < t->nreg; i++)
        for (int j = i; j > 0 && t->reg[j - 1].key > t->reg[j].key; j--) {
            typeof(t->reg[0]) tmp = t->reg[j];
            t->reg[j] = t->reg[j - 1];
            t->reg[j - 1] = tmp;
        }

    fprintf(t->out, "core%4d: %d 0x%016" PRIx64 " (0x%0*" PRIx32 ")", (int)h->mhartid,
            t->priv, t->pc, t->len * 2, t->bits);
    for (int i = 0; i < t->nreg; i++) {
        uint64_t val = t->reg[i].val;
        if ((t->reg[i].key & 15) == TRACE_CSR)
            csr_read(h, (int)(t->reg[i].key >> 4), &val);
        print_reg(t, t->reg[i].key, val);
    }
    for (int i = 0; i < t->nmem; i++)
        if (!t->mem[i].store)
            fprintf(t->out, " mem 0x%016" PRIx64, t->mem[i].addr);
    for (int i = 0; i < t->nmem; i++)
        if (t->mem[i].store)
            fprintf(t->out, " mem 0x%016" PRIx64 " 0x%0*" PRIx64, t->mem[i].addr,
                    t->mem[i].size * 2, t->mem[i].val);
    fputc('\n', t->out);
}

void trace_trap(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval)
{
    (void)pc; (void)cause; (void)tval;
    h->tracer->trapped = true;
}

void trace_mem(struct hart *h, uint64_t va, uint64_t val, int size, bool store)
{
    struct tracer *t = h->tracer;
    if (size < 8)
        val &= (1ull << (8 * size)) - 1;
    if (t->nmem < TRACE_MAX_MEMS)
        t->mem[t->nmem++] = (typeof(t->mem[0])){ va, val, size, store };
}

void trace_reg(struct hart *h, enum trace_reg_kind kind, int num, uint64_t val)
{
    struct tracer *t = h->tracer;
    uint32_t key = (uint32_t)num << 4 | kind;
    for (int i = 0; i < t->nreg; i++)
        if (t->reg[i].key == key) {
            t->reg[i].val = val;
            return;
        }
    if (t->nreg < TRACE_MAX_REGS)
        t->reg[t->nreg++] = (typeof(t->reg[0])){ key, val };
}

void trace_csr(struct hart *h, int csr)
{
    trace_reg(h, TRACE_CSR, csr, 0);
}
