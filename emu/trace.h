/* Per-instruction tracing in Spike's formats: `-l` (instruction log with disassembly)
 * and `--log-commits` (privilege, pc, bits, register writes, memory accesses). When a
 * tracer is attached the run loop executes one instruction at a time. */
#ifndef PAGODA_TRACE_H
#define PAGODA_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct hart;

struct tracer {
    FILE *out;
    bool insn_log;            /* -l */
    bool commit_log;          /* --log-commits */
    /* state captured before the instruction executes */
    uint64_t pc;
    uint32_t bits;
    int len;
    int priv;
    uint64_t x_before[32];
    bool trapped;
    /* memory accesses recorded during the instruction */
    int nmem;
    struct { uint64_t addr, val; int size; bool store; } mem[8];
    int csr_written;          /* -1 when none */
    uint64_t csr_value;
};

void trace_before(struct hart *h, uint64_t pc);
void trace_after(struct hart *h, uint64_t next_pc);
void trace_trap(struct hart *h, uint64_t pc, uint64_t cause, uint64_t tval);
void trace_mem(struct hart *h, uint64_t va, uint64_t val, int size, bool store);
void trace_csr(struct hart *h, int csr, uint64_t val);

#endif
