/* mm.c — address spaces: creation, fork's copy, teardown, the sorted VMA list, anonymous
 * mappings, munmap with VMA splitting, brk, mprotect, and ASID allocation. Frames are
 * allocated and mapped as soon as a range is mapped (demand paging comes later). */
#include "mm.h"
#include "page.h"
#include "slab.h"
#include "vm.h"

static struct kmem_cache *mm_cache, *vma_cache;

/* ASIDs: a bitmap over what satp holds; 0 is shared by the kernel and by address spaces
 * that found no free ASID (those flush the TLB when switched to). */
#define MAX_ASIDS 65536
static uint64_t asid_map[MAX_ASIDS / 64];
static unsigned nr_asids;

void asid_init(void)
{
    mm_cache = kmem_cache_create("mm_struct", sizeof(struct mm));
    vma_cache = kmem_cache_create("vm_area_struct", sizeof(struct vma));
    nr_asids = 1u << asid_bits;
    asid_map[0] = 1;
}

static uint16_t asid_alloc(void)
{
    for (unsigned a = 1; a < nr_asids; a++) {
        if (!(asid_map[a / 64] & (1UL << (a % 64)))) {
            asid_map[a / 64] |= 1UL << (a % 64);
            sfence_vma_asid(a);         /* drop what its last owner left in the TLB */
            return a;
        }
    }
    return 0;
}

static void asid_free(uint16_t a)
{
    if (a)
        asid_map[a / 64] &= ~(1UL << (a % 64));
}

void switch_mm(struct mm *mm)
{
    if (!mm) {
        csr_write(satp, MAKE_SATP(V2P(kernel_pgdir), 0));
        return;
    }
    csr_write(satp, MAKE_SATP(V2P(mm->pgdir), mm->asid));
    if (mm->asid == 0)
        sfence_vma_all();
}

static void flush_page(struct mm *mm, uint64_t va)
{
    sfence_vma_page(va, mm->asid);
}

uint64_t vma_pte_perm(uint32_t flags)
{
    uint64_t perm = PTE_U | PTE_A | PTE_D;
    if (flags & VM_READ)
        perm |= PTE_R;
    if (flags & VM_WRITE)
        perm |= PTE_R | PTE_W;
    if (flags & VM_EXEC)
        perm |= PTE_X;
    return perm;
}

struct mm *mm_create(void)
{
    struct mm *mm = kmem_cache_zalloc(mm_cache);
    if (!mm)
        return NULL;
    if (!(mm->pgdir = pgdir_create())) {
        kmem_cache_free(mm_cache, mm);
        return NULL;
    }
    mm->asid = asid_alloc();
    return mm;
}

/* Unmaps [start, end) page by page, dropping each frame's reference. */
static void unmap_range(struct mm *mm, uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        uint64_t pa = unmap_page(mm->pgdir, va);
        if (pa) {
            put_page(pa_to_page(pa));
            mm->rss_pages--;
            flush_page(mm, va);
        }
    }
}

static void vma_free(struct vma *v)
{
    kmem_cache_free(vma_cache, v);
}

void mm_destroy(struct mm *mm)
{
    struct vma *v = mm->vmas, *next;
    for (; v; v = next) {
        next = v->next;
        unmap_range(mm, v->start, v->end);
        vma_free(v);
    }
    pgdir_free(mm->pgdir);
    asid_free(mm->asid);
    if (mm->asid == 0)
        sfence_vma_all();
    kfree(mm->exe);
    kmem_cache_free(mm_cache, mm);
}

struct vma *vma_find(struct mm *mm, uint64_t addr)
{
    for (struct vma *v = mm->vmas; v && v->start <= addr; v = v->next)
        if (addr < v->end)
            return v;
    return NULL;
}

