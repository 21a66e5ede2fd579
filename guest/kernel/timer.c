/* timer.c — the scheduler tick (HZ per second on each hart, programmed through SBI
 * set_timer, which sets the calling hart's timer) and the clocks: uptime from the
 * `time` CSR, wall time from the goldfish RTC if the machine has one (otherwise the
 * epoch plus uptime). Hart 0 keeps `ticks` and wakes the sleepers; another hart's
 * tick only accounts and preempts, so an idle one stops it (until it runs a task). */
#include "kernel.h"
#include "riscv.h"
#include "timer.h"
#include "proc.h"

volatile uint64_t ticks;
static uint64_t tb_hz = 10000000;
static uint64_t boot_time;        /* `time` at boot */
static uint64_t boot_realtime_ns; /* wall clock at boot */

uint64_t timebase_hz(void)
{
    return tb_hz;
}

static void arm_next_tick(void)
{
    sbi_set_timer(rdtime() + tb_hz / HZ);
}

static uint64_t read_rtc_ns(uint64_t rtc_pa)
{
    volatile uint32_t *rtc = P2V(rtc_pa);
    uint64_t lo = rtc[0];              /* reading TIME_LOW latches TIME_HIGH */
    uint64_t hi = rtc[1];
    return hi << 32 | lo;
}

void timer_init(uint64_t hz, uint64_t rtc_pa)
{
    if (hz)
        tb_hz = hz;
    boot_time = rdtime();
    if (rtc_pa)
        boot_realtime_ns = read_rtc_ns(rtc_pa);
    arm_next_tick();
}

/* Another hart's tick starts once it has a task to run (timer_run). */
void timer_init_hart(void)
{
    mycpu()->tick_stopped = true;
    sbi_set_timer(UINT64_MAX);
}

/* The scheduler is about to run a task on this hart: the tick must be going. */
void timer_run(void)
{
    struct cpu *c = mycpu();
    if (c->tick_stopped) {
        c->tick_stopped = false;
        arm_next_tick();
    }
}

/* 128-bit-free conversion: split into whole seconds and the rest. */
static uint64_t cycles_to_ns(uint64_t c)
{
    return c / tb_hz * 1000000000ULL + c % tb_hz * 1000000000ULL / tb_hz;
}

uint64_t uptime_ns(void)
{
    return cycles_to_ns(rdtime() - boot_time);
}

uint64_t realtime_ns(void)
{
    return boot_realtime_ns + uptime_ns();
}

uint64_t ns_to_ticks(uint64_t ns)
{
    return ns / (1000000000ULL / HZ);
}

/* The timer interrupt: on hart 0 count the tick and wake sleepers; rearm, unless this
 * is another hart with nothing to run. */
void timer_tick(void)
{
    struct cpu *c = mycpu();
    if (c->id != 0 && current->is_idle) {
        c->tick_stopped = true;
        sbi_set_timer(UINT64_MAX);
        return;
    }
    arm_next_tick();
    if (c->id == 0) {
        ticks++;
        wakeup((void *)&ticks);
    }
}
