/* HTIF command handling (see htif.h). */
#include "htif.h"

#include <stdio.h>
#include <unistd.h>

#include "../irq.h"

enum { SYS_write = 64, SYS_exit = 93, SYS_exit_group = 94 };

static void halt_all(struct htif *t, int code)
{
    t->exited = true;
    t->exit_code = code;
    for (int i = 0; i < t->bus->nharts; i++)
        hart_halt(t->bus->harts[i]);
}

static void reply(struct htif *t, uint64_t dev, uint64_t cmd, uint64_t payload)
{
    uint64_t v = (dev << 56) | (cmd << 48) | (payload & 0xffffffffffffull);
    bus_write(t->bus, t->fromhost, 8, v);
}

/* The riscv-tests syscall proxy: magic_mem = { number, arg0, arg1, arg2, ... }. */
static void proxy_syscall(struct htif *t, uint64_t addr)
{
    uint64_t m[8];
    if (!bus_copy_out(t->bus, addr, m, sizeof m)) {
        fprintf(stderr, "pagoda: htif: syscall block at 0x%llx is outside RAM\n",
                (unsigned long long)addr);
        halt_all(t, 1);
        return;
    }
    int64_t ret;
    switch (m[0]) {
    case SYS_write: {
        uint64_t fd = m[1], buf = m[2], len = m[3];
        ret = (int64_t)len;
        for (uint64_t i = 0; i < len; i++) {
            uint8_t c;
            if (!bus_copy_out(t->bus, buf + i, &c, 1)) {
                ret = -14;      /* EFAULT */
                break;
            }
            if (fd == 1 && t->putc)
                t->putc(t->putc_ctx, c);
            else if (fd == 2)
                fputc(c, stderr);
            else if (fd != 1)
                { ret = -9; break; }   /* EBADF */
        }
        break;
    }
    case SYS_exit: case SYS_exit_group:
        halt_all(t, (int)(m[1] & 0xff));
        return;
    default:
        ret = -38;              /* ENOSYS */
        break;
    }
    m[0] = (uint64_t)ret;
    bus_copy_in(t->bus, addr, m, 8);
    reply(t, 0, 0, 1);
}

void htif_poll(struct htif *t)
{
    uint64_t v;
    if (t->exited || !bus_read(t->bus, t->tohost, 8, &v))
        return;
    if (t->pending_getc && t->getc) {
        int c = t->getc(t->getc_ctx);
        if (c >= 0) {
            t->pending_getc = 0;
            reply(t, 1, 0, (uint64_t)(c & 0xff));
        }
    }
    if (v == 0)
        return;
    uint64_t dev = v >> 56, cmd = (v >> 48) & 0xff, payload = v & 0xffffffffffffull;
    /* Clear tohost first: the program may write the next command at once. */
    uint64_t zero = 0;
    bus_copy_in(t->bus, t->tohost, &zero, 8);
    if (dev == 0 && cmd == 0) {
        if (payload & 1)
            halt_all(t, (int)(payload >> 1));
        else
            proxy_syscall(t, payload);
    } else if (dev == 1 && cmd == 1) {
        if (t->putc)
            t->putc(t->putc_ctx, (uint8_t)payload);
        reply(t, 1, 1, 0);
    } else if (dev == 1 && cmd == 0) {
        t->pending_getc = 1;
    }
}

static void on_store(void *ctx)
{
    htif_poll(ctx);
}

void htif_init(struct htif *t, struct bus *bus, uint64_t tohost, uint64_t fromhost)
{
    t->bus = bus;
    t->tohost = tohost;
    t->fromhost = fromhost;
    t->exited = false;
    t->exit_code = 0;
    t->pending_getc = 0;
    bus->watch_pa = tohost;
    bus->watch_len = 8;
    bus->watch_fn = on_store;
    bus->watch_ctx = t;
}
