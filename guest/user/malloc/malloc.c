/* malloc.c — the C allocation API: requests go to the brk heap (heap.c) or, when large,
 * to a private mmap; this file also keeps the request bookkeeping for the statistics,
 * does the aligned variants, and catches misuse with glibc's messages. One lock (a
 * futex mutex) covers the whole allocator: each entry point takes it once. */
#include "block.h"
#include "malloc_os.h"

/* A large request owns a mapping: this record at its start, then, right before the
 * payload, an 8-byte header holding MMAPPED and the payload's offset in the mapping. */
struct mmap_chunk {
    size_t map_bytes;
    size_t requested;
    size_t check;         /* mapping address ^ map_bytes ^ MMAP_MAGIC: spots bogus frees */
};

#define MMAP_MAGIC      ((size_t)0x7061676f64616d6dULL)
#define MMAP_MIN_OFFSET 32    /* the record and the header, rounded to ALIGNMENT */

void malloc_fatal(const char *who, const char *what)
{
    if (who) {
        os_write_err(who);
        os_write_err("(): ");
    }
    os_write_err(what);
    os_write_err("\n");
    os_abort();
}

static void *fail(int err)
{
    os_set_errno(err);
    return NULL;
}

static int is_power_of_two(size_t n) { return n && !(n & (n - 1)); }

/* ---- the lock: Drepper's three-state futex mutex (0 free, 1 held, 2 held with
 * waiters), taken once by each entry point below; the static functions run under it ---- */

static int heap_lock_word;

void malloc_lock(void)
{
    int c = 0;
    if (__atomic_compare_exchange_n(&heap_lock_word, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    if (c != 2)
        c = __atomic_exchange_n(&heap_lock_word, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        os_futex_wait(&heap_lock_word, 2);
        c = __atomic_exchange_n(&heap_lock_word, 2, __ATOMIC_ACQUIRE);
    }
}

void malloc_unlock(void)
{
    if (__atomic_exchange_n(&heap_lock_word, 0, __ATOMIC_RELEASE) == 2)
        os_futex_wake(&heap_lock_word);
}

/* ---- request bookkeeping: live requested bytes and their peak ---- */

static void add_requested(size_t n)
{
    heap.requested_bytes += n;
    if (heap.requested_bytes > heap.peak_live_bytes)
        heap.peak_live_bytes = heap.requested_bytes;
}

/* Records in b's header that the caller asked for n bytes, and counts them. */
static void note_request(struct block *b, size_t n)
{
    size_t slack = block_size(b) - HEADER_BYTES - n;
    if (slack > SLACK_MAX)
        slack = SLACK_MAX;
    b->header = (b->header & ~(SLACK_MAX << SLACK_SHIFT)) | (slack << SLACK_SHIFT);
    add_requested(block_requested(b));
}

static void forget_request(struct block *b)
{
    heap.requested_bytes -= block_requested(b);
}

static void set_chunk_request(struct mmap_chunk *c, size_t n)
{
    heap.requested_bytes -= c->requested;
    c->requested = n;
    add_requested(n);
}

/* ---- large requests: one mapping each ---- */

static struct mmap_chunk *chunk_of(void *p, size_t offset)
{
    return (struct mmap_chunk *)((char *)p - offset);
}

static size_t chunk_usable(struct mmap_chunk *c, void *p)
{
    return (size_t)((char *)c + c->map_bytes - (char *)p);
}

/* A payload of n bytes aligned to align, in a fresh mapping, or NULL. */
static void *mmap_alloc(size_t n, size_t align)
{
    size_t room = align <= MMAP_MIN_OFFSET ? MMAP_MIN_OFFSET : align + MMAP_MIN_OFFSET;
    size_t map_bytes = round_up(n + room, OS_PAGE_BYTES);
    struct mmap_chunk *c = os_mmap(map_bytes);
    if (!c)
        return NULL;

    char *p = (char *)round_up((uintptr_t)c + MMAP_MIN_OFFSET, align);
    c->map_bytes = map_bytes;
    c->requested = n;
    c->check = (uintptr_t)c ^ map_bytes ^ MMAP_MAGIC;
    payload_block(p)->header = (size_t)(p - (char *)c) | MMAPPED | IN_USE;

    heap.mmap_bytes += map_bytes;
    heap.mmap_chunks++;
    heap_note_footprint();
    add_requested(n);
    return p;
}

/* The record of mmapped payload p, after checking it is one of ours. */
static struct mmap_chunk *checked_chunk(void *p, const char *who)
{
    size_t offset = payload_block(p)->header & SIZE_MASK;
    struct mmap_chunk *c = chunk_of(p, offset);

    if (offset < MMAP_MIN_OFFSET || ((uintptr_t)c & (OS_PAGE_BYTES - 1)) ||
        c->check != ((uintptr_t)c ^ c->map_bytes ^ MMAP_MAGIC))
        malloc_fatal(who, "invalid pointer");
    return c;
}

static void mmap_free(struct mmap_chunk *c)
{
    heap.mmap_bytes -= c->map_bytes;
    heap.mmap_chunks--;
    heap.requested_bytes -= c->requested;
    c->check = 0;
    os_munmap(c, c->map_bytes);
}

/* ---- checking what the caller hands back ---- */

static int in_heap(void *p)
{
    return heap.top && (char *)p >= heap.lo + 2 * HEADER_BYTES && (char *)p < heap.top;
}

static int is_mmapped(void *p)
{
    return !in_heap(p) && (payload_block(p)->header & MMAPPED);
}

/* Every payload is 16-aligned; checked first, before any header is read. */
static void check_alignment(void *p, const char *who)
{
    if ((uintptr_t)p & (ALIGNMENT - 1))
        malloc_fatal(who, "invalid pointer");
}

/* The in-use heap block of payload p; aborts, as glibc would, if p is not one. */
static struct block *checked_block(void *p, const char *who)
{
    struct block *b = payload_block(p);
    size_t size = block_size(b);

    if (!in_heap(p) || (b->header & MMAPPED) ||
        size < MIN_BLOCK_BYTES || size > (size_t)((char *)heap.epilogue - (char *)b))
        malloc_fatal(who, "invalid pointer");
    if (!block_in_use(b))
        malloc_fatal(who, "double free detected");

    struct block *next = block_after(b, size);
    if (next != heap.epilogue &&
        (block_size(next) < MIN_BLOCK_BYTES ||
         block_size(next) > (size_t)((char *)heap.epilogue - (char *)next)))
        malloc_fatal(who, "invalid next size");
    if (!(next->header & PREV_IN_USE))
        malloc_fatal(who, "double free or corruption (!prev)");
    return b;
}

/* ---- the API, under the lock ---- */

static void *do_malloc(size_t n)
{
    malloc_ensure_init();
    if (n > MAX_REQUEST)
        return fail(OS_ENOMEM);
    if (n >= heap.mmap_threshold) {
        void *p = mmap_alloc(n, ALIGNMENT);
        if (p)
            return p;
    }
    struct block *b = heap_alloc(block_bytes_for(n));
    if (!b) {
        void *p = mmap_alloc(n, ALIGNMENT);   /* no brk left: a mapping may still do */
        return p ? p : fail(OS_ENOMEM);
    }
    note_request(b, n);
    return block_payload(b);
}

static void do_free(void *p)
{
    if (!p)
        return;
    malloc_ensure_init();
    check_alignment(p, "free");
    if (is_mmapped(p)) {
        mmap_free(checked_chunk(p, "munmap_chunk"));
        return;
    }
    struct block *b = checked_block(p, "free");
    forget_request(b);
    heap_free(b);
}

static void *do_calloc(size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total))
        return fail(OS_ENOMEM);
    void *p = do_malloc(total);
    if (p && !is_mmapped(p))      /* fresh mappings are already zero */
        __builtin_memset(p, 0, total);
    return p;
}

