/* AMOs of each width and LR/SC: the load half is logged as " mem ADDR", the store half
 * as " mem ADDR VALUE" at the access width; a failed SC stores nothing. */
    .section .text.init
    .globl _start
_start:
    .option norvc
    auipc s0, 0x1               /* s0 = data = 0x80001000 */
    ld    t1, 0(s0)             /* 0x8899aabbccddeeff */
    ld    t2, 8(s0)             /* 0xfedcba9876543210 */
    addi  a0, s0, 16
    sd    t2, 0(a0)
    amoswap.w t3, t1, (a0)      /* old 0x76543210, new 0xccddeeff */
    amoadd.w  t4, t1, (a0)      /* old 0xccddeeff (sign-extended), new 0x99bbddfe */
    amoadd.d  t5, t1, (a0)
    amoor.w   zero, t2, (a0)    /* no register write: x0 is not logged */
    lr.d  t6, (a0)
    sc.d  a1, t1, (a0)          /* succeeds: a1 = 0 */
    sc.w  a2, t1, (a0)          /* no reservation: fails, a2 = 1, nothing stored */
    lr.w  a3, (a0)
    sc.w  a4, t2, (a0)          /* succeeds, stores the low word of t2 */
    lui   t2, 0x100
    lui   t3, 0x5
    addi  t3, t3, 0x555
    sw    t3, 0(t2)

    .balign 4096
data:
    .dword 0x8899aabbccddeeff
    .dword 0xfedcba9876543210
    .space 64
