/* refcount.c — reference counting, deferred (Deutsch and Bobrow): the write barrier
 * counts references from heap objects; roots are not counted, since C writes its
 * variables without a barrier. An object whose count falls to zero — every new object
 * too — goes into the zero-count table (ZCT); a reconciliation counts the roots for a
 * moment, frees each ZCT object still at zero (its children's counts drop in turn,
 * through the same table, so freeing a long list needs no recursion), and uncounts the
 * roots. A cycle's counts never reach zero, so garbage cycles leak — unless the
 * trial-deletion cycle collector (Bacon and Rajan, "synchronous cycle collection")
 * runs: from each candidate (a count that was decremented to non-zero) it subtracts
 * the references internal to the subgraph; what ends at zero was only referenced by
 * itself. Freed objects go to the segregated free lists (freelist.c). */
#include <stdlib.h>
#include "gc_internal.h"

/* Trial deletion's colours, kept in the header's age bits. DEAD: freed while still in
 * the candidate buffer; its memory waits for the buffer to drop it. */
enum { BLACK = 0, GRAY = 1, WHITE = 2, PURPLE = 3, DEAD = 4 };

static struct flspace heap;
static struct ptrvec zct, candidates, stack, stack2;

static uint64_t count_of(const void *obj) { return hdr_aux(*hdr(obj)); }
static void set_count(void *obj, uint64_t n) { *hdr(obj) = hdr_with_aux(*hdr(obj), n); }
static unsigned colour(const void *obj) { return hdr_age(*hdr(obj)); }
static void set_colour(void *obj, unsigned c) { *hdr(obj) = hdr_with_age(*hdr(obj), c); }

static int rc_init(void)
{
    return fl_init(&heap, "gc heap", gc.cfg.max_heap_bytes, gc.cfg.heap_bytes);
}

static void rc_shutdown(void)
{
    fl_release(&heap);
    ptrvec_free(&zct);
    ptrvec_free(&candidates);
    ptrvec_free(&stack);
    ptrvec_free(&stack2);
}

static int in_heap(const void *p)
{
    return (const char *)p > heap.sp.base && (const char *)p < heap.sp.end;
}

static void zct_add(void *obj)
{
    if (!(*hdr(obj) & HDR_LOGGED)) {
        *hdr(obj) |= HDR_LOGGED;
        ptrvec_push(&zct, obj);
    }
}

static void increment(void *obj)
{
    if (count_of(obj) < HDR_AUX_MAX)
        set_count(obj, count_of(obj) + 1);
}

/* obj lost a reference and still has some: it may be what holds a garbage cycle
 * (Bacon and Rajan's purple candidates). */
static void possible_cycle(void *obj)
{
    if (gc.cfg.rc_cycles && colour(obj) != PURPLE) {
        set_colour(obj, PURPLE);
        if (!(*hdr(obj) & HDR_BUFFERED)) {
            *hdr(obj) |= HDR_BUFFERED;
            ptrvec_push(&candidates, obj);
        }
    }
}

static void decrement(void *obj)
{
    uint64_t n = count_of(obj);
    if (n == HDR_AUX_MAX)
        return;                 /* stuck: too many references were ever counted */
    set_count(obj, --n);
    if (n == 0)
        zct_add(obj);
    else
        possible_cycle(obj);
}

static void rc_write(void *obj, void **slot, void *value)
{
    (void)obj;
    if (value)
        increment(value);
    void *old = *slot;
    *slot = value;
    if (old)
        decrement(old);
}

static void rc_allocated(void *obj)
{
    zct_add(obj);
}

static void free_memory(void *obj)
{
    if (in_heap(obj)) {
        size_t words = obj_words(obj);
        stats_freed(words);
        fl_free(&heap, hdr(obj), words);
    } else {
        large_free(obj);
    }
}

static void decrement_slot(void **slot)
{
    if (*slot)
        decrement(*slot);
}

/* obj's count is zero and no root holds it: its children lose a reference. */
static void release(void *obj)
{
    scan_object(obj, decrement_slot);
    if (*hdr(obj) & HDR_BUFFERED)
        set_colour(obj, DEAD);
    else
        free_memory(obj);
}

