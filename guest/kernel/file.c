/* file.c — open files and file descriptors. A struct file is an open instance of an
 * inode (position, flags); descriptors in a task's table point at files, and fork and
 * dup share them by reference count (atomic: threads on other harts take and drop
 * references too). A table shared by threads changes under its lock. */
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
    __atomic_fetch_add(&f->ref, 1, __ATOMIC_SEQ_CST);
    return f;
}

void file_put(struct file *f)
{
    int left = __atomic_sub_fetch(&f->ref, 1, __ATOMIC_SEQ_CST);
    assert(left >= 0);
    if (left > 0)
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

/* The file behind fd, valid until the system call returns. While other threads share
 * the table, one of them may close fd while this call sleeps: the call then holds a
 * reference of its own (Linux's fdget), which syscall_dispatch drops at the end. */
struct file *fd_file(int fd)
{
    if (fd < 0 || fd >= NOFILE)
        return NULL;
    struct files_struct *fs = current->files;
    /* A table no other task shares changes only by this task's own calls, none of
     * which is under way: read without the lock (Linux's __fget_light). It becomes
     * shared only by this task's clone(CLONE_FILES). */
    if (__atomic_load_n(&fs->count, __ATOMIC_SEQ_CST) == 1)
        return fs->fd[fd];
    spin_lock(&fs->lock);
    struct file *f = fs->fd[fd];
    if (f && __atomic_load_n(&fs->count, __ATOMIC_SEQ_CST) > 1) {
        if (current->nr_borrowed == ARRAY_SIZE(current->borrowed))
            panic("fd_file: more than %d files in one call", (int)ARRAY_SIZE(current->borrowed));
        current->borrowed[current->nr_borrowed++] = file_get(f);
    }
    spin_unlock(&fs->lock);
    return f;
}

/* Takes fd out of the table; returns its file (the table's reference), or NULL. */
struct file *fd_close(int fd)
{
    if (fd < 0 || fd >= NOFILE)
        return NULL;
    struct files_struct *fs = current->files;
    spin_lock(&fs->lock);
    struct file *f = fs->fd[fd];
    fs->fd[fd] = NULL;
    fs->cloexec &= ~(1u << fd);
    spin_unlock(&fs->lock);
    return f;
}

/* Puts f (the caller's reference) at fd, whatever was there; returns what was (the
 * caller drops it). */
struct file *fd_replace(int fd, struct file *f, bool cloexec)
{
    struct files_struct *fs = current->files;
    spin_lock(&fs->lock);
    struct file *old = fs->fd[fd];
    fs->fd[fd] = f;
    if (cloexec)
        fs->cloexec |= 1u << fd;
    else
        fs->cloexec &= ~(1u << fd);
    spin_unlock(&fs->lock);
    return old;
}

/* fcntl F_GETFD (set < 0) and F_SETFD: fd's close-on-exec bit, before a change. */
int fd_cloexec(int fd, int set)
{
    struct files_struct *fs = current->files;
    spin_lock(&fs->lock);
    int was = (fs->cloexec >> fd) & 1;
    if (set > 0)
        fs->cloexec |= 1u << fd;
    else if (set == 0)
        fs->cloexec &= ~(1u << fd);
    spin_unlock(&fs->lock);
    return was;
}

void fd_release_borrowed(void)
{
    while (current->nr_borrowed > 0)
        file_put(current->borrowed[--current->nr_borrowed]);
}

/* Puts f in the lowest free slot >= minfd; the table takes over the caller's reference. */
int fd_install(struct file *f, int minfd, bool cloexec)
{
    struct files_struct *fs = current->files;
    spin_lock(&fs->lock);
    for (int fd = minfd; fd < NOFILE; fd++) {
        if (!fs->fd[fd]) {
            fs->fd[fd] = f;
            if (cloexec)
                fs->cloexec |= 1u << fd;
            else
                fs->cloexec &= ~(1u << fd);
            spin_unlock(&fs->lock);
            return fd;
        }
    }
    spin_unlock(&fs->lock);
    return -EMFILE;
}

static struct kmem_cache *files_cache, *fs_cache;

struct files_struct *files_alloc(void)
{
    if (!files_cache)
        files_cache = kmem_cache_create("files_cache", sizeof(struct files_struct));
    struct files_struct *fs = kmem_cache_zalloc(files_cache);
    if (fs) {
        fs->count = 1;
        spin_init(&fs->lock, "files");
    }
    return fs;
}

void files_get(struct files_struct *fs)
{
    __atomic_fetch_add(&fs->count, 1, __ATOMIC_SEQ_CST);
}

/* A copy of a table (fork): the same files, one more reference each. */
struct files_struct *files_dup(struct files_struct *old)
{
    struct files_struct *fs = files_alloc();
    if (!fs)
        return NULL;
    spin_lock(&old->lock);
    for (int fd = 0; fd < NOFILE; fd++)
        if (old->fd[fd])
            fs->fd[fd] = file_get(old->fd[fd]);
    fs->cloexec = old->cloexec;
    spin_unlock(&old->lock);
    return fs;
}

/* Drops a task's use of a table; the last one closes every file. */
void files_put(struct files_struct *fs)
{
    if (!fs || __atomic_sub_fetch(&fs->count, 1, __ATOMIC_SEQ_CST) > 0)
        return;
    for (int fd = 0; fd < NOFILE; fd++) {
        struct file *f = fs->fd[fd];
        fs->fd[fd] = NULL;
        if (f)
            file_put(f);
    }
    kmem_cache_free(files_cache, fs);
}

/* execve: a table still shared (CLONE_FILES without CLONE_THREAD) becomes the
 * task's own copy, as Linux's unshare_files. */
int files_unshare(struct task *t)
{
    if (__atomic_load_n(&t->files->count, __ATOMIC_SEQ_CST) == 1)
        return 0;
    struct files_struct *fs = files_dup(t->files);
    if (!fs)
        return -ENOMEM;
    files_put(t->files);
    t->files = fs;
    return 0;
}

struct fs_struct *fs_alloc(struct inode *cwd)
{
    if (!fs_cache)
        fs_cache = kmem_cache_create("fs_cache", sizeof(struct fs_struct));
    struct fs_struct *fs = kmem_cache_zalloc(fs_cache);
    if (fs) {
        fs->count = 1;
        spin_init(&fs->lock, "fs");
        fs->cwd = inode_get(cwd);
    }
    return fs;
}

void fs_get(struct fs_struct *fs)
{
    __atomic_fetch_add(&fs->count, 1, __ATOMIC_SEQ_CST);
}

void fs_put(struct fs_struct *fs)
{
    if (!fs || __atomic_sub_fetch(&fs->count, 1, __ATOMIC_SEQ_CST) > 0)
        return;
    inode_put(fs->cwd);
    kmem_cache_free(fs_cache, fs);
}

/* t's working directory, with a reference (another thread may chdir meanwhile). */
struct inode *cwd_get(struct task *t)
{
    struct fs_struct *fs = t->fs;
    spin_lock(&fs->lock);
    struct inode *ip = inode_get(fs->cwd);
    spin_unlock(&fs->lock);
    return ip;
}

/* chdir: ip (the caller's reference) becomes the working directory. */
void set_cwd(struct inode *ip)
{
    struct fs_struct *fs = current->fs;
    spin_lock(&fs->lock);
    struct inode *old = fs->cwd;
    fs->cwd = ip;
    spin_unlock(&fs->lock);
    inode_put(old);
}

void files_close_on_exec(struct task *t)
{
    struct files_struct *fs = t->files;
    struct file *closed[NOFILE];
    int n = 0;
    spin_lock(&fs->lock);
    for (int fd = 0; fd < NOFILE; fd++) {
        if ((fs->cloexec & (1u << fd)) && fs->fd[fd]) {
            closed[n++] = fs->fd[fd];
            fs->fd[fd] = NULL;
        }
    }
    fs->cloexec = 0;
    spin_unlock(&fs->lock);
    while (n > 0)
        file_put(closed[--n]);
}
