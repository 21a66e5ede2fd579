/* perf.c — the perf_event_open system call. */
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include "libc_internal.h"

int perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
                    unsigned long flags)
{
    return (int)__syscall_ret(__syscall5(SYS_perf_event_open, attr, pid, cpu, group_fd, flags));
}
