/* Where the boot images go in RAM: QEMU virt's rules, made safe. The firmware and
 * the kernel (or a bare program) are where their files say; the device tree goes at
 * the 2 MiB boundary below the end of RAM (or 3 GiB) that leaves room for it, and the
 * initrd at kernel entry + min(RAM / 2, 128 MiB), page-aligned. Where QEMU would let
 * two of them overlap (and refuse to start), the device tree moves to the last page of
 * RAM that holds it and the initrd to the highest page below the device tree; when
 * nothing fits, placement fails with one line naming the sizes. */
#ifndef PAGODA_PLACE_H
#define PAGODA_PLACE_H

#include <stdbool.h>
#include <stdint.h>

struct place_region {
    const char *name;         /* "firmware", "kernel", "program" */
    uint64_t lo, hi;          /* [lo, hi) */
};

struct place_in {
    uint64_t ram_base, ram_size;
    struct place_region fixed[2];  /* images already at their addresses */
    int nfixed;
    uint64_t kernel_entry;    /* where the initrd's offset is counted from */
    uint64_t initrd_size;     /* 0: no initrd */
    uint64_t dtb_size;
};

struct place_out {
    uint64_t initrd_start;    /* 0 when there is none */
    uint64_t dtb_addr;
};

/* On failure writes one line (without "pagoda: ") into err and returns false. */
bool place_images(const struct place_in *in, struct place_out *out, char *err, int errlen);

#endif
