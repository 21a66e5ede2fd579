/* Accesses to physical addresses with nothing behind them (the first page: below
 * the boot ROM at 0x1000, on QEMU's virt and spike alike) raise access faults with
 * mtval = the address: load (5), store (7), AMO (7; 5 accepted), fetch (1, mepc =
 * mtval = the target), in M and in U. The destination register is not written. */
#include "test.h"

#define TEST_AMO_FAULT(n, ...) \
    TESTNUM(n); TRAP_ARM(mtrap_rec); __VA_ARGS__; TRAP_DISARM(mtrap_rec); \
    EXPECT_MTRAP(TR_COUNT, 1); \
    la t5, mtrap_rec; ld t5, TR_CAUSE(t5); li t6, CAUSE_LOAD_ACCESS; beq t5, t6, 7778f; \
    EXPECT(t5, CAUSE_STORE_ACCESS); 7778:

TEST_BEGIN
    /* loads of every width */
    li a1, 0
    li a0, 0x77
    TEST_TRAP( 1, CAUSE_LOAD_ACCESS, ld a0, 0(a1))
    EXPECT_MTRAP(TR_TVAL, 0)
    EXPECT(a0, 0x77)
    li a1, 0x100
    TEST_TRAP( 2, CAUSE_LOAD_ACCESS, lw a0, -8(a1))
    EXPECT_MTRAP(TR_TVAL, 0xf8)
    TEST_TRAP( 3, CAUSE_LOAD_ACCESS, lbu a0, 0x10(a1))
    EXPECT_MTRAP(TR_TVAL, 0x110)
    TEST_TRAP( 4, CAUSE_LOAD_ACCESS, lh a0, 0x22(a1))
    EXPECT_MTRAP(TR_TVAL, 0x122)
    EXPECT(a0, 0x77)

    /* stores */
    li a2, -1
    TEST_TRAP(10, CAUSE_STORE_ACCESS, sd a2, 0(a1))
    EXPECT_MTRAP(TR_TVAL, 0x100)
    TEST_TRAP(11, CAUSE_STORE_ACCESS, sb a2, 8(x0))
    EXPECT_MTRAP(TR_TVAL, 0x8)
    TEST_TRAP(12, CAUSE_STORE_ACCESS, sw a2, 0x40(a1))
    EXPECT_MTRAP(TR_TVAL, 0x140)

    /* AMOs fault (the spec says as stores, cause 7; QEMU 7.2 reports a load
     * access fault, so either is accepted); lr faults as a load */
    TEST_AMO_FAULT(20, amoadd.d a0, a2, (a1))
    EXPECT_MTRAP(TR_TVAL, 0x100)
    EXPECT(a0, 0x77)
    TEST_AMO_FAULT(21, amoswap.w a0, a2, (a1))
    EXPECT_MTRAP(TR_TVAL, 0x100)
    TEST_TRAP(22, CAUSE_LOAD_ACCESS, lr.d a0, (a1))
    EXPECT_MTRAP(TR_TVAL, 0x100)
    EXPECT(a0, 0x77)

    /* instruction fetch: mepc and mtval are the target */
    TESTNUM(30)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 1f)
    li a1, 0x200
    jalr ra, 0(a1)
    j fail
1:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_FETCH_ACCESS)
    EXPECT_MTRAP(TR_EPC, 0x200)
    EXPECT_MTRAP(TR_TVAL, 0x200)

    /* the same from U */
    li a1, 0x80
    TEST_IN(40, PRV_U, CAUSE_LOAD_ACCESS, ld a0, 0(a1))
    EXPECT_MTRAP(TR_TVAL, 0x80)
    TEST_IN(41, PRV_U, CAUSE_STORE_ACCESS, sh a0, 2(a1))
    EXPECT_MTRAP(TR_TVAL, 0x82)
    TEST_IN(42, PRV_U, CAUSE_FETCH_ACCESS, jr a1)
    EXPECT_MTRAP(TR_TVAL, 0x80)
    EXPECT_MTRAP(TR_EPC, 0x80)
    TESTNUM(43)                                    /* the fault came from U */
    la t5, mtrap_rec
    ld a0, TR_STATUS(t5)
    li t0, MSTATUS_MPP
    and a0, a0, t0
    EXPECT(a0, 0)
TEST_END
