/* NS16550A UART, the console. Transmit is instantaneous; received bytes wait in a
 * FIFO filled by the machine from the host's stdin. */
#ifndef PAGODA_UART_H
#define PAGODA_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"

#define UART_BASE 0x10000000ull
#define UART_SIZE 0x100ull
#define UART_FIFO 256

struct uart {
    uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
    bool thre_pending;        /* transmitter-empty interrupt, raised once per byte */
    uint8_t rx[UART_FIFO];
    unsigned rx_head, rx_count;
    void (*tx)(void *ctx, uint8_t byte);
    void *tx_ctx;
    void (*irq)(void *ctx, bool level);   /* interrupt line (PLIC source), may be NULL */
    void *irq_ctx;
    bool want_input;          /* the guest looked for input while the FIFO was empty */
};

void uart_init(struct uart *u, struct bus *bus);
/* Room left in the receive FIFO, and pushing received bytes into it. */
unsigned uart_rx_room(const struct uart *u);
void uart_push_input(struct uart *u, const uint8_t *bytes, unsigned n);
/* Register access, exposed for unit tests (the bus calls these). */
bool uart_read(void *opaque, uint64_t off, int size, uint64_t *val);
bool uart_write(void *opaque, uint64_t off, int size, uint64_t val);

#endif
