/* random_test.c — a randomized allocator test against a shadow model: random malloc,
 * calloc, realloc, reallocarray and aligned allocations and frees. Every live block
 * carries a byte pattern that must survive; blocks must never overlap; the heap check
 * and the statistics must agree with the model. Uses no libc, so it also builds for
 * the guest. */
#include <stddef.h>
#include <stdint.h>
#include "pg_malloc.h"
#include "random_test.h"

#define NSLOTS        2048
#define CHECK_EVERY   20000
#define MMAP_THRESHOLD_DEFAULT (128 * 1024)

struct slot {
    unsigned char *p;
    size_t size;
    uint8_t seed;           /* byte i holds pattern_byte(seed, i) */
};

static struct slot slots[NSLOTS];
static int order[NSLOTS];
static uint64_t rng;

static uint64_t next_random(void)
{
    rng ^= rng << 13;   /* xorshift64 */
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t random_below(size_t n)
{
    return (size_t)(next_random() % n);
}

static uint8_t pattern_byte(uint8_t seed, size_t i)
{
    return (uint8_t)(seed + i * 7 + (i >> 8));
}

static void fill(struct slot *s)
{
    for (size_t i = 0; i < s->size; i++)
        s->p[i] = pattern_byte(s->seed, i);
}

/* The first n bytes of s still hold their pattern. */
static int intact(const struct slot *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s->p[i] != pattern_byte(s->seed, i))
            return 0;
    return 1;
}

/* Mostly small sizes, some medium, a few past the mmap threshold, a few edges. */
static size_t random_size(void)
{
    static const size_t edges[] = { 0, 1, 15, 16, 17, 24, 25, 1008, 1009, 1024, 1025,
                                    MMAP_THRESHOLD_DEFAULT - 1, MMAP_THRESHOLD_DEFAULT };
    size_t r = random_below(1000);
    if (r < 700)
        return 1 + random_below(128);
    if (r < 930)
        return 129 + random_below(2048 - 128);
    if (r < 985)
        return 2049 + random_below(32 * 1024);
    if (r < 990)
        return 32 * 1024 + random_below(256 * 1024);
    return edges[random_below(sizeof(edges) / sizeof(edges[0]))];
}

static size_t random_alignment(void)
{
    return (size_t)32 << random_below(8);   /* 32 .. 4096 */
}

static int fail(struct random_test_result *r, long op, const char *why)
{
    r->failed_op = op;
    r->why = why;
    return -1;
}

/* A new allocation for an empty slot, by a random API function. Returns the alignment
 * the result must have, or 0 when the allocation failed; *zeroed tells calloc. */
static size_t allocate(struct slot *s, int *zeroed)
{
    size_t size = random_size(), align = 16;
    void *p = NULL;

    *zeroed = 0;
    switch (random_below(8)) {
    case 0: {
        size_t count = 1 + random_below(4);
        size = size / count * count;
        p = pg_calloc(count, size / count);
        *zeroed = 1;
        break;
    }
    case 1:
        align = random_alignment();
        p = pg_memalign(align, size);
        break;
    case 2:
        align = random_alignment();
        if (pg_posix_memalign(&p, align, size) != 0)
            p = NULL;
        break;
    case 3:
        align = random_alignment();
        p = pg_aligned_alloc(align, size);
        break;
    case 4:
        p = pg_realloc(NULL, size);
        break;
    default:
        p = pg_malloc(size);
        break;
    }
    s->p = p;
    s->size = size;
    return p ? align : 0;
}

static int all_zero(const struct slot *s)
{
    for (size_t i = 0; i < s->size; i++)
        if (s->p[i])
            return 0;
    return 1;
}

static int resize(struct slot *s, long op, struct random_test_result *r)
{
    size_t size = random_size();
    size_t kept = size < s->size ? size : s->size;
    unsigned char *p = random_below(4) ? pg_realloc(s->p, size) : pg_reallocarray(s->p, 1, size);

    if (size == 0 && !p) {           /* realloc(p, 0) frees */
        s->p = NULL;
        return 0;
    }
    if (!p || (uintptr_t)p % 16)
        return fail(r, op, "realloc failed or misaligned");
    s->p = p;
    if (!intact(s, kept))
        return fail(r, op, "realloc lost the old contents");
    s->size = size;
    return 0;
}

/* Allocate, resize or free one random slot, checking what the API promises. The share
 * of frees swings every 100k operations so the heap grows and shrinks. */
static int step(long op, struct random_test_result *r)
{
    struct slot *s = &slots[random_below(NSLOTS)];
    size_t free_percent = (op / 100000) % 2 ? 70 : 30;

    if (!s->p) {
        int zeroed;
        size_t align = allocate(s, &zeroed);
        if (!align)
            return fail(r, op, "allocation failed");
        if ((uintptr_t)s->p % align)
            return fail(r, op, "allocation misaligned");
        if (zeroed && !all_zero(s))
            return fail(r, op, "calloc memory not zero");
    } else if (random_below(100) < free_percent) {
        if (!intact(s, s->size))
            return fail(r, op, "pattern damaged before free");
        pg_free(s->p);
        s->p = NULL;
        return 0;
    } else if (resize(s, op, r) != 0) {
        return -1;
    } else if (!s->p) {
        return 0;
    }
    if (pg_malloc_usable_size(s->p) < s->size)
        return fail(r, op, "usable size below the request");
    s->seed = (uint8_t)next_random();
    fill(s);
    return 0;
}

static void sort_by_address(int n)
{
    for (int gap = n / 2; gap > 0; gap /= 2)   /* shell sort */
        for (int i = gap; i < n; i++)
            for (int j = i; j >= gap && slots[order[j - gap]].p > slots[order[j]].p; j -= gap) {
                int t = order[j];
                order[j] = order[j - gap];
                order[j - gap] = t;
            }
}

/* The whole model against the whole heap: patterns, overlap, heap check, stats. */
static int full_check(long op, struct random_test_result *r)
{
    static struct malloc_stats stats;
    size_t live_bytes = 0;
    int n = 0;
    const char *why = NULL;

    for (int i = 0; i < NSLOTS; i++) {
        if (!slots[i].p)
            continue;
        if (!intact(&slots[i], slots[i].size))
            return fail(r, op, "pattern damaged");
        live_bytes += slots[i].size;
        order[n++] = i;
    }
    sort_by_address(n);
    for (int i = 1; i < n; i++) {
        const struct slot *a = &slots[order[i - 1]], *b = &slots[order[i]];
        if (a->p + pg_malloc_usable_size(a->p) > b->p)
            return fail(r, op, "two live blocks overlap");
    }
    if (malloc_check_heap(&why) != 0)
        return fail(r, op, why);
    malloc_get_stats(&stats);
    if (stats.requested_bytes != live_bytes)
        return fail(r, op, "statistics disagree with the live requests");
    r->checks++;
    return 0;
}

int malloc_random_test(uint64_t seed, long ops, struct random_test_result *result)
{
    rng = seed ? seed : 1;
    result->failed_op = -1;
    result->why = NULL;
    result->checks = 0;

    for (long op = 0; op < ops; op++) {
        if (step(op, result) != 0)
            return -1;
        if ((op + 1) % CHECK_EVERY == 0 && full_check(op, result) != 0)
            return -1;
    }
    if (full_check(ops, result) != 0)
        return -1;
    for (int i = 0; i < NSLOTS; i++) {
        pg_free(slots[i].p);
        slots[i].p = NULL;
    }
    return full_check(ops, result);
}
