/* Reserved and illegal 16-bit encodings raise illegal-instruction (mcause 2) with
 * mtval holding the 16 instruction bits, and change nothing else. 0x0000 is the
 * defined-illegal instruction; the others are the reserved cases of RV64C:
 * c.addi4spn with nzuimm = 0, c.lui / c.addi16sp with imm = 0, c.lwsp / c.ldsp with
 * rd = 0, c.jr with rs1 = 0, c.addiw with rd = 0, and the reserved CA-format funct
 * slots. c.fld / c.fsd / c.fldsp need the D extension with FS on, so they trap too.
 * HINT encodings next to them (rd = x0) must execute as no-ops. */
#include "test.h"

/* Trap on the 16-bit word `bits`; a0, sp and mem stay as they were. */
#define TEST_ILLEGAL16(n, bits) \
    li a0, 0x5555; li sp, 0x80004000; \
    TEST_TRAP(n, CAUSE_ILLEGAL_INSN, .half bits); \
    EXPECT_MTRAP(TR_TVAL, bits); EXPECT(a0, 0x5555); EXPECT(sp, 0x80004000)

TEST_BEGIN
    TEST_ILLEGAL16( 1, 0x0000)      /* all zeros: defined illegal */
    TEST_ILLEGAL16( 2, 0x0008)      /* c.addi4spn a0', sp, 0: reserved */
    TEST_ILLEGAL16( 3, 0x001c)      /* c.addi4spn a5, sp, 0 */
    TEST_ILLEGAL16( 4, 0x6501)      /* c.lui a0, 0: reserved */
    TEST_ILLEGAL16( 5, 0x6901)      /* c.lui s2, 0: reserved */
    TEST_ILLEGAL16( 6, 0x6101)      /* c.addi16sp sp, 0: reserved */
    TEST_ILLEGAL16( 7, 0x4002)      /* c.lwsp x0, 0(sp): reserved */
    TEST_ILLEGAL16( 8, 0x5012)      /* c.lwsp x0, 36(sp): reserved */
    TEST_ILLEGAL16( 9, 0x6002)      /* c.ldsp x0, 0(sp): reserved */
    TEST_ILLEGAL16(10, 0x7002)      /* c.ldsp x0, 32+..(sp) with imm bit 5 */
    TEST_ILLEGAL16(11, 0x8002)      /* c.jr x0: reserved */
    TEST_ILLEGAL16(12, 0x2001)      /* c.addiw x0, 0: reserved */
    TEST_ILLEGAL16(13, 0x207d)      /* c.addiw x0, 31: reserved */
    TEST_ILLEGAL16(14, 0x9c41)      /* CA funct6 100111 funct2 10: reserved */
    TEST_ILLEGAL16(15, 0x9c61)      /* CA funct6 100111 funct2 11: reserved */
    TEST_ILLEGAL16(16, 0x2000)      /* c.fld fs0, 0(s0): no FP here */
    TEST_ILLEGAL16(17, 0xa000)      /* c.fsd fs0, 0(s0) */
    TEST_ILLEGAL16(18, 0x2002)      /* c.fldsp f0, 0(sp) */
    TEST_ILLEGAL16(19, 0xa002)      /* c.fsdsp f0, 0(sp) */

    /* nothing was written by the trapping c.fsd / c.fsdsp */
    TEST_CASE(30, a1, 0x77, la s0, guard; li sp, 0; li a1, 0x77; sd a1, 0(s0); \
              TRAP_ARM(mtrap_rec); .half 0xa000; TRAP_DISARM(mtrap_rec); ld a1, 0(s0))
    la sp, stack_top

    /* the defined compressed instructions next to those encodings still work */
    TEST_CASE(40, a0, 0x80004004, li sp, 0x80004000; .half 0x0048) /* c.addi4spn a0, sp, 4 */
    TEST_CASE(41, a0, 0x1000, .half 0x6505)                        /* c.lui a0, 1 */
    TEST_CASE(42, a0, 5, li a0, 5; .half 0x2501)                   /* c.addiw a0, 0 */
    la sp, stack_top

    /* HINT encodings (rd = x0 and the like) are not illegal: they do nothing */
    TEST_CASE(50, x0, 0, li a1, 9; TRAP_ARM(mtrap_rec); \
              .half 0x0005;    /* c.nop 1      */ \
              .half 0x4015;    /* c.li x0, 5   */ \
              .half 0x6005;    /* c.lui x0, 1  */ \
              .half 0x802e;    /* c.mv x0, a1  */ \
              .half 0x902e;    /* c.add x0, a1 */ \
              .half 0x0006;    /* c.slli x0, 1 */ \
              TRAP_DISARM(mtrap_rec))
    EXPECT_MTRAP(TR_COUNT, 0)
    EXPECT(a1, 9)
TEST_END

    .data
    .align 3
guard:
    .dword 0
