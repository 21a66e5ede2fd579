/* Reads the user-mode counters through <pagoda.h> (csrr needs Zicsr): built in one
 * step by pagoda-cc, as guest/README.md shows. */
#include <pagoda.h>
#include <stdio.h>

int main(void)
{
    unsigned long i0 = rdinstret(), c0 = rdcycle(), t0 = rdtime();
    volatile unsigned long sum = 0;
    for (int k = 0; k < 1000; k++)
        sum += k;
    unsigned long i1 = rdinstret(), c1 = rdcycle(), t1 = rdtime();
    printf("counters: instret %s, cycle %s, time %s\n", i1 - i0 >= 1000 ? "advances" : "stuck",
           c1 > c0 ? "advances" : "stuck", t1 >= t0 ? "monotonic" : "backwards");
    return sum == 499500 ? 0 : 1;
}
