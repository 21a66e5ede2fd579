/* random_test.h — the randomized allocator test's core, a plain C function that builds
 * for the host (random_main.c) and, later, for the guest. */
#ifndef MALLOC_RANDOM_TEST_H
#define MALLOC_RANDOM_TEST_H

#include <stdint.h>

struct random_test_result {
    long failed_op;          /* index of the operation that failed, or -1 */
    const char *why;         /* what was wrong, or NULL */
    unsigned long checks;    /* full shadow-model checks passed */
};

/* Runs ops random operations from seed against the current allocator and its shadow
 * model, then frees everything. Returns 0 if every check held. */
int malloc_random_test(uint64_t seed, long ops, struct random_test_result *result);

#endif
