/* Interface between a bench workload and main.c. Each workload file defines
 * workload_name and workload_run(), which returns a checksum of everything it computed.
 * The same file builds three ways: for the bench (full size), with -DQUICK (a
 * fraction of a second, for `make test-bench-programs`), and with -DHOST for the host,
 * which prints the checksum the RISC-V build must reproduce. */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef QUICK
#define BENCH_SIZE(full, quick) (quick)
#else
#define BENCH_SIZE(full, quick) (full)
#endif

#define NOINLINE __attribute__((noinline))

extern const char workload_name[];
uint64_t workload_run(void);

/* xorshift64: the pseudo-random source every workload fills its inputs from. */
static inline uint64_t xorshift64(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

/* Folds one value into a running checksum (order-sensitive). */
static inline uint64_t checksum_mix(uint64_t sum, uint64_t v)
{
    return (sum ^ v) * 0x100000001b3ull + (sum >> 29);
}

#endif
