/* Image placement (emu/place.c) and the device-tree builder (emu/dtb.c) with odd RAM
 * sizes, image ranges, entry points and sizes. A placement that succeeds must keep its
 * promise: the device tree and the initrd lie inside RAM, clear of the fixed images
 * and of each other; one that fails says why. A built tree must be a valid one of the
 * size returned, holding the bootargs given.
 *
 * Input: RAM size, up to two fixed ranges, kernel entry, initrd and tree sizes, the
 * number of harts, the initrd range for the tree, then the bootargs. */
#include <stdio.h>
#include <stdlib.h>
#include <libfdt.h>

#include "dtb.h"
#include "fuzz.h"
#include "place.h"

#define RAM_BASE 0x80000000ull
#define MAX_RAM (16ull << 30)

static bool inside(uint64_t lo, uint64_t size, uint64_t base, uint64_t end)
{
    return lo >= base && lo <= end && size <= end - lo;
}

static bool disjoint(uint64_t lo1, uint64_t size1, uint64_t lo2, uint64_t hi2)
{
    return lo1 + size1 <= lo2 || hi2 <= lo1 || size1 == 0 || lo2 == hi2;
}

static void fail(const char *what, const struct place_in *in, const struct place_out *out)
{
    fprintf(stderr, "fuzz_place: %s (RAM 0x%llx+0x%llx, tree 0x%llx at 0x%llx, initrd 0x%llx "
                    "at 0x%llx)\n", what, (unsigned long long)in->ram_base,
            (unsigned long long)in->ram_size, (unsigned long long)in->dtb_size,
            (unsigned long long)out->dtb_addr, (unsigned long long)in->initrd_size,
            (unsigned long long)out->initrd_start);
    abort();
}

static void check_place(struct fdata *f)
{
    static const char *const names[2] = { "firmware", "kernel" };
    struct place_in in = { .ram_base = RAM_BASE };
    uint8_t shape = fd_u8(f);
    /* Sizes in RAM's own units most of the time (4 KiB multiples of a few MiB), raw
     * byte counts otherwise. */
    in.ram_size = shape & 1 ? fd_u64(f) % (MAX_RAM + 1) : ((uint64_t)fd_u16(f) + 1) << 12;
    in.nfixed = (shape >> 1) % 3;
    uint64_t end = in.ram_base + in.ram_size;
    for (int i = 0; i < in.nfixed; i++) {
        uint64_t lo = in.ram_base + fd_u32(f) % (in.ram_size + 1);
        uint64_t len = fd_u32(f) % (end - lo + 1);
        in.fixed[i] = (struct place_region){ names[i], lo, lo + len };
    }
    in.kernel_entry = shape & 8 ? fd_u64(f) : in.nfixed ? in.fixed[in.nfixed - 1].lo : RAM_BASE;
    in.initrd_size = shape & 16 ? fd_u32(f) : fd_u64(f);
    in.dtb_size = shape & 32 ? fd_u16(f) : fd_u32(f);
    struct place_out out = { 0 };
    char err[512] = "";
    if (!place_images(&in, &out, err, sizeof err)) {
        if (!err[0])
            fail("placement failed without saying why", &in, &out);
        return;
    }
    if (!inside(out.dtb_addr, in.dtb_size, in.ram_base, end))
        fail("the device tree is outside RAM", &in, &out);
    for (int i = 0; i < in.nfixed; i++)
        if (!disjoint(out.dtb_addr, in.dtb_size, in.fixed[i].lo, in.fixed[i].hi))
            fail("the device tree overlaps an image", &in, &out);
    if (!in.initrd_size)
        return;
    if (!inside(out.initrd_start, in.initrd_size, in.ram_base, end))
        fail("the initrd is outside RAM", &in, &out);
    for (int i = 0; i < in.nfixed; i++)
        if (!disjoint(out.initrd_start, in.initrd_size, in.fixed[i].lo, in.fixed[i].hi))
            fail("the initrd overlaps an image", &in, &out);
    if (!disjoint(out.initrd_start, in.initrd_size, out.dtb_addr, out.dtb_addr + in.dtb_size))
        fail("the initrd overlaps the device tree", &in, &out);
}

static void check_dtb(struct fdata *f)
{
    struct dtb_params p = { .ram_base = RAM_BASE };
    uint8_t shape = fd_u8(f);
    p.ram_size = shape & 1 ? fd_u64(f) : (uint64_t)fd_u16(f) << 12;
    p.nharts = shape >> 5 ? shape >> 5 : 1;     /* 1..7 */
    if (shape & 2) {
        p.initrd_start = fd_u64(f);
        p.initrd_end = fd_u64(f);
    }
    char args[1024];
    if (shape & 4)
        p.bootargs = fd_str(f, args, sizeof args);
    size_t size = 0;
    void *fdt = dtb_build(&p, &size);
    if (!fdt) {
        fprintf(stderr, "fuzz_place: dtb_build failed\n");
        abort();
    }
    if (fdt_check_header(fdt) != 0 || fdt_totalsize(fdt) != size) {
        fprintf(stderr, "fuzz_place: dtb_build made a bad tree (size %zu)\n", size);
        abort();
    }
    int chosen = fdt_path_offset(fdt, "/chosen");
    const char *got = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
    if (p.bootargs && (!got || strcmp(got, p.bootargs) != 0)) {
        fprintf(stderr, "fuzz_place: bootargs lost\n");
        abort();
    }
    free(fdt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdata f = { data, size };
    check_place(&f);
    check_dtb(&f);
    return 0;
}
