/* RV64I jumps jal and jalr: link value pc+4, x0 as link register, jalr target
 * (rs1 + imm) with bit 0 cleared, rd == rs1, negative offsets, 2-byte-aligned
 * targets (legal with C), and far jal. Written without compression so that the
 * link values are those of 4-byte instructions. */
#include "test.h"

TEST_BEGIN
    .option push
    .option norvc

    /* jal: link is pc + 4, target is pc + offset */
    TESTNUM(1)
    li ra, 0
1:  jal ra, 2f
    j fail
2:  la a0, 1b
    addi a0, a0, 4
    EXPECT_REG(ra, a0)

    TESTNUM(2)                       /* jal x0 does not link */
    j 1f
    j fail
1:  EXPECT(x0, 0)

    TESTNUM(3)                       /* backward jal */
    li a0, 0
    j 2f
1:  addi a0, a0, 1
    j 3f
2:  jal t1, 1b
3:  EXPECT(a0, 1)

    /* jalr: link is pc + 4, target is rs1 + imm */
    TESTNUM(10)
    la a1, 2f
1:  jalr t0, 0(a1)
    j fail
2:  la a0, 1b
    addi a0, a0, 4
    EXPECT_REG(t0, a0)

    TESTNUM(11)                      /* positive offset */
    la a1, 1f
    jalr x0, 8(a1)
1:  j fail
    j fail
    EXPECT(x0, 0)

    TESTNUM(12)                      /* negative offset */
    la a1, 1f
    addi a1, a1, 100
    jalr x0, -100(a1)
    j fail
1:

    TESTNUM(13)                      /* bit 0 of the target is cleared */
    la a1, 1f
    addi a1, a1, 1
    jalr x0, 0(a1)
    j fail
    .align 2
1:

    TESTNUM(14)                      /* odd immediate, bit 0 of the sum cleared */
    la a1, 1f
    addi a1, a1, -2
    jalr x0, 3(a1)
    j fail
    .align 2
1:

    TESTNUM(15)                      /* rd == rs1: the target uses the old value */
    la a1, 2f
1:  jalr a1, 0(a1)
    j fail
2:  la a0, 1b
    addi a0, a0, 4
    EXPECT_REG(a1, a0)

    TESTNUM(16)                      /* a 2-byte-aligned target is fine with C */
    la a1, 1f
    jalr x0, 0(a1)
    j fail
    .align 2
    .option push
    .option rvc
    c.nop
1:  c.nop
    .option pop
    .align 2

    TESTNUM(17)                      /* call/ret through ra */
    li a0, 0
    call 3f
    EXPECT(a0, 42)
    j 4f
3:  li a0, 42
    ret
4:

    TESTNUM(18)                      /* far jal, forwards and back (~600 KiB) */
    li a0, 0
    jal ra, far_target
    EXPECT(a0, 7)

    .option pop
TEST_END

    .section .text.far, "ax", @progbits
    .skip 600 * 1024
far_target:
    li a0, 7
    ret
