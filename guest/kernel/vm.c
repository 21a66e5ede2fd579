/* vm.c — page tables. The kernel page table maps the first GiB of physical addresses
 * (the devices) with one gigapage and all RAM with 1 GiB / 2 MiB superpages, both at
 * PAGE_OFFSET + pa and global. Each user page table is a fresh root whose upper half
 * shares those entries, so the kernel is mapped in every address space. */
#include "vm.h"
#include "page.h"

pagetable_t kernel_pgdir;
unsigned asid_bits;

#define KERNEL_PTE (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G)

static pagetable_t alloc_table(void)
{
    return alloc_zeroed_page(OWNER_PAGETABLE);
}

/* Maps [pa, pa+size) at PAGE_OFFSET + pa with the largest pages that fit. */
static void kmap_superpages(uint64_t pa, uint64_t size, uint64_t perm)
{
    uint64_t end = ROUND_UP(pa + size, LEVEL_SIZE(1));
    for (pa = ROUND_DOWN(pa, LEVEL_SIZE(1)); pa < end;) {
        uint64_t va = PAGE_OFFSET + pa;
        pte_t *l2 = &kernel_pgdir[PX(2, va)];
        if ((pa & (LEVEL_SIZE(2) - 1)) == 0 && pa + LEVEL_SIZE(2) <= end) {
            *l2 = PA2PTE(pa) | perm;
            pa += LEVEL_SIZE(2);
            continue;
        }
        if (!(*l2 & PTE_V)) {
            pagetable_t t = alloc_table();
            if (!t)
                panic("kvm: out of memory");
            *l2 = PA2PTE(V2P(t)) | PTE_V | PTE_G;
        }
        pagetable_t l1 = P2V(PTE2PA(*l2));
        l1[PX(1, va)] = PA2PTE(pa) | perm;
        pa += LEVEL_SIZE(1);
    }
}

/* How many ASID bits satp keeps (the privileged spec's way: write ones, read back). */
static unsigned probe_asid_bits(uint64_t satp)
{
    csr_write(satp, satp | (0xffffUL << SATP_ASID_SHIFT));
    uint64_t asid = (csr_read(satp) >> SATP_ASID_SHIFT) & 0xffff;
    csr_write(satp, satp);
    unsigned bits = 0;
    while (asid & (1u << bits))
        bits++;
    return bits;
}

/* Builds the kernel page table and moves onto it, leaving the boot table behind. */
void kvm_init(const struct boot_info *bi)
{
    kernel_pgdir = alloc_table();
    if (!kernel_pgdir)
        panic("kvm: out of memory");
    kmap_superpages(0, LEVEL_SIZE(2), PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G);
    kmap_superpages(bi->ram_base, bi->ram_size, KERNEL_PTE);
    uint64_t satp = MAKE_SATP(V2P(kernel_pgdir), 0);
    csr_write(satp, satp);
    sfence_vma_all();
    asid_bits = probe_asid_bits(satp);
    sfence_vma_all();
}

/* Another hart moves onto the kernel's page table (built by kvm_init). */
void kvm_init_hart(void)
{
    csr_write(satp, MAKE_SATP(V2P(kernel_pgdir), 0));
    sfence_vma_all();
}

/* A user root table: empty lower half, the kernel's upper half. */
pagetable_t pgdir_create(void)
{
    struct page *pg = alloc_page(OWNER_PAGETABLE);
    if (!pg)
        return NULL;
    pagetable_t pgdir = page_address(pg);
    memset(pgdir, 0, PAGE_SIZE / 2);
    memcpy(&pgdir[256], &kernel_pgdir[256], PAGE_SIZE / 2);
    return pgdir;
}

/* The OR of the PTEs t[i..i+8): a table is mostly zeros, and a run of them is told
 * without a test and a branch per entry. */
static pte_t ptes_or8(const pte_t *t)
{
    return t[0] | t[1] | t[2] | t[3] | t[4] | t[5] | t[6] | t[7];
}

/* Frees the table pages of the lower half and the root. The caller has already
 * unmapped (and released) every user page (mm_destroy checks that by the RSS
 * counters), so level-0 tables are freed unread. */
static void free_table(pagetable_t t, int level)
{
    for (int i = 0; level > 0 && i < 512; i += 8) {
        if (!ptes_or8(&t[i]))
            continue;
        for (int k = i; k < i + 8; k++)
            if ((t[k] & PTE_V) && !(t[k] & PTE_LEAF))
                free_table(P2V(PTE2PA(t[k])), level - 1);
    }
    free_pages(virt_to_page(t), 0);
}

void pgdir_free(pagetable_t pgdir)
{
    for (int i = 0; i < 256; i += 8) {
        if (!ptes_or8(&pgdir[i]))
            continue;
        for (int k = i; k < i + 8; k++)
            if (pgdir[k] & PTE_V)
                free_table(P2V(PTE2PA(pgdir[k])), 1);
    }
    free_pages(virt_to_page(pgdir), 0);
}

/* The level-0 PTE for user address va, allocating table pages when alloc is set.
 * NULL if va is not a user address or a table is missing (or cannot be allocated). */
pte_t *walk(pagetable_t pgdir, uint64_t va, bool alloc)
{
    if (va >= USER_TOP)
        return NULL;
    pagetable_t t = pgdir;
    for (int level = 2; level > 0; level--) {
        pte_t *pte = &t[PX(level, va)];
        if (*pte & PTE_V) {
            if (*pte & PTE_LEAF)
                return NULL;        /* no user superpages (yet) */
            t = P2V(PTE2PA(*pte));
        } else {
            if (!alloc || !(t = alloc_table()))
                return NULL;
            *pte = PA2PTE(V2P(t)) | PTE_V;
        }
    }
    return &t[PX(0, va)];
}

/* Installs one 4 KiB mapping; the slot must be empty. 0 or -ENOMEM. */
int map_page(pagetable_t pgdir, uint64_t va, uint64_t pa, uint64_t perm)
{
    pte_t *pte = walk(pgdir, va, true);
    if (!pte)
        return -ENOMEM;
    if (*pte & PTE_V)
        panic("map_page: remap at %lx", va);
    *pte = PA2PTE(pa) | perm | PTE_V;
    return 0;
}

/* Clears the mapping of va; returns the physical address it mapped, or 0. The caller
 * releases the frame and flushes the TLB. */
uint64_t unmap_page(pagetable_t pgdir, uint64_t va)
{
    pte_t *pte = walk(pgdir, va, false);
    if (!pte || !(*pte & PTE_V))
        return 0;
    uint64_t pa = PTE2PA(*pte);
    *pte = 0;
    return pa;
}

/* The physical address backing user address va (any offset), or 0 if unmapped. */
uint64_t walk_user_pa(pagetable_t pgdir, uint64_t va)
{
    pte_t *pte = walk(pgdir, va, false);
    if (!pte || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
        return 0;
    return PTE2PA(*pte) | (va & (PAGE_SIZE - 1));
}
