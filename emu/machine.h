/* The whole machine: harts, bus, devices, clock and console, assembled to match
 * QEMU's `virt` board, and the loop that runs it until power-off. */
#ifndef PAGODA_MACHINE_H
#define PAGODA_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "clock.h"
#include "cov.h"
#include "dev/clint.h"
#include "dev/finisher.h"
#include "dev/htif.h"
#include "dev/plic.h"
#include "dev/trace.h"
#include "dev/uart.h"
#include "dev/virtio.h"
#include "dev/virtio_blk.h"
#include "frontend.h"
#include "hart.h"
#include "loader.h"
#include "trace.h"

#define RAM_BASE      0x80000000ull
#define SMP_QUANTUM   10000ull      /* default instructions per hart's turn (-smp > 1) */
#define SLICE_INSNS   (1ull << 16)  /* instructions per slice of a single hart */
#define RESET_ROM     0x1000ull
#define KERNEL_OFFSET 0x200000ull    /* -kernel goes to RAM_BASE + 2 MiB with a bios */

struct machine_opts {
    const char *program;      /* bare-metal ELF run from its entry in M-mode */
    const char *bios;         /* NULL: default firmware; "none": no firmware */
    const char *kernel;
    const char *initrd;
    const char *append;
    uint64_t ram_size;
    int nharts;               /* -smp: 1..BUS_MAX_HARTS */
    uint64_t quantum;         /* --smp-quantum: a hart's turn, in instructions */
    bool icount;
    bool insn_log, commit_log;
    const char *log_file;
    const char *tlb_spec;     /* NULL: the default preset */
    const char *shadow_specs; /* "SPEC;SPEC..." or NULL */
    bool svade;
    bool stats;
    const char *stats_json;
    bool debugger;            /* -d: start halted in the debugger */
    const char *break_at;     /* --break SYMBOL|ADDR */
    const char *script;       /* --script FILE: debugger commands */
    const char *gdb;          /* -gdb tcp:[HOST]:PORT (-s: tcp::1234), or NULL */
    bool gdb_wait;            /* -S: halted at reset until gdb resumes */
    struct virtio_blk_opts disks[VIRTIO_MMIO_SLOTS];  /* by slot; file NULL: empty */
    const char *dump_dtb;     /* --dump-dtb FILE: write the device tree there */
    const char *cov;          /* --cov FILE: S-mode pcs executed, written at the end */
};

struct machine {
    struct machine_opts opts;
    struct bus bus;           /* with the harts (bus.harts, created by machine_init) */
    struct clock clock;
    struct clint clint;
    struct uart uart;
    struct finisher finisher;
    struct plic plic;
    struct virtio_mmio virtio[VIRTIO_MMIO_SLOTS];
    struct virtio_blk blk[VIRTIO_MMIO_SLOTS];
    struct htif htif;
    bool has_htif;
    struct trace_dev trace;   /* "pagoda,trace": what the guest kernel reports */
    struct stats_base *stats_base;   /* the counts at the last `stats reset` (stats.c) */
    struct cov cov;           /* --cov: bus.cov points here */
    struct fe_panel panel;    /* the SDL panel, when attached (frontend.h) */
    struct symtab syms;
    struct tracer tracer;
    FILE *log_out;            /* where the command line's -l/--log-commits go */
    uint64_t dtb_addr;
    int exit_code;
    bool quit;                /* Ctrl-A x, or a host signal */
    bool stdin_eof;
    bool stdin_tty;
    volatile int stop_request;    /* set from signal handlers and Ctrl-A c */
    volatile int term_signal;     /* SIGTERM or SIGHUP received: end the run */
    volatile int executing;       /* inside machine_execute (else SIGTERM ends at once) */
    bool ctrl_a_c;
    bool debugger;            /* the debugger has been entered at least once */
    int stop_hart;            /* the hart a breakpoint or watchpoint stopped */
    uint64_t quantum;         /* instructions per turn (more than one hart) or slice */
    int next_hart;            /* whose turn is next */
    uint64_t last_input_poll;
    struct gdbstub *gdb;      /* -gdb: the stub, polled between slices; or NULL */
};

/* Hart i (0 .. bus.nharts - 1). */
static inline struct hart *machine_hart(struct machine *m, int i) { return m->bus.harts[i]; }
/* The instructions every hart has retired, added up. */
uint64_t machine_retired(struct machine *m);

/* Builds the machine and loads the images. On failure prints one line naming the
 * problem to stderr and returns false. */
bool machine_init(struct machine *m, const struct machine_opts *o);
/* Runs until power-off (entering the debugger when asked); returns the exit status
 * for the host process. */
int machine_run(struct machine *m);
/* Runs hart alone (-1: every hart) for steps instructions (UINT64_MAX: until something
 * stops the machine); see fe_run. */
enum fe_stop machine_execute(struct machine *m, int hart, uint64_t steps);
/* See fe_step_in_loop. */
enum fe_stop machine_step_in_loop(struct machine *m, int hart);
void machine_reset(struct machine *m);
void machine_free(struct machine *m);

/* Default firmware and kernel images, relative to the emulator binary's directory. */
const char *machine_default_image(const char *name);

#endif
