/* HTIF, the host-target interface of Spike: the program writes commands to its
 * `tohost` symbol and reads replies from `fromhost`. Served: exit (device 0, payload
 * with bit 0 set), the syscall proxy's write and exit (device 0, payload = address of
 * an 8-doubleword argument block), and the console (device 1: putchar, getchar). */
#ifndef PAGODA_HTIF_H
#define PAGODA_HTIF_H

#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"

struct htif {
    struct bus *bus;
    uint64_t tohost, fromhost;        /* physical addresses of the symbols */
    bool exited;
    int exit_code;
    void (*putc)(void *ctx, uint8_t c);
    void *putc_ctx;
    int (*getc)(void *ctx);           /* -1 when no input is available */
    void *getc_ctx;
    int pending_getc;                 /* a console read waiting for input */
};

/* Watches stores to tohost from now on. */
void htif_init(struct htif *t, struct bus *bus, uint64_t tohost, uint64_t fromhost);
/* Serves a command left in tohost (called on stores to it and periodically). */
void htif_poll(struct htif *t);

#endif
