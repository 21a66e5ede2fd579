/* F/D commit lines as Spike logs them: the f register written (all 64 bits, singles
 * NaN-boxed), fflags when an instruction raises a flag, the first FP write after FS
 * leaves Dirty as an mstatus write, fcsr writes as fflags and frm, compares with the x
 * rd before fflags, stores with their memory entry only. */
    .section .text.init
    .globl _start
_start:
    .option norvc
    li    t0, 1 << 13           /* FS = Initial */
    csrs  mstatus, t0
    li    t0, 0x3ff0000000000000
    fmv.d.x fa0, t0             /* f10, and mstatus (FS Initial -> Dirty) */
    fadd.d fa1, fa0, fa0        /* exact: f11 only */
    li    t0, 0x4008000000000000
    fmv.d.x fa2, t0
    fdiv.d fa3, fa0, fa2        /* 1/3: f13 and c1_fflags NX */
    fdiv.d fa3, fa0, fa2        /* NX again: fflags written again */
    fcvt.s.d fa4, fa3           /* a boxed single */
    flt.d a0, fa0, fa2          /* x10, no flags */
    feq.d a1, fa0, fa0
    csrrw a2, fcsr, zero        /* x12, fflags and frm */
    lla   t1, buf
    fsd   fa3, 0(t1)            /* mem only */
    fld   ft0, 0(t1)            /* f0 and the load */
    li    t0, 0x5555
    lui   t1, 0x100
    sw    t0, 0(t1)             /* power off */
1:  j 1b
    .data
    .align 3
buf: .dword 0
