/* Test finisher: records the request and halts the harts after the storing
 * instruction; the machine acts on it then. */
#include "finisher.h"

#include "../irq.h"

static bool fin_read(void *opaque, uint64_t off, int size, uint64_t *val)
{
    (void)opaque; (void)off; (void)size;
    *val = 0;
    return true;
}

static bool fin_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    struct finisher *f = opaque;
    /* QEMU's sifive_test takes 2- and 4-byte writes at offset 0 (OpenSBI uses sh). */
    if (off != 0 || size < 2)
        return true;
    if (size == 2)
        val &= 0xffff;
    switch (val & 0xffff) {
    case 0x5555: f->request = FIN_POWEROFF; f->exit_code = 0; break;
    case 0x3333: f->request = FIN_POWEROFF; f->exit_code = (int)((val >> 16) & 0xffff); break;
    case 0x7777: f->request = FIN_REBOOT; break;
    default: return true;
    }
    /* It takes effect at the store: the store retires and nothing after it. */
    for (int i = 0; i < f->bus->nharts; i++)
        hart_halt(f->bus->harts[i]);
    return true;
}

void finisher_init(struct finisher *f, struct bus *bus)
{
    f->bus = bus;
    f->request = FIN_NONE;
    f->exit_code = 0;
    bus_add_dev(bus, &(struct mmio_dev){ .name = "finisher", .base = FINISHER_BASE,
        .size = FINISHER_SIZE, .opaque = f, .read = fin_read, .write = fin_write });
}
