/* RV64C integer computational instructions, each written as its explicit compressed
 * mnemonic: c.li c.lui c.addi c.addiw c.addi16sp c.addi4spn c.slli c.srli c.srai
 * c.andi c.mv c.add c.sub c.xor c.or c.and c.subw c.addw c.nop. Checks immediate
 * sign extension, 64-bit shifts, and W forms' sign extension. */
#include "test.h"

TEST_BEGIN
    .option push
    .option rvc

    /* c.li: 6-bit signed immediate */
    TEST_CASE( 1, a0, 0, li a0, 55; c.li a0, 0)
    TEST_CASE( 2, a0, 31, c.li a0, 31)
    TEST_CASE( 3, a0, -32, c.li a0, -32)
    TEST_CASE( 4, t1, -1, c.li t1, -1)              /* full register set */

    /* c.lui: nonzero 6-bit immediate into bits 17:12, sign-extended */
    TEST_CASE( 5, a0, 0x1000, c.lui a0, 1)
    TEST_CASE( 6, a0, 0x1f000, c.lui a0, 0x1f)
    TEST_CASE( 7, a0, 0xfffffffffffe0000, c.lui a0, 0xfffe0)
    TEST_CASE( 8, s2, 0xfffffffffffff000, c.lui s2, 0xfffff)

    /* c.addi: nonzero 6-bit signed immediate, 64-bit add */
    TEST_CASE(10, a0, 6, li a0, 1; c.addi a0, 5)
    TEST_CASE(11, a0, -31, li a0, 1; c.addi a0, -32)
    TEST_CASE(12, a0, 0x8000000000000000, li a0, 0x7fffffffffffffe1; c.addi a0, 31)
    TEST_CASE(13, a0, 0x0000000100000000, li a0, 0xffffffff; c.addi a0, 1)
    TEST_CASE(14, t3, 0, li t3, 1; c.addi t3, -1)

    /* c.addiw: 32-bit add, sign-extended; imm 0 is sext.w */
    TEST_CASE(20, a0, 0xffffffff80000000, li a0, 0x7fffffff; c.addiw a0, 1)
    TEST_CASE(21, a0, 0x0000000000000000, li a0, 0x12345678ffffffff; c.addiw a0, 1)
    TEST_CASE(22, a0, 0xffffffff87654321, li a0, 0x1234567887654321; c.addiw a0, 0)
    TEST_CASE(23, a0, 0x000000007fffffff, li a0, 0x80000000; c.addiw a0, -1)
    TEST_CASE(24, s3, 0xffffffffffffffe0, li s3, 0; c.addiw s3, -32)

    /* c.addi16sp: sp += nonzero multiple of 16 in -512..496 */
    TEST_CASE(30, sp, 0x80001010, li sp, 0x80001000; c.addi16sp sp, 16)
    TEST_CASE(31, sp, 0x800011f0, li sp, 0x80001000; c.addi16sp sp, 496)
    TEST_CASE(32, sp, 0x80000e00, li sp, 0x80001000; c.addi16sp sp, -512)
    TEST_CASE(33, sp, 0x80000ff0, li sp, 0x80001000; c.addi16sp sp, -16)

    /* c.addi4spn: rd' = sp + nonzero multiple of 4 in 4..1020 */
    TEST_CASE(34, a0, 0x80001004, li sp, 0x80001000; c.addi4spn a0, sp, 4)
    TEST_CASE(35, s1, 0x800013fc, li sp, 0x80001000; c.addi4spn s1, sp, 1020)
    TEST_CASE(36, a5, 0x80001100, li sp, 0x80001000; c.addi4spn a5, sp, 256)
    la sp, stack_top

    /* c.slli (any rd), c.srli / c.srai (rd' only): shamt 1..63 */
    TEST_CASE(40, a0, 0x0000000000000002, li a0, 1; c.slli a0, 1)
    TEST_CASE(41, a0, 0x0000000080000000, li a0, 1; c.slli a0, 31)
    TEST_CASE(42, a0, 0x0000000100000000, li a0, 1; c.slli a0, 32)
    TEST_CASE(43, t4, 0x8000000000000000, li t4, 3; c.slli t4, 63)
    TEST_CASE(44, a0, 0x4000000000000000, li a0, 0x8000000000000000; c.srli a0, 1)
    TEST_CASE(45, a0, 0x0000000100000000, li a0, 0x8000000000000000; c.srli a0, 31)
    TEST_CASE(46, a0, 0x0000000000000001, li a0, 0x8000000000000000; c.srli a0, 63)
    TEST_CASE(47, s0, 0x00000000ffffffff, li s0, -1; c.srli s0, 32)
    TEST_CASE(48, a0, 0xc000000000000000, li a0, 0x8000000000000000; c.srai a0, 1)
    TEST_CASE(49, a0, 0xffffffff00000000, li a0, 0x8000000000000000; c.srai a0, 31)
    TEST_CASE(50, a0, 0xffffffffffffffff, li a0, 0x8000000000000000; c.srai a0, 63)
    TEST_CASE(51, a5, 0x0000000000000000, li a5, 0x7fffffffffffffff; c.srai a5, 63)
    TEST_CASE(52, a1, 0xffffffff80000000, li a1, 0x8000000000000000; c.srai a1, 32)

    /* c.andi: 6-bit signed immediate */
    TEST_CASE(55, a0, 0x000000000000000a, li a0, 0xfffffffffffffffa; c.andi a0, 15)
    TEST_CASE(56, a0, 0xffffffffffffffe0, li a0, -1; c.andi a0, -32)
    TEST_CASE(57, a0, 0x0000000000000000, li a0, -1; c.andi a0, 0)
    TEST_CASE(58, a4, 0x123456789abcdef0, li a4, 0x123456789abcdef1; c.andi a4, -2)

    /* c.mv / c.add: any registers */
    TEST_CASE(60, a0, 0x123456789abcdef0, li a1, 0x123456789abcdef0; c.mv a0, a1)
    TEST_CASE(61, s5, 0x0000000000000000, li s4, 0; li s5, 1; c.mv s5, s4)
    TEST_CASE(62, a0, 0x0000000000000003, li a0, 1; li a1, 2; c.add a0, a1)
    TEST_CASE(63, s11, 0x0000000100000000, li s11, 0xffffffff; li ra, 1; c.add s11, ra)
    TEST_CASE(64, a0, 0x8000000000000000, li a0, 0x7fffffffffffffff; li t0, 1; c.add a0, t0)

    /* c.sub c.xor c.or c.and: rd', rs2' */
    TEST_CASE(70, a0, 0xfffffffffffffffc, li a0, 3; li a1, 7; c.sub a0, a1)
    TEST_CASE(71, s0, 0x7fffffffffffffff, li s0, 0x8000000000000000; li s1, 1; c.sub s0, s1)
    TEST_CASE(72, a0, 0xf00ff00ff00ff00f, li a0, 0xff00ff00ff00ff00; li a5, 0x0f0f0f0f0f0f0f0f; c.xor a0, a5)
    TEST_CASE(73, a0, 0xff0fff0fff0fff0f, li a0, 0xff00ff00ff00ff00; li a5, 0x0f0f0f0f0f0f0f0f; c.or a0, a5)
    TEST_CASE(74, a0, 0x0f000f000f000f00, li a0, 0xff00ff00ff00ff00; li a5, 0x0f0f0f0f0f0f0f0f; c.and a0, a5)
    TEST_CASE(75, a3, 0, li a3, 0x1234; c.xor a3, a3)

    /* c.addw / c.subw: 32-bit, sign-extended */
    TEST_CASE(80, a0, 0xffffffff80000000, li a0, 0x7fffffff; li a1, 1; c.addw a0, a1)
    TEST_CASE(81, a0, 0x0000000000000003, li a0, 0x1234567800000001; li a1, 0x8765432100000002; c.addw a0, a1)
    TEST_CASE(82, a0, 0x000000007fffffff, li a0, 0xffffffff80000000; li a1, 1; c.subw a0, a1)
    TEST_CASE(83, a2, 0xffffffffffffffff, li a2, 0x100000000; li a4, 1; c.subw a2, a4)
    TEST_CASE(84, a0, 0x0000000000000000, li a0, 0x80000000; li a1, 0x80000000; c.addw a0, a1)

    /* c.nop changes nothing */
    TEST_CASE(90, a0, 99, li a0, 99; c.nop; c.nop)

    .option pop
TEST_END
