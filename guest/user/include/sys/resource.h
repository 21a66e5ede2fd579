/* sys/resource.h — Linux's struct rusage, as wait4 fills it. */
#ifndef _PAGODA_SYS_RESOURCE_H
#define _PAGODA_SYS_RESOURCE_H

#include <sys/time.h>

#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN  (-1)

struct rusage {
    struct timeval ru_utime;     /* user time */
    struct timeval ru_stime;     /* system time */
    long ru_maxrss;              /* peak resident set, KiB */
    long ru_ixrss, ru_idrss, ru_isrss;
    long ru_minflt;              /* page faults served without I/O */
    long ru_majflt;              /* page faults that read from disk (swap) */
    long ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals;
    long ru_nvcsw;               /* voluntary context switches */
    long ru_nivcsw;              /* involuntary context switches */
};

#endif
