/* swap_oom — memory pressure without end, and a bystander.
 *   swap_oom hog         allocates and touches 1 MiB after another until killed; the
 *                        OOM killer must pick it (the largest process).
 *   swap_oom hold N FILE fills N MiB with a pattern, waits until FILE exists (a
 *                        sleep would end at once under --clock icount, where idle
 *                        time is skipped), checks the pattern and says "hold: N MiB
 *                        intact": it must survive the hog's death with its memory
 *                        intact, swapped out or not. FILE "-" does not wait. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096UL

static int hog(void)
{
    uint64_t mib = 0;
    for (;;) {
        uint8_t *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            printf("hog: mmap failed after %lu MiB\n", (unsigned long)mib);
            return 1;
        }
        for (uint64_t i = 0; i < (1 << 20); i += PG)
            p[i] = (uint8_t)(i >> 12 | 1);
        if (++mib % 16 == 0) {
            printf("hog: %lu MiB\n", (unsigned long)mib);
            fflush(stdout);
        }
    }
}

static int hold(uint64_t mib, const char *file)
{
    uint64_t n = mib << 20;
    uint64_t *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 1;
    for (uint64_t i = 0; i < n / 8; i++)
        p[i] = i * 0x9e3779b97f4a7c15ULL;
    while (strcmp(file, "-") != 0 && access(file, F_OK) < 0)
        sleep(1);
    uint64_t bad = 0;
    for (uint64_t i = 0; i < n / 8; i++)
        bad += p[i] != i * 0x9e3779b97f4a7c15ULL;
    if (bad)
        printf("hold: %lu words wrong\n", (unsigned long)bad);
    else
        printf("hold: %lu MiB intact\n", (unsigned long)mib);
    return bad != 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "hog") == 0)
        return hog();
    if (argc > 3 && strcmp(argv[1], "hold") == 0)
        return hold(strtoul(argv[2], NULL, 0), argv[3]);
    fprintf(stderr, "usage: swap_oom hog | hold MIB FILE\n");
    return 2;
}
