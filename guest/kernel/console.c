/* console.c — the kernel's output path: SBI console until the UART driver is up, then
 * the UART. Newlines become CR LF, as a terminal expects. */
#include "kernel.h"
#include "uart.h"

static bool uart_ready;

void console_use_uart(void)
{
    uart_ready = true;
}

void console_putc_raw(int c)
{
    if (uart_ready)
        uart_putc_sync(c);
    else
        sbi_console_putchar(c);
}

void console_putc(int c)
{
    if (c == '\n')
        console_putc_raw('\r');
    console_putc_raw(c);
}

void console_write(const char *s, size_t n)
{
    while (n--)
        console_putc(*s++);
}
