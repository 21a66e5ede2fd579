/* time.c — clocks and sleeping over clock_gettime, gettimeofday, nanosleep, times. */
#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "libc_internal.h"

int clock_gettime(clockid_t clk, struct timespec *ts)
{
    return (int)__syscall_ret(__syscall2(SYS_clock_gettime, clk, ts));
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    (void)tz;
    return (int)__syscall_ret(__syscall2(SYS_gettimeofday, tv, 0));
}

time_t time(time_t *t)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (t)
        *t = ts.tv_sec;
    return ts.tv_sec;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    return (int)__syscall_ret(__syscall2(SYS_nanosleep, req, rem));
}

unsigned sleep(unsigned seconds)
{
    struct timespec req = { seconds, 0 }, rem = { 0, 0 };
    if (nanosleep(&req, &rem) < 0 && errno == EINTR)
        return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
    return 0;
}

int usleep(useconds_t usec)
{
    struct timespec req = { usec / 1000000, (long)(usec % 1000000) * 1000 };
    return nanosleep(&req, NULL);
}

/* Linux riscv64 has no pause system call; sleep until a signal handler runs. */
int pause(void)
{
    struct timespec t = { 1000000, 0 };
    while (nanosleep(&t, &t) == 0)
        t.tv_sec = 1000000;
    return -1;
}

clock_t times(struct tms *buf)
{
    return (clock_t)__syscall_ret(__syscall1(SYS_times, buf));
}

clock_t clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (clock_t)(ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / (1000000000 / CLOCKS_PER_SEC));
}
