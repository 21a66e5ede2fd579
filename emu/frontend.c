/* Front-end API (see frontend.h), implemented over the machine. */
#include "frontend.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "csr.h"
#include "machine.h"
#include "stats.h"

_Static_assert(FE_MAX_BREAK == DBG_MAX_BREAK && FE_MAX_WATCH == DBG_MAX_WATCH,
               "the hart keeps the front ends' points");

static struct hart *H(struct machine *m, int hart)
{
    return m->bus.harts[(unsigned)hart < (unsigned)m->bus.nharts ? hart : 0];
}

int fe_nharts(struct machine *m) { return m->bus.nharts; }
uint64_t fe_reg(struct machine *m, int hart, int r) { return r & 31 ? H(m, hart)->x[r & 31] : 0; }
void fe_set_reg(struct machine *m, int hart, int r, uint64_t v)
{
    if (r & 31)
        H(m, hart)->x[r & 31] = v;
}
uint64_t fe_freg(struct machine *m, int hart, int r) { return H(m, hart)->f[r & 31]; }
void fe_set_freg(struct machine *m, int hart, int r, uint64_t v)
{
    struct hart *h = H(m, hart);
    h->f[r & 31] = v;
    h->mstatus |= MSTATUS_FS;               /* FP state changed: Dirty */
}
uint64_t fe_pc(struct machine *m, int hart) { return H(m, hart)->pc; }
int fe_priv(struct machine *m, int hart) { return H(m, hart)->priv; }
int fe_access_priv(struct machine *m, int hart, int kind)
{
    return kind == ACC_FETCH ? H(m, hart)->priv : H(m, hart)->dpriv;
}
uint64_t fe_instret(struct machine *m, int hart) { return H(m, hart)->instret; }
uint64_t fe_instret_all(struct machine *m) { return machine_retired(m); }
bool fe_wfi(struct machine *m, int hart) { return H(m, hart)->wfi; }
const char *fe_exception_name(uint64_t cause) { return hart_exception_name(cause); }

void fe_set_pc(struct machine *m, int hart, uint64_t pc)
{
    struct hart *h = H(m, hart);
    h->pc = pc & ~1ull;
    h->dbg.skip_once = false;
}

/* CSR reads for a debugger must not have side effects; none of ours do. */
bool fe_csr(struct machine *m, int hart, int csr, uint64_t *v)
{
    return csr_read(H(m, hart), csr, v);
}

bool fe_set_csr(struct machine *m, int hart, int csr, uint64_t v)
{
    return csr_write(H(m, hart), csr, v);
}

/* ---- memory ---- */

/* Copies len bytes between buf and virtual va page by page (each page translated
 * once, as a data access of the hart), stopping at the first byte that cannot be
 * reached; returns the bytes done. */
static size_t copy_virt(struct machine *m, int hart, uint64_t va, uint8_t *buf, size_t len,
                        bool write)
{
    struct hart *h = H(m, hart);
    size_t done = 0;
    while (done < len) {
        uint64_t pa, a = va + done;
        size_t chunk = (size_t)(PAGE_SIZE - (a & (PAGE_SIZE - 1)));
        if (chunk > len - done)
            chunk = len - done;
        if (!mmu_debug_translate(h, a, ACC_LOAD, h->dpriv, &pa, NULL))
            break;
        size_t n = write ? fe_write_phys(m, pa, buf + done, chunk)
                         : fe_read_phys(m, pa, buf + done, chunk);
        done += n;
        if (n < chunk)
            break;
    }
    return done;
}

size_t fe_read_virt(struct machine *m, int hart, uint64_t va, void *buf, size_t len)
{
    return copy_virt(m, hart, va, buf, len, false);
}

/* The write path only reads buf. */
size_t fe_write_virt(struct machine *m, int hart, uint64_t va, const void *buf, size_t len)
{
    return copy_virt(m, hart, va, (uint8_t *)(uintptr_t)buf, len, true);
}

/* Only memory, never MMIO: reading a device register could change its state. */
size_t fe_read_phys(struct machine *m, uint64_t pa, void *buf, size_t len)
{
    size_t n = 0;
    while (n < len && bus_copy_out(&m->bus, pa + n, (uint8_t *)buf + n, 1))
        n++;
    return n;
}

size_t fe_write_phys(struct machine *m, uint64_t pa, const void *buf, size_t len)
{
    size_t n = 0;
    while (n < len) {
        struct mem_region *r = bus_region(&m->bus, pa + n, 1);
        if (!r)
            break;
        /* ROM too (software breakpoints in gdb write there), bypassing readonly */
        r->host[pa + n - r->base] = ((const uint8_t *)buf)[n];
        bus_stored(&m->bus, pa + n, 1, -1);
        n++;
    }
    return n;
}

bool fe_translate(struct machine *m, int hart, uint64_t va, int kind, struct walk_trace *tr)
{
    uint64_t pa;
    return mmu_debug_translate(H(m, hart), va, kind, fe_access_priv(m, hart, kind), &pa, tr);
}

