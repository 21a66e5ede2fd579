/* Image placement (emu/place.c): QEMU virt's places for the device tree and the
 * initrd when they fit, the fallbacks when QEMU's would overlap, and the one-line
 * errors when nothing fits. */
#include <string.h>

#include "place.h"
#include "unit.h"

#define MIB (1ull << 20)
#define BASE 0x80000000ull

static struct place_in with_kernel(uint64_t ram, uint64_t initrd, uint64_t dtb)
{
    return (struct place_in){
        .ram_base = BASE, .ram_size = ram, .nfixed = 2,
        .fixed = { { "firmware", BASE, BASE + 0x2000 },
                   { "kernel", BASE + 2 * MIB, BASE + 3 * MIB } },
        .kernel_entry = BASE + 2 * MIB, .initrd_size = initrd, .dtb_size = dtb,
    };
}

START_TEST(test_place_follows_qemu_when_images_fit)
{
    struct place_in in = with_kernel(128 * MIB, 1 * MIB, 3000);
    struct place_out out;
    char err[256];
    ck_assert(place_images(&in, &out, err, sizeof err));
    ck_assert_uint_eq(out.dtb_addr, BASE + 126 * MIB);         /* 2 MiB below the end */
    ck_assert_uint_eq(out.initrd_start, BASE + 2 * MIB + 64 * MIB);   /* entry + RAM/2 */
    in = with_kernel(1024 * MIB, 1 * MIB, 3000);
    ck_assert(place_images(&in, &out, err, sizeof err));
    ck_assert_uint_eq(out.initrd_start, BASE + 2 * MIB + 128 * MIB);  /* at most 128M */
}
END_TEST

START_TEST(test_place_keeps_the_device_tree_below_3_gib)
{
    struct place_in in = with_kernel(4096 * MIB, 0, 3000);
    struct place_out out;
    char err[256];
    ck_assert(place_images(&in, &out, err, sizeof err));
    ck_assert_uint_eq(out.dtb_addr, (3ull << 30) - 2 * MIB);
    ck_assert_uint_eq(out.initrd_start, 0);
}
END_TEST

START_TEST(test_place_moves_an_initrd_that_would_overlap_the_device_tree)
{
    /* QEMU: initrd at 0x81200000 (entry + 16M), 13 MiB, over the device tree at
     * 0x81e00000. Here it ends below the device tree instead. */
    struct place_in in = with_kernel(32 * MIB, 13 * MIB, 3000);
    struct place_out out;
    char err[256];
    ck_assert(place_images(&in, &out, err, sizeof err));
    ck_assert_uint_eq(out.dtb_addr, BASE + 30 * MIB);
    ck_assert_uint_le(out.initrd_start + 13 * MIB, out.dtb_addr);
    ck_assert_uint_ge(out.initrd_start, BASE + 3 * MIB);
    ck_assert_uint_eq(out.initrd_start % 4096, 0);
}
END_TEST

START_TEST(test_place_moves_a_device_tree_that_would_overlap_the_kernel)
{
    /* 4 MiB of RAM: the 2 MiB boundary below the end is the kernel's address. */
    struct place_in in = with_kernel(4 * MIB, 512 * 1024, 3000);
    struct place_out out;
    char err[256];
    ck_assert(place_images(&in, &out, err, sizeof err));
    ck_assert_uint_eq(out.dtb_addr, BASE + 4 * MIB - 4096);
    ck_assert_uint_ge(out.initrd_start, BASE + 3 * MIB);
    ck_assert_uint_le(out.initrd_start + 512 * 1024, out.dtb_addr);
}
END_TEST

START_TEST(test_place_refuses_an_initrd_with_no_room)
{
    struct place_in in = with_kernel(16 * MIB, 28 * MIB, 3000);
    struct place_out out;
    char err[256];
    ck_assert(!place_images(&in, &out, err, sizeof err));
    ck_assert_msg(strstr(err, "initrd (28 MiB)") && strstr(err, "16 MiB of RAM") &&
                  strstr(err, "kernel (0x80200000-0x80300000)") && !strchr(err, '\n'), "%s", err);
}
END_TEST

START_TEST(test_place_refuses_overlapping_firmware_and_kernel)
{
    struct place_in in = with_kernel(64 * MIB, 0, 3000);
    in.fixed[0].hi = BASE + 2 * MIB + 1;
    struct place_out out;
    char err[256];
    ck_assert(!place_images(&in, &out, err, sizeof err));
    ck_assert_msg(strstr(err, "the kernel (0x80200000-0x80300000, 1 MiB) overlaps the firmware"),
                  "%s", err);
}
END_TEST

Suite *place_suite(void)
{
    Suite *s = suite_create("place");
    TCase *tc = tcase_create("place");
    tcase_add_test(tc, test_place_follows_qemu_when_images_fit);
    tcase_add_test(tc, test_place_keeps_the_device_tree_below_3_gib);
    tcase_add_test(tc, test_place_moves_an_initrd_that_would_overlap_the_device_tree);
    tcase_add_test(tc, test_place_moves_a_device_tree_that_would_overlap_the_kernel);
    tcase_add_test(tc, test_place_refuses_an_initrd_with_no_room);
    tcase_add_test(tc, test_place_refuses_overlapping_firmware_and_kernel);
    suite_add_tcase(s, tc);
    return s;
}
