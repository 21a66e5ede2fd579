/* vmscan.c — page replacement. Every frame of user data (anonymous memory, in-memory
 * file pages) is on an LRU list from its first use. When free frames fall below the
 * low watermark, kswapd (a kernel thread) reclaims until they reach the high one; a
 * fault that finds fewer than the min watermark reclaims by itself (direct reclaim),
 * and when nothing can be reclaimed the OOM killer steps in. Victims are chosen by the
 * A bits the MMU sets on each access, read and cleared through the reverse map (each
 * clear followed by sfence.vma for exactly that page and ASID). The boot argument
 * reclaim= picks the policy:
 *   clock  (default) second chance: one list scanned from its head (the clock's hand);
 *          a page used since the last pass (any A bit set, or read()/write()) has its
 *          bits cleared and goes to the tail, an unused one is evicted.
 *   lru    Linux-like active/inactive lists: new pages start on the inactive list; a
 *          page referenced there is promoted to the active list; the active list is
 *          aged into the inactive one (A bits cleared) whenever it outgrows it, so a
 *          page must be used again within one trip down the inactive list to stay.
 *   fifo   the oldest page goes, used or not (the A bits are ignored): the baseline.
 * Eviction (shrink_page) unmaps the page everywhere, writes it to swap only when it
 * has no valid copy there (PG_DIRTY or a D bit), and frees the frame. lru_lock guards
 * the lists and their counts; a page is taken off its list (isolated, with a
 * reference) before anything that takes long or sleeps is done with it. */
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "signal.h"
#include "swap.h"
#include "timer.h"
#include "trace.h"

#define SWAP_CLUSTER_MAX 32          /* pages reclaimed per pass */
#define RECLAIM_RETRIES  32          /* tries of a failing allocation before it fails */

enum { RECLAIM_CLOCK, RECLAIM_LRU, RECLAIM_FIFO };
static const char *const policy_names[] = { "clock", "lru", "fifo" };
static int policy = RECLAIM_CLOCK;

static struct list_head inactive_list = LIST_HEAD_INIT(inactive_list);
static struct list_head active_list = LIST_HEAD_INIT(active_list);
static uint64_t nr_inactive, nr_active;

uint64_t wmark_min, wmark_low, wmark_high;
static struct task *kswapd_task;
static int kswapd_wait;                /* the channel kswapd sleeps on */
static uint64_t kswapd_idle_until;     /* ticks: after a fruitless pass, rest a while */

const char *reclaim_policy_name(void)
{
    return policy_names[policy];
}

static struct spinlock lru_lock = SPINLOCK_INIT("lru");

/* With lru_lock held. */
static void add_to_list(struct page *pg, bool active)
{
    set_page_flag(pg, PG_LRU);
    if (active) {
        set_page_flag(pg, PG_ACTIVE);
        list_add_tail(&pg->list, &active_list);
        nr_active++;
    } else {
        clear_page_flag(pg, PG_ACTIVE);
        list_add_tail(&pg->list, &inactive_list);
        nr_inactive++;
    }
}

static void del_from_list(struct page *pg)
{
    list_del(&pg->list);
    if (pg->flags & PG_ACTIVE)
        nr_active--;
    else
        nr_inactive--;
    clear_page_flag(pg, PG_LRU | PG_ACTIVE);
}

/* A new user frame joins the tail of the inactive list (the one list of clock and
 * fifo): the last place the hand reaches. */
void lru_cache_add(struct page *pg)
{
    assert(!(pg->flags & PG_LRU));
    spin_lock(&lru_lock);
    add_to_list(pg, false);
    spin_unlock(&lru_lock);
}

/* Takes pg off its list (it is being freed). */
void lru_del(struct page *pg)
{
    spin_lock(&lru_lock);
    if (pg->flags & PG_LRU)
        del_from_list(pg);
    spin_unlock(&lru_lock);
}

/* read() or write() used a file page: it counts as referenced at the next scan. */
void mark_page_accessed(struct page *pg)
{
    set_page_flag(pg, PG_REFERENCED);
}

/* The page at the head of a list, off it, with the reclaimer's reference: no one
 * else can pick it meanwhile. A page whose last reference another hart has just
 * dropped (it waits for lru_lock to take it off the list) is passed over. NULL if the
 * list has none. */
