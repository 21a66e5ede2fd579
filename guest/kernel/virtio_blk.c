/* virtio_blk.c — the virtio block driver (modern virtio-mmio, version 2). Each disk has
 * one split virtqueue; a request takes three descriptors (header, data, status) at a
 * fixed place in the table, so the slot number names the request. submit_bio queues a
 * request and notifies the device; completion comes back as a PLIC interrupt, which
 * collects the used ring, runs each request's end_io and wakes whoever sleeps on it.
 * Before the first task runs (boot) a request is waited for by polling instead. Disks
 * are /dev/vda, /dev/vdb, ... in slot (address) order, as on Linux. Each disk's
 * spinlock guards its rings and slots (the interrupt handler takes it too); a task
 * waiting for a slot or for its request sleeps on the disk's wait queues. */
#include "blk.h"
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "plic.h"
#include "proc.h"
#include "virtio.h"

#define MAX_DISKS 8
#define QSIZE_MAX 64
#define NSLOTS    (QSIZE_MAX / 3)      /* requests in flight per disk */

struct vblk {
    volatile uint8_t *regs;
    uint32_t irq;
    uint16_t qsize;
    uint16_t used_seen;               /* used ring entries already collected */
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    volatile struct virtq_used *used;
    struct virtio_blk_req_hdr *hdr;   /* [NSLOTS] */
    volatile uint8_t *status;         /* [NSLOTS] */
    struct bio *inflight[NSLOTS];
    struct spinlock lock;             /* the rings, used_seen, inflight */
    struct wait_queue slot_wait;      /* tasks waiting for a free slot */
    struct wait_queue done_wait;      /* tasks waiting for their request */
    struct blkdev dev;
};

static struct vblk *disks[MAX_DISKS];
static int ndisks;

static uint32_t rd(struct vblk *vb, unsigned off)
{
    return *(volatile uint32_t *)(vb->regs + off);
}

static void wr(struct vblk *vb, unsigned off, uint32_t val)
{
    *(volatile uint32_t *)(vb->regs + off) = val;
}

static void fence(void)
{
    __asm__ volatile("fence rw, rw" ::: "memory");
}

/* Collects the finished requests from the used ring: status, then (without the lock)
 * end_io or a wakeup of the waiters. */
static void vblk_complete(struct vblk *vb)
{
    struct bio *finished[NSLOTS];
    int n = 0;
    spin_lock(&vb->lock);
    while (vb->used_seen != vb->used->idx) {
        fence();
        struct virtq_used_elem e = vb->used->ring[vb->used_seen % vb->qsize];
        vb->used_seen++;
        unsigned slot = e.id / 3;
        struct bio *b = slot < NSLOTS ? vb->inflight[slot] : NULL;
        if (!b)
            continue;
        vb->inflight[slot] = NULL;
        b->error = vb->status[slot] == VIRTIO_BLK_S_OK ? 0 : -EIO;
        if (b->write)
            vb->dev.writes++;
        else
            vb->dev.reads++;
        finished[n++] = b;
    }
    spin_unlock(&vb->lock);
    for (int i = 0; i < n; i++) {
        struct bio *b = finished[i];
        bio_end_fn end_io = b->end_io;
        b->done = true;               /* after this, a waiter may free b */
        if (end_io)
            end_io(b);
    }
    if (n) {
        wake_up(&vb->done_wait);
        wake_up(&vb->slot_wait);      /* slots are free again */
    }
}

static void vblk_ack(struct vblk *vb)
{
    uint32_t st = rd(vb, VIRTIO_MMIO_INTERRUPT_STATUS);
    if (st)
        wr(vb, VIRTIO_MMIO_INTERRUPT_ACK, st);
}

/* The PLIC said irq: true if it was one of our disks. */
bool blk_irq(uint32_t irq)
{
    for (int i = 0; i < ndisks; i++) {
        if (disks[i]->irq == irq) {
            vblk_ack(disks[i]);
            vblk_complete(disks[i]);
            return true;
        }
    }
    return false;
}

/* Whether the caller must poll: no task to put to sleep yet, or it asked to. */
static bool must_poll(const struct bio *b)
{
    return b->poll || current->is_idle;
}

static void vblk_poll(struct vblk *vb)
{
    vblk_ack(vb);
    vblk_complete(vb);
}

/* Collects finished requests of every disk without an interrupt (polled I/O). */
void blk_poll_all(void)
{
    for (int i = 0; i < ndisks; i++)
        vblk_poll(disks[i]);
}

static int free_slot(struct vblk *vb)
{
    for (int s = 0; s < vb->qsize / 3; s++)
        if (!vb->inflight[s])
            return s;
    return -1;
}

/* Queues b on disk d and notifies the device; waits (sleeping or polling) only for a
 * free slot. The caller waits for completion with bio_wait or through end_io. */
