/* sys_proc.c — system calls about processes, process groups, time and the machine. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "swap.h"
#include "syscall.h"
#include "timer.h"


struct timespec {
    int64_t tv_sec, tv_nsec;
};

/* clone(flags, newsp, parent_tid, tls, child_tid). A thread: CLONE_VM with
 * CLONE_THREAD and CLONE_SIGHAND (as glibc's and musl's pthread_create ask, with
 * CLONE_FS, CLONE_FILES, CLONE_SETTLS and the TID words). Without CLONE_VM, a new
 * process (CLONE_VFORK runs as fork; CLONE_VM with it shares nothing). Other
 * combinations (CLONE_VM without a thread, CLONE_SIGHAND without CLONE_VM, a new
 * process sharing files) are refused with EINVAL, as are Linux's invalid ones. */
long sys_clone(void)
{
    uint64_t flags = arg(0), newsp = arg(1), ptid = arg(2), tls = arg(3), ctid = arg(4);
    bool thread = flags & CLONE_THREAD;
    if ((thread && !(flags & CLONE_SIGHAND)) || ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)))
        return -EINVAL;                    /* Linux's rules */
    if (thread ? (flags & CLONE_VFORK) != 0
               : ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM ||
                  (flags & (CLONE_FILES | CLONE_FS | CLONE_SIGHAND | CLONE_PARENT))))
        return -EINVAL;                    /* what this kernel does not share */
    long pid = thread ? do_clone_thread(flags, newsp, tls) : do_fork();
    if (pid < 0)
        return pid;
    struct task *child = find_task((pid_t)pid);
    if (newsp && !(flags & CLONE_VM))
        child->tf->sp = newsp;
    if (!thread && (flags & CLONE_SETTLS))
        child->tf->tp = tls;
    int ipid = (int)pid;
    if (flags & CLONE_PARENT_SETTID)
        copy_to_user(ptid, &ipid, sizeof ipid);
    if (flags & CLONE_CHILD_SETTID)
        copy_to_mm(child->mm, ctid, &ipid, sizeof ipid);
    if (flags & CLONE_CHILD_CLEARTID)
        child->clear_child_tid = ctid;
    wake_up_new_task(child);
    return pid;
}

long sys_exit(void)
{
    do_exit_thread((arg_int(0) & 0xff) << 8);
}

long sys_exit_group(void)
{
    do_exit((arg_int(0) & 0xff) << 8);
}

long sys_wait4(void)
{
    if (arg_int(2) & ~(1 | 2 | 8 | 0x40000000 | 0x80000000))   /* WNOHANG WUNTRACED WCONTINUED __WALL __WCLONE */
        return -EINVAL;
    return do_wait4(arg_int(0), arg(1), arg_int(2), arg(3));
}

long sys_getpid(void)
{
    return current->tgid;
}

long sys_gettid(void)
{
    return current->pid;
}

long sys_getppid(void)
{
    return current->parent ? current->parent->tgid : 0;
}

long sys_getuid(void)
{
    return 0;
}

/* The word to zero and wake (futex) when this thread exits; returns the thread id. */
long sys_set_tid_address(void)
{
    current->clear_child_tid = arg(0);
    return current->pid;
}

/* setpgid(pid, pgid): ourselves or one of our children; 0 means "the pid". */
long sys_setpgid(void)
{
    pid_t pid = arg_int(0), pgid = arg_int(1);
    if (pgid < 0)
        return -EINVAL;
    pid_t target = pid ? pid : current->pid;
    pid_t to = pgid ? pgid : target;
    pid_t to_sid = pgrp_session(to);
    spin_lock(&sched_lock);
    struct task *t = find_task(target);
    long err = 0;
    if (!t || (t != current && t->parent != current->group_leader))
        err = -ESRCH;
    else if (t->pid == t->sid)
        err = -EPERM;                     /* a session leader keeps its group */
    else if (to != t->pid && to_sid != t->sid)
        err = -EPERM;                     /* only a group of the same session */
    else
        t->pgid = to;
    spin_unlock(&sched_lock);
    return err;
}

