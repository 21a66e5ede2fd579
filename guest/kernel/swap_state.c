/* swap_state.c — the swap cache, swap I/O and swap-in. The swap cache is a hash from
 * swap entry to frame. A frame is in it while it and its slot belong together: being
 * written out, just read in, or mapped again by some PTEs while others still hold the
 * entry (pages shared after fork). While it is there, a fault on any of those entries
 * finds the frame instead of reading the disk (a minor fault), and a frame whose copy
 * in the slot is still valid (PG_DIRTY clear, no PTE's D bit set) can be dropped
 * without writing. Swap I/O is asynchronous: the frame is locked (PG_LOCKED) until the
 * disk interrupt, and whoever needs it sleeps on it (on one of a few wait queues
 * hashed by frame, as Linux's page wait table), so a faulting process sleeps on the
 * disk while others run. swap_cache_lock guards the hash. */
#include "blk.h"
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "swap.h"
#include "trace.h"

#define SWAP_CACHE_BUCKETS 1024

static struct page *swap_cache[SWAP_CACHE_BUCKETS];
static struct spinlock swap_cache_lock = SPINLOCK_INIT("swap cache");
static uint64_t swapcache_pages;
uint64_t swap_readahead_pages;       /* slots read after a missed one (swap_readahead=N) */

static struct page **bucket(swp_entry_t e)
{
    uint64_t h = swp_offset(e) * 0x9e3779b97f4a7c15UL + swp_type(e);
    return &swap_cache[(h >> 32) % SWAP_CACHE_BUCKETS];
}

/* Whether the current context may sleep on swap I/O and reclaim: a task, and not
 * one in swapoff (which polls). */
bool swap_may_sleep(void)
{
    return !current->is_idle && !current->swap_polled;
}

uint64_t nr_swapcache_pages(void)
{
    return swapcache_pages;
}

/* pg joins the swap cache for e (whose SWAP_HAS_CACHE the caller has set); the cache
 * holds a reference. */
void add_to_swap_cache(struct page *pg, swp_entry_t e)
{
    assert(!(pg->flags & PG_SWAPCACHE));
    get_page(pg);
    spin_lock(&swap_cache_lock);
    set_page_flag(pg, PG_SWAPCACHE);
    pg->private = e.val;
    struct page **b = bucket(e);
    pg->hash_next = *b;
    *b = pg;
    swapcache_pages++;
    spin_unlock(&swap_cache_lock);
}

/* Takes pg out of the hash (swap_cache_lock held); returns the entry it had. */
static swp_entry_t unhash(struct page *pg)
{
    swp_entry_t e = { pg->private };
    struct page **p = bucket(e);
    while (*p != pg)
        p = &(*p)->hash_next;
    *p = pg->hash_next;
    pg->hash_next = NULL;
    clear_page_flag(pg, PG_SWAPCACHE);
    pg->private = 0;
    swapcache_pages--;
    return e;
}

/* After unhash: the slot is released if no PTE holds it any more, and the cache's
 * reference goes. */
static void unhashed(struct page *pg, swp_entry_t e)
{
    swapcache_free(e);
    put_page(pg);
}

/* pg leaves the swap cache: the slot is released if no PTE holds it any more. */
void delete_from_swap_cache(struct page *pg)
{
    spin_lock(&swap_cache_lock);
    swp_entry_t e = unhash(pg);
    spin_unlock(&swap_cache_lock);
    unhashed(pg, e);
}

/* Reclaim's last step: pg leaves the swap cache only if nobody but the cache and the
 * caller holds it and it is clean, checked under swap_cache_lock, which every lookup
 * takes (the page is mapped nowhere: a new reference can only come from a lookup). */
bool delete_from_swap_cache_if_idle(struct page *pg)
{
    spin_lock(&swap_cache_lock);
    bool idle = (pg->flags & PG_SWAPCACHE) && !(pg->flags & (PG_DIRTY | PG_LOCKED)) &&
                page_count(pg) == 2;
    swp_entry_t e = { 0 };
    if (idle)
        e = unhash(pg);
    spin_unlock(&swap_cache_lock);
    if (idle)
        unhashed(pg, e);
    return idle;
}

