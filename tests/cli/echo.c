/* Echoes UART input back, upper-cased, until a '.' arrives; then powers off. */
#include "bare.h"

int main(void)
{
    uart_puts("ready\n");
    for (;;) {
        int c = uart_getc();
        if (c < 0)
            continue;
        if (c == '.')
            break;
        uart_putc(c >= 'a' && c <= 'z' ? (char)(c - 32) : (char)c);
    }
    uart_puts("\nbye\n");
    power_off();
    return 0;
}
