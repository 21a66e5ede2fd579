/* freelist.c — the non-moving space of mark-sweep, reference counting and the old
 * generation: segregated free lists by size class (the malloc's idea: exact classes for
 * small sizes, four per power of two above), first fit inside a class, splitting, and
 * coalescing when the space is swept. Every byte below top belongs to an object or a
 * free chunk (a header with type 0 and its size), so the space can always be walked;
 * the wilderness [top, limit) is used when no list has a fit. */
#include "gc_internal.h"

#define EXACT_CLASSES 63        /* 2..64 words */

static int fl_class(size_t words)
{
    if (words <= 64)
        return (int)words - 2;
    int lg = 63 - __builtin_clzll((unsigned long long)words);
    int c = EXACT_CLASSES + (lg - 6) * 4 + (int)((words >> (lg - 2)) & 3);
    return c < FL_NCLASSES ? c : FL_NCLASSES - 1;
}

static size_t chunk_words(const header_t *chunk)
{
    return obj_words(chunk + 1);
}

static void set_nonempty(struct flspace *f, int c, int on)
{
    if (on)
        f->nonempty[c / 64] |= 1ull << (c % 64);
    else
        f->nonempty[c / 64] &= ~(1ull << (c % 64));
}

/* The first class above c with a chunk, or -1. */
static int next_nonempty(const struct flspace *f, int c)
{
    for (int i = c + 1; i < FL_NCLASSES;) {
        uint64_t m = f->nonempty[i / 64] >> (i % 64);
        if (m)
            return i + __builtin_ctzll(m);
        i = (i / 64 + 1) * 64;
    }
    return -1;
}

/* Makes [chunk, chunk + words) a free chunk; from 2 words on it joins a list. */
static void push_free(struct flspace *f, header_t *chunk, size_t words)
{
    GC_UNPOISON(chunk, words >= 2 ? 2 * WORD : WORD);
    *chunk = hdr_with_aux(make_header(TYPE_FREE), words);
    f->free_bytes += words * WORD;
    if (f->sp.starts)
        starts_set(&f->sp, chunk);
    if (words < 2)
        return;
    int c = fl_class(words);
    chunk[1] = (header_t)(uintptr_t)f->list[c];
    f->list[c] = chunk;
    set_nonempty(f, c, 1);
    GC_POISON(chunk + 2, (words - 2) * WORD);
}

int fl_init(struct flspace *f, const char *name, size_t reserve_bytes, size_t limit_bytes)
{
    memset(f, 0, sizeof *f);
    return space_reserve(&f->sp, name, reserve_bytes, limit_bytes);
}

void fl_release(struct flspace *f)
{
    space_release(&f->sp);
    memset(f, 0, sizeof *f);
}

static header_t *pop_list(struct flspace *f, int c)
{
    header_t *ch = f->list[c];
    f->list[c] = (header_t *)(uintptr_t)ch[1];
    if (!f->list[c])
        set_nonempty(f, c, 0);
    return ch;
}

/* Takes a fitting chunk off its lists, or NULL. */
static header_t *find_chunk(struct flspace *f, size_t words)
{
    int c = fl_class(words);
    if (c < EXACT_CLASSES) {
        if (f->list[c])
            return pop_list(f, c);
    } else {
        header_t **link = &f->list[c];
        for (header_t *ch = *link; ch; link = (header_t **)&ch[1], ch = *link)
            if (chunk_words(ch) >= words) {
                *link = (header_t *)(uintptr_t)ch[1];
                if (!f->list[c])
                    set_nonempty(f, c, 0);
                return ch;
            }
    }
    int above = next_nonempty(f, c);
    return above < 0 ? NULL : pop_list(f, above);
}

void *fl_alloc(struct flspace *f, size_t words, const char *limit)
{
    size_t bytes = words * WORD;
    header_t *ch = find_chunk(f, words);
    if (ch) {
        size_t have = chunk_words(ch);
        f->free_bytes -= have * WORD;
        GC_UNPOISON(ch, bytes);
        if (have > words)
            push_free(f, ch + words, have - words);
    } else {
        if (f->sp.top + bytes > limit || f->sp.top + bytes > f->sp.end)
            return NULL;
        ch = (header_t *)f->sp.top;
        f->sp.top += bytes;
        GC_UNPOISON(ch, bytes);
        if (f->sp.starts)
            starts_set(&f->sp, ch);
    }
    return ch;
}

