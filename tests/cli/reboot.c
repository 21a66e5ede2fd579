/* Reboots once through the finisher (0x7777), then powers off. A flag at a fixed
 * address outside the loaded image survives the reset, as RAM does on QEMU. */
#include "bare.h"

#define FLAG ((volatile uint64_t *)0x80100000)

int main(void)
{
    if (*FLAG != 0x600d) {
        *FLAG = 0x600d;
        uart_puts("first boot\n");
        reboot();
    }
    uart_puts("second boot\n");
    power_off();
    return 0;
}
