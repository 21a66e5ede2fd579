/* virtio-mmio registers and virtio-blk requests, driven the way a driver does: rings
 * built in guest RAM, QueueNotify written through the bus. Every malformed ring case
 * must leave the host alone: the device reports IOERR/UNSUPP in-band, or sets
 * DEVICE_NEEDS_RESET with a configuration interrupt, and neither the backing file nor
 * RAM outside the request's buffers changes. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform.h"

#define HDR    (P_RAM_BASE + 0x20000)
#define DATA   (P_RAM_BASE + 0x30000)
#define STATUS (P_RAM_BASE + 0x40000)
#define ITABLE (P_RAM_BASE + 0x1c000)
#define PENDING0 (PLIC_BASE + 0x1000)

static struct plat *p;
static struct drv_queue q;
static uint8_t disk[P_DISK_SECTORS * 512];

static void setup(void) { p = plat_new(1, false); }
static void teardown(void) { plat_free(p); }

static void header(uint64_t at, uint32_t type, uint64_t sector)
{
    put32(p, at, type);
    put32(p, at + 4, 0);
    put64(p, at + 8, sector);
}

/* header → data (len bytes, device-writable or not; none when len is 0) → status, on
 * descriptors 0..2 of the direct table. Returns the head. */
static uint16_t chain(uint32_t type, uint64_t sector, uint32_t len, bool writable)
{
    header(HDR, type, sector);
    *ram(p, STATUS) = 0xff;
    if (!len) {
        put_desc(p, q.desc, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 2);
    } else {
        put_desc(p, q.desc, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
        put_desc(p, q.desc, 1, DATA, len,
                 (uint16_t)(VIRTQ_DESC_F_NEXT | (writable ? VIRTQ_DESC_F_WRITE : 0)), 2);
    }
    put_desc(p, q.desc, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    return 0;
}

/* Publishes head, notifies, and returns the status byte. */
static uint8_t run(uint16_t head)
{
    drv_publish(p, &q, head);
    drv_notify(p);
    return *ram(p, STATUS);
}

static bool needs_reset(void) { return vio_rd(p, R_STATUS) & VIRTIO_S_NEEDS_RESET; }

static void assert_disk_unchanged(void)
{
    disk_read_all(p, disk);
    ck_assert_msg(memcmp(disk, p->disk0, sizeof disk) == 0, "backing file changed");
}

/* A malformed ring: NEEDS_RESET, a configuration interrupt, nothing consumed, the
 * disk untouched. */
static void assert_broken(void)
{
    ck_assert_msg(needs_reset(), "DEVICE_NEEDS_RESET not set");
    ck_assert_uint_eq(vio_rd(p, R_INT_STATUS) & VIRTIO_INT_CONFIG, VIRTIO_INT_CONFIG);
    ck_assert_uint_eq(used_idx(p, &q), 0);
    ck_assert_uint_eq(plat_rd(p, PENDING0), 1u << 1);
    assert_disk_unchanged();
}

/* ---- registers ---- */

START_TEST(test_empty_slot_reads_magic_version_vendor_and_device_id_0)
{
    struct virtio_mmio empty;
    virtio_mmio_init(&empty, &p->bus, 3);
    uint64_t b = VIRTIO_MMIO_BASE + 3 * VIRTIO_MMIO_SIZE;
    ck_assert_uint_eq(plat_rd(p, b + R_MAGIC), 0x74726976);
    ck_assert_uint_eq(plat_rd(p, b + R_VERSION), 2);
    ck_assert_uint_eq(plat_rd(p, b + R_DEVICE_ID), 0);
    ck_assert_uint_eq(plat_rd(p, b + R_VENDOR_ID), 0x554d4551);
    ck_assert_uint_eq(plat_rd(p, b + R_DEV_FEATURES), 0);
    plat_wr(p, b + R_STATUS, 1);
    ck_assert_uint_eq(plat_rd(p, b + R_STATUS), 0);
    plat_wr(p, b + R_QUEUE_NOTIFY, 0);
    ck_assert_uint_eq(plat_rd(p, b + R_QUEUE_NUM_MAX), 0);
}
END_TEST

START_TEST(test_block_device_identity_and_features)
{
    ck_assert_uint_eq(vio_rd(p, R_MAGIC), 0x74726976);
    ck_assert_uint_eq(vio_rd(p, R_VERSION), 2);
    ck_assert_uint_eq(vio_rd(p, R_DEVICE_ID), 2);
    ck_assert_uint_eq(vio_rd(p, R_VENDOR_ID), 0x554d4551);
    vio_wr(p, R_DEV_FEATURES_SEL, 0);
    uint32_t lo = vio_rd(p, R_DEV_FEATURES);
    ck_assert_uint_eq(lo, 1u << 28 | 1u << 9 | 1u << 6 | 1u << 2);
    vio_wr(p, R_DEV_FEATURES_SEL, 1);
    ck_assert_uint_eq(vio_rd(p, R_DEV_FEATURES), 1);    /* VERSION_1 */
    vio_wr(p, R_DEV_FEATURES_SEL, 2);
    ck_assert_uint_eq(vio_rd(p, R_DEV_FEATURES), 0);
}
END_TEST

START_TEST(test_config_space_capacity_seg_max_blk_size)
{
    ck_assert_uint_eq(vio_rd(p, R_CONFIG), P_DISK_SECTORS);
    ck_assert_uint_eq(vio_rd(p, R_CONFIG + 4), 0);
    uint64_t v;
    ck_assert(bus_read(&p->bus, P_SLOT_BASE + R_CONFIG, 8, &v));
    ck_assert_uint_eq(v, P_DISK_SECTORS);
    ck_assert(bus_read(&p->bus, P_SLOT_BASE + R_CONFIG, 1, &v));
    ck_assert_uint_eq(v, P_DISK_SECTORS);
    ck_assert_uint_eq(vio_rd(p, R_CONFIG + 0x0c), VIRTIO_BLK_SEG_MAX);
    ck_assert_uint_eq(vio_rd(p, R_CONFIG + 0x14), 512);
    ck_assert(bus_read(&p->bus, P_SLOT_BASE + R_CONFIG + 0x15, 1, &v));
    ck_assert_uint_eq(v, 2);
    ck_assert_uint_eq(vio_rd(p, R_CONFIG + 0x800), 0);
    ck_assert_uint_eq(vio_rd(p, R_CONFIG_GEN), 0);
}
END_TEST

START_TEST(test_features_ok_granted_without_version_1)
{
    vio_wr(p, R_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
    vio_wr(p, R_DRV_FEATURES_SEL, 0);
    vio_wr(p, R_DRV_FEATURES, 1u << 9 | 1u << 0 /* not offered */);
    vio_wr(p, R_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER | VIRTIO_S_FEATURES_OK);
    ck_assert_uint_eq(vio_rd(p, R_STATUS) & VIRTIO_S_FEATURES_OK, VIRTIO_S_FEATURES_OK);
    ck_assert_uint_eq(p->vm.driver_features, 1u << 9);  /* cut to the offer */
    vio_wr(p, R_DRV_FEATURES, 1u << 28);                /* too late */
    ck_assert_uint_eq(p->vm.driver_features, 1u << 9);
}
END_TEST

START_TEST(test_status_write_0_resets_the_device)
{
    drv_init(p, &q, 8);
    run(chain(VIRTIO_BLK_T_IN, 0, 512, true));
    ck_assert_uint_eq(vio_rd(p, R_INT_STATUS), VIRTIO_INT_USED);
    vio_wr(p, R_STATUS, 0);
    ck_assert_uint_eq(vio_rd(p, R_STATUS), 0);
    ck_assert_uint_eq(vio_rd(p, R_INT_STATUS), 0);
    ck_assert_uint_eq(vio_rd(p, R_QUEUE_READY), 0);
    ck_assert_uint_eq(vio_rd(p, R_DESC_LO), 0);
    ck_assert_uint_eq(p->vm.driver_features, 0);
    ck_assert_uint_eq(plat_rd(p, PENDING0), 0);         /* the line dropped */
}
END_TEST

START_TEST(test_queue_registers)
{
    vio_wr(p, R_QUEUE_SEL, 0);
    ck_assert_uint_eq(vio_rd(p, R_QUEUE_NUM_MAX), 1024);
    vio_wr(p, R_QUEUE_SEL, 1);
    ck_assert_uint_eq(vio_rd(p, R_QUEUE_NUM_MAX), 0);   /* one queue only */
    vio_wr(p, R_QUEUE_READY, 1);
    ck_assert_uint_eq(vio_rd(p, R_QUEUE_READY), 0);
    vio_wr(p, R_QUEUE_SEL, 0);
    vio_wr(p, R_DESC_LO, 0x80010000);
    vio_wr(p, R_DESC_HI, 0);
    ck_assert_uint_eq(vio_rd(p, R_DESC_LO), 0x80010000);
    uint64_t v;
    ck_assert(bus_write(&p->bus, P_SLOT_BASE + R_DRIVER_LO, 8, 0x80014000ull));
    ck_assert(bus_read(&p->bus, P_SLOT_BASE + R_DRIVER_LO, 8, &v));
    ck_assert_uint_eq(v, 0x80014000ull);
    ck_assert(bus_read(&p->bus, P_SLOT_BASE + R_MAGIC, 2, &v));
    ck_assert_uint_eq(v, 0);                            /* odd sizes read as zero */
}
END_TEST

START_TEST(test_interrupt_ack_lowers_the_line)
{
    drv_init(p, &q, 8);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_FLUSH, 0, 0, false)), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(vio_rd(p, R_INT_STATUS), VIRTIO_INT_USED);
    ck_assert_uint_eq(plat_rd(p, PENDING0), 1u << 1);
    vio_wr(p, R_INT_ACK, VIRTIO_INT_USED);
    ck_assert_uint_eq(vio_rd(p, R_INT_STATUS), 0);
    ck_assert_uint_eq(plat_rd(p, PENDING0), 0);
}
END_TEST

START_TEST(test_no_processing_before_driver_ok)
{
    drv_init(p, &q, 8);
    vio_wr(p, R_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER | VIRTIO_S_FEATURES_OK);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, 0, 512, true)), 0xff);
    ck_assert_uint_eq(used_idx(p, &q), 0);
    vio_wr(p, R_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER | VIRTIO_S_FEATURES_OK |
                        VIRTIO_S_DRIVER_OK);
    drv_notify(p);                              /* the buffer waited in the ring */
    ck_assert_uint_eq(used_idx(p, &q), 1);
}
END_TEST