/* Resizes heap block b to hold n bytes without moving it; 1 on success. */
static int resize_in_place(struct block *b, size_t n)
{
    size_t size = block_bytes_for(n);
    size_t old_requested = block_requested(b);   /* before the size changes */

    if (size > block_size(b) && !heap_extend(b, size))
        return 0;
    heap.requested_bytes -= old_requested;
    heap_shrink(b, size);
    note_request(b, n);
    return 1;
}

/* Moves p (usable_bytes long) to a fresh allocation of n bytes. */
static void *realloc_by_moving(void *p, size_t usable_bytes, size_t n)
{
    void *q = do_malloc(n);
    if (!q)
        return NULL;
    __builtin_memcpy(q, p, usable_bytes < n ? usable_bytes : n);
    do_free(p);
    return q;
}

/* Resizes the mapping of c to hold n bytes after its payload p; the kernel may move it.
 * Returns the new payload, or NULL if the mapping could not change. */
static void *remap_chunk(struct mmap_chunk *c, void *p, size_t n)
{
    size_t offset = (size_t)((char *)p - (char *)c);
    size_t map_bytes = round_up(n + offset, OS_PAGE_BYTES);

    if (map_bytes != c->map_bytes) {
        if (offset != MMAP_MIN_OFFSET)   /* over-aligned: a move could break it */
            return NULL;
        struct mmap_chunk *moved = os_mremap(c, c->map_bytes, map_bytes);
        if (!moved)
            return NULL;
        c = moved;
        heap.mmap_bytes = heap.mmap_bytes - c->map_bytes + map_bytes;
        c->map_bytes = map_bytes;
        c->check = (uintptr_t)c ^ map_bytes ^ MMAP_MAGIC;
        heap_note_footprint();
    }
    set_chunk_request(c, n);
    return (char *)c + offset;
}

/* A large request stays mapped: mremap grows or shrinks it; a small one moves to the heap. */
static void *realloc_mmapped(void *p, size_t n)
{
    struct mmap_chunk *c = checked_chunk(p, "realloc");
    size_t usable = chunk_usable(c, p);

    if (n >= heap.mmap_threshold) {
        void *q = remap_chunk(c, p, n);
        if (q)
            return q;
        if (n <= usable) {
            set_chunk_request(c, n);
            return p;
        }
    }
    return realloc_by_moving(p, usable, n);
}

