/* The small API through which front ends (debugger, gdb stub, panel) observe and
 * control the machine. Memory reads and writes through it never change A/D bits, TLB
 * state or statistics; virtual addresses translate through the current satp with a
 * side-effect-free walk. */
#ifndef PAGODA_FRONTEND_H
#define PAGODA_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmu.h"

struct machine;

enum fe_stop {
    FE_STOP_STEP,         /* the requested number of instructions ran */
    FE_STOP_BREAK,        /* a breakpoint was reached (not executed) */
    FE_STOP_WATCH,        /* a watched address was accessed (instruction completed) */
    FE_STOP_INTERRUPT,    /* fe_request_stop() (Ctrl-C, gdb's break) */
    FE_STOP_EXIT,         /* the machine powered off; fe_exit_code() tells the status */
};

uint64_t fe_reg(struct machine *m, int r);            /* x0..x31 */
void fe_set_reg(struct machine *m, int r, uint64_t v);
uint64_t fe_freg(struct machine *m, int r);           /* f0..f31, all 64 bits */
void fe_set_freg(struct machine *m, int r, uint64_t v); /* makes mstatus.FS Dirty */
uint64_t fe_pc(struct machine *m);
void fe_set_pc(struct machine *m, uint64_t pc);
int fe_priv(struct machine *m);
bool fe_csr(struct machine *m, int csr, uint64_t *v);
bool fe_set_csr(struct machine *m, int csr, uint64_t v);
uint64_t fe_instret(struct machine *m);

/* Copies up to len bytes; returns how many could be read (stops at the first byte
 * that is unmapped, faults in the walk, or is not memory). */
size_t fe_read_virt(struct machine *m, uint64_t va, void *buf, size_t len);
size_t fe_write_virt(struct machine *m, uint64_t va, const void *buf, size_t len);
size_t fe_read_phys(struct machine *m, uint64_t pa, void *buf, size_t len);
size_t fe_write_phys(struct machine *m, uint64_t pa, const void *buf, size_t len);
/* Walks va for a load at the current privilege (fetch when kind says so). */
bool fe_translate(struct machine *m, uint64_t va, int kind, struct walk_trace *tr);

/* Breakpoints (by virtual pc) and watchpoints (by virtual data address). */
bool fe_break_add(struct machine *m, uint64_t va);
bool fe_break_del(struct machine *m, uint64_t va);
bool fe_watch_add(struct machine *m, uint64_t va, uint64_t len, bool on_read, bool on_write);
bool fe_watch_del(struct machine *m, uint64_t va, uint64_t len);

/* Runs up to steps instructions (UINT64_MAX: until something stops it). Resuming at a
 * breakpoint executes it first. */
enum fe_stop fe_run(struct machine *m, uint64_t steps);
/* Async-signal-safe: makes a running fe_run return FE_STOP_INTERRUPT. */
void fe_request_stop(struct machine *m);
int fe_exit_code(struct machine *m);
uint64_t fe_stop_addr(struct machine *m);   /* the breakpoint or watched address */

/* Symbols of every loaded ELF (and those added with fe_add_symbols). */
const char *fe_symbol(struct machine *m, uint64_t addr, uint64_t *offset);
bool fe_symbol_addr(struct machine *m, const char *name, uint64_t *addr);
bool fe_add_symbols(struct machine *m, const char *elf_path, uint64_t offset, char *err, int errlen);

#endif
