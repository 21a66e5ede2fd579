/* blk.h — block devices (the virtio disks, /dev/vda, /dev/vdb, ... in slot order) and
 * the requests made to them. A request (struct bio) moves one buffer of whole sectors;
 * it completes by interrupt, after which its end_io runs (in the interrupt handler)
 * and whoever waits on it is woken. */
#ifndef BLK_H
#define BLK_H

#include "kernel.h"

#define SECTOR_SIZE 512
#define VIRTBLK_MAJOR 254          /* Linux's virtblk gets a dynamic major; usually 254 */
#define S_IFBLK 0060000

struct bio;
typedef void (*bio_end_fn)(struct bio *b);

struct blkdev;

struct bio {
    struct blkdev *bdev;       /* set by submit_bio */
    uint64_t sector;
    uint64_t pa;               /* physical address of the buffer */
    uint32_t len;              /* bytes, a multiple of SECTOR_SIZE */
    bool write;
    bool poll;                 /* wait by polling the used ring (no task to put to sleep) */
    volatile bool done;
    int error;                 /* 0 or -EIO */
    bio_end_fn end_io;         /* called once done, or NULL */
    void *private;             /* for end_io */
};

struct blkdev {
    char name[8];              /* "vda" */
    uint32_t rdev;             /* major << 8 | minor */
    uint64_t nsectors;
    bool readonly;
    uint64_t reads, writes;    /* requests completed */
    void *drv;                 /* the driver's state */
};

/* virtio_blk.c */
void virtio_blk_init(const struct boot_info *bi);
struct blkdev *blkdev_get(uint32_t rdev);
void submit_bio(struct blkdev *d, struct bio *b);
void bio_wait(struct bio *b);
int blk_rw(struct blkdev *d, uint64_t sector, void *buf, uint32_t len, bool write);
bool blk_irq(uint32_t irq);
void blk_poll_all(void);

#endif
