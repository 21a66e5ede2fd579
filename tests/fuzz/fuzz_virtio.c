/* virtio-mmio with virtio-blk behind it: register writes and reads, and the contents
 * of a small RAM (descriptor tables, rings, request headers, buffers) from the fuzzer.
 * Operations that do a driver's usual steps (set up queue 0, queue a request chain)
 * let it reach deep states quickly; raw writes let it break every rule on the way.
 * The disk is a 64 KiB memory file; the interrupt line is counted, not wired.
 *
 * Input: a sequence of operations, each an opcode byte and its arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bus.h"
#include "dev/virtio.h"
#include "dev/virtio_blk.h"
#include "fuzz.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (32ull << 10)
#define DISK_SIZE (64u << 10)
#define DESC   (RAM_BASE)
#define AVAIL  (RAM_BASE + 0x4000)
#define USED   (RAM_BASE + 0x5000)
#define DATA   (RAM_BASE + 0x6000)
#define MAX_OPS 256

static struct virtio_blk *disk(void)
{
    static struct virtio_blk blk;
    static bool open;
    if (!open) {
        char path[64], err[256];
        static uint8_t zero[DISK_SIZE];
        int fd = fuzz_file(zero, sizeof zero, path, sizeof path);
        struct virtio_blk_opts o = { .file = path, .origin = "fuzz disk", .serial = "fuzz" };
        if (!virtio_blk_open(&blk, &o, err, sizeof err)) {
            fprintf(stderr, "fuzz_virtio: %s\n", err);
            abort();
        }
        close(fd);
        open = true;
    }
    return &blk;
}

static unsigned irq_edges;
static void count_irq(void *ctx, bool level) { (void)ctx; irq_edges += level; }

static void reg_write(struct bus *b, uint64_t off, uint32_t v)
{
    bus_write(b, VIRTIO_MMIO_BASE + off, 4, v);
}

static void put(struct bus *b, uint64_t pa, uint64_t v, int size)
{
    bus_copy_in(b, pa, &v, (uint64_t)size);
}

/* A driver's set-up of queue 0 with num entries at the fixed ring addresses. */
static void setup(struct bus *b, struct fdata *f)
{
    reg_write(b, 0x070, 0);
    reg_write(b, 0x070, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
    reg_write(b, 0x024, 0);
    reg_write(b, 0x020, fd_u32(f));
    reg_write(b, 0x024, 1);
    reg_write(b, 0x020, fd_u8(f) & 1 ? 1 : 0);      /* VERSION_1, usually */
    reg_write(b, 0x070, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER | VIRTIO_S_FEATURES_OK);
    reg_write(b, 0x030, 0);
    reg_write(b, 0x038, fd_u16(f) % (VIRTQ_MAX_SIZE + 2));
    reg_write(b, 0x080, (uint32_t)DESC);
    reg_write(b, 0x084, 0);
    reg_write(b, 0x090, (uint32_t)AVAIL);
    reg_write(b, 0x094, 0);
    reg_write(b, 0x0a0, (uint32_t)USED);
    reg_write(b, 0x0a4, 0);
    reg_write(b, 0x044, 1);
    reg_write(b, 0x070, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER | VIRTIO_S_FEATURES_OK |
                        VIRTIO_S_DRIVER_OK);
}

/* A request chain: a header (type, sector), up to 6 data buffers, a status byte; the
 * descriptors start at a fuzzer-chosen index, each with fuzzer-chosen flag changes. */
static void request(struct bus *b, struct fdata *f, uint32_t num)
{
    uint16_t head = fd_u16(f), n = (uint16_t)(fd_u8(f) % 7 + 2);
    uint32_t qn = num ? num : 1;
    put(b, DATA, fd_u32(f) % 10, 4);                    /* type */
    put(b, DATA + 8, fd_u64(f) % (DISK_SIZE / 512 + 4), 8);
    for (uint16_t i = 0; i < n; i++) {
        uint16_t idx = (uint16_t)((head + i) % qn), next = (uint16_t)((head + i + 1) % qn);
        uint8_t tweak = fd_u8(f);
        uint64_t addr = i == 0 ? DATA : DATA + 0x100 + 0x200ull * i;
        uint32_t len = i == 0 ? 16 : i == n - 1 ? 1 : 512u * (tweak >> 6 ? tweak >> 6 : 1);
        uint16_t flags = (uint16_t)((i < n - 1 ? VIRTQ_DESC_F_NEXT : 0) |
                                    (i > 0 ? VIRTQ_DESC_F_WRITE : 0));
        if (tweak & 1)
            flags ^= VIRTQ_DESC_F_WRITE;
        if (tweak & 2)
            len = fd_u32(f);
        if (tweak & 4)
            flags ^= VIRTQ_DESC_F_INDIRECT;
        if (tweak & 8)
            next = fd_u16(f);
        put(b, DESC + 16ull * idx, addr, 8);
        put(b, DESC + 16ull * idx + 8, len, 4);
        put(b, DESC + 16ull * idx + 12, flags, 2);
        put(b, DESC + 16ull * idx + 14, next, 2);
    }
    uint64_t avail_idx = 0;
    bus_copy_out(b, AVAIL + 2, &avail_idx, 2);
    put(b, AVAIL + 4 + 2 * (avail_idx % qn), head % qn, 2);
    put(b, AVAIL + 2, (uint16_t)(avail_idx + 1), 2);
    reg_write(b, 0x050, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdata f = { data, size };
    struct bus *b = calloc(1, sizeof *b);
    struct virtio_mmio *vm = calloc(1, sizeof *vm);
    if (!b || !vm || !bus_init(b, RAM_BASE, RAM_SIZE))
        abort();
    virtio_mmio_init(vm, b, 0);
    virtio_mmio_attach(vm, &disk()->vdev);
    vm->irq = count_irq;
    for (int n = 0; n < MAX_OPS && fd_more(&f); n++) {
        uint8_t op = fd_u8(&f);
        switch (op % 8) {
        case 0: {
            uint64_t off = (uint64_t)(fd_u8(&f) & 0x7f) * 4;
            reg_write(b, off, fd_u32(&f));
            break;
        }
        case 1: {
            uint64_t v, off = fd_u16(&f) % 0x140;
            bus_read(b, VIRTIO_MMIO_BASE + off, 1 << (op >> 6), &v);
            break;
        }
        case 2: {
            uint64_t off = fd_u16(&f) % RAM_SIZE & ~7ull;
            put(b, RAM_BASE + off, fd_u64(&f), 8);
            break;
        }
        case 3:
            setup(b, &f);
            break;
        case 4: case 5:
            request(b, &f, vm->q[0].num);
            break;
        case 6:
            reg_write(b, 0x050, fd_u8(&f) % 6);
            break;
        case 7:
            reg_write(b, 0x064, fd_u8(&f) & 3);
            break;
        }
    }
    bus_free(b);
    free(b);
    free(vm);
    return 0;
}
