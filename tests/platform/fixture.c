/* The small machine the platform tests run on, and the driver-side helpers. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mmu.h"
#include "platform.h"

struct plat *plat_new(int nharts, bool readonly_disk)
{
    struct plat *p = calloc(1, sizeof *p);
    ck_assert(p);
    ck_assert(bus_init(&p->bus, P_RAM_BASE, P_RAM_SIZE));
    uint8_t rom[P_ROM_SIZE];
    memset(rom, 0xa5, sizeof rom);
    bus_set_rom(&p->bus, P_ROM_BASE, rom, sizeof rom);
    for (int i = 0; i < nharts; i++) {
        p->hart[i] = calloc(1, sizeof *p->hart[i]);
        ck_assert(p->hart[i]);
        hart_init(p->hart[i], &p->bus, (uint64_t)i);
    }
    plic_init(&p->plic, &p->bus);

    strcpy(p->path, "/tmp/pagoda-blk-XXXXXX");
    int fd = mkstemp(p->path);
    ck_assert(fd >= 0);
    p->disk0 = malloc(P_DISK_SECTORS * 512);
    ck_assert(p->disk0);
    uint32_t x = 12345;
    for (int i = 0; i < P_DISK_SECTORS * 512; i++) {
        x = x * 1103515245u + 12345u;
        p->disk0[i] = (uint8_t)(x >> 16);
    }
    ck_assert(write(fd, p->disk0, P_DISK_SECTORS * 512) == P_DISK_SECTORS * 512);
    close(fd);

    struct virtio_blk_opts o = { .file = p->path, .origin = "test disk",
                                 .readonly = readonly_disk, .serial = "test-serial-0123" };
    char err[256];
    ck_assert_msg(virtio_blk_open(&p->blk, &o, err, sizeof err), "%s", err);
    virtio_mmio_init(&p->vm, &p->bus, 0);
    p->vm.irq = plic_irq;
    p->vm.irq_ctx = plic_line(&p->plic, PLIC_IRQ_VIRTIO(0));
    virtio_mmio_attach(&p->vm, &p->blk.vdev);
    return p;
}

void plat_free(struct plat *p)
{
    virtio_blk_close(&p->blk);
    unlink(p->path);
    free(p->disk0);
    for (int i = 0; i < 2; i++)
        if (p->hart[i]) {
            mmu_free(&p->hart[i]->mmu);
            free(p->hart[i]);
        }
    bus_free(&p->bus);
    free(p);
}

uint32_t plat_rd(struct plat *p, uint64_t pa)
{
    uint64_t v = 0xdeadbeef;
    ck_assert_msg(bus_read(&p->bus, pa, 4, &v), "read at %llx", (unsigned long long)pa);
    return (uint32_t)v;
}

void plat_wr(struct plat *p, uint64_t pa, uint32_t v)
{
    ck_assert_msg(bus_write(&p->bus, pa, 4, v), "write at %llx", (unsigned long long)pa);
}

uint8_t *ram(struct plat *p, uint64_t pa)
{
    return p->bus.ram.host + (pa - P_RAM_BASE);
}

void put16(struct plat *p, uint64_t pa, uint16_t v) { for (int i = 0; i < 2; i++) ram(p, pa)[i] = (uint8_t)(v >> 8 * i); }
void put32(struct plat *p, uint64_t pa, uint32_t v) { for (int i = 0; i < 4; i++) ram(p, pa)[i] = (uint8_t)(v >> 8 * i); }
void put64(struct plat *p, uint64_t pa, uint64_t v) { for (int i = 0; i < 8; i++) ram(p, pa)[i] = (uint8_t)(v >> 8 * i); }
uint16_t get16(struct plat *p, uint64_t pa) { return (uint16_t)(ram(p, pa)[0] | ram(p, pa)[1] << 8); }
uint32_t get32(struct plat *p, uint64_t pa)
{
    uint8_t *b = ram(p, pa);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

void drv_init(struct plat *p, struct drv_queue *q, uint32_t num)
{
    *q = (struct drv_queue){ .num = num, .desc = Q_DESC, .avail = Q_AVAIL, .used = Q_USED };
    memset(ram(p, Q_DESC), 0, 0xc000);
    vio_wr(p, R_STATUS, 0);
    vio_wr(p, R_STATUS, VIRTIO_S_ACKNOWLEDGE);
    vio_wr(p, R_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
    vio_wr(p, R_DRV_FEATURES_SEL, 0);
    vio_wr(p, R_DRV_FEATURES, 1u << VIRTIO_F_INDIRECT_DESC | 1u << VIRTIO_BLK_F_FLUSH);
    vio_wr(p, R_DRV_FEATURES_SEL, 1);
    vio_wr(p, R_DRV_FEATURES, 1);
    vio_wr(p, R_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER | VIRTIO_S_FEATURES_OK);
    vio_wr(p, R_QUEUE_SEL, 0);
    vio_wr(p, R_QUEUE_NUM, num);
    vio_wr(p, R_DESC_LO, (uint32_t)q->desc);
    vio_wr(p, R_DESC_HI, (uint32_t)(q->desc >> 32));
    vio_wr(p, R_DRIVER_LO, (uint32_t)q->avail);
    vio_wr(p, R_DRIVER_HI, (uint32_t)(q->avail >> 32));
    vio_wr(p, R_DEVICE_LO, (uint32_t)q->used);
    vio_wr(p, R_DEVICE_HI, (uint32_t)(q->used >> 32));
    vio_wr(p, R_QUEUE_READY, 1);
    vio_wr(p, R_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER | VIRTIO_S_FEATURES_OK |
                        VIRTIO_S_DRIVER_OK);
}

void put_desc(struct plat *p, uint64_t table, unsigned i, uint64_t addr, uint32_t len,
              uint16_t flags, uint16_t next)
{
    uint64_t d = table + 16ull * i;
    put64(p, d, addr);
    put32(p, d + 8, len);
    put16(p, d + 12, flags);
    put16(p, d + 14, next);
}

void drv_publish(struct plat *p, struct drv_queue *q, uint16_t head)
{
    put16(p, q->avail + 4 + 2ull * (q->avail_idx % q->num), head);
    q->avail_idx++;
    put16(p, q->avail + 2, q->avail_idx);
}

void drv_notify(struct plat *p)
{
    vio_wr(p, R_QUEUE_NOTIFY, 0);
}

uint16_t used_idx(struct plat *p, struct drv_queue *q)
{
    return get16(p, q->used + 2);
}

void disk_read_all(struct plat *p, uint8_t *out)
{
    ck_assert(pread(p->blk.fd, out, P_DISK_SECTORS * 512, 0) == P_DISK_SECTORS * 512);
}
