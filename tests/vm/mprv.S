/* MPRV (privileged spec §3.1.6.3): with mstatus.MPRV=1, M-mode loads and stores are
 * translated and checked as if in mode MPP (SUM and MXR apply), and fault with
 * mtval = the VA; instruction fetches stay untranslated. An MRET or SRET to a mode
 * below M clears MPRV; an MRET to M keeps it. */
#include "vm.h"

/* MPRV on with MPP = mode (uses t0). Nothing may load or store from M between
 * MPRV_ON and MPRV_OFF but the access under test. */
#define MPRV_ON(mode) \
    li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, ((mode) << 11) | MSTATUS_MPRV; csrs mstatus, t0
#define MPRV_OFF li t0, MSTATUS_MPRV; csrc mstatus, t0
/* One access under MPRV, expected to work. */
#define MPRV_OK(n, mode, ...) \
    TESTNUM(n); MPRV_ON(mode); __VA_ARGS__; MPRV_OFF
/* One access under MPRV, expected to trap to M with cause and mtval = va; the
 * handler skips it (returning with MPP = U, so MPRV goes off right after). */
#define MPRV_FAULT(n, mode, cause, va, ...) \
    TESTNUM(n); TRAP_ARM(mtrap_rec); MPRV_ON(mode); __VA_ARGS__; MPRV_OFF; \
    TRAP_DISARM(mtrap_rec); EXPECT_MTRAP(TR_COUNT, 1); EXPECT_MTRAP(TR_CAUSE, cause); \
    EXPECT_TVAL(va)
#define EXPECT_MSTATUS_BIT(reg, bit, val) li t6, bit; and reg, reg, t6; EXPECT(reg, val)

TEST_BEGIN
    MAP_PAGE(1, 1, PTE_RW)                      /* S pages */
    MAP_PAGE(2, 2, PTE_RO)
    MAP_PAGE(3, 3, PTE_RW | PTE_U)              /* U pages */
    PT_SET_LABEL(pt_l0, 4, xcode, 0, PTE_XO)
    MAP_PAGE(5, 5, PTE_V | PTE_R | PTE_W)       /* A = D = 0 */
    sfence.vma

    /* ---- MPP = S ---- */
    li a1, VA_PAGE(1) + 0x18
    MPRV_OK(1, PRV_S, ld a0, 0(a1))
    EXPECT(a0, PVAL(1, 0x18))
    li a2, 0x1234
    MPRV_OK(2, PRV_S, sd a2, 8(a1))
    la a3, phys_page + 4096 + 0x20                /* it went through the mapping */
    ld a0, 0(a3)
    EXPECT(a0, 0x1234)
    li a1, VA_PAGE(6) + 0x28                    /* unmapped */
    MPRV_FAULT(3, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(6) + 0x28, ld a0, 0(a1))
    MPRV_FAULT(4, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_PAGE(6) + 0x28, sd a0, 0(a1))
    li a1, VA_PAGE(2) + 0x30                    /* read-only */
    MPRV_OK(5, PRV_S, ld a0, 0(a1))
    EXPECT(a0, PVAL(2, 0x30))
    MPRV_FAULT(6, PRV_S, CAUSE_STORE_PAGE_FAULT, VA_PAGE(2) + 0x30, sd a0, 0(a1))
    li a1, VA_PAGE(3) + 0x38                    /* a U page: SUM decides */
    MPRV_FAULT(7, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(3) + 0x38, ld a0, 0(a1))
    li t0, MSTATUS_SUM
    csrs mstatus, t0
    MPRV_OK(8, PRV_S, ld a0, 0(a1))
    EXPECT(a0, PVAL(3, 0x38))
    li t0, MSTATUS_SUM
    csrc mstatus, t0
    li a1, VA_PAGE(4)                           /* execute-only: MXR decides */
    MPRV_FAULT(9, PRV_S, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(4), lw a0, 0(a1))
    li t0, MSTATUS_MXR
    csrs mstatus, t0
    MPRV_OK(10, PRV_S, lw a0, 0(a1))
    EXPECT(a0, 0x12300513)
    li t0, MSTATUS_MXR
    csrc mstatus, t0
    li a1, VA_PAGE(5)                           /* A and D are set as for S */
    MPRV_OK(11, PRV_S, sd a0, 0(a1))
    PT_GET(a0, pt_l0, 5)
    andi a0, a0, PTE_A | PTE_D
    EXPECT(a0, PTE_A | PTE_D)

    /* ---- MPP = U ---- */
    li a1, VA_PAGE(3) + 0x40
    MPRV_OK(20, PRV_U, ld a0, 0(a1))
    EXPECT(a0, PVAL(3, 0x40))
    li a1, VA_PAGE(1) + 0x48                    /* an S page */
    MPRV_FAULT(21, PRV_U, CAUSE_LOAD_PAGE_FAULT, VA_PAGE(1) + 0x48, ld a0, 0(a1))
    MPRV_FAULT(22, PRV_U, CAUSE_STORE_PAGE_FAULT, VA_PAGE(1) + 0x48, sd a0, 0(a1))
    li a1, 0x0000004000000000                   /* not sign-extended */
    MPRV_FAULT(23, PRV_U, CAUSE_LOAD_PAGE_FAULT, 0x0000004000000000, ld a0, 0(a1))

    /* ---- MPP = M: no translation ---- */
    la a1, phys_page + 7 * 4096 + 0x50
    MPRV_OK(30, PRV_M, ld a0, 0(a1))
    EXPECT(a0, PVAL(7, 0x50))

    /* ---- fetches are not translated: with the identity gigapage gone, M goes on
     * running from physical addresses while its loads use the page tables ---- */
    PT_GET(s1, pt_root, 2)
    PT_SET(pt_root, 2, 0)
    sfence.vma
    li a1, VA_PAGE(1) + 0x58
    TESTNUM(31)
    MPRV_ON(PRV_S)
    nop
    ld a0, 0(a1)
    j 1f
    j fail
