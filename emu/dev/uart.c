/* 16550A registers: RBR/THR/DLL (0), IER/DLM (1), IIR/FCR (2), LCR (3), MCR (4),
 * LSR (5), MSR (6), SCR (7). DLAB (LCR bit 7) selects the divisor latch.
 *
 * The interrupt line is signalled as QEMU's 16550 signals it: only when the state
 * changes through a THR write, an RBR read, an IER write that changes the enables, an
 * FCR write, an IIR read that acknowledges THRE, or received input. Reading LSR, MSR
 * or SCR signals nothing. The PLIC makes a source pending on each signal, so a driver
 * that never reads IIR sees one THRE interrupt per byte sent, not a storm. */
#include "uart.h"

#include <string.h>

enum { IER_RDI = 1, IER_THRI = 2 };
enum { IIR_NONE = 0x01, IIR_THRI = 0x02, IIR_RDI = 0x04, IIR_FIFO = 0xc0 };
enum { LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40 };
#define LCR_DLAB 0x80

static uint8_t iir(const struct uart *u)
{
    uint8_t fifo = (u->fcr & 1) ? IIR_FIFO : 0;
    if ((u->ier & IER_RDI) && u->rx_count)
        return fifo | IIR_RDI;
    if ((u->ier & IER_THRI) && u->thre_pending)
        return fifo | IIR_THRI;
    return fifo | IIR_NONE;
}

/* Signals the line: high when an enabled interrupt is pending. */
static void update_irq(struct uart *u)
{
    if (u->irq)
        u->irq(u->irq_ctx, !(iir(u) & IIR_NONE));
}

unsigned uart_rx_room(const struct uart *u)
{
    return UART_FIFO - u->rx_count;
}

void uart_push_input(struct uart *u, const uint8_t *bytes, unsigned n)
{
    for (unsigned i = 0; i < n && u->rx_count < UART_FIFO; i++) {
        u->rx[(u->rx_head + u->rx_count) % UART_FIFO] = bytes[i];
        u->rx_count++;
    }
    update_irq(u);
}

bool uart_read(void *opaque, uint64_t off, int size, uint64_t *val)
{
    struct uart *u = opaque;
    uint8_t v = 0;
    if (size != 1)
        return false;   /* byte registers (reg-shift 0, reg-io-width 1) */
    switch (off) {
    case 0:
        if (u->lcr & LCR_DLAB) {
            v = u->dll;
        } else {
            if (u->rx_count) {
                v = u->rx[u->rx_head];
                u->rx_head = (u->rx_head + 1) % UART_FIFO;
                u->rx_count--;
            } else {
                u->want_input = true;
            }
            update_irq(u);
        }
        break;
    case 1: v = (u->lcr & LCR_DLAB) ? u->dlm : u->ier; break;
    case 2:
        v = iir(u);
        if ((v & 0x0f) == IIR_THRI) {
            u->thre_pending = false;    /* reading IIR acknowledges THRE */
            update_irq(u);
        }
        break;
    case 3: v = u->lcr; break;
    case 4: v = u->mcr; break;
    case 5:
        v = LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0);
        if (!u->rx_count)
            u->want_input = true;
        break;
    case 6: v = 0xb0; break;            /* DCD, DSR, CTS asserted */
    case 7: v = u->scr; break;
    default: v = 0; break;
    }
    *val = v;
    return true;
}

bool uart_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    struct uart *u = opaque;
    uint8_t v = (uint8_t)val;
    if (size != 1)
        return false;
    switch (off) {
    case 0:
        if (u->lcr & LCR_DLAB) {
            u->dll = v;
        } else {
            if (u->tx)
                u->tx(u->tx_ctx, v);
            u->thre_pending = true;     /* sent at once: THR is empty again */
            update_irq(u);
        }
        break;
    case 1:
        if (u->lcr & LCR_DLAB) {
            u->dlm = v;
        } else {
            /* Turning THRE interrupts on while THR is empty raises one; turning
             * them off forgets it. Only a change signals the line. */
            uint8_t changed = (u->ier ^ v) & 0x0f;
            if (changed & IER_THRI)
                u->thre_pending = v & IER_THRI;
            u->ier = v & 0x0f;
            if (changed)
                update_irq(u);
        }
        break;
    case 2:
        if ((v ^ u->fcr) & 1)           /* FIFO enable toggled: both FIFOs reset */
            v |= 6;
        if (v & 2)                      /* clear the receive FIFO */
            u->rx_head = u->rx_count = 0;
        if (v & 4)                      /* clear the transmit FIFO: THR is empty */
            u->thre_pending = true;
        u->fcr = v & 0xc9;
        update_irq(u);
        break;
    case 3: u->lcr = v; break;
    case 4: u->mcr = v & 0x1f; break;
    case 7: u->scr = v; break;
    default: break;                     /* LSR and MSR are read-only */
    }
    return true;
}

void uart_init(struct uart *u, struct bus *bus)
{
    memset(u, 0, sizeof *u);
    u->lcr = 0x03;
    if (bus)
        bus_add_dev(bus, &(struct mmio_dev){ .name = "uart", .base = UART_BASE,
            .size = UART_SIZE, .opaque = u, .read = uart_read, .write = uart_write });
}
