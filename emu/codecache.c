/* The decoded-instruction cache (see codecache.h). */
#include "codecache.h"

#include <stddef.h>
#include <stdlib.h>

#include "bus.h"
#include "ftlb.h"
#include "hart.h"
#include "mem.h"

struct code_fuse code_fuse;

/* A slot that is not decoded yet: the next execution decodes it. */
static void slot_reset(struct dinsn *d)
{
    d->fn = exec_decode;
    dinsn_set_fop(d, FOP_CALL);
    d->rem = 0;
}

/* Whether the instruction in d ends its run: a jump or a branch, or one that calls its
 * handler (the run loop counts those one at a time). */
static bool ends_run(const struct dinsn *d)
{
    unsigned f = d->fop >> 1;
    return d->fop == FOP_CALL || f == FOP_JAL || f == FOP_JAL_FAR || f == FOP_JALR ||
           (f >= FOP_BEQ && f <= FOP_BGEU);
}

/* Slot k was reset: so are the decoded slots whose runs continue into it (their
 * counts included it, and a fused one ran it), and theirs in turn. */
static void reset_back(struct code_page *cp, unsigned k)
{
    for (unsigned w = 1; w <= 2 && w <= k; w++) {
        struct dinsn *p = &cp->slot[k - w];
        if (p->fn != exec_decode && p->len == 2 * w && !ends_run(p)) {
            slot_reset(p);
            reset_back(cp, k - w);
        }
    }
}

struct code_page *code_page_get(struct bus *bus, uint64_t paddr_page)
{
    struct mem_region *r = bus_region(bus, paddr_page, PAGE_SIZE);
    if (!r)
        return NULL;
    uint64_t idx = (paddr_page - r->base) >> PAGE_SHIFT;
    struct code_page *cp = r->code[idx];
    if (cp)
        return cp;
    cp = malloc(sizeof *cp);
    if (!cp)
        abort();
    cp->paddr = paddr_page;
    cp->host = r->host + (paddr_page - r->base);
    for (unsigned i = 0; i < SLOTS_PER_PAGE; i++)
        slot_reset(&cp->slot[i]);
    for (unsigned i = SLOTS_PER_PAGE; i < SLOTS_PER_PAGE + 2; i++) {
        cp->slot[i].fn = NULL;
        cp->slot[i].rem = 0;
        dinsn_set_fop(&cp->slot[i], 2 * FOP_EXIT);
    }
    r->code[idx] = cp;
    for (int i = 0; i < bus->nharts; i++)
        ftlb_drop_stores_to(bus->harts[i], cp->host);
    return cp;
}

void code_invalidate(struct bus *bus, uint64_t paddr, uint64_t len)
{
    struct mem_region *r = bus_region(bus, paddr, len);
    if (!r)
        return;
    uint64_t start = paddr >= r->base + 2 ? paddr - 2 : r->base;
    uint64_t end = paddr + len;                  /* exclusive */
    for (uint64_t a = start & ~1ull; a < end; ) {
        uint64_t page = a & PAGE_MASK;
        struct code_page *cp = r->code[(page - r->base) >> PAGE_SHIFT];
        uint64_t stop = page + PAGE_SIZE < end ? page + PAGE_SIZE : end;
        if (cp) {
            for (uint64_t s = a; s < stop; s += 2)
                slot_reset(&cp->slot[(s & (PAGE_SIZE - 1)) >> 1]);
            reset_back(cp, (unsigned)(a & (PAGE_SIZE - 1)) >> 1);
            if (a + 2 < stop)
                reset_back(cp, (unsigned)((a + 2) & (PAGE_SIZE - 1)) >> 1);
        }
        a = stop;
        if (a & 1)
            a++;
    }
}

/* ---- decoding on first execution ---- */

bool code_decode(struct dinsn *slot, uint32_t raw, unsigned off)
{
    bool ok = insn_decode(raw, slot);
    unsigned f = slot->fop >> 1;
    bool rel = f == FOP_JAL || (f >= FOP_BEQ && f <= FOP_BGEU);
    if (rel && (uint64_t)((int64_t)off + slot->imm) >= PAGE_SIZE) {
        dinsn_set_fop(slot, f == FOP_JAL ? (uint8_t)(2 * FOP_JAL_FAR + (slot->len == 4))
                                         : FOP_CALL);
    } else if (rel) {
        slot->imm *= CODE_NEAR_SCALE;       /* |imm| < PAGE_SIZE: no overflow */
        slot->fn = exec_near;
    }
    slot->rem = slot->fop != FOP_CALL;
    return ok;
}

uint64_t exec_near(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    struct dinsn t = *d;
    t.imm /= CODE_NEAR_SCALE;
    return insn_table[d->op].fn(h, &t, pc);
}

static struct code_page *page_of_slot(const struct dinsn *d, uint64_t pc)
{
    const struct dinsn *first = d - ((pc & (PAGE_SIZE - 1)) >> 1);
    return (struct code_page *)((char *)first - offsetof(struct code_page, slot));
}

/* Decodes the instruction at page offset off into its slot; false when it is a 32-bit
 * instruction in the page's last parcel (it needs the next page: exec_straddle). */
