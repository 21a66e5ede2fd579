/* futex.c — fast user-space locking (Linux's futex(2)): a thread that finds a lock
 * word taken sleeps in the kernel until another wakes the word. A word is known by
 * its key: the address space and address for private memory (and for every
 * FUTEX_PRIVATE_FLAG call), the file and offset for a shared mapping, so processes
 * sharing a page meet on it. Waiters sit in one of 64 hash buckets, each with a mutex
 * held while the word is read and the waiter queued, so a wake that follows a change
 * of the word cannot fall between the waiter's look and its sleep. */
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "syscall.h"
#include "timer.h"

#define FUTEX_WAIT            0
#define FUTEX_WAKE            1
#define FUTEX_REQUEUE         3
#define FUTEX_CMP_REQUEUE     4
#define FUTEX_WAIT_BITSET     9
#define FUTEX_WAKE_BITSET     10
#define FUTEX_PRIVATE_FLAG    128
#define FUTEX_CLOCK_REALTIME  256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

struct futex_key {
    const void *base;          /* an mm (private) or an inode (shared) */
    uint64_t offset;           /* the address, or the offset in the file */
    bool shared;               /* base is an inode, and the key holds a reference */
};

struct futex_q {
    struct list_head link;
    struct futex_key key;
    uint32_t bitset;
    struct task *task;
    bool woken;
};

#define FUTEX_BUCKETS 64

static struct futex_bucket {
    struct mutex lock;
    struct list_head waiters;  /* struct futex_q */
} buckets[FUTEX_BUCKETS];


void futex_init(void)
{
    for (int i = 0; i < FUTEX_BUCKETS; i++) {
        mutex_init(&buckets[i].lock, "futex");
        list_init(&buckets[i].waiters);
    }
}

static struct futex_bucket *bucket_of(const struct futex_key *k)
{
    uint64_t h = ((uint64_t)k->base >> 6) ^ (k->offset >> 2) ^ (k->offset >> 12);
    return &buckets[(h ^ (h >> 7)) % FUTEX_BUCKETS];
}

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
    return a->base == b->base && a->offset == b->offset;
}

/* The key of the word at uaddr: -EINVAL if misaligned, -EFAULT if not mapped. A
 * shared key holds a reference to its inode (key_put drops it). */
static int get_key(uint64_t uaddr, bool private, struct futex_key *k)
{
    if (uaddr & 3)
        return -EINVAL;
    struct mm *mm = current->mm;
    k->base = mm;
    k->offset = uaddr;
    k->shared = false;
    if (private)
        return 0;
    mutex_lock(&mm->lock);
    struct vma *v = vma_find(mm, uaddr);
    int err = v && uaddr >= v->start ? 0 : -EFAULT;
    if (!err && (v->flags & VM_SHARED) && v->file) {
        k->base = inode_get(v->file);
        k->shared = true;
        k->offset = (v->pgoff << PAGE_SHIFT) + (uaddr - v->start);
    }
    mutex_unlock(&mm->lock);
    return err;
}

static void key_put(struct futex_key *k)
{
    if (k->shared)
        inode_put((struct inode *)k->base);
    k->shared = false;
}

/* Wakes up to n waiters on k whose bitset meets bitset; the number woken. */
static long wake_key(const struct futex_key *k, int n, uint32_t bitset)
{
    struct futex_bucket *b = bucket_of(k);
    long woken = 0;
    mutex_lock(&b->lock);
    struct list_head *l, *next;
    for (l = b->waiters.next; l != &b->waiters && woken < n; l = next) {
        next = l->next;
        struct futex_q *q = list_entry(l, struct futex_q, link);
        if (!key_eq(&q->key, k) || !(q->bitset & bitset))
            continue;
        list_del(&q->link);
        q->woken = true;
        wake_task(q->task);
        woken++;
    }
    mutex_unlock(&b->lock);
    return woken;
}

/* Thread exit (CLONE_CHILD_CLEARTID): wakes n waiters on the word at uaddr of mm,
 * which is current's (private and shared keys alike, as pthread_join's). */
void futex_wake_addr(struct mm *mm, uint64_t uaddr, int n)
{
    (void)mm;
    struct futex_key k;
    if (get_key(uaddr, false, &k) == 0) {
        wake_key(&k, n, FUTEX_BITSET_MATCH_ANY);
        key_put(&k);
    }
}

/* Sleeps on k while *uaddr == val, until a wake, a signal (-EINTR) or the deadline
 * in uptime nanoseconds (-ETIMEDOUT; 0: none). -EAGAIN if the word had changed. */
