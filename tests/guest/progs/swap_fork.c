/* swap_fork — copy-on-write pages shared after fork go to swap and come back. The
 * parent fills SHARED MiB, forks, and the child waits while the parent pushes the
 * shared pages out to swap by sweeping PUSH MiB of its own. The child then checks it
 * sees them swapped out (/proc/self/pagemap), writes its own data to every third page
 * and checks the whole region; then the parent writes its own data to every other
 * page and checks the whole region; then the child checks again. Each must see the
 * original data except where it wrote itself. Usage: swap_fork [SHARED [PUSH]] */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096UL
#define WORDS (PG / 8)

enum { ORIGINAL = 0, CHILD = 1, PARENT = 2 };

static uint64_t pattern(uint64_t p, uint64_t w, uint64_t who)
{
    return (p * 0x9e3779b97f4a7c15ULL) ^ (w << 40) ^ (who << 60) ^ 0x1234;
}

static void fill(uint8_t *base, uint64_t p, uint64_t who)
{
    uint64_t *page = (uint64_t *)(base + p * PG);
    for (uint64_t w = 0; w < WORDS; w++)
        page[w] = pattern(p, w, who);
}

/* Pages of the region that do not hold what this process expects. */
static uint64_t check(const uint8_t *base, uint64_t npages, int me)
{
    uint64_t bad = 0;
    for (uint64_t p = 0; p < npages; p++) {
        uint64_t who = ORIGINAL;
        if (me == CHILD && p % 3 == 0)
            who = CHILD;
        if (me == PARENT && p % 2 == 0)
            who = PARENT;
        const uint64_t *page = (const uint64_t *)(base + p * PG);
        for (uint64_t w = 0; w < WORDS; w++) {
            if (page[w] != pattern(p, w, who)) {
                bad++;
                break;
            }
        }
    }
    return bad;
}

static uint64_t swapped_pages(const uint8_t *base, uint64_t npages)
{
    int fd = open("/proc/self/pagemap", O_RDONLY);
    uint64_t n = 0;
    for (uint64_t p = 0; fd >= 0 && p < npages; p++) {
        uint64_t e = 0;
        if (pread(fd, &e, 8, (off_t)((uintptr_t)(base + p * PG) / PG * 8)) == 8 && (e >> 62 & 1))
            n++;
    }
    if (fd >= 0)
        close(fd);
    return n;
}

static void wait_for(int fd)
{
    char c;
    if (read(fd, &c, 1) != 1)
        exit(3);
}

static void signal_to(int fd)
{
    if (write(fd, "x", 1) != 1)
        exit(3);
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

int main(int argc, char **argv)
{
    uint64_t shared_mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 16;
    uint64_t push_mib = argc > 2 ? strtoul(argv[2], NULL, 0) : 32;
    uint64_t npages = shared_mib * 256, npush = push_mib * 256;
    uint8_t *base = mmap(NULL, npages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        perror("swap_fork: mmap");
        return 1;
    }
    long in0 = vmstat("pswpin"), out0 = vmstat("pswpout");
    for (uint64_t p = 0; p < npages; p++)
        fill(base, p, ORIGINAL);
    int to_child[2], to_parent[2];
    if (pipe(to_child) < 0 || pipe(to_parent) < 0)
        return 1;
    pid_t pid = fork();
    if (pid < 0) {
        perror("swap_fork: fork");
        return 1;
    }
    if (pid == 0) {
        wait_for(to_child[0]);
        uint64_t out = swapped_pages(base, npages);
        printf("child: %lu of %lu shared pages are in swap\n", (unsigned long)out, (unsigned long)npages);
        for (uint64_t p = 0; p < npages; p += 3)
            fill(base, p, CHILD);
        uint64_t bad1 = check(base, npages, CHILD);
        printf("child: after its writes, %lu pages wrong\n", (unsigned long)bad1);
        fflush(stdout);
        signal_to(to_parent[1]);
        wait_for(to_child[0]);
        uint64_t bad2 = check(base, npages, CHILD);
        printf("child: after the parent's writes, %lu pages wrong\n", (unsigned long)bad2);
        fflush(stdout);
        _exit(bad1 || bad2 || out == 0 ? 1 : 0);
    }
    /* Push the shared pages out: a sweep over memory of our own. */
    uint8_t *push = mmap(NULL, npush * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (push == MAP_FAILED)
        return 1;
    for (int round = 0; round < 2; round++)
        for (uint64_t p = 0; p < npush; p++)
            push[p * PG] = (uint8_t)(p + round);
    munmap(push, npush * PG);
    uint64_t out = swapped_pages(base, npages);
    printf("parent: %lu of %lu shared pages are in swap\n", (unsigned long)out, (unsigned long)npages);
    fflush(stdout);
    signal_to(to_child[1]);
    wait_for(to_parent[0]);
    for (uint64_t p = 0; p < npages; p += 2)
        fill(base, p, PARENT);
    uint64_t bad = check(base, npages, PARENT);
    printf("parent: after both wrote, %lu pages wrong\n", (unsigned long)bad);
    fflush(stdout);
    signal_to(to_child[1]);
    int status;
    waitpid(pid, &status, 0);
    long in = vmstat("pswpin") - in0, outs = vmstat("pswpout") - out0;
    printf("swap_fork: pswpin %ld pswpout %ld\n", in, outs);
    bool ok = bad == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && in > 0 && outs > 0 && out > 0;
    printf("swap_fork: %s\n", ok ? "passed" : "FAILED");
    return ok ? 0 : 1;
}
