/* The flattened device tree describing the machine, generated with libfdt. */
#ifndef PAGODA_DTB_H
#define PAGODA_DTB_H

#include <stddef.h>
#include <stdint.h>

struct dtb_params {
    uint64_t ram_base, ram_size;
    const char *bootargs;             /* NULL: none */
    uint64_t initrd_start, initrd_end;/* 0, 0: none */
    /* /chosen/pagoda,swap: the guest's names of the --swap disks ("/dev/vdb"), each
     * NUL-terminated, swap_len bytes in all (0: none) */
    const char *swap;
    size_t swap_len;
    int nharts;
};

/* Builds the DTB into a malloc'ed buffer; returns NULL on a libfdt error. */
void *dtb_build(const struct dtb_params *p, size_t *size);

#endif