long sys_getpgid(void)
{
    pid_t pid = arg_int(0);
    spin_lock(&sched_lock);
    struct task *t = pid ? find_task(pid) : current;
    long r = t ? t->pgid : -ESRCH;
    spin_unlock(&sched_lock);
    return r;
}

long sys_getsid(void)
{
    pid_t pid = arg_int(0);
    spin_lock(&sched_lock);
    struct task *t = pid ? find_task(pid) : current;
    long r = t ? t->sid : -ESRCH;
    spin_unlock(&sched_lock);
    return r;
}

long sys_setsid(void)
{
    long r;
    spin_lock(&sched_lock);
    bool group_used = false;
    for (int i = 0; i < nr_task_slots; i++)
        if (task_table[i] && task_table[i]->pgid == current->pid && task_table[i] != current)
            group_used = true;
    if (group_used || (current->pgid == current->pid && current->pid != 1)) {
        r = -EPERM;
    } else {
        current->sid = current->pgid = current->pid;
        r = current->sid;
    }
    spin_unlock(&sched_lock);
    return r;
}

/* sched_setaffinity(pid, len, mask): the harts a thread (0: the caller) may run on;
 * EINVAL if the mask names none that is online. Only the first 64 harts exist. */
long sys_sched_setaffinity(void)
{
    pid_t pid = arg_int(0);
    uint64_t len = arg(1), mask = 0;
    if (copy_from_user(&mask, arg(2), MIN(len, sizeof mask)) < 0)
        return -EFAULT;
    spin_lock(&sched_lock);
    struct task *t = pid ? find_task(pid) : current;
    long err = 0;
    if (!t || t->state == TASK_ZOMBIE)
        err = -ESRCH;
    else if (!(mask & cpu_online_mask))
        err = -EINVAL;
    else
        t->cpus_allowed = mask;
    /* A task running on a hart it may no longer use leaves it at once, as Linux
     * migrates it: the caller by yielding, another by an IPI to its hart. */
    if (!err && t != current && t->state == TASK_RUNNING && t->on_cpu &&
        !cpumask_test(mask, t->cpu->id))
        smp_send_ipi(1UL << t->cpu->id, IPI_RESCHED);
    spin_unlock(&sched_lock);
    if (!err && t == current && !(mask & (1UL << cpuid())))
        yield();
    return err;
}

/* sched_getaffinity: the mask, as many bytes as the kernel's cpumask (8); EINVAL for a
 * buffer smaller than that or not a multiple of a long, as Linux. */
long sys_sched_getaffinity(void)
{
    pid_t pid = arg_int(0);
    uint64_t len = arg(1);
    spin_lock(&sched_lock);
    struct task *t = pid ? find_task(pid) : current;
    bool found = t && t->state != TASK_ZOMBIE;
    uint64_t mask = found ? t->cpus_allowed & cpu_online_mask : 0;
    spin_unlock(&sched_lock);
    if (!found)
        return -ESRCH;
    if (len < sizeof(uint64_t) || (len & (sizeof(long) - 1)))
        return -EINVAL;
    if (copy_to_user(arg(2), &mask, sizeof mask) < 0)
        return -EFAULT;
    return sizeof mask;
}

long sys_sched_yield(void)
{
    yield();
    return 0;
}

/* getcpu(cpu, node, cache): the hart the caller runs on (the kernel's number, as
 * sched_setaffinity's masks use) and NUMA node 0; either pointer may be NULL. */
long sys_getcpu(void)
{
    uint32_t cpu = (uint32_t)cpuid(), node = 0;
    if (arg(0) && copy_to_user(arg(0), &cpu, sizeof cpu) < 0)
        return -EFAULT;
    if (arg(1) && copy_to_user(arg(1), &node, sizeof node) < 0)
        return -EFAULT;
    return 0;
}

