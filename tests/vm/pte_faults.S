/* Page faults from the walk itself (privileged spec §4.3.2 steps 2-6, §4.4.1): a PTE
 * with V=0, the reserved W-without-R encoding, reserved bits 63:54 (no Svnapot,
 * Svpbmt), a non-leaf PTE at level 0, a misaligned superpage, a VA not sign-extended
 * from bit 38. Each raises the page fault of the access — fetch 12, load 13,
 * store/AMO 15 — with tval = the faulting VA, and leaves rd unwritten. Finally the
 * same faults delegated to S (medeleg) give scause/stval/sepc. */
#include "vm.h"

#define LOAD_PF(n, va) \
    TEST_FAULT(n, PRV_S, CAUSE_LOAD_PAGE_FAULT, va, li a0, 0x77; li a1, va; ld a0, 0(a1)); \
    EXPECT(a0, 0x77)
#define LR_PF(n, va) \
    TEST_FAULT(n, PRV_S, CAUSE_LOAD_PAGE_FAULT, va, li a0, 0x77; li a1, va; lr.d a0, (a1)); \
    EXPECT(a0, 0x77)
#define STORE_PF(n, va) \
    TEST_FAULT(n, PRV_S, CAUSE_STORE_PAGE_FAULT, va, li a1, va; sw a1, 0(a1))
#define AMO_PF(n, va) \
    TEST_FAULT(n, PRV_S, CAUSE_AMO_NOREAD_PAGE_FAULT, va, li a0, 0x77; li a1, va; amoadd.d a0, a1, (a1)); \
    EXPECT(a0, 0x77)
#define FETCH_PF(n, va) \
    TEST_FAULT(n, PRV_S, CAUSE_FETCH_PAGE_FAULT, va, li a1, va; jalr a1); \
    EXPECT_MTRAP(TR_EPC, va)
/* Every kind of access to va faults: tests n .. n+4 */
#define ALL_PF(n, va) \
    LOAD_PF(n, va); STORE_PF((n) + 1, va); AMO_PF((n) + 2, va); FETCH_PF((n) + 3, va); \
    LR_PF((n) + 4, va)
/* A load of va works and reads PVAL(k, off) */
#define LOAD_OK(n, va, k) \
    TEST_IN(n, PRV_S, CAUSE_ECALL_S, li a1, va; ld a0, 0(a1)); \
    EXPECT(a0, PVAL(k, (va) & 0xfff))


TEST_BEGIN
    /* ---- V = 0 ---- */
    ALL_PF(1, VA_PAGE(1) + 0x18)                    /* leaf level: a zero PTE */
    /* V = 0 with every other bit of a good leaf set */
    PT_SET_LABEL(pt_l0, 2, phys_page, 0, PTE_RWX & ~PTE_V)
    sfence.vma
    ALL_PF(10, VA_PAGE(2) + 0x20)
    ALL_PF(20, VA_MEGA(5) + 0x12340)                /* level 1: pt_l1[5] is zero */
    ALL_PF(30, 0x100000000 + 0x8)                   /* level 2: root[4] is zero */
    /* the same page, made valid: loads work after sfence.vma */
    PT_SET_LABEL(pt_l0, 2, phys_page, 0, PTE_RWX)
    sfence.vma
    LOAD_OK(35, VA_PAGE(2) + 0x20, 0)

    /* ---- W without R: reserved, for every access, at every level ---- */
    PT_SET_LABEL(pt_l0, 3, phys_page, 4096, PTE_V | PTE_W | PTE_AD)
    PT_SET_LABEL(pt_l0, 4, phys_page, 4096, PTE_V | PTE_W | PTE_X | PTE_AD)
    li a1, RAM_BASE
    PT_SET_PA(pt_l1, 6, a1, PTE_V | PTE_W | PTE_AD)
    PT_SET_PA(pt_root, 5, a1, PTE_V | PTE_W | PTE_X | PTE_AD)
    sfence.vma
    ALL_PF(40, VA_PAGE(3) + 0x28)
    ALL_PF(45, VA_PAGE(4) + 0x30)
    ALL_PF(50, VA_MEGA(6) + 0x1000)
    ALL_PF(55, (5 << 30) + 0x200000)

    /* ---- reserved bits 63:54 of a leaf: 54 and 60 (reserved), 61-62 (PBMT without
     * Svpbmt), 63 (N without Svnapot) ---- */
