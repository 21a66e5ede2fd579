/* Machine time. `icount`: mtime advances with the instructions the machine retires,
 * all harts together (10 instructions per 100 ns tick, a nominal 100 MIPS shared by the
 * harts as one host thread runs them in turn), plus any idle time skipped while all
 * harts wait (at once, so runs are reproducible; on a terminal, the host time that
 * passed while they waited). `host`: mtime follows the host's monotonic
 * clock. */
#ifndef PAGODA_CLOCK_H
#define PAGODA_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define TIMEBASE_HZ 10000000ull
#define ICOUNT_INSNS_PER_TICK 10

struct clock {
    bool icount;
    uint64_t (*retired)(void *ctx);   /* instructions retired so far, for icount */
    void *retired_ctx;
    uint64_t offset;          /* ticks added by idle skips and mtime writes */
    uint64_t host_start_ns;
};

void clock_init(struct clock *c, bool icount, uint64_t (*retired)(void *ctx), void *ctx);
uint64_t clock_mtime(const struct clock *c);
void clock_set_mtime(struct clock *c, uint64_t mtime);
/* icount: jump forward to `mtime` (idle skip). host: no effect. */
void clock_skip_to(struct clock *c, uint64_t mtime);
uint64_t clock_host_ns(void);

#endif
