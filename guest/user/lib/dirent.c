/* dirent.c — directory streams: opendir/readdir over getdents64. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "libc_internal.h"

#define DIRBUF 2048

struct __dirstream {
    int fd;
    int pos, len;            /* within buf */
    struct dirent ent;
    char buf[DIRBUF];
};

DIR *fdopendir(int fd)
{
    DIR *d = malloc(sizeof *d);
    if (!d)
        return NULL;
    d->fd = fd;
    d->pos = d->len = 0;
    return d;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (!d)
        close(fd);
    return d;
}

struct dirent *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        long n = __syscall3(SYS_getdents64, d->fd, d->buf, DIRBUF);
        if (n <= 0) {
            if (n < 0)
                errno = (int)-n;
            return NULL;
        }
        d->len = (int)n;
        d->pos = 0;
    }
    /* linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, name */
    char *rec = d->buf + d->pos;
    unsigned short reclen = *(unsigned short *)(rec + 16);
    d->ent.d_ino = *(unsigned long *)rec;
    d->ent.d_off = *(long *)(rec + 8);
    d->ent.d_reclen = reclen;
    d->ent.d_type = (unsigned char)rec[18];
    size_t i = 0;
    for (; rec[19 + i] && i < sizeof d->ent.d_name - 1; i++)
        d->ent.d_name[i] = rec[19 + i];
    d->ent.d_name[i] = 0;
    d->pos += reclen;
    return &d->ent;
}

void rewinddir(DIR *d)
{
    lseek(d->fd, 0, SEEK_SET);
    d->pos = d->len = 0;
}

int dirfd(DIR *d)
{
    return d->fd;
}

int closedir(DIR *d)
{
    int r = close(d->fd);
    free(d);
    return r;
}
