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
int map_page(pagetable_t pgdir, uint64_t va, uint64_t pa, uint64_t perm);
uint64_t unmap_page(pagetable_t pgdir, uint64_t va);
uint64_t walk_user_pa(pagetable_t pgdir, uint64_t va);

#endif
