/* memory.c — page-table work over ranges of a VMA, as Linux's mm/memory.c names it:
 * zap_page_range (munmap, MADV_DONTNEED, exit), free_pgtables, copy_page_range (fork's
 * copy-on-write sharing), change_protection (mprotect), move_page_tables (mremap), and
 * the shared zero page. Walks skip absent tables a whole table at a time, so a sparse
 * 200 GiB mapping costs what is actually mapped. The pages whose PTEs a walk removes
 * or weakens are gathered (Linux's mmu_gather) and fenced out of every TLB that may
 * hold them in one shootdown for the range (asid.c: page by page up to
 * FLUSH_PAGES_MAX, the whole ASID above); the frames and table pages taken out are
 * freed only after that fence, so no hart can still reach a frame that has been
 * handed to someone else. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "swap.h"
#include "trace.h"
#include "vm.h"


static struct page *the_zero_page;

/* The shared all-zero frame that read faults on anonymous memory map; never freed,
 * never counted in a reference count or an RSS. */
struct page *zero_page(void)
{
    if (!the_zero_page) {
        void *va = alloc_zeroed_page(OWNER_KERNEL);
        if (!va)
            panic("no memory for the zero page");
        the_zero_page = virt_to_page(va);
    }
    return the_zero_page;
}

/* 4 KiB at a time, eight doublewords per step. */
void clear_page(void *page)
{
    uint64_t t0 = csr_read(instret);
    for (uint64_t *p = page, *end = p + PAGE_SIZE / 8; p < end; p += 8) {
        p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0;
        p[4] = 0; p[5] = 0; p[6] = 0; p[7] = 0;
    }
    cpu_events()->zero_insns += csr_read(instret) - t0;
}

void copy_page(void *dst, const void *src)
{
    uint64_t t0 = csr_read(instret);
    uint64_t *d = dst;
    for (const uint64_t *s = src, *end = s + PAGE_SIZE / 8; s < end; s += 8, d += 8) {
        uint64_t a = s[0], b = s[1], c = s[2], e = s[3];
        uint64_t f = s[4], g = s[5], h = s[6], i = s[7];
        d[0] = a; d[1] = b; d[2] = c; d[3] = e;
        d[4] = f; d[5] = g; d[6] = h; d[7] = i;
    }
    cpu_events()->copy_insns += csr_read(instret) - t0;
}

/* The PTE permission bits for a VMA's flags. A PROT_NONE page stays mapped but as a
 * supervisor page (U clear), so every user access faults and the frame is kept. D is
 * left to the first write. */
uint64_t vma_pte_perm(uint32_t flags)
{
    uint64_t perm = PTE_A;
    if (!(flags & VM_PROT_MASK))
        return perm | PTE_R;
    perm |= PTE_U;
    if (flags & VM_READ)
        perm |= PTE_R;
    if (flags & VM_WRITE)
        perm |= PTE_R | PTE_W;
    if (flags & VM_EXEC)
        perm |= PTE_X;
    return perm;
}

/* Which RSS counter a frame of v that is not anonymous counts in. */
static int vma_file_counter(const struct vma *v)
{
    if (v->file && v->file->nlink == 0 && (v->flags & VM_SHARED))
        return MM_SHMEMPAGES;
    return MM_FILEPAGES;
}

/* Which RSS counter a frame mapped in v counts in (Linux's mm_counter). */
int mm_counter(const struct vma *v, const struct page *pg)
{
    return pg->owner == OWNER_ANON ? MM_ANONPAGES : vma_file_counter(v);
}

/* The RSS changes of a run of PTEs, added to the mm's counters once per run. */
struct rss_delta {
    int64_t anon, file, swapents;
};

static void rss_delta_add(struct mm *mm, const struct vma *v, struct rss_delta d)
{
    if (d.anon)
        mm_add_rss(mm, MM_ANONPAGES, d.anon);
    if (d.file)
        mm_add_rss(mm, vma_file_counter(v), d.file);
    if (d.swapents)
        mm_add_rss(mm, MM_SWAPENTS, d.swapents);
}