static struct page *isolate_head(struct list_head *list)
{
    spin_lock(&lru_lock);
    struct list_head *l;
    list_for_each(l, list) {
        struct page *pg = list_entry(l, struct page, list);
        if (get_page_unless_zero(pg)) {
            del_from_list(pg);
            spin_unlock(&lru_lock);
            return pg;
        }
    }
    spin_unlock(&lru_lock);
    return NULL;
}

/* An isolated page goes back, to the tail of a list, and the reference goes. */
static void putback_page(struct page *pg, bool active)
{
    spin_lock(&lru_lock);
    if (!(pg->flags & PG_LRU))
        add_to_list(pg, active);
    spin_unlock(&lru_lock);
    put_page(pg);
}

/* Whether evicting pg is possible at all right now. */
static bool page_evictable(const struct page *pg)
{
    if (pg->flags & PG_LOCKED)
        return false;
    return (pg->flags & PG_SWAPCACHE) || nr_swap_pages() > 0;
}

/* Evicts one isolated page (Linux's shrink_page_list, for one): true if the frame
 * can be freed (only the caller's reference is left), false if it must stay. */
static bool shrink_page(struct page *pg)
{
    bool file = pg->owner != OWNER_ANON && !(pg->flags & PG_SWAPCACHE);
    if (!file && !(pg->flags & PG_SWAPCACHE) && !add_to_swap(pg))
        return false;
    int pid = try_to_unmap(pg);
    if (page_count(pg) != 2)                    /* the cache's and ours: nobody else */
        return false;
    if (!file && swap_count((swp_entry_t){ pg->private }) == 0)
        clear_page_flag(pg, PG_DIRTY);        /* no PTE wants the data: no need to write */
    if (file && !shmem_writepage(pg))
        return false;
    if (test_and_clear_page_flag(pg, PG_DIRTY)) {
        trace_swapout(page_to_pfn(pg), swp_offset((swp_entry_t){ pg->private }), pid);
        if (swap_writepage(pg) < 0) {
            set_page_flag(pg, PG_DIRTY);
            return false;
        }
    }
    /* We may have slept, and other harts run meanwhile: the page may be in use again. */
    if (!delete_from_swap_cache_if_idle(pg))
        return false;
    cpu_events()->pgsteal++;
    return true;
}

/* madvise(MADV_PAGEOUT): evicts pg now, used or not (Linux's reclaim_pages, for one
 * page). The caller's reference, taken while the page was mapped, stands for the one a
 * scan takes when it isolates a page, and goes here. True if the frame was freed. */
bool reclaim_page(struct page *pg)
{
    spin_lock(&lru_lock);
    bool on_list = pg->flags & PG_LRU;
    if (on_list)
        del_from_list(pg);
    spin_unlock(&lru_lock);
    if (!on_list) {                             /* a reclaimer has it already */
        put_page(pg);
        return false;
    }
    if (page_evictable(pg) && shrink_page(pg)) {
        put_page(pg);
        return true;
    }
    putback_page(pg, false);
    return false;
}

/* Looks at the page under the hand (the head of the inactive list): 1 if it was
 * freed. */
static int scan_one(void)
{
    struct page *pg = isolate_head(&inactive_list);
    if (!pg)
        return 0;
    cpu_events()->pgscan++;
    if (current == kswapd_task)
        cpu_events()->pgscan_kswapd++;
    else
        cpu_events()->pgscan_direct++;
    if (!page_evictable(pg)) {
        putback_page(pg, false);
        return 0;
    }
    if (policy != RECLAIM_FIFO && page_referenced(pg)) {
        if (policy == RECLAIM_LRU)
            cpu_events()->pgactivate++;
        else
            cpu_events()->pgrotated++;
        putback_page(pg, policy == RECLAIM_LRU);
        return 0;
    }
    if (shrink_page(pg)) {
        put_page(pg);
        if (current == kswapd_task)
            cpu_events()->pgsteal_kswapd++;
        else
            cpu_events()->pgsteal_direct++;
        return 1;
    }
    putback_page(pg, false);
    return 0;
}

/* lru: ages n pages from the head of the active list into the inactive list, their
 * A bits cleared, so they stay only if used again before the hand comes round. */
