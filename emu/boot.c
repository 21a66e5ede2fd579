/* Boot images: the firmware, kernel, initrd and device tree in RAM, and QEMU virt's
 * reset ROM that enters the firmware. */
#include "boot.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console.h"
#include "dtb.h"
#include "machine.h"
#include "place.h"

const char *machine_default_image(const char *name)
{
    static char path[PATH_MAX + 64];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return name;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = 0;
    /* build/pagoda -> roms/NAME beside build/ */
    snprintf(path, sizeof path, "%s/../roms/%s", exe, name);
    return path;
}

/* QEMU virt's reset vector: a2 = fw_dynamic_info, a0 = hartid, a1 = DTB, jump. */
static void install_reset_rom(struct machine *m, uint64_t start, uint64_t next_addr)
{
    uint32_t code[6] = {
        0x00000297,     /* auipc t0, 0 */
        0x02828613,     /* addi  a2, t0, 40 */
        0xf1402573,     /* csrr  a0, mhartid */
        0x0202b583,     /* ld    a1, 32(t0) */
        0x0182b283,     /* ld    t0, 24(t0) */
        0x00028067,     /* jr    t0 */
    };
    uint8_t rom[0x1000] = { 0 };
    memcpy(rom, code, sizeof code);
    uint64_t words[2 + 6] = {
        start, m->dtb_addr,
        0x4942534f, 2, next_addr, 1 /* S-mode */, 0, 0,   /* struct fw_dynamic_info */
    };
    memcpy(rom + 0x18, words, sizeof words);
    bus_set_rom(&m->bus, RESET_ROM, rom, sizeof rom);
}

/* The device tree for this machine; the initrd range is [initrd_start, +size). */
static void *build_dtb(struct machine *m, uint64_t initrd_start, uint64_t initrd_size,
                       size_t *size)
{
    /* the --swap disks, named as the guest names disks: vda, vdb, ... in slot order */
    char swap[VIRTIO_MMIO_SLOTS * 16];
    size_t swap_len = 0;
    for (int slot = 0, n = 0; slot < VIRTIO_MMIO_SLOTS; slot++) {
        if (!m->opts.disks[slot].file)
            continue;
        if (m->opts.disks[slot].swap)
            swap_len += (size_t)snprintf(swap + swap_len, sizeof swap - swap_len, "/dev/vd%c",
                                         'a' + n) + 1;
        n++;
    }
    struct dtb_params dp = {
        .ram_base = RAM_BASE, .ram_size = m->bus.ram.size, .bootargs = m->opts.append,
        .initrd_start = initrd_start, .initrd_end = initrd_start + initrd_size,
        .nharts = m->bus.nharts, .swap = swap, .swap_len = swap_len,
    };
    return dtb_build(&dp, size);
}

