/* stats.c — what the allocator can tell about itself: the statistics snapshot, its
 * printout on stderr (malloc_stats(), and at exit when MALLOC_STATS=1), and a walk that
 * checks every heap invariant, for tests. */
#include "block.h"
#include "malloc_os.h"

size_t malloc_class_min_bytes(int cls)
{
    if (cls < 64)
        return (size_t)cls * 16;
    int log2 = 10 + (cls - 64) / 8;
    return (size_t)(8 + (cls - 64) % 8) << (log2 - 3);
}

static struct block *first_block(void)
{
    return (struct block *)(heap.lo + HEADER_BYTES);
}

static void get_stats(struct malloc_stats *s)
{
    malloc_ensure_init();
    __builtin_memset(s, 0, sizeof(*s));
    s->policy = heap.policy;
    for (struct block *b = heap.top ? first_block() : heap.epilogue; b != heap.epilogue;
         b = block_after(b, block_size(b))) {
        size_t size = block_size(b);
        int c = size_class(size);
        if (block_in_use(b)) {
            s->in_use_bytes += size;
            s->used_blocks++;
            s->used_per_class[c]++;
        } else {
            s->free_bytes += size;
            s->free_blocks++;
            s->free_per_class[c]++;
            if (size > s->largest_free_bytes)
                s->largest_free_bytes = size;
        }
    }
    s->heap_bytes = (size_t)(heap.top - heap.lo);
    s->requested_bytes = heap.requested_bytes;
    s->internal_frag_bytes = s->in_use_bytes + heap.mmap_bytes - heap.requested_bytes;
    if (s->free_bytes)
        s->external_frag_ppm = (unsigned)((s->free_bytes - s->largest_free_bytes) * 1000000 / s->free_bytes);
    s->peak_heap_bytes = heap.peak_heap_bytes;
    s->peak_live_bytes = heap.peak_live_bytes;
    s->mmap_bytes = heap.mmap_bytes;
    s->mmap_chunks = heap.mmap_chunks;
}

void malloc_get_stats(struct malloc_stats *s)
{
    malloc_lock();
    get_stats(s);
    malloc_unlock();
}

/* ---- printing without printf: one line at a time ---- */

struct line {
    char text[120];
    size_t len;
};

static void put(struct line *l, const char *s)
{
    while (*s && l->len < sizeof(l->text) - 2)
        l->text[l->len++] = *s++;
}

static void put_uint(struct line *l, size_t n)
{
    char digits[24];
    int i = sizeof(digits) - 1;
    digits[i] = 0;
    do
        digits[--i] = (char)('0' + n % 10);
    while (n /= 10);
    put(l, digits + i);
}

/* Parts per million as a percentage with two decimals. */
static void put_percent(struct line *l, size_t ppm)
{
    size_t hundredths = (ppm + 50) / 100;
    put_uint(l, hundredths / 100);
    put(l, hundredths % 100 < 10 ? ".0" : ".");
    put_uint(l, hundredths % 100);
    put(l, "%");
}

/* Starts a line "  name" padded to a column. */
static void put_name(struct line *l, const char *name)
{
    put(l, "  ");
    put(l, name);
    while (l->len < 26)
        put(l, " ");
}

static void end_line(struct line *l)
{
    l->text[l->len++] = '\n';
    l->text[l->len] = 0;
    os_write_err(l->text);
    l->len = 0;
}

static void print_bytes(const char *name, size_t n)
{
    struct line l = { .len = 0 };
    put_name(&l, name);
    put_uint(&l, n);
    end_line(&l);
}

static void print_classes(const struct malloc_stats *s)
{
    struct line l = { .len = 0 };
    put(&l, "  blocks per size class (block bytes >= min): used, free");
    end_line(&l);
    for (int c = 0; c < MALLOC_NCLASSES; c++) {
        if (!s->used_per_class[c] && !s->free_per_class[c])
            continue;
        put(&l, "    >= ");
        put_uint(&l, malloc_class_min_bytes(c));
        put(&l, ": ");
        put_uint(&l, s->used_per_class[c]);
        put(&l, ", ");
        put_uint(&l, s->free_per_class[c]);
        end_line(&l);
    }
}

