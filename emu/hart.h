/* The RISC-V hart: architectural state, its fast translation cache (ftlb.h) and TLB
 * model (mmu.h), and the run loop over decoded code pages (codecache.h). Everything
 * the interpreter touches per instruction lives in struct hart so the hot path
 * reaches it through one pointer. */
#ifndef PAGODA_HART_H
#define PAGODA_HART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "decode.h"
#include "ftlb.h"
#include "irq.h"
#include "mmu.h"
#include "riscv.h"
#include "trace.h"
#include "trigger.h"

struct pmp_state {
    uint8_t cfg[16];
    uint64_t addr[16];
    int nactive;              /* number of entries with A != OFF */
    /* Derived on every PMP write (pmp_recompute): the active entries in order, with
     * their byte ranges [lo, hi). */
    int nrange;
    struct { uint64_t lo, hi; uint8_t cfg; } range[16];
    bool all_rwx;             /* the first entry grants RWX on every address */
};

enum { DBG_NONE, DBG_STEP, DBG_BREAK, DBG_WATCH };
#define DBG_MAX_BREAK 64
#define DBG_MAX_WATCH 16
#define DBG_ANY_ASID UINT32_MAX
struct hart_dbg {
    bool active;              /* any of the below is set: the run loop checks them */
    uint64_t steps;           /* > 0: stop after this many instructions */
    int nbreak;
    uint64_t brk[DBG_MAX_BREAK];
    uint32_t brk_asid[DBG_MAX_BREAK];   /* only under this ASID (DBG_ANY_ASID: any) */
    bool skip_once;           /* resuming at skip_pc: do not stop on its breakpoint */
    uint64_t skip_pc;
    int nwatch;
    struct { uint64_t va, len; bool on_read, on_write; uint32_t asid; } watch[DBG_MAX_WATCH];
    int hit;                  /* why the hart stopped: DBG_* */
    uint64_t hit_addr;        /* breakpoint pc or watched data address */
    bool hit_write;
};

struct hart {
    /* the register file, indexed by decoded operands (REG_F, REG_SINK above) */
    union {
        uint64_t reg[REG_COUNT];
        struct { uint64_t x[32], f[32], sink; };
    };
    /* fcsr; singles live NaN-boxed in f[] (upper 32 bits all ones) */
    uint8_t frm, fflags;
    /* F/D operations computed by the host FPU and by the soft-float core (--stats) */
    uint64_t fp_host, fp_soft;
    uint64_t pc;
    int priv;
    int dpriv;                /* privilege of data accesses (priv, or MPP under MPRV) */
    uint64_t limit;           /* the inner loop runs while instret < limit */
    bool wfi;                 /* waiting for an interrupt */
    bool halted;              /* machine stopped (exit requested) */
    bool reschedule;          /* a timer deadline moved: hart_run returns to the machine
                                 loop, which plans the next slice */

    /* the fast translation cache */
    struct ftlb ftlb;

    /* trap loop: the last exception's pc, cause and tval, the count of instructions
     * retired at its privilege (x4, + the privilege) when it came, and how often it
     * repeated in a row with nothing retired; trap_loop once it is stuck */
    uint64_t loop_pc, loop_cause, loop_tval, loop_instret;
    int loop_priv;
    unsigned loop_count;
    bool trap_loop;

    /* counters */
    uint64_t instret;
    uint64_t exceptions;      /* synchronous traps taken (their fetches still count) */
    uint64_t cycle_offset;    /* mcycle = instret + cycle_offset */
    uint64_t instret_offset;  /* minstret = instret + instret_offset */

    /* the time source (mtime), supplied by the machine */
    uint64_t (*read_time)(void *ctx);
    void *time_ctx;

