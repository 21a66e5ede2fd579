/* RV64I integer register-register and register-immediate arithmetic and logic:
 * add sub and or xor slt sltu addi andi ori xori slti sltiu lui auipc, with
 * overflow wrap-around, sign-extended immediates, aliasing and x0 as dest/source. */
#include "test.h"

TEST_BEGIN
    /* add: wraps modulo 2^64 */
    TEST_RR( 1, add, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)
    TEST_RR( 2, add, 0x0000000000000002, 0x0000000000000001, 0x0000000000000001)
    TEST_RR( 3, add, 0x000000000000000a, 0x0000000000000003, 0x0000000000000007)
    TEST_RR( 4, add, 0xffffffffffff8000, 0x0000000000000000, 0xffffffffffff8000)
    TEST_RR( 5, add, 0x8000000000000000, 0x7fffffffffffffff, 0x0000000000000001)
    TEST_RR( 6, add, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR( 7, add, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000001)
    TEST_RR( 8, add, 0x0000000100000000, 0x00000000ffffffff, 0x0000000000000001)
    TEST_RR( 9, add, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_SRC1_DEST(10, add, 24, 13, 11)
    TEST_RR_SRC2_DEST(11, add, 25, 14, 11)
    TEST_RR_SAME(12, add, 26, 13)
    TEST_RR_ZERO_DEST(13, add, 5, 7)
    TEST_RR_ZERO_SRC1(14, add, 15, 15)
    TEST_RR_ZERO_SRC2(15, add, -9, -9)

    /* sub */
    TEST_RR(20, sub, 0x0000000000000000, 0x0000000000000003, 0x0000000000000003)
    TEST_RR(21, sub, 0xfffffffffffffffc, 0x0000000000000003, 0x0000000000000007)
    TEST_RR(22, sub, 0x7fffffffffffffff, 0x8000000000000000, 0x0000000000000001)
    TEST_RR(23, sub, 0x8000000000000001, 0x0000000000000000, 0x7fffffffffffffff)
    TEST_RR(24, sub, 0x8000000000000000, 0x0000000000000000, 0x8000000000000000)
    TEST_RR(25, sub, 0x00000000ffffffff, 0x0000000100000000, 0x0000000000000001)
    TEST_RR_SRC1_DEST(26, sub, 2, 13, 11)
    TEST_RR_SRC2_DEST(27, sub, 3, 14, 11)
    TEST_RR_SAME(28, sub, 0, 13)
    TEST_RR_ZERO_DEST(29, sub, 5, 7)
    TEST_RR_ZERO_SRC1(30, sub, -15, 15)
    TEST_RR_ZERO_SRC2(31, sub, 42, 42)

    /* and / or / xor */
    TEST_RR(40, and, 0x0f000f00ff00ff00, 0xff00ff00ff00ff00, 0x0f0f0f0fffffffff)
    TEST_RR(41, and, 0x00f000f000000000, 0x0ff00ff000000000, 0xf0f0f0f0f0f0f0f0)
    TEST_RR_SAME(42, and, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00)
    TEST_RR_ZERO_DEST(43, and, -1, -1)
    TEST_RR(44, or, 0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
    TEST_RR(45, or, 0xfff0fff0f0f0f0f0, 0x0ff00ff000000000, 0xf0f0f0f0f0f0f0f0)
    TEST_RR_SRC1_DEST(46, or, 0x00ff00ff00ff00ff, 0x00ff00ff00ff00ff, 0x000000000000000f)
    TEST_RR_ZERO_DEST(47, or, 1, 2)
    TEST_RR(48, xor, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
    TEST_RR(49, xor, 0xff00ff00f0f0f0f0, 0x0ff00ff0f0f0f0f0, 0xf0f0f0f000000000)
    TEST_RR_SAME(50, xor, 0, 0x123456789abcdef0)
    TEST_RR_ZERO_DEST(51, xor, 1, 2)
    TEST_RR_ZERO_SRC2(52, xor, 0x8000000000000001, 0x8000000000000001)

    /* slt (signed) and sltu (unsigned) */
    TEST_RR(60, slt, 0, 0x0000000000000000, 0x0000000000000000)
    TEST_RR(61, slt, 1, 0x0000000000000003, 0x0000000000000007)
    TEST_RR(62, slt, 0, 0x0000000000000007, 0x0000000000000003)
    TEST_RR(63, slt, 1, 0x8000000000000000, 0x0000000000000000)
    TEST_RR(64, slt, 0, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_RR(65, slt, 1, 0xffffffffffffffff, 0x0000000000000000)
    TEST_RR(66, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_RR(67, slt, 0, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR_ZERO_DEST(68, slt, 1, 2)
    TEST_RR_ZERO_SRC1(69, slt, 1, 5)
    TEST_RR_ZERO_SRC2(70, slt, 1, -5)
    TEST_RR(71, sltu, 0, 0x0000000000000000, 0x0000000000000000)
    TEST_RR(72, sltu, 1, 0x0000000000000003, 0x0000000000000007)
    TEST_RR(73, sltu, 0, 0x8000000000000000, 0x0000000000000000)
    TEST_RR(74, sltu, 1, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_RR(75, sltu, 0, 0xffffffffffffffff, 0x0000000000000001)
    TEST_RR(76, sltu, 1, 0x00000000ffffffff, 0x0000000100000000)
    TEST_RR_ZERO_SRC1(77, sltu, 1, 1)      /* snez */
    TEST_RR_ZERO_SRC1(78, sltu, 0, 0)
    TEST_RR_SAME(79, sltu, 0, 9)

    /* addi: 12-bit sign-extended immediate */
    TEST_RI(90, addi, 0x0000000000000000, 0x0000000000000000, 0)
    TEST_RI(91, addi, 0x000000000000000a, 0x0000000000000003, 7)
    TEST_RI(92, addi, 0xfffffffffffff800, 0x0000000000000000, -2048)
    TEST_RI(93, addi, 0x00000000000007ff, 0x0000000000000000, 2047)
    TEST_RI(94, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
    TEST_RI(95, addi, 0x7fffffffffffffff, 0x8000000000000000, -1)
    TEST_RI(96, addi, 0x0000000000000000, 0xffffffffffffffff, 1)
    TEST_RI(97, addi, 0x0000000080000000, 0x000000007fffffff, 1)
    TEST_RI_SRC_DEST(98, addi, 24, 13, 11)
    TEST_RI_ZERO_DEST(99, addi, 3, 5)
    TEST_RI_ZERO_SRC(100, addi, -1, -1)

    /* andi / ori / xori: the immediate is sign-extended to 64 bits */
    TEST_RI(110, andi, 0xffffffffff00ff00, 0xffffffffff00ff00, -256)
    TEST_RI(111, andi, 0x00000000000000f0, 0x0ff00ff00ff00ff0, 0x0f0)
    TEST_RI(112, andi, 0x0000000000000000, 0xffffffffffffff00, 0x0f)
    TEST_RI(113, andi, 0x0ff00ff00ff00ff0, 0x0ff00ff00ff00ff0, -1)
    TEST_RI_ZERO_DEST(114, andi, -1, -1)
    TEST_RI(115, ori, 0xffffffffffffff0f, 0x0000000000000000, -241)
    TEST_RI(116, ori, 0x0ff00ff00ff00ff0, 0x0ff00ff00ff00ff0, 0x0f0)
    TEST_RI(117, ori, 0xffffffffffffffff, 0x8000000000000000, -1)
    TEST_RI_ZERO_SRC(118, ori, 0x7ff, 0x7ff)
    TEST_RI(119, xori, 0xffffffffff00f00f, 0x0000000000ff0f00, -241)
    TEST_RI(120, xori, 0x0ff00ff00ff00f00, 0x0ff00ff00ff00ff0, 0x0f0)
    TEST_RI(121, xori, 0x8000000000000000, 0x7fffffffffffffff, -1)   /* not */
    TEST_RI_ZERO_DEST(122, xori, 1, 1)

    /* slti / sltiu: sltiu compares against the sign-extended immediate as unsigned */
    TEST_RI(130, slti, 0, 0x0000000000000000, 0)
    TEST_RI(131, slti, 1, 0x0000000000000000, 1)
    TEST_RI(132, slti, 0, 0x0000000000000000, -1)
    TEST_RI(133, slti, 1, 0xffffffffffffffff, 0)
    TEST_RI(134, slti, 1, 0x8000000000000000, -2048)
    TEST_RI(135, slti, 0, 0x7fffffffffffffff, 2047)
    TEST_RI(136, slti, 1, 0xfffffffffffff7ff, -2048)
    TEST_RI(137, sltiu, 0, 0x0000000000000000, 0)
    TEST_RI(138, sltiu, 1, 0x0000000000000000, 1)
    TEST_RI(139, sltiu, 1, 0x0000000000000000, -1)
    TEST_RI(140, sltiu, 1, 0xfffffffffffffffe, -1)
    TEST_RI(141, sltiu, 0, 0xffffffffffffffff, -1)
    TEST_RI(142, sltiu, 1, 0x8000000000000000, -2048)
    TEST_RI(143, sltiu, 0, 0x0000000000000001, 1)
    TEST_RI_ZERO_SRC(144, sltiu, 1, 1)       /* seqz of zero */
    TEST_RI_ZERO_DEST(145, slti, 1, 5)

    /* lui: 20-bit immediate into bits 31:12, sign-extended from bit 31 */
    TEST_CASE(150, a0, 0x0000000000000000, lui a0, 0x00000)
    TEST_CASE(151, a0, 0x0000000000001000, lui a0, 0x00001)
    TEST_CASE(152, a0, 0x000000007ffff000, lui a0, 0x7ffff)
    TEST_CASE(153, a0, 0xffffffff80000000, lui a0, 0x80000)
    TEST_CASE(154, a0, 0xfffffffffffff000, lui a0, 0xfffff)
    TEST_CASE(155, x0, 0, lui x0, 0x12345)

    /* auipc: pc + sign-extended upper immediate */
    TEST_CASE(160, a0, 0, 1: auipc a0, 0; la a1, 1b; sub a0, a0, a1)
    TEST_CASE(161, a0, 0x12345000, 1: auipc a0, 0x12345; la a1, 1b; sub a0, a0, a1)
    TEST_CASE(162, a0, 0xffffffff80000000, 1: auipc a0, 0x80000; la a1, 1b; sub a0, a0, a1)
    TEST_CASE(163, a0, -4096, 1: auipc a0, 0xfffff; la a1, 1b; sub a0, a0, a1)
    TEST_CASE(164, x0, 0, auipc x0, 0x1)

    /* nop and the hint space: nothing changes */
    TEST_CASE(170, a0, 77, li a0, 77; nop; addi x0, a0, 1; add x0, a0, a0)
TEST_END
