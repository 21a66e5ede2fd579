/* heap.c — the brk heap: segregated explicit free lists, the first/next/best fit
 * policies, splitting, immediate coalescing with both neighbours, and the wilderness:
 * the free block at the top, kept out of the lists, grown with brk when no listed block
 * fits and trimmed back to the kernel when it gets big. */
#include "block.h"
#include "malloc_os.h"

struct heap heap;

#define DEFAULT_MMAP_THRESHOLD (128 * 1024)
#define DEFAULT_TRIM_THRESHOLD (128 * 1024)
#define DEFAULT_TOP_PAD        (64 * 1024)

/* Stands in for the epilogue when the kernel gives us no brk heap at all. */
static struct block no_heap_epilogue = { IN_USE | PREV_IN_USE, NULL, NULL };

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void read_environment(void)
{
    const char *policy = os_getenv("MALLOC_POLICY");
    const char *stats = os_getenv("MALLOC_STATS");

    if (policy && str_eq(policy, "first"))
        heap.policy = MALLOC_FIRST_FIT;
    else if (policy && str_eq(policy, "next"))
        heap.policy = MALLOC_NEXT_FIT;
    else if (policy && str_eq(policy, "best"))
        heap.policy = MALLOC_BEST_FIT;
    else if (policy)
        os_write_err("malloc: MALLOC_POLICY must be first, next or best\n");
    heap.stats_at_exit = stats && str_eq(stats, "1");
}

/* Sets the defaults, reads the environment and lays out an empty heap: a pad that puts
 * headers at 8 mod 16, then the epilogue. */
void heap_init(void)
{
    heap.initialized = 1;
    heap.policy = MALLOC_FIRST_FIT;
    heap.mmap_threshold = DEFAULT_MMAP_THRESHOLD;
    heap.trim_threshold = DEFAULT_TRIM_THRESHOLD;
    heap.top_pad = DEFAULT_TOP_PAD;
    read_environment();

    char *start = os_brk(NULL);
    char *lo = (char *)round_up((uintptr_t)start, ALIGNMENT);
    if (!start || os_brk(lo + 2 * HEADER_BYTES) != lo + 2 * HEADER_BYTES) {
        heap.epilogue = &no_heap_epilogue;
        return;
    }
    heap.lo = lo;
    heap.top = lo + 2 * HEADER_BYTES;
    heap.epilogue = (struct block *)(lo + HEADER_BYTES);
    heap.epilogue->header = IN_USE | PREV_IN_USE;
    heap.wilderness = NULL;
}

void heap_note_footprint(void)
{
    size_t footprint = (size_t)(heap.top - heap.lo) + heap.mmap_bytes;
    if (footprint > heap.peak_heap_bytes)
        heap.peak_heap_bytes = footprint;
}

/* ---- free lists ---- */

static void free_list_insert(struct block *b)
{
    size_t size = block_size(b);
    int c = size_class(size);

    b->prev = NULL;
    b->next = heap.free_head[c];
    if (b->next)
        b->next->prev = b;
    heap.free_head[c] = b;
    heap.nonempty[c >> 6] |= (uint64_t)1 << (c & 63);
    heap.free_bytes += size;
}

/* Checks what glibc's unlink checks before a free block leaves its list or merges:
 * that its header agrees with its footer and its list neighbours point back at it. */
static void check_free_block(struct block *b)
{
    size_t size = block_size(b);
    int c = size_class(size);

    if (size < MIN_BLOCK_BYTES || size > (size_t)((char *)heap.epilogue - (char *)b) ||
        *block_footer(b, size) != size)
        malloc_fatal(NULL, "corrupted size vs. prev_size");
    if ((b->next && b->next->prev != b) || (b->prev ? b->prev->next != b : heap.free_head[c] != b))
        malloc_fatal(NULL, "corrupted double-linked list");
}

/* Unlinks free block b, old_size bytes; its tags may already be rewritten. */
static void free_list_unlink(struct block *b, size_t old_size)
{
    int c = size_class(old_size);

    if (heap.rover[c] == b)
        heap.rover[c] = b->next;
    if (b->prev)
        b->prev->next = b->next;
    else
        heap.free_head[c] = b->next;
    if (b->next)
        b->next->prev = b->prev;
    if (!heap.free_head[c])
        heap.nonempty[c >> 6] &= ~((uint64_t)1 << (c & 63));
    heap.free_bytes -= old_size;
}

