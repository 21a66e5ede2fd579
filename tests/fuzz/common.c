/* What the harnesses share (fuzz.h): memory files for code that takes paths, and a
 * machine for the front ends. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "machine.h"

int fuzz_file(const void *data, size_t len, char *path, size_t pathlen)
{
    int fd = memfd_create("fuzz", MFD_CLOEXEC);
    if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len)) {
        perror("fuzz: memfd");
        abort();
    }
    snprintf(path, pathlen, "/proc/self/fd/%d", fd);
    return fd;
}

struct machine *fuzz_machine(struct machine *old)
{
    if (old) {
        machine_free(old);
        free(old);
    }
    const char *program = getenv("FUZZ_PROGRAM");
    struct machine_opts o = { .icount = true, .ram_size = 32ull << 20,
                              .program = program ? program : "roms/kernel.elf" };
    struct machine *m = calloc(1, sizeof *m);
    if (!m || !machine_init(m, &o)) {
        fprintf(stderr, "fuzz: cannot build the machine from %s (run make first, or set "
                        "FUZZ_PROGRAM)\n", o.program);
        exit(1);
    }
    return m;
}
