/* plic.c — the PLIC, as on QEMU virt: priorities at +4*irq, enables at
 * +0x2000 + 0x80*ctx, threshold and claim/complete at +0x200000 + 0x1000*ctx. The
 * kernel uses the S-mode context of its hart, 2*hartid + 1. */
#include "kernel.h"
#include "plic.h"

static volatile uint32_t *plic;
static uint64_t context;

static volatile uint32_t *reg(uint64_t offset)
{
    return (volatile uint32_t *)((uint8_t *)plic + offset);
}

void plic_init(uint64_t pa, uint64_t hartid)
{
    plic = P2V(pa);
    context = 2 * hartid + 1;
    *reg(0x200000 + 0x1000 * context) = 0;     /* threshold: take every priority */
}

void plic_enable(uint32_t irq)
{
    *reg(4 * irq) = 1;
    *reg(0x2000 + 0x80 * context + 4 * (irq / 32)) |= 1u << (irq % 32);
}

uint32_t plic_claim(void)
{
    return *reg(0x200004 + 0x1000 * context);
}

void plic_complete(uint32_t irq)
{
    *reg(0x200004 + 0x1000 * context) = irq;
}