1:  MPRV_OFF
    PTE_ADDR(t4, pt_root, 2)
    sd s1, 0(t4)
    sfence.vma
    EXPECT(a0, PVAL(1, 0x58))

    /* ---- xRET and MPRV ---- */
    /* mret to S clears MPRV (the S-mode ecall records mstatus) */
    TESTNUM(40)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, (PRV_S << 11) | MSTATUS_MPRV
    csrs mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
1:  ecall
2:  MPRV_OFF                    /* (for QEMU, where it is still on) */
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    la t5, mtrap_rec
    ld a0, TR_STATUS(t5)
#ifndef VM_QEMU     /* QEMU 7.2 keeps MPRV on mret/sret: see tests/isa/mret_sret.S */
    EXPECT_MSTATUS_BIT(a0, MSTATUS_MPRV, 0)
#endif
    /* mret to U clears it */
    TESTNUM(41)
    TRAP_ARM(mtrap_rec)
    ID_USER
    RESUME_AT(mtrap_rec, 2f)
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPRV
    csrs mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
1:  ecall
2:  MPRV_OFF
    TRAP_DISARM(mtrap_rec)
    ID_SUPER
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_U)
    la t5, mtrap_rec
    ld a0, TR_STATUS(t5)
#ifndef VM_QEMU
    EXPECT_MSTATUS_BIT(a0, MSTATUS_MPRV, 0)
#endif
    /* mret to M keeps it (MPP is U afterwards: turn it off before any load) */
    TESTNUM(42)
    li t0, MSTATUS_MPP | MSTATUS_MPRV
    csrs mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
1:  csrr a0, mstatus
    MPRV_OFF
    EXPECT_MSTATUS_BIT(a0, MSTATUS_MPRV, MSTATUS_MPRV)
    /* sret from M to S clears it */
    TESTNUM(43)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    li t0, MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SPP   /* MPP = M: M's own accesses untranslated */
    csrs mstatus, t0
    la t0, 1f
    csrw sepc, t0
    sret
1:  ecall
2:  MPRV_OFF                    /* (for QEMU, where it is still on) */
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    la t5, mtrap_rec
    ld a0, TR_STATUS(t5)
#ifndef VM_QEMU
    EXPECT_MSTATUS_BIT(a0, MSTATUS_MPRV, 0)
#endif
    TEST_END

    .section .text.xcode, "ax", @progbits
    .align 12
    .option push
    .option norvc
xcode:
    addi a0, zero, 0x123
    ecall
    .option pop
    .align 12
