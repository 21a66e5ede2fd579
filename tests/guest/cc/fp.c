/* pagoda-cc's default build is rv64gc: doubles live in f registers (lp64d). */
#include <stdio.h>

int main(void)
{
    volatile double x = 2.0;
    double r = __builtin_sqrt(x) * 3.0 / 7.0;
    printf("fp: %.17g %.6f\n", r, r * 1e6);
    return 0;
}
