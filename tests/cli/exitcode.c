/* Fails through the test finisher with code 42: (42 << 16) | 0x3333. */
#include "bare.h"

int main(void)
{
    uart_puts("failing with 42\n");
    return 42;
}
