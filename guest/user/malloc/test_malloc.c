/* test_malloc.c — Check unit tests of the user-space allocator on the host, under ASan
 * and UBSan: every API function, edge sizes, coalescing, realloc in place, the three fit
 * policies, trimming, statistics, and each misuse caught with glibc's message. */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "malloc_os.h"
#include "pg_malloc.h"

/* Check runs each test in its own forked process, so each starts with a fresh heap. */

#define THRESHOLD (128 * 1024)

static struct malloc_stats stats;

static struct malloc_stats *get_stats(void)
{
    malloc_get_stats(&stats);
    return &stats;
}

static void assert_heap_ok(void)
{
    const char *why = "";
    ck_assert_msg(malloc_check_heap(&why) == 0, "heap check: %s", why);
}

/* Block bytes the allocator uses for a request: header plus payload, 16-aligned. */
static size_t block_bytes(size_t n)
{
    size_t size = (n + 8 + 15) & ~(size_t)15;
    return size < 32 ? 32 : size;
}

/* ---- misuse: run the misuse in a child, collect its stderr and how it died ---- */

static void expect_abort(void (*misuse)(void), const char *message)
{
    char out[1024] = "";
    size_t len = 0;
    int fds[2], status;

    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        misuse();
        _exit(0);
    }
    close(fds[1]);
    for (ssize_t n; len < sizeof(out) - 1 && (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0;)
        len += (size_t)n;
    out[len] = 0;
    close(fds[0]);
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
                  "expected SIGABRT, status %#x, stderr \"%s\"", status, out);
    ck_assert_msg(strstr(out, message), "expected \"%s\" on stderr, got \"%s\"", message, out);
}

/* Runs fn in a child that exits normally; returns what it wrote to stderr. */
static char *stderr_of(void (*fn)(void))
{
    static char out[16384];
    size_t len = 0;
    int fds[2], status;

    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        fn();
        exit(0);   /* exit, not _exit: destructors run */
    }
    close(fds[1]);
    for (ssize_t n; len < sizeof(out) - 1 && (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0;)
        len += (size_t)n;
    out[len] = 0;
    close(fds[0]);
    waitpid(pid, &status, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return out;
}

/* ---- malloc and free ---- */

START_TEST(test_malloc_edge_sizes_are_aligned_and_usable)
{
    static const size_t sizes[] = { 0, 1, 15, 16, 17, 23, 24, 25, 31, 32, 33, 1007, 1008, 1009,
                                    1015, 1016, 1017, 1023, 1024, 1025, 2047, 2048, 2049,
                                    4095, 4096, 65535, 65536, THRESHOLD - 1, THRESHOLD,
                                    THRESHOLD + 1 };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        unsigned char *p = pg_malloc(sizes[i]);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq((uintptr_t)p % 16, 0);
        ck_assert_uint_ge(pg_malloc_usable_size(p), sizes[i]);
        memset(p, 0xa5, pg_malloc_usable_size(p));
    }
    assert_heap_ok();
}
END_TEST

START_TEST(test_malloc_every_size_to_5000_fits_its_block)
{
    for (size_t n = 0; n <= 5000; n++) {
        void *p = pg_malloc(n);
        ck_assert_uint_eq(pg_malloc_usable_size(p), block_bytes(n) - 8);
        pg_free(p);
    }
    assert_heap_ok();
    ck_assert_uint_eq(get_stats()->used_blocks, 0);
}
END_TEST

START_TEST(test_malloc_zero_returns_distinct_pointers)
{
    void *a = pg_malloc(0), *b = pg_malloc(0);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_ne(a, b);
}
END_TEST

START_TEST(test_malloc_huge_fails_with_enomem)
{
    static const size_t sizes[] = { SIZE_MAX, SIZE_MAX - 15, SIZE_MAX / 2, (size_t)1 << 47 };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        errno = 0;
        ck_assert_ptr_null(pg_malloc(sizes[i]));
        ck_assert_int_eq(errno, ENOMEM);
    }
    assert_heap_ok();
}
END_TEST

START_TEST(test_free_null_does_nothing)
{
    pg_free(NULL);
    ck_assert_uint_eq(get_stats()->requested_bytes, 0);
}
END_TEST

