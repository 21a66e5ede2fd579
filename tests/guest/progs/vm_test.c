/* vm_test — virtual memory seen through the counters Linux has too (/proc/self/status,
 * /proc/self/stat's minflt, /proc/vmstat's pgfault, /proc/meminfo, /proc/self/maps,
 * /proc/self/smaps): lazy allocation, the zero page, copy-on-write fork of a 16 MiB heap,
 * 300 sharers of one page, brk shrinking, stack growth, 200 GiB of sparse MAP_NORESERVE
 * memory, an exact maps text, smaps before and after fork. It prints the same on Pagoda
 * OS and on Linux; Pagoda OS's own counters (COW and zero-page faults, exact MemFree
 * after all this) are vm_counters'. Usage: vm_test [DIR] */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

#define PG 4096UL
#define ARENA 0x3000000000UL

static char text[16384];

/* The contents of a /proc file in text[] (no stdio, no malloc: they would move RSS). */
static const char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, text, sizeof text - 1);
    text[n > 0 ? n : 0] = 0;
    if (fd >= 0)
        close(fd);
    return text;
}

/* The number after "name" (and any separator) in path, or -1. */
static long field(const char *path, const char *name)
{
    const char *t = slurp(path);
    size_t len = strlen(name);
    for (const char *p = t; (p = strstr(p, name)) != NULL; p += len) {
        if ((p == t || p[-1] == '\n') && (p[len] == ' ' || p[len] == '\t' || p[len] == ':'))
            return strtol(p + len + 1, NULL, 10);
    }
    return -1;
}

static long rss_kb(void) { return field("/proc/self/status", "VmRSS"); }

/* minflt, field 10 of /proc/self/stat (after the name in parentheses). */
static long minflt(void)
{
    const char *p = strrchr(slurp("/proc/self/stat"), ')');
    for (int i = 2; p && i < 10; i++)
        p = strchr(p + 1, ' ');
    return p ? strtol(p + 1, NULL, 10) : -1;
}
static long vmstat(const char *name) { return field("/proc/vmstat", name); }
static long mem_free_kb(void) { return field("/proc/meminfo", "MemFree"); }

static void test_lazy(void)
{
    /* A check first: the code that prints one is resident before VmRSS is compared. */
    CHECK(rss_kb() > 0, "VmRSS is there");
    long before = rss_kb(), size_before = field("/proc/self/status", "VmSize");
    /* MAP_NORESERVE: Linux's default overcommit heuristic refuses 1 GiB on 128 MiB */
    char *p = mmap(NULL, 1UL << 30, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(p != MAP_FAILED, "mmap 1 GiB on a 128 MiB machine");
    CHECK(field("/proc/self/status", "VmSize") - size_before == 1 << 20, "VmSize grows by 1 GiB");
    CHECK(rss_kb() == before, "VmRSS does not move at mmap");
    p[0] = 1;
    p[512UL << 20] = 2;
    p[(1UL << 30) - 1] = 3;
    CHECK(rss_kb() - before == 12, "touching 3 pages adds exactly 3 pages to VmRSS");
    munmap(p, 1UL << 30);
    CHECK(rss_kb() == before, "munmap gives them back");

    /* 64 MiB: Linux's overcommit heuristic refuses a brk larger than RAM */
    char *b = sbrk(64L << 20);
    CHECK(b != (void *)-1, "sbrk 64 MiB");
    before = rss_kb();
    b = (char *)(((uintptr_t)b + PG - 1) & ~(PG - 1));   /* the break was mid-page */
    b[0] = b[30UL << 20] = b[(64UL << 20) - 2 * PG] = 7;
    CHECK(rss_kb() - before == 12, "brk heap: 3 touched pages, 3 pages of VmRSS");
    sbrk(-(64L << 20));
    CHECK(rss_kb() == before, "shrinking brk frees them");
}

static void test_zero_page(void)
{
    char *p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rss_kb();
    minflt();
    long before = rss_kb(), flt = minflt();
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += p[i * PG];
    CHECK(sum == 0 && rss_kb() == before, "reading 8 untouched pages maps the zero page: no RSS");
    CHECK(minflt() - flt == 8, "...8 minor faults");
    flt = minflt();
    p[3 * PG] = 1;
    CHECK(minflt() - flt == 1, "the first write is one more minor fault");
    CHECK(rss_kb() - before == 4 && p[3 * PG] == 1 && p[4 * PG] == 0,
          "...which replaces the zero page with a frame of its own");
    munmap(p, 8 * PG);
}

#define HEAP_MB 16

static void test_cow_fork(void)
{
    char *heap = sbrk(HEAP_MB << 20);
    memset(heap, 0x5a, HEAP_MB << 20);
    long free_before = mem_free_kb(), faults_before = vmstat("pgfault");
    pid_t pid = fork();
    if (pid == 0) {
        long free_child = mem_free_kb();
        minflt();
        long f0 = minflt();
        for (int i = 0; i < 10; i++)
            heap[i * 100 * PG] = 1;
        long f1 = minflt();
        printf("     10 writes to the heap in the child: %ld minor faults\n", f1 - f0);
        _exit((free_before - free_child < 1024 ? 0 : 1) | (f1 - f0 == 10 ? 0 : 2));
    }
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && !(WEXITSTATUS(st) & 1), "fork copies page tables, not the 16 MiB");
    CHECK(WIFEXITED(st) && !(WEXITSTATUS(st) & 2), "the child's 10 writes cost exactly 10 faults");
    long faults = vmstat("pgfault") - faults_before;
    CHECK(faults >= 10 && faults < 10 + 64, "faults only for the pages written after fork");
    CHECK(heap[0] == 0x5a && heap[100 * PG] == 0x5a, "the parent's heap kept its data");
    sbrk(-(HEAP_MB << 20));
}

