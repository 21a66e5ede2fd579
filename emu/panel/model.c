/* The panel's model (see model.h): sampling, TLB entry histories, the frame map and
 * the colours. Reads the machine, never writes it. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../csr.h"

#define PTE_PPN(p)   (((p) >> 10) & ((1ull << 44) - 1))

/* ---- colours ---- */

#define C_INVALID  0x181b20u
#define C_VALID    0x2c3644u
#define C_GLOBAL   0x3a3f4au

uint32_t model_blend(uint32_t from, uint32_t to, unsigned alpha)
{
    if (alpha > 256)
        alpha = 256;
    uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        unsigned a = (from >> sh) & 255, b = (to >> sh) & 255;
        out |= ((a * (256 - alpha) + b * alpha) >> 8) << sh;
    }
    return out;
}

uint32_t model_event_colour(enum panel_event e)
{
    switch (e) {
    case PEV_HIT: return 0x3ccf5au;          /* green */
    case PEV_FILL: return 0x3d8bffu;         /* blue */
    case PEV_EVICT: return 0xff4a4au;        /* red */
    case PEV_INVALIDATE: return 0xc86bffu;   /* violet */
    case PEV_FLUSH: return 0xffb31au;        /* amber */
    case PEV_SHOOTDOWN: return 0x2ee6e6u;    /* cyan */
    default: return C_VALID;
    }
}

const char *panel_event_name(enum panel_event e)
{
    static const char *const names[PEV_KINDS] = { "none", "hit", "fill", "eviction",
                                                  "invalidation", "flush", "shootdown" };
    return e < PEV_KINDS ? names[e] : "?";
}

enum panel_event panel_event_of(enum tlb_event_kind k)
{
    switch (k) {
    case TLB_EV_FILL: return PEV_FILL;
    case TLB_EV_EVICT: return PEV_EVICT;
    case TLB_EV_INVALIDATE: return PEV_INVALIDATE;
    case TLB_EV_FLUSH: return PEV_FLUSH;
    case TLB_EV_SHOOTDOWN: return PEV_SHOOTDOWN;
    default: return PEV_NONE;
    }
}

/* Hues for owners (ASIDs, pids) that stay clear of the frame kinds' own colours. */
static const uint32_t id_palette[] = {
    0x5fd35fu, 0xb07cffu, 0xff6f9cu, 0x6fd0ffu, 0xb5e655u, 0xff9de2u,
    0x8c9bffu, 0x46d6b0u, 0xe2a6ffu, 0xd6ff8cu, 0xff8f70u, 0x9ad8ccu,
};
#define ID_COLOURS (sizeof id_palette / sizeof id_palette[0])

uint32_t model_id_colour(uint32_t id)
{
    return id_palette[id % ID_COLOURS];
}

uint32_t model_frame_colour(uint32_t cell)
{
    switch (frame_cell_kind(cell)) {
    case FK_UNTOUCHED: return 0x1e2228u;
    case FK_FREE: return 0x363b42u;
    case FK_TOUCHED: return 0x5a6470u;
    case FK_KERNEL: return 0x2f6fc0u;
    case FK_CODE: return 0x1fa3a3u;
    case FK_PAGE_TABLE: return 0xff8c1au;
    case FK_USER: return model_id_colour(frame_cell_id(cell));
    case FK_PAGE_CACHE: return 0xe6d23cu;
    case FK_SWAP_CACHE: return 0xd0309au;
    default: return 0xffffffu;
    }
}

const char *frame_kind_name(enum frame_kind k)
{
    static const char *const names[FK_KINDS] = { "untouched", "free", "touched", "kernel",
        "code", "page table", "user", "page cache", "swap cache" };
    return k < FK_KINDS ? names[k] : "?";
}

