/* What the panel shows, computed from the machine without SDL: timelines sampled at a
 * fixed period of guest time, the recent history of every TLB entry, the physical
 * frame map, and the colours of all of them. draw.c only paints what is here.
 *
 * Everything is read from counters the hart keeps anyway (TLB counts, each entry's
 * last use, the TLB event rings, walk and fault counts) and from the trace device; the
 * panel adds nothing to the hot path. */
#ifndef PAGODA_PANEL_MODEL_H
#define PAGODA_PANEL_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "../frontend.h"
#include "timeline.h"

#define MODEL_PERIOD_TICKS (TIMEBASE_HZ / 100)  /* a sample per 10 ms of guest time */
#define MODEL_SAMPLES 1024                      /* ~10 s of guest time kept */
#define MODEL_FLASH_TICKS (TIMEBASE_HZ / 4)     /* an event fades over 250 ms */
#define MODEL_ROOTS 16                          /* page-table roots remembered */
#define MODEL_ROOT_AGE (2 * TIMEBASE_HZ)        /* ...and scanned while this recent */
#define MODEL_SCAN_TABLES 4096                  /* page tables read per frame map */
#define MODEL_USERS 8                           /* owners named in the legend */

/* The series of a timeline row. Hit rates are percentages (NAN: no access in the
 * period), the rest are events per second of guest time. The fault kinds come from
 * the trace device (SER_ZERO + TRACE_FAULT_x - 1); SER_HW_FAULTS counts page-fault
 * traps, which the hart sees by itself. */
enum model_series { SER_HIT_I, SER_HIT_D, SER_HIT_L2, SER_WALKS, SER_HW_FAULTS,
                    SER_ZERO, SER_FILE, SER_COW, SER_SWAPIN, SER_SEGV, SER_SWAPOUT,
                    SER_COUNT };

/* What last happened to a TLB entry, as the panel shows it: a hit, a fill of a free
 * slot, an eviction (the slot now holds another translation), an invalidation (a
 * stale entry dropped before its refill), a flush (sfence.vma) or a shootdown (an
 * sfence.vma run for another hart: a remote fence). */
enum panel_event { PEV_NONE, PEV_HIT, PEV_FILL, PEV_EVICT, PEV_INVALIDATE, PEV_FLUSH,
                   PEV_SHOOTDOWN, PEV_KINDS };
enum panel_event panel_event_of(enum tlb_event_kind k);
const char *panel_event_name(enum panel_event e);

/* One TLB entry as the panel last saw it. Times are mtime + 1 (0: never). */
struct entry_view {
    uint64_t last_use;        /* tlb_last_use() at the previous sample */
    uint64_t hit_at;          /* the last sample that found it used */
    uint64_t event_at;        /* the last fill, eviction, invalidation or flush */
    uint8_t event;            /* which (PEV_*) */
    bool valid;               /* the entry at the previous sample */
    uint8_t level, perm;
    uint16_t asid;
    uint64_t vpn, ppn;
};

/* What a physical frame holds. FK_FREE and the last three come only from the guest's
 * reports; the others are what the emulator can tell by itself (host residency of the
 * page, decoded code, page tables reachable from satp roots, and their leaves). */
enum frame_kind { FK_UNTOUCHED, FK_FREE, FK_TOUCHED, FK_KERNEL, FK_CODE, FK_PAGE_TABLE,
                  FK_USER, FK_PAGE_CACHE, FK_SWAP_CACHE, FK_KINDS };
const char *frame_kind_name(enum frame_kind k);

/* A frame map cell: kind in bits 3:0, FRAME_BY_PID set when id is a pid the guest
 * reported (else an ASID seen in a page table), id in bits 31:8. */
#define FRAME_BY_PID 0x10u
static inline uint32_t frame_cell(enum frame_kind k, bool by_pid, uint32_t id)
{
    return (uint32_t)k | (by_pid ? FRAME_BY_PID : 0) | id << 8;
}
static inline enum frame_kind frame_cell_kind(uint32_t c) { return (enum frame_kind)(c & 15); }
static inline uint32_t frame_cell_id(uint32_t c) { return c >> 8; }

struct frame_user {
    uint32_t id;
    bool by_pid;
    uint64_t frames;
};

struct frame_map {
    uint64_t base_ppn, nframes;
    uint32_t *cell;                    /* nframes cells */
    uint64_t count[FK_KINDS];
    struct frame_user users[MODEL_USERS];   /* the largest owners, largest first */
    int nusers;
    int tables_scanned;
    bool reported;                     /* the guest reported some frames */
};

struct model_counts {
    uint64_t acc[TLB_COUNT], hit[TLB_COUNT];
    uint64_t walks, hw_faults, faults[TRACE_FAULT_KINDS], swapouts;
};

struct model {
    struct machine *m;
    int hart;                          /* the hart whose TLBs and walks are shown */
    struct timeline tl;
    bool started;
    uint64_t now;                      /* mtime of the last sample */
    uint64_t next_sample;
    struct model_counts prev;
    struct entry_view *ev[TLB_COUNT];
    int nentries[TLB_COUNT];
    uint64_t seen_events[TLB_COUNT], seen_flushed[TLB_COUNT];
    struct { uint64_t root_ppn, seen_at; uint16_t asid; } roots[MODEL_ROOTS];
    int nroots;
    struct frame_map fm;
    uint8_t *resident;                 /* mincore() vector over guest RAM */
    size_t resident_len;
};

bool model_init(struct model *md, struct machine *m);
void model_free(struct model *md);
/* Takes a sample when a period of guest time has passed since the last one; with
 * force, brings the TLB views up to date now (a screenshot, the end of the run). */
void model_poll(struct model *md, bool force);
/* The cell that stands for frames [first, first + n) of the map when they share one
 * cell on screen: the most telling of them (page tables, then user pages, ...). */
uint32_t frame_map_group(const struct frame_map *fm, uint64_t first, uint64_t n);
/* Recomputes the frame map: the costly part (a residency query and a bounded
 * page-table scan), so the panel calls it a few times per second at most. */
void model_frames(struct model *md);
/* The number of the TLBs present (2, or 3 with an L2). */
int model_ntlbs(const struct model *md);
/* Shows hart's TLBs and walks from now on (the entry histories and timelines start
 * again). */
void model_select_hart(struct model *md, int hart);

/* Colours, 0xRRGGBB. */
uint32_t model_blend(uint32_t from, uint32_t to, unsigned alpha);  /* alpha 0..256 */
uint32_t model_event_colour(enum panel_event e);
uint32_t model_id_colour(uint32_t id);                /* per ASID or pid */
uint32_t model_frame_colour(uint32_t cell);
/* A TLB cell at time now: its base (invalid, or valid tinted by its ASID) with the most
 * recent event over it, fading out over MODEL_FLASH_TICKS; a fill, eviction,
 * invalidation or flush wins over a hit of the same sample. *shown (when given) says
 * which event shows, PEV_NONE for none. */
uint32_t model_entry_colour(const struct entry_view *v, uint64_t now,
                            enum panel_event *shown);

#endif
