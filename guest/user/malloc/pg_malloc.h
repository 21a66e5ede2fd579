/* pg_malloc.h — Pagoda's user-space allocator: the C allocation API, mallopt knobs and
 * statistics. Built for the guest (-DPG_MALLOC_GUEST) these are the real malloc, free...;
 * on the host they are pg_malloc, pg_free... so host tests keep the host's own malloc. */
#ifndef PG_MALLOC_H
#define PG_MALLOC_H

#include <stddef.h>

#ifdef PG_MALLOC_GUEST
#define pg_malloc             malloc
#define pg_free               free
#define pg_calloc             calloc
#define pg_realloc            realloc
#define pg_reallocarray       reallocarray
#define pg_posix_memalign     posix_memalign
#define pg_aligned_alloc      aligned_alloc
#define pg_memalign           memalign
#define pg_malloc_usable_size malloc_usable_size
#define pg_mallopt            mallopt
#define pg_malloc_stats       malloc_stats
#endif

void *pg_malloc(size_t size);
void pg_free(void *ptr);
void *pg_calloc(size_t n, size_t size);
void *pg_realloc(void *ptr, size_t size);
void *pg_reallocarray(void *ptr, size_t n, size_t size);
int pg_posix_memalign(void **out, size_t alignment, size_t size);
void *pg_aligned_alloc(size_t alignment, size_t size);
void *pg_memalign(size_t alignment, size_t size);
size_t pg_malloc_usable_size(void *ptr);

/* mallopt parameters: glibc's numbers, plus our fit policy. Returns 1, or 0 if refused. */
#ifndef M_TRIM_THRESHOLD
#define M_TRIM_THRESHOLD (-1)   /* free top block this big -> give memory back (brk) */
#define M_TOP_PAD        (-2)   /* extra bytes asked for on each grow, kept on trim */
#define M_MMAP_THRESHOLD (-3)   /* requests this big get their own mmap */
#endif
#define M_FIT_POLICY     (-100) /* one of the MALLOC_*_FIT values below */
#define MALLOC_FIRST_FIT 0
#define MALLOC_NEXT_FIT  1
#define MALLOC_BEST_FIT  2
int pg_mallopt(int param, int value);

/* Size classes of the segregated free lists: 16-byte steps below 1 KiB, then eight
 * classes per power of two. malloc_class_min_bytes(c) is the smallest block in class c. */
#define MALLOC_NCLASSES 368
size_t malloc_class_min_bytes(int cls);

/* A snapshot of the allocator; "blocks" include their 8-byte header. */
struct malloc_stats {
    int policy;                      /* MALLOC_*_FIT */
    size_t heap_bytes;               /* brk heap: break minus heap start */
    size_t in_use_bytes;             /* heap blocks handed out */
    size_t free_bytes;               /* heap blocks free */
    size_t largest_free_bytes;
    size_t requested_bytes;          /* sum of live request sizes, heap and mmap */
    size_t internal_frag_bytes;      /* allocated (heap + mmap) minus requested */
    unsigned external_frag_ppm;      /* (1 - largest free / total free) * 1e6 */
    size_t peak_heap_bytes;          /* largest heap_bytes + mmap_bytes seen */
    size_t peak_live_bytes;          /* largest requested_bytes seen */
    size_t mmap_bytes, mmap_chunks;  /* live large-request mappings */
    size_t used_blocks, free_blocks;
    size_t used_per_class[MALLOC_NCLASSES];
    size_t free_per_class[MALLOC_NCLASSES];
};
void malloc_get_stats(struct malloc_stats *out);
void pg_malloc_stats(void);          /* prints the snapshot to stderr */

/* Walks the whole heap and the free lists checking every invariant; returns 0 if all
 * hold, else -1 with a one-line reason in *why. For tests. */
int malloc_check_heap(const char **why);

/* The C runtime's duties: on the guest, call malloc_init_env(envp) before main (it is
 * how MALLOC_POLICY and MALLOC_STATS are read) and malloc_atexit_hook() on exit (it
 * prints the statistics when MALLOC_STATS=1). The host build does both by itself. */
#ifdef PG_MALLOC_GUEST
void malloc_init_env(char **envp);
#endif
void malloc_atexit_hook(void);

/* The allocator's one lock (a futex mutex; every function above takes it). fork takes
 * it across the system call, so the child's heap is whole and its lock free. */
void malloc_lock(void);
void malloc_unlock(void);

#endif
