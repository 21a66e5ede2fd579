/* satp (privileged spec §4.1.11): a write with an unsupported MODE has no effect at
 * all (Pagoda supports Bare and Sv39 only, so 9 = Sv48 and 10 = Sv57 are ignored
 * like the reserved modes); the ASID field keeps ASIDLEN bits (16 on Pagoda: all
 * ones read back as 0xffff); Bare means no translation and no U-bit checks. */
#include "vm.h"

/* Write satp = val (from t1) in M and expect it unchanged (s0). */
#define IGNORED(n, val) \
    TESTNUM(n); li t1, val; csrw satp, t1; csrr a0, satp; EXPECT_REG(a0, s0)
#define PPN_OF(reg) srli reg, reg, 12

TEST_BEGIN
    csrr s0, satp
    la a1, pt_root
    PPN_OF(a1)
    li t0, SATP_SV39
    or a1, a1, t0
    TESTNUM(1)
    EXPECT_REG(s0, a1)                          /* vm_init's value reads back */

    /* ---- reserved modes ---- */
    IGNORED(2, (1 << 60) | 0x80010)
    IGNORED(3, (7 << 60) | 0x80010)
    IGNORED(4, (11 << 60) | 0x80010)
    IGNORED(5, (15 << 60) | 0x80010)
    IGNORED(6, (15 << 60) | 0xfffffffffffffff)
#ifndef VM_QEMU
    /* Sv48 and Sv57, which QEMU 7.2 implements */
    IGNORED(7, (9 << 60) | 0x80010)
    IGNORED(8, (10 << 60) | 0x80010)
    IGNORED(9, (9 << 60) | SATP_ASID(3) | 0x80020)
#endif
    /* translation goes on with the old value, also after an S-mode attempt */
    MAP_PAGE(1, 1, PTE_RW)
    TEST_IN(10, PRV_S, CAUSE_ECALL_S, li t1, (1 << 60); csrw satp, t1; csrr a2, satp; li a1, VA_PAGE(1); ld a0, 0(a1))
    EXPECT(a0, PVAL(1, 0))
    EXPECT_REG(a2, s0)

    /* ---- ASID width ---- */
    TESTNUM(20)
    li t0, 0xffffull << 44
    or t1, s0, t0
    csrw satp, t1
    sfence.vma
    csrr a0, satp
    srli a0, a0, 44
    li t0, 0xffff
    and a0, a0, t0
    EXPECT(a0, 0xffff)
    TESTNUM(21)
    csrr a0, satp                               /* MODE and PPN as written */
    li t0, 0xffffull << 44
    or t1, s0, t0
    EXPECT_REG(a0, t1)
    TEST_IN(22, PRV_S, CAUSE_ECALL_S, li a1, VA_PAGE(1); ld a0, 8(a1))   /* it translates */
    EXPECT(a0, PVAL(1, 8))
    TESTNUM(23)                                 /* one ASID bit at a time */
    li t0, 0x8000ull << 44
    or t1, s0, t0
    csrw satp, t1
    csrr a0, satp
    EXPECT_REG(a0, t1)
    csrw satp, s0
    sfence.vma

    /* ---- Bare: U runs from the S-only identity gigapage's memory ---- */
    TESTNUM(30)
    csrw satp, zero
    csrr a0, satp
    EXPECT(a0, 0)
    TEST_IN(31, PRV_U, CAUSE_ECALL_U, la a1, phys_page; ld a0, 0x10(a1))
    EXPECT(a0, PVAL(0, 0x10))
    TEST_IN(32, PRV_S, CAUSE_ECALL_S, la a1, phys_page; ld a0, 0x18(a1))
    EXPECT(a0, PVAL(0, 0x18))
    /* back to Sv39: U faults there again (the gigapage is not U) */
    csrw satp, s0
    sfence.vma
    TESTNUM(33)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    MRET_TO(PRV_U, 1f)
1:  j fail
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_FETCH_PAGE_FAULT)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_TVAL, 1b)
    TEST_END