START_TEST(test_freed_block_is_reused)
{
    void *a = pg_malloc(100);
    pg_malloc(16);
    pg_free(a);
    ck_assert_ptr_eq(pg_malloc(100), a);
}
END_TEST

START_TEST(test_host_malloc_is_untouched)
{
    char *host = malloc(32), *ours = pg_malloc(32);
    ck_assert_ptr_ne(host, ours);
    strcpy(host, "host");
    free(host);
    pg_free(ours);
    ck_assert_uint_eq(get_stats()->used_blocks, 0);
}
END_TEST

/* ---- calloc ---- */

START_TEST(test_calloc_zeroes_reused_memory)
{
    unsigned char *p = pg_malloc(300);
    pg_malloc(16);
    memset(p, 0xff, 300);
    pg_free(p);
    unsigned char *q = pg_calloc(3, 100);
    ck_assert_ptr_eq(q, p);
    for (int i = 0; i < 300; i++)
        ck_assert_uint_eq(q[i], 0);
}
END_TEST

START_TEST(test_calloc_large_is_zero)
{
    unsigned char *p = pg_calloc(1, 3 * THRESHOLD);
    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < 3 * THRESHOLD; i += 4096)
        ck_assert_uint_eq(p[i], 0);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 1);
}
END_TEST

START_TEST(test_calloc_overflow_fails_with_enomem)
{
    errno = 0;
    ck_assert_ptr_null(pg_calloc(SIZE_MAX / 2, 3));
    ck_assert_int_eq(errno, ENOMEM);
    errno = 0;
    ck_assert_ptr_null(pg_calloc((size_t)1 << 32, (size_t)1 << 32));
    ck_assert_int_eq(errno, ENOMEM);
    ck_assert_ptr_nonnull(pg_calloc(0, SIZE_MAX));
}
END_TEST

/* ---- realloc and reallocarray ---- */

START_TEST(test_realloc_null_is_malloc)
{
    void *p = pg_realloc(NULL, 40);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(get_stats()->requested_bytes, 40);
}
END_TEST

START_TEST(test_realloc_to_zero_frees)
{
    void *p = pg_malloc(40);
    ck_assert_ptr_null(pg_realloc(p, 0));
    ck_assert_uint_eq(get_stats()->used_blocks, 0);
}
END_TEST

START_TEST(test_realloc_shrinks_in_place_and_frees_the_tail)
{
    char *p = pg_malloc(1000);
    pg_malloc(16);
    memset(p, 'x', 1000);
    ck_assert_ptr_eq(pg_realloc(p, 100), p);
    ck_assert_uint_eq(pg_malloc_usable_size(p), block_bytes(100) - 8);
    ck_assert_ptr_eq(pg_malloc(800), p + block_bytes(100));   /* the freed tail */
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(p[i], 'x');
    assert_heap_ok();
}
END_TEST

START_TEST(test_realloc_grows_in_place_into_free_next)
{
    char *a = pg_malloc(100), *b = pg_malloc(400);
    pg_malloc(16);
    memset(a, 'a', 100);
    pg_free(b);
    ck_assert_ptr_eq(pg_realloc(a, 300), a);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(a[i], 'a');
    ck_assert_ptr_eq(pg_malloc(100), a + block_bytes(300));   /* what is left of b */
    assert_heap_ok();
}
END_TEST

START_TEST(test_realloc_grows_in_place_past_the_heap_top)
{
    char *a = pg_malloc(100);
    size_t heap_before = get_stats()->heap_bytes;
    ck_assert_ptr_eq(pg_realloc(a, 60000), a);
    ck_assert_ptr_eq(pg_realloc(a, THRESHOLD - 1), a);   /* needs brk to move */
    ck_assert_uint_gt(get_stats()->heap_bytes, heap_before);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 0);
    assert_heap_ok();
}
END_TEST

START_TEST(test_realloc_moves_when_next_is_in_use)
{
    char *a = pg_malloc(100);
    pg_malloc(16);
    for (int i = 0; i < 100; i++)
        a[i] = (char)i;
    char *b = pg_realloc(a, 500);
    ck_assert_ptr_ne(b, a);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(b[i], (char)i);
    ck_assert_uint_eq(get_stats()->requested_bytes, 516);
    ck_assert_ptr_eq(pg_malloc(100), a);   /* the old block was freed */
    assert_heap_ok();
}
END_TEST

