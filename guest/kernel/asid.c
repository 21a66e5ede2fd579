/* asid.c — address-space identifiers and TLB coherence across harts.
 *
 * ASIDs. An mm's context is a generation number plus the ASID it was given in that
 * generation, as in Linux's arm64/riscv allocators. ASIDs are handed out in order and
 * never freed; when they run out the generation moves on: the ASIDs of the address
 * spaces running at that moment on some hart are carried into the new generation
 * (they keep their number), every other mm gets a fresh ASID the next time it is
 * switched to, and the whole TLB of every hart is flushed once — locally, and with an
 * SBI remote fence on the others — since ASIDs are about to be reused. Without ASID
 * bits every mm runs as ASID 0 and a hart switching to a different mm than the last
 * one it ran flushes ASID 0. asid_lock guards all of it.
 *
 * Shootdowns. Each mm knows the harts on which its ASID may have live TLB entries
 * (mm->cpumask, Linux's mm_cpumask): a hart joins when it first runs the mm in a
 * generation and stays (entries outlive a switch to another ASID), until a rollover
 * flushes everything. A change that removes or weakens a translation (unmap, a
 * permission taken away, a frame replaced) must be out of every TLB before it is
 * relied on — before the call that made it returns, and before a freed frame can be
 * reused: flush_tlb_range fences the pages on this hart if it is in the mask
 * (sfence.vma va, asid) and sends one SBI RFENCE remote_sfence_vma_asid for the range
 * to the others in the mask, which the firmware runs on each of them before the call
 * returns; past FLUSH_PAGES_MAX pages, the whole ASID. A change that only adds
 * (a new page, a write allowed) fences this hart only: another hart holding the old,
 * weaker entry faults, finds the PTE fine and fences itself (fault.c's spurious
 * case). Counters (per hart, /proc/vmstat): nr_tlb_local_flush_one and _all (this
 * hart's fences), nr_tlb_remote_flush (requests sent), nr_tlb_remote_flush_received
 * (requests that reached a hart: the firmware runs them, so the sender counts them on
 * the receiver's behalf). On Pagoda each request is also reported to the trace
 * device (sender, receivers, ASID, range) for the panel. */
#include "mm.h"
#include "trace.h"
#include "vm.h"

#define SBI_EXT_RFENCE 0x52464E43
#define SBI_RFENCE_SFENCE_VMA      1
#define SBI_RFENCE_SFENCE_VMA_ASID 2
#define MAX_ASIDS (1UL << 16)

static struct spinlock asid_lock = SPINLOCK_INIT("asid");
static uint64_t nr_asids;       /* 1 << usable ASID bits */
static uint64_t generation;     /* a multiple of nr_asids; starts at one generation */
static uint64_t next_asid;
static uint64_t asid_map[MAX_ASIDS / 64];   /* ASIDs taken in this generation */

void asid_init(const char *bootargs)
{
    /* Boot argument asid_bits=N: a cap below what satp holds, so rollover can be seen
     * on a machine with 16 ASID bits. */
    unsigned bits = (unsigned)MIN(bootarg_num(bootargs, "asid_bits=", asid_bits), asid_bits);
    nr_asids = 1UL << bits;
    generation = nr_asids;
    next_asid = 1;
    asid_map[0] = 1;                          /* ASID 0: the kernel's, never handed out */
    if (bits != asid_bits)
        printk("asid: using %u of %u ASID bits\n", bits, asid_bits);
}

static bool context_live(const struct mm *mm)
{
    return nr_asids > 1 && (mm->context & ~(nr_asids - 1)) == generation;
}

/* The ASID mm runs under now, or 0xffffffff if it has none in this generation. */
uint64_t mm_asid(const struct mm *mm)
{
    if (nr_asids <= 1)
        return 0;
    return context_live(mm) ? (mm->context & (nr_asids - 1)) : 0xffffffffUL;
}

static bool asid_taken(uint64_t asid)
{
    return (asid_map[asid / 64] >> (asid % 64)) & 1;
}

