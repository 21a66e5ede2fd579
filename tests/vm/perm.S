/* Leaf permissions (privileged spec §4.3.1, §4.3.2 step 5): R, W, X checked per
 * access, fetch 12 / load 13 / store and AMO 15 with tval = the VA; U pages are for
 * U-mode only, S pages for S-mode only, except that SUM lets S load and store (never
 * fetch) from U pages; MXR makes execute-only pages readable (not writable). */
#include "vm.h"

#define ECALL_FROM(mode) (CAUSE_ECALL_U + (mode))

/* Loads and stores that work; the load reads PVAL(k, off) or the code word. */
#define LOAD_OK(n, mode, va, val) \
    TEST_IN(n, mode, ECALL_FROM(mode), li a1, va; ld a0, 0(a1)); EXPECT(a0, val)
#define LOAD_PF(n, mode, va) \
    TEST_IN(n, mode, CAUSE_LOAD_PAGE_FAULT, li a0, 0x77; li a1, va; ld a0, 0(a1)); \
    EXPECT_TVAL(va); EXPECT(a0, 0x77)
#define STORE_OK(n, mode, va) \
    TEST_IN(n, mode, ECALL_FROM(mode), li a1, va; sd a1, 0(a1))
#define STORE_PF(n, mode, va) \
    TEST_IN(n, mode, CAUSE_STORE_PAGE_FAULT, li a1, va; sd a1, 0(a1)); EXPECT_TVAL(va)
#define AMO_PF(n, mode, va) \
    TEST_IN(n, mode, CAUSE_STORE_PAGE_FAULT, li a0, 0x77; li a1, va; amoor.d a0, a1, (a1)); \
    EXPECT_TVAL(va); EXPECT(a0, 0x77)
/* A fetch from the code page at va: it sets a0 = 0x123 and calls ecall */
#define FETCH_OK(n, mode, va) \
    li a0, 0; TEST_IN(n, mode, ECALL_FROM(mode), li a1, va; jalr a1); EXPECT(a0, 0x123)
#define FETCH_PF(n, mode, va) \
    li a0, 0; TEST_IN(n, mode, CAUSE_FETCH_PAGE_FAULT, li a1, va; jalr a1); \
    EXPECT_TVAL(va); EXPECT_MTRAP(TR_EPC, va); EXPECT(a0, 0)

#define SET_MSTATUS(bits)   li t0, bits; csrs mstatus, t0
#define CLEAR_MSTATUS(bits) li t0, bits; csrc mstatus, t0

#define CODE_WORD 0x0000007312300513    /* addi a0, zero, 0x123; ecall */

/* pages: S-mode i = 1..6, the same for U-mode at i + 10 */
#define P_R   1
#define P_RW  2
#define P_X   3
#define P_RX  4
#define P_RWX 5

