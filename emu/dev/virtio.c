/* The virtio-mmio register file and the split-virtqueue walk: take a descriptor chain
 * from the available ring, hand it to the device, put it on the used ring. Guest
 * memory is only reached through bus_copy_in/bus_copy_out, after checking that each
 * range lies inside RAM (never the ROM, never MMIO). */
#include "virtio.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define REG_MAGIC            0x000
#define REG_VERSION          0x004
#define REG_DEVICE_ID        0x008
#define REG_VENDOR_ID        0x00c
#define REG_DEVICE_FEATURES  0x010
#define REG_DEVICE_FEATURES_SEL 0x014
#define REG_DRIVER_FEATURES  0x020
#define REG_DRIVER_FEATURES_SEL 0x024
#define REG_QUEUE_SEL        0x030
#define REG_QUEUE_NUM_MAX    0x034
#define REG_QUEUE_NUM        0x038
#define REG_QUEUE_READY      0x044
#define REG_QUEUE_NOTIFY     0x050
#define REG_INTERRUPT_STATUS 0x060
#define REG_INTERRUPT_ACK    0x064
#define REG_STATUS           0x070
#define REG_QUEUE_DESC_LOW   0x080
#define REG_QUEUE_DESC_HIGH  0x084
#define REG_QUEUE_DRIVER_LOW 0x090
#define REG_QUEUE_DRIVER_HIGH 0x094
#define REG_QUEUE_DEVICE_LOW 0x0a0
#define REG_QUEUE_DEVICE_HIGH 0x0a4
#define REG_CONFIG_GENERATION 0x0fc
#define REG_CONFIG           0x100

#define MAGIC_VALUE 0x74726976u       /* "virt" */
#define DESC_SIZE   16

/* True when [pa, pa+len) lies inside guest RAM. */
static bool in_ram(const struct bus *b, uint64_t pa, uint64_t len)
{
    const struct mem_region *r = &b->ram;
    return pa >= r->base && len <= r->size && pa - r->base <= r->size - len;
}

static bool load_le(struct virtio_mmio *vm, uint64_t pa, int size, uint64_t *val)
{
    uint8_t b[8];
    *val = 0;
    if (!in_ram(vm->bus, pa, (uint64_t)size) || !bus_copy_out(vm->bus, pa, b, (uint64_t)size))
        return false;
    for (int i = size - 1; i >= 0; i--)
        *val = (*val << 8) | b[i];
    return true;
}

static bool store_le(struct virtio_mmio *vm, uint64_t pa, int size, uint64_t val)
{
    uint8_t b[8];
    for (int i = 0; i < size; i++)
        b[i] = (uint8_t)(val >> (8 * i));
    return in_ram(vm->bus, pa, (uint64_t)size) && bus_copy_in(vm->bus, pa, b, (uint64_t)size);
}

static void update_irq(struct virtio_mmio *vm)
{
    if (vm->irq)
        vm->irq(vm->irq_ctx, vm->interrupt_status != 0);
}

void virtio_mmio_reset(struct virtio_mmio *vm)
{
    vm->status = 0;
    vm->dev_features_sel = vm->drv_features_sel = 0;
    vm->driver_features = 0;
    vm->queue_sel = 0;
    vm->interrupt_status = 0;
    vm->broken = false;
    vm->error = NULL;
    memset(vm->q, 0, sizeof vm->q);
    update_irq(vm);
}

void virtio_mmio_error(struct virtio_mmio *vm, const char *why)
{
    if (vm->log_errors && !vm->broken)
        fprintf(stderr, "pagoda: virtio slot %d: %s; the device needs a reset\n",
                vm->slot, why);
    vm->error = why;
    vm->broken = true;
    vm->status |= VIRTIO_S_NEEDS_RESET;
    /* No configuration-change notification before DRIVER_OK (virtio 1.1, 2.1.2). */
    if (vm->status & VIRTIO_S_DRIVER_OK) {
        vm->config_generation++;
        vm->interrupt_status |= VIRTIO_INT_CONFIG;
        update_irq(vm);
    }
}

/* Why the queue's layout is unusable, or NULL: the size must be a power of two up to
 * VIRTQ_MAX_SIZE, the three areas aligned as virtio 1.1 2.6 asks and inside RAM. */
