/* The console: the virt board's 16550A UART, polled, and the firmware's printf. */
#include <stdarg.h>

#include "fmt.h"
#include "fw.h"

#define UART_THR 0      /* transmit holding (write) / receive buffer (read) */
#define UART_IER 1
#define UART_LCR 3
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

static struct spinlock lock;

static inline volatile uint8_t *uart_reg(int r)
{
    return (volatile uint8_t *)(UART_BASE + (unsigned long)r);
}

/* 8N1, no interrupts: the S-mode kernel enables those it wants. The FIFO mode is
 * left as it is: turning the FIFO on (or resetting it) empties the receiver, and on
 * QEMU a byte typed or piped before boot already waits there. */
void console_init(void)
{
    *uart_reg(UART_IER) = 0;
    *uart_reg(UART_LCR) = 0x03;
}

void console_putc(char c)
{
    while (!(*uart_reg(UART_LSR) & LSR_THR_EMPTY))
        ;
    *uart_reg(UART_THR) = (uint8_t)c;
}

int console_getc(void)
{
    if (!(*uart_reg(UART_LSR) & LSR_DATA_READY))
        return -1;
    return *uart_reg(UART_THR);
}

/* Keeps the bytes of one call together when several harts print. */
void console_lock(void)
{
    spin_lock(&lock);
}

void console_unlock(void)
{
    spin_unlock(&lock);
}

/* The firmware's own messages; newlines become CR LF for raw terminals. */
static void putc_crlf(char c)
{
    if (c == '\n')
        console_putc('\r');
    console_putc(c);
}

void fw_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    console_lock();
    fmt_vprint(putc_crlf, fmt, ap);
    console_unlock();
    va_end(ap);
}