/* ---- requests ---- */

START_TEST(test_read_returns_the_sectors)
{
    drv_init(p, &q, 8);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, 3, 1024, true)), VIRTIO_BLK_S_OK);
    ck_assert(memcmp(ram(p, DATA), p->disk0 + 3 * 512, 1024) == 0);
    ck_assert_uint_eq(used_idx(p, &q), 1);
    ck_assert_uint_eq(get32(p, q.used + 4), 0);         /* id */
    ck_assert_uint_eq(get32(p, q.used + 8), 1025);      /* data + status */
    ck_assert_uint_eq(vio_rd(p, R_INT_STATUS), VIRTIO_INT_USED);
    ck_assert_uint_eq(plat_rd(p, PENDING0), 1u << 1);
}
END_TEST

START_TEST(test_write_changes_exactly_those_sectors)
{
    drv_init(p, &q, 8);
    memset(ram(p, DATA), 0x3c, 1536);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_OUT, 10, 1536, false)), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(get32(p, q.used + 8), 1);
    disk_read_all(p, disk);
    memset(p->disk0 + 10 * 512, 0x3c, 1536);
    ck_assert(memcmp(disk, p->disk0, sizeof disk) == 0);
}
END_TEST

START_TEST(test_write_to_the_last_sector_and_read_it_back)
{
    drv_init(p, &q, 8);
    memset(ram(p, DATA), 0x77, 512);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_OUT, P_DISK_SECTORS - 1, 512, false)), 0);
    memset(ram(p, DATA), 0, 512);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, P_DISK_SECTORS - 1, 512, true)), 0);
    ck_assert_uint_eq(*ram(p, DATA + 511), 0x77);
}
END_TEST

