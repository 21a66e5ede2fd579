/* CSR writes as Spike logs them: views (sstatus, sie, sip) under the machine register
 * they change, mret/sret under mstatus, the integer rd before the CSR; fence.i and wfi
 * with no writes; a trapping instruction (the U-mode ecall) with no line at all. */
    .section .text.init
    .globl _start
_start:
    .option norvc
    li    t0, -1
    csrw  pmpaddr0, t0          /* S and U may access everything */
    li    t0, 0x1f
    csrw  pmpcfg0, t0
    lla   t0, mtrap
    csrw  mtvec, t0
    li    t0, 0x222
    csrw  mideleg, t0
    csrrw a0, mscratch, t0      /* x10 first, then the CSR */
    lui   t0, 0x2004            /* mtimecmp = 0: MTIP pending, so wfi returns */
    sd    zero, 0(t0)
    li    t0, 0x80
    csrw  mie, t0
    wfi
    csrw  mie, zero
    fence.i
    li    t0, 0x800             /* MPP = S */
    csrs  mstatus, t0
    lla   t0, smode
    csrw  mepc, t0
    mret

smode:
    li    t0, 2
    csrs  sstatus, t0           /* logged as mstatus, its whole value */
    csrc  sstatus, t0
    li    t0, 0x222
    csrs  sie, t0               /* logged as mie */
    li    t0, 0x20
    csrc  sie, t0
    li    t0, 2
    csrrs a1, sip, t0           /* logged as mip: x11 then c836_mip */
    csrc  sip, t0
    lla   t0, umode
    csrw  sepc, t0
    sret

umode:
    ecall                       /* traps to M: no line */

mtrap:
    csrr  t1, mcause
    lui   t2, 0x100
    lui   t3, 0x5
    addi  t3, t3, 0x555
    sw    t3, 0(t2)