static void free_list_remove(struct block *b)
{
    check_free_block(b);
    free_list_unlink(b, block_size(b));
}

/* Free block b, size bytes, takes the list place of free block old (old_size bytes) in
 * the same class: cheaper than unlinking one and inserting the other. */
static void free_list_take_over(struct block *old, size_t old_size, struct block *b, size_t size)
{
    int c = size_class(size);

    if (b != old) {
        b->next = old->next;
        b->prev = old->prev;
        if (b->prev)
            b->prev->next = b;
        else
            heap.free_head[c] = b;
        if (b->next)
            b->next->prev = b;
        if (heap.rover[c] == old)
            heap.rover[c] = b;
    }
    heap.free_bytes += size - old_size;
}

/* The first class at or above c that has a free block, or -1. */
static int next_nonempty_class(int c)
{
    if (c >= MALLOC_NCLASSES)
        return -1;
    int w = c >> 6;
    uint64_t bits = heap.nonempty[w] & (~(uint64_t)0 << (c & 63));
    while (!bits) {
        if (++w == NCLASS_WORDS)
            return -1;
        bits = heap.nonempty[w];
    }
    return w * 64 + lowest_set_bit(bits);
}

/* ---- fit policies: each returns a free block of at least size bytes, or NULL ---- */

static struct block *first_fitting(struct block *b, struct block *end, size_t size)
{
    for (; b != end; b = b->next)
        if (block_size(b) >= size)
            return b;
    return NULL;
}

/* Below 1 KiB a class holds one size, so its head is its best block. */
static struct block *smallest_fitting(int c, size_t size)
{
    struct block *best = NULL;
    if (c < 64)
        return first_fitting(heap.free_head[c], NULL, size);
    for (struct block *b = heap.free_head[c]; b; b = b->next) {
        size_t s = block_size(b);
        if (s >= size && (!best || s < block_size(best))) {
            best = b;
            if (s == size)
                break;
        }
    }
    return best;
}

/* The request's own class may hold blocks too small; every higher class fits. */
static struct block *find_first_fit(size_t size)
{
    int c = size_class(size);
    struct block *b = first_fitting(heap.free_head[c], NULL, size);
    if (b)
        return b;
    c = next_nonempty_class(c + 1);
    return c < 0 ? NULL : heap.free_head[c];
}

/* Classes are ordered by size, so the best block of the first class holding a fitting
 * block is the best block of the whole heap. */
static struct block *find_best_fit(size_t size)
{
    int c = size_class(size);
    struct block *b = smallest_fitting(c, size);
    if (b)
        return b;
    c = next_nonempty_class(c + 1);
    return c < 0 ? NULL : smallest_fitting(c, size);
}

/* Each class keeps a rover: the search resumes where the last one in that class ended
 * and wraps around. Unlinking moves the rover past the block chosen; when that block
 * is split in its class, the rest takes its list place and the rover rests on it. */
static struct block *find_next_fit(size_t size)
{
    int c = size_class(size);
    struct block *start = heap.rover[c] ? heap.rover[c] : heap.free_head[c];
    struct block *b = first_fitting(start, NULL, size);
    if (!b)
        b = first_fitting(heap.free_head[c], start, size);
    if (!b) {
        c = next_nonempty_class(c + 1);
        if (c < 0)
            return NULL;
        b = heap.rover[c] ? heap.rover[c] : heap.free_head[c];
    }
    heap.rover[c] = b;
    return b;
}

static struct block *find_fit(size_t size)
{
    switch (heap.policy) {
    case MALLOC_NEXT_FIT:
        return find_next_fit(size);
    case MALLOC_BEST_FIT:
        return find_best_fit(size);
    default:
        return find_first_fit(size);
    }
}

/* ---- blocks ---- */

/* Writes the tags of a listable free block of size bytes at b and tells its successor. */
static void make_free(struct block *b, size_t size)
{
    b->header = size | PREV_IN_USE;
    *block_footer(b, size) = size;
    block_after(b, size)->header &= ~PREV_IN_USE;
}

/* Makes b, size bytes and ending at the epilogue, the wilderness. It needs no footer:
 * nothing but the epilogue follows it, and heap.wilderness finds it. */
static void make_wilderness(struct block *b, size_t size)
{
    b->header = size | PREV_IN_USE;
    heap.epilogue->header &= ~PREV_IN_USE;
    heap.wilderness = b;
}

