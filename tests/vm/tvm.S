/* Trapping virtual-memory and privileged operations (privileged spec §3.1.6.5):
 * with mstatus.TVM=1, S-mode satp accesses and sfence.vma are illegal (2); TSR=1
 * makes S-mode sret illegal; TW=1 makes S-mode wfi illegal. None of them touch
 * M-mode, and with the bit clear S may do each. U may never do any of them. */
#include "vm.h"

#define SET_MSTATUS(bits)   li t0, bits; csrs mstatus, t0
#define CLEAR_MSTATUS(bits) li t0, bits; csrc mstatus, t0
#define ILLEGAL_IN(n, mode, ...) TEST_IN(n, mode, CAUSE_ILLEGAL_INSN, __VA_ARGS__)
#define WORKS_IN_S(n, ...) TEST_IN(n, PRV_S, CAUSE_ECALL_S, __VA_ARGS__)
/* a software interrupt pending and enabled but not taken (delegated to S with
 * SIE = 0, or in M with MIE = 0): wfi returns at once */
#define WAKE_ON   li t0, MSTATUS_SIE | MSTATUS_MIE; csrc mstatus, t0; \
                  li t0, MIP_SSIP; csrs mideleg, t0; csrs mie, t0; csrs mip, t0
#define WAKE_OFF  li t0, MIP_SSIP; csrc mip, t0; csrc mie, t0; csrc mideleg, t0

TEST_BEGIN
    csrr s0, satp
    li s1, VA_PAGE(1)

    /* ---- TVM ---- */
    WORKS_IN_S(1, csrr a0, satp)
    EXPECT_REG(a0, s0)
    WORKS_IN_S(2, csrw satp, s0; sfence.vma; sfence.vma s1; sfence.vma zero, s1; sfence.vma s1, s1)
    SET_MSTATUS(MSTATUS_TVM)
    ILLEGAL_IN(3, PRV_S, csrr a0, satp)
    ILLEGAL_IN(4, PRV_S, csrw satp, s0)
    ILLEGAL_IN(5, PRV_S, csrrs a0, satp, zero)
    ILLEGAL_IN(6, PRV_S, csrrc a0, satp, zero)
    ILLEGAL_IN(7, PRV_S, csrrwi a0, satp, 0)
    ILLEGAL_IN(8, PRV_S, sfence.vma)
    ILLEGAL_IN(9, PRV_S, sfence.vma s1)
    ILLEGAL_IN(10, PRV_S, sfence.vma zero, s1)
    ILLEGAL_IN(11, PRV_S, sfence.vma s1, s1)
    WORKS_IN_S(12, csrr a0, sstatus; csrr a1, stvec)     /* other S CSRs still work */
    TESTNUM(13)                                          /* M-mode is not trapped */
    csrr a0, satp
    EXPECT_REG(a0, s0)
    csrw satp, s0
    sfence.vma
    sfence.vma s1, zero
    CLEAR_MSTATUS(MSTATUS_TVM)
    WORKS_IN_S(14, csrr a0, satp; sfence.vma)

    /* ---- U-mode: always illegal ---- */
    ID_USER
    ILLEGAL_IN(20, PRV_U, sfence.vma)
    ILLEGAL_IN(21, PRV_U, sfence.vma s1, s1)
    ILLEGAL_IN(22, PRV_U, csrr a0, satp)
    ILLEGAL_IN(23, PRV_U, sret)
    ID_SUPER

    /* ---- TSR ---- */
    /* sret in S with TSR=0: back to S (SPP=S) at sepc */
    WORKS_IN_S(30, la t0, 1f; csrw sepc, t0; li t0, MSTATUS_SPP; csrs sstatus, t0; sret; j fail; 1: li a0, 7)
    EXPECT(a0, 7)
    SET_MSTATUS(MSTATUS_TSR)
    ILLEGAL_IN(31, PRV_S, la t0, 1f; csrw sepc, t0; li t0, MSTATUS_SPP; csrs sstatus, t0; sret; 1: nop)
    TESTNUM(32)                                          /* M may sret */
    la t0, 1f
    csrw sepc, t0
    li t0, MSTATUS_SPP
    csrc mstatus, t0
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    ID_USER
    sret                                                 /* to U */
1:  ecall
2:  TRAP_DISARM(mtrap_rec)
    ID_SUPER
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_U)
    CLEAR_MSTATUS(MSTATUS_TSR)

    /* ---- TW ---- */
    WAKE_ON
    WORKS_IN_S(40, wfi)
    SET_MSTATUS(MSTATUS_TW)
    ILLEGAL_IN(41, PRV_S, wfi)
    TESTNUM(42)                                          /* M is not trapped */
    wfi
    CLEAR_MSTATUS(MSTATUS_TW)
    WORKS_IN_S(43, wfi)
    WAKE_OFF                            /* (U would take the delegated interrupt) */
    ID_USER
    ILLEGAL_IN(44, PRV_U, wfi)                           /* U: illegal with S present */
    ID_SUPER
    TEST_END
