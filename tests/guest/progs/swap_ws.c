/* swap_ws — the working-set benchmark: for each working-set size (MiB), touches all
 * of it once, then makes ACCESSES_PER_PAGE accesses per page in one of two patterns,
 * and prints the major faults per 1000 accesses and the time the accesses took.
 *   loop  sweeps the pages in order, again and again (LRU's worst case: once the set
 *         is larger than memory, the page needed next is always the one just evicted)
 *   hot   80% of the accesses go to a hot fifth of the pages, the rest anywhere
 *         (uniformly random): a policy that sees the A bits keeps the hot pages
 * One access reads a word of the page; every fourth writes it (pages get dirty).
 * Usage: swap_ws loop|hot SIZE_MIB... */
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
#define ACCESSES_PER_PAGE 4

static uint64_t rng = 88172645463325252ULL;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
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

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "loop") && strcmp(argv[1], "hot"))) {
        fprintf(stderr, "usage: swap_ws loop|hot SIZE_MIB...\n");
        return 2;
    }
    bool hot = strcmp(argv[1], "hot") == 0;
    printf("%-5s %8s %10s %10s %8s %8s\n", "set", "MiB", "accesses", "majfault", "per1k", "seconds");
    for (int a = 2; a < argc; a++) {
        uint64_t mib = strtoul(argv[a], NULL, 0), npages = mib * 256;
        volatile uint64_t *base = mmap(NULL, npages * PG, PROT_READ | PROT_WRITE,
                                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) {
            perror("swap_ws: mmap");
            return 1;
        }
        for (uint64_t p = 0; p < npages; p++)
            base[p * PG / 8] = p;
        uint64_t n = npages * ACCESSES_PER_PAGE, nhot = npages / 5 ? npages / 5 : 1, sum = 0;
        long maj0 = vmstat("pgmajfault");
        double t0 = now();
        for (uint64_t i = 0; i < n; i++) {
            uint64_t p;
            if (!hot)
                p = i % npages;
            else if (next_random() % 100 < 80)
                p = next_random() % nhot;
            else
                p = next_random() % npages;
            volatile uint64_t *w = base + p * PG / 8 + (i % 8) * 64;
            if (i % 4 == 0)
                *w = i;
            else
                sum += *w;
        }
        double secs = now() - t0;
        long maj = vmstat("pgmajfault") - maj0;
        printf("%-5s %8lu %10lu %10ld %8.1f %8.2f\n", hot ? "hot" : "loop", (unsigned long)mib,
               (unsigned long)n, maj, 1000.0 * (double)maj / (double)n, secs);
        fflush(stdout);
        munmap((void *)base, npages * PG);
        (void)sum;
    }
    return 0;
}
