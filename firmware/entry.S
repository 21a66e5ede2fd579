/* Pagoda SBI firmware entry (fw_jump's contract): every hart arrives here in M-mode
 * with a0 = hartid, a1 = DTB, a2 = fw_dynamic_info. The first hart to win the lottery
 * boots; the others wait for it, then park until an HSM start request. Also the trap
 * vector, which saves a struct trap_frame on the hart's own M-mode stack. */

#define FW_MAX_HARTS  8
#define FW_STACK_SIZE 8192
#define FRAME_SIZE    272               /* 32 registers + mepc, 16-byte aligned */
#define FRAME_MEPC    256

    .section .text.entry, "ax"
    .globl _start
_start:
    csrw mie, zero
    la t0, park_forever
    csrw mtvec, t0
    li t0, FW_MAX_HARTS
    bgeu a0, t0, park_forever           /* no stack for this hart id */

    la t0, boot_lottery
    li t1, 1
    amoswap.w.aq t1, t1, (t0)
    bnez t1, secondary

    /* The boot hart clears .bss; the others must not touch memory until it is done. */
    la t0, _bss_start
    la t1, _bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call set_stack
    call boot_main                      /* (hartid, dtb, dynamic info); no return */
    j park_forever

secondary:
    la t0, boot_done
3:  lw t1, 0(t0)
    beqz t1, 3b
    fence r, rw
    call set_stack
    call secondary_main                 /* (hartid); no return */
    j park_forever

/* sp = mscratch = top of hart a0's stack. Keeps a0..a2. */
set_stack:
    la sp, _stack_base
    li t0, FW_STACK_SIZE
    addi t1, a0, 1
    mul t0, t0, t1
    add sp, sp, t0
    csrw mscratch, sp
    ret

    .align 2
park_forever:
    csrw mie, zero
    wfi
    j park_forever

/* Trap vector (direct mode). mscratch holds the top of this hart's M stack while the
 * hart runs below M; a trap from M itself (a firmware bug) also lands on the stack
 * top, which is fine because such a trap is fatal. */
    .align 2
    .globl trap_entry
trap_entry:
    csrrw sp, mscratch, sp
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
    csrr t0, mscratch                   /* the interrupted sp */
    sd t0, 2*8(sp)
    csrr t0, mepc
    sd t0, FRAME_MEPC(sp)
    addi t0, sp, FRAME_SIZE
    csrw mscratch, t0
    mv a0, sp
    call trap_handler
    ld t0, FRAME_MEPC(sp)
    csrw mepc, t0
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
    ld sp, 2*8(sp)
    mret

/* enter_smode_asm(addr, a0, a1): mstatus is already set for S-mode; start there with
 * a fresh M stack and no firmware values left in registers. */
    .globl enter_smode_asm
enter_smode_asm:
    csrw mepc, a0
    mv a0, a1
    mv a1, a2
    li ra, 0
    li gp, 0
    li tp, 0
    li t0, 0
    li t1, 0
    li t2, 0
    li s0, 0
    li s1, 0
    li a2, 0
    li a3, 0
    li a4, 0
    li a5, 0
    li a6, 0
    li a7, 0
    li s2, 0
    li s3, 0
    li s4, 0
    li s5, 0
    li s6, 0
    li s7, 0
    li s8, 0
    li s9, 0
    li s10, 0
    li s11, 0
    li t3, 0
    li t4, 0
    li t5, 0
    li t6, 0
    li sp, 0
    mret

/* probe_stce(): sets menvcfg.STCE and returns 1 if the hart has Sstc: the bit sticks
 * and stimecmp exists. Otherwise clears the bit again and returns 0. A missing CSR
 * traps to 1:, with a0 still 0. (QEMU 7.2 keeps STCE even with sstc=false.) */
    .globl probe_stce
probe_stce:
    csrr t2, mtvec
    la t0, 1f
    csrw mtvec, t0
    li a0, 0
    li t1, 1
    slli t1, t1, 63
    csrs 0x30a, t1
    csrr t0, 0x30a
    bgez t0, 1f
    csrr t0, 0x14d
    li a0, 1
    j 3f
    .align 2
1:  la t0, 2f                           /* no Sstc: clear STCE again, if it exists */
    csrw mtvec, t0
    csrc 0x30a, t1
    .align 2
2:  li a0, 0
3:  csrw mtvec, t2
    ret

    .section .data
    .align 2
boot_lottery:   .word 0
    .globl boot_done
boot_done:      .word 0