    /* CSRs */
    uint64_t mstatus, misa, medeleg, mideleg, mie;
    uint64_t mip;             /* software-writable bits (SSIP, STIP, SEIP) */
    uint64_t mip_hw;          /* lines driven by devices (MSIP, MTIP, MEIP, SEIP, STIP) */
    uint64_t mtvec, mepc, mcause, mtval, mscratch;
    uint64_t stvec, sepc, scause, stval, sscratch, satp;
    uint64_t mcounteren, scounteren, menvcfg, senvcfg, mcountinhibit;
    uint64_t mhartid;
    uint64_t stimecmp;
    uint64_t mtimecmp;        /* the CLINT's deadline for MTIP (irq.h) */
    struct pmp_state pmp;
#define HPM_COUNTERS 29           /* mhpmcounter3..31 count TLB and other events */
    /* Counter i reads hpm_base[i] while stopped (mcountinhibit or its mode filter), and
     * hpm_base[i] + events - hpm_start[i] while it counts (bit i of hpm_running). */
    uint64_t hpm_event[HPM_COUNTERS], hpm_base[HPM_COUNTERS], hpm_start[HPM_COUNTERS];
    uint32_t hpm_running;
    uint32_t hpm_filtered;    /* counters with a mode filter: they follow priv changes */
    int hpm_priv;             /* the privilege hpm_running was computed for */

    /* MMU and TLB model; the L1 entry used by the last translation */
    struct mmu mmu;
    struct tlb_entry *last_model;
    uint64_t insns_by_priv[4];

    /* memory; the hart's reservation is bus->resv_addr[index] (bus_reserve) */
    struct bus *bus;
    int index;                /* the hart's place among the bus's harts */

    /* multi-hart events: software interrupts other harts raised here, and the
     * sfence.vma instructions run for them (remote fences) with the TLB entries those
     * removed (shootdowns); remote_ipi: such a request is being served (in M-mode,
     * from the interrupt until the return below M). fence_requests: the interrupts
     * from other harts answered with at least one remote fence (mmu_sfence counts the
     * first fence after each; fence_request_ipi is ipis_received at the last one) */
    bool remote_ipi;
    uint64_t ipis_received, remote_fences, shootdowns;
    uint64_t fence_requests, fence_request_ipi;

    /* trace hooks (NULL when off) */
    struct tracer *tracer;

    /* debugger and gdb stub: breakpoints, watchpoints, stepping */
    struct hart_dbg dbg;

    /* the guest's own debug triggers (Sdtrig, emu/trigger.c) */
    struct trig_state trig;
};

/* Timers: MTIP follows time >= mtimecmp (the CLINT's deadline, irq.h), and with Sstc
 * (menvcfg.STCE) STIP follows time >= stimecmp. hart_update_timers recomputes both
 * lines after time moved; hart_timers_changed (irq.h) also makes the machine loop
 * re-plan its slice; hart_next_deadline is the earliest time after `now` either line
 * rises (UINT64_MAX: neither will). A deadline already passed is not one: its line is
 * up, and if the hart masks it (Linux's timer interrupt clears sie.STIE until the next
 * event is programmed), waiting for it would wait for ever. */
void hart_update_timers(struct hart *h);
uint64_t hart_next_deadline(const struct hart *h, uint64_t now);

/* mip as software sees it: the writable bits plus the lines driven by devices. */
static inline uint64_t hart_mip(const struct hart *h) { return h->mip | h->mip_hw; }

/* An interrupt is pending and enabled in mie, whatever the global enables say: what
 * ends WFI. The run loop, WFI itself and the machine's idle test all ask this. */
static inline bool hart_wakes(const struct hart *h) { return (hart_mip(h) & h->mie) != 0; }

/* Makes the run loop leave its inner loop after the current instruction. */
static inline void hart_stop(struct hart *h) { h->limit = 0; }

/* A hart with mhartid hartid on bus (which lists it), in M-mode at the reset vector:
 * hart_init on memory of the caller's, hart_new allocated (hart_free frees it). */
