/* virtio-blk: a disk backed by a host file (raw format), served through a virtio-mmio
 * slot. Requests IN, OUT, FLUSH (fsync) and GET_ID; anything else is UNSUPP. Also the
 * QEMU-style command-line options that describe the disks (-drive, -device, --swap). */
#ifndef PAGODA_VIRTIO_BLK_H
#define PAGODA_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio.h"

#define VIRTIO_ID_BLOCK 2

#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO       5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

#define VIRTIO_BLK_T_IN     0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_T_GET_ID 8

#define VIRTIO_BLK_S_OK     0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_SECTOR    512
#define VIRTIO_BLK_ID_BYTES  20
#define VIRTIO_BLK_SEG_MAX   (VIRTQ_MAX_SIZE - 2)   /* header and status take two */
#define VIRTIO_BLK_MAX_REQUEST (64ull << 20)       /* larger requests get IOERR */
#define VIRTIO_BLK_DEFAULT_SWAP (64ull << 20)

/* One disk as the command line describes it. */
struct virtio_blk_opts {
    const char *file;         /* NULL: no disk */
    const char *origin;       /* "-drive file=X" or "--swap X", for messages */
    bool readonly;
    const char *serial;       /* GET_ID answer (up to 20 bytes) */
    bool swap;                /* --swap: a swap area (see virtio_blk_open) */
    uint64_t create_size;     /* --swap: the size of a new area */
};

struct virtio_blk {
    struct virtio_device vdev;
    int fd;
    bool readonly;
    uint64_t capacity;        /* in 512-byte sectors; a partial last sector is unused */
    char serial[VIRTIO_BLK_ID_BYTES];
    uint8_t *bounce;          /* transfer buffer between guest RAM and the file */
};

/* Opens the backing file. A --swap disk (o->swap) that is missing or empty is made a
 * swap area of create_size bytes (mkswap.h: sparse, the header written); an existing
 * one must already hold a swap signature and is never written here. On failure writes
 * one line naming the problem into err and returns false. */
bool virtio_blk_open(struct virtio_blk *b, const struct virtio_blk_opts *o,
                     char *err, size_t errlen);
void virtio_blk_close(struct virtio_blk *b);

/* The disk options of the command line, gathered in order:
 *   -drive file=F[,format=raw][,if=virtio|none][,id=X][,readonly=on|off][,serial=S]
 *   -device virtio-blk-device,drive=X[,serial=S][,bus=virtio-mmio-bus.N]
 *   --swap F[,size=64M]
 * Disks take slots in the order of their -drive if=virtio / -device options (a -device
 * with bus= takes that slot), --swap disks after them. ",," is a literal comma. */
#define BLK_CLI_MAX 16
struct blk_drive {
    struct virtio_blk_opts o;
    const char *id;
    bool if_none;
};
struct blk_attach {           /* a -drive if=virtio or a -device */
    int drive;                /* index into drive[], or -1 until resolved */
    const char *id;           /* -device drive=ID */
    const char *serial;
    int slot;                 /* -1: the next free slot */
    const char *spec;         /* the option, for messages */
};
struct blk_cli {
    int ndrives, nattach;
    struct blk_drive drive[BLK_CLI_MAX];
    struct blk_attach attach[BLK_CLI_MAX];
    int nswap;
    struct virtio_blk_opts swap[VIRTIO_MMIO_SLOTS];
    char **owned;             /* the copies the strings above point into */
    int nowned;
};

/* Takes one option (flag is "-drive", "-device" or "--swap"). */
bool blk_cli_add(struct blk_cli *c, const char *flag, const char *value,
                 char *err, size_t errlen);
/* Releases the copies of the options (and so every string of the disks they gave). */
void blk_cli_free(struct blk_cli *c);
/* Resolves the references and assigns slots: disks[slot].file is NULL for an empty
 * slot. */
bool blk_cli_finish(struct blk_cli *c, struct virtio_blk_opts disks[VIRTIO_MMIO_SLOTS],
                    char *err, size_t errlen);

#endif
