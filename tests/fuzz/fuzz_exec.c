/* Instruction execution: a block of instruction words and an initial register, CSR
 * and page-table state from the fuzzer, run for a bounded number of steps in M, S or U
 * mode with Sv39 on or off. In differential mode the same machine is built twice: one
 * copy runs through the run loop (blocks of decoded instructions, the inline fast
 * operations of FAST_OPS and the fast translation cache), the other one instruction at
 * a time through the handlers (the debugger's single step), and the architectural
 * state, memory and TLB statistics of both must agree. With pre-decoding, every parcel
 * of the code pages is decoded into the run loop's copy before it starts, as the code
 * cache decodes a slot on its first execution (fusing pairs, codecache.h), so the run
 * loop runs the fused pairs from the first pass on rather than only on a loop's second.
 *
 * Input: mode byte (bits 0-1 privilege, 2 = M; bit 2 Sv39; bit 3 differential; bits
 * 4-5 start address; bit 6 pre-decoding), step count (u16), CSRs (mstatus, medeleg, mideleg, mie, mip,
 * mtvec, stvec, menvcfg, mcounteren, scounteren, stimecmp, fcsr, pmpcfg0, pmpaddr0),
 * 20 PTE flag bytes, x1..x31, f0..f7, then the code (at the start of RAM). */
#include <stdio.h>
#include <stdlib.h>

#include "bus.h"
#include "codecache.h"
#include "csr.h"
#include "fuzz.h"
#include "hart.h"
#include "mmu.h"
#include "tlb.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (64ull << 10)
#define ROOT (RAM_BASE + 4 * PAGE_SIZE)
#define L1   (RAM_BASE + 5 * PAGE_SIZE)
#define L0   (RAM_BASE + 6 * PAGE_SIZE)
#define CODE_MAX (2 * PAGE_SIZE)
#define MAX_STEPS 4096

static uint64_t fixed_time(void *ctx) { (void)ctx; return 1000; }

struct setup {
    int priv;
    bool paging, diff, predecode;
    uint64_t start;
    unsigned steps;
    uint64_t csr[14];
    uint8_t pte[20];
    uint64_t x[32], f[8];
    const uint8_t *code;
    size_t code_len;
};

static const int csr_order[14] = {
    CSR_MSTATUS, CSR_MEDELEG, CSR_MIDELEG, CSR_MIE, CSR_MIP, CSR_MTVEC, CSR_STVEC,
    CSR_MENVCFG, CSR_MCOUNTEREN, CSR_SCOUNTEREN, CSR_STIMECMP, CSR_FCSR, CSR_PMPCFG0,
    CSR_PMPADDR0,
};

static void parse(struct fdata *f, struct setup *s)
{
    static const uint64_t starts[4] = { RAM_BASE, 0xc0000000ull, 0xffffffc000000000ull,
                                        RAM_BASE + PAGE_SIZE - 2 };
    uint8_t mode = fd_u8(f);
    s->priv = (mode & 3) == 2 ? PRV_M : mode & 3;
    s->paging = mode & 4;
    s->diff = mode & 8;
    s->predecode = mode & 64;
    s->start = starts[(mode >> 4) & 3];
    s->steps = fd_u16(f) % MAX_STEPS + 1;
    for (int i = 0; i < 14; i++)
        s->csr[i] = fd_u64(f);
    for (int i = 0; i < 20; i++)
        s->pte[i] = fd_u8(f);
    for (int i = 1; i < 32; i++)
        s->x[i] = fd_u64(f);
    for (int i = 0; i < 8; i++)
        s->f[i] = fd_u64(f);
    s->code = f->p;
    s->code_len = f->left < CODE_MAX ? f->left : CODE_MAX;
}

static void put_pte(struct bus *b, uint64_t table, int index, uint64_t pte)
{
    bus_copy_in(b, table + 8 * (uint64_t)index, &pte, 8);
}

static uint64_t leaf(uint64_t pa, uint8_t flags) { return (pa >> 12) << 10 | flags | PTE_V; }

