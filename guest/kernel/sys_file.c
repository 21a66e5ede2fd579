/* sys_file.c — file system calls: paths (openat, mkdirat, unlinkat, renameat, chdir,
 * getcwd, newfstatat, faccessat), descriptors (read, write and their vector and
 * positioned forms, lseek, fstat, getdents64, dup, fcntl, pipe2, ioctl, close). */
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "syscall.h"
#include "timer.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define MAX_IOV 1024

/* Copies a user path into a fresh kernel buffer (freed by the caller). */
static long get_path(uint64_t upath, char **out)
{
    char *p = kmalloc(PATH_MAX);
    if (!p)
        return -ENOMEM;
    long n = strncpy_from_user(p, upath, PATH_MAX);
    if (n < 0) {
        kfree(p);
        return n;
    }
    *out = p;
    return 0;
}

/* Where a relative path starts for the *at calls: the cwd, or the directory dirfd. */
static int at_start(int dirfd, struct inode **out)
{
    if (dirfd == AT_FDCWD) {
        *out = cwd_get(current);
        return 0;
    }
    struct file *f = fd_file(dirfd);
    if (!f)
        return -EBADF;
    if (!S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    *out = inode_get(f->inode);
    return 0;
}

/* Resolves (dirfd, user path) to an inode with a reference. */
static int lookup_at(int dirfd, uint64_t upath, struct inode **out)
{
    char *path;
    struct inode *start;
    long err = get_path(upath, &path);
    if (err)
        return (int)err;
    if (!(err = at_start(dirfd, &start))) {
        err = path_lookup(start, path, out);
        inode_put(start);
    }
    kfree(path);
    return (int)err;
}

/* Resolves (dirfd, user path) to its parent directory and last name. */
static int parent_at(int dirfd, uint64_t upath, struct inode **dir, char *last)
{
    char *path;
    struct inode *start;
    long err = get_path(upath, &path);
    if (err)
        return (int)err;
    if (!(err = at_start(dirfd, &start))) {
        err = path_parent(start, path, dir, last);
        inode_put(start);
    }
    kfree(path);
    return (int)err;
}

static int open_or_create(int dirfd, uint64_t upath, int flags, uint32_t mode, struct inode **out)
{
    if (!(flags & O_CREAT))
        return lookup_at(dirfd, upath, out);
    struct inode *dir;
    char last[NAME_MAX + 1];
    int err = parent_at(dirfd, upath, &dir, last);
    if (err)
        return err == -EEXIST ? -EISDIR : err;
    struct inode *ip = dir->iops->lookup(dir, last);
    if (ip && (flags & O_EXCL))
        err = -EEXIST;
    else if (!ip && !dir->iops->create)
        err = -EACCES;
    else if (!ip)
        err = dir->iops->create(dir, last, S_IFREG | (mode & 0777 & ~022), &ip);
    inode_put(dir);
    if (err) {
        inode_put(ip);
        return err;
    }
    *out = ip;
    return 0;
}

long sys_openat(void)
{
    int dirfd = arg_int(0), flags = arg_int(2);
    struct inode *ip;
    struct file *f;
    int err = open_or_create(dirfd, arg(1), flags, (uint32_t)arg(3), &ip);
    if (err)
        return err;
    int acc = flags & O_ACCMODE;
    if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
        err = -ENOTDIR;
    else if (S_ISDIR(ip->mode) && acc != O_RDONLY)
        err = -EISDIR;
    else if (acc == O_ACCMODE)
        err = -EINVAL;
    else if (S_ISREG(ip->mode) && (flags & O_TRUNC) && acc != O_RDONLY)
        inode_truncate(ip, 0);
    if (!err)
        err = file_open(ip, flags, &f);
    inode_put(ip);
    if (err)
        return err;
    int fd = fd_install(f, 0, flags & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

long sys_close(void)
{
    struct file *f = fd_close(arg_int(0));
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

static struct file *readable(int fd, long *err)
{
    struct file *f = fd_file(fd);
    *err = -EBADF;
    if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
        return NULL;
    *err = -EINVAL;
    return f->ops && f->ops->read ? f : NULL;
}

static struct file *writable(int fd, long *err)
{
    struct file *f = fd_file(fd);
    *err = -EBADF;
    if (!f || (f->flags & O_ACCMODE) == O_RDONLY)
        return NULL;
    *err = -EINVAL;
    return f->ops && f->ops->write ? f : NULL;
}

long sys_read(void)
{
    long err;
    struct file *f = readable(arg_int(0), &err);
    return f ? f->ops->read(f, arg(1), arg(2), &f->pos) : err;
}

long sys_write(void)
{
    long err;
    struct file *f = writable(arg_int(0), &err);
    return f ? f->ops->write(f, arg(1), arg(2), &f->pos) : err;
}

static bool seekable(struct file *f)
{
    return S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode);
}

long sys_pread64(void)
{
    long err;
    struct file *f = readable(arg_int(0), &err);
    if (!f)
        return err;
    if (!seekable(f))
        return -ESPIPE;
    uint64_t pos = arg(3);
    return f->ops->read(f, arg(1), arg(2), &pos);
}

long sys_pwrite64(void)
{
    long err;
    struct file *f = writable(arg_int(0), &err);
    if (!f)
        return err;
    if (!seekable(f))
        return -ESPIPE;
    uint64_t pos = arg(3);
    return f->ops->write(f, arg(1), arg(2), &pos);
}

/* readv/writev: one transfer per iovec, stopping at the first short one. */
static long do_iov(struct file *f, uint64_t uiov, int cnt, bool write)
{
    if (cnt < 0 || cnt > MAX_IOV)
        return -EINVAL;
    long total = 0;
    for (int i = 0; i < cnt; i++) {
        uint64_t iov[2];
        if (copy_from_user(iov, uiov + 16 * i, sizeof iov) < 0)
            return total ? total : -EFAULT;
        if (!iov[1])
            continue;
        long n = write ? f->ops->write(f, iov[0], iov[1], &f->pos)
                       : f->ops->read(f, iov[0], iov[1], &f->pos);
        if (n < 0)
            return total ? total : n;
        total += n;
        if ((uint64_t)n < iov[1])
            break;
    }
    return total;
}

long sys_readv(void)
{
    long err;
    struct file *f = readable(arg_int(0), &err);
    return f ? do_iov(f, arg(1), arg_int(2), false) : err;
}

long sys_writev(void)
{
    long err;
    struct file *f = writable(arg_int(0), &err);
    return f ? do_iov(f, arg(1), arg_int(2), true) : err;
}

long sys_lseek(void)
{
    struct file *f = fd_file(arg_int(0));
    int64_t off = (int64_t)arg(1);
    int whence = arg_int(2);
    if (!f)
        return -EBADF;
    if (!seekable(f))
        return -ESPIPE;
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)f->pos :
                   whence == SEEK_END ? (int64_t)f->inode->size : -1;
    if (base < 0 || whence > SEEK_END)
        return -EINVAL;
    if (base + off < 0)
        return -EINVAL;
    f->pos = (uint64_t)(base + off);
    return (long)f->pos;
}

static long stat_to_user(struct inode *ip, uint64_t ust)
{
    struct kstat st;
    inode_stat(ip, &st);
    return copy_to_user(ust, &st, sizeof st);
}

long sys_fstat(void)
{
    struct file *f = fd_file(arg_int(0));
    return f ? stat_to_user(f->inode, arg(1)) : -EBADF;
}

long sys_newfstatat(void)
{
    int dirfd = arg_int(0), flags = arg_int(3);
    struct inode *ip;
    char c;
    if ((flags & AT_EMPTY_PATH) && copy_from_user(&c, arg(1), 1) == 0 && c == 0) {
        if (dirfd == AT_FDCWD) {
            struct inode *cwd = cwd_get(current);
            int r = stat_to_user(cwd, arg(2));
            inode_put(cwd);
            return r;
        }
        struct file *f = fd_file(dirfd);
        return f ? stat_to_user(f->inode, arg(2)) : -EBADF;
    }
    int err = lookup_at(dirfd, arg(1), &ip);
    if (err)
        return err;
    long r = stat_to_user(ip, arg(2));
    inode_put(ip);
    return r;
}

long sys_faccessat(void)
{
    struct inode *ip;
    int mode = arg_int(2);
    int err = lookup_at(arg_int(0), arg(1), &ip);
    if (err)
        return err;
    if ((mode & 1) && !(ip->mode & 0111))          /* X_OK */
        err = -EACCES;
    inode_put(ip);
    return err;
}

/* readlinkat: the only symbolic links are /proc/self/exe and /proc/PID/exe, the path
 * the process was executed by (as glibc's start-up reads it); any other existing file
 * is not a link (EINVAL), as on Linux. The result is not NUL-terminated. */
long sys_readlinkat(void)
{
    uint64_t ubuf = arg(2);
    size_t size = arg(3);
    char *path;
    long err = get_path(arg(1), &path);
    if (err)
        return err;
    struct mm *mm = NULL;                           /* its exe stays while we copy */
    if (strcmp(path, "/proc/self/exe") == 0) {
        mm = get_task_mm(current);
    } else if (strncmp(path, "/proc/", 6) == 0) {
        const char *p = path + 6;
        long pid = 0;
        while (*p >= '0' && *p <= '9' && pid < 1000000)
            pid = pid * 10 + (*p++ - '0');
        if (p != path + 6 && strcmp(p, "/exe") == 0)
            mm = get_pid_mm((pid_t)pid);
    }
    if (mm && mm->exe) {
        size_t n = strlen(mm->exe);
        if (n > size)
            n = size;
        err = copy_to_user(ubuf, mm->exe, n) < 0 ? -EFAULT : (long)n;
    } else {
        struct inode *ip;
        err = (long)size <= 0 ? -EINVAL : lookup_at(arg_int(0), arg(1), &ip);
        if (!err) {
            inode_put(ip);
            err = -EINVAL;
        }
    }
    if (mm)
        mm_put(mm);
    kfree(path);
    return err;
}

/* getdents64: as many struct linux_dirent64 as fit, continuing from f->pos. The
 * position moves past an entry only once it is in the user's buffer; a fault after
 * some entries returns those (as Linux does), EFAULT only when none got there. */
long sys_getdents64(void)
{
    struct file *f = fd_file(arg_int(0));
    uint64_t ubuf = arg(1);
    size_t size = arg(2), used = 0;
    if (!f)
        return -EBADF;
    if (!S_ISDIR(f->inode->mode) || !f->inode->iops || !f->inode->iops->readdir)
        return -ENOTDIR;
    struct dir_entry *e = kmalloc(sizeof *e);
    char *rec = kmalloc(sizeof(struct dir_entry) + 32);
    long err = 0;
    if (!e || !rec) {
        err = -ENOMEM;
        goto out;
    }
    while (f->inode->iops->readdir(f->inode, f->pos, e)) {
        size_t namelen = strlen(e->name);
        size_t reclen = ROUND_UP(19 + namelen + 1, 8);
        if (used + reclen > size) {
            if (used == 0)
                err = -EINVAL;
            break;
        }
        memset(rec, 0, reclen);
        uint64_t off = f->pos + 1;
        uint16_t rl = (uint16_t)reclen;
        memcpy(rec, &e->ino, 8);
        memcpy(rec + 8, &off, 8);
        memcpy(rec + 16, &rl, 2);
        rec[18] = (char)e->type;
        memcpy(rec + 19, e->name, namelen + 1);
        if (copy_to_user(ubuf + used, rec, reclen) < 0) {
            err = -EFAULT;
            break;
        }
        used += reclen;
        f->pos++;
    }
out:
    kfree(e);
    kfree(rec);
    return used ? (long)used : err;
}

long sys_mkdirat(void)
{
    struct inode *dir, *ip;
    char last[NAME_MAX + 1];
    int err = parent_at(arg_int(0), arg(1), &dir, last);
    if (err)
        return err;
    if (!dir->iops->create)
        err = -EACCES;
    else if (!(err = dir->iops->create(dir, last, S_IFDIR | ((uint32_t)arg(2) & 0777 & ~022), &ip)))
        inode_put(ip);
    inode_put(dir);
    return err;
}

long sys_unlinkat(void)
{
    struct inode *dir;
    char last[NAME_MAX + 1];
    int flags = arg_int(2);
    int err = parent_at(arg_int(0), arg(1), &dir, last);
    if (err)
        return err == -EEXIST ? -EBUSY : err;
    if (strcmp(last, ".") == 0)
        err = -EINVAL;
    else if (strcmp(last, "..") == 0)
        err = -ENOTEMPTY;
    else if (!dir->iops->unlink)
        err = -EACCES;
    else
        err = dir->iops->unlink(dir, last, flags & AT_REMOVEDIR);
    inode_put(dir);
    return err;
}

#define RENAME_NOREPLACE 1

/* renameat2 (riscv64 has no plain renameat); flags 0 or RENAME_NOREPLACE. */
long sys_renameat2(void)
{
    struct inode *odir, *ndir, *clash;
    char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
    unsigned flags = (unsigned)arg(4);
    if (flags & ~RENAME_NOREPLACE)
        return -EINVAL;
    int err = parent_at(arg_int(0), arg(1), &odir, oname);
    if (err)
        return err;
    if (!(err = parent_at(arg_int(2), arg(3), &ndir, nname))) {
        if ((flags & RENAME_NOREPLACE) && (clash = ndir->iops->lookup(ndir, nname))) {
            inode_put(clash);
            err = -EEXIST;
        } else {
            err = ramfs_rename(odir, oname, ndir, nname);
        }
        inode_put(ndir);
    }
    inode_put(odir);
    return err;
}

long sys_chdir(void)
{
    struct inode *ip;
    int err = lookup_at(AT_FDCWD, arg(0), &ip);
    if (err)
        return err;
    if (!S_ISDIR(ip->mode)) {
        inode_put(ip);
        return -ENOTDIR;
    }
    set_cwd(ip);
    return 0;
}

long sys_fchdir(void)
{
    struct file *f = fd_file(arg_int(0));
    if (!f)
        return -EBADF;
    if (!S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    set_cwd(inode_get(f->inode));
    return 0;
}

/* The name under which dir's parent lists dir, found by reading the parent (the
 * caller holds a reference to parent). */
static int name_in_parent(struct inode *dir, struct inode *parent, struct dir_entry *e)
{
    for (uint64_t pos = 2; parent->iops->readdir(parent, pos, e); pos++)
        if (e->ino == dir->ino)
            return 0;
    return -ENOENT;
}

/* dir's parent, with a reference, or NULL. */
static struct inode *parent_get(struct inode *dir)
{
    ns_lock();
    struct inode *p = dir->parent ? inode_get(dir->parent) : NULL;
    ns_unlock();
    return p;
}

/* getcwd: the path from the root, built right to left. Returns its length + 1. */
long sys_getcwd(void)
{
    uint64_t ubuf = arg(0);
    size_t size = arg(1);
    char *buf = kmalloc(PATH_MAX);
    struct dir_entry *e = kmalloc(sizeof *e);
    long err = 0;
    if (!buf || !e) {
        err = -ENOMEM;
        goto out;
    }
    size_t at = PATH_MAX - 1;
    buf[at] = 0;
    struct inode *ip = cwd_get(current);
    while (ip != fs_root) {
        struct inode *parent = parent_get(ip);
        err = parent ? name_in_parent(ip, parent, e) : -ENOENT;
        size_t n = err ? 0 : strlen(e->name);
        if (!err && n + 1 > at)
            err = -ENAMETOOLONG;
        inode_put(ip);
        ip = parent;
        if (err) {
            inode_put(ip);
            goto out;
        }
        at -= n;
        memcpy(buf + at, e->name, n);
        buf[--at] = '/';
    }
    inode_put(ip);
    if (at == PATH_MAX - 1)
        buf[--at] = '/';
    size_t len = PATH_MAX - at;
    if (len > size)
        err = -ERANGE;
    else if (copy_to_user(ubuf, buf + at, len) < 0)
        err = -EFAULT;
    else
        err = (long)len;
out:
    kfree(buf);
    kfree(e);
    return err;
}

static long do_dup(struct file *f, int minfd, bool cloexec)
{
    int fd = fd_install(file_get(f), minfd, cloexec);
    if (fd < 0)
        file_put(f);
    return fd;
}

long sys_dup(void)
{
    struct file *f = fd_file(arg_int(0));
    return f ? do_dup(f, 0, false) : -EBADF;
}

long sys_dup3(void)
{
    int oldfd = arg_int(0), newfd = arg_int(1), flags = arg_int(2);
    struct file *f = fd_file(oldfd);
    if (!f)
        return -EBADF;
    if (oldfd == newfd || (flags & ~O_CLOEXEC))
        return -EINVAL;
    if (newfd < 0 || newfd >= NOFILE)
        return -EBADF;
    struct file *old = fd_replace(newfd, file_get(f), flags & O_CLOEXEC);
    if (old)
        file_put(old);
    return newfd;
}

long sys_fcntl(void)
{
    int fd = arg_int(0), cmd = arg_int(1);
    uint64_t a = arg(2);
    struct file *f = fd_file(fd);
    if (!f)
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (a >= NOFILE)
            return -EINVAL;
        return do_dup(f, (int)a, cmd == F_DUPFD_CLOEXEC);
    case F_GETFD:
        return fd_cloexec(fd, -1) ? FD_CLOEXEC : 0;
    case F_SETFD:
        fd_cloexec(fd, (a & FD_CLOEXEC) != 0);
        return 0;
    case F_GETFL:
        return f->flags;
    case F_SETFL:
        f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (a & (O_APPEND | O_NONBLOCK));
        return 0;
    }
    return -EINVAL;
}

long sys_pipe2(void)
{
    int flags = arg_int(1);
    struct file *rf, *wf;
    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    int err = pipe_create(&rf, &wf);
    if (err)
        return err;
    rf->flags |= flags & O_NONBLOCK;
    wf->flags |= flags & O_NONBLOCK;
    int fds[2];
    fds[0] = fd_install(rf, 0, flags & O_CLOEXEC);
    fds[1] = fds[0] < 0 ? -EMFILE : fd_install(wf, 0, flags & O_CLOEXEC);
    if (fds[1] < 0 || copy_to_user(arg(0), fds, sizeof fds) < 0) {
        err = fds[1] < 0 ? -EMFILE : -EFAULT;
        if (fds[0] >= 0)
            fd_close(fds[0]);
        if (fds[1] >= 0)
            fd_close(fds[1]);
        file_put(rf);
        file_put(wf);
        return err;
    }
    return 0;
}

long sys_ioctl(void)
{
    struct file *f = fd_file(arg_int(0));
    if (!f)
        return -EBADF;
    if (!f->ops || !f->ops->ioctl)
        return -ENOTTY;
    return f->ops->ioctl(f, (unsigned long)arg(1) & 0xffffffff, arg(2));
}

long sys_ftruncate(void)
{
    long err;
    struct file *f = writable(arg_int(0), &err);
    if (!f)
        return err;
    if (!S_ISREG(f->inode->mode))
        return -EINVAL;
    if ((int64_t)arg(1) < 0)
        return -EINVAL;
    return inode_truncate(f->inode, arg(1));
}

long sys_umask(void)
{
    return 022;
}

long sys_fchmodat(void)
{
    struct inode *ip;
    int err = lookup_at(arg_int(0), arg(1), &ip);
    if (err)
        return err;
    ip->mode = (ip->mode & S_IFMT) | ((uint32_t)arg(2) & 07777);
    inode_put(ip);
    return 0;
}

#define UTIME_NOW  ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

/* utimensat(dirfd, path, times, flags): sets the modification time (the only one a
 * ramfs inode keeps) to times[1], or to now when times is NULL or says UTIME_NOW.
 * A NULL path means dirfd itself, as futimens. */
long sys_utimensat(void)
{
    int64_t ts[4];
    uint64_t now = realtime_ns(), mtime = now;
    if (arg(2)) {
        if (copy_from_user(ts, arg(2), sizeof ts) < 0)
            return -EFAULT;
        for (int i = 1; i < 4; i += 2)
            if (ts[i] != UTIME_NOW && ts[i] != UTIME_OMIT && (ts[i] < 0 || ts[i] >= 1000000000))
                return -EINVAL;
        if (ts[3] == UTIME_OMIT)
            mtime = 0;
        else if (ts[3] != UTIME_NOW)
            mtime = (uint64_t)ts[2] * 1000000000 + (uint64_t)ts[3];
    }
    struct inode *ip;
    if (!arg(1)) {
        struct file *f = fd_file(arg_int(0));
        if (!f)
            return -EBADF;
        ip = inode_get(f->inode);
    } else {
        int err = lookup_at(arg_int(0), arg(1), &ip);
        if (err)
            return err;
    }
    if (mtime)
        ip->mtime_ns = mtime;
    inode_put(ip);
    return 0;
}