/* Links v into the sorted list; fails if it overlaps an existing VMA. */
static int vma_insert(struct mm *mm, struct vma *v)
{
    struct vma **pp = &mm->vmas;
    while (*pp && (*pp)->end <= v->start)
        pp = &(*pp)->next;
    if (*pp && (*pp)->start < v->end)
        return -EINVAL;
    v->next = *pp;
    *pp = v;
    mm->total_pages += (v->end - v->start) / PAGE_SIZE;
    return 0;
}

/* Allocates and maps zeroed frames over [start, end). On failure unmaps what it did. */
static int populate(struct mm *mm, uint64_t start, uint64_t end, uint32_t flags)
{
    uint64_t perm = vma_pte_perm(flags);
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        void *frame = alloc_zeroed_page(OWNER_ANON);
        if (!frame || map_page(mm->pgdir, va, V2P(frame), perm) < 0) {
            if (frame)
                free_pages(virt_to_page(frame), 0);
            unmap_range(mm, start, va);
            return -ENOMEM;
        }
        mm->rss_pages++;
    }
    return 0;
}

/* Maps anonymous zeroed memory at [start, start+len) with VM_* flags. */
int mm_map_anon(struct mm *mm, uint64_t start, uint64_t len, uint32_t flags, const char *name)
{
    uint64_t end = start + ROUND_UP(len, PAGE_SIZE);
    if (start % PAGE_SIZE || end <= start || end > USER_TOP || start < USER_MIN)
        return -EINVAL;
    struct vma *v = kmem_cache_zalloc(vma_cache);
    if (!v)
        return -ENOMEM;
    v->start = start;
    v->end = end;
    v->flags = flags;
    v->name = name;
    int err = vma_insert(mm, v);
    if (err) {
        vma_free(v);
        return err;
    }
    if ((err = populate(mm, start, end, flags)) < 0) {
        mm_unmap(mm, start, end - start);
        return err;
    }
    return 0;
}

/* Maps one existing frame (shared, so it takes a reference) as a one-page VMA. */
int mm_map_shared_page(struct mm *mm, uint64_t va, struct page *pg, uint32_t flags, const char *name)
{
    struct vma *v = kmem_cache_zalloc(vma_cache);
    if (!v)
        return -ENOMEM;
    v->start = va;
    v->end = va + PAGE_SIZE;
    v->flags = flags | VM_SHARED;
    v->name = name;
    int err = vma_insert(mm, v);
    if (err) {
        vma_free(v);
        return err;
    }
    if ((err = map_page(mm->pgdir, va, page_to_pa(pg), vma_pte_perm(flags))) < 0) {
        mm_unmap(mm, va, PAGE_SIZE);
        return err;
    }
    get_page(pg);
    mm->rss_pages++;
    return 0;
}

/* Splits v at addr (strictly inside it); v keeps the lower part. */
static int vma_split(struct vma *v, uint64_t addr)
{
    struct vma *hi = kmem_cache_alloc(vma_cache);
    if (!hi)
        return -ENOMEM;
    *hi = *v;
    hi->start = addr;
    hi->pgoff += (addr - v->start) / PAGE_SIZE;
    v->end = addr;
    v->next = hi;
    return 0;
}

/* Removes [start, start+len) from the address space, splitting VMAs at the edges. */
int mm_unmap(struct mm *mm, uint64_t start, uint64_t len)
{
    uint64_t end = start + ROUND_UP(len, PAGE_SIZE);
    if (start % PAGE_SIZE || end <= start || end > USER_TOP)
        return -EINVAL;
    struct vma **pp = &mm->vmas;
    while (*pp) {
        struct vma *v = *pp;
        if (v->end <= start) {
            pp = &v->next;
            continue;
        }
        if (v->start >= end)
            break;
        if (v->start < start) {             /* keep the part below start */
            if (vma_split(v, start) < 0)
                return -ENOMEM;
            pp = &v->next;
            continue;
        }
        if (v->end > end && vma_split(v, end) < 0)
            return -ENOMEM;
        unmap_range(mm, v->start, v->end);
        mm->total_pages -= (v->end - v->start) / PAGE_SIZE;
        *pp = v->next;
        vma_free(v);
    }
    return 0;
}

