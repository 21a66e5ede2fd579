/* PLIC, CLINT, UART and the trace device: sequences of register reads and writes
 * through the bus (so MMIO dispatch is part of it), interleaved with device lines
 * raised and lowered, received UART bytes and time passing, against one hart whose
 * interrupt lines they drive. After each step the hart's view must agree with the
 * devices': MEIP/SEIP are high exactly when the PLIC has something to offer its
 * context, and MSIP follows the CLINT's msip word.
 *
 * Input: a sequence of 12-byte operations (op, device, offset u16, value u64). */
#include <stdio.h>
#include <stdlib.h>

#include "bus.h"
#include "clock.h"
#include "dev/clint.h"
#include "dev/plic.h"
#include "dev/trace.h"
#include "dev/uart.h"
#include "fuzz.h"
#include "hart.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (64ull << 10)
#define MAX_OPS 512

struct rig {
    struct bus bus;
    struct hart *h;
    struct clock clock;
    struct clint clint;
    struct plic plic;
    struct uart uart;
    struct trace_dev trace;
    unsigned tx_bytes;
};

static void count_tx(void *ctx, uint8_t byte) { (void)byte; ((struct rig *)ctx)->tx_bytes++; }

static uint64_t rig_time(void *ctx) { return clock_mtime(ctx); }
static uint64_t rig_retired(void *ctx) { return ((struct hart *)ctx)->instret; }

static const struct { uint64_t base, size; } devs[4] = {
    { PLIC_BASE, PLIC_SIZE }, { CLINT_BASE, CLINT_SIZE }, { UART_BASE, UART_SIZE },
    { TRACE_BASE, TRACE_SIZE },
};

/* A register offset that is usually one the device has: the PLIC's are spread over
 * 6 MiB, so the fuzzer's 16 bits pick the region (priorities, pending, enables,
 * context registers) and the offset within it. */
static uint64_t pick_offset(int dev, uint16_t v)
{
    if (dev == 0) {
        static const uint64_t region[4] = { 0, 0x1000, 0x2000, 0x200000 };
        uint64_t r = region[v >> 14], off = v & 0x3fff;
        if (r == 0x2000)            /* enables: 0x80 per context */
            off = (off >> 7) * 0x80 + (off & 0x7f);
        if (r == 0x200000)          /* threshold/claim: 0x1000 per context */
            off = (off >> 4) * 0x1000 + (off & 0xf);
        return r + off;
    }
    if (dev == 1) {
        static const uint64_t region[4] = { 0, 0x4000, 0xbff8, 0x8000 };
        return region[v >> 14] + (v & 0x3fff) % 0x40;
    }
    return v % devs[dev].size;
}

/* The PLIC offers context ctx an interrupt. */
static bool plic_offers(const struct plic *p, int ctx)
{
    for (int s = 1; s < PLIC_NSRC; s++) {
        uint32_t bit = 1u << (s % 32);
        int w = s / 32;
        if ((p->pending[w] & bit) && !(p->claimed[w] & bit) && (p->enable[ctx][w] & bit) &&
            p->priority[s] > p->threshold[ctx])
            return true;
    }
    return false;
}

static void check(const struct rig *r)
{
    uint64_t hw = r->h->mip_hw;
    bool meip = (hw >> IRQ_MEI) & 1, seip = (hw >> IRQ_SEI) & 1, msip = (hw >> IRQ_MSI) & 1;
    if (meip != plic_offers(&r->plic, 0) || seip != plic_offers(&r->plic, 1) ||
        msip != (r->clint.msip[0] & 1)) {
        fprintf(stderr, "fuzz_devices: hart lines MEIP %d SEIP %d MSIP %d, devices say "
                        "%d %d %d\n", meip, seip, msip, plic_offers(&r->plic, 0),
                plic_offers(&r->plic, 1), (int)(r->clint.msip[0] & 1));
        abort();
    }
}

/* One hart for every input (making one costs more than a short input's run): the
 * devices are made anew on a bus emptied of them, and the hart's lines reset. */
static struct rig *rig_get(void)
{
    static struct rig *r;
    if (!r) {
        if (!(r = calloc(1, sizeof *r)) || !bus_init(&r->bus, RAM_BASE, RAM_SIZE))
            abort();
        r->h = hart_new(&r->bus, 0);
        clock_init(&r->clock, true, rig_retired, r->h);
        r->h->read_time = rig_time;
        r->h->time_ctx = &r->clock;
    } else {
        trace_dev_free(&r->trace);
    }
    r->bus.ndevs = 0;
    r->h->instret = 0;
    r->h->mip_hw = 0;
    clint_init(&r->clint, &r->bus, &r->clock);
    plic_init(&r->plic, &r->bus);
    uart_init(&r->uart, &r->bus);
    r->uart.tx = count_tx;
    r->uart.tx_ctx = r;
    r->uart.irq = plic_irq;
    r->uart.irq_ctx = plic_line(&r->plic, PLIC_IRQ_UART);
    trace_dev_init(&r->trace, &r->bus);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdata f = { data, size };
    struct rig *r = rig_get();
    for (int n = 0; n < MAX_OPS && fd_more(&f); n++) {
        uint8_t op = fd_u8(&f), dev = fd_u8(&f) % 4;
        uint16_t off16 = fd_u16(&f);
        uint64_t val = fd_u64(&f);
        uint64_t pa = devs[dev].base + pick_offset(dev, off16);
        int sz = 1 << (op >> 6);
        switch (op & 7) {
        case 0: case 1: case 2: {
            uint64_t v;
            bus_read(&r->bus, pa, sz, &v);
            break;
        }
        case 3: case 4: case 5:
            bus_write(&r->bus, pa, sz, val);
            break;
        case 6: {                               /* a device line, or received bytes */
            if (op & 8) {
                uint8_t bytes[8];
                memcpy(bytes, &val, 8);
                unsigned k = (op >> 4) & 7, room = uart_rx_room(&r->uart);
                uart_push_input(&r->uart, bytes, k < room ? k : room);
            } else {
                plic_set_irq(&r->plic, off16 % (PLIC_NSRC + 4), val & 1);
            }
            break;
        }
        case 7:                                 /* time passes */
            r->h->instret += val & 0xfffff;
            hart_update_timers(r->h);
            break;
        }
        check(r);
    }
    return 0;
}