START_TEST(test_realloc_large_moves_between_heap_and_mmap)
{
    char *p = pg_malloc(1000);
    memset(p, 'q', 1000);
    p = pg_realloc(p, 2 * THRESHOLD);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 0);   /* grew in place at the top */
    char *big = pg_malloc(3 * THRESHOLD);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 1);
    memset(big, 'b', 3 * THRESHOLD);
    ck_assert_ptr_eq(pg_realloc(big, 2 * THRESHOLD), big);   /* still fits its mapping */
    char *small = pg_realloc(big, 100);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 0);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(small[i], 'b');
    pg_malloc(16);   /* small cannot grow in place: it moves to a mapping */
    char *again = pg_realloc(small, 5 * THRESHOLD);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 1);
    ck_assert_int_eq(again[99], 'b');
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(p[i], 'q');
    assert_heap_ok();
}
END_TEST

START_TEST(test_realloc_mapped_block_grows_and_shrinks_by_remap)
{
    char *p = pg_malloc(3 * THRESHOLD);
    for (size_t i = 0; i < 3 * THRESHOLD; i += 1000)
        p[i] = (char)(i / 1000);
    p = pg_realloc(p, 20 * THRESHOLD);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 1);
    ck_assert_uint_ge(get_stats()->mmap_bytes, 20 * THRESHOLD);
    ck_assert_uint_ge(pg_malloc_usable_size(p), 20 * THRESHOLD);
    p[20 * THRESHOLD - 1] = 1;
    p = pg_realloc(p, 2 * THRESHOLD);
    ck_assert_uint_le(get_stats()->mmap_bytes, 2 * THRESHOLD + 4096);
    for (size_t i = 0; i < 2 * THRESHOLD; i += 1000)
        ck_assert_int_eq(p[i], (char)(i / 1000));
    ck_assert_uint_eq(get_stats()->requested_bytes, 2 * THRESHOLD);
    pg_free(p);
    ck_assert_uint_eq(get_stats()->mmap_bytes, 0);
}
END_TEST

START_TEST(test_reallocarray_overflow_keeps_the_block)
{
    char *p = pg_reallocarray(NULL, 10, 10);
    ck_assert_ptr_nonnull(p);
    strcpy(p, "kept");
    errno = 0;
    ck_assert_ptr_null(pg_reallocarray(p, SIZE_MAX / 8, 16));
    ck_assert_int_eq(errno, ENOMEM);
    ck_assert_str_eq(p, "kept");
    ck_assert_ptr_nonnull(pg_reallocarray(p, 20, 10));
}
END_TEST

/* ---- aligned allocation ---- */

START_TEST(test_posix_memalign_alignments)
{
    for (size_t align = 8; align <= 65536; align <<= 1) {
        void *p = NULL;
        ck_assert_int_eq(pg_posix_memalign(&p, align, 100), 0);
        ck_assert_uint_eq((uintptr_t)p % align, 0);
        memset(p, 1, 100);
    }
    assert_heap_ok();
}
END_TEST

START_TEST(test_posix_memalign_rejects_bad_alignment)
{
    void *p = (void *)1;
    ck_assert_int_eq(pg_posix_memalign(&p, 0, 10), EINVAL);
    ck_assert_int_eq(pg_posix_memalign(&p, 4, 10), EINVAL);
    ck_assert_int_eq(pg_posix_memalign(&p, 24, 10), EINVAL);
    ck_assert_int_eq(pg_posix_memalign(&p, 64, SIZE_MAX), ENOMEM);
    ck_assert_ptr_eq(p, (void *)1);
}
END_TEST

START_TEST(test_aligned_alloc_and_bad_alignment)
{
    void *p = pg_aligned_alloc(256, 1000);
    ck_assert_uint_eq((uintptr_t)p % 256, 0);
    errno = 0;
    ck_assert_ptr_null(pg_aligned_alloc(48, 1000));
    ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_memalign_rounds_alignment_up)
{
    for (int i = 0; i < 20; i++) {
        void *p = pg_memalign(48, 10);
        ck_assert_uint_eq((uintptr_t)p % 64, 0);
    }
    assert_heap_ok();
}
END_TEST

