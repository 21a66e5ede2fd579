/* boehm_shim.h — pg_gc.h's API on Boehm's conservative collector (Debian's libgc), so
 * that the benchmark runs the very same workloads on both: allocation is GC_MALLOC
 * (GC_MALLOC_ATOMIC without pointers), a write barrier is a plain store, and roots
 * need no registering (Boehm scans the stack, the registers and the data segment). */
#ifndef BOEHM_SHIM_H
#define BOEHM_SHIM_H

#include <gc.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint32_t gc_type_t;
struct gc_ptr_array { size_t length; void *item[]; };
struct gc_bytes { size_t length; unsigned char byte[]; };

#define SHIM_MAX_TYPES 4096
static struct { size_t size; int has_pointers; } shim_types[SHIM_MAX_TYPES];
static gc_type_t shim_ntypes = 1;

static inline gc_type_t gc_register_type(const char *name, size_t size_bytes, size_t nptrs,
                                         const size_t *ptr_offsets)
{
    (void)name;
    (void)ptr_offsets;
    if (shim_ntypes >= SHIM_MAX_TYPES)
        return 0;
    shim_types[shim_ntypes].size = size_bytes ? size_bytes : 1;
    shim_types[shim_ntypes].has_pointers = nptrs > 0;
    return shim_ntypes++;
}

static inline void *gc_alloc(gc_type_t t)
{
    if (shim_types[t].has_pointers)
        return GC_MALLOC(shim_types[t].size);
    void *p = GC_MALLOC_ATOMIC(shim_types[t].size);
    if (p)
        memset(p, 0, shim_types[t].size);
    return p;
}

static inline struct gc_ptr_array *gc_alloc_ptr_array(size_t n)
{
    struct gc_ptr_array *a = GC_MALLOC(sizeof *a + n * sizeof(void *));
    if (a)
        a->length = n;
    return a;
}

static inline struct gc_bytes *gc_alloc_bytes(size_t n)
{
    struct gc_bytes *b = GC_MALLOC_ATOMIC(sizeof *b + n);
    if (b) {
        memset(b, 0, sizeof *b + n);
        b->length = n;
    }
    return b;
}

static inline void gc_write(void *obj, void *slot, void *value)
{
    (void)obj;
    *(void **)slot = value;
}
#define GC_WRITE(obj, field, value) ((obj)->field = (value))

static inline void gc_push_frame(void) {}
static inline void gc_root(void *slot) { (void)slot; }
static inline void gc_pop_frame(void) {}

#endif
