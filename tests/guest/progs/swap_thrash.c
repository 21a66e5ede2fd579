/* swap_thrash — a working set larger than RAM, checked byte for byte. Every page of
 * SIZE MiB gets a pattern unique to the page and to the pass that wrote it; then
 * PASSES passes read all of it back, alternately in order and in a seeded random
 * order, and every other pass rewrites half the pages (new data: their swap copies go
 * stale). Prints the mismatched bytes (must be 0) and the swap counters it caused.
 * With -m N it also prints, for N swapped-out pages, the slot /proc/self/pagemap
 * reports and the page's first word, so the host can find the data in the swap file.
 * With -r no pass rewrites anything: after the first write-out, evicted pages are
 * clean copies of their swap slots and should be dropped, not written again. At the
 * end the KiB of the working set in swap are counted from /proc/self/pagemap before
 * and after reading the mapping's Swap field in /proc/self/smaps (pmap -X's source),
 * which must lie between the two.
 * Usage: swap_thrash [-r] [-m N] [SIZE_MIB [PASSES [SEED]]] */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PG 4096UL
#define WORDS (PG / 8)

static uint64_t rng;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Word w of page p as written by generation g. */
static uint64_t pattern(uint64_t p, uint64_t w, uint64_t g)
{
    return (p * 0x9e3779b97f4a7c15ULL) ^ (w << 40) ^ (g << 56) ^ 0x5a5a0000a5a5ULL;
}

static void fill(uint64_t *page, uint64_t p, uint64_t g)
{
    for (uint64_t w = 0; w < WORDS; w++)
        page[w] = pattern(p, w, g);
}

/* Bytes of the page that differ from generation g's pattern. */
static uint64_t check(const uint64_t *page, uint64_t p, uint64_t g)
{
    uint64_t bad = 0;
    for (uint64_t w = 0; w < WORDS; w++) {
        uint64_t x = page[w] ^ pattern(p, w, g);
        for (; x; x >>= 8)
            bad += (x & 0xff) != 0;
    }
    return bad;
}

