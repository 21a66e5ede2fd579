/* slab.h — object caches carved from single frames, and kmalloc's size classes. */
#ifndef SLAB_H
#define SLAB_H

#include "kernel.h"
#include "list.h"
#include "lock.h"

struct kmem_cache {
    struct spinlock lock;     /* the slab lists and counts */
    const char *name;
    size_t size;              /* object size, a multiple of 16 */
    unsigned per_slab;        /* objects in one frame */
    struct list_head partial; /* slabs with at least one free object */
    struct list_head full;    /* slabs with none */
    uint64_t nr_slabs, nr_active;
};

struct kmem_cache *kmem_cache_create(const char *name, size_t size);
void *kmem_cache_alloc(struct kmem_cache *c);
void *kmem_cache_zalloc(struct kmem_cache *c);
void kmem_cache_free(struct kmem_cache *c, void *obj);
void slab_init(void);

/* For /proc/slabinfo: calls fn on every cache. */
void slab_for_each(void (*fn)(struct kmem_cache *c, void *arg), void *arg);

#endif
