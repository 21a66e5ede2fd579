/* markcompact.c — mark-compact, Lisp-2 style: after marking, three passes over the
 * space in address order: (1) each live object's new address, the sum of the live
 * sizes below it, goes into its header (aux, in words from the base); (2) every
 * pointer — roots, live objects, large objects — is replaced by its target's new
 * address; (3) objects slide down to their new addresses, keeping their order. The
 * free memory ends up in one piece above top, so allocation is a pointer bump. The old
 * generation reuses compact_space(). */
#include "gc_internal.h"

static struct space *compacting;

static void update_slot(void **slot)
{
    char *p = *slot;
    if (p > compacting->base && p < compacting->top)
        *slot = compacting->base + hdr_aux(*hdr(p)) * WORD + WORD;
}

static void update_large(void *obj)
{
    if (*hdr(obj) & HDR_MARK)
        scan_object(obj, update_slot);
}

size_t compact_space(struct space *s)
{
    char *dest = s->base;
    compacting = s;
    /* 1: forwarding addresses. */
    for (char *p = s->base; p < s->top;) {
        void *obj = p + WORD;
        size_t words = obj_words(obj);
        if (*hdr(obj) & HDR_MARK) {
            *hdr(obj) = hdr_with_aux(*hdr(obj), (uint64_t)(dest - s->base) / WORD);
            dest += words * WORD;
        } else {
            stats_freed(words);
        }
        p += words * WORD;
    }
    /* 2: pointers. */
    roots_visit(update_slot);
    for (char *p = s->base; p < s->top;) {
        void *obj = p + WORD;
        size_t words = obj_words(obj);
        if (*hdr(obj) & HDR_MARK)
            scan_object(obj, update_slot);
        p += words * WORD;
    }
    large_visit(update_large);
    /* 3: sliding. */
    if (s->starts)
        starts_clear(s, s->base, s->top);
    s->objects = 0;
    for (char *p = s->base; p < s->top;) {
        void *obj = p + WORD;
        size_t words = obj_words(obj);
        header_t h = *hdr(obj);
        if (h & HDR_MARK) {
            char *to = s->base + hdr_aux(h) * WORD;
            memmove(to, p, words * WORD);
            *(header_t *)to = hdr_with_aux(h & ~HDR_MARK, 0);
            if (s->starts)
                starts_set(s, to);
            s->objects++;
        }
        p += words * WORD;
    }
    GC_POISON(dest, (size_t)(s->top - dest));
    s->top = dest;
    compacting = NULL;
    return (size_t)(dest - s->base);
}

/* The mark-compact policy: one bump-allocated space. */

static struct space heap;

static int mc_init(void)
{
    return space_reserve(&heap, "gc heap", gc.cfg.max_heap_bytes, gc.cfg.heap_bytes);
}

static void mc_shutdown(void)
{
    space_release(&heap);
}

static void mc_collect(enum gc_kind kind)
{
    (void)kind;
    pause_begin();
    mark_from_roots();
    size_t kept = compact_space(&heap);
    large_sweep();
    grow_after_full(&heap, kept);
    pause_end(GC_KIND_FULL);
}

/* words words at top if they fit below the limit (not zeroed). */
void *bump_alloc(struct space *s, size_t words)
{
    size_t bytes = words * WORD;
    if ((size_t)(s->limit - s->top) < bytes)
        return NULL;
    void *p = s->top;
    s->top += bytes;
    GC_UNPOISON(p, bytes);
    return p;
}

static void *mc_alloc(size_t words)
{
    void *p = bump_alloc(&heap, words);
    if (p)
        return p;
    mc_collect(GC_KIND_FULL);
    p = bump_alloc(&heap, words);
    if (p)
        return p;
    return space_grow_past_top(&heap, words) ? NULL : bump_alloc(&heap, words);
}

static int mc_contains(const void *p)
{
    return (const char *)p > heap.base && (const char *)p < heap.top;
}

static size_t mc_footprint(void)
{
    return space_committed(&heap);
}

struct gc_space_info space_info(const char *name, const struct space *s)
{
    return (struct gc_space_info){ name, (uintptr_t)s->base, space_committed(s),
                                   (size_t)(s->top - s->base) };
}

static unsigned mc_spaces(struct gc_space_info *out)
{
    out[0] = space_info("heap", &heap);
    return 1;
}

/* A bump-allocated space holds objects end to end, none marked, none free. */
int verify_bump_space(const struct space *s, const char **why)
{
    for (char *p = s->base; p < s->top;) {
        header_t h = *(header_t *)p;
        if ((h & (HDR_MARK | HDR_FORWARDED)) || !type_is_valid(hdr_type(h))) {
            *why = "bump space: a header with a bad type, a mark or a forwarding address";
            return -1;
        }
        size_t words = obj_words(p + WORD);
        if (p + words * WORD > s->top) {
            *why = "bump space: an object runs past top";
            return -1;
        }
        p += words * WORD;
    }
    return 0;
}

static int mc_verify(const char **why)
{
    return verify_bump_space(&heap, why);
}

const struct policy policy_markcompact = {
    .name = "markcompact",
    .init = mc_init,
    .shutdown = mc_shutdown,
    .alloc = mc_alloc,
    .collect = mc_collect,
    .contains = mc_contains,
    .footprint = mc_footprint,
    .spaces = mc_spaces,
    .verify = mc_verify,
};
