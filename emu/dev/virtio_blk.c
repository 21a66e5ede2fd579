/* virtio-blk requests against a raw image with pread/pwrite, and the parsing of the
 * -drive/-device/--swap options. A request's header and data are bounded before any
 * file access: the sector range must lie inside the disk (else IOERR), the data a
 * whole number of sectors, the request at most VIRTIO_BLK_MAX_REQUEST bytes. */
#include "virtio_blk.h"

#include "../mkswap.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define BOUNCE_SIZE (64u << 10)
#define CONFIG_SIZE 0x40

/* struct virtio_blk_config (virtio 1.1, 5.2.4): capacity, size_max, seg_max,
 * geometry, blk_size, topology, writeback, num_queues. */
static uint64_t blk_config_read(void *opaque, uint64_t off, int size)
{
    struct virtio_blk *b = opaque;
    uint8_t cfg[CONFIG_SIZE] = { 0 };
    for (int i = 0; i < 8; i++)
        cfg[i] = (uint8_t)(b->capacity >> (8 * i));
    for (int i = 0; i < 4; i++) {
        cfg[0x0c + i] = (uint8_t)((uint32_t)VIRTIO_BLK_SEG_MAX >> (8 * i));
        cfg[0x14 + i] = (uint8_t)((uint32_t)VIRTIO_BLK_SECTOR >> (8 * i));
    }
    cfg[0x22] = 1;                                  /* num_queues */
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; i--)
        v = (v << 8) | (off + (uint64_t)i < CONFIG_SIZE ? cfg[off + (uint64_t)i] : 0);
    return v;
}

/* Whether nbytes at sector lie inside the disk; nbytes must be whole sectors. */
static bool range_ok(const struct virtio_blk *b, uint64_t sector, uint64_t nbytes)
{
    return nbytes % VIRTIO_BLK_SECTOR == 0 && sector <= b->capacity &&
           nbytes / VIRTIO_BLK_SECTOR <= b->capacity - sector;
}

/* File → device-writable buffers [0, n). Returns the status; *written counts bytes. */
static uint8_t blk_read(struct virtio_blk *b, struct virtio_mmio *vm, struct virtq_req *r,
                        uint64_t sector, uint64_t n, uint64_t *written)
{
    for (uint64_t done = 0; done < n;) {
        size_t chunk = n - done < BOUNCE_SIZE ? (size_t)(n - done) : BOUNCE_SIZE;
        ssize_t got = pread(b->fd, b->bounce, chunk, (off_t)(sector * VIRTIO_BLK_SECTOR + done));
        if (got != (ssize_t)chunk || !virtq_req_write(vm, r, done, b->bounce, chunk))
            return VIRTIO_BLK_S_IOERR;
        done += chunk;
        *written = done;
    }
    return VIRTIO_BLK_S_OK;
}

/* Device-readable buffers [16, 16+n) → file. */
static uint8_t blk_write(struct virtio_blk *b, struct virtio_mmio *vm, struct virtq_req *r,
                         uint64_t sector, uint64_t n)
{
    for (uint64_t done = 0; done < n;) {
        size_t chunk = n - done < BOUNCE_SIZE ? (size_t)(n - done) : BOUNCE_SIZE;
        if (!virtq_req_read(vm, r, 16 + done, b->bounce, chunk) ||
            pwrite(b->fd, b->bounce, chunk, (off_t)(sector * VIRTIO_BLK_SECTOR + done)) != (ssize_t)chunk)
            return VIRTIO_BLK_S_IOERR;
        done += chunk;
    }
    return VIRTIO_BLK_S_OK;
}

/* A request is a 16-byte header {type, reserved, sector} in device-readable buffers,
 * data, and a status byte: the last device-writable byte. */
