/* devices.c — the character devices in /dev: console (and tty, the same terminal),
 * null and zero. Device numbers are Linux's. */
#include "fs.h"
#include "mm.h"
#include "tty.h"

static ssize_t null_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return 0;
}

static ssize_t null_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)ubuf, (void)pos;
    return (ssize_t)n;
}

static ssize_t zero_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)pos;
    return clear_user(ubuf, n) < 0 ? -EFAULT : (ssize_t)n;
}

static const struct file_ops null_fops = { .read = null_read, .write = null_write };
static const struct file_ops zero_fops = { .read = zero_read, .write = null_write };

static void make_device(struct inode *dev, const char *name, uint32_t rdev,
                        const struct file_ops *fops)
{
    struct inode *ip = inode_alloc(S_IFCHR | 0666);
    if (!ip || ramfs_link_inode(dev, name, ip) < 0)
        panic("devices: cannot create /dev/%s", name);
    ip->rdev = rdev;
    ip->fops = fops;
    inode_put(ip);
}

void devices_init(void)
{
    struct inode *dev;
    if (path_mkdirs("/dev", 0755, &dev) < 0)
        panic("devices: cannot create /dev");
    make_device(dev, "console", 5 << 8 | 1, &console_fops);
    make_device(dev, "tty", 5 << 8 | 0, &console_fops);
    make_device(dev, "null", 1 << 8 | 3, &null_fops);
    make_device(dev, "zero", 1 << 8 | 5, &zero_fops);
    inode_put(dev);
}
