/* vm_bench — what the fault handler costs, in instructions (instret counts the
 * kernel's too): an anonymous demand-zero fault, a zero-page read fault and a
 * copy-on-write fault, each without the 4 KiB clear or copy itself (the kernel counts
 * those in /proc/vmstat), fork + exit + wait of a process with a 16 MiB heap against
 * one without, and a pipe ping-pong between two processes. "vm_bench WORKLOAD" runs
 * one: zero, read, cow, fork, switch (the benchmark harness boots once per workload to
 * read the TLB statistics of each); "vm_bench demo [ROUNDS]" is the panel's
 * screenshot workload. */
#include <fcntl.h>
#include <pagoda.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <stdbool.h>
#include "check.h"

#define PG 4096UL
#define NPAGES 2048                     /* 8 MiB */
#define FORKS 20

static long vmstat(const char *name)
{
    static char text[4096];
    int fd = open("/proc/vmstat", O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, text, sizeof text - 1);
    text[n > 0 ? n : 0] = 0;
    close(fd);
    size_t len = strlen(name);
    for (char *p = text; (p = strstr(p, name)) != NULL; p += len)
        if ((p == text || p[-1] == '\n') && p[len] == ' ')
            return strtol(p + len + 1, NULL, 10);
    return 0;
}

static void report(const char *what, unsigned long insns, unsigned long extra, unsigned long n)
{
    printf("%-34s %8lu instructions", what, insns / n);
    if (extra)
        printf(" (+%lu clearing/copying the page)", extra / n);
    printf("\n");
}

static char *fresh(void)
{
    return mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void bench_zero(void)
{
    char *p = fresh();
    long z0 = vmstat("pagoda_clear_page_insns");
    unsigned long i0 = rdinstret();
    for (unsigned long i = 0; i < NPAGES; i++)
        p[i * PG] = 1;
    unsigned long insns = rdinstret() - i0;
    long clear = vmstat("pagoda_clear_page_insns") - z0;
    report("demand-zero fault (write)", insns - clear, clear, NPAGES);
    munmap(p, NPAGES * PG);
}

static void bench_read(void)
{
    char *p = fresh();
    unsigned long i0 = rdinstret();
    int sum = 0;
    for (unsigned long i = 0; i < NPAGES; i++)
        sum += p[i * PG];
    unsigned long insns = rdinstret() - i0;
    report(sum ? "?" : "zero-page fault (read)", insns, 0, NPAGES);
    munmap(p, NPAGES * PG);
}

static void bench_cow(void)
{
    char *p = fresh();
    memset(p, 1, NPAGES * PG);
    pid_t pid = fork();
    if (pid == 0) {
        long c0 = vmstat("pagoda_copy_page_insns");
        unsigned long i0 = rdinstret();
        for (unsigned long i = 0; i < NPAGES; i++)
            p[i * PG] = 2;
        unsigned long insns = rdinstret() - i0;
        long copy = vmstat("pagoda_copy_page_insns") - c0;
        report("copy-on-write fault", insns - copy, copy, NPAGES);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    unsigned long i0 = rdinstret();
    for (unsigned long i = 0; i < NPAGES; i++)
        p[i * PG] = 3;                    /* the frames are the parent's alone again */
    report("copy-on-write fault, frame reused", rdinstret() - i0, 0, NPAGES);
    munmap(p, NPAGES * PG);
}

static unsigned long fork_cost(void)
{
    unsigned long i0 = rdinstret();
    for (int i = 0; i < FORKS; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(0);
        waitpid(pid, NULL, 0);
    }
    return rdinstret() - i0;
}

static void bench_fork(void)
{
    report("fork+exit+wait, small process", fork_cost(), 0, FORKS);
    char *heap = sbrk(16 << 20);
    memset(heap, 1, 16 << 20);
    report("fork+exit+wait, 16 MiB heap", fork_cost(), 0, FORKS);
    sbrk(-(16 << 20));
}

/* Two processes bounce a byte over pipes, each touching its 8 pages per turn: every
 * round trip is two context switches, which ASIDs make cheap for the TLB. */
#define ROUNDS 2000
#define WORKING_SET 8

static void touch_set(volatile char *p)
{
    for (unsigned long i = 0; i < WORKING_SET; i++)
        p[i * PG]++;
}

static void bench_switch(void)
{
    int ping[2], pong[2];
    pipe(ping);
    pipe(pong);
    char *mine = fresh(), c = 0;
    memset(mine, 0, WORKING_SET * PG);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < ROUNDS; i++) {
            read(ping[0], &c, 1);
            touch_set(mine);
            write(pong[1], &c, 1);
        }
        _exit(0);
    }
    unsigned long i0 = rdinstret();
    for (int i = 0; i < ROUNDS; i++) {
        write(ping[1], &c, 1);
        touch_set(mine);
        read(pong[0], &c, 1);
    }
    report("pipe round trip, 2 switches", rdinstret() - i0, 0, ROUNDS);
    waitpid(pid, NULL, 0);
}

/* For the panel's screenshot: rounds of fork with copy-on-write writes in the child,
 * fresh demand-zero memory, a private file mapping read and written, and one child
 * that dies of SIGSEGV. */
static void demo(int rounds)
{
    char *heap = sbrk(4 << 20);
    memset(heap, 1, 4 << 20);
    int fd = open("/bin/sh", O_RDONLY);
    for (int round = 0; round < rounds; round++) {
        pid_t pid = fork();
        if (pid == 0) {
            for (unsigned long i = round % 2; i < (4 << 20) / PG; i += 2)
                heap[i * PG] = 2;                       /* copy-on-write */
            char *z = fresh();
            for (unsigned long i = 0; i < 256; i++)
                z[i * PG] = 3;                          /* demand-zero */
            char *f = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
            for (unsigned long i = 0; f != MAP_FAILED && i < 4; i++)
                f[i * PG] += f[(i + 4) * PG];           /* file pages, then a private copy */
            if (round == rounds - 1)
                *(volatile char *)0 = 0;                /* SIGSEGV */
            _exit(0);
        }
        waitpid(pid, NULL, 0);
        for (unsigned long i = 0; i < (4 << 20) / PG; i += 8)
            heap[i * PG]++;                             /* the parent's reuse faults */
    }
    close(fd);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *w = argc > 1 ? argv[1] : "all";
    bool all = strcmp(w, "all") == 0;
    if (all || strcmp(w, "zero") == 0)
        bench_zero();
    if (all || strcmp(w, "read") == 0)
        bench_read();
    if (all || strcmp(w, "cow") == 0)
        bench_cow();
    if (all || strcmp(w, "fork") == 0)
        bench_fork();
    if (all || strcmp(w, "switch") == 0)
        bench_switch();
    if (strcmp(w, "demo") == 0)
        demo(argc > 2 ? atoi(argv[2]) : 40);
    return 0;
}
