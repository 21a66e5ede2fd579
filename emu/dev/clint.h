/* CLINT (SiFive-compatible core-local interruptor): msip, mtimecmp and mtime with a
 * 10 MHz timebase, driving MSIP and MTIP of each hart. */
#ifndef PAGODA_CLINT_H
#define PAGODA_CLINT_H

#include <stdint.h>

#include "../bus.h"
#include "../clock.h"

#define CLINT_BASE 0x02000000ull
#define CLINT_SIZE 0x10000ull

struct clint {
    struct bus *bus;
    struct clock *clock;
    uint32_t msip[BUS_MAX_HARTS];
    uint64_t mtimecmp[BUS_MAX_HARTS];
};

/* Resets the registers (msip 0, mtimecmp never, as each hart is told) and maps the
 * device on the bus. */
void clint_init(struct clint *c, struct bus *bus, struct clock *clock);

#endif
