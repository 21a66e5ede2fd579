/* plic.h — the platform-level interrupt controller. */
#ifndef PLIC_H
#define PLIC_H

#include "types.h"

void plic_init(uint64_t pa, uint64_t hartid);
void plic_init_hart(uint64_t hartid);
void plic_enable(uint32_t irq);
uint32_t plic_claim(void);
void plic_complete(uint32_t irq);

#endif
