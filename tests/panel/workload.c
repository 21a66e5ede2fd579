/* The panel's workload: a tiny machine-mode "kernel" that gives four U-mode processes
 * their own Sv39 address spaces (ASIDs 1-4) and resolves their page faults the way a
 * real kernel does: demand-zero pages, file pages from a page cache, copy-on-write
 * after a fork, swap to a RAM "disk" under memory pressure (clock replacement on the
 * A bit), and a SIGSEGV kill. When the device tree has a "pagoda,trace" device it
 * reports every fault's kind, frame ownership, swap-outs and the running process, as
 * the guest kernel will; without one it runs the same (QEMU).
 *
 * Build with -DIDLE for the idle run of tests/panel: no paging at all.
 * Run with -m 32M (the regions below assume at least that much RAM). */
#include <stdint.h>

#define RAM_BASE     0x80000000ul
#define PT_BASE      0x80100000ul     /* page tables: 256 frames */
#define PT_FRAMES    256
#define POOL_BASE    0x80200000ul     /* user and page-cache frames */
#define POOL_FRAMES  1536              /* 6 MiB */
#define SWAP_BASE    0x80800000ul     /* the "swap disk": 2048 slots */
#define SWAP_SLOTS   2048
#define PAGE         4096ul

#define ARENA_VA     0x40000000ul     /* each process' anonymous memory */
#define ARENA_PAGES  1024
#define FILE_VA      0x50000000ul     /* a read-only "file" mapping */
#define FILE_PAGES   96
#define BAD_VA       0x60000000ul     /* nothing maps this */
#ifndef ROUNDS
#define ROUNDS       64           /* -DROUNDS=n for a longer run */
#endif

#define PTE_V 0x001ul
#define PTE_R 0x002ul
#define PTE_W 0x004ul
#define PTE_X 0x008ul
#define PTE_U 0x010ul
#define PTE_G 0x020ul
#define PTE_A 0x040ul
#define PTE_D 0x080ul
#define PTE_COW  0x100ul               /* software bits: shared until written */
#define PTE_SWAP 0x200ul               /* not present: PPN field holds a swap slot */
#define PTE_PPN(p) (((p) >> 10) & ((1ul << 44) - 1))

#define TRACE 0x10200000ul             /* emu/dev/trace.h */
enum { EV_FAULT = 1, EV_SWAPOUT = 2, EV_FRAME = 3, EV_PROCESS = 4, EV_EXIT = 5 };
enum { F_ZERO = 1, F_FILE = 2, F_COW = 3, F_SWAPIN = 4, F_SEGV = 5 };
enum { O_FREE = 1, O_KERNEL = 2, O_PT = 3, O_USER = 4, O_CACHE = 5 };

#define UART ((volatile uint8_t *)0x10000000ul)

extern char __image_end[], __user_start[], user_touch[], user_exit[];
uint64_t run_user(uint64_t va, uint64_t pages, uint64_t write, uint64_t seed);
uint64_t handle_fault(uint64_t cause, uint64_t va, uint64_t epc);
int main(const uint8_t *dtb);

struct proc {
    uint32_t pid, asid;
    const char *name;
    uint64_t *root;
    int killed;
};

struct frame {                         /* one per pool frame */
    int used, refs, cache;
    uint32_t pid, pid2;
    uint64_t *pte, *pte2;              /* the PTEs that map it (pte2: a COW sharer) */
    uint64_t va;
};

static struct proc procs[4] = {
    { 1, 1, "init", 0, 0 }, { 2, 2, "worker", 0, 0 }, { 3, 3, "child", 0, 0 },
    { 4, 4, "reader", 0, 0 },
};
static struct proc *cur;
static struct frame frames[POOL_FRAMES];
static uint64_t cache_frame[FILE_PAGES];   /* page cache: file page -> PA (0: none) */
static int pt_used, hand, slot_used[SWAP_SLOTS];
static int has_trace;
#ifdef IDLE
static const int idle_run = 1;
#else
static const int idle_run = 0;
#endif
static uint64_t nfaults[6], nswapout;

/* ---- console and trace device ---- */

static void putc_(char c)
{
    while (!(UART[5] & 0x20))
        ;
    UART[0] = (uint8_t)c;
}

