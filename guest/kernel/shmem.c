/* shmem.c — in-memory file pages go to swap, as tmpfs pages do on Linux. A ramfs file
 * (or shared anonymous memory) has no disk behind it, so an evicted page's only copy
 * is in swap: its page-cache slot then holds the swap entry instead of a frame, and
 * the next use (read, write, a fault on a mapping) reads it back, puts the frame in
 * the slot again and frees the swap slot. Files holding swap entries are kept on a
 * list, for swapoff. */
#include "fs.h"
#include "mm.h"
#include "swap.h"

static struct list_head shmem_swaplist = LIST_HEAD_INIT(shmem_swaplist);

static void swapped_inc(struct inode *ip)
{
    if (ip->nr_swapped++ == 0)
        list_add_tail(&ip->swaplist, &shmem_swaplist);
}

static void swapped_dec(struct inode *ip)
{
    if (--ip->nr_swapped == 0)
        list_del(&ip->swaplist);
}

/* Reclaim, for an unmapped, isolated page-cache frame: its slot gets a swap entry and
 * the frame moves to the swap cache (dirty: the caller writes it). False if the page
 * left the file meanwhile or swap is full. */
bool shmem_writepage(struct page *pg)
{
    struct inode *ip = pg->mapping;
    uint64_t i = pg->index;
    if (!ip || i >= ip->npages_slots || ip->pages[i] != pg)
        return false;
    swp_entry_t e = get_swap_page();
    if (!e.val)
        return false;
    swap_duplicate(e);                        /* the file slot's reference */
    ip->pages[i] = swp_to_pagecache(e);
    swapped_inc(ip);
    add_to_swap_cache(pg, e);
    put_page(pg);                             /* the page cache's reference */
    pg->mapping = NULL;
    pg->flags |= PG_DIRTY;
    return true;
}

/* Page index of ip holds a swap entry: brings the page back into the slot. Returns
 * the frame (no reference taken: the page cache holds it) or NULL when no frame can
 * be had or the read failed. May sleep. */
struct page *shmem_swapin(struct inode *ip, uint64_t index)
{
    for (;;) {
        struct page *slot = ip->pages[index];
        if (!pagecache_is_swap(slot))
            return slot;                      /* back already, or truncated */
        swp_entry_t e = pagecache_to_swp(slot);
        bool major;
        int err;
        struct page *pg = swapin_page(e, OWNER_FILE, &major, &err);
        if (!pg) {
            if (err == -EAGAIN || (err == -ENOMEM && reclaim_and_retry()))
                continue;
            if (err == -EIO)
                printk("shmem: inode %lu page %lu lost to a swap read error\n", ip->ino, index);
            return NULL;
        }
        if (ip->pages[index] != slot) {
            put_page(pg);
            continue;
        }
        if (pg->owner != OWNER_FILE)
            set_page_owner(pg, OWNER_FILE);   /* read ahead as anonymous */
        ip->pages[index] = pg;                /* our reference is the page cache's now */
        pg->mapping = ip;
        pg->index = index;
        pg->flags &= ~PG_DIRTY;
        swap_free(e);
        swapped_dec(ip);
        delete_from_swap_cache(pg);
        return pg;
    }
}

/* Truncation drops a swapped-out page. */
void shmem_truncate_swap(struct inode *ip, uint64_t index)
{
    free_swap_and_cache(pagecache_to_swp(ip->pages[index]));
    ip->pages[index] = NULL;
    swapped_dec(ip);
}

/* swapoff: every file page in area type comes back. 0 or -ENOMEM. */
int shmem_unuse(unsigned type)
{
    struct list_head *l, *next;
    list_for_each_safe(l, next, &shmem_swaplist) {
        struct inode *ip = list_entry(l, struct inode, swaplist);
        for (uint64_t i = 0; i < ip->npages_slots; i++) {
            struct page *slot = ip->pages[i];
            if (pagecache_is_swap(slot) && swp_type(pagecache_to_swp(slot)) == type &&
                !shmem_swapin(ip, i))
                return -ENOMEM;
        }
    }
    return 0;
}
