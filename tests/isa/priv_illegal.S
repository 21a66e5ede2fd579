/* Privileged instructions where they are not allowed raise illegal instruction
 * with mtval = the instruction: mret below M, sret in U, sret in S with
 * mstatus.TSR, wfi in S with mstatus.TW (with nothing to wake it, it must trap),
 * satp and sfence.vma in S with mstatus.TVM, sfence.vma in U. Without the trap
 * bits the same instructions work in S. */
#include "test.h"

#define MRET        0x30200073
#define SRET        0x10200073
#define WFI         0x10500073
#define SFENCE_VMA  0x12000073

#define TEST_ILLEGAL_IN(n, mode, bits, ...) \
    TEST_IN(n, mode, CAUSE_ILLEGAL_INSN, __VA_ARGS__); EXPECT_MTRAP(TR_TVAL, bits)

TEST_BEGIN
    TEST_ILLEGAL_IN( 1, PRV_S, MRET, mret)
    TEST_ILLEGAL_IN( 2, PRV_U, MRET, mret)
    TEST_ILLEGAL_IN( 3, PRV_U, SRET, sret)
    TEST_ILLEGAL_IN( 4, PRV_U, SFENCE_VMA, sfence.vma)

    /* mstatus.TSR: sret in S traps */
    li t0, MSTATUS_TSR
    csrs mstatus, t0
    TEST_ILLEGAL_IN(10, PRV_S, SRET, sret)
    li t0, MSTATUS_TSR
    csrc mstatus, t0

    /* mstatus.TW: wfi in S traps (nothing is enabled, so it could never finish) */
    li t0, MSTATUS_TW
    csrs mstatus, t0
    TEST_ILLEGAL_IN(20, PRV_S, WFI, wfi)
    li t0, MSTATUS_TW
    csrc mstatus, t0

    /* mstatus.TVM: satp and sfence.vma in S trap */
    li t0, MSTATUS_TVM
    csrs mstatus, t0
    TEST_ILLEGAL_IN(30, PRV_S, 0x18002573, csrr a0, satp)
    TEST_ILLEGAL_IN(31, PRV_S, 0x18059073, csrw satp, a1)
    TEST_ILLEGAL_IN(32, PRV_S, SFENCE_VMA, sfence.vma)
    TEST_ILLEGAL_IN(33, PRV_S, 0x12b50073, sfence.vma a0, a1)
    li t0, MSTATUS_TVM
    csrc mstatus, t0

    /* without TVM, S may use them (satp written with 0: Bare stays Bare) */
    TEST_IN(40, PRV_S, CAUSE_ECALL_S, csrr a0, satp; csrw satp, zero; sfence.vma; sfence.vma a0, a1)
    /* TSR / TW / TVM do not affect M itself */
    li t0, MSTATUS_TSR | MSTATUS_TVM
    csrs mstatus, t0
    TEST_CASE(41, a0, 0, TRAP_ARM(mtrap_rec); csrr a0, satp; sfence.vma; TRAP_DISARM(mtrap_rec); \
              la t5, mtrap_rec; ld a0, TR_COUNT(t5))
    li t0, MSTATUS_TSR | MSTATUS_TVM
    csrc mstatus, t0
TEST_END