/* The free block before b (whose PREV_IN_USE is clear), found through its footer. */
static struct block *block_before(struct block *b)
{
    size_t prev_size = ((size_t *)b)[-1];
    struct block *prev = (struct block *)((char *)b - prev_size);

    if (prev_size < MIN_BLOCK_BYTES || (prev_size & (ALIGNMENT - 1)) ||
        prev_size > (size_t)((char *)b - heap.lo - HEADER_BYTES) ||
        block_size(prev) != prev_size || block_in_use(prev))
        malloc_fatal(NULL, "corrupted size vs. prev_size");
    return prev;
}

/* Turns listed free block b into an in-use block of size bytes, splitting off the rest
 * as a free block when it is big enough to be one. */
static void carve(struct block *b, size_t size)
{
    size_t have = block_size(b);

    if (have - size >= MIN_BLOCK_BYTES) {
        struct block *rest = block_after(b, size);
        rest->header = (have - size) | PREV_IN_USE;
        *block_footer(rest, have - size) = have - size;
        if (size_class(have - size) == size_class(have)) {
            free_list_take_over(b, have, rest, have - size);
        } else {
            free_list_unlink(b, have);
            free_list_insert(rest);
        }
    } else {
        free_list_unlink(b, have);
        size = have;
        block_after(b, size)->header |= PREV_IN_USE;
    }
    b->header = size | IN_USE | (b->header & PREV_IN_USE);
}

/* Moves the break by delta bytes (up or down). Returns 0 on success. */
static int move_break(size_t delta, int up)
{
    char *want = up ? heap.top + delta : heap.top - delta;
    if (os_brk(want) != want)
        return -1;
    heap.top = want;
    heap.epilogue = (struct block *)(want - HEADER_BYTES);
    heap.epilogue->header = IN_USE;
    return 0;
}

/* The wilderness's size (0 if there is none), after checking that it does reach the
 * epilogue, as glibc checks its top chunk. */
static size_t wilderness_size(void)
{
    struct block *w = heap.wilderness;
    if (!w)
        return 0;
    if (block_after(w, block_size(w)) != heap.epilogue)
        malloc_fatal(NULL, "malloc(): corrupted top size");
    return block_size(w);
}

/* Grows the heap with brk until the wilderness holds at least size bytes; returns 0,
 * or -1 when the kernel says no. */
static int grow_wilderness(size_t size)
{
    struct block *old_epilogue = heap.epilogue;
    size_t have = wilderness_size();

    if (!heap.top)
        return -1;
    size_t grown = round_up(size - have + heap.top_pad, OS_PAGE_BYTES);
    if (move_break(grown, 1) != 0) {
        grown = round_up(size - have, OS_PAGE_BYTES);   /* try again without the pad */
        if (move_break(grown, 1) != 0)
            return -1;
    }
    heap_note_footprint();
    if (heap.wilderness)
        make_wilderness(heap.wilderness, have + grown);
    else
        make_wilderness(old_epilogue, grown);
    return 0;
}

/* An in-use block of size bytes cut from the front of the wilderness, or NULL. */
static struct block *carve_wilderness(size_t size)
{
    if (wilderness_size() < size && grow_wilderness(size) != 0)
        return NULL;

    struct block *b = heap.wilderness;
    size_t have = block_size(b);
    if (have - size >= MIN_BLOCK_BYTES) {
        heap.wilderness = block_after(b, size);
        heap.wilderness->header = (have - size) | PREV_IN_USE;
    } else {
        size = have;
        heap.wilderness = NULL;
        heap.epilogue->header |= PREV_IN_USE;
    }
    b->header = size | IN_USE | (b->header & PREV_IN_USE);
    return b;
}

/* Gives the wilderness's memory back past top_pad bytes. */
static void trim_wilderness(void)
{
    size_t size = block_size(heap.wilderness);
    size_t keep = heap.top_pad < MIN_BLOCK_BYTES ? MIN_BLOCK_BYTES : round_up(heap.top_pad, ALIGNMENT);
    size_t release = size > keep ? (size - keep) & ~(size_t)(OS_PAGE_BYTES - 1) : 0;

    if (release && move_break(release, 0) == 0)
        make_wilderness(heap.wilderness, size - release);
}

/* ---- the heap's interface to malloc.c ---- */