uint32_t model_entry_colour(const struct entry_view *v, uint64_t now,
                            enum panel_event *shown)
{
    uint32_t base = !v->valid ? C_INVALID
                  : (v->perm & PTE_G) ? C_GLOBAL
                  : model_blend(C_VALID, model_id_colour(v->asid), 48);
    uint64_t t = now + 1;
    bool ev_on = v->event_at && v->event != PEV_NONE && t - v->event_at < MODEL_FLASH_TICKS;
    bool hit_on = v->hit_at && v->valid && t - v->hit_at < MODEL_FLASH_TICKS;
    enum panel_event e = PEV_NONE;
    uint64_t at = 0;
    if (ev_on && (!hit_on || v->event_at >= v->hit_at)) {
        e = (enum panel_event)v->event;
        at = v->event_at;
    } else if (hit_on) {
        e = PEV_HIT;
        at = v->hit_at;
    }
    if (shown)
        *shown = e;
    if (e == PEV_NONE)
        return base;
    unsigned alpha = (unsigned)(256 - (t - at) * 256 / MODEL_FLASH_TICKS);
    return model_blend(base, model_event_colour(e), alpha);
}

/* ---- sampling ---- */

int model_ntlbs(const struct model *md)
{
    return fe_tlbs(md->m, md->hart)->has_l2 ? 3 : 2;
}

static void read_counts(struct model *md, struct model_counts *c)
{
    const struct tlb_set *tlbs = fe_tlbs(md->m, md->hart);
    const struct mmu_counts *mc = fe_mmu_counts(md->m, md->hart);
    const struct trace_dev *tr = fe_trace_reports(md->m);
    memset(c, 0, sizeof *c);
    for (int i = 0; i < model_ntlbs(md); i++) {
        c->acc[i] = tlbs->tlb[i].c.accesses;
        c->hit[i] = tlb_hits(&tlbs->tlb[i].c);
    }
    c->walks = mc->walks;
    for (int k = 0; k < 3; k++)
        for (int p = 0; p < 4; p++)
            c->hw_faults += mc->page_faults[k][p];
    for (int k = 0; k < TRACE_FAULT_KINDS; k++)
        c->faults[k] = tr->faults[k];
    c->swapouts = tr->swapouts;
}

bool model_init(struct model *md, struct machine *m)
{
    memset(md, 0, sizeof *md);
    md->m = m;
    if (!timeline_init(&md->tl, SER_COUNT, MODEL_SAMPLES))
        return false;
    for (int i = 0; i < TLB_COUNT; i++) {
        const struct tlb *t = &fe_tlbs(m, md->hart)->tlb[i];
        if (!t->e)
            continue;
        md->nentries[i] = t->cfg.entries;
        if (!(md->ev[i] = calloc((size_t)t->cfg.entries, sizeof *md->ev[i])))
            return false;
    }
    return true;
}

void model_select_hart(struct model *md, int hart)
{
    md->hart = hart;
    for (int i = 0; i < TLB_COUNT; i++) {
        if (md->ev[i])
            memset(md->ev[i], 0, sizeof *md->ev[i] * (size_t)md->nentries[i]);
        md->seen_events[i] = fe_tlbs(md->m, hart)->tlb[i].nevents;
        md->seen_flushed[i] = fe_tlbs(md->m, hart)->tlb[i].c.flushed_entries;
    }
    timeline_clear(&md->tl);
    md->started = false;
    model_poll(md, false);
}

void model_free(struct model *md)
{
    timeline_free(&md->tl);
    for (int i = 0; i < TLB_COUNT; i++)
        free(md->ev[i]);
    free(md->fm.cell);
    free(md->resident);
    memset(md, 0, sizeof *md);
}

/* Events since the last sample: the ring first (exact, unless it overflowed), then
 * each entry's content, which catches what the ring lost, and its last use (hits). */
