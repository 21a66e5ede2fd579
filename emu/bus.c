/* Physical address space: memory regions and MMIO dispatch. */
#include "bus.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "codecache.h"
#include "riscv.h"

bool bus_init(struct bus *b, uint64_t ram_base, uint64_t ram_size)
{
    memset(b, 0, sizeof *b);
    b->current = -1;
    void *p = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return false;
    /* Guest RAM in host huge pages where the host allows it (transparent huge pages in
     * madvise mode): a guest that touches pages all over its RAM would otherwise miss
     * in the host's TLB on nearly every access. Advice only; failure changes nothing. */
#ifdef MADV_HUGEPAGE
    madvise(p, ram_size, MADV_HUGEPAGE);
#endif
    b->ram = (struct mem_region){ .name = "ram", .base = ram_base, .size = ram_size,
                                  .host = p };
    b->ram.code = calloc(ram_size / PAGE_SIZE, sizeof *b->ram.code);
    if (!b->ram.code) {
        munmap(p, ram_size);
        errno = ENOMEM;
        return false;
    }
    return true;
}

static void free_code(struct mem_region *r)
{
    if (!r->code)
        return;
    for (uint64_t i = 0; i < r->size / PAGE_SIZE; i++)
        free(r->code[i]);
    free(r->code);
}

void bus_free(struct bus *b)
{
    free_code(&b->ram);
    free_code(&b->rom);
    if (b->ram.host)
        munmap(b->ram.host, b->ram.size);
    free(b->rom.host);
    memset(b, 0, sizeof *b);
}

void bus_set_rom(struct bus *b, uint64_t base, const void *data, uint64_t size)
{
    uint64_t rsize = (size + PAGE_SIZE - 1) & PAGE_MASK;
    free(b->rom.host);
    free(b->rom.code);
    b->rom = (struct mem_region){ .name = "rom", .base = base, .size = rsize,
                                  .readonly = true };
    b->rom.host = calloc(1, rsize);
    b->rom.code = calloc(rsize / PAGE_SIZE, sizeof *b->rom.code);
    if (!b->rom.host || !b->rom.code)
        abort();
    memcpy(b->rom.host, data, size);
}

void bus_add_dev(struct bus *b, const struct mmio_dev *d)
{
    if (b->ndevs == BUS_MAX_DEVS)
        abort();
    b->devs[b->ndevs++] = *d;
}

struct mem_region *bus_region(struct bus *b, uint64_t pa, uint64_t size)
{
    if (pa - b->ram.base < b->ram.size && size <= b->ram.size - (pa - b->ram.base))
        return &b->ram;
    if (b->rom.host && pa - b->rom.base < b->rom.size &&
        size <= b->rom.size - (pa - b->rom.base))
        return &b->rom;
    return NULL;
}

struct mmio_dev *bus_dev(struct bus *b, uint64_t pa)
{
    for (int i = 0; i < b->ndevs; i++)
        if (pa - b->devs[i].base < b->devs[i].size)
            return &b->devs[i];
    return NULL;
}

bool bus_read(struct bus *b, uint64_t pa, int size, uint64_t *val)
{
    struct mem_region *r = bus_region(b, pa, size);
    if (r) {
        *val = bus_load_host(r->host + (pa - r->base), size);
        return true;
    }
    struct mmio_dev *d = bus_dev(b, pa);
    if (!d || pa + size - d->base > d->size || !d->read)
        return false;
    return d->read(d->opaque, pa - d->base, size, val);
}

/* Breaks the reservations of harts other than writer on the doublewords that
 * [pa, pa+len) touches. */
static void break_reservations(struct bus *b, uint64_t pa, uint64_t len, int writer)
{
    for (uint32_t m = bus_others_reservations(b, writer); m; m &= m - 1) {
        int i = __builtin_ctz(m);
        uint64_t dw = b->resv_addr[i] & ~7ull;      /* the reserved doubleword */
        if (pa < dw + 8 && dw < pa + len)
            bus_unreserve(b, i);
    }
}

bool bus_write(struct bus *b, uint64_t pa, int size, uint64_t val)
{
    struct mem_region *r = bus_region(b, pa, size);
    if (r) {
        if (r->readonly)
            return false;
        bus_store_host(r->host + (pa - r->base), size, val);
        code_invalidate(b, pa, (uint64_t)size);
        if (bus_others_reservations(b, b->current))
            break_reservations(b, pa, (uint64_t)size, b->current);
        if (bus_watched(b, pa, size))
            b->watch_fn(b->watch_ctx);
        return true;
    }
    struct mmio_dev *d = bus_dev(b, pa);
    if (!d || pa + size - d->base > d->size || !d->write)
        return false;
    return d->write(d->opaque, pa - d->base, size, val);
}

void bus_stored(struct bus *b, uint64_t pa, uint64_t len, int writer)
{
    code_invalidate(b, pa, len);
    break_reservations(b, pa, len, writer);
}

bool bus_copy_in(struct bus *b, uint64_t pa, const void *src, uint64_t len)
{
    if (len == 0)
        return true;
    struct mem_region *r = bus_region(b, pa, len);
    if (!r)
        return false;
    memcpy(r->host + (pa - r->base), src, len);
    bus_stored(b, pa, len, -1);
    return true;
}

bool bus_copy_out(struct bus *b, uint64_t pa, void *dst, uint64_t len)
{
    if (len == 0)
        return true;
    struct mem_region *r = bus_region(b, pa, len);
    if (!r)
        return false;
    memcpy(dst, r->host + (pa - r->base), len);
    return true;
}
