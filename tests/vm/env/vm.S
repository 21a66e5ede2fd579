/* Pagoda VM tests — vm_init: builds the address space described in vm.h, fills the
 * physical test pages with PVAL patterns and turns Sv39 on (ASID 0). Called by the
 * reset code in M-mode, before test_main. */
#include "vm.h"

    .text
    .global vm_init
vm_init:
    /* every table zero: all of VA invalid */
    la t0, pt_start
    la t1, pt_end
1:  sd zero, 0(t0)
    addi t0, t0, 8
    bltu t0, t1, 1b

    /* physical page k, offset off (8-aligned) holds PVAL(k, off) */
    la t0, phys_page
    li t1, 0x5a
    slli t1, t1, 56                 /* PVAL(0, 0) */
    li t2, PHYS_PAGES * 512
2:  sd t1, 0(t0)
    addi t0, t0, 8
    addi t1, t1, 8
    li t3, 0xfff
    and t3, t1, t3
    bnez t3, 3f                     /* crossed into the next page: */
    li t3, 0x1000                   /* off back to 0, k + 1 */
    sub t1, t1, t3
    li t3, 1
    slli t3, t3, 32
    add t1, t1, t3
3:  addi t2, t2, -1
    bnez t2, 2b

    li t0, RAM_BASE
    PT_SET_PA(pt_root, 2, t0, PTE_RWX)
    la t0, pt_l1
    PT_SET_PA(pt_root, 0, t0, PTE_TABLE)
    la t0, pt_l0
    PT_SET_PA(pt_l1, 0, t0, PTE_TABLE)

    la t0, pt_root
    srli t0, t0, 12
    li t1, SATP_SV39
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    ret

    .bss
    .align 12
    .global pt_start, pt_root, pt_l1, pt_l0, pt_spare0, pt_spare1, pt_spare2, pt_spare3
pt_start:
pt_root:   .zero 4096
pt_l1:     .zero 4096
pt_l0:     .zero 4096
pt_spare0: .zero 4096
pt_spare1: .zero 4096
pt_spare2: .zero 4096
pt_spare3: .zero 4096
pt_end:
    .global phys_page
phys_page: .zero PHYS_PAGES * 4096