bool fe_translate_satp(struct machine *m, int hart, uint64_t satp, uint64_t va, int kind,
                       int priv, struct walk_trace *tr)
{
    uint64_t pa;
    return mmu_debug_translate_satp(H(m, hart), satp, va, kind, priv, &pa, tr);
}

bool fe_asid_satp(struct machine *m, uint16_t asid, uint64_t *satp)
{
    for (int i = 0; i < m->bus.nharts; i++)
        if (mmu_asid_root(&H(m, i)->mmu, asid, satp))
            return true;
    return false;
}

bool fe_translated(struct machine *m, int hart, int kind)
{
    return mmu_active(H(m, hart), fe_access_priv(m, hart, kind));
}

struct fe_ram fe_ram(struct machine *m)
{
    return (struct fe_ram){ m->bus.ram.base, m->bus.ram.size, m->bus.ram.host };
}

bool fe_page_has_code(struct machine *m, uint64_t pa)
{
    struct mem_region *r = bus_region(&m->bus, pa, 1);
    return r && r->code[(pa - r->base) >> PAGE_SHIFT];
}

const struct tlb_set *fe_tlbs(struct machine *m, int hart) { return &H(m, hart)->mmu.tlbs; }
const struct mmu_counts *fe_mmu_counts(struct machine *m, int hart) { return &H(m, hart)->mmu.c; }
const struct walk_trace *fe_last_walk(struct machine *m, int hart)
{
    return &H(m, hart)->mmu.last_walk;
}

/* ---- breakpoints and watchpoints: every hart holds the same lists ---- */

bool fe_break_at(struct machine *m, uint64_t va, uint32_t asid)
{
    const struct hart_dbg *d = &H(m, 0)->dbg;
    for (int i = 0; i < d->nbreak; i++)
        if (d->brk[i] == va && d->brk_asid[i] == asid)
            return true;
    return false;
}

bool fe_break_add(struct machine *m, uint64_t va, uint32_t asid)
{
    if (fe_break_at(m, va, asid))
        return true;
    if (H(m, 0)->dbg.nbreak == DBG_MAX_BREAK)
        return false;
    for (int i = 0; i < m->bus.nharts; i++) {
        struct hart_dbg *d = &H(m, i)->dbg;
        d->brk_asid[d->nbreak] = asid;
        d->brk[d->nbreak++] = va;
        hart_dbg_update(H(m, i));
    }
    return true;
}

bool fe_break_del(struct machine *m, uint64_t va, uint32_t asid)
{
    if (!fe_break_at(m, va, asid))
        return false;
    for (int i = 0; i < m->bus.nharts; i++) {
        struct hart_dbg *d = &H(m, i)->dbg;
        for (int k = 0; k < d->nbreak; k++)
            if (d->brk[k] == va && d->brk_asid[k] == asid) {
                d->nbreak--;
                d->brk[k] = d->brk[d->nbreak];
                d->brk_asid[k] = d->brk_asid[d->nbreak];
                break;
            }
        hart_dbg_update(H(m, i));
    }
    return true;
}

bool fe_watch_add(struct machine *m, uint64_t va, uint64_t len, bool on_read, bool on_write,
                  uint32_t asid)
{
    if (H(m, 0)->dbg.nwatch == DBG_MAX_WATCH || len == 0)
        return false;
    for (int i = 0; i < m->bus.nharts; i++) {
        struct hart_dbg *d = &H(m, i)->dbg;
        d->watch[d->nwatch].va = va;
        d->watch[d->nwatch].len = len;
        d->watch[d->nwatch].on_read = on_read;
        d->watch[d->nwatch].on_write = on_write;
        d->watch[d->nwatch].asid = asid;
        d->nwatch++;
        hart_dbg_update(H(m, i));
    }
    return true;
}

bool fe_watch_del(struct machine *m, uint64_t va, uint64_t len)
{
    bool found = false;
    for (int i = 0; i < m->bus.nharts; i++) {
        struct hart_dbg *d = &H(m, i)->dbg;
        for (int k = 0; k < d->nwatch; k++)
            if (d->watch[k].va == va && (len == 0 || d->watch[k].len == len)) {
                d->watch[k] = d->watch[--d->nwatch];
                found = true;
                break;
            }
        hart_dbg_update(H(m, i));
    }
    return found;
}

void fe_points_clear(struct machine *m)
{
    for (int i = 0; i < m->bus.nharts; i++) {
        struct hart_dbg *d = &H(m, i)->dbg;
        d->nbreak = 0;
        d->nwatch = 0;
        hart_dbg_update(H(m, i));
    }
}

int fe_breakpoints(struct machine *m, struct fe_break *out, int max)
{
    const struct hart_dbg *d = &H(m, 0)->dbg;
    for (int i = 0; i < d->nbreak && i < max; i++)
        out[i] = (struct fe_break){ d->brk[i], d->brk_asid[i] };
    return d->nbreak;
}

