/* Machine time sources (see clock.h). */
#include "clock.h"

#include <time.h>

uint64_t clock_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void clock_init(struct clock *c, bool icount, uint64_t (*retired)(void *ctx), void *ctx)
{
    c->icount = icount;
    c->retired = retired;
    c->retired_ctx = ctx;
    c->offset = 0;
    c->host_start_ns = clock_host_ns();
}

static uint64_t raw_ticks(const struct clock *c)
{
    if (c->icount)
        return c->retired(c->retired_ctx) / ICOUNT_INSNS_PER_TICK;
    return (clock_host_ns() - c->host_start_ns) / (1000000000ull / TIMEBASE_HZ);
}

uint64_t clock_mtime(const struct clock *c)
{
    return raw_ticks(c) + c->offset;
}

void clock_set_mtime(struct clock *c, uint64_t mtime)
{
    c->offset = mtime - raw_ticks(c);
}

void clock_skip_to(struct clock *c, uint64_t mtime)
{
    if (c->icount && mtime > clock_mtime(c))
        c->offset = mtime - raw_ticks(c);
}
