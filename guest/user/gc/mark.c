/* mark.c — the marking phase the tracing collectors share: the mark bit in the header,
 * an explicit mark stack (a list a million nodes deep marks without recursion), from
 * the roots through every object's pointer map. */
#include "gc_internal.h"

void mark_object(void *obj)
{
    header_t *h = hdr(obj);
    if (*h & HDR_MARK)
        return;
    *h |= HDR_MARK;
    ptrvec_push(&gc.mark_stack, obj);
}

void mark_slot(void **slot)
{
    if (*slot)
        mark_object(*slot);
}

void mark_drain(void)
{
    while (gc.mark_stack.n)
        scan_object(gc.mark_stack.v[--gc.mark_stack.n], mark_slot);
}

void mark_from_roots(void)
{
    roots_visit(mark_slot);
    mark_drain();
}