START_TEST(test_flush_and_get_id)
{
    drv_init(p, &q, 8);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_FLUSH, 0, 0, false)), VIRTIO_BLK_S_OK);
    memset(ram(p, DATA), 0xee, 64);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_GET_ID, 0, 64, true)), VIRTIO_BLK_S_OK);
    ck_assert_str_eq((char *)ram(p, DATA), "test-serial-0123");
    ck_assert_uint_eq(*ram(p, DATA + 20), 0xee);        /* 20 bytes, no more */
    ck_assert_uint_eq(get32(p, q.used + 8 + 8), 21);
}
END_TEST

START_TEST(test_unknown_request_type_is_unsupp)
{
    drv_init(p, &q, 8);
    ck_assert_uint_eq(run(chain(11 /* DISCARD, not offered */, 0, 512, false)),
                      VIRTIO_BLK_S_UNSUPP);
    ck_assert_uint_eq(run(chain(0xdeadbeef, 0, 512, true)), VIRTIO_BLK_S_UNSUPP);
    assert_disk_unchanged();
    ck_assert(!needs_reset());
}
END_TEST

START_TEST(test_out_of_range_sectors_are_ioerr)
{
    drv_init(p, &q, 8);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, P_DISK_SECTORS, 512, true)), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, P_DISK_SECTORS - 1, 1024, true)), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_OUT, P_DISK_SECTORS - 1, 1024, false)), VIRTIO_BLK_S_IOERR);
    /* sector + length wrapping around 2^64 */
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_OUT, UINT64_MAX, 1024, false)), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_OUT, UINT64_MAX / 512 + 1, 512, false)), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, 1ull << 63, 512, true)), VIRTIO_BLK_S_IOERR);
    /* partial sectors */
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_OUT, 0, 100, false)), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, 0, 513, true)), VIRTIO_BLK_S_IOERR);
    assert_disk_unchanged();
    ck_assert(!needs_reset());
    ck_assert_uint_eq(used_idx(p, &q), 8);
}
END_TEST

