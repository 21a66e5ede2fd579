/* RV64M multiplication: mul mulh mulhsu mulhu mulw. mulh* return the upper 64 bits
 * of the 128-bit product with signed*signed, signed*unsigned, unsigned*unsigned
 * operands; mulw multiplies the low words and sign-extends the low 32 bits. */
#include "test.h"

TEST_BEGIN

    /* mul */
    TEST_RR(  1, mul, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)
    TEST_RR(  2, mul, 0x0000000000000001, 0x0000000000000001, 0x0000000000000001)
    TEST_RR(  3, mul, 0x0000000000000015, 0x0000000000000003, 0x0000000000000007)
    TEST_RR(  4, mul, 0x0000000000000000, 0x0000000000000000, 0xffffffffffff8000)
    TEST_RR(  5, mul, 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR(  6, mul, 0xfffffffffffffffe, 0x7fffffffffffffff, 0x0000000000000002)
    TEST_RR(  7, mul, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR(  8, mul, 0xffffffffffffffff, 0x0000000100000001, 0x00000000ffffffff)
    TEST_RR(  9, mul, 0x000000000000ff7f, 0xaaaaaaaaaaaaaaab, 0x000000000002fe7d)
    TEST_RR( 10, mul, 0x0000000000000000, 0x0000000100000000, 0x0000000100000000)
    TEST_RR( 11, mul, 0xfffffffffffffff1, 0xfffffffffffffffd, 0x0000000000000005)
    TEST_RR_SRC1_DEST( 12, mul, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b)
    TEST_RR_SRC2_DEST( 13, mul, 0xffffffffffffff66, 0xfffffffffffffff2, 0x000000000000000b)
    TEST_RR_SAME( 14, mul, 0x00000000000000a9, 0xfffffffffffffff3)
    TEST_RR_ZERO_DEST( 15, mul, 5, 7)

    /* mulh */
    TEST_RR( 20, mulh, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)
    TEST_RR( 21, mulh, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001)
    TEST_RR( 22, mulh, 0x0000000000000000, 0x0000000000000003, 0x0000000000000007)
    TEST_RR( 23, mulh, 0x0000000000000000, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR( 24, mulh, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001)
    TEST_RR( 25, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
    TEST_RR( 26, mulh, 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR( 27, mulh, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff)
    TEST_RR( 28, mulh, 0xc000000000000000, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_RR( 29, mulh, 0xffffffffffff0081, 0xaaaaaaaaaaaaaaab, 0x000000000002fe7d)
    TEST_RR( 30, mulh, 0xffffffffffffffff, 0xfffffffffffffffe, 0x0000000000000003)
    TEST_RR( 31, mulh, 0x0000000000000001, 0x0000000100000000, 0x0000000100000000)
    TEST_RR_SRC1_DEST( 32, mulh, 0x0000000000000000, 0x000000000000000d, 0x000000000000000b)
    TEST_RR_SRC2_DEST( 33, mulh, 0xffffffffffffffff, 0xfffffffffffffff2, 0x000000000000000b)
    TEST_RR_SAME( 34, mulh, 0x0000000000000000, 0xfffffffffffffff3)
    TEST_RR_ZERO_DEST( 35, mulh, 5, 7)

    /* mulhsu */
    TEST_RR( 40, mulhsu, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)
    TEST_RR( 41, mulhsu, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001)
    TEST_RR( 42, mulhsu, 0x0000000000000000, 0x0000000000000003, 0x0000000000000007)
    TEST_RR( 43, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR( 44, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001)
    TEST_RR( 45, mulhsu, 0xc000000000000000, 0x8000000000000000, 0x8000000000000000)
    TEST_RR( 46, mulhsu, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR( 47, mulhsu, 0x7ffffffffffffffe, 0x7fffffffffffffff, 0xffffffffffffffff)
    TEST_RR( 48, mulhsu, 0xffffffffffffffff, 0xfffffffffffffffe, 0x0000000000000003)
    TEST_RR( 49, mulhsu, 0xffffffffffff0081, 0xaaaaaaaaaaaaaaab, 0x000000000002fe7d)
    TEST_RR( 50, mulhsu, 0x0000000000000002, 0x0000000000000005, 0x8000000000000000)
    TEST_RR_SRC1_DEST( 51, mulhsu, 0x0000000000000000, 0x000000000000000d, 0x000000000000000b)
    TEST_RR_SRC2_DEST( 52, mulhsu, 0xffffffffffffffff, 0xfffffffffffffff2, 0x000000000000000b)
    TEST_RR_SAME( 53, mulhsu, 0xfffffffffffffff3, 0xfffffffffffffff3)
    TEST_RR_ZERO_DEST( 54, mulhsu, 5, 7)

    /* mulhu */
    TEST_RR( 60, mulhu, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)
    TEST_RR( 61, mulhu, 0x0000000000000000, 0x0000000000000001, 0x0000000000000001)
    TEST_RR( 62, mulhu, 0x0000000000000000, 0x0000000000000003, 0x0000000000000007)
    TEST_RR( 63, mulhu, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR( 64, mulhu, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000001)
    TEST_RR( 65, mulhu, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
    TEST_RR( 66, mulhu, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff)
    TEST_RR( 67, mulhu, 0x7ffffffffffffffe, 0x7fffffffffffffff, 0xffffffffffffffff)
    TEST_RR( 68, mulhu, 0x0000000000000002, 0xfffffffffffffffe, 0x0000000000000003)
    TEST_RR( 69, mulhu, 0x000000000001fefe, 0xaaaaaaaaaaaaaaab, 0x000000000002fe7d)
    TEST_RR( 70, mulhu, 0x0000000000000000, 0x00000000ffffffff, 0x00000000ffffffff)
    TEST_RR_SRC1_DEST( 71, mulhu, 0x0000000000000000, 0x000000000000000d, 0x000000000000000b)
    TEST_RR_SRC2_DEST( 72, mulhu, 0x000000000000000a, 0xfffffffffffffff2, 0x000000000000000b)
    TEST_RR_SAME( 73, mulhu, 0xffffffffffffffe6, 0xfffffffffffffff3)
    TEST_RR_ZERO_DEST( 74, mulhu, 5, 7)

    /* mulw */
    TEST_RR( 80, mulw, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)
    TEST_RR( 81, mulw, 0x0000000000000001, 0x0000000000000001, 0x0000000000000001)
    TEST_RR( 82, mulw, 0x0000000000000015, 0x0000000000000003, 0x0000000000000007)
    TEST_RR( 83, mulw, 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff)
    TEST_RR( 84, mulw, 0xfffffffffffffffe, 0x000000007fffffff, 0x0000000000000002)
    TEST_RR( 85, mulw, 0xffffffff80000000, 0x0000000080000000, 0xffffffffffffffff)
    TEST_RR( 86, mulw, 0xfffffffffffffffe, 0x12345678ffffffff, 0xabcdef0000000002)
    TEST_RR( 87, mulw, 0x0000000000000000, 0x0000000000010000, 0x0000000000010000)
    TEST_RR( 88, mulw, 0xffffffffffffffff, 0x000000000000ffff, 0x0000000000010001)
    TEST_RR( 89, mulw, 0xfffffffffffffff1, 0xfffffffffffffffd, 0x0000000100000005)
    TEST_RR_SRC1_DEST( 90, mulw, 0x000000000000008f, 0x000000000000000d, 0x000000000000000b)
    TEST_RR_SRC2_DEST( 91, mulw, 0xffffffffffffff66, 0xfffffffffffffff2, 0x000000000000000b)
    TEST_RR_SAME( 92, mulw, 0x00000000000000a9, 0xfffffffffffffff3)
    TEST_RR_ZERO_DEST( 93, mulw, 5, 7)

TEST_END
