/* sfence.vma (privileged spec §4.2.1): after a PTE changes, the old translation may
 * still be used until an sfence.vma covers it — that is not tested here, it is
 * implementation-defined. Tested: after each form of the fence — all (x0, x0), one
 * VA (va, x0), one ASID (x0, asid), one VA in one ASID (va, asid) — executed in S or
 * in M, the new translation is used; a VA anywhere in a superpage covers it; global
 * mappings still translate after the ASID forms; and ASIDs tag translations: two
 * address spaces mapping one VA to different pages, switched by satp alone, each
 * see their own page. */
#include "vm.h"

#define VA1 (VA_PAGE(1) + 0x18)
/* Run in S: load VA1 (filling the TLBs) into a0, then hand back to M. */
#define LOAD_VA1(n, reg) TEST_IN(n, PRV_S, CAUSE_ECALL_S, li a1, VA1; ld reg, 0(a1))
/* satp for the reset tables with ASID a (uses t0, t1) */
#define SATP_ASID_SET(a) \
    la t0, pt_root; srli t0, t0, 12; li t1, SATP_SV39 | SATP_ASID(a); or t0, t0, t1; \
    csrw satp, t0; sfence.vma

/* One fence form executed in S: remap VA_PAGE(1) from page k-1's to page k (no fence
 * from M), then in S: fence, load; expect page k. */
#define REMAP_FENCE_S(n, k, ...) \
    MAP_PAGE(1, (k) - 1, PTE_RW); LOAD_VA1(n, a0); EXPECT(a0, PVAL((k) - 1, 0x18)); \
    PT_SET_LABEL(pt_l0, 1, phys_page, (k) * 4096, PTE_RW); \
    TEST_IN((n) + 1, PRV_S, CAUSE_ECALL_S, li a1, VA1; __VA_ARGS__; ld a0, 0(a1)); \
    EXPECT(a0, PVAL(k, 0x18))
/* The same with the fence executed in M. */
#define REMAP_FENCE_M(n, k, ...) \
    MAP_PAGE(1, (k) - 1, PTE_RW); LOAD_VA1(n, a0); EXPECT(a0, PVAL((k) - 1, 0x18)); \
    PT_SET_LABEL(pt_l0, 1, phys_page, (k) * 4096, PTE_RW); \
    li a1, VA1; __VA_ARGS__; LOAD_VA1((n) + 1, a0); EXPECT(a0, PVAL(k, 0x18))

