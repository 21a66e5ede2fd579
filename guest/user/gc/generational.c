/* generational.c — two generations. Young objects are allocated in Eden by bumping a
 * pointer; a minor collection copies Eden's and one survivor space's live objects into
 * the other survivor space (Cheney, as copying.c), or into the old generation once they
 * have survived tenure_age collections or when the survivor space is full. Eden and
 * the two survivors split the young generation 8:1:1 by default (HotSpot's
 * SurvivorRatio), so only a tenth of it idles. The old generation is mark-sweep
 * (freelist.c) or mark-compact (compact_space); a full collection first promotes every
 * young object, then marks and sweeps or compacts.
 *
 * A minor collection must find the old objects that point to young ones without
 * tracing the old generation: the write barrier remembers them, with a card table
 * (a byte per card_bytes of the old generation, dirtied by the store; cards are parsed
 * from their first byte with the object-start bitmap), a remembered set (the object is
 * logged once, a header bit says it is), or page protection (the old generation is
 * read-only between collections; the SIGSEGV handler dirties the page's card and
 * unprotects it: a card table with 4 KiB cards and no barrier code). Large objects are
 * always logged in the remembered set. */
#include "gc_internal.h"

struct bump_region { char *base, *end, *top; size_t objects; };

static struct space young;              /* one reservation: Eden, survivor 0, survivor 1 */
static struct bump_region eden, surv[2];
static int from_s;                      /* the survivor space that holds objects */
static struct bump_region *to_s;
static struct flspace old_fl;
static struct space old_mc;
static struct space *old;               /* &old_fl.sp or &old_mc */
static size_t old_used;                 /* bytes of objects in the old generation */
static uint8_t *cards;
static size_t cards_bytes;
static unsigned card_shift;
static char *protected_end;             /* mprotect barrier: [old->base, this) is read-only */
static struct ptrvec remset, promoted, los_seen;
static int promote_all;
static uint64_t survived_objects, survived_bytes;

static int in_young(const void *p)
{
    return (const char *)p > young.base && (const char *)p < young.end;
}

static int in_old(const void *p)
{
    return (const char *)p > old->base && (const char *)p < old->end;
}

static size_t card_of(const void *addr)
{
    return (size_t)((const char *)addr - old->base) >> card_shift;
}

static int on_write_fault(void *addr);

static int gen_init(void)
{
    const struct gc_config *c = &gc.cfg;
    size_t survivor = c->young_bytes / (c->survivor_ratio + 2) / GC_PAGE_BYTES * GC_PAGE_BYTES;
    if (!survivor)
        survivor = GC_PAGE_BYTES;
    size_t eden_bytes = (c->young_bytes - 2 * survivor) / GC_PAGE_BYTES * GC_PAGE_BYTES;
    if (eden_bytes < c->large_bytes)
        eden_bytes = gc_round_up(c->large_bytes, GC_PAGE_BYTES);
    if (space_reserve(&young, "gc young", eden_bytes + 2 * survivor, eden_bytes + 2 * survivor))
        return -1;
    eden = (struct bump_region){ young.base, young.base + eden_bytes, young.base, 0 };
    for (int i = 0; i < 2; i++) {
        char *b = young.base + eden_bytes + (size_t)i * survivor;
        surv[i] = (struct bump_region){ b, b + survivor, b, 0 };
    }
    gc_os_name(eden.base, eden_bytes, "gc eden");
    gc_os_name(surv[0].base, survivor, "gc survivor 0");
    gc_os_name(surv[1].base, survivor, "gc survivor 1");
    from_s = 0;
    if (c->old_compacts) {
        if (space_reserve(&old_mc, "gc old", c->max_heap_bytes, c->heap_bytes))
            goto fail_young;
        old = &old_mc;
    } else {
        if (fl_init(&old_fl, "gc old", c->max_heap_bytes, c->heap_bytes))
            goto fail_young;
        old = &old_fl.sp;
    }
    old_used = 0;
    if (c->barrier != GC_BARRIER_REMSET) {
        card_shift = c->barrier == GC_BARRIER_MPROTECT ? 12 : (unsigned)__builtin_ctzll(c->card_bytes);
        cards_bytes = gc_round_up((size_t)(old->end - old->base) >> card_shift, GC_PAGE_BYTES);
        cards = gc_os_reserve(cards_bytes, "gc card table");
        if (!cards || space_enable_starts(old))
            goto fail_old;
    }
    if (c->barrier == GC_BARRIER_MPROTECT) {
        if (gc_os_on_write_fault(on_write_fault))
            goto fail_old;
        protected_end = old->base;
    }
    GC_POISON(young.base, (size_t)(young.end - young.base));
    return 0;
fail_old:
    if (cards)
        gc_os_release(cards, cards_bytes);
    cards = NULL;
    space_release(old);
fail_young:
    space_release(&young);
    return -1;
}

