/* Loads, stores and fetches on the hot path: a hit in the fast translation cache is
 * a compare and an add; everything else goes to the out-of-line slow path. */
#ifndef PAGODA_MEM_H
#define PAGODA_MEM_H

#include <string.h>

#include "hart.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

static inline struct ftlb_entry *ftlb_slot(struct hart *h, int priv, int kind,
                                           uint64_t va)
{
    return &h->ftlb[priv][kind][(va >> PAGE_SHIFT) & (FTLB_SIZE - 1)];
}

/* A fast hit on a translated page is a hit in the modelled L1 TLB behind it: count it
 * and update the replacement state, exactly as the slow path would. */
static inline void ftlb_model_hit(struct hart *h, const struct ftlb_entry *e, int kind)
{
    struct tlb *t = &h->mmu.tlbs.tlb[kind == ACC_FETCH ? TLB_I : TLB_D];
    t->c.accesses++;
    t->c.hits++;
    if (kind == ACC_STORE)          /* a constant at every call site */
        h->mmu.c.dtlb_store_accesses++;
    if (t->cfg.policy == POLICY_LRU)
        e->model->stamp = ++h->mmu.tick;
    else if (t->cfg.policy == POLICY_PLRU)
        tlb_touch(t, e->model, ++h->mmu.tick);
    else
        e->model->used = ++h->mmu.tick;
}

/* The tag compare folds in the alignment check: a misaligned address never matches. */
static inline bool mem_load(struct hart *h, uint64_t pc, uint64_t va, int size,
                            uint64_t *val)
{
    struct ftlb_entry *e = ftlb_slot(h, h->dpriv, ACC_LOAD, va);
    if (likely(e->tag == (va & (PAGE_MASK | (uint64_t)(size - 1))))) {
        if (e->model)
            ftlb_model_hit(h, e, ACC_LOAD);
        const void *p = (const void *)(uintptr_t)(va + e->addend);
        switch (size) {
        case 1: *val = *(const uint8_t *)p; break;
        case 2: { uint16_t t; memcpy(&t, p, 2); *val = t; break; }
        case 4: { uint32_t t; memcpy(&t, p, 4); *val = t; break; }
        default: memcpy(val, p, 8); break;
        }
        return true;
    }
    return mem_load_slow(h, pc, va, size, val);
}

static inline bool mem_store(struct hart *h, uint64_t pc, uint64_t va, int size,
                             uint64_t val)
{
    struct ftlb_entry *e = ftlb_slot(h, h->dpriv, ACC_STORE, va);
    if (likely(e->tag == (va & (PAGE_MASK | (uint64_t)(size - 1))))) {
        if (e->model)
            ftlb_model_hit(h, e, ACC_STORE);
        void *p = (void *)(uintptr_t)(va + e->addend);
        switch (size) {
        case 1: *(uint8_t *)p = (uint8_t)val; break;
        case 2: { uint16_t t = (uint16_t)val; memcpy(p, &t, 2); break; }
        case 4: { uint32_t t = (uint32_t)val; memcpy(p, &t, 4); break; }
        default: memcpy(p, &val, 8); break;
        }
        return true;
    }
    return mem_store_slow(h, pc, va, size, val);
}

#endif