static struct page *find_swap_cache(swp_entry_t e)
{
    for (struct page *pg = *bucket(e); pg; pg = pg->hash_next)
        if (pg->private == e.val)
            return pg;
    return NULL;
}

/* The frame caching e, with a reference, or NULL. */
struct page *lookup_swap_cache(swp_entry_t e)
{
    spin_lock(&swap_cache_lock);
    struct page *pg = find_swap_cache(e);
    if (pg)
        get_page(pg);
    spin_unlock(&swap_cache_lock);
    return pg;
}

/* Gives an anonymous frame a slot (it joins the swap cache, with no valid copy there
 * yet); false if swap is full or absent. */
bool add_to_swap(struct page *pg)
{
    swp_entry_t e = get_swap_page();
    if (!e.val)
        return false;
    add_to_swap_cache(pg, e);
    set_page_flag(pg, PG_DIRTY);
    return true;
}

/* A PTE holding e goes away (munmap, exit): the slot loses a reference, and a cached
 * frame that nothing else uses goes too. */
void free_swap_and_cache(swp_entry_t e)
{
    swap_free(e);
    if (swap_count(e))
        return;
    spin_lock(&swap_cache_lock);
    struct page *pg = find_swap_cache(e);
    bool drop = pg && !(pg->flags & PG_LOCKED) && page_count(pg) == 1;
    if (drop)
        unhash(pg);
    spin_unlock(&swap_cache_lock);
    if (drop)
        unhashed(pg, e);
}

/* Whether pg is in the swap cache, not under I/O, held by the cache and refs others,
 * and no PTE holds its slot; if so it leaves the cache's hash (swap_cache_lock is
 * taken here) and *e is its entry. A frame not in the cache is told without the lock
 * (as Linux's free_swap_cache does): PG_SWAPCACHE changes only under it, so the flag
 * read is the locked test's answer at that moment, and a frame that joins the cache
 * just after, by a reclaimer that isolated it, is that reclaimer's to drop. */
static bool unhash_if_unused(struct page *pg, int refs, swp_entry_t *e)
{
    if (!(__atomic_load_n(&pg->flags, __ATOMIC_RELAXED) & PG_SWAPCACHE))
        return false;
    spin_lock(&swap_cache_lock);
    bool drop = (pg->flags & PG_SWAPCACHE) && !(pg->flags & PG_LOCKED) && page_count(pg) == refs &&
                swap_count((swp_entry_t){ pg->private }) == 0;
    if (drop)
        *e = unhash(pg);
    spin_unlock(&swap_cache_lock);
    return drop;
}

/* free_page_and_swap_cache's slow path (swap.h): pg, found in the swap cache, is about
 * to lose the reference of the mapping that goes away; if the cache's is then the
 * only one left and no PTE holds its slot, it leaves the cache. */
void free_swap_cache(struct page *pg)
{
    swp_entry_t e;
    if (unhash_if_unused(pg, 2, &e))
        unhashed(pg, e);
}

/* pg (mapped once, by the caller's PTE) is about to be written: if no other PTE holds
 * its slot, the slot is freed, as its copy is about to go stale. */
bool try_to_free_swap(struct page *pg)
{
    swp_entry_t e;
    if (!unhash_if_unused(pg, 2, &e))
        return false;
    set_page_flag(pg, PG_DIRTY);
    unhashed(pg, e);
    return true;
}

#define PAGE_WAIT_QUEUES 32
static struct wait_queue page_wait[PAGE_WAIT_QUEUES];

void page_wait_init(void)
{
    for (int i = 0; i < PAGE_WAIT_QUEUES; i++)
        wait_queue_init(&page_wait[i], "page wait");
}

static struct wait_queue *page_waitqueue(const struct page *pg)
{
    return &page_wait[(page_to_pfn(pg) * 0x9e3779b9u >> 8) % PAGE_WAIT_QUEUES];
}

/* Waits until pg's I/O is over: sleeping, or polling the disks where the task may not
 * sleep. With killable, a task being killed stops waiting: -EINTR (the I/O goes on
 * without it); else 0. */
