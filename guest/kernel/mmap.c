/* mmap.c — what the memory system calls do to an address space: mmap (a VMA and
 * nothing else: pages come on faults), munmap of any sub-range (splitting VMAs at the
 * edges, freeing frames and empty page tables), mprotect (split, change, merge),
 * madvise(MADV_DONTNEED), msync, mremap (grow in place, or move the page-table entries)
 * and brk, which grows and shrinks the heap VMA. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "swap.h"
#include "vm.h"

/* A new VMA for [addr, addr+len), which is free; merged with alike neighbours. */
static int mmap_region(struct mm *mm, uint64_t addr, uint64_t len, const struct mmap_req *req)
{
    if (mm->map_count >= MAX_MAP_COUNT)
        return -ENOMEM;
    struct vma *v = vma_alloc();
    if (!v)
        return -ENOMEM;
    if (req->path && !(v->path = kstrdup(req->path))) {
        vma_free(v);
        return -ENOMEM;
    }
    v->start = addr;
    v->end = addr + len;
    v->flags = req->flags;
    v->file = req->file ? inode_get(req->file) : NULL;
    v->pgoff = req->pgoff;
    vma_link(mm, v);
    vm_stat_account(mm, v->flags, (int64_t)(len / PAGE_SIZE));
    vma_merge_range(mm, addr, addr + len);
    return 0;
}

/* Maps req->len bytes at a place chosen from the hint req->addr, or exactly there when
 * req->fixed (replacing what was there unless req->noreplace). Nothing is allocated:
 * the pages come on faults. Returns the address or -errno. */
long do_mmap(struct mm *mm, const struct mmap_req *req)
{
    uint64_t addr = req->addr, len = ROUND_UP(req->len, PAGE_SIZE);
    if (!len || len > USER_TOP)
        return -ENOMEM;
    if (req->fixed) {
        if (addr % PAGE_SIZE)
            return -EINVAL;
        if (addr > USER_TOP - len)
            return -ENOMEM;
        if (addr < USER_MIN)
            return -EPERM;
        if (req->noreplace && !range_is_free(mm, addr, addr + len))
            return -EEXIST;
        int err = do_munmap(mm, addr, len);
        if (err)
            return err;
    } else if (!(addr = get_unmapped_area(mm, addr, len))) {
        return -ENOMEM;
    }
    int err = mmap_region(mm, addr, len, req);
    return err ? err : (long)addr;
}

/* Drops a whole VMA: its pages (written back if shared), its accounting, itself; the
 * PTEs and frames go through g, fenced when the caller finishes it. */
static void remove_vma(struct mm *mm, struct vma *v, struct tlb_gather *g)
{
    zap_page_range_gather(g, v, v->start, v->end);
    if ((v->flags & VM_SHARED) && v->file)
        writeback_range(v->file, v->pgoff, (v->end - v->start) / PAGE_SIZE);
    vm_stat_account(mm, v->flags, -(int64_t)((v->end - v->start) / PAGE_SIZE));
    vma_unlink(mm, v);
    vma_free(v);
}

/* Splits the VMAs that straddle start or end, so [start, end) is made of whole VMAs.
 * Returns the first VMA inside the range (NULL if none), or sets *err. */
static struct vma *split_range(struct mm *mm, uint64_t start, uint64_t end, int *err)
{
    *err = 0;
    struct vma *v = vma_find_above(mm, start);
    if (!v || v->start >= end)
        return NULL;
    if (v->start < start) {
        if ((*err = vma_split(v, start)) < 0)
            return NULL;
        v = v->next;
    }
    struct vma *last = vma_find_above(mm, end - 1);
    if (last && last->start < end && last->end > end && (*err = vma_split(last, end)) < 0)
        return NULL;
    return v;
}

static bool range_ok(uint64_t start, uint64_t len)
{
    return start % PAGE_SIZE == 0 && start < USER_TOP && len <= USER_TOP - start;
}

