/* CLINT registers: msip at +0 (4 bytes per hart), mtimecmp at +0x4000 (8 bytes per
 * hart), mtime at +0xbff8. 32-bit halves of the 64-bit registers are accessible. msip
 * drives the hart's MSIP line; mtimecmp is its machine timer's deadline, which the
 * hart keeps (irq.h). */
#include "clint.h"

#include "../irq.h"
#include "../riscv.h"

#define MSIP_OFF     0x0000
#define MTIMECMP_OFF 0x4000
#define MTIME_OFF    0xbff8

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
        hart_set_irq(c->bus->harts[i], IRQ_MSI, c->msip[i]);
        if (c->msip[i] && c->bus->current >= 0 && c->bus->current != i)
            hart_ipi_from_another(c->bus->harts[i]);
    } else if (off >= MTIMECMP_OFF && off < MTIMECMP_OFF + 8u * BUS_MAX_HARTS) {
        int i = (int)((off - MTIMECMP_OFF) / 8);
        if (i >= c->bus->nharts)
            return false;
        c->mtimecmp[i] = part_write(c->mtimecmp[i], off & 7, size, val);
        hart_set_timer_deadline(c->bus->harts[i], c->mtimecmp[i]);
    } else if (off >= MTIME_OFF && off < MTIME_OFF + 8) {
        clock_set_mtime(c->clock, part_write(clock_mtime(c->clock), off & 7, size, val));
        for (int i = 0; i < c->bus->nharts; i++)
            hart_timers_changed(c->bus->harts[i]);
    }
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
    for (int i = 0; i < bus->nharts; i++) {
        hart_set_irq(bus->harts[i], IRQ_MSI, false);
        hart_set_timer_deadline(bus->harts[i], UINT64_MAX);
    }
    bus_add_dev(bus, &(struct mmio_dev){ .name = "clint", .base = CLINT_BASE,
        .size = CLINT_SIZE, .opaque = c, .read = clint_read, .write = clint_write });
}
