/* virtio-mmio transport (virtio 1.1 "Virtio Over MMIO", version 2) with split
 * virtqueues. A slot without a device answers like QEMU's empty slots: magic, version
 * and vendor, device ID 0.
 *
 * Requests are processed synchronously, during the guest's write to QueueNotify: when
 * that store retires, the used ring is updated and the interrupt raised. Everything
 * the guest gives the device (queue addresses, descriptors, buffers) is checked to lie
 * inside RAM and every copy goes through bus_copy_in/bus_copy_out; a malformed ring
 * sets DEVICE_NEEDS_RESET (with a configuration-change interrupt once DRIVER_OK is
 * set) and the device ignores its queues until the driver resets it, as QEMU does. */
#ifndef PAGODA_VIRTIO_H
#define PAGODA_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"

#define VIRTIO_MMIO_BASE  0x10001000ull
#define VIRTIO_MMIO_SIZE  0x1000ull
#define VIRTIO_MMIO_SLOTS 8
#define VIRTIO_VENDOR_ID  0x554d4551u     /* "QEMU" */
#define VIRTIO_MAX_QUEUES 4
#define VIRTQ_MAX_SIZE    1024            /* QueueNumMax, and the longest chain */

/* Device status bits. */
#define VIRTIO_S_ACKNOWLEDGE  0x01
#define VIRTIO_S_DRIVER       0x02
#define VIRTIO_S_DRIVER_OK    0x04
#define VIRTIO_S_FEATURES_OK  0x08
#define VIRTIO_S_NEEDS_RESET  0x40
#define VIRTIO_S_FAILED       0x80

/* Feature bits common to all devices. */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_VERSION_1     32

/* InterruptStatus bits. */
#define VIRTIO_INT_USED   1
#define VIRTIO_INT_CONFIG 2

/* Descriptor flags. */
#define VIRTQ_DESC_F_NEXT     1
#define VIRTQ_DESC_F_WRITE    2
#define VIRTQ_DESC_F_INDIRECT 4

struct virtq {
    uint32_t num;             /* QueueNum as written */
    bool ready;
    uint64_t desc, driver, device;
    uint16_t last_avail;      /* next avail ring entry to take */
    uint16_t used_idx;        /* the device's copy of used->idx */
};

/* One guest buffer of a request: [addr, addr+len) lies inside RAM. */
struct virtq_buf {
    uint64_t addr;
    uint32_t len;
};

/* A descriptor chain taken from a queue: nout device-readable buffers, then nin
 * device-writable ones. The device sets used_len, the bytes it wrote. */
struct virtq_req {
    uint16_t head;
    unsigned nout, nin;
    uint64_t out_len, in_len;
    uint32_t used_len;
    struct virtq_buf buf[VIRTQ_MAX_SIZE];
};

struct virtio_mmio;

/* What a device (e.g. virtio-blk) supplies to the transport. */
struct virtio_device {
    uint32_t device_id;
    uint64_t features;
    unsigned nqueues;
    void *opaque;
    /* Reads size bytes at off of the device configuration space. */
    uint64_t (*config_read)(void *opaque, uint64_t off, int size);
    /* Serves one request. Returns false when the request is malformed beyond what
     * the device can report in-band (the transport then needs a reset). */
    bool (*handle)(void *opaque, struct virtio_mmio *vm, struct virtq_req *req);
};

struct virtio_mmio {
    struct bus *bus;
    int slot;
    uint64_t base;
    const struct virtio_device *dev;  /* NULL: an empty slot */
    void (*irq)(void *ctx, bool level);
    void *irq_ctx;
    bool log_errors;                  /* print ring errors on stderr */
    const char *error;                /* the last ring error, for tests */

    uint32_t status;
    uint32_t dev_features_sel, drv_features_sel;
    uint64_t driver_features;
    uint32_t queue_sel;
    uint32_t interrupt_status;
    uint32_t config_generation;
    bool broken;                      /* NEEDS_RESET: queues are ignored */
    struct virtq q[VIRTIO_MAX_QUEUES];
    struct virtq_req req;             /* scratch for the request being served (last) */
};

/* Resets the transport of slot (0..7) and maps it at VIRTIO_MMIO_BASE + slot·0x1000.
 * The slot is empty until virtio_mmio_attach; irq and log_errors are the caller's to
 * set afterwards. */
void virtio_mmio_init(struct virtio_mmio *vm, struct bus *bus, int slot);
void virtio_mmio_attach(struct virtio_mmio *vm, const struct virtio_device *dev);
/* Device reset (status 0): features, queues and interrupts cleared. */
void virtio_mmio_reset(struct virtio_mmio *vm);
/* Marks the device broken: DEVICE_NEEDS_RESET and a configuration-change interrupt. */
void virtio_mmio_error(struct virtio_mmio *vm, const char *why);
/* Serves queue n as a QueueNotify write does. */
void virtio_mmio_notify(struct virtio_mmio *vm, uint32_t n);

/* Scatter-gather over a request's buffers, at byte offset off of its device-readable
 * (virtq_req_read) or device-writable (virtq_req_write) part. False when the range
 * runs past that part. */
bool virtq_req_read(struct virtio_mmio *vm, const struct virtq_req *r, uint64_t off,
                    void *dst, uint64_t len);
bool virtq_req_write(struct virtio_mmio *vm, const struct virtq_req *r, uint64_t off,
                     const void *src, uint64_t len);

/* Register access, exposed for unit tests (the bus calls these). */
bool virtio_mmio_read(void *opaque, uint64_t off, int size, uint64_t *val);
bool virtio_mmio_write(void *opaque, uint64_t off, int size, uint64_t val);

#endif