START_TEST(test_memalign_large_uses_aligned_mmap)
{
    void *p = pg_memalign(4096, 2 * THRESHOLD);
    void *q = pg_memalign(1 << 20, 2 * THRESHOLD);
    ck_assert_uint_eq((uintptr_t)p % 4096, 0);
    ck_assert_uint_eq((uintptr_t)q % (1 << 20), 0);
    ck_assert_uint_ge(pg_malloc_usable_size(q), 2 * THRESHOLD);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 2);
    pg_free(p);
    pg_free(q);
    ck_assert_uint_eq(get_stats()->mmap_bytes, 0);
}
END_TEST

START_TEST(test_malloc_usable_size_of_null_is_zero)
{
    ck_assert_uint_eq(pg_malloc_usable_size(NULL), 0);
}
END_TEST

/* ---- the mmap threshold and mallopt ---- */

START_TEST(test_mmap_threshold_boundary)
{
    void *below = pg_malloc(THRESHOLD - 1);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 0);
    void *at = pg_malloc(THRESHOLD);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 1);
    void *above = pg_malloc(THRESHOLD + 1);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 2);
    ck_assert_uint_ge(get_stats()->mmap_bytes, 2 * THRESHOLD + 1);
    pg_free(at);
    pg_free(above);
    pg_free(below);
    ck_assert_uint_eq(get_stats()->mmap_bytes, 0);
    ck_assert_uint_eq(get_stats()->requested_bytes, 0);
}
END_TEST

START_TEST(test_mallopt_sets_the_mmap_threshold)
{
    ck_assert_int_eq(pg_mallopt(M_MMAP_THRESHOLD, 4096), 1);
    pg_malloc(4095);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 0);
    pg_malloc(4096);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 1);
}
END_TEST

START_TEST(test_mallopt_rejects_bad_requests)
{
    ck_assert_int_eq(pg_mallopt(12345, 1), 0);
    ck_assert_int_eq(pg_mallopt(M_FIT_POLICY, 3), 0);
    ck_assert_int_eq(pg_mallopt(M_MMAP_THRESHOLD, -1), 0);
    ck_assert_int_eq(get_stats()->policy, MALLOC_FIRST_FIT);
}
END_TEST

START_TEST(test_brk_exhausted_falls_back_to_mmap)
{
    os_host_limit_brk(64 * 1024);
    void *p = pg_malloc(100 * 1024);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 1);
    ck_assert_uint_le(get_stats()->heap_bytes, 64 * 1024);
}
END_TEST

START_TEST(test_without_brk_every_block_is_mapped)
{
    os_host_limit_brk(0);
    char *p = pg_malloc(10), *q = pg_calloc(3, 10);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(q);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 2);
    ck_assert_uint_eq(get_stats()->heap_bytes, 0);
    p = pg_realloc(p, 5000);
    strcpy(p, "still works");
    pg_free(p);
    pg_free(q);
    ck_assert_uint_eq(get_stats()->mmap_chunks, 0);
    assert_heap_ok();
}
END_TEST

/* ---- coalescing and trimming: blocks a, b, c between in-use guards ---- */

static char *a, *b, *c;

static void make_three_blocks(void)
{
    a = pg_malloc(100);
    b = pg_malloc(100);
    c = pg_malloc(100);
    pg_malloc(16);
}

START_TEST(test_free_with_no_free_neighbour)
{
    make_three_blocks();
    size_t before = get_stats()->free_blocks;
    pg_free(b);
    ck_assert_uint_eq(get_stats()->free_blocks, before + 1);
    ck_assert_ptr_eq(pg_malloc(100), b);
    assert_heap_ok();
}
END_TEST

START_TEST(test_free_merges_with_free_previous)
{
    make_three_blocks();
    size_t before = get_stats()->free_blocks;
    pg_free(a);
    pg_free(b);
    ck_assert_uint_eq(get_stats()->free_blocks, before + 1);
    ck_assert_ptr_eq(pg_malloc(2 * block_bytes(100) - 8), a);
    assert_heap_ok();
}
END_TEST

