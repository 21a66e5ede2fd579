/* RV64C loads and stores: c.lw c.ld c.sw c.sd (rd'/rs1' with scaled unsigned
 * offsets) and the sp-relative c.lwsp c.ldsp c.swsp c.sdsp. c.lw/c.lwsp sign-extend;
 * the largest offsets of each form are exercised. */
#include "test.h"

TEST_BEGIN
    .option push
    .option rvc

    /* c.lw: offset 0..124 step 4, sign-extends */
    TEST_CASE( 1, a0, 0xffffffff80000001, la s0, data; c.lw a0, 0(s0))
    TEST_CASE( 2, a1, 0x000000007ffffffe, c.lw a1, 4(s0))
    TEST_CASE( 3, a2, 0xfffffffff00dface, c.lw a2, 124(s0))
    TEST_CASE( 4, s0, 0x000000007ffffffe, c.lw s0, 4(s0))    /* rd == rs1 */

    /* c.ld: offset 0..248 step 8 */
    TEST_CASE( 5, a0, 0x7ffffffe80000001, la a5, data; c.ld a0, 0(a5))
    TEST_CASE( 6, a3, 0x0123456789abcdef, c.ld a3, 8(a5))
    TEST_CASE( 7, a4, 0xfedcba9876543210, c.ld a4, 248(a5))

    /* c.sw / c.sd */
    TESTNUM(10)
    la s1, scratch
    li a0, 0x1111111111111111
    c.sd a0, 0(s1)
    c.sd a0, 248(s1)
    c.sd a0, 120(s1)
    li a1, 0xffffffff89abcdef
    c.sw a1, 4(s1)
    c.ld a2, 0(s1)
    EXPECT(a2, 0x89abcdef11111111)
    TEST_CASE(11, a2, 0x11111111deadbeef, li a1, 0xdeadbeef; c.sw a1, 120(s1); c.ld a2, 120(s1))
    TEST_CASE(12, a2, 0x55555555aaaaaaaa, li a1, 0x55555555aaaaaaaa; c.sd a1, 240(s1); c.ld a2, 240(s1))
    TEST_CASE(13, a2, 0xfffffffff0f0f0f0, li a1, 0xf0f0f0f0; c.sw a1, 124(s1); c.lw a2, 124(s1))

    /* sp-relative: c.lwsp 0..252 step 4, c.ldsp 0..504 step 8, any rd */
    TEST_CASE(20, t0, 0xffffffff80000001, la sp, data; c.lwsp t0, 0(sp))
    TEST_CASE(21, s2, 0xfffffffffedcba98, c.lwsp s2, 252(sp))
    TEST_CASE(22, ra, 0x0123456789abcdef, c.ldsp ra, 8(sp))
    TEST_CASE(23, s6, 0xcafef00dcafef00d, li s6, 1; c.ldsp s6, 504(sp))

    /* c.swsp 0..252 step 4, c.sdsp 0..504 step 8 */
    TESTNUM(30)
    la sp, scratch
    li s3, 0xa5a5a5a5a5a5a5a5
    c.sdsp s3, 504(sp)
    c.sdsp s3, 0(sp)
    li s4, 0x12345678
    c.swsp s4, 252(sp)
    c.swsp s4, 0(sp)
    ld a0, 504(sp)
    EXPECT(a0, 0xa5a5a5a5a5a5a5a5)
    TEST_CASE(31, a0, 0xa5a5a5a512345678, ld a0, 0(sp))
    TEST_CASE(32, a0, 0x12345678, lwu a0, 252(sp))
    TEST_CASE(33, a0, 0xffffffff80000000, li s4, 0x80000000; c.swsp s4, 8(sp); c.lwsp a0, 8(sp))
    TEST_CASE(34, a0, 0x8000000000000000, li s4, 0x8000000000000000; c.sdsp s4, 16(sp); c.ldsp a0, 16(sp))
    TEST_CASE(35, a0, 0x8000000000000000, c.mv s5, sp; c.sdsp sp, 24(sp); c.ldsp a0, 24(sp); sub a0, a0, s5; li t0, 0x8000000000000000; add a0, a0, t0)
    la sp, stack_top

    .option pop
TEST_END

    .data
    .align 3
data:
    .word 0x80000001, 0x7ffffffe          /* 0 */
    .dword 0x0123456789abcdef             /* 8 */
    .skip 124 - 16
    .word 0xf00dface                      /* 124 */
    .skip 248 - 128
    .dword 0xfedcba9876543210             /* 248 */
    .skip 504 - 256
    .dword 0xcafef00dcafef00d             /* 504 */

    .align 3
scratch:
    .skip 512