TEST_BEGIN
    /* ---- the four forms, under ASID 5 ---- */
    SATP_ASID_SET(5)
    li a2, 5
    REMAP_FENCE_S(1, 2, sfence.vma)
    REMAP_FENCE_S(3, 4, sfence.vma a1)
    REMAP_FENCE_S(5, 6, sfence.vma zero, a2)
    REMAP_FENCE_S(7, 8, sfence.vma a1, a2)
    REMAP_FENCE_M(11, 2, sfence.vma)
    REMAP_FENCE_M(13, 4, sfence.vma a1)
    REMAP_FENCE_M(15, 6, sfence.vma zero, a2)
    REMAP_FENCE_M(17, 8, sfence.vma a1, a2)
    /* a VA elsewhere in the same page works as well */
    REMAP_FENCE_S(21, 10, li a3, VA_PAGE(1) + 0xff8; sfence.vma a3)
    REMAP_FENCE_S(23, 12, li a3, VA_PAGE(1) + 0x800; sfence.vma a3, a2)

    /* ---- fetches: a code page remapped to other code runs the new code ---- */
    PT_SET_LABEL(pt_l0, 3, xcode, 0, PTE_RX)
    sfence.vma
    li a0, 0
    TEST_IN(25, PRV_S, CAUSE_ECALL_S, li a1, VA_PAGE(3); jalr a1)
    EXPECT(a0, 0x123)
    PT_SET_LABEL(pt_l0, 3, xcode, 4096, PTE_RX)
    TEST_IN(26, PRV_S, CAUSE_ECALL_S, li a1, VA_PAGE(3); sfence.vma a1; jalr a1)
    EXPECT(a0, 0x456)
    PT_SET_LABEL(pt_l0, 3, xcode, 0, PTE_RX)
    TEST_IN(27, PRV_S, CAUSE_ECALL_S, li a1, VA_PAGE(3); sfence.vma zero, a2; jalr a1)
    EXPECT(a0, 0x123)

    /* ---- superpages: a VA anywhere in the megapage / gigapage ---- */
    li a4, RAM_BASE + 0x200000
    PT_SET_PA(pt_l1, 1, a4, PTE_RW)
    sfence.vma
    li a4, RAM_BASE + 0x2000f8                 /* the dword the load will reach */
    li a5, 0x1111
    sd a5, 0(a4)
    li a4, RAM_BASE + 0x4000f8
    li a5, 0x2222
    sd a5, 0(a4)
    TEST_IN(30, PRV_S, CAUSE_ECALL_S, li a1, VA_MEGA(1) + 0xf8; ld a0, 0(a1))
    EXPECT(a0, 0x1111)
    li a4, RAM_BASE + 0x400000
    PT_SET_PA(pt_l1, 1, a4, PTE_RW)
    TEST_IN(31, PRV_S, CAUSE_ECALL_S, li a3, VA_MEGA(1) + 0x1ff000; sfence.vma a3; li a1, VA_MEGA(1) + 0xf8; ld a0, 0(a1))
    EXPECT(a0, 0x2222)
    li a4, RAM_BASE
    PT_SET_PA(pt_root, 1, a4, PTE_RW)
    sfence.vma
    TEST_IN(32, PRV_S, CAUSE_ECALL_S, li a1, VA_GIGA + 0x2000f8; ld a0, 0(a1))
    EXPECT(a0, 0x1111)
    li a4, RAM_BASE + 0x200000                 /* misaligned now: the walk faults */
    PT_SET_PA(pt_root, 1, a4, PTE_RW)
    TEST_IN(33, PRV_S, CAUSE_LOAD_PAGE_FAULT, li a3, VA_GIGA + 0x3ffff000; sfence.vma a3, a2; li a1, VA_GIGA + 0x2000f8; ld a0, 0(a1))
    EXPECT_TVAL(VA_GIGA + 0x2000f8)

    /* ---- global mappings ---- */
    MAP_PAGE(2, 6, PTE_RW | PTE_G)             /* a global leaf */
    la a4, pt_spare0                           /* a global pointer: all below global */
    PT_SET_PA(pt_l1, 3, a4, PTE_TABLE | PTE_G)
    PT_SET_LABEL(pt_spare0, 0, phys_page, 7 * 4096, PTE_RW)
    sfence.vma
