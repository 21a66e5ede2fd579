/* ELF and raw image loading with libelf. Every failure is reported as one line that
 * names the file and the problem; nothing is loaded partially on a bad header. */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

static bool fail(char *err, int errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, (size_t)errlen, fmt, ap);
    va_end(ap);
    return false;
}

bool file_is_elf(const char *path)
{
    unsigned char m[4];
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool ok = fread(m, 1, 4, f) == 4 && memcmp(m, ELFMAG, 4) == 0;
    fclose(f);
    return ok;
}

void symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->sym = realloc(t->sym, (size_t)t->cap * sizeof *t->sym);
        if (!t->sym)
            abort();
    }
    t->sym[t->n++] = (struct symbol){ addr, size, strdup(name) };
}

static void read_symbols(Elf *e, struct symtab *syms)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e, scn))) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        if (!data)
            continue;
        size_t n = sh.sh_size / sh.sh_entsize;
        for (size_t i = 0; i < n; i++) {
            GElf_Sym s;
            if (!gelf_getsym(data, (int)i, &s))
                continue;
            int type = GELF_ST_TYPE(s.st_info);
            if (s.st_shndx == SHN_UNDEF || type == STT_SECTION || type == STT_FILE)
                continue;
            const char *name = elf_strptr(e, sh.sh_link, s.st_name);
            if (name && *name && strncmp(name, "$x", 2) != 0 && strncmp(name, ".L", 2) != 0)
                symtab_add(syms, name, s.st_value, s.st_size);
        }
    }
}

/* Linking with just -Ttext makes the first segment start with the ELF headers, one
 * page below the code. QEMU loads such files, dropping what falls outside RAM; we
 * skip the leading part below RAM only when it holds nothing but headers and zero
 * padding, so no program byte is ever dropped. Returns the bytes to skip. */
static uint64_t header_skip(int fd, const GElf_Ehdr *eh, const GElf_Phdr *ph,
                            const struct bus *bus)
{
    uint64_t base = bus->ram.base;
    if (ph->p_offset != 0 || ph->p_paddr >= base || base - ph->p_paddr > ph->p_filesz ||
        base - ph->p_paddr > 0x10000)
        return 0;
    uint64_t skip = base - ph->p_paddr;
    uint64_t hdr_end = eh->e_phoff + (uint64_t)eh->e_phnum * eh->e_phentsize;
    if (hdr_end < eh->e_ehsize)
        hdr_end = eh->e_ehsize;
    if (hdr_end > skip)
        return 0;
    uint8_t buf[4096];
    for (uint64_t off = hdr_end; off < skip; ) {
        size_t n = skip - off < sizeof buf ? (size_t)(skip - off) : sizeof buf;
        if (pread(fd, buf, n, (off_t)off) != (ssize_t)n)
            return 0;
        for (size_t k = 0; k < n; k++)
            if (buf[k])
                return 0;
        off += n;
    }
    return skip;
}

