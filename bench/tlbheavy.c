/* TLB-heavy: data spread over a 32 MiB arena, one access per 4 KiB page in an order no
 * small TLB can follow, with a little compute per access. Two phases:
 *   chase  a pointer chase through one node per page, the pages in one random cycle
 *          (Sattolo's shuffle); each step reads the node, mixes its value, writes it
 *          back and follows its pointer;
 *   sweep  passes over the pages with a stride of 97 pages (odd, so every page once
 *          per pass), a read-modify-write of one word per page.
 * With 4 KiB pages every step touches a page other than the last 32; with 2 MiB
 * megapages the arena is 16 entries. The arena is not cleared at start-up (.noinit);
 * the workload writes every word it reads. */
#include "bench.h"

const char workload_name[] = "tlbheavy";

#define PAGE 4096
#define ARENA_PAGES BENCH_SIZE(8192, 1024) /* 32 MiB; QUICK: 4 MiB */
#define CHASE_STEPS BENCH_SIZE(4000000, 100000)
#define SWEEPS BENCH_SIZE(300, 4)
#define STRIDE 97

struct node {
    uint64_t next; /* page number of the next node (not a pointer: host checksums match) */
    uint64_t val;
};

#ifdef HOST
static uint8_t arena[ARENA_PAGES * PAGE] __attribute__((aligned(PAGE)));
#else
static uint8_t arena[ARENA_PAGES * PAGE] __attribute__((section(".noinit"), aligned(PAGE)));
#endif
static uint32_t order[ARENA_PAGES];

/* The node of page p: one of the page's 64 cache-line slots. */
static struct node *node_of(uint32_t p)
{
    return (struct node *)&arena[(size_t)p * PAGE + ((p * 0x9e37u) & 63) * 64];
}

static NOINLINE uint64_t chase(struct node *n, long steps)
{
    uint64_t sum = 0;
    for (long s = 0; s < steps; s++) {
        uint64_t v = n->val;
        v ^= v << 13;
        v ^= v >> 7;
        v ^= v << 17;
        v += (uint64_t)s * 0x9e3779b97f4a7c15ull;
        n->val = v;
        sum = checksum_mix(sum, v);
        n = node_of((uint32_t)n->next);
    }
    return sum;
}

static NOINLINE uint64_t sweep(int pass)
{
    uint64_t sum = pass;
    uint32_t off = (uint32_t)(pass * 8) & (PAGE - 64);
    uint32_t p = (uint32_t)pass;
    for (uint32_t i = 0; i < ARENA_PAGES; i++) {
        uint64_t *w = (uint64_t *)&arena[(size_t)p * PAGE + off];
        uint64_t v = *w;
        v = (v ^ (v >> 31)) * 0xbf58476d1ce4e5b9ull + i;
        *w = v;
        sum = checksum_mix(sum, v);
        p = (p + STRIDE) & (ARENA_PAGES - 1);
    }
    return sum;
}

uint64_t workload_run(void)
{
    uint64_t rng = 0x2545f4914f6cdd1dull;
    /* Every word the sweeps can read: the first of each 64-byte line. */
    for (uint32_t p = 0; p < ARENA_PAGES; p++)
        for (uint32_t off = 0; off < PAGE; off += 64)
            *(uint64_t *)&arena[(size_t)p * PAGE + off] = xorshift64(&rng);

    /* One cycle through all pages: Sattolo's shuffle of 0..N-1. */
    for (uint32_t i = 0; i < ARENA_PAGES; i++)
        order[i] = i;
    for (uint32_t i = ARENA_PAGES - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(xorshift64(&rng) % i);
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i < ARENA_PAGES; i++) {
        struct node *n = node_of(order[i]);
        n->next = order[(i + 1) % ARENA_PAGES];
        n->val = xorshift64(&rng);
    }

    uint64_t sum = chase(node_of(order[0]), CHASE_STEPS);
    for (int pass = 0; pass < SWEEPS; pass++)
        sum = checksum_mix(sum, sweep(pass));
    return sum;
}