static void *do_realloc(void *p, size_t n)
{
    if (!p)
        return do_malloc(n);
    if (n == 0) {
        do_free(p);
        return NULL;
    }
    malloc_ensure_init();
    check_alignment(p, "realloc");
    if (n > MAX_REQUEST)
        return fail(OS_ENOMEM);
    if (is_mmapped(p))
        return realloc_mmapped(p, n);

    struct block *b = checked_block(p, "realloc");
    if (resize_in_place(b, n))
        return p;
    return realloc_by_moving(p, block_size(b) - HEADER_BYTES, n);
}

void *pg_malloc(size_t n)
{
    malloc_lock();
    void *p = do_malloc(n);
    malloc_unlock();
    return p;
}

void pg_free(void *p)
{
    if (!p)
        return;
    malloc_lock();
    do_free(p);
    malloc_unlock();
}

void *pg_calloc(size_t n, size_t size)
{
    malloc_lock();
    void *p = do_calloc(n, size);
    malloc_unlock();
    return p;
}

void *pg_realloc(void *p, size_t n)
{
    malloc_lock();
    void *q = do_realloc(p, n);
    malloc_unlock();
    return q;
}

void *pg_reallocarray(void *p, size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total))
        return fail(OS_ENOMEM);
    return pg_realloc(p, total);
}

/* n bytes aligned to align (a power of two): over-allocate, free the lead, trim. */
static void *aligned_malloc(size_t align, size_t n)
{
    malloc_ensure_init();
    if (align <= ALIGNMENT)
        return do_malloc(n);
    if (n > MAX_REQUEST || align > MAX_REQUEST)
        return fail(OS_ENOMEM);
    if (n >= heap.mmap_threshold) {
        void *p = mmap_alloc(n, align);
        if (p)
            return p;
    }

    size_t size = block_bytes_for(n);
    struct block *b = heap_alloc(size + align + MIN_BLOCK_BYTES);
    if (!b) {
        void *p = mmap_alloc(n, align);
        return p ? p : fail(OS_ENOMEM);
    }
    uintptr_t p = (uintptr_t)block_payload(b);
    uintptr_t q = round_up(p, align);
    if (q != p) {
        if (q - p < MIN_BLOCK_BYTES)      /* the lead must be big enough to be a block */
            q += align;
        b = heap_drop_front(b, q - p);
    }
    heap_shrink(b, size);
    note_request(b, n);
    return block_payload(b);
}

static void *locked_aligned_malloc(size_t align, size_t n)
{
    malloc_lock();
    void *p = aligned_malloc(align, n);
    malloc_unlock();
    return p;
}

int pg_posix_memalign(void **out, size_t align, size_t n)
{
    if (!is_power_of_two(align) || align % sizeof(void *))
        return OS_EINVAL;
    void *p = locked_aligned_malloc(align, n);
    if (!p)
        return OS_ENOMEM;
    *out = p;
    return 0;
}

void *pg_aligned_alloc(size_t align, size_t n)
{
    if (!is_power_of_two(align))
        return fail(OS_EINVAL);
    return locked_aligned_malloc(align, n);
}

/* glibc's memalign rounds an alignment that is not a power of two up to one. */
void *pg_memalign(size_t align, size_t n)
{
    if (align > MAX_REQUEST)
        return fail(OS_EINVAL);
    size_t pow2 = ALIGNMENT;
    while (pow2 < align)
        pow2 <<= 1;
    return locked_aligned_malloc(pow2, n);
}

static size_t usable_size(void *p)
{
    malloc_ensure_init();
    check_alignment(p, "malloc_usable_size");
    if (is_mmapped(p))
        return chunk_usable(checked_chunk(p, "malloc_usable_size"), p);
    return block_size(checked_block(p, "malloc_usable_size")) - HEADER_BYTES;
}

size_t pg_malloc_usable_size(void *p)
{
    if (!p)
        return 0;
    malloc_lock();
    size_t n = usable_size(p);
    malloc_unlock();
    return n;
}

static int set_option(int param, int value)
{
    malloc_ensure_init();
    if (value < 0 && param != M_TRIM_THRESHOLD)
        return 0;
    switch (param) {
    case M_FIT_POLICY:
        if (value > MALLOC_BEST_FIT)
            return 0;
        heap.policy = value;
        return 1;
    case M_MMAP_THRESHOLD:
        heap.mmap_threshold = (size_t)value;
        return 1;
    case M_TRIM_THRESHOLD:   /* negative: never trim */
        heap.trim_threshold = value < 0 ? (size_t)-1 : (size_t)value;
        return 1;
    case M_TOP_PAD:
        heap.top_pad = (size_t)value;
        return 1;
    default:
        return 0;
    }
}

int pg_mallopt(int param, int value)
{
    malloc_lock();
    int r = set_option(param, value);
    malloc_unlock();
    return r;
}
