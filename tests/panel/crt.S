/* The panel workload's machine-mode glue (workload.c is the rest):
 *   _start        stack, bss, trap vector, PMP open to S/U, then main(a1 = DTB)
 *   run_user      enters user_touch in U-mode with a0..a3 and returns when it ecalls
 *   trap_entry    page faults: handle_fault(cause, tval, epc) returns the pc to
 *                 resume at (the faulting instruction, or user_exit to kill); an ecall
 *                 from U returns from run_user; anything else fails the run
 *   user_touch    U-mode: a0 = VA, a1 = pages, a2 = 1 to write, a3 = seed; eight
 *                 words per page, read (and written); returns their sum in a0 */
    .equ FINISHER, 0x100000

    .section .text.init, "ax"
    .globl _start
_start:
    la sp, __stack_top
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  la t0, trap_entry
    csrw mtvec, t0
    la t0, __trap_stack_top
    csrw mscratch, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f                     /* NAPOT | X | W | R: S and U reach everything */
    csrw pmpcfg0, t0
    csrw medeleg, zero
    csrw mideleg, zero
    csrw mie, zero
    mv a0, a1
    call main
    li t0, FINISHER
    slli a0, a0, 16
    li t1, 0x3333
    or a0, a0, t1
    bnez a0, 3f
    li a0, 0x5555
3:  li t0, FINISHER
    sw a0, 0(t0)
4:  j 4b

/* uint64_t run_user(uint64_t va, uint64_t pages, uint64_t write, uint64_t seed) */
    .text
    .globl run_user
run_user:
    la t0, kctx
    sd ra, 0(t0)
    sd sp, 8(t0)
    sd s0, 16(t0)
    sd s1, 24(t0)
    sd s2, 32(t0)
    sd s3, 40(t0)
    sd s4, 48(t0)
    sd s5, 56(t0)
    sd s6, 64(t0)
    sd s7, 72(t0)
    sd s8, 80(t0)
    sd s9, 88(t0)
    sd s10, 96(t0)
    sd s11, 104(t0)
    la t0, user_touch
    csrw mepc, t0
    li t0, 0x1800                   /* MPP = U */
    csrc mstatus, t0
    li sp, 0
    mret

    .balign 4
trap_entry:
    csrrw sp, mscratch, sp          /* sp: the trap stack; mscratch: the user's sp */
    addi sp, sp, -256
    sd ra, 8(sp)
    sd gp, 24(sp)
    sd tp, 32(sp)
    sd t0, 40(sp)
    sd t1, 48(sp)
    sd t2, 56(sp)
    sd s0, 64(sp)
    sd s1, 72(sp)
    sd a0, 80(sp)
    sd a1, 88(sp)
    sd a2, 96(sp)
    sd a3, 104(sp)
    sd a4, 112(sp)
    sd a5, 120(sp)
    sd a6, 128(sp)
    sd a7, 136(sp)
    sd s2, 144(sp)
    sd s3, 152(sp)
    sd s4, 160(sp)
    sd s5, 168(sp)
    sd s6, 176(sp)
    sd s7, 184(sp)
    sd s8, 192(sp)
    sd s9, 200(sp)
    sd s10, 208(sp)
    sd s11, 216(sp)
    sd t3, 224(sp)
    sd t4, 232(sp)
    sd t5, 240(sp)
    sd t6, 248(sp)
    csrr a0, mcause
    li t0, 8                        /* ecall from U: the user's work is done */
    beq a0, t0, from_user
    csrr a1, mtval
    csrr a2, mepc
    call handle_fault
    csrw mepc, a0
    ld ra, 8(sp)
    ld gp, 24(sp)
    ld tp, 32(sp)
    ld t0, 40(sp)
    ld t1, 48(sp)
    ld t2, 56(sp)
    ld s0, 64(sp)
    ld s1, 72(sp)
    ld a0, 80(sp)
    ld a1, 88(sp)
    ld a2, 96(sp)
    ld a3, 104(sp)
    ld a4, 112(sp)
    ld a5, 120(sp)
    ld a6, 128(sp)
    ld a7, 136(sp)
    ld s2, 144(sp)
    ld s3, 152(sp)
    ld s4, 160(sp)
    ld s5, 168(sp)
    ld s6, 176(sp)
    ld s7, 184(sp)
    ld s8, 192(sp)
    ld s9, 200(sp)
    ld s10, 208(sp)
    ld s11, 216(sp)
    ld t3, 224(sp)
    ld t4, 232(sp)
    ld t5, 240(sp)
    ld t6, 248(sp)
    addi sp, sp, 256
    csrrw sp, mscratch, sp
    mret

from_user:
    ld a0, 80(sp)                   /* the user's result */
    addi sp, sp, 256
    csrrw sp, mscratch, sp          /* mscratch holds the trap stack again */
    la t0, kctx
    ld ra, 0(t0)
    ld sp, 8(t0)
    ld s0, 16(t0)
    ld s1, 24(t0)
    ld s2, 32(t0)
    ld s3, 40(t0)
    ld s4, 48(t0)
    ld s5, 56(t0)
    ld s6, 64(t0)
    ld s7, 72(t0)
    ld s8, 80(t0)
    ld s9, 88(t0)
    ld s10, 96(t0)
    ld s11, 104(t0)
    ret

    .bss
    .balign 8
kctx: .skip 112

/* U-mode, on a page of its own that every address space maps (global). */
    .section .user_text, "ax"
    .globl user_touch, user_exit
user_touch:
    beqz a1, 3f
1:  li t2, 8                        /* eight words per page, 512 bytes apart */
    mv t3, a0
2:  ld t0, 0(t3)
    add a3, a3, t0
    beqz a2, 4f
    sd a3, 0(t3)
4:  addi t3, t3, 512
    addi t2, t2, -1
    bnez t2, 2b
    li t1, 4096
    add a0, a0, t1
    addi a1, a1, -1
    bnez a1, 1b
3:  mv a0, a3
user_exit:
    ecall
5:  j 5b
