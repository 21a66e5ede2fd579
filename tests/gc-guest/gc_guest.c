/* gc_guest.c — the collectors inside the guest OS.
 *   gc_guest random OPS   the randomized model test (guest/user/gc/random_test.c) under
 *                         every collector and generational variant, on Pagoda's kernel
 *                         (the mprotect barrier takes real SIGSEGVs)
 *   gc_guest maps         the generational heap's VMAs as /proc/self/maps names them
 *   gc_guest prctl        prctl(PR_SET_VMA_ANON_NAME) and PR_SET_NAME as Linux defines
 *                         them: splitting, merging, clearing, fork, errors
 *   gc_guest wild         a wild store under the mprotect barrier: SIGSEGV all the same
 * Prints what it checked; exit status 0 when all held. Also runs under qemu-riscv64. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gc_random_test.h"
#include "pg_gc.h"

static const struct {
    const char *name;
    enum gc_policy policy;
    enum gc_barrier barrier;
    int old_compacts, rc_cycles;
} variants[] = {
    { "refcount", GC_REFCOUNT, 0, 0, 0 },
    { "refcount+cycles", GC_REFCOUNT, 0, 0, 1 },
    { "marksweep", GC_MARKSWEEP, 0, 0, 0 },
    { "markcompact", GC_MARKCOMPACT, 0, 0, 0 },
    { "copying", GC_COPYING, 0, 0, 0 },
    { "generational card", GC_GENERATIONAL, GC_BARRIER_CARD, 0, 0 },
    { "generational remset", GC_GENERATIONAL, GC_BARRIER_REMSET, 0, 0 },
    { "generational mprotect", GC_GENERATIONAL, GC_BARRIER_MPROTECT, 0, 0 },
    { "generational compact", GC_GENERATIONAL, GC_BARRIER_CARD, 1, 0 },
};

static int random_all(long ops)
{
    int failed = 0;
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        struct gc_config cfg;
        struct gc_random_result r;
        gc_test_config(&cfg, variants[v].policy);
        cfg.barrier = variants[v].barrier;
        cfg.old_compacts = variants[v].old_compacts;
        cfg.rc_cycles = variants[v].rc_cycles;
        int rc = gc_random_test(&cfg, 77 + v, ops, &r);
        printf("gc %s: %ld ops, %lu checks, %lu leaked: %s\n", variants[v].name, ops, r.checks,
               r.leaked, rc ? r.why : "ok");
        failed |= rc != 0;
    }
    return failed;
}

/* The /proc/self/maps line naming `name` ("[anon:NAME]"): its size, or 0. */
static unsigned long mapped_bytes(const char *name, unsigned long *start)
{
    char line[256], want[96];
    unsigned long lo, hi, found = 0;
    snprintf(want, sizeof want, "[anon:%s]", name);
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        size_t n = strlen(line), w = strlen(want);
        if (n >= w && !strcmp(line + n - w, want) && sscanf(line, "%lx-%lx", &lo, &hi) == 2) {
            found += hi - lo;
            if (start)
                *start = lo;
        }
    }
    fclose(f);
    return found;
}

static int show_maps(void)
{
    static const size_t off[] = { 0 };
    struct gc_config c;
    gc_config_default(&c);
    c.policy = GC_GENERATIONAL;
    if (gc_init(&c))
        return 1;
    gc_type_t t = gc_register_type("pair", 16, 1, off);
    void *keep = NULL;
    gc_push_frame();
    gc_root(&keep);
    keep = gc_alloc_ptr_array(10000);           /* a large object */
    for (int i = 0; i < 200000; i++)
        gc_alloc(t);
    static const char *const names[] = { "gc eden", "gc survivor 0", "gc survivor 1", "gc old",
                                         "gc card table", "gc large" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        printf("maps: %s %lu KiB\n", names[i], mapped_bytes(names[i], NULL) / 1024);
    gc_pop_frame();
    return 0;
}

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        printf("prctl: FAILED: %s (errno %d)\n", what, errno);
        failures++;
    }
}

/* How many maps lines cover [p, p + len). */
static int vmas_in(char *p, size_t len)
{
    char line[256];
    unsigned long lo, hi;
    int n = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo < (unsigned long)(p + len) &&
            hi > (unsigned long)p)
            n++;
    if (f)
        fclose(f);
    return n;
}

static int prctl_checks(void)
{
    const size_t page = 4096;
    char *p = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned long start = 0;
    expect(p != MAP_FAILED, "mmap");
    expect(prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p + page, 2 * page, "gc test") == 0,
           "naming the middle two pages");
    expect(mapped_bytes("gc test", &start) == 2 * page && start == (unsigned long)(p + page),
           "[anon:gc test] covers exactly the middle two pages");
    expect(vmas_in(p, 4 * page) == 3, "the VMA split in three");
    expect(prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, 4 * page, "gc test") == 0, "naming all");
    expect(vmas_in(p, 4 * page) == 1 && mapped_bytes("gc test", NULL) == 4 * page,
           "alike neighbours merge again");
    pid_t pid = fork();
    if (pid == 0)
        _exit(mapped_bytes("gc test", NULL) == 4 * page ? 0 : 1);
    int status = -1;
    waitpid(pid, &status, 0);
    expect(status == 0, "a forked child keeps the name");
    expect(prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, 4 * page, NULL) == 0, "clearing");
    expect(mapped_bytes("gc test", NULL) == 0, "no name after clearing");
    errno = 0;
    expect(prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, page, "a[b") == -1 && errno == EINVAL,
           "'[' is refused with EINVAL");
    char long_name[81];
    memset(long_name, 'x', 80);
    long_name[80] = 0;
    errno = 0;
    expect(prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, page, long_name) == -1 && errno == EINVAL,
           "an 80-byte name is refused with EINVAL");
    long_name[79] = 0;
    expect(prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, page, long_name) == 0,
           "a 79-byte name is accepted");
    errno = 0;
    expect(prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p + 1, page, "x") == -1 && errno == EINVAL,
           "an unaligned start is refused with EINVAL");
    errno = 0;
    expect(prctl(PR_SET_VMA, 1, p, page, "x") == -1 && errno == EINVAL,
           "an unknown PR_SET_VMA attribute is refused with EINVAL");
    munmap(p + 3 * page, page);
    errno = 0;
    expect(prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, 4 * page, "gc part") == -1 &&
           errno == ENOMEM, "a range with a hole gives ENOMEM");
    expect(mapped_bytes("gc part", NULL) == 3 * page, "... after naming the mapped part");
    int fd = open("/bin/sh", O_RDONLY);
    char *file = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
    errno = 0;
    expect(file != MAP_FAILED &&
           prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, file, page, "x") == -1 && errno == EBADF,
           "a file mapping is refused with EBADF");
    char comm[16] = "";
    expect(prctl(PR_SET_NAME, "gc-guest-renamed-long") == 0, "PR_SET_NAME");
    expect(prctl(PR_GET_NAME, comm) == 0 && !strcmp(comm, "gc-guest-rename"),
           "PR_GET_NAME gives the first 15 bytes");
    errno = 0;
    expect(prctl(12345, 0, 0, 0, 0) == -1 && errno == EINVAL, "an unknown option gives EINVAL");
    printf("prctl: %s\n", failures ? "FAILED" : "ok");
    return failures != 0;
}

/* A wild store while the mprotect barrier's SIGSEGV handler is installed: the
 * process must still die of SIGSEGV (status 139 in the shell). */
static int wild_store(void)
{
    struct gc_config c;
    gc_test_config(&c, GC_GENERATIONAL);
    c.barrier = GC_BARRIER_MPROTECT;
    if (gc_init(&c))
        return 1;
    gc_collect();
    char *guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (guard == MAP_FAILED)
        return 1;
    *(volatile char *)guard = 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "random"))
        return random_all(argc > 2 ? atol(argv[2]) : 20000);
    if (argc > 1 && !strcmp(argv[1], "maps"))
        return show_maps();
    if (argc > 1 && !strcmp(argv[1], "prctl"))
        return prctl_checks();
    if (argc > 1 && !strcmp(argv[1], "wild"))
        return wild_store();
    fprintf(stderr, "usage: gc_guest random [OPS] | maps | prctl | wild\n");
    return 2;
}