/* Whether the fit policy would have chosen the wilderness over listed block b, had
 * the wilderness been listed as the last block of its class. */
static int wilderness_fits_better(struct block *b, size_t size)
{
    struct block *w = heap.wilderness;
    if (!w || block_size(w) < size)
        return 0;
    if (heap.policy == MALLOC_BEST_FIT)
        return block_size(w) < block_size(b);
    return size_class(block_size(w)) < size_class(block_size(b));
}

/* An in-use block of at least size bytes (a multiple of 16), or NULL. The wilderness
 * serves when the fit policy prefers it or no listed block fits. */
struct block *heap_alloc(size_t size)
{
    struct block *b = find_fit(size);
    if (!b || wilderness_fits_better(b, size))
        return carve_wilderness(size);
    check_free_block(b);
    carve(b, size);
    return b;
}

/* Frees in-use block b, merging it with a free block on either side. The merged block
 * takes over a neighbour's list place when it stays in that neighbour's class, and
 * joins the wilderness when it reaches the top. */
void heap_free(struct block *b)
{
    size_t size = block_size(b), prev_size = 0, next_size = 0;
    struct block *next = block_after(b, size), *prev = NULL, *kept = NULL;

    b->header &= ~IN_USE;   /* if b merges backwards this stale header still says free */
    if (next == heap.wilderness) {
        next_size = wilderness_size();
    } else if (!block_in_use(next)) {
        check_free_block(next);
        next_size = block_size(next);
    }
    if (!(b->header & PREV_IN_USE)) {
        prev = block_before(b);
        check_free_block(prev);
        prev_size = block_size(prev);
    }

    struct block *start = prev ? prev : b;
    size_t total = prev_size + size + next_size;
    if (block_after(start, total) == heap.epilogue) {
        if (prev)
            free_list_unlink(prev, prev_size);
        make_wilderness(start, total);
        if (total >= heap.trim_threshold)
            trim_wilderness();
        return;
    }

    int c = size_class(total);
    if (prev && size_class(prev_size) == c)
        kept = prev;
    else if (next_size && size_class(next_size) == c)
        kept = next;
    if (prev && prev != kept)
        free_list_unlink(prev, prev_size);
    if (next_size && next != kept)
        free_list_unlink(next, next_size);
    make_free(start, total);
    if (kept)
        free_list_take_over(kept, kept == prev ? prev_size : next_size, start, total);
    else
        free_list_insert(start);
}

/* Cuts in-use block b down to size bytes, freeing the tail if it can be a block. */
void heap_shrink(struct block *b, size_t size)
{
    size_t have = block_size(b);
    size_t prev_in_use = b->header & PREV_IN_USE;

    if (have - size < MIN_BLOCK_BYTES) {
        b->header = have | IN_USE | prev_in_use;
        return;
    }
    struct block *tail = block_after(b, size);
    tail->header = (have - size) | IN_USE | PREV_IN_USE;
    b->header = size | IN_USE | prev_in_use;
    heap_free(tail);
}

/* Grows in-use block b to size bytes in place, into a free successor or the wilderness
 * (grown with brk if need be). Returns 1 on success, 0 if b must move. */
int heap_extend(struct block *b, size_t size)
{
    size_t have = block_size(b);
    struct block *next = block_after(b, have);

    if (next == heap.wilderness || next == heap.epilogue) {
        size_t room = wilderness_size();
        if (have + room < size && grow_wilderness(size - have) != 0)
            return 0;
        next = heap.wilderness;
        heap.wilderness = NULL;
        heap.epilogue->header |= PREV_IN_USE;
    } else if (!block_in_use(next) && have + block_size(next) >= size) {
        free_list_remove(next);
        block_after(next, block_size(next))->header |= PREV_IN_USE;
    } else {
        return 0;
    }
    b->header = (have + block_size(next)) | IN_USE | (b->header & PREV_IN_USE);
    heap_shrink(b, size);
    return 1;
}
/* Frees the first lead_bytes of in-use block b and returns the in-use rest. */
struct block *heap_drop_front(struct block *b, size_t lead_bytes)
{
    struct block *rest = block_after(b, lead_bytes);
    rest->header = (block_size(b) - lead_bytes) | IN_USE | PREV_IN_USE;
    b->header = lead_bytes | IN_USE | (b->header & PREV_IN_USE);
    heap_free(b);
    return rest;
}
