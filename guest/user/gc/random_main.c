/* random_main.c — runs the randomized collector test (random_test.c) on the host for
 * every policy and generational variant, with small spaces so that collections are
 * frequent. Usage: random_gc [ops] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gc_random_test.h"

struct variant {
    const char *name;
    enum gc_policy policy;
    int old_compacts;
    enum gc_barrier barrier;
    int rc_cycles;
};

static const struct variant variants[] = {
    { "refcount", GC_REFCOUNT, 0, 0, 0 },
    { "refcount+cycles", GC_REFCOUNT, 0, 0, 1 },
    { "marksweep", GC_MARKSWEEP, 0, 0, 0 },
    { "markcompact", GC_MARKCOMPACT, 0, 0, 0 },
    { "copying", GC_COPYING, 0, 0, 0 },
    { "generational card", GC_GENERATIONAL, 0, GC_BARRIER_CARD, 0 },
    { "generational remset", GC_GENERATIONAL, 0, GC_BARRIER_REMSET, 0 },
    { "generational mprotect", GC_GENERATIONAL, 0, GC_BARRIER_MPROTECT, 0 },
    { "generational compact", GC_GENERATIONAL, 1, GC_BARRIER_CARD, 0 },
    { "generational 4K cards", GC_GENERATIONAL, 0, GC_BARRIER_CARD, 0 },
};

int main(int argc, char **argv)
{
    long ops = argc > 1 ? atol(argv[1]) : 100000;
    int failed = 0;
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        const struct variant *var = &variants[v];
        struct gc_config cfg;
        struct gc_random_result r;
        gc_test_config(&cfg, var->policy);
        cfg.old_compacts = var->old_compacts;
        cfg.barrier = var->barrier;
        cfg.rc_cycles = var->rc_cycles;
        if (strstr(var->name, "4K"))
            cfg.card_bytes = 4096;
        int rc = gc_random_test(&cfg, 0x9e3779b97f4a7c15ull * (v + 1), ops, &r);
        printf("gc %s: %ld ops, %lu checks, %lu collections, %lu reachable at most, %lu leaked: %s",
               var->name, ops, r.checks, r.collections, r.max_reachable, r.leaked,
               rc == 0 ? "ok" : r.why);
        if (rc)
            printf(" (at op %ld)", r.failed_op);
        printf("\n");
        failed |= rc != 0;
    }
    return failed;
}
