/* perf_test — Pagoda's TLB counters through perf_event_open and the SBI PMU: a sweep of
 * loads over 64 pages, twice the default (u54) DTLB's 32 entries with LRU, misses on
 * every load, so the user-mode DTLB load misses between the two ioctls are exactly
 * PAGES * SWEEPS. The enable, the sweep and the disable are one asm block: no other user
 * load happens in between. Usage: perf_test */
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "check.h"

#define PAGES 64
#define SWEEPS 50
#define USER_ONLY (PAGODA_RAW_NO_KERNEL | PAGODA_RAW_NO_MACHINE)

static int open_raw(unsigned long config)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_RAW;
    a.size = sizeof a;
    a.config = config;
    a.disabled = 1;
    a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return perf_event_open(&a, 0, -1, -1, 0);
}

/* ioctl(fd, ENABLE), SWEEPS passes of one load per page, ioctl(fd, DISABLE). */
static void sweep(int fd, char *base)
{
    register long a0 __asm__("a0");
    register long a1 __asm__("a1");
    register long a7 __asm__("a7") = SYS_ioctl;
    register long fdr __asm__("s2") = fd;
    register char *p __asm__("s3") = base;
    __asm__ volatile(
        "mv a0, s2\n li a1, %[en]\n ecall\n"
        "li t1, %[sweeps]\n"
        "1: mv t2, s3\n li t3, %[pages]\n"
        "2: ld t0, 0(t2)\n li t4, 4096\n add t2, t2, t4\n addi t3, t3, -1\n bnez t3, 2b\n"
        "addi t1, t1, -1\n bnez t1, 1b\n"
        "mv a0, s2\n li a1, %[dis]\n ecall\n"
        : "=&r"(a0), "=&r"(a1), "+r"(a7)
        : "r"(fdr), "r"(p), [en] "i"(PERF_EVENT_IOC_ENABLE), [dis] "i"(PERF_EVENT_IOC_DISABLE),
          [sweeps] "i"(SWEEPS), [pages] "i"(PAGES)
        : "t0", "t1", "t2", "t3", "t4", "memory");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    char *base = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    CHECK(base != MAP_FAILED, "mmap 64 pages");
    for (int i = 0; i < PAGES; i++)
        base[i * 4096] = 1;                 /* no page fault inside the sweep */
    int miss = open_raw(PAGODA_DTLB_LOAD_MISS | USER_ONLY);
    int load = open_raw(PAGODA_DTLB_LOAD_ACCESS | USER_ONLY);
    int kmiss = open_raw(PAGODA_DTLB_MISS | PAGODA_RAW_NO_USER);
    CHECK(miss >= 0 && load >= 0 && kmiss >= 0, "perf_event_open of raw DTLB events");
    ioctl(load, PERF_EVENT_IOC_ENABLE, 0);
    ioctl(kmiss, PERF_EVENT_IOC_ENABLE, 0);
    sweep(miss, base);
    ioctl(load, PERF_EVENT_IOC_DISABLE, 0);
    ioctl(kmiss, PERF_EVENT_IOC_DISABLE, 0);
    uint64_t m[3] = { 0 }, l[3] = { 0 }, k[3] = { 0 };
    CHECK(read(miss, m, sizeof m) == sizeof m && read(load, l, sizeof l) == sizeof l &&
          read(kmiss, k, sizeof k) == sizeof k, "read with TOTAL_TIME_ENABLED|RUNNING");
    printf("     user DTLB load misses %llu, %d expected\n", (unsigned long long)m[0],
           PAGES * SWEEPS);
    CHECK(m[0] == PAGES * SWEEPS, "every load of the sweep misses, and nothing else counts");
    CHECK(l[0] >= PAGES * SWEEPS, "the sweep's loads are among the user DTLB loads");
    CHECK(m[1] > 0 && m[2] > 0 && m[2] <= m[1], "time running within time enabled");
    CHECK(k[0] > 0, "the kernel's own DTLB misses count apart");
    ioctl(miss, PERF_EVENT_IOC_RESET, 0);
    CHECK(read(miss, m, sizeof m) == sizeof m && m[0] == 0, "reset clears the count");
    return finish("perf_test");
}