void tlb_gather_init(struct tlb_gather *g, struct mm *mm, bool fullmm)
{
    g->mm = mm;
    g->start = g->end = 0;
    g->tables_freed = false;
    g->fullmm = fullmm;
    g->nframes = 0;
    list_init(&g->tables);
}

/* The pages of [start, end) changed: they are fenced at the next tlb_flush_mmu. */
static void tlb_gather_range(struct tlb_gather *g, uint64_t start, uint64_t end)
{
    if (start == end)
        return;
    if (g->start == g->end) {
        g->start = start;
        g->end = end;
    } else {
        g->start = MIN(g->start, start);
        g->end = MAX(g->end, end);
    }
}

static void tlb_gather_page(struct tlb_gather *g, uint64_t va)
{
    tlb_gather_range(g, va, va + PAGE_SIZE);
}

/* Fences what was gathered (one range, or the whole ASID when it is large or when a
 * table page went away: non-leaf PTEs need rs1 = x0, says the privileged spec), then
 * releases the frames held back. An exiting mm needs no fence: no hart will run its
 * ASID again before a rollover flushes every TLB. */
static void tlb_flush_mmu(struct tlb_gather *g)
{
    if (!g->fullmm) {
        if (g->tables_freed)
            flush_tlb_mm(g->mm);
        else if (g->start != g->end)
            flush_tlb_range(g->mm, g->start, (g->end - g->start) / PAGE_SIZE);
    }
    g->start = g->end = 0;
    g->tables_freed = false;
    for (unsigned i = 0; i < g->nframes; i++)
        free_page_and_swap_cache(g->frames[i]);
    g->nframes = 0;
    while (!list_empty(&g->tables)) {
        struct page *pg = list_entry(g->tables.next, struct page, list);
        list_del(&pg->list);
        free_pages(pg, 0);
    }
}

/* A frame whose PTE is gone: freed (its reference dropped) after the fence. */
static void tlb_remove_page(struct tlb_gather *g, struct page *pg)
{
    if (g->nframes == GATHER_FRAMES)
        tlb_flush_mmu(g);
    g->frames[g->nframes++] = pg;
}

void tlb_finish(struct tlb_gather *g)
{
    tlb_flush_mmu(g);
}

/* Calls fn on the PTEs of v's mm in [start, end), table by table, in address order,
 * with the page-table lock held (fn must not sleep); missing tables are skipped
 * whole. Between tables is a preemption point: the caller holds the mm's lock (or
 * is its last user), so no table goes away meanwhile. */
void walk_ptes(struct vma *v, uint64_t start, uint64_t end, pte_run_fn fn, void *arg)
{
    struct mm *mm = v->mm;
    pagetable_t root = mm->pgdir;
    uint64_t va = start;
    while (va < end) {
        cond_resched();
        pte_t l2 = root[PX(2, va)];
        if (!(l2 & PTE_V)) {
            va = ROUND_DOWN(va, LEVEL_SIZE(2)) + LEVEL_SIZE(2);
            continue;
        }
        pte_t l1 = ((pagetable_t)P2V(PTE2PA(l2)))[PX(1, va)];
        uint64_t next = MIN(end, ROUND_DOWN(va, LEVEL_SIZE(1)) + LEVEL_SIZE(1));
        if (l1 & PTE_V) {
            pagetable_t t0 = P2V(PTE2PA(l1));
            spin_lock(&mm->ptl);
            fn(v, &t0[PX(0, va)], va, (next - va) / PAGE_SIZE, arg);
            spin_unlock(&mm->ptl);
        }
        va = next;
    }
}

/* The level-0 PTE for va in mm, allocating table pages as needed (counted in
 * mm->nr_ptes, VmPTE), with the page-table lock held. NULL when out of memory. */
