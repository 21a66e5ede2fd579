/* PLIC registers (32-bit accesses only): priority at +4·src, pending bits at +0x1000,
 * enable bits at +0x2000 + 0x80·ctx, threshold at +0x200000 + 0x1000·ctx and
 * claim/complete 4 bytes after it. Unimplemented space reads as zero. */
#include "plic.h"

#include <string.h>

#include "../irq.h"
#include "../riscv.h"

#define PENDING_OFF   0x1000
#define ENABLE_OFF    0x2000
#define ENABLE_STRIDE 0x80
#define CONTEXT_OFF   0x200000
#define CONTEXT_STRIDE 0x1000

static bool bit(const uint32_t *words, int src)
{
    return (words[src / 32] >> (src % 32)) & 1;
}

static void set_bit(uint32_t *words, int src, bool on)
{
    if (on)
        words[src / 32] |= 1u << (src % 32);
    else
        words[src / 32] &= ~(1u << (src % 32));
}

/* The source context ctx would be given by a claim now, or 0. Highest priority wins,
 * the lowest number among equals; priority must exceed the context's threshold. */
static int best_source(const struct plic *p, int ctx)
{
    int best = 0;
    uint32_t best_prio = p->threshold[ctx];
    for (int w = 0; w < PLIC_WORDS; w++) {
        uint32_t cand = p->pending[w] & ~p->claimed[w] & p->enable[ctx][w];
        while (cand) {
            int src = 32 * w + __builtin_ctz(cand);
            cand &= cand - 1;
            if (p->priority[src] > best_prio) {
                best = src;
                best_prio = p->priority[src];
            }
        }
    }
    return best;
}

/* Recomputes MEIP and SEIP of every hart from the contexts' states. */
static void plic_update(struct plic *p)
{
    for (int i = 0; i < p->bus->nharts; i++) {
        hart_set_irq(p->bus->harts[i], IRQ_MEI, best_source(p, 2 * i) != 0);
        hart_set_irq(p->bus->harts[i], IRQ_SEI, best_source(p, 2 * i + 1) != 0);
    }
}

/* Every signal counts, not only a change of level: a device that signals high again
 * makes the source pending again, also while it is claimed (it is then offered after
 * completion); a low signal withdraws a pending request. This is QEMU's gateway. */
void plic_set_irq(struct plic *p, int src, bool level)
{
    if (src <= 0 || src >= PLIC_NSRC)
        return;
    set_bit(p->pending, src, level);
    plic_update(p);
}

void plic_irq(void *ctx, bool level)
{
    struct plic_line *l = ctx;
    plic_set_irq(l->plic, l->src, level);
}

static int nctx(const struct plic *p)
{
    return 2 * p->bus->nharts;
}

static uint32_t claim(struct plic *p, int ctx)
{
    int src = best_source(p, ctx);
    if (src) {
        set_bit(p->pending, src, false);
        set_bit(p->claimed, src, true);
        plic_update(p);
    }
    return (uint32_t)src;
}

/* Completion is ignored for a source this context does not enable (the PLIC spec).
 * It does not make the source pending from a line still held high: as on QEMU, the
 * device must signal again. */
static void complete(struct plic *p, int ctx, uint32_t src)
{
    if (src == 0 || src >= PLIC_NSRC || !bit(p->enable[ctx], (int)src))
        return;
    set_bit(p->claimed, (int)src, false);
    plic_update(p);
}

static bool plic_read(void *opaque, uint64_t off, int size, uint64_t *val)
{
    struct plic *p = opaque;
    *val = 0;
    if (size != 4 || (off & 3))
        return false;
    if (off < 4u * PLIC_NSRC) {
        *val = p->priority[off / 4];
    } else if (off >= PENDING_OFF && off < PENDING_OFF + 4u * PLIC_WORDS) {
        *val = p->pending[(off - PENDING_OFF) / 4];
    } else if (off >= ENABLE_OFF && off < CONTEXT_OFF) {
        uint64_t ctx = (off - ENABLE_OFF) / ENABLE_STRIDE, w = (off % ENABLE_STRIDE) / 4;
        if (ctx < (uint64_t)nctx(p) && w < PLIC_WORDS)
            *val = p->enable[ctx][w];
    } else if (off >= CONTEXT_OFF) {
        uint64_t ctx = (off - CONTEXT_OFF) / CONTEXT_STRIDE, reg = off % CONTEXT_STRIDE;
        if (ctx < (uint64_t)nctx(p)) {
            if (reg == 0)
                *val = p->threshold[ctx];
            else if (reg == 4)
                *val = claim(p, (int)ctx);
        }
    }
    return true;
}

static bool plic_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    struct plic *p = opaque;
    uint32_t v = (uint32_t)val;
    if (size != 4 || (off & 3))
        return false;
    if (off < 4u * PLIC_NSRC) {
        if (off >= 4)                           /* source 0 does not exist */
            p->priority[off / 4] = v & PLIC_MAX_PRIO;
    } else if (off >= ENABLE_OFF && off < CONTEXT_OFF) {
        uint64_t ctx = (off - ENABLE_OFF) / ENABLE_STRIDE, w = (off % ENABLE_STRIDE) / 4;
        if (ctx < (uint64_t)nctx(p) && w < PLIC_WORDS) {
            if (w == 0)
                v &= ~1u;                       /* source 0 */
            if (w == PLIC_WORDS - 1 && PLIC_NSRC % 32)
                v &= (1u << (PLIC_NSRC % 32)) - 1;
            p->enable[ctx][w] = v;
        }
    } else if (off >= CONTEXT_OFF) {
        uint64_t ctx = (off - CONTEXT_OFF) / CONTEXT_STRIDE, reg = off % CONTEXT_STRIDE;
        if (ctx < (uint64_t)nctx(p)) {
            if (reg == 0)
                p->threshold[ctx] = v & PLIC_MAX_PRIO;
            else if (reg == 4)
                complete(p, (int)ctx, v);
        }
    }
    /* pending bits are read-only; other space ignores writes */
    plic_update(p);
    return true;
}

void plic_init(struct plic *p, struct bus *bus)
{
    memset(p, 0, sizeof *p);
    p->bus = bus;
    for (int i = 0; i < PLIC_NSRC; i++)
        p->line[i] = (struct plic_line){ p, i };
    bus_add_dev(bus, &(struct mmio_dev){ .name = "plic", .base = PLIC_BASE,
        .size = PLIC_SIZE, .opaque = p, .read = plic_read, .write = plic_write });
    plic_update(p);
}
