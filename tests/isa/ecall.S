/* ecall from M, S and U raises environment call from M/S/U (causes 11, 9, 8) into
 * M-mode with mepc = the ecall, mtval = 0, mstatus.MPP = the mode it came from,
 * and all registers untouched; mret then resumes after it. */
#include "test.h"

TEST_BEGIN
    /* from M: the handler skips the ecall */
    li a0, 0x1111
    li a7, 0x7777
    TEST_TRAP(1, CAUSE_ECALL_M, 1: ecall)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    EXPECT_MTRAP(TR_TVAL, 0)
    EXPECT(a0, 0x1111)
    EXPECT(a7, 0x7777)
    la t5, mtrap_rec                     /* MPP = M */
    ld t5, TR_STATUS(t5)
    li t6, MSTATUS_MPP
    and t5, t5, t6
    EXPECT(t5, MSTATUS_MPP)

    /* twice in a row: mret resumed right after the first */
    TEST_CASE(2, a0, 2, TRAP_ARM(mtrap_rec); ecall; ecall; TRAP_DISARM(mtrap_rec); \
              la t5, mtrap_rec; ld a0, TR_COUNT(t5))

    /* from S */
    TEST_IN(3, PRV_S, CAUSE_ECALL_S, li a0, 0x2222)
    EXPECT_MTRAP(TR_TVAL, 0)
    EXPECT(a0, 0x2222)
    TESTNUM(4)
    la t5, mtrap_rec
    ld t5, TR_STATUS(t5)
    li t6, MSTATUS_MPP
    and t5, t5, t6
    EXPECT(t5, PRV_S << 11)

    /* from U */
    TEST_IN(5, PRV_U, CAUSE_ECALL_U, li a0, 0x3333)
    EXPECT_MTRAP(TR_TVAL, 0)
    EXPECT(a0, 0x3333)
    TESTNUM(6)
    la t5, mtrap_rec
    ld t5, TR_STATUS(t5)
    li t6, MSTATUS_MPP
    and t5, t5, t6
    EXPECT(t5, PRV_U << 11)

    /* mepc is the ecall's address, in S and in U */
    TESTNUM(7)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    MRET_TO(PRV_S, 1f)
1:  ecall
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    TESTNUM(8)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    MRET_TO(PRV_U, 1f)
1:  ecall
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_U)

    /* a U ecall that is not resumed elsewhere returns to U after the ecall:
     * the second ecall is the one that brings us back */
    TESTNUM(9)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    MRET_TO(PRV_U, 1f)
1:  li a0, 1
    la t5, mtrap_rec                 /* the first trap skips; the second resumes */
    sd zero, TR_RESUME(t5)
    ecall
    li a0, 2
    RESUME_AT(mtrap_rec, 2f)
    ecall
    j fail
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 2)
    EXPECT(a0, 2)
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_ECALL_U)
    EXPECT_MTRAP(TR_LOG + 8, CAUSE_ECALL_U)
TEST_END
