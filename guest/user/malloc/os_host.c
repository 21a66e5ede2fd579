/* os_host.c — the allocator's OS interface on the host, for tests and benchmarks: brk
 * is simulated in a big PROT_NONE reservation made accessible as the break moves up;
 * mmap, the environment and stderr are the host's own. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "malloc_os.h"
#include "pg_malloc.h"

#define BRK_RESERVE_BYTES ((size_t)16 << 30)

static char *brk_start, *brk_now;
static size_t brk_limit_bytes = BRK_RESERVE_BYTES;

static char *page_up(char *p)
{
    return (char *)(((uintptr_t)p + OS_PAGE_BYTES - 1) & ~(uintptr_t)(OS_PAGE_BYTES - 1));
}

void os_host_limit_brk(size_t max_bytes)
{
    brk_limit_bytes = max_bytes < BRK_RESERVE_BYTES ? max_bytes : BRK_RESERVE_BYTES;
}

void *os_brk(void *addr)
{
    char *want = addr;

    if (!brk_start) {
        void *r = mmap(NULL, BRK_RESERVE_BYTES, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (r == MAP_FAILED)
            return NULL;
        brk_start = brk_now = r;
    }
    if (!want || want < brk_start || (size_t)(want - brk_start) > brk_limit_bytes)
        return brk_now;
    if (want > brk_now) {
        if (mprotect(page_up(brk_now), page_up(want) - page_up(brk_now), PROT_READ | PROT_WRITE))
            return brk_now;
    } else if (page_up(want) < page_up(brk_now)) {
        madvise(page_up(want), page_up(brk_now) - page_up(want), MADV_DONTNEED);
        mprotect(page_up(want), page_up(brk_now) - page_up(want), PROT_NONE);
    }
    brk_now = want;
    return brk_now;
}

void *os_mmap(size_t size_bytes)
{
    void *p = mmap(NULL, size_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void os_munmap(void *addr, size_t size_bytes)
{
    munmap(addr, size_bytes);
}

void *os_mremap(void *addr, size_t old_bytes, size_t new_bytes)
{
    void *p = mremap(addr, old_bytes, new_bytes, MREMAP_MAYMOVE);
    return p == MAP_FAILED ? NULL : p;
}

void os_futex_wait(int *word, int val)
{
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

void os_futex_wake(int *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

const char *os_getenv(const char *name)
{
    return getenv(name);
}

void os_set_errno(int err)
{
    errno = err;
}

void os_write_err(const char *str)
{
    size_t len = strlen(str);
    while (len) {
        ssize_t n = write(2, str, len);
        if (n <= 0)
            return;
        str += n;
        len -= (size_t)n;
    }
}

void os_abort(void)
{
    abort();
}

/* MALLOC_STATS=1 on the host: the statistics print when the process exits. */
__attribute__((destructor)) static void print_stats_at_exit(void)
{
    malloc_atexit_hook();
}