static void gen_shutdown(void)
{
    if (gc.cfg.barrier == GC_BARRIER_MPROTECT) {
        gc_os_forget_write_fault();
        if (protected_end > old->base)
            gc_os_protect(old->base, (size_t)(protected_end - old->base), 1);
    }
    if (cards)
        gc_os_release(cards, cards_bytes);
    cards = NULL;
    if (old == &old_fl.sp)
        fl_release(&old_fl);
    else
        space_release(&old_mc);
    space_release(&young);
    ptrvec_free(&remset);
    ptrvec_free(&promoted);
    ptrvec_free(&los_seen);
}

/* The mprotect barrier: a store into a read-only page of the old generation. */
static int on_write_fault(void *addr)
{
    char *a = addr;
    if (!old || a < old->base || a >= protected_end)
        return 0;
    char *page = (char *)((uintptr_t)a & ~(uintptr_t)(GC_PAGE_BYTES - 1));
    cards[card_of(page)] = 1;
    gc.st.protection_faults++;
    return gc_os_protect(page, GC_PAGE_BYTES, 1) == 0;
}

static void unprotect_old(void)
{
    if (protected_end > old->base)
        gc_os_protect(old->base, (size_t)(protected_end - old->base), 1);
    protected_end = old->base;
}

static void protect_old(void)
{
    if (gc.cfg.barrier != GC_BARRIER_MPROTECT)
        return;
    char *end = (char *)gc_round_up((uintptr_t)old->top, GC_PAGE_BYTES);
    if (end > old->base && gc_os_protect(old->base, (size_t)(end - old->base), 0) == 0)
        protected_end = end;
}

static void log_object(void *obj)
{
    header_t *h = hdr(obj);
    if (!(*h & HDR_LOGGED)) {
        *h |= HDR_LOGGED;
        ptrvec_push(&remset, obj);
        gc.st.barrier_records++;
    }
}

/* obj (old or large) holds a young pointer at slot: make sure the next minor
 * collection looks at it. */
static void remember(void *obj, void **slot)
{
    if (cards && in_old(obj)) {
        size_t c = card_of(slot);
        if (!cards[c]) {
            cards[c] = 1;
            gc.st.barrier_records++;
        }
    } else {
        log_object(obj);
    }
}

static void gen_write(void *obj, void **slot, void *value)
{
    *slot = value;              /* with mprotect, this store is what the barrier catches */
    if (!value || !in_young(value) || in_young(obj))
        return;
    if (gc.cfg.barrier == GC_BARRIER_MPROTECT && in_old(obj))
        return;
    remember(obj, slot);
}

/* Old-generation allocation during a collection: it may pass the soft limit (a full
 * collection follows), never the reservation. */
static void *old_alloc(size_t words)
{
    void *p;
    if (old == &old_fl.sp) {
        p = fl_alloc(&old_fl, words, old->end);
    } else {
        p = bump_alloc(old, words);
        if (!p && space_grow_to(old, (size_t)(old->top - old->base) + words * WORD) == 0)
            p = bump_alloc(old, words);
        if (p && old->starts)
            starts_set(old, p);
    }
    if (!p)
        gc_fatal("out of memory: the old generation filled its reservation (GC_MAX_HEAP)");
    if (old->top > old->limit)
        old->limit = old->top;
    old_used += words * WORD;
    return p;
}

/* Moves a young object to the survivor space or the old generation (once) and points
 * the slot at its new place. */
static void evacuate(void **slot)
{
    char *p = *slot;
    if (!p || !in_young(p) || (p > to_s->base && p < to_s->end))
        return;                 /* not young, or already copied (a slot seen twice) */
    header_t h = *hdr(p);
    if (h & HDR_FORWARDED) {
        *slot = (void *)(uintptr_t)(h & ~HDR_FORWARDED);
        return;
    }
    size_t words = obj_words(p), bytes = words * WORD;
    unsigned age = hdr_age(h) + 1;
    char *copy;
    if (promote_all || age >= gc.cfg.tenure_age || (size_t)(to_s->end - to_s->top) < bytes) {
        copy = old_alloc(words);
        copy_words(copy, p - WORD, words);
        *(header_t *)copy = hdr_with_age(h, 0);
        ptrvec_push(&promoted, copy + WORD);
        gc.st.promoted_bytes += bytes;
    } else {
        copy = to_s->top;
        GC_UNPOISON(copy, bytes);
        copy_words(copy, p - WORD, words);
        *(header_t *)copy = hdr_with_age(h, age);
        to_s->top += bytes;
        to_s->objects++;
        gc.st.copied_bytes += bytes;
    }
    survived_objects++;
    survived_bytes += bytes;
    *hdr(p) = (header_t)(uintptr_t)(copy + WORD) | HDR_FORWARDED;
    *slot = copy + WORD;
}

