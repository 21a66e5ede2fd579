/* page.h — physical frames: one struct page per 4 KiB frame of RAM (refcount, flags,
 * owner), and the buddy allocator that hands out blocks of 2^order frames. */
#ifndef PAGE_H
#define PAGE_H

#include "kernel.h"
#include "list.h"

#define MAX_ORDER 11          /* orders 0..10: blocks of 4 KiB .. 4 MiB */

/* page.flags */
#define PG_BUDDY    (1u << 0) /* first frame of a free block in a buddy list */
#define PG_RESERVED (1u << 1) /* never allocatable: firmware, kernel image, memmap */
#define PG_SLAB     (1u << 2) /* holds slab objects */
#define PG_LARGE    (1u << 3) /* first frame of a large kmalloc block */
#define PG_DIRTY    (1u << 4) /* page cache: written through a shared mapping, not yet written back;
                                 anonymous: differs from its copy in swap (or has none) */
#define PG_LRU      (1u << 5) /* on an LRU list (vmscan.c) */
#define PG_ACTIVE   (1u << 6) /* on the active list rather than the inactive one */
#define PG_SWAPCACHE (1u << 7) /* in the swap cache: private holds its swap entry */
#define PG_LOCKED   (1u << 8) /* swap I/O in flight; waiters sleep on the page */
#define PG_ERROR    (1u << 9) /* the last swap I/O failed */
#define PG_REFERENCED (1u << 10) /* used through read()/write() since the last scan */

/* page.owner: who is using an allocated frame (for statistics and the frame map). */
enum page_owner {
    OWNER_FREE, OWNER_KERNEL, OWNER_PAGETABLE, OWNER_SLAB, OWNER_KSTACK,
    OWNER_ANON, OWNER_FILE, OWNER_PIPE, OWNER_KMALLOC, NR_OWNERS
};

struct page {
    struct list_head list;    /* buddy free list while free; slab lists; LRU for user frames */
    uint32_t flags;           /* a user frame's change through set/clear_page_flag (atomic:
                                 other harts change other bits of the same word) */
    int32_t refcount;         /* mappings + kernel references; freed at zero (atomic) */
    uint8_t order;            /* order of the block this frame heads */
    uint8_t owner;            /* enum page_owner */
    uint16_t slab_inuse;      /* PG_SLAB: objects handed out */
    void *mapping;            /* PG_SLAB: its cache; file frames: the inode */
    void *freelist;           /* PG_SLAB: first free object */
    uint64_t index;           /* anonymous: the user address it is mapped at (rmap.c);
                                 file: its page index in the file */
    uint64_t private;         /* PG_SWAPCACHE: its swap entry */
    struct page *hash_next;   /* PG_SWAPCACHE: next in the swap cache's hash chain */
};

extern struct page *memmap;
extern uint64_t memmap_base_pfn, memmap_npages;

static inline uint64_t page_to_pfn(const struct page *pg)
{
    return memmap_base_pfn + (uint64_t)(pg - memmap);
}
static inline uint64_t page_to_pa(const struct page *pg) { return page_to_pfn(pg) << PAGE_SHIFT; }
static inline void *page_address(const struct page *pg) { return P2V(page_to_pa(pg)); }
static inline struct page *pa_to_page(uint64_t pa) { return &memmap[(pa >> PAGE_SHIFT) - memmap_base_pfn]; }
static inline struct page *virt_to_page(const void *va) { return pa_to_page(V2P(va)); }
static inline bool pa_is_ram(uint64_t pa)
{
    uint64_t pfn = pa >> PAGE_SHIFT;
    return pfn >= memmap_base_pfn && pfn < memmap_base_pfn + memmap_npages;
}

void page_init(const struct boot_info *bi, uint64_t kernel_end_pa);
struct page *alloc_pages(unsigned order, enum page_owner owner);
void free_pages(struct page *pg, unsigned order);
void free_pa_range(uint64_t start, uint64_t end);

/* Atomic flag changes, for frames other harts may be looking at. */
static inline void set_page_flag(struct page *pg, uint32_t flag)
{
    __atomic_fetch_or(&pg->flags, flag, __ATOMIC_SEQ_CST);
}
static inline void clear_page_flag(struct page *pg, uint32_t flag)
{
    __atomic_fetch_and(&pg->flags, ~flag, __ATOMIC_SEQ_CST);
}
static inline bool test_and_clear_page_flag(struct page *pg, uint32_t flag)
{
    return (__atomic_fetch_and(&pg->flags, ~flag, __ATOMIC_SEQ_CST) & flag) != 0;
}
static inline int page_count(const struct page *pg)
{
    return __atomic_load_n(&pg->refcount, __ATOMIC_SEQ_CST);
}

/* One frame, refcount 1. */
static inline struct page *alloc_page(enum page_owner owner) { return alloc_pages(0, owner); }
void *alloc_zeroed_page(enum page_owner owner);     /* kernel VA, or NULL */
bool get_page_unless_zero(struct page *pg);          /* false: it is being freed */
void put_page_last(struct page *pg, int left);      /* put_page's slow path */

/* A reference to a frame the caller already holds one to. Inline, as Linux's: fork
 * takes one per page it shares. */
static inline void get_page(struct page *pg)
{
    int old = __atomic_fetch_add(&pg->refcount, 1, __ATOMIC_SEQ_CST);
    assert(old > 0);
}

/* Drops a reference; the last one frees the (order-0) frame. */
static inline void put_page(struct page *pg)
{
    int left = __atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_SEQ_CST);
    if (left <= 0)
        put_page_last(pg, left);
}
void set_page_owner(struct page *pg, enum page_owner owner);

uint64_t nr_free_pages(void);
uint64_t nr_total_pages(void);
uint64_t nr_free_blocks(unsigned order);
uint64_t nr_owned_pages(enum page_owner owner);

#endif