static void root_increment(void **slot)
{
    if (*slot)
        increment(*slot);
}

/* Undoing a root's count is a decrement like the barrier's: the root may be gone by
 * the next reconciliation, leaving a cycle behind. */
static void root_decrement(void **slot)
{
    if (*slot)
        decrement(*slot);
}

/* Trial deletion, with explicit stacks instead of the paper's recursion. */

static void gray_child(void **slot)
{
    void *t = *slot;
    if (!t)
        return;
    set_count(t, count_of(t) - 1);
    if (colour(t) != GRAY) {
        set_colour(t, GRAY);
        ptrvec_push(&stack, t);
    }
}

static void mark_gray(void *s)
{
    if (colour(s) == GRAY)
        return;
    set_colour(s, GRAY);
    ptrvec_push(&stack, s);
    while (stack.n)
        scan_object(stack.v[--stack.n], gray_child);
}

static void black_child(void **slot)
{
    void *t = *slot;
    if (!t)
        return;
    set_count(t, count_of(t) + 1);
    if (colour(t) != BLACK) {
        set_colour(t, BLACK);
        ptrvec_push(&stack2, t);
    }
}

static void scan_black(void *s)
{
    set_colour(s, BLACK);
    ptrvec_push(&stack2, s);
    while (stack2.n)
        scan_object(stack2.v[--stack2.n], black_child);
}

static void push_child(void **slot)
{
    if (*slot)
        ptrvec_push(&stack, *slot);
}

static void scan_gray(void *s)
{
    ptrvec_push(&stack, s);
    while (stack.n) {
        void *x = stack.v[--stack.n];
        if (colour(x) != GRAY)
            continue;
        if (count_of(x) > 0) {
            scan_black(x);
        } else {
            set_colour(x, WHITE);
            scan_object(x, push_child);
        }
    }
}

/* Gathers the white objects reachable from s into stack2 (freed once every candidate
 * is done: a later traversal may still read their headers). */
static void collect_white(void *s)
{
    ptrvec_push(&stack, s);
    while (stack.n) {
        void *x = stack.v[--stack.n];
        if (colour(x) != WHITE || (*hdr(x) & HDR_BUFFERED))
            continue;
        set_colour(x, BLACK);
        scan_object(x, push_child);
        ptrvec_push(&stack2, x);
    }
}

static void collect_cycles(void)
{
    size_t n = 0;
    for (size_t i = 0; i < candidates.n; i++) {
        void *s = candidates.v[i];
        if (colour(s) == PURPLE && count_of(s) > 0) {
            mark_gray(s);
            candidates.v[n++] = s;
        } else {
            *hdr(s) &= ~HDR_BUFFERED;
            if (colour(s) == DEAD)
                free_memory(s);
        }
    }
    candidates.n = n;
    for (size_t i = 0; i < n; i++)
        scan_gray(candidates.v[i]);
    for (size_t i = 0; i < n; i++) {
        *hdr(candidates.v[i]) &= ~HDR_BUFFERED;
        collect_white(candidates.v[i]);
    }
    candidates.n = 0;
    while (stack2.n)
        free_memory(stack2.v[--stack2.n]);
}

/* A reconciliation; `full` (the heap is full, or gc_collect) also collects cycles
 * when enabled and coalesces the free lists. */
static void reconcile(int full)
{
    int cycles = full && gc.cfg.rc_cycles;
    pause_begin();
    roots_visit(root_increment);
    for (size_t i = 0; i < zct.n; i++) {        /* release() may append */
        void *obj = zct.v[i];
        *hdr(obj) &= ~HDR_LOGGED;
        if (count_of(obj) == 0)
            release(obj);
        else
            possible_cycle(obj);        /* e.g. a new object that only a cycle holds */
    }
    zct.n = 0;
    if (cycles)
        collect_cycles();
    roots_visit(root_decrement);
    if (full)
        fl_sweep(&heap, 1);
    pause_end(cycles ? GC_KIND_CYCLES : GC_KIND_RECONCILE);
}

static void rc_collect(enum gc_kind kind)
{
    (void)kind;
    reconcile(1);
}