TEST_BEGIN
    PT_SET_LABEL(pt_l0, P_R, phys_page, 1 * 4096, PTE_RO)
    PT_SET_LABEL(pt_l0, P_RW, phys_page, 2 * 4096, PTE_RW)
    PT_SET_LABEL(pt_l0, P_X, xcode, 0, PTE_XO)
    PT_SET_LABEL(pt_l0, P_RX, xcode, 0, PTE_RX)
    PT_SET_LABEL(pt_l0, P_RWX, xcode, 0, PTE_RWX)
    PT_SET_LABEL(pt_l0, 10 + P_R, phys_page, 1 * 4096, PTE_RO | PTE_U)
    PT_SET_LABEL(pt_l0, 10 + P_RW, phys_page, 2 * 4096, PTE_RW | PTE_U)
    PT_SET_LABEL(pt_l0, 10 + P_X, xcode, 0, PTE_XO | PTE_U)
    PT_SET_LABEL(pt_l0, 10 + P_RX, xcode, 0, PTE_RX | PTE_U)
    PT_SET_LABEL(pt_l0, 10 + P_RWX, xcode, 0, PTE_RWX | PTE_U)
    sfence.vma

    /* ---- S-mode on S pages ---- */
    LOAD_OK(1, PRV_S, VA_PAGE(P_R) + 8, PVAL(1, 8))
    STORE_PF(2, PRV_S, VA_PAGE(P_R) + 8)
    AMO_PF(3, PRV_S, VA_PAGE(P_R) + 8)
    FETCH_PF(4, PRV_S, VA_PAGE(P_R))
    LOAD_OK(5, PRV_S, VA_PAGE(P_RW) + 16, PVAL(2, 16))
    STORE_OK(6, PRV_S, VA_PAGE(P_RW) + 16)
    LOAD_OK(7, PRV_S, VA_PAGE(P_RW) + 16, VA_PAGE(P_RW) + 16)
    FETCH_PF(8, PRV_S, VA_PAGE(P_RW))
    LOAD_PF(9, PRV_S, VA_PAGE(P_X))                  /* execute-only */
    STORE_PF(10, PRV_S, VA_PAGE(P_X))
    FETCH_OK(11, PRV_S, VA_PAGE(P_X))
    LOAD_OK(12, PRV_S, VA_PAGE(P_RX), CODE_WORD)
    STORE_PF(13, PRV_S, VA_PAGE(P_RX) + 0x800)
    FETCH_OK(14, PRV_S, VA_PAGE(P_RX))
    LOAD_OK(15, PRV_S, VA_PAGE(P_RWX), CODE_WORD)
    FETCH_OK(16, PRV_S, VA_PAGE(P_RWX))
    STORE_OK(17, PRV_S, VA_PAGE(P_RWX) + 0x800)
    /* lr/sc: lr is a load, sc a store */
    TEST_IN(18, PRV_S, CAUSE_STORE_PAGE_FAULT, li a1, VA_PAGE(P_R) + 0x20; lr.d a0, (a1); sc.d a2, a1, (a1))
    EXPECT_TVAL(VA_PAGE(P_R) + 0x20)
    EXPECT(a0, PVAL(1, 0x20))
    TEST_IN(19, PRV_S, CAUSE_LOAD_PAGE_FAULT, li a1, VA_PAGE(P_X) + 0x20; lr.d a0, (a1))
    EXPECT_TVAL(VA_PAGE(P_X) + 0x20)

    /* ---- MXR: execute-only becomes readable, not writable ---- */
    SET_MSTATUS(MSTATUS_MXR)
    LOAD_OK(20, PRV_S, VA_PAGE(P_X), CODE_WORD)
    STORE_PF(21, PRV_S, VA_PAGE(P_X))
    LOAD_OK(22, PRV_S, VA_PAGE(P_R) + 8, PVAL(1, 8))   /* R pages stay readable */
    FETCH_PF(23, PRV_S, VA_PAGE(P_R))                  /* and not executable */
    CLEAR_MSTATUS(MSTATUS_MXR)
    LOAD_PF(24, PRV_S, VA_PAGE(P_X))                   /* MXR off again */

    /* ---- S-mode on U pages: faults without SUM ---- */
    LOAD_PF(30, PRV_S, VA_PAGE(10 + P_R) + 8)
    LOAD_PF(31, PRV_S, VA_PAGE(10 + P_RW) + 8)
    STORE_PF(32, PRV_S, VA_PAGE(10 + P_RW) + 8)
    TEST_IN(33, PRV_S, CAUSE_AMO_NOREAD_PAGE_FAULT, li a0, 0x77; li a1, VA_PAGE(10 + P_RW) + 8; amoor.d a0, a1, (a1))
    EXPECT_TVAL(VA_PAGE(10 + P_RW) + 8)
    EXPECT(a0, 0x77)
    FETCH_PF(34, PRV_S, VA_PAGE(10 + P_RX))
    FETCH_PF(35, PRV_S, VA_PAGE(10 + P_X))
    /* with SUM: loads and stores work as the R/W bits say; fetches still fault */
    SET_MSTATUS(MSTATUS_SUM)
    LOAD_OK(40, PRV_S, VA_PAGE(10 + P_R) + 8, PVAL(1, 8))
    STORE_PF(41, PRV_S, VA_PAGE(10 + P_R) + 8)
    STORE_OK(42, PRV_S, VA_PAGE(10 + P_RW) + 0x28)
    LOAD_OK(43, PRV_S, VA_PAGE(10 + P_RW) + 0x28, VA_PAGE(10 + P_RW) + 0x28)
    TEST_IN(44, PRV_S, CAUSE_ECALL_S, li a1, VA_PAGE(10 + P_RW) + 0x30; li a0, 5; amoadd.d a0, a0, (a1))
    EXPECT(a0, PVAL(2, 0x30))
    FETCH_PF(45, PRV_S, VA_PAGE(10 + P_RX))
    FETCH_PF(46, PRV_S, VA_PAGE(10 + P_RWX))
    FETCH_PF(47, PRV_S, VA_PAGE(10 + P_X))
    LOAD_PF(48, PRV_S, VA_PAGE(10 + P_X))              /* SUM does not give R */
    SET_MSTATUS(MSTATUS_MXR)
    LOAD_OK(49, PRV_S, VA_PAGE(10 + P_X), CODE_WORD)   /* SUM and MXR together */
    CLEAR_MSTATUS(MSTATUS_MXR | MSTATUS_SUM)
    LOAD_PF(50, PRV_S, VA_PAGE(10 + P_R) + 8)          /* SUM off again */

    /* S itself turning SUM and MXR on and off through sstatus: each access sees the
     * current bits (nothing cached from before the write) */
    TEST_IN(51, PRV_S, CAUSE_LOAD_PAGE_FAULT, li a1, VA_PAGE(10 + P_R) + 8; li t0, MSTATUS_SUM; \
            csrs sstatus, t0; ld a0, 0(a1); ld a2, 0(a1); csrc sstatus, t0; ld a0, 0(a1))
    EXPECT_TVAL(VA_PAGE(10 + P_R) + 8)
    EXPECT(a2, PVAL(1, 8))
    TEST_IN(52, PRV_S, CAUSE_STORE_PAGE_FAULT, li a1, VA_PAGE(10 + P_RW) + 8; li t0, MSTATUS_SUM; \
            csrs sstatus, t0; sd a1, 0(a1); sd a1, 0(a1); csrc sstatus, t0; sd a1, 0(a1))
    EXPECT_TVAL(VA_PAGE(10 + P_RW) + 8)
    TEST_IN(53, PRV_S, CAUSE_LOAD_PAGE_FAULT, li a1, VA_PAGE(P_X); li t0, MSTATUS_MXR; \
            csrs sstatus, t0; lw a0, 0(a1); lw a2, 0(a1); csrc sstatus, t0; lw a0, 0(a1))
    EXPECT_TVAL(VA_PAGE(P_X))
    EXPECT(a2, 0x12300513)
    li t0, MSTATUS_SUM | MSTATUS_MXR
    csrc mstatus, t0

    /* ---- U-mode ---- */
    ID_USER
    LOAD_OK(60, PRV_U, VA_PAGE(10 + P_R) + 8, PVAL(1, 8))
    STORE_PF(61, PRV_U, VA_PAGE(10 + P_R) + 8)
    AMO_PF(62, PRV_U, VA_PAGE(10 + P_R) + 8)
    FETCH_PF(63, PRV_U, VA_PAGE(10 + P_R))
    STORE_OK(64, PRV_U, VA_PAGE(10 + P_RW) + 0x38)
    LOAD_OK(65, PRV_U, VA_PAGE(10 + P_RW) + 0x38, VA_PAGE(10 + P_RW) + 0x38)
    FETCH_PF(66, PRV_U, VA_PAGE(10 + P_RW))
    LOAD_PF(67, PRV_U, VA_PAGE(10 + P_X))
    STORE_PF(68, PRV_U, VA_PAGE(10 + P_X))
    FETCH_OK(69, PRV_U, VA_PAGE(10 + P_X))
    LOAD_OK(70, PRV_U, VA_PAGE(10 + P_RX), CODE_WORD)
    FETCH_OK(71, PRV_U, VA_PAGE(10 + P_RX))
    SET_MSTATUS(MSTATUS_MXR)
    LOAD_OK(72, PRV_U, VA_PAGE(10 + P_X), CODE_WORD)
    STORE_PF(73, PRV_U, VA_PAGE(10 + P_X))
    CLEAR_MSTATUS(MSTATUS_MXR)
    /* U on S pages: everything faults, SUM or not */
    LOAD_PF(80, PRV_U, VA_PAGE(P_R) + 8)
    LOAD_PF(81, PRV_U, VA_PAGE(P_RW) + 8)
    STORE_PF(82, PRV_U, VA_PAGE(P_RW) + 8)
    FETCH_PF(83, PRV_U, VA_PAGE(P_RX))
    FETCH_PF(84, PRV_U, VA_PAGE(P_X))
    SET_MSTATUS(MSTATUS_SUM | MSTATUS_MXR)
    LOAD_PF(85, PRV_U, VA_PAGE(P_R) + 8)
    STORE_PF(86, PRV_U, VA_PAGE(P_RW) + 8)
    LOAD_PF(87, PRV_U, VA_PAGE(P_X))
    FETCH_PF(88, PRV_U, VA_PAGE(P_RWX))
    CLEAR_MSTATUS(MSTATUS_SUM | MSTATUS_MXR)
    ID_SUPER

    /* ---- superpage leaves carry permissions too ---- */
    li a1, RAM_BASE
    PT_SET_PA(pt_l1, 1, a1, PTE_RO | PTE_U)
    PT_SET_PA(pt_root, 1, a1, PTE_XO)
    sfence.vma
    la a2, phys_page
    VIA_SUPER(a2, VA_MEGA(1))
    TEST_IN(90, PRV_S, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a2))
    EXPECT_TVAL_REG(a2)
    SET_MSTATUS(MSTATUS_SUM)
    TEST_IN(91, PRV_S, CAUSE_ECALL_S, ld a0, 0(a2))
    EXPECT(a0, PVAL(0, 0))
    TEST_IN(92, PRV_S, CAUSE_STORE_PAGE_FAULT, sd a0, 0(a2))
    EXPECT_TVAL_REG(a2)
    CLEAR_MSTATUS(MSTATUS_SUM)
    la a1, xcode
    VIA_SUPER(a1, VA_GIGA)
    li a0, 0
    TEST_IN(93, PRV_S, CAUSE_ECALL_S, jalr a1)
    EXPECT(a0, 0x123)
    TEST_IN(94, PRV_S, CAUSE_LOAD_PAGE_FAULT, ld a0, 0(a1))
    EXPECT_TVAL_REG(a1)

    /* S has just fetched from the identity gigapage (an S page): U may not, with
     * no fence in between */
    TEST_IN(95, PRV_S, CAUSE_ECALL_S, nop)
    TEST_IN(96, PRV_U, CAUSE_FETCH_PAGE_FAULT, nop)
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
