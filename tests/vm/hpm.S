/* TLB events in the hardware performance counters (README "Performance counters"):
 * mhpmevent3..31 select 1 ITLB miss, 2 DTLB miss, 3 L2 TLB miss, 4 page walk,
 * 5 DTLB access, 7-10 DTLB load/store accesses and misses, 12 instructions, ...;
 * S and U read them as hpmcounterN when mcounteren/scounteren allow (privileged spec
 * §3.1.11, §4.1.5); mcountinhibit stops them and Sscofpmf's SINH/UINH bits filter by
 * mode. Pagoda-specific event numbers: not run on QEMU. */
#include "vm.h"

/* Map VA_PAGE(1..12) onto 12 distinct physical test pages. */
#define MAP_TWELVE \
    MAP_PAGE(1, 1, PTE_RW); MAP_PAGE(2, 2, PTE_RW); MAP_PAGE(3, 3, PTE_RW); \
    MAP_PAGE(4, 4, PTE_RW); MAP_PAGE(5, 5, PTE_RW); MAP_PAGE(6, 6, PTE_RW); \
    MAP_PAGE(7, 7, PTE_RW); MAP_PAGE(8, 8, PTE_RW); MAP_PAGE(9, 9, PTE_RW); \
    MAP_PAGE(10, 10, PTE_RW); MAP_PAGE(11, 11, PTE_RW); MAP_PAGE(12, 12, PTE_RW)
/* One load from each of the 12 pages. */
#define TOUCH_TWELVE \
    li a1, VA_PAGE(1); li a2, 4096; \
    ld t1, 0(a1); add a1, a1, a2; ld t1, 0(a1); add a1, a1, a2; \
    ld t1, 0(a1); add a1, a1, a2; ld t1, 0(a1); add a1, a1, a2; \
    ld t1, 0(a1); add a1, a1, a2; ld t1, 0(a1); add a1, a1, a2; \
    ld t1, 0(a1); add a1, a1, a2; ld t1, 0(a1); add a1, a1, a2; \
    ld t1, 0(a1); add a1, a1, a2; ld t1, 0(a1); add a1, a1, a2; \
    ld t1, 0(a1); add a1, a1, a2; ld t1, 0(a1)

/* One store to each of the 12 pages. */
#define STORE_TWELVE \
    li a1, VA_PAGE(1); li a2, 4096; \
    sd t1, 0(a1); add a1, a1, a2; sd t1, 0(a1); add a1, a1, a2; \
    sd t1, 0(a1); add a1, a1, a2; sd t1, 0(a1); add a1, a1, a2; \
    sd t1, 0(a1); add a1, a1, a2; sd t1, 0(a1); add a1, a1, a2; \
    sd t1, 0(a1); add a1, a1, a2; sd t1, 0(a1); add a1, a1, a2; \
    sd t1, 0(a1); add a1, a1, a2; sd t1, 0(a1); add a1, a1, a2; \
    sd t1, 0(a1); add a1, a1, a2; sd t1, 0(a1)
#define READ4(r3, r4, r5, r6) \
    csrr r3, hpmcounter3; csrr r4, hpmcounter4; csrr r5, hpmcounter5; csrr r6, hpmcounter6
#define SINH (1 << 61)
#define UINH (1 << 60)

