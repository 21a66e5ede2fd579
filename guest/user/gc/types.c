/* types.c — the type table: what the header's type id means. A type gives the object's
 * size and its pointer map (which payload words hold pointers), so every collector
 * finds pointers precisely; the two built-in arrays carry their length. */
#include <stdlib.h>
#include "gc_internal.h"

struct type_info gc_types[GC_MAX_TYPES] = {
    [TYPE_FREE] = { KIND_FREE, 0, 0, NULL, "free" },
    [TYPE_PTR_ARRAY] = { KIND_PTR_ARRAY, 0, 0, NULL, "ptr array" },
    [TYPE_BYTES] = { KIND_BYTES, 0, 0, NULL, "bytes" },
};
static unsigned ntypes = TYPE_FIRST_USER;

gc_type_t gc_register_type(const char *name, size_t size_bytes, size_t nptrs,
                           const size_t *ptr_offsets)
{
    if (ntypes >= GC_MAX_TYPES || size_bytes > ((size_t)1 << 31) || nptrs > size_bytes / WORD) {
        gc_os_write_err("gc: gc_register_type: too many types or a bad size\n");
        return 0;
    }
    uint32_t *words = nptrs ? malloc(nptrs * sizeof *words) : NULL;
    if (nptrs && !words)
        return 0;
    for (size_t i = 0; i < nptrs; i++) {
        if (ptr_offsets[i] % WORD || ptr_offsets[i] + WORD > size_bytes) {
            gc_os_write_err("gc: gc_register_type: a pointer offset is unaligned or outside the object\n");
            free(words);
            return 0;
        }
        words[i] = (uint32_t)(ptr_offsets[i] / WORD);
    }
    size_t payload_words = (size_bytes + WORD - 1) / WORD;
    gc_types[ntypes] = (struct type_info){
        .kind = KIND_FIXED,
        .words = (uint32_t)(1 + (payload_words ? payload_words : 1)),
        .nptrs = (uint32_t)nptrs,
        .ptr_words = words,
        .name = name,
    };
    return ntypes++;
}

/* Whether t is a type id an object may carry. */
int type_is_valid(unsigned t)
{
    return t > TYPE_FREE && t < ntypes;
}
