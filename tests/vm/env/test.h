/* Pagoda VM tests — the test environment seen by each test file, taken from the ISA
 * tests (tests/isa/env). A test is `TEST_BEGIN ... TEST_END` run in M-mode after
 * env.S has set up traps, a stack, a PMP entry opening all memory to S/U and the
 * Sv39 page tables of vm.h. gp holds the current test number; a failure writes
 * (gp << 1) | 1 to tohost, so the exit status names it. */
#ifndef PAGODA_VM_TEST_H
#define PAGODA_VM_TEST_H

/* ---- Machine (QEMU virt/spike compatible) ---- */
#define RAM_BASE        0x80000000
#define CLINT_MSIP      0x02000000
#define CLINT_MTIMECMP  0x02004000
#define CLINT_MTIME     0x0200BFF8

/* ---- Privilege levels and CSR fields (privileged spec) ---- */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_UBE   (1 << 6)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_XS    (3 << 15)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)

#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11
#define MIP_SSIP (1 << IRQ_SSI)
#define MIP_MSIP (1 << IRQ_MSI)
#define MIP_STIP (1 << IRQ_STI)
#define MIP_MTIP (1 << IRQ_MTI)
#define MIP_SEIP (1 << IRQ_SEI)
#define MIP_MEIP (1 << IRQ_MEI)

#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_FETCH_ACCESS      1
#define CAUSE_ILLEGAL_INSN      2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_LOAD_ACCESS       5
#define CAUSE_MISALIGNED_STORE  6
#define CAUSE_STORE_ACCESS      7
#define CAUSE_ECALL_U           8
#define CAUSE_ECALL_S           9
#define CAUSE_ECALL_M           11
#define CAUSE_INTERRUPT         (1 << 63)
#define CAUSE_IRQ(n)            (CAUSE_INTERRUPT | (n))

#define PMP_R     0x01
#define PMP_W     0x02
#define PMP_X     0x04
#define PMP_OFF   0x00
#define PMP_TOR   0x08
#define PMP_NA4   0x10
#define PMP_NAPOT 0x18
#define PMP_L     0x80

/* ---- Trap record: one for M-mode traps (mtrap_rec), one for S (strap_rec) ----
 * The handler records every trap taken while the record is armed and fails the
 * test on any trap taken while it is not. After recording, an exception either
 * resumes at TR_RESUME (once, in the handler's own mode) or skips the faulting
 * instruction; an interrupt calls TR_HOOK if set (jalr t0; may use t1/t2; must
 * clear the source) or else masks itself by clearing its bit in xie. */
#define TR_T0      0
#define TR_T1      8
#define TR_T2      16
#define TR_CAUSE   24
#define TR_TVAL    32
#define TR_EPC     40
#define TR_STATUS  48
#define TR_COUNT   56
#define TR_RESUME  64
#define TR_HOOK    72
#define TR_ARMED   80
#define TR_LOG     88          /* causes of the first TR_LOG_LEN traps, in order */
#define TR_LOG_LEN 16
#define TR_SIZE    (TR_LOG + 8 * TR_LOG_LEN)

#ifdef __ASSEMBLER__

/* ---- Test structure ---- */
#define TEST_BEGIN  .text; .global test_main; test_main:
#define TEST_END    j pass

/* Test numbers are exit statuses, so they must fit 1..254. */
#define TESTNUM(n) \
    .if ((n) < 1) || ((n) > 254); .error "test number out of range 1..254"; .endif; \
    li gp, n

/* Fail unless reg == val. Uses t6; reaches `fail` from anywhere. */
#define EXPECT(reg, val) \
    li t6, val; beq reg, t6, 7777f; j fail; 7777:
#define EXPECT_NE(reg, val) \
    li t6, val; bne reg, t6, 7777f; j fail; 7777:
#define EXPECT_REG(reg, reg2) \
    beq reg, reg2, 7777f; j fail; 7777:
#define EXPECT_ADDR(reg, label) \
    la t6, label; beq reg, t6, 7777f; j fail; 7777:

/* Run the code, then check that reg holds val. */
#define TEST_CASE(n, reg, val, ...) \
    TESTNUM(n); __VA_ARGS__; EXPECT(reg, val)

/* Register-register and register-immediate operations, with their aliasing forms. */
#define TEST_RR(n, op, res, v1, v2) \
    TEST_CASE(n, a0, res, li a1, v1; li a2, v2; op a0, a1, a2)
#define TEST_RR_SRC1_DEST(n, op, res, v1, v2) \
    TEST_CASE(n, a1, res, li a1, v1; li a2, v2; op a1, a1, a2)
