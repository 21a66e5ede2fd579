/* stats.c — what the collector tells about itself: counters kept as it goes, a record
 * per collection (kind, pause in the OS clock's unit, footprint and live bytes after
 * it), percentiles of the pauses, the printout (gc_print_stats(), GC_STATS=1 at exit)
 * and the one-line report per collection (GC_TRACE=1). */
#include <stdio.h>
#include <stdlib.h>
#include "gc_internal.h"

static const char *const kind_names[GC_NKINDS] = { "minor", "full", "reconcile", "cycles" };

void stats_alloc(size_t words)
{
    gc.st.allocated_bytes += words * WORD;
    gc.st.allocated_objects++;
    gc.st.live_bytes += words * WORD;
    gc.st.live_objects++;
}

void stats_freed(size_t words)
{
    gc.st.freed_bytes += words * WORD;
    gc.st.freed_objects++;
    gc.st.live_bytes -= words * WORD;
    gc.st.live_objects--;
}

static size_t footprint_now(void)
{
    return gc.policy->footprint() + gc.large_mapped;
}

void stats_note_footprint(void)
{
    size_t f = footprint_now();
    if (f > gc.st.peak_footprint_bytes)
        gc.st.peak_footprint_bytes = f;
}

void pause_begin(void)
{
    gc.in_collection = 1;
    gc.pause_start = gc_os_counter();
}

/* "1.5M" and the like. */
static const char *human(char *buf, size_t n, uint64_t bytes)
{
    if (bytes < 10 * 1024)
        snprintf(buf, n, "%lluB", (unsigned long long)bytes);
    else if (bytes < 10 * 1024 * 1024)
        snprintf(buf, n, "%.1fK", (double)bytes / 1024);
    else if (bytes < 10ull * 1024 * 1024 * 1024)
        snprintf(buf, n, "%.1fM", (double)bytes / (1024 * 1024));
    else
        snprintf(buf, n, "%.1fG", (double)bytes / (1024 * 1024 * 1024));
    return buf;
}

static unsigned spaces_now(struct gc_space_info *out)
{
    unsigned n = gc.policy->spaces(out);
    out[n++] = (struct gc_space_info){ "large", 0, gc.large_mapped, gc.large_mapped };
    return n;
}

/* GC_TRACE=1: "gc: #12 minor 3456 ns; eden 0/3.1M, survivor 0 12.0K/408K, ...; live 1.2M" */
static void trace_line(const struct pause_record *r)
{
    struct gc_space_info sp[GC_MAX_SPACES];
    unsigned n = spaces_now(sp);
    char a[16], b[16];
    fprintf(stderr, "gc: #%zu %s %llu %s;", gc.npauses, kind_names[r->kind],
            (unsigned long long)r->pause, gc_os_counter_unit());
    for (unsigned i = 0; i < n; i++)
        fprintf(stderr, "%s %s %s/%s", i ? "," : "", sp[i].name,
                human(a, sizeof a, sp[i].used_bytes), human(b, sizeof b, sp[i].committed_bytes));
    fprintf(stderr, "; live %s\n", human(a, sizeof a, gc.st.live_bytes));
}

