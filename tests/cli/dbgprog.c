/* A program for the debugger tests: a global the loop writes, a function to break on,
 * and an endless wait at the end that only Ctrl-C (SIGINT) interrupts. */
#include "bare.h"

volatile uint64_t counter;

__attribute__((noinline)) void bump(uint64_t by)
{
    counter += by;
}

__attribute__((noinline)) void finish(void)
{
    power_off();
}

int main(void)
{
    for (int i = 1; i <= 5; i++)
        bump((uint64_t)i);
    uart_puts(counter == 15 ? "sum ok\n" : "sum bad\n");
    if (*(volatile uint32_t *)0x80100000 == 0x5a5a)
        for (;;)
            ;
    finish();
    return 0;
}