static const char *queue_check(const struct virtio_mmio *vm, const struct virtq *q)
{
    uint64_t n = q->num;
    if (n == 0 || (n & (n - 1)) || n > VIRTQ_MAX_SIZE)
        return "queue size is not a power of two between 1 and 1024";
    if ((q->desc & 15) || (q->driver & 1) || (q->device & 3))
        return "misaligned queue area";
    if (!in_ram(vm->bus, q->desc, DESC_SIZE * n) || !in_ram(vm->bus, q->driver, 6 + 2 * n) ||
        !in_ram(vm->bus, q->device, 6 + 8 * n))
        return "queue area outside RAM";
    return NULL;
}

/* Walks the chain starting at head into vm->req. Chains are bounded by the table they
 * run in (a longer walk must revisit a descriptor: a loop), an indirect table by its
 * length and by VIRTQ_MAX_SIZE; every buffer must lie inside RAM, and device-writable
 * buffers come after device-readable ones. Zero-length buffers are skipped. */
static const char *read_chain(struct virtio_mmio *vm, const struct virtq *q, uint16_t head)
{
    struct virtq_req *r = &vm->req;
    uint64_t table = q->desc, table_len = q->num, steps = 0;
    bool indirect = false;
    unsigned nbufs = 0;
    uint32_t i = head;

    r->head = head;
    r->nout = r->nin = 0;
    r->out_len = r->in_len = 0;
    r->used_len = 0;
    for (;;) {
        uint8_t d[DESC_SIZE];
        if (i >= table_len)
            return "descriptor index out of range";
        if (++steps > table_len)
            return "descriptor chain loops";
        if (!bus_copy_out(vm->bus, table + DESC_SIZE * i, d, DESC_SIZE))
            return "descriptor outside RAM";
        uint64_t addr = 0;
        for (int k = 7; k >= 0; k--)
            addr = (addr << 8) | d[k];
        uint32_t len = (uint32_t)d[8] | (uint32_t)d[9] << 8 | (uint32_t)d[10] << 16 |
                       (uint32_t)d[11] << 24;
        uint16_t flags = (uint16_t)(d[12] | d[13] << 8);
        uint16_t next = (uint16_t)(d[14] | d[15] << 8);

        if (flags & VIRTQ_DESC_F_INDIRECT) {
            if (indirect)
                return "indirect descriptor inside an indirect table";
            if (flags & VIRTQ_DESC_F_NEXT)
                return "indirect descriptor with NEXT set";
            if (len == 0 || len % DESC_SIZE || len / DESC_SIZE > VIRTQ_MAX_SIZE)
                return "bad indirect table length";
            if (!in_ram(vm->bus, addr, len))
                return "indirect table outside RAM";
            indirect = true;
            table = addr;
            table_len = len / DESC_SIZE;
            steps = 0;
            i = 0;
            continue;
        }
        if (len) {
            if (!in_ram(vm->bus, addr, len))
                return "buffer outside RAM";
            if (nbufs == VIRTQ_MAX_SIZE)
                return "too many buffers in one request";
            if (flags & VIRTQ_DESC_F_WRITE) {
                r->nin++;
                r->in_len += len;
            } else {
                if (r->nin)
                    return "device-readable buffer after a device-writable one";
                r->nout++;
                r->out_len += len;
            }
            r->buf[nbufs++] = (struct virtq_buf){ addr, len };
        }
        if (!(flags & VIRTQ_DESC_F_NEXT))
            return NULL;
        i = next;
    }
}

/* Copies between a host buffer and bytes [off, off+len) of bufs[0..n). */
static bool scatter(struct virtio_mmio *vm, const struct virtq_buf *bufs, unsigned n,
                    uint64_t off, uint8_t *host, uint64_t len, bool to_guest)
{
    for (unsigned k = 0; k < n && len; k++) {
        if (off >= bufs[k].len) {
            off -= bufs[k].len;
            continue;
        }
        uint64_t chunk = bufs[k].len - off;
        if (chunk > len)
            chunk = len;
        uint64_t pa = bufs[k].addr + off;
        bool ok = to_guest ? bus_copy_in(vm->bus, pa, host, chunk)
                           : bus_copy_out(vm->bus, pa, host, chunk);
        if (!ok)
            return false;
        host += chunk;
        len -= chunk;
        off = 0;
    }
    return len == 0;
}

bool virtq_req_read(struct virtio_mmio *vm, const struct virtq_req *r, uint64_t off,
                    void *dst, uint64_t len)
{
    return scatter(vm, r->buf, r->nout, off, dst, len, false);
}