#define TEST_RR_SRC2_DEST(n, op, res, v1, v2) \
    TEST_CASE(n, a2, res, li a1, v1; li a2, v2; op a2, a1, a2)
#define TEST_RR_SAME(n, op, res, v1) \
    TEST_CASE(n, a1, res, li a1, v1; op a1, a1, a1)
#define TEST_RR_ZERO_DEST(n, op, v1, v2) \
    TEST_CASE(n, x0, 0, li a1, v1; li a2, v2; op x0, a1, a2)
#define TEST_RR_ZERO_SRC1(n, op, res, v2) \
    TEST_CASE(n, a0, res, li a2, v2; op a0, x0, a2)
#define TEST_RR_ZERO_SRC2(n, op, res, v1) \
    TEST_CASE(n, a0, res, li a1, v1; op a0, a1, x0)
#define TEST_RI(n, op, res, v1, imm) \
    TEST_CASE(n, a0, res, li a1, v1; op a0, a1, imm)
#define TEST_RI_SRC_DEST(n, op, res, v1, imm) \
    TEST_CASE(n, a1, res, li a1, v1; op a1, a1, imm)
#define TEST_RI_ZERO_DEST(n, op, v1, imm) \
    TEST_CASE(n, x0, 0, li a1, v1; op x0, a1, imm)
#define TEST_RI_ZERO_SRC(n, op, res, imm) \
    TEST_CASE(n, a0, res, op a0, x0, imm)

/* ---- Traps ---- */
#define TRAP_ARM(rec) \
    la t5, rec; sd zero, TR_COUNT(t5); sd zero, TR_RESUME(t5); \
    li t6, 1; sd t6, TR_ARMED(t5)
#define TRAP_DISARM(rec) \
    la t5, rec; sd zero, TR_ARMED(t5)
/* Check a field of a trap record (uses t5, t6). */
#define EXPECT_TRAP(rec, field, val) \
    la t5, rec; ld t5, field(t5); EXPECT(t5, val)
#define EXPECT_TRAP_ADDR(rec, field, label) \
    la t5, rec; ld t5, field(t5); EXPECT_ADDR(t5, label)
#define EXPECT_TRAP_REG(rec, field, reg) \
    la t5, rec; ld t5, field(t5); EXPECT_REG(t5, reg)
#define EXPECT_MTRAP(field, val)  EXPECT_TRAP(mtrap_rec, field, val)
#define EXPECT_STRAP(field, val)  EXPECT_TRAP(strap_rec, field, val)
/* The next exception taken by rec's handler resumes at label (in its own mode). */
#define RESUME_AT(rec, label) \
    la t5, label; la t6, rec; sd t5, TR_RESUME(t6)
#define SET_HOOK(rec, label) \
    la t5, label; la t6, rec; sd t5, TR_HOOK(t6)
#define CLEAR_HOOK(rec) \
    la t6, rec; sd zero, TR_HOOK(t6)

/* Run the code and expect exactly one M-mode trap, with the given cause. */
#define TEST_TRAP(n, cause, ...) \
    TESTNUM(n); TRAP_ARM(mtrap_rec); __VA_ARGS__; TRAP_DISARM(mtrap_rec); \
    EXPECT_MTRAP(TR_COUNT, 1); EXPECT_MTRAP(TR_CAUSE, cause)

/* Leave M-mode for `mode` at label via mret (uses t0). */
#define MRET_TO(mode, label) \
    li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, (mode) << 11; csrs mstatus, t0; \
    la t0, label; csrw mepc, t0; mret
/* Run the code in `mode`, then come back to M-mode right after, either at the
 * first exception the code raises or at the ecall that ends it. The M trap record
 * holds that exception; the caller arms it. */
#define RUN_IN(mode, ...) \
    RESUME_AT(mtrap_rec, 7002f); MRET_TO(mode, 7001f); \
    7001: __VA_ARGS__; ecall; 7002:
/* Run the code in `mode` and expect its first and only trap to have `cause`
 * (for code that must not fault, the ecall cause of that mode). */
#define TEST_IN(n, mode, cause, ...) \
    TESTNUM(n); TRAP_ARM(mtrap_rec); RUN_IN(mode, __VA_ARGS__); \
    TRAP_DISARM(mtrap_rec); EXPECT_MTRAP(TR_COUNT, 1); EXPECT_MTRAP(TR_CAUSE, cause)

#endif /* __ASSEMBLER__ */
#endif
