/* marksweep.c — mark-sweep: objects never move; a collection marks what the roots
 * reach and sweeps the whole space, coalescing every run of dead objects and free
 * chunks into one free chunk on the segregated lists (freelist.c). Simple, and the
 * space fragments: the statistics say how much. */
#include "gc_internal.h"

static struct flspace heap;

static int ms_init(void)
{
    return fl_init(&heap, "gc heap", gc.cfg.max_heap_bytes, gc.cfg.heap_bytes);
}

static void ms_shutdown(void)
{
    fl_release(&heap);
}

/* After a full collection: room for growth_percent of what survived. */
void grow_after_full(struct space *s, size_t kept_bytes)
{
    size_t want = (size_t)((double)kept_bytes * gc.cfg.growth_percent / 100);
    space_grow_to(s, want);
}

static void ms_collect(enum gc_kind kind)
{
    (void)kind;
    pause_begin();
    mark_from_roots();
    size_t kept = fl_sweep(&heap, 0);
    large_sweep();
    grow_after_full(&heap.sp, kept);
    pause_end(GC_KIND_FULL);
}

static void *ms_alloc(size_t words)
{
    void *p = fl_alloc(&heap, words, heap.sp.limit);
    if (p)
        return p;
    ms_collect(GC_KIND_FULL);
    p = fl_alloc(&heap, words, heap.sp.limit);
    if (p)
        return p;
    /* Nothing fits even now: the wilderness grows by what is asked. */
    return space_grow_past_top(&heap.sp, words) ? NULL : fl_alloc(&heap, words, heap.sp.limit);
}

static int ms_contains(const void *p)
{
    return fl_contains(&heap, p);
}

static size_t ms_footprint(void)
{
    return space_committed(&heap.sp);
}

struct gc_space_info flspace_info(const char *name, const struct flspace *f)
{
    return (struct gc_space_info){ name, (uintptr_t)f->sp.base, space_committed(&f->sp),
                                   (size_t)(f->sp.top - f->sp.base) - f->free_bytes };
}

static unsigned ms_spaces(struct gc_space_info *out)
{
    out[0] = flspace_info("heap", &heap);
    return 1;
}

static unsigned ms_fragmentation(void)
{
    return fl_fragmentation_ppm(&heap);
}

static int ms_verify(const char **why)
{
    return fl_verify(&heap, why);
}

const struct policy policy_marksweep = {
    .name = "marksweep",
    .init = ms_init,
    .shutdown = ms_shutdown,
    .alloc = ms_alloc,
    .collect = ms_collect,
    .contains = ms_contains,
    .footprint = ms_footprint,
    .spaces = ms_spaces,
    .fragmentation = ms_fragmentation,
    .verify = ms_verify,
};
