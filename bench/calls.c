/* Call-heavy code: recursive Fibonacci, Takeuchi's tak, and a loop of indirect calls
 * through a table of small functions. Every function is kept out of line. */
#include "bench.h"

const char workload_name[] = "calls";

#define FIB_N BENCH_SIZE(27, 18)
#define FIB_ROUNDS BENCH_SIZE(12, 2)
#define TAK_ROUNDS BENCH_SIZE(120, 1)
#define INDIRECT_CALLS BENCH_SIZE(12000000, 100000)

static NOINLINE uint64_t fib(uint64_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static NOINLINE int64_t tak(int64_t x, int64_t y, int64_t z)
{
    if (y >= x)
        return z;
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

static NOINLINE uint64_t op_add(uint64_t a, uint64_t b) { return a + b; }
static NOINLINE uint64_t op_xor(uint64_t a, uint64_t b) { return a ^ (b << 1); }
static NOINLINE uint64_t op_mul(uint64_t a, uint64_t b) { return a * (b | 1); }
static NOINLINE uint64_t op_rot(uint64_t a, uint64_t b) { return (a << 7 | a >> 57) + b; }

static uint64_t (*const ops[4])(uint64_t, uint64_t) = { op_add, op_xor, op_mul, op_rot };

uint64_t workload_run(void)
{
    uint64_t sum = 0;
    for (int r = 0; r < FIB_ROUNDS; r++)
        sum = checksum_mix(sum, fib(FIB_N + (r & 1)));
    for (int r = 0; r < TAK_ROUNDS; r++)
        sum = checksum_mix(sum, (uint64_t)tak(18 + (r & 3), 12, 6));

    uint64_t rng = 0xda942042e4dd58b5ull, acc = 1;
    for (long i = 0; i < INDIRECT_CALLS; i++) {
        uint64_t r = xorshift64(&rng);
        acc = ops[r & 3](acc, r >> 8);
    }
    return checksum_mix(sum, acc);
}