START_TEST(test_free_merges_with_free_next)
{
    make_three_blocks();
    size_t before = get_stats()->free_blocks;
    pg_free(b);
    pg_free(a);
    ck_assert_uint_eq(get_stats()->free_blocks, before + 1);
    ck_assert_ptr_eq(pg_malloc(2 * block_bytes(100) - 8), a);
    assert_heap_ok();
}
END_TEST

START_TEST(test_free_merges_with_both_neighbours)
{
    make_three_blocks();
    size_t before = get_stats()->free_blocks;
    pg_free(a);
    pg_free(c);
    ck_assert_uint_eq(get_stats()->free_blocks, before + 2);
    pg_free(b);
    ck_assert_uint_eq(get_stats()->free_blocks, before + 1);
    ck_assert_ptr_eq(pg_malloc(3 * block_bytes(100) - 8), a);
    assert_heap_ok();
}
END_TEST

START_TEST(test_free_last_block_merges_with_the_top)
{
    void *p = pg_malloc(100);
    ck_assert_uint_eq(get_stats()->free_blocks, 1);
    pg_free(p);
    ck_assert_uint_eq(get_stats()->free_blocks, 1);
    ck_assert_uint_eq(get_stats()->used_blocks, 0);
}
END_TEST

START_TEST(test_free_top_trims_the_heap)
{
    static void *p[1000];
    for (int i = 0; i < 1000; i++)
        p[i] = pg_malloc(1000);
    ck_assert_uint_ge(get_stats()->heap_bytes, 1000 * 1000);
    for (int i = 0; i < 1000; i++)
        pg_free(p[i]);
    ck_assert_uint_le(get_stats()->heap_bytes, 64 * 1024 + 4096 + 32);
    ck_assert_uint_ge(get_stats()->peak_heap_bytes, 1000 * 1000);
    assert_heap_ok();
}
END_TEST

START_TEST(test_trim_threshold_off_keeps_the_heap)
{
    static void *p[1000];
    ck_assert_int_eq(pg_mallopt(M_TRIM_THRESHOLD, -1), 1);
    for (int i = 0; i < 1000; i++)
        p[i] = pg_malloc(1000);
    size_t grown = get_stats()->heap_bytes;
    for (int i = 0; i < 1000; i++)
        pg_free(p[i]);
    ck_assert_uint_eq(get_stats()->heap_bytes, grown);
}
END_TEST

/* ---- fit policies ----
 * Five free blocks in the 1024..1151 class, listed (newest first) A 1104, B 1136,
 * C 1040, D 1088, E 1056 bytes, each between in-use guards. A request for a 1120-byte
 * block takes B under every policy; a next-fit rover then rests on C. A request for a
 * 1056-byte block is where they part: first fit takes A, next fit D, best fit E. */

static char *fit_block[5];

static void make_fit_heap(void)
{
    static const size_t sizes[5] = { 1104, 1136, 1040, 1088, 1056 };
    for (int i = 0; i < 5; i++) {
        fit_block[i] = pg_malloc(sizes[i] - 8);
        pg_malloc(16);
    }
    for (int i = 4; i >= 0; i--)
        pg_free(fit_block[i]);
    ck_assert_ptr_eq(pg_malloc(1120 - 8), fit_block[1]);
}

START_TEST(test_first_fit_takes_the_first_listed_block_that_fits)
{
    ck_assert_int_eq(pg_mallopt(M_FIT_POLICY, MALLOC_FIRST_FIT), 1);
    make_fit_heap();
    ck_assert_ptr_eq(pg_malloc(1056 - 8), fit_block[0]);
    assert_heap_ok();
}
END_TEST

START_TEST(test_next_fit_resumes_after_the_last_choice)
{
    ck_assert_int_eq(pg_mallopt(M_FIT_POLICY, MALLOC_NEXT_FIT), 1);
    make_fit_heap();
    ck_assert_ptr_eq(pg_malloc(1056 - 8), fit_block[3]);
    ck_assert_ptr_eq(pg_malloc(1104 - 8), fit_block[0]);   /* wrapped around */
    assert_heap_ok();
}
END_TEST

