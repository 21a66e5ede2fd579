/* The option parsers that take structured values: --tlb/--shadow-tlb specs
 * (tlb_set_parse, which also builds the TLBs it describes) and the disk options
 * -drive, -device and --swap (blk_cli_add, blk_cli_finish). Files are never opened.
 * Each must accept or refuse with a reason; what blk_cli_finish accepts must
 * place each disk in a slot of its own.
 *
 * Input: a selector byte, then NUL-separated strings: (selector even) one TLB spec, or
 * (odd) disk options, each a flag byte (-drive, -device, --swap) and its value. */
#include <stdio.h>
#include <stdlib.h>

#include "dev/virtio_blk.h"
#include "fuzz.h"
#include "mmu.h"

static void refused(const char *what, const char *err)
{
    if (!err[0]) {
        fprintf(stderr, "fuzz_options: %s refused without a reason\n", what);
        abort();
    }
}

static void tlb_spec(struct fdata *f)
{
    char spec[512], err[512] = "";
    struct tlb_set s;
    if (tlb_set_parse(&s, fd_str(f, spec, sizeof spec), err, sizeof err))
        tlb_set_free(&s);
    else
        refused("--tlb", err);
}

static void disks(struct fdata *f)
{
    static const char *const flags[3] = { "-drive", "-device", "--swap" };
    char value[256];
    struct blk_cli c;
    memset(&c, 0, sizeof c);
    char err[512] = "";
    for (int i = 0; i < BLK_CLI_MAX * 2 && fd_more(f); i++) {
        const char *flag = flags[fd_u8(f) % 3];
        if (!blk_cli_add(&c, flag, fd_str(f, value, sizeof value), err, sizeof err)) {
            refused(flag, err);
            blk_cli_free(&c);
            return;
        }
    }
    struct virtio_blk_opts slots[VIRTIO_MMIO_SLOTS];
    memset(slots, 0, sizeof slots);
    if (!blk_cli_finish(&c, slots, err, sizeof err)) {
        refused("the disk options", err);
        blk_cli_free(&c);
        return;
    }
    for (int i = 0; i < VIRTIO_MMIO_SLOTS; i++)
        for (int j = 0; j < i; j++)
            if (slots[i].file && slots[i].file == slots[j].file && slots[i].origin == slots[j].origin) {
                fprintf(stderr, "fuzz_options: one disk in slots %d and %d\n", j, i);
                abort();
            }
    blk_cli_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdata f = { data, size };
    if (fd_u8(&f) & 1)
        disks(&f);
    else
        tlb_spec(&f);
    return 0;
}
