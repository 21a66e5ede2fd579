/* Runs forever, for attaching to a running guest and interrupting it. */
#include <stdint.h>

volatile uint64_t spins;

int main(void)
{
    for (;;)
        spins++;
}
