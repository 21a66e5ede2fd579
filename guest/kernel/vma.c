/* vma.c — the VMAs of an address space: a red-black tree keyed by start address for
 * O(log n) lookup, threaded on a list in address order for walks (as Linux kept
 * mm->mmap and mm->mm_rb until 6.1); splitting, merging of compatible neighbours, and
 * the top-down search for a free range that mmap uses. Changes are made with mm->lock
 * held, and mm->ptl too around each change of the tree, the list or a VMA's range,
 * so that the reverse map (which holds only ptl) never sees one half done. */
#include "fs.h"
#include "mm.h"
#include "slab.h"

static struct kmem_cache *vma_cache;

void vma_init(void)
{
    vma_cache = kmem_cache_create("vm_area_struct", sizeof(struct vma));
}

struct vma *vma_alloc(void)
{
    return kmem_cache_zalloc(vma_cache);
}

/* Frees an unlinked VMA and drops its file reference. */
void vma_free(struct vma *v)
{
    if (v->file)
        inode_put(v->file);
    kfree(v->path);
    kfree(v->anon_name);
    kmem_cache_free(vma_cache, v);
}

/* dst becomes a copy of src with its own references (file, path, name), not linked.
 * On -ENOMEM, vma_free(dst) releases what was taken. */
int vma_copy(struct vma *dst, const struct vma *src)
{
    *dst = *src;
    dst->path = NULL;
    dst->anon_name = NULL;
    if (dst->file)
        inode_get(dst->file);
    if (src->path && !(dst->path = kstrdup(src->path)))
        return -ENOMEM;
    if (src->anon_name && !(dst->anon_name = kstrdup(src->anon_name)))
        return -ENOMEM;
    return 0;
}

/* The lowest VMA that ends above addr (Linux's find_vma): it contains addr, or it is
 * the first one above it. NULL if there is none. */
