/* The fast translation cache: a direct-mapped table from virtual page to host pointer,
 * one per privilege and access kind, in front of the modelled TLB. A hit is a compare
 * and an add. Entries are only ever a subset of what the slow path (translation, PMP
 * and the bus) would answer, and each translated one points at the modelled L1 entry
 * it was built from, so the model's statistics stay exact (README, "Exact counts"). */
#ifndef PAGODA_FTLB_H
#define PAGODA_FTLB_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu.h"
#include "riscv.h"

struct code_page;
struct hart;

#define FTLB_BITS 8
#define FTLB_SIZE (1u << FTLB_BITS)
#define FTLB_INVALID (~0ull)    /* a tag that never matches (low tag bits are 0 or
                                   alignment bits) */

struct ftlb_entry {
    uint64_t tag;             /* virtual page base (| FTLB_COUNTED | FTLB_CALL_HIT), or
                                 FTLB_INVALID */
    uintptr_t addend;         /* host address = vaddr + addend */
    union {
        struct code_page *code;   /* fetch entries: the decoded page */
        uint64_t *use;            /* translated data entries: model->use, the tick
                                     a hit stamps (one load fewer on the fast path) */
    };
    struct tlb_entry *model;  /* the modelled L1 TLB entry behind it; NULL untranslated;
                                 it lives in the ITLB for fetches, the DTLB otherwise */
};

/* log2 of sizeof(struct ftlb_entry), for the run loop's address arithmetic. */
#define FTLB_ENTRY_SHIFT 5
_Static_assert(sizeof(struct ftlb_entry) == 1u << FTLB_ENTRY_SHIFT, "FTLB_ENTRY_SHIFT");

/* Superpage hints: a data access that missed the table above but falls in a 2 MiB
 * region whose slow translation last came from a modelled superpage entry refills its
 * slot from that entry, without a model lookup (ftlb_refill). A hint lives as long as
 * the 4 KiB entries built from its model entry (dropped with them). */
#define FTLB_HINT_SHIFT 21
#define FTLB_HINTS 64
struct ftlb_hint {
    uint64_t tag;             /* virtual 2 MiB region base, or FTLB_INVALID */
    struct tlb_entry *model;  /* a superpage DTLB entry covering the region */
};

/* One hart's tables, indexed [privilege][ACC_*][virtual page number mod FTLB_SIZE],
 * and hints [privilege][ACC_*][virtual 2 MiB region mod FTLB_HINTS] (data kinds).
 * A flush forgets what was filled since the last one: the entries in the fill log
 * when it holds them all (a context switch, or a kernel's user copy turning
 * mstatus.SUM on and off, finds a few entries there, not 3072), the whole tables
 * otherwise; the same for the hints, which every flush forgets (all are data). */
#define FTLB_LOG 128
#define FTLB_HINT_LOG 16
struct ftlb {
    struct ftlb_entry e[4][3][FTLB_SIZE];
    struct ftlb_hint hint[4][3][FTLB_HINTS];
    struct ftlb_entry *filled[FTLB_LOG];   /* the fill log */
    unsigned nfilled;
    bool complete;      /* every valid entry is in the log (false at first: the tables
                           are not cleared yet) */
    struct ftlb_hint *hinted[FTLB_HINT_LOG];    /* the hints set, likewise */
    unsigned nhinted;
    bool hints_complete;
};

/* Probe: the one slot that may hold va's page. */
static inline struct ftlb_entry *ftlb_slot(struct ftlb *f, int priv, int kind, uint64_t va)
{
    return &f->e[priv][kind][(va >> PAGE_SHIFT) & (FTLB_SIZE - 1)];
}

/* A data entry with a modelled entry behind it carries this bit in its tag (a page
 * offset bit above the alignment bits, so a plain compare never matches it): the
 * common untranslated hit is one compare, and only a translated one looks further. */
#define FTLB_COUNTED (1ull << 11)
/* ... and, when that TLB replaces by PLRU, this one too: its hit updates the tree (a
 * call), so the run loop's compare (key | FTLB_COUNTED) never matches it and leaves
 * the access to the handler, which counts it (ftlb_data_hit). */
#define FTLB_CALL_HIT (1ull << 10)

/* The virtual page an entry serves (its tag without the two bits above). */
static inline uint64_t ftlb_page(const struct ftlb_entry *e)
{
    return e->tag & ~(FTLB_COUNTED | FTLB_CALL_HIT);
}

/* Whether e serves an access of size bytes at va: the tag compare folds in the
 * alignment check, so a misaligned address never matches. */
static inline bool ftlb_hit(const struct ftlb_entry *e, uint64_t va, int size)
{
    return ftlb_page(e) == (va & (PAGE_MASK | (uint64_t)(size - 1)));
}

