/* uart.c — driver for the 16550A UART (QEMU virt: 0x10000000, one byte per register).
 * Output is polled (wait for THR empty); input arrives by the receive interrupt
 * through the PLIC, or by uart_intr() called from the timer tick when there is none. */
#include "kernel.h"
#include "lock.h"
#include "tty.h"
#include "uart.h"

#define RBR 0   /* receive buffer (read) */
#define THR 0   /* transmit holding (write) */
#define IER 1   /* interrupt enable */
#define LCR 3   /* line control */
#define MCR 4   /* modem control */
#define LSR 5   /* line status */

#define IER_RX     0x01
#define LCR_8N1    0x03
#define MCR_OUT2   0x08   /* routes the interrupt out on PC-style wiring */
#define LSR_DR     0x01   /* data ready */
#define LSR_THRE   0x20   /* transmit holding register empty */

static volatile uint8_t *uart;
static struct spinlock rx_lock = SPINLOCK_INIT("uart rx");   /* one hart drains at a time */

static uint8_t reg_read(int r) { return uart[r]; }
static void reg_write(int r, uint8_t v) { uart[r] = v; }

/* The FIFO mode is left as the firmware left it: writing FCR so as to turn the FIFO on
 * empties the receiver on QEMU's 16550, losing input that arrived during boot (with
 * the FIFO off QEMU holds further input back until RBR is read, so nothing is lost). */
void uart_init(uint64_t pa, bool use_irq)
{
    uart = P2V(pa);
    reg_write(IER, 0);
    reg_write(LCR, LCR_8N1);
    reg_write(MCR, MCR_OUT2);
    uart_intr();                      /* what was typed ahead */
    if (use_irq)
        reg_write(IER, IER_RX);
}

void uart_putc_sync(int c)
{
    while (!(reg_read(LSR) & LSR_THRE))
        ;
    reg_write(THR, (uint8_t)c);
}

/* Drains the receive FIFO into the terminal's line discipline. */
void uart_intr(void)
{
    if (!uart)
        return;
    spin_lock(&rx_lock);
    while (reg_read(LSR) & LSR_DR)
        tty_input(reg_read(RBR));
    spin_unlock(&rx_lock);
}
