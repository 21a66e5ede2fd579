/* gc_internal.h — what the collectors share: the object header, the type table, spaces
 * (mmap'd reservations), the free-list space, the large-object space, roots, marking,
 * statistics and the table of policies. Not for programs: they use pg_gc.h. */
#ifndef GC_INTERNAL_H
#define GC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "pg_gc.h"
#include "gc_os.h"

#define WORD 8u

/* The header: one word before the payload; object pointers address the payload.
 *   bit 0      FORWARDED: a copying collector moved the object; the whole word is then
 *              the new payload address | 1
 *   bit 1      MARK (tracing collectors)
 *   bit 2      LOGGED: generational, in the remembered set; refcount, in the ZCT
 *   bit 3      BUFFERED: refcount, a candidate root of a cycle (trial deletion)
 *   bits 7:4   age: minor collections survived (refcount: trial deletion's colour)
 *   bits 23:8  type id
 *   bits 63:24 aux: the reference count (refcount), the forwarding address as words
 *              from the space's base (mark-compact, while it runs), the size in words
 *              (free chunks) */
typedef uint64_t header_t;
#define HDR_FORWARDED  1ull
#define HDR_MARK       2ull
#define HDR_LOGGED     4ull
#define HDR_BUFFERED   8ull
#define HDR_AGE_SHIFT  4
#define HDR_AGE_MASK   (15ull << HDR_AGE_SHIFT)
#define HDR_TYPE_SHIFT 8
#define HDR_TYPE_MASK  (0xffffull << HDR_TYPE_SHIFT)
#define HDR_AUX_SHIFT  24
#define HDR_AUX_MAX    ((1ull << 40) - 1)
#define MAX_AGE        15u

static inline header_t *hdr(const void *obj) { return (header_t *)obj - 1; }
static inline unsigned hdr_type(header_t h) { return (unsigned)((h & HDR_TYPE_MASK) >> HDR_TYPE_SHIFT); }
static inline unsigned hdr_age(header_t h) { return (unsigned)((h & HDR_AGE_MASK) >> HDR_AGE_SHIFT); }
static inline uint64_t hdr_aux(header_t h) { return h >> HDR_AUX_SHIFT; }
static inline header_t hdr_with_aux(header_t h, uint64_t aux)
{
    return (h & ((1ull << HDR_AUX_SHIFT) - 1)) | (aux << HDR_AUX_SHIFT);
}
static inline header_t hdr_with_age(header_t h, unsigned age)
{
    return (h & ~HDR_AGE_MASK) | ((header_t)age << HDR_AGE_SHIFT);
}
static inline header_t make_header(unsigned type) { return (header_t)type << HDR_TYPE_SHIFT; }

/* Types. Id 0 is a free chunk (aux = its size in words, the first payload word links
 * it into a free list when it is at least 2 words); 1 and 2 are the built-in arrays. */
enum type_kind { KIND_FREE, KIND_FIXED, KIND_PTR_ARRAY, KIND_BYTES };
enum { TYPE_FREE = 0, TYPE_PTR_ARRAY = 1, TYPE_BYTES = 2, TYPE_FIRST_USER = 3 };
#define GC_MAX_TYPES 4096

struct type_info {
    enum type_kind kind;
    uint32_t words;             /* FIXED: whole object, header included */
    uint32_t nptrs;
    uint32_t *ptr_words;        /* payload word index of each pointer field */
    const char *name;
};
extern struct type_info gc_types[GC_MAX_TYPES];
int type_is_valid(unsigned t);

/* The object's size in words, header included (at least 2). */
static inline size_t obj_words(const void *obj)
{
    header_t h = *hdr(obj);
    const struct type_info *t = &gc_types[hdr_type(h)];
    switch (t->kind) {
    case KIND_FIXED: return t->words;
    case KIND_PTR_ARRAY: return 2 + ((const struct gc_ptr_array *)obj)->length;
    case KIND_BYTES: return 2 + (((const struct gc_bytes *)obj)->length + WORD - 1) / WORD;
    default: return (size_t)hdr_aux(h);
    }
}

static inline int obj_is_free(const void *obj) { return hdr_type(*hdr(obj)) == TYPE_FREE; }

