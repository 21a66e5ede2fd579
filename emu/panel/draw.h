/* Paints the panel with an SDL renderer: a window's, or a software renderer on a
 * surface for screenshots. Everything shown comes from the model (model.h). */
#ifndef PAGODA_PANEL_DRAW_H
#define PAGODA_PANEL_DRAW_H

#include <SDL.h>
#include <stdbool.h>

#include "model.h"

#define PANEL_W 1280
#define PANEL_H 800

enum tlb_view { VIEW_ALL, VIEW_ITLB, VIEW_DTLB, VIEW_L2, VIEW_COUNT };

/* The user's choices and what only the front end knows. */
struct draw_state {
    enum tlb_view view;
    int asid_filter;            /* -1: every ASID */
    bool paused;
    bool window;                /* drawn for a window (else for a file) */
    double mips;                /* guest instructions per host second, lately */
};

struct rect { int x, y, w, h; };
/* Where each part went, for the screenshot's self-description. */
struct draw_layout { struct rect status, tlb, walk, timeline, frames; };

struct canvas;
/* Prepares r for painting (the font texture); NULL when SDL refuses. */
struct canvas *canvas_new(SDL_Renderer *r);
void canvas_free(struct canvas *c);
void draw_panel(struct canvas *c, struct model *md, const struct draw_state *st,
                struct draw_layout *layout);
const char *tlb_view_name(enum tlb_view v);

#endif