static int wait_on_page(struct page *pg, bool killable)
{
    struct wait_queue *wq = page_waitqueue(pg);
    struct wait_entry w;
    wait_entry_init(&w);
    while (pg->flags & PG_LOCKED) {
        if (!swap_may_sleep()) {
            blk_poll_all();
            continue;
        }
        if (killable && fatal_signal_pending(current))
            return -EINTR;
        prepare_to_wait(wq, &w);
        if (pg->flags & PG_LOCKED)
            schedule();
        finish_wait(wq, &w);
    }
    return 0;
}

/* Sleeps (or polls the disks) until pg's I/O is over. */
void wait_on_page_locked(struct page *pg)
{
    wait_on_page(pg, false);
}

/* The disk interrupt: the page's I/O is over. */
static void end_swap_bio(struct bio *b)
{
    struct page *pg = b->private;
    if (b->error)
        set_page_flag(pg, PG_ERROR);
    clear_page_flag(pg, PG_LOCKED);
    wake_up(page_waitqueue(pg));
    kfree(b);
}

/* Starts reading or writing pg at its slot; pg stays locked until it is done. */
static int swap_submit(struct page *pg, bool write)
{
    swp_entry_t e = { pg->private };
    struct blkdev *d = swap_bdev(e);
    struct bio *b = d ? kzalloc(sizeof *b) : NULL;
    if (!b)
        return d ? -ENOMEM : -EIO;
    b->sector = swp_offset(e) * (PAGE_SIZE / SECTOR_SIZE);
    b->pa = page_to_pa(pg);
    b->len = PAGE_SIZE;
    b->write = write;
    b->poll = !swap_may_sleep();
    b->end_io = end_swap_bio;
    b->private = pg;
    clear_page_flag(pg, PG_ERROR);
    set_page_flag(pg, PG_LOCKED);
    submit_bio(d, b);
    return 0;
}

/* Writes pg (in the swap cache) to its slot and waits: 0 or -EIO. */
int swap_writepage(struct page *pg)
{
    int err = swap_submit(pg, true);
    if (err)
        return err;
    wait_on_page_locked(pg);
    if (pg->flags & PG_ERROR)
        return -EIO;
    cpu_events()->pswpout++;
    return 0;
}

/* Starts reading e into a new frame of the swap cache; the frame is returned with a
 * reference (and locked until the read is done), or NULL with *err: -EEXIST (the
 * cache has it, or another hart is putting it there right now: look again), -ENOENT
 * (the slot is free), -ENOMEM or -EIO. */
static struct page *read_swap_cache_async(swp_entry_t e, enum page_owner owner, int *err)
{
    struct page *cached = lookup_swap_cache(e);
    *err = -EEXIST;
    if (cached) {
        put_page(cached);
        return NULL;
    }
    *err = -ENOENT;
    if (!swap_entry_valid(e) || swap_count(e) == 0)
        return NULL;
    *err = -ENOMEM;
    struct page *pg = alloc_page(owner);
    if (!pg)
        return NULL;
    if (!swapcache_prepare(e)) {             /* its cache bit is set: someone has it */
        put_page(pg);
        *err = swap_count(e) ? -EEXIST : -ENOENT;
        return NULL;
    }
    add_to_swap_cache(pg, e);
    lru_cache_add(pg);
    if (swap_submit(pg, false) < 0) {
        delete_from_swap_cache(pg);
        put_page(pg);
        *err = -EIO;
        return NULL;
    }
    cpu_events()->pswpin++;
    return pg;
}

/* The slots after e, while they are in use and not cached: their pages are likely to
 * be wanted next (the allocator writes neighbours together). */
static void swap_readahead(swp_entry_t e)
{
    for (uint64_t i = 1; i <= swap_readahead_pages; i++) {
        swp_entry_t n = swp_entry(swp_type(e), swp_offset(e) + i);
        if (nr_free_pages() <= wmark_low)
            break;
        int err;
        struct page *pg = read_swap_cache_async(n, OWNER_ANON, &err);
        if (!pg)
            break;
        cpu_events()->swap_ra++;
        put_page(pg);                      /* only the swap cache holds it now */
    }
}

/* The frame holding e's data, with a reference: from the swap cache, or read from the
 * disk (*major set; the caller sleeps meanwhile). NULL with *err: -ENOMEM (no frame),
 * -EIO, -EINTR (SIGKILL came while waiting), or -EAGAIN (e changed hands meanwhile:
 * the caller looks again). */
