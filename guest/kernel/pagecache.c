/* pagecache.c — the page cache. A regular file's data is a sparse index from page
 * number to frame (radix.c, in the inode, guarded by inode->pages_lock); read() and
 * write() copy through those frames and mappings map the very same frames, so a write
 * through a shared mapping is at once visible to read() and to every other mapper,
 * and a private mapping shares them until its first write copies one. A page that went
 * to swap leaves its swap entry in its slot (shmem.c). Shared anonymous memory is a
 * file with no name (shmem), so that a child after fork finds the same pages as its
 * parent. Nothing here sleeps with pages_lock held: a swap-in or an allocation is done
 * without it, and the slot is looked at again afterwards. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "swap.h"
#include "timer.h"

#define LOOKUP_RETRIES 100          /* a slot changing under us this often: give up */

/* The frame for page index of ip, with a reference for the caller, or NULL with *err:
 * 0 (a hole, without FGP_CREAT), -ENXIO (FGP_EOF and the index is past the end of the
 * file, as the size stands under pages_lock), -ENOMEM (no frame or index node: the
 * caller reclaims and tries again), -EIO (lost to a swap read error), -EINTR (SIGKILL
 * came while the page was being read back). FGP_CREAT fills a hole with a zeroed frame.
 * May sleep (a swap-in); never reclaims by itself. */
struct page *find_get_page(struct inode *ip, uint64_t index, int fgp, int *err)
{
    for (int tries = 0; tries < LOOKUP_RETRIES; tries++) {
        spin_lock(&ip->pages_lock);
        if ((fgp & FGP_EOF) && index >= ROUND_UP(ip->size, PAGE_SIZE) / PAGE_SIZE) {
            spin_unlock(&ip->pages_lock);
            *err = -ENXIO;
            return NULL;
        }
        struct page *pg = radix_lookup(&ip->pages, index);
        if (pg && !pagecache_is_swap(pg)) {
            get_page(pg);
            spin_unlock(&ip->pages_lock);
            return pg;
        }
        spin_unlock(&ip->pages_lock);
        if (pg) {                          /* in swap: read it back, then look again */
            if ((*err = shmem_swapin(ip, index, pg)) < 0)
                return NULL;
            continue;
        }
        *err = 0;
        if (!(fgp & FGP_CREAT))
            return NULL;
        *err = -ENOMEM;
        if (!(pg = alloc_page(OWNER_FILE)))
            return NULL;
        clear_page(page_address(pg));
        pg->mapping = ip;
        pg->index = index;
        spin_lock(&ip->pages_lock);
        int r = -EEXIST;
        if (!(fgp & FGP_EOF) || index < ROUND_UP(ip->size, PAGE_SIZE) / PAGE_SIZE)
            r = radix_insert(&ip->pages, index, pg);
        if (r == 0) {
            get_page(pg);                  /* the caller's; the first is the cache's */
            lru_cache_add(pg);
        }
        spin_unlock(&ip->pages_lock);
        if (r == 0)
            return pg;
        pg->mapping = NULL;
        put_page(pg);
        if (r == -ENOMEM)
            return NULL;
    }
    *err = -ENOMEM;
    return NULL;
}

/* Writes back the dirty pages among npages from first. The frames are the file's
 * storage, so writing back is bookkeeping: the pages become clean, the file's time
 * moves on (a disk-backed file system would write them to its disk here). */
void writeback_range(struct inode *ip, uint64_t first, uint64_t npages)
{
    bool wrote = false;
    uint64_t key = first;
    void *item;
    spin_lock(&ip->pages_lock);
    while (radix_next(&ip->pages, &key, &item) && key < first + npages) {
        struct page *pg = item;
        if (!pagecache_is_swap(pg) && (pg->flags & PG_DIRTY)) {
            clear_page_flag(pg, PG_DIRTY);
            cpu_events()->pgwriteback++;
            wrote = true;
        }
        key++;
    }
    spin_unlock(&ip->pages_lock);
    if (wrote)
        ip->mtime_ns = realtime_ns();
}

