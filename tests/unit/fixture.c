/* The hart fixture shared by the CSR, trap and CLINT tests. */
#include <stdlib.h>

#include "bus.h"
#include "hart.h"
#include "mmu.h"
#include "unit.h"

struct hart *test_hart_new(void)
{
    struct bus *bus = calloc(1, sizeof *bus);
    struct hart *h = calloc(1, sizeof *h);
    ck_assert(bus && h);
    ck_assert_msg(bus_init(bus, TEST_RAM_BASE, TEST_RAM_SIZE), "bus_init failed");
    hart_init(h, bus, 0);
    return h;
}

void test_hart_free(struct hart *h)
{
    struct bus *bus = h->bus;
    mmu_free(&h->mmu);
    bus_free(bus);
    free(bus);
    free(h);
}
