/* A store of each width, 32-bit and compressed: Spike logs the value at the store's
 * width, the register write (from a load) at 64 bits. */
    .section .text.init
    .globl _start
_start:
    .option push
    .option norvc
    auipc s0, 0x1               /* s0 = data = 0x80001000 */
    ld    t1, 0(s0)             /* 0x8899aabbccddeeff */
    ld    a5, 8(s0)             /* 0xfedcba9876543210 */
    sb    t1, 16(s0)
    sh    t1, 24(s0)
    sw    t1, 32(s0)
    sd    t1, 40(s0)
    .option pop
    c.sw  a5, 48(s0)
    c.sd  a5, 56(s0)
    c.mv  sp, s0
    c.swsp a5, 64(sp)
    c.sdsp a5, 72(sp)
    .option norvc
    lbu   t2, 16(s0)            /* loads keep the full register value */
    lw    t2, 32(s0)
    lui   t2, 0x100             /* test finisher: power off */
    lui   t3, 0x5
    addi  t3, t3, 0x555
    sw    t3, 0(t2)

    .balign 4096
data:
    .dword 0x8899aabbccddeeff
    .dword 0xfedcba9876543210
    .space 128