static void sample_tlb(struct model *md, int i, uint64_t now)
{
    const struct tlb *t = &fe_tlbs(md->m, md->hart)->tlb[i];
    struct entry_view *views = md->ev[i];
    uint64_t at = now + 1;
    if (!views)
        return;
    uint64_t from = md->seen_events[i], n = t->nevents;
    if (n < from)
        from = n;                                   /* reinitialised */
    if (n - from > TLB_EVENT_RING)
        from = n - TLB_EVENT_RING;
    for (uint64_t k = from; k < n; k++) {
        const struct tlb_event *ev = &t->events[k & (TLB_EVENT_RING - 1)];
        if (ev->entry >= (uint32_t)md->nentries[i])
            continue;
        struct entry_view *v = &views[ev->entry];
        enum panel_event pe = panel_event_of((enum tlb_event_kind)ev->kind);
        /* A fill into the slot it just evicted from is a replacement: it stays red. */
        if (pe == PEV_FILL && v->event_at == at && v->event == PEV_EVICT)
            continue;
        v->event = (uint8_t)pe;
        v->event_at = at;
    }
    md->seen_events[i] = n;
    bool flushed = t->c.flushed_entries != md->seen_flushed[i];
    md->seen_flushed[i] = t->c.flushed_entries;
    for (int j = 0; j < md->nentries[i]; j++) {
        const struct tlb_entry *e = &t->e[j];
        struct entry_view *v = &views[j];
        uint64_t used = tlb_last_use(t, e);
        if (e->valid && used != v->last_use)
            v->hit_at = at;
        v->last_use = used;
        bool changed = e->valid != v->valid ||
            (e->valid && (e->vpn != v->vpn || e->ppn != v->ppn || e->asid != v->asid ||
                          e->level != v->level));
        if (changed && v->event_at != at) {        /* what the ring lost */
            v->event = !e->valid ? (flushed ? PEV_FLUSH : PEV_INVALIDATE)
                     : v->valid ? PEV_EVICT : PEV_FILL;
            v->event_at = at;
        }
        v->valid = e->valid;
        v->level = e->level;
        v->perm = e->perm;
        v->asid = e->asid;
        v->vpn = e->vpn;
        v->ppn = e->ppn;
    }
}

static void note_root(struct model *md, uint64_t now)
{
    uint64_t satp = 0;
    fe_csr(md->m, md->hart, CSR_SATP, &satp);
    if (SATP_MODE(satp) != 8)
        return;
    uint64_t root = SATP_PPN(satp);
    int slot = -1;
    for (int i = 0; i < md->nroots; i++)
        if (md->roots[i].root_ppn == root)
            slot = i;
    if (slot < 0 && md->nroots < MODEL_ROOTS)
        slot = md->nroots++;
    if (slot < 0) {                         /* replace the least recently seen */
        slot = 0;
        for (int i = 1; i < md->nroots; i++)
            if (md->roots[i].seen_at < md->roots[slot].seen_at)
                slot = i;
    }
    md->roots[slot].root_ppn = root;
    md->roots[slot].asid = SATP_ASID(satp);
    md->roots[slot].seen_at = now;
}

static float rate(uint64_t now, uint64_t before, double seconds)
{
    uint64_t d = now >= before ? now - before : now;    /* a reset starts again */
    return (float)((double)d / seconds);
}

static float hit_rate(uint64_t acc, uint64_t acc0, uint64_t hit, uint64_t hit0)
{
    if (acc <= acc0 || hit < hit0)
        return NAN;
    return (float)(100.0 * (double)(hit - hit0) / (double)(acc - acc0));
}

void model_poll(struct model *md, bool force)
{
    uint64_t now = fe_mtime(md->m);
    if (!md->started) {
        md->started = true;
        md->now = now;
        md->next_sample = now + MODEL_PERIOD_TICKS;
        read_counts(md, &md->prev);
        return;
    }
    bool due = now >= md->next_sample;
    if (!due && !force)
        return;
    for (int i = 0; i < model_ntlbs(md); i++)
        sample_tlb(md, i, now);
    note_root(md, now);
    if (due) {
        /* k periods passed (more than one after an idle skip): spread the counts. */
        uint64_t span = now > md->now ? now - md->now : MODEL_PERIOD_TICKS;
        uint64_t k = span / MODEL_PERIOD_TICKS;
        if (k == 0)
            k = 1;
        if (k > MODEL_SAMPLES)
            k = MODEL_SAMPLES;
        double seconds = (double)span / (double)TIMEBASE_HZ;
        struct model_counts c;
        read_counts(md, &c);
        float row[SER_COUNT];
        for (int i = 0; i < TLB_COUNT; i++)
            row[SER_HIT_I + i] = i < model_ntlbs(md)
                ? hit_rate(c.acc[i], md->prev.acc[i], c.hit[i], md->prev.hit[i]) : NAN;
        row[SER_WALKS] = rate(c.walks, md->prev.walks, seconds);
        row[SER_HW_FAULTS] = rate(c.hw_faults, md->prev.hw_faults, seconds);
        for (int f = TRACE_FAULT_ZERO; f < TRACE_FAULT_KINDS; f++)
            row[SER_ZERO + f - TRACE_FAULT_ZERO] = rate(c.faults[f], md->prev.faults[f], seconds);
        row[SER_SWAPOUT] = rate(c.swapouts, md->prev.swapouts, seconds);
        for (uint64_t r = 0; r < k; r++)
            timeline_push(&md->tl, row);
        md->prev = c;
        md->next_sample = now + MODEL_PERIOD_TICKS;
    }
    md->now = now;
}

