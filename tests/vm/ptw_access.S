/* Access faults during translation (privileged spec §4.3.2 step 2: "If accessing pte
 * violates a PMA or PMP check, raise an access-fault exception corresponding to the
 * original access type"): a PTE address with no memory behind it (satp or a
 * pointer PTE aimed at 0x0, 0x40000000 or the top of the physical space) or denied
 * by PMP gives fetch 1 / load 5 / store 7 with tval = the VA. So does a leaf that
 * translates to a physical address with nothing there. */
#include "vm.h"

/* QEMU 7.2 raises a page fault when a PTE read fails on the bus (it checks PMP
 * first, so PMP-denied PTE reads do give access faults there). */
#ifdef VM_QEMU
#define BUS_FETCH CAUSE_FETCH_PAGE_FAULT
#define BUS_LOAD  CAUSE_LOAD_PAGE_FAULT
#define BUS_STORE CAUSE_STORE_PAGE_FAULT
#define BUS_AMO   CAUSE_LOAD_PAGE_FAULT
#define ACC_AMO   CAUSE_LOAD_ACCESS     /* as for AMOs in tests/isa/access_fault.S */
#else
#define ACC_AMO   CAUSE_STORE_ACCESS
#define BUS_FETCH CAUSE_FETCH_ACCESS
#define BUS_LOAD  CAUSE_LOAD_ACCESS
#define BUS_STORE CAUSE_STORE_ACCESS
#define BUS_AMO   CAUSE_STORE_ACCESS
#endif

/* Every kind of access to va faults with the given causes (tests n .. n+3). */
#define ALL_FAULT(n, va, fetch, load, store, amo) \
    TEST_FAULT(n, PRV_S, load, va, li a0, 0x77; li a1, va; ld a0, 0(a1)); EXPECT(a0, 0x77); \
    TEST_FAULT((n) + 1, PRV_S, store, va, li a1, va; sd a1, 0(a1)); \
    TEST_FAULT((n) + 2, PRV_S, amo, va, li a1, va; amoswap.d a0, a1, (a1)); \
    TEST_FAULT((n) + 3, PRV_S, fetch, va, li a1, va; jalr a1); EXPECT_MTRAP(TR_EPC, va)
#define ALL_BUS(n, va)    ALL_FAULT(n, va, BUS_FETCH, BUS_LOAD, BUS_STORE, BUS_AMO)
#define ALL_ACCESS(n, va) \
    ALL_FAULT(n, va, CAUSE_FETCH_ACCESS, CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS, ACC_AMO)

/* Enter S at label with satp = SATP_SV39 | ppn and expect the very first fetch to
 * fault with cause; satp is restored (s0) before checking. */
#define SATP_FETCH_FAULT(n, ppn, cause) \
    TESTNUM(n); TRAP_ARM(mtrap_rec); RESUME_AT(mtrap_rec, 2f); \
    li t0, SATP_SV39 | (ppn); csrw satp, t0; sfence.vma; \
    MRET_TO(PRV_S, 1f); \
1:  j fail; \
2:  csrw satp, s0; sfence.vma; TRAP_DISARM(mtrap_rec); \
    EXPECT_MTRAP(TR_COUNT, 1); EXPECT_MTRAP(TR_CAUSE, cause); \
    EXPECT_TRAP_ADDR(mtrap_rec, TR_TVAL, 1b); EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)

TEST_BEGIN
    csrr s0, satp

    /* ---- the root table outside memory ---- */
    SATP_FETCH_FAULT(1, 0, BUS_FETCH)                      /* at 0x0 */
    SATP_FETCH_FAULT(2, 0x40000000 >> 12, BUS_FETCH)       /* at 0x40000000 */
    SATP_FETCH_FAULT(3, (1 << 44) - 1, BUS_FETCH)          /* the last page of 2^56 */

    /* ---- a pointer PTE to a table outside memory, at level 2 and level 1 ---- */
    li a1, 0x40000000
    PT_SET_PA(pt_root, 3, a1, PTE_TABLE)
    li a1, 0
    PT_SET_PA(pt_l1, 9, a1, PTE_TABLE)
    PT_SET(pt_l1, 10, (((1 << 44) - 1) << 10) | PTE_TABLE)
    sfence.vma
    ALL_BUS(10, (3 << 30) + 0x1238)
    ALL_BUS(20, VA_MEGA(9) + 0x88)
    ALL_BUS(30, VA_MEGA(10) + 0x3450)
    /* memory there again: the walk goes on (V=0 below: page faults) */
    la a1, pt_spare0
    PT_SET_PA(pt_l1, 9, a1, PTE_TABLE)
    sfence.vma
    TEST_FAULT(40, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_MEGA(9) + 0x88, li a1, VA_MEGA(9) + 0x88; ld a0, 0(a1))

    /* ---- PTE reads denied by PMP: entry 0 covers pt_l0 with no permission, entry 1
     * the rest of memory RWX; S-mode walks are checked as S ---- */
    MAP_PAGE(1, 1, PTE_RWX)
    la a1, pt_l0
    srli a1, a1, 2
    ori a1, a1, (4096 >> 3) - 1                             /* NAPOT 4 KiB */
    csrw pmpaddr0, a1
    li a1, -1
    csrw pmpaddr1, a1
    li a1, (PMP_NAPOT << 0) | ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8)
    csrw pmpcfg0, a1
    sfence.vma
    ALL_ACCESS(50, VA_PAGE(1) + 0x10)
    /* pt_l0 readable but not writable: a walk that needs no A/D update works */
    li a1, (PMP_NAPOT | PMP_R) | ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8)
    csrw pmpcfg0, a1
    sfence.vma
    TEST_IN(55, PRV_S, CAUSE_ECALL_S, li a1, VA_PAGE(1) + 0x10; ld a0, 0(a1))
    EXPECT(a0, PVAL(1, 0x10))
    /* but setting A is a store to the PTE, which PMP denies: an access fault of the
     * original access type, and A stays clear (QEMU 7.2 does not check PMP for its
     * A/D update: it sets A and the access goes on) */
#ifndef VM_QEMU
    PT_SET_LABEL(pt_l0, 1, phys_page, 4096, PTE_V | PTE_R | PTE_W)
    sfence.vma
    ALL_FAULT(56, VA_PAGE(1) + 0x10, CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS, ACC_AMO)
    PT_GET(a0, pt_l0, 1)
    andi a0, a0, PTE_A | PTE_D
    EXPECT(a0, 0)
#endif
    /* back to the reset PMP: one entry over everything */
    li a1, -1
    csrw pmpaddr0, a1
    li a1, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrw pmpcfg0, a1
    sfence.vma

    /* ---- a leaf onto a physical address with nothing there: the translation
     * succeeds, the access itself faults, tval is still the VA ---- */
    li a1, 0x40000000
    PT_SET_PA(pt_l0, 2, a1, PTE_RWX)
    li a1, 0
    PT_SET_PA(pt_l0, 3, a1, PTE_RWX)
    sfence.vma
    ALL_ACCESS(60, VA_PAGE(2) + 0x18)
    ALL_ACCESS(70, VA_PAGE(3) + 0x20)
    TEST_END
