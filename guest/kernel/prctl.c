/* prctl.c — process control, the few prctl(2) options Pagoda has: a thread's name
 * (PR_SET_NAME, PR_GET_NAME) and names for anonymous memory (PR_SET_VMA with
 * PR_SET_VMA_ANON_NAME, Linux 5.17), shown as "[anon:NAME]" in /proc/PID/maps. A
 * garbage collector names its spaces this way (under the address space's lock, as the
 * other VMA changes). Other options: -EINVAL, as Linux says of an option it does not
 * know. */
#include "kernel.h"
#include "mm.h"
#include "proc.h"
#include "syscall.h"
#include "trace.h"

#define PR_SET_NAME           15
#define PR_GET_NAME           16
#define PR_SET_VMA            0x53564d41
#define PR_SET_VMA_ANON_NAME  0
#define ANON_VMA_NAME_MAX     80          /* bytes with the NUL (Linux's limit) */

/* Linux refuses names with unprintable characters and these, which would make
 * /proc/PID/maps ambiguous. */
static bool valid_anon_name(const char *s)
{
    for (; *s; s++)
        if (*s < 0x20 || *s > 0x7e || *s == '\\' || *s == '`' || *s == '$' || *s == '[' ||
            *s == ']')
            return false;
    return true;
}

static long set_vma_anon_name(uint64_t start, uint64_t len, uint64_t uname)
{
    char name[ANON_VMA_NAME_MAX];
    if (uname) {
        long n = strncpy_from_user(name, uname, sizeof name);
        if (n == -ENAMETOOLONG)
            return -EINVAL;
        if (n < 0)
            return n;
        if (!valid_anon_name(name))
            return -EINVAL;
    }
    struct mm *mm = current->mm;
    if (mutex_lock_killable(&mm->lock))
        return -EINTR;
    long r = do_set_anon_name(mm, start, len, uname ? name : NULL);
    mutex_unlock(&mm->lock);
    return r;
}

long sys_prctl(void)
{
    switch (arg(0)) {
    case PR_SET_NAME: {
        char name[sizeof current->comm];
        long n = strncpy_from_user(name, arg(1), sizeof name);
        if (n == -EFAULT)
            return n;
        name[sizeof name - 1] = 0;          /* Linux truncates to 15 bytes */
        memcpy(current->comm, name, sizeof name);
        trace_process(current);
        return 0;
    }
    case PR_GET_NAME:
        return copy_to_user(arg(1), current->comm, sizeof current->comm) < 0 ? -EFAULT : 0;
    case PR_SET_VMA:
        if (arg(1) != PR_SET_VMA_ANON_NAME)
            return -EINVAL;
        return set_vma_anon_name(arg(2), arg(3), arg(4));
    default:
        return -EINVAL;
    }
}
