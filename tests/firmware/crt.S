/* S-mode entry of the SBI test payload. The boot hart arrives at _start with
 * a0 = hartid, a1 = DTB; harts started through HSM arrive at secondary_entry with
 * a0 = hartid, a1 = opaque. tp holds the hart id; stvec points at s_trap_entry. */
#define STACK_SIZE 8192
#define FRAME_SIZE 272                  /* 32 registers + sepc */

    .section .text.entry, "ax"
    .globl _start
_start:
    la t0, boot_lottery          /* one hart runs main; see late_entry */
    li t1, 1
    amoadd.w t1, t1, (t0)
    bnez t1, late_entry
    la t0, _bss_start
    la t1, _bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call setup_hart
    call main
3:  j 3b

    .globl secondary_entry
secondary_entry:
    call setup_hart
    call secondary_main
4:  j 4b

/* A hart at _start after the boot hart: if it is the one run_secondary is starting
 * (payload.c's starting), it goes on at secondary_entry with that start's opaque and
 * says so in starting.late; any other parks. OpenSBI 1.1 marks a hart START_PENDING
 * before writing its start address and opaque, so a hart woken in between leaves with
 * the cold-boot ones (_start, the DTB): a second run of main, with .bss cleared under
 * the first ("hart 0 starts in state 0" once in make test). */
late_entry:
    la t0, starting
    ld t1, 0(t0)                 /* starting.hartid */
    bne a0, t1, 6f
    ld a1, 8(t0)                 /* starting.opaque */
    li t1, 1
    sd t1, 16(t0)                /* starting.late */
    j secondary_entry
6:  wfi
    j 6b

/* tp = a0 (hart id); sp = top of this hart's stack; stvec. Keeps a0, a1. */
setup_hart:
    mv tp, a0
    la sp, _stack_base
    li t0, STACK_SIZE
    addi t1, a0, 1
    mul t0, t0, t1
    add sp, sp, t0
    la t0, s_trap_entry
    csrw stvec, t0
    ret

/* Saves every register; s_trap(frame) may change frame->sepc. */
    .align 2
s_trap_entry:
    addi sp, sp, -FRAME_SIZE
    sd x1, 1*8(sp)
    sd x3, 3*8(sp)
    sd x4, 4*8(sp)
    sd x5, 5*8(sp)
    sd x6, 6*8(sp)
    sd x7, 7*8(sp)
    sd x8, 8*8(sp)
    sd x9, 9*8(sp)
    sd x10, 10*8(sp)
    sd x11, 11*8(sp)
    sd x12, 12*8(sp)
    sd x13, 13*8(sp)
    sd x14, 14*8(sp)
    sd x15, 15*8(sp)
    sd x16, 16*8(sp)
    sd x17, 17*8(sp)
    sd x18, 18*8(sp)
    sd x19, 19*8(sp)
    sd x20, 20*8(sp)
    sd x21, 21*8(sp)
    sd x22, 22*8(sp)
    sd x23, 23*8(sp)
    sd x24, 24*8(sp)
    sd x25, 25*8(sp)
    sd x26, 26*8(sp)
    sd x27, 27*8(sp)
    sd x28, 28*8(sp)
    sd x29, 29*8(sp)
    sd x30, 30*8(sp)
    sd x31, 31*8(sp)
    csrr t0, sepc
    sd t0, 32*8(sp)
    mv a0, sp
    call s_trap
    ld t0, 32*8(sp)
    csrw sepc, t0
    ld x1, 1*8(sp)
    ld x3, 3*8(sp)
    ld x4, 4*8(sp)
    ld x5, 5*8(sp)
    ld x6, 6*8(sp)
    ld x7, 7*8(sp)
    ld x8, 8*8(sp)
    ld x9, 9*8(sp)
    ld x10, 10*8(sp)
    ld x11, 11*8(sp)
    ld x12, 12*8(sp)
    ld x13, 13*8(sp)
    ld x14, 14*8(sp)
    ld x15, 15*8(sp)
    ld x16, 16*8(sp)
    ld x17, 17*8(sp)
    ld x18, 18*8(sp)
    ld x19, 19*8(sp)
    ld x20, 20*8(sp)
    ld x21, 21*8(sp)
    ld x22, 22*8(sp)
    ld x23, 23*8(sp)
    ld x24, 24*8(sp)
    ld x25, 25*8(sp)
    ld x26, 26*8(sp)
    ld x27, 27*8(sp)
    ld x28, 28*8(sp)
    ld x29, 29*8(sp)
    ld x30, 30*8(sp)
    ld x31, 31*8(sp)
    addi sp, sp, FRAME_SIZE
    sret

    .section .data
    .balign 4
boot_lottery:
    .word 0
