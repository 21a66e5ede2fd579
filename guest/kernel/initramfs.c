/* initramfs.c — unpacks cpio "newc" archives into the root filesystem, as Linux does:
 * several archives may follow one another (with zero padding between them), and a
 * later file of the same name replaces an earlier one. Directories and regular files
 * are created; device nodes and symbolic links are skipped with a message. */
#include "fs.h"

#define NEWC_HEADER 110

/* One eight-digit hex field of the header. */
static int hex_field(const uint8_t *h, int index, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        char c = (char)h[6 + 8 * index + i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
                c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 0;
}

static int make_file(const char *path, uint32_t mode, const uint8_t *data, uint32_t size)
{
    struct inode *dir, *ip;
    char last[NAME_MAX + 1];
    int err = path_parent(fs_root, path, &dir, last);
    if (err)
        return err;
    ip = dir->iops->lookup(dir, last);
    if (ip && !S_ISREG(ip->mode)) {
        inode_put(ip);
        inode_put(dir);
        return -EEXIST;
    }
    if (!ip)
        err = dir->iops->create(dir, last, S_IFREG | (mode & 07777), &ip);
    inode_put(dir);
    if (err)
        return err;
    ip->mode = S_IFREG | (mode & 07777);
    inode_truncate(ip, 0);                       /* a later archive replaces it */
    ssize_t n = inode_write_kernel(ip, data, 0, size);
    inode_put(ip);
    return n == (ssize_t)size ? 0 : -ENOSPC;
}

static int make_entry(const char *name, uint32_t mode, const uint8_t *data, uint32_t size)
{
    if (strcmp(name, ".") == 0)
        return 0;
    if (S_ISDIR(mode)) {
        struct inode *ip;
        int err = path_mkdirs(name, mode, &ip);
        if (!err)
            inode_put(ip);
        return err;
    }
    if (S_ISREG(mode))
        return make_file(name, mode, data, size);
    printk("initramfs: skipping %s (mode %o)\n", name, mode);
    return 0;
}

/* Unpacks every archive in [start, start+len). 0, or a negative errno. */
int initramfs_unpack(const uint8_t *start, size_t len)
{
    const uint8_t *p = start, *end = start + len;
    int files = 0;
    while (p + NEWC_HEADER <= end) {
        if (*p == 0) {                           /* padding between archives */
            p++;
            continue;
        }
        if (memcmp(p, "070701", 6) != 0 && memcmp(p, "070702", 6) != 0) {
            printk("initramfs: bad magic at offset %lu\n", (uint64_t)(p - start));
            return -EINVAL;
        }
        uint32_t mode, filesize, namesize;
        if (hex_field(p, 1, &mode) || hex_field(p, 6, &filesize) || hex_field(p, 11, &namesize))
            return -EINVAL;
        const char *name = (const char *)p + NEWC_HEADER;
        const uint8_t *data = p + ROUND_UP(NEWC_HEADER + namesize, 4);
        if (namesize == 0 || data > end || data + filesize > end || name[namesize - 1] != 0)
            return -EINVAL;
        p = data + ROUND_UP(filesize, 4);
        if (strcmp(name, "TRAILER!!!") == 0)
            continue;
        int err = make_entry(name, mode, data, filesize);
        if (err)
            printk("initramfs: %s: error %d\n", name, -err);
        files++;
    }
    printk("initramfs: unpacked %d entries\n", files);
    return 0;
}