void submit_bio(struct blkdev *d, struct bio *b)
{
    struct vblk *vb = d->drv;
    struct wait_entry w;
    wait_entry_init(&w);
    int s;
    spin_lock(&vb->lock);
    while ((s = free_slot(vb)) < 0) {
        spin_unlock(&vb->lock);
        if (must_poll(b)) {
            vblk_poll(vb);
        } else {
            prepare_to_wait(&vb->slot_wait, &w);
            if (free_slot(vb) < 0)
                schedule();
            finish_wait(&vb->slot_wait, &w);
        }
        spin_lock(&vb->lock);
    }
    b->bdev = d;
    b->done = false;
    b->error = 0;
    vb->hdr[s] = (struct virtio_blk_req_hdr){ b->write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, 0,
                                              b->sector };
    vb->status[s] = 0xff;
    unsigned d0 = 3 * s;
    vb->desc[d0] = (struct virtq_desc){ V2P(&vb->hdr[s]), sizeof vb->hdr[s], VRING_DESC_F_NEXT,
                                        (uint16_t)(d0 + 1) };
    vb->desc[d0 + 1] = (struct virtq_desc){ b->pa, b->len,
                                            VRING_DESC_F_NEXT | (b->write ? 0 : VRING_DESC_F_WRITE),
                                            (uint16_t)(d0 + 2) };
    vb->desc[d0 + 2] = (struct virtq_desc){ V2P(&vb->status[s]), 1, VRING_DESC_F_WRITE, 0 };
    vb->inflight[s] = b;
    vb->avail->ring[vb->avail->idx % vb->qsize] = (uint16_t)d0;
    fence();
    vb->avail->idx++;
    fence();
    spin_unlock(&vb->lock);
    wr(vb, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* Waits for b to complete: the task sleeps (others run) until the interrupt. */
void bio_wait(struct bio *b)
{
    struct vblk *vb = b->bdev->drv;
    struct wait_entry w;
    wait_entry_init(&w);
    while (!b->done) {
        if (must_poll(b)) {
            vblk_poll(vb);
            continue;
        }
        prepare_to_wait(&vb->done_wait, &w);
        if (!b->done)
            schedule();
        finish_wait(&vb->done_wait, &w);
    }
}

/* Reads or writes len bytes at sector through a kernel buffer; 0 or -EIO. */
int blk_rw(struct blkdev *d, uint64_t sector, void *buf, uint32_t len, bool write)
{
    struct bio b = { .sector = sector, .pa = V2P(buf), .len = len, .write = write };
    if (sector + len / SECTOR_SIZE > d->nsectors || (write && d->readonly))
        return -EIO;
    submit_bio(d, &b);
    bio_wait(&b);
    return b.error;
}

struct blkdev *blkdev_get(uint32_t rdev)
{
    for (int i = 0; i < ndisks; i++)
        if (disks[i]->dev.rdev == rdev)
            return &disks[i]->dev;
    return NULL;
}

/* Feature negotiation (VERSION_1 required) and queue 0. 0, or -1 with a message. */
static int vblk_setup(struct vblk *vb, uint64_t pa)
{
    wr(vb, VIRTIO_MMIO_STATUS, 0);
    wr(vb, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(vb, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(vb, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    uint32_t hi = rd(vb, VIRTIO_MMIO_DEVICE_FEATURES);
    wr(vb, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint32_t lo = rd(vb, VIRTIO_MMIO_DEVICE_FEATURES);
    const char *why = NULL;
    if (!(hi & (1u << (VIRTIO_F_VERSION_1 - 32))))
        why = "VERSION_1 not offered";
    wr(vb, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(vb, VIRTIO_MMIO_DRIVER_FEATURES, lo & (1u << VIRTIO_BLK_F_RO | 1u << VIRTIO_BLK_F_BLK_SIZE));
    wr(vb, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(vb, VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
    wr(vb, VIRTIO_MMIO_STATUS, st);
    if (!why && !(rd(vb, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
        why = "FEATURES_OK refused";
    wr(vb, VIRTIO_MMIO_QUEUE_SEL, 0);
    uint32_t max = rd(vb, VIRTIO_MMIO_QUEUE_NUM_MAX);
    if (!why && (max < 4 || rd(vb, VIRTIO_MMIO_QUEUE_READY)))
        why = "queue 0 unusable";
    void *ring = alloc_zeroed_page(OWNER_KERNEL);
    if (!why && !ring)
        why = "no memory";
    if (why) {
        printk("virtio-blk at %lx: %s\n", pa, why);
        wr(vb, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_FAILED);
        return -1;
    }
    vb->qsize = 4;
    while (vb->qsize * 2 <= MIN(max, QSIZE_MAX))
        vb->qsize *= 2;
    vb->desc = ring;                                   /* 16 * 64 bytes */
    vb->avail = (struct virtq_avail *)((char *)ring + 1024);
    vb->used = (struct virtq_used *)((char *)ring + 2048);
    vb->hdr = (struct virtio_blk_req_hdr *)((char *)ring + 3072);
    vb->status = (uint8_t *)ring + 3072 + NSLOTS * sizeof(struct virtio_blk_req_hdr);
    uint64_t rpa = V2P(ring);
    wr(vb, VIRTIO_MMIO_QUEUE_NUM, vb->qsize);
    wr(vb, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)rpa);
    wr(vb, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(rpa >> 32));
    wr(vb, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)(rpa + 1024));
    wr(vb, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)((rpa + 1024) >> 32));
    wr(vb, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)(rpa + 2048));
    wr(vb, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)((rpa + 2048) >> 32));
    wr(vb, VIRTIO_MMIO_QUEUE_READY, 1);
    wr(vb, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_DRIVER_OK);
    vb->dev.nsectors = rd(vb, VIRTIO_MMIO_CONFIG) | (uint64_t)rd(vb, VIRTIO_MMIO_CONFIG + 4) << 32;
    vb->dev.readonly = (lo >> VIRTIO_BLK_F_RO) & 1;
    return 0;
}

/* A virtio-mmio slot: a block device is set up and named; others are left alone. */
static void vblk_probe(uint64_t pa, uint32_t irq)
{
    volatile uint8_t *regs = P2V(pa);
    if (*(volatile uint32_t *)regs != VIRTIO_MAGIC ||
        *(volatile uint32_t *)(regs + VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK)
        return;
    uint32_t version = *(volatile uint32_t *)(regs + VIRTIO_MMIO_VERSION);
    if (version != 2) {
        printk("virtio-blk at %lx: legacy virtio-mmio (version %u) is not supported "
               "(QEMU: -global virtio-mmio.force-legacy=false)\n", pa, version);
        return;
    }
    if (ndisks == MAX_DISKS)
        return;
    struct vblk *vb = kzalloc(sizeof *vb);
    if (!vb)
        return;
    vb->regs = regs;
    vb->irq = irq;
    spin_init(&vb->lock, "virtio-blk");
    wait_queue_init(&vb->slot_wait, "virtio-blk slots");
    wait_queue_init(&vb->done_wait, "virtio-blk requests");
    if (vblk_setup(vb, pa) < 0) {
        kfree(vb);
        return;
    }
    vb->dev.drv = vb;
    vb->dev.rdev = VIRTBLK_MAJOR << 8 | ndisks * 16;
    snprintf(vb->dev.name, sizeof vb->dev.name, "vd%c", 'a' + ndisks);
    disks[ndisks++] = vb;
    if (irq)
        plic_enable(irq);
    printk("virtio-blk: %s at %lx, %lu sectors (%lu MiB)%s, irq %u\n", vb->dev.name, pa,
           vb->dev.nsectors, vb->dev.nsectors >> 11, vb->dev.readonly ? ", read-only" : "", irq);
}

/* read() on /dev/vdX: whole pages through a bounce frame. */
static ssize_t blkdev_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    struct blkdev *d = blkdev_get(f->inode->rdev);
    uint64_t size = d ? d->nsectors * SECTOR_SIZE : 0;
    if (*pos >= size)
        return 0;
    n = MIN(n, size - *pos);
    char *bounce = alloc_zeroed_page(OWNER_KERNEL);
    if (!bounce)
        return -ENOMEM;
    size_t done = 0;
    ssize_t err = 0;
    while (done < n) {
        uint64_t p = *pos + done, base = ROUND_DOWN(p, PAGE_SIZE);
        uint32_t len = (uint32_t)MIN((uint64_t)PAGE_SIZE, size - base);
        size_t chunk = MIN(n - done, base + len - p);
        if ((err = blk_rw(d, base / SECTOR_SIZE, bounce, len, false)) < 0)
            break;
        if (copy_to_user(ubuf + done, bounce + (p - base), chunk) < 0) {
            err = -EFAULT;
            break;
        }
        done += chunk;
    }
    free_pages(virt_to_page(bounce), 0);
    *pos += done;
    return done ? (ssize_t)done : err;
}

static const struct file_ops blkdev_fops = { .read = blkdev_read };

static void make_node(struct vblk *vb)
{
    struct inode *dev, *ip;
    if (path_lookup(fs_root, "/dev", &dev) < 0)
        return;
    if ((ip = inode_alloc(S_IFBLK | 0660)) != NULL) {
        ip->rdev = vb->dev.rdev;
        ip->size = vb->dev.nsectors * SECTOR_SIZE;
        ip->fops = &blkdev_fops;
        if (ramfs_link_inode(dev, vb->dev.name, ip) < 0)
            printk("virtio-blk: cannot create /dev/%s\n", vb->dev.name);
        inode_put(ip);
    }
    inode_put(dev);
}

/* Finds the block devices among the device tree's virtio-mmio slots, lowest address
 * first, and makes their /dev nodes. */
void virtio_blk_init(const struct boot_info *bi)
{
    bool done[ARRAY_SIZE(bi->virtio)] = { false };
    for (int k = 0; k < bi->nvirtio; k++) {
        int best = -1;
        for (int i = 0; i < bi->nvirtio; i++)
            if (!done[i] && (best < 0 || bi->virtio[i].pa < bi->virtio[best].pa))
                best = i;
        done[best] = true;
        vblk_probe(bi->virtio[best].pa, bi->virtio[best].irq);
    }
    for (int i = 0; i < ndisks; i++)
        make_node(disks[i]);
}