static void take_asid(uint64_t asid)
{
    asid_map[asid / 64] |= 1UL << (asid % 64);
}

/* Every hart but this one, online. */
static cpumask_t other_cpus(void)
{
    return cpu_online_mask & ~(1UL << cpuid());
}

static void count_received(cpumask_t mask)
{
    for (int i = 0; i < ncpus; i++)
        if (cpumask_test(mask, i))
            __atomic_fetch_add(&cpus[i].events.tlb_remote_flush_received, 1, __ATOMIC_RELAXED);
}

/* One SBI remote fence to the harts of mask: [start, start + size) of asid, or all of
 * it (size ~0), or every translation (asid ~0: remote_sfence_vma). */
static void remote_fence(cpumask_t mask, uint64_t start, uint64_t size, uint64_t asid)
{
    uint64_t t0 = csr_read(instret);
    uint64_t harts = cpumask_to_hartmask(mask);
    if (asid == ~0UL)
        sbi_call5(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, (long)harts, 0, (long)start,
                  (long)size, 0);
    else
        sbi_call5(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA_ASID, (long)harts, 0, (long)start,
                  (long)size, (long)asid);
    struct vm_events *e = cpu_events();
    e->tlb_remote_flush++;
    e->tlb_shootdown_insns += csr_read(instret) - t0;
    count_received(mask);
    trace_shootdown(harts, asid, start, size);
}

/* The generation is used up: a new one, the running address spaces keeping their
 * ASIDs, and every hart's TLB flushed. With asid_lock held. */
static void rollover(void)
{
    generation += nr_asids;
    memset(asid_map, 0, (nr_asids + 63) / 64 * 8);
    take_asid(0);
    next_asid = 1;
    for (int i = 0; i < ncpus; i++)
        if (cpus[i].active_mm)
            cpus[i].active_mm->cpumask = 0;
    for (int i = 0; i < ncpus; i++) {
        struct mm *mm = cpus[i].active_mm;
        if (!mm)
            continue;
        uint64_t asid = mm->context & (nr_asids - 1);
        take_asid(asid);
        mm->context = generation | asid;
        mm->cpumask |= 1UL << i;
    }
    sfence_vma_all();
    struct vm_events *e = cpu_events();
    e->asid_rollover++;
    e->tlb_flush_all++;
    cpumask_t others = other_cpus();
    if (others)
        remote_fence(others, 0, ~0UL, ~0UL);
}

/* A new ASID for mm, in this generation (starting a new one when it is used up); mm
 * is on no hart's TLB yet. With asid_lock held. */
static void new_context(struct mm *mm)
{
    while (next_asid < nr_asids && asid_taken(next_asid))
        next_asid++;
    if (next_asid == nr_asids) {
        rollover();
        while (next_asid < nr_asids && asid_taken(next_asid))
            next_asid++;
    }
    take_asid(next_asid);
    mm->context = generation | next_asid++;
    mm->cpumask = 0;
}

/* Points this hart's satp at mm (NULL: the kernel's own table), and makes the hart one
 * that may hold mm's entries. Its bit is set before satp is written, so a flush that
 * changed a PTE before reading the mask either reaches this hart or happened before
 * this hart could walk the table. */
void switch_mm(struct mm *mm)
{
    struct cpu *c = mycpu();
    uint64_t satp;
    bool flush = false;
    spin_lock(&asid_lock);
    c->active_mm = mm;
    if (!mm) {
        satp = MAKE_SATP(V2P(kernel_pgdir), 0);
    } else if (nr_asids <= 1) {
        if (c->asid0_owner != mm) {
            if (c->asid0_owner)
                cpumask_clear_atomic(&c->asid0_owner->cpumask, c->id);
            c->asid0_owner = mm;
            flush = true;                    /* the last mm's entries go */
        }
        cpumask_set_atomic(&mm->cpumask, c->id);
        satp = MAKE_SATP(V2P(mm->pgdir), 0);
    } else {
        if (!context_live(mm))
            new_context(mm);
        cpumask_set_atomic(&mm->cpumask, c->id);
        satp = MAKE_SATP(V2P(mm->pgdir), mm->context & (nr_asids - 1));
    }
    spin_unlock(&asid_lock);
    csr_write(satp, satp);
    if (flush) {
        sfence_vma_asid(0);                  /* keeps the kernel's global entries */
        cpu_events()->tlb_flush_asid++;
    }
}