pte_t *pte_alloc_locked(struct mm *mm, uint64_t va)
{
    pagetable_t t = mm->pgdir;
    for (int level = 2; level > 0; level--) {
        pte_t *pte = &t[PX(level, va)];
        if (!(*pte & PTE_V)) {
            pagetable_t n = alloc_zeroed_page(OWNER_PAGETABLE);
            if (!n)
                return NULL;
            __atomic_thread_fence(__ATOMIC_RELEASE);    /* zeros before the link */
            *pte = PA2PTE(V2P(n)) | PTE_V;
            mm->nr_ptes++;
        }
        t = P2V(PTE2PA(*pte));
    }
    return &t[PX(0, va)];
}

/* The same, taking the page-table lock only to add a table. The caller holds
 * mm->lock, without which no table comes or goes (guest/README.md, "Locks"; the
 * reverse map changes only leaf PTEs), so tables found present stay. */
pte_t *pte_alloc(struct mm *mm, uint64_t va)
{
    pte_t *pte = walk_lookup(mm->pgdir, va);
    if (pte)
        return pte;
    spin_lock(&mm->ptl);
    pte = pte_alloc_locked(mm, va);
    spin_unlock(&mm->ptl);
    return pte;
}

/* Whether PTEs of v written to (D) make their pages dirty: a shared file mapping's
 * data must reach the file. */
static bool vma_dirties_pages(const struct vma *v)
{
    return (v->flags & VM_SHARED) && v->file;
}

static void pte_dirty_to_page(struct vma *v, pte_t pte, struct page *pg)
{
    if (vma_dirties_pages(v) && (pte & PTE_D))
        set_page_flag(pg, PG_DIRTY);
}

/* Drops PTEs and their frames' references. The RSS counters change once per run, and
 * the run's cleared PTEs join the range to fence once per run too, or before the
 * gathered frames go when there are too many to hold (the fence comes first). */
static void zap_ptes(struct vma *v, pte_t *pte, uint64_t va, uint64_t n, void *arg)
{
    struct tlb_gather *g = arg;
    struct rss_delta rss = { 0 };
    struct page *zero = the_zero_page;
    bool dirties = vma_dirties_pages(v);
    uint64_t first = va, end = va;       /* present PTEs cleared, not yet gathered */
    for (uint64_t i = 0; i < n; i++, va += PAGE_SIZE) {
        if (!pte[i])
            continue;
        pte_t old = pte_xchg(&pte[i], 0);    /* with the D bit the hardware may have set */
        if (is_swap_pte(old)) {
            free_swap_and_cache(pte_to_swp_entry(old));
            rss.swapents--;
        }
        if (!(old & PTE_V))
            continue;
        if (first == end)
            first = va;
        end = va + PAGE_SIZE;
        struct page *pg = pa_to_page(PTE2PA(old));
        if (pg == zero)
            continue;
        if (dirties && (old & PTE_D))
            set_page_flag(pg, PG_DIRTY);
        if (pg->owner == OWNER_ANON)
            rss.anon--;
        else
            rss.file--;
        if (g->nframes == GATHER_FRAMES) {  /* tlb_remove_page fences: the run so far too */
            tlb_gather_range(g, first, end);
            first = end;
        }
        tlb_remove_page(g, pg);
    }
    tlb_gather_range(g, first, end);
    rss_delta_add(v->mm, v, rss);
}

/* Unmaps every page of v in [start, end) and releases the frames. */
void zap_page_range(struct vma *v, uint64_t start, uint64_t end)
{
    struct tlb_gather g;
    tlb_gather_init(&g, v->mm, false);
    walk_ptes(v, start, end, zap_ptes, &g);
    tlb_finish(&g);
}

/* The same, gathered into g (munmap: several VMAs and their tables, one fence). */
void zap_page_range_gather(struct tlb_gather *g, struct vma *v, uint64_t start, uint64_t end)
{
    walk_ptes(v, start, end, zap_ptes, g);
}

