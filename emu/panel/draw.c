/* The panel's painter (see draw.h): status line, TLB cells, the last page walk,
 * timelines and the physical frame map, in fixed places on a PANEL_W x PANEL_H page.
 * Text is our own bitmap font (font.c) copied from one texture; the frame map is one
 * streaming texture scaled up, so a frame costs a few thousand copies at most. */
#include "draw.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../csr.h"
#include "font.h"

#define C_BG       0x0e1115u
#define C_BAR      0x1d2530u
#define C_BOX      0x151a20u
#define C_TEXT     0xd4d8ddu
#define C_DIM      0x7a828cu
#define C_HEAD     0xffffffu
#define C_GOOD     0x6ee07au
#define C_BAD      0xff6060u
#define C_GRID     0x2a313au
#define LINE_H     12
#define CELL_W     208          /* a TLB entry as text: 34 characters */
#define CELL_H     12

struct canvas {
    SDL_Renderer *r;
    SDL_Texture *font;
    SDL_Texture *map;           /* the frame map, one texel per cell */
    int map_w, map_h;
    uint32_t *map_px;
};

/* ---- primitives ---- */

struct canvas *canvas_new(SDL_Renderer *r)
{
    struct canvas *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->r = r;
    int n = FONT_LAST - 32 + 1;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, n * FONT_CELL_W, FONT_CELL_H, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    if (!s) {
        free(c);
        return NULL;
    }
    SDL_LockSurface(s);
    for (int g = 0; g < n; g++)
        for (int y = 0; y < FONT_CELL_H; y++) {
            uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch) + g * FONT_CELL_W;
            unsigned bits = font_row((unsigned char)(g + 32), y - 1);   /* 1 px above */
            for (int x = 0; x < FONT_CELL_W; x++)
                row[x] = (bits >> x) & 1 ? 0xffffffffu : 0x00ffffffu;
        }
    SDL_UnlockSurface(s);
    c->font = SDL_CreateTextureFromSurface(r, s);
    SDL_FreeSurface(s);
    if (!c->font) {
        free(c);
        return NULL;
    }
    SDL_SetTextureBlendMode(c->font, SDL_BLENDMODE_BLEND);
    return c;
}

void canvas_free(struct canvas *c)
{
    if (!c)
        return;
    if (c->font)
        SDL_DestroyTexture(c->font);
    if (c->map)
        SDL_DestroyTexture(c->map);
    free(c->map_px);
    free(c);
}

static void colour(struct canvas *c, uint32_t rgb)
{
    SDL_SetRenderDrawColor(c->r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255);
}

static void fill(struct canvas *c, int x, int y, int w, int h, uint32_t rgb)
{
    SDL_Rect r = { x, y, w, h };
    colour(c, rgb);
    SDL_RenderFillRect(c->r, &r);
}

/* Draws s at (x, y) (top of the text line); returns the x after it. */
static int text(struct canvas *c, int x, int y, uint32_t rgb, const char *s)
{
    SDL_SetTextureColorMod(c->font, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb);
    for (; *s; s++, x += FONT_CELL_W) {
        unsigned char ch = (unsigned char)*s;
        if (ch == ' ')
            continue;
        if (ch < 32 || ch > FONT_LAST)
            ch = '?';
        SDL_Rect src = { (ch - 32) * FONT_CELL_W, 0, FONT_CELL_W, FONT_CELL_H };
        SDL_Rect dst = { x, y, FONT_CELL_W, FONT_CELL_H };
        SDL_RenderCopy(c->r, c->font, &src, &dst);
    }
    return x;
}