static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static void putn(uint64_t v)
{
    char b[24];
    int n = 0;
    do {
        b[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        putc_(b[--n]);
}

static void trace(uint64_t ev, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    if (!has_trace)
        return;
    volatile uint64_t *r = (volatile uint64_t *)TRACE;
    r[2] = a0;
    r[3] = a1;
    r[4] = a2;
    r[5] = a3;
    *(volatile uint32_t *)(TRACE + 8) = (uint32_t)ev;
}

/* The device tree names the device: look for its compatible string. */
static int find_trace(const uint8_t *dtb)
{
    static const char want[] = "pagoda,trace";
    if (!dtb || dtb[0] != 0xd0 || dtb[1] != 0x0d || dtb[2] != 0xfe || dtb[3] != 0xed)
        return 0;
    uint32_t size = (uint32_t)dtb[4] << 24 | (uint32_t)dtb[5] << 16 | (uint32_t)dtb[6] << 8 | dtb[7];
    for (uint32_t i = 0; i + sizeof want <= size; i++) {
        uint32_t k = 0;
        while (k < sizeof want && dtb[i + k] == (uint8_t)want[k])
            k++;
        if (k == sizeof want)
            return 1;
    }
    return 0;
}

/* ---- memory ---- */

static void zero_page(uint64_t pa)
{
    uint64_t *p = (uint64_t *)pa;
    for (int i = 0; i < 512; i++)
        p[i] = 0;
}

static void copy_page(uint64_t dst, uint64_t src)
{
    uint64_t *d = (uint64_t *)dst, *s = (uint64_t *)src;
    for (int i = 0; i < 512; i++)
        d[i] = s[i];
}

static void sfence(uint64_t va, uint64_t asid)
{
    asm volatile("sfence.vma %0, %1" :: "r"(va), "r"(asid) : "memory");
}

static uint64_t *pt_alloc(uint32_t pid)
{
    if (pt_used == PT_FRAMES) {
        puts_("panel workload: out of page tables\n");
        *(volatile uint32_t *)0x100000ul = (4u << 16) | 0x3333;
    }
    uint64_t pa = PT_BASE + (uint64_t)pt_used++ * PAGE;
    zero_page(pa);
    trace(EV_FRAME, pa >> 12, 1, O_PT, pid);
    return (uint64_t *)pa;
}

/* The level-0 PTE of va in p's tables, made on the way when make is set. */
static uint64_t *pte_of(struct proc *p, uint64_t va, int make)
{
    uint64_t *t = p->root;
    for (int level = 2; level > 0; level--) {
        uint64_t *e = &t[(va >> (12 + 9 * level)) & 511];
        if (!(*e & PTE_V)) {
            if (!make)
                return 0;
            *e = ((uint64_t)pt_alloc(p->pid) >> 12) << 10 | PTE_V;
        }
        t = (uint64_t *)(PTE_PPN(*e) << 12);
    }
    return &t[(va >> 12) & 511];
}

static struct frame *frame_of(uint64_t pa)
{
    return &frames[(pa - POOL_BASE) / PAGE];
}

static uint64_t pa_of(const struct frame *f)
{
    return POOL_BASE + (uint64_t)(f - frames) * PAGE;
}

/* Writes one user page out to swap: the second chance of the clock is its A bit. */
static int swap_out(struct frame *f)
{
    int slot = 0;
    while (slot < SWAP_SLOTS && slot_used[slot])
        slot++;
    if (slot == SWAP_SLOTS)
        return 0;
    slot_used[slot] = 1;
    copy_page(SWAP_BASE + (uint64_t)slot * PAGE, pa_of(f));
    *f->pte = (uint64_t)slot << 10 | PTE_SWAP;
    sfence(f->va, procs[f->pid - 1].asid);
    nswapout++;
    trace(EV_SWAPOUT, pa_of(f) >> 12, (uint64_t)slot, f->pid, 0);
    return 1;
}

static uint64_t frame_alloc(void)
{
    for (int i = 0; i < POOL_FRAMES; i++)
        if (!frames[i].used) {
            frames[i].used = 1;
            frames[i].refs = 1;
            return pa_of(&frames[i]);
        }
    for (int n = 0; n < 4 * POOL_FRAMES; n++) {
        struct frame *f = &frames[hand];
        hand = (hand + 1) % POOL_FRAMES;
        if (f->cache || f->refs > 1)
            continue;                   /* page cache and shared pages stay */
        if (*f->pte & PTE_A) {
            *f->pte &= ~PTE_A;
            sfence(f->va, procs[f->pid - 1].asid);
            continue;
        }
        if (swap_out(f)) {
            f->refs = 1;
            trace(EV_FRAME, pa_of(f) >> 12, 1, O_FREE, 0);
            return pa_of(f);
        }
    }
    puts_("panel workload: out of memory\n");
    *(volatile uint32_t *)0x100000ul = (5u << 16) | 0x3333;
    return 0;
}

static void map_user(uint64_t *pte, uint64_t pa, uint64_t va, uint64_t flags)
{
    struct frame *f = frame_of(pa);
    f->pid = cur->pid;
    f->pte = pte;
    f->va = va;
    f->cache = 0;
    *pte = (pa >> 12) << 10 | flags | PTE_V | PTE_U;
    trace(EV_FRAME, pa >> 12, 1, O_USER, cur->pid);
}

/* ---- faults ---- */

uint64_t handle_fault(uint64_t cause, uint64_t va, uint64_t epc)
{
    uint64_t mpp = 0;
    asm volatile("csrr %0, mstatus" : "=r"(mpp));
    if (((mpp >> 11) & 3) != 0 || (cause != 12 && cause != 13 && cause != 15)) {
        puts_("panel workload: unexpected trap, cause ");
        putn(cause);
        putc_('\n');
        *(volatile uint32_t *)0x100000ul = (3u << 16) | 0x3333;
    }
    uint64_t page = va & ~(PAGE - 1);
    if (page >= ARENA_VA && page < ARENA_VA + ARENA_PAGES * PAGE) {
        uint64_t *pte = pte_of(cur, page, 1);
        if (*pte & PTE_SWAP) {                       /* swap-in */
            uint64_t slot = PTE_PPN(*pte), pa = frame_alloc();
            copy_page(pa, SWAP_BASE + slot * PAGE);
            slot_used[slot] = 0;
            map_user(pte, pa, page, PTE_R | PTE_W);
            nfaults[F_SWAPIN]++;
            trace(EV_FAULT, F_SWAPIN, va, cur->pid, 0);
        } else if ((*pte & PTE_V) && (*pte & PTE_COW) && cause == 15) {
            uint64_t old = PTE_PPN(*pte) << 12;
            struct frame *f = frame_of(old);
            if (f->refs == 1) {                      /* the last sharer: reuse */
                *pte = (*pte & ~PTE_COW) | PTE_W;
                f->pte = pte;
                f->pid = cur->pid;
                f->va = page;
            } else {
                uint64_t pa = frame_alloc();
                copy_page(pa, old);
                f->refs--;
                if (f->pte == pte) {                 /* the other sharer keeps it */
                    f->pte = f->pte2;
                    f->pid = f->pid2;
                }
                map_user(pte, pa, page, PTE_R | PTE_W);
            }
            nfaults[F_COW]++;
            trace(EV_FAULT, F_COW, va, cur->pid, 0);
        } else if (!(*pte & PTE_V)) {                /* demand-zero */
            uint64_t pa = frame_alloc();
            zero_page(pa);
            map_user(pte, pa, page, PTE_R | PTE_W);
            nfaults[F_ZERO]++;
            trace(EV_FAULT, F_ZERO, va, cur->pid, 0);
        }
        sfence(page, cur->asid);
        return epc;
    }
    if (page >= FILE_VA && page < FILE_VA + FILE_PAGES * PAGE && cause == 13) {
        uint64_t n = (page - FILE_VA) / PAGE, *pte = pte_of(cur, page, 1);
        if (!cache_frame[n]) {                       /* read the "file" in */
            uint64_t pa = frame_alloc();
            uint64_t *d = (uint64_t *)pa;
            for (int i = 0; i < 512; i++)
                d[i] = n * 512 + (uint64_t)i;
            cache_frame[n] = pa;
            frame_of(pa)->cache = 1;
            trace(EV_FRAME, pa >> 12, 1, O_CACHE, 0);
        }
        *pte = (cache_frame[n] >> 12) << 10 | PTE_V | PTE_R | PTE_U;
        sfence(page, cur->asid);
        nfaults[F_FILE]++;
        trace(EV_FAULT, F_FILE, va, cur->pid, 0);
        return epc;
    }
    nfaults[F_SEGV]++;                               /* SIGSEGV: kill it */
    trace(EV_FAULT, F_SEGV, va, cur->pid, 0);
    puts_("panel workload: ");
    puts_(cur->name);
    puts_(" killed (SIGSEGV)\n");
    cur->killed = 1;
    return (uint64_t)user_exit;
}

/* ---- processes ---- */

static void switch_to(struct proc *p)
{
    cur = p;
    uint64_t satp = 8ul << 60 | (uint64_t)p->asid << 44 | (uint64_t)p->root >> 12;
    asm volatile("csrw satp, %0" :: "r"(satp) : "memory");
    trace(EV_PROCESS, p->pid, (uint64_t)p->name, p->asid, 0);
}

static void new_process(struct proc *p)
{
    p->root = pt_alloc(p->pid);
    /* The shared U-mode code page: global, in every address space. */
    uint64_t code = (uint64_t)__user_start;
    *pte_of(p, code, 1) = (code >> 12) << 10 | PTE_V | PTE_R | PTE_X | PTE_U | PTE_G | PTE_A;
}

/* Child shares the parent's resident arena pages read-only: copy-on-write. */
static void fork_from(struct proc *child, struct proc *parent)
{
    new_process(child);
    for (uint64_t va = ARENA_VA; va < ARENA_VA + ARENA_PAGES * PAGE; va += PAGE) {
        uint64_t *pp = pte_of(parent, va, 0);
        if (!pp || !(*pp & PTE_V))
            continue;
        *pp = (*pp & ~PTE_W) | PTE_COW;
        uint64_t *cp = pte_of(child, va, 1);
        *cp = *pp;
        struct frame *f = frame_of(PTE_PPN(*pp) << 12);
        f->refs++;
        f->pte2 = cp;
        f->pid2 = child->pid;
    }
    asm volatile("sfence.vma zero, %0" :: "r"((uint64_t)parent->asid) : "memory");
}

/* Runs p over [va, va + pages) `passes` times. */
static uint64_t work(struct proc *p, uint64_t va, uint64_t pages, int write, int passes,
                     uint64_t seed)
{
    if (p->killed)
        return seed;
    switch_to(p);
    for (int i = 0; i < passes && !p->killed; i++)
        seed = run_user(va, pages, (uint64_t)write, seed);
    return seed;
}

int main(const uint8_t *dtb)
{
    has_trace = find_trace(dtb);
    puts_(has_trace ? "panel workload: trace device found\n"
                    : "panel workload: no trace device\n");
    if (idle_run) {                                  /* no paging at all */
        for (volatile int i = 0; i < 200000; i++)
            ;
        return 0;
    }
    trace(EV_FRAME, RAM_BASE >> 12, ((uint64_t)__image_end - RAM_BASE) >> 12, O_KERNEL, 0);
    trace(EV_FRAME, POOL_BASE >> 12, POOL_FRAMES, O_FREE, 0);
    uint64_t sum = 0;
    new_process(&procs[0]);
    new_process(&procs[1]);
    new_process(&procs[3]);
    for (int round = 0; round < ROUNDS; round++) {
        /* init: a small working set, touched every round */
        sum = work(&procs[0], ARENA_VA, 48, 1, 32, sum);
        /* worker: grows by 64 pages a round and rewrites all of it: memory pressure */
        uint64_t grow = 64 * (uint64_t)(round + 1);
        sum = work(&procs[1], ARENA_VA, grow < ARENA_PAGES ? grow : ARENA_PAGES, 1, 3, sum);
        if (round == 4)
            fork_from(&procs[2], &procs[1]);
        if (round >= 4)                              /* child: writes, so COW */
            sum = work(&procs[2], ARENA_VA + (uint64_t)((round - 4) % 16) * 32 * PAGE, 32,
                       1, 8, sum);
        /* reader: the file, and its own scratch pages */
        uint64_t fp = (uint64_t)(round + 1) * 6;
        sum = work(&procs[3], FILE_VA, fp < FILE_PAGES ? fp : FILE_PAGES, 0, 2, sum);
        sum = work(&procs[3], ARENA_VA, 16, 1, 32, sum);
        if (round == ROUNDS - 8)
            work(&procs[3], BAD_VA, 1, 0, 1, sum);  /* SIGSEGV */
    }
    puts_("panel workload: faults zero ");
    putn(nfaults[F_ZERO]);
    puts_(" file ");
    putn(nfaults[F_FILE]);
    puts_(" cow ");
    putn(nfaults[F_COW]);
    puts_(" swapin ");
    putn(nfaults[F_SWAPIN]);
    puts_(" segv ");
    putn(nfaults[F_SEGV]);
    puts_(" swapout ");
    putn(nswapout);
    puts_("\n");
    return sum == 0 ? 1 : 0;
}
