/* The flattened device tree describing the machine, generated with libfdt. */
#ifndef PAGODA_DTB_H
#define PAGODA_DTB_H

#include <stddef.h>
#include <stdint.h>

struct dtb_params {
    uint64_t ram_base, ram_size;
    const char *bootargs;             /* NULL: none */
    uint64_t initrd_start, initrd_end;/* 0, 0: none */
    int nharts;
};

/* Builds the DTB into a malloc'ed buffer; returns NULL on a libfdt error. */
void *dtb_build(const struct dtb_params *p, size_t *size);

#endif