static void shrink_active_list(uint64_t n)
{
    struct page *pg;
    while (n-- && (pg = isolate_head(&active_list)) != NULL) {
        page_referenced(pg);
        cpu_events()->pgdeactivate++;
        putback_page(pg, false);
    }
}

/* Reclaims up to nr_to_reclaim frames, scanning at most about two trips round the
 * lists; returns how many were freed. May sleep on swap writes; a preemption point
 * every 64 pages looked at. */
uint64_t try_to_free_pages(uint64_t nr_to_reclaim)
{
    uint64_t freed = 0, budget = 2 * (nr_inactive + nr_active) + SWAP_CLUSTER_MAX;
    while (freed < nr_to_reclaim && budget--) {
        if (budget % 64 == 0)
            cond_resched();
        if (policy == RECLAIM_LRU && nr_inactive < nr_active)
            shrink_active_list(SWAP_CLUSTER_MAX);
        if (list_empty(&inactive_list))
            break;
        freed += scan_one();
    }
    return freed;
}

/* A frame for user data could not be had (the fault path, a file write), on the
 * attempt-th try. Reclaims directly (sleeping on swap writes); if nothing can be
 * reclaimed, the OOM killer picks a victim and the caller waits a little for it to
 * go. True if the caller should try again, false if it must give up: it cannot sleep
 * here, it is the one being killed, or RECLAIM_RETRIES attempts went by (an
 * allocation that keeps failing while frames are free, a high order say, would
 * otherwise loop for ever). */
bool reclaim_and_retry(unsigned attempt)
{
    if (attempt >= RECLAIM_RETRIES || !swap_may_sleep() || current->mm == NULL ||
        fatal_signal_pending(current))
        return false;
    cond_resched();
    if (nr_free_pages() > wmark_min)
        return true;
    if (try_to_free_pages(SWAP_CLUSTER_MAX) > 0 || nr_free_pages() > wmark_min)
        return true;
    return out_of_memory();
}

/* Called by the frame allocator below the low watermark; cheap when kswapd is busy
 * or resting. */
void wakeup_kswapd(void)
{
    struct task *k = kswapd_task;
    if (!k || ticks < kswapd_idle_until)
        return;
    spin_lock(&sched_lock);
    if (k->state == TASK_SLEEPING && k->chan == &kswapd_wait) {
        cpu_events()->kswapd_wake++;
        make_runnable_locked(k);
    }
    spin_unlock(&sched_lock);
}

/* kswapd: sleeps until free frames fall below the low watermark, then reclaims until
 * they reach the high one. A pass that frees nothing (no swap, or swap full) makes it
 * rest for a tenth of a second. */
static bool kswapd_has_nothing_to_do(void)
{
    return nr_free_pages() >= wmark_low || ticks < kswapd_idle_until;
}

static void kswapd(void)
{
    for (;;) {
        while (kswapd_has_nothing_to_do())
            sleep_on_while(&kswapd_wait, kswapd_has_nothing_to_do);
        while (nr_free_pages() < wmark_high) {
            if (try_to_free_pages(SWAP_CLUSTER_MAX) == 0) {
                kswapd_idle_until = ticks + HZ / 10;
                break;
            }
        }
    }
}

/* Starts kswapd (after init, which must be PID 1). */
void kswapd_run(void)
{
    if (!(kswapd_task = kthread_create(kswapd, "kswapd0")))
        panic("cannot start kswapd");
}

/* Boot arguments reclaim= and swap_readahead=, the watermarks, and kswapd. */
void vmscan_init(const char *bootargs)
{
    for (int i = 0; i < (int)ARRAY_SIZE(policy_names); i++)
        if (bootarg_is(bootargs, "reclaim=", policy_names[i]))
            policy = i;
    swap_readahead_pages = bootarg_num(bootargs, "swap_readahead=", swap_readahead_pages);
    page_wait_init();
    wmark_min = MAX(32UL, nr_free_pages() / 128);
    wmark_low = wmark_min * 2;
    wmark_high = wmark_min * 3;
    printk("vmscan: reclaim=%s, watermarks min %lu low %lu high %lu pages, swap readahead %lu\n",
           policy_names[policy], wmark_min, wmark_low, wmark_high, swap_readahead_pages);
}
