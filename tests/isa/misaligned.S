/* Misaligned loads and stores of every width and offset, including accesses that
 * cross an 8-byte boundary and a 4 KiB page boundary. This machine performs them
 * (as QEMU does), so none may trap: the trap record stays disarmed throughout and
 * any trap fails the test. */
#include "test.h"

/* buf is 32 bytes straddling a page boundary at buf + 16. */
#define TEST_LOAD(n, op, res, off) \
    TEST_CASE(n, a0, res, la a1, buf; op a0, off(a1))

#define CLEAR_BUF \
    la a1, buf; sd x0, 0(a1); sd x0, 8(a1); sd x0, 16(a1); sd x0, 24(a1)
#define TEST_STORE(n, op, off, res0, res8) \
    TEST_CASE(n, a0, res0, CLEAR_BUF; li a2, 0x8877665544332211; op a2, off(a1); ld a0, 0(a1)); \
    ld a0, 8(a1); EXPECT(a0, res8); ld a0, 16(a1); EXPECT(a0, 0)
#define TEST_STORE_X(n, op, off, res8, res16) \
    TEST_CASE(n, a0, res8, CLEAR_BUF; li a2, 0x8877665544332211; op a2, off(a1); ld a0, 8(a1)); \
    ld a0, 16(a1); EXPECT(a0, res16); ld a0, 0(a1); EXPECT(a0, 0); ld a0, 24(a1); EXPECT(a0, 0)

TEST_BEGIN
    TESTNUM(1)
    la a1, buf                         /* fill buf with its pattern */
    la a2, pattern
    li a3, 32
1:  lbu a4, 0(a2)
    sb a4, 0(a1)
    addi a1, a1, 1
    addi a2, a2, 1
    addi a3, a3, -1
    bnez a3, 1b

    TEST_LOAD(  2, lh, 0xffffffffffffbb9e, 1)
    TEST_LOAD(  3, lhu, 0x000000000000bb9e, 1)
    TEST_LOAD(  4, lh, 0xfffffffffffff5d8, 3)
    TEST_LOAD(  5, lhu, 0x000000000000f5d8, 3)
    TEST_LOAD(  6, lh, 0x0000000000002f12, 5)
    TEST_LOAD(  7, lhu, 0x0000000000002f12, 5)
    TEST_LOAD(  8, lh, 0x000000000000694c, 7)
    TEST_LOAD(  9, lhu, 0x000000000000694c, 7)
    TEST_LOAD( 10, lw, 0xfffffffff5d8bb9e, 1)
    TEST_LOAD( 11, lwu, 0x00000000f5d8bb9e, 1)
    TEST_LOAD( 12, lw, 0x0000000012f5d8bb, 2)
    TEST_LOAD( 13, lwu, 0x0000000012f5d8bb, 2)
    TEST_LOAD( 14, lw, 0x000000002f12f5d8, 3)
    TEST_LOAD( 15, lwu, 0x000000002f12f5d8, 3)
    TEST_LOAD( 16, lw, 0x000000004c2f12f5, 4)
    TEST_LOAD( 17, lwu, 0x000000004c2f12f5, 4)
    TEST_LOAD( 18, lw, 0x00000000694c2f12, 5)
    TEST_LOAD( 19, lwu, 0x00000000694c2f12, 5)
    TEST_LOAD( 20, lw, 0xffffffff86694c2f, 6)
    TEST_LOAD( 21, lwu, 0x0000000086694c2f, 6)
    TEST_LOAD( 22, lw, 0xffffffffa386694c, 7)
    TEST_LOAD( 23, lwu, 0x00000000a386694c, 7)
    TEST_LOAD( 30, ld, 0x694c2f12f5d8bb9e, 1)
    TEST_LOAD( 31, ld, 0x86694c2f12f5d8bb, 2)
    TEST_LOAD( 32, ld, 0xa386694c2f12f5d8, 3)
    TEST_LOAD( 33, ld, 0xc0a386694c2f12f5, 4)
    TEST_LOAD( 34, ld, 0xddc0a386694c2f12, 5)
    TEST_LOAD( 35, ld, 0xfaddc0a386694c2f, 6)
    TEST_LOAD( 36, ld, 0x17faddc0a386694c, 7)
/* page-crossing (buffer straddles a 4 KiB boundary at offset 16) */
    TEST_LOAD( 40, lh, 0x0000000000005134, 15)
    TEST_LOAD( 41, lw, 0x000000006e513417, 14)
    TEST_LOAD( 42, ld, 0xa88b6e513417fadd, 12)
    TEST_LOAD( 43, lwu, 0x000000006e513417, 14)

    /* stores, then the surrounding bytes are checked untouched */
    TEST_STORE( 50, sh, 1, 0x0000000000221100, 0x0000000000000000)
    TEST_STORE( 51, sh, 7, 0x1100000000000000, 0x0000000000000022)
    TEST_STORE( 60, sw, 1, 0x0000004433221100, 0x0000000000000000)
    TEST_STORE( 61, sw, 2, 0x0000443322110000, 0x0000000000000000)
    TEST_STORE( 62, sw, 3, 0x0044332211000000, 0x0000000000000000)
    TEST_STORE( 63, sw, 5, 0x3322110000000000, 0x0000000000000044)
    TEST_STORE( 64, sw, 6, 0x2211000000000000, 0x0000000000004433)
    TEST_STORE( 70, sd, 1, 0x7766554433221100, 0x0000000000000088)
    TEST_STORE( 71, sd, 3, 0x5544332211000000, 0x0000000000887766)
    TEST_STORE( 72, sd, 4, 0x4433221100000000, 0x0000000088776655)
    TEST_STORE( 73, sd, 7, 0x1100000000000000, 0x0088776655443322)
    TEST_STORE_X( 80, sh, 15, 0x1100000000000000, 0x0000000000000022)
    TEST_STORE_X( 81, sw, 14, 0x2211000000000000, 0x0000000000004433)
    TEST_STORE_X( 82, sd, 12, 0x4433221100000000, 0x0000000088776655)

    /* a misaligned load sees a misaligned store's bytes */
    TEST_CASE(90, a0, 0x0123456789abcdef, CLEAR_BUF; li a2, 0x0123456789abcdef; sd a2, 13(a1); ld a0, 13(a1))
    TEST_CASE(91, a0, 0xffffffff89abcdef, lw a0, 13(a1))
    TEST_CASE(92, a0, 0x000000000000abcd, lhu a0, 14(a1))
TEST_END

    .data
pattern:
    .byte 0x81, 0x9e, 0xbb, 0xd8, 0xf5, 0x12, 0x2f, 0x4c, 0x69, 0x86, 0xa3, 0xc0, 0xdd, 0xfa, 0x17, 0x34
    .byte 0x51, 0x6e, 0x8b, 0xa8, 0xc5, 0xe2, 0xff, 0x1c, 0x39, 0x56, 0x73, 0x90, 0xad, 0xca, 0xe7, 0x04
    .align 12
    .skip 4096 - 16
buf:
    .skip 32