/* Scanning an old or large object: evacuate, and remember it if a slot stays young. */
static void *scanning;
static char *card_lo, *card_hi;

static void evacuate_remember(void **slot)
{
    evacuate(slot);
    if (*slot && in_young(*slot))
        remember(scanning, slot);
}

static void evacuate_in_card(void **slot)
{
    if ((char *)slot >= card_lo && (char *)slot < card_hi)
        evacuate_remember(slot);
}

static void scan_old_object(void *obj)
{
    scanning = obj;
    scan_object(obj, evacuate_remember);
}

static void scan_dirty_cards(void)
{
    if (!cards || old->top == old->base)
        return;
    size_t last = card_of(old->top - 1);
    for (size_t c = 0; c <= last; c++) {
        if (c % 8 == 0 && c + 8 <= last + 1) {
            uint64_t eight;         /* clean cards go by eight at a time */
            memcpy(&eight, cards + c, 8);
            if (!eight) {
                c += 7;
                continue;
            }
        }
        if (!cards[c])
            continue;
        cards[c] = 0;
        gc.st.cards_scanned++;
        card_lo = old->base + (c << card_shift);
        card_hi = card_lo + ((size_t)1 << card_shift);
        char *stop = card_hi < old->top ? card_hi : old->top;
        for (char *p = starts_find(old, card_lo); p && p < stop;) {
            void *obj = p + WORD;
            p += obj_words(obj) * WORD;
            if (!obj_is_free(obj)) {
                scanning = obj;
                scan_object(obj, evacuate_in_card);
            }
        }
    }
}

static void scan_remset(void)
{
    struct ptrvec logged = remset;
    remset = (struct ptrvec){ 0 };
    for (size_t i = 0; i < logged.n; i++) {
        *hdr(logged.v[i]) &= ~HDR_LOGGED;
        gc.st.remset_scanned++;
        scan_old_object(logged.v[i]);
    }
    ptrvec_free(&logged);
}

/* The work of a minor collection: afterwards Eden and the from-survivor are empty. */
static void minor_work(void)
{
    to_s = &surv[1 - from_s];
    struct bump_region *from = &surv[from_s];
    uint64_t young_objects = eden.objects + from->objects;
    uint64_t young_bytes = (uint64_t)(eden.top - eden.base) + (uint64_t)(from->top - from->base);
    survived_objects = survived_bytes = 0;
    roots_visit(evacuate);
    scan_remset();
    scan_dirty_cards();
    char *scan = to_s->base;
    for (;;) {
        if (scan < to_s->top) {
            void *obj = scan + WORD;
            scan += obj_words(obj) * WORD;
            scan_object(obj, evacuate);
        } else if (promoted.n) {
            scan_old_object(promoted.v[--promoted.n]);
        } else {
            break;
        }
    }
    stats_freed_bulk(young_objects - survived_objects, young_bytes - survived_bytes);
    GC_POISON(eden.base, (size_t)(eden.end - eden.base));
    GC_POISON(from->base, (size_t)(from->end - from->base));
    eden.top = eden.base;
    eden.objects = 0;
    from->top = from->base;
    from->objects = 0;
    from_s = 1 - from_s;
}

static void full_collect(void)
{
    pause_begin();
    unprotect_old();
    promote_all = 1;
    minor_work();               /* the young generation is empty from here on */
    promote_all = 0;
    mark_from_roots();
    size_t kept = old == &old_fl.sp ? fl_sweep(&old_fl, 0) : compact_space(&old_mc);
    large_sweep();
    old_used = kept;
    size_t headroom = (size_t)(surv[0].end - surv[0].base) + (size_t)(eden.end - eden.base);
    grow_after_full(old, kept + headroom);
    protect_old();
    pause_end(GC_KIND_FULL);
}

/* Whether the old generation's reservation could take the whole young generation: a
 * collection may promote all of it, and must not run out of room half-way. */
static int old_could_take_young(void)
{
    size_t young_used = (size_t)(eden.top - eden.base) +
                        (size_t)(surv[from_s].top - surv[from_s].base);
    return (size_t)(old->end - old->top) >= young_used;
}

/* The old generation wants a full collection when one more minor collection might not
 * find room for what it promotes. */
static int old_is_full(void)
{
    return old_used + (size_t)(surv[0].end - surv[0].base) > space_committed(old);
}

