/* rmap.c — the reverse map: from a frame to every PTE that maps it, so that a page
 * shared after fork is unmapped everywhere before its frame is freed, and its A bits
 * are seen in every process. Like Linux's object-based rmap, the page itself says
 * where to look: an anonymous frame keeps the user address it is mapped at
 * (page->index; fork keeps addresses, so each process sharing it maps it there), a
 * file frame its inode and page index (each VMA of that file covering the index maps
 * it at an address that follows). Every process's page table is asked, and a
 * candidate PTE counts only if it maps this very frame. A frame whose sharers no
 * longer agree on the address (mremap of a page shared after fork) is simply not
 * found everywhere: reclaim then sees references it cannot account for and keeps it. */
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "swap.h"
#include "vm.h"

typedef bool (*rmap_one_fn)(struct page *pg, struct vma *v, pte_t *pte, uint64_t va, void *arg);

static bool maps_frame(const pte_t *pte, const struct page *pg)
{
    if (!pte)
        return false;
    pte_t p = pte_read(pte);
    return (p & PTE_V) && PTE2PA(p) == page_to_pa(pg);
}

static bool rmap_one_anon(struct mm *mm, struct page *pg, rmap_one_fn fn, void *arg)
{
    struct vma *v = vma_lookup(mm, pg->index);
    pte_t *pte = v ? walk(mm->pgdir, pg->index, false) : NULL;
    return !maps_frame(pte, pg) || fn(pg, v, pte, pg->index, arg);
}

static bool rmap_one_file(struct mm *mm, struct page *pg, rmap_one_fn fn, void *arg)
{
    for (struct vma *v = mm->vmas; v; v = v->next) {
        uint64_t npages = (v->end - v->start) / PAGE_SIZE;
        if (v->file != pg->mapping || pg->index < v->pgoff || pg->index >= v->pgoff + npages)
            continue;
        uint64_t va = v->start + (pg->index - v->pgoff) * PAGE_SIZE;
        pte_t *pte = walk(mm->pgdir, va, false);
        if (maps_frame(pte, pg) && !fn(pg, v, pte, va, arg))
            return false;
    }
    return true;
}

/* Calls fn on each PTE mapping pg, until fn returns false. Every address space is on
 * mmlist (from the end of its fork or exec until mm_destroy takes it off), whose lock
 * keeps it there during the walk; each one's page-table lock keeps its tables and
 * VMAs still while fn looks and changes (fn must not sleep). */
static void rmap_walk(struct page *pg, rmap_one_fn fn, void *arg)
{
    bool anon = pg->owner == OWNER_ANON;
    if (!anon && !pg->mapping)
        return;                            /* a file page on its way to swap */
    spin_lock(&mmlist_lock);
    struct list_head *l;
    list_for_each(l, &mmlist) {
        struct mm *mm = list_entry(l, struct mm, mmlist);
        spin_lock(&mm->ptl);
        bool go_on = anon ? rmap_one_anon(mm, pg, fn, arg) : rmap_one_file(mm, pg, fn, arg);
        spin_unlock(&mm->ptl);
        if (!go_on)
            break;
    }
    spin_unlock(&mmlist_lock);
}

/* A new anonymous frame mapped at va (fault.c): its address for the reverse map, and
 * a place on the LRU. */
void page_add_new_anon_rmap(struct page *pg, struct vma *v, uint64_t va)
{
    (void)v;
    pg->index = va;
    lru_cache_add(pg);
}

/* mremap moved pg's PTE to va: an anonymous page mapped only there follows it (one
 * shared after fork stays where its other mappers have it). */
void page_move_anon_rmap(struct page *pg, uint64_t va)
{
    int refs = page_count(pg) - ((pg->flags & PG_SWAPCACHE) ? 1 : 0);
    if (pg->owner == OWNER_ANON && refs == 1)
        pg->index = va;
}

static bool count_one(struct page *pg, struct vma *v, pte_t *pte, uint64_t va, void *arg)
{
    (void)pg, (void)v, (void)pte, (void)va;
    (*(int *)arg)++;
    return true;
}

int page_mapcount(struct page *pg)
{
    int n = 0;
    rmap_walk(pg, count_one, &n);
    return n;
}

