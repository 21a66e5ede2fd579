/* RV64A load-reserved / store-conditional, only what the spec guarantees on one
 * hart: lr returns memory (lr.w sign-extends); sc after lr to the same address
 * succeeds (rd = 0) and stores; sc without a reservation (first sc, or a second sc
 * after the first consumed it) fails (rd != 0) and stores nothing; a misaligned lr
 * raises a load misaligned or access fault. */
#include "test.h"

TEST_BEGIN
    /* sc.d with no lr ever executed fails and does not store */
    TESTNUM(1)
    la a1, res_buf
    li a2, 0x1111111111111111
    sd a2, 0(a1)
    li a3, 0x2222222222222222
    sc.d a0, a3, (a1)
    EXPECT_NE(a0, 0)
    ld a4, 0(a1)
    EXPECT(a4, 0x1111111111111111)

    /* lr.d / sc.d pair succeeds */
    TEST_CASE(2, a0, 0x1111111111111111, lr.d a0, (a1))
    TEST_CASE(3, a5, 0, sc.d a5, a3, (a1))
    TEST_CASE(4, a4, 0x2222222222222222, ld a4, 0(a1))

    /* the reservation is gone after an sc: a second sc fails */
    TEST_CASE(5, a4, 0x2222222222222222, li a2, 0x3333; sc.d a5, a2, (a1); ld a4, 0(a1))
    EXPECT_NE(a5, 0)

    /* lr.w sign-extends; sc.w writes only its word */
    TESTNUM(6)
    li a2, 0x5a5a5a5a80000001
    sd a2, 0(a1)
    lr.w a0, (a1)
    EXPECT(a0, 0xffffffff80000001)
    TESTNUM(7)
    li a3, 0xabcdabcd7ffffffe
    sc.w a5, a3, (a1)
    EXPECT(a5, 0)
    ld a4, 0(a1)
    EXPECT(a4, 0x5a5a5a5a7ffffffe)

    /* sc.w without a reservation fails and stores nothing */
    TESTNUM(8)
    li a3, 0x12345678
    sc.w a5, a3, (a1)
    EXPECT_NE(a5, 0)
    ld a4, 0(a1)
    EXPECT(a4, 0x5a5a5a5a7ffffffe)

    /* lr.w / sc.w on the high word of a doubleword */
    TESTNUM(9)
    addi a6, a1, 4
    lr.w a0, (a6)
    EXPECT(a0, 0x5a5a5a5a)
    li a3, 0xfedcba98
    sc.w a5, a3, (a6)
    EXPECT(a5, 0)
    ld a4, 0(a1)
    EXPECT(a4, 0xfedcba987ffffffe)

    /* the usual retry loop: atomic increment */
    TESTNUM(10)
    li a2, 41
    sd a2, 0(a1)
    li a7, 0
1:  addi a7, a7, 1
    li t0, 1000
    bgeu a7, t0, fail                /* must succeed long before this */
    lr.d a0, (a1)
    addi a0, a0, 1
    sc.d a5, a0, (a1)
    bnez a5, 1b
    ld a4, 0(a1)
    EXPECT(a4, 42)

    /* aq/rl variants, and rd = x0 for sc (result discarded, store still done) */
    TESTNUM(11)
    lr.d.aqrl a0, (a1)
    EXPECT(a0, 42)
    li a2, 43
    sc.d.rl x0, a2, (a1)
    ld a4, 0(a1)
    EXPECT(a4, 43)
    TESTNUM(12)
    lr.w.aq a0, (a1)
    li a2, 44
    sc.w.aqrl a5, a2, (a1)
    EXPECT(a5, 0)
    ld a4, 0(a1)
    EXPECT(a4, 44)

    /* lr.d then sc.w covering part of the reserved doubleword? Not guaranteed
     * either way, so not tested. Misaligned lr traps instead of loading. */
    TESTNUM(20)
    TRAP_ARM(mtrap_rec)
    li a0, 0x77
    addi a6, a1, 4
    lr.d a0, (a6)
    TRAP_DISARM(mtrap_rec)
    EXPECT(a0, 0x77)
    EXPECT_MTRAP(TR_COUNT, 1)
    la t5, mtrap_rec
    ld t5, TR_CAUSE(t5)
    li t6, CAUSE_MISALIGNED_LOAD
    beq t5, t6, 1f
    EXPECT(t5, CAUSE_LOAD_ACCESS)
1:
    TESTNUM(21)
    TRAP_ARM(mtrap_rec)
    addi a6, a1, 2
    lr.w a0, (a6)
    TRAP_DISARM(mtrap_rec)
    EXPECT(a0, 0x77)
    EXPECT_MTRAP(TR_COUNT, 1)
    la t5, mtrap_rec
    ld t5, TR_CAUSE(t5)
    li t6, CAUSE_MISALIGNED_LOAD
    beq t5, t6, 1f
    EXPECT(t5, CAUSE_LOAD_ACCESS)
1:
TEST_END

    .data
    .align 4
res_buf:
    .dword 0, 0
