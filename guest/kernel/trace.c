/* trace.c — the guest half of the panel: what only the kernel knows, written to the
 * trace device's registers (ARG0..ARG3, then the event number). The device has one
 * set of registers for all harts: trace_lock keeps a report whole. */
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "trace.h"

#define TRACE_MAGIC 0x63617274u
#define REG_ID      0x00
#define REG_VERSION 0x04
#define REG_EVENT   0x08
#define REG_ARG0    0x10
#define REG_COVERAGE 0x30

enum { EV_FAULT = 1, EV_SWAPOUT = 2, EV_FRAME = 3, EV_PROCESS = 4, EV_EXIT = 5, EV_OOM_KILL = 6,
       EV_SHOOTDOWN = 7 };
enum { OWN_FREE = 1, OWN_KERNEL = 2, OWN_PAGE_TABLE = 3, OWN_USER = 4, OWN_PAGE_CACHE = 5,
       OWN_SWAP_CACHE = 6 };

static volatile uint8_t *trace_regs;     /* NULL: no device */
static struct spinlock trace_lock = SPINLOCK_INIT("trace");

static void trace_event(int ev, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    volatile uint64_t *arg = (volatile uint64_t *)(trace_regs + REG_ARG0);
    spin_lock(&trace_lock);
    arg[0] = a0;
    arg[1] = a1;
    arg[2] = a2;
    arg[3] = a3;
    *(volatile uint32_t *)(trace_regs + REG_EVENT) = (uint32_t)ev;
    spin_unlock(&trace_lock);
}

static int trace_owner(int owner)
{
    switch (owner) {
    case OWNER_FREE: return OWN_FREE;
    case OWNER_PAGETABLE: return OWN_PAGE_TABLE;
    case OWNER_ANON: return OWN_USER;
    case OWNER_FILE: return OWN_PAGE_CACHE;
    default: return OWN_KERNEL;
    }
}

static int current_pid(void)
{
    return current->is_idle ? 0 : current->pid;
}

/* This hart asked the harts of hart_mask (hart ids) to fence [start, start + size) of
 * asid (size ~0: the whole ASID; asid ~0: every translation). */
void trace_shootdown(uint64_t hart_mask, uint64_t asid, uint64_t start, uint64_t size)
{
    if (trace_regs)
        trace_event(EV_SHOOTDOWN, hart_mask, (asid & 0xffffffffUL) | mycpu()->hartid << 32,
                    start, size);
}

/* Finds the device at pa (from the device tree) and reports every frame's owner,
 * in runs of frames with the same one. */
void trace_init(uint64_t pa)
{
    if (!pa)
        return;
    volatile uint8_t *regs = P2V(pa);
    if (*(volatile uint32_t *)(regs + REG_ID) != TRACE_MAGIC ||
        *(volatile uint32_t *)(regs + REG_VERSION) < 1)
        return;
    trace_regs = regs;
    uint64_t run = 0;
    int own = trace_owner(memmap[0].owner);       /* the run's */
    for (uint64_t i = 1; i <= memmap_npages; i++) {
        /* The same owner as the frame before (most of the time) is the run's too. */
        if (i < memmap_npages && (memmap[i].owner == memmap[i - 1].owner ||
                                  trace_owner(memmap[i].owner) == own))
            continue;
        trace_frames(memmap_base_pfn + run, i - run, memmap[run].owner);
        run = i;
        if (i < memmap_npages)
            own = trace_owner(memmap[i].owner);
    }
    printk("trace: reporting to the pagoda,trace device at %lx\n", pa);
}

void trace_fault(int kind, uint64_t va)
{
    if (trace_regs)
        trace_event(EV_FAULT, kind, va, current_pid(), 0);
}

void trace_frames(uint64_t pfn, uint64_t nframes, int owner)
{
    if (trace_regs) {
        int own = trace_owner(owner);
        trace_event(EV_FRAME, pfn, nframes, own, own == OWN_USER ? current_pid() : 0);
    }
}

/* t is about to run (or was renamed by execve): its pid, name and ASID. */
void trace_process(struct task *t)
{
    if (trace_regs)
        trace_event(EV_PROCESS, t->pid, V2P(t->comm), t->mm ? mm_asid(t->mm) : 0xffffffffUL, 0);
}

void trace_exit(int pid)
{
    if (trace_regs)
        trace_event(EV_EXIT, pid, 0, 0, 0);
}

/* A frame is being written to swap slot `slot` (it was pid's): a SWAPOUT, and the
 * frame belongs to the swap cache until it is freed. */
void trace_swapout(uint64_t pfn, uint64_t slot, int pid)
{
    if (trace_regs) {
        trace_event(EV_SWAPOUT, pfn, slot, pid, 0);
        trace_event(EV_FRAME, pfn, 1, OWN_SWAP_CACHE, 0);
    }
}

/* The OOM killer chose pid (with rss_pages resident). */
void trace_oom_kill(int pid, uint64_t rss_pages)
{
    if (trace_regs)
        trace_event(EV_OOM_KILL, pid, rss_pages, 0, 0);
}

uint64_t trace_coverage(void)
{
    return trace_regs ? *(volatile uint64_t *)(trace_regs + REG_COVERAGE) : 0;
}