/* ---- the frame map ---- */

static const uint8_t kind_priority[FK_KINDS] = {
    [FK_UNTOUCHED] = 0, [FK_FREE] = 1, [FK_TOUCHED] = 1, [FK_KERNEL] = 2, [FK_CODE] = 3,
    [FK_USER] = 4, [FK_PAGE_TABLE] = 5, [FK_PAGE_CACHE] = 4, [FK_SWAP_CACHE] = 4,
};

struct scan {
    struct model *md;
    struct frame_map *fm;
    struct fe_ram ram;
    uint16_t asid;
    uint32_t owner_id;                 /* the ASID, or the pid reported for it */
    bool by_pid;
    int budget;
};

static void mark(struct frame_map *fm, uint64_t ppn, uint32_t cell)
{
    uint64_t i = ppn - fm->base_ppn;
    if (ppn < fm->base_ppn || i >= fm->nframes)
        return;
    if (kind_priority[frame_cell_kind(cell)] >= kind_priority[frame_cell_kind(fm->cell[i])])
        fm->cell[i] = cell;
}

/* Marks the table at ppn and what it maps (level 2 is the root). Superpage leaves
 * mark only frames already known to be in use: a kernel's direct map of all RAM
 * would otherwise paint every free frame as kernel. */
static void scan_table(struct scan *s, uint64_t ppn, int level)
{
    struct frame_map *fm = s->fm;
    if (s->budget <= 0 || ppn < fm->base_ppn || ppn - fm->base_ppn >= fm->nframes)
        return;
    /* (ppn is a frame of the map, so in RAM) */
    const uint8_t *host = s->ram.host + ((ppn - fm->base_ppn) << PAGE_SHIFT);
    s->budget--;
    fm->tables_scanned++;
    mark(fm, ppn, frame_cell(FK_PAGE_TABLE, false, 0));
    for (int i = 0; i < 512; i++) {
        uint64_t pte;
        memcpy(&pte, host + 8 * i, 8);
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)))
            continue;
        if (!(pte & (PTE_R | PTE_X))) {
            if (level > 0)
                scan_table(s, PTE_PPN(pte), level - 1);
            continue;
        }
        uint64_t n = 1ull << (9 * level), base = PTE_PPN(pte) & ~(n - 1);
        uint32_t cell = pte & PTE_U ? frame_cell(FK_USER, s->by_pid, s->owner_id)
                                    : frame_cell(FK_KERNEL, false, 0);
        if (base >= fm->base_ppn + fm->nframes || base + n <= fm->base_ppn)
            continue;
        for (uint64_t f = base; f < base + n; f++) {
            uint64_t k = f - fm->base_ppn;
            if (f < fm->base_ppn || k >= fm->nframes)
                continue;
            if (n > 1 && frame_cell_kind(fm->cell[k]) == FK_UNTOUCHED)
                continue;
            mark(fm, f, cell);
        }
    }
}

uint32_t frame_map_group(const struct frame_map *fm, uint64_t first, uint64_t n)
{
    uint32_t best = frame_cell(FK_UNTOUCHED, false, 0);
    for (uint64_t i = first; i < first + n && i < fm->nframes; i++)
        if (i == first || kind_priority[frame_cell_kind(fm->cell[i])] >
                          kind_priority[frame_cell_kind(best)])
            best = fm->cell[i];
    return best;
}

static void count_users(struct frame_map *fm)
{
    memset(fm->count, 0, sizeof fm->count);
    fm->nusers = 0;
    /* Owners are few: a small linear table of the distinct ones, then the largest. */
    struct frame_user all[256];
    int nall = 0;
    for (uint64_t i = 0; i < fm->nframes; i++) {
        uint32_t c = fm->cell[i];
        fm->count[frame_cell_kind(c)]++;
        if (frame_cell_kind(c) != FK_USER)
            continue;
        bool by_pid = c & FRAME_BY_PID;
        int k = 0;
        while (k < nall && !(all[k].id == frame_cell_id(c) && all[k].by_pid == by_pid))
            k++;
        if (k == nall) {
            if (nall == 256)
                continue;
            all[nall++] = (struct frame_user){ frame_cell_id(c), by_pid, 0 };
        }
        all[k].frames++;
    }
    for (int n = 0; n < MODEL_USERS && n < nall; n++) {
        int best = n;
        for (int k = n + 1; k < nall; k++)
            if (all[k].frames > all[best].frames)
                best = k;
        struct frame_user tmp = all[n];
        all[n] = all[best];
        all[best] = tmp;
        fm->users[fm->nusers++] = all[n];
    }
}

