/* uart.h — the 16550A console UART. */
#ifndef UART_H
#define UART_H

#include "types.h"

void uart_init(uint64_t pa, bool use_irq);
void uart_putc_sync(int c);
void uart_intr(void);

#endif
