/* The Sv39 MMU: page-table walk, A/D updates, permission checks, and the TLB model
 * in front of it, with exact statistics (also per ASID). */
#ifndef PAGODA_MMU_H
#define PAGODA_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "tlb.h"

struct hart;

enum { TLB_I, TLB_D, TLB_L2, TLB_COUNT };

struct tlb_set {
    struct tlb tlb[TLB_COUNT];
    bool has_l2;
    char spec[128];
};

struct mmu_counts {
    uint64_t walks, pte_reads, ad_writes;
    uint64_t dtlb_store_accesses, dtlb_store_misses;  /* stores and AMOs among the DTLB's */
    uint64_t page_faults[3][4];       /* [ACC_FETCH/LOAD/STORE][privilege] */
    uint64_t access_faults[3][4];     /* PTE outside RAM or denied by PMP */
};

struct asid_stats {
    struct tlb_counts tlb[TLB_COUNT];
    struct mmu_counts m;
};

/* The last walk, for the debugger's translate and the panel. */
struct walk_trace {
    uint64_t va;
    int kind, priv;
    int nlevels;                      /* PTEs read */
    uint64_t pte_addr[3], pte[3];
    int leaf_level;                   /* -1 when no leaf was reached */
    uint64_t pa;
    uint64_t cause;                   /* 0: success; else the exception it raises */
    const char *why;                  /* reason of a fault, in words */
};

/* The counts broken down by ASID: every count made while satp held an ASID belongs to
 * it. Kept apart from the hart (it is 512 KiB of pointers) and only touched when the
 * ASID changes, a fence folds, or statistics are read. */
struct asid_table {
    struct asid_stats *asid[65536];   /* allocated on first use */
    struct mmu_counts c_folded;       /* the counts already attributed to an ASID */
    struct tlb_counts t_folded[TLB_COUNT];
    uint16_t cur_asid;                /* the ASID the counts since are charged to */
    uint64_t *satp_seen;              /* per ASID the last Sv39 satp written with it
                                         (0: none); NULL until the first */
};

struct mmu {
    struct tlb_set tlbs;              /* the model that execution uses */
    struct tlb_set *shadow;           /* --shadow-tlb models, fed the same stream */
    int nshadow;
    bool svade;                       /* A/D missing: page fault instead of update */
    uint64_t tick;                    /* access clock for LRU stamps */
    struct mmu_counts c;
    struct asid_table *asids;
    struct walk_trace last_walk;
};

/* "itlb=32x32,dtlb=32x32,l2=512x1,policy=lru" or a preset name; false with a message
 * in err on a bad spec. */
bool tlb_set_parse(struct tlb_set *s, const char *spec, char *err, int errlen);
bool tlb_set_init(struct tlb_set *s);
void tlb_set_free(struct tlb_set *s);
/* Names and descriptions of the presets, for --help and the README. */
extern const struct tlb_preset { const char *name, *spec, *source; } tlb_presets[];
extern const char *const tlb_default_preset;
/* --tlb (NULL: keep the default), --shadow-tlb ("SPEC;SPEC...", or NULL) and --svade
 * for hart h; false with a message in err on a bad spec. */
bool mmu_configure(struct hart *h, const char *tlb_spec, const char *shadow_specs,
                   bool svade, char *err, int errlen);

/* Allocates the per-ASID table (the TLB sets are set up by tlb_set_parse). */
void mmu_init(struct mmu *m);
void mmu_free(struct mmu *m);

/* Translation of va for an access of kind at priv (Sv39 or Bare per satp). On a
 * fault the exception is raised on the hart for the instruction at pc. */
bool mmu_translate(struct hart *h, uint64_t pc, uint64_t va, int kind, int priv, uint64_t *pa);
/* Whether the cached leaf e would serve an access of kind at priv as a hit (the
 * permission check of a TLB hit, D included for stores). */
bool mmu_entry_allows(const struct hart *h, const struct tlb_entry *e, int kind, int priv);
/* The same walk with no side effects (no A/D writes, TLB state or statistics):
 * for the debugger and the gdb stub. Fills tr when given. */
bool mmu_debug_translate(struct hart *h, uint64_t va, int kind, int priv, uint64_t *pa,
                         struct walk_trace *tr);
/* The same walk through the page tables of another satp (Bare: no translation). */
bool mmu_debug_translate_satp(struct hart *h, uint64_t satp, uint64_t va, int kind, int priv,
                              uint64_t *pa, struct walk_trace *tr);
/* The last Sv39 satp written with asid, when one was. */
bool mmu_asid_root(const struct mmu *m, uint16_t asid, uint64_t *satp);
/* Whether data/fetch accesses at priv are translated under the current satp. */
bool mmu_active(const struct hart *h, int priv);

void mmu_sfence(struct hart *h, uint64_t va, bool has_va, uint16_t asid, bool has_asid);
/* satp was written: attribute counts so far to the old ASID, switch. */
void mmu_satp_changed(struct hart *h);
/* Attributes every count not yet attributed to the current ASID. */
void mmu_fold(struct hart *h);
/* The counts of one ASID (allocated on first use), and the ASID counts go to now. */
struct asid_stats *mmu_asid_stats(struct mmu *m, uint16_t asid);
static inline uint16_t mmu_cur_asid(const struct mmu *m) { return m->asids->cur_asid; }

#endif
