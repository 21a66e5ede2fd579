/* Loads, stores and fetches on the hot path: a hit in the fast translation cache is
 * a compare and an add; everything else goes to the out-of-line slow path. */
#ifndef PAGODA_MEM_H
#define PAGODA_MEM_H

#include <string.h>

#include "hart.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

static inline bool mem_load(struct hart *h, uint64_t pc, uint64_t va, int size,
                            uint64_t *val)
{
    struct ftlb_entry *e = ftlb_slot(&h->ftlb, h->dpriv, ACC_LOAD, va);
    if (likely(ftlb_data_hit(&h->mmu, e, va, size, ACC_LOAD))) {
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
    struct ftlb_entry *e = ftlb_slot(&h->ftlb, h->dpriv, ACC_STORE, va);
    if (likely(ftlb_data_hit(&h->mmu, e, va, size, ACC_STORE))) {
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
