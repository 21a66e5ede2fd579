/* Hardware A/D updating (privileged spec §4.3.1-4.3.2, Svade off): an access to a
 * leaf with A=0 sets A; a store or AMO to a leaf with D=0 sets D (and A); loads and
 * fetches leave D clear. A store after a load — whose translation may be cached
 * with D clear — still sets D. An access that page-faults sets neither, and pointer
 * PTEs are never written. Checked on the PTEs in memory, at every level. */
#include "vm.h"

/* reg = the A and D bits of table[idx] */
#define AD_OF(reg, table, idx) PT_GET(reg, table, idx); andi reg, reg, PTE_A | PTE_D
#define EXPECT_AD(table, idx, bits) AD_OF(a5, table, idx); EXPECT(a5, bits)
/* Map VA_PAGE(i) to physical page k with flags (A and D as given), then fence. */
#define FRESH(i, k, flags) MAP_PAGE(i, k, flags)

#define RW_CLEAN  (PTE_V | PTE_R | PTE_W)             /* A = D = 0 */
#define RO_CLEAN  (PTE_V | PTE_R)
#define RX_CLEAN  (PTE_V | PTE_R | PTE_X)
#define XO_CLEAN  (PTE_V | PTE_X)

#define IN_S(n, ...) TEST_IN(n, PRV_S, CAUSE_ECALL_S, __VA_ARGS__)

TEST_BEGIN
    /* ---- 4 KiB leaves ---- */
    FRESH(1, 1, RW_CLEAN)
    IN_S(1, li a1, VA_PAGE(1); ld a0, 8(a1))             /* load: A only */
    EXPECT_AD(pt_l0, 1, PTE_A)
    IN_S(2, li a1, VA_PAGE(1); ld a0, 16(a1))            /* again: no change */
    EXPECT_AD(pt_l0, 1, PTE_A)
    IN_S(3, li a1, VA_PAGE(1); sd a0, 16(a1))            /* then a store: D */
    EXPECT_AD(pt_l0, 1, PTE_A | PTE_D)
    FRESH(2, 2, RW_CLEAN)
    IN_S(4, li a1, VA_PAGE(2); sw a0, 4(a1))             /* store first: A and D */
    EXPECT_AD(pt_l0, 2, PTE_A | PTE_D)
    FRESH(3, 3, RW_CLEAN)
    IN_S(5, li a1, VA_PAGE(3); amoadd.w a0, a0, (a1))    /* AMO: A and D */
    EXPECT_AD(pt_l0, 3, PTE_A | PTE_D)
    FRESH(4, 4, RW_CLEAN)
    IN_S(6, li a1, VA_PAGE(4); lr.d a0, (a1))            /* lr: a load */
    EXPECT_AD(pt_l0, 4, PTE_A)
    IN_S(7, li a1, VA_PAGE(4); lr.d a0, (a1); sc.d a2, a0, (a1))
    EXPECT(a2, 0)                                        /* the sc succeeded */
    EXPECT_AD(pt_l0, 4, PTE_A | PTE_D)
    FRESH(5, 5, PTE_V | PTE_R | PTE_W | PTE_A)           /* A set, D clear */
    IN_S(8, li a1, VA_PAGE(5); sb a0, 3(a1))
    EXPECT_AD(pt_l0, 5, PTE_A | PTE_D)
    /* a fetch sets A only */
    PT_SET_LABEL(pt_l0, 6, xcode, 0, RX_CLEAN)
    sfence.vma
    IN_S(9, li a1, VA_PAGE(6); jalr a1)
    EXPECT(a0, 0x123)
    EXPECT_AD(pt_l0, 6, PTE_A)
    /* an MXR load of an execute-only page sets A only */
    PT_SET_LABEL(pt_l0, 7, xcode, 0, XO_CLEAN)
    sfence.vma
    li t0, MSTATUS_MXR
    csrs mstatus, t0
    IN_S(10, li a1, VA_PAGE(7); lw a0, 0(a1))
    li t0, MSTATUS_MXR
    csrc mstatus, t0
    EXPECT_AD(pt_l0, 7, PTE_A)
    /* U-mode accesses, and S with SUM, set them the same way */
    FRESH(8, 8, RW_CLEAN | PTE_U)
    FRESH(9, 9, RW_CLEAN | PTE_U)
    ID_USER
    TEST_IN(11, PRV_U, CAUSE_ECALL_U, li a1, VA_PAGE(8); ld a0, 0(a1))
    ID_SUPER
    EXPECT_AD(pt_l0, 8, PTE_A)
    li t0, MSTATUS_SUM
    csrs mstatus, t0
    IN_S(12, li a1, VA_PAGE(9); sd a0, 0(a1))
    li t0, MSTATUS_SUM
    csrc mstatus, t0
    EXPECT_AD(pt_l0, 9, PTE_A | PTE_D)
    /* pointer PTEs are not written */
    PT_GET(a5, pt_l1, 0)
    andi a5, a5, 0x3ff
    TESTNUM(13)
    EXPECT(a5, PTE_TABLE)
    PT_GET(a5, pt_root, 0)
    andi a5, a5, 0x3ff
    EXPECT(a5, PTE_TABLE)

    /* ---- page faults set nothing ---- */
