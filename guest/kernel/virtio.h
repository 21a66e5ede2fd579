/* virtio.h — the virtio-mmio transport (virtio 1.1, "Virtio Over MMIO", version 2) and
 * the split virtqueue layout: a descriptor table, the driver's available ring and the
 * device's used ring, all in guest physical memory. */
#ifndef VIRTIO_H
#define VIRTIO_H

#include "types.h"

/* Registers, as offsets from the slot's base. */
#define VIRTIO_MMIO_MAGIC_VALUE       0x000     /* "virt" */
#define VIRTIO_MMIO_VERSION           0x004     /* 2: modern; 1: legacy (refused) */
#define VIRTIO_MMIO_DEVICE_ID         0x008     /* 0: empty slot, 2: block */
#define VIRTIO_MMIO_VENDOR_ID         0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES   0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES   0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL         0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX     0x034
#define VIRTIO_MMIO_QUEUE_NUM         0x038
#define VIRTIO_MMIO_QUEUE_READY       0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY      0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS  0x060
#define VIRTIO_MMIO_INTERRUPT_ACK     0x064
#define VIRTIO_MMIO_STATUS            0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW    0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH   0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW  0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW  0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG            0x100

#define VIRTIO_MAGIC 0x74726976
#define VIRTIO_ID_BLOCK 2

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED      128

/* Feature bits. */
#define VIRTIO_F_VERSION_1   32
#define VIRTIO_BLK_F_RO      5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH   9

/* InterruptStatus bits. */
#define VIRTIO_INT_USED   1
#define VIRTIO_INT_CONFIG 2

/* Split virtqueue. */
#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[];
};

struct virtq_used_elem {
    uint32_t id;              /* head of the descriptor chain */
    uint32_t len;             /* bytes the device wrote */
};

struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[];
};

/* virtio-blk request header; a status byte follows the data. */
#define VIRTIO_BLK_T_IN    0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK    0

struct virtio_blk_req_hdr {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;          /* in 512-byte units */
};

#endif
