/* random_main.c — runs the randomized allocator test on the host under each fit policy:
 * random_main [ops-per-policy [seed]]. Exits non-zero on the first failed check. */
#include <stdio.h>
#include <stdlib.h>
#include "pg_malloc.h"
#include "random_test.h"

int main(int argc, char **argv)
{
    static const char *const names[] = { "first", "next", "best" };
    long ops = argc > 1 ? atol(argv[1]) : 1000000;
    unsigned long long seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x9e3779b97f4a7c15ULL;

    for (int policy = MALLOC_FIRST_FIT; policy <= MALLOC_BEST_FIT; policy++) {
        struct random_test_result r;
        pg_mallopt(M_FIT_POLICY, policy);
        if (malloc_random_test(seed + (unsigned)policy, ops, &r) != 0) {
            printf("random test (%s fit, seed %#llx): op %ld: %s\n", names[policy],
                   seed + (unsigned)policy, r.failed_op, r.why);
            return 1;
        }
        printf("random test: %s fit, %ld ops, %lu full checks: ok\n", names[policy], ops, r.checks);
    }
    return 0;
}
