/* Debug triggers (Sdtrig, debug spec 1.0): tselect/tdata1-3/tinfo/tcontrol and their
 * WARL rules, mcontrol (type 2) and mcontrol6 (type 6) breakpoints on execute, load
 * and store addresses in M, S and U, tcontrol.mte/mpte across traps and mret, the
 * match kinds, chains, hit bits, and a trigger's priority over the access's faults.
 * Tests 1-11 follow the official rv64mi-p-breakpoint sequence. */
#include "test.h"

#define TYPE2  (2 << 60)
#define TYPE6  (6 << 60)
#define TYPE15 (15 << 60)
#define T_LOAD    (1 << 0)
#define T_STORE   (1 << 1)
#define T_EXECUTE (1 << 2)
#define T_U       (1 << 3)
#define T_S       (1 << 4)
#define T_M       (1 << 6)
#define T_MATCH(n) ((n) << 7)
#define T_CHAIN   (1 << 11)
#define T_ACTION(n) ((n) << 12)
#define MC_HIT    (1 << 20)
#define MC6_HIT0  (1 << 22)
#define MTE  (1 << 3)
#define MPTE (1 << 7)

/* Program trigger n: tdata1 = ctl, tdata2 = the address in reg. */
#define ARM(n, ctl, reg) \
    li t0, n; csrw tselect, t0; csrw tdata2, reg; li t0, ctl; csrw tdata1, t0
#define DISARM(n) li t0, n; csrw tselect, t0; csrw tdata1, zero
/* Expect one breakpoint (cause 3) in M with tval = reg, from the code. */
#define TEST_BP(n, tvalreg, ...) \
    TEST_TRAP(n, CAUSE_BREAKPOINT, __VA_ARGS__); EXPECT_TRAP_REG(mtrap_rec, TR_TVAL, tvalreg)
/* Expect no trap from the code. */
#define TEST_NO_TRAP(n, ...) \
    TESTNUM(n); TRAP_ARM(mtrap_rec); __VA_ARGS__; TRAP_DISARM(mtrap_rec); \
    EXPECT_MTRAP(TR_COUNT, 0)

TEST_BEGIN
    /* ---- the CSRs ---- */
    TESTNUM(1)
    csrw tselect, zero
    csrr a0, tselect
    EXPECT(a0, 0)
    csrr a0, tdata1                         /* reset: disabled */
    EXPECT(a0, TYPE15)
    csrr a0, tinfo                          /* version 1; types 2, 6 and 15 */
    EXPECT(a0, 0x01008044)
    li a0, 3
    csrw tselect, a0
    csrr a1, tselect
    EXPECT(a1, 3)
    li a0, 4                                /* beyond the triggers: ignored */
    csrw tselect, a0
    csrr a1, tselect
    EXPECT(a1, 3)
    li a0, -1
    csrw tdata3, a0
    csrr a1, tdata3
    EXPECT(a1, 0)
    csrw tcontrol, a0
    csrr a1, tcontrol
    EXPECT(a1, MTE | MPTE)
    csrw tcontrol, zero

    /* ---- rv64mi-p-breakpoint: execute, load, store in M with tcontrol.mte ---- */
    TESTNUM(2)
    li a1, MTE
    csrs tcontrol, a1
    csrw tselect, x0
    la a2, 1f
    csrw tdata2, a2
    li a0, TYPE2 | T_M | T_EXECUTE
    csrw tdata1, a0
    csrr a1, tdata1
    EXPECT_REG(a0, a1)
    TRAP_ARM(mtrap_rec)
    .align 2
