/* tlb_test.c — TLB coherence across harts, seen from user space.
 *
 *   tlb_test stale [SEED [ROUNDS]]
 *       A writer thread, pinned to one hart, stores to a page in a tight loop (so
 *       that its hart's TLB holds the translation); the main thread, pinned to
 *       another, takes the page away or weakens it — munmap, mprotect(PROT_READ),
 *       and fork (which makes the page copy-on-write) — and, once that call has
 *       returned, raises a flag. A store the writer makes after it has seen the flag
 *       must fault (SIGSEGV for munmap and mprotect); for fork, it must not reach the
 *       frame the child now shares (the child watches its copy and must never see it
 *       change). SEED varies how long the writer runs before each change. Any stale
 *       store is counted and fails the test. Works on any number of harts.
 *
 *   tlb_test swap [SEED [ROUNDS]]
 *       The same for swap-out (needs swap): a looper thread pinned on one hart checks
 *       and rewrites every word of a page in a loop; the main thread, on another,
 *       evicts the page with madvise(MADV_PAGEOUT) and writes other data into fresh
 *       pages, which often get the frame the page left. Every word the looper reads
 *       must be the one it wrote last; the page must have gone to swap and come back
 *       (pagemap, major faults, pswpout/pswpin) and each pageout must have sent the
 *       looper's hart a shootdown.
 *
 *   tlb_test count [HARTS]
 *       Predicts the exact number of remote TLB flushes of a scripted sequence and
 *       compares them with the address space's own counts (/proc/self/faults: exact
 *       whatever other processes do meanwhile) and /proc/vmstat (which must count
 *       them too): the process runs pinned to hart 0 (it re-executes itself pinned,
 *       so its address space has never been on another hart), then with a sleeping
 *       thread pinned on hart 1, then another on hart 2; each step does the same
 *       unmaps and protection changes, and every one that removes or weakens a
 *       translation must send exactly one request to the other harts the address
 *       space has run on (none while it has run on one hart only), one that adds
 *       rights or finds no PTE none. HARTS (given when run as init): wait until that
 *       many harts are online. At the end it prints what each hart received (requests,
 *       and the sfence.vma they take) for a comparison with the emulator's --stats,
 *       and leaves its threads unjoined, so that nothing after adds to the counts.
 *
 *   tlb_test bench [ITERATIONS [HARTS]]
 *       make bench-smp's workload: a thread per online hart (HARTS: wait for that many,
 *       when run as init), each mapping 4 pages, writing them, making them read-only,
 *       reading them and unmapping them ITERATIONS times. Prints the loop's time and the
 *       shootdowns, which must be exactly one request per mprotect and per munmap to
 *       every other hart.
 *
 * Pagoda OS's counters: runs on Pagoda OS (on Pagoda or QEMU), not under Linux. */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define PG 4096UL

static int nharts;

static int pin(int hart)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(hart, &s);
    return sched_setaffinity(0, sizeof s, &s);
}

static int online_harts(void)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    if (sched_getaffinity(0, sizeof s, &s) < 0)
        return 1;
    return CPU_COUNT(&s);
}

static long vmstat(const char *name) { return proc_field("/proc/vmstat", name); }

/* ---- stale ---- */

enum { MODE_MUNMAP, MODE_MPROTECT, MODE_FORK };
static const char *mode_names[] = { "munmap", "mprotect", "fork" };

static volatile long *volatile page;
static volatile int mode;
static volatile int go, done_round;   /* round the writer is to run / has finished */
static volatile int phase;            /* 1: the change has returned; 2: fork's child is done */
static volatile int faulted;
static volatile long writes, stale;
static int writer_hart, changer_hart;

