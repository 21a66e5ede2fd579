/* workloads.h — the collector benchmarks' mutators, written once against pg_gc.h and
 * built three ways: with our collectors on the host (bench_gc), with Boehm's collector
 * on the host (-DWL_BOEHM: boehm_shim.h maps the API onto GC_MALLOC), and in the guest
 * (gcbench). Each reports a checksum (the same under every collector, or the run is
 * wrong) and the most payload bytes it held live at once, by its own accounting. */
#ifndef GC_WORKLOADS_H
#define GC_WORKLOADS_H

#include <stddef.h>
#include <stdint.h>

struct wl_result {
    uint64_t checksum;
    uint64_t peak_live_bytes;   /* payload bytes (what the program asked for) */
    uint64_t objects;           /* allocations */
    const char *error;          /* NULL, or why the run is wrong */
};

/* The classic: short-lived trees of growing depth beside one long-lived tree
 * (Boehm's GCBench, the Benchmarks Game's binary-trees), min depth 4. */
void wl_binary_trees(int max_depth, struct wl_result *r);

/* A hash table of doubly-linked lists of records, each with a byte payload of random
 * size; records come and go around a live count that drifts slowly between 1/2 and
 * 3/2 of `live`; sometimes a whole bucket is dropped (a garbage cycle). */
void wl_churn(long steps, long live, struct wl_result *r);

/* A mutator trace (gc_trace_gen.py): registers as roots, typed objects, stores and
 * loads; every load checks the identity of what it got. */
struct wl_trace;
struct wl_trace *wl_trace_load(const char *path, const char **why);
void wl_trace_free(struct wl_trace *t);
void wl_trace_replay(const struct wl_trace *t, struct wl_result *r);
uint64_t wl_trace_peak_live(const struct wl_trace *t);

#endif
