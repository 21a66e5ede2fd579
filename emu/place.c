/* Placement of the device tree and the initrd beside the loaded images (see place.h). */
#include "place.h"

#include <inttypes.h>
#include <stdio.h>

#define MIB ((uint64_t)1 << 20)
#define PAGE ((uint64_t)4096)

static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

/* A size as people read it: bytes, KiB or MiB. */
static const char *size_str(uint64_t n, char buf[32])
{
    if (n >= MIB && n % MIB == 0)
        snprintf(buf, 32, "%" PRIu64 " MiB", n / MIB);
    else if (n >= MIB)
        snprintf(buf, 32, "%.1f MiB", (double)n / (double)MIB);
    else if (n >= 1024)
        snprintf(buf, 32, "%.1f KiB", (double)n / 1024.0);
    else
        snprintf(buf, 32, "%" PRIu64 " bytes", n);
    return buf;
}

static bool overlap(uint64_t lo, uint64_t hi, const struct place_region *r)
{
    return lo < r->hi && r->lo < hi;
}

/* True when [lo, lo + size) lies in RAM and clear of the fixed images and of the
 * extra region (if any). */
static bool fits(const struct place_in *in, uint64_t lo, uint64_t size,
                 const struct place_region *extra)
{
    uint64_t end = in->ram_base + in->ram_size;
    if (lo < in->ram_base || lo > end || size > end - lo)
        return false;
    for (int i = 0; i < in->nfixed; i++)
        if (overlap(lo, lo + size, &in->fixed[i]))
            return false;
    return !extra || !overlap(lo, lo + size, extra);
}

/* "the kernel (0x80200000-0x802c9000)" for each fixed image, joined by " and ". */
static void describe_fixed(const struct place_in *in, char *buf, int n)
{
    int used = 0;
    buf[0] = 0;
    for (int i = 0; i < in->nfixed && used < n; i++)
        used += snprintf(buf + used, (size_t)(n - used), "%sthe %s (0x%" PRIx64 "-0x%" PRIx64 ")",
                         i ? " and " : "", in->fixed[i].name, in->fixed[i].lo, in->fixed[i].hi);
}

bool place_images(const struct place_in *in, struct place_out *out, char *err, int errlen)
{
    char s1[32], s2[32], s3[32], what[200];
    uint64_t end = in->ram_base + in->ram_size;
    out->initrd_start = 0;

    for (int i = 0; i < in->nfixed; i++)
        for (int j = 0; j < i; j++)
            if (overlap(in->fixed[i].lo, in->fixed[i].hi, &in->fixed[j])) {
                snprintf(err, (size_t)errlen, "the %s (0x%" PRIx64 "-0x%" PRIx64 ", %s) overlaps "
                         "the %s (0x%" PRIx64 "-0x%" PRIx64 ", %s)", in->fixed[i].name,
                         in->fixed[i].lo, in->fixed[i].hi,
                         size_str(in->fixed[i].hi - in->fixed[i].lo, s1), in->fixed[j].name,
                         in->fixed[j].lo, in->fixed[j].hi,
                         size_str(in->fixed[j].hi - in->fixed[j].lo, s2));
                return false;
            }
    describe_fixed(in, what, sizeof what);

    /* The device tree: QEMU's 2 MiB boundary below min(end of RAM, 3 GiB), else the
     * last page that holds it. */
    uint64_t top = in->ram_base < (3ull << 30) && end > (3ull << 30) ? (3ull << 30) : end;
    bool ok = in->dtb_size <= top - in->ram_base;
    if (ok) {
        out->dtb_addr = align_down(top - in->dtb_size, 2 * MIB);
        if (!fits(in, out->dtb_addr, in->dtb_size, NULL)) {
            out->dtb_addr = align_down(top - in->dtb_size, PAGE);
            ok = fits(in, out->dtb_addr, in->dtb_size, NULL);
        }
    }
    if (!ok) {
        snprintf(err, (size_t)errlen, "the device tree (%s) does not fit in %s of RAM beside %s; "
                 "give more RAM with -m", size_str(in->dtb_size, s1),
                 size_str(in->ram_size, s2), what);
        return false;
    }
    if (!in->initrd_size)
        return true;

    /* The initrd: QEMU's place, else the highest page below the device tree. */
    struct place_region dtb = { "device tree", out->dtb_addr, out->dtb_addr + in->dtb_size };
    uint64_t offset = in->ram_size / 2 < 128 * MIB ? in->ram_size / 2 : 128 * MIB;
    uint64_t start = align_down(in->kernel_entry + offset + PAGE - 1, PAGE);
    if (!fits(in, start, in->initrd_size, &dtb)) {
        start = out->dtb_addr >= in->initrd_size ?
                align_down(out->dtb_addr - in->initrd_size, PAGE) : 0;
        if (!fits(in, start, in->initrd_size, &dtb)) {
            snprintf(err, (size_t)errlen, "the initrd (%s) does not fit in %s of RAM beside %s "
                     "and the device tree (%s at 0x%" PRIx64 "); give more RAM with -m",
                     size_str(in->initrd_size, s1), size_str(in->ram_size, s2), what,
                     size_str(in->dtb_size, s3), out->dtb_addr);
            return false;
        }
    }
    out->initrd_start = start;
    return true;
}
