/* trace.h — reports to Pagoda's paravirtual trace device ("pagoda,trace", see the
 * emulator's emu/dev/trace.h): fault kinds, frame owners, process names and exits,
 * TLB shootdowns, which the panel shows. When the device tree has no such device
 * (QEMU) every call returns at once and the kernel behaves the same. */
#ifndef TRACE_H
#define TRACE_H

#include "types.h"

/* Fault kinds, as the device numbers them. */
#define TRACE_FAULT_ZERO   1
#define TRACE_FAULT_FILE   2
#define TRACE_FAULT_COW    3
#define TRACE_FAULT_SWAPIN 4
#define TRACE_FAULT_SEGV   5

struct task;

void trace_init(uint64_t pa);
void trace_fault(int kind, uint64_t va);
void trace_frames(uint64_t pfn, uint64_t nframes, int owner);   /* owner: enum page_owner */
void trace_process(struct task *t);
void trace_exit(int pid);
void trace_swapout(uint64_t pfn, uint64_t slot, int pid);
void trace_oom_kill(int pid, uint64_t rss_pages);
/* Distinct kernel pcs executed so far, when the emulator gathers them (--cov); else 0. */
uint64_t trace_coverage(void);
void trace_shootdown(uint64_t hart_mask, uint64_t asid, uint64_t start, uint64_t size);

#endif