bool virtq_req_write(struct virtio_mmio *vm, const struct virtq_req *r, uint64_t off,
                     const void *src, uint64_t len)
{
    return scatter(vm, r->buf + r->nout, r->nin, off, (uint8_t *)(uintptr_t)src, len, true);
}

void virtio_mmio_notify(struct virtio_mmio *vm, uint32_t n)
{
    if (!vm->dev || vm->broken || n >= vm->dev->nqueues || !(vm->status & VIRTIO_S_DRIVER_OK))
        return;
    struct virtq *q = &vm->q[n];
    if (!q->ready)
        return;
    const char *err = queue_check(vm, q);
    uint64_t avail_idx = 0, head;
    bool used = false;
    if (!err && !load_le(vm, q->driver + 2, 2, &avail_idx))
        err = "queue area outside RAM";
    if (!err && (uint16_t)(avail_idx - q->last_avail) > q->num)
        err = "available index moved by more than the queue size";
    while (!err && q->last_avail != (uint16_t)avail_idx) {
        if (!load_le(vm, q->driver + 4 + 2 * (q->last_avail % q->num), 2, &head)) {
            err = "queue area outside RAM";
            break;
        }
        if ((err = read_chain(vm, q, (uint16_t)head)))
            break;
        if (!vm->dev->handle(vm->dev->opaque, vm, &vm->req))
            break;                      /* the device reported the error */
        uint64_t elem = q->device + 4 + 8 * (q->used_idx % q->num);
        q->used_idx++;
        if (!store_le(vm, elem, 4, head) || !store_le(vm, elem + 4, 4, vm->req.used_len) ||
            !store_le(vm, q->device + 2, 2, q->used_idx)) {
            err = "queue area outside RAM";
            break;
        }
        q->last_avail++;
        used = true;
    }
    /* Notification suppression (VIRTQ_AVAIL_F_NO_INTERRUPT) is not honoured: the
     * driver is interrupted after every batch, which virtio allows. */
    if (used) {
        vm->interrupt_status |= VIRTIO_INT_USED;
        update_irq(vm);
    }
    if (err)
        virtio_mmio_error(vm, err);
}

static struct virtq *selected(struct virtio_mmio *vm)
{
    return vm->dev && vm->queue_sel < vm->dev->nqueues ? &vm->q[vm->queue_sel] : NULL;
}

static uint32_t reg_read(struct virtio_mmio *vm, uint64_t off)
{
    struct virtq *q = selected(vm);
    switch (off) {
    case REG_MAGIC: return MAGIC_VALUE;
    case REG_VERSION: return 2;
    case REG_VENDOR_ID: return VIRTIO_VENDOR_ID;
    }
    if (!vm->dev)
        return 0;                       /* an empty slot: device ID 0, nothing else */
    switch (off) {
    case REG_DEVICE_ID: return vm->dev->device_id;
    case REG_DEVICE_FEATURES:
        return vm->dev_features_sel < 2 ? (uint32_t)(vm->dev->features >> (32 * vm->dev_features_sel)) : 0;
    case REG_QUEUE_NUM_MAX: return q ? VIRTQ_MAX_SIZE : 0;
    case REG_QUEUE_READY: return q ? q->ready : 0;
    case REG_INTERRUPT_STATUS: return vm->interrupt_status;
    case REG_STATUS: return vm->status;
    case REG_QUEUE_DESC_LOW: return q ? (uint32_t)q->desc : 0;
    case REG_QUEUE_DESC_HIGH: return q ? (uint32_t)(q->desc >> 32) : 0;
    case REG_QUEUE_DRIVER_LOW: return q ? (uint32_t)q->driver : 0;
    case REG_QUEUE_DRIVER_HIGH: return q ? (uint32_t)(q->driver >> 32) : 0;
    case REG_QUEUE_DEVICE_LOW: return q ? (uint32_t)q->device : 0;
    case REG_QUEUE_DEVICE_HIGH: return q ? (uint32_t)(q->device >> 32) : 0;
    case REG_CONFIG_GENERATION: return vm->config_generation;
    default: return 0;                  /* write-only and reserved registers */
    }
}

static void set_half(uint64_t *reg, bool high, uint32_t v)
{
    if (high)
        *reg = (*reg & 0xffffffffull) | (uint64_t)v << 32;
    else
        *reg = (*reg & ~0xffffffffull) | v;
}

