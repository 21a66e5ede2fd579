/* entry.S — the first instructions. SBI firmware enters here in S-mode at the load
 * address with a0 = hartid, a1 = DTB, paging off. We map the first 4 GiB of physical
 * memory twice with gigapages (identity, and at PAGE_OFFSET), turn on Sv39, jump to
 * the linked (upper-half) address, clear .bss and call kmain(hartid, dtb). The other
 * harts start at secondary_start.
 *
 * One hart only may run kmain: a lottery (as Linux's head.S) sends any later arrival
 * at _start elsewhere. OpenSBI 1.1 (QEMU 7.2's firmware) publishes a hart's
 * START_PENDING state before its start address and argument, so a hart woken in
 * between leaves with the ones it was first given: _start, a1 = the DTB. If it is the
 * hart smp.c is starting (hsm_starting), it goes on to secondary_start with its idle
 * stack; any other hart parks. Before this, such a hart ran kmain a second time and
 * cleared .bss under the running kernel (1 QEMU -smp 4 boot in about 20). */
#include "asm.h"

    .section .text.entry, "ax"
    .globl _start
_start:
    csrw sie, zero
    csrw sstatus, zero
    la t0, boot_lottery          /* physical, in .data (the winner clears .bss) */
    li t1, 1
    amoadd.w t1, t1, (t0)
    bnez t1, late_start
    la t0, boot_pgdir            /* physical: the pc is still physical */
    li t1, 0                     /* gigapage number */
    li t2, 4
1:  slli t3, t1, 28              /* PPN (n << 18) in its PTE field (<< 10) */
    ori t3, t3, 0xcf             /* V R W X A D */
    slli t4, t1, 3
    add t4, t4, t0
    sd t3, 0(t4)                 /* identity: VA n GiB -> PA n GiB */
    ori t3, t3, 0x20             /* G: kernel mappings are global */
    li t5, 256 * 8
    add t4, t4, t5
    sd t3, 0(t4)                 /* PAGE_OFFSET + n GiB -> PA n GiB */
    addi t1, t1, 1
    blt t1, t2, 1b

    srli t0, t0, 12
    li t1, 8 << 60               /* Sv39, ASID 0 */
    or t0, t0, t1
    sfence.vma
    csrw satp, t0
    sfence.vma

    la t0, high
    li t1, PAGE_OFFSET
    add t0, t0, t1
    jr t0

high:
    la sp, boot_stack_top        /* pc-relative from the high pc: a high address */
    mv tp, zero
    la t0, _bss_start
    la t1, _bss_end
2:  bgeu t0, t1, 3f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 2b
3:  call kmain
4:  wfi
    j 4b

/* Another hart, started by the boot hart through SBI HSM: a0 = hartid, a1 = the top of
 * its idle stack (a kernel address). The boot page table (identity and upper half)
 * turns paging on, as for the boot hart; secondary_main switches to the kernel's. */
    .globl secondary_start
secondary_start:
    csrw sie, zero
    csrw sstatus, zero
    la t0, boot_pgdir
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    sfence.vma
    csrw satp, t0
    sfence.vma
    la t0, 5f
    li t1, PAGE_OFFSET
    add t0, t0, t1
    jr t0
5:  mv sp, a1
    mv tp, zero
    call secondary_main
6:  wfi
    j 6b

/* A hart that lost the lottery: the one being started goes on as a secondary. */
late_start:
    la t0, hsm_starting
    ld t1, 0(t0)                 /* hsm_starting.hartid */
    bne a0, t1, 7f
    ld a1, 8(t0)                 /* hsm_starting.stack_top */
    j secondary_start
7:  wfi
    j 7b

    .section .data
    .balign 4
boot_lottery:
    .word 0

    .balign 4096
    .globl boot_pgdir
boot_pgdir:
    .zero 4096

    .section .bss
    .balign 16
    .globl boot_stack
boot_stack:
    .zero 16384
    .globl boot_stack_top
boot_stack_top:
