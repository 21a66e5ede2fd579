/* trapvec.S — the one entry path for every trap (user or kernel, exception or
 * interrupt), and the return path. As in Linux, sscratch holds the current task while
 * in user mode and 0 while in the kernel, which tells the two cases apart; tp always
 * holds the current task inside the kernel. All 31 registers and sepc, sstatus, stval
 * and scause are saved in a struct trapframe on the kernel stack. */
#include "asm.h"

#define SAVE(n)    sd x##n, ((n) - 1) * 8(sp)
#define RESTORE(n) ld x##n, ((n) - 1) * 8(sp)

    .section .text
    .globl trap_vector
    .balign 4
trap_vector:
    csrrw tp, sscratch, tp
    bnez tp, 1f
    csrr tp, sscratch               /* from the kernel: keep using this stack */
    sd sp, TASK_KERNEL_SP(tp)
1:  sd sp, TASK_USER_SP(tp)
    ld sp, TASK_KERNEL_SP(tp)
    addi sp, sp, -TF_SIZE
    SAVE(1)
    SAVE(3)
    SAVE(5)
    SAVE(6)
    SAVE(7)
    SAVE(8)
    SAVE(9)
    SAVE(10)
    SAVE(11)
    SAVE(12)
    SAVE(13)
    SAVE(14)
    SAVE(15)
    SAVE(16)
    SAVE(17)
    SAVE(18)
    SAVE(19)
    SAVE(20)
    SAVE(21)
    SAVE(22)
    SAVE(23)
    SAVE(24)
    SAVE(25)
    SAVE(26)
    SAVE(27)
    SAVE(28)
    SAVE(29)
    SAVE(30)
    SAVE(31)
    ld t0, TASK_USER_SP(tp)
    sd t0, 1 * 8(sp)                /* x2 */
    csrrw t0, sscratch, zero        /* the interrupted tp; sscratch = 0: in the kernel */
    sd t0, 3 * 8(sp)                /* x4 */
    csrr t0, sepc
    sd t0, TF_EPC(sp)
    csrr t0, sstatus
    sd t0, TF_STATUS(sp)
    csrr t0, stval
    sd t0, TF_BADADDR(sp)
    csrr t0, scause
    sd t0, TF_CAUSE(sp)
    mv a0, sp
    call trap_handler

/* Returns through the trap frame at sp. New tasks start here too (their context's ra). */
    .globl trap_return
trap_return:
    ld t0, TF_STATUS(sp)
    andi t1, t0, 0x100              /* SPP: going back to the kernel? */
    bnez t1, 2f
    addi t1, sp, TF_SIZE            /* the next user trap starts on an empty stack */
    sd t1, TASK_KERNEL_SP(tp)
    csrw sscratch, tp
2:  csrw sstatus, t0
    ld t0, TF_EPC(sp)
    csrw sepc, t0
    RESTORE(1)
    RESTORE(3)
    RESTORE(4)
    RESTORE(5)
    RESTORE(6)
    RESTORE(7)
    RESTORE(8)
    RESTORE(9)
    RESTORE(10)
    RESTORE(11)
    RESTORE(12)
    RESTORE(13)
    RESTORE(14)
    RESTORE(15)
    RESTORE(16)
    RESTORE(17)
    RESTORE(18)
    RESTORE(19)
    RESTORE(20)
    RESTORE(21)
    RESTORE(22)
    RESTORE(23)
    RESTORE(24)
    RESTORE(25)
    RESTORE(26)
    RESTORE(27)
    RESTORE(28)
    RESTORE(29)
    RESTORE(30)
    RESTORE(31)
    RESTORE(2)
    sret