static void on_segv(int sig)
{
    (void)sig;
    faulted = 1;
    /* A fresh page where the old one was, so that the store completes. */
    mmap((void *)page, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static void *writer(void *arg)
{
    int rounds = (int)(long)arg;
    pin(writer_hart);
    for (int r = 1; r <= rounds; r++) {
        while (__atomic_load_n(&go, __ATOMIC_ACQUIRE) < r)
            sched_yield();
        long n = 0;
        for (;;) {
            int ph = __atomic_load_n(&phase, __ATOMIC_ACQUIRE);
            *page = ++n;
            if (mode != MODE_FORK) {
                if (faulted)
                    break;
                if (ph) {                     /* the store went through after the change */
                    stale++;
                    if (n > 100000)
                        break;
                }
            } else if (ph == 2) {
                break;
            }
            __atomic_store_n(&writes, writes + 1, __ATOMIC_RELEASE);
        }
        __atomic_store_n(&done_round, r, __ATOMIC_RELEASE);
    }
    return NULL;
}

static unsigned long rng;

static unsigned long next_rand(void)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return rng >> 33;
}

/* One round: map a page, let the writer run a while, change it, raise the flag. */
static int stale_round(int r, int m)
{
    int child_bad = 0;
    page = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *page = 0;
    mode = m;
    faulted = 0;
    phase = 0;
    __atomic_store_n(&writes, 0, __ATOMIC_RELEASE);
    long wait = 500 + (long)(next_rand() % 5000);
    __atomic_store_n(&go, r, __ATOMIC_RELEASE);
    while (__atomic_load_n(&writes, __ATOMIC_ACQUIRE) < wait)
        sched_yield();
    if (m == MODE_MUNMAP) {
        munmap((void *)page, PG);
    } else if (m == MODE_MPROTECT) {
        mprotect((void *)page, PG, PROT_READ);
    } else {
        pid_t pid = fork();
        if (pid == 0) {
            /* The child's copy must keep the value it had at fork while the parent's
             * writer goes on writing (into its own copy, after a COW fault). */
            long v0 = *page;
            for (long i = 0; i < 200000; i++)
                if (*page != v0)
                    _exit(1);
            _exit(0);
        }
        __atomic_store_n(&phase, 1, __ATOMIC_RELEASE);
        int st = 0;
        waitpid(pid, &st, 0);
        child_bad = !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        __atomic_store_n(&phase, 2, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&phase, 1 + (m == MODE_FORK), __ATOMIC_RELEASE);
    while (__atomic_load_n(&done_round, __ATOMIC_ACQUIRE) < r)
        sched_yield();
    munmap((void *)page, PG);
    return child_bad || (m != MODE_FORK && !faulted);
}

static int stale_test(unsigned long seed, int rounds)
{
    rng = seed;
    writer_hart = nharts > 1 ? 1 : 0;
    changer_hart = nharts > 2 ? 2 : 0;
    pin(changer_hart);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    pthread_t t;
    pthread_create(&t, NULL, writer, (void *)(long)(3 * rounds));
    int r = 0;
    for (int m = MODE_MUNMAP; m <= MODE_FORK; m++) {
        long stale0 = stale;
        int bad = 0;
        for (int i = 0; i < rounds; i++)
            bad += stale_round(++r, m);
        char what[160];
        snprintf(what, sizeof what, "%s on hart %d, writer on hart %d, %d rounds: no store "
                 "after the call returned went through", mode_names[m], changer_hart,
                 writer_hart, rounds);
        if (stale != stale0 || bad)
            printf("  %ld stale stores, %d bad rounds\n", stale - stale0, bad);
        CHECK(stale == stale0 && bad == 0, what);
    }
    pthread_join(t, NULL);
    return finish("tlb_test stale");
}

/* ---- swap ---- */

#define WORDS (PG / sizeof(long))
#define FOREIGN 0x5a5a5a5a00000000L           /* what the changer writes into new pages */
#define REUSE_PAGES 32

static volatile long *hot;                     /* the page the looper uses */
static volatile int quit_loop;
static volatile int pause_req, paused, resume; /* round numbers */
static volatile long passes, bad_words;
static volatile long first_bad_seen, first_bad_want;

/* What word i of the hot page holds after g passes: never FOREIGN's, never zero. */
static long pattern(long g, unsigned long i)
{
    return (long)((0x7a3dUL << 48) ^ ((unsigned long)g << 16) ^ (i * 0x9e37UL) ^ 1);
}

/* Pinned on its hart: reads every word of the page, checks it, writes the next value,
 * over and over. When asked, it stops touching the page for a while (spinning, still
 * on its hart, its TLB still holding the translation) until told to go on. */
static void *looper(void *arg)
{
    (void)arg;
    pin(writer_hart);
    long g = 0;
    while (!__atomic_load_n(&quit_loop, __ATOMIC_ACQUIRE)) {
        for (unsigned long i = 0; i < WORDS; i++) {
            long v = hot[i], want = pattern(g, i);
            if (v != want) {
                if (!bad_words) {
                    first_bad_seen = v;
                    first_bad_want = want;
                }
                bad_words++;
            }
            hot[i] = pattern(g + 1, i);
        }
        g++;
        __atomic_store_n(&passes, passes + 1, __ATOMIC_RELEASE);
        int r = __atomic_load_n(&pause_req, __ATOMIC_ACQUIRE);
        if (r && r != paused) {
            __atomic_store_n(&paused, r, __ATOMIC_RELEASE);
            while (__atomic_load_n(&resume, __ATOMIC_ACQUIRE) != r &&
                   !__atomic_load_n(&quit_loop, __ATOMIC_ACQUIRE))
                ;
        }
    }
    return NULL;
}

static uint64_t pagemap_entry(int fd, const volatile void *va)
{
    uint64_t e = 0;
    if (pread(fd, &e, sizeof e, (off_t)((uintptr_t)va / PG * 8)) != sizeof e)
        return 0;
    return e;
}
#define PM_PRESENT (1UL << 63)
#define PM_SWAPPED (1UL << 62)
#define PM_PFN(e)  ((e) & ((1UL << 55) - 1))

static void wait_passes(long n)
{
    long p0 = __atomic_load_n(&passes, __ATOMIC_ACQUIRE);
    while (__atomic_load_n(&passes, __ATOMIC_ACQUIRE) < p0 + n)
        sched_yield();
}

/* A thread pinned on one hart checks and rewrites every word of a page in a loop; the
 * main thread, on another hart, pushes that page out to swap with
 * madvise(MADV_PAGEOUT) and at once gives fresh pages to whatever frame the kernel
 * hands out next (usually the one the page just left), filling them with other data.
 * In most rounds the looper is spinning beside the page meanwhile (the page must then
 * be found swapped out, and its next touch is a swap-in); in the others it goes on
 * using it during the call. A stale translation on the looper's hart would show it the
 * other data, or lose its writes: every word it reads must be the one it wrote last. */
static int swap_test(unsigned long seed, int rounds)
{
    rng = seed;
    writer_hart = nharts > 1 ? 1 : 0;
    changer_hart = nharts > 2 ? 2 : 0;
    pin(changer_hart);
    if (proc_field("/proc/meminfo", "SwapTotal") <= 0) {
        printf("tlb_test swap: no swap (boot with a swap disk: swap=/dev/vda)\n");
        return 1;
    }
    int pm = open("/proc/self/pagemap", O_RDONLY);
    hot = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (unsigned long i = 0; i < WORDS; i++)
        hot[i] = pattern(0, i);
    long *fresh = mmap(NULL, REUSE_PAGES * PG, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int k = 0; k < REUSE_PAGES; k++)          /* its page tables exist from now on */
        fresh[k * WORDS] = 1;
    long out0 = vmstat("pswpout"), in0 = vmstat("pswpin");
    long maj0 = proc_field("/proc/self/faults", "major");
    pthread_t t;
    pthread_create(&t, NULL, looper, NULL);
    int pause_rounds = 0, swapped_seen = 0, reused = 0, madvise_failed = 0;
    long pageout_flushes = 0;
    for (int r = 1; r <= rounds; r++) {
        bool pause = next_rand() % 3 != 0;
        wait_passes(1 + (long)(next_rand() % 4));
        uint64_t before = pagemap_entry(pm, hot);
        madvise(fresh, REUSE_PAGES * PG, MADV_DONTNEED);  /* their frames go first */
        if (pause) {
            pause_rounds++;
            __atomic_store_n(&pause_req, r, __ATOMIC_RELEASE);
            while (__atomic_load_n(&paused, __ATOMIC_ACQUIRE) != r)
                sched_yield();
        }
        long rf = proc_field("/proc/self/faults", "tlb_remote_flush");
        if (madvise((void *)hot, PG, MADV_PAGEOUT) != 0)
            madvise_failed++;
        if (pause)
            pageout_flushes += proc_field("/proc/self/faults", "tlb_remote_flush") - rf;
        uint64_t after = pagemap_entry(pm, hot);
        if (pause && (after & PM_SWAPPED))
            swapped_seen++;
        bool reuse = false;
        for (int k = 0; k < REUSE_PAGES; k++) {
            for (unsigned long i = 0; i < WORDS; i++)
                fresh[k * WORDS + i] = FOREIGN | (long)i;
            if ((before & PM_PRESENT) && PM_PFN(pagemap_entry(pm, fresh + k * WORDS)) == PM_PFN(before))
                reuse = true;
        }
        reused += reuse;
        if (pause)
            __atomic_store_n(&resume, r, __ATOMIC_RELEASE);
        wait_passes(2);                            /* it used the page again, whole */
    }
    __atomic_store_n(&quit_loop, 1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    long maj = proc_field("/proc/self/faults", "major") - maj0;
    long out = vmstat("pswpout") - out0, in = vmstat("pswpin") - in0;
    char what[240];
    if (bad_words)
        printf("  first wrong word: %lx, not %lx\n", (unsigned long)first_bad_seen,
               (unsigned long)first_bad_want);
    snprintf(what, sizeof what, "looper on hart %d, pageout on hart %d, %d rounds: every word read "
             "was the one last written (%ld wrong)", writer_hart, changer_hart, rounds, bad_words);
    CHECK(bad_words == 0 && madvise_failed == 0, what);
    snprintf(what, sizeof what, "the page was out in swap after each of the %d rounds the looper "
             "paused in (%d)", pause_rounds, swapped_seen);
    CHECK(swapped_seen == pause_rounds, what);
    snprintf(what, sizeof what, "and came back by swap-in: %ld major faults, pswpout +%ld, "
             "pswpin +%ld (at least %d each)", maj, out, in, pause_rounds);
    CHECK(maj >= pause_rounds && out >= pause_rounds && in >= pause_rounds, what);
    snprintf(what, sizeof what, "the looper's hart was sent a shootdown for each: %ld remote "
             "flush requests during those calls (at least %d)", pageout_flushes,
             writer_hart != changer_hart ? pause_rounds : 0);
    CHECK(pageout_flushes >= (writer_hart != changer_hart ? pause_rounds : 0), what);
    /* Whether the frame the page left is the next one handed out depends on what the
     * buddy allocator merged it with: run.py adds this up over seeds and wants some. */
    printf("tlb_test swap: the frame the page left held other data after %d of %d rounds\n",
           reused, rounds);
    close(pm);
    return finish("tlb_test swap");
}

/* ---- count ---- */

/* This address space's shootdowns (/proc/self/faults) — exact whatever other processes
 * do meanwhile — and the system's (/proc/vmstat), which must count them too. */
struct counts { long sent, received, sys_sent, sys_received; };

static struct counts now(void)
{
    struct counts c = { proc_field("/proc/self/faults", "tlb_remote_flush"),
                        proc_field("/proc/self/faults", "tlb_remote_flush_received"),
                        vmstat("nr_tlb_remote_flush"), vmstat("nr_tlb_remote_flush_received") };
    return c;
}

static volatile int sleeper_ready, sleeper_quit;
static volatile int sleeper_cpu = -1;

static void *sleeper(void *arg)
{
    int hart = (int)(long)arg;
    pin(hart);
    sleeper_cpu = sched_getcpu();
    __atomic_store_n(&sleeper_ready, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&sleeper_quit, __ATOMIC_ACQUIRE))
        futex(&sleeper_quit, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
    return NULL;
}

static long *touch(size_t pages)
{
    long *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < pages; i++)
        p[i * PG / sizeof(long)] = (long)i;
    return p;
}

#define SMALL_UNMAPS 5
#define PROT_PAGES 4
#define BIG_PAGES 100            /* above the kernel's 64: one fence for the whole ASID */

/* The scripted sequence: the requests that remove or weaken translations. Returns
 * how many times the big unmap flushed the whole ASID on this hart. */
static long sequence(void)
{
    for (int i = 0; i < SMALL_UNMAPS; i++)          /* SMALL_UNMAPS requests of one page */
        munmap(touch(1), PG);
    void *untouched = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(untouched, 8 * PG);                      /* no PTE: nothing to flush */
    long *p = touch(PROT_PAGES);
    mprotect(p, PROT_PAGES * PG, PROT_READ);        /* one request for the range */
    mprotect(p, PROT_PAGES * PG, PROT_READ | PROT_WRITE);   /* adds rights: none */
    p[0] = 1;
    munmap(p, PROT_PAGES * PG);                     /* one request */
    long *big = touch(BIG_PAGES);
    long all0 = vmstat("nr_tlb_local_flush_all");
    munmap(big, BIG_PAGES * PG);                    /* one request, the whole ASID */
    return vmstat("nr_tlb_local_flush_all") - all0;
}
#define SEQ_REQUESTS (SMALL_UNMAPS + 1 + 1 + 1)
/* The sfence.vma instructions a receiving hart runs for them: one per page of a range,
 * one for the whole ASID (the firmware fences page by page up to 64 pages). */
#define SEQ_FENCES (SMALL_UNMAPS + PROT_PAGES + PROT_PAGES + 1)

static void step(const char *what, int others)
{
    struct counts a = now();
    long all = sequence();
    struct counts b = now();
    long want_sent = others ? SEQ_REQUESTS : 0;
    char line[200];
    snprintf(line, sizeof line, "%s: %ld remote flush requests sent, %ld received (want %ld, %ld)",
             what, b.sent - a.sent, b.received - a.received, want_sent, want_sent * others);
    CHECK(b.sent - a.sent == want_sent && b.received - a.received == want_sent * others, line);
    snprintf(line, sizeof line, "%s: /proc/vmstat counts them (%ld sent, %ld received system-wide)",
             what, b.sys_sent - a.sys_sent, b.sys_received - a.sys_received);
    CHECK(b.sys_sent - a.sys_sent >= want_sent && b.sys_received - a.sys_received >= want_sent * others,
          line);
    snprintf(line, sizeof line, "%s: the big unmap flushes the whole ASID here once (%ld)", what, all);
    CHECK(all == 1, line);
}

static int count_test(const char *self, bool pinned)
{
    if (!pinned) {
        /* A new address space that has only ever been on hart 0. */
        pin(0);
        char harts[16];
        snprintf(harts, sizeof harts, "%d", nharts);
        char *argv[] = { (char *)self, "count", "-pinned", harts, NULL };
        execv(self, argv);
        perror("tlb_test: execv");
        return 1;
    }
    CHECK(sched_getcpu() == 0, "running on hart 0");
    int h1 = nharts > 1 ? 1 : 0, h2 = nharts > 2 ? 2 : h1;
    step("one hart", 0);

    pthread_t t1, t2;
    (void)t1, (void)t2;
    pthread_create(&t1, NULL, sleeper, (void *)(long)h1);
    while (!__atomic_load_n(&sleeper_ready, __ATOMIC_ACQUIRE))
        sched_yield();
    CHECK(sleeper_cpu == h1, "a thread pinned on the second hart runs there");
    step("with a thread on a second hart", h1 != 0);

    sleeper_ready = 0;
    sleeper_cpu = -1;
    pthread_create(&t2, NULL, sleeper, (void *)(long)h2);
    while (!__atomic_load_n(&sleeper_ready, __ATOMIC_ACQUIRE))
        sched_yield();
    CHECK(sleeper_cpu == h2, "a thread pinned on the third hart runs there");
    int others = (h1 != 0) + (h2 != h1 && h2 != 0);
    step("with threads on three harts", others);

    /* What each hart received, for a comparison with the emulator's per-hart count
     * of fence requests (run.py: the test as init under --stats-json). The sleepers
     * are not joined: their stacks' unmapping would be more shootdowns; exit ends
     * them and sends none. */
    long sets[64] = { 0 };                   /* sequences each hart was a receiver of */
    sets[h1] += h1 != 0 ? 2 : 0;
    sets[h2] += h2 != h1 && h2 != 0 ? 1 : 0;
    printf("tlb_test count: requests received per hart:");
    for (int i = 0; i < nharts; i++)
        printf(" %ld", sets[i] * SEQ_REQUESTS);
    printf("; sfence.vma per hart:");
    for (int i = 0; i < nharts; i++)
        printf(" %ld", sets[i] * SEQ_FENCES);
    printf("; nr_tlb_remote_flush %ld, nr_tlb_remote_flush_received %ld\n",
           vmstat("nr_tlb_remote_flush"), vmstat("nr_tlb_remote_flush_received"));
    return finish("tlb_test count");
}

/* ---- bench ---- */

#define BENCH_PAGES 4

static volatile int bench_go, bench_started, bench_done;

/* One thread per hart: map BENCH_PAGES pages, touch them, take the write right away,
 * read them, unmap them, iters times. Each mprotect and each munmap is a change other
 * harts must see: one shootdown request each to every other hart. */
static void *bench_thread(void *arg)
{
    long hart = (long)arg >> 32, iters = (long)arg & 0xffffffff;
    pin((int)hart);
    __atomic_fetch_add(&bench_started, 1, __ATOMIC_ACQ_REL);
    while (!__atomic_load_n(&bench_go, __ATOMIC_ACQUIRE))
        sched_yield();
    long sum = 0;
    for (long i = 0; i < iters; i++) {
        volatile long *p = mmap(NULL, BENCH_PAGES * PG, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        for (int k = 0; k < BENCH_PAGES; k++)
            p[k * WORDS] = i + k;
        mprotect((void *)p, BENCH_PAGES * PG, PROT_READ);
        for (int k = 0; k < BENCH_PAGES; k++)
            sum += p[k * WORDS];
        munmap((void *)p, BENCH_PAGES * PG);
    }
    __atomic_fetch_add(&bench_done, 1, __ATOMIC_ACQ_REL);
    return (void *)sum;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The munmap/mprotect loop on every online hart at once (make bench-smp runs it on 1, 2
 * and 4): its time, and the shootdowns counted, which must be exactly one request per
 * call to each other hart. */
static int bench_test(long iters)
{
    pin(0);
    pthread_t t[64];
    for (long h = 0; h < nharts; h++)
        pthread_create(&t[h], NULL, bench_thread, (void *)(h << 32 | iters));
    while (__atomic_load_n(&bench_started, __ATOMIC_ACQUIRE) < nharts)
        sched_yield();
    struct counts a = now();
    long insns0 = vmstat("pagoda_tlb_shootdown_insns");
    double t0 = now_seconds();
    __atomic_store_n(&bench_go, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&bench_done, __ATOMIC_ACQUIRE) < nharts)
        sched_yield();
    double secs = now_seconds() - t0;
    struct counts b = now();
    long insns = vmstat("pagoda_tlb_shootdown_insns") - insns0;
    long sent = b.sent - a.sent, received = b.received - a.received;
    long want = nharts > 1 ? 2 * iters * nharts : 0;
    printf("tlb_test bench: %d harts, %d threads x %ld iterations in %.3f s: %ld shootdown requests "
           "sent, %ld received, %ld instructions in the senders' SBI calls\n", nharts, nharts, iters,
           secs, sent, received, insns);
    char what[200];
    snprintf(what, sizeof what, "one request per mprotect and munmap to each other hart "
             "(%ld sent, %ld received; want %ld, %ld)", sent, received, want, want * (nharts - 1));
    CHECK(sent == want && received == want * (nharts - 1), what);
    for (long h = 0; h < nharts; h++)
        pthread_join(t[h], NULL);
    /* The whole run's, for make bench-smp and run.py to hold against --stats (the
     * threads' stacks were unmapped by the joins: a few more). */
    printf("tlb_test bench: since boot nr_tlb_remote_flush %ld, nr_tlb_remote_flush_received %ld\n",
           vmstat("nr_tlb_remote_flush"), vmstat("nr_tlb_remote_flush_received"));
    return finish("tlb_test bench");
}

/* Run as init, the other harts may still be coming up: waits until want are online. */
static bool wait_harts(int want)
{
    for (long i = 0; i < 1000000 && (nharts = online_harts()) < want; i++)
        sched_yield();
    if (nharts != want)
        fprintf(stderr, "tlb_test: %d harts online, not %d\n", nharts, want);
    return nharts == want;
}

int main(int argc, char **argv)
{
    nharts = online_harts();
    if (argc >= 2 && strcmp(argv[1], "stale") == 0) {
        unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
        int rounds = argc > 3 ? atoi(argv[3]) : 20;
        return stale_test(seed, rounds > 0 ? rounds : 1);
    }
    if (argc >= 2 && strcmp(argv[1], "swap") == 0) {
        unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
        int rounds = argc > 3 ? atoi(argv[3]) : 20;
        return swap_test(seed, rounds > 0 ? rounds : 1);
    }
    if (argc >= 2 && strcmp(argv[1], "bench") == 0) {
        long iters = argc > 2 ? atol(argv[2]) : 1000;
        if (argc > 3 && !wait_harts(atoi(argv[3])))
            return 1;
        return bench_test(iters > 0 ? iters : 1);
    }
    if (argc >= 2 && strcmp(argv[1], "count") == 0) {
        bool pinned = argc > 3 && strcmp(argv[2], "-pinned") == 0;
        if (pinned) {
            nharts = atoi(argv[3]);           /* counted before it pinned itself */
        } else if (argc > 2 && !wait_harts(atoi(argv[2]))) {
            return 1;
        }
        return count_test(argv[0], pinned);
    }
    fprintf(stderr, "usage: tlb_test stale|swap [SEED [ROUNDS]] | count [HARTS] | bench [ITERATIONS [HARTS]]\n");
    return 2;
}
