/* plic.c — the PLIC, as on QEMU virt: priorities at +4*irq, enables at
 * +0x2000 + 0x80*ctx, threshold and claim/complete at +0x200000 + 0x1000*ctx. Hart h's
 * S-mode context is 2*h + 1. Every source the kernel uses is enabled in the S context
 * of every hart: the PLIC signals all of them, and the first to claim it handles it
 * (the others' claims return 0). */
#include "kernel.h"
#include "plic.h"
#include "smp.h"

static volatile uint32_t *plic;
static uint32_t enabled[NR_IRQS / 32 + 1];   /* the sources enabled so far */

static volatile uint32_t *reg(uint64_t offset)
{
    return (volatile uint32_t *)((uint8_t *)plic + offset);
}

static uint64_t s_context(uint64_t hartid)
{
    return 2 * hartid + 1;
}

static void enable_on(uint64_t hartid, uint32_t irq)
{
    *reg(0x2000 + 0x80 * s_context(hartid) + 4 * (irq / 32)) |= 1u << (irq % 32);
}

void plic_init(uint64_t pa, uint64_t hartid)
{
    plic = P2V(pa);
    plic_init_hart(hartid);
}

/* A hart's own context: every priority taken, and the sources enabled so far. */
void plic_init_hart(uint64_t hartid)
{
    if (!plic)
        return;
    *reg(0x200000 + 0x1000 * s_context(hartid)) = 0;
    for (uint32_t irq = 1; irq < NR_IRQS; irq++)
        if (enabled[irq / 32] & (1u << (irq % 32)))
            enable_on(hartid, irq);
}

/* Before the other harts start (they copy the set when they come up). */
void plic_enable(uint32_t irq)
{
    if (irq >= NR_IRQS)
        return;
    *reg(4 * irq) = 1;
    enabled[irq / 32] |= 1u << (irq % 32);
    enable_on(mycpu()->hartid, irq);
}

uint32_t plic_claim(void)
{
    return *reg(0x200004 + 0x1000 * s_context(mycpu()->hartid));
}

void plic_complete(uint32_t irq)
{
    *reg(0x200004 + 0x1000 * s_context(mycpu()->hartid)) = irq;
}
