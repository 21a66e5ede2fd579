/* printf of doubles and floats in every conversion: the digits come from glibc's
 * exact binary-to-decimal conversion, so one wrong rounding shows. */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void)
{
    static const double v[] = {
        0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3, 2.0 / 3, 1e300, -1e-300, DBL_MAX, DBL_MIN,
        DBL_MIN / 3, 4.9406564584124654e-324, 123456789.125, 0.5e-6, 1e21, 9007199254740993.0,
        3.141592653589793, 2.718281828459045, INFINITY, -INFINITY, NAN,
    };
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
        printf("%u: %g | %.17g | %e | %.3f | %a | %.0f\n", i, v[i], v[i], v[i], v[i], v[i],
               fabs(v[i]) < 1e30 ? v[i] : 0.0);
    static const float f[] = { 0.1f, 1.0f / 3, FLT_MAX, FLT_MIN, 1e-45f, 16777217.0f };
    for (unsigned i = 0; i < sizeof f / sizeof f[0]; i++)
        printf("f%u: %.9g %a\n", i, (double)f[i], (double)f[i]);
    double acc = 0;
    for (int i = 1; i <= 100000; i++)
        acc += 1.0 / ((double)i * i);
    printf("sum 1/n^2 = %.17g (pi^2/6 = %.17g)\n", acc, M_PI * M_PI / 6);
    return 0;
}
