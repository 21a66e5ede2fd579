/* RV64I loads and stores of every width: lb lh lw ld lbu lhu lwu sb sh sw sd.
 * Signed loads sign-extend, unsigned loads zero-extend, stores write exactly their
 * width (little-endian), offsets are signed 12-bit, rd may equal rs1, x0 discards. */
#include "test.h"

#define TEST_LOAD(n, op, res, off, base) \
    TEST_CASE(n, a0, res, la a1, base; op a0, off(a1))

/* Store a value over a known pattern and read the whole doubleword back. */
#define TEST_STORE(n, op, val, off, res) \
    TEST_CASE(n, a0, res, la a1, scratch; li a2, 0x1122334455667788; sd a2, 0(a1); \
              li a2, val; op a2, off(a1); ld a0, 0(a1))

TEST_BEGIN
    /* lb / lbu */
    TEST_LOAD( 1, lb,  0xffffffffffffff80, 0, bytes)
    TEST_LOAD( 2, lb,  0x000000000000007f, 1, bytes)
    TEST_LOAD( 3, lb,  0xffffffffffffffff, 2, bytes)
    TEST_LOAD( 4, lb,  0x0000000000000000, 3, bytes)
    TEST_LOAD( 5, lbu, 0x0000000000000080, 0, bytes)
    TEST_LOAD( 6, lbu, 0x000000000000007f, 1, bytes)
    TEST_LOAD( 7, lbu, 0x00000000000000ff, 2, bytes)
    TEST_LOAD( 8, lb,  0xffffffffffffff80, -8, bytes + 8)
    TEST_LOAD( 9, lbu, 0x00000000000000ff, -6, bytes + 8)

    /* lh / lhu */
    TEST_LOAD(10, lh,  0xffffffffffff8000, 0, halves)
    TEST_LOAD(11, lh,  0x0000000000007fff, 2, halves)
    TEST_LOAD(12, lh,  0xffffffffffffffff, 4, halves)
    TEST_LOAD(13, lh,  0x0000000000000ff0, 6, halves)
    TEST_LOAD(14, lhu, 0x0000000000008000, 0, halves)
    TEST_LOAD(15, lhu, 0x000000000000ffff, 4, halves)
    TEST_LOAD(16, lhu, 0x0000000000000ff0, 6, halves)
    TEST_LOAD(17, lh,  0xffffffffffffffff, -4, halves + 8)

    /* lw / lwu */
    TEST_LOAD(20, lw,  0xffffffff80000000, 0, words)
    TEST_LOAD(21, lw,  0x000000007fffffff, 4, words)
    TEST_LOAD(22, lw,  0xffffffffffffffff, 8, words)
    TEST_LOAD(23, lw,  0x000000000ff00ff0, 12, words)
    TEST_LOAD(24, lwu, 0x0000000080000000, 0, words)
    TEST_LOAD(25, lwu, 0x00000000ffffffff, 8, words)
    TEST_LOAD(26, lwu, 0x000000000ff00ff0, 12, words)
    TEST_LOAD(27, lw,  0x000000007fffffff, -12, words + 16)

    /* ld */
    TEST_LOAD(30, ld, 0x8000000000000000, 0, dwords)
    TEST_LOAD(31, ld, 0x7fffffffffffffff, 8, dwords)
    TEST_LOAD(32, ld, 0x0123456789abcdef, 16, dwords)
    TEST_LOAD(33, ld, 0x0123456789abcdef, -8, dwords + 24)
    TEST_LOAD(34, ld, 0x0123456789abcdef, 2047, dwords + 16 - 2047)
    TEST_LOAD(35, ld, 0x8000000000000000, -2048, dwords + 2048)

    /* little-endian byte order */
    TEST_LOAD(36, lbu, 0xef, 16, dwords)
    TEST_LOAD(37, lhu, 0x89ab, 18, dwords)
    TEST_LOAD(38, lwu, 0x01234567, 20, dwords)

    /* rd == rs1, and x0 as destination */
    TEST_CASE(40, a1, 0x7fffffffffffffff, la a1, dwords; ld a1, 8(a1))
    TEST_CASE(41, a1, 0x7f, la a1, bytes; lbu a1, 1(a1))
    TEST_CASE(42, x0, 0, la a1, dwords; ld x0, 0(a1); lw x0, 0(a1); lb x0, 0(a1))

    /* stores */
    TEST_STORE(50, sb, 0xab,               0, 0x11223344556677ab)
    TEST_STORE(51, sb, 0xffffffffffffff00, 7, 0x0022334455667788)
    TEST_STORE(52, sb, 0x1234,             3, 0x1122334434667788)
    TEST_STORE(53, sh, 0xbeef,             0, 0x112233445566beef)
    TEST_STORE(54, sh, 0x12345678cafe,     6, 0xcafe334455667788)
    TEST_STORE(55, sh, -1,                 2, 0x11223344ffff7788)
    TEST_STORE(56, sw, 0xdeadbeef,         0, 0x11223344deadbeef)
    TEST_STORE(57, sw, 0xffffffff00000000, 4, 0x0000000055667788)
    TEST_STORE(58, sd, 0xfedcba9876543210, 0, 0xfedcba9876543210)
    TEST_CASE(59, a0, 0xaa, la a1, scratch + 16; li a2, 0xaa; sb a2, -8(a1); lbu a0, -8(a1))
    TEST_CASE(60, a0, 0x0000000000000000, la a1, scratch; sd x0, 0(a1); ld a0, 0(a1))

    /* store then load back every width at one address */
    TEST_CASE(70, a0, 0xffffffffffff8001, la a1, scratch; li a2, 0x8001; sh a2, 0(a1); lh a0, 0(a1))
    TEST_CASE(71, a0, 0xfffffffff0000001, la a1, scratch; li a2, 0xf0000001; sw a2, 0(a1); lw a0, 0(a1))
    TEST_CASE(72, a0, 0x00000000f0000001, lwu a0, 0(a1))
    TEST_CASE(73, a0, 0x01, lbu a0, 0(a1))
    TEST_CASE(74, a0, 0xfffffffffffffff0, lb a0, 3(a1))
TEST_END

    .data
    .align 3
bytes:   .byte 0x80, 0x7f, 0xff, 0x00, 0x01, 0x02, 0x03, 0x04
halves:  .half 0x8000, 0x7fff, 0xffff, 0x0ff0
words:   .word 0x80000000, 0x7fffffff, 0xffffffff, 0x0ff00ff0
dwords:  .dword 0x8000000000000000, 0x7fffffffffffffff, 0x0123456789abcdef
scratch: .dword 0, 0, 0