int fl_contains(const struct flspace *f, const void *p)
{
    return (const char *)p > f->sp.base && (const char *)p < f->sp.top;
}

void fl_free(struct flspace *f, void *start, size_t words)
{
    push_free(f, start, words);
}

/* Makes the run [run, end) of dead objects and free chunks one free chunk. */
static void flush_run(struct flspace *f, char *run, char *end)
{
    if (f->sp.starts)
        starts_clear(&f->sp, run + WORD, end);
    push_free(f, (header_t *)run, (size_t)(end - run) / WORD);
}

size_t fl_sweep(struct flspace *f, int keep_unmarked)
{
    memset(f->list, 0, sizeof f->list);
    memset(f->nonempty, 0, sizeof f->nonempty);
    f->free_bytes = 0;
    size_t kept = 0;
    char *run = NULL;
    for (char *p = f->sp.base; p < f->sp.top;) {
        header_t *h = (header_t *)p;
        size_t words = chunk_words(h);
        int dead;
        if (hdr_type(*h) == TYPE_FREE) {
            dead = 1;
        } else if (keep_unmarked) {
            dead = 0;
        } else if (*h & HDR_MARK) {
            *h &= ~HDR_MARK;
            dead = 0;
        } else {
            stats_freed(words);
            dead = 1;
        }
        if (dead && !run)
            run = p;
        if (!dead) {
            if (run)
                flush_run(f, run, p);
            run = NULL;
            kept += words * WORD;
        }
        p += words * WORD;
    }
    if (run) {                      /* the end of the space goes back to the wilderness */
        if (f->sp.starts)
            starts_clear(&f->sp, run, f->sp.top);
        GC_POISON(run, (size_t)(f->sp.top - run));
        f->sp.top = run;
    }
    return kept;
}

unsigned fl_fragmentation_ppm(const struct flspace *f)
{
    size_t wild = f->sp.limit > f->sp.top ? (size_t)(f->sp.limit - f->sp.top) : 0;
    size_t total = f->free_bytes + wild, largest = wild;
    for (int c = FL_NCLASSES - 1; c >= 0; c--)
        if (f->list[c]) {
            for (const header_t *ch = f->list[c]; ch; ch = (const header_t *)(uintptr_t)ch[1])
                if (chunk_words(ch) * WORD > largest)
                    largest = chunk_words(ch) * WORD;
            break;
        }
    if (!total)
        return 0;
    return (unsigned)((total - largest) * 1000000.0 / (double)total);
}

int fl_verify(const struct flspace *f, const char **why)
{
    size_t free_walk = 0;
    for (char *p = f->sp.base; p < f->sp.top;) {
        header_t *h = (header_t *)p;
        unsigned t = hdr_type(*h);
        if (t != TYPE_FREE && !type_is_valid(t)) {
            *why = "free-list space: a header with no valid type";
            return -1;
        }
        if (*h & HDR_MARK) {
            *why = "free-list space: a mark bit left set";
            return -1;
        }
        size_t words = chunk_words(h);
        if (words == 0 || p + words * WORD > f->sp.top) {
            *why = "free-list space: an object runs past top";
            return -1;
        }
        if (f->sp.starts) {
            const struct space *s = &f->sp;
            if (starts_find(s, p + words * WORD - 1) != p) {
                *why = "free-list space: the object-start bitmap disagrees with the walk";
                return -1;
            }
        }
        if (t == TYPE_FREE)
            free_walk += words * WORD;
        p += words * WORD;
    }
    size_t listed = 0;
    for (int c = 0; c < FL_NCLASSES; c++) {
        if (!!f->list[c] != !!(f->nonempty[c / 64] & (1ull << (c % 64)))) {
            *why = "free-list space: the non-empty class bitmap is wrong";
            return -1;
        }
        for (const header_t *ch = f->list[c]; ch; ch = (const header_t *)(uintptr_t)ch[1]) {
            if ((const char *)ch < f->sp.base || (const char *)ch >= f->sp.top ||
                hdr_type(*ch) != TYPE_FREE || fl_class(chunk_words(ch)) != c) {
                *why = "free-list space: a listed chunk is not a free chunk of its class";
                return -1;
            }
            listed += chunk_words(ch) * WORD;
        }
    }
    if (free_walk != f->free_bytes || listed > free_walk) {
        *why = "free-list space: free byte counts disagree";
        return -1;
    }
    return 0;
}