1:  j fail                                  /* skipped by the handler */
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_BREAKPOINT)
    EXPECT_TRAP_REG(mtrap_rec, TR_EPC, a2)
    EXPECT_TRAP_REG(mtrap_rec, TR_TVAL, a2)
    TEST_NO_TRAP(3, lw a0, (a2))            /* reads of that address do not trap */

    TESTNUM(4)
    li a0, TYPE2 | T_M | T_LOAD
    csrw tdata1, a0
    csrr a1, tdata1
    EXPECT_REG(a0, a1)
    la a2, data1
    csrw tdata2, a2
    TEST_BP(4, a2, lw a2, (a2))
    la a3, data1
    EXPECT_REG(a2, a3)                      /* the load did not happen */
    TEST_NO_TRAP(5, sw x0, (a2))            /* writes do not trap */

    TESTNUM(6)
    li a0, TYPE2 | T_M | T_STORE
    csrw tdata1, a0
    csrr a1, tdata1
    EXPECT_REG(a0, a1)
    TEST_BP(6, a2, sw a2, (a2))
    TEST_CASE(7, a3, 0, lw a3, (a2))        /* the store did not happen */

    /* a second trigger, and the first still fires */
    TESTNUM(8)
    li a0, 1
    csrw tselect, a0
    csrr a1, tselect
    EXPECT(a1, 1)
    li a0, TYPE2 | T_M | T_LOAD
    csrw tdata1, a0
    la a3, data2
    csrw tdata2, a3
    TEST_BP(8, a3, lw a3, (a3))
    la a2, data1
    TEST_BP(10, a2, sw a2, (a2))
    TEST_CASE(11, a4, 0, lw a4, (a2))

    /* hit is set on the trigger that fired; it is writable */
    TESTNUM(12)
    csrr a0, tdata1                         /* tselect is 1: the load trigger */
    EXPECT(a0, TYPE2 | T_M | T_LOAD | MC_HIT)
    li a0, TYPE2 | T_M | T_LOAD
    csrw tdata1, a0
    csrr a1, tdata1
    EXPECT_REG(a0, a1)
    DISARM(0)
    DISARM(1)

    /* ---- tcontrol: M-mode triggers fire only while mte is set ---- */
    la a2, data1
    ARM(0, TYPE2 | T_M | T_LOAD, a2)
    csrw tcontrol, zero
    TEST_NO_TRAP(13, lw a0, (a2))
    /* a trap into M saves mte in mpte and clears it; mret restores it */
    li a0, MTE
    csrw tcontrol, a0
    TEST_TRAP(14, CAUSE_ECALL_M, ecall)
    csrr a0, tcontrol
    EXPECT(a0, MTE | MPTE)
    li a0, MPTE
    csrw tcontrol, a0                       /* mte off, mpte on: mret turns mte on */
    TESTNUM(15)
    MRET_TO(PRV_M, 1f)
1:  csrr a0, tcontrol
    EXPECT(a0, MTE | MPTE)
    TEST_BP(16, a2, lw a0, (a2))
    DISARM(0)

    /* ---- mode bits: a U-only trigger fires in U, not in M or S ---- */
    la a2, data1
    ARM(0, TYPE2 | T_U | T_LOAD, a2)
    TEST_NO_TRAP(17, lw a0, (a2))
    TEST_IN(18, PRV_U, CAUSE_BREAKPOINT, lw a0, (a2))
    EXPECT_TRAP_REG(mtrap_rec, TR_TVAL, a2)
    TEST_IN(19, PRV_S, CAUSE_ECALL_S, lw a0, (a2))
    ARM(0, TYPE2 | T_S | T_STORE, a2)
    TEST_IN(20, PRV_S, CAUSE_BREAKPOINT, sw a0, (a2))
    TEST_IN(21, PRV_U, CAUSE_ECALL_U, sw a0, (a2))
    /* an execute trigger in U: mepc and mtval are the instruction's address */
    la a3, 2f
    ARM(0, TYPE2 | T_U | T_EXECUTE, a3)
    TESTNUM(22)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 3f)
    MRET_TO(PRV_U, 1f)
1:  nop
2:  nop
    ecall
3:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_BREAKPOINT)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 2b)
    EXPECT_TRAP_ADDR(mtrap_rec, TR_TVAL, 2b)
    /* delegated breakpoints from S go to S */
    li t0, 1 << CAUSE_BREAKPOINT
    csrw medeleg, t0
    la a2, data1
    ARM(0, TYPE2 | T_S | T_LOAD, a2)
    TESTNUM(23)
    TRAP_ARM(mtrap_rec)
    TRAP_ARM(strap_rec)
    RESUME_AT(mtrap_rec, 2f)
    MRET_TO(PRV_S, 1f)
1:  lw a0, (a2)
    ecall
