/* ramfs.c — the in-memory filesystem behind "/". An inode lives while a directory
 * names it (nlink) or the kernel holds it (ref). A regular file's data is its page
 * cache (pagecache.c: frames by page number, in a sparse index); holes read as zeros.
 * read(), write() and truncate hold the inode's mutex from start to end, across the
 * copies from and to user memory that may sleep: a write is never torn by another,
 * and O_APPEND finds the end and writes there in one step. Directories keep their
 * entries in a list, in creation order. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "slab.h"
#include "swap.h"
#include "timer.h"

struct inode *fs_root;
static struct kmem_cache *inode_cache;
static uint64_t next_ino = 1;
static struct mutex namespace_lock = MUTEX_INIT(namespace_lock, "namespace");

void ns_lock(void)
{
    mutex_lock(&namespace_lock);
}

void ns_unlock(void)
{
    mutex_unlock(&namespace_lock);
}

static const struct file_ops ramfs_file_fops;
static const struct file_ops ramfs_dir_fops;

struct inode *inode_alloc(uint32_t mode)
{
    struct inode *ip = kmem_cache_zalloc(inode_cache);
    if (!ip)
        return NULL;
    ip->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
    ip->mode = mode;
    ip->ref = 1;
    ip->mtime_ns = realtime_ns();
    list_init(&ip->entries);
    mutex_init(&ip->lock, "inode");
    spin_init(&ip->pages_lock, "inode pages");
    radix_init(&ip->pages);
    return ip;
}

struct inode *inode_get(struct inode *ip)
{
    __atomic_fetch_add(&ip->ref, 1, __ATOMIC_SEQ_CST);
    return ip;
}

static void inode_free(struct inode *ip)
{
    if (ip->iops == &ramfs_dir_iops && ip->parent != ip)
        inode_put(ip->parent);          /* a directory holds its parent, for ".." */
    truncate_inode_pages(ip, 0, false);     /* nothing maps it: no mapping holds it */
    radix_destroy(&ip->pages);
    kmem_cache_free(inode_cache, ip);
}

/* The last reference of an inode no directory names any more frees it. unlink takes
 * a reference of its own before it drops the last link, so of a final put and an
 * unlink exactly one sees both at zero. */
void inode_put(struct inode *ip)
{
    if (!ip)
        return;
    int left = __atomic_sub_fetch(&ip->ref, 1, __ATOMIC_SEQ_CST);
    assert(left >= 0);
    if (left == 0 && __atomic_load_n(&ip->nlink, __ATOMIC_SEQ_CST) == 0)
        inode_free(ip);
}

/* Sets the size (both locks held: readers of the size hold either). */
static void set_size(struct inode *ip, uint64_t size)
{
    spin_lock(&ip->pages_lock);
    ip->size = size;
    spin_unlock(&ip->pages_lock);
}

/* The frame of page index i of ip, with a reference (create: a hole becomes a zeroed
 * frame), reclaiming when memory is short (a bounded number of times); NULL with
 * *err, or with *err 0 for a hole. The caller holds ip->lock. */
static struct page *file_page(struct inode *ip, uint64_t i, bool create, int *err)
{
    for (unsigned attempt = 0;; attempt++) {
        struct page *pg = find_get_page(ip, i, create ? FGP_CREAT : 0, err);
        if (pg || *err != -ENOMEM || !reclaim_and_retry(attempt))
            return pg;
    }
}

/* Drops the data past size; frees whole pages beyond it, zeros the tail of the last.
 * Pages past the new end leave every mapping first (a later touch there is SIGBUS). */
int inode_truncate(struct inode *ip, uint64_t size)
{
    if (mutex_lock_killable(&ip->lock))
        return -EINTR;
    uint64_t old = ip->size;
    set_size(ip, size);
    if (size < old) {
        uint64_t first = ROUND_UP(size, PAGE_SIZE) / PAGE_SIZE;
        unmap_mapping_range(ip, first);
        truncate_inode_pages(ip, first, true);
        int err;
        struct page *pg = size % PAGE_SIZE ? file_page(ip, size / PAGE_SIZE, false, &err) : NULL;
        if (pg) {
            memset((char *)page_address(pg) + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
            put_page(pg);
        }
    }
    ip->mtime_ns = realtime_ns();
    mutex_unlock(&ip->lock);
    return 0;
}

/* Copies file bytes into a kernel buffer; returns the count (short at end of file). */
ssize_t inode_read_kernel(struct inode *ip, void *dst, uint64_t off, size_t n)
{
    mutex_lock(&ip->lock);
    n = off >= ip->size ? 0 : MIN(n, ip->size - off);
    size_t done = 0;
    while (done < n) {
        uint64_t pos = off + done;
        size_t chunk = MIN(n - done, PAGE_SIZE - pos % PAGE_SIZE);
        int err;
        struct page *pg = file_page(ip, pos / PAGE_SIZE, false, &err);
        if (!pg && err)
            break;
        if (pg) {
            memcpy((char *)dst + done, (char *)page_address(pg) + pos % PAGE_SIZE, chunk);
            mark_page_accessed(pg);
            put_page(pg);
        } else {
            memset((char *)dst + done, 0, chunk);
        }
        done += chunk;
    }
    mutex_unlock(&ip->lock);
    return (ssize_t)done;
}

ssize_t inode_write_kernel(struct inode *ip, const void *src, uint64_t off, size_t n)
{
    mutex_lock(&ip->lock);
    size_t done = 0;
    while (done < n) {
        uint64_t pos = off + done;
        size_t chunk = MIN(n - done, PAGE_SIZE - pos % PAGE_SIZE);
        int err;
        struct page *pg = file_page(ip, pos / PAGE_SIZE, true, &err);
        if (!pg)
            break;
        memcpy((char *)page_address(pg) + pos % PAGE_SIZE, (const char *)src + done, chunk);
        put_page(pg);
        done += chunk;
        if (pos + chunk > ip->size)
            set_size(ip, pos + chunk);
    }
    ip->mtime_ns = realtime_ns();
    mutex_unlock(&ip->lock);
    return done == n ? (ssize_t)n : done ? (ssize_t)done : -ENOSPC;
}

/* Each page: a frame (or a hole), then the copy out, which may fault and sleep. A
 * pending SIGKILL ends a long read with what was copied so far. */
static ssize_t ramfs_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    struct inode *ip = f->inode;
    if (mutex_lock_killable(&ip->lock))
        return -EINTR;
    n = *pos >= ip->size ? 0 : MIN(n, ip->size - *pos);
    size_t done = 0;
    int err = 0;
    while (done < n && !fatal_signal_pending(current)) {
        uint64_t p = *pos + done;
        size_t chunk = MIN(n - done, PAGE_SIZE - p % PAGE_SIZE);
        struct page *pg = file_page(ip, p / PAGE_SIZE, false, &err);
        if (!pg && err)
            break;
        if (pg)
            mark_page_accessed(pg);
        err = pg ? copy_to_user(ubuf + done, (char *)page_address(pg) + p % PAGE_SIZE, chunk)
                 : clear_user(ubuf + done, chunk);
        if (pg)
            put_page(pg);
        if (err < 0)
            break;
        done += chunk;
    }
    *pos += done;
    mutex_unlock(&ip->lock);
    if (done || n == 0)
        return (ssize_t)done;
    return fatal_signal_pending(current) ? -EINTR : err == -ENOMEM ? -ENOMEM : err == -EIO ? -EIO : -EFAULT;
}

/* With O_APPEND the position is the size, taken under the same lock as the write:
 * appenders never overwrite one another. */
static ssize_t ramfs_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    struct inode *ip = f->inode;
    if (mutex_lock_killable(&ip->lock))
        return -EINTR;
    if (f->flags & O_APPEND)
        *pos = ip->size;
    size_t done = 0;
    ssize_t err = 0;
    while (done < n) {
        if (fatal_signal_pending(current)) {
            err = -EINTR;
            break;
        }
        uint64_t p = *pos + done;
        size_t chunk = MIN(n - done, PAGE_SIZE - p % PAGE_SIZE);
        int e;
        struct page *pg = file_page(ip, p / PAGE_SIZE, true, &e);
        if (!pg) {
            err = e == -EIO ? -EIO : -ENOSPC;
            break;
        }
        mark_page_accessed(pg);
        int r = copy_from_user((char *)page_address(pg) + p % PAGE_SIZE, ubuf + done, chunk);
        put_page(pg);
        if (r < 0) {
            err = -EFAULT;
            break;
        }
        done += chunk;
        if (p + chunk > ip->size)
            set_size(ip, p + chunk);
    }
    *pos += done;
    ip->mtime_ns = realtime_ns();
    mutex_unlock(&ip->lock);
    return done ? (ssize_t)done : err;
}

static ssize_t dir_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return -EISDIR;
}

static struct dentry *dir_find(struct inode *dir, const char *name)
{
    struct list_head *l;
    list_for_each(l, &dir->entries) {
        struct dentry *d = list_entry(l, struct dentry, link);
        if (strcmp(d->name, name) == 0)
            return d;
    }
    return NULL;
}

static struct inode *ramfs_lookup(struct inode *dir, const char *name)
{
    ns_lock();
    struct dentry *d = dir_find(dir, name);
    struct inode *ip = d ? inode_get(d->inode) : NULL;
    ns_unlock();
    return ip;
}

static uint8_t dt_type(uint32_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFDIR: return DT_DIR;
    case S_IFCHR: return DT_CHR;
    case S_IFIFO: return DT_FIFO;
    default: return DT_REG;
    }
}

static int ramfs_readdir(struct inode *dir, uint64_t pos, struct dir_entry *out)
{
    ns_lock();
    int found = 0;
    if (pos < 2) {
        out->ino = pos == 0 ? dir->ino : dir->parent->ino;
        out->type = DT_DIR;
        strlcpy(out->name, pos == 0 ? "." : "..", sizeof out->name);
        found = 1;
    }
    uint64_t i = 2;
    struct list_head *l;
    list_for_each(l, &dir->entries) {
        if (!found && i++ == pos) {
            struct dentry *d = list_entry(l, struct dentry, link);
            out->ino = d->inode->ino;
            out->type = dt_type(d->inode->mode);
            strlcpy(out->name, d->name, sizeof out->name);
            found = 1;
        }
    }
    ns_unlock();
    return found;
}

static int link_locked(struct inode *dir, const char *name, struct inode *ip);

/* Names ip in dir (taking a link, not a reference). */
int ramfs_link_inode(struct inode *dir, const char *name, struct inode *ip)
{
    ns_lock();
    int err = link_locked(dir, name, ip);
    ns_unlock();
    return err;
}

static int link_locked(struct inode *dir, const char *name, struct inode *ip)
{
    if (dir_find(dir, name))
        return -EEXIST;
    size_t len = strlen(name);
    struct dentry *d = kmalloc(sizeof *d + len + 1);
    if (!d)
        return -ENOMEM;
    memcpy(d->name, name, len + 1);
    d->inode = ip;
    list_add_tail(&d->link, &dir->entries);
    ip->nlink++;
    if (S_ISDIR(ip->mode))
        dir->nlink++;
    dir->mtime_ns = realtime_ns();
    return 0;
}

static int create_locked(struct inode *dir, const char *name, uint32_t mode,
                         struct inode **out);

static int ramfs_create(struct inode *dir, const char *name, uint32_t mode, struct inode **out)
{
    ns_lock();
    int err = create_locked(dir, name, mode, out);
    ns_unlock();
    return err;
}

static int create_locked(struct inode *dir, const char *name, uint32_t mode, struct inode **out)
{
    if (dir->nlink == 0)
        return -ENOENT;                 /* the directory was removed */
    if (dir_find(dir, name))
        return -EEXIST;
    struct inode *ip = inode_alloc(mode);
    if (!ip)
        return -ENOMEM;
    if (S_ISDIR(mode)) {
        ip->iops = &ramfs_dir_iops;
        ip->fops = &ramfs_dir_fops;
        ip->nlink = 1;                 /* its own "." */
        ip->parent = inode_get(dir);
    } else {
        ip->fops = &ramfs_file_fops;
    }
    int err = link_locked(dir, name, ip);
    if (err) {
        ip->nlink = 0;
        inode_put(ip);
        return err;
    }
    *out = ip;
    return 0;
}

static int unlink_locked(struct inode *dir, const char *name, bool is_dir);

static int ramfs_unlink(struct inode *dir, const char *name, bool is_dir)
{
    ns_lock();
    int err = unlink_locked(dir, name, is_dir);
    ns_unlock();
    return err;
}

