/* pagecache.c — the page cache. A regular file's data is an array of frames indexed by
 * page number (ramfs.c keeps it in the inode); read() and write() copy through those
 * frames and mappings map the very same frames, so a write through a shared mapping
 * is at once visible to read() and to every other mapper, and a private mapping shares
 * them until its first write copies one. Shared anonymous memory is a file with no
 * name (shmem), so that a child after fork finds the same pages as its parent. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "swap.h"
#include "timer.h"

/* The page-cache frame for page index of ip, with a reference for the caller's
 * mapping; a hole gets a zeroed frame. NULL if out of memory. */
struct page *find_get_page(struct inode *ip, uint64_t index)
{
    struct page *pg = file_page(ip, index, true);
    if (pg)
        get_page(pg);
    return pg;
}

/* Writes back the dirty pages among npages from first. The frames are the file's
 * storage, so writing back is bookkeeping: the pages become clean, the file's time
 * moves on (a disk-backed file system would write them to its disk here). */
void writeback_range(struct inode *ip, uint64_t first, uint64_t npages)
{
    bool wrote = false;
    uint64_t end = MIN(first + npages, ip->npages_slots);
    for (uint64_t i = first; i < end; i++) {
        struct page *pg = ip->pages[i];
        if (pg && !pagecache_is_swap(pg) && (pg->flags & PG_DIRTY)) {
            pg->flags &= ~PG_DIRTY;
            vm_events.pgwriteback++;
            wrote = true;
        }
    }
    if (wrote)
        ip->mtime_ns = realtime_ns();
}

/* The file ip shrank to first_index pages: its pages past the end leave every
 * mapping (Linux's unmap_mapping_range on truncate, private copies included), so a
 * later touch there is SIGBUS rather than a look at data the file no longer has. */
void unmap_mapping_range(struct inode *ip, uint64_t first_index)
{
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (!t || !t->mm)
            continue;
        for (struct vma *v = t->mm->vmas; v; v = v->next) {
            uint64_t npages = (v->end - v->start) / PAGE_SIZE;
            if (v->file != ip || v->pgoff + npages <= first_index)
                continue;
            uint64_t from = first_index > v->pgoff ? first_index - v->pgoff : 0;
            zap_page_range(v, v->start + from * PAGE_SIZE, v->end);
        }
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
    if (buf && find_path(fs_root, ip, buf, 0, 0))
        path = kstrdup(buf);
    kfree(buf);
    return path;
}
