/* file.c — open files and file descriptors. A struct file is an open instance of an
 * inode (position, flags); descriptors in a task's table point at files, and fork and
 * dup share them by reference count. */
#include "fs.h"
#include "proc.h"
#include "slab.h"

static struct kmem_cache *file_cache;

struct file *file_alloc(struct inode *ip, unsigned flags)
{
    if (!file_cache)
        file_cache = kmem_cache_create("filp", sizeof(struct file));
    struct file *f = kmem_cache_zalloc(file_cache);
    if (!f)
        return NULL;
    f->ref = 1;
    f->flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
    f->inode = inode_get(ip);
    f->ops = ip->fops;
    return f;
}

struct file *file_get(struct file *f)
{
    f->ref++;
    return f;
}

void file_put(struct file *f)
{
    assert(f->ref > 0);
    if (--f->ref > 0)
        return;
    if (f->ops && f->ops->release)
        f->ops->release(f);
    inode_put(f->inode);
    kmem_cache_free(file_cache, f);
}

/* Opens ip: a new file, with the inode's open hook run. */
int file_open(struct inode *ip, unsigned flags, struct file **out)
{
    struct file *f = file_alloc(ip, flags);
    if (!f)
        return -ENOMEM;
    if (f->ops && f->ops->open) {
        int err = f->ops->open(f);
        if (err) {
            f->ops = NULL;
            file_put(f);
            return err;
        }
    }
    *out = f;
    return 0;
}

struct file *fd_file(int fd)
{
    if (fd < 0 || fd >= NOFILE)
        return NULL;
    return current->files[fd];
}

/* Puts f in the lowest free slot >= minfd; the table takes over the caller's reference. */
int fd_install(struct file *f, int minfd, bool cloexec)
{
    for (int fd = minfd; fd < NOFILE; fd++) {
        if (!current->files[fd]) {
            current->files[fd] = f;
            if (cloexec)
                current->cloexec |= 1u << fd;
            else
                current->cloexec &= ~(1u << fd);
            return fd;
        }
    }
    return -EMFILE;
}

void files_close_all(struct task *t)
{
    for (int fd = 0; fd < NOFILE; fd++) {
        if (t->files[fd]) {
            file_put(t->files[fd]);
            t->files[fd] = NULL;
        }
    }
    t->cloexec = 0;
}

void files_close_on_exec(struct task *t)
{
    for (int fd = 0; fd < NOFILE; fd++) {
        if ((t->cloexec & (1u << fd)) && t->files[fd]) {
            file_put(t->files[fd]);
            t->files[fd] = NULL;
        }
    }
    t->cloexec = 0;
}
