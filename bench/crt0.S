/* Start-up for bench programs: M-mode, hart 0 only. Sets gp, sp and a trap handler,
 * clears bss, calls main, then powers off through the test finisher: 0x5555 (exit 0)
 * after main, 0x3333 with exit code 1 after any trap. */

    .equ FINISHER, 0x100000
    .equ FINISHER_PASS, 0x5555
    .equ FINISHER_FAIL, 0x13333     /* exit status 1 */

    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    li t0, 1 << 13              /* mstatus.FS = Initial: the FP workloads use f registers */
    csrs mstatus, t0
    la t0, trap_entry
    csrw mtvec, t0
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call main
    li t0, FINISHER
    li t1, FINISHER_PASS
    sw t1, 0(t0)
3:  wfi
    j 3b

/* A bench program never traps; if it does, say where and fail. */
    .text
    .balign 4
trap_entry:
    la sp, __stack_top
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call bench_trap
    li t0, FINISHER
    li t1, FINISHER_FAIL
    sw t1, 0(t0)
4:  wfi
    j 4b
