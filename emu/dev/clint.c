/* CLINT registers: msip at +0 (4 bytes per hart), mtimecmp at +0x4000 (8 bytes per
 * hart), mtime at +0xbff8. 32-bit halves of the 64-bit registers are accessible. */
#include "clint.h"

#include "../hart.h"

#define MSIP_OFF     0x0000
#define MTIMECMP_OFF 0x4000
#define MTIME_OFF    0xbff8

void clint_update(struct clint *c)
{
    uint64_t now = clock_mtime(c->clock);
    for (int i = 0; i < c->bus->nharts; i++) {
        struct hart *h = c->bus->harts[i];
        uint64_t hw = h->mip_hw & ~((1ull << IRQ_MTI) | (1ull << IRQ_MSI) | (1ull << IRQ_STI));
        if (now >= c->mtimecmp[i])
            hw |= 1ull << IRQ_MTI;
        if (c->msip[i] & 1)
            hw |= 1ull << IRQ_MSI;
        /* Sstc: stimecmp drives STIP when menvcfg.STCE is set. */
        if ((h->menvcfg >> 63) && now >= h->stimecmp)
            hw |= 1ull << IRQ_STI;
        if (hw != h->mip_hw) {
            h->mip_hw = hw;
            hart_stop(h);
        }
    }
}

uint64_t clint_next_deadline(const struct clint *c)
{
    uint64_t t = UINT64_MAX;
    for (int i = 0; i < c->bus->nharts; i++) {
        struct hart *h = c->bus->harts[i];
        if (c->mtimecmp[i] < t)
            t = c->mtimecmp[i];
        if ((h->menvcfg >> 63) && h->stimecmp < t)
            t = h->stimecmp;
    }
    return t;
}

/* Reads or merges `size` bytes at byte offset `at` of a 64-bit register. */
static uint64_t part_read(uint64_t reg, uint64_t at, int size)
{
    uint64_t v = reg >> (8 * at);
    return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
}
static uint64_t part_write(uint64_t reg, uint64_t at, int size, uint64_t val)
{
    if (size == 8)
        return val;
    uint64_t mask = ((1ull << (8 * size)) - 1) << (8 * at);
    return (reg & ~mask) | ((val << (8 * at)) & mask);
}

static bool clint_read(void *opaque, uint64_t off, int size, uint64_t *val)
{
    struct clint *c = opaque;
    if (off < MSIP_OFF + 4u * BUS_MAX_HARTS) {
        int i = (int)(off / 4);
        if (size > 4 || i >= c->bus->nharts)
            return false;
        *val = part_read(c->msip[i], off & 3, size);
        return true;
    }
    if (off >= MTIMECMP_OFF && off < MTIMECMP_OFF + 8u * BUS_MAX_HARTS) {
        int i = (int)((off - MTIMECMP_OFF) / 8);
        if (i >= c->bus->nharts)
            return false;
        *val = part_read(c->mtimecmp[i], off & 7, size);
        return true;
    }
    if (off >= MTIME_OFF && off < MTIME_OFF + 8) {
        *val = part_read(clock_mtime(c->clock), off & 7, size);
        return true;
    }
    *val = 0;   /* reserved space reads as zero, as on QEMU */
    return true;
}

static bool clint_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    struct clint *c = opaque;
    if (off < MSIP_OFF + 4u * BUS_MAX_HARTS) {
        int i = (int)(off / 4);
        if (size > 4 || i >= c->bus->nharts)
            return false;
        c->msip[i] = (uint32_t)part_write(c->msip[i], off & 3, size, val) & 1;
    } else if (off >= MTIMECMP_OFF && off < MTIMECMP_OFF + 8u * BUS_MAX_HARTS) {
        int i = (int)((off - MTIMECMP_OFF) / 8);
        if (i >= c->bus->nharts)
            return false;
        c->mtimecmp[i] = part_write(c->mtimecmp[i], off & 7, size, val);
        c->bus->harts[i]->reschedule = true;     /* recompute the slice to the deadline */
        hart_stop(c->bus->harts[i]);
    } else if (off >= MTIME_OFF && off < MTIME_OFF + 8) {
        clock_set_mtime(c->clock, part_write(clock_mtime(c->clock), off & 7, size, val));
        for (int i = 0; i < c->bus->nharts; i++) {
            c->bus->harts[i]->reschedule = true;
            hart_stop(c->bus->harts[i]);
        }
    }
    clint_update(c);
    return true;
}

void clint_init(struct clint *c, struct bus *bus, struct clock *clock)
{
    c->bus = bus;
    c->clock = clock;
    for (int i = 0; i < BUS_MAX_HARTS; i++) {
        c->msip[i] = 0;
        c->mtimecmp[i] = UINT64_MAX;
    }
    bus_add_dev(bus, &(struct mmio_dev){ .name = "clint", .base = CLINT_BASE,
        .size = CLINT_SIZE, .opaque = c, .read = clint_read, .write = clint_write });
}
