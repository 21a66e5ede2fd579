/* seq — prints the numbers from FIRST (default 1) by INCR (default 1) up to LAST, as
 * coreutils: decimals keep the precision of FIRST and INCR (seq 1 0.5 2: 1.0 1.5 2.0),
 * -s SEP between numbers, -w pads with zeros to equal width. Numbers are exact
 * (scaled integers), not floating point. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s as an integer scaled by 10^*decimals; false if s is not a decimal number. */
static bool parse(const char *s, long long *v, int *decimals)
{
    const char *p = s;
    bool neg = *p == '-';
    p += *p == '-' || *p == '+';
    long long x = 0;
    int d = 0, digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        x = x * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, d++, digits++)
            x = x * 10 + (*p - '0');
    *v = neg ? -x : x;
    *decimals = d;
    return digits > 0 && *p == 0 && d <= 9;
}

/* v scaled by 10^from, rescaled to 10^to (truncating). */
static long long scale(long long v, int from, int to)
{
    for (; from < to; from++)
        v *= 10;
    for (; from > to; from--)
        v /= 10;
    return v;
}

/* v (scaled by 10^prec) into buf, zero-padded to width. */
static void format(char *buf, size_t size, long long v, int prec, int width)
{
    long long p10 = scale(1, 0, prec), a = v < 0 ? -v : v;
    char digits[48];
    if (prec)
        snprintf(digits, sizeof digits, "%lld.%0*lld", a / p10, prec, a % p10);
    else
        snprintf(digits, sizeof digits, "%lld", a);
    int pad = width - (int)strlen(digits) - (v < 0);
    snprintf(buf, size, "%s%.*s%s", v < 0 ? "-" : "", pad > 0 ? pad : 0, "00000000000000000000000000000000", digits);
}

static void invalid(const char *what, const char *arg)
{
    fprintf(stderr, "seq: invalid %s: '%s'\nTry 'seq --help' for more information.\n", what, arg);
    exit(1);
}

int main(int argc, char **argv)
{
    const char *sep = "\n";
    bool equal_width = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && !(argv[i][1] >= '0' && argv[i][1] <= '9') && argv[i][1] != '.'; i++) {
        if (strcmp(argv[i], "-w") == 0) {
            equal_width = true;
        } else if (strncmp(argv[i], "-s", 2) == 0 && (argv[i][2] || i + 1 < argc)) {
            sep = argv[i][2] ? argv[i] + 2 : argv[++i];
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "seq: invalid option '%s'\nusage: seq [-w] [-s SEP] [FIRST [INCR]] LAST\n", argv[i]);
            return 1;
        }
    }
    int n = argc - i;
    if (n < 1 || n > 3) {
        fprintf(stderr, n < 1 ? "seq: missing operand\n" : "seq: extra operand '%s'\n", argv[argc - 1]);
        return 1;
    }
    long long v[3] = { 1, 1, 0 };
    int dec[3] = { 0, 0, 0 };
    int slot[3][3] = { { 2 }, { 0, 2 }, { 0, 1, 2 } };
    for (int k = 0; k < n; k++)
        if (!parse(argv[i + k], &v[slot[n - 1][k]], &dec[slot[n - 1][k]]))
            invalid("floating point argument", argv[i + k]);
    if (v[1] == 0)
        invalid("Zero increment value", argv[i + 1]);
    int prec = dec[0] > dec[1] ? dec[0] : dec[1];
    int lprec = dec[2] > prec ? dec[2] : prec;
    long long first = scale(v[0], dec[0], prec), incr = scale(v[1], dec[1], prec);
    long long last = scale(v[2], dec[2], lprec);       /* compared at its own precision */
    int width = 0;
    if (equal_width) {
        char a[128], b[128];
        format(a, sizeof a, first, prec, 0);
        format(b, sizeof b, scale(v[2], dec[2], prec), prec, 0);
        width = (int)(strlen(a) > strlen(b) ? strlen(a) : strlen(b));
    }
    bool any = false;
    for (long long x = first; incr > 0 ? scale(x, prec, lprec) <= last : scale(x, prec, lprec) >= last; x += incr) {
        char buf[128];
        format(buf, sizeof buf, x, prec, width);
        printf("%s%s", any ? sep : "", buf);
        any = true;
    }
    if (any)
        printf("\n");
    return 0;
}
