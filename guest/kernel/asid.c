/* asid.c — address-space identifiers and TLB maintenance. An mm's context is a
 * generation number plus the ASID it was given in that generation, as in Linux's
 * arm64/riscv allocators. ASIDs are handed out in order and never freed; when they
 * run out the generation moves on, the whole TLB is flushed once (the only full flush
 * the privileged spec requires of us: ASIDs are about to be reused), and every mm
 * gets a fresh ASID the next time it is switched to. Changing a PTE costs one
 * "sfence.vma va, asid" for the mm concerned, and nothing if that mm has no live ASID
 * (then the TLB cannot hold its entries). Without ASID bits every mm runs as ASID 0
 * and a switch to a different mm flushes ASID 0. */
#include "mm.h"
#include "vm.h"

struct mm *active_mm;           /* whose page table satp holds (NULL: the kernel's) */
static struct mm *asid0_owner;  /* without ASIDs: whose entries the TLB may hold */
static uint64_t nr_asids;       /* 1 << usable ASID bits */
static uint64_t generation;     /* a multiple of nr_asids; starts at one generation */
static uint64_t next_asid;

/* Reads "asid_bits=N" from the boot arguments: a cap below what satp holds, so
 * rollover can be seen on a machine with 16 ASID bits. */
static unsigned asid_bits_param(const char *bootargs, unsigned hw_bits)
{
    const char *p = bootargs;
    while ((p = strchr(p, 'a')) != NULL) {
        if ((p == bootargs || p[-1] == ' ') && strncmp(p, "asid_bits=", 10) == 0) {
            unsigned n = 0;
            for (p += 10; *p >= '0' && *p <= '9'; p++)
                n = n * 10 + (*p - '0');
            return MIN(n, hw_bits);
        }
        p++;
    }
    return hw_bits;
}

void asid_init(const char *bootargs)
{
    unsigned bits = asid_bits_param(bootargs, asid_bits);
    nr_asids = 1UL << bits;
    generation = nr_asids;
    next_asid = 1;
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

/* A new ASID for mm; starts a new generation when this one is used up. */
static void new_context(struct mm *mm)
{
    if (next_asid == nr_asids) {
        generation += nr_asids;
        next_asid = 1;
        sfence_vma_all();
        vm_events.asid_rollover++;
        vm_events.tlb_flush_all++;
    }
    mm->context = generation | next_asid++;
}

void switch_mm(struct mm *mm)
{
    active_mm = mm;
    if (!mm) {
        csr_write(satp, MAKE_SATP(V2P(kernel_pgdir), 0));
        return;
    }
    if (nr_asids <= 1) {
        csr_write(satp, MAKE_SATP(V2P(mm->pgdir), 0));
        if (asid0_owner != mm) {
            sfence_vma_asid(0);            /* keeps the kernel's global entries */
            vm_events.tlb_flush_asid++;
            asid0_owner = mm;
        }
        return;
    }
    if (!context_live(mm))
        new_context(mm);
    csr_write(satp, MAKE_SATP(V2P(mm->pgdir), mm->context & (nr_asids - 1)));
}

/* After a change to one PTE of mm at va. */
void flush_tlb_page(struct mm *mm, uint64_t va)
{
    if (nr_asids > 1 ? !context_live(mm) : asid0_owner != mm)
        return;
    sfence_vma_page(va, mm_asid(mm));
    vm_events.tlb_flush_page++;
}

/* After changing many PTEs of mm at once (fork's write protection). */
void flush_tlb_mm(struct mm *mm)
{
    if (nr_asids > 1 ? !context_live(mm) : asid0_owner != mm)
        return;
    sfence_vma_asid(mm_asid(mm));
    vm_events.tlb_flush_asid++;
}

/* mm is going away. Its ASID is not reused before the next generation's full flush,
 * so its TLB entries can stay; without ASIDs, the next switch flushes them. */
void asid_release(struct mm *mm)
{
    if (asid0_owner == mm)
        asid0_owner = NULL;
}
