/* ebreak and c.ebreak raise a breakpoint exception (cause 3) with mepc = the
 * instruction, from M, S and U, and to S when medeleg delegates it. mtval for
 * ebreak is implementation-specific (0 or the pc), so it is not checked. */
#include "test.h"

TEST_BEGIN
    TEST_TRAP(1, CAUSE_BREAKPOINT, 1: ebreak)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    .option push
    .option rvc
    TEST_TRAP(2, CAUSE_BREAKPOINT, 1: c.ebreak)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    .option pop
    .option push
    .option norvc
    TEST_TRAP(3, CAUSE_BREAKPOINT, 1: ebreak)          /* the 32-bit form */
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    .option pop

    /* registers untouched, execution goes on after it */
    TEST_CASE(4, a0, 5, li a0, 4; TRAP_ARM(mtrap_rec); ebreak; addi a0, a0, 1; TRAP_DISARM(mtrap_rec))

    /* from S and U */
    TEST_IN(5, PRV_S, CAUSE_BREAKPOINT, ebreak)
    TEST_IN(6, PRV_U, CAUSE_BREAKPOINT, ebreak)
    TEST_IN(7, PRV_U, CAUSE_BREAKPOINT, c.ebreak)

    /* delegated to S: from U it goes to stvec, and M sees only the final ecall */
    li t0, 1 << CAUSE_BREAKPOINT
    csrw medeleg, t0
    TESTNUM(8)
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RESUME_AT(mtrap_rec, 3f)
    RESUME_AT(strap_rec, 2f)
    MRET_TO(PRV_U, 1f)
1:  ebreak
    j fail
2:  ecall                            /* in S, after the delegated breakpoint */
3:  TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_BREAKPOINT)
    EXPECT_TRAP_ADDR(strap_rec, TR_EPC, 1b)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)

    /* delegation never sends M-mode's own breakpoints down */
    TEST_TRAP(9, CAUSE_BREAKPOINT, ebreak)
    csrw medeleg, zero
TEST_END