static long futex_wait(uint64_t uaddr, struct futex_key *k, uint32_t val, uint32_t bitset,
                       uint64_t deadline)
{
    struct futex_bucket *b = bucket_of(k);
    struct futex_q q = { .key = *k, .bitset = bitset, .task = current };
    q.key.shared = false;          /* the caller's key keeps the reference */
    uint32_t cur;
    mutex_lock(&b->lock);
    if (copy_from_user(&cur, uaddr, sizeof cur) < 0) {
        mutex_unlock(&b->lock);
        return -EFAULT;
    }
    if (cur != val) {
        mutex_unlock(&b->lock);
        return -EAGAIN;
    }
    list_add_tail(&q.link, &b->waiters);
    cpu_stats()->nr_futex_wait++;
    long r;
    for (;;) {
        /* Asleep before the bucket is let go: a wake after that finds us queued and
         * makes schedule() return at once. The tick wakes a sleeper with a deadline. */
        spin_lock(&sched_lock);
        current->chan = deadline ? (void *)&ticks : (void *)&q;
        current->state = TASK_SLEEPING;
        spin_unlock(&sched_lock);
        mutex_unlock(&b->lock);
        schedule();
        current->chan = NULL;
        /* A requeue may have moved us to another bucket: lock the one we are in. */
        for (;;) {
            b = bucket_of(&q.key);
            mutex_lock(&b->lock);
            if (b == bucket_of(&q.key))
                break;
            mutex_unlock(&b->lock);
        }
        if (q.woken) {
            r = 0;
            break;
        }
        if (signal_pending(current)) {
            r = -EINTR;
            break;
        }
        if (deadline && uptime_ns() >= deadline) {
            r = -ETIMEDOUT;
            break;
        }
    }
    if (!q.woken)
        list_del(&q.link);
    mutex_unlock(&b->lock);
    return r;
}

/* Moves up to n2 waiters on k1 to k2 after waking n1 (FUTEX_REQUEUE, and with
 * FUTEX_CMP_REQUEUE only while *uaddr == val). Both buckets are locked in address
 * order. */
static long futex_requeue(uint64_t uaddr, struct futex_key *k1, struct futex_key *k2,
                          int n1, int n2, bool cmp, uint32_t val)
{
    struct futex_bucket *b1 = bucket_of(k1), *b2 = bucket_of(k2);
    struct futex_bucket *lo = b1 < b2 ? b1 : b2, *hi = b1 < b2 ? b2 : b1;
    mutex_lock(&lo->lock);
    if (hi != lo)
        mutex_lock(&hi->lock);
    long r = 0;
    uint32_t cur;
    if (cmp && copy_from_user(&cur, uaddr, sizeof cur) < 0)
        r = -EFAULT;
    else if (cmp && cur != val)
        r = -EAGAIN;
    else {
        struct list_head *l, *next;
        int requeued = 0;
        for (l = b1->waiters.next; l != &b1->waiters; l = next) {
            next = l->next;
            struct futex_q *q = list_entry(l, struct futex_q, link);
            if (!key_eq(&q->key, k1))
                continue;
            if (r < n1) {
                list_del(&q->link);
                q->woken = true;
                wake_task(q->task);
                r++;
            } else if (requeued < n2) {
                list_del(&q->link);
                q->key = *k2;
                list_add_tail(&q->link, &b2->waiters);
                requeued++;
            } else {
                break;
            }
        }
        r += requeued;
    }
    if (hi != lo)
        mutex_unlock(&hi->lock);
    mutex_unlock(&lo->lock);
    return r;
}

struct timespec64 {
    int64_t tv_sec, tv_nsec;
};

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3). */
long sys_futex(void)
{
    uint64_t uaddr = arg(0), utime = arg(3), uaddr2 = arg(4);
    int op = arg_int(1);
    uint32_t val = (uint32_t)arg(2), val3 = (uint32_t)arg(5);
    int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    bool private = op & FUTEX_PRIVATE_FLAG;
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
        return -ENOSYS;
    struct futex_key k, k2;
    long r = get_key(uaddr, private, &k);
    if (r)
        return r;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
        uint32_t bitset = cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3;
        uint64_t deadline = 0;
        if (!bitset) {
            r = -EINVAL;
            break;
        }
        if (utime) {
            struct timespec64 ts;
            if (copy_from_user(&ts, utime, sizeof ts) < 0) {
                r = -EFAULT;
                break;
            }
            if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) {
                r = -EINVAL;
                break;
            }
            uint64_t ns = ts.tv_sec >= INT64_MAX / 1000000000 ? (uint64_t)INT64_MAX
                          : (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
            uint64_t now = uptime_ns();
            if (cmd == FUTEX_WAIT)                  /* relative */
                deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
            else if (op & FUTEX_CLOCK_REALTIME) {   /* absolute, on the wall clock */
                uint64_t real = realtime_ns();
                deadline = ns > real ? now + (ns - real) : now;
            } else                                  /* absolute, CLOCK_MONOTONIC */
                deadline = ns;
            if (!deadline)
                deadline = 1;
        }
        r = futex_wait(uaddr, &k, val, bitset, deadline);
        break;
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        if (cmd == FUTEX_WAKE_BITSET && !val3) {
            r = -EINVAL;
            break;
        }
        cpu_stats()->nr_futex_wake++;
        r = wake_key(&k, (int)MIN(val, (uint32_t)INT32_MAX),
                     cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3);
        break;
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
        if ((r = get_key(uaddr2, private, &k2)))
            break;
        r = futex_requeue(uaddr, &k, &k2, (int)MIN(val, (uint32_t)INT32_MAX),
                          (int)MIN(utime, (uint64_t)INT32_MAX), cmd == FUTEX_CMP_REQUEUE, val3);
        key_put(&k2);
        break;
    default:
        r = -ENOSYS;
    }
    key_put(&k);
    return r;
}
