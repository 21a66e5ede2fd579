/* namei.c — path name lookup: walks a path component by component from the root (if
 * it starts with '/') or from a starting directory, handling "." and "..". */
#include "fs.h"

/* Copies the next component of *path into name and advances past it; 0 at the end. */
static int next_component(const char **path, char *name)
{
    const char *p = *path;
    while (*p == '/')
        p++;
    if (!*p)
        return 0;
    const char *start = p;
    while (*p && *p != '/')
        p++;
    size_t len = p - start;
    if (len > NAME_MAX)
        return -ENAMETOOLONG;
    memcpy(name, start, len);
    name[len] = 0;
    *path = p;
    return 1;
}

/* The child of dir called name, with a reference. */
static int step(struct inode *dir, const char *name, struct inode **out)
{
    if (!S_ISDIR(dir->mode) || !dir->iops)
        return -ENOTDIR;
    if (strcmp(name, ".") == 0) {
        *out = inode_get(dir);
        return 0;
    }
    if (strcmp(name, "..") == 0) {
        ns_lock();                      /* rename moves directories */
        *out = inode_get(dir->parent ? dir->parent : dir);
        ns_unlock();
        return 0;
    }
    *out = dir->iops->lookup(dir, name);
    return *out ? 0 : -ENOENT;
}

/* Resolves path to an inode (with a reference). */
int path_lookup(struct inode *start, const char *path, struct inode **out)
{
    char name[NAME_MAX + 1];
    if (!*path)
        return -ENOENT;
    struct inode *ip = inode_get(*path == '/' ? fs_root : start);
    int r;
    while ((r = next_component(&path, name)) > 0) {
        struct inode *next;
        int err = step(ip, name, &next);
        inode_put(ip);
        if (err)
            return err;
        ip = next;
    }
    if (r < 0) {
        inode_put(ip);
        return r;
    }
    *out = ip;
    return 0;
}

/* Resolves all but the last component: *dir gets the parent (with a reference) and
 * last its final name. A path ending in "/" or naming the root has no last name. */
int path_parent(struct inode *start, const char *path, struct inode **dir, char *last)
{
    char name[NAME_MAX + 1];
    if (!*path)
        return -ENOENT;
    struct inode *ip = inode_get(*path == '/' ? fs_root : start);
    last[0] = 0;
    int r = next_component(&path, last);
    while (r > 0) {
        r = next_component(&path, name);
        if (r <= 0)
            break;
        struct inode *next;
        int err = step(ip, last, &next);
        inode_put(ip);
        if (err)
            return err;
        ip = next;
        memcpy(last, name, strlen(name) + 1);
    }
    if (r < 0 || !last[0]) {
        inode_put(ip);
        return r < 0 ? r : -EEXIST;
    }
    if (!S_ISDIR(ip->mode) || !ip->iops) {
        inode_put(ip);
        return -ENOTDIR;
    }
    *dir = ip;
    return 0;
}

/* mkdir -p from the root; *out gets the last directory with a reference. */
int path_mkdirs(const char *path, uint32_t mode, struct inode **out)
{
    char name[NAME_MAX + 1];
    struct inode *ip = inode_get(fs_root);
    int r;
    while ((r = next_component(&path, name)) > 0) {
        struct inode *next;
        int err = step(ip, name, &next);
        if (err == -ENOENT && !ip->iops->create)
            err = -EPERM;
        else if (err == -ENOENT)
            err = ip->iops->create(ip, name, S_IFDIR | (mode & 07777), &next);
        inode_put(ip);
        if (err)
            return err;
        if (!S_ISDIR(next->mode)) {
            inode_put(next);
            return -ENOTDIR;
        }
        ip = next;
    }
    if (r < 0) {
        inode_put(ip);
        return r;
    }
    *out = ip;
    return 0;
}