/* The same for an address space no task runs in any more (exit, exec's old mm). */
void zap_page_range_fullmm(struct vma *v, uint64_t start, uint64_t end)
{
    struct tlb_gather g;
    tlb_gather_init(&g, v->mm, true);
    walk_ptes(v, start, end, zap_ptes, &g);
    tlb_finish(&g);
}

static bool table_empty(pagetable_t t)
{
    for (int i = 0; i < 512; i++)
        if (t[i])
            return false;
    return true;
}

/* Takes a table page out of the tree (page-table lock held); it goes on *list, to be
 * freed after the fence (a hart's page-table walker may still be reading it). */
static void unlink_table(struct mm *mm, pte_t *entry, struct list_head *list)
{
    struct page *pg = pa_to_page(PTE2PA(*entry));
    *entry = 0;
    mm->nr_ptes--;
    list_add(&pg->list, list);
}

/* After [start, end) was unmapped: takes out the level-0 and level-1 tables there
 * that map nothing any more; g frees them once the ASID has been fenced everywhere
 * (one fence with the unmapped pages'). */
void free_pgtables_gather(struct tlb_gather *g, struct mm *mm, uint64_t start, uint64_t end)
{
    struct list_head *tables = &g->tables;
    bool freed = false;
    spin_lock(&mm->ptl);
    for (uint64_t va2 = ROUND_DOWN(start, LEVEL_SIZE(2)); va2 < end; va2 += LEVEL_SIZE(2)) {
        pte_t *l2 = &mm->pgdir[PX(2, va2)];
        if (!(*l2 & PTE_V))
            continue;
        pagetable_t t1 = P2V(PTE2PA(*l2));
        uint64_t lo = MAX(va2, start), hi = MIN(va2 + LEVEL_SIZE(2), end);
        for (uint64_t va1 = ROUND_DOWN(lo, LEVEL_SIZE(1)); va1 < hi; va1 += LEVEL_SIZE(1)) {
            pte_t *l1 = &t1[PX(1, va1)];
            if (!(*l1 & PTE_V))
                continue;
            bool inside = va1 >= start && va1 + LEVEL_SIZE(1) <= end;
            if (inside || table_empty(P2V(PTE2PA(*l1)))) {
                unlink_table(mm, l1, tables);
                freed = true;
            }
        }
        if (table_empty(t1)) {
            unlink_table(mm, l2, tables);
            freed = true;
        }
    }
    spin_unlock(&mm->ptl);
    if (freed)
        g->tables_freed = true;
}

void free_pgtables(struct mm *mm, uint64_t start, uint64_t end)
{
    struct tlb_gather g;
    tlb_gather_init(&g, mm, false);
    free_pgtables_gather(&g, mm, start, end);
    tlb_finish(&g);
}

/* Exit: frees every table page of mm and its root, once every page is unmapped. A
 * table is made only for an address inside a VMA (a fault, fork's copy, mremap's
 * move; munmap takes out the ones it empties), so the tables are found through the
 * VMAs' ranges rather than by reading the root and each level-1 table through: first
 * the level-0 tables, then, if the count of tables (nr_ptes) says the level-1 tables
 * the VMAs reach are all that is left, those. A table shared by two VMAs goes with
 * the first (its entry is cleared). Should the count say otherwise (a table outside
 * every VMA), pgdir_free reads the whole tree. */