static bool blk_handle(void *opaque, struct virtio_mmio *vm, struct virtq_req *r)
{
    struct virtio_blk *b = opaque;
    uint8_t hdr[16];
    if (r->out_len < sizeof hdr || r->in_len < 1 || !virtq_req_read(vm, r, 0, hdr, sizeof hdr)) {
        virtio_mmio_error(vm, "block request without header or status byte");
        return false;
    }
    uint32_t type = (uint32_t)hdr[0] | (uint32_t)hdr[1] << 8 | (uint32_t)hdr[2] << 16 |
                    (uint32_t)hdr[3] << 24;
    uint64_t sector = 0;
    for (int i = 15; i >= 8; i--)
        sector = (sector << 8) | hdr[i];
    uint64_t data_out = r->out_len - sizeof hdr, data_in = r->in_len - 1, written = 0;
    uint8_t status;

    if (r->out_len + r->in_len > VIRTIO_BLK_MAX_REQUEST) {
        status = VIRTIO_BLK_S_IOERR;
    } else switch (type) {
    case VIRTIO_BLK_T_IN:
        status = range_ok(b, sector, data_in) ? blk_read(b, vm, r, sector, data_in, &written)
                                              : VIRTIO_BLK_S_IOERR;
        break;
    case VIRTIO_BLK_T_OUT:
        status = !b->readonly && range_ok(b, sector, data_out)
                 ? blk_write(b, vm, r, sector, data_out) : VIRTIO_BLK_S_IOERR;
        break;
    case VIRTIO_BLK_T_FLUSH:
        status = b->readonly || fsync(b->fd) == 0 ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
        break;
    case VIRTIO_BLK_T_GET_ID:
        written = data_in < VIRTIO_BLK_ID_BYTES ? data_in : VIRTIO_BLK_ID_BYTES;
        status = virtq_req_write(vm, r, 0, b->serial, written) ? VIRTIO_BLK_S_OK
                                                                : VIRTIO_BLK_S_IOERR;
        break;
    default:
        status = VIRTIO_BLK_S_UNSUPP;
        break;
    }
    virtq_req_write(vm, r, data_in, &status, 1);
    r->used_len = (uint32_t)(written + 1);
    return true;
}

/* A --swap disk of size bytes (0: just created or empty): formatted when new, else
 * checked for a signature. */
static bool prepare_swap(struct virtio_blk *b, const struct virtio_blk_opts *o, bool fresh,
                         off_t *size, char *err, size_t errlen)
{
    if (!fresh && *size > 0) {
        if (mkswap_signature(b->fd, (uint64_t)*size))
            return true;
        snprintf(err, errlen, "%s: holds something other than a swap area (no swap "
                 "signature) and is not reformatted: give a new file name, run mkswap on it, "
                 "or attach it with -drive", o->origin);
        return false;
    }
    char why[128];
    if (ftruncate(b->fd, (off_t)o->create_size) != 0) {
        snprintf(err, errlen, "%s: cannot size the new file: %s", o->origin, strerror(errno));
        return false;
    }
    if (!mkswap_write(b->fd, o->create_size, why, sizeof why)) {
        snprintf(err, errlen, "%s: %s", o->origin, why);
        return false;
    }
    *size = (off_t)o->create_size;
    return true;
}