TEST_BEGIN
    MAP_TWELVE
    li t0, 2
    csrw mhpmevent3, t0             /* DTLB misses */
    li t0, 4
    csrw mhpmevent4, t0             /* page walks */
    li t0, 5
    csrw mhpmevent5, t0             /* DTLB accesses */
    li t0, -1
    csrw mcounteren, t0
    csrw scounteren, zero
    TESTNUM(1)
    csrr a0, mhpmevent3
    EXPECT(a0, 2)

    /* 12 fresh pages after sfence.vma: 12 DTLB misses, 12 walks, 12 accesses, counted
     * between the two reads and readable from S. */
    sfence.vma
    TEST_IN(2, PRV_S, CAUSE_ECALL_S, \
        csrr s2, hpmcounter3; csrr s3, hpmcounter4; csrr s4, hpmcounter5; \
        TOUCH_TWELVE; \
        csrr a3, hpmcounter3; csrr a4, hpmcounter4; csrr a5, hpmcounter5)
    sub a3, a3, s2
    EXPECT(a3, 12)
    TESTNUM(3)
    sub a4, a4, s3
    EXPECT(a4, 12)
    TESTNUM(4)
    sub a5, a5, s4
    EXPECT(a5, 12)

    /* The same pages again: all hits, no new misses or walks. */
    TEST_IN(5, PRV_S, CAUSE_ECALL_S, \
        csrr s2, hpmcounter3; csrr s3, hpmcounter4; csrr s4, hpmcounter5; \
        TOUCH_TWELVE; \
        csrr a3, hpmcounter3; csrr a4, hpmcounter4; csrr a5, hpmcounter5)
    sub a3, a3, s2
    EXPECT(a3, 0)
    TESTNUM(6)
    sub a4, a4, s3
    EXPECT(a4, 0)
    TESTNUM(7)
    sub a5, a5, s4
    EXPECT(a5, 12)

    /* A written counter continues from the written value. */
    TESTNUM(8)
    li t0, 1000
    csrw mhpmcounter3, t0
    sfence.vma
    TEST_IN(9, PRV_S, CAUSE_ECALL_S, li a1, VA_PAGE(1); ld t1, 0(a1); csrr a3, hpmcounter3)
    EXPECT(a3, 1001)

    /* Counters are gated: S without mcounteren, U without scounteren. */
    li t0, ~(1 << 3)
    csrw mcounteren, t0
    TEST_IN(10, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, hpmcounter3)
    li t0, -1
    csrw mcounteren, t0
    csrw scounteren, zero
    ID_USER
    TEST_IN(11, PRV_U, CAUSE_ILLEGAL_INSN, csrr a0, hpmcounter4)
    li t0, 1 << 4
    csrw scounteren, t0
    TEST_IN(12, PRV_U, CAUSE_ECALL_U, csrr a0, hpmcounter4)
    ID_SUPER

    /* Loads and stores apart (events 7-10): after a fence, 12 loads miss and fill; the
     * 12 stores that follow hit those entries. */
    li t0, 7
    csrw mhpmevent3, t0
    li t0, 8
    csrw mhpmevent4, t0
    li t0, 9
    csrw mhpmevent5, t0
    li t0, 10
    csrw mhpmevent6, t0
    sfence.vma
    TEST_IN(30, PRV_S, CAUSE_ECALL_S, READ4(s2, s3, s4, s5); TOUCH_TWELVE; STORE_TWELVE; \
        READ4(a2, a3, a4, a5))
    sub a2, a2, s2
    EXPECT(a2, 12)
    TESTNUM(31)
    sub a3, a3, s3
    EXPECT(a3, 12)
    TESTNUM(32)
    sub a4, a4, s4
    EXPECT(a4, 12)
    TESTNUM(33)
    sub a5, a5, s5
    EXPECT(a5, 0)
    /* stores alone after a fence: 12 store misses, no load access */
    sfence.vma
    TEST_IN(34, PRV_S, CAUSE_ECALL_S, READ4(s2, s3, s4, s5); STORE_TWELVE; \
        READ4(a2, a3, a4, a5))
    sub a2, a2, s2
    EXPECT(a2, 0)
    TESTNUM(35)
    sub a5, a5, s5
    EXPECT(a5, 12)

    /* mcountinhibit stops hpmcounter3 (its value kept); CY and IR cannot be inhibited. */
    TESTNUM(36)
    li t0, -1
    csrw mcountinhibit, t0
    csrr a0, mcountinhibit
    li t0, 0xfffffff8
    EXPECT_REG(a0, t0)
    li t0, 1 << 3
    csrw mcountinhibit, t0
    sfence.vma
    TEST_IN(37, PRV_S, CAUSE_ECALL_S, READ4(s2, s3, s4, s5); TOUCH_TWELVE; READ4(a2, a3, a4, a5))
    sub a2, a2, s2
    EXPECT(a2, 0)
    TESTNUM(38)
    sub a3, a3, s3
    EXPECT(a3, 12)
    csrw mcountinhibit, zero
    TEST_IN(39, PRV_S, CAUSE_ECALL_S, csrr s2, hpmcounter3; TOUCH_TWELVE; csrr a2, hpmcounter3)
    sub a2, a2, s2
    EXPECT(a2, 12)

    /* Mode filters: instructions (12) with SINH do not count in S, with UINH they do:
     * csrr and 10 nops retire between the two reads. In U it is the other way round. */
    TESTNUM(40)
    li t0, 12 | SINH
    csrw mhpmevent3, t0
    li t0, 12 | UINH
    csrw mhpmevent4, t0
    csrr a0, mhpmevent3
    li t0, 12 | SINH
    EXPECT_REG(a0, t0)
