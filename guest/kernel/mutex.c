/* mutex.c — sleeping locks. A mutex has an owner and a wait queue; a task that finds
 * it owned queues up and sleeps until the owner's unlock wakes the first in line
 * (which then looks again: a newcomer may have taken it meanwhile). Taking a free
 * mutex and letting go of one nobody waits for are a compare-and-swap of the owner
 * word each, as Linux's fast paths; a waiter marks the word (MUTEX_WAITERS) under
 * the wait queue's lock before it sleeps, which sends the owner's unlock the slow way,
 * through that lock, to wake it. The killable form
 * gives up when SIGKILL arrives, so a task stuck behind a lock can still be killed.
 * Each task counts the mutexes it holds: returning to user mode with one held is a
 * kernel bug and panics (trap.c). */
#include "lock.h"
#include "proc.h"

void mutex_init(struct mutex *m, const char *name)
{
    wait_queue_init(&m->wait, name);
    m->owner = 0;
    m->name = name;
}

static bool owner_cmpxchg(struct mutex *m, uintptr_t *old, uintptr_t new)
{
    return __atomic_compare_exchange_n(&m->owner, old, new, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

/* The slow path of taking m: under wait.lock, take it if it is free, else queue up,
 * set MUTEX_WAITERS (so that the owner's unlock comes here to wake us) and sleep. A
 * task that takes it keeps the flag while others are still queued. */
static int lock_slow(struct mutex *m, bool killable)
{
    struct wait_entry w;
    wait_entry_init(&w);
    spin_lock(&m->wait.lock);
    for (;;) {
        uintptr_t old = __atomic_load_n(&m->owner, __ATOMIC_SEQ_CST);
        if (!(old & ~MUTEX_WAITERS)) {
            list_del(&w.link);
            uintptr_t mine = (uintptr_t)current |
                             (list_empty(&m->wait.waiters) ? 0 : MUTEX_WAITERS);
            if (owner_cmpxchg(m, &old, mine))
                break;
            continue;
        }
        if ((old & ~MUTEX_WAITERS) == (uintptr_t)current)
            panic("mutex_lock: %s already held by %d", m->name, current->pid);
        if (killable && fatal_signal_pending(current)) {
            list_del(&w.link);
            spin_unlock(&m->wait.lock);
            return -EINTR;
        }
        if (list_empty(&w.link))
            list_add_tail(&w.link, &m->wait.waiters);
        /* The flag goes in against the owner word as it was read: had the owner let go
         * meanwhile (its unlock saw no flag), the swap fails and we look again. */
        if (!(old & MUTEX_WAITERS) && !owner_cmpxchg(m, &old, old | MUTEX_WAITERS))
            continue;
        set_current_state(TASK_SLEEPING);
        spin_unlock(&m->wait.lock);
        schedule();
        spin_lock(&m->wait.lock);
    }
    current->mutexes_held++;
    spin_unlock(&m->wait.lock);
    return 0;
}

static int lock_common(struct mutex *m, bool killable)
{
    might_sleep(m->name);
    uintptr_t free = 0;
    if (owner_cmpxchg(m, &free, (uintptr_t)current)) {
        current->mutexes_held++;
        return 0;
    }
    return lock_slow(m, killable);
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
    uintptr_t old = __atomic_load_n(&m->owner, __ATOMIC_SEQ_CST);
    while (!(old & ~MUTEX_WAITERS))
        if (owner_cmpxchg(m, &old, (uintptr_t)current | old)) {
            current->mutexes_held++;
            return true;
        }
    return false;
}

/* Lets go of m. With MUTEX_WAITERS set, under wait.lock: the mutex is left free (the
 * flag kept while others are queued, so that no newcomer takes it by the fast path
 * ahead of them unnoticed) and the first in line is woken to take it. */
void mutex_unlock(struct mutex *m)
{
    uintptr_t mine = (uintptr_t)current;
    if (owner_cmpxchg(m, &mine, 0)) {
        current->mutexes_held--;
        return;
    }
    spin_lock(&m->wait.lock);
    uintptr_t old = __atomic_load_n(&m->owner, __ATOMIC_SEQ_CST);
    if ((old & ~MUTEX_WAITERS) != (uintptr_t)current)
        panic("mutex_unlock: %s not held by %d", m->name, current->pid);
    current->mutexes_held--;
    bool waiters = !list_empty(&m->wait.waiters);
    __atomic_store_n(&m->owner, waiters ? MUTEX_WAITERS : 0, __ATOMIC_SEQ_CST);
    if (waiters)
        wake_task(list_entry(m->wait.waiters.next, struct wait_entry, link)->task);
    spin_unlock(&m->wait.lock);
}

bool mutex_is_held(const struct mutex *m)
{
    return (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) & ~MUTEX_WAITERS) == (uintptr_t)current;
}