/* A hart in the state s describes, on a bus of its own. */
static struct hart *build(const struct setup *s)
{
    struct bus *b = calloc(1, sizeof *b);
    if (!b || !bus_init(b, RAM_BASE, RAM_SIZE))
        abort();
    struct hart *h = hart_new(b, 0);
    h->read_time = fixed_time;
    bus_copy_in(b, RAM_BASE, s->code, s->code_len);
    /* VA 0x80000000 + 4K·i -> page i of RAM (flags from the input); 0xc0000000 and
     * 0xffffffc000000000: gigapages over RAM; 0x80200000, 0x80400000: megapages, the
     * second misaligned. */
    put_pte(b, ROOT, 2, (L1 >> 12) << 10 | PTE_V);
    put_pte(b, ROOT, 3, leaf(RAM_BASE, s->pte[16]));
    put_pte(b, ROOT, 256, leaf(RAM_BASE, s->pte[17]));
    put_pte(b, L1, 0, (L0 >> 12) << 10 | PTE_V);
    put_pte(b, L1, 1, leaf(RAM_BASE, s->pte[18]));
    put_pte(b, L1, 2, leaf(RAM_BASE + PAGE_SIZE, s->pte[19]));
    for (int i = 0; i < 16; i++)
        put_pte(b, L0, i, leaf(RAM_BASE + PAGE_SIZE * (uint64_t)i, s->pte[i]));
    for (int i = 0; i < 14; i++)
        csr_write(h, csr_order[i], s->csr[i]);
    if (!(s->csr[12] & 0xff)) {            /* no PMP entry 0 given: all memory open */
        csr_write(h, CSR_PMPADDR0, ~0ull >> 10);
        csr_write(h, CSR_PMPCFG0, 0x1f);
    }
    if (s->paging)
        csr_write(h, CSR_SATP, 8ull << 60 | (uint64_t)(s->csr[0] & 0xffff) << 44 | ROOT >> 12);
    for (int i = 1; i < 32; i++)
        h->x[i] = s->x[i];
    for (int i = 0; i < 8; i++)
        h->f[i] = s->f[i];
    hart_set_priv(h, s->priv);
    h->pc = s->start;
    return h;
}

/* Decodes every parcel of the code pages, as their first executions would. */
static void predecode(struct hart *h)
{
    for (uint64_t page = RAM_BASE; page < RAM_BASE + CODE_MAX; page += PAGE_SIZE) {
        struct code_page *cp = code_page_get(h->bus, page);
        for (unsigned off = 0; off < PAGE_SIZE; off += 2)
            code_decode_slot(cp, off);
    }
}

static void destroy(struct hart *h)
{
    struct bus *b = h->bus;
    hart_free(h);
    bus_free(b);
    free(b);
}

/* Runs h to completion of what fits in steps, as the machine loop would call it. */
static void run_blocks(struct hart *h, unsigned steps)
{
    uint64_t end = h->instret + steps;
    for (unsigned calls = 0; calls < steps && h->instret < end && !h->halted; calls++) {
        if (h->wfi && !hart_wakes(h))
            break;
        hart_run(h, end - h->instret);
    }
}

/* One instruction (or one trap) at a time until b has done what a did. */
static void run_steps(struct hart *b, const struct hart *a)
{
    uint64_t bound = a->instret + a->exceptions + 16;
    for (uint64_t i = 0; i < bound; i++) {
        if (b->halted || (b->instret >= a->instret && b->exceptions >= a->exceptions))
            break;
        if (b->wfi && !hart_wakes(b))
            break;
        b->dbg.steps = 1;
        hart_dbg_update(b);
        hart_run(b, 1);
        b->dbg.hit = DBG_NONE;
        b->dbg.steps = 0;
        hart_dbg_update(b);
    }
}

#define SAME(field) do { \
        if (a->field != b->field) { \
            fprintf(stderr, "fuzz_exec: %s differs: run loop 0x%llx, single steps 0x%llx\n", \
                    #field, (unsigned long long)a->field, (unsigned long long)b->field); \
            abort(); \
        } \
    } while (0)

static void compare(const struct hart *a, const struct hart *b)
{
    for (int i = 0; i < REG_SINK; i++)
        if (a->reg[i] != b->reg[i]) {
            fprintf(stderr, "fuzz_exec: %c%d differs: run loop 0x%llx, single steps 0x%llx\n",
                    i < REG_F ? 'x' : 'f', i % 32, (unsigned long long)a->reg[i],
                    (unsigned long long)b->reg[i]);
            abort();
        }
    SAME(pc); SAME(priv); SAME(frm); SAME(fflags); SAME(instret); SAME(exceptions);
    SAME(mstatus); SAME(mepc); SAME(mcause); SAME(mtval); SAME(sepc); SAME(scause);
    SAME(stval); SAME(satp); SAME(mip); SAME(mie); SAME(wfi); SAME(halted);
    SAME(bus->resv_mask);
    SAME(bus->resv_addr[a->index]);
    for (int t = 0; t < TLB_COUNT; t++) {
        SAME(mmu.tlbs.tlb[t].c.accesses);
        SAME(mmu.tlbs.tlb[t].c.misses);
    }
    SAME(mmu.c.walks);
    SAME(mmu.c.pte_reads);
    if (memcmp(a->bus->ram.host, b->bus->ram.host, RAM_SIZE) != 0) {
        fprintf(stderr, "fuzz_exec: memory differs\n");
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdata f = { data, size };
    struct setup s;
    parse(&f, &s);
    struct hart *a = build(&s);
    if (s.predecode)
        predecode(a);
    run_blocks(a, s.steps);
    if (s.diff) {
        struct hart *b = build(&s);
        run_steps(b, a);
        compare(a, b);
        destroy(b);
    }
    destroy(a);
    return 0;
}