#define GLOBAL_LOADS li a1, VA_PAGE(2); ld a0, 0(a1); li a1, VA_MEGA(3); ld a3, 0(a1)
    TEST_IN(40, PRV_S, CAUSE_ECALL_S, GLOBAL_LOADS; sfence.vma zero, a2; GLOBAL_LOADS)
    EXPECT(a0, PVAL(6, 0))
    EXPECT(a3, PVAL(7, 0))
    TEST_IN(41, PRV_S, CAUSE_ECALL_S, GLOBAL_LOADS; li a1, VA_PAGE(2); sfence.vma a1, a2; GLOBAL_LOADS)
    EXPECT(a0, PVAL(6, 0))
    EXPECT(a3, PVAL(7, 0))
    /* under another ASID, with no fence, they still translate */
    SATP_ASID_SET(6)
    TEST_IN(42, PRV_S, CAUSE_ECALL_S, GLOBAL_LOADS)
    EXPECT(a0, PVAL(6, 0))
    EXPECT(a3, PVAL(7, 0))
    /* and the full and VA forms do cover them */
    MAP_PAGE(2, 6, PTE_RW | PTE_G)
    TEST_IN(43, PRV_S, CAUSE_ECALL_S, GLOBAL_LOADS)
    PT_SET_LABEL(pt_l0, 2, phys_page, 8 * 4096, PTE_RW | PTE_G)
    TEST_IN(44, PRV_S, CAUSE_ECALL_S, sfence.vma; GLOBAL_LOADS)
    EXPECT(a0, PVAL(8, 0))
    PT_SET_LABEL(pt_l0, 2, phys_page, 9 * 4096, PTE_RW | PTE_G)
    TEST_IN(45, PRV_S, CAUSE_ECALL_S, li a1, VA_PAGE(2); sfence.vma a1; GLOBAL_LOADS)
    EXPECT(a0, PVAL(9, 0))

    /* ---- ASIDs tag translations: root (ASID 1) maps VA1 to page 1, root2 (ASID 2)
     * to page 13; S switches satp back and forth with no fence in between ---- */
    MAP_PAGE(1, 1, PTE_RW)
    la a4, pt_spare1                           /* root2 */
    li a5, RAM_BASE
    PT_SET_PA(pt_spare1, 2, a5, PTE_RWX)       /* the same identity gigapage */
    la a5, pt_spare2
    PT_SET_PA(pt_spare1, 0, a5, PTE_TABLE)
    la a5, pt_spare3
    PT_SET_PA(pt_spare2, 0, a5, PTE_TABLE)
    PT_SET_LABEL(pt_spare3, 1, phys_page, 13 * 4096, PTE_RW)
    la s2, pt_root
    srli s2, s2, 12
    li t0, SATP_SV39 | SATP_ASID(1)
    or s2, s2, t0
    srli s3, a4, 12
    li t0, SATP_SV39 | SATP_ASID(2)
    or s3, s3, t0
    csrw satp, s2
    sfence.vma                                 /* the only fence */
#define SWITCH_LOAD(satpreg, reg) csrw satp, satpreg; ld reg, 0(a1)
    TEST_IN(50, PRV_S, CAUSE_ECALL_S, li a1, VA1; SWITCH_LOAD(s2, a0); SWITCH_LOAD(s3, a3); \
            SWITCH_LOAD(s2, a4); SWITCH_LOAD(s3, a5); SWITCH_LOAD(s2, a6); SWITCH_LOAD(s3, a7))
    EXPECT(a0, PVAL(1, 0x18))
    EXPECT(a3, PVAL(13, 0x18))
    EXPECT(a4, PVAL(1, 0x18))
    EXPECT(a5, PVAL(13, 0x18))
    EXPECT(a6, PVAL(1, 0x18))
    EXPECT(a7, PVAL(13, 0x18))
    /* stores too */
    TEST_IN(51, PRV_S, CAUSE_ECALL_S, li a1, VA1; li a0, 0x1001; csrw satp, s2; sd a0, 0(a1); \
            li a0, 0x2002; csrw satp, s3; sd a0, 0(a1); csrw satp, s2; ld a3, 0(a1); \
            csrw satp, s3; ld a4, 0(a1))
    EXPECT(a3, 0x1001)
    EXPECT(a4, 0x2002)
    /* flushing ASID 1 after remapping its VA1 to page 14 leaves ASID 2 alone */
    csrw satp, s2
    PT_SET_LABEL(pt_l0, 1, phys_page, 14 * 4096, PTE_RW)
    TEST_IN(52, PRV_S, CAUSE_ECALL_S, li a1, VA1; li a2, 1; sfence.vma zero, a2; ld a0, 0(a1); \
            SWITCH_LOAD(s3, a3); SWITCH_LOAD(s2, a4))
    EXPECT(a0, PVAL(14, 0x18))
    EXPECT(a3, 0x2002)
    EXPECT(a4, PVAL(14, 0x18))
    csrw satp, s2
    sfence.vma
    TEST_END

/* Two code pages: a0 = 0x123 / 0x456, then ecall. */
    .section .text.xcode, "ax", @progbits
    .align 12
    .option push
    .option norvc
xcode:
    addi a0, zero, 0x123
    ecall
    .align 12
    addi a0, zero, 0x456
    ecall
    .option pop
    .align 12