bool boot_load_images(struct machine *m)
{
    const struct machine_opts *o = &m->opts;
    char err[512];
    uint64_t start = RAM_BASE, next = RAM_BASE + KERNEL_OFFSET;
    struct place_in pin = { .ram_base = RAM_BASE, .ram_size = m->bus.ram.size };
    const char *initrd = NULL;

    if (o->program) {
        struct elf_image img;
        if (!load_elf(&m->bus, o->program, &img, &m->syms, err, sizeof err)) {
            /* Linux user programs are linked at 0x10000: they belong in the guest. */
            if (strstr(err, "outside RAM"))
                snprintf(err + strlen(err), sizeof err - strlen(err), "; a Linux user "
                         "program runs inside the guest: put it in the initramfs "
                         "(guest/README.md: Write, build and run your own program)");
            goto fail;
        }
        start = img.entry;
        pin.fixed[pin.nfixed++] = (struct place_region){ "program", img.lo, img.hi };
    } else {
        const char *bios = o->bios ? o->bios : machine_default_image("firmware.bin");
        bool no_bios = o->bios && strcmp(o->bios, "none") == 0;
        uint64_t fw_end = RAM_BASE;
        if (!no_bios) {
            uint64_t size;
            if (file_is_elf(bios)) {
                struct elf_image img;
                if (!load_elf(&m->bus, bios, &img, &m->syms, err, sizeof err))
                    goto fail;
                start = img.entry;
                pin.fixed[pin.nfixed++] = (struct place_region){ "firmware", img.lo, img.hi };
                fw_end = img.hi;
            } else if (!load_raw(&m->bus, bios, RAM_BASE, &size, err, sizeof err)) {
                goto fail;
            } else {
                pin.fixed[pin.nfixed++] = (struct place_region){ "firmware", RAM_BASE,
                                                                 RAM_BASE + size };
                fw_end = RAM_BASE + size;
            }
        }
        /* A raw kernel goes to the 2 MiB boundary after the firmware (QEMU's rule). */
        uint64_t kaddr = no_bios ? RAM_BASE : (fw_end + KERNEL_OFFSET - 1) & ~(KERNEL_OFFSET - 1);
        if (kaddr < RAM_BASE + KERNEL_OFFSET && !no_bios)
            kaddr = RAM_BASE + KERNEL_OFFSET;
        /* No -kernel: the default kernel when there is nothing else to boot (no
         * arguments) or something for a kernel was given (-initrd, -append). */
        const char *kernel = o->kernel;
        initrd = o->initrd;
        bool defaults = !o->bios && !o->kernel && !o->initrd;
        if (!kernel && (defaults || o->initrd || o->append)) {
            static char kernel_path[PATH_MAX + 64];   /* the helper's buffer is reused */
            snprintf(kernel_path, sizeof kernel_path, "%s", machine_default_image("kernel.elf"));
            kernel = kernel_path;
            if (access(kernel, R_OK) != 0) {
                snprintf(err, sizeof err, "no program given and no default kernel in roms/ "
                         "(run make, or give a program, -kernel or -bios)");
                goto fail;
            }
        }
        if (defaults) {
            static char initrd_path[PATH_MAX + 64];
            snprintf(initrd_path, sizeof initrd_path, "%s", machine_default_image("initramfs.cpio"));
            initrd = access(initrd_path, R_OK) == 0 ? initrd_path : NULL;
        }
        if (kernel) {
            uint64_t size;
            if (file_is_elf(kernel)) {
                struct elf_image img;
                if (!load_elf(&m->bus, kernel, &img, &m->syms, err, sizeof err))
                    goto fail;
                kaddr = img.entry;
                pin.fixed[pin.nfixed++] = (struct place_region){ "kernel", img.lo, img.hi };
            } else if (!load_raw(&m->bus, kernel, kaddr, &size, err, sizeof err)) {
                goto fail;
            } else {
                pin.fixed[pin.nfixed++] = (struct place_region){ "kernel", kaddr, kaddr + size };
            }
            next = kaddr;
            if (no_bios)
                start = kaddr;
        }
        if (initrd) {
            struct stat st;
            if (stat(initrd, &st) != 0) {
                snprintf(err, sizeof err, "%.400s: %s", initrd, strerror(errno));
                goto fail;
            }
            pin.initrd_size = (uint64_t)st.st_size;
        }
    }

    /* The device tree's size does not depend on the initrd's address. */
    size_t dtb_size;
    void *dtb = build_dtb(m, RAM_BASE, pin.initrd_size, &dtb_size);
    if (!dtb) {
        snprintf(err, sizeof err, "device tree: libfdt error");
        goto fail;
    }
    free(dtb);
    pin.kernel_entry = next;
    pin.dtb_size = dtb_size;
    struct place_out where;
    if (!place_images(&pin, &where, err, sizeof err))
        goto fail;
    if (initrd) {
        uint64_t size;
        if (!load_raw(&m->bus, initrd, where.initrd_start, &size, err, sizeof err))
            goto fail;
        pin.initrd_size = size;
    }
    dtb = build_dtb(m, where.initrd_start, pin.initrd_size, &dtb_size);
    if (!dtb) {
        snprintf(err, sizeof err, "device tree: libfdt error");
        goto fail;
    }
    if (o->dump_dtb) {
        FILE *f = fopen(o->dump_dtb, "wb");
        bool ok = f && fwrite(dtb, 1, dtb_size, f) == dtb_size;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok) {
            snprintf(err, sizeof err, "--dump-dtb %s: %s", o->dump_dtb, strerror(errno));
            free(dtb);
            goto fail;
        }
    }
    m->dtb_addr = where.dtb_addr;
    bus_copy_in(&m->bus, m->dtb_addr, dtb, dtb_size);
    free(dtb);
    install_reset_rom(m, start, next);

    const struct symbol *th = symtab_find(&m->syms, "tohost");
    const struct symbol *fh = symtab_find(&m->syms, "fromhost");
    if (th && fh) {
        htif_init(&m->htif, &m->bus, th->addr, fh->addr);
        m->htif.putc = console_putc;
        m->htif.getc = console_htif_getc;
        m->htif.getc_ctx = m;
        m->has_htif = true;
    }
    return true;
fail:
    fprintf(stderr, "pagoda: %s\n", err);
    return false;
}