START_TEST(test_best_fit_takes_the_smallest_block_that_fits)
{
    ck_assert_int_eq(pg_mallopt(M_FIT_POLICY, MALLOC_BEST_FIT), 1);
    make_fit_heap();
    ck_assert_ptr_eq(pg_malloc(1056 - 8), fit_block[4]);
    assert_heap_ok();
}
END_TEST

START_TEST(test_policy_from_environment)
{
    setenv("MALLOC_POLICY", "best", 1);
    make_fit_heap();
    ck_assert_int_eq(get_stats()->policy, MALLOC_BEST_FIT);
    ck_assert_ptr_eq(pg_malloc(1056 - 8), fit_block[4]);
}
END_TEST

/* ---- statistics ---- */

START_TEST(test_stats_count_requests_and_fragmentation)
{
    pg_malloc(100);
    struct malloc_stats *s = get_stats();
    ck_assert_uint_eq(s->requested_bytes, 100);
    ck_assert_uint_eq(s->in_use_bytes, block_bytes(100));
    ck_assert_uint_eq(s->internal_frag_bytes, block_bytes(100) - 100);
    ck_assert_uint_eq(s->used_blocks, 1);
    ck_assert_uint_eq(s->free_blocks, 1);
    ck_assert_uint_eq(s->external_frag_ppm, 0);
    ck_assert_uint_eq(s->heap_bytes, s->in_use_bytes + s->free_bytes + 16);
    ck_assert_uint_eq(s->used_per_class[block_bytes(100) / 16], 1);
}
END_TEST

START_TEST(test_stats_external_fragmentation)
{
    make_three_blocks();
    pg_free(b);
    struct malloc_stats *s = get_stats();
    ck_assert_uint_eq(s->free_blocks, 2);
    size_t expect = (s->free_bytes - s->largest_free_bytes) * 1000000 / s->free_bytes;
    ck_assert_uint_eq(s->external_frag_ppm, expect);
    ck_assert_uint_eq(s->free_bytes - s->largest_free_bytes, block_bytes(100));
}
END_TEST

START_TEST(test_stats_peaks_and_mmap)
{
    void *p = pg_malloc(1000), *big = pg_malloc(3 * THRESHOLD);
    struct malloc_stats *s = get_stats();
    ck_assert_uint_eq(s->mmap_chunks, 1);
    ck_assert_uint_ge(s->mmap_bytes, 3 * THRESHOLD);
    ck_assert_uint_eq(s->peak_live_bytes, 1000 + 3 * THRESHOLD);
    pg_free(big);
    pg_free(p);
    s = get_stats();
    ck_assert_uint_eq(s->requested_bytes, 0);
    ck_assert_uint_eq(s->peak_live_bytes, 1000 + 3 * THRESHOLD);
    ck_assert_uint_ge(s->peak_heap_bytes, s->heap_bytes + 3 * THRESHOLD);
}
END_TEST

static void print_stats(void)
{
    pg_malloc(100);
    pg_malloc_stats();
}

START_TEST(test_malloc_stats_prints_to_stderr)
{
    char *out = stderr_of(print_stats);
    ck_assert_ptr_nonnull(strstr(out, "malloc_stats: first fit"));
    ck_assert_ptr_nonnull(strstr(out, "requested bytes         100\n"));
    ck_assert_ptr_nonnull(strstr(out, "external frag           0.00%"));
    ck_assert_ptr_nonnull(strstr(out, ">= 112: 1, 0"));
}
END_TEST

static void exit_with_stats_env(void)
{
    setenv("MALLOC_STATS", "1", 1);
    pg_malloc(24);
}

START_TEST(test_malloc_stats_env_prints_at_exit)
{
    char *out = stderr_of(exit_with_stats_env);
    ck_assert_ptr_nonnull(strstr(out, "requested bytes         24\n"));
}
END_TEST

/* ---- misuse ---- */

static void double_free(void)
{
    void *p = pg_malloc(100);
    pg_malloc(16);
    pg_free(p);
    pg_free(p);
}

static void double_free_after_merge(void)
{
    void *x = pg_malloc(100), *p = pg_malloc(100);
    pg_malloc(16);
    pg_free(x);
    pg_free(p);
    pg_free(p);
}

