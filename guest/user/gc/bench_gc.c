/* bench_gc.c — runs one workload (workloads.c) under each of our collectors, or with
 * -DWL_BOEHM under Debian's Boehm GC, every run in a fresh child process, and prints
 * a table row per collector: time, collections, the longest and the median pause
 * (host nanoseconds, shown in microseconds), peak footprint over peak live
 * payload. A run whose workload finds its data damaged is marked in bold.
 *   bench_gc [--no-header] binary-trees DEPTH | churn STEPS LIVE | replay TRACE */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "workloads.h"
#ifdef WL_BOEHM
#include "boehm_shim.h"
#else
#include "pg_gc.h"
#endif

struct result {
    double ms;
    uint64_t collections, minor;
    uint64_t pause_max_ns, pause_p50_ns;
    uint64_t peak_footprint, peak_live;
    uint64_t checksum;
    char error[96];
};

struct collector {
    const char *name;
    int policy;
    int barrier;
    int rc_cycles;
};

#ifdef WL_BOEHM
static const struct collector collectors[] = { { "Boehm (host libgc)", -1, 0, 0 } };
#else
static const struct collector collectors[] = {
    { "refcount", GC_REFCOUNT, 0, 0 },
    { "refcount + cycles", GC_REFCOUNT, 0, 1 },
    { "marksweep", GC_MARKSWEEP, 0, 0 },
    { "markcompact", GC_MARKCOMPACT, 0, 0 },
    { "copying", GC_COPYING, 0, 0 },
    { "generational", GC_GENERATIONAL, GC_BARRIER_CARD, 0 },
    { "gen. remset", GC_GENERATIONAL, GC_BARRIER_REMSET, 0 },
    { "gen. mprotect", GC_GENERATIONAL, GC_BARRIER_MPROTECT, 0 },
};
#endif
#define NCOLLECTORS (sizeof collectors / sizeof collectors[0])

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *workload;
static long arg1, arg2;
static struct wl_trace *trace;

static void run_workload(struct wl_result *r)
{
    if (!strcmp(workload, "binary-trees"))
        wl_binary_trees((int)arg1, r);
    else if (!strcmp(workload, "churn"))
        wl_churn(arg1, arg2, r);
    else
        wl_trace_replay(trace, r);
}

#ifdef WL_BOEHM
/* Boehm's pauses, from its collection events. */
static uint64_t *pauses;
static size_t npauses, pauses_cap;
static uint64_t pause_start_ns, peak_heap;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void note_heap(void)
{
    uint64_t h = GC_get_heap_size() - GC_get_unmapped_bytes();
    if (h > peak_heap)
        peak_heap = h;
}

