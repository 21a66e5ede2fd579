/* Memory ordering instructions on a single hart: fence with any predecessor and
 * successor sets, fence.tso, the pause hint (fence w, 0) and a fence with an
 * unknown fm field all execute as fences (no trap) and memory stays coherent with
 * program order. */
#include "test.h"

TEST_BEGIN
    TEST_CASE(1, a0, 0x1234, TRAP_ARM(mtrap_rec); la a1, buf; li a2, 0x1234; sd a2, 0(a1); \
              fence; ld a0, 0(a1))
    TEST_CASE(2, a0, 0x5678, li a2, 0x5678; sd a2, 0(a1); fence w, r; ld a0, 0(a1))
    TEST_CASE(3, a0, 0x9abc, li a2, 0x9abc; fence rw, rw; sd a2, 0(a1); fence iorw, iorw; ld a0, 0(a1))
    TEST_CASE(4, a0, 0x1111, li a2, 0x1111; sd a2, 0(a1); fence.tso; ld a0, 0(a1))
    TEST_CASE(5, a0, 0x2222, li a2, 0x2222; sd a2, 0(a1); .word 0x0100000f; ld a0, 0(a1)) /* pause */
    TEST_CASE(6, a0, 0x3333, li a2, 0x3333; sd a2, 0(a1); fence o, i; fence r, w; ld a0, 0(a1))
    TEST_CASE(7, a0, 0x4444, li a2, 0x4444; sd a2, 0(a1); .word 0x0000000f; ld a0, 0(a1)) /* fence 0,0 */
    /* reserved fm values must be treated as a normal fence */
    TEST_CASE(8, a0, 0x5555, li a2, 0x5555; sd a2, 0(a1); .word 0x5ff0000f; ld a0, 0(a1))
    /* rd and rs1 fields are reserved for future use and must be ignored */
    TEST_CASE(9, a0, 0x6666, li a2, 0x6666; sd a2, 0(a1); li a3, 0x77; .word 0x0ff5868f; ld a0, 0(a1))
    EXPECT(a3, 0x77)                                    /* fence a3, a1: rd not written */
    TEST_CASE(10, a1, 0, TRAP_DISARM(mtrap_rec); la t5, mtrap_rec; ld a1, TR_COUNT(t5))
TEST_END

    .data
    .align 3
buf:
    .dword 0