#define NO_AD(n, cause, ...) \
    TEST_IN(n, PRV_S, cause, __VA_ARGS__)
    FRESH(10, 10, RO_CLEAN)                              /* store to read-only */
    NO_AD(20, CAUSE_STORE_PAGE_FAULT, li a1, VA_PAGE(10); sd a0, 0(a1))
    EXPECT_AD(pt_l0, 10, 0)
    NO_AD(21, CAUSE_STORE_PAGE_FAULT, li a1, VA_PAGE(10); amoor.d a0, a0, (a1))
#ifdef VM_QEMU
    EXPECT_AD(pt_l0, 10, PTE_A)     /* QEMU 7.2 translates the AMO's read first, setting A */
    PT_SET_LABEL(pt_l0, 10, phys_page, 10 * 4096, RO_CLEAN)
    sfence.vma
#else
    EXPECT_AD(pt_l0, 10, 0)
#endif
    FRESH(11, 11, PTE_V | PTE_R | PTE_A)                 /* A set, read-only */
    NO_AD(22, CAUSE_STORE_PAGE_FAULT, li a1, VA_PAGE(11); sd a0, 0(a1))
    EXPECT_AD(pt_l0, 11, PTE_A)
    PT_SET_LABEL(pt_l0, 12, xcode, 0, XO_CLEAN)          /* load of execute-only */
    sfence.vma
    NO_AD(23, CAUSE_LOAD_PAGE_FAULT, li a1, VA_PAGE(12); ld a0, 0(a1))
    EXPECT_AD(pt_l0, 12, 0)
    FRESH(13, 13, RW_CLEAN)                              /* fetch of non-executable */
    NO_AD(24, CAUSE_FETCH_PAGE_FAULT, li a1, VA_PAGE(13); jalr a1)
    EXPECT_AD(pt_l0, 13, 0)
    FRESH(14, 14, RW_CLEAN | PTE_U)                      /* S on a U page, no SUM */
    NO_AD(25, CAUSE_LOAD_PAGE_FAULT, li a1, VA_PAGE(14); ld a0, 0(a1))
    NO_AD(26, CAUSE_STORE_PAGE_FAULT, li a1, VA_PAGE(14); sd a0, 0(a1))
    EXPECT_AD(pt_l0, 14, 0)
    FRESH(15, 15, RW_CLEAN)                              /* U on an S page */
    ID_USER
    TEST_IN(27, PRV_U, CAUSE_STORE_PAGE_FAULT, li a1, VA_PAGE(15); sd a0, 0(a1))
    ID_SUPER
    EXPECT_AD(pt_l0, 15, 0)
    PT_SET_LABEL(pt_l0, 16, phys_page, 0, RW_CLEAN)     /* reserved bit 54 */
    PTE_ADDR(t4, pt_l0, 16)
    ld t3, 0(t4)
    li t5, 1 << 54
    or t3, t3, t5
    sd t3, 0(t4)
    sfence.vma
    NO_AD(28, CAUSE_STORE_PAGE_FAULT, li a1, VA_PAGE(16); sd a0, 0(a1))
    EXPECT_AD(pt_l0, 16, 0)
    li a1, RAM_BASE + 0x1000                             /* misaligned megapage */
    PT_SET_PA(pt_l1, 3, a1, RW_CLEAN)
    sfence.vma
    NO_AD(29, CAUSE_STORE_PAGE_FAULT, li a1, VA_MEGA(3); sd a0, 0(a1))
    EXPECT_AD(pt_l1, 3, 0)

    /* ---- superpage leaves ---- */
    li a1, RAM_BASE
    PT_SET_PA(pt_l1, 1, a1, RW_CLEAN)
    PT_SET_PA(pt_root, 1, a1, RW_CLEAN)
    li a1, RAM_BASE + 0x200000
    PT_SET_PA(pt_l1, 2, a1, RW_CLEAN)
    sfence.vma
    IN_S(30, li a1, VA_MEGA(1) + 0x1230; ld a0, 0(a1))
    EXPECT_AD(pt_l1, 1, PTE_A)
    IN_S(31, li a1, VA_MEGA(2) + 0x100000; sd a0, 0(a1))
    EXPECT_AD(pt_l1, 2, PTE_A | PTE_D)
    IN_S(32, li a1, VA_GIGA + 0x10000; ld a0, 0(a1))
    EXPECT_AD(pt_root, 1, PTE_A)
    IN_S(33, li a1, VA_GIGA + 0x7ff000; sd a0, 0(a1))
    EXPECT_AD(pt_root, 1, PTE_A | PTE_D)
    EXPECT_AD(pt_l1, 0, 0)                               /* the pointer beside them */
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
