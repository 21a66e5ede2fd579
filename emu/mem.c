/* The slow paths of memory access: translation, PMP, misaligned accesses and MMIO.
 * What they have fully checked for a whole page they offer to the fast translation
 * cache (ftlb_fill). */
#include "mem.h"

#include "csr.h"

static const uint64_t access_fault[3] = { CAUSE_FETCH_ACCESS, CAUSE_LOAD_ACCESS,
                                          CAUSE_STORE_ACCESS };

/* Translation, PMP, and the access fault for what PMP refuses. */
static bool translate_pmp(struct hart *h, uint64_t pc, uint64_t va, int kind, int size,
                          uint64_t *pa)
{
    int priv = kind == ACC_FETCH ? h->priv : h->dpriv;
    if (!mmu_translate(h, pc, va, kind, priv, pa))
        return false;
    if (!pmp_allows(h, *pa, size, kind, priv)) {
        hart_trap(h, pc, access_fault[kind], va);
        return false;
    }
    return true;
}

bool mem_translate(struct hart *h, uint64_t pc, uint64_t va, int kind, int size, uint64_t *pa)
{
    if (kind != ACC_FETCH) {
        if (unlikely(h->dbg.nwatch))
            hart_dbg_check_watch(h, va, (uint64_t)size, kind == ACC_STORE);
        /* A data trigger's breakpoint comes before the access's faults. */
        if (unlikely(h->trig.armed & (kind == ACC_STORE ? TRIG_STORE : TRIG_LOAD)) &&
            trigger_check_data(h, pc, va, kind))
            return false;
    }
    return translate_pmp(h, pc, va, kind, size, pa);
}

/* Misaligned accesses are performed byte by byte, as QEMU does, after translating
 * each page they touch once (so the TLB model sees one access per page). */
static bool translate_span(struct hart *h, uint64_t pc, uint64_t va, int size, int kind,
                           uint64_t pas[8])
{
    uint64_t pa0, pa1 = 0;
    uint64_t last = va + (uint64_t)size - 1;
    if (unlikely(h->dbg.nwatch))
        hart_dbg_check_watch(h, va, (uint64_t)size, kind == ACC_STORE);
    if (!mem_translate(h, pc, va, kind, 1, &pa0))
        return false;
    bool two = (last & PAGE_MASK) != (va & PAGE_MASK);
    if (two && !translate_pmp(h, pc, last & PAGE_MASK, kind, 1, &pa1))
        return false;
    for (int i = 0; i < size; i++) {
        uint64_t a = va + (uint64_t)i;
        pas[i] = (two && (a & PAGE_MASK) != (va & PAGE_MASK))
                 ? pa1 + (a & (PAGE_SIZE - 1)) : pa0 + (uint64_t)i;
        if (!pmp_allows(h, pas[i], 1, kind, kind == ACC_FETCH ? h->priv : h->dpriv)) {
            hart_trap(h, pc, kind == ACC_LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS, va);
            return false;
        }
    }
    return true;
}

static bool load_bytes(struct hart *h, uint64_t pc, uint64_t va, int size, uint64_t *val)
{
    uint64_t pas[8], v = 0;
    if (!translate_span(h, pc, va, size, ACC_LOAD, pas))
        return false;
    for (int i = 0; i < size; i++) {
        uint64_t b;
        if (!bus_read(h->bus, pas[i], 1, &b)) {
            hart_trap(h, pc, CAUSE_LOAD_ACCESS, va);
            return false;
        }
        v |= b << (8 * i);
    }
    *val = v;
    return true;
}

bool mem_load_slow(struct hart *h, uint64_t pc, uint64_t va, int size, uint64_t *val)
{
    uint64_t pa;
    if (unlikely(h->tracer))
        trace_mem(h, va, 0, size, false);
    if (va & (uint64_t)(size - 1))
        return load_bytes(h, pc, va, size, val);
    struct ftlb_entry *e = ftlb_refill(h, ACC_LOAD, va);
    if (e) {
        ftlb_model_hit(&h->mmu, e, ACC_LOAD);
        *val = bus_load_host((const uint8_t *)(uintptr_t)(va + e->addend), size);
        return true;
    }
    if (!mem_translate(h, pc, va, ACC_LOAD, size, &pa))
        return false;
    /* Before the read: only RAM and ROM pages take fast entries, and reading them
     * changes nothing, while the read's host cache miss, started by the translation's
     * prefetch, has this bookkeeping to overlap. */
    ftlb_fill_data(h, ACC_LOAD, va, pa);
    if (!bus_read(h->bus, pa, size, val)) {
        hart_trap(h, pc, CAUSE_LOAD_ACCESS, va);
        return false;
    }
    return true;
}

bool mem_store_slow(struct hart *h, uint64_t pc, uint64_t va, int size, uint64_t val)
{
    uint64_t pa;
    if (unlikely(h->tracer))
        trace_mem(h, va, val, size, true);
    if (va & (uint64_t)(size - 1)) {
        /* Check every byte before writing any, so a fault leaves memory unchanged. */
        uint64_t pas[8];
        if (!translate_span(h, pc, va, size, ACC_STORE, pas))
            return false;
        for (int i = 0; i < size; i++)
            if (!bus_region(h->bus, pas[i], 1) && !bus_dev(h->bus, pas[i])) {
                hart_trap(h, pc, CAUSE_STORE_ACCESS, va);
                return false;
            }
        for (int i = 0; i < size; i++)
            if (!bus_write(h->bus, pas[i], 1, (val >> (8 * i)) & 0xff)) {
                hart_trap(h, pc, CAUSE_STORE_ACCESS, va);
                return false;
            }
        return true;
    }
    struct ftlb_entry *e = ftlb_refill(h, ACC_STORE, va);
    if (e) {
        ftlb_model_hit(&h->mmu, e, ACC_STORE);
        bus_store_host((uint8_t *)(uintptr_t)(va + e->addend), size, val);
        return true;
    }
    if (!mem_translate(h, pc, va, ACC_STORE, size, &pa))
        return false;
    if (!bus_write(h->bus, pa, size, val)) {
        hart_trap(h, pc, CAUSE_STORE_ACCESS, va);
        return false;
    }
    ftlb_fill_data(h, ACC_STORE, va, pa);
    return true;
}

int mem_fetch_fill(struct hart *h, uint64_t pc, struct ftlb_entry **out, uint64_t *pa_out)
{
    uint64_t pa;
    if (!mem_translate(h, pc, pc, ACC_FETCH, 2, &pa))
        return FETCH_TRAP;
    if (!bus_region(h->bus, pa, 2)) {
        hart_trap(h, pc, CAUSE_FETCH_ACCESS, pc);
        return FETCH_TRAP;
    }
    ftlb_fill(h, ACC_FETCH, pc, pa);
    *pa_out = pa;
    struct ftlb_entry *e = ftlb_slot(&h->ftlb, h->priv, ACC_FETCH, pc);
    if (e->tag != (pc & PAGE_MASK))
        return FETCH_SLOW;
    *out = e;
    return FETCH_OK;
}

bool mem_fetch_u16(struct hart *h, uint64_t pc, uint64_t va, uint16_t *out)
{
    uint64_t pa, v;
    if (!mem_translate(h, pc, va, ACC_FETCH, 2, &pa))
        return false;
    if (!bus_region(h->bus, pa, 2)) {
        hart_trap(h, pc, CAUSE_FETCH_ACCESS, va);
        return false;
    }
    bus_read(h->bus, pa, 2, &v);
    *out = (uint16_t)v;
    return true;
}