/* Drops the pages (and swapped-out pages) from index first on. The caller has
 * unmapped them (or nothing maps the file any more). With resched, a preemption
 * point every 64 pages: a 1 TiB file may hold many. */
void truncate_inode_pages(struct inode *ip, uint64_t first, bool resched)
{
    uint64_t key = first;
    void *item;
    for (unsigned n = 1;; n++) {
        spin_lock(&ip->pages_lock);
        if (!radix_next(&ip->pages, &key, &item)) {
            spin_unlock(&ip->pages_lock);
            return;
        }
        radix_delete(&ip->pages, key);
        if (pagecache_is_swap(item)) {
            shmem_truncate_swap(ip, item);
        } else {
            struct page *pg = item;
            pg->mapping = NULL;
            put_page(pg);
        }
        spin_unlock(&ip->pages_lock);
        key++;
        if (resched && n % 64 == 0)
            cond_resched();
    }
}

/* The file ip shrank to first_index pages: its pages past the end leave every
 * mapping (Linux's unmap_mapping_range on truncate, private copies included), so a
 * later touch there is SIGBUS rather than a look at data the file no longer has. Each
 * address space is changed under its own lock; a fault there either finished before
 * (and its page goes now) or comes after and finds the new size. */
void unmap_mapping_range(struct inode *ip, uint64_t first_index)
{
    for (int i = 0; i < nr_task_slots; i++) {
        struct mm *mm = task_mm_get(i);
        if (!mm)
            continue;
        mutex_lock(&mm->lock);
        for (struct vma *v = mm->vmas; v; v = v->next) {
            uint64_t npages = (v->end - v->start) / PAGE_SIZE;
            if (v->file != ip || v->pgoff + npages <= first_index)
                continue;
            uint64_t from = first_index > v->pgoff ? first_index - v->pgoff : 0;
            zap_page_range(v, v->start + from * PAGE_SIZE, v->end);
        }
        mutex_unlock(&mm->lock);
        mm_put(mm);
    }
}

/* An unnamed file of size bytes backing a MAP_SHARED|MAP_ANONYMOUS mapping (Linux's
 * shmem_zero_setup: "/dev/zero (deleted)" in maps). */
struct inode *shmem_file_setup(uint64_t size)
{
    struct inode *ip = inode_alloc(S_IFREG | 0600);
    if (ip)
        ip->size = size;
    return ip;
}

/* Appends to buf (holding len bytes) the path below dir that leads to target. */
static bool find_path(struct inode *dir, struct inode *target, char *buf, size_t len, int depth)
{
    struct list_head *l;
    if (depth > 32)
        return false;
    list_for_each(l, &dir->entries) {
        struct dentry *d = list_entry(l, struct dentry, link);
        size_t n = strlen(d->name);
        if (len + 1 + n + 1 > PATH_MAX)
            continue;
        buf[len] = '/';
        memcpy(buf + len + 1, d->name, n + 1);
        if (d->inode == target)
            return true;
        if (S_ISDIR(d->inode->mode) && d->inode->iops == &ramfs_dir_iops &&
            find_path(d->inode, target, buf, len + 1 + n, depth + 1))
            return true;
    }
    buf[len] = 0;
    return false;
}

/* A name of ip in the file tree (kmalloc'd; the caller frees it), or NULL. Files do
 * not know their directory, so the tree is searched: a mapping names its file once,
 * when it is made, as Linux's d_path does for /proc/PID/maps. */
char *inode_path(struct inode *ip)
{
    char *buf = kmalloc(PATH_MAX);
    char *path = NULL;
    ns_lock();                          /* the tree stays as it is during the search */
    bool found = buf && find_path(fs_root, ip, buf, 0, 0);
    ns_unlock();
    if (found)
        path = kstrdup(buf);
    kfree(buf);
    return path;
}