static long vmstat(const char *name)
{
    static char text[8192];
    int fd = open("/proc/vmstat", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return -1;
    text[n] = 0;
    size_t len = strlen(name);
    for (char *p = text; (p = strstr(p, name)) != NULL; p += len)
        if ((p == text || p[-1] == '\n') && p[len] == ' ')
            return atol(p + len + 1);
    return -1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Pages whose pagemap entry says "swapped": slot and first word, for the host. */
static void print_slots(uint8_t *base, uint64_t npages, const uint8_t *gen, int want)
{
    int fd = open("/proc/self/pagemap", O_RDONLY);
    if (fd < 0) {
        perror("swap_thrash: /proc/self/pagemap");
        return;
    }
    int found = 0;
    for (uint64_t p = 0; p < npages && found < want; p += 1 + next_random() % 37) {
        uint64_t e;
        off_t off = (off_t)(((uintptr_t)base + p * PG) / PG * 8);
        if (pread(fd, &e, 8, off) != 8)
            break;
        if (!(e >> 62 & 1))
            continue;
        printf("slot page %lu type %lu offset %lu gen %u word0 %016lx\n", (unsigned long)p,
               (unsigned long)(e & 31), (unsigned long)((e >> 5) & ((1ULL << 50) - 1)), gen[p],
               (unsigned long)pattern(p, 0, gen[p]));
        found++;
    }
    close(fd);
}

/* KiB of [base, base + npages pages) that /proc/self/pagemap says are in swap. */
static long pagemap_swap_kb(uint8_t *base, uint64_t npages)
{
    int fd = open("/proc/self/pagemap", O_RDONLY);
    long kb = 0;
    uint64_t e[512];
    for (uint64_t p = 0; fd >= 0 && p < npages; p += 512) {
        uint64_t n = npages - p < 512 ? npages - p : 512;
        off_t off = (off_t)(((uintptr_t)base + p * PG) / PG * 8);
        if (pread(fd, e, n * 8, off) != (ssize_t)(n * 8))
            break;
        for (uint64_t i = 0; i < n; i++)
            kb += (e[i] >> 62 & 1) ? 4 : 0;
    }
    if (fd >= 0)
        close(fd);
    return kb;
}

/* The Swap: field of the smaps entry of the mapping that starts at base, or -1. */
static long smaps_swap_kb(uint8_t *base)
{
    static char text[65536];
    int fd = open("/proc/self/smaps", O_RDONLY);
    ssize_t n = 0, r;
    while (fd >= 0 && n < (ssize_t)sizeof text - 1 && (r = read(fd, text + n, sizeof text - 1 - n)) > 0)
        n += r;
    if (fd >= 0)
        close(fd);
    text[n] = 0;
    char head[32];
    snprintf(head, sizeof head, "%08lx-", (unsigned long)(uintptr_t)base);
    char *entry = strstr(text, head), *swap = entry ? strstr(entry, "\nSwap:") : NULL;
    return swap ? atol(swap + 6) : -1;
}

int main(int argc, char **argv)
{
    int slots = 0, a = 1;
    bool read_only = false;
    if (argc > a && strcmp(argv[a], "-r") == 0) {
        read_only = true;
        a++;
    }
    if (argc > a + 1 && strcmp(argv[a], "-m") == 0) {
        slots = atoi(argv[a + 1]);
        a += 2;
    }
    uint64_t mib = argc > a ? strtoul(argv[a], NULL, 0) : 48;
    int passes = argc > a + 1 ? atoi(argv[a + 1]) : 4;
    rng = argc > a + 2 ? strtoull(argv[a + 2], NULL, 0) : 1;
    rng = rng ? rng : 1;
    uint64_t npages = mib * 256;
    uint8_t *base = mmap(NULL, npages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *gen = calloc(npages, 1);
    if (base == MAP_FAILED || !gen) {
        perror("swap_thrash: mmap");
        return 1;
    }
    long in0 = vmstat("pswpin"), out0 = vmstat("pswpout"), maj0 = vmstat("pgmajfault");
    long steal0 = vmstat("pgsteal");
    double t0 = now();
    for (uint64_t p = 0; p < npages; p++)
        fill((uint64_t *)(base + p * PG), p, gen[p]);
    uint64_t bad = 0;
    for (int pass = 1; pass <= passes; pass++) {
        bool random_order = pass % 2 == 0;
        for (uint64_t k = 0; k < npages; k++) {
            uint64_t p = random_order ? next_random() % npages : k;
            uint64_t *page = (uint64_t *)(base + p * PG);
            bad += check(page, p, gen[p]);
            if (!read_only && pass % 2 == 1 && (p + (uint64_t)pass) % 2 == 0) {
                gen[p] = (uint8_t)(gen[p] + 1);      /* a new generation: dirty again */
                fill(page, p, gen[p]);
            }
        }
        printf("pass %d (%s): %lu mismatched bytes so far\n", pass,
               random_order ? "random" : "sequential", (unsigned long)bad);
        fflush(stdout);
    }
    for (uint64_t p = 0; p < npages; p++)                /* a last full check */
        bad += check((uint64_t *)(base + p * PG), p, gen[p]);
    double secs = now() - t0;
    long in = vmstat("pswpin") - in0, out = vmstat("pswpout") - out0;
    long maj = vmstat("pgmajfault") - maj0, steal = vmstat("pgsteal") - steal0;
    printf("thrash: %lu MiB, %d passes, %.2f s: pswpin %ld pswpout %ld pgmajfault %ld\n",
           (unsigned long)mib, passes, secs, in, out, maj);
    printf("thrash: %ld pages evicted, %ld of them written, %ld dropped clean\n", steal, out,
           steal - out);
    if (slots)
        print_slots(base, npages, gen, slots);
    long pm_before = pagemap_swap_kb(base, npages), smaps = smaps_swap_kb(base);
    long pm_after = pagemap_swap_kb(base, npages);
    printf("thrash: in swap: pagemap %ld kB, smaps %ld kB, pagemap %ld kB: %s\n", pm_before, smaps,
           pm_after, smaps > 0 && pm_before <= smaps && smaps <= pm_after ? "agree" : "DISAGREE");
    printf("thrash: %lu mismatched bytes\n", (unsigned long)bad);
    printf("swap_thrash: %s\n", bad == 0 && in > 0 && out > 0 ? "passed" : "FAILED");
    return bad == 0 && in > 0 && out > 0 ? 0 : 1;
}
