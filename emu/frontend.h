/* The API through which front ends (the debugger, the gdb stub, the panel) observe and
 * control the machine: nothing else of the machine is theirs to touch. Functions that
 * concern one hart take its index (0 .. fe_nharts() - 1; another index means hart 0).
 * Memory reads and writes through it never change A/D bits, TLB state or statistics;
 * virtual addresses translate through the hart's current satp with a side-effect-free
 * walk. The types it hands out (TLB sets, walk traces, the trace device's reports) are
 * read-only views of the machine's own. */
#ifndef PAGODA_FRONTEND_H
#define PAGODA_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "dev/trace.h"
#include "mmu.h"
#include "riscv.h"

struct machine;

enum fe_stop {
    FE_STOP_STEP,         /* the requested number of instructions ran */
    FE_STOP_BREAK,        /* a breakpoint was reached (not executed) */
    FE_STOP_WATCH,        /* a watched address was accessed (instruction completed) */
    FE_STOP_INTERRUPT,    /* fe_request_stop() (Ctrl-C, gdb's break) */
    FE_STOP_EXIT,         /* the machine powered off; fe_exit_code() tells the status */
};

/* ---- harts ---- */
int fe_nharts(struct machine *m);
uint64_t fe_reg(struct machine *m, int hart, int r);            /* x0..x31 */
void fe_set_reg(struct machine *m, int hart, int r, uint64_t v);
uint64_t fe_freg(struct machine *m, int hart, int r);           /* f0..f31, all 64 bits */
void fe_set_freg(struct machine *m, int hart, int r, uint64_t v); /* makes mstatus.FS Dirty */
uint64_t fe_pc(struct machine *m, int hart);
void fe_set_pc(struct machine *m, int hart, uint64_t pc);
int fe_priv(struct machine *m, int hart);
/* The privilege a data access (ACC_LOAD, ACC_STORE) or a fetch is made at: mstatus.MPRV
 * makes M-mode data accesses use MPP's. */
int fe_access_priv(struct machine *m, int hart, int kind);
bool fe_csr(struct machine *m, int hart, int csr, uint64_t *v);
bool fe_set_csr(struct machine *m, int hart, int csr, uint64_t v);
uint64_t fe_instret(struct machine *m, int hart);
uint64_t fe_instret_all(struct machine *m);        /* of every hart together */
bool fe_wfi(struct machine *m, int hart);          /* waiting for an interrupt */
const char *fe_exception_name(uint64_t cause);     /* "illegal instruction", ... */

/* ---- memory ---- */
/* Copies up to len bytes; returns how many could be read (stops at the first byte
 * that is unmapped, faults in the walk, or is not memory). */
size_t fe_read_virt(struct machine *m, int hart, uint64_t va, void *buf, size_t len);
size_t fe_write_virt(struct machine *m, int hart, uint64_t va, const void *buf, size_t len);
size_t fe_read_phys(struct machine *m, uint64_t pa, void *buf, size_t len);
size_t fe_write_phys(struct machine *m, uint64_t pa, const void *buf, size_t len);
/* Walks va for an access of kind at the privilege it is made at; false with the
 * fault in tr when it faults. */
bool fe_translate(struct machine *m, int hart, uint64_t va, int kind, struct walk_trace *tr);
/* The same walk through another address space: the page tables of satp, at priv. */
bool fe_translate_satp(struct machine *m, int hart, uint64_t satp, uint64_t va, int kind,
                       int priv, struct walk_trace *tr);
/* The satp value last written with this ASID (Sv39) on any hart: where that address
 * space's page tables were then. False when none was. */
bool fe_asid_satp(struct machine *m, uint16_t asid, uint64_t *satp);
/* Whether an access of kind is translated now (Sv39 on, below M-mode). */
bool fe_translated(struct machine *m, int hart, int kind);
/* RAM: its physical base and size, and a read-only view of its bytes. */
struct fe_ram {
    uint64_t base, size;
    const uint8_t *host;
};
struct fe_ram fe_ram(struct machine *m);
/* Whether the physical page at pa holds decoded instructions. */
bool fe_page_has_code(struct machine *m, uint64_t pa);

/* ---- the TLB model and the walker ---- */
/* The hart's TLB model as it is now (read-only), its walk and fault counts, and its
 * last page walk. */
const struct tlb_set *fe_tlbs(struct machine *m, int hart);
const struct mmu_counts *fe_mmu_counts(struct machine *m, int hart);
const struct walk_trace *fe_last_walk(struct machine *m, int hart);

/* ---- breakpoints (by virtual pc) and watchpoints (by virtual data address) ----
 * They apply to every hart; at most FE_MAX_BREAK and FE_MAX_WATCH of them. */
