/* Minimal console and power control for bare-metal test programs on the virt board. */
#include <stdint.h>

#define UART ((volatile uint8_t *)0x10000000)
#define FINISHER ((volatile uint32_t *)0x100000)

static inline void uart_putc(char c)
{
    while (!(UART[5] & 0x20))
        ;
    UART[0] = (uint8_t)c;
}

static inline void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

/* Returns the next input byte, or -1 when none has arrived. */
static inline int uart_getc(void)
{
    return (UART[5] & 1) ? UART[0] : -1;
}

static inline void power_off(void) { *FINISHER = 0x5555; for (;;); }
static inline void reboot(void) { *FINISHER = 0x7777; for (;;); }