#define SHARERS 300

static void test_many_sharers(void)
{
    static char page[PG] __attribute__((aligned(4096)));
    page[0] = 'P';
    int go[2], st;
    pipe(go);
    int forked = 0;
    for (int i = 0; i < SHARERS; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            char c;
            close(go[1]);
            read(go[0], &c, 1);           /* every child holds the page until then */
            _exit(page[0] == 'P' ? 0 : 1);
        }
        forked += pid > 0;
    }
    close(go[0]);
    CHECK(forked == SHARERS, "300 children share one page copy-on-write");
    page[0] = 'Q';                        /* a copy: 301 sharers */
    close(go[1]);
    int good = 0;
    while (wait(&st) > 0)
        good += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    CHECK(good == SHARERS && page[0] == 'Q', "each child kept the old data, the parent its new data");
}

static void test_brk_shrink(void)
{
    rss_kb();
    long before = rss_kb(), pte_before = field("/proc/self/status", "VmPTE");
    char *b = sbrk(8 << 20);
    memset(b, 1, 8 << 20);
    CHECK(rss_kb() - before == 8 << 10, "8 MiB of touched heap is 8 MiB of RSS");
    sbrk(-(8 << 20));
    CHECK(rss_kb() == before, "shrinking brk frees the frames");
    pid_t pid = fork();
    if (pid == 0) {
        (void)*(volatile char *)(b + PG);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "memory above the break is gone");
    CHECK(field("/proc/self/status", "VmPTE") == pte_before, "...and the page tables");
}

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static long recurse(long depth)
{
    volatile char pad[1024];
    pad[0] = (char)depth;
    return depth ? recurse(depth - 1) + pad[0] : 0;
}

