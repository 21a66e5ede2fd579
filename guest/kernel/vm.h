/* vm.h — Sv39 page tables: the kernel's direct map, and the walk/map/unmap steps that
 * user address spaces (mm.c) are built from. */
#ifndef VM_H
#define VM_H

#include "kernel.h"
#include "riscv.h"

extern pagetable_t kernel_pgdir;
extern unsigned asid_bits;

void kvm_init(const struct boot_info *bi);
void kvm_init_hart(void);
pagetable_t pgdir_create(void);
void pgdir_free(pagetable_t pgdir);
pte_t *walk(pagetable_t pgdir, uint64_t va, bool alloc);

/* walk(pgdir, va, false) inline, for the hot callers (a copy to or from user memory,
 * a fault): the level-0 PTE for user address va, or NULL if va is not a user address
 * or no table (or a leaf above level 0) is on the way. */
static inline pte_t *walk_lookup(pagetable_t pgdir, uint64_t va)
{
    if (va >= USER_TOP)
        return NULL;
    pte_t l2 = pgdir[PX(2, va)];
    if ((l2 & (PTE_V | PTE_LEAF)) != PTE_V)
        return NULL;
    pte_t l1 = ((pagetable_t)P2V(PTE2PA(l2)))[PX(1, va)];
    if ((l1 & (PTE_V | PTE_LEAF)) != PTE_V)
        return NULL;
    return &((pagetable_t)P2V(PTE2PA(l1)))[PX(0, va)];
}
int map_page(pagetable_t pgdir, uint64_t va, uint64_t pa, uint64_t perm);
uint64_t unmap_page(pagetable_t pgdir, uint64_t va);
uint64_t walk_user_pa(pagetable_t pgdir, uint64_t va);

#endif
