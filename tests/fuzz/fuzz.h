/* Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c): a reader that takes
 * structured values from the fuzzer's bytes (zeros once they run out, so every input
 * is a valid one), and the entry points libFuzzer calls. */
#ifndef PAGODA_FUZZ_H
#define PAGODA_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fdata {
    const uint8_t *p;
    size_t left;
};

static inline bool fd_more(const struct fdata *f) { return f->left > 0; }

static inline uint64_t fd_bytes(struct fdata *f, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        uint64_t b = 0;
        if (f->left) {
            b = *f->p++;
            f->left--;
        }
        v |= b << (8 * i);
    }
    return v;
}

static inline uint8_t fd_u8(struct fdata *f) { return (uint8_t)fd_bytes(f, 1); }
static inline uint16_t fd_u16(struct fdata *f) { return (uint16_t)fd_bytes(f, 2); }
static inline uint32_t fd_u32(struct fdata *f) { return (uint32_t)fd_bytes(f, 4); }
static inline uint64_t fd_u64(struct fdata *f) { return fd_bytes(f, 8); }

/* At most max bytes as a NUL-terminated string in buf (stops at a NUL byte). */
static inline const char *fd_str(struct fdata *f, char *buf, size_t max)
{
    size_t n = 0;
    while (n + 1 < max && f->left) {
        uint8_t c = fd_u8(f);
        if (!c)
            break;
        buf[n++] = (char)c;
    }
    buf[n] = 0;
    return buf;
}

/* A file holding len bytes of data, named by path (an anonymous memory file, so no
 * input ever touches the disk); close fd when done. */
int fuzz_file(const void *data, size_t len, char *path, size_t pathlen);

/* A machine running roms/kernel.elf as a bare program (or $FUZZ_PROGRAM) in 32 MiB
 * of RAM, for the front ends' harnesses; frees old first. Exits when it cannot. */
struct machine;
struct machine *fuzz_machine(struct machine *old);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
