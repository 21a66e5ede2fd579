/* The fast translation cache (see ftlb.h): filling it from the slow path's answers,
 * and forgetting entries whenever what they stand for may have changed. */
#include "ftlb.h"

#include "codecache.h"
#include "hart.h"

void ftlb_fill(struct hart *h, int kind, uint64_t va, uint64_t pa)
{
    int priv = kind == ACC_FETCH ? h->priv : h->dpriv;
    uint64_t ppage = pa & PAGE_MASK;
    struct mem_region *r = bus_region(h->bus, ppage, PAGE_SIZE);
    if (!r || !pmp_page_uniform(h, ppage, kind, priv))
        return;
    if (kind == ACC_STORE && (r->readonly || r->code[(ppage - r->base) >> PAGE_SHIFT] ||
                              bus_watched(h->bus, ppage, PAGE_SIZE) ||
                              bus_page_reserved_by_other(h->bus, ppage, h->index)))
        return;
    /* Shadow TLBs must see every translated access, and watchpoints, the commit log
     * and armed data triggers every data access, so they bypass the fast path. */
    if ((h->last_model && h->mmu.nshadow) ||
        (kind != ACC_FETCH && (h->dbg.nwatch || h->tracer ||
                               (h->trig.armed & (TRIG_LOAD | TRIG_STORE)))))
        return;
    struct ftlb_entry *e = ftlb_slot(&h->ftlb, priv, kind, va);
    struct ftlb *f = &h->ftlb;
    if (f->complete) {
        if (f->nfilled < FTLB_LOG)
            f->filled[f->nfilled++] = e;
        else
            f->complete = false;
    }
    e->tag = va & PAGE_MASK;
    if (kind != ACC_FETCH && h->last_model)
        e->tag |= FTLB_COUNTED |
                  (h->mmu.tlbs.tlb[TLB_D].cfg.policy == POLICY_PLRU ? FTLB_CALL_HIT : 0);
    e->addend = (uintptr_t)(r->host + (ppage - r->base)) - (va & PAGE_MASK);
    if (kind == ACC_FETCH)
        e->code = code_page_get(h->bus, ppage);
    else
        e->use = h->last_model ? h->last_model->use : NULL;
    e->model = h->last_model;
    /* Translated accesses run at U or S (MPRV makes M data accesses use one of them). */
    if (e->model) {
        e->model->fed |= (uint8_t)(1u << (3 * priv + kind));
        if (e->model->level && kind != ACC_FETCH) {
            struct ftlb_hint *x = &h->ftlb.hint[priv][kind][(va >> FTLB_HINT_SHIFT) &
                                                            (FTLB_HINTS - 1)];
            x->tag = va & ~((1ull << FTLB_HINT_SHIFT) - 1);
            x->model = e->model;
            if (f->hints_complete) {
                if (f->nhinted < FTLB_HINT_LOG)
                    f->hinted[f->nhinted++] = x;
                else
                    f->hints_complete = false;
            }
        }
    }
}

void ftlb_fill_data(struct hart *h, int kind, uint64_t va, uint64_t pa)
{
    ftlb_fill(h, kind, va, pa);
    int other = kind == ACC_LOAD ? ACC_STORE : ACC_LOAD;
    if (!h->last_model || mmu_entry_allows(h, h->last_model, other, h->dpriv))
        ftlb_fill(h, other, va, pa);
}

struct ftlb_entry *ftlb_refill(struct hart *h, int kind, uint64_t va)
{
    int priv = h->dpriv;
    struct ftlb_hint *x = &h->ftlb.hint[priv][kind][(va >> FTLB_HINT_SHIFT) &
                                                    (FTLB_HINTS - 1)];
    if (x->tag != (va & ~((1ull << FTLB_HINT_SHIFT) - 1)))
        return NULL;
    h->last_model = x->model;
    ftlb_fill_data(h, kind, va, tlb_entry_pa(x->model, va));
    struct ftlb_entry *e = ftlb_slot(&h->ftlb, priv, kind, va);
    return ftlb_page(e) == (va & PAGE_MASK) ? e : NULL;
}