/* munmap: removes [start, start+len) from the address space, whatever is there. */
int do_munmap(struct mm *mm, uint64_t start, uint64_t len)
{
    len = ROUND_UP(len, PAGE_SIZE);
    if (!range_ok(start, len) || !len)
        return -EINVAL;
    uint64_t end = start + len;
    int err;
    struct vma *v = split_range(mm, start, end, &err);
    if (err)
        return err;
    /* One gather for every VMA and table of the range: one shootdown per munmap. */
    struct tlb_gather g;
    tlb_gather_init(&g, mm, false);
    while (v && v->start < end) {
        struct vma *next = v->next;
        remove_vma(mm, v, &g);
        v = next;
    }
    free_pgtables_gather(&g, mm, start, end);
    tlb_finish(&g);
    return 0;
}

/* Whether [start, end) is covered by VMAs without a hole. */
static bool range_mapped(struct mm *mm, uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end;) {
        struct vma *v = vma_find(mm, va);
        if (!v)
            return false;
        va = v->end;
    }
    return true;
}

/* Gives one whole VMA new permissions: its flags, its counters, its PTEs. */
static void mprotect_fixup(struct mm *mm, struct vma *v, uint32_t prot_flags)
{
    uint32_t flags = (v->flags & ~VM_PROT_MASK) | prot_flags;
    if (flags == v->flags)
        return;
    int64_t npages = (int64_t)((v->end - v->start) / PAGE_SIZE);
    vm_stat_account(mm, v->flags, -npages);
    v->flags = flags;
    vm_stat_account(mm, v->flags, npages);
    change_protection(v, v->start, v->end);
}

/* mprotect: new permissions for the whole pages of [start, start+len). As on Linux,
 * the VMAs are changed in order up to the first hole, which gives -ENOMEM. */
int do_mprotect(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot_flags)
{
    len = ROUND_UP(len, PAGE_SIZE);
    if (start % PAGE_SIZE)
        return -EINVAL;
    if (len > USER_TOP || start > USER_TOP - len)
        return -ENOMEM;
    uint64_t end = start + len;
    if (!len)
        return 0;
    struct vma *first = vma_find(mm, start);
    if (!first)
        return -ENOMEM;
    uint64_t at = start;
    for (struct vma *v = first; v && v->start <= at && at < end; v = v->next) {
        if ((prot_flags & VM_WRITE) && !(v->flags & VM_MAYWRITE))
            return -EACCES;
        at = v->end;
    }
    uint64_t stop = MIN(at, end);          /* the mapped prefix */
    int err;
    struct vma *v = split_range(mm, start, stop, &err);
    if (err)
        return err;
    for (; v && v->start < stop; v = v->next)
        mprotect_fixup(mm, v, prot_flags);
    vma_merge_range(mm, start, stop);
    return stop < end ? -ENOMEM : 0;
}

/* prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME): names the anonymous VMAs of [start,
 * start+len) — name NULL clears it — splitting at the ends and merging alike
 * neighbours, as Linux does (/proc/PID/maps then shows "[anon:NAME]"). -EBADF and
 * nothing changed if a file mapping is in the range; -ENOMEM after naming the mapped
 * parts if some of it is unmapped. */
int do_set_anon_name(struct mm *mm, uint64_t start, uint64_t len, const char *name)
{
    len = ROUND_UP(len, PAGE_SIZE);
    if (!range_ok(start, len))
        return -EINVAL;
    uint64_t end = start + len;
    if (!len)
        return 0;
    for (struct vma *v = vma_find_above(mm, start); v && v->start < end; v = v->next)
        if (v->file || (v->flags & VM_SPECIAL))
            return -EBADF;
    int err;
    struct vma *v = split_range(mm, start, end, &err);
    if (err)
        return err;
    for (; v && v->start < end; v = v->next) {
        char *copy = NULL;
        if (name && !(copy = kstrdup(name)))
            return -ENOMEM;
        kfree(v->anon_name);
        v->anon_name = copy;
    }
    vma_merge_range(mm, start, end);
    return range_mapped(mm, start, end) ? 0 : -ENOMEM;
}

/* madvise(MADV_DONTNEED): drops the pages of [start, start+len); the next touch
 * brings zeros (anonymous) or the file's data again. -ENOMEM if part is unmapped. */
int do_madvise_dontneed(struct mm *mm, uint64_t start, uint64_t len)
{
    len = ROUND_UP(len, PAGE_SIZE);
    if (!range_ok(start, len))
        return -EINVAL;
    uint64_t end = start + len;
    for (struct vma *v = vma_find_above(mm, start); v && v->start < end; v = v->next)
        zap_page_range(v, MAX(v->start, start), MIN(v->end, end));
    return range_mapped(mm, start, end) ? 0 : -ENOMEM;
}

/* The anonymous page mapped at va that no other process maps, with a reference, or
 * NULL. With mm->lock held (the tables stay); the PTE is read under the page-table
 * lock, which reclaim takes to change it. */
static struct page *own_anon_page(struct mm *mm, uint64_t va)
{
    struct page *pg = NULL;
    spin_lock(&mm->ptl);
    pte_t *pte = walk(mm->pgdir, va, false);
    pte_t e = pte ? pte_read(pte) : 0;
    if ((e & PTE_V) && pa_is_ram(PTE2PA(e))) {
        struct page *p = pa_to_page(PTE2PA(e));
        if (p->owner == OWNER_ANON &&
            page_count(p) - ((p->flags & PG_SWAPCACHE) ? 1 : 0) == 1) {
            get_page(p);
            pg = p;
        }
    }
    spin_unlock(&mm->ptl);
    return pg;
}

/* madvise(MADV_PAGEOUT): the anonymous pages of [start, start+len) that only this
 * process maps go to swap now, used or not, and their frames are freed (the next touch
 * is a major fault): each is evicted as reclaim would evict it, unmapped with a TLB
 * shootdown to every hart the mm has run on. Without swap nothing happens. mm->lock is
 * held by the caller and dropped around each eviction (which sleeps on the disk);
 * -ENOMEM if part of the range is unmapped. */
int do_madvise_pageout(struct mm *mm, uint64_t start, uint64_t len)
{
    len = ROUND_UP(len, PAGE_SIZE);
    if (!range_ok(start, len))
        return -EINVAL;
    uint64_t end = start + len;
    if (!range_mapped(mm, start, end))
        return -ENOMEM;
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        struct vma *v = vma_find(mm, va);
        if (!v || v->file || (v->flags & (VM_SHARED | VM_SPECIAL)))
            continue;
        struct page *pg = own_anon_page(mm, va);
        if (!pg)
            continue;
        mutex_unlock(&mm->lock);
        reclaim_page(pg);
        if (mutex_lock_killable(&mm->lock))
            return -EINTR;
    }
    return 0;
}

/* msync: writes back what shared file mappings in the range have written. */
int do_msync(struct mm *mm, uint64_t start, uint64_t len)
{
    len = ROUND_UP(len, PAGE_SIZE);
    if (!range_ok(start, len))
        return -ENOMEM;
    uint64_t end = start + len;
    for (struct vma *v = vma_find_above(mm, start); v && v->start < end; v = v->next)
        sync_shared_range(v, MAX(v->start, start), MIN(v->end, end));
    return range_mapped(mm, start, end) ? 0 : -ENOMEM;
}

/* Moves [old, old+len), a whole VMA after splitting, to new_addr (free) with size
 * new_len >= len; the frames follow their page-table entries. */
static long move_vma(struct mm *mm, uint64_t old, uint64_t len, uint64_t new_addr, uint64_t new_len)
{
    int err;
    struct vma *v = split_range(mm, old, old + len, &err);
    if (err)
        return err;
    if (mm->map_count >= MAX_MAP_COUNT)
        return -ENOMEM;
    struct vma *n = vma_alloc();
    if (!n)
        return -ENOMEM;
    if (vma_copy(n, v) < 0) {
        vma_free(n);
        return -ENOMEM;
    }
    n->start = new_addr;
    n->end = new_addr + new_len;
    vma_link(mm, n);
    vm_stat_account(mm, n->flags, (int64_t)(new_len / PAGE_SIZE));
    err = move_page_tables(v, old, new_addr, len);
    struct tlb_gather g;
    tlb_gather_init(&g, mm, false);
    remove_vma(mm, v, &g);
    free_pgtables_gather(&g, mm, old, old + len);
    tlb_finish(&g);
    vma_merge_range(mm, new_addr, new_addr + new_len);
    return err ? err : (long)new_addr;
}