static void free_inside_a_block(void)
{
    char *p = pg_calloc(1, 100);
    pg_free(p + 32);
}

static void free_misaligned(void)
{
    char *p = pg_malloc(100);
    pg_free(p + 1);
}

static void free_static_buffer(void)
{
    static _Alignas(16) char buffer[64];
    pg_malloc(1);
    pg_free(buffer + 16);
}

static void free_fake_mmapped(void)
{
    static _Alignas(16) size_t fake[8];
    fake[3] = 32 | 4 | 1;   /* offset 32, MMAPPED, IN_USE: but no mapping record */
    pg_free(&fake[4]);
}

static void free_with_smashed_header(void)
{
    size_t *p = pg_malloc(100);
    pg_malloc(16);
    p[-1] = 0x7fff0001;
    pg_free(p);
}

static void overflow_into_free_next(void)
{
    char *x = pg_malloc(100), *y = pg_malloc(100);
    pg_malloc(16);
    pg_free(y);
    size_t *next_header = (size_t *)(x + pg_malloc_usable_size(x));
    *next_header += 16;   /* size now disagrees with y's footer */
    pg_free(x);
}

static void underflow_into_free_prev_footer(void)
{
    char *x = pg_malloc(100), *y = pg_malloc(100);
    pg_malloc(16);
    pg_free(x);
    ((size_t *)y)[-2] = 48;   /* x's footer */
    pg_free(y);
}

static void smash_free_list_link(void)
{
    char *x = pg_malloc(100), *y = pg_malloc(100);
    pg_malloc(16);
    pg_free(x);
    ((void **)x)[0] = y;   /* x's next link, pointing at a block that does not point back */
    pg_malloc(100);
}

static void overflow_into_the_wilderness(void)
{
    char *x = pg_malloc(100);
    ((size_t *)(x + pg_malloc_usable_size(x)))[0] = 0x7fff0 | 2;   /* top block's header */
    pg_malloc(200);
}

static void realloc_freed(void)
{
    void *p = pg_malloc(100);
    pg_malloc(16);
    pg_free(p);
    pg_realloc(p, 200);
}

START_TEST(test_double_free_is_detected)
{
    expect_abort(double_free, "free(): double free detected");
}
END_TEST

START_TEST(test_double_free_after_merge_is_detected)
{
    expect_abort(double_free_after_merge, "free(): double free detected");
}
END_TEST

START_TEST(test_free_of_foreign_pointers_is_detected)
{
    expect_abort(free_inside_a_block, "free(): invalid pointer");
    expect_abort(free_misaligned, "free(): invalid pointer");
    expect_abort(free_static_buffer, "free(): invalid pointer");
    expect_abort(free_fake_mmapped, "munmap_chunk(): invalid pointer");
}
END_TEST

START_TEST(test_smashed_header_is_detected_on_free)
{
    expect_abort(free_with_smashed_header, "free(): invalid pointer");
}
END_TEST

START_TEST(test_corrupted_sizes_are_detected_on_coalesce)
{
    expect_abort(overflow_into_free_next, "corrupted size vs. prev_size");
    expect_abort(underflow_into_free_prev_footer, "corrupted size vs. prev_size");
}
END_TEST

START_TEST(test_corrupted_top_is_detected)
{
    expect_abort(overflow_into_the_wilderness, "malloc(): corrupted top size");
}
END_TEST

START_TEST(test_corrupted_free_list_is_detected)
{
    expect_abort(smash_free_list_link, "corrupted double-linked list");
}
END_TEST

START_TEST(test_realloc_of_freed_pointer_is_detected)
{
    expect_abort(realloc_freed, "realloc(): double free detected");
}
END_TEST

