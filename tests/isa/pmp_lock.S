/* Locked PMP entries (L = 1) bind M-mode too, and cannot be changed until reset:
 * writes to a locked entry's pmpcfg byte and pmpaddr are ignored, and so are
 * writes to pmpaddr[i-1] when entry i is a locked TOR. Other entries stay
 * writable. A lower-numbered match still wins, so the catch-all entry for S/U is
 * the last one used here (e7). */
#include "test.h"

#define EXPECT_TVAL_AT(base, off) \
    addi t4, base, off; EXPECT_TRAP_REG(mtrap_rec, TR_TVAL, t4)

TEST_BEGIN
    la s0, lockpage
    la s2, torpage
    /* e7: everything, RWX, unlocked (for S) */
    csrw pmpcfg0, zero
    li t1, -1
    csrw pmpaddr7, t1
    li t1, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56
    csrs pmpcfg0, t1
    /* e0: lockpage, R, locked */
    srli t1, s0, 2
    ori t1, t1, (4096 >> 3) - 1
    csrw pmpaddr0, t1
    mv s4, t1
    /* e2: OFF, base of e3; e3: TOR [torpage, torpage + 4096), RW, locked */
    srli t1, s2, 2
    csrw pmpaddr2, t1
    mv s5, t1
    li t0, 4096
    add t1, s2, t0
    srli t1, t1, 2
    csrw pmpaddr3, t1
    mv s6, t1
    li t1, (PMP_L | PMP_NAPOT | PMP_R) | ((PMP_L | PMP_TOR | PMP_R | PMP_W) << 24)
    csrs pmpcfg0, t1
    sfence.vma

    /* M may read the locked R page, but not write it nor run code from it */
    TEST_CASE(1, a0, 0x1111111111111111, TRAP_ARM(mtrap_rec); ld a0, 8(s0); TRAP_DISARM(mtrap_rec))
    EXPECT_MTRAP(TR_COUNT, 0)
    TEST_TRAP(2, CAUSE_STORE_ACCESS, sd zero, 8(s0))
    EXPECT_TVAL_AT(s0, 8)
    TEST_TRAP(3, CAUSE_STORE_ACCESS, amoadd.w a0, a0, (s0))
    TESTNUM(4)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 1f)
    jalr s0
    j fail
1:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_FETCH_ACCESS)
    EXPECT_TVAL_AT(s0, 0)
    TESTNUM(5)
    ld a0, 8(s0)
    EXPECT(a0, 0x1111111111111111)

    /* the locked TOR page: M may read and write, not execute */
    TEST_CASE(6, a0, 0x66, TRAP_ARM(mtrap_rec); li a1, 0x66; sd a1, 0(s2); ld a0, 0(s2); \
              TRAP_DISARM(mtrap_rec))
    EXPECT_MTRAP(TR_COUNT, 0)
    TESTNUM(7)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 1f)
    jalr s2
    j fail
1:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_FETCH_ACCESS)

    /* S is bound the same way (e0 wins over e7) */
    TEST_IN(8, PRV_S, CAUSE_STORE_ACCESS, sd zero, 0(s0))
    TEST_IN(9, PRV_S, CAUSE_ECALL_S, ld a0, 8(s0))
    EXPECT(a0, 0x1111111111111111)

    /* locked entries ignore writes ... */
    TESTNUM(10)
    li t1, 0xff
    csrc pmpcfg0, t1                               /* try to clear e0 */
    li t1, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrs pmpcfg0, t1                               /* and to open it */
    csrr a0, pmpcfg0
    andi a0, a0, 0xff
    EXPECT(a0, PMP_L | PMP_NAPOT | PMP_R)
    TESTNUM(11)
    li t1, -1
    csrw pmpaddr0, t1
    csrr a0, pmpaddr0
    EXPECT_REG(a0, s4)
    TESTNUM(12)
    csrw pmpaddr3, t1
    csrr a0, pmpaddr3
    EXPECT_REG(a0, s6)
    TESTNUM(13)                                    /* e3 is a locked TOR: pmpaddr2 too */
    csrw pmpaddr2, zero
    csrr a0, pmpaddr2
    EXPECT_REG(a0, s5)
    TESTNUM(14)
    li t1, 0xff << 24
    csrc pmpcfg0, t1
    csrr a0, pmpcfg0
    srli a0, a0, 24
    andi a0, a0, 0xff
    EXPECT(a0, PMP_L | PMP_TOR | PMP_R | PMP_W)
    sfence.vma
    /* ... and still apply */
    TEST_TRAP(15, CAUSE_STORE_ACCESS, sd zero, 8(s0))

    /* unlocked entries next to them stay writable */
    TESTNUM(16)
    li t1, 0x12345
    csrw pmpaddr1, t1
    csrr a0, pmpaddr1
    EXPECT(a0, 0x12345)
    TESTNUM(17)
    li t1, (PMP_NA4 | PMP_R) << 8
    csrs pmpcfg0, t1
    csrr a0, pmpcfg0
    srli a0, a0, 8
    andi a0, a0, 0xff
    EXPECT(a0, PMP_NA4 | PMP_R)
    li t1, 0xff << 8
    csrc pmpcfg0, t1
TEST_END

    .section .data.zz_pmp, "aw", @progbits
    .balign 4096
lockpage:
    .option push
    .option norvc
    li a0, 1
    ret
    .option pop
    .balign 8
    .dword 0x1111111111111111
    .balign 4096
torpage:
    .dword 0
    .balign 4096
