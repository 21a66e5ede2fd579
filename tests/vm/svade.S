/* Svade (run with --svade): the hardware does not update A/D. An access to a leaf
 * with A=0 raises the page fault of the access (fetch 12, load 13, store/AMO 15),
 * and so does a store or AMO to a leaf with D=0, even right after a load has used
 * the same translation; the PTE is left as it was. Software setting the bit (and
 * sfence.vma) makes the access work. */
#include "vm.h"

#define EXPECT_PTE_LOW(table, idx, bits) PT_GET(a5, table, idx); andi a5, a5, 0xff; EXPECT(a5, bits)
#define IN_S(n, ...) TEST_IN(n, PRV_S, CAUSE_ECALL_S, __VA_ARGS__)
#define PF_S(n, cause, va, ...) TEST_FAULT(n, PRV_S, cause, va, __VA_ARGS__)

#define RW_CLEAN  (PTE_V | PTE_R | PTE_W)
#define RW_A      (PTE_V | PTE_R | PTE_W | PTE_A)

TEST_BEGIN
    /* ---- A = 0: every access faults ---- */
    MAP_PAGE(1, 1, RW_CLEAN)
    PF_S(1, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1) + 8, li a1, VA_PAGE(1) + 8; ld a0, 0(a1))
    PF_S(2, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1) + 8, li a1, VA_PAGE(1) + 8; sd a0, 0(a1))
    PF_S(3, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1) + 8, li a1, VA_PAGE(1) + 8; amoadd.d a0, a0, (a1))
    PF_S(4, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1) + 8, li a1, VA_PAGE(1) + 8; lr.d a0, (a1))
    EXPECT_PTE_LOW(pt_l0, 1, RW_CLEAN)
    PT_SET_LABEL(pt_l0, 2, xcode, 0, PTE_V | PTE_R | PTE_X)
    sfence.vma
    PF_S(5, CAUSE_FETCH_PAGE_FAULT, VA_PAGE(2), li a1, VA_PAGE(2); jalr a1)
    EXPECT_PTE_LOW(pt_l0, 2, PTE_V | PTE_R | PTE_X)
    /* A set by software: loads and fetches work, stores still need D */
    MAP_PAGE(1, 1, RW_A)
    IN_S(6, li a1, VA_PAGE(1) + 8; ld a0, 0(a1))
    EXPECT(a0, PVAL(1, 8))
    PF_S(7, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1) + 8, li a1, VA_PAGE(1) + 8; sd a0, 0(a1))
    PF_S(8, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1) + 16, li a1, VA_PAGE(1) + 16; amoswap.d a0, a0, (a1))
    /* a load right before does not let the store through */
    PF_S(9, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1) + 24, li a1, VA_PAGE(1) + 24; ld a0, 0(a1); sd a0, 0(a1))
    EXPECT(a0, PVAL(1, 24))
    EXPECT_PTE_LOW(pt_l0, 1, RW_A)
    PT_SET_LABEL(pt_l0, 2, xcode, 0, PTE_V | PTE_R | PTE_X | PTE_A)
    sfence.vma
    li a0, 0
    IN_S(10, li a1, VA_PAGE(2); jalr a1)
    EXPECT(a0, 0x123)
    /* D set too: stores work */
    MAP_PAGE(1, 1, RW_A | PTE_D)
    IN_S(11, li a1, VA_PAGE(1) + 8; li a0, 0x5555; sd a0, 0(a1); ld a2, 0(a1))
    EXPECT(a2, 0x5555)
    /* D without A is still missing A */
    MAP_PAGE(3, 3, RW_CLEAN | PTE_D)
    PF_S(12, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(3), li a1, VA_PAGE(3); ld a0, 0(a1))
    PF_S(13, CAUSE_STORE_PAGE_FAULT, VA_PAGE(3), li a1, VA_PAGE(3); sd a0, 0(a1))

    /* ---- U-mode alike ---- */
    MAP_PAGE(4, 4, RW_CLEAN | PTE_U)
    MAP_PAGE(5, 5, RW_A | PTE_U)
    ID_USER
    TEST_FAULT(20, PRV_U, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(4), li a1, VA_PAGE(4); ld a0, 0(a1))
    TEST_IN(21, PRV_U, CAUSE_ECALL_U, li a1, VA_PAGE(5); ld a0, 0(a1))
    TEST_FAULT(22, PRV_U, CAUSE_STORE_PAGE_FAULT, VA_PAGE(5), li a1, VA_PAGE(5); sd a0, 0(a1))
    ID_SUPER
    EXPECT_PTE_LOW(pt_l0, 4, RW_CLEAN | PTE_U)
    EXPECT_PTE_LOW(pt_l0, 5, RW_A | PTE_U)

    /* ---- superpages ---- */
    li a1, RAM_BASE + 0x200000
    PT_SET_PA(pt_l1, 1, a1, RW_CLEAN)
    li a1, RAM_BASE
    PT_SET_PA(pt_root, 1, a1, RW_A)
    sfence.vma
    PF_S(30, CAUSE_LOAD_PAGE_FAULT, VA_MEGA(1) + 0x1000, li a1, VA_MEGA(1) + 0x1000; ld a0, 0(a1))
    IN_S(31, li a1, VA_GIGA + 0x300000; ld a0, 0(a1))
    PF_S(32, CAUSE_STORE_PAGE_FAULT, VA_GIGA + 0x300000, li a1, VA_GIGA + 0x300000; sd a0, 0(a1))
    EXPECT_PTE_LOW(pt_l1, 1, RW_CLEAN)
    EXPECT_PTE_LOW(pt_root, 1, RW_A)
    TEST_END

/* The code page: a0 = 0x123, then ecall at +4. */
    .section .text.xcode, "ax", @progbits
    .align 12
    .option push
    .option norvc
xcode:
    addi a0, zero, 0x123
    ecall
    .option pop
    .align 12