/* Clears the A bit, then fences exactly that translation out of every TLB that may
 * hold it (sfence.vma va, asid, here and on the mm's other harts), so the next access
 * walks the table and sets A again. */
static bool referenced_one(struct page *pg, struct vma *v, pte_t *pte, uint64_t va, void *arg)
{
    (void)pg;
    if (pte_read(pte) & PTE_A) {
        pte_clear_bits(pte, PTE_A);
        flush_tlb_page(v->mm, va);
        (*(int *)arg)++;
    }
    return true;
}

/* How many of pg's mappings used it since the last look (and read()/write() use);
 * the A bits are cleared: a second chance. */
int page_referenced(struct page *pg)
{
    int n = 0;
    if (test_and_clear_page_flag(pg, PG_REFERENCED))
        n++;
    rmap_walk(pg, referenced_one, &n);
    return n;
}

/* Removes one mapping: an anonymous page's PTE becomes its swap entry (the page is
 * in the swap cache), a file page's PTE is cleared (the page cache will know where
 * the page went). D moves to the page. */
static bool unmap_one(struct page *pg, struct vma *v, pte_t *pte, uint64_t va, void *arg)
{
    struct mm *mm = v->mm;
    pte_t old;
    if (pg->owner == OWNER_ANON) {
        swp_entry_t e = { pg->private };
        swap_duplicate(e);
        old = pte_xchg(pte, swp_entry_to_pte(e));
        mm_add_rss(mm, MM_SWAPENTS, 1);
    } else {
        old = pte_xchg(pte, 0);
    }
    if (old & PTE_D)
        set_page_flag(pg, PG_DIRTY);
    flush_tlb_page(mm, va);                  /* before the reference goes */
    mm_add_rss(mm, mm_counter(v, pg), -1);
    put_page(pg);
    int *pid = arg;
    if (!*pid) {
        spin_lock(&sched_lock);              /* owner changes under it */
        *pid = mm->owner ? mm->owner->tgid : 0;
        spin_unlock(&sched_lock);
    }
    return true;
}

/* Unmaps pg from every process (an anonymous page must be in the swap cache).
 * Returns the pid of one process it was taken from (for the trace device), or 0. */
int try_to_unmap(struct page *pg)
{
    int pid = 0;
    rmap_walk(pg, unmap_one, &pid);
    return pid;
}

/* swapoff: every PTE of every process holding an entry of area type gets its page
 * back (read from disk, polled). 0, -ENOMEM or -EIO. The caller holds mm->lock: the
 * tables stay while it yields between them. */
static int unuse_mm(struct mm *mm, unsigned type)
{
    for (uint64_t i2 = 0; i2 < 256; i2++) {
        if (!(mm->pgdir[i2] & PTE_V))
            continue;
        pagetable_t t1 = P2V(PTE2PA(mm->pgdir[i2]));
        for (uint64_t i1 = 0; i1 < 512; i1++) {
            if (!(t1[i1] & PTE_V))
                continue;
            cond_resched();
            pagetable_t t0 = P2V(PTE2PA(t1[i1]));
            for (uint64_t i0 = 0; i0 < 512; i0++) {
                pte_t pte = t0[i0];
                if (!is_swap_pte(pte) || swp_type(pte_to_swp_entry(pte)) != type)
                    continue;
                uint64_t va = i2 << PXSHIFT(2) | i1 << PXSHIFT(1) | i0 << PXSHIFT(0);
                struct vma *v = vma_find(mm, va);
                int r = v ? do_swap_page(v, va, &t0[i0], FAULT_READ) : VM_FAULT_SIGBUS;
                if (r == VM_FAULT_OOM)
                    return -ENOMEM;
                if (r != VM_FAULT_OK)
                    return -EIO;
            }
        }
    }
    return 0;
}

int unuse_mm_range(unsigned type)
{
    for (int i = 0; i < nr_task_slots; i++) {
        struct mm *mm = task_mm_get(i);
        if (!mm)
            continue;
        mutex_lock(&mm->lock);
        int err = unuse_mm(mm, type);
        mutex_unlock(&mm->lock);
        mm_put(mm);
        if (err)
            return err;
    }
    return 0;
}
