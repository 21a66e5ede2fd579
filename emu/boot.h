/* Boot images: loads the firmware and kernel (or the bare program) where their files
 * say, places the device tree and the initrd clear of them (emu/place.c), writes the
 * device tree (and --dump-dtb), the reset ROM, and HTIF when the program has
 * tohost/fromhost. */
#ifndef PAGODA_BOOT_H
#define PAGODA_BOOT_H

#include <stdbool.h>

struct machine;

/* On failure prints one line naming the problem to stderr and returns false. */
bool boot_load_images(struct machine *m);

#endif
