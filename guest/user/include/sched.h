/* sched.h — picolibc's, plus sched_yield (which it declares only with threads). */
#ifndef _PAGODA_SCHED_H
#define _PAGODA_SCHED_H

#include_next <sched.h>

int sched_yield(void);

#endif