/* A fast hit on a translated data page is a hit in the modelled DTLB behind it: one
 * access (the hits are the accesses that did not miss), and one store access for a
 * store. */
static inline void ftlb_model_count(struct mmu *m, int kind)
{
    m->tlbs.tlb[TLB_D].c.accesses++;
    if (kind == ACC_STORE)          /* a constant at every call site */
        m->c.dtlb_store_accesses++;
}

/* The hit counted, and the entry's last use stamped, for a data entry whose TLB does
 * not replace by PLRU (no FTLB_CALL_HIT): all the run loop's fast path does. */
static inline void ftlb_model_hit_stamp(struct mmu *m, const struct ftlb_entry *e, int kind)
{
    ftlb_model_count(m, kind);
    *e->use = ++m->tick;
}

/* The same for any translated data entry, exactly as the slow path would: a PLRU
 * TLB's tree is updated too (a call). */
static inline void ftlb_model_hit(struct mmu *m, const struct ftlb_entry *e, int kind)
{
    struct tlb *t = &m->tlbs.tlb[TLB_D];
    if (t->cfg.policy != POLICY_PLRU) {
        ftlb_model_hit_stamp(m, e, kind);
        return;
    }
    ftlb_model_count(m, kind);
    tlb_touch(t, e->model, ++m->tick);
}

/* A data access (ACC_LOAD or ACC_STORE) of size bytes at va through e: whether e
 * serves it, the modelled hit counted when e is translated. */
static inline bool ftlb_data_hit(struct mmu *m, const struct ftlb_entry *e, uint64_t va,
                                 int size, int kind)
{
    uint64_t key = va & (PAGE_MASK | (uint64_t)(size - 1));
    if (__builtin_expect(e->tag == key, 1))
        return true;
    if ((e->tag & ~FTLB_CALL_HIT) != (key | FTLB_COUNTED))
        return false;
    ftlb_model_hit(m, e, kind);
    return true;
}

/* ftlb_data_hit for the run loop, with no call on the way: a translated hit in a TLB
 * that replaces by PLRU (whose update is a call) does not match (FTLB_CALL_HIT) and is
 * left to the caller's slow path, which counts it (the run loop keeps its state in
 * registers that a call would make it save). */
static inline bool ftlb_data_hit_nocall(struct mmu *m, const struct ftlb_entry *e,
                                        uint64_t va, int size, int kind)
{
    uint64_t key = va & (PAGE_MASK | (uint64_t)(size - 1));
    if (__builtin_expect(e->tag == key, 1))
        return true;
    if (e->tag != (key | FTLB_COUNTED))
        return false;
    ftlb_model_hit_stamp(m, e, kind);
    return true;
}

/* Fill: installs an entry for the page of va (physical pa), translated just now by the
 * slow path, when the whole page can be served from host memory: plain RAM or ROM with
 * one PMP decision and, for stores, no decoded code, no watched range, no other
 * hart's LR reservation and no one that must see every access (shadow TLBs,
 * watchpoints, the commit log). */
void ftlb_fill(struct hart *h, int kind, uint64_t va, uint64_t pa);
/* The same for a data access (ACC_LOAD or ACC_STORE), and also for the other data kind
 * on that page when the translation just made allows it: a later access of that kind
 * would hit the same modelled entry, which the fast hit counts exactly as the slow
 * path would (read-modify-write of a page then takes one slow access, not two). */
void ftlb_fill_data(struct hart *h, int kind, uint64_t va, uint64_t pa);

/* For a data access (ACC_LOAD or ACC_STORE) that missed its slot: when a hint covers
 * va, fills the slot (and the other data kind's, as ftlb_fill_data) from the hint's
 * modelled entry, which a translation of va now would hit with the same answer, and
 * returns it; the caller then counts the hit (ftlb_model_hit) and makes the access as
 * the fast path does. NULL: no hint, or the page cannot take a fast entry. */
struct ftlb_entry *ftlb_refill(struct hart *h, int kind, uint64_t va);

/* Flushes: every entry; the load and store entries only (watched data must take the
 * slow path); the entries built from modelled TLB entry e (the model's drop
 * notification, ctx is the hart); the store entries into one physical page, given by
 * its host address (the page now holds decoded code). */
void ftlb_flush(struct hart *h);
void ftlb_flush_data(struct hart *h);
void ftlb_drop_model(void *hart, struct tlb_entry *e);
void ftlb_drop_stores_to(struct hart *h, const uint8_t *host_page);
/* Before the hart runs: drops its store entries into pages where other harts hold
 * reservations, so its stores there take the slow path, which breaks them (another
 * hart can only have reserved while this one did not run). */
void ftlb_protect_reservations(struct hart *h);

#endif
