/* Loading the boot images: machine_init with fuzzer-made files (ELF executables and
 * raw images as the program, firmware and kernel), odd RAM sizes, an initrd, kernel
 * arguments and --tlb/--shadow-tlb specs; that is the ELF loader (libelf over hostile
 * headers), raw loading, image placement, the device tree and the MMU configuration.
 * Nothing runs. machine_init must either build the machine or fail with one line;
 * either way machine_free releases it (LeakSanitizer is on).
 *
 * Input: shape byte (bits 0-1 which images, 2 initrd, 3 -append, 4 --tlb, 5
 * --shadow-tlb), RAM pages past 4 MiB (u16), initrd size (u32), the strings the shape
 * asks for (NUL-ended), the split point (u16) when there are two images, then the
 * image bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <sanitizer/common_interface_defs.h>

#include "fuzz.h"
#include "machine.h"

/* machine_init's error lines are expected: they go to /dev/null while it runs (the
 * sanitizers report on the real stderr), unless FUZZ_VERBOSE is set. */
static int real_stderr = -1, devnull = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    if (getenv("FUZZ_VERBOSE"))
        return 0;
    real_stderr = dup(2);
    devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    __sanitizer_set_report_fd((void *)(intptr_t)real_stderr);
    return 0;
}

static void quiet(bool on)
{
    if (devnull < 0)
        return;
    fflush(stderr);
    dup2(on ? devnull : real_stderr, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdata f = { data, size };
    struct machine_opts o = { .icount = true };
    char append[256], tlb[128], shadow[256], initrd_path[64], p1[64], p2[64];
    uint8_t shape = fd_u8(&f);
    o.ram_size = (4ull << 20) + ((uint64_t)fd_u16(&f) << 12);
    uint32_t initrd_size = fd_u32(&f) % (32u << 20);
    if (shape & 8)
        o.append = fd_str(&f, append, sizeof append);
    if (shape & 16)
        o.tlb_spec = fd_str(&f, tlb, sizeof tlb);
    if (shape & 32)
        o.shadow_specs = fd_str(&f, shadow, sizeof shadow);
    size_t split = f.left;
    if ((shape & 3) == 3)
        split = fd_u16(&f) % (f.left + 1);
    int fd1 = fuzz_file(f.p, split, p1, sizeof p1);
    int fd2 = fuzz_file(f.p + split, f.left - split, p2, sizeof p2);
    int fd3 = -1;
    switch (shape & 3) {
    case 0: o.program = p1; break;                         /* a bare ELF program */
    case 1: o.bios = "none"; o.kernel = p1; break;         /* a kernel, ELF or raw */
    case 2: o.bios = p1; break;                            /* firmware only */
    case 3: o.bios = p1; o.kernel = p2; break;
    }
    if (shape & 4) {
        fd3 = fuzz_file("", 0, initrd_path, sizeof initrd_path);
        if (ftruncate(fd3, initrd_size) != 0)
            abort();
        o.initrd = initrd_path;
    }
    struct machine *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    quiet(true);
    if (machine_init(m, &o))
        fprintf(stderr, "fuzz_boot: machine built, pc 0x%llx\n",
                (unsigned long long)fe_pc(m, 0));
    machine_free(m);
    quiet(false);
    free(m);
    close(fd1);
    close(fd2);
    if (fd3 >= 0)
        close(fd3);
    return 0;
}
