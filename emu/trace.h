/* Per-instruction tracing in Spike's formats: `-l` (instruction log with disassembly)
 * and `--log-commits` (privilege, pc, bits, register writes, memory accesses). When a
 * tracer is attached the run loop executes one instruction at a time. */
#ifndef PAGODA_TRACE_H
#define PAGODA_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct hart;

/* The kinds of register a commit line lists, numbered as Spike numbers them: a line
 * lists its writes in increasing (number << 4 | kind), so fflags (c1) falls between
 * x1 and x2 and every CSR above 1 follows the x and f registers. */
enum trace_reg_kind { TRACE_XREG = 0, TRACE_FREG = 1, TRACE_CSR = 4 };

#define TRACE_MAX_REGS 8
#define TRACE_MAX_MEMS 8

struct tracer {
    FILE *out;
    bool insn_log;            /* -l */
    bool commit_log;          /* --log-commits */
    /* state captured before the instruction executes */
    uint64_t pc;
    uint32_t bits;
    int len;
    int priv;
    bool trapped;
    /* what the instruction wrote, recorded while it executes */
    int nreg;
    struct { uint32_t key; uint64_t val; } reg[TRACE_MAX_REGS];
    int nmem;
    struct { uint64_t addr, val; int size; bool store; } mem[TRACE_MAX_MEMS];
};

void trace_before(struct hart *h, uint64_t pc);
void trace_after(struct hart *h, uint64_t next_pc);
void trace_trap(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval);
/* A load (val ignored) or a store of size bytes at virtual address va; a store's value
 * is printed at its own width, as Spike prints it. */
void trace_mem(struct hart *h, uint64_t va, uint64_t val, int size, bool store);
/* Register num of the given kind was written with val. A second write to the same
 * register replaces the first (Spike keeps one entry per register). The integer rd of
 * the instruction is recorded by trace_after itself; FP handlers call this for the f
 * register they write (val = the 64-bit NaN-boxed bits Spike prints). */
void trace_reg(struct hart *h, enum trace_reg_kind kind, int num, uint64_t val);
/* CSR csr was written (for a view such as sstatus, the register behind it: csr.c
 * decides). Its value is read when the line is printed, after the instruction has
 * retired, so it is the value the next instruction sees. */
void trace_csr(struct hart *h, int csr);

#endif