bool load_elf(struct bus *bus, const char *path, struct elf_image *img,
              struct symtab *syms, char *err, int errlen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(err, errlen, "%s: not a regular file", path);
    }
    if (elf_version(EV_CURRENT) == EV_NONE) {
        close(fd);
        return fail(err, errlen, "libelf: %s", elf_errmsg(-1));
    }
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    bool ok = false;
    GElf_Ehdr eh;
    size_t nph = 0;
    if (!e || elf_kind(e) != ELF_K_ELF) {
        fail(err, errlen, "%s: not an ELF file", path);
        goto out;
    }
    if (gelf_getclass(e) != ELFCLASS64) {
        fail(err, errlen, "%s: not a 64-bit ELF (Pagoda is RV64)", path);
        goto out;
    }
    if (!gelf_getehdr(e, &eh)) {
        fail(err, errlen, "%s: truncated or corrupt ELF header", path);
        goto out;
    }
    if (eh.e_machine != EM_RISCV) {
        fail(err, errlen, "%s: not a RISC-V ELF (e_machine %u)", path, eh.e_machine);
        goto out;
    }
    if (eh.e_type != ET_EXEC) {
        fail(err, errlen, "%s: not an executable ELF (e_type %u)", path, eh.e_type);
        goto out;
    }
    if (elf_getphdrnum(e, &nph) != 0 || nph == 0) {
        fail(err, errlen, "%s: no program headers", path);
        goto out;
    }
    /* Check every segment before loading any. */
    for (size_t i = 0; i < nph; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph)) {
            fail(err, errlen, "%s: corrupt program header %zu", path, i);
            goto out;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_filesz > ph.p_memsz || ph.p_offset > (uint64_t)st.st_size ||
            ph.p_filesz > (uint64_t)st.st_size - ph.p_offset) {
            fail(err, errlen, "%s: segment %zu extends past the end of the file (truncated?)",
                 path, i);
            goto out;
        }
        uint64_t skip = header_skip(fd, &eh, &ph, bus);
        struct mem_region *r = bus_region(bus, ph.p_paddr + skip, ph.p_memsz - skip);
        if (!r || r->readonly) {
            fail(err, errlen, "%s: segment %zu at 0x%llx-0x%llx is outside RAM "
                 "(0x%llx-0x%llx)", path, i, (unsigned long long)ph.p_paddr,
                 (unsigned long long)(ph.p_paddr + ph.p_memsz),
                 (unsigned long long)bus->ram.base,
                 (unsigned long long)(bus->ram.base + bus->ram.size));
            goto out;
        }
    }
    img->entry = eh.e_entry;
    img->lo = UINT64_MAX;
    img->hi = 0;
    for (size_t i = 0; i < nph; i++) {
        GElf_Phdr ph;
        gelf_getphdr(e, (int)i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uint64_t skip = header_skip(fd, &eh, &ph, bus);
        ph.p_paddr += skip;
        ph.p_offset += skip;
        ph.p_filesz -= skip;
        ph.p_memsz -= skip;
        uint8_t *dst = bus_host(bus, ph.p_paddr, ph.p_memsz);
        if (ph.p_filesz && pread(fd, dst, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz) {
            fail(err, errlen, "%s: read error in segment %zu", path, i);
            goto out;
        }
        memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
        bus_stored(bus, ph.p_paddr, ph.p_memsz, -1);
        if (ph.p_paddr < img->lo) img->lo = ph.p_paddr;
        if (ph.p_paddr + ph.p_memsz > img->hi) img->hi = ph.p_paddr + ph.p_memsz;
    }
    if (syms)
        read_symbols(e, syms);
    ok = true;
out:
    if (e)
        elf_end(e);
    close(fd);
    return ok;
}

bool load_raw(struct bus *bus, const char *path, uint64_t addr, uint64_t *size,
              char *err, int errlen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(err, errlen, "%s: not a regular file", path);
    }
    uint8_t *dst = bus_host(bus, addr, (uint64_t)st.st_size);
    if (!dst || st.st_size == 0) {
        close(fd);
        return fail(err, errlen, st.st_size ? "%s: %lld bytes at 0x%llx do not fit in RAM"
                                            : "%s: empty file",
                    path, (long long)st.st_size, (unsigned long long)addr);
    }
    ssize_t n = pread(fd, dst, (size_t)st.st_size, 0);
    close(fd);
    if (n != st.st_size)
        return fail(err, errlen, "%s: read error", path);
    bus_stored(bus, addr, (uint64_t)st.st_size, -1);
    *size = (uint64_t)st.st_size;
    return true;
}

bool symtab_read(const char *path, struct symtab *syms, char *err, int errlen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    elf_version(EV_CURRENT);
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    bool ok = e && elf_kind(e) == ELF_K_ELF;
    if (ok)
        read_symbols(e, syms);
    else
        fail(err, errlen, "%s: not an ELF file", path);
    if (e)
        elf_end(e);
    close(fd);
    return ok;
}

const struct symbol *symtab_find(const struct symtab *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->sym[i].name, name) == 0)
            return &t->sym[i];
    return NULL;
}

const struct symbol *symtab_lookup(const struct symtab *t, uint64_t addr)
{
    const struct symbol *best = NULL;
    for (int i = 0; i < t->n; i++) {
        const struct symbol *s = &t->sym[i];
        if (s->addr <= addr && (!best || s->addr > best->addr ||
                                (s->addr == best->addr && s->size > best->size)))
            best = s;
    }
    return best;
}

void symtab_free(struct symtab *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->sym[i].name);
    free(t->sym);
    t->sym = NULL;
    t->n = t->cap = 0;
}
