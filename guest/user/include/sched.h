/* sched.h — picolibc's, plus sched_yield (which it declares only with threads) and
 * glibc's sched_getcpu (the hart the caller runs on, through getcpu). */
#ifndef _PAGODA_SCHED_H
#define _PAGODA_SCHED_H

#include_next <sched.h>

int sched_yield(void);
int sched_getcpu(void);

#endif
