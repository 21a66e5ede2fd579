/* SiFive test finisher (QEMU virt's "sifive,test0"): a 32-bit write powers off
 * (0x5555), reboots (0x7777) or fails with a code ((code << 16) | 0x3333). */
#ifndef PAGODA_FINISHER_H
#define PAGODA_FINISHER_H

#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"

#define FINISHER_BASE 0x100000ull
#define FINISHER_SIZE 0x1000ull

enum finisher_request { FIN_NONE, FIN_POWEROFF, FIN_REBOOT };

struct finisher {
    struct bus *bus;
    enum finisher_request request;
    int exit_code;
};

void finisher_init(struct finisher *f, struct bus *bus);

#endif
