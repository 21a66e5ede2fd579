/* vm_counters — Pagoda OS's own memory counters, which Linux does not have:
 * /proc/self/faults (minor, major, COW, SIGSEGV per process), /proc/vmstat's pagoda_*
 * (zero-page mappings, COW faults, ASID rollovers) and an exact MemFree (no per-CPU
 * page lists hold freed frames back). Checks the zero page and copy-on-write by those
 * counters, that full TLB flushes happen only at ASID rollover, and that the whole of
 * vm_test (run as a child) leaks no frame and no page table. Pagoda OS only: on another
 * kernel it says what it lacks and fails. Usage: vm_counters [DIR] */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "check.h"

#define PG 4096UL

static long vmstat(const char *name) { return proc_field("/proc/vmstat", name); }
static long my_cow(void) { return proc_field("/proc/self/faults", "cow"); }
static long mem_free_kb(void) { return proc_field("/proc/meminfo", "MemFree"); }

static void zero_page(void)
{
    char *p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    vmstat("pagoda_zero_page_map");
    long zmaps = vmstat("pagoda_zero_page_map");
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += p[i * PG];
    CHECK(sum == 0 && vmstat("pagoda_zero_page_map") - zmaps == 8,
          "reading 8 untouched pages: 8 zero-page mappings");
    long cows = vmstat("pagoda_cow_fault"), mine = my_cow();
    p[3 * PG] = 1;
    /* Ours exactly; system-wide at least ours: on several harts the shell that forked
     * us may still be taking its own copy-on-write faults (its pages were shared with
     * us until our execve) while we get here. */
    CHECK(vmstat("pagoda_cow_fault") - cows >= 1 && my_cow() - mine == 1,
          "the first write is a copy-on-write fault (of the zero page)");
    munmap(p, 8 * PG);
}

#define HEAP_MB 16

static void cow_fork(void)
{
    char *heap = sbrk(HEAP_MB << 20);
    memset(heap, 0x5a, HEAP_MB << 20);
    long cow_before = vmstat("pagoda_cow_fault");
    pid_t pid = fork();
    if (pid == 0) {
        my_cow();
        long c0 = my_cow();
        for (int i = 0; i < 10; i++)
            heap[i * 100 * PG] = 1;
        _exit(my_cow() - c0 == 10 ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child's 10 heap writes: 10 COW faults of its own");
    long cows = vmstat("pagoda_cow_fault") - cow_before;
    CHECK(cows >= 10 && cows < 10 + 64, "COW faults system-wide: those and a few stack pages");
    sbrk(-(HEAP_MB << 20));
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    if (vmstat("pagoda_cow_fault") < 0 || proc_field("/proc/self/faults", "minor") < 0) {
        printf("     this kernel has no /proc/self/faults or pagoda_* counters in /proc/vmstat\n");
        return 1;
    }
    zero_page();
    cow_fork();
    long rollovers = vmstat("pagoda_asid_rollover");
    CHECK(vmstat("pagoda_tlb_flush_full") == rollovers, "full TLB flushes only at ASID rollover");
    printf("     ASID rollovers so far: %ld\n", rollovers);

    mem_free_kb();
    long free_before = mem_free_kb();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        char *args[] = { "vm_test", (char *)dir, NULL };
        execv("/test/vm_test", args);
        _exit(127);
    }
    int st;
    CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "vm_test passes");
    long free_after = mem_free_kb();
    printf("     MemFree before vm_test %ld kB, after %ld kB\n", free_before, free_after);
    CHECK(free_after == free_before, "vm_test leaked no frame or page table");
    return finish("vm_counters");
}
