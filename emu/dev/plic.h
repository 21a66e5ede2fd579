/* PLIC (SiFive platform-level interrupt controller) with QEMU virt's layout: sources
 * 1..95, 3-bit priorities, two contexts per hart (2h: M-mode → MEIP, 2h+1: S-mode →
 * SEIP). Each signal from a device sets or clears its source's pending bit, as
 * QEMU's model does; claim clears it and complete only releases the claim. */
#ifndef PAGODA_PLIC_H
#define PAGODA_PLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"

#define PLIC_BASE     0x0c000000ull
#define PLIC_SIZE     0x600000ull          /* QEMU virt: room for 512 harts' contexts */
#define PLIC_NSRC     96                   /* source 0 does not exist: riscv,ndev = 95 */
#define PLIC_WORDS    ((PLIC_NSRC + 31) / 32)
#define PLIC_MAX_PRIO 7
#define PLIC_NCTX     (2 * BUS_MAX_HARTS)

/* Sources wired on the virt board. */
#define PLIC_IRQ_VIRTIO(slot) (1 + (slot))
#define PLIC_IRQ_UART         10

struct plic;

/* One interrupt line: what a device's irq callback is given as its context. */
struct plic_line {
    struct plic *plic;
    int src;
};

struct plic {
    struct bus *bus;
    uint32_t priority[PLIC_NSRC];
    uint32_t pending[PLIC_WORDS];    /* the last signal was high, and not yet claimed */
    uint32_t claimed[PLIC_WORDS];    /* claimed and not yet completed: not offered */
    uint32_t enable[PLIC_NCTX][PLIC_WORDS];
    uint32_t threshold[PLIC_NCTX];
    struct plic_line line[PLIC_NSRC];
};

/* Resets the controller (every register 0, lines low) and maps it on the bus. */
void plic_init(struct plic *p, struct bus *bus);
/* Signals source src (1..PLIC_NSRC-1; others are ignored): high makes it pending,
 * low withdraws a pending request. */
void plic_set_irq(struct plic *p, int src, bool level);
/* The same as a device callback: ctx is plic_line(p, src). */
void plic_irq(void *ctx, bool level);
static inline struct plic_line *plic_line(struct plic *p, int src) { return &p->line[src]; }

#endif