void free_pgtables_exit(struct mm *mm)
{
    pagetable_t root = mm->pgdir;
    uint64_t level1 = 0, last_l2 = ~0UL;
    for (struct vma *v = mm->vmas; v; v = v->next) {
        for (uint64_t va = ROUND_DOWN(v->start, LEVEL_SIZE(1)); va < v->end; va += LEVEL_SIZE(1)) {
            pte_t l2 = root[PX(2, va)];
            if ((l2 & (PTE_V | PTE_LEAF)) != PTE_V) {
                va = ROUND_DOWN(va, LEVEL_SIZE(2)) + LEVEL_SIZE(2) - LEVEL_SIZE(1);
                continue;
            }
            if (PX(2, va) != last_l2) {      /* VMAs come in address order */
                last_l2 = PX(2, va);
                level1++;
            }
            pte_t *l1 = &((pagetable_t)P2V(PTE2PA(l2)))[PX(1, va)];
            if ((*l1 & (PTE_V | PTE_LEAF)) == PTE_V) {
                free_pages(pa_to_page(PTE2PA(*l1)), 0);
                *l1 = 0;
                mm->nr_ptes--;
            }
        }
    }
    if (level1 != mm->nr_ptes) {
        pgdir_free(root);
        return;
    }
    for (struct vma *v = mm->vmas; v; v = v->next) {
        for (uint64_t va = ROUND_DOWN(v->start, LEVEL_SIZE(2)); va < v->end; va += LEVEL_SIZE(2)) {
            pte_t *l2 = &root[PX(2, va)];
            if ((*l2 & (PTE_V | PTE_LEAF)) == PTE_V) {
                free_pages(pa_to_page(PTE2PA(*l2)), 0);
                *l2 = 0;
            }
        }
    }
    mm->nr_ptes = 0;
    free_pages(virt_to_page(root), 0);
}

struct copy_args {
    struct mm *dst;
    int err;
    bool wrprotected;
};

/* fork: the child maps the same frames. A private writable page becomes read-only in
 * both, so the first write to it, in either, is a copy-on-write fault. */
static void copy_ptes(struct vma *v, pte_t *pte, uint64_t va, uint64_t n, void *arg)
{
    struct copy_args *c = arg;
    pte_t *dpte = NULL;                  /* the child's table: allocated when needed */
    struct rss_delta rss = { 0 };
    struct page *zero = the_zero_page;
    bool private = !(v->flags & VM_SHARED);
    if (c->err)
        return;
    for (uint64_t i = 0; i < n; i++) {
        if (!pte[i])
            continue;
        if (!dpte) {
            /* The child is on no list the reverse map walks yet: its tables are ours. */
            pte_t *d = pte_alloc_locked(c->dst, va + i * PAGE_SIZE);
            if (!d) {
                c->err = -ENOMEM;
                break;
            }
            dpte = d - i;
        }
        pte_t p = pte[i];
        if (is_swap_pte(p)) {                /* the child holds the slot too */
            swap_duplicate(pte_to_swp_entry(p));
            dpte[i] = p;
            rss.swapents++;
            continue;
        }
        if (private && (p & PTE_W)) {
            p = pte_clear_bits(&pte[i], PTE_W) & ~PTE_W;
            c->wrprotected = true;
        }
        dpte[i] = p;
        struct page *pg = pa_to_page(PTE2PA(p));
        if (pg == zero)
            continue;
        get_page(pg);
        if (pg->owner == OWNER_ANON)
            rss.anon++;
        else
            rss.file++;
    }
    rss_delta_add(c->dst, v, rss);
}

/* Copies the page-table entries of v (in the parent) into dst: pages, not frames. */
int copy_page_range(struct mm *dst, struct vma *v)
{
    struct copy_args c = { dst, 0, false };
    walk_ptes(v, v->start, v->end, copy_ptes, &c);
    if (c.wrprotected)
        flush_tlb_mm(v->mm);
    return c.err;
}

/* Whether a present private page may be written in place: an anonymous frame no
 * other mapping shares. */
static bool page_exclusive(const struct page *pg)
{
    return pg != the_zero_page && pg->owner == OWNER_ANON && page_count(pg) == 1;
}

/* mprotect: the new permissions of present pages. A private page shared
 * copy-on-write (or the zero page, or a page-cache page) stays read-only. */