#define FE_MAX_BREAK 64
#define FE_MAX_WATCH 16
/* Each applies under one ASID (the one in satp, Sv39 on) or, with FE_ANY_ASID, always;
 * a breakpoint is its (va, asid) pair. */
#define FE_ANY_ASID UINT32_MAX
bool fe_break_add(struct machine *m, uint64_t va, uint32_t asid);
bool fe_break_del(struct machine *m, uint64_t va, uint32_t asid);
bool fe_break_at(struct machine *m, uint64_t va, uint32_t asid);
bool fe_watch_add(struct machine *m, uint64_t va, uint64_t len, bool on_read, bool on_write,
                  uint32_t asid);
/* Deletes a watchpoint at va (of that len; 0: any), whatever its ASID. */
bool fe_watch_del(struct machine *m, uint64_t va, uint64_t len);
void fe_points_clear(struct machine *m);        /* every breakpoint and watchpoint */
struct fe_break {
    uint64_t va;
    uint32_t asid;
};
struct fe_watch {
    uint64_t va, len;
    bool on_read, on_write;
    uint32_t asid;
};
/* Copy up to max of them into out; return how many there are. */
int fe_breakpoints(struct machine *m, struct fe_break *out, int max);
int fe_watchpoints(struct machine *m, struct fe_watch *out, int max);

/* ---- running ---- */
/* Runs hart alone (-1: every hart, in turn) until it has executed steps instructions
 * (UINT64_MAX: until something stops the machine); harts that do not run stay where
 * they are. Resuming at a breakpoint executes it first. */
enum fe_stop fe_run(struct machine *m, int hart, uint64_t steps);
/* One instruction of hart and what the devices make of it, from inside the machine's
 * loop (the panel's step while paused): returns FE_STOP_STEP, or why the machine loop
 * must take over now (a breakpoint, a watchpoint, power-off). */
enum fe_stop fe_step_in_loop(struct machine *m, int hart);
/* Async-signal-safe: makes a running fe_run return FE_STOP_INTERRUPT. */
void fe_request_stop(struct machine *m);
bool fe_stop_requested(struct machine *m);
void fe_cancel_stop_request(struct machine *m);
/* Ctrl-A c at the console asked for the stop (as well): tells, and forgets it. */
bool fe_take_console_break(struct machine *m);
/* What the last stop was about: the hart, the breakpoint pc or watched address, and
 * whether the watched access was a write. */
int fe_stop_hart(struct machine *m);
uint64_t fe_stop_addr(struct machine *m);
bool fe_stop_was_write(struct machine *m);
/* Power-off: the exit status; a front end's quit (the machine stops with code). */
int fe_exit_code(struct machine *m);
void fe_quit(struct machine *m, int code);
/* Ends the run after a stop request from the host: "pagoda: interrupted" (130) after
 * SIGINT, "pagoda: terminated by SIGTERM" (143) or SIGHUP (129). */
void fe_quit_interrupted(struct machine *m);
bool fe_quitting(struct machine *m);

/* ---- time, tracing, reports ---- */
uint64_t fe_mtime(struct machine *m);
/* The instruction log (Spike's -l format) on out, or back to what the command line
 * asked for. */
void fe_log(struct machine *m, FILE *out, bool on);
/* The statistics table so far (--stats), since the last fe_stats_reset if any. */
void fe_stats(struct machine *m, FILE *out);
/* Statistics count from now on (the machine's own counters are untouched). */
void fe_stats_reset(struct machine *m);
/* What the guest kernel reported through the trace device (panel.h's frame owners,
 * processes, fault counts). */
const struct trace_dev *fe_trace_reports(struct machine *m);

/* ---- symbols of every loaded ELF (and those added with fe_add_symbols) ---- */
const char *fe_symbol(struct machine *m, uint64_t addr, uint64_t *offset);
bool fe_symbol_addr(struct machine *m, const char *name, uint64_t *addr);
bool fe_add_symbols(struct machine *m, const char *elf_path, uint64_t offset, char *err, int errlen);

/* ---- a front end that lives in the machine's loop (the SDL panel) ----
 * after_slice runs after every slice of guest work and may block (the panel's pause);
 * while it is attached, host sleeps while the guest idles last at most idle_ms (0: no
 * limit), so it keeps its frame rate. screenshot serves the debugger's command of that
 * name. */
struct fe_panel {
    void (*after_slice)(struct machine *m, void *ctx);
    bool (*screenshot)(struct machine *m, void *ctx, const char *file, char *err,
                       int errlen);
    void *ctx;
    int idle_ms;
};
void fe_attach_panel(struct machine *m, const struct fe_panel *p);
void fe_detach_panel(struct machine *m);
void fe_panel_idle_ms(struct machine *m, int ms);
/* The debugger's screenshot: false with a message when no panel is attached or it
 * failed. */
bool fe_screenshot(struct machine *m, const char *file, char *err, int errlen);

#endif
