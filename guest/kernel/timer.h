/* timer.h — the tick, uptime and the clocks. */
#ifndef TIMER_H
#define TIMER_H

#include "types.h"

extern volatile uint64_t ticks;

void timer_init(uint64_t timebase_hz, uint64_t rtc_pa);
void timer_tick(void);
void timer_init_hart(void);
void timer_run(void);
uint64_t uptime_ns(void);
uint64_t realtime_ns(void);
uint64_t ns_to_ticks(uint64_t ns);
uint64_t timebase_hz(void);

#endif
