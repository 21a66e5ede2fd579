/* The TLB model: split ITLB and DTLB and an optional unified L2, each with a number of
 * entries and ways and a replacement policy. Entries hold what the hardware caches
 * from a leaf PTE. Every statistic is counted in exactly one place in tlb.c. */
#ifndef PAGODA_TLB_H
#define PAGODA_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "riscv.h"

enum tlb_policy { POLICY_LRU, POLICY_PLRU, POLICY_FIFO, POLICY_RANDOM };
enum tlb_flush_kind { FLUSH_ALL, FLUSH_ASID, FLUSH_VA, FLUSH_VA_ASID, FLUSH_KINDS };

/* PTE permission bits as cached (the PTE's own bit positions). */
enum { PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_G = 32, PTE_A = 64,
       PTE_D = 128 };

struct tlb_entry {
    bool valid;
    uint8_t level;            /* 0: 4 KiB, 1: 2 MiB, 2: 1 GiB */
    uint8_t perm;             /* PTE bits R W X U G A D */
    uint16_t asid;
    uint8_t fed;              /* fast tables that got an entry built from it: bit
                                 3 * priv + kind (ftlb.c); a superset, never less */
    uint64_t vpn;             /* va >> 12, aligned to the page size */
    uint64_t ppn;             /* pa >> 12 of the page's base */
    uint64_t stamp;           /* FIFO: the tick of its insertion */
    uint64_t ptes_addr;       /* physical address of the leaf PTE (for the panel) */
    uint64_t *use;            /* its slot in tlb.use: the tick of its last use */
};

/* Every lookup is one access and then one hit or one miss, so the hits are not
 * counted apart (tlb_hits): a hit the fast path serves adds an access only. */
struct tlb_counts {
    uint64_t accesses, misses, evictions, fills;
    uint64_t flushes[FLUSH_KINDS];     /* sfence.vma instructions that reached it */
    uint64_t flushed_entries;          /* entries invalidated by them */
};

static inline uint64_t tlb_hits(const struct tlb_counts *c)
{
    return c->accesses - c->misses;
}

/* What happened to an entry, recorded in a small ring per TLB for the panel. Hits are
 * far too frequent for a ring: an entry's last use (tlb_last_use) tells them. */
enum tlb_event_kind { TLB_EV_FILL, TLB_EV_EVICT, TLB_EV_INVALIDATE, TLB_EV_FLUSH,
                      TLB_EV_SHOOTDOWN, TLB_EV_KINDS };
struct tlb_event {
    uint32_t entry;                    /* index into e[] */
    uint8_t kind;                      /* enum tlb_event_kind */
};
#define TLB_EVENT_RING 256             /* a power of two */
#define LRU_CANDIDATES 4

struct tlb_config {
    char name[8];
    int entries, ways;                 /* ways == entries: fully associative */
    enum tlb_policy policy;
};

struct tlb {
    struct tlb_config cfg;
    int sets;
    struct tlb_entry *e;               /* sets x ways */
    /* Search keys, parallel to e[] so a lookup scans dense 32-bit arrays, four ways at
     * a time: entry i matches vpn and asid when (vpn & kmask[i]) == key[i] and
     * (asid & amask[i]) == akey[i] (amask 0 for a global entry); invalid entries hold
     * a key no 27-bit VPN can produce. */
    uint32_t *key, *kmask, *akey, *amask;
    /* Per entry, the access-clock tick of its last hit or fill (0: invalid), dense so
     * LRU's victim search reads a few cache lines; the fast path writes it through
     * tlb_entry.use. */
    uint64_t *use;
    uint64_t *plru;                    /* one tree per set */
    uint64_t rng;                      /* random policy, fixed seed */
    /* LRU, fully associative: the ways with the smallest (use, way) at the last full
     * victim search, in that order, with their use then. Every use since is a later
     * tick, so the first of them still holding its recorded use is the least recently
     * used entry; a drop outside a fill (use 0) empties the list. */
    int ncand, next_cand;
    int cand[LRU_CANDIDATES];
    uint64_t cand_use[LRU_CANDIDATES];
    struct tlb_counts c;
    /* Called with each entry that is evicted or invalidated (fast-path upkeep). */
    void (*on_drop)(void *ctx, struct tlb_entry *e);
    void *drop_ctx;
    /* Fills, evictions, invalidations and flushes: events[n % TLB_EVENT_RING] is the
     * n-th; nevents counts them all, so a reader knows what it missed. */
    uint64_t nevents;
    struct tlb_event events[TLB_EVENT_RING];
};

/* The physical address of va through entry e (which maps va's page). */
static inline uint64_t tlb_entry_pa(const struct tlb_entry *e, uint64_t va)
{
    uint64_t low = (1ull << (9 * e->level)) - 1;
    return ((e->ppn | ((va >> PAGE_SHIFT) & low)) << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
}

bool tlb_init(struct tlb *t, const struct tlb_config *cfg);
void tlb_free(struct tlb *t);

/* Looks up va for asid; counts one access (the caller decides a miss and counts it,
 * since a hit without sufficient permission is a miss too). */
struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, uint16_t asid);
void tlb_count_miss(struct tlb *t);
/* The access-clock tick of e's last hit or fill, whatever the policy: the panel
 * compares it with the tick of its previous look to show hits. */
static inline uint64_t tlb_last_use(const struct tlb *t, const struct tlb_entry *e)
{
    (void)t;
    return *e->use;
}
/* Replacement-state update of a hit (also used by the fast path). */
void tlb_touch(struct tlb *t, struct tlb_entry *e, uint64_t tick);
/* Inserts a translation, evicting by policy; returns the new entry. */
struct tlb_entry *tlb_fill(struct tlb *t, const struct tlb_entry *proto, uint64_t tick);
/* Drops one entry (e.g. a stale hit before its refill). */
void tlb_invalidate(struct tlb *t, struct tlb_entry *e);
/* sfence.vma: kind with va/asid as in the privileged spec; global entries survive
 * the ASID-only forms. remote: the fence runs for another hart (a shootdown; the
 * events say so). Returns the number of entries invalidated. */
int tlb_flush(struct tlb *t, enum tlb_flush_kind kind, uint64_t va, uint16_t asid,
              bool remote);

/* Invalidates every entry without counting a flush (reset). */
void tlb_clear(struct tlb *t);

/* The replacement policies' names, for messages. */
#define TLB_POLICY_NAMES "lru, plru, fifo, random"
/* Parses "32x32" or "32x32:plru" (entries x ways[:policy]). */
bool tlb_parse_geometry(const char *s, struct tlb_config *cfg, enum tlb_policy deflt);
bool tlb_parse_policy(const char *s, enum tlb_policy *p);
const char *tlb_policy_name(enum tlb_policy p);

/* Whether a cached leaf allows an access of kind (ACC_*) at priv with SUM and MXR. */
bool tlb_perm_ok(uint8_t perm, int kind, int priv, bool sum, bool mxr);

#endif
