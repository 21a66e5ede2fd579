/* RV64I conditional branches beq bne blt bge bltu bgeu: taken and not taken, forward
 * and backward, signed versus unsigned comparison, x0 operands, far offsets. */
#include "test.h"

/* The branch must be taken both forwards and backwards. */
#define TEST_BR_TAKEN(n, op, v1, v2) \
    TESTNUM(n); li a1, v1; li a2, v2; \
    op a1, a2, 2f; j fail; \
1:  j 3f; \
2:  op a1, a2, 1b; j fail; \
3:

/* The branch must fall through both forwards and backwards. */
#define TEST_BR_NOT_TAKEN(n, op, v1, v2) \
    TESTNUM(n); li a1, v1; li a2, v2; \
    op a1, a2, 1f; j 2f; \
1:  j fail; \
2:  j 4f; \
3:  j fail; \
4:  op a1, a2, 3b

TEST_BEGIN
    TEST_BR_TAKEN( 1, beq, 0, 0)
    TEST_BR_TAKEN( 2, beq, -1, -1)
    TEST_BR_TAKEN( 3, beq, 0x8000000000000000, 0x8000000000000000)
    TEST_BR_NOT_TAKEN( 4, beq, 0, 1)
    TEST_BR_NOT_TAKEN( 5, beq, 0x0000000100000000, 0)   /* all 64 bits compared */
    TEST_BR_NOT_TAKEN( 6, beq, -1, 0x00000000ffffffff)

    TEST_BR_TAKEN(10, bne, 0, 1)
    TEST_BR_TAKEN(11, bne, 0x0000000100000000, 0)
    TEST_BR_TAKEN(12, bne, 1, -1)
    TEST_BR_NOT_TAKEN(13, bne, 0, 0)
    TEST_BR_NOT_TAKEN(14, bne, -1, -1)

    TEST_BR_TAKEN(20, blt, 0, 1)
    TEST_BR_TAKEN(21, blt, -1, 1)
    TEST_BR_TAKEN(22, blt, -2, -1)
    TEST_BR_TAKEN(23, blt, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR_NOT_TAKEN(24, blt, 1, 0)
    TEST_BR_NOT_TAKEN(25, blt, 1, -1)
    TEST_BR_NOT_TAKEN(26, blt, 5, 5)
    TEST_BR_NOT_TAKEN(27, blt, 0x7fffffffffffffff, 0x8000000000000000)

    TEST_BR_TAKEN(30, bge, 0, 0)
    TEST_BR_TAKEN(31, bge, 1, 0)
    TEST_BR_TAKEN(32, bge, 1, -1)
    TEST_BR_TAKEN(33, bge, -1, -2)
    TEST_BR_TAKEN(34, bge, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_NOT_TAKEN(35, bge, 0, 1)
    TEST_BR_NOT_TAKEN(36, bge, -1, 1)
    TEST_BR_NOT_TAKEN(37, bge, 0x8000000000000000, 0x7fffffffffffffff)

    TEST_BR_TAKEN(40, bltu, 0, 1)
    TEST_BR_TAKEN(41, bltu, 1, -1)
    TEST_BR_TAKEN(42, bltu, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_BR_TAKEN(43, bltu, 0x00000000ffffffff, 0x0000000100000000)
    TEST_BR_NOT_TAKEN(44, bltu, -1, 1)
    TEST_BR_NOT_TAKEN(45, bltu, 7, 7)
    TEST_BR_NOT_TAKEN(46, bltu, 0x8000000000000000, 0x7fffffffffffffff)

    TEST_BR_TAKEN(50, bgeu, 0, 0)
    TEST_BR_TAKEN(51, bgeu, -1, 1)
    TEST_BR_TAKEN(52, bgeu, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR_TAKEN(53, bgeu, -1, -1)
    TEST_BR_NOT_TAKEN(54, bgeu, 1, -1)
    TEST_BR_NOT_TAKEN(55, bgeu, 0, 1)
    TEST_BR_NOT_TAKEN(56, bgeu, 0x7fffffffffffffff, 0x8000000000000000)

    /* x0 as an operand */
    TESTNUM(60); li a1, 5; bltu x0, a1, 1f; j fail; 1:
    TESTNUM(61); li a1, -5; blt a1, x0, 1f; j fail; 1:
    TESTNUM(62); bne x0, x0, fail_near; beq x0, x0, 1f; j fail; 1:
    TESTNUM(63); bltu x0, x0, fail_near; bgeu x0, x0, 1f; j fail; 1:

    /* Near the ends of the +-4 KiB range, in both directions. */
    TESTNUM(70); .option push; .option norvc
    li a0, 0; beq x0, x0, far_fwd
far_back:
    addi a0, a0, 1
    j 2f
    .skip 4060
far_fwd:
    addi a0, a0, 2
    bne a0, x0, far_back
    j fail
2:  .option pop
    EXPECT(a0, 3)

    /* A not-taken branch does not disturb its operands; a taken one neither. */
    TEST_CASE(80, a1, 123, li a1, 123; li a2, 124; beq a1, a2, fail_near; blt a1, a2, 1f; j fail; 1:)
    TEST_CASE(81, a2, 124, nop)
    j 9f
fail_near:
    j fail
9:
TEST_END
