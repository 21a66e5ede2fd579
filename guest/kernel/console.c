/* console.c — the kernel's output path: SBI console until the UART driver is up, then
 * the UART. Newlines become CR LF, as a terminal expects. console_lock keeps what one
 * call writes (a printk line, a chunk of a write()) together when several harts
 * write at once; it is taken last (nothing is locked while it is held). */
#include "kernel.h"
#include "lock.h"
#include "riscv.h"
#include "uart.h"

static bool uart_ready;
static struct spinlock console_lock = SPINLOCK_INIT("console");

void console_use_uart(void)
{
    uart_ready = true;
}

static void put_raw(int c)
{
    if (uart_ready)
        uart_putc_sync(c);
    else
        sbi_console_putchar(c);
}

static void put_cooked(int c)
{
    if (c == '\n')
        put_raw('\r');
    put_raw(c);
}

void console_putc_raw(int c)
{
    spin_lock(&console_lock);
    put_raw(c);
    spin_unlock(&console_lock);
}

void console_putc(int c)
{
    spin_lock(&console_lock);
    put_cooked(c);
    spin_unlock(&console_lock);
}

/* n bytes, "\n" as "\r\n" when cooked. */
void console_write_bytes(const char *s, size_t n, bool cooked)
{
    spin_lock(&console_lock);
    while (n--) {
        if (cooked)
            put_cooked(*s++);
        else
            put_raw(*s++);
    }
    spin_unlock(&console_lock);
}

void console_write(const char *s, size_t n)
{
    console_write_bytes(s, n, true);
}

/* For panic: whatever another hart was printing, this goes out (the lock may be held
 * for ever by a hart that died). */
void console_write_panic(const char *s, size_t n)
{
    uint64_t start = rdtime();
    while (__atomic_load_n(&console_lock.locked, __ATOMIC_RELAXED) &&
           rdtime() - start < 10000000)
        ;
    while (n--)
        put_cooked(*s++);
}