static void *rc_alloc(size_t words)
{
    if (zct.n >= gc.cfg.zct_entries)
        reconcile(0);
    void *p = fl_alloc(&heap, words, heap.sp.limit);
    if (p)
        return p;
    reconcile(1);
    size_t held = (size_t)(heap.sp.top - heap.sp.base) - heap.free_bytes;
    grow_after_full(&heap.sp, held);
    p = fl_alloc(&heap, words, heap.sp.limit);
    if (p)
        return p;
    return space_grow_past_top(&heap.sp, words) ? NULL : fl_alloc(&heap, words, heap.sp.limit);
}

static int rc_contains(const void *p)
{
    return fl_contains(&heap, p);
}

static size_t rc_footprint(void)
{
    return space_committed(&heap.sp);
}

static unsigned rc_spaces(struct gc_space_info *out)
{
    out[0] = flspace_info("heap", &heap);
    return 1;
}

static unsigned rc_fragmentation(void)
{
    return fl_fragmentation_ppm(&heap);
}

/* Verification: each count equals the references from heap objects that are not
 * dead, every zero count is in the ZCT. */
static uint32_t *expected;      /* per word of the heap */
static struct ptrvec large_objs;
static uint32_t *large_expected;
static const char *count_why;

static uint32_t *expected_slot(const void *obj)
{
    if (in_heap(obj))
        return &expected[((const char *)obj - heap.sp.base) / WORD];
    for (size_t i = 0; i < large_objs.n; i++)
        if (large_objs.v[i] == obj)
            return &large_expected[i];
    return NULL;
}

static void count_slot(void **slot)
{
    if (!*slot)
        return;
    uint32_t *e = expected_slot(*slot);
    if (e)
        (*e)++;
    else
        count_why = "refcount: a field points outside the heap";
}

static void note_large(void *obj)
{
    ptrvec_push(&large_objs, obj);
}

static const char *check_count(void *obj)
{
    if (colour(obj) == DEAD)
        return NULL;
    uint64_t c = count_of(obj);
    if (c != HDR_AUX_MAX && c != *expected_slot(obj))
        return "refcount: a count differs from the references counted";
    if (c == 0 && !(*hdr(obj) & HDR_LOGGED))
        return "refcount: a zero count outside the zero-count table";
    return NULL;
}

static int rc_verify(const char **why)
{
    if (fl_verify(&heap, why))
        return -1;
    size_t words = (size_t)(heap.sp.top - heap.sp.base) / WORD;
    expected = calloc(words + 1, sizeof *expected);
    large_visit(note_large);
    large_expected = calloc(large_objs.n + 1, sizeof *large_expected);
    if (!expected || !large_expected)
        gc_fatal("no memory to verify the counts");
    count_why = NULL;
    for (char *p = heap.sp.base; p < heap.sp.top; p += obj_words(p + WORD) * WORD)
        if (!obj_is_free(p + WORD) && colour(p + WORD) != DEAD)
            scan_object(p + WORD, count_slot);
    for (size_t i = 0; i < large_objs.n; i++)
        if (colour(large_objs.v[i]) != DEAD)
            scan_object(large_objs.v[i], count_slot);
    const char *bad = count_why;
    for (char *p = heap.sp.base; !bad && p < heap.sp.top; p += obj_words(p + WORD) * WORD)
        if (!obj_is_free(p + WORD))
            bad = check_count(p + WORD);
    for (size_t i = 0; !bad && i < large_objs.n; i++)
        bad = check_count(large_objs.v[i]);
    free(expected);
    free(large_expected);
    ptrvec_free(&large_objs);
    *why = bad;
    return bad ? -1 : 0;
}

const struct policy policy_refcount = {
    .name = "refcount",
    .init = rc_init,
    .shutdown = rc_shutdown,
    .alloc = rc_alloc,
    .allocated = rc_allocated,
    .collect = rc_collect,
    .write = rc_write,
    .contains = rc_contains,
    .footprint = rc_footprint,
    .spaces = rc_spaces,
    .fragmentation = rc_fragmentation,
    .verify = rc_verify,
};
