/* The Linux swap header (include/linux/swap.h, union swap_header), version 1:
 *   0     bootbits[1024]   zero
 *   1024  version          1           (little-endian 32-bit words)
 *   1028  last_page        pages - 1
 *   1032  nr_badpages      0
 *   1036  sws_uuid[16]     random, RFC 4122 version 4 (what blkid and swaplabel show)
 *   1052  sws_volume[16]   the label, empty
 *   1068  padding, then badpages[] (none)
 *   PAGE_SIZE - 10         "SWAPSPACE2"
 * byte for byte what util-linux's mkswap writes for 4 KiB pages, the UUID aside. */
#include "mkswap.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define OFF_VERSION   1024
#define OFF_LAST_PAGE 1028
#define OFF_UUID      1036
#define MAGIC_LEN     10

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

bool mkswap_write(int fd, uint64_t size_bytes, char *err, size_t errlen)
{
    uint64_t pages = size_bytes / MKSWAP_PAGE_SIZE;
    if (pages < MKSWAP_MIN_PAGES) {
        snprintf(err, errlen, "a swap area needs at least %u KiB (%u pages of 4 KiB), as "
                 "mkswap requires", MKSWAP_MIN_PAGES * MKSWAP_PAGE_SIZE / 1024, MKSWAP_MIN_PAGES);
        return false;
    }
    if (pages - 1 > UINT32_MAX) {
        snprintf(err, errlen, "a swap area holds at most 2^32 pages of 4 KiB (16 TiB)");
        return false;
    }
    uint8_t page[MKSWAP_PAGE_SIZE] = { 0 };
    put_le32(page + OFF_VERSION, 1);
    put_le32(page + OFF_LAST_PAGE, (uint32_t)(pages - 1));
    uint8_t *uuid = page + OFF_UUID;
    if (getrandom(uuid, 16, 0) != 16) {
        snprintf(err, errlen, "no random bytes for the swap area's UUID: %s", strerror(errno));
        return false;
    }
    uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);       /* version 4: random */
    uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);       /* variant: RFC 4122 */
    memcpy(page + MKSWAP_PAGE_SIZE - MAGIC_LEN, "SWAPSPACE2", MAGIC_LEN);
    if (pwrite(fd, page, sizeof page, 0) != (ssize_t)sizeof page || fsync(fd) != 0) {
        snprintf(err, errlen, "cannot write the swap header: %s", strerror(errno));
        return false;
    }
    return true;
}

bool mkswap_signature(int fd, uint64_t size_bytes)
{
    for (uint64_t ps = 4096; ps <= 65536; ps *= 2) {
        char magic[MAGIC_LEN];
        if (ps > size_bytes || pread(fd, magic, MAGIC_LEN, (off_t)(ps - MAGIC_LEN)) != MAGIC_LEN)
            break;
        if (!memcmp(magic, "SWAPSPACE2", MAGIC_LEN) || !memcmp(magic, "SWAP-SPACE", MAGIC_LEN))
            return true;
    }
    return false;
}
