/* A 32-bit instruction in the last two bytes of a page continues on the next page,
 * which is translated on its own (privileged spec §1.5 / §3.1.16): its second half
 * comes from wherever the next VA page maps, and when that page cannot be fetched
 * the instruction page-faults (12) with epc = the instruction and tval = the VA of
 * the next page, the part that faulted; nothing of it is executed. */
#include "vm.h"

#define ECALL_FROM(mode) (CAUSE_ECALL_U + (mode))
#define P_FIRST   20                /* VA_PAGE(20): spage; VA_PAGE(21): its successor */
#define P_SECOND  21
#define ENTRY     (VA_PAGE(P_FIRST) + 4088)   /* three c.nop, then the straddler */
#define STRADDLER (VA_PAGE(P_FIRST) + 4094)

/* Run from ENTRY in mode with a0 = 0 and expect cause. */
#define RUN_STRADDLE(n, mode, cause) \
    li a0, 0; TEST_IN(n, mode, cause, li a1, ENTRY; jalr a1)
#define STRADDLE_PF(n, mode) \
    RUN_STRADDLE(n, mode, CAUSE_FETCH_PAGE_FAULT); \
    EXPECT_TVAL(VA_PAGE(P_SECOND)); EXPECT_MTRAP(TR_EPC, STRADDLER); EXPECT(a0, 0)

#define MAP_FIRST(flags)  PT_SET_LABEL(pt_l0, P_FIRST, spage, 0, flags); sfence.vma
#define MAP_SECOND(label, flags) PT_SET_LABEL(pt_l0, P_SECOND, label, 0, flags); sfence.vma

TEST_BEGIN
    /* both pages mapped, physically contiguous: addi a0, a0, 1 then a0 += 0x10 */
    MAP_FIRST(PTE_RX)
    MAP_SECOND(spage_next, PTE_RX)
    RUN_STRADDLE(1, PRV_S, CAUSE_ECALL_S)
    EXPECT(a0, 0x11)
    EXPECT_MTRAP(TR_EPC, VA_PAGE(P_SECOND) + 6)
    /* the next VA page elsewhere in memory: its first parcel completes the
     * instruction as addi a0, a0, 0x100 */
    MAP_SECOND(spage_alt, PTE_RX)
    RUN_STRADDLE(2, PRV_S, CAUSE_ECALL_S)
    EXPECT(a0, 0x120)
    EXPECT_MTRAP(TR_EPC, VA_PAGE(P_SECOND) + 6)

    /* the next page cannot be fetched */
    UNMAP_PAGE(P_SECOND)
    STRADDLE_PF(10, PRV_S)
    MAP_SECOND(spage_next, PTE_RO)                    /* not executable */
    STRADDLE_PF(11, PRV_S)
    MAP_SECOND(spage_next, PTE_RW)
    STRADDLE_PF(12, PRV_S)
    MAP_SECOND(spage_next, PTE_RX | PTE_U)            /* a U page, fetched from S */
    STRADDLE_PF(13, PRV_S)
    li t0, MSTATUS_SUM                                /* SUM does not matter */
    csrs mstatus, t0
    STRADDLE_PF(14, PRV_S)
    li t0, MSTATUS_SUM
    csrc mstatus, t0
    PT_SET(pt_l0, P_SECOND, PTE_V | PTE_W | PTE_X)    /* reserved encoding */
    sfence.vma
    STRADDLE_PF(15, PRV_S)
    /* mapped again: it runs (nothing of a fault is remembered) */
    MAP_SECOND(spage_next, PTE_XO)
    RUN_STRADDLE(16, PRV_S, CAUSE_ECALL_S)
    EXPECT(a0, 0x11)

    /* the first page unmapped: the fault is at the instruction itself */
    UNMAP_PAGE(P_FIRST)
    li a0, 0
    TEST_IN(20, PRV_S, CAUSE_FETCH_PAGE_FAULT, li a1, STRADDLER; jalr a1)
    EXPECT_TVAL(STRADDLER)
    EXPECT_MTRAP(TR_EPC, STRADDLER)

    /* U-mode, U pages */
    ID_USER
    MAP_FIRST(PTE_RX | PTE_U)
    MAP_SECOND(spage_next, PTE_RX | PTE_U)
    RUN_STRADDLE(30, PRV_U, CAUSE_ECALL_U)
    EXPECT(a0, 0x11)
    UNMAP_PAGE(P_SECOND)
    STRADDLE_PF(31, PRV_U)
    MAP_SECOND(spage_next, PTE_RX)                    /* an S page, fetched from U */
    STRADDLE_PF(32, PRV_U)
    ID_SUPER

    /* delegated to S: stval and sepc the same way */
    MAP_FIRST(PTE_RX)
    UNMAP_PAGE(P_SECOND)
    li t0, 1 << CAUSE_FETCH_PAGE_FAULT
    csrw medeleg, t0
    TRAP_ARM(strap_rec)
    li a0, 0
    TEST_IN(40, PRV_S, CAUSE_ECALL_S, RESUME_AT(strap_rec, 1f); li a1, ENTRY; jalr a1; j fail; 1:)
    TRAP_DISARM(strap_rec)
    csrw medeleg, zero
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_FETCH_PAGE_FAULT)
    EXPECT_STRAP(TR_TVAL, VA_PAGE(P_SECOND))
    EXPECT_STRAP(TR_EPC, STRADDLER)
    EXPECT(a0, 0)
    TEST_END

/* spage: c.nop up to its last parcel, where addi a0, a0, 1 begins; spage_next goes
 * on with addi a0, a0, 0x10 and ecall. spage_alt holds another upper half for the
 * straddler (0x1005: imm 0x100, rs1 a0), then the same code. */
    .section .text.spage, "ax", @progbits
    .align 12
spage:
    .fill 2044, 2, 0x0001           /* c.nop */
    .option push
    .option norvc
    .fill 3, 2, 0x0001
    addi a0, a0, 1                  /* at spage + 4094 */
    addi a0, a0, 0x10
    ecall
    .option pop
    .align 12
spage_alt:
    .half 0x1005
    .option push
    .option norvc
    addi a0, a0, 0x20
    ecall
    .option pop
    .align 12
    .set spage_next, spage + 4096
