/* Zicntr time: the time CSR reads the CLINT's mtime. Readable in M; S needs
 * mcounteren.TM, U needs mcounteren.TM and scounteren.TM; never writable.
 * QEMU's spike machine does not implement the time CSR (its CLINT provides no
 * rdtime), so test-isa-qemu runs this test on QEMU virt instead. */
#include "test.h"

#define COUNTEREN_TM 2

/* time read between two reads of mtime: lo <= time <= hi */
#define CHECK_TIME_BETWEEN(lo, t, hi) \
    bltu t, lo, fail; bltu hi, t, fail

TEST_BEGIN
    li s11, CLINT_MTIME

    TESTNUM(1)
    ld s0, 0(s11)
    csrr s1, time
    ld s2, 0(s11)
    CHECK_TIME_BETWEEN(s0, s1, s2)

    /* it advances (10 MHz: a change within a few thousand iterations) */
    TESTNUM(2)
    csrr s0, time
    li t0, 1000000
1:  csrr s1, time
    bne s1, s0, 2f
    addi t0, t0, -1
    bnez t0, 1b
    j fail
2:  bltu s1, s0, fail

    /* S-mode with and without mcounteren.TM */
    csrw mcounteren, zero
    csrw scounteren, zero
    TEST_IN(10, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, time)
    EXPECT_MTRAP(TR_TVAL, 0xc0102573)
    li t1, COUNTEREN_TM
    csrw mcounteren, t1
    ld s0, 0(s11)
    TEST_IN(11, PRV_S, CAUSE_ECALL_S, csrr s1, time)
    ld s2, 0(s11)
    CHECK_TIME_BETWEEN(s0, s1, s2)

    /* U-mode needs both */
    TEST_IN(20, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, time)
    li t1, COUNTEREN_TM
    csrw scounteren, t1
    ld s0, 0(s11)
    TEST_IN(21, PRV_U, CAUSE_ECALL_U, csrr s1, time)
    ld s2, 0(s11)
    CHECK_TIME_BETWEEN(s0, s1, s2)
    csrw mcounteren, zero
    TEST_IN(22, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, time)

    /* read-only everywhere */
    TEST_TRAP(30, CAUSE_ILLEGAL_INSN, csrw time, zero)
    EXPECT_MTRAP(TR_TVAL, 0xc0101073)
    csrw scounteren, zero
TEST_END