static void on_event(GC_EventType e)
{
    if (e == GC_EVENT_START) {
        pause_start_ns = now_ns();
    } else if (e == GC_EVENT_END) {
        if (npauses == pauses_cap) {
            pauses_cap = pauses_cap ? 2 * pauses_cap : 1024;
            pauses = realloc(pauses, pauses_cap * sizeof *pauses);
        }
        pauses[npauses++] = now_ns() - pause_start_ns;
        note_heap();
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void measure(const struct collector *c, struct result *res, struct wl_result *w)
{
    (void)c;
    setenv("GC_MARKERS", "1", 1);           /* one marker thread, as ours */
    GC_INIT();
    GC_set_on_collection_event(on_event);
    double t0 = now_ms();
    run_workload(w);
    res->ms = now_ms() - t0;
    note_heap();
    res->collections = (uint64_t)GC_get_gc_no();
    res->peak_footprint = peak_heap;
    if (npauses) {
        qsort(pauses, npauses, sizeof *pauses, cmp_u64);
        res->pause_max_ns = pauses[npauses - 1];
        res->pause_p50_ns = pauses[(npauses * 50 + 99) / 100 - 1];
    }
}
#else
static void measure(const struct collector *c, struct result *res, struct wl_result *w)
{
    struct gc_config cfg;
    gc_config_default(&cfg);
    cfg.policy = (enum gc_policy)c->policy;
    cfg.barrier = (enum gc_barrier)c->barrier;
    cfg.rc_cycles = c->rc_cycles;
    cfg.stats = cfg.trace = 0;
    if (gc_init(&cfg))
        exit(1);
    double t0 = now_ms();
    run_workload(w);
    res->ms = now_ms() - t0;
    struct gc_stats s;
    gc_get_stats(&s);
    for (int k = 0; k < GC_NKINDS; k++)
        res->collections += s.collections[k];
    res->minor = s.collections[GC_KIND_MINOR];
    res->pause_max_ns = s.pause_max;
    res->pause_p50_ns = s.pause_p50;
    res->peak_footprint = s.peak_footprint_bytes;
}
#endif

static int run_child(const struct collector *c, struct result *res)
{
    int fds[2];
    memset(res, 0, sizeof *res);
    if (pipe(fds))
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        struct wl_result w;
        close(fds[0]);
        measure(c, res, &w);
        res->peak_live = w.peak_live_bytes;
        res->checksum = w.checksum;
        if (w.error)
            snprintf(res->error, sizeof res->error, "%s", w.error);
        if (write(fds[1], res, sizeof *res) != (ssize_t)sizeof *res)
            _exit(1);
        _exit(0);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], res, sizeof *res);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    if (n != (ssize_t)sizeof *res) {
        snprintf(res->error, sizeof res->error, "the run died (status %d)", status);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int header = 1, a = 1;
    if (a < argc && !strcmp(argv[a], "--no-header")) {
        header = 0;
        a++;
    }
    if (a >= argc)
        goto usage;
    workload = argv[a++];
    char label[96];
    if (!strcmp(workload, "binary-trees") && a + 1 == argc) {
        arg1 = atol(argv[a]);
        snprintf(label, sizeof label, "binary-trees %ld", arg1);
    } else if (!strcmp(workload, "churn") && a + 2 == argc) {
        arg1 = atol(argv[a]);
        arg2 = atol(argv[a + 1]);
        snprintf(label, sizeof label, "churn %ldk/%ldk", arg1 / 1000, arg2 / 1000);
    } else if (!strcmp(workload, "replay") && a + 1 == argc) {
        const char *why;
        if (!(trace = wl_trace_load(argv[a], &why))) {
            fprintf(stderr, "bench_gc: %s\n", why);
            return 2;
        }
        const char *base = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
        snprintf(label, sizeof label, "replay %.*s", (int)strcspn(base, "."), base);
    } else {
        goto usage;
    }
    if (header) {
        printf("| workload | collector | time ms | collections (minor) | max pause µs | median pause µs | footprint / live |\n");
        printf("|---|---|---|---|---|---|---|\n");
    }
    int failed = 0;
    for (size_t i = 0; i < NCOLLECTORS; i++) {
        struct result r;
        run_child(&collectors[i], &r);
        char coll[32];
        if (r.minor)
            snprintf(coll, sizeof coll, "%llu (%llu)", (unsigned long long)r.collections,
                     (unsigned long long)r.minor);
        else
            snprintf(coll, sizeof coll, "%llu", (unsigned long long)r.collections);
        printf("| %s | %s | %.0f | %s | %.0f | %.0f | %.2f |", label, collectors[i].name, r.ms,
               coll, r.pause_max_ns / 1e3, r.pause_p50_ns / 1e3,
               r.peak_live ? (double)r.peak_footprint / (double)r.peak_live : 0.0);
        if (r.error[0]) {
            printf(" **%s**", r.error);
            failed = 1;
        }
        printf("\n");
    }
    return failed;
usage:
    fprintf(stderr, "usage: bench_gc [--no-header] binary-trees DEPTH | churn STEPS LIVE | replay TRACE\n");
    return 2;
}
