/* gc_random_test.h — the randomized collector test's core (random_test.c), a plain C
 * function for the host driver (ASan) and the guest program alike. */
#ifndef GC_RANDOM_TEST_H
#define GC_RANDOM_TEST_H

#include <stdint.h>
#include "pg_gc.h"

struct gc_random_result {
    long failed_op;             /* index of the operation that failed, or -1 */
    const char *why;            /* what was wrong, or NULL */
    unsigned long checks;       /* full model checks passed */
    unsigned long collections;
    unsigned long leaked;       /* objects held though unreachable at the last check
                                   (plain reference counting: garbage cycles) */
    unsigned long max_reachable;    /* most objects reachable at a check */
};

/* The defaults with small spaces (collections every few hundred allocations), for
 * tests: 64K heap, 40K young generation, 2K large objects, tenure age 2, 128-byte
 * cards, a 256-entry zero-count table. */
void gc_test_config(struct gc_config *c, enum gc_policy policy);

/* Runs ops random mutator operations from seed on a heap started with cfg (gc_init)
 * and checks it against the model; shuts the heap down. 0 if every check held. */
int gc_random_test(const struct gc_config *cfg, uint64_t seed, long ops,
                   struct gc_random_result *result);

#endif
