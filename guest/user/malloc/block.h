/* block.h — the heap's layout, shared by heap.c, malloc.c and stats.c (internal only):
 * boundary-tagged blocks, the header's bit fields, and the allocator's one global state.
 * A block is an 8-byte header, a payload, and (free blocks only) an 8-byte footer. */
#ifndef MALLOC_BLOCK_H
#define MALLOC_BLOCK_H

#include <stddef.h>
#include <stdint.h>
#include "pg_malloc.h"

#define ALIGNMENT        16
#define HEADER_BYTES     8
#define MIN_BLOCK_BYTES  32      /* header, two list links, footer */
#define MAX_REQUEST      ((size_t)1 << 46)

/* Header: size (a multiple of 16) in bits 4..47, flags below, and in bits 48..63 of an
 * in-use block its slack: payload bytes beyond the request (for fragmentation stats). */
#define IN_USE       ((size_t)1)
#define PREV_IN_USE  ((size_t)2)
#define MMAPPED      ((size_t)4)
#define SIZE_MASK    ((size_t)0x0000fffffffffff0)
#define SLACK_SHIFT  48
#define SLACK_MAX    ((size_t)0xffff)

#define NCLASS_WORDS ((MALLOC_NCLASSES + 63) / 64)

struct block {
    size_t header;
    struct block *next;   /* free-list links: valid in free blocks only */
    struct block *prev;
};

/* Heap layout: lo | 8 pad | block | block | ... | epilogue header (size 0, in use) | top.
 * Every header sits at 8 mod 16 so every payload is 16-aligned. A free block that ends
 * at the epilogue is the wilderness: in no list and without a footer. */
struct heap {
    int initialized;
    int policy;
    int stats_at_exit;
    char *lo, *top;
    struct block *epilogue;
    struct block *wilderness;                 /* the free block at the top, or NULL */
    struct block *free_head[MALLOC_NCLASSES];
    struct block *rover[MALLOC_NCLASSES];     /* next fit: where each class resumes */
    uint64_t nonempty[NCLASS_WORDS];          /* bit c set iff free_head[c] */
    size_t mmap_threshold, trim_threshold, top_pad;
    size_t free_bytes;                        /* counted by the free-list insert/remove */
    size_t requested_bytes, mmap_bytes, mmap_chunks;
    size_t peak_heap_bytes, peak_live_bytes;
};

extern struct heap heap;

static inline size_t block_size(const struct block *b) { return b->header & SIZE_MASK; }
static inline int block_in_use(const struct block *b) { return (b->header & IN_USE) != 0; }
static inline void *block_payload(struct block *b) { return (char *)b + HEADER_BYTES; }
static inline struct block *payload_block(void *p) { return (struct block *)((char *)p - HEADER_BYTES); }

static inline struct block *block_after(struct block *b, size_t size)
{
    return (struct block *)((char *)b + size);
}

static inline size_t *block_footer(struct block *b, size_t size)
{
    return (size_t *)((char *)b + size - sizeof(size_t));
}

/* Bytes the caller asked for, from the size and the slack kept in the header. */
static inline size_t block_requested(const struct block *b)
{
    return block_size(b) - HEADER_BYTES - (b->header >> SLACK_SHIFT);
}

static inline size_t round_up(size_t n, size_t align) { return (n + align - 1) & ~(align - 1); }

/* Block size that holds a request of n bytes (n <= MAX_REQUEST). */
static inline size_t block_bytes_for(size_t n)
{
    size_t size = round_up(n + HEADER_BYTES, ALIGNMENT);
    return size < MIN_BLOCK_BYTES ? MIN_BLOCK_BYTES : size;
}

/* floor(log2(n)) for n > 0. Without Zbb, rv64imac has no count-leading-zeros and the
 * builtin would call libgcc's __clzdi2, which the guest should not need. */
static inline int floor_log2(uint64_t n)
{
#if defined(__riscv) && !defined(__riscv_zbb)
    int log2 = 0;
    for (int shift = 32; shift > 0; shift >>= 1)
        if (n >> shift) {
            n >>= shift;
            log2 += shift;
        }
    return log2;
#else
    return 63 - __builtin_clzll(n);
#endif
}

/* Index of the lowest set bit of bits (bits != 0). */
static inline int lowest_set_bit(uint64_t bits)
{
#if defined(__riscv) && !defined(__riscv_zbb)
    return floor_log2(bits & -bits);
#else
    return __builtin_ctzll(bits);
#endif
}

static inline int size_class(size_t size)
{
    if (size < 1024)
        return (int)(size >> 4);
    int log2 = floor_log2(size);
    return 64 + (log2 - 10) * 8 + (int)((size >> (log2 - 3)) & 7);
}

/* heap.c: the brk heap. Blocks come back from heap_alloc in use, slack zero. */
void heap_init(void);
struct block *heap_alloc(size_t size);
void heap_free(struct block *b);
void heap_shrink(struct block *b, size_t size);
int heap_extend(struct block *b, size_t size);
struct block *heap_drop_front(struct block *b, size_t lead_bytes);
void heap_note_footprint(void);

static inline void malloc_ensure_init(void)
{
    if (!heap.initialized)
        heap_init();
}

/* malloc.c: reports misuse the way glibc does ("free(): double free detected"), then
 * aborts. who names the API function, or is NULL for heap corruption. */
void malloc_fatal(const char *who, const char *what) __attribute__((noreturn));

#endif