static void minor_collect(void)
{
    pause_begin();
    unprotect_old();
    minor_work();
    protect_old();
    pause_end(GC_KIND_MINOR);
    if (old_is_full() && old_could_take_young())
        full_collect();
}

static void gen_collect(enum gc_kind kind)
{
    if (!old_could_take_young())
        return;
    if (kind == GC_KIND_MINOR)
        minor_collect();
    else
        full_collect();
}

static void *gen_alloc(size_t words)
{
    size_t bytes = words * WORD;
    if ((size_t)(eden.end - eden.top) < bytes) {
        if (!old_could_take_young())
            return NULL;        /* out of memory: the reservation (GC_MAX_HEAP) is full */
        minor_collect();
    }
    if ((size_t)(eden.end - eden.top) < bytes)
        return NULL;
    void *p = eden.top;
    eden.top += bytes;
    eden.objects++;
    GC_UNPOISON(p, bytes);
    return p;
}

static int gen_contains(const void *p)
{
    const char *c = p;
    const struct bump_region *s = &surv[from_s];
    return (c > eden.base && c < eden.top) || (c > s->base && c < s->top) ||
           (c > old->base && c < old->top);
}

static size_t gen_footprint(void)
{
    return (size_t)(young.end - young.base) + space_committed(old);
}

static struct gc_space_info region_info(const char *name, const struct bump_region *r)
{
    return (struct gc_space_info){ name, (uintptr_t)r->base, (size_t)(r->end - r->base),
                                   (size_t)(r->top - r->base) };
}

static unsigned gen_spaces(struct gc_space_info *out)
{
    static const char *const names[2] = { "survivor 0", "survivor 1" };
    out[0] = region_info("eden", &eden);
    out[1] = region_info(names[0], &surv[0]);
    out[2] = region_info(names[1], &surv[1]);
    out[3] = space_info("old", old);
    out[3].used_bytes = old_used;
    return 4;
}

static unsigned gen_fragmentation(void)
{
    return old == &old_fl.sp ? fl_fragmentation_ppm(&old_fl) : 0;
}

/* Verification of the barrier's promise: every old or large object holding a young
 * pointer is logged or has the card of that slot dirty. */
static const char *remembered_why;
static void *checking;

static void check_remembered(void **slot)
{
    if (!*slot || !in_young(*slot) || remembered_why)
        return;
    if (cards && in_old(checking) ? !cards[card_of(slot)] : !(*hdr(checking) & HDR_LOGGED))
        remembered_why = "generational: an old-to-young pointer the barrier did not remember";
}

static void check_large(void *obj)
{
    checking = obj;
    scan_object(obj, check_remembered);
}

static int verify_region(const struct bump_region *r, const char **why)
{
    struct space s = { .base = r->base, .end = r->end, .top = r->top, .limit = r->end };
    if (verify_bump_space(&s, why))
        return -1;
    size_t n = 0;
    for (char *p = r->base; p < r->top; p += obj_words(p + WORD) * WORD)
        n++;
    if (n != r->objects) {
        *why = "generational: a young region's object count is wrong";
        return -1;
    }
    return 0;
}

static int gen_verify(const char **why)
{
    if (verify_region(&eden, why) || verify_region(&surv[from_s], why))
        return -1;
    if (surv[1 - from_s].top != surv[1 - from_s].base) {
        *why = "generational: the to-survivor space is not empty";
        return -1;
    }
    if (old == &old_fl.sp ? fl_verify(&old_fl, why) : verify_bump_space(old, why))
        return -1;
    remembered_why = NULL;
    size_t used = 0;
    for (char *p = old->base; p < old->top;) {
        void *obj = p + WORD;
        p += obj_words(obj) * WORD;
        if (obj_is_free(obj))
            continue;
        used += obj_words(obj) * WORD;
        checking = obj;
        scan_object(obj, check_remembered);
    }
    large_visit(check_large);
    if (remembered_why) {
        *why = remembered_why;
        return -1;
    }
    if (used != old_used) {
        *why = "generational: the old generation's byte count is wrong";
        return -1;
    }
    for (size_t i = 0; i < remset.n; i++)
        if (!(*hdr(remset.v[i]) & HDR_LOGGED)) {
            *why = "generational: a remembered object without its logged bit";
            return -1;
        }
    return 0;
}

const struct policy policy_generational = {
    .name = "generational",
    .init = gen_init,
    .shutdown = gen_shutdown,
    .alloc = gen_alloc,
    .collect = gen_collect,
    .write = gen_write,
    .contains = gen_contains,
    .footprint = gen_footprint,
    .spaces = gen_spaces,
    .fragmentation = gen_fragmentation,
    .verify = gen_verify,
};
