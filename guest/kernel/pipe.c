/* pipe.c — pipes: a one-page ring buffer between a read end and a write end. Readers
 * sleep while it is empty and writers remain; writers sleep while it is full. Writing
 * with no reader left raises SIGPIPE and fails with EPIPE. */
#include "fs.h"
#include "page.h"
#include "proc.h"
#include "mm.h"

struct pipe {
    char *buf;                 /* PIPE_SIZE bytes */
    uint64_t nread, nwrite;    /* bytes ever read / written: the ring positions */
    int readers, writers;
};

static const struct file_ops pipe_fops;

static ssize_t pipe_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->inode->priv;
    (void)pos;
    while (p->nread == p->nwrite) {
        if (p->writers == 0 || n == 0)
            return 0;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (signal_pending(current))
            return -EINTR;
        sleep_on(&p->nread);
    }
    size_t done = 0;
    while (done < n && p->nread != p->nwrite) {
        size_t at = p->nread % PIPE_SIZE;
        size_t chunk = MIN(n - done, MIN(p->nwrite - p->nread, PIPE_SIZE - at));
        if (copy_to_user(ubuf + done, p->buf + at, chunk) < 0)
            break;
        p->nread += chunk;
        done += chunk;
    }
    wakeup(&p->nwrite);
    return done ? (ssize_t)done : -EFAULT;
}

static ssize_t pipe_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->inode->priv;
    (void)pos;
    size_t done = 0;
    while (done < n) {
        if (p->readers == 0) {
            send_signal(current, SIGPIPE);
            return done ? (ssize_t)done : -EPIPE;
        }
        if (p->nwrite - p->nread == PIPE_SIZE) {
            wakeup(&p->nread);
            if (f->flags & O_NONBLOCK)
                return done ? (ssize_t)done : -EAGAIN;
            if (signal_pending(current))
                return done ? (ssize_t)done : -EINTR;
            sleep_on(&p->nwrite);
            continue;
        }
        size_t at = p->nwrite % PIPE_SIZE;
        size_t room = PIPE_SIZE - (p->nwrite - p->nread);
        size_t chunk = MIN(n - done, MIN(room, PIPE_SIZE - at));
        if (copy_from_user(p->buf + at, ubuf + done, chunk) < 0)
            return done ? (ssize_t)done : -EFAULT;
        p->nwrite += chunk;
        done += chunk;
    }
    wakeup(&p->nread);
    return (ssize_t)done;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->inode->priv;
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        p->readers--;
    else
        p->writers--;
    wakeup(&p->nread);
    wakeup(&p->nwrite);
    if (p->readers == 0 && p->writers == 0) {
        free_pages(virt_to_page(p->buf), 0);
        kfree(p);
        f->inode->priv = NULL;
    }
}

static const struct file_ops pipe_fops = {
    .read = pipe_read,
    .write = pipe_write,
    .release = pipe_release,
};

/* A new pipe: *rf reads, *wf writes. Both share one unnamed FIFO inode. */
int pipe_create(struct file **rf, struct file **wf)
{
    struct pipe *p = kzalloc(sizeof *p);
    struct inode *ip = inode_alloc(S_IFIFO | 0600);
    struct page *pg = alloc_page(OWNER_PIPE);
    if (!p || !ip || !pg)
        goto fail;
    p->buf = page_address(pg);
    ip->priv = p;
    ip->fops = &pipe_fops;
    *rf = file_alloc(ip, O_RDONLY);
    *wf = *rf ? file_alloc(ip, O_WRONLY) : NULL;
    if (!*wf) {
        if (*rf) {
            (*rf)->ops = NULL;
            file_put(*rf);
        }
        goto fail;
    }
    p->readers = p->writers = 1;
    inode_put(ip);                   /* the files hold it now */
    return 0;
fail:
    if (pg)
        free_pages(pg, 0);
    kfree(p);
    if (ip)
        inode_put(ip);
    return -ENOMEM;
}
