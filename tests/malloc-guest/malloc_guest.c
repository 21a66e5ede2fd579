/* The allocator's randomized test inside the guest: the same core as the host test
 * (guest/user/malloc/random_test.c) against the guest's real malloc, over brk and mmap
 * system calls of Pagoda's own kernel, under each fit policy. */
#include <stdio.h>
#include <stdlib.h>

#include "pg_malloc.h"
#include "random_test.h"

/* `malloc_guest stats`: a few live blocks under the policy MALLOC_POLICY chose, for
 * MALLOC_STATS=1 to describe at exit. `malloc_guest [ops]`: the randomized test. */
int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0] == 's') {
        for (int i = 0; i < 10; i++)
            if (!malloc((size_t)(i + 1) * 100))
                return 1;
        return 0;
    }
    long ops = argc > 1 ? atol(argv[1]) : 200000;
    static const char *const policies[] = { "first", "next", "best" };
    int failed = 0;
    for (int p = 0; p < 3; p++) {
        struct random_test_result r;
        mallopt(M_FIT_POLICY, p);
        int rc = malloc_random_test(0x5eed + (uint64_t)p, ops, &r);
        printf("malloc %s: %ld ops, %lu checks: %s\n", policies[p], ops, r.checks,
               rc == 0 ? "ok" : r.why);
        failed |= rc != 0;
    }
    return failed;
}
