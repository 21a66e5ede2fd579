/* time.h — picolibc's, with the clock ids and TIMER_ABSTIME of the Linux ABI. */
#ifndef _PAGODA_TIME_H
#define _PAGODA_TIME_H

#include_next <time.h>

#undef CLOCK_REALTIME
#undef CLOCK_MONOTONIC
#undef CLOCK_PROCESS_CPUTIME_ID
#undef CLOCK_THREAD_CPUTIME_ID
#undef CLOCK_MONOTONIC_RAW
#undef CLOCK_REALTIME_COARSE
#undef CLOCK_MONOTONIC_COARSE
#undef CLOCK_BOOTTIME
#undef TIMER_ABSTIME
#define CLOCK_REALTIME           ((clockid_t)0)
#define CLOCK_MONOTONIC          ((clockid_t)1)
#define CLOCK_PROCESS_CPUTIME_ID ((clockid_t)2)
#define CLOCK_THREAD_CPUTIME_ID  ((clockid_t)3)
#define CLOCK_MONOTONIC_RAW      ((clockid_t)4)
#define CLOCK_REALTIME_COARSE    ((clockid_t)5)
#define CLOCK_MONOTONIC_COARSE   ((clockid_t)6)
#define CLOCK_BOOTTIME           ((clockid_t)7)
#define TIMER_ABSTIME 1

int clock_gettime(clockid_t clock_id, struct timespec *tp);
int clock_getres(clockid_t clock_id, struct timespec *res);
int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *req,
                    struct timespec *rem);

#endif
