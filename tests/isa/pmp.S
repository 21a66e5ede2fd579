/* Physical memory protection (no lock): S and U accesses are checked against
 * the lowest-numbered matching entry (NAPOT, TOR, NA4) and its R/W/X bits; when
 * entries exist and none matches, S and U accesses fail; M is not restricted by
 * unlocked entries, unless MPRV makes its loads and stores use MPP's privilege.
 * Faults: fetch 1, load 5, store 7, with mtval = the address. sfence.vma follows
 * every PMP change, as the spec asks. (NA4 assumes the PMP grain G = 0.) */
#include "test.h"

/* Expect mtval = base + off (uses t4). */
#define EXPECT_TVAL_AT(base, off) \
    addi t4, base, off; EXPECT_TRAP_REG(mtrap_rec, TR_TVAL, t4)

TEST_BEGIN
    /* The map (pmp_area ends the image; the S/U code and data are below it):
     *   e0 NAPOT page0 R       e1 OFF (TOR base = page1)   e2 TOR [page1, page2) RW
     *   e3 NAPOT page3 RW      e4 NA4 page2 + 0x100 R      e5 OFF (TOR base = RAM)
     *   e6 TOR [RAM, pmp_area) RWX
     * and page2, apart from its NA4 word, matches nothing. */
    csrw pmpcfg0, zero
    la s0, page0
    la s1, page1
    la s2, page2
    la s3, page3
    srli t1, s0, 2
    ori t1, t1, (4096 >> 3) - 1
    csrw pmpaddr0, t1
    srli t1, s1, 2
    csrw pmpaddr1, t1
    srli t1, s2, 2
    csrw pmpaddr2, t1
    srli t1, s3, 2
    ori t1, t1, (4096 >> 3) - 1
    csrw pmpaddr3, t1
    addi t1, s2, 0x100
    srli t1, t1, 2
    csrw pmpaddr4, t1
    li t1, RAM_BASE >> 2
    csrw pmpaddr5, t1
    la t1, pmp_area
    srli t1, t1, 2
    csrw pmpaddr6, t1
    li s4, ((PMP_NAPOT | PMP_R) << 0) | ((PMP_OFF) << 8) | ((PMP_TOR | PMP_R | PMP_W) << 16) | \
           ((PMP_NAPOT | PMP_R | PMP_W) << 24) | ((PMP_NA4 | PMP_R) << 32) | \
           ((PMP_OFF) << 40) | ((PMP_TOR | PMP_R | PMP_W | PMP_X) << 48)
    csrw pmpcfg0, s4
    sfence.vma

    /* the configuration reads back */
    TESTNUM(1)
    csrr a0, pmpcfg0
    EXPECT_REG(a0, s4)
    TESTNUM(2)
    csrr a0, pmpaddr0
    srli t1, s0, 2
    ori t1, t1, (4096 >> 3) - 1
    EXPECT_REG(a0, t1)

    /* page0: NAPOT, R only */
    TEST_IN(10, PRV_S, CAUSE_ECALL_S, ld a0, 8(s0))
    EXPECT(a0, 0x1111111111111111)
    TEST_IN(11, PRV_S, CAUSE_STORE_ACCESS, sd zero, 8(s0))
    EXPECT_TVAL_AT(s0, 8)
    TEST_IN(12, PRV_S, CAUSE_STORE_ACCESS, sb zero, 0x7ff(s0))  /* the whole page */
    EXPECT_TVAL_AT(s0, 0x7ff)
    TEST_IN(13, PRV_U, CAUSE_STORE_ACCESS, sw zero, 0(s0))
    EXPECT_TVAL_AT(s0, 0)
    TEST_IN(14, PRV_S, CAUSE_FETCH_ACCESS, jalr s0)
    EXPECT_TVAL_AT(s0, 0)
    TEST_IN(15, PRV_U, CAUSE_ECALL_U, lbu a0, 0x7ff(s0); ld a1, 0(s0))
    TESTNUM(16)
    ld a0, 8(s0)                                   /* the stores did not happen */
    EXPECT(a0, 0x1111111111111111)

    /* page1: TOR, RW, no X */
    TEST_IN(20, PRV_S, CAUSE_ECALL_S, li a0, 0x2222; sd a0, 16(s1); ld a1, 16(s1))
    EXPECT(a1, 0x2222)
    TEST_IN(21, PRV_U, CAUSE_ECALL_U, li a0, 0x3333; sw a0, 0x7f8(s1); lw a1, 0x7f8(s1))
    EXPECT(a1, 0x3333)
    TEST_IN(22, PRV_S, CAUSE_FETCH_ACCESS, jalr s1)
    EXPECT_TVAL_AT(s1, 0)
    EXPECT_TRAP_REG(mtrap_rec, TR_EPC, s1)

    /* page2: no entry matches, so S and U get nothing ... */
    TEST_IN(30, PRV_S, CAUSE_LOAD_ACCESS, ld a0, 0(s2))
    EXPECT_TVAL_AT(s2, 0)
    TEST_IN(31, PRV_S, CAUSE_STORE_ACCESS, sd a0, 0x7f0(s2))
    EXPECT_TVAL_AT(s2, 0x7f0)
    TEST_IN(32, PRV_U, CAUSE_LOAD_ACCESS, lb a0, 0x108(s2))
    EXPECT_TVAL_AT(s2, 0x108)
    TEST_IN(33, PRV_S, CAUSE_FETCH_ACCESS, addi t0, s2, 0x400; jr t0)
    EXPECT_TVAL_AT(s2, 0x400)
    /* ... except the NA4 word at +0x100, readable only, and only those 4 bytes */
    TEST_IN(34, PRV_S, CAUSE_ECALL_S, lw a0, 0x100(s2))
    EXPECT(a0, 0x44444444)
    TEST_IN(35, PRV_S, CAUSE_STORE_ACCESS, sw a0, 0x100(s2))
    EXPECT_TVAL_AT(s2, 0x100)
    TEST_IN(36, PRV_S, CAUSE_LOAD_ACCESS, lw a0, 0x104(s2))
    EXPECT_TVAL_AT(s2, 0x104)
    TEST_IN(37, PRV_S, CAUSE_LOAD_ACCESS, lw a0, 0xfc(s2))
    EXPECT_TVAL_AT(s2, 0xfc)

    /* page3: RW, no X: the code in it cannot run in S */
    TEST_IN(40, PRV_S, CAUSE_FETCH_ACCESS, jalr s3)
    EXPECT_TVAL_AT(s3, 0)
    TEST_IN(41, PRV_S, CAUSE_ECALL_S, lw a0, 0(s3))
    EXPECT(a0, 0x00100513)                          /* li a0, 1 */

    /* M is not bound by unlocked entries */
    TESTNUM(50)
    TRAP_ARM(mtrap_rec)
    li a0, 0x5555
    sd a0, 0x10(s0)                                 /* page0 is R only */
    ld a1, 0(s2)                                    /* page2 matches nothing */
    sd a0, 0(s2)
    li a0, 0
    jalr s3                                         /* page3 has no X */
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 0)
    EXPECT(a0, 1)
    ld a0, 0x10(s0)
    EXPECT(a0, 0x5555)

    /* M with MPRV = 1 and MPP = S: loads and stores are checked as S */
    TESTNUM(51)
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, (PRV_S << 11) | MSTATUS_MPRV
    csrs mstatus, t0
    TRAP_ARM(mtrap_rec)
    sd zero, 0x10(s0)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_STORE_ACCESS)
    EXPECT_TVAL_AT(s0, 0x10)
    TESTNUM(52)                                     /* MPRV with MPP = M: unrestricted */
    li t0, MSTATUS_MPP | MSTATUS_MPRV
    csrs mstatus, t0
    TRAP_ARM(mtrap_rec)
    sd zero, 0x10(s0)
    ld a0, 0(s2)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 0)

    /* the lowest-numbered match wins: e7 = NAPOT over all of pmp_area, RWX */
    la t1, pmp_area
    srli t1, t1, 2
    ori t1, t1, (16384 >> 3) - 1
    csrw pmpaddr7, t1
    li t1, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56
    csrs pmpcfg0, t1
    sfence.vma
    TEST_IN(60, PRV_S, CAUSE_STORE_ACCESS, sd zero, 0(s0))       /* e0 still says R */
    TEST_IN(61, PRV_S, CAUSE_STORE_ACCESS, sw zero, 0x100(s2))   /* e4 still says R */
    TEST_IN(62, PRV_S, CAUSE_ECALL_S, li a0, 0x66; sd a0, 0(s2); ld a1, 0(s2))  /* e7 */
    EXPECT(a1, 0x66)
    TEST_IN(63, PRV_S, CAUSE_FETCH_ACCESS, jalr s3)              /* e3: no X */

    /* TOR in entry 0 starts at address 0: e0 = TOR [0, page1) RWX */
    srli t1, s1, 2
    csrw pmpaddr0, t1
    li t1, 0xff
    csrc pmpcfg0, t1
    li t1, PMP_TOR | PMP_R | PMP_W | PMP_X
    csrs pmpcfg0, t1
    sfence.vma
    TEST_IN(70, PRV_S, CAUSE_ECALL_S, li a0, 0x77; sd a0, 0(s0); ld a1, 0(s0))
    EXPECT(a1, 0x77)

    /* an OFF entry matches nothing: with e2 off, page1 falls to e7 (RWX), so a
     * jump there fetches, and the zeros it finds are an illegal instruction */
    li t1, 0xff << 16
    csrc pmpcfg0, t1
    sfence.vma
    TEST_IN(80, PRV_S, CAUSE_ILLEGAL_INSN, jalr s1)
    EXPECT_TRAP_REG(mtrap_rec, TR_EPC, s1)
    /* and with e7 off as well, page1 matches nothing at all */
    li t1, 0xff << 56
    csrc pmpcfg0, t1
    sfence.vma
    TEST_IN(81, PRV_S, CAUSE_LOAD_ACCESS, ld a0, 0x10(s1))
    EXPECT_TVAL_AT(s1, 0x10)
TEST_END

    /* Four pages at the very end of the image. */
    .section .data.zz_pmp, "aw", @progbits
    .balign 16384
pmp_area:
page0:
    .dword 0, 0x1111111111111111
    .balign 4096
page1:
    .dword 0
    .balign 4096
page2:
    .dword 0
    .skip 0x100 - 8
    .word 0x44444444
    .balign 4096
page3:
    .option push
    .option norvc
    li a0, 1
    ret
    .option pop
    .balign 4096
