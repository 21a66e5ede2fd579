/* memory.c — page-table work over ranges of a VMA, as Linux's mm/memory.c names it:
 * zap_page_range (munmap, MADV_DONTNEED, exit), free_pgtables, copy_page_range (fork's
 * copy-on-write sharing), change_protection (mprotect), move_page_tables (mremap), and
 * the shared zero page. Walks skip absent tables a whole table at a time, so a sparse
 * 200 GiB mapping costs what is actually mapped. TLB entries are dropped page by page
 * (sfence.vma va, asid) for small changes and per ASID for large ones, as Linux's
 * riscv flush_tlb_range does above its threshold. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "trace.h"
#include "vm.h"

#define FLUSH_PAGES_MAX 64        /* above this, one sfence.vma per ASID */

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
    vm_events.zero_insns += csr_read(instret) - t0;
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
    vm_events.copy_insns += csr_read(instret) - t0;
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

/* Which RSS counter a frame mapped in v counts in (Linux's mm_counter). */
int mm_counter(const struct vma *v, const struct page *pg)
{
    if (pg->owner == OWNER_ANON)
        return MM_ANONPAGES;
    if (v->file && v->file->nlink == 0 && (v->flags & VM_SHARED))
        return MM_SHMEMPAGES;
    return MM_FILEPAGES;
}

/* TLB shootdown batching (Linux's mmu_gather): the pages whose PTEs changed. */
struct tlb_gather {
    struct mm *mm;
    unsigned n;
    bool tables_freed;
    uint64_t va[FLUSH_PAGES_MAX];
};

static void tlb_gather_init(struct tlb_gather *g, struct mm *mm)
{
    g->mm = mm;
    g->n = 0;
    g->tables_freed = false;
}

static void tlb_gather_page(struct tlb_gather *g, uint64_t va)
{
    if (g->n < FLUSH_PAGES_MAX)
        g->va[g->n] = va;
    g->n++;
}

/* Issues the fences: one per page, or one for the ASID when there were many or when
 * a table page went away (non-leaf PTEs need rs1 = x0, says the privileged spec). */
static void tlb_finish(struct tlb_gather *g)
{
    if (g->n > FLUSH_PAGES_MAX || g->tables_freed) {
        flush_tlb_mm(g->mm);
        return;
    }
    for (unsigned i = 0; i < g->n; i++)
        flush_tlb_page(g->mm, g->va[i]);
}

typedef void (*pte_fn)(struct vma *v, pte_t *pte, uint64_t va, void *arg);

/* Calls fn on every valid leaf PTE of v's mm in [start, end), in address order;
 * missing tables are skipped whole. */
static void walk_ptes(struct vma *v, uint64_t start, uint64_t end, pte_fn fn, void *arg)
{
    pagetable_t root = v->mm->pgdir;
    uint64_t va = start;
    while (va < end) {
        pte_t l2 = root[PX(2, va)];
        if (!(l2 & PTE_V)) {
            va = ROUND_DOWN(va, LEVEL_SIZE(2)) + LEVEL_SIZE(2);
            continue;
        }
        pte_t l1 = ((pagetable_t)P2V(PTE2PA(l2)))[PX(1, va)];
        uint64_t next = ROUND_DOWN(va, LEVEL_SIZE(1)) + LEVEL_SIZE(1);
        if (l1 & PTE_V) {
            pagetable_t t0 = P2V(PTE2PA(l1));
            for (uint64_t stop = MIN(end, next); va < stop; va += PAGE_SIZE)
                if (t0[PX(0, va)] & PTE_V)
                    fn(v, &t0[PX(0, va)], va, arg);
        }
        va = next;
    }
}

/* The level-0 PTE for va in mm, allocating table pages as needed (counted in
 * mm->nr_ptes, VmPTE). NULL when out of memory. */
pte_t *pte_alloc(struct mm *mm, uint64_t va)
{
    pagetable_t t = mm->pgdir;
    for (int level = 2; level > 0; level--) {
        pte_t *pte = &t[PX(level, va)];
        if (!(*pte & PTE_V)) {
            pagetable_t n = alloc_zeroed_page(OWNER_PAGETABLE);
            if (!n)
                return NULL;
            *pte = PA2PTE(V2P(n)) | PTE_V;
            mm->nr_ptes++;
        }
        t = P2V(PTE2PA(*pte));
    }
    return &t[PX(0, va)];
}

/* A shared file page written through a PTE is dirty: its data must reach the file. */
static void pte_dirty_to_page(struct vma *v, pte_t pte, struct page *pg)
{
    if ((v->flags & VM_SHARED) && v->file && (pte & PTE_D))
        pg->flags |= PG_DIRTY;
}

/* Drops one PTE and its frame's reference. */
static void zap_pte(struct vma *v, pte_t *pte, uint64_t va, void *arg)
{
    struct tlb_gather *g = arg;
    struct page *pg = pa_to_page(PTE2PA(*pte));
    pte_t old = *pte;
    *pte = 0;
    tlb_gather_page(g, va);
    if (pg == the_zero_page)
        return;
    pte_dirty_to_page(v, old, pg);
    mm_add_rss(v->mm, mm_counter(v, pg), -1);
    put_page(pg);
}

/* Unmaps every page of v in [start, end) and releases the frames. */
void zap_page_range(struct vma *v, uint64_t start, uint64_t end)
{
    struct tlb_gather g;
    tlb_gather_init(&g, v->mm);
    walk_ptes(v, start, end, zap_pte, &g);
    tlb_finish(&g);
}