START_TEST(test_read_only_disk_refuses_writes)
{
    plat_free(p);
    p = plat_new(1, true);
    vio_wr(p, R_DEV_FEATURES_SEL, 0);
    ck_assert(vio_rd(p, R_DEV_FEATURES) & 1u << VIRTIO_BLK_F_RO);
    drv_init(p, &q, 8);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_OUT, 0, 512, false)), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, 0, 512, true)), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_FLUSH, 0, 0, false)), VIRTIO_BLK_S_OK);
    assert_disk_unchanged();
}
END_TEST

START_TEST(test_request_over_64_mib_is_ioerr)
{
    drv_init(p, &q, 128);
    /* 80 data buffers of 1 MiB - 4 KiB each (they may overlap: nothing is copied) */
    header(HDR, VIRTIO_BLK_T_IN, 0);
    *ram(p, STATUS) = 0xff;
    put_desc(p, q.desc, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    for (unsigned i = 1; i <= 80; i++)
        put_desc(p, q.desc, i, P_RAM_BASE, (uint32_t)(P_RAM_SIZE - 4096),
                 VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, (uint16_t)(i + 1));
    put_desc(p, q.desc, 81, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    drv_publish(p, &q, 0);
    uint8_t before[4096];
    memcpy(before, ram(p, P_RAM_BASE), sizeof before);
    drv_notify(p);
    ck_assert_uint_eq(*ram(p, STATUS), VIRTIO_BLK_S_IOERR);
    ck_assert(memcmp(before, ram(p, P_RAM_BASE), sizeof before) == 0);
}
END_TEST

START_TEST(test_batch_and_ring_wrap)
{
    drv_init(p, &q, 4);
    for (int round = 0; round < 5; round++) {
        /* two flushes (header, status: two descriptors each), one notify */
        for (uint16_t k = 0; k < 2; k++) {
            header(HDR + 16 * k, VIRTIO_BLK_T_FLUSH, 0);
            put_desc(p, q.desc, 2 * k, HDR + 16 * k, 16, VIRTQ_DESC_F_NEXT, (uint16_t)(2 * k + 1));
            put_desc(p, q.desc, 2 * k + 1, STATUS + k, 1, VIRTQ_DESC_F_WRITE, 0);
            drv_publish(p, &q, (uint16_t)(2 * k));
        }
        drv_notify(p);
        ck_assert_uint_eq(used_idx(p, &q), 2 * (round + 1));
    }
    /* used ring entries wrapped: entry 1 was last written by the 10th request */
    ck_assert_uint_eq(get32(p, q.used + 4 + 8 * 1), 2);
    ck_assert(!needs_reset());
}
END_TEST

START_TEST(test_indirect_request)
{
    drv_init(p, &q, 8);
    header(HDR, VIRTIO_BLK_T_IN, 7);
    put_desc(p, ITABLE, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    put_desc(p, ITABLE, 1, DATA, 256, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    put_desc(p, ITABLE, 2, DATA + 0x1000, 256, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 3);
    put_desc(p, ITABLE, 3, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    put_desc(p, q.desc, 5, ITABLE, 64, VIRTQ_DESC_F_INDIRECT, 0);
    ck_assert_uint_eq(run(5), VIRTIO_BLK_S_OK);
    ck_assert(memcmp(ram(p, DATA), p->disk0 + 7 * 512, 256) == 0);
    ck_assert(memcmp(ram(p, DATA + 0x1000), p->disk0 + 7 * 512 + 256, 256) == 0);
    ck_assert_uint_eq(get32(p, q.used + 4), 5);
}
END_TEST

START_TEST(test_dma_into_code_invalidates_decoded_instructions)
{
    struct hart *h = p->hart[0];
    uint64_t code = P_RAM_BASE + 0x50000;
    put32(p, code, 0x00100513);                 /* li a0, 1 */
    put32(p, code + 4, 0x0000006f);             /* j . */
    hart_reset(h, code);
    hart_run(h, 10);
    ck_assert_uint_eq(h->x[10], 1);
    /* sector 9 holds li a0, 2; j . — read it over the code */
    uint8_t insns[512] = { 0x13, 0x05, 0x20, 0x00, 0x6f, 0x00, 0x00, 0x00 };
    ck_assert(pwrite(p->blk.fd, insns, 512, 9 * 512) == 512);
    drv_init(p, &q, 8);
    header(HDR, VIRTIO_BLK_T_IN, 9);
    put_desc(p, q.desc, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    put_desc(p, q.desc, 1, code, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    put_desc(p, q.desc, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    ck_assert_uint_eq(run(0), VIRTIO_BLK_S_OK);
    hart_reset(h, code);
    hart_run(h, 10);
    ck_assert_uint_eq(h->x[10], 2);
}
END_TEST

/* ---- malformed rings ---- */

START_TEST(test_queue_size_not_a_power_of_two_needs_reset)
{
    drv_init(p, &q, 6);
    ck_assert(needs_reset());
    ck_assert_uint_eq(vio_rd(p, R_QUEUE_READY), 0);
    ck_assert_uint_eq(vio_rd(p, R_INT_STATUS), 0);  /* no interrupt before DRIVER_OK */
    run(chain(VIRTIO_BLK_T_OUT, 0, 512, false));
    assert_disk_unchanged();
}
END_TEST

START_TEST(test_queue_larger_than_max_or_zero_needs_reset)
{
    drv_init(p, &q, 2048);
    ck_assert(needs_reset());
    drv_init(p, &q, 0);
    ck_assert(needs_reset());
    drv_init(p, &q, 1024);
    ck_assert(!needs_reset());                  /* a reset cleared it */
}
END_TEST

START_TEST(test_misaligned_or_outside_queue_areas_need_reset)
{
    static const struct { uint64_t desc, avail, used; } bad[] = {
        { Q_DESC + 8, Q_AVAIL, Q_USED },                  /* desc: 16-byte aligned */
        { Q_DESC, Q_AVAIL + 1, Q_USED },                  /* avail: 2 */
        { Q_DESC, Q_AVAIL, Q_USED + 2 },                  /* used: 4 */
        { 0x1000, Q_AVAIL, Q_USED },                      /* in the ROM */
        { Q_DESC, 0x10001000, Q_USED },                   /* MMIO */
        { Q_DESC, Q_AVAIL, P_RAM_BASE + P_RAM_SIZE - 16 },/* runs past RAM */
        { 0xfffffffffffffff0ull, Q_AVAIL, Q_USED },       /* wraps */
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        drv_init(p, &q, 8);
        vio_wr(p, R_QUEUE_READY, 0);
        vio_wr(p, R_DESC_LO, (uint32_t)bad[i].desc);
        vio_wr(p, R_DESC_HI, (uint32_t)(bad[i].desc >> 32));
        vio_wr(p, R_DRIVER_LO, (uint32_t)bad[i].avail);
        vio_wr(p, R_DEVICE_LO, (uint32_t)bad[i].used);
        vio_wr(p, R_QUEUE_READY, 1);
        ck_assert_msg(needs_reset(), "case %u", i);
        ck_assert_uint_eq(vio_rd(p, R_QUEUE_READY), 0);
        ck_assert_uint_eq(vio_rd(p, R_INT_STATUS) & VIRTIO_INT_CONFIG, VIRTIO_INT_CONFIG);
    }
}
END_TEST

START_TEST(test_queue_moved_after_ready_is_checked_at_notify)
{
    drv_init(p, &q, 8);
    vio_wr(p, R_DEVICE_LO, (uint32_t)(P_RAM_BASE + P_RAM_SIZE - 8));
    chain(VIRTIO_BLK_T_OUT, 0, 512, false);
    drv_publish(p, &q, 0);
    drv_notify(p);
    ck_assert(needs_reset());
    assert_disk_unchanged();
}
END_TEST

START_TEST(test_descriptor_outside_ram_needs_reset)
{
    static const uint64_t addrs[] = {
        0x1000,                                 /* ROM */
        0x10000000,                             /* UART */
        P_RAM_BASE - 256,                       /* straddles the start of RAM */
        P_RAM_BASE + P_RAM_SIZE - 256,          /* straddles the end */
        P_RAM_BASE + P_RAM_SIZE,
        0xffffffffffffff00ull,                  /* addr + len wraps */
    };
    for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        for (int writable = 0; writable < 2; writable++) {
            drv_init(p, &q, 8);
            chain(writable ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT, 0, 512, writable);
            put_desc(p, q.desc, 1, addrs[i], 512,
                     (uint16_t)(VIRTQ_DESC_F_NEXT | (writable ? VIRTQ_DESC_F_WRITE : 0)), 2);
            uint8_t rom_before[P_ROM_SIZE];
            memcpy(rom_before, p->bus.rom.host, P_ROM_SIZE);
            run(0);
            ck_assert_msg(needs_reset(), "case %u", i);
            assert_broken();
            ck_assert(memcmp(rom_before, p->bus.rom.host, P_ROM_SIZE) == 0);
            ck_assert_uint_eq(*ram(p, STATUS), 0xff);
        }
    }
}
END_TEST

START_TEST(test_header_or_status_outside_ram_needs_reset)
{
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_IN, 0, 512, true);
    put_desc(p, q.desc, 2, P_RAM_BASE + P_RAM_SIZE, 1, VIRTQ_DESC_F_WRITE, 0);
    run(0);
    assert_broken();
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_IN, 0, 512, true);
    put_desc(p, q.desc, 0, 0x1000, 16, VIRTQ_DESC_F_NEXT, 1);
    run(0);
    assert_broken();
}
END_TEST

START_TEST(test_descriptor_loops_need_reset)
{
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_IN, 0, 512, true);
    put_desc(p, q.desc, 2, STATUS, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);  /* self */
    run(0);
    assert_broken();
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_IN, 0, 512, true);
    put_desc(p, q.desc, 2, STATUS, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);  /* 1→2→1 */
    run(0);
    assert_broken();
    /* a loop of zero-length descriptors */
    drv_init(p, &q, 8);
    for (uint16_t i = 0; i < 8; i++)
        put_desc(p, q.desc, i, 0, 0, VIRTQ_DESC_F_NEXT, (uint16_t)((i + 1) % 8));
    run(0);
    assert_broken();
}
END_TEST

START_TEST(test_indices_out_of_range_need_reset)
{
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_IN, 0, 512, true);
    put_desc(p, q.desc, 1, DATA, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 8);
    run(0);
    assert_broken();
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_IN, 0, 512, true);
    run(9);                                     /* head beyond the table */
    assert_broken();
}
END_TEST

START_TEST(test_avail_index_jump_needs_reset)
{
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_OUT, 0, 512, false);
    put16(p, q.avail + 2, 9);                   /* 9 new entries in an 8-entry ring */
    drv_notify(p);
    assert_broken();
}
END_TEST

