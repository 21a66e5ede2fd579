/* What the bare-metal platform programs (blk.c, irq.c) share: the virtio-mmio
 * register offsets, the split-queue descriptor and the virtio-blk request header. */
#ifndef PAGODA_BARE_VIRTIO_H
#define PAGODA_BARE_VIRTIO_H

#include <stdint.h>

#define UART ((volatile uint8_t *)0x10000000)
#define PLIC_BASE 0x0c000000ul
#define PLIC(off) (*(volatile uint32_t *)(PLIC_BASE + (off)))
#define VIRTIO_BASE 0x10001000ul
#define VIO(off) (*(volatile uint32_t *)(VIRTIO_BASE + 0x1000ul * slot + (off)))

enum {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
    DEV_FEATURES = 0x010, DEV_FEATURES_SEL = 0x014, DRV_FEATURES = 0x020,
    DRV_FEATURES_SEL = 0x024, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038,
    QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050, INT_STATUS = 0x060, INT_ACK = 0x064,
    STATUS = 0x070, DESC_LO = 0x080, DESC_HI = 0x084, DRIVER_LO = 0x090,
    DRIVER_HI = 0x094, DEVICE_LO = 0x0a0, DEVICE_HI = 0x0a4, CONFIG = 0x100,
};
enum { S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };
enum { F_NEXT = 1, F_WRITE = 2, F_INDIRECT = 4 };

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct req_hdr { uint32_t type, reserved; uint64_t sector; };

#endif