static bool table_empty(pagetable_t t)
{
    for (int i = 0; i < 512; i++)
        if (t[i])
            return false;
    return true;
}

static void free_table(struct mm *mm, pte_t *entry)
{
    free_pages(pa_to_page(PTE2PA(*entry)), 0);
    *entry = 0;
    mm->nr_ptes--;
}

/* After [start, end) was unmapped: frees the level-0 and level-1 tables there that
 * map nothing any more, and fences the ASID if any went away. */
void free_pgtables(struct mm *mm, uint64_t start, uint64_t end)
{
    bool freed = false;
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
                free_table(mm, l1);
                freed = true;
            }
        }
        if (table_empty(t1)) {
            free_table(mm, l2);
            freed = true;
        }
    }
    if (freed)
        flush_tlb_mm(mm);
}

struct copy_args {
    struct mm *dst;
    int err;
    bool wrprotected;
};

/* fork: the child maps the same frame. A private writable page becomes read-only in
 * both, so the first write to it, in either, is a copy-on-write fault. */
static void copy_pte(struct vma *v, pte_t *pte, uint64_t va, void *arg)
{
    struct copy_args *c = arg;
    if (c->err)
        return;
    pte_t *dpte = pte_alloc(c->dst, va);
    if (!dpte) {
        c->err = -ENOMEM;
        return;
    }
    struct page *pg = pa_to_page(PTE2PA(*pte));
    if (!(v->flags & VM_SHARED) && (*pte & PTE_W)) {
        *pte &= ~PTE_W;
        c->wrprotected = true;
    }
    *dpte = *pte;
    if (pg == the_zero_page)
        return;
    get_page(pg);
    mm_add_rss(c->dst, mm_counter(v, pg), 1);
}

/* Copies the page-table entries of v (in the parent) into dst: pages, not frames. */
int copy_page_range(struct mm *dst, struct vma *v)
{
    struct copy_args c = { dst, 0, false };
    walk_ptes(v, v->start, v->end, copy_pte, &c);
    if (c.wrprotected)
        flush_tlb_mm(v->mm);
    return c.err;
}

/* Whether a present private page may be written in place: an anonymous frame no
 * other mapping shares. */
static bool page_exclusive(const struct page *pg)
{
    return pg != the_zero_page && pg->owner == OWNER_ANON && pg->refcount == 1;
}

/* mprotect: the new permissions for one present page. A private page shared
 * copy-on-write (or the zero page, or a page-cache page) stays read-only. */
static void protect_pte(struct vma *v, pte_t *pte, uint64_t va, void *arg)
{
    struct page *pg = pa_to_page(PTE2PA(*pte));
    uint64_t perm = vma_pte_perm(v->flags);
    if (!(v->flags & VM_SHARED) && !page_exclusive(pg))
        perm &= ~PTE_W;
    pte_t new = (*pte & ~(PTE_R | PTE_W | PTE_X | PTE_U)) | perm;
    if (new != *pte) {
        *pte = new;
        tlb_gather_page(arg, va);
    }
}

void change_protection(struct vma *v, uint64_t start, uint64_t end)
{
    struct tlb_gather g;
    tlb_gather_init(&g, v->mm);
    walk_ptes(v, start, end, protect_pte, &g);
    tlb_finish(&g);
}

struct move_args {
    struct tlb_gather g;
    int64_t delta;
    int err;
};

static void move_pte(struct vma *v, pte_t *pte, uint64_t va, void *arg)
{
    struct move_args *m = arg;
    pte_t old = *pte;
    *pte = 0;
    tlb_gather_page(&m->g, va);
    pte_t *dst = pte_alloc(v->mm, va + m->delta);
    if (dst) {
        *dst = old;
        return;
    }
    struct page *pg = pa_to_page(PTE2PA(old));   /* no table page: the data is lost */
    m->err = -ENOMEM;
    if (pg != the_zero_page) {
        mm_add_rss(v->mm, mm_counter(v, pg), -1);
        put_page(pg);
    }
}

/* mremap: moves the PTEs of [old, old+len) in v to new_start (a free range of the
 * same mm): the frames move without a copy. */
int move_page_tables(struct vma *v, uint64_t old, uint64_t new_start, uint64_t len)
{
    struct move_args m;
    tlb_gather_init(&m.g, v->mm);
    m.delta = (int64_t)(new_start - old);
    m.err = 0;
    walk_ptes(v, old, old + len, move_pte, &m);
    tlb_finish(&m.g);
    return m.err;
}

/* msync: collects the dirty bits of a shared file mapping into the page cache (the
 * PTE's D is cleared, so the next write marks it again) and writes the pages back. */
static void clean_pte(struct vma *v, pte_t *pte, uint64_t va, void *arg)
{
    if (!(*pte & PTE_D))
        return;
    pte_dirty_to_page(v, *pte, pa_to_page(PTE2PA(*pte)));
    *pte &= ~PTE_D;
    tlb_gather_page(arg, va);
}

void sync_shared_range(struct vma *v, uint64_t start, uint64_t end)
{
    if (!(v->flags & VM_SHARED) || !v->file)
        return;
    struct tlb_gather g;
    tlb_gather_init(&g, v->mm);
    walk_ptes(v, start, end, clean_pte, &g);
    tlb_finish(&g);
    writeback_range(v->file, v->pgoff + (start - v->start) / PAGE_SIZE, (end - start) / PAGE_SIZE);
}
