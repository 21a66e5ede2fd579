/* Zifencei: code written by stores becomes executable after fence.i. Patches a
 * called function over and over, code a few instructions ahead of the store (in
 * the same straight-line run), code on another page, with 16-bit stores and
 * compressed instructions, with an AMO, and with a misaligned doubleword store.
 * Only the with-fence.i behaviour is architectural, so only that is tested. */
#include "test.h"

#define ADDI_A0(imm)   (0x00000513 | ((imm) << 20))   /* addi a0, x0, imm */
#define C_LI_A0(imm)   (0x4501 | ((imm) << 2))        /* c.li a0, imm (0..31) */
#define C_NOP          0x0001

TEST_BEGIN
    .option push
    .option norvc

    /* 1: patch a called function 20 times, each time with a new immediate */
    TESTNUM(1)
    la s0, patched_fn
    li s1, 0
1:  li t0, ADDI_A0(0)
    slli t1, s1, 20
    or t0, t0, t1
    sw t0, 0(s0)
    fence.i
    jalr ra, 0(s0)
    bne a0, s1, fail
    addi s1, s1, 1
    li t0, 20
    bltu s1, t0, 1b

    /* 2: the store rewrites an instruction just ahead in the same run of code */
    TESTNUM(2)
    la t0, 1f
    li t1, ADDI_A0(7)
    sw t1, 0(t0)
    fence.i
1:  addi a0, x0, 3
    EXPECT(a0, 7)

    /* 3: run it once, then patch it and run it again (it has been decoded) */
    TESTNUM(3)
    li s1, 0
2:  la t0, 1f
    li t1, ADDI_A0(9)
    beqz s1, 3f
    sw t1, 0(t0)
    fence.i
3:
1:  addi a0, x0, 4
    addi s1, s1, 1
    li t0, 2
    bltu s1, t0, 2b
    EXPECT(a0, 9)

    /* 4: a function on its own page, patched with compressed instructions
     * written by 16-bit stores: c.li a0, 21 ; c.nop */
    TESTNUM(4)
    la s0, far_fn
    jalr ra, 0(s0)
    EXPECT(a0, 1)
    TESTNUM(5)
    li t0, C_LI_A0(21)
    sh t0, 0(s0)
    li t0, C_NOP
    sh t0, 2(s0)
    fence.i
    jalr ra, 0(s0)
    EXPECT(a0, 21)

    /* 6: an AMO rewrites an instruction */
    TESTNUM(6)
    la s0, patched_fn
    li t0, ADDI_A0(33)
    amoswap.w x0, t0, (s0)
    fence.i
    jalr ra, 0(s0)
    EXPECT(a0, 33)

    /* 7: one misaligned doubleword store covers parts of two instructions:
     * halfword-aligned patch of "c.li a0, 11 ; addi a0, a0, 100 ; c.nop" */
    TESTNUM(7)
    la s0, far_fn
    li t0, (C_NOP << 48) | ((0x06450513) << 16) | C_LI_A0(11)   /* addi a0,a0,100 */
    sd t0, 0(s0)
    li t0, 0x00008067                 /* ret */
    sw t0, 8(s0)
    fence.i
    jalr ra, 0(s0)
    EXPECT(a0, 111)
    TESTNUM(8)                        /* the same bytes moved by 2: misaligned sd */
    li t0, 0x0001                     /* c.nop */
    sh t0, 0(s0)
    li t0, (((0x06450513) << 16) | C_LI_A0(12)) | (C_NOP << 48)
    sd t0, 2(s0)
    li t0, 0x8067                     /* ret, written as two halves */
    sh t0, 10(s0)
    sh zero, 12(s0)
    fence.i
    jalr ra, 0(s0)
    EXPECT(a0, 112)

    .option pop
TEST_END

    .text
    .align 2
patched_fn:
    .option push
    .option norvc
    addi a0, x0, -1
    ret
    .option pop

    .section .text.far, "ax", @progbits
    .balign 4096
far_fn:
    .option push
    .option norvc
    addi a0, x0, 1
    ret
    nop
    nop
    .option pop