#define TEN_NOPS nop; nop; nop; nop; nop; nop; nop; nop; nop; nop
    TEST_IN(41, PRV_S, CAUSE_ECALL_S, csrr s2, hpmcounter3; csrr s3, hpmcounter4; TEN_NOPS; \
        csrr a2, hpmcounter3; csrr a3, hpmcounter4)
    sub a2, a2, s2
    EXPECT(a2, 0)
    TESTNUM(42)
    sub a3, a3, s3
    EXPECT(a3, 12)
    li t0, -1
    csrw scounteren, t0
    ID_USER
    TEST_IN(43, PRV_U, CAUSE_ECALL_U, csrr s2, hpmcounter3; csrr s3, hpmcounter4; TEN_NOPS; \
        csrr a2, hpmcounter3; csrr a3, hpmcounter4)
    ID_SUPER
    sub a2, a2, s2
    EXPECT(a2, 12)
    TESTNUM(44)
    sub a3, a3, s3
    EXPECT(a3, 0)

    /* Pagoda's own selector bits (what SBI raw events carry): 16 not in U, 17 not in S,
     * 18 not in M; any other bit above the event number makes it unknown (none). */
#define NO_U (1 << 16)
#define NO_S (1 << 17)
#define NO_M (1 << 18)
    TESTNUM(45)
    li t0, 12 | NO_S
    csrw mhpmevent3, t0
    li t0, 12 | NO_U
    csrw mhpmevent4, t0
    csrr a0, mhpmevent3
    li t0, 12 | NO_S
    EXPECT_REG(a0, t0)
    TEST_IN(46, PRV_S, CAUSE_ECALL_S, csrr s2, hpmcounter3; csrr s3, hpmcounter4; TEN_NOPS; \
        csrr a2, hpmcounter3; csrr a3, hpmcounter4)
    sub a2, a2, s2
    EXPECT(a2, 0)
    TESTNUM(47)
    sub a3, a3, s3
    EXPECT(a3, 12)
    ID_USER
    TEST_IN(48, PRV_U, CAUSE_ECALL_U, csrr s2, hpmcounter3; csrr s3, hpmcounter4; TEN_NOPS; \
        csrr a2, hpmcounter3; csrr a3, hpmcounter4)
    ID_SUPER
    sub a2, a2, s2
    EXPECT(a2, 12)
    TESTNUM(49)
    sub a3, a3, s3
    EXPECT(a3, 0)
    TESTNUM(50)
    li t0, 12 | NO_M
    csrw mhpmevent5, t0
    csrr s2, mhpmcounter5
    TEN_NOPS
    csrr a2, mhpmcounter5
    sub a2, a2, s2
    EXPECT(a2, 0)
    TESTNUM(51)
    li t0, 12 | (1 << 19)
    csrw mhpmevent5, t0
    csrr a0, mhpmevent5
    EXPECT(a0, 0)

    /* An unknown event number reads back as 0 (no event); counters 7..31 read 0. */
    TESTNUM(13)
    li t0, 99
    csrw mhpmevent6, t0
    csrr a0, mhpmevent6
    EXPECT(a0, 0)
    TESTNUM(14)
    csrr a0, mhpmcounter9
    EXPECT(a0, 0)
TEST_END
