/* The panel's front end (see panel.h): the window, its keys, pause and single step,
 * frame pacing, and PNG screenshots through SDL's software renderer. */
#include "panel.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../frontend.h"
#include "draw.h"
#include "model.h"
#include "png.h"

#define FRAME_NS     (1000000000ull / 30)   /* at most 30 frames per second */
#define MAP_NS       (250000000ull)         /* the frame map: 4 times per second */
#define DUTY_DIVISOR 20                     /* painting takes at most 1/20 of the time */
#define IDLE_MS      30

struct panel {
    struct machine *m;
    struct model md;
    struct panel_opts o;
    SDL_Window *win;
    SDL_Renderer *ren;
    struct canvas *cv;
    struct draw_state st;
    uint64_t next_frame_ns, next_map_ns;
    uint64_t mips_ns, mips_instret;         /* at the previous frame */
    uint64_t start_ns, start_instret;
    bool loop_must_run;                     /* a step while paused ended the run, or hit a
                                               breakpoint: the machine loop acts first */
    bool title_paused;                      /* what the window's title says */
};

bool panel_display_wanted(void)
{
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    return ((x && *x) || (w && *w)) && isatty(STDIN_FILENO);
}

/* ---- rendering ---- */

static double average_mips(const struct panel *p)
{
    uint64_t ns = clock_host_ns() - p->start_ns;
    return ns ? (double)(fe_instret_all(p->m) - p->start_instret) * 1e3 / (double)ns : 0;
}

static bool render_png(struct panel *p, const char *file, char *err, int errlen)
{
    model_poll(&p->md, true);
    model_frames(&p->md);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, PANEL_W, PANEL_H, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    struct canvas *cv = r ? canvas_new(r) : NULL;
    bool ok = false;
    if (!cv) {
        snprintf(err, (size_t)errlen, "%s: cannot render the panel: %s", file, SDL_GetError());
    } else {
        struct draw_state st = p->st;
        struct draw_layout l;
        st.window = p->win != NULL;
        if (!p->win || st.mips <= 0)
            st.mips = average_mips(p);
        draw_panel(cv, &p->md, &st, &l);
        SDL_RenderFlush(r);
        char layout[256];
        snprintf(layout, sizeof layout,
                 "status=%d,%d,%d,%d tlb=%d,%d,%d,%d walk=%d,%d,%d,%d "
                 "timeline=%d,%d,%d,%d frames=%d,%d,%d,%d",
                 l.status.x, l.status.y, l.status.w, l.status.h, l.tlb.x, l.tlb.y, l.tlb.w,
                 l.tlb.h, l.walk.x, l.walk.y, l.walk.w, l.walk.h, l.timeline.x, l.timeline.y,
                 l.timeline.w, l.timeline.h, l.frames.x, l.frames.y, l.frames.w, l.frames.h);
        const char *text[] = { "Software", "pagoda panel", "pagoda-layout", layout, NULL };
        SDL_LockSurface(s);
        ok = png_write(file, s->pixels, s->w, s->h, s->pitch, text, err, errlen);
        SDL_UnlockSurface(s);
    }
    canvas_free(cv);
    if (r)
        SDL_DestroyRenderer(r);
    if (s)
        SDL_FreeSurface(s);
    return ok;
}

static bool screenshot_hook(struct machine *m, void *ctx, const char *file, char *err,
                            int errlen)
{
    (void)m;
    return render_png(ctx, file, err, errlen);
}

static void paint(struct panel *p)
{
    uint64_t now = clock_host_ns();
    if (p->mips_ns && now > p->mips_ns && !p->st.paused) {   /* paused: keep the last */
        double mips = (double)(fe_instret_all(p->m) - p->mips_instret) * 1e3 /
                      (double)(now - p->mips_ns);
        p->st.mips = p->st.mips > 0 ? 0.7 * p->st.mips + 0.3 * mips : mips;
    }
    p->mips_ns = now;
    p->mips_instret = fe_instret_all(p->m);
    if (now >= p->next_map_ns) {
        model_frames(&p->md);
        p->next_map_ns = now + MAP_NS;
    }
    draw_panel(p->cv, &p->md, &p->st, NULL);
    SDL_RenderPresent(p->ren);
    /* Keep painting under 1/DUTY_DIVISOR of the host's time, whatever it costs. */
    uint64_t spent = clock_host_ns() - now;
    p->next_frame_ns = now + (spent * DUTY_DIVISOR > FRAME_NS ? spent * DUTY_DIVISOR : FRAME_NS);
}

/* ---- the window ---- */