/* The ASID of mm and the harts that may hold its entries, read after the caller's PTE
 * changes (the fence orders them before the read); false if no TLB can hold them. */
static bool flush_target(struct mm *mm, uint64_t *asid, cpumask_t *mask)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    spin_lock(&asid_lock);
    bool live = nr_asids > 1 ? context_live(mm) : true;
    *asid = nr_asids > 1 ? (mm->context & (nr_asids - 1)) : 0;
    *mask = live ? mm->cpumask : 0;
    spin_unlock(&asid_lock);
    return *mask != 0;
}

/* After PTEs of mm in [start, start + npages pages) were removed or weakened: fenced
 * out of every TLB that may hold them before this returns. npages 0, or more than
 * FLUSH_PAGES_MAX, fences the whole ASID. */
void flush_tlb_range(struct mm *mm, uint64_t start, uint64_t npages)
{
    uint64_t asid;
    cpumask_t mask;
    push_off();                              /* stay on this hart */
    if (!flush_target(mm, &asid, &mask)) {
        pop_off();
        return;
    }
    bool all = npages == 0 || npages > FLUSH_PAGES_MAX;
    struct cpu *c = mycpu();
    struct vm_events *e = &c->events;
    if (cpumask_test(mask, c->id)) {
        if (all) {
            sfence_vma_asid(asid);
            e->tlb_flush_asid++;
        } else {
            for (uint64_t i = 0; i < npages; i++)
                sfence_vma_page(start + i * PAGE_SIZE, asid);
            e->tlb_flush_page += npages;
        }
    }
    cpumask_t others = mask & ~(1UL << c->id) & cpu_online_mask;
    if (others) {
        remote_fence(others, all ? 0 : start, all ? ~0UL : npages * PAGE_SIZE, asid);
        __atomic_fetch_add(&mm->tlb_remote_flush, 1, __ATOMIC_RELAXED);
        __atomic_fetch_add(&mm->tlb_remote_flush_received, (uint64_t)cpumask_weight(others),
                           __ATOMIC_RELAXED);
    }
    pop_off();
}

/* After a change to one PTE of mm at va that removes or weakens it. */
void flush_tlb_page(struct mm *mm, uint64_t va)
{
    flush_tlb_range(mm, va, 1);
}

/* After changing many PTEs of mm at once (fork's write protection, freed tables). */
void flush_tlb_mm(struct mm *mm)
{
    flush_tlb_range(mm, 0, 0);
}

/* After a PTE of mm at va was made valid or given more rights: only this hart's TLB
 * may hold the old entry that matters (an invalid one it may cache, say); other harts
 * that hold a weaker entry fault and fence themselves. */
void local_flush_tlb_page(struct mm *mm, uint64_t va)
{
    push_off();
    struct cpu *c = mycpu();
    if (cpumask_test(mm->cpumask, c->id) && (nr_asids <= 1 || context_live(mm))) {
        sfence_vma_page(va, mm_asid(mm));
        c->events.tlb_flush_page++;
    }
    pop_off();
}

/* mm is going away. No hart runs it any more and its ASID is not reused before the
 * next generation's flush, so its TLB entries can stay where they are; without ASIDs,
 * each hart that still names it as the owner of ASID 0 flushes when it next switches. */
void asid_release(struct mm *mm)
{
    spin_lock(&asid_lock);
    for (int i = 0; i < ncpus; i++)
        if (cpus[i].asid0_owner == mm)
            cpus[i].asid0_owner = NULL;
    spin_unlock(&asid_lock);
}
