/* buddy.c — the physical frame allocator. Free memory is kept in blocks of 2^order
 * frames, aligned to their size, one free list per order. Allocation splits a larger
 * block; freeing merges a block with its buddy (the block whose frame number differs
 * only in bit `order`) as long as the buddy is free and of the same order. zone_lock
 * guards the free lists and the per-owner counts. */
#include "lock.h"
#include "page.h"
#include "swap.h"
#include "trace.h"

struct page *memmap;                 /* metadata of every frame in [base, base + n) */
uint64_t memmap_base_pfn, memmap_npages;

static struct free_area {
    struct list_head free_list;
    uint64_t nr_free;                /* blocks on the list */
} free_area[MAX_ORDER];

static uint64_t owned[NR_OWNERS];    /* frames per owner */
static struct spinlock zone_lock = SPINLOCK_INIT("zone");

static bool pfn_valid(uint64_t pfn)
{
    return pfn >= memmap_base_pfn && pfn < memmap_base_pfn + memmap_npages;
}

static struct page *pfn_to_page(uint64_t pfn)
{
    return &memmap[pfn - memmap_base_pfn];
}

static void set_owner(struct page *pg, unsigned order, enum page_owner owner)
{
    owned[pg->owner] -= 1UL << order;
    owned[owner] += 1UL << order;
    for (uint64_t i = 0; i < (1UL << order); i++)
        pg[i].owner = owner;
    trace_frames(page_to_pfn(pg), 1UL << order, owner);
}

static void free_list_add(struct page *pg, unsigned order)
{
    pg->flags |= PG_BUDDY;
    pg->order = order;
    list_add(&pg->list, &free_area[order].free_list);
    free_area[order].nr_free++;
}

static void free_list_del(struct page *pg, unsigned order)
{
    pg->flags &= ~PG_BUDDY;
    list_del(&pg->list);
    free_area[order].nr_free--;
}

/* Returns a block of 2^order frames (refcount 1 on its first), or NULL. Frames for
 * user data leave the last wmark_min free frames to the kernel: their fault path
 * reclaims and retries (vmscan.c). Below wmark_low, kswapd is woken. */
struct page *alloc_pages(unsigned order, enum page_owner owner)
{
    if (owned[OWNER_FREE] < wmark_low + (1UL << order))
        wakeup_kswapd();
    spin_lock(&zone_lock);
    unsigned o = order;
    while (o < MAX_ORDER && list_empty(&free_area[o].free_list))
        o++;
    if (o == MAX_ORDER ||
        ((owner == OWNER_ANON || owner == OWNER_FILE) && owned[OWNER_FREE] <= wmark_min)) {
        spin_unlock(&zone_lock);
        return NULL;
    }
    struct page *pg = list_entry(free_area[o].free_list.next, struct page, list);
    free_list_del(pg, o);
    while (o > order) {              /* split, keeping the lower half */
        o--;
        free_list_add(pg + (1UL << o), o);
    }
    pg->refcount = 1;
    pg->order = order;
    pg->flags = 0;
    set_owner(pg, order, owner);
    spin_unlock(&zone_lock);
    return pg;
}

/* Gives a block back, merging it with free buddies. */
void free_pages(struct page *pg, unsigned order)
{
    assert(!(pg->flags & (PG_BUDDY | PG_RESERVED)));
    spin_lock(&zone_lock);
    set_owner(pg, order, OWNER_FREE);
    pg->refcount = 0;
    pg->flags = 0;
    pg->mapping = NULL;
    uint64_t pfn = page_to_pfn(pg);
    while (order < MAX_ORDER - 1) {
        uint64_t buddy_pfn = pfn ^ (1UL << order);
        if (!pfn_valid(buddy_pfn))
            break;
        struct page *buddy = pfn_to_page(buddy_pfn);
        if (!(buddy->flags & PG_BUDDY) || buddy->order != order)
            break;
        free_list_del(buddy, order);
        pfn &= ~(1UL << order);
        order++;
    }
    free_list_add(pfn_to_page(pfn), order);
    spin_unlock(&zone_lock);
}

void *alloc_zeroed_page(enum page_owner owner)
{
    struct page *pg = alloc_page(owner);
    if (!pg)
        return NULL;
    void *va = page_address(pg);
    memset(va, 0, PAGE_SIZE);
    return va;
}

/* A reference to a frame found without one (on an LRU list, say), unless its last
 * reference is already gone and it is on its way to the free lists. */
