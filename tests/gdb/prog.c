/* The program gdb debugs: a loop that updates a global through a function, then
 * power-off (exit status 0). */
#include <stdint.h>

volatile uint64_t counter;

__attribute__((noinline)) uint64_t add_to_counter(uint64_t n)
{
    counter += n;
    return counter;
}

int main(void)
{
    uint64_t sum = 0;
    for (uint64_t i = 1; i <= 10; i++)
        sum += add_to_counter(i);
    return sum == 220 ? 0 : 1;
}