bool virtio_blk_open(struct virtio_blk *b, const struct virtio_blk_opts *o,
                     char *err, size_t errlen)
{
    struct stat st;
    bool created = false;
    memset(b, 0, sizeof *b);
    b->fd = -1;
    b->readonly = o->readonly;
    b->fd = open(o->file, (o->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (b->fd < 0 && errno == ENOENT && o->swap) {
        /* 0600, as mkswap asks of swap files */
        b->fd = open(o->file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        created = b->fd >= 0;
    }
    if (b->fd < 0) {
        snprintf(err, errlen, "%s: %s", o->origin, strerror(errno));
        goto fail;
    }
    if (fstat(b->fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        snprintf(err, errlen, "%s: not a regular file or block device", o->origin);
        goto fail;
    }
    if (flock(b->fd, (o->readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        snprintf(err, errlen, "%s: in use by another process (or given twice)", o->origin);
        goto fail;
    }
    off_t size = lseek(b->fd, 0, SEEK_END);
    if (size < 0) {
        snprintf(err, errlen, "%s: %s", o->origin, strerror(errno));
        goto fail;
    }
    if (o->swap && !prepare_swap(b, o, created || (size == 0 && S_ISREG(st.st_mode)), &size,
                                 err, errlen))
        goto fail;
    b->capacity = (uint64_t)size / VIRTIO_BLK_SECTOR;
    b->bounce = malloc(BOUNCE_SIZE);
    if (!b->bounce) {
        snprintf(err, errlen, "%s: out of memory", o->origin);
        goto fail;
    }
    if (o->serial)              /* not NUL-terminated when 20 bytes long, as in QEMU */
        memcpy(b->serial, o->serial, strnlen(o->serial, sizeof b->serial));
    b->vdev = (struct virtio_device){
        .device_id = VIRTIO_ID_BLOCK,
        .features = 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_INDIRECT_DESC |
                    1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_BLK_SIZE |
                    1ull << VIRTIO_BLK_F_FLUSH | (o->readonly ? 1ull << VIRTIO_BLK_F_RO : 0),
        .nqueues = 1,
        .opaque = b,
        .config_read = blk_config_read,
        .handle = blk_handle,
    };
    return true;
fail:
    virtio_blk_close(b);
    if (created)
        unlink(o->file);                    /* leave nothing half made behind */
    return false;
}

void virtio_blk_close(struct virtio_blk *b)
{
    if (b->fd >= 0)
        close(b->fd);
    b->fd = -1;
    free(b->bounce);
    b->bounce = NULL;
}

/* ---- command line ---- */

/* Splits "k=v,k=v" in place, QEMU style (",," is a comma inside a value). Returns the
 * next item or NULL at the end; *val is NULL for an item without '='. */
static char *next_item(char **s, char **val)
{
    char *item = *s, *w = *s, *r = *s;
    if (!item || !*item)
        return NULL;
    *val = NULL;
    for (;; r++) {
        if (*r == ',' && r[1] == ',') {
            *w++ = ',';
            r++;
        } else if (*r == ',' || *r == 0) {
            *s = *r ? r + 1 : NULL;
            *w = 0;
            break;
        } else {
            if (*r == '=' && !*val) {
                *w++ = 0;
                *val = w;
                continue;
            }
            *w++ = *r;
        }
    }
    return item;
}

static bool parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no")) {
        *out = false;
        return true;
    }
    return false;
}

/* A size with an optional K, M, G or T suffix (powers of 1024); a plain number is
 * MiB, as for -m. Must be a positive whole number of sectors. */
static bool parse_disk_size(const char *s, uint64_t *out)
{
    char *end;
    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t mult = 1ull << 20;
    if (errno)
        return false;
    if (*end) {
        switch (toupper((unsigned char)*end)) {
        case 'K': mult = 1ull << 10; break;
        case 'M': mult = 1ull << 20; break;
        case 'G': mult = 1ull << 30; break;
        case 'T': mult = 1ull << 40; break;
        default: return false;
        }
        if (end[1])
            return false;
    }
    if (v == 0 || v > (1ull << 50) / mult)
        return false;
    *out = v * mult;
    return *out % VIRTIO_BLK_SECTOR == 0;
}

/* Records p (the options' strings point into it) for blk_cli_free. */
static char *keep(struct blk_cli *c, char *p)
{
    char **owned = realloc(c->owned, (size_t)(c->nowned + 1) * sizeof *owned);
    if (!p || !owned)
        abort();
    c->owned = owned;
    c->owned[c->nowned++] = p;
    return p;
}

static char *dup_spec(struct blk_cli *c, const char *flag, const char *value)
{
    size_t n = strlen(flag) + strlen(value) + 2;
    char *s = keep(c, malloc(n));
    snprintf(s, n, "%s %s", flag, value);
    return s;
}

static bool add_drive(struct blk_cli *c, const char *value, char *err, size_t errlen)
{
    if (c->ndrives == BLK_CLI_MAX || c->nattach == BLK_CLI_MAX) {
        snprintf(err, errlen, "-drive %s: too many -drive options", value);
        return false;
    }
    char *buf = keep(c, strdup(value)), *s = buf, *key, *val;
    struct virtio_blk_opts o = { 0 };
    const char *id = NULL, *iface = "virtio";
    while ((key = next_item(&s, &val))) {
        if (!val) {
            snprintf(err, errlen, "-drive %s: '%s' is not key=value", value, key);
            return false;
        } else if (!strcmp(key, "file")) {
            o.file = val;
        } else if (!strcmp(key, "format")) {
            if (strcmp(val, "raw")) {
                snprintf(err, errlen, "-drive %s: format=%s not supported (only raw)", value, val);
                return false;
            }
        } else if (!strcmp(key, "if")) {
            if (strcmp(val, "virtio") && strcmp(val, "none")) {
                snprintf(err, errlen, "-drive %s: if=%s not supported (virtio or none)", value, val);
                return false;
            }
            iface = val;
        } else if (!strcmp(key, "id")) {
            id = val;
        } else if (!strcmp(key, "readonly")) {
            if (!parse_bool(val, &o.readonly)) {
                snprintf(err, errlen, "-drive %s: readonly=%s: expected on or off", value, val);
                return false;
            }
        } else if (!strcmp(key, "serial")) {
            o.serial = val;
        } else {
            snprintf(err, errlen, "-drive %s: unknown key '%s'", value, key);
            return false;
        }
    }
    if (!o.file || !*o.file) {
        snprintf(err, errlen, "-drive %s: file= is missing", value);
        return false;
    }
    if (id)
        for (int i = 0; i < c->ndrives; i++)
            if (c->drive[i].id && !strcmp(c->drive[i].id, id)) {
                snprintf(err, errlen, "-drive %s: duplicate id '%s'", value, id);
                return false;
            }
    size_t n = strlen(o.file) + 16;
    char *origin = keep(c, malloc(n));
    snprintf(origin, n, "-drive file=%s", o.file);
    o.origin = origin;
    int d = c->ndrives++;
    c->drive[d].o = o;
    c->drive[d].id = id;
    c->drive[d].if_none = !strcmp(iface, "none");
    if (!c->drive[d].if_none)
        c->attach[c->nattach++] = (struct blk_attach){ .drive = d, .slot = -1,
                                                           .spec = dup_spec(c, "-drive", value) };
    return true;
}

static bool add_device(struct blk_cli *c, const char *value, char *err, size_t errlen)
{
    if (c->nattach == BLK_CLI_MAX) {
        snprintf(err, errlen, "-device %s: too many -device options", value);
        return false;
    }
    char *buf = keep(c, strdup(value)), *s = buf, *key, *val;
    key = next_item(&s, &val);
    if (!key || val || strcmp(key, "virtio-blk-device")) {
        snprintf(err, errlen, "-device %s: only virtio-blk-device is supported", value);
        return false;
    }
    struct blk_attach a = { .drive = -1, .slot = -1, .spec = dup_spec(c, "-device", value) };
    while ((key = next_item(&s, &val))) {
        if (!val) {
            snprintf(err, errlen, "-device %s: '%s' is not key=value", value, key);
            return false;
        } else if (!strcmp(key, "drive")) {
            a.id = val;
        } else if (!strcmp(key, "serial")) {
            a.serial = val;
        } else if (!strcmp(key, "bus")) {
            const char *p = "virtio-mmio-bus.";
            char *end;
            if (strncmp(val, p, strlen(p)) || !isdigit((unsigned char)val[strlen(p)])) {
                snprintf(err, errlen, "-device %s: bus=%s: expected virtio-mmio-bus.0 to .7", value, val);
                return false;
            }
            long n = strtol(val + strlen(p), &end, 10);
            if (*end || n < 0 || n >= VIRTIO_MMIO_SLOTS) {
                snprintf(err, errlen, "-device %s: bus=%s: expected virtio-mmio-bus.0 to .7", value, val);
                return false;
            }
            a.slot = (int)n;
        } else {
            snprintf(err, errlen, "-device %s: unknown key '%s'", value, key);
            return false;
        }
    }
    if (!a.id) {
        snprintf(err, errlen, "-device %s: drive= is missing", value);
        return false;
    }
    c->attach[c->nattach++] = a;
    return true;
}

static bool add_swap(struct blk_cli *c, const char *value, char *err, size_t errlen)
{
    if (c->nswap == VIRTIO_MMIO_SLOTS) {
        snprintf(err, errlen, "--swap %s: too many --swap options", value);
        return false;
    }
    char *buf = keep(c, strdup(value)), *s = buf, *key, *val;
    struct virtio_blk_opts o = { .swap = true, .create_size = VIRTIO_BLK_DEFAULT_SWAP };
    while ((key = next_item(&s, &val))) {
        if (!val && !o.file) {
            o.file = key;
        } else if (val && !strcmp(key, "file")) {
            o.file = val;
        } else if (val && !strcmp(key, "size")) {
            if (!parse_disk_size(val, &o.create_size)) {
                snprintf(err, errlen, "--swap %s: size=%s: not a size in whole sectors "
                                      "(examples: 64M, 1G)", value, val);
                return false;
            }
            uint64_t pages = o.create_size / MKSWAP_PAGE_SIZE;
            if (pages < MKSWAP_MIN_PAGES || pages - 1 > UINT32_MAX) {
                snprintf(err, errlen, "--swap %s: size=%s: a swap area holds %u KiB to 16 TiB",
                         value, val, MKSWAP_MIN_PAGES * MKSWAP_PAGE_SIZE / 1024);
                return false;
            }
        } else {
            snprintf(err, errlen, "--swap %s: unknown key '%s' (expected FILE[,size=SIZE])",
                     value, key);
            return false;
        }
    }
    if (!o.file || !*o.file) {
        snprintf(err, errlen, "--swap %s: no file name", value);
        return false;
    }
    o.origin = dup_spec(c, "--swap", o.file);
    c->swap[c->nswap++] = o;
    return true;
}

void blk_cli_free(struct blk_cli *c)
{
    for (int i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
    memset(c, 0, sizeof *c);
}

bool blk_cli_add(struct blk_cli *c, const char *flag, const char *value,
                 char *err, size_t errlen)
{
    if (!strcmp(flag, "-drive"))
        return add_drive(c, value, err, errlen);
    if (!strcmp(flag, "-device"))
        return add_device(c, value, err, errlen);
    return add_swap(c, value, err, errlen);
}

static bool place(struct virtio_blk_opts disks[VIRTIO_MMIO_SLOTS], int slot,
                  const struct virtio_blk_opts *o, const char *spec, char *err, size_t errlen)
{
    if (slot < 0)
        for (slot = 0; slot < VIRTIO_MMIO_SLOTS && disks[slot].file; slot++)
            ;
    if (slot == VIRTIO_MMIO_SLOTS) {
        snprintf(err, errlen, "%s: no free virtio-mmio slot (there are %d)", spec,
                 VIRTIO_MMIO_SLOTS);
        return false;
    }
    if (disks[slot].file) {
        snprintf(err, errlen, "%s: virtio-mmio-bus.%d is already in use", spec, slot);
        return false;
    }
    disks[slot] = *o;
    return true;
}

bool blk_cli_finish(struct blk_cli *c, struct virtio_blk_opts disks[VIRTIO_MMIO_SLOTS],
                    char *err, size_t errlen)
{
    bool used[BLK_CLI_MAX] = { false };
    memset(disks, 0, sizeof(struct virtio_blk_opts) * VIRTIO_MMIO_SLOTS);
    for (int i = 0; i < c->nattach; i++) {
        struct blk_attach *a = &c->attach[i];
        if (a->drive < 0)
            for (int d = 0; d < c->ndrives; d++)
                if (c->drive[d].id && !strcmp(c->drive[d].id, a->id))
                    a->drive = d;
        if (a->drive < 0) {
            snprintf(err, errlen, "%s: no -drive with id=%s", a->spec, a->id);
            return false;
        }
        if (used[a->drive]) {
            snprintf(err, errlen, "%s: drive %s is already in use", a->spec,
                     c->drive[a->drive].o.file);
            return false;
        }
        used[a->drive] = true;
    }
    /* Explicit bus= first, so that the others fill the slots left free. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < c->nattach; i++) {
            struct blk_attach *a = &c->attach[i];
            if ((pass == 0) != (a->slot >= 0))
                continue;
            struct virtio_blk_opts o = c->drive[a->drive].o;
            if (a->serial)
                o.serial = a->serial;
            if (!place(disks, a->slot, &o, a->spec, err, errlen))
                return false;
        }
    for (int i = 0; i < c->nswap; i++)
        if (!place(disks, -1, &c->swap[i], c->swap[i].origin, err, errlen))
            return false;
    /* Default serials name the disk as Linux will: vda, vdb, ... in slot order. */
    static char names[VIRTIO_MMIO_SLOTS][16];
    for (int slot = 0, n = 0; slot < VIRTIO_MMIO_SLOTS; slot++)
        if (disks[slot].file && !disks[slot].serial) {
            snprintf(names[slot], sizeof names[slot], "pagoda-vd%c", 'a' + n++);
            disks[slot].serial = names[slot];
        } else if (disks[slot].file) {
            n++;
        }
    return true;
}
