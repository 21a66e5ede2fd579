/* perf_event.h — perf_event_open(2) for counting (perf_event.c): the hooks the
 * scheduler, fork, exec and exit call so that an event counts only while its task runs
 * and follows it across fork. */
#ifndef PERF_EVENT_H
#define PERF_EVENT_H

#include "types.h"

struct task;

long sys_perf_event_open(void);

/* The scheduler: t is about to run / has just stopped running. */
void perf_event_sched_in(struct task *t);
void perf_event_sched_out(struct task *t);
/* fork and clone: the current task's inherited events get copies on child (a thread
 * if thread: inherit_thread events go to threads only); -ENOMEM if they cannot
 * (child then has none). */
int perf_event_fork(struct task *child, bool thread);
/* execve (point of no return): enable_on_exec events start. */
void perf_event_exec(struct task *t);
/* exit: an inherited event adds its count into the event it came from; an event of
 * the task's own stays readable through its file descriptor. */
void perf_event_exit_task(struct task *t);

#endif
