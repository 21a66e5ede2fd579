/* pipe.c — pipes: a one-page ring buffer between a read end and a write end, guarded
 * by the pipe's mutex, which a reader or writer holds across its copy from or to user
 * memory (that copy may fault and sleep). Readers sleep while it is empty and writers
 * remain; writers sleep while it is full. A write of at most PIPE_BUF bytes waits
 * until there is room for all of it and goes in whole, never mixed with another's
 * (POSIX); a larger one may be split. Writing with no reader left raises SIGPIPE and
 * fails with EPIPE. */
#include "fs.h"
#include "page.h"
#include "proc.h"
#include "mm.h"

#define PIPE_BUF PIPE_SIZE             /* writes up to this size are atomic */

struct pipe {
    struct mutex mutex;                /* all below, and the buffer's bytes */
    struct wait_queue rd_wait;         /* readers waiting for data */
    struct wait_queue wr_wait;         /* writers waiting for room */
    char *buf;                         /* PIPE_SIZE bytes, zeroed when allocated */
    uint64_t nread, nwrite;            /* bytes ever read / written: the ring positions */
    int readers, writers;
};

static const struct file_ops pipe_fops;

/* With the mutex held: lets it go, sleeps on wq until woken (or a signal), takes it
 * again. -EINTR if SIGKILL came meanwhile (the mutex is then not held). */
static int pipe_wait(struct pipe *p, struct wait_queue *wq)
{
    struct wait_entry w;
    wait_entry_init(&w);
    prepare_to_wait(wq, &w);
    mutex_unlock(&p->mutex);
    schedule();
    finish_wait(wq, &w);
    return mutex_lock_killable(&p->mutex);
}

/* Wakes whoever waits on wq (one of the pipe's queues), with the mutex held: every
 * sleeper queued itself under it (pipe_wait), so an empty queue is told without its
 * lock. */
static void pipe_wake(struct wait_queue *wq)
{
    if (wait_queue_active(wq))
        wake_up(wq);
}

static ssize_t pipe_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->inode->priv;
    (void)pos;
    if (n == 0)
        return 0;
    if (mutex_lock_killable(&p->mutex))
        return -EINTR;
    while (p->nread == p->nwrite) {
        ssize_t r = p->writers == 0 ? 0 : (f->flags & O_NONBLOCK) ? -EAGAIN :
                    signal_pending(current) ? -EINTR : 1;
        if (r != 1) {
            mutex_unlock(&p->mutex);
            return r;
        }
        if (pipe_wait(p, &p->rd_wait) < 0)
            return -EINTR;
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
    pipe_wake(&p->wr_wait);
    mutex_unlock(&p->mutex);
    return done ? (ssize_t)done : -EFAULT;
}

static ssize_t pipe_write(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->inode->priv;
    (void)pos;
    if (n == 0)
        return 0;
    if (mutex_lock_killable(&p->mutex))
        return -EINTR;
    bool atomic = n <= PIPE_BUF;
    size_t done = 0;
    ssize_t err = 0;
    while (done < n) {
        if (p->readers == 0) {
            send_signal(current, SIGPIPE);
            err = -EPIPE;
            break;
        }
        size_t room = PIPE_SIZE - (p->nwrite - p->nread);
        if (room == 0 || (atomic && room < n - done)) {
            pipe_wake(&p->rd_wait);
            err = (f->flags & O_NONBLOCK) ? -EAGAIN : signal_pending(current) ? -EINTR : 0;
            if (err)
                break;
            if (pipe_wait(p, &p->wr_wait) < 0)
                return done ? (ssize_t)done : -EINTR;
            continue;
        }
        size_t at = p->nwrite % PIPE_SIZE;
        size_t chunk = MIN(n - done, MIN(room, PIPE_SIZE - at));
        if (copy_from_user(p->buf + at, ubuf + done, chunk) < 0) {
            err = -EFAULT;
            break;
        }
        p->nwrite += chunk;
        done += chunk;
    }
    pipe_wake(&p->rd_wait);
    mutex_unlock(&p->mutex);
    return done ? (ssize_t)done : err;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->inode->priv;
    mutex_lock(&p->mutex);
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        p->readers--;
    else
        p->writers--;
    bool last = p->readers == 0 && p->writers == 0;
    pipe_wake(&p->rd_wait);
    pipe_wake(&p->wr_wait);
    mutex_unlock(&p->mutex);
    if (last) {                        /* no file left: nobody else can be here */
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
    memset(p->buf, 0, PIPE_SIZE);        /* no earlier owner's bytes, whatever happens */
    mutex_init(&p->mutex, "pipe");
    wait_queue_init(&p->rd_wait, "pipe readers");
    wait_queue_init(&p->wr_wait, "pipe writers");
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
