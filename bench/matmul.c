/* Matrix multiply: C = A * B for 32x32 64-bit integer matrices (wrapping arithmetic),
 * repeated, with A rewritten from C after each product so every round is new work. */
#include "bench.h"

const char workload_name[] = "matmul";

#define N 32
#define ROUNDS BENCH_SIZE(2400, 20)

static uint64_t A[N][N], B[N][N], C[N][N];

static NOINLINE void matmul(uint64_t c[N][N], uint64_t a[N][N], uint64_t b[N][N])
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            uint64_t acc = 0;
            for (int k = 0; k < N; k++)
                acc += a[i][k] * b[k][j];
            c[i][j] = acc;
        }
}

uint64_t workload_run(void)
{
    uint64_t rng = 0x853c49e6748fea9bull;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = xorshift64(&rng) & 0xffff;
            B[i][j] = xorshift64(&rng) & 0xffff;
        }

    uint64_t sum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        matmul(C, A, B);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                A[i][j] = (C[i][j] >> 17) ^ (A[i][j] + (uint64_t)round);
        sum = checksum_mix(sum, C[round % N][(round * 7) % N]);
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            sum = checksum_mix(sum, C[i][j]);
    return sum;
}
