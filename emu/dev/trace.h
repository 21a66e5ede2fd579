/* The paravirtual trace device ("pagoda,trace"): how the guest kernel tells the panel
 * what only it knows (a fault's kind, who owns a frame, swap-outs, process names). The
 * emulator sees traps, walks and TLB events by itself; a kernel that finds this device
 * in the device tree reports the rest, and runs unchanged where it is absent (QEMU).
 *
 * Registers (offsets from TRACE_BASE; 32- or 64-bit accesses, little-endian):
 *
 *   0x00  ID       R   0x63617274 ("trac" in memory, as virtio's "virt")
 *   0x04  VERSION  R   1
 *   0x08  EVENT    W   performs event `value` with ARG0..ARG3 (table below)
 *                  R   number of events accepted so far (low 32 bits)
 *   0x0c  REJECTED R   number of events refused (unknown kind, bad argument)
 *   0x10  ARG0     RW  64-bit arguments. A 32-bit write to the low word sets bits
 *   0x18  ARG1     RW  31:0 and clears 63:32; one to the high word (+4) sets 63:32,
 *   0x20  ARG2     RW  so an RV32 kernel writes low then high
 *   0x28  ARG3     RW
 *   0x30  COVERAGE R   with --cov: how many distinct S-mode pcs the harts have executed
 *                      so far (64 bits; 0 without --cov), a guest fuzzer's signal
 *
 * Events (write the kind to EVENT after the arguments; one hart: a kernel writes a
 * report with interrupts off, so a handler's report cannot interleave):
 *
 *   1 FAULT     ARG0 kind (TRACE_FAULT_*), ARG1 faulting VA, ARG2 pid
 *   2 SWAPOUT   ARG0 PPN of the frame written to swap, ARG1 swap slot, ARG2 pid
 *   3 FRAME     ARG0 first PPN, ARG1 number of frames (0 counts as 1),
 *               ARG2 owner (TRACE_OWNER_*), ARG3 pid (user pages)
 *   4 PROCESS   ARG0 pid now running, ARG1 guest physical address of its name
 *               (NUL-terminated, at most 15 bytes are read; 0: no name), ARG2 its
 *               ASID (0xffffffff: none)
 *   5 EXIT      ARG0 pid that exited (its name is forgotten)
 *   6 OOM_KILL  ARG0 pid the out-of-memory killer chose, ARG1 its resident pages
 *   7 SHOOTDOWN ARG0 the harts asked to fence (bit n: hart id n; not empty), ARG1
 *               the ASID (bits 31:0; 0xffffffff: every address space) and the
 *               sending hart's id (bits 63:32), ARG2 the first VA, ARG3 the size
 *               in bytes (~0: the whole ASID). Each report counts one request sent
 *               by the sender and one received by each hart of the mask.
 *
 * A PPN is a physical address >> 12; frames outside RAM are ignored (the event is
 * rejected when none of them is in RAM). */
#ifndef PAGODA_DEV_TRACE_H
#define PAGODA_DEV_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"

#define TRACE_BASE 0x10200000ull
#define TRACE_SIZE 0x1000ull
#define TRACE_MAGIC 0x63617274u
#define TRACE_VERSION 1

enum { TRACE_REG_ID = 0x00, TRACE_REG_VERSION = 0x04, TRACE_REG_EVENT = 0x08,
       TRACE_REG_REJECTED = 0x0c, TRACE_REG_ARG0 = 0x10, TRACE_REG_COVERAGE = 0x30 };

enum trace_event { TRACE_EV_FAULT = 1, TRACE_EV_SWAPOUT = 2, TRACE_EV_FRAME = 3,
                   TRACE_EV_PROCESS = 4, TRACE_EV_EXIT = 5, TRACE_EV_OOM_KILL = 6,
                   TRACE_EV_SHOOTDOWN = 7 };
#define TRACE_MAX_HARTS 64         /* hart ids a SHOOTDOWN report can name */

/* Kinds of page fault the kernel resolved (or did not). */
enum trace_fault { TRACE_FAULT_ZERO = 1, TRACE_FAULT_FILE = 2, TRACE_FAULT_COW = 3,
                   TRACE_FAULT_SWAPIN = 4, TRACE_FAULT_SEGV = 5, TRACE_FAULT_KINDS = 6 };

/* What a frame holds. UNKNOWN withdraws a report: the panel's own view applies. */
enum trace_owner { TRACE_OWNER_UNKNOWN = 0, TRACE_OWNER_FREE = 1, TRACE_OWNER_KERNEL = 2,
                   TRACE_OWNER_PAGE_TABLE = 3, TRACE_OWNER_USER = 4,
                   TRACE_OWNER_PAGE_CACHE = 5, TRACE_OWNER_SWAP_CACHE = 6,
                   TRACE_OWNER_KINDS = 7 };

#define TRACE_NAME_LEN 16          /* name bytes kept, with the NUL */
#define TRACE_MAX_PROCS 64         /* names remembered (the least recent goes first) */

struct trace_proc {
    uint32_t pid;
    uint32_t asid;                 /* 0xffffffff: none reported */
    char name[TRACE_NAME_LEN];
    uint64_t seen;                 /* event number of its last PROCESS report */
};

/* The last process reported running under an ASID, kept after it exits: --stats names
 * its per-ASID rows with it. */
struct trace_asid_owner {
    uint32_t pid;                  /* 0: none reported */
    char name[TRACE_NAME_LEN];
};
#define TRACE_ASIDS 65536

struct trace_shootdown {           /* a SHOOTDOWN report */
    uint64_t harts, start, size;
    uint32_t asid, sender;
};

struct trace_dev {
    struct bus *bus;
    uint64_t ram_base, nframes;    /* RAM as frames */
    uint64_t arg[4];
    uint32_t accepted, rejected;
    uint64_t faults[TRACE_FAULT_KINDS];     /* by kind, since reset */
    uint64_t swapouts;
    uint64_t oom_kills;            /* OOM_KILL reports, and the last one's pid */
    uint32_t oom_pid;
    uint64_t shootdowns;           /* SHOOTDOWN reports (requests), and per hart id: */
    uint64_t shootdowns_sent[TRACE_MAX_HARTS], shootdowns_received[TRACE_MAX_HARTS];
    struct trace_shootdown last_shootdown;
    /* Per RAM frame: owner in bits 3:0, pid in 31:4. NULL until the first FRAME. */
    uint32_t *owner;
    uint64_t frame_reports;
    bool has_process;              /* a PROCESS event arrived */
    uint32_t cur_pid;
    int nprocs;
    struct trace_proc procs[TRACE_MAX_PROCS];
    struct trace_asid_owner *asid_owner;    /* TRACE_ASIDS entries; NULL until needed */
};

/* Maps the device on bus and forgets every report (power-on and reboot). */
void trace_dev_init(struct trace_dev *t, struct bus *bus);
void trace_dev_free(struct trace_dev *t);

static inline enum trace_owner trace_owner_kind(uint32_t o) { return (enum trace_owner)(o & 15); }
static inline uint32_t trace_owner_pid(uint32_t o) { return o >> 4; }
/* The owner reported for the frame at physical page ppn (0 when none). */
uint32_t trace_dev_owner(const struct trace_dev *t, uint64_t ppn);
/* The remembered process with this pid, or NULL. */
const struct trace_proc *trace_dev_proc(const struct trace_dev *t, uint32_t pid);
/* The last process reported under asid (pid 0 and an empty name: none). */
struct trace_asid_owner trace_dev_asid_owner(const struct trace_dev *t, uint32_t asid);

#endif
