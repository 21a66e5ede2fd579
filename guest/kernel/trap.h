/* trap.h — trap setup and the per-trap entry point called from trapvec.S. */
#ifndef TRAP_H
#define TRAP_H

#include "proc.h"

#define NR_IRQS 96           /* PLIC sources counted in /proc/stat (QEMU virt: 1..95) */

extern uint64_t user_ticks, system_ticks;  /* timer ticks that found a task in U / S mode */
extern uint64_t nr_interrupts;             /* every interrupt taken (/proc/stat intr) */
extern uint64_t irq_counts[NR_IRQS];       /* external interrupts per PLIC source */

void trap_init(uint32_t uart_irq);
void trap_handler(struct trapframe *tf);
long syscall_dispatch(struct trapframe *tf);

#endif