static void forget(struct ftlb_entry *f)
{
    f->tag = FTLB_INVALID;
    f->model = NULL;
}

static void forget_hint(struct ftlb_hint *x)
{
    x->tag = FTLB_INVALID;
    x->model = NULL;
}

/* The access kind of a table entry (its position in struct ftlb). */
static int kind_of(const struct ftlb *f, const struct ftlb_entry *e)
{
    return (int)((size_t)(e - &f->e[0][0][0]) / FTLB_SIZE % 3);
}

/* Forgets the entries of access kinds first..last, for every privilege: those in the
 * fill log when it is complete (the others of the log stay in it), all of them
 * otherwise; and every hint (first..last takes in both data kinds, the hints' only
 * ones), through their log likewise. */
static void forget_kinds(struct hart *h, int first, int last)
{
    struct ftlb *f = &h->ftlb;
    if (f->complete) {
        unsigned kept = 0;
        for (unsigned i = 0; i < f->nfilled; i++) {
            int k = kind_of(f, f->filled[i]);
            if (k >= first && k <= last)
                forget(f->filled[i]);
            else
                f->filled[kept++] = f->filled[i];
        }
        f->nfilled = kept;
    } else {
        for (int p = 0; p < 4; p++)
            for (int k = first; k <= last; k++)
                for (unsigned i = 0; i < FTLB_SIZE; i++)
                    forget(&f->e[p][k][i]);
        /* what is left valid (other kinds) is in no log: it stays incomplete until a
         * flush of every kind */
        f->complete = first == ACC_FETCH && last == ACC_STORE;
        f->nfilled = 0;
    }
    if (f->hints_complete) {
        for (unsigned i = 0; i < f->nhinted; i++)
            forget_hint(f->hinted[i]);
    } else {
        for (int p = 0; p < 4; p++)
            for (int k = first; k <= last; k++)
                for (unsigned i = 0; i < FTLB_HINTS; i++)
                    forget_hint(&f->hint[p][k][i]);
        f->hints_complete = true;
    }
    f->nhinted = 0;
}

void ftlb_flush(struct hart *h)
{
    forget_kinds(h, ACC_FETCH, ACC_STORE);
}

void ftlb_flush_data(struct hart *h)
{
    forget_kinds(h, ACC_LOAD, ACC_STORE);
}

void ftlb_drop_model(void *hart, struct tlb_entry *e)
{
    struct hart *h = hart;
    /* Only the tables it fed can hold entries built from it: a 4 KiB entry only in
     * the slot of its VPN, a superpage entry anywhere. */
    for (unsigned fed = e->fed; fed; fed &= fed - 1) {
        int b = __builtin_ctz(fed);
        struct ftlb_entry *tab = h->ftlb.e[b / 3][b % 3];
        if (e->level == 0) {
            struct ftlb_entry *f = &tab[e->vpn & (FTLB_SIZE - 1)];
            if (f->model == e)
                forget(f);
            continue;
        }
        for (unsigned i = 0; i < FTLB_SIZE; i++)
            if (tab[i].model == e)
                forget(&tab[i]);
        struct ftlb_hint *hints = h->ftlb.hint[b / 3][b % 3];
        for (unsigned i = 0; i < FTLB_HINTS; i++)
            if (hints[i].model == e)
                forget_hint(&hints[i]);
    }
}

void ftlb_protect_reservations(struct hart *h)
{
    struct bus *b = h->bus;
    for (uint32_t m = bus_others_reservations(b, h->index); m; m &= m - 1) {
        const uint8_t *host = bus_host(b, b->resv_addr[__builtin_ctz(m)] & PAGE_MASK, PAGE_SIZE);
        if (host)
            ftlb_drop_stores_to(h, host);
    }
}

void ftlb_drop_stores_to(struct hart *h, const uint8_t *host_page)
{
    for (int p = 0; p < 4; p++)
        for (unsigned i = 0; i < FTLB_SIZE; i++) {
            struct ftlb_entry *e = &h->ftlb.e[p][ACC_STORE][i];
            if (e->tag != FTLB_INVALID && (uintptr_t)(ftlb_page(e) + e->addend) == (uintptr_t)host_page)
                forget(e);
        }
}