bool get_page_unless_zero(struct page *pg)
{
    int old = __atomic_load_n(&pg->refcount, __ATOMIC_SEQ_CST);
    while (old > 0)
        if (__atomic_compare_exchange_n(&pg->refcount, &old, old + 1, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return true;
    return false;
}

/* put_page took the last reference (left 0), or one too many (below 0: a bug). */
void put_page_last(struct page *pg, int left)
{
    assert(left == 0);
    assert(!(pg->flags & (PG_SWAPCACHE | PG_LOCKED)));
    if (pg->flags & PG_LRU)
        lru_del(pg);
    free_pages(pg, 0);
}

/* A frame changes hands (a swapped-in page found its file, say). */
void set_page_owner(struct page *pg, enum page_owner owner)
{
    spin_lock(&zone_lock);
    set_owner(pg, 0, owner);
    spin_unlock(&zone_lock);
}

/* Frees the frames wholly inside [start, end) (physical), in aligned blocks. */
void free_pa_range(uint64_t start, uint64_t end)
{
    uint64_t pfn = ROUND_UP(start, PAGE_SIZE) >> PAGE_SHIFT;
    uint64_t end_pfn = end >> PAGE_SHIFT;
    while (pfn < end_pfn) {
        unsigned order = 0;
        while (order < MAX_ORDER - 1 && !(pfn & (1UL << order)) &&
               pfn + (2UL << order) <= end_pfn)
            order++;
        struct page *pg = pfn_to_page(pfn);
        for (uint64_t i = 0; i < (1UL << order); i++)
            pg[i].flags &= ~PG_RESERVED;
        free_pages(pg, order);
        pfn += 1UL << order;
    }
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* The ranges of RAM the kernel must not hand out, besides itself. */
static int collect_reserved(const struct boot_info *bi, uint64_t (*r)[2])
{
    int n = 0;
    for (int i = 0; i < bi->nreserved; i++, n++) {
        r[n][0] = bi->reserved[i].base;
        r[n][1] = bi->reserved[i].size;
    }
    r[n][0] = ROUND_DOWN(bi->dtb_pa, PAGE_SIZE);
    r[n][1] = ROUND_UP(bi->dtb_pa + bi->dtb_size, PAGE_SIZE) - r[n][0];
    n++;
    if (bi->initrd_end > bi->initrd_start) {
        r[n][0] = ROUND_DOWN(bi->initrd_start, PAGE_SIZE);
        r[n][1] = ROUND_UP(bi->initrd_end, PAGE_SIZE) - r[n][0];
        n++;
    }
    return n;
}

/* Builds the frame metadata and frees all RAM above the kernel image except the DTB,
 * the initrd and the reserved-memory ranges. The memmap itself sits in the first free
 * gap after the kernel. */
void page_init(const struct boot_info *bi, uint64_t kernel_end_pa)
{
    uint64_t ram_end = bi->ram_base + bi->ram_size;
    uint64_t res[20][2];
    int nres = collect_reserved(bi, res);

    for (int i = 0; i < MAX_ORDER; i++)
        list_init(&free_area[i].free_list);
    memmap_base_pfn = bi->ram_base >> PAGE_SHIFT;
    memmap_npages = bi->ram_size >> PAGE_SHIFT;
    uint64_t memmap_bytes = ROUND_UP(memmap_npages * sizeof(struct page), PAGE_SIZE);

    uint64_t at = ROUND_UP(kernel_end_pa, PAGE_SIZE);
    for (int moved = 1; moved;) {
        moved = 0;
        for (int i = 0; i < nres; i++) {
            if (overlaps(at, memmap_bytes, res[i][0], res[i][1])) {
                at = ROUND_UP(res[i][0] + res[i][1], PAGE_SIZE);
                moved = 1;
            }
        }
    }
    if (at + memmap_bytes > ram_end)
        panic("no room for the frame map");
    memmap = P2V(at);
    memset(memmap, 0, memmap_npages * sizeof(struct page));
    for (uint64_t i = 0; i < memmap_npages; i++) {
        list_init(&memmap[i].list);
        memmap[i].flags = PG_RESERVED;
        memmap[i].owner = OWNER_KERNEL;
    }
    owned[OWNER_KERNEL] = memmap_npages;
    res[nres][0] = at;
    res[nres++][1] = memmap_bytes;

    /* Free [kernel end, RAM end) minus the reserved ranges, gap by gap. */
    uint64_t start = ROUND_UP(kernel_end_pa, PAGE_SIZE);
    while (start < ram_end) {
        uint64_t end = ram_end;
        for (int i = 0; i < nres; i++) {
            uint64_t b = res[i][0], e = res[i][0] + res[i][1];
            if (start >= b && start < e) {
                start = e;
                end = start;
                break;
            }
            if (b > start && b < end)
                end = b;
        }
        if (end > start)
            free_pa_range(start, end);
        start = end;
    }
}

uint64_t nr_free_blocks(unsigned order)
{
    return free_area[order].nr_free;
}

uint64_t nr_free_pages(void)
{
    return owned[OWNER_FREE];
}

uint64_t nr_total_pages(void)
{
    return memmap_npages;
}

uint64_t nr_owned_pages(enum page_owner owner)
{
    return owned[owner];
}