void hart_init(struct hart *h, struct bus *bus, uint64_t hartid);
struct hart *hart_new(struct bus *bus, uint64_t hartid);
void hart_free(struct hart *h);
/* Connects the TLB model's drop notifications to the fast path (after replacing
 * h->mmu.tlbs). */
void hart_attach_tlbs(struct hart *h);
void hart_reset(struct hart *h, uint64_t pc);

/* Runs until about max_insns have retired, the hart waits for an interrupt, or the
 * machine halts. Returns the number of instructions retired. */
uint64_t hart_run(struct hart *h, uint64_t max_insns);

/* An exception raised this many times in a row at one pc, with the same cause and
 * nothing retired in between at its privilege, is a trap loop: the hart halts with
 * trap_loop set. */
#define TRAP_LOOP_LIMIT 1000
/* The privileged spec's name of an exception cause ("illegal instruction"). */
const char *hart_exception_name(uint64_t cause);

/* Raises a synchronous exception for the instruction at pc; returns the trap vector
 * (also left in h->pc) and stops the inner loop. */
uint64_t hart_trap(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval);
/* Sets the privilege mode and everything derived from it. */
void hart_set_priv(struct hart *h, int priv);
/* Recomputes dpriv after mstatus changes. */
void hart_update_dpriv(struct hart *h);
/* Takes the highest-priority pending and enabled interrupt, if any. */
bool hart_check_interrupts(struct hart *h);
uint64_t hart_pending_interrupts(const struct hart *h);

/* Memory access slow paths (emu/mem.c); pc is the accessing instruction's, for traps. */
bool mem_load_slow(struct hart *h, uint64_t pc, uint64_t va, int size, uint64_t *val);
bool mem_store_slow(struct hart *h, uint64_t pc, uint64_t va, int size, uint64_t val);
/* Translates va for access kind; on success returns true and the physical address.
 * On failure raises the exception and returns false. */
bool mem_translate(struct hart *h, uint64_t pc, uint64_t va, int kind, int size,
                   uint64_t *pa);
/* Fills the fetch fast-TLB entry for pc. FETCH_TRAP: the fetch faulted and the trap
 * was taken; FETCH_SLOW: the page cannot be cached (PMP finer than a page), execute
 * one instruction with hart_exec_slow(). */
enum { FETCH_OK, FETCH_TRAP, FETCH_SLOW };
int mem_fetch_fill(struct hart *h, uint64_t pc, struct ftlb_entry **out, uint64_t *pa);
/* Fetches, decodes and executes the instruction at pc without the code cache; pa is
 * the already translated (and counted) address of its first parcel. */
uint64_t hart_exec_slow(struct hart *h, uint64_t pc, uint64_t pa);
/* Reads an instruction parcel through translation (page-straddling instructions);
 * on a fault takes the trap for the instruction at pc with tval = va. */
bool mem_fetch_u16(struct hart *h, uint64_t pc, uint64_t va, uint16_t *out);

/* Recomputes the PMP's derived ranges after a pmpcfg/pmpaddr write. */
void pmp_recompute(struct pmp_state *p);
/* PMP check for a physical access of size bytes at privilege priv. */
bool pmp_decide_slow(const struct hart *h, uint64_t pa, int size, int kind, int priv);
static inline bool pmp_allows(const struct hart *h, uint64_t pa, int size, int kind, int priv)
{
    return h->pmp.all_rwx || pmp_decide_slow(h, pa, size, kind, priv);
}
/* True when [page, page+4K) falls in one PMP decision (for the fast path). */
bool pmp_page_uniform(const struct hart *h, uint64_t page, int kind, int priv);

/* Debugger support: recompute dbg.active after changing breakpoints/watchpoints,
 * and check a data access against the watchpoints (slow path only). */
void hart_dbg_update(struct hart *h);
void hart_dbg_check_watch(struct hart *h, uint64_t va, uint64_t len, bool write);

#endif