START_TEST(test_readable_after_writable_needs_reset)
{
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_OUT, 0, 512, false);
    put_desc(p, q.desc, 0, STATUS, 1, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    put_desc(p, q.desc, 1, HDR, 16, VIRTQ_DESC_F_NEXT, 2);
    run(0);
    assert_broken();
}
END_TEST

START_TEST(test_missing_header_or_status_needs_reset)
{
    drv_init(p, &q, 8);
    put_desc(p, q.desc, 0, HDR, 8, VIRTQ_DESC_F_NEXT, 1);      /* short header */
    put_desc(p, q.desc, 1, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
    run(0);
    assert_broken();
    drv_init(p, &q, 8);
    header(HDR, VIRTIO_BLK_T_OUT, 0);
    put_desc(p, q.desc, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    put_desc(p, q.desc, 1, DATA, 512, 0, 0);                    /* no status byte */
    run(0);
    assert_broken();
}
END_TEST

START_TEST(test_bad_indirect_tables_need_reset)
{
    struct { uint64_t addr; uint32_t len; uint16_t flags; } bad[] = {
        { ITABLE, 0, VIRTQ_DESC_F_INDIRECT },                       /* empty */
        { ITABLE, 40, VIRTQ_DESC_F_INDIRECT },                      /* not 16·n */
        { P_RAM_BASE + P_RAM_SIZE - 32, 64, VIRTQ_DESC_F_INDIRECT },/* past RAM */
        { 0x1000, 48, VIRTQ_DESC_F_INDIRECT },                      /* ROM */
        { ITABLE, 16 * 1025, VIRTQ_DESC_F_INDIRECT },               /* too long */
        { ITABLE, 48, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT },
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        drv_init(p, &q, 8);
        header(HDR, VIRTIO_BLK_T_OUT, 0);
        put_desc(p, ITABLE, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
        put_desc(p, ITABLE, 1, DATA, 512, VIRTQ_DESC_F_NEXT, 2);
        put_desc(p, ITABLE, 2, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
        put_desc(p, q.desc, 0, bad[i].addr, bad[i].len, bad[i].flags, 1);
        put_desc(p, q.desc, 1, STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
        run(0);
        ck_assert_msg(needs_reset(), "case %u", i);
        assert_broken();
    }
}
END_TEST

START_TEST(test_loops_and_nesting_inside_indirect_tables_need_reset)
{
    drv_init(p, &q, 8);
    header(HDR, VIRTIO_BLK_T_OUT, 0);
    put_desc(p, ITABLE, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    put_desc(p, ITABLE, 1, DATA, 512, VIRTQ_DESC_F_NEXT, 0);   /* back to 0 */
    put_desc(p, q.desc, 0, ITABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
    run(0);
    assert_broken();
    drv_init(p, &q, 8);
    put_desc(p, ITABLE, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 1);
    put_desc(p, ITABLE, 1, ITABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);  /* nested */
    put_desc(p, q.desc, 0, ITABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
    run(0);
    assert_broken();
    drv_init(p, &q, 8);
    put_desc(p, ITABLE, 0, HDR, 16, VIRTQ_DESC_F_NEXT, 2);     /* next beyond table */
    put_desc(p, q.desc, 0, ITABLE, 32, VIRTQ_DESC_F_INDIRECT, 0);
    run(0);
    assert_broken();
}
END_TEST

START_TEST(test_broken_device_ignores_notifies_until_reset)
{
    drv_init(p, &q, 8);
    chain(VIRTIO_BLK_T_IN, 0, 512, true);
    run(9);
    ck_assert(needs_reset());
    /* the driver writes status without NEEDS_RESET: it stays */
    vio_wr(p, R_STATUS, 0x0f);
    ck_assert(needs_reset());
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_OUT, 0, 512, false)), 0xff);
    assert_disk_unchanged();
    drv_init(p, &q, 8);
    ck_assert(!needs_reset());
    ck_assert_uint_eq(run(chain(VIRTIO_BLK_T_IN, 0, 512, true)), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(vio_rd(p, R_CONFIG_GEN), 1);  /* bumped by the error */
}
END_TEST

Suite *virtio_suite(void)
{
    Suite *s = suite_create("virtio");
    TCase *tc = tcase_create("registers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_empty_slot_reads_magic_version_vendor_and_device_id_0);
    tcase_add_test(tc, test_block_device_identity_and_features);
    tcase_add_test(tc, test_config_space_capacity_seg_max_blk_size);
    tcase_add_test(tc, test_features_ok_granted_without_version_1);
    tcase_add_test(tc, test_status_write_0_resets_the_device);
    tcase_add_test(tc, test_queue_registers);
    tcase_add_test(tc, test_interrupt_ack_lowers_the_line);
    tcase_add_test(tc, test_no_processing_before_driver_ok);
    suite_add_tcase(s, tc);

    tc = tcase_create("requests");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_read_returns_the_sectors);
    tcase_add_test(tc, test_write_changes_exactly_those_sectors);
    tcase_add_test(tc, test_write_to_the_last_sector_and_read_it_back);
    tcase_add_test(tc, test_flush_and_get_id);
    tcase_add_test(tc, test_unknown_request_type_is_unsupp);
    tcase_add_test(tc, test_out_of_range_sectors_are_ioerr);
    tcase_add_test(tc, test_read_only_disk_refuses_writes);
    tcase_add_test(tc, test_request_over_64_mib_is_ioerr);
    tcase_add_test(tc, test_batch_and_ring_wrap);
    tcase_add_test(tc, test_indirect_request);
    tcase_add_test(tc, test_dma_into_code_invalidates_decoded_instructions);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_queue_size_not_a_power_of_two_needs_reset);
    tcase_add_test(tc, test_queue_larger_than_max_or_zero_needs_reset);
    tcase_add_test(tc, test_misaligned_or_outside_queue_areas_need_reset);
    tcase_add_test(tc, test_queue_moved_after_ready_is_checked_at_notify);
    tcase_add_test(tc, test_descriptor_outside_ram_needs_reset);
    tcase_add_test(tc, test_header_or_status_outside_ram_needs_reset);
    tcase_add_test(tc, test_descriptor_loops_need_reset);
    tcase_add_test(tc, test_indices_out_of_range_need_reset);
    tcase_add_test(tc, test_avail_index_jump_needs_reset);
    tcase_add_test(tc, test_readable_after_writable_needs_reset);
    tcase_add_test(tc, test_missing_header_or_status_needs_reset);
    tcase_add_test(tc, test_bad_indirect_tables_need_reset);
    tcase_add_test(tc, test_loops_and_nesting_inside_indirect_tables_need_reset);
    tcase_add_test(tc, test_broken_device_ignores_notifies_until_reset);
    suite_add_tcase(s, tc);
    return s;
}
