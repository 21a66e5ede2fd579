/* Undefined 32-bit encodings raise illegal instruction (cause 2) with mtval = the
 * instruction bits, and have no other effect. The encodings are reserved in RV64
 * and in every ratified extension: unused funct3 values of LOAD, STORE, BRANCH
 * and JALR, a reserved major opcode, reserved funct7 values of OP and OP-32, and
 * the all-ones word. */
#include "test.h"

#define TEST_ILLEGAL32(n, bits) \
    li a0, 0x5555; \
    TEST_TRAP(n, CAUSE_ILLEGAL_INSN, .word bits); \
    EXPECT_MTRAP(TR_TVAL, bits); EXPECT(a0, 0x5555)

TEST_BEGIN
    TEST_ILLEGAL32( 1, 0x0000f503)   /* LOAD funct3 = 7 (ldu is RV128 only) */
    TEST_ILLEGAL32( 2, 0x00a0f023)   /* STORE funct3 = 7 */
    TEST_ILLEGAL32( 3, 0x00a0c023)   /* STORE funct3 = 4 (sq is RV128 only) */
    TEST_ILLEGAL32( 4, 0x00b52063)   /* BRANCH funct3 = 2 */
    TEST_ILLEGAL32( 5, 0x00b53063)   /* BRANCH funct3 = 3 */
    TEST_ILLEGAL32( 6, 0x00051567)   /* JALR funct3 = 1 */
    TEST_ILLEGAL32( 7, 0x0000006b)   /* major opcode 11010: reserved */
    TEST_ILLEGAL32( 8, 0xfeb50533)   /* OP funct7 = 0x7f */
    TEST_ILLEGAL32( 9, 0x7eb5053b)   /* OP-32 funct7 = 0x3f */
    TEST_ILLEGAL32(10, 0x00b5453b)   /* OP-32 funct7 = 0, funct3 = 4 */
    TEST_ILLEGAL32(11, 0x0205959b)   /* slliw with shamt[5] = 1: reserved */
    TEST_ILLEGAL32(12, 0x0005251b)   /* OP-IMM-32 funct3 = 2 */

    /* all ones is guaranteed illegal (only the cause is checked: the length of
     * such an encoding is not a 32-bit one) */
    TEST_TRAP(20, CAUSE_ILLEGAL_INSN, .word 0xffffffff)

    /* illegal in S and U too, and the trap goes to M */
    TEST_IN(30, PRV_S, CAUSE_ILLEGAL_INSN, .word 0x0000006b)
    EXPECT_MTRAP(TR_TVAL, 0x0000006b)
    TEST_IN(31, PRV_U, CAUSE_ILLEGAL_INSN, .word 0x00b52063)
    EXPECT_MTRAP(TR_TVAL, 0x00b52063)
TEST_END
