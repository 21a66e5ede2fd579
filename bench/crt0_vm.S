/* Start-up for the paging variants of the bench programs (bench/paging.mk). In M-mode:
 * gp, sp, trap handler, clear bss, then bench_vm_setup (vm.c) builds the Sv39 tables
 * (identity map of the image and the UART, 4 KiB pages or 2 MiB megapages) and returns
 * satp. PMP entry 0 gives S and U all of memory (without a matching entry their
 * accesses fail), the counters are readable below M, nothing is delegated, and mret
 * enters U-mode (S-mode with -DBENCH_VM_SMODE), which runs main with translation on.
 * main's ecall comes back to M, which powers off through the test finisher: 0x5555
 * (exit 0) after the ecall, exit status 1 after any other trap. */

    .equ FINISHER, 0x100000
    .equ FINISHER_PASS, 0x5555
    .equ FINISHER_FAIL, 0x13333     /* exit status 1 */
    .equ MSTATUS_MPP, 0x1800
#ifdef BENCH_VM_SMODE
    .equ MPP_GUEST, 0x0800          /* S */
    .equ CAUSE_ECALL, 9
#else
    .equ MPP_GUEST, 0x0000          /* U */
    .equ CAUSE_ECALL, 8
#endif

    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la t0, trap_entry
    csrw mtvec, t0
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call bench_vm_setup
    li t0, -1
    csrw pmpaddr0, t0               /* NAPOT over the whole address space */
    li t0, 0x1f                     /* NAPOT | X | W | R */
    csrw pmpcfg0, t0
    csrw satp, a0
    sfence.vma
    li t0, -1
    csrw mcounteren, t0
    csrw scounteren, t0
    csrw medeleg, zero
    csrw mideleg, zero
    csrw mie, zero
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MPP_GUEST
    csrs mstatus, t0
    la t0, guest_start
    csrw mepc, t0
    la sp, __stack_top
    mret

guest_start:
    call main
    ecall
3:  j 3b

/* M-mode: the guest's ecall is the end of the run; anything else is a failure. */
    .text
    .balign 4
trap_entry:
    csrr t0, mcause
    li t1, CAUSE_ECALL
    bne t0, t1, 5f
    li t0, FINISHER
    li t1, FINISHER_PASS
    sw t1, 0(t0)
4:  wfi
    j 4b
5:  la sp, __stack_top
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call bench_trap
    li t0, FINISHER
    li t1, FINISHER_FAIL
    sw t1, 0(t0)
6:  wfi
    j 6b