/* A free range of len bytes, searching down from MMAP_TOP; 0 if none. */
uint64_t mm_get_unmapped_area(struct mm *mm, uint64_t len)
{
    len = ROUND_UP(len, PAGE_SIZE);
    uint64_t top = MMAP_TOP;
    for (;;) {
        if (top < len || top - len < USER_MIN)
            return 0;
        uint64_t start = top - len;
        struct vma *clash = NULL;
        for (struct vma *v = mm->vmas; v; v = v->next)
            if (v->start < top && start < v->end)
                clash = v;              /* keep the highest one */
        if (!clash)
            return start;
        top = clash->start;
    }
}

static bool range_free(struct mm *mm, uint64_t start, uint64_t end)
{
    for (struct vma *v = mm->vmas; v; v = v->next)
        if (v->start < end && start < v->end)
            return false;
    return end <= MMAP_TOP;
}

/* mremap: resizes [old, old+old_len), which must lie in one VMA. Grows in place when
 * the pages above are free, else moves (if allowed) carrying the frames along.
 * Returns the new address or -errno. */
long mm_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, bool may_move)
{
    old_len = ROUND_UP(old_len, PAGE_SIZE);
    new_len = ROUND_UP(new_len, PAGE_SIZE);
    if (old % PAGE_SIZE || !new_len || !old_len || old + old_len < old)
        return -EINVAL;
    struct vma *v = vma_find(mm, old);
    if (!v || old + old_len > v->end)
        return -EFAULT;
    if (new_len <= old_len) {
        mm_unmap(mm, old + new_len, old_len - new_len);
        return (long)old;
    }
    uint64_t end = old + old_len;
    if (v->end == end && range_free(mm, end, old + new_len)) {
        if (populate(mm, end, old + new_len, v->flags) < 0)
            return -ENOMEM;
        v->end = old + new_len;
        mm->total_pages += (new_len - old_len) / PAGE_SIZE;
        return (long)old;
    }
    if (!may_move || (v->flags & VM_SHARED))
        return -ENOMEM;
    uint64_t dst = mm_get_unmapped_area(mm, new_len);
    struct vma *n = dst ? kmem_cache_alloc(vma_cache) : NULL;
    if (!n)
        return -ENOMEM;
    *n = *v;
    n->start = dst;
    n->end = dst + new_len;
    vma_insert(mm, n);
    if (populate(mm, dst + old_len, dst + new_len, v->flags) < 0) {
        mm_unmap(mm, dst, new_len);
        return -ENOMEM;
    }
    for (uint64_t off = 0; off < old_len; off += PAGE_SIZE) {
        pte_t *pte = walk(mm->pgdir, old + off, false);
        if (!pte || !(*pte & PTE_V))
            continue;
        uint64_t perm = PTE_FLAGS(*pte) & ~PTE_V;
        uint64_t pa = unmap_page(mm->pgdir, old + off);
        flush_page(mm, old + off);
        if (map_page(mm->pgdir, dst + off, pa, perm) < 0) {
            put_page(pa_to_page(pa));          /* no table page: the data is lost */
            mm->rss_pages--;
        }
    }
    mm_unmap(mm, old, old_len);
    return (long)dst;
}

