/* Sleeps in WFI until a machine timer interrupt 0.5 s of guest time ahead, three
 * times; prints the mtime deltas' sanity. Used to check WFI sleeps the host. */
#include "bare.h"

#define MTIME ((volatile uint64_t *)0x0200bff8)
#define MTIMECMP ((volatile uint64_t *)0x02004000)

int main(void)
{
    __asm__ volatile("csrs mie, %0" :: "r"(1 << 7));     /* MTIE, MIE stays 0 */
    for (int i = 0; i < 3; i++) {
        uint64_t t0 = *MTIME;
        *MTIMECMP = t0 + 5000000;                           /* 0.5 s at 10 MHz */
        while (*MTIME < t0 + 5000000)
            __asm__ volatile("wfi");
        uart_puts("tick\n");
    }
    *MTIMECMP = ~0ull;
    power_off();
    return 0;
}