int fe_watchpoints(struct machine *m, struct fe_watch *out, int max)
{
    const struct hart_dbg *d = &H(m, 0)->dbg;
    for (int i = 0; i < d->nwatch && i < max; i++)
        out[i] = (struct fe_watch){ d->watch[i].va, d->watch[i].len, d->watch[i].on_read,
                                    d->watch[i].on_write, d->watch[i].asid };
    return d->nwatch;
}

/* ---- running ---- */

enum fe_stop fe_run(struct machine *m, int hart, uint64_t steps)
{
    if (m->quit)
        return FE_STOP_EXIT;
    /* Resuming at a breakpoint executes it rather than stopping again. */
    for (int i = 0; i < m->bus.nharts; i++) {
        struct hart *h = H(m, i);
        h->dbg.skip_once = true;
        h->dbg.skip_pc = h->pc;
    }
    return machine_execute(m, hart, steps);
}

enum fe_stop fe_step_in_loop(struct machine *m, int hart)
{
    return machine_step_in_loop(m, hart);
}

void fe_request_stop(struct machine *m)
{
    m->stop_request = 1;
    for (int i = 0; i < m->bus.nharts; i++)
        hart_stop(m->bus.harts[i]);
}

bool fe_stop_requested(struct machine *m) { return m->stop_request; }
void fe_cancel_stop_request(struct machine *m) { m->stop_request = 0; }

bool fe_take_console_break(struct machine *m)
{
    bool asked = m->ctrl_a_c;
    m->ctrl_a_c = false;
    return asked;
}

int fe_stop_hart(struct machine *m) { return m->stop_hart; }
uint64_t fe_stop_addr(struct machine *m) { return H(m, m->stop_hart)->dbg.hit_addr; }
bool fe_stop_was_write(struct machine *m) { return H(m, m->stop_hart)->dbg.hit_write; }
int fe_exit_code(struct machine *m) { return m->exit_code; }
bool fe_quitting(struct machine *m) { return m->quit; }

void fe_quit(struct machine *m, int code)
{
    m->exit_code = code;
    m->quit = true;
}

void fe_quit_interrupted(struct machine *m)
{
    if (m->term_signal) {
        fprintf(stderr, "pagoda: terminated by %s\n",
                m->term_signal == SIGHUP ? "SIGHUP" : "SIGTERM");
        fe_quit(m, 128 + m->term_signal);
    } else {
        fprintf(stderr, "pagoda: interrupted\n");
        fe_quit(m, 130);
    }
}

/* ---- time, tracing, reports ---- */

uint64_t fe_mtime(struct machine *m) { return clock_mtime(&m->clock); }

void fe_log(struct machine *m, FILE *out, bool on)
{
    if (on) {
        m->tracer.out = out;
        m->tracer.insn_log = true;
    } else {
        m->tracer.out = m->log_out;
        m->tracer.insn_log = m->opts.insn_log;
    }
    bool any = m->tracer.insn_log || m->tracer.commit_log;
    for (int i = 0; i < m->bus.nharts; i++)
        H(m, i)->tracer = any ? &m->tracer : NULL;
}

void fe_stats(struct machine *m, FILE *out) { stats_print(m, out); }

void fe_stats_reset(struct machine *m) { stats_reset(m); }

const struct trace_dev *fe_trace_reports(struct machine *m) { return &m->trace; }

/* ---- symbols ---- */

const char *fe_symbol(struct machine *m, uint64_t addr, uint64_t *offset)
{
    const struct symbol *s = symtab_lookup(&m->syms, addr);
    if (!s || (s->size && addr >= s->addr + s->size && addr - s->addr > 0x10000))
        return NULL;
    *offset = addr - s->addr;
    return s->name;
}

bool fe_symbol_addr(struct machine *m, const char *name, uint64_t *addr)
{
    const struct symbol *s = symtab_find(&m->syms, name);
    if (s)
        *addr = s->addr;
    return s != NULL;
}

bool fe_add_symbols(struct machine *m, const char *elf_path, uint64_t offset, char *err, int errlen)
{
    struct symtab t = { 0 };
    if (!symtab_read(elf_path, &t, err, errlen))
        return false;
    for (int i = 0; i < t.n; i++) {
        struct symbol *s = &t.sym[i];
        symtab_add(&m->syms, s->name, s->addr + offset, s->size);
    }
    symtab_free(&t);
    return true;
}

/* ---- the panel ---- */

void fe_attach_panel(struct machine *m, const struct fe_panel *p) { m->panel = *p; }
void fe_detach_panel(struct machine *m) { memset(&m->panel, 0, sizeof m->panel); }
void fe_panel_idle_ms(struct machine *m, int ms) { m->panel.idle_ms = ms; }

bool fe_screenshot(struct machine *m, const char *file, char *err, int errlen)
{
    if (!m->panel.screenshot) {
        snprintf(err, (size_t)errlen, "no panel in this build");
        return false;
    }
    return m->panel.screenshot(m, m->panel.ctx, file, err, errlen);
}