struct page *swapin_page(swp_entry_t e, enum page_owner owner, bool *major, int *err)
{
    *major = false;
    *err = 0;
    struct page *pg;
    for (;;) {
        if ((pg = lookup_swap_cache(e)) != NULL)
            break;
        if (!swap_entry_valid(e) || swap_count(e) == 0) {
            *err = -EAGAIN;
            return NULL;
        }
        int r;
        if ((pg = read_swap_cache_async(e, owner, &r)) != NULL) {
            *major = true;
            swap_readahead(e);
            break;
        }
        if (r == -ENOENT) {
            *err = -EAGAIN;
            return NULL;
        }
        if (r != -EEXIST) {
            *err = r;
            return NULL;
        }
        /* Another hart is between claiming the slot's cache bit and adding its
         * frame to the cache (or taking it out): look again in a moment. */
        cond_resched();
    }
    if (!*major && (pg->flags & PG_LOCKED)) {
        cpu_events()->swap_ra_wait++;
    }
    if (wait_on_page(pg, true) < 0) {
        put_page(pg);
        *err = -EINTR;
        return NULL;
    }
    if (pg->flags & PG_ERROR) {
        printk("swap: read error at slot %lu of area %u\n", swp_offset(e), swp_type(e));
        if ((pg->flags & PG_SWAPCACHE) && page_count(pg) == 2)
            delete_from_swap_cache(pg);
        put_page(pg);
        *err = -EIO;
        return NULL;
    }
    if (!(pg->flags & PG_SWAPCACHE) || pg->private != e.val) {
        put_page(pg);
        *err = -EAGAIN;
        return NULL;
    }
    return pg;
}

/* A fault on a PTE holding a swap entry (Linux's do_swap_page): the page comes back
 * from the swap cache or the disk. The PTE's reference to the slot goes; if no one
 * else shares the page, a write fault also frees the slot (its copy goes stale) and
 * maps the page writable, otherwise the page is mapped read-only and a write copies
 * it (do_wp_page), as after fork. */
int do_swap_page(struct vma *v, uint64_t va, pte_t *pte, int access)
{
    struct mm *mm = v->mm;
    pte_t orig = pte_read(pte);
    swp_entry_t e = pte_to_swp_entry(orig);
    if (!swap_entry_valid(e) || swap_count(e) == 0) {
        printk("%s[%d]: bad swap entry %lx at %lx\n", current->comm, current->pid, e.val, va);
        return VM_FAULT_SIGBUS;
    }
    bool major;
    int err;
    struct page *pg = swapin_page(e, OWNER_ANON, &major, &err);
    spin_lock(&mm->ptl);
    if (pte_read(pte) != orig) {              /* swapoff, or another thread, mapped it */
        spin_unlock(&mm->ptl);
        if (pg)
            put_page(pg);
        return VM_FAULT_OK;
    }
    if (!pg) {
        spin_unlock(&mm->ptl);
        return err == -ENOMEM ? VM_FAULT_OOM : err == -EAGAIN ? VM_FAULT_OK :
               err == -EINTR ? VM_FAULT_KILLED : VM_FAULT_SIGBUS;
    }
    if (major) {
        mm->maj_flt++;
        cpu_events()->pgmajfault++;
    } else {
        mm->min_flt++;
    }
    trace_fault(TRACE_FAULT_SWAPIN, va);
    swap_free(e);
    mm_add_rss(mm, MM_SWAPENTS, -1);
    uint64_t perm = vma_pte_perm(v->flags);
    if (page_count(pg) == 2)                  /* the cache's and ours: mapped nowhere yet */
        pg->index = va;                       /* the address the reverse map will use */
    bool exclusive = page_count(pg) == 2 && swap_count(e) == 0;
    if (!exclusive) {
        perm &= ~PTE_W;
    } else {
        if (access & FAULT_WRITE) {
            delete_from_swap_cache(pg);
            perm |= PTE_D;
        }
    }
    mm_add_rss(mm, MM_ANONPAGES, 1);
    pte_xchg(pte, PA2PTE(page_to_pa(pg)) | perm | PTE_V);
    spin_unlock(&mm->ptl);
    local_flush_tlb_page(mm, va);
    return VM_FAULT_OK;
}