static bool decode_at(struct code_page *cp, unsigned off)
{
    struct dinsn *slot = &cp->slot[off >> 1];
    uint32_t raw = (uint32_t)cp->host[off] | ((uint32_t)cp->host[off + 1] << 8);
    if ((raw & 3) == 3) {
        if (off == PAGE_SIZE - 2)
            return false;
        raw |= ((uint32_t)cp->host[off + 2] << 16) | ((uint32_t)cp->host[off + 3] << 24);
    }
    code_decode(slot, raw, off);
    return true;
}

/* Fuses the instruction at off with the next one (decoded: count_run) when the pair has
 * fused code and that pays; a pair never reaches past the page. next1 and next2: the
 * worth of the pairs from the next instruction on and from the one after it. Returns
 * the worth of the pairs from this instruction on. */
static unsigned fuse(struct code_page *cp, unsigned off, unsigned next1, unsigned next2);

/* Counts the run from the instruction at off (just decoded) on: decodes the
 * instructions after it up to the end of the run (a jump, a branch, one that calls its
 * handler, the end of the page, or a slot decoded before, whose count is known), sets
 * each one's count, and fuses the pairs among them, chosen from the end of the run
 * back so that the pairs from each instruction on are worth the most (a chained pair
 * more than a plain one: fuse), wherever the run is entered. A run longer than a count
 * can say is cut by running one of its instructions through its handler. */
static void count_run(struct code_page *cp, unsigned off)
{
    uint16_t chain[SLOTS_PER_PAGE], worth[SLOTS_PER_PAGE + 2];
    unsigned n = 0, after = 0;          /* after: the count of the slot after the chain */
    for (;;) {
        struct dinsn *d = &cp->slot[off >> 1];
        chain[n++] = (uint16_t)off;
        unsigned next = off + d->len;
        if (ends_run(d) || next >= PAGE_SIZE)
            break;
        struct dinsn *nx = &cp->slot[next >> 1];
        if (nx->fn != exec_decode) {
            after = nx->rem;
            break;
        }
        if (!decode_at(cp, next))
            break;
        off = next;
    }
    worth[n] = worth[n + 1] = 0;
    while (n--) {
        struct dinsn *d = &cp->slot[chain[n] >> 1];
        if (ends_run(d))
            after = d->fop != FOP_CALL;
        else if (after == UINT8_MAX) {
            dinsn_set_fop(d, FOP_CALL);
            after = 0;
        } else
            after++;
        d->rem = (uint8_t)after;
        worth[n] = (uint16_t)fuse(cp, chain[n], worth[n + 1], worth[n + 2]);
    }
}

bool code_decode_slot(struct code_page *cp, unsigned off)
{
    if (!decode_at(cp, off))
        return false;
    count_run(cp, off);
    return true;
}

/* What a pair is worth: a dispatch saved, and for a chained one a value handed over in a
 * host register rather than through the register file. */
enum { WORTH_PAIR = 2, WORTH_CHAINED = 3 };

static unsigned fuse(struct code_page *cp, unsigned off, unsigned next1, unsigned next2)
{
    struct dinsn *a = &cp->slot[off >> 1];
    int f1 = code_fuse.lab && a->fop != FOP_CALL ? code_fuse.first[a->fop >> 1] : -1;
    unsigned off2 = off + a->len;
    if (f1 < 0 || off2 >= PAGE_SIZE)
        return next1;
    struct dinsn *b = &cp->slot[off2 >> 1];
    int f2 = b->fop != FOP_CALL ? code_fuse.second[b->fop >> 1] : -1;
    if (f2 < 0)
        return next1;
    int chain = code_fuse_chain(a, b);
    const void *lab = code_fuse_lab(a, b, chain);
    if (lab == code_fuse_lab(a, b, FUSE_PLAIN))
        chain = FUSE_PLAIN;         /* a second that reads no rs2 */
    unsigned worth = (chain == FUSE_PLAIN ? WORTH_PAIR : WORTH_CHAINED) + next2;
    if (worth < next1)
        return next1;               /* the next one pairs better with the one after it */
    a->lab = lab;
    return worth;
}

uint64_t exec_decode(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    struct dinsn *slot = (struct dinsn *)d;
    struct code_page *cp = page_of_slot(d, pc);
    unsigned off = (unsigned)(pc & (PAGE_SIZE - 1));
    if (!code_decode_slot(cp, off)) {
        slot->fn = exec_straddle;
        return exec_straddle(h, slot, pc);
    }
    return slot->fn(h, slot, pc);
}

/* The first parcel's fetch was the block's; the second is a fetch (and ITLB access)
 * of its own. */
uint64_t exec_straddle(struct hart *h, const struct dinsn *d, uint64_t pc)
{
    struct code_page *cp = page_of_slot(d, pc);
    uint16_t hi;
    uint32_t lo = (uint32_t)cp->host[PAGE_SIZE - 2] | ((uint32_t)cp->host[PAGE_SIZE - 1] << 8);
    hart_stop(h);
    if (!mem_fetch_u16(h, pc, pc + 2, &hi))
        return h->pc;
    struct dinsn t;
    insn_decode(lo | ((uint32_t)hi << 16), &t);
    return t.fn(h, &t, pc);
}