static void reg_write(struct virtio_mmio *vm, uint64_t off, uint32_t v)
{
    struct virtq *q = selected(vm);
    if (!vm->dev)
        return;
    switch (off) {
    case REG_DEVICE_FEATURES_SEL: vm->dev_features_sel = v; break;
    case REG_DRIVER_FEATURES:
        if (vm->drv_features_sel < 2 && !(vm->status & VIRTIO_S_FEATURES_OK))
            set_half(&vm->driver_features, vm->drv_features_sel == 1, v);
        break;
    case REG_DRIVER_FEATURES_SEL: vm->drv_features_sel = v; break;
    case REG_QUEUE_SEL: vm->queue_sel = v; break;
    case REG_QUEUE_NUM: if (q) q->num = v; break;
    case REG_QUEUE_READY:
        if (!q)
            break;
        if (v & 1) {
            const char *err = queue_check(vm, q);
            if (err)
                virtio_mmio_error(vm, err);
            else
                q->ready = true;
        } else {
            q->ready = false;
        }
        break;
    case REG_QUEUE_NOTIFY: virtio_mmio_notify(vm, v); break;
    case REG_INTERRUPT_ACK:
        vm->interrupt_status &= ~v;
        update_irq(vm);
        break;
    case REG_STATUS:
        if ((v & 0xff) == 0) {
            virtio_mmio_reset(vm);
            break;
        }
        /* FEATURES_OK is always granted, even without VERSION_1 (as QEMU does); the
         * driver's features are cut to what the device offers. */
        if ((v & VIRTIO_S_FEATURES_OK) && !(vm->status & VIRTIO_S_FEATURES_OK))
            vm->driver_features &= vm->dev->features;
        vm->status = (v & 0xff & ~(uint32_t)VIRTIO_S_NEEDS_RESET) |
                     (vm->status & VIRTIO_S_NEEDS_RESET);
        break;
    case REG_QUEUE_DESC_LOW: if (q) set_half(&q->desc, false, v); break;
    case REG_QUEUE_DESC_HIGH: if (q) set_half(&q->desc, true, v); break;
    case REG_QUEUE_DRIVER_LOW: if (q) set_half(&q->driver, false, v); break;
    case REG_QUEUE_DRIVER_HIGH: if (q) set_half(&q->driver, true, v); break;
    case REG_QUEUE_DEVICE_LOW: if (q) set_half(&q->device, false, v); break;
    case REG_QUEUE_DEVICE_HIGH: if (q) set_half(&q->device, true, v); break;
    default: break;                     /* read-only and reserved registers */
    }
}

/* Registers below the configuration space are 32-bit; an 8-byte access is split into
 * two, other sizes read as zero and are ignored (QEMU logs and does the same). The
 * configuration space takes any size. */
bool virtio_mmio_read(void *opaque, uint64_t off, int size, uint64_t *val)
{
    struct virtio_mmio *vm = opaque;
    *val = 0;
    if (off >= REG_CONFIG) {
        if (vm->dev && vm->dev->config_read)
            *val = vm->dev->config_read(vm->dev->opaque, off - REG_CONFIG, size);
    } else if (size == 4 && !(off & 3)) {
        *val = reg_read(vm, off);
    } else if (size == 8 && !(off & 7)) {
        *val = reg_read(vm, off) | (uint64_t)reg_read(vm, off + 4) << 32;
    }
    return true;
}

bool virtio_mmio_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    struct virtio_mmio *vm = opaque;
    if (off >= REG_CONFIG)
        return true;                    /* no writable configuration fields */
    if (size == 4 && !(off & 3)) {
        reg_write(vm, off, (uint32_t)val);
    } else if (size == 8 && !(off & 7)) {
        reg_write(vm, off, (uint32_t)val);
        reg_write(vm, off + 4, (uint32_t)(val >> 32));
    }
    return true;
}

void virtio_mmio_init(struct virtio_mmio *vm, struct bus *bus, int slot)
{
    memset(vm, 0, offsetof(struct virtio_mmio, req));   /* the scratch need not be */
    vm->bus = bus;
    vm->slot = slot;
    vm->base = VIRTIO_MMIO_BASE + (uint64_t)slot * VIRTIO_MMIO_SIZE;
    bus_add_dev(bus, &(struct mmio_dev){ .name = "virtio-mmio", .base = vm->base,
        .size = VIRTIO_MMIO_SIZE, .opaque = vm, .read = virtio_mmio_read,
        .write = virtio_mmio_write });
}

void virtio_mmio_attach(struct virtio_mmio *vm, const struct virtio_device *dev)
{
    vm->dev = dev;
    virtio_mmio_reset(vm);
}
