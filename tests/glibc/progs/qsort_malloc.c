/* qsort of doubles and a malloc-heavy workload (many sizes, realloc, free in a
 * scrambled order): the output is checksums and the sorted extremes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    uint64_t s = 88172645463325252ull;
    enum { N = 20000, M = 3000 };
    double *v = malloc(N * sizeof *v);
    for (int i = 0; i < N; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        v[i] = (double)(int64_t)s / 1e12;
    }
    qsort(v, N, sizeof *v, cmp);
    double sum = 0;
    for (int i = 0; i < N; i++)
        sum += v[i] * (i % 7);
    printf("min %.17g max %.17g median %.17g weighted %.17g\n", v[0], v[N - 1], v[N / 2], sum);
    free(v);

    char **p = calloc(M, sizeof *p);
    uint64_t check = 0;
    for (int round = 0; round < 20; round++)
        for (int i = 0; i < M; i++) {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            int k = (int)(s % M);
            if (p[k] && (s & 1)) {
                size_t n = 1 + (s >> 8) % 5000;
                p[k] = realloc(p[k], n);
                memset(p[k], (int)(n & 0xff), n);
                check += n;
            } else if (p[k]) {
                check += (unsigned char)p[k][0];
                free(p[k]);
                p[k] = NULL;
            } else {
                size_t n = 1 + (s >> 8) % (s & 2 ? 200000 : 300);
                p[k] = malloc(n);
                memset(p[k], (int)(n & 0xff), n);
                check += n;
            }
        }
    for (int i = 0; i < M; i++)
        free(p[i]);
    free(p);
    printf("malloc check %llu\n", (unsigned long long)check);
    return 0;
}
