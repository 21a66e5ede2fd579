/* CSR privilege: CSR number bits 9:8 give the lowest privilege that may access it.
 * S-mode touching M CSRs and U-mode touching S or M CSRs raise illegal instruction
 * (cause 2) in M with mtval = the instruction, and nothing is written. */
#include "test.h"

#define CSRR_A0(csr)   (((csr) << 20) | 0x2573)     /* csrrs a0, csr, x0 */
#define CSRW_A1(csr)   (((csr) << 20) | 0x59073)    /* csrrw x0, csr, a1 */

/* Reading `csr` in `mode` traps with the instruction in mtval. */
#define TEST_NO_READ(n, mode, csr) \
    TEST_IN(n, mode, CAUSE_ILLEGAL_INSN, csrr a0, csr); EXPECT_MTRAP(TR_TVAL, CSRR_A0(csr))
#define TEST_NO_WRITE(n, mode, csr) \
    TEST_IN(n, mode, CAUSE_ILLEGAL_INSN, csrw csr, a1); EXPECT_MTRAP(TR_TVAL, CSRW_A1(csr))

TEST_BEGIN
    /* S-mode may not read M-mode CSRs */
    TEST_NO_READ( 1, PRV_S, 0x300)   /* mstatus */
    TEST_NO_READ( 2, PRV_S, 0x301)   /* misa */
    TEST_NO_READ( 3, PRV_S, 0x302)   /* medeleg */
    TEST_NO_READ( 4, PRV_S, 0x303)   /* mideleg */
    TEST_NO_READ( 5, PRV_S, 0x304)   /* mie */
    TEST_NO_READ( 6, PRV_S, 0x305)   /* mtvec */
    TEST_NO_READ( 7, PRV_S, 0x306)   /* mcounteren */
    TEST_NO_READ( 8, PRV_S, 0x340)   /* mscratch */
    TEST_NO_READ( 9, PRV_S, 0x341)   /* mepc */
    TEST_NO_READ(10, PRV_S, 0x342)   /* mcause */
    TEST_NO_READ(11, PRV_S, 0x343)   /* mtval */
    TEST_NO_READ(12, PRV_S, 0x344)   /* mip */
    TEST_NO_READ(13, PRV_S, 0x3a0)   /* pmpcfg0 */
    TEST_NO_READ(14, PRV_S, 0x3b0)   /* pmpaddr0 */
    TEST_NO_READ(15, PRV_S, 0xb00)   /* mcycle */
    TEST_NO_READ(16, PRV_S, 0xb02)   /* minstret */
    TEST_NO_READ(17, PRV_S, 0xf11)   /* mvendorid */
    TEST_NO_READ(18, PRV_S, 0xf14)   /* mhartid */

    /* ... nor write them; the value stays */
    li a1, 0x1234
    TEST_NO_WRITE(20, PRV_S, 0x340)  /* mscratch */
    TEST_NO_WRITE(21, PRV_S, 0x300)  /* mstatus */
    TEST_NO_WRITE(22, PRV_S, 0x305)  /* mtvec */
    TEST_NO_WRITE(23, PRV_S, 0x341)  /* mepc */
    TESTNUM(24)
    csrr a0, mscratch
    EXPECT_ADDR(a0, mtrap_rec)
    csrr a0, mtvec
    EXPECT_ADDR(a0, mtrap_entry)

    /* U-mode may not touch S-mode CSRs */
    TEST_NO_READ(30, PRV_U, 0x100)   /* sstatus */
    TEST_NO_READ(31, PRV_U, 0x104)   /* sie */
    TEST_NO_READ(32, PRV_U, 0x105)   /* stvec */
    TEST_NO_READ(33, PRV_U, 0x106)   /* scounteren */
    TEST_NO_READ(34, PRV_U, 0x140)   /* sscratch */
    TEST_NO_READ(35, PRV_U, 0x141)   /* sepc */
    TEST_NO_READ(36, PRV_U, 0x142)   /* scause */
    TEST_NO_READ(37, PRV_U, 0x143)   /* stval */
    TEST_NO_READ(38, PRV_U, 0x144)   /* sip */
    TEST_NO_READ(39, PRV_U, 0x180)   /* satp */
    TEST_NO_WRITE(40, PRV_U, 0x140)  /* sscratch */
    TEST_NO_WRITE(41, PRV_U, 0x105)  /* stvec */
    TESTNUM(42)
    csrr a0, sscratch
    EXPECT_ADDR(a0, strap_rec)

    /* ... nor M-mode CSRs */
    TEST_NO_READ(50, PRV_U, 0x300)   /* mstatus */
    TEST_NO_READ(51, PRV_U, 0x340)   /* mscratch */
    TEST_NO_READ(52, PRV_U, 0xf14)   /* mhartid */
    TEST_NO_WRITE(53, PRV_U, 0x341)  /* mepc */

    /* S-mode CSRs are fine in S-mode */
    TEST_IN(60, PRV_S, CAUSE_ECALL_S, csrr a0, sstatus; csrr a0, sie; csrr a0, sip; \
            csrr a0, stvec; csrr a0, sepc; csrr a0, scause; csrr a0, stval; csrr a0, satp; \
            csrr a0, scounteren; csrr a2, sscratch; csrw sscratch, a1; csrw sscratch, a2)
    TESTNUM(61)
    csrr a0, sscratch
    EXPECT_ADDR(a0, strap_rec)

    /* and the S trap machinery CSRs keep their values when U is refused */
    TESTNUM(62)
    la a1, strap_entry
    csrr a0, stvec
    EXPECT_REG(a0, a1)
TEST_END
