/* slab.c — a simple slab allocator. A slab is one frame cut into equal objects; free
 * objects are chained through their first word (page->freelist). A cache keeps its
 * slabs on a partial and a full list; a slab whose last object is freed goes straight
 * back to the buddy allocator. kmalloc uses power-of-two caches up to 2 KiB and whole
 * page blocks above that. Each cache has its spinlock; caches_lock guards the table of
 * caches (some are made on first use). Nothing here sleeps: a kernel allocation
 * fails rather than waits. */
#include "slab.h"
#include "page.h"

#define MAX_CACHES 32
#define KMALLOC_MIN_SHIFT 4           /* 16 bytes */
#define KMALLOC_MAX_SHIFT 11          /* 2 KiB */

static struct kmem_cache caches[MAX_CACHES];
static int ncaches;
static struct spinlock caches_lock = SPINLOCK_INIT("slab caches");
static struct kmem_cache *kmalloc_caches[KMALLOC_MAX_SHIFT + 1];

struct kmem_cache *kmem_cache_create(const char *name, size_t size)
{
    spin_lock(&caches_lock);
    if (ncaches == MAX_CACHES)
        panic("kmem_cache_create: too many caches");
    struct kmem_cache *c = &caches[ncaches];
    spin_init(&c->lock, name);
    c->name = name;
    c->size = ROUND_UP(size, 16);
    c->per_slab = PAGE_SIZE / c->size;
    list_init(&c->partial);
    list_init(&c->full);
    ncaches++;
    spin_unlock(&caches_lock);
    return c;
}

/* A fresh slab: one frame, every object on its free list. */
static struct page *slab_grow(struct kmem_cache *c)
{
    struct page *pg = alloc_page(OWNER_SLAB);
    if (!pg)
        return NULL;
    pg->flags |= PG_SLAB;
    pg->mapping = c;
    pg->slab_inuse = 0;
    char *base = page_address(pg);
    pg->freelist = NULL;
    for (int i = c->per_slab - 1; i >= 0; i--) {
        void **obj = (void **)(base + i * c->size);
        *obj = pg->freelist;
        pg->freelist = obj;
    }
    list_add(&pg->list, &c->partial);
    c->nr_slabs++;
    return pg;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
    struct page *pg;
    spin_lock(&c->lock);
    if (list_empty(&c->partial)) {
        if (!(pg = slab_grow(c))) {
            spin_unlock(&c->lock);
            return NULL;
        }
    } else {
        pg = list_entry(c->partial.next, struct page, list);
    }
    void **obj = pg->freelist;
    pg->freelist = *obj;
    pg->slab_inuse++;
    c->nr_active++;
    if (!pg->freelist) {
        list_del(&pg->list);
        list_add(&pg->list, &c->full);
    }
    spin_unlock(&c->lock);
    return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
    void *p = kmem_cache_alloc(c);
    if (p)
        memset(p, 0, c->size);
    return p;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
    struct page *pg = virt_to_page(obj);
    assert((pg->flags & PG_SLAB) && pg->mapping == c);
    spin_lock(&c->lock);
    bool was_full = pg->freelist == NULL;
    *(void **)obj = pg->freelist;
    pg->freelist = obj;
    pg->slab_inuse--;
    c->nr_active--;
    if (pg->slab_inuse == 0) {
        list_del(&pg->list);
        pg->flags &= ~PG_SLAB;
        c->nr_slabs--;
        spin_unlock(&c->lock);
        free_pages(pg, 0);
        return;
    }
    if (was_full) {
        list_del(&pg->list);
        list_add(&pg->list, &c->partial);
    }
    spin_unlock(&c->lock);
}

void slab_init(void)
{
    static const char *names[] = {
        [4] = "kmalloc-16", [5] = "kmalloc-32", [6] = "kmalloc-64", [7] = "kmalloc-128",
        [8] = "kmalloc-256", [9] = "kmalloc-512", [10] = "kmalloc-1k", [11] = "kmalloc-2k",
    };
    for (int s = KMALLOC_MIN_SHIFT; s <= KMALLOC_MAX_SHIFT; s++)
        kmalloc_caches[s] = kmem_cache_create(names[s], 1UL << s);
}

static unsigned order_for(size_t size)
{
    unsigned order = 0;
    while ((PAGE_SIZE << order) < size)
        order++;
    return order;
}

void *kmalloc(size_t size)
{
    if (size == 0)
        size = 1;
    if (size <= (1UL << KMALLOC_MAX_SHIFT)) {
        int s = KMALLOC_MIN_SHIFT;
        while ((1UL << s) < size)
            s++;
        return kmem_cache_alloc(kmalloc_caches[s]);
    }
    unsigned order = order_for(size);
    if (order >= MAX_ORDER)
        return NULL;
    struct page *pg = alloc_pages(order, OWNER_KMALLOC);
    if (!pg)
        return NULL;
    pg->flags |= PG_LARGE;
    return page_address(pg);
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p)
{
    if (!p)
        return;
    struct page *pg = virt_to_page(p);
    if (pg->flags & PG_SLAB) {
        kmem_cache_free(pg->mapping, p);
    } else {
        assert(pg->flags & PG_LARGE);
        pg->flags &= ~PG_LARGE;
        free_pages(pg, pg->order);
    }
}

void slab_for_each(void (*fn)(struct kmem_cache *c, void *arg), void *arg)
{
    spin_lock(&caches_lock);
    int n = ncaches;
    spin_unlock(&caches_lock);
    for (int i = 0; i < n; i++)
        fn(&caches[i], arg);
}
