/* Spins forever: only a stop request (SIGINT, Ctrl-C) interrupts it. */
#include "bare.h"

int main(void)
{
    for (;;)
        __asm__ volatile("nop");
    return 0;
}