struct vma *vma_find_above(struct mm *mm, uint64_t addr)
{
    struct rb_node *n = mm->vma_tree.node;
    struct vma *best = NULL;
    while (n) {
        struct vma *v = rb_entry(n, struct vma, rb);
        if (v->end > addr) {
            best = v;
            if (v->start <= addr)
                break;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return best;
}

/* The VMA containing addr, or NULL, without touching the cache: for the reverse map,
 * which holds ptl but not the mm's lock. */
struct vma *vma_lookup(struct mm *mm, uint64_t addr)
{
    struct vma *v = vma_find_above(mm, addr);
    return v && v->start <= addr ? v : NULL;
}

/* The VMA containing addr, or NULL. The last hit is cached: faults come in runs. */
struct vma *vma_find(struct mm *mm, uint64_t addr)
{
    struct vma *v = mm->vma_cache;
    if (v && v->start <= addr && addr < v->end)
        return v;
    v = vma_find_above(mm, addr);
    if (!v || v->start > addr)
        return NULL;
    mm->vma_cache = v;
    return v;
}

static struct vma *vma_last(struct mm *mm)
{
    struct rb_node *n = rb_last(&mm->vma_tree);
    return n ? rb_entry(n, struct vma, rb) : NULL;
}

/* Inserts v, which overlaps no VMA of mm, into the tree and the list. */
void vma_link(struct mm *mm, struct vma *v)
{
    spin_lock(&mm->ptl);
    struct rb_node **link = &mm->vma_tree.node, *parent = NULL;
    struct vma *prev = NULL;
    while (*link) {
        parent = *link;
        struct vma *p = rb_entry(parent, struct vma, rb);
        if (v->start < p->start) {
            link = &parent->left;
        } else {
            prev = p;
            link = &parent->right;
        }
    }
    rb_link_node(&v->rb, parent, link);
    rb_insert_color(&v->rb, &mm->vma_tree);
    v->mm = mm;
    v->prev = prev;
    v->next = prev ? prev->next : mm->vmas;
    if (v->next)
        v->next->prev = v;
    if (prev)
        prev->next = v;
    else
        mm->vmas = v;
    mm->map_count++;
    spin_unlock(&mm->ptl);
}

void vma_unlink(struct mm *mm, struct vma *v)
{
    spin_lock(&mm->ptl);
    rb_erase(&v->rb, &mm->vma_tree);
    if (v->prev)
        v->prev->next = v->next;
    else
        mm->vmas = v->next;
    if (v->next)
        v->next->prev = v->prev;
    if (mm->vma_cache == v)
        mm->vma_cache = NULL;
    mm->map_count--;
    spin_unlock(&mm->ptl);
}

/* v now covers [start, end) (the tree order is unchanged: nothing lies between). */
void vma_set_range(struct vma *v, uint64_t start, uint64_t end)
{
    spin_lock(&v->mm->ptl);
    v->start = start;
    v->end = end;
    spin_unlock(&v->mm->ptl);
}

/* Splits v at addr (strictly inside it): v keeps [start, addr), a new VMA takes
 * [addr, end) with the same backing. 0 or -ENOMEM. */
int vma_split(struct vma *v, uint64_t addr)
{
    struct mm *mm = v->mm;
    if (mm->map_count >= MAX_MAP_COUNT)
        return -ENOMEM;
    struct vma *hi = vma_alloc();
    if (!hi)
        return -ENOMEM;
    if (vma_copy(hi, v) < 0) {
        vma_free(hi);
        return -ENOMEM;
    }
    hi->start = addr;
    if (hi->file)
        hi->pgoff += (addr - v->start) / PAGE_SIZE;
    vma_set_range(v, v->start, addr);
    vma_link(mm, hi);
    return 0;
}

/* Whether b, which starts where a ends, could be one VMA with a. */
static bool can_merge(const struct vma *a, const struct vma *b)
{
    if (a->end != b->start || a->flags != b->flags || a->file != b->file ||
        (a->flags & VM_SPECIAL))
        return false;
    if ((a->anon_name || b->anon_name) &&
        (!a->anon_name || !b->anon_name || strcmp(a->anon_name, b->anon_name)))
        return false;
    return !a->file || a->pgoff + (a->end - a->start) / PAGE_SIZE == b->pgoff;
}

/* Absorbs next into v (adjacent and compatible). */
static void vma_absorb_next(struct vma *v)
{
    struct vma *next = v->next;
    vma_unlink(v->mm, next);
    vma_set_range(v, v->start, next->end);
    vma_free(next);
}

/* Merges every compatible pair of adjacent VMAs that touches [start, end]: after an
 * mmap, an mprotect or a brk, neighbours that became alike become one VMA again. */
void vma_merge_range(struct mm *mm, uint64_t start, uint64_t end)
{
    struct vma *v = vma_find_above(mm, start ? start - 1 : 0);
    if (v && v->prev)
        v = v->prev;
    while (v && v->next && v->start <= end) {
        if (can_merge(v, v->next))
            vma_absorb_next(v);
        else
            v = v->next;
    }
}

/* Where the free space below v must end: a stack keeps a guard gap below it. */
static uint64_t vma_start_gap(const struct vma *v)
{
    if (!(v->flags & VM_GROWSDOWN))
        return v->start;
    return v->start > STACK_GUARD_GAP ? v->start - STACK_GUARD_GAP : 0;
}

bool range_is_free(struct mm *mm, uint64_t start, uint64_t end)
{
    struct vma *v = vma_find_above(mm, start);
    return !v || v->start >= end;
}

/* Whether [addr, addr+len) is free and clear of a stack's guard gap. */
static bool hint_fits(struct mm *mm, uint64_t addr, uint64_t len)
{
    struct vma *v = vma_find_above(mm, addr);
    return !v || (v->start >= addr + len && vma_start_gap(v) >= addr + len);
}

/* A free range of len bytes for mmap: the hint if it fits, else the highest gap below
 * MMAP_TOP (Linux's top-down layout). 0 if there is none. */
uint64_t get_unmapped_area(struct mm *mm, uint64_t hint, uint64_t len)
{
    len = ROUND_UP(len, PAGE_SIZE);
    if (!len || len > MMAP_TOP - USER_MIN)
        return 0;
    hint = ROUND_UP(hint, PAGE_SIZE);
    if (hint >= USER_MIN && hint <= STACK_TOP - len && hint_fits(mm, hint, len))
        return hint;
    struct vma *above = vma_find_above(mm, MMAP_TOP - 1);
    uint64_t hi = above ? MIN(MMAP_TOP, vma_start_gap(above)) : MMAP_TOP;
    struct vma *below = above ? above->prev : vma_last(mm);
    for (;;) {
        uint64_t lo = below ? below->end : USER_MIN;
        if (hi >= lo && hi - lo >= len)
            return hi - len;
        if (!below)
            return 0;
        hi = vma_start_gap(below);
        below = below->prev;
    }
}

/* Keeps the VmSize/VmData/VmExe/VmStk counters as Linux defines them. */
void vm_stat_account(struct mm *mm, uint32_t flags, int64_t npages)
{
    mm->total_vm += npages;
    if (mm->total_vm > mm->hiwater_vm)
        mm->hiwater_vm = mm->total_vm;
    if (flags & VM_GROWSDOWN)
        mm->stack_vm += npages;
    else if ((flags & (VM_EXEC | VM_WRITE)) == VM_EXEC)
        mm->exec_vm += npages;
    else if ((flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
        mm->data_vm += npages;
}

/* Linux's test for the "[stack]" name: the VMA holding the initial stack pointer. */
bool vma_is_stack(const struct vma *v)
{
    return v->start <= v->mm->start_stack && v->mm->start_stack <= v->end;
}
