/* sys_mm.c — memory system calls: brk, mmap (anonymous or file, private or shared),
 * munmap, mremap, mprotect, madvise, msync. The work is in mmap.c, done under the
 * address space's lock (a task waiting for it can still be killed). */
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "syscall.h"

#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE      0x0f
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define MAP_FIXED_NOREPLACE 0x100000
#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4
#define MADV_PAGEOUT    21
#define MADV_FREE       8
#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4

static uint32_t prot_flags(int prot)
{
    return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
           (prot & PROT_EXEC ? VM_EXEC : 0);
}

long sys_brk(void)
{
    struct mm *mm = current->mm;
    if (mutex_lock_killable(&mm->lock))
        return (long)mm->brk;
    long r = (long)do_brk(mm, arg(0));
    mutex_unlock(&mm->lock);
    return r;
}

/* Fills in the VM_* flags and the backing of an mmap request from prot, flags and
 * fd; 0 or -errno. A file (or a shmem file) comes with a reference. */
static long mmap_backing(int prot, int flags, int fd, struct mmap_req *req)
{
    int type = flags & MAP_TYPE;
    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    bool shared = type != MAP_PRIVATE;
    req->flags = prot_flags(prot) | VM_MAYWRITE | (shared ? VM_SHARED : 0) |
                 (flags & MAP_NORESERVE ? VM_NORESERVE : 0);
    if (flags & MAP_ANONYMOUS) {
        req->pgoff = 0;
        if (shared && !(req->file = shmem_file_setup(ROUND_UP(req->len, PAGE_SIZE))))
            return -ENOMEM;
        return 0;
    }
    struct file *f = fd_file(fd);
    if (!f)
        return -EBADF;
    if (!S_ISREG(f->inode->mode))
        return -ENODEV;
    int acc = f->flags & O_ACCMODE;
    if (acc == O_WRONLY)
        return -EACCES;
    if (shared && acc != O_RDWR) {
        if (prot & PROT_WRITE)
            return -EACCES;
        req->flags &= ~VM_MAYWRITE;
    }
    req->file = inode_get(f->inode);
    return 0;
}

long sys_mmap(void)
{
    int prot = arg_int(2), flags = arg_int(3), fd = arg_int(4);
    struct mmap_req req = {
        .addr = arg(0), .len = arg(1), .pgoff = arg(5) / PAGE_SIZE,
        .fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE),
        .noreplace = flags & MAP_FIXED_NOREPLACE,
    };
    if (!req.len || arg(5) % PAGE_SIZE)
        return -EINVAL;
    long r = mmap_backing(prot, flags, fd, &req);
    if (r)
        return r;
    char *path = req.file && req.file->nlink ? inode_path(req.file) : NULL;
    req.path = path;
    r = mutex_lock_killable(&current->mm->lock);
    if (!r) {
        r = do_mmap(current->mm, &req);
        mutex_unlock(&current->mm->lock);
    }
    kfree(path);
    if (req.file)
        inode_put(req.file);                 /* the VMA holds its own reference */
    return r;
}

long sys_munmap(void)
{
    struct mm *mm = current->mm;
    if (mutex_lock_killable(&mm->lock))
        return -EINTR;
    long r = do_munmap(mm, arg(0), arg(1));
    mutex_unlock(&mm->lock);
    return r;
}

long sys_mremap(void)
{
    uint64_t flags = arg(3);
    if (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED))
        return -EINVAL;
    struct mm *mm = current->mm;
    if (mutex_lock_killable(&mm->lock))
        return -EINTR;
    long r = do_mremap(mm, arg(0), arg(1), arg(2), (int)flags, arg(4));
    mutex_unlock(&mm->lock);
    return r;
}

long sys_mprotect(void)
{
    if (arg_int(2) & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    struct mm *mm = current->mm;
    if (mutex_lock_killable(&mm->lock))
        return -EINTR;
    long r = do_mprotect(mm, arg(0), arg(1), prot_flags(arg_int(2)));
    mutex_unlock(&mm->lock);
    return r;
}

long sys_madvise(void)
{
    uint64_t start = arg(0), len = arg(1);
    if (start % PAGE_SIZE)
        return -EINVAL;
    switch (arg_int(2)) {
    case MADV_DONTNEED:
    case MADV_FREE: {
        struct mm *mm = current->mm;
        if (mutex_lock_killable(&mm->lock))
            return -EINTR;
        long r = do_madvise_dontneed(mm, start, len);
        mutex_unlock(&mm->lock);
        return r;
    }
    case MADV_PAGEOUT: {
        struct mm *mm = current->mm;
        if (mutex_lock_killable(&mm->lock))
            return -EINTR;
        long r = do_madvise_pageout(mm, start, len);
        if (r != -EINTR)
            mutex_unlock(&mm->lock);
        return r;
    }
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_WILLNEED:
        return 0;
    }
    return -EINVAL;
}

long sys_msync(void)
{
    uint64_t start = arg(0);
    int flags = arg_int(2);
    if (start % PAGE_SIZE || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
        ((flags & MS_ASYNC) && (flags & MS_SYNC)))
        return -EINVAL;
    struct mm *mm = current->mm;
    if (mutex_lock_killable(&mm->lock))
        return -EINTR;
    long r = do_msync(mm, start, arg(1));
    mutex_unlock(&mm->lock);
    return r;
}