static void test_stack(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        recurse(2048);
        long after = field("/proc/self/status", "VmStk");
        _exit(after >= 2048 && after <= 8192 ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the stack VMA grows down by the 2 MiB used");
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

#define SPARSE_GB 200UL
#define SPARSE_TOUCH 2000

static void test_sparse(void)
{
    long pt_before = field("/proc/meminfo", "PageTables");
    uint64_t size = SPARSE_GB << 30;
    char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(p != MAP_FAILED, "mmap 200 GiB MAP_NORESERVE");
    uint64_t s = 12345, npages = size / PG;
    long rss0 = rss_kb();
    for (int i = 0; i < SPARSE_TOUCH; i++) {
        uint64_t pg = lcg(&s) % npages;
        *(uint64_t *)(p + pg * PG) = pg ^ 0xfeed;
    }
    long touched = (rss_kb() - rss0) / 4;
    s = 12345;
    int ok = 1;
    for (int i = 0; i < SPARSE_TOUCH; i++) {
        uint64_t pg = lcg(&s) % npages;
        ok &= *(uint64_t *)(p + pg * PG) == (pg ^ 0xfeed);
    }
    printf("     %d random touches of 200 GiB: %ld pages resident\n", SPARSE_TOUCH, touched);
    CHECK(ok, "every touched page holds what was written");
    CHECK(field("/proc/meminfo", "PageTables") > pt_before, "...with page tables for them");
    CHECK(munmap(p, size) == 0, "munmap 200 GiB");
    CHECK(field("/proc/meminfo", "PageTables") == pt_before, "its page tables are freed");
}

static void maps_line(char *out, size_t size, uint64_t start, uint64_t end, const char *perms,
                      uint64_t off, unsigned dev, unsigned long ino, const char *name)
{
    int n = snprintf(out, size, "%08lx-%08lx %s %08lx %02x:%02x %lu ", start, end, perms, off,
                     dev >> 8, dev & 0xff, ino);
    if (name)
        snprintf(out + n, size - n, "%*s%s", n < 73 ? 73 - n : 0, "", name);
    strcat(out, "\n");
}

/* The lines of /proc/self/maps inside [ARENA, ARENA + 1 GiB). */
static void arena_maps(char *out, size_t size)
{
    const char *t = slurp("/proc/self/maps");
    out[0] = 0;
    for (const char *line = t; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
        uint64_t start = strtoul(line, NULL, 16);
        if (start >= ARENA && start < ARENA + (1UL << 30) && strlen(out) + len < size)
            strncat(out, line, len);
        line += len;
    }
}

static void test_maps(const char *dir)
{
    char file[200], want[2048], got[4096], line[256];
    snprintf(file, sizeof file, "%s/vm_test.dat", dir);
    int fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0644);
    char buf[PG];
    memset(buf, 'f', sizeof buf);
    for (int i = 0; i < 4; i++)
        write(fd, buf, sizeof buf);
    struct stat st;
    fstat(fd, &st);
    char *a = (char *)ARENA;
    int prot = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
    mmap(a, 16 * PG, prot, anon, -1, 0);
    mprotect(a + 4 * PG, 4 * PG, PROT_READ);
    munmap(a + 10 * PG, 2 * PG);
    mmap(a + 20 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, PG);
    mmap(a + 24 * PG, 2 * PG, prot, MAP_SHARED | MAP_FIXED, fd, 2 * PG);
    mmap(a + 26 * PG, PG, PROT_NONE, anon, -1, 0);
    want[0] = 0;
    maps_line(line, sizeof line, ARENA, ARENA + 4 * PG, "rw-p", 0, 0, 0, NULL);
    strcat(want, line);
    maps_line(line, sizeof line, ARENA + 4 * PG, ARENA + 8 * PG, "r--p", 0, 0, 0, NULL);
    strcat(want, line);
    maps_line(line, sizeof line, ARENA + 8 * PG, ARENA + 10 * PG, "rw-p", 0, 0, 0, NULL);
    strcat(want, line);
    maps_line(line, sizeof line, ARENA + 12 * PG, ARENA + 16 * PG, "rw-p", 0, 0, 0, NULL);
    strcat(want, line);
    maps_line(line, sizeof line, ARENA + 20 * PG, ARENA + 22 * PG, "r--p", PG, st.st_dev, st.st_ino, file);
    strcat(want, line);
    maps_line(line, sizeof line, ARENA + 24 * PG, ARENA + 26 * PG, "rw-s", 2 * PG, st.st_dev, st.st_ino, file);
    strcat(want, line);
    maps_line(line, sizeof line, ARENA + 26 * PG, ARENA + 27 * PG, "---p", 0, 0, 0, NULL);
    strcat(want, line);
    arena_maps(got, sizeof got);
    CHECK(strcmp(got, want) == 0, "/proc/self/maps after mmap, mprotect, munmap: exact text");
    if (strcmp(got, want) != 0)
        printf("--- want\n%s--- got\n%s", want, got);

    mprotect(a + 4 * PG, 4 * PG, prot);      /* alike again: one VMA */
    mmap(a + 10 * PG, 2 * PG, prot, anon, -1, 0);
    munmap(a + 20 * PG, 8 * PG);
    maps_line(want, sizeof want, ARENA, ARENA + 16 * PG, "rw-p", 0, 0, 0, NULL);
    arena_maps(got, sizeof got);
    CHECK(strcmp(got, want) == 0, "alike neighbours merge back into one VMA");
    if (strcmp(got, want) != 0)
        printf("--- want\n%s--- got\n%s", want, got);
    munmap(a, 16 * PG);
    close(fd);
    unlink(file);
}

/* Linux's mprotect changes the VMAs up to the first hole, then fails with ENOMEM. */
static void test_mprotect_hole(void)
{
    char *a = (char *)ARENA;
    mmap(a, 6 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    munmap(a + 4 * PG, PG);
    CHECK(mprotect(a, 6 * PG, PROT_READ) == -1 && errno == ENOMEM, "mprotect over a hole: ENOMEM");
    char want[256], got[1024], line[128];
    maps_line(want, sizeof want, ARENA, ARENA + 4 * PG, "r--p", 0, 0, 0, NULL);
    maps_line(line, sizeof line, ARENA + 5 * PG, ARENA + 6 * PG, "rw-p", 0, 0, 0, NULL);
    strcat(want, line);
    arena_maps(got, sizeof got);
    CHECK(strcmp(got, want) == 0, "...after changing the pages before the hole, not those after");
    munmap(a, 6 * PG);
}

/* The field `name` of the /proc/self/smaps entry of the mapping at va (KiB), or -1. */
static long smaps_field(uint64_t va, const char *name)
{
    char head[32], key[32];
    snprintf(head, sizeof head, "%08lx-", (unsigned long)va);
    snprintf(key, sizeof key, "\n%s:", name);
    const char *entry = strstr(slurp("/proc/self/smaps"), head);
    const char *next = entry ? strchr(entry, '\n') : NULL;
    const char *end = next ? strstr(next, "\nVmFlags:") : NULL;
    const char *f = end ? strstr(next, key) : NULL;
    return f && f < end ? strtol(f + strlen(key), NULL, 10) : -1;
}

/* /proc/self/smaps (pmap -x's source): 3 written and 2 read pages of 16 are 12 kB
 * resident, all private dirty and anonymous (the zero page is not counted); after
 * fork the 3 pages are shared (Pss halves) until the child has gone. */
static void test_smaps(void)
{
    uint64_t va = ARENA + 0x100000000UL;
    char *p = mmap((void *)va, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(p == (char *)va, "mmap 16 pages");
    volatile char sum = 0;
    for (int i = 0; i < 3; i++)
        p[i * PG] = 1;
    sum += p[8 * PG] + p[9 * PG];
    CHECK(smaps_field(va, "Size") == 64 && smaps_field(va, "Rss") == 12 && smaps_field(va, "Pss") == 12,
          "smaps: Size 64 kB, Rss and Pss 12 kB (the zero page is not counted)");
    CHECK(smaps_field(va, "Private_Dirty") == 12 && smaps_field(va, "Anonymous") == 12 &&
          smaps_field(va, "Shared_Dirty") == 0 && smaps_field(va, "Swap") == 0,
          "smaps: 12 kB private dirty anonymous, nothing shared or in swap");
    int to_child[2], to_parent[2];
    pipe(to_child);
    pipe(to_parent);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        read(to_child[0], &c, 1);
        _exit(0);
    }
    CHECK(smaps_field(va, "Shared_Dirty") == 12 && smaps_field(va, "Pss") == 6,
          "smaps after fork: 12 kB shared dirty, Pss 6 kB");
    write(to_child[1], "x", 1);
    int st;
    waitpid(pid, &st, 0);
    CHECK(smaps_field(va, "Private_Dirty") == 12 && smaps_field(va, "Pss") == 12,
          "smaps once the child is gone: private again");
    close(to_child[0]);
    close(to_child[1]);
    close(to_parent[0]);
    close(to_parent[1]);
    munmap(p, 16 * PG);
}

static void test_counters(void)
{
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    vmstat("pgfault");
    minflt();
    long f1 = vmstat("pgfault"), m1 = minflt();
    for (int i = 0; i < 4; i++)
        p[i * PG] = 1;
    long f2 = vmstat("pgfault"), m2 = minflt();
    printf("     4 demand-zero faults: pgfault +%ld, minflt +%ld\n", f2 - f1, m2 - m1);
    CHECK(f2 - f1 == 4 && m2 - m1 == 4, "pgfault and minflt count each demand-zero fault");
    munmap(p, 4 * PG);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    pid_t pid = fork();
    if (pid == 0) {
        test_lazy();
        test_zero_page();
        test_cow_fork();
        test_many_sharers();
        test_brk_shrink();
        test_stack();
        test_sparse();
        test_maps(dir);
        test_mprotect_hole();
        test_smaps();
        test_counters();
        _exit(failures ? 1 : 0);
    }
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "all checks in the child passed");
    return finish("vm_test");
}
