/* mm.c — address spaces: creation, fork's copy (dup_mmap: the VMAs, and the page tables
 * with every private page shared copy-on-write) and teardown. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "slab.h"
#include "vm.h"

static struct kmem_cache *mm_cache;
struct spinlock mmlist_lock = SPINLOCK_INIT("mmlist");
struct list_head mmlist = LIST_HEAD_INIT(mmlist);

static void mm_cache_init(void)
{
    if (!mm_cache) {
        mm_cache = kmem_cache_create("mm_struct", sizeof(struct mm));
        vma_init();
    }
}

uint64_t mm_rss(const struct mm *mm)
{
    return mm->rss[MM_ANONPAGES] + mm->rss[MM_FILEPAGES] + mm->rss[MM_SHMEMPAGES];
}

/* The reverse map changes the counters of address spaces it does not own: atomic. */
void mm_add_rss(struct mm *mm, int counter, int64_t n)
{
    __atomic_fetch_add(&mm->rss[counter], (uint64_t)n, __ATOMIC_RELAXED);
    uint64_t rss = mm_rss(mm), hi = __atomic_load_n(&mm->hiwater_rss, __ATOMIC_RELAXED);
    while (rss > hi && !__atomic_compare_exchange_n(&mm->hiwater_rss, &hi, rss, false,
                                                    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

/* A finished address space joins the list the reverse map walks (fork's copy, exec's
 * new image): from now on reclaim may unmap its pages. */
void mm_publish(struct mm *mm)
{
    spin_lock(&mmlist_lock);
    list_add_tail(&mm->mmlist, &mmlist);
    spin_unlock(&mmlist_lock);
}

/* An empty address space: the kernel's upper half only; one reference, the
 * caller's. */
struct mm *mm_create(void)
{
    mm_cache_init();
    struct mm *mm = kmem_cache_zalloc(mm_cache);
    if (!mm)
        return NULL;
    if (!(mm->pgdir = pgdir_create())) {
        kmem_cache_free(mm_cache, mm);
        return NULL;
    }
    mutex_init(&mm->lock, "mm");
    spin_init(&mm->ptl, "page table");
    list_init(&mm->mmlist);
    mm->users = 1;
    return mm;
}

void mm_get(struct mm *mm)
{
    spin_lock(&sched_lock);
    mm->users++;
    spin_unlock(&sched_lock);
}

/* Drops a reference; the last one frees the address space. */
void mm_put(struct mm *mm)
{
    spin_lock(&sched_lock);
    bool last = --mm->users == 0;
    spin_unlock(&sched_lock);
    if (last)
        mm_destroy(mm);
}

/* The address space task t runs in, with a reference (NULL: none, or gone). The
 * task's mm pointer changes under sched_lock (exec, exit), so this cannot catch it
 * half-freed. */
struct mm *get_task_mm(struct task *t)
{
    spin_lock(&sched_lock);
    struct mm *mm = t->mm;
    if (mm)
        mm->users++;
    spin_unlock(&sched_lock);
    return mm;
}

/* The address space of the task with this pid, with a reference, or NULL. */
struct mm *get_pid_mm(pid_t pid)
{
    spin_lock(&sched_lock);
    struct task *t = find_task(pid);
    struct mm *mm = t ? t->mm : NULL;
    if (mm)
        mm->users++;
    spin_unlock(&sched_lock);
    return mm;
}

/* The same for whatever task sits in slot i of the task table, if that task is its
 * address space's owner: a walk of the table meets each address space once, however
 * many threads use it. */
struct mm *task_mm_get(int slot)
{
    spin_lock(&sched_lock);
    struct task *t = task_table[slot];
    struct mm *mm = t && t->mm && t->mm->owner == t ? t->mm : NULL;
    if (mm)
        mm->users++;
    spin_unlock(&sched_lock);
    return mm;
}

/* Unmaps everything and frees the VMAs, the page tables and the mm (no references
 * left: nobody else can reach it). */
void mm_destroy(struct mm *mm)
{
    spin_lock(&mmlist_lock);                 /* the reverse map no longer finds it */
    list_del(&mm->mmlist);
    spin_unlock(&mmlist_lock);
    for (struct vma *v = mm->vmas; v; v = v->next) {
        zap_page_range_fullmm(v, v->start, v->end);
        if ((v->flags & VM_SHARED) && v->file)
            writeback_range(v->file, v->pgoff, (v->end - v->start) / PAGE_SIZE);
    }
    /* Every PTE lay in a VMA and is gone, frames and swap entries, if the counters
     * are back at 0 (Linux's check_mm): the tables are freed unread. */
    for (int k = 0; k < NR_MM_COUNTERS; k++)
        if (mm->rss[k])
            panic("mm_destroy: RSS counter %d at %ld after unmapping everything", k,
                  (long)mm->rss[k]);
    free_pgtables_exit(mm);
    struct vma *v = mm->vmas, *next;
    for (; v; v = next) {
        next = v->next;
        vma_free(v);
    }
    asid_release(mm);
    kfree(mm->exe);
    kmem_cache_free(mm_cache, mm);
}

/* fork: a copy of every VMA; page tables copied, frames shared (copy_page_range).
 * The caller holds old->lock. */
struct mm *mm_dup(struct mm *old)
{
    struct mm *mm = mm_create();
    if (!mm)
        return NULL;
    pagetable_t pgdir = mm->pgdir;
    *mm = *old;
    mm->pgdir = pgdir;
    mutex_init(&mm->lock, "mm");
    spin_init(&mm->ptl, "page table");
    list_init(&mm->mmlist);
    mm->cpumask = 0;
    mm->users = 1;
    mm->context = 0;
    mm->vma_tree.node = NULL;
    mm->vmas = mm->vma_cache = NULL;
    mm->map_count = 0;
    memset(mm->rss, 0, sizeof mm->rss);
    mm->nr_ptes = 0;
    mm->min_flt = mm->maj_flt = mm->cow_flt = mm->segv = 0;
    mm->tlb_remote_flush = mm->tlb_remote_flush_received = 0;
    mm->hiwater_rss = 0;
    mm->exe = old->exe ? kstrdup(old->exe) : NULL;
    for (struct vma *v = old->vmas; v; v = v->next) {
        struct vma *n = vma_alloc();
        if (!n)
            goto fail;
        if (vma_copy(n, v) < 0) {
            vma_free(n);
            goto fail;
        }
        vma_link(mm, n);
        if (copy_page_range(mm, v) < 0)
            goto fail;
    }
    mm_publish(mm);
    return mm;
fail:
    mm_destroy(mm);
    return NULL;
}