static void protect_ptes(struct vma *v, pte_t *pte, uint64_t va, uint64_t n, void *arg)
{
    const pte_t rights = PTE_R | PTE_W | PTE_X | PTE_U;
    uint64_t perm = vma_pte_perm(v->flags);
    for (uint64_t i = 0; i < n; i++, va += PAGE_SIZE) {
        for (;;) {
            pte_t old = pte_read(&pte[i]);
            if (!(old & PTE_V))
                break;
            uint64_t p = perm;
            if (!(v->flags & VM_SHARED) && !page_exclusive(pa_to_page(PTE2PA(old))))
                p &= ~PTE_W;
            pte_t new = (old & ~rights) | p;
            if (new == old)
                break;
            if (!pte_cmpxchg(&pte[i], old, new))
                continue;                    /* the hardware set A or D meanwhile */
            if (old & ~new & rights)
                tlb_gather_page(arg, va);    /* a right taken away: out of every TLB */
            else
                local_flush_tlb_page(v->mm, va);
            break;
        }
    }
}

void change_protection(struct vma *v, uint64_t start, uint64_t end)
{
    struct tlb_gather g;
    tlb_gather_init(&g, v->mm, false);
    walk_ptes(v, start, end, protect_ptes, &g);
    tlb_finish(&g);
}

struct move_args {
    struct tlb_gather g;
    int64_t delta;
    int err;
};

static void move_ptes(struct vma *v, pte_t *pte, uint64_t va, uint64_t n, void *arg)
{
    struct move_args *m = arg;
    for (uint64_t i = 0; i < n; i++, va += PAGE_SIZE) {
        if (!pte[i])
            continue;
        pte_t old = pte_xchg(&pte[i], 0);
        tlb_gather_page(&m->g, va);
        pte_t *dst = pte_alloc_locked(v->mm, va + m->delta);
        if (dst) {
            *dst = old;
            if (old & PTE_V)
                page_move_anon_rmap(pa_to_page(PTE2PA(old)), va + m->delta);
            continue;
        }
        m->err = -ENOMEM;                            /* no table page: the data is lost */
        if (is_swap_pte(old)) {
            free_swap_and_cache(pte_to_swp_entry(old));
            mm_add_rss(v->mm, MM_SWAPENTS, -1);
            continue;
        }
        struct page *pg = pa_to_page(PTE2PA(old));
        if (pg != the_zero_page) {
            mm_add_rss(v->mm, mm_counter(v, pg), -1);
            tlb_remove_page(&m->g, pg);
        }
    }
}

/* mremap: moves the PTEs of [old, old+len) in v to new_start (a free range of the
 * same mm): the frames move without a copy. */
int move_page_tables(struct vma *v, uint64_t old, uint64_t new_start, uint64_t len)
{
    struct move_args m;
    tlb_gather_init(&m.g, v->mm, false);
    m.delta = (int64_t)(new_start - old);
    m.err = 0;
    walk_ptes(v, old, old + len, move_ptes, &m);
    tlb_finish(&m.g);
    return m.err;
}

/* msync: collects the dirty bits of a shared file mapping into the page cache (the
 * PTE's D is cleared, so the next write marks it again) and writes the pages back. */
static void clean_ptes(struct vma *v, pte_t *pte, uint64_t va, uint64_t n, void *arg)
{
    for (uint64_t i = 0; i < n; i++, va += PAGE_SIZE) {
        if ((pte[i] & (PTE_V | PTE_D)) != (PTE_V | PTE_D))
            continue;
        pte_t old = pte_clear_bits(&pte[i], PTE_D);
        pte_dirty_to_page(v, old, pa_to_page(PTE2PA(old)));
        tlb_gather_page(arg, va);
    }
}

void sync_shared_range(struct vma *v, uint64_t start, uint64_t end)
{
    if (!(v->flags & VM_SHARED) || !v->file)
        return;
    struct tlb_gather g;
    tlb_gather_init(&g, v->mm, false);
    walk_ptes(v, start, end, clean_ptes, &g);
    tlb_finish(&g);
    writeback_range(v->file, v->pgoff + (start - v->start) / PAGE_SIZE, (end - start) / PAGE_SIZE);
}
