/* Loading programs into guest memory: RISC-V ELF64 executables (segments at their
 * physical addresses, symbols kept for HTIF and the debugger) and raw images. */
#ifndef PAGODA_LOADER_H
#define PAGODA_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"

struct symbol {
    uint64_t addr, size;
    char *name;
};

struct symtab {
    struct symbol *sym;
    int n, cap;
};

struct elf_image {
    uint64_t entry;
    uint64_t lo, hi;          /* physical range covered by the loaded segments */
};

/* Loads path. On failure returns false and writes a one-line reason into err. */
bool load_elf(struct bus *bus, const char *path, struct elf_image *img,
              struct symtab *syms, char *err, int errlen);
bool load_raw(struct bus *bus, const char *path, uint64_t addr, uint64_t *size,
              char *err, int errlen);
/* True when the file starts with the ELF magic. */
bool file_is_elf(const char *path);

/* Reads only the symbols of an ELF file (sym FILE in the debugger). */
bool symtab_read(const char *path, struct symtab *syms, char *err, int errlen);
void symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size);
const struct symbol *symtab_find(const struct symtab *t, const char *name);
/* The symbol containing addr (or the closest one below it), NULL when none. */
const struct symbol *symtab_lookup(const struct symtab *t, uint64_t addr);
void symtab_free(struct symtab *t);

#endif
