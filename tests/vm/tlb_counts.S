/* The TLB model's exact counts: seven phases of U-mode code, each under its own ASID
 * (1..7), with known page-access patterns. check_counts.py runs this under several
 * --tlb geometries and policies with --stats-json and compares the per-ASID counts
 * with hand-computed predictions (see there). On its own (and on QEMU) the program
 * only checks the values it loads.
 *
 * Rules that make the counts exact:
 *  - all U code lives in one 4 KiB page (tlbcode), mapped at VA_CODE: one ITLB entry,
 *    one ITLB miss per phase (3 PTE reads), every instruction fetch one ITLB access,
 *    the final ecall included;
 *  - the loops touch memory only through the loads and stores under test: no stack,
 *    base addresses and strides set in registers by M-mode before the phase;
 *  - M-mode (setup, the ecall's trap handler) is not translated and not counted;
 *  - each phase ends with sfence.vma (x0, x0) in M, under the phase's ASID, so the
 *    next phase starts with empty TLBs; the fence's count and flushed entries are
 *    charged to the phase that ends.
 *
 * Data pages: VA_PAGE(16 + i) -> physical page i (i = 0..7), U RW, A and D set;
 * VA_PAGE(30) -> physical page 8 with A = D = 0; VA_MEGA(1) a U megapage. */
#include "vm.h"

#define VA_CODE  VA_PAGE(100)
#define VA_DATA  VA_PAGE(16)

/* Run phase p: satp gets ASID p, U runs from label (at its VA_CODE alias) up to its
 * ecall, then M flushes the TLBs. */
#define PHASE(p, label) \
    TESTNUM(p); \
    la t1, pt_root; srli t1, t1, 12; li t0, SATP_SV39 | SATP_ASID(p); or t0, t0, t1; \
    csrw satp, t0; \
    TRAP_ARM(mtrap_rec); RESUME_AT(mtrap_rec, 7100f); \
    li t0, MSTATUS_MPP; csrc mstatus, t0; \
    la t0, label; la t1, tlbcode; sub t0, t0, t1; li t1, VA_CODE; add t0, t0, t1; \
    csrw mepc, t0; mret; \
7100: sfence.vma; TRAP_DISARM(mtrap_rec); \
    EXPECT_MTRAP(TR_COUNT, 1); EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_U)

TEST_BEGIN
    .set i, 0
    .rept 8
    PT_SET_LABEL(pt_l0, 16 + i, phys_page, i * 4096, PTE_RW | PTE_U)
    .set i, i + 1
    .endr
    PT_SET_LABEL(pt_l0, 30, phys_page, 8 * 4096, PTE_V | PTE_R | PTE_W | PTE_U)
    li a1, RAM_BASE + 0x200000
    PT_SET_PA(pt_l1, 1, a1, PTE_RW | PTE_U)
    PT_SET_LABEL(pt_l0, 100, tlbcode, 0, PTE_V | PTE_R | PTE_X | PTE_A | PTE_U)
    sfence.vma

    /* 1: 8 pages cyclically, 3 rounds (24 loads) */
    li s0, VA_DATA
    li s1, 3
    li s2, 4096
    PHASE(1, phase1)
    EXPECT(t2, PVAL(7, 0))
    EXPECT(s1, 0)

    /* 2: 3 pages cyclically, 4 rounds (12 loads) */
    li s0, VA_DATA
    li s1, 4
    PHASE(2, phase2)
    EXPECT(t2, PVAL(2, 0))

    /* 3: A B C D A E A B on pages 16..20 (8 loads) */
    li s3, VA_PAGE(16)
    li s4, VA_PAGE(17)
    li s5, VA_PAGE(18)
    li s6, VA_PAGE(19)
    li s7, VA_PAGE(20)
    PHASE(3, phase3)
    EXPECT(a4, PVAL(0, 0))
    EXPECT(a5, PVAL(4, 0))
    EXPECT(a7, PVAL(1, 0))

    /* 4: load, store, store, load of one page with A = D = 0 */
    li s8, VA_PAGE(30)
    PHASE(4, phase4)
    EXPECT(a1, PVAL(8, 0))
    PT_GET(a0, pt_l0, 30)
    andi a0, a0, PTE_A | PTE_D
    EXPECT(a0, PTE_A | PTE_D)

    /* 5: four loads in one megapage */
    li s3, VA_MEGA(1)
    li s4, VA_MEGA(1) + 0x1000
    li s5, VA_MEGA(1) + 0x80000
    li s6, VA_MEGA(1) + 0x1ff000
    PHASE(5, phase5)

    /* 6: ld, sd, amo on page A; lr, sc on page B; ld A (D set: stores hit) */
    li s3, VA_PAGE(16)
    li s4, VA_PAGE(17)
    PHASE(6, phase6)
    EXPECT(a3, 0)                       /* the sc succeeded */
    EXPECT(a4, PVAL(0, 0))

#ifndef VM_QEMU
    /* 7: misaligned loads (Pagoda does them in hardware; QEMU traps them): one
     * access per page touched */
    li s3, VA_PAGE(16) + 4092
    li s4, VA_PAGE(18) + 3
    PHASE(7, phase7)
    EXPECT(a0, 0x000000005a000000)      /* PVAL(0, 0xff8)'s high word, PVAL(1, 0)'s low */
    EXPECT_REG(a2, a0)
#endif
    TEST_END

/* ---- the U code: one page ---- */
    .section .text.tlbcode, "ax", @progbits
    .align 12
tlbcode:
/* 3 x (2 + 8 x 4 + 2) + 1 = 109 instructions */
phase1:
1:  mv t0, s0
    li t1, 8
2:  ld t2, 0(t0)
    add t0, t0, s2
    addi t1, t1, -1
    bnez t1, 2b
    addi s1, s1, -1
    bnez s1, 1b
    ecall

/* 4 x (2 + 3 x 4 + 2) + 1 = 65 instructions */
phase2:
1:  mv t0, s0
    li t1, 3
2:  ld t2, 0(t0)
    add t0, t0, s2
    addi t1, t1, -1
    bnez t1, 2b
    addi s1, s1, -1
    bnez s1, 1b
    ecall

/* 9 instructions */
phase3:
    ld a0, 0(s3)        /* A */
    ld a1, 0(s4)        /* B */
    ld a2, 0(s5)        /* C */
    ld a3, 0(s6)        /* D */
    ld a4, 0(s3)        /* A */
    ld a5, 0(s7)        /* E */
    ld a6, 0(s3)        /* A */
    ld a7, 0(s4)        /* B */
    ecall

/* 5 instructions */
phase4:
    ld a0, 0(s8)
    sd a0, 8(s8)
    sd a0, 16(s8)
    ld a1, 8(s8)
    ecall

/* 5 instructions */
phase5:
    ld a0, 0(s3)
    ld a1, 0(s4)
    ld a2, 0(s5)
    ld a3, 0(s6)
    ecall

/* 7 instructions */
phase6:
    ld a0, 0(s3)
    sd a0, 8(s3)
    amoadd.d a1, zero, (s3)
    lr.d a2, (s4)
    sc.d a3, a2, (s4)
    ld a4, 8(s3)
    ecall

/* 4 instructions */
phase7:
    ld a0, 0(s3)        /* pages 16 and 17 */
    ld a1, 0(s4)        /* within page 18 */
    ld a2, 0(s3)
    ecall
    .align 12