static Suite *malloc_suite(void)
{
    Suite *s = suite_create("malloc");
    TCase *api = tcase_create("api"), *heap = tcase_create("heap");
    TCase *fit = tcase_create("fit"), *st = tcase_create("stats"), *misuse = tcase_create("misuse");

    tcase_add_test(api, test_malloc_edge_sizes_are_aligned_and_usable);
    tcase_add_test(api, test_malloc_every_size_to_5000_fits_its_block);
    tcase_add_test(api, test_malloc_zero_returns_distinct_pointers);
    tcase_add_test(api, test_malloc_huge_fails_with_enomem);
    tcase_add_test(api, test_free_null_does_nothing);
    tcase_add_test(api, test_freed_block_is_reused);
    tcase_add_test(api, test_host_malloc_is_untouched);
    tcase_add_test(api, test_calloc_zeroes_reused_memory);
    tcase_add_test(api, test_calloc_large_is_zero);
    tcase_add_test(api, test_calloc_overflow_fails_with_enomem);
    tcase_add_test(api, test_realloc_null_is_malloc);
    tcase_add_test(api, test_realloc_to_zero_frees);
    tcase_add_test(api, test_realloc_shrinks_in_place_and_frees_the_tail);
    tcase_add_test(api, test_realloc_grows_in_place_into_free_next);
    tcase_add_test(api, test_realloc_grows_in_place_past_the_heap_top);
    tcase_add_test(api, test_realloc_moves_when_next_is_in_use);
    tcase_add_test(api, test_realloc_large_moves_between_heap_and_mmap);
    tcase_add_test(api, test_realloc_mapped_block_grows_and_shrinks_by_remap);
    tcase_add_test(api, test_reallocarray_overflow_keeps_the_block);
    tcase_add_test(api, test_posix_memalign_alignments);
    tcase_add_test(api, test_posix_memalign_rejects_bad_alignment);
    tcase_add_test(api, test_aligned_alloc_and_bad_alignment);
    tcase_add_test(api, test_memalign_rounds_alignment_up);
    tcase_add_test(api, test_memalign_large_uses_aligned_mmap);
    tcase_add_test(api, test_malloc_usable_size_of_null_is_zero);
    tcase_add_test(api, test_mmap_threshold_boundary);
    tcase_add_test(api, test_mallopt_sets_the_mmap_threshold);
    tcase_add_test(api, test_mallopt_rejects_bad_requests);
    tcase_add_test(api, test_brk_exhausted_falls_back_to_mmap);
    tcase_add_test(api, test_without_brk_every_block_is_mapped);

    tcase_add_test(heap, test_free_with_no_free_neighbour);
    tcase_add_test(heap, test_free_merges_with_free_previous);
    tcase_add_test(heap, test_free_merges_with_free_next);
    tcase_add_test(heap, test_free_merges_with_both_neighbours);
    tcase_add_test(heap, test_free_last_block_merges_with_the_top);
    tcase_add_test(heap, test_free_top_trims_the_heap);
    tcase_add_test(heap, test_trim_threshold_off_keeps_the_heap);

    tcase_add_test(fit, test_first_fit_takes_the_first_listed_block_that_fits);
    tcase_add_test(fit, test_next_fit_resumes_after_the_last_choice);
    tcase_add_test(fit, test_best_fit_takes_the_smallest_block_that_fits);
    tcase_add_test(fit, test_policy_from_environment);

    tcase_add_test(st, test_stats_count_requests_and_fragmentation);
    tcase_add_test(st, test_stats_external_fragmentation);
    tcase_add_test(st, test_stats_peaks_and_mmap);
    tcase_add_test(st, test_malloc_stats_prints_to_stderr);
    tcase_add_test(st, test_malloc_stats_env_prints_at_exit);

    tcase_add_test(misuse, test_double_free_is_detected);
    tcase_add_test(misuse, test_double_free_after_merge_is_detected);
    tcase_add_test(misuse, test_free_of_foreign_pointers_is_detected);
    tcase_add_test(misuse, test_smashed_header_is_detected_on_free);
    tcase_add_test(misuse, test_corrupted_sizes_are_detected_on_coalesce);
    tcase_add_test(misuse, test_corrupted_free_list_is_detected);
    tcase_add_test(misuse, test_corrupted_top_is_detected);
    tcase_add_test(misuse, test_realloc_of_freed_pointer_is_detected);

    suite_add_tcase(s, api);
    suite_add_tcase(s, heap);
    suite_add_tcase(s, fit);
    suite_add_tcase(s, st);
    suite_add_tcase(s, misuse);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(malloc_suite());
    srunner_set_fork_status(runner, CK_FORK);   /* a fresh heap for every test */
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