static void residency(struct model *md)
{
    struct frame_map *fm = &md->fm;
    struct fe_ram ram = fe_ram(md->m);
    long hp = sysconf(_SC_PAGESIZE);
    size_t host_page = hp > 0 ? (size_t)hp : 4096;
    size_t len = (ram.size + host_page - 1) / host_page;
    if (md->resident_len != len) {
        free(md->resident);
        md->resident = malloc(len);
        md->resident_len = md->resident ? len : 0;
    }
    bool ok = md->resident &&
              mincore((void *)(uintptr_t)ram.host, ram.size, md->resident) == 0;
    for (uint64_t i = 0; i < fm->nframes; i++) {
        bool in = !ok || (md->resident[(i << PAGE_SHIFT) / host_page] & 1);
        fm->cell[i] = frame_cell(in ? FK_TOUCHED : FK_UNTOUCHED, false, 0);
    }
}

void model_frames(struct model *md)
{
    struct machine *m = md->m;
    struct frame_map *fm = &md->fm;
    struct fe_ram ram = fe_ram(m);
    const struct trace_dev *tr = fe_trace_reports(m);
    uint64_t nframes = ram.size >> PAGE_SHIFT;
    if (fm->nframes != nframes || !fm->cell) {
        free(fm->cell);
        fm->nframes = nframes;
        fm->cell = calloc(nframes, sizeof *fm->cell);
        if (!fm->cell) {
            fm->nframes = 0;
            return;
        }
    }
    fm->base_ppn = ram.base >> PAGE_SHIFT;
    fm->tables_scanned = 0;
    residency(md);
    for (uint64_t i = 0; i < nframes; i++)
        if (fe_page_has_code(m, ram.base + (i << PAGE_SHIFT)))
            mark(fm, fm->base_ppn + i, frame_cell(FK_CODE, false, 0));

    struct scan s = { .md = md, .fm = fm, .ram = ram, .budget = MODEL_SCAN_TABLES };
    note_root(md, md->now);
    for (int r = 0; r < md->nroots; r++) {
        if (md->now - md->roots[r].seen_at > MODEL_ROOT_AGE)
            continue;
        s.asid = md->roots[r].asid;
        s.owner_id = s.asid;
        s.by_pid = false;
        for (int p = 0; p < tr->nprocs; p++)
            if (tr->procs[p].asid == s.asid) {
                s.owner_id = tr->procs[p].pid;
                s.by_pid = true;
            }
        scan_table(&s, md->roots[r].root_ppn, 2);
    }

    /* What the guest reported wins over what the hardware suggests. */
    static const enum frame_kind from_owner[TRACE_OWNER_KINDS] = {
        [TRACE_OWNER_FREE] = FK_FREE, [TRACE_OWNER_KERNEL] = FK_KERNEL,
        [TRACE_OWNER_PAGE_TABLE] = FK_PAGE_TABLE, [TRACE_OWNER_USER] = FK_USER,
        [TRACE_OWNER_PAGE_CACHE] = FK_PAGE_CACHE, [TRACE_OWNER_SWAP_CACHE] = FK_SWAP_CACHE,
    };
    fm->reported = tr->owner != NULL;
    if (fm->reported)
        for (uint64_t i = 0; i < nframes; i++) {
            uint32_t o = tr->owner[i];
            enum trace_owner k = trace_owner_kind(o);
            if (k != TRACE_OWNER_UNKNOWN && k < TRACE_OWNER_KINDS)
                fm->cell[i] = frame_cell(from_owner[k], k == TRACE_OWNER_USER,
                                         k == TRACE_OWNER_USER ? trace_owner_pid(o) : 0);
        }
    count_users(fm);
}