/* Calls visit on the address of each pointer field of obj (NULL ones too). */
static inline void scan_object(void *obj, void (*visit)(void **slot))
{
    const struct type_info *t = &gc_types[hdr_type(*hdr(obj))];
    if (t->kind == KIND_PTR_ARRAY) {
        struct gc_ptr_array *a = obj;
        for (size_t i = 0; i < a->length; i++)
            visit(&a->item[i]);
    } else {
        for (uint32_t i = 0; i < t->nptrs; i++)
            visit((void **)obj + t->ptr_words[i]);
    }
}

/* Copies an object of `words` words: small ones word by word (most objects are a few
 * words, and a call to memcpy costs more than the copy), others with memcpy. (GCC
 * would turn the loop back into a memcpy call without the attribute.) */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
static inline void copy_words(void *to, const void *from, size_t words)
{
    if (words <= 16) {
        uint64_t *d = to;
        const uint64_t *s = from;
        for (size_t i = 0; i < words; i++)
            d[i] = s[i];
    } else {
        memcpy(to, from, words * WORD);
    }
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
static inline void zero_words(void *to, size_t words)
{
    if (words <= 16) {
        uint64_t *d = to;
        for (size_t i = 0; i < words; i++)
            d[i] = 0;
    } else {
        memset(to, 0, words * WORD);
    }
}

/* Growable vectors of pointers (the mark stack, the roots, remembered objects...). */
struct ptrvec { void **v; size_t n, cap; };
void ptrvec_grow(struct ptrvec *pv);
void ptrvec_free(struct ptrvec *pv);
static inline void ptrvec_push(struct ptrvec *pv, void *p)
{
    if (pv->n == pv->cap)
        ptrvec_grow(pv);
    pv->v[pv->n++] = p;
}

/* A space: an address range reserved by mmap (a VMA named in /proc/PID/maps), of
 * which [base, limit) may be used; top is the allocation or parse boundary. */
struct space {
    const char *name;
    char *base, *end;           /* the reservation */
    char *top, *limit;
    uint64_t *starts;           /* optional: a bit per word, set where an object starts */
    size_t objects;             /* objects in the space (copying spaces keep count) */
};
int space_reserve(struct space *s, const char *name, size_t reserve_bytes, size_t limit_bytes);
void space_release(struct space *s);
int space_enable_starts(struct space *s);
static inline int space_has(const struct space *s, const void *p)
{
    return (const char *)p > s->base && (const char *)p < s->end;
}
static inline size_t space_committed(const struct space *s) { return (size_t)(s->limit - s->base); }
/* Raises the soft limit to at least base + bytes (page-rounded, within the reservation);
 * 0, or -1 when the reservation is too small. */
int space_grow_to(struct space *s, size_t bytes);
/* When a collection did not free room: the limit moves to top + words (statistics
 * note the new footprint); -1 past the reservation. */
int space_grow_past_top(struct space *s, size_t words);
void starts_set(struct space *s, const void *start);
void starts_clear(struct space *s, const void *from, const void *to);
/* The start of the object or chunk containing addr (its header address). */
char *starts_find(const struct space *s, const void *addr);

/* The free-list space (mark-sweep, reference counting, the old generation): every byte
 * below top is an object or a free chunk, so the space can be walked; segregated free
 * lists by size class, like the malloc's. */
#define FL_NCLASSES 208
struct flspace {
    struct space sp;
    header_t *list[FL_NCLASSES];  /* free chunks (their headers), linked by word 1 */
    uint64_t nonempty[(FL_NCLASSES + 63) / 64];
    size_t free_bytes;            /* in free chunks below top */
};
int fl_init(struct flspace *f, const char *name, size_t reserve_bytes, size_t limit_bytes);
void fl_release(struct flspace *f);
/* words words (header included, not zeroed) from the lists or past top; NULL if none
 * fits below `limit`. */
void *fl_alloc(struct flspace *f, size_t words, const char *limit);
int fl_contains(const struct flspace *f, const void *p);
/* Turns the object (header address) into a free chunk on its list. */
void fl_free(struct flspace *f, void *start, size_t words);
/* Walks the space: marked objects are kept (their mark cleared), other objects freed
 * (counted in the statistics) and every run of free memory coalesced into one chunk;
 * with keep_unmarked, no object is freed (coalescing only). Returns bytes kept. */
size_t fl_sweep(struct flspace *f, int keep_unmarked);
unsigned fl_fragmentation_ppm(const struct flspace *f);
int fl_verify(const struct flspace *f, const char **why);

/* The large-object space: an object of at least large_bytes gets a mapping of its own,
 * after this node. Never moved; marked and swept by every tracing collector. */
struct large {
    struct large *prev, *next;
    size_t map_bytes;
    size_t pad;
};
void *large_alloc(size_t words);         /* the header address, or NULL */
int large_has(const void *obj);          /* linear search: for verification only */
void large_sweep(void);                  /* frees unmarked ones, clears marks */
void large_free(void *obj);              /* refcount: frees one */
void large_release_all(void);
void large_visit(void (*visit)(void *obj));   /* each large object (payload address) */

/* Helpers the policies share (marksweep.c). */
void grow_after_full(struct space *s, size_t kept_bytes);
struct gc_space_info flspace_info(const char *name, const struct flspace *f);

/* markcompact.c: Lisp-2 compaction of s once marking is done; returns bytes kept. */
size_t compact_space(struct space *s);
struct gc_space_info space_info(const char *name, const struct space *s);
void *bump_alloc(struct space *s, size_t words);
int verify_bump_space(const struct space *s, const char **why);

/* Roots: calls visit on each root slot (shadow stack, globals). */
void roots_visit(void (*visit)(void **slot));
void roots_reset(void);

/* Marking with an explicit stack (no recursion, so deep lists are fine). */
void mark_object(void *obj);
void mark_slot(void **slot);
void mark_drain(void);
void mark_from_roots(void);

/* The collector in use. alloc returns room for an object of words words, header
 * included (gc.c zeroes it and writes the header), or NULL when the heap cannot grow. */
struct policy {
    const char *name;
    int (*init)(void);
    void (*shutdown)(void);
    void *(*alloc)(size_t words);
    void (*allocated)(void *obj);       /* optional: after the header is written */
    void (*collect)(enum gc_kind kind);
    void (*write)(void *obj, void **slot, void *value);   /* NULL: no barrier */
    int (*contains)(const void *p);     /* p is inside the allocated part of a space */
    size_t (*footprint)(void);          /* committed bytes of the spaces, not LOS */
    unsigned (*spaces)(struct gc_space_info *out);   /* its spaces, at most 5 */
    unsigned (*fragmentation)(void);    /* optional */
    int (*verify)(const char **why);
};
extern const struct policy policy_refcount, policy_marksweep, policy_markcompact,
    policy_copying, policy_generational;

struct pause_record {
    uint64_t at, pause;                 /* counter at the start, length */
    uint64_t footprint, live;           /* after it */
    uint8_t kind;
};

struct gc_state {
    int ready;
    struct gc_config cfg;
    const struct policy *policy;
    struct ptrvec root_slots;           /* the shadow stack: addresses of variables */
    size_t *frames;                     /* where each frame starts in root_slots */
    size_t nframes, frames_cap;
    struct ptrvec globals;
    struct large *large;                /* the large-object list */
    size_t large_mapped;
    size_t large_budget;                /* collect before mapping past this */
    struct ptrvec mark_stack;
    struct gc_stats st;                 /* counters (the derived fields are filled on demand) */
    struct pause_record *pauses;
    size_t npauses, pauses_cap;
    uint64_t pause_start;
    int in_collection;
};
extern struct gc_state gc;

/* Statistics (stats.c). */
void stats_alloc(size_t words);
void stats_freed(size_t words);
void stats_note_footprint(void);
void stats_freed_bulk(uint64_t objects, uint64_t bytes);
void pause_begin(void);
void pause_end(enum gc_kind kind);
void stats_atexit(void);

/* Fatal: the collector's own bookkeeping failed (e.g. no memory for the mark stack). */
void gc_fatal(const char *what) __attribute__((noreturn));
size_t gc_round_up(size_t n, size_t to);

/* ASan: the payload of free memory is poisoned when the host build is sanitized, so
 * a mutator touching a reclaimed or moved-from object is reported. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define GC_POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define GC_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define GC_POISON(p, n)   ((void)(p), (void)(n))
#define GC_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#endif
