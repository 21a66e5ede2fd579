/* space.c — address space for the heap: spaces reserved with mmap (each a named VMA,
 * "[anon:gc ...]" in /proc/PID/maps) with a soft limit that grows, the object-start
 * bitmap that lets a card be parsed from its first byte, the large-object space (one
 * mapping per object) and the growable vectors the collectors keep their work in. */
#include <stdlib.h>
#include "gc_internal.h"

size_t gc_round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

void ptrvec_grow(struct ptrvec *pv)
{
    size_t cap = pv->cap ? pv->cap * 2 : 256;
    void **v = realloc(pv->v, cap * sizeof *v);
    if (!v)
        gc_fatal("no memory for the collector's work lists");
    pv->v = v;
    pv->cap = cap;
}

void ptrvec_free(struct ptrvec *pv)
{
    free(pv->v);
    pv->v = NULL;
    pv->n = pv->cap = 0;
}

int space_reserve(struct space *s, const char *name, size_t reserve_bytes, size_t limit_bytes)
{
    memset(s, 0, sizeof *s);
    reserve_bytes = gc_round_up(reserve_bytes, GC_PAGE_BYTES);
    limit_bytes = gc_round_up(limit_bytes, GC_PAGE_BYTES);
    if (limit_bytes > reserve_bytes)
        limit_bytes = reserve_bytes;
    s->base = gc_os_reserve(reserve_bytes, name);
    if (!s->base)
        return -1;
    s->name = name;
    s->end = s->base + reserve_bytes;
    s->top = s->base;
    s->limit = s->base + limit_bytes;
    return 0;
}

void space_release(struct space *s)
{
    if (s->starts)
        gc_os_release(s->starts, gc_round_up((size_t)(s->end - s->base) / 64, GC_PAGE_BYTES));
    if (s->base) {
        GC_UNPOISON(s->base, (size_t)((s->top > s->limit ? s->top : s->limit) - s->base));
        gc_os_release(s->base, (size_t)(s->end - s->base));
    }
    memset(s, 0, sizeof *s);
}

int space_grow_to(struct space *s, size_t bytes)
{
    bytes = gc_round_up(bytes, GC_PAGE_BYTES);
    if (bytes > (size_t)(s->end - s->base))
        return -1;
    if (s->base + bytes > s->limit)
        s->limit = s->base + bytes;
    return 0;
}

int space_grow_past_top(struct space *s, size_t words)
{
    if (space_grow_to(s, (size_t)(s->top - s->base) + words * WORD))
        return -1;
    stats_note_footprint();
    return 0;
}

int space_enable_starts(struct space *s)
{
    s->starts = gc_os_reserve(gc_round_up((size_t)(s->end - s->base) / 64, GC_PAGE_BYTES),
                              "gc object starts");
    return s->starts ? 0 : -1;
}

static size_t word_index(const struct space *s, const void *p)
{
    return (size_t)((const char *)p - s->base) / WORD;
}

void starts_set(struct space *s, const void *start)
{
    size_t i = word_index(s, start);
    s->starts[i / 64] |= 1ull << (i % 64);
}

void starts_clear(struct space *s, const void *from, const void *to)
{
    size_t i = word_index(s, from), end = word_index(s, to);
    while (i < end && i % 64) {
        s->starts[i / 64] &= ~(1ull << (i % 64));
        i++;
    }
    for (; i + 64 <= end; i += 64)
        s->starts[i / 64] = 0;
    for (; i < end; i++)
        s->starts[i / 64] &= ~(1ull << (i % 64));
}

char *starts_find(const struct space *s, const void *addr)
{
    size_t i = word_index(s, addr), w = i / 64;
    uint64_t m = s->starts[w] & ((2ull << (i % 64)) - 1);
    while (!m) {
        if (w == 0)
            return NULL;
        m = s->starts[--w];
    }
    return s->base + (w * 64 + 63 - (size_t)__builtin_clzll(m)) * WORD;
}

/* Large objects. */

static void *large_payload(struct large *l)
{
    return (char *)(l + 1) + WORD;
}

static struct large *large_node(const void *obj)
{
    return (struct large *)((const char *)obj - WORD) - 1;
}

void *large_alloc(size_t words)
{
    size_t bytes = gc_round_up(sizeof(struct large) + words * WORD, GC_PAGE_BYTES);
    struct large *l = gc_os_reserve(bytes, "gc large");
    if (!l)
        return NULL;
    l->map_bytes = bytes;
    l->prev = NULL;
    l->next = gc.large;
    if (gc.large)
        gc.large->prev = l;
    gc.large = l;
    gc.large_mapped += bytes;
    return l + 1;
}

int large_has(const void *obj)
{
    for (struct large *l = gc.large; l; l = l->next)
        if (large_payload(l) == obj)
            return 1;
    return 0;
}

void large_free(void *obj)
{
    struct large *l = large_node(obj);
    stats_freed(obj_words(obj));
    if (l->prev)
        l->prev->next = l->next;
    else
        gc.large = l->next;
    if (l->next)
        l->next->prev = l->prev;
    gc.large_mapped -= l->map_bytes;
    gc_os_release(l, l->map_bytes);
}

void large_sweep(void)
{
    struct large *next;
    for (struct large *l = gc.large; l; l = next) {
        next = l->next;
        header_t *h = hdr(large_payload(l));
        if (*h & HDR_MARK)
            *h &= ~HDR_MARK;
        else
            large_free(large_payload(l));
    }
}

void large_visit(void (*visit)(void *obj))
{
    struct large *next;
    for (struct large *l = gc.large; l; l = next) {
        next = l->next;
        visit(large_payload(l));
    }
}

void large_release_all(void)
{
    struct large *next;
    for (struct large *l = gc.large; l; l = next) {
        next = l->next;
        gc_os_release(l, l->map_bytes);
    }
    gc.large = NULL;
    gc.large_mapped = 0;
}
