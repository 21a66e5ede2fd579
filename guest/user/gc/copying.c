/* copying.c — semi-space copying (Cheney): allocation bumps a pointer in the current
 * semi-space; a collection copies what the roots reach into the other one,
 * breadth-first, with the to-space itself as the queue (a scan pointer chases the
 * allocation pointer), leaving a forwarding address in each old copy. Cost in time is
 * the live data only; cost in space is an idle half as big as the used one. */
#include "gc_internal.h"

static struct space semi[2];
static int cur;                 /* the semi-space allocated from */
static size_t semi_bytes;       /* committed size of each */
static struct space *from, *to;
static struct ptrvec large_queue;
static uint64_t copied_objects, copied_bytes;

static int cp_init(void)
{
    static const char *const names[2] = { "gc semispace 0", "gc semispace 1" };
    cur = 0;
    semi_bytes = gc_round_up(gc.cfg.heap_bytes, GC_PAGE_BYTES);
    for (int i = 0; i < 2; i++)
        if (space_reserve(&semi[i], names[i], gc.cfg.max_heap_bytes, semi_bytes)) {
            if (i)
                space_release(&semi[0]);
            return -1;
        }
    semi_bytes = space_committed(&semi[0]);
    GC_POISON(semi[1].base, semi_bytes);
    return 0;
}

static void cp_shutdown(void)
{
    space_release(&semi[0]);
    space_release(&semi[1]);
    ptrvec_free(&large_queue);
}

/* Copies an object of the from-space (once) and points the slot at the copy. */
static void copy_evacuate(void **slot)
{
    char *p = *slot;
    if (!p)
        return;
    if (p > from->base && p < from->top) {
        header_t h = *hdr(p);
        if (h & HDR_FORWARDED) {
            *slot = (void *)(uintptr_t)(h & ~HDR_FORWARDED);
            return;
        }
        size_t words = obj_words(p), bytes = words * WORD;
        char *copy = to->top;
        copy_words(copy, p - WORD, words);
        to->top += bytes;
        copied_objects++;
        copied_bytes += bytes;
        *hdr(p) = (header_t)(uintptr_t)(copy + WORD) | HDR_FORWARDED;
        *slot = copy + WORD;
    } else if (!(p > to->base && p < to->top) && !(*hdr(p) & HDR_MARK)) {
        *hdr(p) |= HDR_MARK;            /* a large object: scanned once, never moved */
        ptrvec_push(&large_queue, p);
    }
}

static void cp_collect(enum gc_kind kind)
{
    (void)kind;
    pause_begin();
    from = &semi[cur];
    to = &semi[1 - cur];
    to->top = to->base;
    to->limit = to->base + semi_bytes;
    GC_UNPOISON(to->base, semi_bytes);
    copied_objects = copied_bytes = 0;
    roots_visit(copy_evacuate);
    char *scan = to->base;
    for (;;) {
        if (scan < to->top) {
            void *obj = scan + WORD;
            scan += obj_words(obj) * WORD;
            scan_object(obj, copy_evacuate);
        } else if (large_queue.n) {
            scan_object(large_queue.v[--large_queue.n], copy_evacuate);
        } else {
            break;
        }
    }
    large_sweep();
    stats_freed_bulk(from->objects - copied_objects,
                     (uint64_t)(from->top - from->base) - copied_bytes);
    gc.st.copied_bytes += copied_bytes;
    to->objects = copied_objects;
    from->objects = 0;
    GC_POISON(from->base, (size_t)(from->limit - from->base));
    from->top = from->base;
    cur = 1 - cur;
    size_t want = gc_round_up((size_t)((double)copied_bytes * gc.cfg.growth_percent / 100),
                              GC_PAGE_BYTES);
    if (want > semi_bytes && want <= (size_t)(to->end - to->base))
        semi_bytes = want;
    to->limit = to->base + semi_bytes;
    from->limit = from->base + semi_bytes;
    GC_POISON(to->top, (size_t)(to->limit - to->top));
    pause_end(GC_KIND_FULL);
}

static void *cp_alloc(size_t words)
{
    struct space *s = &semi[cur];
    void *p = bump_alloc(s, words);
    if (!p) {
        cp_collect(GC_KIND_FULL);
        s = &semi[cur];
        p = bump_alloc(s, words);
    }
    if (!p) {
        /* Both halves grow, so the next copy always fits. */
        size_t need = gc_round_up((size_t)(s->top - s->base) + words * WORD, GC_PAGE_BYTES);
        if (need > (size_t)(s->end - s->base))
            return NULL;
        semi_bytes = need;
        s->limit = s->base + need;
        semi[1 - cur].limit = semi[1 - cur].base + need;
        stats_note_footprint();
        p = bump_alloc(s, words);
    }
    s->objects++;
    return p;
}

static int cp_contains(const void *p)
{
    return (const char *)p > semi[cur].base && (const char *)p < semi[cur].top;
}

static size_t cp_footprint(void)
{
    return 2 * semi_bytes;
}

static unsigned cp_spaces(struct gc_space_info *out)
{
    out[0] = space_info(semi[cur].name, &semi[cur]);
    out[1] = space_info(semi[1 - cur].name, &semi[1 - cur]);
    out[1].used_bytes = 0;
    return 2;
}

static int cp_verify(const char **why)
{
    if (verify_bump_space(&semi[cur], why))
        return -1;
    size_t n = 0;
    for (char *p = semi[cur].base; p < semi[cur].top; p += obj_words(p + WORD) * WORD)
        n++;
    if (n != semi[cur].objects) {
        *why = "copying: the object count is wrong";
        return -1;
    }
    return 0;
}

const struct policy policy_copying = {
    .name = "copying",
    .init = cp_init,
    .shutdown = cp_shutdown,
    .alloc = cp_alloc,
    .collect = cp_collect,
    .contains = cp_contains,
    .footprint = cp_footprint,
    .spaces = cp_spaces,
    .verify = cp_verify,
};