static void close_window(struct panel *p)
{
    canvas_free(p->cv);
    if (p->ren)
        SDL_DestroyRenderer(p->ren);
    if (p->win)
        SDL_DestroyWindow(p->win);
    p->cv = NULL;
    p->ren = NULL;
    p->win = NULL;
    p->st.paused = false;
    p->st.window = false;
    fe_panel_idle_ms(p->m, 0);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

static bool open_window(struct panel *p, char *err, size_t errlen)
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");      /* Ctrl-C stays the console's */
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
    SDL_SetHint(SDL_HINT_WINDOW_NO_ACTIVATION_WHEN_SHOWN, "1");  /* the terminal keeps focus */
    /* Only a real display, unless SDL_VIDEODRIVER asks for another (the bench uses
     * "dummy"): SDL would otherwise fall back to an invisible offscreen driver. */
    const char *drv = getenv("SDL_VIDEODRIVER"), *x = getenv("DISPLAY");
    const char *wl = getenv("WAYLAND_DISPLAY");
    bool has_x = x && *x, has_wl = wl && *wl;
    if (!drv || !*drv) {
        if (!has_x && !has_wl) {
            snprintf(err, errlen, "no display ($DISPLAY and $WAYLAND_DISPLAY are unset)");
            return false;
        }
        SDL_SetHint(SDL_HINT_VIDEODRIVER, has_wl ? (has_x ? "wayland,x11" : "wayland") : "x11");
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "%s", SDL_GetError());
        return false;
    }
    int w = PANEL_W, h = PANEL_H;
    SDL_Rect usable;
    if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0 &&
        (usable.w < w || usable.h < h)) {
        double f = (double)usable.w / w < (double)usable.h / h ? (double)usable.w / w
                                                               : (double)usable.h / h;
        w = (int)(w * f);
        h = (int)(h * f);
    }
    p->win = SDL_CreateWindow("Pagoda panel", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                              w, h, SDL_WINDOW_RESIZABLE);
    if (p->win && !(p->ren = SDL_CreateRenderer(p->win, -1, 0)))
        p->ren = SDL_CreateRenderer(p->win, -1, SDL_RENDERER_SOFTWARE);
    if (p->ren) {
        SDL_RenderSetLogicalSize(p->ren, PANEL_W, PANEL_H);
        p->cv = canvas_new(p->ren);
    }
    if (!p->cv) {
        snprintf(err, errlen, "%s", SDL_GetError());
        close_window(p);
        return false;
    }
    p->st.window = true;
    fe_panel_idle_ms(p->m, IDLE_MS);
    return true;
}

/* Executes one instruction, as the debugger's step does; true when the machine loop
 * must have its say now (power-off, a breakpoint). */
static bool step_one(struct panel *p)
{
    enum fe_stop why = fe_step_in_loop(p->m, p->md.hart);
    model_poll(&p->md, true);
    p->next_map_ns = 0;
    return why != FE_STOP_STEP;
}

static void next_asid(struct panel *p)
{
    /* The next ASID above the current filter among the valid non-global entries,
     * then "all" again. */
    int best = -1;
    for (int i = 0; i < model_ntlbs(&p->md); i++)
        for (int k = 0; k < p->md.nentries[i]; k++) {
            const struct entry_view *v = &p->md.ev[i][k];
            if (v->valid && !(v->perm & PTE_G) && (int)v->asid > p->st.asid_filter &&
                (best < 0 || (int)v->asid < best))
                best = v->asid;
        }
    p->st.asid_filter = best;
}

static void save_screenshot(struct panel *p)
{
    char file[64], err[300];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(file, sizeof file, "pagoda-panel-%Y%m%d-%H%M%S.png", &tm);
    if (render_png(p, file, err, sizeof err))
        fprintf(stderr, "\r\npagoda: panel saved to %s\r\n", file);
    else
        fprintf(stderr, "\r\npagoda: %s\r\n", err);
}

