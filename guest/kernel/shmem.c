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
static struct spinlock shmem_swaplist_lock = SPINLOCK_INIT("shmem swaplist");

/* The counts of a file's swapped-out pages change under its pages_lock. */
static void swapped_inc(struct inode *ip)
{
    if (ip->nr_swapped++ == 0) {
        spin_lock(&shmem_swaplist_lock);
        list_add_tail(&ip->swaplist, &shmem_swaplist);
        spin_unlock(&shmem_swaplist_lock);
    }
}

static void swapped_dec(struct inode *ip)
{
    if (--ip->nr_swapped == 0) {
        spin_lock(&shmem_swaplist_lock);
        list_del(&ip->swaplist);
        spin_unlock(&shmem_swaplist_lock);
    }
}

/* Reclaim, for an unmapped, isolated page-cache frame: it moves to the swap cache
 * (dirty: the caller writes it), then its slot gets the swap entry, both under the
 * file's pages_lock, so that whoever looks finds one or the other. False if the page
 * left the file meanwhile or swap is full. */
bool shmem_writepage(struct page *pg)
{
    struct inode *ip = pg->mapping;
    uint64_t i = pg->index;
    if (!ip)
        return false;
    spin_lock(&ip->pages_lock);
    swp_entry_t e = { 0 };
    if (radix_lookup(&ip->pages, i) == pg)
        e = get_swap_page();
    if (e.val) {
        swap_duplicate(e);                    /* the file slot's reference */
        add_to_swap_cache(pg, e);
        radix_replace(&ip->pages, i, swp_to_pagecache(e));
        swapped_inc(ip);
        put_page(pg);                         /* the page cache's reference */
        pg->mapping = NULL;
        set_page_flag(pg, PG_DIRTY);
    }
    spin_unlock(&ip->pages_lock);
    return e.val != 0;
}

/* Page index of ip held the swap entry `slot`: reads the page back and puts the frame
 * in the slot, if the slot still holds that entry. 0 (the caller looks again),
 * -ENOMEM (no frame), -EIO (read error: the page is lost), -EINTR (SIGKILL while
 * waiting for the disk). Sleeps on the disk, with no lock held. */
int shmem_swapin(struct inode *ip, uint64_t index, void *slot)
{
    swp_entry_t e = pagecache_to_swp(slot);
    bool major;
    int err;
    struct page *pg = swapin_page(e, OWNER_FILE, &major, &err);
    if (!pg) {
        if (err == -EIO)
            printk("shmem: inode %lu page %lu lost to a swap read error\n", ip->ino, index);
        return err == -EAGAIN ? 0 : err;
    }
    spin_lock(&ip->pages_lock);
    bool ours = radix_lookup(&ip->pages, index) == slot;
    if (ours) {
        if (pg->owner != OWNER_FILE)
            set_page_owner(pg, OWNER_FILE);   /* read ahead as anonymous */
        radix_replace(&ip->pages, index, pg); /* our reference is the page cache's now */
        pg->mapping = ip;
        pg->index = index;
        clear_page_flag(pg, PG_DIRTY);
        swapped_dec(ip);
        swap_free(e);
        delete_from_swap_cache(pg);
    }
    spin_unlock(&ip->pages_lock);
    if (!ours)
        put_page(pg);                         /* truncated, or someone else was first */
    return 0;
}

/* Truncation took a swapped-out page's entry out of the index (pages_lock held). */
void shmem_truncate_swap(struct inode *ip, void *slot)
{
    free_swap_and_cache(pagecache_to_swp(slot));
    swapped_dec(ip);
}

/* Brings back ip's pages that are in area type. 0 or -ENOMEM. */
static int unuse_inode(struct inode *ip, unsigned type)
{
    uint64_t key = 0;
    for (;;) {
        void *it;
        bool found = false;
        spin_lock(&ip->pages_lock);
        while (!found && radix_next(&ip->pages, &key, &it)) {
            found = pagecache_is_swap(it) && swp_type(pagecache_to_swp(it)) == type;
            if (!found)
                key++;
        }
        spin_unlock(&ip->pages_lock);
        if (!found)
            return 0;
        if (shmem_swapin(ip, key, it) < 0)
            return -ENOMEM;
    }
}

/* swapoff: every file page in area type comes back. 0 or -ENOMEM. The files holding
 * swap entries are collected first (with references), then each is gone through. */
int shmem_unuse(unsigned type)
{
    size_t n = 0, max = 0;
    struct list_head *l;
    spin_lock(&shmem_swaplist_lock);
    list_for_each(l, &shmem_swaplist)
        max++;
    spin_unlock(&shmem_swaplist_lock);
    struct inode **files = kmalloc((max + 1) * sizeof *files);
    if (!files)
        return -ENOMEM;
    spin_lock(&shmem_swaplist_lock);
    list_for_each(l, &shmem_swaplist)
        if (n < max)
            files[n++] = inode_get(list_entry(l, struct inode, swaplist));
    spin_unlock(&shmem_swaplist_lock);
    int err = 0;
    for (size_t i = 0; i < n; i++) {
        if (!err)
            err = unuse_inode(files[i], type);
        inode_put(files[i]);
    }
    kfree(files);
    return err;
}