void pause_end(enum gc_kind kind)
{
    uint64_t end = gc_os_counter();
    gc.in_collection = 0;
    if (gc.npauses == gc.pauses_cap) {
        size_t cap = gc.pauses_cap ? gc.pauses_cap * 2 : 256;
        struct pause_record *p = realloc(gc.pauses, cap * sizeof *p);
        if (!p)
            gc_fatal("no memory for the pause records");
        gc.pauses = p;
        gc.pauses_cap = cap;
    }
    struct pause_record *r = &gc.pauses[gc.npauses++];
    r->at = gc.pause_start;
    r->pause = end - gc.pause_start;
    r->footprint = footprint_now();
    r->live = gc.st.live_bytes;
    r->kind = (uint8_t)kind;
    gc.st.collections[kind]++;
    gc.st.pauses++;
    gc.st.pause_total += r->pause;
    if (r->pause > gc.st.pause_max)
        gc.st.pause_max = r->pause;
    if (kind != GC_KIND_MINOR && gc.st.live_bytes > gc.st.max_live_after_full)
        gc.st.max_live_after_full = gc.st.live_bytes;
    stats_note_footprint();
    if (gc.cfg.trace)
        trace_line(r);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void gc_get_stats(struct gc_stats *s)
{
    *s = gc.st;
    s->pause_unit = gc_os_counter_unit();
    if (!gc.ready)
        return;
    s->footprint_bytes = footprint_now();
    if (s->footprint_bytes > s->peak_footprint_bytes)
        s->peak_footprint_bytes = s->footprint_bytes;
    s->fragmentation_ppm = gc.policy->fragmentation ? gc.policy->fragmentation() : 0;
    s->nspaces = spaces_now(s->spaces);
    uint64_t *v = gc.npauses ? malloc(gc.npauses * sizeof *v) : NULL;
    if (v) {
        for (size_t i = 0; i < gc.npauses; i++)
            v[i] = gc.pauses[i].pause;
        qsort(v, gc.npauses, sizeof *v, cmp_u64);
        /* Nearest rank: the smallest pause at least p% of all pauses are not above. */
        s->pause_p50 = v[(gc.npauses * 50 + 99) / 100 - 1];
        s->pause_p90 = v[(gc.npauses * 90 + 99) / 100 - 1];
        s->pause_p99 = v[(gc.npauses * 99 + 99) / 100 - 1];
        free(v);
    }
}

static void print_config(FILE *f)
{
    const struct gc_config *c = &gc.cfg;
    char a[16], b[16];
    fprintf(f, "gc: policy %s", gc.policy->name);
    if (c->policy == GC_GENERATIONAL) {
        struct gc_space_info sp[GC_MAX_SPACES];
        gc.policy->spaces(sp);              /* Eden, the survivors, old: page-rounded */
        static const char *const barriers[] = { "card table", "remembered set", "mprotect" };
        fprintf(f, " (Eden %s + 2 x %s survivors, tenure age %u, old %s, %s barrier",
                human(a, sizeof a, sp[0].committed_bytes), human(b, sizeof b, sp[1].committed_bytes),
                c->tenure_age, c->old_compacts ? "mark-compact" : "mark-sweep",
                barriers[c->barrier]);
        if (c->barrier == GC_BARRIER_CARD)
            fprintf(f, ", %zu-byte cards", c->card_bytes);
        fprintf(f, ")");
    } else if (c->policy == GC_REFCOUNT) {
        fprintf(f, " (deferred, zero-count table of %zu, cycle collection %s)", c->zct_entries,
                c->rc_cycles ? "on" : "off");
    }
    fprintf(f, "; heap %s first, growth %u%%\n", human(a, sizeof a, c->heap_bytes),
            c->growth_percent);
}

void gc_print_stats(void)
{
    struct gc_stats s;
    char a[16], b[16];
    FILE *f = stderr;
    gc_get_stats(&s);
    if (!gc.ready)
        return;
    print_config(f);
    fprintf(f, "gc: collections:");
    for (int k = 0; k < GC_NKINDS; k++)
        if (s.collections[k])
            fprintf(f, " %s %llu", kind_names[k], (unsigned long long)s.collections[k]);
    fprintf(f, "%s\n", s.pauses ? "" : " none");
    fprintf(f, "gc: pauses (%s): count %llu, total %llu, max %llu, p50 %llu, p90 %llu, p99 %llu\n",
            s.pause_unit, (unsigned long long)s.pauses, (unsigned long long)s.pause_total,
            (unsigned long long)s.pause_max, (unsigned long long)s.pause_p50,
            (unsigned long long)s.pause_p90, (unsigned long long)s.pause_p99);
    fprintf(f, "gc: allocated %llu bytes in %llu objects\n",
            (unsigned long long)s.allocated_bytes, (unsigned long long)s.allocated_objects);
    fprintf(f, "gc: copied %llu bytes, promoted %llu bytes, freed %llu bytes in %llu objects\n",
            (unsigned long long)s.copied_bytes, (unsigned long long)s.promoted_bytes,
            (unsigned long long)s.freed_bytes, (unsigned long long)s.freed_objects);
    fprintf(f, "gc: live %llu bytes in %llu objects; most kept by a full collection %llu bytes\n",
            (unsigned long long)s.live_bytes, (unsigned long long)s.live_objects,
            (unsigned long long)s.max_live_after_full);
    fprintf(f, "gc: footprint %llu bytes, peak %llu bytes\n",
            (unsigned long long)s.footprint_bytes, (unsigned long long)s.peak_footprint_bytes);
    if (gc.policy->fragmentation)
        fprintf(f, "gc: fragmentation %.1f%% (1 - largest free block / free bytes)\n",
                s.fragmentation_ppm / 10000.0);
    if (s.policy == GC_GENERATIONAL)
        fprintf(f, "gc: barrier: %llu stores remembered, %llu cards scanned, "
                "%llu remembered objects scanned, %llu protection faults\n",
                (unsigned long long)s.barrier_records, (unsigned long long)s.cards_scanned,
                (unsigned long long)s.remset_scanned, (unsigned long long)s.protection_faults);
    if (gc.npauses) {
        fprintf(f, "gc: footprint/live over time:");
        size_t n = gc.npauses < 8 ? gc.npauses : 8;
        for (size_t i = 0; i < n; i++) {
            const struct pause_record *r = &gc.pauses[(gc.npauses - 1) * i / (n > 1 ? n - 1 : 1)];
            fprintf(f, " %s/%s", human(a, sizeof a, r->footprint), human(b, sizeof b, r->live));
        }
        fprintf(f, "\n");
    }
}

void stats_atexit(void)
{
    if (gc.ready && gc.cfg.stats)
        gc_print_stats();
}

/* A copying collection frees what it did not copy, without visiting it. */
void stats_freed_bulk(uint64_t objects, uint64_t bytes)
{
    gc.st.freed_bytes += bytes;
    gc.st.freed_objects += objects;
    gc.st.live_bytes -= bytes;
    gc.st.live_objects -= objects;
}
