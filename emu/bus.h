/* The physical address space: RAM and ROM regions backed by host memory, and MMIO
 * devices. Every access from the hart, the debugger and DMA goes through here. */
#ifndef PAGODA_BUS_H
#define PAGODA_BUS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "riscv.h"

struct code_page;
struct hart;

struct mem_region {
    const char *name;
    uint64_t base, size;
    uint8_t *host;
    bool readonly;
    struct code_page **code;  /* decoded pages, one pointer per 4 KiB page, lazy */
};

struct mmio_dev {
    const char *name;
    uint64_t base, size;
    void *opaque;
    /* Return false for an access the device rejects (→ access fault). */
    bool (*read)(void *opaque, uint64_t off, int size, uint64_t *val);
    bool (*write)(void *opaque, uint64_t off, int size, uint64_t val);
};

#define BUS_MAX_DEVS 32
#define BUS_MAX_HARTS 8

struct bus {
    struct mem_region ram, rom;
    struct mmio_dev devs[BUS_MAX_DEVS];
    int ndevs;
    struct hart *harts[BUS_MAX_HARTS];    /* by index: hart i is the i-th created */
    int nharts;
    int current;              /* the index of the hart whose instruction runs, or -1 */
    /* LR reservations, by hart index: bit i of resv_mask says hart i holds one, at the
     * physical address resv_addr[i] (an SC must name it); the doubleword holding it is
     * the reservation set: a store to it by anyone else breaks the reservation. The
     * mask lets a store with no other hart's reservation about cost one test. */
    uint32_t resv_mask;
    uint64_t resv_addr[BUS_MAX_HARTS];
    /* A watched memory range (HTIF tohost): stores to it call watch_fn, and the fast
     * store path never covers its page. */
    uint64_t watch_pa, watch_len;
    void (*watch_fn)(void *ctx);
    void *watch_ctx;
    struct cov *cov;          /* --cov: the S-mode pcs executed (cov.h), or NULL */
};

static inline bool bus_watched(const struct bus *b, uint64_t pa, uint64_t len)
{
    return b->watch_len && pa < b->watch_pa + b->watch_len && b->watch_pa < pa + len;
}

/* Creates RAM of ram_size bytes at ram_base (host mmap, zero, touched lazily).
 * Returns false with errno set when the host refuses the mapping. */
bool bus_init(struct bus *b, uint64_t ram_base, uint64_t ram_size);
void bus_free(struct bus *b);
void bus_set_rom(struct bus *b, uint64_t base, const void *data, uint64_t size);
void bus_add_dev(struct bus *b, const struct mmio_dev *d);

/* Host pointer for [pa, pa+size) when it lies inside one memory region, else NULL. */
struct mem_region *bus_region(struct bus *b, uint64_t pa, uint64_t size);
static inline uint8_t *bus_host(struct bus *b, uint64_t pa, uint64_t size)
{
    struct mem_region *r = bus_region(b, pa, size);
    return r ? r->host + (pa - r->base) : 0;
}
struct mmio_dev *bus_dev(struct bus *b, uint64_t pa);

/* A little-endian load or store of 1, 2, 4 or 8 bytes at host address p (Pagoda
 * assumes a little-endian host throughout). */
static inline uint64_t bus_load_host(const uint8_t *p, int size)
{
    switch (size) {
    case 1: return *p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}
static inline void bus_store_host(uint8_t *p, int size, uint64_t v)
{
    switch (size) {
    case 1: *p = (uint8_t)v; break;
    case 2: { uint16_t t = (uint16_t)v; memcpy(p, &t, 2); break; }
    case 4: { uint32_t t = (uint32_t)v; memcpy(p, &t, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}
/* Asks the host to bring the RAM line at pa into its cache (nothing for other
 * addresses): the slow path calls it as soon as a translation is known, so the guest
 * access's host cache miss overlaps the model's bookkeeping. */
static inline void bus_prefetch(const struct bus *b, uint64_t pa)
{
    if (pa - b->ram.base < b->ram.size)
        __builtin_prefetch(b->ram.host + (pa - b->ram.base));
}

/* Physical reads/writes of 1, 2, 4 or 8 bytes (memory or MMIO). False = access fault. */
bool bus_read(struct bus *b, uint64_t pa, int size, uint64_t *val);
bool bus_write(struct bus *b, uint64_t pa, int size, uint64_t val);

/* Everything a write of len bytes at pa into memory must undo, whoever made it:
 * decoded instructions it overlaps, and the reservations of every hart but writer (a
 * hart index, or -1 for none: DMA, the loader, a debugger) on the doublewords it
 * touches. The fast store path never covers a page another hart has reserved in
 * (ftlb.c), so every store that could break a reservation comes here. */
void bus_stored(struct bus *b, uint64_t pa, uint64_t len, int writer);

/* LR/SC reservations (resv_mask above). */
static inline void bus_reserve(struct bus *b, int hart, uint64_t pa)
{
    b->resv_addr[hart] = pa;
    b->resv_mask |= 1u << hart;
}
static inline void bus_unreserve(struct bus *b, int hart)
{
    b->resv_mask &= ~(1u << hart);
}
static inline bool bus_reserved(const struct bus *b, int hart)
{
    return b->resv_mask >> hart & 1;
}
/* The reservations held by harts other than `self` (-1: by any hart), as a mask. */
static inline uint32_t bus_others_reservations(const struct bus *b, int self)
{
    return self < 0 ? b->resv_mask : b->resv_mask & ~(1u << self);
}
/* Whether a hart other than `self` holds a reservation in the page at page_pa. */
static inline bool bus_page_reserved_by_other(const struct bus *b, uint64_t page_pa, int self)
{
    for (uint32_t m = bus_others_reservations(b, self); m; m &= m - 1)
        if ((b->resv_addr[__builtin_ctz(m)] & PAGE_MASK) == page_pa)
            return true;
    return false;
}

/* Bulk copies to and from memory regions (loader, DMA, debugger): no MMIO. Writes
 * count as stores by no hart (bus_stored). False when any byte is outside memory. */
bool bus_copy_in(struct bus *b, uint64_t pa, const void *src, uint64_t len);
bool bus_copy_out(struct bus *b, uint64_t pa, void *dst, uint64_t len);

#endif
