/* Zicntr in M-mode and its delegation: cycle and instret (and mcycle/minstret) are
 * readable, advance, and the M versions are writable; cycle/instret are read-only
 * aliases. S-mode reads need mcounteren, U-mode reads need mcounteren and
 * scounteren, else illegal instruction. (time has its own test, time.S.) */
#include "test.h"

#define COUNTEREN_CY 1
#define COUNTEREN_TM 2
#define COUNTEREN_IR 4

TEST_BEGIN
    /* they advance across a short loop */
    TESTNUM(1)
    csrr s0, cycle
    csrr s1, instret
    csrr s2, mcycle
    csrr s3, minstret
    li t0, 200
1:  addi t0, t0, -1
    bnez t0, 1b
    csrr s4, cycle
    csrr s5, instret
    csrr s6, mcycle
    csrr s7, minstret
    bgeu s0, s4, fail
    TESTNUM(2)
    bgeu s1, s5, fail
    TESTNUM(3)
    bgeu s2, s6, fail
    TESTNUM(4)
    bgeu s3, s7, fail

    /* the unprivileged names alias the machine counters */
    TESTNUM(5)
    csrr s0, minstret
    csrr s1, instret
    csrr s2, minstret
    bltu s1, s0, fail
    bltu s2, s1, fail
    TESTNUM(6)
    csrr s0, mcycle
    csrr s1, cycle
    csrr s2, mcycle
    bltu s1, s0, fail
    bltu s2, s1, fail

    /* minstret / mcycle are writable: reads after a write start from the value */
    TESTNUM(10)
    li s0, 0x0000100000000000
    csrw minstret, s0
    csrr s1, minstret
    csrr s2, instret
    bltu s1, s0, fail
    bltu s2, s1, fail
    sub s3, s2, s0
    li t0, 0x100000000
    bgeu s3, t0, fail
    TESTNUM(11)
    csrw mcycle, s0
    csrr s1, mcycle
    csrr s2, cycle
    bltu s1, s0, fail
    bltu s2, s1, fail
    sub s3, s2, s0
    li t0, 0x100000000
    bgeu s3, t0, fail
    TESTNUM(12)                      /* and wrap to small values */
    csrw minstret, zero
    csrr s1, minstret
    li t0, 0x100000000
    bgeu s1, t0, fail

    /* S-mode: mcounteren gates each counter */
    csrw mcounteren, zero
    csrw scounteren, zero
    TEST_IN(20, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, cycle)
    EXPECT_MTRAP(TR_TVAL, 0xc0002573)
    TEST_IN(21, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, instret)
    EXPECT_MTRAP(TR_TVAL, 0xc0202573)
    li t1, COUNTEREN_CY
    csrw mcounteren, t1
    TEST_IN(22, PRV_S, CAUSE_ECALL_S, csrr a0, cycle)
    TEST_IN(23, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, instret)
    li t1, COUNTEREN_IR
    csrw mcounteren, t1
    TEST_IN(24, PRV_S, CAUSE_ECALL_S, csrr a0, instret)
    TEST_IN(25, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, cycle)
    /* S may not write them, nor read the M versions */
    li t1, COUNTEREN_CY | COUNTEREN_IR
    csrw mcounteren, t1
    TEST_IN(26, PRV_S, CAUSE_ILLEGAL_INSN, csrw cycle, zero)
    TEST_IN(27, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, mcycle)
    TEST_IN(28, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, minstret)
    /* S reads a counter that advances */
    TEST_IN(29, PRV_S, CAUSE_ECALL_S, csrr s0, instret; nop; nop; csrr s1, instret)
    bgeu s0, s1, fail

    /* U-mode: needs both mcounteren and scounteren */
    li t1, COUNTEREN_CY | COUNTEREN_IR
    csrw mcounteren, t1
    csrw scounteren, zero
    TEST_IN(30, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, cycle)
    TEST_IN(31, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, instret)
    csrw scounteren, t1
    TEST_IN(32, PRV_U, CAUSE_ECALL_U, csrr a0, cycle; csrr a1, instret)
    csrw mcounteren, zero
    TEST_IN(33, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, cycle)
    TEST_IN(34, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, instret)
    li t1, COUNTEREN_IR
    csrw mcounteren, t1
    li t1, COUNTEREN_CY
    csrw scounteren, t1
    TEST_IN(35, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, cycle)
    TEST_IN(36, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, instret)
    /* U may never read scounteren/mcounteren themselves */
    li t1, -1
    csrw mcounteren, t1
    csrw scounteren, t1
    TEST_IN(37, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, scounteren)
    TEST_IN(38, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, mcounteren)
    TEST_IN(39, PRV_S, CAUSE_ECALL_S, csrr a0, scounteren)
    csrw mcounteren, zero
    csrw scounteren, zero
TEST_END