#define RSV_LEAF(n, i, bit) \
    PT_SET_LABEL(pt_l0, i, phys_page, 5 * 4096, PTE_RWX); \
    PTE_ADDR(t4, pt_l0, i); ld t3, 0(t4); li t5, 1; slli t5, t5, bit; or t3, t3, t5; \
    sd t3, 0(t4); sfence.vma; \
    LOAD_PF(n, VA_PAGE(i) + 0x40); STORE_PF((n) + 1, VA_PAGE(i) + 0x40); \
    FETCH_PF((n) + 2, VA_PAGE(i))
    RSV_LEAF(60, 5, 54)
    RSV_LEAF(63, 6, 57)
    RSV_LEAF(66, 7, 60)
    RSV_LEAF(69, 8, 61)
    RSV_LEAF(72, 9, 62)
    RSV_LEAF(75, 10, 63)
    /* the same leaf with the bits clear works */
    PT_SET_LABEL(pt_l0, 10, phys_page, 5 * 4096, PTE_RWX)
    sfence.vma
    LOAD_OK(78, VA_PAGE(10) + 0x40, 5)

    /* reserved bits in a non-leaf PTE: root[6] -> spare0 -> spare1 -> page 6 works,
     * then bit 54 / bit 63 set in the level-1 pointer */
    la a1, pt_spare0
    PT_SET_PA(pt_root, 6, a1, PTE_TABLE)
    la a1, pt_spare1
    PT_SET_PA(pt_spare0, 0, a1, PTE_TABLE)
    PT_SET_LABEL(pt_spare1, 0, phys_page, 6 * 4096, PTE_RW)
    sfence.vma
    LOAD_OK(80, (6 << 30) + 0x48, 6)
    PTE_ADDR(t4, pt_spare0, 0)
    ld a2, 0(t4)
    li t3, 1
    slli t3, t3, 54
    or t3, a2, t3
    sd t3, 0(t4)
    sfence.vma
    LOAD_PF(81, (6 << 30) + 0x48)
    STORE_PF(82, (6 << 30) + 0x48)
    PTE_ADDR(t4, pt_spare0, 0)
    li t3, 1
    slli t3, t3, 63
    or t3, a2, t3
    sd t3, 0(t4)
    sfence.vma
    LOAD_PF(83, (6 << 30) + 0x48)

    /* ---- a non-leaf PTE at level 0 ---- */
    la a1, pt_spare2
    PT_SET_PA(pt_l0, 11, a1, PTE_TABLE)
    PT_SET_LABEL(pt_spare2, 11, phys_page, 0, PTE_RWX)   /* would be used at level -1 */
    sfence.vma
    ALL_PF(90, VA_PAGE(11) + 0x50)

    /* ---- misaligned superpages: a leaf above level 0 whose PPN has low bits set ---- */
    li a1, RAM_BASE + 0x1000                        /* megapage with PPN[0] = 1 */
    PT_SET_PA(pt_l1, 7, a1, PTE_RWX)
    li a1, RAM_BASE + 0x200000                      /* gigapage with PPN[1] = 1 */
    PT_SET_PA(pt_root, 7, a1, PTE_RWX)
    li a1, RAM_BASE + 0x1000                        /* gigapage with PPN[0] = 1 */
    PT_SET_PA(pt_root, 8, a1, PTE_RWX)
    li a1, RAM_BASE + 0x200000                      /* an aligned megapage works */
    PT_SET_PA(pt_l1, 8, a1, PTE_RWX)
    sfence.vma
    ALL_PF(100, VA_MEGA(7) + 0x58)
    ALL_PF(105, (7 << 30) + 0x58)
    ALL_PF(110, (8 << 30) + 0x1058)
    TEST_IN(115, PRV_S, CAUSE_ECALL_S, li a1, VA_MEGA(8) + 0x58; ld a0, 0(a1))

    /* ---- VAs not sign-extended from bit 38 (nothing is walked) ---- */
    ALL_PF(120, 0x0000004000000000)                 /* bit 38 set, 63:39 clear */
    ALL_PF(125, 0xffffffbf80000000)                 /* bit 38 clear, 63:39 set */
    ALL_PF(130, 0x8000000080100000)                 /* the identity gigapage, bit 63 */
    ALL_PF(135, 0x0000008080100000)                 /* ... and bit 39 */
    /* and when the low 39 bits hit a translation just used (cached in a TLB): the
     * check is on the VA, not only on a walk */
