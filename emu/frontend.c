/* Front-end API (see frontend.h), implemented over the machine. */
#include "frontend.h"

#include <string.h>

#include "codecache.h"
#include "csr.h"
#include "machine.h"

uint64_t fe_reg(struct machine *m, int r) { return r ? m->hart.x[r & 31] : 0; }
void fe_set_reg(struct machine *m, int r, uint64_t v) { if (r & 31) m->hart.x[r & 31] = v; }
uint64_t fe_freg(struct machine *m, int r) { return m->hart.f[r & 31]; }
void fe_set_freg(struct machine *m, int r, uint64_t v)
{
    m->hart.f[r & 31] = v;
    m->hart.mstatus |= MSTATUS_FS;          /* FP state changed: Dirty */
}
uint64_t fe_pc(struct machine *m) { return m->hart.pc; }
int fe_priv(struct machine *m) { return m->hart.priv; }
uint64_t fe_instret(struct machine *m) { return m->hart.instret; }
int fe_exit_code(struct machine *m) { return m->exit_code; }
uint64_t fe_stop_addr(struct machine *m) { return m->hart.dbg.hit_addr; }

void fe_set_pc(struct machine *m, uint64_t pc)
{
    m->hart.pc = pc & ~1ull;
    m->hart.dbg.skip_once = false;
}

/* CSR reads for a debugger must not have side effects; none of ours do. */
bool fe_csr(struct machine *m, int csr, uint64_t *v)
{
    return csr_read(&m->hart, csr, v);
}

bool fe_set_csr(struct machine *m, int csr, uint64_t v)
{
    return csr_write(&m->hart, csr, v);
}

/* Data accesses of the debugger use the effective data privilege (MPRV applies). */
static bool virt_to_phys(struct machine *m, uint64_t va, uint64_t *pa)
{
    return mmu_debug_translate(&m->hart, va, ACC_LOAD, m->hart.dpriv, pa, NULL);
}

/* Copies len bytes between buf and virtual va page by page (each page translated
 * once), stopping at the first byte that cannot be reached; returns the bytes done. */
static size_t copy_virt(struct machine *m, uint64_t va, uint8_t *buf, size_t len, bool write)
{
    size_t done = 0;
    while (done < len) {
        uint64_t pa, a = va + done;
        size_t chunk = (size_t)(PAGE_SIZE - (a & (PAGE_SIZE - 1)));
        if (chunk > len - done)
            chunk = len - done;
        if (!virt_to_phys(m, a, &pa))
            break;
        size_t n = write ? fe_write_phys(m, pa, buf + done, chunk)
                         : fe_read_phys(m, pa, buf + done, chunk);
        done += n;
        if (n < chunk)
            break;
    }
    return done;
}

size_t fe_read_virt(struct machine *m, uint64_t va, void *buf, size_t len)
{
    return copy_virt(m, va, buf, len, false);
}

/* The write path only reads buf. */
size_t fe_write_virt(struct machine *m, uint64_t va, const void *buf, size_t len)
{
    return copy_virt(m, va, (uint8_t *)(uintptr_t)buf, len, true);
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
        code_invalidate(&m->bus, pa + n, 1);
        n++;
    }
    return n;
}

bool fe_translate(struct machine *m, uint64_t va, int kind, struct walk_trace *tr)
{
    uint64_t pa;
    int priv = kind == ACC_FETCH ? m->hart.priv : m->hart.dpriv;
    return mmu_debug_translate(&m->hart, va, kind, priv, &pa, tr);
}

bool fe_break_add(struct machine *m, uint64_t va)
{
    struct hart_dbg *d = &m->hart.dbg;
    for (int i = 0; i < d->nbreak; i++)
        if (d->brk[i] == va)
            return true;
    if (d->nbreak == DBG_MAX_BREAK)
        return false;
    d->brk[d->nbreak++] = va;
    hart_dbg_update(&m->hart);
    return true;
}

bool fe_break_del(struct machine *m, uint64_t va)
{
    struct hart_dbg *d = &m->hart.dbg;
    for (int i = 0; i < d->nbreak; i++)
        if (d->brk[i] == va) {
            d->brk[i] = d->brk[--d->nbreak];
            hart_dbg_update(&m->hart);
            return true;
        }
    return false;
}

bool fe_watch_add(struct machine *m, uint64_t va, uint64_t len, bool on_read, bool on_write)
{
    struct hart_dbg *d = &m->hart.dbg;
    if (d->nwatch == DBG_MAX_WATCH || len == 0)
        return false;
    d->watch[d->nwatch].va = va;
    d->watch[d->nwatch].len = len;
    d->watch[d->nwatch].on_read = on_read;
    d->watch[d->nwatch].on_write = on_write;
    d->nwatch++;
    hart_dbg_update(&m->hart);
    return true;
}

bool fe_watch_del(struct machine *m, uint64_t va, uint64_t len)
{
    struct hart_dbg *d = &m->hart.dbg;
    for (int i = 0; i < d->nwatch; i++)
        if (d->watch[i].va == va && (len == 0 || d->watch[i].len == len)) {
            d->watch[i] = d->watch[--d->nwatch];
            hart_dbg_update(&m->hart);
            return true;
        }
    return false;
}

enum fe_stop fe_run(struct machine *m, uint64_t steps)
{
    if (m->quit)
        return FE_STOP_EXIT;
    /* Resuming at a breakpoint executes it rather than stopping again. */
    m->hart.dbg.skip_once = true;
    m->hart.dbg.skip_pc = m->hart.pc;
    return machine_execute(m, steps);
}

void fe_request_stop(struct machine *m)
{
    m->stop_request = 1;
    for (int i = 0; i < m->bus.nharts; i++)
        hart_stop(m->bus.harts[i]);
}

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
