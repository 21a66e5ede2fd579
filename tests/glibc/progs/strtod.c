/* strtod and strtof on decimal and hexadecimal strings near rounding boundaries,
 * subnormals, overflow and underflow (with errno), printed in hex. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    static const char *const s[] = {
        "0.1", "1e23", "8.988465674311579e307", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1e-400", "1e400", "-0", "0x1.fffffffffffff8p1023",
        "0x1p-1074", "9007199254740993", "9007199254740995", "1.00000000000000011102230246251565404236316680908203125",
        "inf", "-nan", "123.456e-2", "  42abc", "3.14159265358979323846264338327950288",
    };
    for (unsigned i = 0; i < sizeof s / sizeof s[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(s[i], &end);
        int e1 = errno;
        errno = 0;
        float f = strtof(s[i], NULL);
        printf("%-24.24s -> %a (errno %d, used %d) | %a (errno %d)\n", s[i], d, e1,
               (int)(end - s[i]), (double)f, errno);
    }
    return 0;
}
