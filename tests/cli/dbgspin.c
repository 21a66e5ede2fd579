/* Says "spinning" and spins forever: only a stop request (SIGINT, Ctrl-C) or a signal
 * that ends the run interrupts it. */
#include "bare.h"

int main(void)
{
    uart_puts("spinning\n");
    for (;;)
        __asm__ volatile("nop");
    return 0;
}