2:  TRAP_DISARM(mtrap_rec)
    TRAP_DISARM(strap_rec)
    EXPECT_STRAP(TR_COUNT, 1)
    EXPECT_STRAP(TR_CAUSE, CAUSE_BREAKPOINT)
    EXPECT_TRAP_REG(strap_rec, TR_TVAL, a2)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ECALL_S)
    csrw medeleg, zero
    DISARM(0)

    /* ---- mcontrol6 ---- */
    li a1, MTE
    csrw tcontrol, a1
    la a2, data2
    ARM(2, TYPE6 | T_M | T_LOAD | T_STORE, a2)
    TESTNUM(24)
    csrr a0, tdata1
    EXPECT(a0, TYPE6 | T_M | T_LOAD | T_STORE)
    TEST_BP(25, a2, sd x0, 0(a2))
    TEST_BP(26, a2, ld a0, 0(a2))
    TESTNUM(27)
    csrr a0, tdata1
    EXPECT(a0, TYPE6 | T_M | T_LOAD | T_STORE | MC6_HIT0)
    /* NAPOT (an mcontrol6 match): tdata2 = base | (size/2 - 1) covers 8 bytes */
    la a2, data3
    ori a3, a2, 3
    ARM(2, TYPE6 | T_M | T_LOAD | T_MATCH(1), a3)
    addi a4, a2, 7
    TEST_BP(28, a4, lbu a0, 0(a4))
    addi a4, a2, 8
    TEST_NO_TRAP(29, lbu a0, 0(a4))
    addi a4, a2, -1
    TEST_NO_TRAP(30, lbu a0, 0(a4))
    DISARM(2)

    /* ---- match kinds and chains, on U-mode loads (M-mode code loads and stores
     * everywhere, so these triggers watch U only) ---- */
    la a2, data3
    ARM(2, TYPE6 | T_U | T_LOAD | T_MATCH(8), a2)       /* not equal */
    TEST_IN(31, PRV_U, CAUSE_ECALL_U, lbu a0, 0(a2))
    addi a4, a2, 1
    TEST_IN(32, PRV_U, CAUSE_BREAKPOINT, lbu a0, 0(a4))
    EXPECT_TRAP_REG(mtrap_rec, TR_TVAL, a4)
    DISARM(2)
    ARM(0, TYPE2 | T_U | T_LOAD | T_MATCH(2), a2)       /* >= */
    TEST_IN(33, PRV_U, CAUSE_BREAKPOINT, lbu a0, 0(a2))
    addi a4, a2, -1
    TEST_IN(34, PRV_U, CAUSE_ECALL_U, lbu a0, 0(a4))
    ARM(0, TYPE2 | T_U | T_LOAD | T_MATCH(3), a2)       /* < */
    TEST_IN(35, PRV_U, CAUSE_ECALL_U, lbu a0, 0(a2))
    TEST_IN(36, PRV_U, CAUSE_BREAKPOINT, lbu a0, 0(a4))
    /* mask low: tdata2 = mask << 32 | value; matches when (va & mask) == value */
    andi a5, a2, 0xff                                   /* low byte of data3's address */
    li a3, 0xff << 32
    or a3, a3, a5
    ARM(0, TYPE2 | T_U | T_LOAD | T_MATCH(4), a3)
    TEST_IN(37, PRV_U, CAUSE_BREAKPOINT, lbu a0, 0(a2))
    addi a4, a2, 1
    TEST_IN(38, PRV_U, CAUSE_ECALL_U, lbu a0, 0(a4))
    /* a chain: [data3, data3 + 4) fires only where both halves match */
    ARM(0, TYPE2 | T_U | T_LOAD | T_MATCH(2) | T_CHAIN, a2)
    addi a3, a2, 4
    ARM(1, TYPE2 | T_U | T_LOAD | T_MATCH(3), a3)
    addi a4, a2, 3
    TEST_IN(39, PRV_U, CAUSE_BREAKPOINT, lbu a0, 0(a4))
    addi a4, a2, 4
    TEST_IN(40, PRV_U, CAUSE_ECALL_U, lbu a0, 0(a4))
    addi a4, a2, -1
    TEST_IN(41, PRV_U, CAUSE_ECALL_U, lbu a0, 0(a4))
    DISARM(1)
    DISARM(0)

    /* ---- WARL: what cannot be held becomes legal ---- */
    li t0, 3
    csrw tselect, t0
    TESTNUM(42)
    li a0, TYPE2 | T_M | T_LOAD | T_CHAIN               /* the last trigger cannot chain */
    csrw tdata1, a0
    csrr a1, tdata1
    EXPECT(a1, TYPE2 | T_M | T_LOAD)
    li a0, TYPE2 | T_M | T_LOAD | T_ACTION(1) | (1 << 59) | (1 << 19) | (1 << 18) | (3 << 16)
    csrw tdata1, a0                         /* dmode, select, timing, size, action 1 */
    csrr a1, tdata1
    EXPECT(a1, TYPE2 | T_M | T_LOAD)
    li a0, TYPE2 | T_M | T_LOAD | T_MATCH(1)            /* NAPOT needs mcontrol6 */
    csrw tdata1, a0
    csrr a1, tdata1
    EXPECT(a1, TYPE2 | T_M | T_LOAD)
    li a0, TYPE2 | T_M | T_LOAD | T_MATCH(7)            /* reserved match */
    csrw tdata1, a0
    csrr a1, tdata1
    EXPECT(a1, TYPE2 | T_M | T_LOAD)
    li a0, (3 << 60) | T_M | T_LOAD                     /* icount: not supported */
    csrw tdata1, a0
    csrr a1, tdata1
    EXPECT(a1, TYPE15)
    li a0, -1
    csrw tdata2, a0
    csrr a1, tdata2
    EXPECT(a1, -1)                          /* tdata2 holds any address */
    csrw tdata1, zero
    csrr a1, tdata1
    EXPECT(a1, TYPE15)
    TESTNUM(43)                             /* tinfo is read-only */
    TRAP_ARM(mtrap_rec)
    csrw tinfo, zero
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_ILLEGAL_INSN)
    TEST_IN(44, PRV_S, CAUSE_ILLEGAL_INSN, csrr a0, tselect)   /* M-mode CSRs */

    /* ---- priority over the access's own faults ---- */
    li a2, 0x1000000                        /* nothing there: an access fault */
    ARM(0, TYPE2 | T_M | T_LOAD | T_STORE, a2)
    TEST_BP(45, a2, lw a0, 0(a2))
    TEST_BP(46, a2, sw a0, 0(a2))
    addi a3, a2, 1                          /* (the trigger is on the lowest byte) */
    ARM(0, TYPE2 | T_M | T_LOAD | T_STORE, a3)
    TEST_TRAP(47, CAUSE_LOAD_ACCESS, lw a0, 0(a2))
    ARM(0, TYPE2 | T_M | T_EXECUTE, a2)
    TESTNUM(48)
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 1f)
    jr a2                                   /* breakpoint, not a fetch access fault */
1:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_BREAKPOINT)
    EXPECT_TRAP_REG(mtrap_rec, TR_EPC, a2)
    DISARM(0)

    /* ---- atomics: LR is a load, SC a store, an AMO both ---- */
    la a2, data2
    ARM(0, TYPE2 | T_M | T_LOAD, a2)
    TEST_BP(49, a2, lr.w a0, (a2))
    TEST_BP(50, a2, amoadd.w a0, a1, (a2))
    ARM(0, TYPE2 | T_M | T_STORE, a2)
    TEST_BP(51, a2, amoswap.w a0, a1, (a2))
    TEST_NO_TRAP(52, lr.w a0, (a2))
    DISARM(0)

    /* ---- a compressed instruction, and a trigger armed then disarmed ---- */
    la a3, nop_fn
    ARM(3, TYPE6 | T_M | T_EXECUTE, a3)
    TESTNUM(53)
    TRAP_ARM(mtrap_rec)
    call nop_fn                             /* its c.nop is skipped by the handler */
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_TRAP_REG(mtrap_rec, TR_EPC, a3)
    DISARM(3)
    TEST_NO_TRAP(54, call nop_fn)
    csrw tcontrol, zero
TEST_END

    .option push
    .option rvc
nop_fn:
    c.nop
    ret
    .option pop

    .data
    .align 3
data1: .dword 0
data2: .dword 0
data3: .dword 0, 0