void pg_malloc_stats(void)
{
    static const char *const policy_names[] = { "first", "next", "best" };
    static struct malloc_stats s;   /* large: keep it off a small guest stack */
    struct line l = { .len = 0 };

    malloc_get_stats(&s);
    put(&l, "malloc_stats: ");
    put(&l, policy_names[s.policy]);
    put(&l, " fit");
    end_line(&l);
    print_bytes("heap bytes", s.heap_bytes);
    print_bytes("in use bytes", s.in_use_bytes);
    print_bytes("free bytes", s.free_bytes);
    print_bytes("largest free block", s.largest_free_bytes);
    print_bytes("requested bytes", s.requested_bytes);
    print_bytes("internal frag bytes", s.internal_frag_bytes);
    put_name(&l, "external frag");
    put_percent(&l, s.external_frag_ppm);
    end_line(&l);
    print_bytes("peak heap bytes", s.peak_heap_bytes);
    print_bytes("peak live bytes", s.peak_live_bytes);
    print_bytes("mmap bytes", s.mmap_bytes);
    print_bytes("mmap chunks", s.mmap_chunks);
    print_classes(&s);
}

void malloc_atexit_hook(void)
{
    if (heap.initialized && heap.stats_at_exit)
        pg_malloc_stats();
}

/* ---- the heap check ---- */

static int bad(const char **why, const char *reason)
{
    if (why)
        *why = reason;
    return -1;
}

static int prev_is_free(const struct block *b)
{
    return !(b->header & PREV_IN_USE);
}

/* Walks the blocks in address order; counts the listable free ones (all but the
 * wilderness) for the list check. */
static int check_blocks(const char **why, size_t *free_blocks, size_t *free_bytes)
{
    int prev_free = 0;
    struct block *b = first_block(), *last_free = NULL;

    for (; b != heap.epilogue; b = block_after(b, block_size(b))) {
        size_t size = block_size(b);
        if (size < MIN_BLOCK_BYTES || size > (size_t)((char *)heap.epilogue - (char *)b))
            return bad(why, "block size out of range");
        if (prev_is_free(b) != prev_free)
            return bad(why, "PREV_IN_USE disagrees with the previous block");
        if (b->header & MMAPPED)
            return bad(why, "heap block marked mmapped");
        last_free = block_in_use(b) ? NULL : b;
        if (!block_in_use(b)) {
            if (prev_free)
                return bad(why, "two free blocks side by side");
            if (b != heap.wilderness && *block_footer(b, size) != size)
                return bad(why, "free block footer disagrees with its header");
            if (b != heap.wilderness) {
                (*free_blocks)++;
                *free_bytes += size;
            }
        }
        prev_free = !block_in_use(b);
    }
    if (prev_is_free(b) != prev_free || !block_in_use(b) || block_size(b) != 0 ||
        (char *)b + HEADER_BYTES != heap.top)
        return bad(why, "bad epilogue");
    if (last_free != heap.wilderness)
        return bad(why, "the wilderness is not the free block at the top");
    return 0;
}

/* Every listed block is free, in the heap, in its right class, and linked both ways. */
static int check_lists(const char **why, size_t free_blocks, size_t free_bytes)
{
    size_t listed = 0, listed_bytes = 0;

    for (int c = 0; c < MALLOC_NCLASSES; c++) {
        int bit = (heap.nonempty[c >> 6] >> (c & 63)) & 1;
        if (bit != (heap.free_head[c] != NULL))
            return bad(why, "nonempty bitmap disagrees with the list");
        int rover_seen = heap.rover[c] == NULL;
        for (struct block *b = heap.free_head[c]; b; b = b->next) {
            if (++listed > free_blocks)
                return bad(why, "more blocks listed than free");
            if ((char *)b < heap.lo || b >= heap.epilogue || block_in_use(b))
                return bad(why, "listed block is not a free heap block");
            if (size_class(block_size(b)) != c)
                return bad(why, "listed block in the wrong class");
            if (b->next && b->next->prev != b)
                return bad(why, "broken back link");
            rover_seen |= b == heap.rover[c];
            listed_bytes += block_size(b);
        }
        if (heap.free_head[c] && heap.free_head[c]->prev)
            return bad(why, "list head has a prev");
        if (!rover_seen)
            return bad(why, "rover is not in its class list");
    }
    if (listed != free_blocks || listed_bytes != free_bytes || free_bytes != heap.free_bytes)
        return bad(why, "free lists and heap disagree");
    return 0;
}

static int check_heap(const char **why)
{
    size_t free_blocks = 0, free_bytes = 0;

    malloc_ensure_init();
    if (!heap.top)
        return 0;
    if (check_blocks(why, &free_blocks, &free_bytes) != 0)
        return -1;
    return check_lists(why, free_blocks, free_bytes);
}

int malloc_check_heap(const char **why)
{
    malloc_lock();
    int r = check_heap(why);
    malloc_unlock();
    return r;
}
