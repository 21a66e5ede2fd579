/* oom_kill.c — the out-of-memory killer. When RAM and swap are both exhausted and
 * reclaim frees nothing, the process with the largest footprint (resident pages, swap
 * entries, page tables, as Linux's oom_badness counts them) is sent SIGKILL with a
 * message; init and kernel threads are never chosen. Until that victim has exited,
 * others needing memory wait for it rather than killing more. */
#include "mm.h"
#include "proc.h"
#include "swap.h"
#include "timer.h"
#include "trace.h"

static pid_t oom_victim;

static uint64_t oom_badness(const struct mm *mm)
{
    return mm_rss(mm) + mm->rss[MM_SWAPENTS] + mm->nr_ptes;
}

static struct task *select_bad_process(void)
{
    struct task *chosen = NULL;
    uint64_t worst = 0;
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *t = task_table[i];
        if (!t || !t->mm || t->mm->owner != t || t->tgid == 1 || t->state == TASK_ZOMBIE)
            continue;
        uint64_t points = oom_badness(t->mm);
        if (points > worst) {
            worst = points;
            chosen = t;
        }
    }
    return chosen;
}

/* Kills a victim. True if the caller should retry its allocation (after the victim
 * has had a chance to exit), false if the caller itself is the victim. */
bool out_of_memory(void)
{
    spin_lock(&sched_lock);                  /* the table, and one choice at a time */
    struct task *v = oom_victim ? find_task(oom_victim) : NULL;
    if (!v || v->state == TASK_ZOMBIE || !v->mm) {
        if (!(v = select_bad_process())) {
            spin_unlock(&sched_lock);
            return false;
        }
        struct mm *mm = v->mm;
        printk("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
               "file-rss:%lukB, shmem-rss:%lukB, swap:%lukB\n", v->pid, v->comm,
               mm->total_vm * 4, mm->rss[MM_ANONPAGES] * 4, mm->rss[MM_FILEPAGES] * 4,
               mm->rss[MM_SHMEMPAGES] * 4, mm->rss[MM_SWAPENTS] * 4);
        cpu_events()->oom_kill++;
        trace_oom_kill(v->pid, mm_rss(mm));
        send_signal_process_locked(v, SIGKILL);
        oom_victim = v->pid;
    }
    bool self = v == current;
    spin_unlock(&sched_lock);
    if (self)
        return false;
    sleep_on((void *)&ticks);                /* a tick, for the victim to run to its exit */
    return true;
}
