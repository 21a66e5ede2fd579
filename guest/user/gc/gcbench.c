/* gcbench.c — the guest's window on the collectors: runs a benchmark workload on the
 * heap the environment configures (GC_POLICY=..., GC_TRACE=1 for a line per
 * collection with each space's occupancy, GC_STATS=1 for the summary at exit) and
 * prints one line of results: the instructions the workload took, collections, pauses
 * (instructions retired, from rdinstret), peak footprint and peak live payload. --maps prints the heap's
 * lines of /proc/self/maps at the end (the spaces are "[anon:gc ...]" VMAs).
 *   gcbench [--maps] binary-trees DEPTH | churn STEPS LIVE | replay TRACE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gc_os.h"
#include "pg_gc.h"
#include "workloads.h"

static void print_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[256];
    if (!f) {
        perror("gcbench: /proc/self/maps");
        return;
    }
    while (fgets(line, sizeof line, f))
        if (strstr(line, "[anon:gc"))
            fputs(line, stdout);
    fclose(f);
}

static int usage(void)
{
    fprintf(stderr, "usage: gcbench [--maps] binary-trees DEPTH | churn STEPS LIVE | replay TRACE\n");
    return 2;
}

int main(int argc, char **argv)
{
    int a = 1, maps = 0;
    if (a < argc && !strcmp(argv[a], "--maps")) {
        maps = 1;
        a++;
    }
    if (a >= argc)
        return usage();
    const char *w = argv[a++];
    struct wl_result r;
    struct wl_trace *trace = NULL;
    uint64_t start = 0;
    if (!strcmp(w, "binary-trees") && a + 1 == argc) {
        int depth = atoi(argv[a]);
        if (depth < 4 || depth > 24)
            return usage();
        start = gc_os_counter();
        wl_binary_trees(depth, &r);
    } else if (!strcmp(w, "churn") && a + 2 == argc) {
        long steps = atol(argv[a]), live = atol(argv[a + 1]);
        if (steps < 1 || live < 1)
            return usage();
        start = gc_os_counter();
        wl_churn(steps, live, &r);
    } else if (!strcmp(w, "replay") && a + 1 == argc) {
        const char *why;
        if (!(trace = wl_trace_load(argv[a], &why))) {
            fprintf(stderr, "gcbench: %s\n", why);
            return 2;
        }
        start = gc_os_counter();
        wl_trace_replay(trace, &r);
    } else {
        return usage();
    }
    uint64_t spent = gc_os_counter() - start;
    struct gc_stats s;
    gc_get_stats(&s);
    uint64_t n = 0;
    for (int k = 0; k < GC_NKINDS; k++)
        n += s.collections[k];
    printf("gcbench: %s %s: %s; %llu %s; %llu collections (%llu minor), pauses: max %llu p50 %llu "
           "p99 %llu; footprint %llu live %llu\n",
           gc_policy_name(s.policy), w, r.error ? r.error : "ok", (unsigned long long)spent,
           s.pause_unit, (unsigned long long)n,
           (unsigned long long)s.collections[GC_KIND_MINOR], (unsigned long long)s.pause_max, (unsigned long long)s.pause_p50,
           (unsigned long long)s.pause_p99, (unsigned long long)s.peak_footprint_bytes,
           (unsigned long long)r.peak_live_bytes);
    if (maps)
        print_maps();
    wl_trace_free(trace);
    return r.error ? 1 : 0;
}