/* mremap: resizes [old, old+old_len), which must lie in one VMA. Shrinks in place,
 * grows in place when the pages above are free, else moves (if allowed). */
long do_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
               uint64_t new_addr)
{
    bool may_move = flags & MREMAP_MAYMOVE, fixed = flags & MREMAP_FIXED;
    old_len = ROUND_UP(old_len, PAGE_SIZE);
    new_len = ROUND_UP(new_len, PAGE_SIZE);
    if (old % PAGE_SIZE || !new_len || !old_len || !range_ok(old, old_len) ||
        (fixed && (!may_move || new_addr % PAGE_SIZE || !range_ok(new_addr, new_len))))
        return -EINVAL;
    struct vma *v = vma_find(mm, old);
    if (!v || old + old_len > v->end)
        return -EFAULT;
    if (v->flags & VM_SPECIAL)
        return -EINVAL;
    if (fixed) {
        if (new_addr < old + old_len && old < new_addr + new_len)
            return -EINVAL;
        int err = do_munmap(mm, new_addr, new_len);
        if (!err && new_len < old_len)
            err = do_munmap(mm, old + new_len, old_len - new_len);
        return err ? err : move_vma(mm, old, MIN(old_len, new_len), new_addr, new_len);
    }
    if (new_len <= old_len) {
        if (new_len < old_len)
            do_munmap(mm, old + new_len, old_len - new_len);
        return (long)old;
    }
    uint64_t end = old + old_len;
    if (v->end == end && end <= USER_TOP - (new_len - old_len) &&
        get_unmapped_area(mm, end, new_len - old_len) == end) {
        vm_stat_account(mm, v->flags, (int64_t)((new_len - old_len) / PAGE_SIZE));
        vma_set_range(v, v->start, old + new_len);
        vma_merge_range(mm, old, old + new_len);
        return (long)old;
    }
    if (!may_move)
        return -ENOMEM;
    uint64_t dst = get_unmapped_area(mm, 0, new_len);
    return dst ? move_vma(mm, old, old_len, dst, new_len) : -ENOMEM;
}

/* brk: moves the end of the heap. Growing adds to the heap VMA (no frame until a
 * touch); shrinking unmaps, freeing frames and page tables. Returns the break now. */
uint64_t do_brk(struct mm *mm, uint64_t newbrk)
{
    uint64_t old_end = ROUND_UP(mm->brk, PAGE_SIZE);
    uint64_t new_end = ROUND_UP(newbrk, PAGE_SIZE);
    if (newbrk < mm->start_brk || newbrk > MMAP_TOP)
        return mm->brk;
    if (new_end < old_end && do_munmap(mm, new_end, old_end - new_end) < 0)
        return mm->brk;
    if (new_end > old_end) {
        struct mmap_req heap = { .flags = VM_READ | VM_WRITE | VM_MAYWRITE };
        if (get_unmapped_area(mm, old_end, new_end - old_end) != old_end ||
            mmap_region(mm, old_end, new_end - old_end, &heap) < 0)
            return mm->brk;
    }
    mm->brk = newbrk;
    return mm->brk;
}

/* A one-page VMA showing a kernel page (the [vdso]); faulted in like any other. */
int install_special_mapping(struct mm *mm, uint64_t va, struct page *pg, uint32_t flags,
                            const char *name)
{
    struct vma *v = vma_alloc();
    if (!v)
        return -ENOMEM;
    if (!range_is_free(mm, va, va + PAGE_SIZE)) {
        vma_free(v);
        return -EEXIST;
    }
    v->start = va;
    v->end = va + PAGE_SIZE;
    v->flags = flags | VM_SPECIAL;
    v->special = pg;
    v->name = name;
    vma_link(mm, v);
    vm_stat_account(mm, v->flags, 1);
    return 0;
}