#define ALIAS_BIT(reg, bit) li t2, 1; slli t2, t2, bit; or reg, reg, t2
    TEST_IN(140, PRV_S, CAUSE_LOAD_PAGE_FAULT, la a1, phys_page; ld a0, 0(a1); ALIAS_BIT(a1, 63); ld a0, 0(a1))
    EXPECT_TVAL_REG(a1)
    TEST_IN(141, PRV_S, CAUSE_STORE_PAGE_FAULT, la a1, phys_page; sd a0, 0(a1); ALIAS_BIT(a1, 39); sd a0, 0(a1))
    EXPECT_TVAL_REG(a1)
    TEST_IN(142, PRV_S, CAUSE_FETCH_PAGE_FAULT, la a1, 1f; ALIAS_BIT(a1, 63); jalr a1; 1: nop)
    EXPECT_TVAL_REG(a1)
    EXPECT_TRAP_REG(mtrap_rec, TR_EPC, a1)
    TEST_IN(143, PRV_S, CAUSE_FETCH_PAGE_FAULT, la a1, 1f; ALIAS_BIT(a1, 40); jalr a1; 1: nop)
    EXPECT_TVAL_REG(a1)
    /* the canonical neighbours are walked (root[255] and root[256] are zero: V=0
     * faults with the same causes) */
    ALL_PF(145, 0x0000003ffffff000)
    ALL_PF(150, 0xffffffc000000000)

    /* ---- delegated to S: scause, stval, sepc ---- */
    li t0, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
    csrw medeleg, t0
#define S_FAULT(n, cause, va, ...) \
    TRAP_ARM(strap_rec); \
    TEST_IN(n, PRV_S, CAUSE_ECALL_S, __VA_ARGS__); \
    TRAP_DISARM(strap_rec); \
    EXPECT_STRAP(TR_COUNT, 1); EXPECT_STRAP(TR_CAUSE, cause); EXPECT_STRAP(TR_TVAL, va)
    S_FAULT(160, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1) + 0x60, li a1, VA_PAGE(1) + 0x60; 1: ld a0, 0(a1))
    EXPECT_TRAP_ADDR(strap_rec, TR_EPC, 1b)
    S_FAULT(161, CAUSE_STORE_PAGE_FAULT, VA_PAGE(3) + 0x68, li a1, VA_PAGE(3) + 0x68; 1: sd a0, 0(a1))
    EXPECT_TRAP_ADDR(strap_rec, TR_EPC, 1b)
    S_FAULT(162, CAUSE_LOAD_PAGE_FAULT, 0x0000004000000000, li a1, 0x0000004000000000; 1: lw a0, 0(a1))
    EXPECT_TRAP_ADDR(strap_rec, TR_EPC, 1b)
    S_FAULT(163, CAUSE_FETCH_PAGE_FAULT, VA_PAGE(11), RESUME_AT(strap_rec, 2f); li a1, VA_PAGE(11); jalr a1; j fail; 2:)
    EXPECT_STRAP(TR_EPC, VA_PAGE(11))
    csrw medeleg, zero
    TEST_END
