/* Linux swap areas, as --swap makes and recognises them: the version 1 header
 * ("SWAPSPACE2") that util-linux's mkswap writes for 4 KiB pages. */
#ifndef PAGODA_MKSWAP_H
#define PAGODA_MKSWAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MKSWAP_PAGE_SIZE 4096u
#define MKSWAP_MIN_PAGES 10u      /* mkswap's minimum: 40 KiB */

/* Writes the header into the first page of the size_bytes-long file fd: version 1,
 * last_page = size_bytes / 4096 - 1, no bad pages, a random (version 4) UUID, no
 * label, the signature in the page's last ten bytes; the rest of the page is zero.
 * Nothing else of the file is written. False with one line in err when the size is
 * out of mkswap's range or the write fails. */
bool mkswap_write(int fd, uint64_t size_bytes, char *err, size_t errlen);

/* Whether fd already holds a swap signature, "SWAPSPACE2" or the old "SWAP-SPACE",
 * at the end of the first page for any page size from 4 to 64 KiB (where blkid looks). */
bool mkswap_signature(int fd, uint64_t size_bytes);

#endif
