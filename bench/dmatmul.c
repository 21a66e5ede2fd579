/* Double matrix multiply: C = A * B for 48x48 doubles (fld, fmul.d, fadd.d inside),
 * A rescaled from C after each product so every round is new work. */
#include "bench.h"

const char workload_name[] = "dmatmul";

#define N 48
#define ROUNDS BENCH_SIZE(1000, 8)

static double A[N][N], B[N][N], C[N][N];

static NOINLINE void matmul(double c[N][N], double a[N][N], double b[N][N])
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double acc = 0;
            for (int k = 0; k < N; k++)
                acc += a[i][k] * b[k][j];
            c[i][j] = acc;
        }
}

uint64_t workload_run(void)
{
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = (double)(int64_t)(xorshift64(&rng) % 2001) / 1000.0 - 1.0;
            B[i][j] = (double)(int64_t)(xorshift64(&rng) % 2001) / 1000.0 - 1.0;
        }
    uint64_t sum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        matmul(C, A, B);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                A[i][j] = C[i][j] / (N * 0.25) + (double)(round & 7) * 0.001;
        union { double d; uint64_t u; } v = { C[round % N][(round * 7) % N] };
        sum = checksum_mix(sum, v.u);
    }
    return sum;
}
