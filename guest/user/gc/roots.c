/* roots.c — the root set: a shadow stack of frames, each a list of addresses of the
 * program's pointer variables (Henderson's precise roots for C, which has no stack
 * maps), and registered global variables. The collector reads every slot and rewrites
 * it when it moves the object. */
#include <stdlib.h>
#include "gc_internal.h"

static void ensure_ready(void)
{
    if (!gc.ready)
        gc_init(NULL);
}

void gc_push_frame(void)
{
    ensure_ready();
    if (gc.nframes == gc.frames_cap) {
        size_t cap = gc.frames_cap ? gc.frames_cap * 2 : 64;
        size_t *f = realloc(gc.frames, cap * sizeof *f);
        if (!f)
            gc_fatal("no memory for the shadow stack");
        gc.frames = f;
        gc.frames_cap = cap;
    }
    gc.frames[gc.nframes++] = gc.root_slots.n;
}

void gc_root(void *slot)
{
    ensure_ready();
    if (!gc.nframes) {
        gc_os_write_err("gc: gc_root outside a frame (call gc_push_frame first)\n");
        gc_fatal("shadow stack misuse");
    }
    ptrvec_push(&gc.root_slots, slot);
}

void gc_pop_frame(void)
{
    if (!gc.nframes) {
        gc_os_write_err("gc: gc_pop_frame without a frame\n");
        gc_fatal("shadow stack misuse");
    }
    gc.root_slots.n = gc.frames[--gc.nframes];
}

void gc_add_global(void *slot)
{
    ensure_ready();
    ptrvec_push(&gc.globals, slot);
}

void gc_remove_global(void *slot)
{
    for (size_t i = gc.globals.n; i-- > 0;)
        if (gc.globals.v[i] == slot) {
            gc.globals.v[i] = gc.globals.v[--gc.globals.n];
            return;
        }
}

void roots_visit(void (*visit)(void **slot))
{
    for (size_t i = 0; i < gc.root_slots.n; i++)
        visit(gc.root_slots.v[i]);
    for (size_t i = 0; i < gc.globals.n; i++)
        visit(gc.globals.v[i]);
}

void roots_reset(void)
{
    ptrvec_free(&gc.root_slots);
    ptrvec_free(&gc.globals);
    free(gc.frames);
    gc.frames = NULL;
    gc.nframes = gc.frames_cap = 0;
}
