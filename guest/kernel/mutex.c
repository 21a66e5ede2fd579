/* mutex.c — sleeping locks. A mutex has an owner and a wait queue; a task that finds
 * it owned queues up and sleeps until the owner's unlock wakes the first in line
 * (which then looks again: a newcomer may have taken it meanwhile). The killable form
 * gives up when SIGKILL arrives, so a task stuck behind a lock can still be killed.
 * Each task counts the mutexes it holds: returning to user mode with one held is a
 * kernel bug and panics (trap.c). */
#include "lock.h"
#include "proc.h"

void mutex_init(struct mutex *m, const char *name)
{
    wait_queue_init(&m->wait, name);
    m->owner = NULL;
    m->name = name;
}

static int lock_common(struct mutex *m, bool killable)
{
    might_sleep(m->name);
    struct wait_entry w;
    wait_entry_init(&w);
    spin_lock(&m->wait.lock);
    while (m->owner) {
        if (m->owner == current)
            panic("mutex_lock: %s already held by %d", m->name, current->pid);
        if (killable && fatal_signal_pending(current)) {
            list_del(&w.link);
            spin_unlock(&m->wait.lock);
            return -EINTR;
        }
        if (list_empty(&w.link))
            list_add_tail(&w.link, &m->wait.waiters);
        set_current_state(TASK_SLEEPING);
        spin_unlock(&m->wait.lock);
        schedule();
        spin_lock(&m->wait.lock);
    }
    list_del(&w.link);
    m->owner = current;
    current->mutexes_held++;
    spin_unlock(&m->wait.lock);
    return 0;
}

void mutex_lock(struct mutex *m)
{
    lock_common(m, false);
}

int mutex_lock_killable(struct mutex *m)
{
    return lock_common(m, true);
}

bool mutex_trylock(struct mutex *m)
{
    spin_lock(&m->wait.lock);
    bool got = m->owner == NULL;
    if (got) {
        m->owner = current;
        current->mutexes_held++;
    }
    spin_unlock(&m->wait.lock);
    return got;
}

void mutex_unlock(struct mutex *m)
{
    spin_lock(&m->wait.lock);
    if (m->owner != current)
        panic("mutex_unlock: %s not held by %d", m->name, current->pid);
    m->owner = NULL;
    current->mutexes_held--;
    if (!list_empty(&m->wait.waiters))
        wake_task(list_entry(m->wait.waiters.next, struct wait_entry, link)->task);
    spin_unlock(&m->wait.lock);
}

bool mutex_is_held(const struct mutex *m)
{
    return m->owner == current;
}
