/* swap.h — swap and page replacement. A page of user memory that leaves RAM goes to a
 * page slot of a swap area (a virtio disk set up by mkswap, swapfile.c); where it went
 * is a swap entry: the area's type and the slot's offset. A PTE of a swapped-out page
 * is non-present and holds that entry, as on Linux; an in-memory file's page-cache
 * slot holds it likewise (shmem.c). The swap cache (swap_state.c) keeps a frame and its
 * slot together while several PTEs may still reference either. Victims are chosen
 * from LRU lists by the A bits the MMU sets (vmscan.c), unmapped everywhere through the
 * reverse map (rmap.c), and written only when their swap copy is not valid. */
#ifndef SWAP_H
#define SWAP_H

#include "kernel.h"
#include "page.h"
#include "riscv.h"

typedef struct { uint64_t val; } swp_entry_t;

/* The PTE layout of a swap entry (Linux riscv's): V clear, the area's type in bits
 * 7..11, the slot's offset from bit 12 (where a present PTE has its PPN). */
#define SWP_TYPE_SHIFT   7
#define SWP_TYPE_BITS    5
#define SWP_OFFSET_SHIFT 12
#define MAX_SWAPFILES    8

static inline swp_entry_t swp_entry(unsigned type, uint64_t offset)
{
    return (swp_entry_t){ (uint64_t)type << SWP_TYPE_SHIFT | offset << SWP_OFFSET_SHIFT };
}
static inline unsigned swp_type(swp_entry_t e)
{
    return (e.val >> SWP_TYPE_SHIFT) & ((1u << SWP_TYPE_BITS) - 1);
}
static inline uint64_t swp_offset(swp_entry_t e) { return e.val >> SWP_OFFSET_SHIFT; }
static inline bool is_swap_pte(pte_t pte) { return pte && !(pte & PTE_V); }
static inline pte_t swp_entry_to_pte(swp_entry_t e) { return e.val; }
static inline swp_entry_t pte_to_swp_entry(pte_t pte) { return (swp_entry_t){ pte }; }

/* A page-cache slot holds a frame or, once the page is swapped out, its swap entry
 * with bit 0 set (Linux's xarray "value" entries): frames are aligned, so the two
 * never look alike. */
static inline bool pagecache_is_swap(const struct page *p) { return (uintptr_t)p & 1; }
static inline struct page *swp_to_pagecache(swp_entry_t e) { return (struct page *)(e.val | 1); }
static inline swp_entry_t pagecache_to_swp(const struct page *p)
{
    return (swp_entry_t){ (uintptr_t)p & ~1UL };
}

/* swapfile.c: swap areas and their slots. */
struct blkdev;
struct seqbuf;
long do_swapon(const char *path, int prio);
long do_swapoff(const char *path);
void swap_setup_boot(const char *bootargs, const char *dt_list);
swp_entry_t get_swap_page(void);
void swap_duplicate(swp_entry_t e);
void swap_free(swp_entry_t e);
bool swapcache_prepare(swp_entry_t e);
void swapcache_free(swp_entry_t e);
unsigned swap_count(swp_entry_t e);
bool swap_entry_valid(swp_entry_t e);
struct blkdev *swap_bdev(swp_entry_t e);
uint64_t nr_swap_pages(void);            /* free slots, all areas */
uint64_t total_swap_pages(void);
size_t swaps_show(char *buf, size_t size);   /* /proc/swaps; returns the length */

/* swap_state.c: the swap cache, swap I/O and swap-in. */
extern uint64_t swap_readahead_pages;
void add_to_swap_cache(struct page *pg, swp_entry_t e);
void delete_from_swap_cache(struct page *pg);
bool delete_from_swap_cache_if_idle(struct page *pg);
struct page *lookup_swap_cache(swp_entry_t e);
bool add_to_swap(struct page *pg);
void free_swap_and_cache(swp_entry_t e);
void free_swap_cache(struct page *pg);

/* A mapping of pg goes away (zap): its reference is dropped, and if that leaves the
 * frame only in the swap cache with no PTE holding its slot, it goes too (Linux's
 * free_page_and_swap_cache). A frame not in the swap cache, the common case, is told
 * without the cache's lock: see free_swap_cache. */
static inline void free_page_and_swap_cache(struct page *pg)
{
    if (__atomic_load_n(&pg->flags, __ATOMIC_RELAXED) & PG_SWAPCACHE)
        free_swap_cache(pg);
    put_page(pg);
}
bool try_to_free_swap(struct page *pg);
uint64_t nr_swapcache_pages(void);
int swap_writepage(struct page *pg);
struct page *swapin_page(swp_entry_t e, enum page_owner owner, bool *major, int *err);
void wait_on_page_locked(struct page *pg);
void page_wait_init(void);
bool swap_may_sleep(void);
struct vma;
int do_swap_page(struct vma *v, uint64_t va, pte_t *pte, int access);

/* shmem.c: in-memory file pages go to swap too. */
struct inode;
bool shmem_writepage(struct page *pg);
int shmem_swapin(struct inode *ip, uint64_t index, void *slot);
void shmem_truncate_swap(struct inode *ip, void *slot);
int shmem_unuse(unsigned type);

/* rmap.c: from a frame to the PTEs that map it. */
struct mm;
void page_add_new_anon_rmap(struct page *pg, struct vma *v, uint64_t va);
void page_move_anon_rmap(struct page *pg, uint64_t va);
int page_referenced(struct page *pg);
int try_to_unmap(struct page *pg);
int page_mapcount(struct page *pg);
int unuse_mm_range(unsigned type);

/* vmscan.c: LRU lists, replacement policies, kswapd and direct reclaim. */
extern uint64_t wmark_min, wmark_low, wmark_high;
void lru_cache_add(struct page *pg);
void lru_del(struct page *pg);
void mark_page_accessed(struct page *pg);
void wakeup_kswapd(void);
uint64_t try_to_free_pages(uint64_t nr_to_reclaim);
bool reclaim_page(struct page *pg);     /* the caller's reference goes; true: freed */
bool reclaim_and_retry(unsigned attempt);
void vmscan_init(const char *bootargs);
void kswapd_run(void);
const char *reclaim_policy_name(void);

/* oom_kill.c */
bool out_of_memory(void);

#endif