/* Returns true when the page should be painted again. */
static bool handle(struct panel *p, const SDL_Event *ev)
{
    if (ev->type == SDL_QUIT ||
        (ev->type == SDL_WINDOWEVENT && ev->window.event == SDL_WINDOWEVENT_CLOSE)) {
        close_window(p);
        fprintf(stderr, "\r\npagoda: panel closed; the guest runs on\r\n");
        return false;
    }
    if (ev->type == SDL_WINDOWEVENT)
        return ev->window.event == SDL_WINDOWEVENT_EXPOSED ||
               ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED;
    if (ev->type != SDL_KEYDOWN)
        return false;
    switch (ev->key.keysym.sym) {
    case SDLK_SPACE:
        p->st.paused = !p->st.paused;
        if (p->st.paused)
            model_poll(&p->md, true);
        return true;
    case SDLK_s:
        if (p->st.paused)
            p->loop_must_run = step_one(p);
        else
            model_poll(&p->md, true);
        p->st.paused = true;
        return true;
    case SDLK_t:
        p->st.view = (enum tlb_view)((p->st.view + 1) % VIEW_COUNT);
        if (p->st.view == VIEW_L2 && !fe_tlbs(p->m, p->md.hart)->has_l2)
            p->st.view = VIEW_ALL;
        return true;
    case SDLK_a:
        next_asid(p);
        return true;
    case SDLK_h:                        /* the next hart's TLBs */
        model_select_hart(&p->md, (p->md.hart + 1) % fe_nharts(p->m));
        p->st.asid_filter = -1;
        return true;
    case SDLK_p:
        save_screenshot(p);
        return false;
    case SDLK_q:
        fprintf(stderr, "\r\npagoda: terminated (q in the panel)\r\n");
        fe_quit(p->m, fe_exit_code(p->m));
        p->st.paused = false;
        return false;
    default:
        return false;
    }
}

/* The window's title says whether the guest is paused, as QEMU's does. */
static void show_state_in_title(struct panel *p)
{
    if (p->win && p->title_paused != p->st.paused) {
        p->title_paused = p->st.paused;
        SDL_SetWindowTitle(p->win, p->st.paused ? "Pagoda panel [Paused]" : "Pagoda panel");
    }
}

static void poll_events(struct panel *p, bool *repaint)
{
    SDL_Event ev;
    while (p->win && SDL_PollEvent(&ev))
        if (handle(p, &ev))
            *repaint = true;
}

static void after_slice(struct machine *m, void *ctx)
{
    struct panel *p = ctx;
    model_poll(&p->md, false);
    if (!p->win || clock_host_ns() < p->next_frame_ns)
        return;
    bool repaint = false;
    poll_events(p, &repaint);
    show_state_in_title(p);
    if (p->win)
        paint(p);
    /* Paused: the guest waits here; the window keeps answering. */
    p->loop_must_run = false;
    while (p->st.paused && p->win && !fe_quitting(m) && !fe_stop_requested(m)) {
        SDL_Event ev;
        repaint = false;
        if (SDL_WaitEventTimeout(&ev, 100)) {
            repaint = handle(p, &ev);
            poll_events(p, &repaint);
            show_state_in_title(p);
        }
        if (repaint && p->win)
            paint(p);
        if (p->loop_must_run)
            break;                  /* a step ended the run or hit a breakpoint */
    }
    if (fe_stop_requested(m))
        p->st.paused = false;
    show_state_in_title(p);
}

/* ---- life cycle ---- */

struct panel *panel_open(struct machine *m, const struct panel_opts *o)
{
    struct panel *p = calloc(1, sizeof *p);
    if (!p || !model_init(&p->md, m)) {
        fprintf(stderr, "pagoda: panel: out of memory\n");
        free(p);
        return NULL;
    }
    p->m = m;
    p->o = *o;
    p->st.asid_filter = -1;
    p->start_ns = clock_host_ns();
    p->start_instret = fe_instret_all(m);
    model_poll(&p->md, false);
    char err[256];
    if (o->window != PANEL_WINDOW_OFF && !open_window(p, err, sizeof err)) {
        if (o->window == PANEL_WINDOW_ON) {
            fprintf(stderr, "pagoda: --panel: cannot open a window: %s\n", err);
            model_free(&p->md);
            free(p);
            return NULL;
        }
        fprintf(stderr, "pagoda: panel off (no window: %s); -nographic or --no-panel "
                        "silence this\n", err);
    }
    fe_attach_panel(m, &(struct fe_panel){ .after_slice = after_slice,
                                           .screenshot = screenshot_hook, .ctx = p,
                                           .idle_ms = p->win ? IDLE_MS : 0 });
    return p;
}

bool panel_close(struct panel *p)
{
    if (!p)
        return true;
    bool ok = true;
    char err[300];
    if (p->o.png && !render_png(p, p->o.png, err, sizeof err)) {
        fprintf(stderr, "pagoda: --panel-png: %s\n", err);
        ok = false;
    }
    if (p->win)
        close_window(p);
    fe_detach_panel(p->m);
    model_free(&p->md);
    SDL_Quit();
    free(p);
    return ok;
}
