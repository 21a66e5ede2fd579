/* RV64C control transfer: c.j, c.jr, c.jalr (link = pc + 2), c.beqz / c.bnez taken
 * and not taken in both directions, c.ebreak (breakpoint, mepc at it), and mixing
 * 16- and 32-bit instructions: 32-bit ones at 2 mod 4, and one straddling a page. */
#include "test.h"

TEST_BEGIN
    .option push
    .option rvc

    /* c.j forward and backward */
    TESTNUM(1)
    li a0, 0
    c.j 2f
1:  c.addi a0, 1
    c.j 3f
2:  c.addi a0, 2
    c.j 1b
3:  EXPECT(a0, 3)

    /* c.jr: jump to rs1, no link */
    TESTNUM(2)
    la a1, 1f
    li ra, 0
    c.jr a1
    j fail
1:  EXPECT(ra, 0)

    /* c.jalr: link is pc + 2, into ra */
    TESTNUM(3)
    la a1, 2f
1:  c.jalr a1
    j fail
2:  la a0, 1b
    addi a0, a0, 2
    EXPECT_REG(ra, a0)

    /* c.jalr ra: the target uses ra's old value */
    TESTNUM(4)
    la ra, 2f
1:  c.jalr ra
    j fail
2:  la a0, 1b
    addi a0, a0, 2
    EXPECT_REG(ra, a0)

    /* c.beqz / c.bnez (rs1' only), taken forward and backward */
    TESTNUM(10)
    li s0, 0
    c.beqz s0, 2f
    j fail
1:  c.j 3f
2:  c.beqz s0, 1b
    j fail
3:
    TESTNUM(11)
    li a5, 0x100000000                 /* all 64 bits are tested */
    c.bnez a5, 2f
    j fail
1:  c.j 3f
2:  c.bnez a5, 1b
    j fail
3:
    /* not taken */
    TESTNUM(12)
    li s1, 0x8000000000000000
    c.beqz s1, 1f
    c.j 2f
1:  j fail
2:  li a4, 0
    c.bnez a4, 1b
    /* near the ends of the +-256 byte range */
    TESTNUM(13)
    li a0, 0
    li a3, 0
    c.beqz a3, 2f
1:  c.addi a0, 1
    c.j 3f
    .skip 240
2:  c.addi a0, 2
    c.beqz a3, 1b
    j fail
3:  EXPECT(a0, 3)

    /* c.ebreak: breakpoint exception at the c.ebreak itself */
    TEST_TRAP(20, CAUSE_BREAKPOINT, 1: c.ebreak)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)

    /* 32-bit instructions at pc = 2 mod 4 */
    TESTNUM(30)
    .align 2
    c.nop
    li a0, 0x12345678
    addi a0, a0, 1
    lui a1, 0x12345
    addi a1, a1, 0x679
    EXPECT_REG(a0, a1)
    TESTNUM(31)
    .align 2
    c.nop
1:  jal ra, 2f
    j fail
2:  la a0, 1b
    addi a0, a0, 4
    EXPECT_REG(ra, a0)

    /* a 32-bit instruction straddling a 4 KiB page boundary */
    TESTNUM(40)
    li a0, 0
    j straddle
    .balign 4096
    .skip 4096 - 8
straddle:
    c.nop
    c.nop
    c.nop
    .option push
    .option norvc
    addi a0, a0, 0x5a5                 /* bytes at page end - 2 .. page + 2 */
    .option pop
    EXPECT(a0, 0x5a5)

    .option pop
TEST_END
