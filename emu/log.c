/* Spike-compatible traces. `-l`:
 *   core   0: 0x0000000080000000 (0x00000297) auipc   t0, 0x0
 * `--log-commits`:
 *   core   0: 3 0x0000000080000000 (0x00000297) x5  0x0000000080000000
 * with " mem ADDR" for loads, " mem ADDR VALUE" for stores and " cNNN_name VALUE" for
 * CSR writes. An instruction that traps prints no commit line, as in Spike. */
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
    t->nmem = 0;
    t->csr_written = -1;
    memcpy(t->x_before, h->x, sizeof t->x_before);
    if (t->insn_log) {
        char text[96];
        disas(t->bits, pc, DISAS_SPIKE, text, sizeof text);
        fprintf(t->out, "core   0: 0x%016" PRIx64 " (0x%08" PRIx32 ") %s\n", pc, t->bits, text);
    }
}

void trace_after(struct hart *h, uint64_t next_pc)
{
    struct tracer *t = h->tracer;
    (void)next_pc;
    if (!t->commit_log || t->trapped)
        return;
    fprintf(t->out, "core   0: %d 0x%016" PRIx64 " (0x%0*" PRIx32 ")", t->priv, t->pc,
            t->len * 2, t->bits);
    struct dinsn d;
    if (insn_decode(t->bits, &d) && d.rd != REG_SINK)
        fprintf(t->out, " x%-2d 0x%016" PRIx64, d.rd, h->x[d.rd]);
    if (t->csr_written >= 0) {
        const char *name = csr_name(t->csr_written);
        fprintf(t->out, " c%d_%s 0x%016" PRIx64, t->csr_written, name ? name : "unknown",
                t->csr_value);
    }
    for (int i = 0; i < t->nmem; i++) {
        if (t->mem[i].store)
            fprintf(t->out, " mem 0x%016" PRIx64 " 0x%0*" PRIx64, t->mem[i].addr,
                    t->mem[i].size * 2, t->mem[i].val);
        else
            fprintf(t->out, " mem 0x%016" PRIx64, t->mem[i].addr);
    }
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
    if (t->nmem < 8)
        t->mem[t->nmem++] = (typeof(t->mem[0])){ va, val, size, store };
}

void trace_csr(struct hart *h, int csr, uint64_t val)
{
    h->tracer->csr_written = csr;
    h->tracer->csr_value = val;
}