static int textf(struct canvas *c, int x, int y, uint32_t rgb, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int textf(struct canvas *c, int x, int y, uint32_t rgb, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return text(c, x, y, rgb, buf);
}

/* A colour square and a label, for legends; returns the x after it. */
static int key(struct canvas *c, int x, int y, uint32_t rgb, const char *label)
{
    fill(c, x, y + 1, 8, 8, rgb);
    return text(c, x + 11, y, C_TEXT, label) + 12;
}

/* 12345 -> "12.3k": rates and counts in four or five characters. */
static const char *si(double v, char *buf, size_t n)
{
    static const char *const unit[] = { "", "k", "M", "G", "T" };
    int u = 0;
    while (fabs(v) >= 1000 && u < 4) {
        v /= 1000;
        u++;
    }
    snprintf(buf, n, u == 0 && v == floor(v) ? "%.0f%s" : "%.3g%s", v, unit[u]);
    return buf;
}

const char *tlb_view_name(enum tlb_view v)
{
    static const char *const names[VIEW_COUNT] = { "all TLBs", "ITLB", "DTLB", "L2 TLB" };
    return v < VIEW_COUNT ? names[v] : "?";
}

/* ---- status line ---- */

static void draw_status(struct canvas *c, struct model *md, const struct draw_state *st,
                        const struct rect *a)
{
    struct machine *m = md->m;
    int h = md->hart;
    uint64_t satp = 0, pc = fe_pc(m, h);
    fe_csr(m, h, CSR_SATP, &satp);
    const struct trace_dev *tr = fe_trace_reports(m);
    static const char *const priv[4] = { "U-mode", "S-mode", "?", "M-mode" };
    char b1[32];
    fill(c, a->x, a->y, a->w, a->h, C_BAR);
    int y = a->y + 4, x = a->x + 6;
    x = text(c, x, y, C_HEAD, "PAGODA") + 18;
    if (fe_nharts(m) > 1)
        x = textf(c, x, y, C_HEAD, "hart %d/%d", h, fe_nharts(m)) + 18;
    x = textf(c, x, y, C_TEXT, "%s MIPS", st->mips > 0 ? si(st->mips, b1, sizeof b1) : "-") + 18;
    x = textf(c, x, y, C_HEAD, "%s%s", priv[fe_priv(m, h) & 3], fe_wfi(m, h) ? " (wfi)" : "")
        + 18;
    if ((satp >> 60) == 8)
        x = textf(c, x, y, C_TEXT, "satp Sv39 ASID %u root 0x%" PRIx64,
                  (unsigned)((satp >> 44) & 0xffff),
                  (uint64_t)(satp & ((1ull << 44) - 1)) << PAGE_SHIFT) + 18;
    else
        x = text(c, x, y, C_TEXT, "satp Bare") + 18;
    uint64_t off = 0;
    const char *sym = fe_symbol(m, pc, &off);
    x = textf(c, x, y, C_TEXT, "pc 0x%016" PRIx64, pc) + 6;
    if (sym && off)
        x = textf(c, x, y, C_DIM, "<%.28s+0x%" PRIx64 ">", sym, off) + 18;
    else if (sym)
        x = textf(c, x, y, C_DIM, "<%.28s>", sym) + 18;
    else
        x += 12;
    const struct trace_proc *p = tr->has_process ? trace_dev_proc(tr, tr->cur_pid) : NULL;
    if (p)
        textf(c, x, y, C_HEAD, "pid %u %s", p->pid, p->name[0] ? p->name : "?");
    else if (tr->has_process)
        textf(c, x, y, C_HEAD, "pid %u", tr->cur_pid);
    else
        text(c, x, y, C_DIM, "process: not reported");

    y += LINE_H + 2;
    x = a->x + 6;
    x = text(c, x, y, st->paused ? 0xffb31a : C_GOOD, st->paused ? "PAUSED " : "RUNNING") + 18;
    x = textf(c, x, y, C_TEXT, "guest time %.3f s", (double)md->now / TIMEBASE_HZ) + 18;
    x = textf(c, x, y, C_TEXT, "instret %" PRIu64, fe_instret(m, h)) + 18;
    text(c, x, y, C_DIM, st->window
         ? (fe_nharts(m) > 1
            ? "keys: space pause  s step  t TLB view  a ASID filter  h hart  p screenshot  q quit"
            : "keys: space pause  s step  t TLB view  a ASID filter  p screenshot  q quit")
         : "(rendered to a file)");
}

/* ---- TLBs ---- */

static const char *const tlb_names[TLB_COUNT] = { "ITLB", "DTLB", "L2" };

static bool filtered_out(const struct draw_state *st, const struct entry_view *v)
{
    return st->asid_filter >= 0 && v->valid && !(v->perm & PTE_G) &&
           v->asid != (uint16_t)st->asid_filter;
}

static void entry_text(const struct entry_view *v, char *buf, size_t n)
{
    if (!v->valid) {
        snprintf(buf, n, "  --");
        return;
    }
    char fl[8];
    static const char letters[] = "RWXUGAD";
    static const uint8_t bits[] = { PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D };
    for (int i = 0; i < 7; i++)
        fl[i] = v->perm & bits[i] ? letters[i] : '-';
    fl[7] = 0;
    snprintf(buf, n, "%04x %07" PRIx64 "%c%06" PRIx64 " %s %s", v->asid, v->vpn,
             FONT_ARROW, v->ppn, v->level == 2 ? "1G" : v->level == 1 ? "2M" : "4K", fl);
}

static uint32_t cell_colour(struct model *md, const struct draw_state *st,
                            const struct entry_view *v)
{
    uint32_t col = model_entry_colour(v, md->now, NULL);
    return filtered_out(st, v) ? model_blend(col, C_BG, 190) : col;
}

static int tlb_title(struct canvas *c, struct model *md, int i, int x, int y)
{
    const struct tlb *t = &fe_tlbs(md->m, md->hart)->tlb[i];
    char b1[16], b2[16], b3[16];
    int valid = 0;
    for (int k = 0; k < t->cfg.entries; k++)
        valid += t->e[k].valid;
    x = textf(c, x, y, C_HEAD, "%s %dx%d %s", tlb_names[i], t->cfg.entries, t->cfg.ways,
              tlb_policy_name(t->cfg.policy)) + 12;
    if (t->c.accesses)
        x = textf(c, x, y, C_TEXT, "hits %.2f%%",
                  100.0 * (double)tlb_hits(&t->c) / (double)t->c.accesses) + 6;
    else
        x = text(c, x, y, C_TEXT, "hits -") + 6;
    float now = timeline_get(&md->tl, 0, SER_HIT_I + i);
    x = isnan(now) ? x : textf(c, x, y, C_DIM, "(now %.1f%%)", (double)now) + 12;
    textf(c, x, y, C_DIM, "valid %d/%d  fills %s  evictions %s  flushed %s", valid,
          t->cfg.entries, si((double)t->c.fills, b1, sizeof b1),
          si((double)t->c.evictions, b2, sizeof b2),
          si((double)t->c.flushed_entries, b3, sizeof b3));
    return LINE_H + 2;
}

static void tlb_as_text(struct canvas *c, struct model *md, const struct draw_state *st,
                        int i, int x, int y, int w)
{
    int cols = w / CELL_W, n = md->nentries[i];
    int rows = (n + cols - 1) / cols;
    for (int k = 0; k < n; k++) {
        const struct entry_view *v = &md->ev[i][k];
        int cx = x + (k / rows) * CELL_W, cy = y + (k % rows) * CELL_H;
        char buf[64];
        fill(c, cx, cy, CELL_W - 3, CELL_H - 1, cell_colour(md, st, v));
        entry_text(v, buf, sizeof buf);
        text(c, cx + 2, cy + 1, !v->valid || filtered_out(st, v) ? C_DIM : C_TEXT, buf);
    }
}

/* The side of a square cell that fits n entries in w x h, from 16 down to 2. */
static int compact_side(int n, int w, int h)
{
    for (int s = 16; s > 2; s--) {
        int cols = w / s;
        if (cols > 0 && (n + cols - 1) / cols * s <= h)
            return s;
    }
    return 2;
}

static void tlb_as_cells(struct canvas *c, struct model *md, const struct draw_state *st,
                         int i, int x, int y, int w, int h)
{
    int n = md->nentries[i], s = compact_side(n, w, h), cols = w / s;
    int gap = s >= 5 ? 1 : 0;
    for (int k = 0; k < n; k++) {
        const struct entry_view *v = &md->ev[i][k];
        int cx = x + (k % cols) * s, cy = y + (k / cols) * s;
        if (cy + s > y + h)
            break;
        fill(c, cx, cy, s - gap, s - gap, cell_colour(md, st, v));
        if (v->valid && v->level > 0 && s >= 6)      /* superpages: a corner mark */
            fill(c, cx, cy, 2, 2, C_HEAD);
    }
}

static int text_height(const struct model *md, int i, int w)
{
    int cols = w / CELL_W, n = md->nentries[i];
    return LINE_H + 2 + (n + cols - 1) / cols * CELL_H + 8;
}

static void draw_tlbs(struct canvas *c, struct model *md, const struct draw_state *st,
                      const struct rect *a)
{
    int shown[TLB_COUNT], ns = 0;
    for (int i = 0; i < model_ntlbs(md); i++)
        if (st->view == VIEW_ALL || (int)st->view == VIEW_ITLB + i)
            shown[ns++] = i;
    if (ns == 0)                                /* L2 view without an L2 */
        shown[ns++] = TLB_I;
    int legend_h = LINE_H + 4, h = a->h - legend_h, w = a->w;
    bool as_text[TLB_COUNT] = { false };
    int heights[TLB_COUNT] = { 0 }, total = 0;
    for (int k = 0; k < ns; k++)
        total += text_height(md, shown[k], w);
    if (total <= h) {
        for (int k = 0; k < ns; k++) {
            as_text[k] = true;
            heights[k] = text_height(md, shown[k], w);
        }
    } else {
        /* The L1s as text when that leaves the L2 two fifths of the height, else as
         * squares in a fixed band; what is left goes to the others, as squares, in
         * proportion to their entries. */
        int l1_text = 0, left = h, ncells = 0;
        for (int k = 0; k < ns; k++)
            if (shown[k] != TLB_L2)
                l1_text += text_height(md, shown[k], w);
        for (int k = 0; k < ns; k++) {
            if (shown[k] == TLB_L2)
                continue;
            as_text[k] = l1_text <= h * 3 / 5;
            heights[k] = as_text[k] ? text_height(md, shown[k], w) : ns == 1 ? h : 72;
            left -= heights[k];
        }
        for (int k = 0; k < ns; k++)
            if (shown[k] == TLB_L2)
                ncells += md->nentries[shown[k]];
        for (int k = 0; k < ns; k++)
            if (shown[k] == TLB_L2)
                heights[k] = (int)((int64_t)left * md->nentries[shown[k]] / (ncells ? ncells : 1));
    }
    int y = a->y;
    for (int k = 0; k < ns; k++) {
        int i = shown[k];
        int th = tlb_title(c, md, i, a->x, y);
        if (as_text[k])
            tlb_as_text(c, md, st, i, a->x, y + th, w);
        else
            tlb_as_cells(c, md, st, i, a->x, y + th, w, heights[k] - th - 6);
        y += heights[k];
    }
    int x = a->x, ly = a->y + a->h - LINE_H;
    for (int e = PEV_HIT; e < PEV_KINDS; e++)
        x = key(c, x, ly, model_event_colour((enum panel_event)e),
                panel_event_name((enum panel_event)e));
    x += 12;
    x = textf(c, x, ly, C_DIM, "view [t]: %s", tlb_view_name(st->view)) + 18;
    if (st->asid_filter >= 0)
        textf(c, x, ly, C_HEAD, "ASID [a]: %d", st->asid_filter);
    else
        text(c, x, ly, C_DIM, "ASID [a]: all");
}

/* ---- the last page walk ---- */

static const char *cause_text(uint64_t cause)
{
    switch (cause) {
    case CAUSE_FETCH_ACCESS: return "instruction access fault";
    case CAUSE_LOAD_ACCESS: return "load access fault";
    case CAUSE_STORE_ACCESS: return "store access fault";
    case CAUSE_FETCH_PAGE_FAULT: return "instruction page fault";
    case CAUSE_LOAD_PAGE_FAULT: return "load page fault";
    case CAUSE_STORE_PAGE_FAULT: return "store page fault";
    default: return "fault";
    }
}

static void pte_flags(uint64_t pte, char *out)
{
    const char *f = "VRWXUGAD";
    for (int i = 0; i < 8; i++)
        out[i] = (pte >> i) & 1 ? f[i] : '-';
    out[8] = 0;
}

static void draw_walk(struct canvas *c, struct model *md, const struct rect *a)
{
    const struct mmu_counts *mc = fe_mmu_counts(md->m, md->hart);
    const struct walk_trace *w = fe_last_walk(md->m, md->hart);
    static const char *const kinds[3] = { "fetch", "load", "store" };
    static const char *const priv[4] = { "U", "S", "?", "M" };
    char b1[16], b2[16], b3[16];
    fill(c, a->x, a->y, a->w, a->h, C_BOX);
    int x = a->x + 6, y = a->y + 4;
    x = text(c, x, y, C_HEAD, "Last page walk") + 12;
    textf(c, x, y, C_DIM, "walks %s  PTE reads %s  A/D writes %s",
          si((double)mc->walks, b1, sizeof b1), si((double)mc->pte_reads, b2, sizeof b2),
          si((double)mc->ad_writes, b3, sizeof b3));
    y += LINE_H + 4;
    x = a->x + 6;
    if (mc->walks == 0) {
        text(c, x, y, C_DIM, "none yet: translation is off (satp Bare, or M-mode)");
        return;
    }
    textf(c, x, y, C_TEXT, "VA 0x%016" PRIx64 "  %s from %s-mode   VPN[2]=%" PRIu64
          " VPN[1]=%" PRIu64 " VPN[0]=%" PRIu64 " offset 0x%03" PRIx64, w->va,
          kinds[w->kind % 3], priv[w->priv & 3], (w->va >> 30) & 511, (w->va >> 21) & 511,
          (w->va >> 12) & 511, w->va & 0xfff);
    y += LINE_H;
    for (int i = 0; i < w->nlevels && i < 3; i++) {
        char fl[9];
        int level = 2 - i;
        pte_flags(w->pte[i], fl);
        x = textf(c, x, y, C_TEXT, "L%d PTE @0x%010" PRIx64 " = 0x%016" PRIx64 " %s ",
                  level, w->pte_addr[i], w->pte[i], fl) + 6;
        uint64_t next = ((w->pte[i] >> 10) & ((1ull << 44) - 1)) << PAGE_SHIFT;
        if (i == w->nlevels - 1 && w->leaf_level == level)
            textf(c, x, y, C_HEAD, "leaf: %s page at 0x%" PRIx64,
                  level == 2 ? "1 GiB" : level == 1 ? "2 MiB" : "4 KiB", next);
        else if ((w->pte[i] & PTE_V) && !(w->pte[i] & (PTE_R | PTE_X)) && level > 0)
            textf(c, x, y, C_DIM, "%c next table 0x%" PRIx64, FONT_ARROW, next);
        y += LINE_H;
        x = a->x + 6;
    }
    if (w->cause == 0)
        textf(c, x, y, C_GOOD, "%c PA 0x%016" PRIx64, FONT_ARROW, w->pa);
    else
        textf(c, x, y, C_BAD, "%c %s (cause %" PRIu64 "): %s", FONT_ARROW,
              cause_text(w->cause), w->cause, w->why ? w->why : "");
}

/* ---- timelines ---- */

struct plot {
    int x, y, w, h;             /* the plotting area */
    int n;                      /* samples shown, newest at the right */
    int px;                     /* pixels per sample */
};

static void plot_frame(struct canvas *c, const struct plot *p)
{
    fill(c, p->x, p->y, p->w, p->h, C_BOX);
    fill(c, p->x, p->y + p->h / 2, p->w, 1, C_GRID);
}

/* Screen x of the sample `age` samples old. */
static int plot_x(const struct plot *p, int age)
{
    return p->x + p->w - (age + 1) * p->px;
}

static void plot_line(struct canvas *c, const struct plot *p, const struct timeline *tl,
                      int s, float max, uint32_t rgb)
{
    SDL_Point pts[1024];
    int np = 0;
    colour(c, rgb);
    for (int age = p->n - 1; age >= -1; age--) {
        float v = age >= 0 ? timeline_get(tl, age, s) : NAN;
        if (isnan(v) || np == (int)(sizeof pts / sizeof pts[0])) {
            if (np == 1)
                SDL_RenderDrawPoint(c->r, pts[0].x, pts[0].y);
            else if (np > 1)
                SDL_RenderDrawLines(c->r, pts, np);
            np = 0;
            continue;
        }
        float f = max > 0 ? v / max : 0;
        if (f > 1)
            f = 1;
        int yy = p->y + p->h - 1 - (int)(f * (float)(p->h - 2));
        pts[np++] = (SDL_Point){ plot_x(p, age) + p->px / 2, yy };
    }
}

static void plot_bars(struct canvas *c, const struct plot *p, const struct timeline *tl,
                      int s0, int s1, const uint32_t *rgb, float max)
{
    for (int age = 0; age < p->n; age++) {
        int base = p->y + p->h;
        for (int s = s0; s < s1; s++) {
            float v = timeline_get(tl, age, s);
            if (isnan(v) || v <= 0 || max <= 0)
                continue;
            int bh = (int)ceilf(v / max * (float)(p->h - 1));
            if (bh < 1)
                bh = 1;
            if (base - bh < p->y)
                bh = base - p->y;
            fill(c, plot_x(p, age), base - bh, p->px, bh, rgb[s - s0]);
            base -= bh;
        }
    }
}

static void draw_timelines(struct canvas *c, struct model *md, const struct rect *a)
{
    const struct timeline *tl = &md->tl;
    int len = timeline_len(tl), gh = (a->h - LINE_H - 4) / 4;
    struct plot p = { .x = a->x, .w = a->w, .h = gh - LINE_H - 8 };
    p.px = len > 0 ? p.w / len : 4;
    if (p.px < 1)
        p.px = 1;
    if (p.px > 4)
        p.px = 4;
    p.n = p.w / p.px < len ? p.w / p.px : len;
    char b1[16], b2[16], b3[16];
    int y = a->y;

    /* TLB hit rates */
    static const uint32_t hit_rgb[TLB_COUNT] = { 0x49c2ffu, 0x6ee07au, 0xe6d23cu };
    int x = text(c, a->x, y, C_HEAD, "TLB hit rate") + 12;
    for (int i = 0; i < model_ntlbs(md); i++) {
        float v = timeline_get(tl, 0, SER_HIT_I + i);
        char label[48];
        snprintf(label, sizeof label, isnan(v) ? "%s -" : "%s %.1f%%", tlb_names[i], (double)v);
        x = key(c, x, y, hit_rgb[i], label);
    }
    text(c, a->x + a->w - 10 * FONT_CELL_W, y, C_DIM, "0 to 100%");
    p.y = y + LINE_H + 2;
    plot_frame(c, &p);
    for (int i = 0; i < model_ntlbs(md); i++)
        plot_line(c, &p, tl, SER_HIT_I + i, 100.0f, hit_rgb[i]);
    y += gh;

    /* page walks */
    float max = timeline_max(tl, p.n, SER_WALKS);
    x = text(c, a->x, y, C_HEAD, "Page walks / s") + 12;
    textf(c, x, y, C_TEXT, "now %s   max %s",
          si(len ? timeline_get(tl, 0, SER_WALKS) : 0, b1, sizeof b1), si(max, b2, sizeof b2));
    p.y = y + LINE_H + 2;
    plot_frame(c, &p);
    static const uint32_t walk_rgb[1] = { 0x49c2ffu };
    plot_bars(c, &p, tl, SER_WALKS, SER_WALKS + 1, walk_rgb, max);
    y += gh;

    /* page faults: the kinds the guest reported, stacked; the traps the hart took */
    static const uint32_t fault_rgb[5] = { 0x5fd35fu, 0xe6d23cu, 0xd0309au, 0x49c2ffu,
                                           0xff4a4au };
    static const char *const fault_names[5] = { "demand-zero", "file", "COW", "swap-in",
                                                "SIGSEGV" };
    float fmax = timeline_max_sum(tl, p.n, SER_ZERO, SER_SEGV + 1);
    float hmax = timeline_max(tl, p.n, SER_HW_FAULTS);
    if (hmax > fmax)
        fmax = hmax;
    x = text(c, a->x, y, C_HEAD, "Page faults / s") + 12;
    for (int k = 0; k < 5; k++)
        x = key(c, x, y, fault_rgb[k], fault_names[k]);
    x = key(c, x, y, 0xffffffu, "traps") + 6;
    textf(c, x, y, C_DIM, "max %s", si(fmax, b1, sizeof b1));
    p.y = y + LINE_H + 2;
    plot_frame(c, &p);
    plot_bars(c, &p, tl, SER_ZERO, SER_SEGV + 1, fault_rgb, fmax);
    plot_line(c, &p, tl, SER_HW_FAULTS, fmax, 0xffffffu);
    const struct trace_dev *tr = fe_trace_reports(md->m);
    if (tr->accepted == 0)
        text(c, p.x + 6, p.y + 4, C_DIM, "kinds: no reports from the guest (trace device unused)");
    y += gh;

    /* swap-outs */
    max = timeline_max(tl, p.n, SER_SWAPOUT);
    x = text(c, a->x, y, C_HEAD, "Swap-outs / s") + 12;
    x = textf(c, x, y, C_TEXT, "now %s   max %s   total %s",
              si(len ? timeline_get(tl, 0, SER_SWAPOUT) : 0, b1, sizeof b1), si(max, b2, sizeof b2),
              si((double)tr->swapouts, b3, sizeof b3));
    if (tr->oom_kills)
        textf(c, x + 12, y, 0xff4040u, "OOM kills %llu (last pid %u)",
              (unsigned long long)tr->oom_kills, tr->oom_pid);
    p.y = y + LINE_H + 2;
    plot_frame(c, &p);
    static const uint32_t swap_rgb[1] = { 0xff8c1au };
    plot_bars(c, &p, tl, SER_SWAPOUT, SER_SWAPOUT + 1, swap_rgb, max);
    y += gh;

    if (tr->shootdowns) {
        /* The guest's TLB shootdowns (trace reports): how many, and the last one. */
        const struct trace_shootdown *l = &tr->last_shootdown;
        char range[48];
        if (l->size == UINT64_MAX)
            snprintf(range, sizeof range, "whole ASID");
        else
            snprintf(range, sizeof range, "%llx +%llu pages", (unsigned long long)l->start,
                     (unsigned long long)(l->size / 4096));
        textf(c, a->x, y + 2, 0x40e0e0u,
              "TLB shootdowns (guest) %llu, last: hart %u -> mask %llx, ASID %s%u, %s",
              (unsigned long long)tr->shootdowns, l->sender, (unsigned long long)l->harts,
              l->asid == UINT32_MAX ? "all " : "", l->asid == UINT32_MAX ? 0 : l->asid, range);
        y += LINE_H + 2;
    }
    textf(c, a->x, y + 2, C_DIM,
          "the last %.2f s of guest time, a sample per %d ms, newest at the right",
          (double)p.n * MODEL_PERIOD_TICKS / TIMEBASE_HZ,
          (int)(MODEL_PERIOD_TICKS * 1000 / TIMEBASE_HZ));
}

/* ---- the frame map ---- */

static void draw_frames(struct canvas *c, struct model *md, const struct rect *a)
{
    struct frame_map *fm = &md->fm;
    int x = a->x, y = a->y;
    char b1[16];
    if (!fm->nframes) {
        text(c, x, y, C_DIM, "Physical memory: not sampled yet");
        return;
    }
    /* Cells: the largest (nearly square) cell that fits every frame; beyond one pixel
     * per frame, groups of frames share a cell (the most telling kind wins). */
    int top = 2 * (LINE_H + 2) + 2, w = a->w, h = a->h - top;
    int sw = 1, sh = 1;
    for (int cw = 1; cw <= 16; cw++)
        for (int ch = cw - 1; ch <= cw + 1; ch++) {
            uint64_t n = (uint64_t)(w / cw);
            if (ch < 1 || ch > 16 || (fm->nframes + n - 1) / n * (uint64_t)ch > (uint64_t)h)
                continue;
            if (cw * ch > sw * sh || (cw * ch == sw * sh && ch > sh)) {
                sw = cw;
                sh = ch;
            }
        }
    uint64_t cols = (uint64_t)(w / sw), group = 1;
    while ((fm->nframes + group * cols - 1) / (group * cols) * (uint64_t)sh > (uint64_t)h)
        group++;
    uint64_t ncells = (fm->nframes + group - 1) / group;
    int rows = (int)((ncells + cols - 1) / cols);

    x = text(c, x, y, C_HEAD, "Physical memory") + 12;
    textf(c, x, y, C_DIM, "%" PRIu64 " frames of 4 KiB at 0x%" PRIx64 "-0x%" PRIx64
          ", %" PRIu64 " frame%s per %dx%d cell, %" PRIu64 " KiB per row; %d page tables "
          "scanned%s", fm->nframes, fm->base_ppn << PAGE_SHIFT,
          ((fm->base_ppn + fm->nframes) << PAGE_SHIFT) - 1, group, group > 1 ? "s" : "",
          sw, sh, cols * group * 4, fm->tables_scanned,
          fm->reported ? "; owners as the guest reports them" : "");
    y += LINE_H + 2;
    x = a->x;
    for (int k = 0; k < FK_KINDS; k++) {
        if (k == FK_USER || !fm->count[k])
            continue;
        char label[48];
        snprintf(label, sizeof label, "%s %s", frame_kind_name((enum frame_kind)k),
                 si((double)fm->count[k], b1, sizeof b1));
        x = key(c, x, y, model_frame_colour(frame_cell((enum frame_kind)k, false, 0)), label);
    }
    for (int u = 0; u < fm->nusers; u++) {
        const struct frame_user *fu = &fm->users[u];
        const struct trace_proc *p = fu->by_pid ? trace_dev_proc(fe_trace_reports(md->m), fu->id) : NULL;
        char label[64];
        if (fu->by_pid)
            snprintf(label, sizeof label, "pid %u%s%s %s", fu->id, p ? " " : "",
                     p ? p->name : "", si((double)fu->frames, b1, sizeof b1));
        else
            snprintf(label, sizeof label, "user ASID %u %s", fu->id,
                     si((double)fu->frames, b1, sizeof b1));
        if (x + (int)strlen(label) * FONT_CELL_W + 24 > a->x + a->w)
            break;
        x = key(c, x, y, model_id_colour(fu->id), label);
    }
    y = a->y + top;

    if (c->map_w != (int)cols || c->map_h != rows) {
        if (c->map)
            SDL_DestroyTexture(c->map);
        free(c->map_px);
        c->map = SDL_CreateTexture(c->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                   (int)cols, rows);
        c->map_px = malloc(cols * (size_t)rows * sizeof *c->map_px);
        c->map_w = c->map && c->map_px ? (int)cols : 0;
        c->map_h = c->map && c->map_px ? rows : 0;
        if (!c->map_w)
            return;
        SDL_SetTextureScaleMode(c->map, SDL_ScaleModeNearest);
    }
    for (uint64_t i = 0; i < cols * (uint64_t)rows; i++)
        c->map_px[i] = i < ncells
            ? 0xff000000u | model_frame_colour(frame_map_group(fm, i * group, group))
            : 0xff000000u | C_BG;
    SDL_UpdateTexture(c->map, NULL, c->map_px, (int)(cols * sizeof *c->map_px));
    SDL_Rect dst = { a->x, y, (int)cols * sw, rows * sh };
    SDL_RenderCopy(c->r, c->map, NULL, &dst);
}

/* ---- the page ---- */

void draw_panel(struct canvas *c, struct model *md, const struct draw_state *st,
                struct draw_layout *layout)
{
    struct draw_layout l = {
        .status = { 0, 0, PANEL_W, 30 },
        .tlb = { 6, 36, 628, 504 },
        .walk = { 646, 36, 628, 84 },
        .timeline = { 646, 128, 628, 412 },
        .frames = { 6, 548, 1268, 248 },
    };
    colour(c, C_BG);
    SDL_RenderClear(c->r);
    draw_status(c, md, st, &l.status);
    draw_tlbs(c, md, st, &l.tlb);
    draw_walk(c, md, &l.walk);
    draw_timelines(c, md, &l.timeline);
    draw_frames(c, md, &l.frames);
    if (layout)
        *layout = l;
}