/* Sleeps until uptime reaches deadline_ns; -EINTR (with the rest in urem) on a signal. */
static long sleep_until(uint64_t deadline_ns, uint64_t urem)
{
    for (;;) {
        uint64_t now = uptime_ns();
        if (now >= deadline_ns)
            return 0;
        if (signal_pending(current)) {
            uint64_t left = deadline_ns - now;
            struct timespec rem = { (int64_t)(left / 1000000000), (int64_t)(left % 1000000000) };
            if (urem && copy_to_user(urem, &rem, sizeof rem) < 0)
                return -EFAULT;
            return -EINTR;
        }
        sleep_on((void *)&ticks);
    }
}

/* Reads a struct timespec and gives it in nanoseconds, clamped as Linux clamps it (to
 * KTIME_MAX, some 292 years): a huge tv_sec means "for ever", not a wrap to the past. */
static int read_timespec(uint64_t uts, uint64_t *ns)
{
    struct timespec ts;
    if (copy_from_user(&ts, uts, sizeof ts) < 0)
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -EINVAL;
    const int64_t ktime_max = INT64_MAX;
    if (ts.tv_sec >= ktime_max / 1000000000)
        *ns = (uint64_t)ktime_max;
    else
        *ns = (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
    return 0;
}

/* now + ns, without wrapping around. */
static uint64_t deadline_after(uint64_t ns)
{
    uint64_t now = uptime_ns();
    return ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}

long sys_nanosleep(void)
{
    uint64_t ns;
    int err = read_timespec(arg(0), &ns);
    if (err)
        return err;
    return sleep_until(deadline_after(ns), arg(1));
}

#define CLOCK_REALTIME 0
#define TIMER_ABSTIME 1

long sys_clock_nanosleep(void)
{
    int clock = arg_int(0), flags = arg_int(1);
    uint64_t ns;
    int err = read_timespec(arg(2), &ns);
    if (err)
        return err;
    if (flags & TIMER_ABSTIME) {
        uint64_t now = clock == CLOCK_REALTIME ? realtime_ns() : uptime_ns();
        return sleep_until(deadline_after(ns > now ? ns - now : 0), 0);
    }
    return sleep_until(deadline_after(ns), arg(3));
}

static uint64_t task_cpu_ns(struct task *t)
{
    return (t->utime + t->stime) * (1000000000ULL / HZ);
}

long sys_clock_gettime(void)
{
    uint64_t ns;
    switch (arg_int(0)) {
    case 0:                 /* CLOCK_REALTIME */
    case 5:                 /* CLOCK_REALTIME_COARSE */
        ns = realtime_ns();
        break;
    case 1:                 /* CLOCK_MONOTONIC */
    case 4:                 /* CLOCK_MONOTONIC_RAW */
    case 6:                 /* CLOCK_MONOTONIC_COARSE */
    case 7:                 /* CLOCK_BOOTTIME */
        ns = uptime_ns();
        break;
    case 2:                 /* CLOCK_PROCESS_CPUTIME_ID */
    case 3:                 /* CLOCK_THREAD_CPUTIME_ID */
        ns = task_cpu_ns(current);
        break;
    default:
        return -EINVAL;
    }
    struct timespec ts = { (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000) };
    return copy_to_user(arg(1), &ts, sizeof ts);
}

long sys_gettimeofday(void)
{
    uint64_t ns = realtime_ns();
    int64_t tv[2] = { (int64_t)(ns / 1000000000), (int64_t)(ns % 1000000000 / 1000) };
    if (arg(0) && copy_to_user(arg(0), tv, sizeof tv) < 0)
        return -EFAULT;
    return 0;
}

/* times: CPU time in clock ticks (USER_HZ = HZ = 100); returns ticks since boot. */
long sys_times(void)
{
    int64_t tms[4] = { (int64_t)current->utime, (int64_t)current->stime,
                       (int64_t)current->cutime, (int64_t)current->cstime };
    if (arg(0) && copy_to_user(arg(0), tms, sizeof tms) < 0)
        return -EFAULT;
    return (long)ticks;
}

long sys_uname(void)
{
    struct {
        char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
    } u;
    memset(&u, 0, sizeof u);
    strlcpy(u.sysname, "Pagoda", sizeof u.sysname);
    strlcpy(u.nodename, "pagoda", sizeof u.nodename);
    strlcpy(u.release, "0.1", sizeof u.release);
    strlcpy(u.version, "#1 " __DATE__, sizeof u.version);
    strlcpy(u.machine, "riscv64", sizeof u.machine);
    strlcpy(u.domainname, "(none)", sizeof u.domainname);
    return copy_to_user(arg(0), &u, sizeof u);
}

long sys_sysinfo(void)
{
    struct {
        int64_t uptime;
        uint64_t loads[3];
        uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
        uint16_t procs, pad;
        uint32_t pad2;
        uint64_t totalhigh, freehigh;
        uint32_t mem_unit;
        char f[4];
    } si;
    memset(&si, 0, sizeof si);
    si.uptime = (int64_t)(uptime_ns() / 1000000000);
    si.totalram = nr_total_pages() - nr_owned_pages(OWNER_KERNEL);
    si.freeram = nr_free_pages();
    si.totalswap = total_swap_pages();
    si.freeswap = nr_swap_pages();
    si.procs = (uint16_t)nr_tasks();
    si.mem_unit = PAGE_SIZE;
    return copy_to_user(arg(0), &si, sizeof si);
}

#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_CMD_RESTART   0x01234567
#define REBOOT_CMD_HALT      0xCDEF0123
#define REBOOT_CMD_POWER_OFF 0x4321FEDC
#define REBOOT_CMD_CAD_ON    0x89ABCDEF
#define REBOOT_CMD_CAD_OFF   0x00000000

long sys_reboot(void)
{
    uint32_t magic1 = (uint32_t)arg(0), magic2 = (uint32_t)arg(1), cmd = (uint32_t)arg(2);
    if (magic1 != REBOOT_MAGIC1 ||
        (magic2 != 672274793 && magic2 != 85072278 && magic2 != 369367448 && magic2 != 537993216))
        return -EINVAL;
    switch (cmd) {
    case REBOOT_CMD_RESTART:
        printk("reboot: Restarting system\n");
        sbi_reboot();
    case REBOOT_CMD_HALT:
    case REBOOT_CMD_POWER_OFF:
        /* Pagoda's extension: the fourth argument, which Linux ignores here, is the
         * machine's exit status (poweroff N). */
        printk("reboot: Power down\n");
        power_off((int)(arg(3) & 0xff));
    case REBOOT_CMD_CAD_ON:
    case REBOOT_CMD_CAD_OFF:
        return 0;
    }
    return -EINVAL;
}

/* prlimit64: reports our fixed limits; setting them is accepted and ignored. */
long sys_prlimit64(void)
{
    uint64_t lim[2] = { ~0UL, ~0UL };
    int resource = arg_int(1);
    if (resource == 3)                  /* RLIMIT_STACK: 8 MiB, no hard limit */
        lim[0] = RLIMIT_STACK_BYTES;
    else if (resource == 7)             /* RLIMIT_NOFILE */
        lim[0] = lim[1] = NOFILE;
    else if (resource == 6)             /* RLIMIT_NPROC */
        lim[0] = lim[1] = NPROC;
    if (arg(3) && copy_to_user(arg(3), lim, sizeof lim) < 0)
        return -EFAULT;
    return 0;
}

long sys_getrandom(void)
{
    uint64_t ubuf = arg(0);
    size_t n = arg(1), done = 0;
    uint8_t buf[64];
    while (done < n) {
        size_t chunk = MIN(n - done, sizeof buf);
        get_random_bytes(buf, chunk);
        if (copy_to_user(ubuf + done, buf, chunk) < 0)
            return done ? (long)done : -EFAULT;
        done += chunk;
    }
    return (long)done;
}
