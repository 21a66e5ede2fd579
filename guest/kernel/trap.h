/* trap.h — trap setup and the per-trap entry point called from trapvec.S. */
#ifndef TRAP_H
#define TRAP_H

#include "proc.h"

void trap_init(uint32_t uart_irq);
void trap_init_hart(void);
void trap_handler(struct trapframe *tf);
long syscall_dispatch(struct trapframe *tf);

#endif