/* Linux brk: moves the end of the heap, returns the break in force afterwards. */
uint64_t mm_brk(struct mm *mm, uint64_t newbrk)
{
    uint64_t old_end = ROUND_UP(mm->brk, PAGE_SIZE);
    uint64_t new_end = ROUND_UP(newbrk, PAGE_SIZE);
    if (newbrk < mm->start_brk || newbrk >= MMAP_TOP)
        return mm->brk;
    if (new_end > old_end) {
        for (struct vma *v = mm->vmas; v; v = v->next)
            if (v->start < new_end && old_end < v->end && !(v->name && strcmp(v->name, "[heap]") == 0))
                return mm->brk;
        struct vma *heap = vma_find(mm, old_end - 1);
        if (heap && heap->end == old_end && heap->name && strcmp(heap->name, "[heap]") == 0) {
            if (populate(mm, old_end, new_end, heap->flags) < 0)
                return mm->brk;
            mm->total_pages += (new_end - old_end) / PAGE_SIZE;
            heap->end = new_end;
        } else if (mm_map_anon(mm, old_end, new_end - old_end, VM_READ | VM_WRITE, "[heap]") < 0) {
            return mm->brk;
        }
    } else if (new_end < old_end) {
        mm_unmap(mm, new_end, old_end - new_end);
    }
    mm->brk = newbrk;
    return mm->brk;
}

/* Changes the permissions of whole pages in [start, start+len); every page must be mapped. */
int mm_protect(struct mm *mm, uint64_t start, uint64_t len, uint32_t flags)
{
    uint64_t end = start + ROUND_UP(len, PAGE_SIZE);
    if (start % PAGE_SIZE || end < start || end > USER_TOP)
        return -EINVAL;
    for (uint64_t va = start; va < end;) {
        struct vma *v = vma_find(mm, va);
        if (!v)
            return -ENOMEM;
        va = v->end;
    }
    for (struct vma *v = mm->vmas; v && v->start < end; v = v->next) {
        if (v->end <= start)
            continue;
        if (v->start < start) {
            if (vma_split(v, start) < 0)
                return -ENOMEM;
            continue;
        }
        if (v->end > end && vma_split(v, end) < 0)
            return -ENOMEM;
        v->flags = (v->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | flags;
        uint64_t perm = vma_pte_perm(flags);
        for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
            pte_t *pte = walk(mm->pgdir, va, false);
            if (pte && (*pte & PTE_V)) {
                *pte = (*pte & ~(uint64_t)0x3ff) | perm | PTE_V;
                flush_page(mm, va);
            }
        }
    }
    return 0;
}

/* fork: a copy of every VMA and of every page (eager; copy-on-write comes later). */
struct mm *mm_dup(struct mm *old)
{
    struct mm *mm = mm_create();
    if (!mm)
        return NULL;
    uint16_t asid = mm->asid;
    pagetable_t pgdir = mm->pgdir;
    *mm = *old;
    mm->asid = asid;
    mm->pgdir = pgdir;
    mm->vmas = NULL;
    mm->total_pages = mm->rss_pages = 0;
    mm->exe = old->exe ? kstrdup(old->exe) : NULL;
    struct vma **tail = &mm->vmas;
    for (struct vma *v = old->vmas; v; v = v->next) {
        struct vma *n = kmem_cache_alloc(vma_cache);
        if (!n)
            goto fail;
        *n = *v;
        n->next = NULL;
        if (n->name && old->exe && n->name == old->exe)
            n->name = mm->exe;
        *tail = n;
        tail = &n->next;
        mm->total_pages += (v->end - v->start) / PAGE_SIZE;
        for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
            uint64_t pa = walk_user_pa(old->pgdir, va);
            if (!pa)
                continue;
            pte_t *opte = walk(old->pgdir, va, false);
            if (v->flags & VM_SHARED) {
                if (map_page(mm->pgdir, va, pa, PTE_FLAGS(*opte) & ~PTE_V) < 0)
                    goto fail;
                get_page(pa_to_page(pa));
                mm->rss_pages++;
                continue;
            }
            struct page *pg = alloc_page(OWNER_ANON);
            if (!pg)
                goto fail;
            void *frame = page_address(pg);
            memcpy(frame, P2V(pa), PAGE_SIZE);
            if (map_page(mm->pgdir, va, V2P(frame), PTE_FLAGS(*opte) & ~PTE_V) < 0) {
                free_pages(virt_to_page(frame), 0);
                goto fail;
            }
            mm->rss_pages++;
        }
    }
    return mm;
fail:
    mm_destroy(mm);
    return NULL;
}