static int unlink_locked(struct inode *dir, const char *name, bool is_dir)
{
    struct dentry *d = dir_find(dir, name);
    if (!d)
        return -ENOENT;
    struct inode *ip = d->inode;
    if (is_dir && !S_ISDIR(ip->mode))
        return -ENOTDIR;
    if (!is_dir && S_ISDIR(ip->mode))
        return -EISDIR;
    if (is_dir) {
        if (ip->iops != &ramfs_dir_iops)
            return -EBUSY;              /* /proc: not ours to remove */
        if (!list_empty(&ip->entries))
            return -ENOTEMPTY;
        if (ip == fs_root)
            return -EBUSY;
        dir->nlink--;
        ip->nlink = 1;                  /* only our link remains to drop */
    }
    list_del(&d->link);
    kfree(d);
    dir->mtime_ns = realtime_ns();
    inode_get(ip);                      /* first: see inode_put */
    __atomic_fetch_sub(&ip->nlink, 1, __ATOMIC_SEQ_CST);
    inode_put(ip);                      /* frees it if nobody holds it */
    return 0;
}

/* Moves odir/oname to ndir/nname, replacing a file (or an empty directory) there. */
static int rename_locked(struct inode *odir, const char *oname, struct inode *ndir,
                         const char *nname);

int ramfs_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname)
{
    ns_lock();
    int err = rename_locked(odir, oname, ndir, nname);
    ns_unlock();
    return err;
}

static int rename_locked(struct inode *odir, const char *oname, struct inode *ndir,
                         const char *nname)
{
    if (odir->iops != &ramfs_dir_iops || ndir->iops != &ramfs_dir_iops)
        return -EXDEV;
    if (ndir->nlink == 0)
        return -ENOENT;
    struct dentry *d = dir_find(odir, oname);
    if (!d)
        return -ENOENT;
    struct inode *ip = d->inode;
    if (odir == ndir && strcmp(oname, nname) == 0)
        return 0;
    for (struct inode *p = ndir; p != fs_root; p = p->parent)
        if (p == ip)
            return -EINVAL;                 /* into its own subtree */
    size_t len = strlen(nname);
    struct dentry *nd = kmalloc(sizeof *nd + len + 1);
    if (!nd)
        return -ENOMEM;
    struct dentry *t = dir_find(ndir, nname);
    int err = 0;
    if (t && S_ISDIR(t->inode->mode) != S_ISDIR(ip->mode))
        err = S_ISDIR(ip->mode) ? -ENOTDIR : -EISDIR;
    else if (t)
        err = unlink_locked(ndir, nname, S_ISDIR(t->inode->mode));
    if (err) {
        kfree(nd);
        return err;
    }
    memcpy(nd->name, nname, len + 1);
    nd->inode = ip;
    list_add_tail(&nd->link, &ndir->entries);
    list_del(&d->link);
    kfree(d);
    if (S_ISDIR(ip->mode) && odir != ndir) {
        odir->nlink--;
        ndir->nlink++;
        ip->parent = inode_get(ndir);
        inode_put(odir);
    }
    return 0;
}

void inode_stat(struct inode *ip, struct kstat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = 1;
    st->st_ino = ip->ino;
    st->st_mode = ip->mode;
    st->st_nlink = ip->nlink ? ip->nlink : 1;
    st->st_rdev = ip->rdev;
    st->st_size = (int64_t)ip->size;
    st->st_blksize = PAGE_SIZE;
    st->st_blocks = (int64_t)(ROUND_UP(ip->size, PAGE_SIZE) / 512);
    st->st_atime_sec = st->st_mtime_sec = st->st_ctime_sec = (int64_t)(ip->mtime_ns / 1000000000);
    st->st_atime_nsec = st->st_mtime_nsec = st->st_ctime_nsec = (int64_t)(ip->mtime_ns % 1000000000);
}

const struct inode_ops ramfs_dir_iops = {
    .lookup = ramfs_lookup,
    .readdir = ramfs_readdir,
    .create = ramfs_create,
    .unlink = ramfs_unlink,
};

static const struct file_ops ramfs_file_fops = {
    .read = ramfs_read,
    .write = ramfs_write,
};

static const struct file_ops ramfs_dir_fops = {
    .read = dir_read,
};

void ramfs_init(void)
{
    inode_cache = kmem_cache_create("inode", sizeof(struct inode));
    radix_tree_init();
    fs_root = inode_alloc(S_IFDIR | 0755);
    if (!fs_root)
        panic("ramfs: no memory for the root");
    fs_root->iops = &ramfs_dir_iops;
    fs_root->fops = &ramfs_dir_fops;
    fs_root->nlink = 2;
    fs_root->parent = fs_root;
}
