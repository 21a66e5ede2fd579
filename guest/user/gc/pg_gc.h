/* pg_gc.h — Pagoda's garbage-collected heap: typed objects with a one-word header,
 * precise pointer maps, roots through a shadow stack and registered globals, and five
 * collectors behind one API (reference counting, mark-sweep, mark-compact, semi-space
 * copying, generational). The same code builds for the guest and for the host (tests
 * under ASan, the benchmark beside Boehm's collector). README.md in this directory
 * tells the whole story. Single-threaded. */
#ifndef PG_GC_H
#define PG_GC_H

#include <stddef.h>
#include <stdint.h>

enum gc_policy { GC_REFCOUNT, GC_MARKSWEEP, GC_MARKCOMPACT, GC_COPYING, GC_GENERATIONAL,
                 GC_NPOLICIES };
/* Generational: how stores of young pointers into old objects are remembered. */
enum gc_barrier { GC_BARRIER_CARD, GC_BARRIER_REMSET, GC_BARRIER_MPROTECT };

/* Everything a collector is configured by. gc_config_default() fills the defaults and
 * then applies the environment (GC_POLICY=..., see README.md). */
struct gc_config {
    enum gc_policy policy;
    size_t heap_bytes;         /* first size of the main space (mark-sweep heap, each
                                  semi-space, the compacted space, the old generation) */
    size_t max_heap_bytes;     /* address space reserved per space: its hard limit */
    unsigned growth_percent;   /* after a full collection a space grows to at least
                                  live bytes x this / 100 (so 200: half free) */
    size_t large_bytes;        /* objects this big or bigger get their own mapping */
    /* generational */
    size_t young_bytes;        /* Eden + two survivor spaces */
    unsigned survivor_ratio;   /* Eden : one survivor (HotSpot's SurvivorRatio): 8 */
    unsigned tenure_age;       /* promoted after surviving this many minor collections */
    int old_compacts;          /* old generation: 0 mark-sweep, 1 mark-compact */
    enum gc_barrier barrier;
    size_t card_bytes;         /* card table granularity (power of two) */
    /* reference counting */
    size_t zct_entries;        /* reconcile once the zero-count table holds this many */
    int rc_cycles;             /* also run the trial-deletion cycle collector */
    /* reporting */
    int stats;                 /* print statistics at exit (GC_STATS=1) */
    int trace;                 /* a line per collection on stderr (GC_TRACE=1) */
};

void gc_config_default(struct gc_config *cfg);
/* Starts the heap (the first allocation does it from the environment if no one did).
 * 0, or -1 after a one-line message on stderr when the configuration is unusable. */
int gc_init(const struct gc_config *cfg);
/* Releases every space and forgets roots and statistics; gc_init may follow. */
void gc_shutdown(void);
const char *gc_policy_name(enum gc_policy p);
/* The policy named s ("refcount", "marksweep", ...), or -1. */
int gc_policy_by_name(const char *s);

/* Types: a fixed-size object of size_bytes whose pointer fields sit at the byte
 * offsets given (multiples of 8). Returns its id (never 0), or 0 if refused. */
typedef uint32_t gc_type_t;
gc_type_t gc_register_type(const char *name, size_t size_bytes, size_t nptrs,
                           const size_t *ptr_offsets);

/* Two built-in variable-size kinds, each starting with its length. */
struct gc_ptr_array { size_t length; void *item[]; };
struct gc_bytes { size_t length; unsigned char byte[]; };

/* Allocation: zeroed objects; NULL when the heap cannot grow (max_heap_bytes).
 * Only allocation and gc_collect* collect: between them, plain C pointers to heap
 * objects stay valid; across them only roots are kept (and updated when objects move). */
void *gc_alloc(gc_type_t type);
struct gc_ptr_array *gc_alloc_ptr_array(size_t length);
struct gc_bytes *gc_alloc_bytes(size_t length);

/* Every store of a pointer into a heap object goes through the write barrier:
 * GC_WRITE(obj, field, value) is obj->field = value. */
extern int gc_barrier_needed;
void gc_write_barrier(void *obj, void *slot, void *value);
static inline void gc_write(void *obj, void *slot, void *value)
{
    if (gc_barrier_needed)
        gc_write_barrier(obj, slot, value);
    else
        *(void **)slot = value;
}
#define GC_WRITE(obj, field, value) gc_write((obj), (void *)&(obj)->field, (value))

/* Roots. A frame of the shadow stack holds addresses of pointer variables (initialise
 * them, NULL or an object, before gc_root): the collector reads them and, when it moves
 * an object, rewrites them. gc_pop_frame drops the frame's roots. Globals stay roots
 * until removed. */
void gc_push_frame(void);
void gc_root(void *slot);
void gc_pop_frame(void);
void gc_add_global(void *slot);
void gc_remove_global(void *slot);

/* A full collection now (refcount: reconcile the zero-count table, and collect cycles
 * if rc_cycles); gc_collect_young: a minor one (others: the same as gc_collect). */
void gc_collect(void);
void gc_collect_young(void);

/* A space: a named VMA of the heap ("[anon:gc NAME]" in /proc/PID/maps). */
#define GC_MAX_SPACES 6
struct gc_space_info {
    const char *name;
    uintptr_t base;
    uint64_t committed_bytes;           /* the part the collector may use now */
    uint64_t used_bytes;                /* objects (and, in free-list spaces, garbage) */
};

enum gc_kind { GC_KIND_MINOR, GC_KIND_FULL, GC_KIND_RECONCILE, GC_KIND_CYCLES, GC_NKINDS };

struct gc_stats {
    enum gc_policy policy;
    const char *pause_unit;             /* "instructions" (guest) or "ns" (host) */
    uint64_t collections[GC_NKINDS];
    uint64_t pauses, pause_total, pause_max, pause_p50, pause_p90, pause_p99;
    uint64_t allocated_bytes, allocated_objects;
    uint64_t copied_bytes, promoted_bytes, freed_bytes, freed_objects;
    uint64_t live_bytes, live_objects;  /* held by the heap now (garbage not yet found
                                           included), headers included */
    uint64_t max_live_after_full;       /* most bytes a full collection kept */
    uint64_t footprint_bytes, peak_footprint_bytes;   /* spaces' committed sizes */
    unsigned fragmentation_ppm;         /* non-moving spaces: 1 - largest free / free */
    uint64_t barrier_records;           /* stores the barrier remembered */
    uint64_t cards_scanned, remset_scanned, protection_faults;
    unsigned nspaces;                   /* the spaces now, large objects last */
    struct gc_space_info spaces[GC_MAX_SPACES];
};
void gc_get_stats(struct gc_stats *s);
void gc_print_stats(void);              /* to stderr */

/* Walks every space checking headers, sizes and that each pointer field of a reachable
 * object points at an object. 0, or -1 with a reason in *why. For tests. */
int gc_verify(const char **why);

#endif
