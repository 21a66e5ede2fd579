/* Shared declarations of the platform unit tests (PLIC, virtio-mmio, virtio-blk and
 * the ring fuzzer): a small machine — one or two harts on a bus with RAM and a ROM,
 * a PLIC, and virtio slot 0 holding a disk backed by a temporary file — and a
 * driver's view of one split virtqueue in that RAM. */
#ifndef PAGODA_PLATFORM_TEST_H
#define PAGODA_PLATFORM_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "dev/plic.h"
#include "dev/virtio.h"
#include "dev/virtio_blk.h"
#include "hart.h"

Suite *plic_suite(void);
Suite *virtio_suite(void);
Suite *fuzz_suite(void);

#define P_RAM_BASE 0x80000000ull
#define P_RAM_SIZE (1ull << 20)
#define P_ROM_BASE 0x1000ull
#define P_ROM_SIZE 0x1000ull
#define P_DISK_SECTORS 128
#define P_SLOT_BASE VIRTIO_MMIO_BASE

/* virtio-mmio register offsets, as a driver names them */
enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_VENDOR_ID = 0x00c,
    R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014, R_DRV_FEATURES = 0x020,
    R_DRV_FEATURES_SEL = 0x024, R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034,
    R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050,
    R_INT_STATUS = 0x060, R_INT_ACK = 0x064, R_STATUS = 0x070, R_DESC_LO = 0x080,
    R_DESC_HI = 0x084, R_DRIVER_LO = 0x090, R_DRIVER_HI = 0x094, R_DEVICE_LO = 0x0a0,
    R_DEVICE_HI = 0x0a4, R_CONFIG_GEN = 0x0fc, R_CONFIG = 0x100,
};

struct plat {
    struct bus bus;
    struct hart *hart[2];
    struct plic plic;
    struct virtio_mmio vm;
    struct virtio_blk blk;
    char path[64];            /* the backing file */
    uint8_t *disk0;           /* its initial contents (P_DISK_SECTORS sectors) */
};

/* nharts harts (1 or 2); a disk of P_DISK_SECTORS random sectors (seeded), read-only
 * when asked. The virtio slot's interrupt is PLIC source 1. */
struct plat *plat_new(int nharts, bool readonly_disk);
void plat_free(struct plat *p);

uint32_t plat_rd(struct plat *p, uint64_t pa);
void plat_wr(struct plat *p, uint64_t pa, uint32_t v);
static inline uint32_t vio_rd(struct plat *p, uint64_t off) { return plat_rd(p, P_SLOT_BASE + off); }
static inline void vio_wr(struct plat *p, uint64_t off, uint32_t v) { plat_wr(p, P_SLOT_BASE + off, v); }

/* Guest RAM as the test writes it (host pointer to the physical address). */
uint8_t *ram(struct plat *p, uint64_t pa);
void put16(struct plat *p, uint64_t pa, uint16_t v);
void put32(struct plat *p, uint64_t pa, uint32_t v);
void put64(struct plat *p, uint64_t pa, uint64_t v);
uint16_t get16(struct plat *p, uint64_t pa);
uint32_t get32(struct plat *p, uint64_t pa);

/* The driver's queue: where its three areas are and how far it has come. */
struct drv_queue {
    uint32_t num;
    uint64_t desc, avail, used;
    uint16_t avail_idx, used_seen;
};
#define Q_DESC  (P_RAM_BASE + 0x10000)
#define Q_AVAIL (P_RAM_BASE + 0x14000)
#define Q_USED  (P_RAM_BASE + 0x18000)

/* Reset, ACKNOWLEDGE, DRIVER, features (VERSION_1 | INDIRECT | FLUSH), FEATURES_OK,
 * queue 0 with num entries at Q_DESC/Q_AVAIL/Q_USED, DRIVER_OK. */
void drv_init(struct plat *p, struct drv_queue *q, uint32_t num);
void put_desc(struct plat *p, uint64_t table, unsigned i, uint64_t addr, uint32_t len,
              uint16_t flags, uint16_t next);
/* Adds head to the available ring (without notifying). */
void drv_publish(struct plat *p, struct drv_queue *q, uint16_t head);
void drv_notify(struct plat *p);
uint16_t used_idx(struct plat *p, struct drv_queue *q);

/* The disk's bytes now (P_DISK_SECTORS sectors read with pread). */
void disk_read_all(struct plat *p, uint8_t *out);

#endif
