/* perf_event.c — perf_event_open(2), the counting part `perf stat` uses: hardware
 * events (PERF_TYPE_HARDWARE cycles and instructions, PERF_TYPE_HW_CACHE, PERF_TYPE_RAW)
 * on the SBI PMU's counters, and software ones (clocks, page faults, context switches).
 *
 * Counting per task: a hardware event takes a counter from the firmware (one counter
 * per distinct event and mode filter, shared by every event that asks for the same)
 * and leaves it running. An event counts only while its task runs: when the task is
 * switched in the event notes the counter's value, when it is switched out (or read,
 * or disabled) the change is added to the event's count. With inherit, fork gives the
 * child a copy of the event on the same counter; when the child exits its count is
 * added into the event opened through the file descriptor, which read() reports
 * together with the copies still alive. Nothing is multiplexed: time running is always
 * time enabled. On several harts: an event counts on the hart its task runs on (the
 * counters are each hart's own); a read from elsewhere sees the count up to the
 * task's last switch. perf_lock guards every event and the counter table (taken
 * inside sched_lock by the scheduler's hooks; nothing is allocated under it). */
#include "fs.h"
#include "mm.h"
#include "perf_event.h"
#include "proc.h"
#include "riscv.h"
#include "slab.h"
#include "syscall.h"

/* The ABI (Linux's include/uapi/linux/perf_event.h). */
enum { PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE, PERF_TYPE_TRACEPOINT, PERF_TYPE_HW_CACHE,
       PERF_TYPE_RAW, PERF_TYPE_BREAKPOINT };
enum { PERF_COUNT_HW_MAX = 10 };
enum { PERF_COUNT_HW_CACHE_MAX = 7, PERF_COUNT_HW_CACHE_OP_MAX = 3,
       PERF_COUNT_HW_CACHE_RESULT_MAX = 2 };
enum { SW_CPU_CLOCK, SW_TASK_CLOCK, SW_PAGE_FAULTS, SW_CONTEXT_SWITCHES, SW_CPU_MIGRATIONS,
       SW_PAGE_FAULTS_MIN, SW_PAGE_FAULTS_MAJ, SW_ALIGNMENT_FAULTS, SW_EMULATION_FAULTS,
       SW_DUMMY, SW_BPF_OUTPUT, SW_CGROUP_SWITCHES, SW_MAX };
#define FORMAT_TOTAL_TIME_ENABLED (1u << 0)
#define FORMAT_TOTAL_TIME_RUNNING (1u << 1)
#define FORMAT_ID                 (1u << 2)
#define FORMAT_GROUP              (1u << 3)
#define FORMAT_LOST               (1u << 4)
#define FORMAT_ALL                0x1fu
/* bits of the flags word (offset 40 of perf_event_attr) */
#define ATTR_DISABLED       (1ul << 0)
#define ATTR_INHERIT        (1ul << 1)
#define ATTR_EXCLUDE_USER   (1ul << 4)
#define ATTR_EXCLUDE_KERNEL (1ul << 5)
#define ATTR_EXCLUDE_HV     (1ul << 6)
#define ATTR_FREQ           (1ul << 10)
#define ATTR_ENABLE_ON_EXEC (1ul << 12)
#define ATTR_PRECISE_IP     (3ul << 15)
#define ATTR_INHERIT_THREAD (1ul << 35)
#define ATTR_REMOVE_ON_EXEC (1ul << 36)
#define ATTR_SIGTRAP        (1ul << 37)
#define ATTR_RESERVED       (~0ul << 38)
#define ATTR_SIZE_VER0      64
#define PERF_FLAG_FD_NO_GROUP (1ul << 0)
#define PERF_FLAG_FD_OUTPUT   (1ul << 1)
#define PERF_FLAG_PID_CGROUP  (1ul << 2)
#define PERF_FLAG_FD_CLOEXEC  (1ul << 3)
#define IOC_ENABLE     0x2400
#define IOC_DISABLE    0x2401
#define IOC_REFRESH    0x2402
#define IOC_RESET      0x2403
#define IOC_PERIOD     0x40082404
#define IOC_SET_OUTPUT 0x2405
#define IOC_SET_FILTER 0x40082406
#define IOC_ID         0x80082407

/* perf_event_attr up to PERF_ATTR_SIZE_VER7 (128 bytes): what we read of it. */
struct perf_attr {
    uint32_t type, size;
    uint64_t config, sample_period, sample_type, read_format, flags;
    uint32_t wakeup_events, bp_type;
    uint64_t config1, config2, rest[7];
};
_Static_assert(sizeof(struct perf_attr) == 128, "perf_event_attr VER7");

/* The SBI PMU extension (SBI spec, chapter "Performance Monitoring Unit Extension"). */
#define SBI_EXT_PMU 0x504D55
enum { PMU_NUM_COUNTERS, PMU_COUNTER_GET_INFO, PMU_CFG_MATCH, PMU_START, PMU_STOP,
       PMU_FW_READ };
#define CFG_CLEAR_VALUE (1ul << 1)
#define CFG_SET_UINH    (1ul << 5)
#define CFG_SET_SINH    (1ul << 6)
#define CFG_SET_MINH    (1ul << 7)
#define START_SET_INIT_VALUE (1ul << 0)
#define STOP_RESET      (1ul << 0)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_EXT_BASE_ID       0x10
#define SBI_BASE_GET_IMPL_ID  1
#define SBI_IMPL_PAGODA       0x50

/* A firmware counter in use: every event asking for the same event and filters
 * shares it (their counts are differences, so sharing costs nothing). */
struct pmu_counter {
    unsigned long event_idx, event_data, filters;
    int idx;                     /* the SBI counter index */
    int csr;                     /* its CSR (0xc00 + n), or 0: read through the firmware */
    int users;
    cpumask_t started;           /* harts where the firmware counts it (configured, started) */
};
#define MAX_COUNTERS 64
static struct pmu_counter counters[MAX_COUNTERS];
static int pmu_state;            /* 0 not probed yet, 1 present, -1 absent */

enum source { SRC_COUNTER, SRC_CLOCK, SRC_FAULTS, SRC_FAULTS_MIN, SRC_FAULTS_MAJ,
              SRC_SWITCHES, SRC_NONE };

struct perf_event {
    struct perf_attr attr;
    enum source source;
    struct pmu_counter *ctr;     /* SRC_COUNTER */
    struct task *task;           /* counted; NULL once it has exited */
    struct perf_event *parent;   /* an inherited copy: the event it adds into */
    struct perf_event *next_in_task, *children, *next_child;
    bool enabled;
    int cpu;                     /* counts only on this hart, or -1 */
    uint64_t count, enabled_ns;  /* totals over the task's runs so far */
    uint64_t base, tstamp;       /* while active: source value and time at its start */
    uint64_t child_count, child_enabled_ns;   /* from inherited copies that exited */
    uint64_t id;
    int refs;                    /* the file (events opened) and each inherited copy */
};

static struct kmem_cache *event_cache;
static struct task *on_cpu[NCPU];   /* per hart: the task between sched_in and sched_out */
static uint64_t next_id = 1;
static struct spinlock perf_lock = SPINLOCK_INIT("perf");

/* ---- the SBI PMU ---- */

static bool pmu_present(void)
{
    if (!pmu_state)
        pmu_state = sbi_probe_extension(SBI_EXT_PMU) ? 1 : -1;
    return pmu_state > 0;
}

/* Whether the SBI mode-filter flags take effect: the SBI spec ties them to Sscofpmf,
 * which Pagoda's hart does not claim (no overflow interrupts), but Pagoda's firmware
 * applies them with the hart's filters. Another firmware (OpenSBI) drops them there,
 * so exclude_* get EINVAL, as on Linux without Sscofpmf. */
static bool pmu_filters(void)
{
    return sbi_call(SBI_EXT_BASE_ID, SBI_BASE_GET_IMPL_ID, 0, 0, 0).value == SBI_IMPL_PAGODA;
}

/* The counter CSRs by number: the CSR is part of the instruction. */
#define CTR_LIST X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) \
    X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) \
    X(28) X(29) X(30) X(31)

static uint64_t read_counter_csr(int n)
{
    switch (n) {
#define X(i) case i: return csr_read(0xc00 + i);
    CTR_LIST
#undef X
    }
    return 0;
}

static uint64_t counter_value(const struct pmu_counter *c)
{
    if (c->csr)
        return read_counter_csr(c->csr - 0xc00);
    return (uint64_t)sbi_call5(SBI_EXT_PMU, PMU_FW_READ, c->idx, 0, 0, 0, 0).value;
}

/* Firmware counters given up while still running on other harts: each hart stops
 * its own the next time it configures one (the SBI acts on the calling hart only). */
static uint64_t stale_on[NCPU];

static void stop_stale_here(void)
{
    int cpu = cpuid();
    for (int idx = 0; idx < 64; idx++)
        if ((stale_on[cpu] >> idx) & 1)
            sbi_call5(SBI_EXT_PMU, PMU_STOP, idx, 1, STOP_RESET, 0, 0);
    stale_on[cpu] = 0;
}

/* Configures and starts the firmware counter mask allows for c's event, on this hart;
 * the counter index, or a negative SBI error. */
static long configure_here(const struct pmu_counter *c, unsigned long base, unsigned long mask)
{
    stop_stale_here();
    struct sbiret r = sbi_call5(SBI_EXT_PMU, PMU_CFG_MATCH, (long)base, (long)mask,
                                (long)(CFG_CLEAR_VALUE | c->filters), (long)c->event_idx,
                                (long)c->event_data);
    if (r.error)
        return r.error;
    /* Started apart, as Linux does: OpenSBI 1.1 auto-starts only some event types. */
    sbi_call5(SBI_EXT_PMU, PMU_START, r.value, 1, START_SET_INIT_VALUE, 0, 0);
    return r.value;
}

/* A running counter for event_idx/event_data with the mode filters, shared when one
 * already counts exactly that. Its index is one no other counter of ours uses, so
 * that the same index can be had on every hart the event's task runs on (counter_here
 * sets it up there). -ENOENT when the firmware has none that can. */
static int counter_get(unsigned long event_idx, unsigned long event_data,
                       unsigned long filters, struct pmu_counter **out)
{
    struct pmu_counter *free_slot = NULL;
    unsigned long taken = 0;
    for (int i = 0; i < MAX_COUNTERS; i++) {
        struct pmu_counter *c = &counters[i];
        if (c->users && c->event_idx == event_idx && c->event_data == event_data &&
            c->filters == filters) {
            c->users++;
            *out = c;
            return 0;
        }
        if (c->users)
            taken |= 1ul << c->idx;
        else if (!free_slot)
            free_slot = c;
    }
    if (!free_slot || !pmu_present())
        return -ENOENT;
    struct sbiret n = sbi_call5(SBI_EXT_PMU, PMU_NUM_COUNTERS, 0, 0, 0, 0, 0);
    unsigned long mask = (n.value >= 64 ? ~0ul : (1ul << n.value) - 1) & ~taken;
    struct pmu_counter want = { event_idx, event_data, filters, 0, 0, 0, 0 };
    long idx = configure_here(&want, 0, mask);
    if (idx < 0)    /* NOT_SUPPORTED: no counter can count it (or none is left) */
        return idx == SBI_ERR_NOT_SUPPORTED ? -ENOENT : -EINVAL;
    struct sbiret info = sbi_call5(SBI_EXT_PMU, PMU_COUNTER_GET_INFO, idx, 0, 0, 0, 0);
    int csr = (int)(info.value & 0xfff);
    bool firmware = info.error || (info.value >> 63);
    *free_slot = (struct pmu_counter){ event_idx, event_data, filters, (int)idx,
                                       !firmware && csr >= 0xc00 && csr < 0xc20 ? csr : 0, 1,
                                       1UL << cpuid() };
    *out = free_slot;
    return 0;
}

/* c is about to count on this hart: the same counter, set up here if it is not yet. */
static void counter_here(struct pmu_counter *c)
{
    int cpu = cpuid();
    if (cpumask_test(c->started, cpu))
        return;
    if (configure_here(c, (unsigned long)c->idx, 1) == c->idx)
        c->started |= 1UL << cpu;
}

static void counter_put(struct pmu_counter *c)
{
    if (--c->users > 0)
        return;
    int cpu = cpuid();
    if (cpumask_test(c->started, cpu))
        sbi_call5(SBI_EXT_PMU, PMU_STOP, c->idx, 1, STOP_RESET, 0, 0);
    for (int i = 0; i < ncpus; i++)
        if (i != cpu && cpumask_test(c->started, i))
            stale_on[i] |= 1ul << c->idx;
    c->started = 0;
}

/* ---- counting ---- */

static uint64_t now_ns(void)
{
    uint64_t t = rdtime(), hz = boot_info.timebase_hz ? boot_info.timebase_hz : 10000000;
    return t / hz * 1000000000ul + t % hz * 1000000000ul / hz;
}

static uint64_t source_value(const struct perf_event *e)
{
    switch (e->source) {
    case SRC_COUNTER: return counter_value(e->ctr);
    case SRC_CLOCK: return now_ns();
    case SRC_FAULTS: return cpu_events()->pgfault;
    case SRC_FAULTS_MIN: return cpu_events()->pgfault - cpu_events()->pgmajfault;
    case SRC_FAULTS_MAJ: return cpu_events()->pgmajfault;
    default: return 0;       /* switches are counted at sched_out; the rest never happen */
    }
}

/* Counting right now, on this hart. */
static bool active(const struct perf_event *e)
{
    int cpu = cpuid();
    return e->enabled && e->task && e->task == on_cpu[cpu] && (e->cpu < 0 || e->cpu == cpu);
}

static void start(struct perf_event *e)
{
    e->base = source_value(e);
    e->tstamp = now_ns();
}

static void stop(struct perf_event *e)
{
    e->count += source_value(e) - e->base;
    e->enabled_ns += now_ns() - e->tstamp;
}

/* Brings count and enabled_ns up to now. */
static void update(struct perf_event *e)
{
    if (active(e)) {
        stop(e);
        start(e);
    }
}

void perf_event_sched_in(struct task *t)
{
    spin_lock(&perf_lock);
    on_cpu[cpuid()] = t;
    for (struct perf_event *e = t->perf_events; e; e = e->next_in_task) {
        if (e->source == SRC_COUNTER)
            counter_here(e->ctr);
        if (active(e))
            start(e);
    }
    spin_unlock(&perf_lock);
}

void perf_event_sched_out(struct task *t)
{
    spin_lock(&perf_lock);
    for (struct perf_event *e = t->perf_events; e; e = e->next_in_task) {
        if (!active(e))
            continue;
        stop(e);
        if (e->source == SRC_SWITCHES)
            e->count++;
    }
    on_cpu[cpuid()] = NULL;
    spin_unlock(&perf_lock);
}

static void set_enabled(struct perf_event *e, bool on)
{
    if (e->enabled == on)
        return;
    if (!on && active(e))
        stop(e);
    e->enabled = on;
    if (on && active(e))
        start(e);
}

/* Takes e off its task's list (it counts no more). */
static void detach(struct perf_event *e)
{
    struct task *t = e->task;
    if (!t)
        return;
    if (active(e))
        stop(e);
    for (struct perf_event **p = &t->perf_events; *p; p = &(*p)->next_in_task) {
        if (*p == e) {
            *p = e->next_in_task;
            break;
        }
    }
    e->task = NULL;
    e->next_in_task = NULL;
}

static void event_put(struct perf_event *e)
{
    if (--e->refs > 0)
        return;
    if (e->ctr)
        counter_put(e->ctr);
    kmem_cache_free(event_cache, e);
}

/* An inherited copy is done: its totals go into the event it came from. */
static void retire_child(struct perf_event *c)
{
    struct perf_event *top = c->parent;
    detach(c);
    top->child_count += c->count;
    top->child_enabled_ns += c->enabled_ns;
    for (struct perf_event **p = &top->children; *p; p = &(*p)->next_child) {
        if (*p == c) {
            *p = c->next_child;
            break;
        }
    }
    kmem_cache_free(event_cache, c);
    event_put(top);
}

static void attach(struct perf_event *e, struct task *t)
{
    e->task = t;
    e->next_in_task = t->perf_events;
    t->perf_events = e;
    if (active(e))
        start(e);
}

/* Whether child (a thread if thread) inherits e: inherit, and inherit_thread asks for
 * threads only (Linux's rule). */
static bool inherits(const struct perf_event *e, bool thread)
{
    return (e->attr.flags & ATTR_INHERIT) && (thread || !(e->attr.flags & ATTR_INHERIT_THREAD));
}

int perf_event_fork(struct task *child, bool thread)
{
    /* The copies are allocated first, without perf_lock (an allocation may wake
     * kswapd, which takes sched_lock, inside which the scheduler takes perf_lock). */
    int n = 0;
    spin_lock(&perf_lock);
    for (struct perf_event *e = current->perf_events; e; e = e->next_in_task)
        n += inherits(e, thread);
    spin_unlock(&perf_lock);
    if (!n)
        return 0;
    struct perf_event *copies = NULL;
    for (int i = 0; i < n; i++) {
        struct perf_event *c = kmem_cache_zalloc(event_cache);
        if (!c) {
            while (copies) {
                struct perf_event *next = copies->next_in_task;
                kmem_cache_free(event_cache, copies);
                copies = next;
            }
            return -ENOMEM;
        }
        c->next_in_task = copies;
        copies = c;
    }
    spin_lock(&perf_lock);
    for (struct perf_event *e = current->perf_events; e && copies; e = e->next_in_task) {
        if (!inherits(e, thread))
            continue;
        struct perf_event *top = e->parent ? e->parent : e;
        struct perf_event *c = copies;
        copies = c->next_in_task;
        c->attr = e->attr;
        c->source = e->source;
        c->ctr = e->ctr;
        c->parent = top;
        c->enabled = e->enabled;
        c->cpu = e->cpu;
        c->id = top->id;
        top->refs++;
        c->next_child = top->children;
        top->children = c;
        attach(c, child);
    }
    spin_unlock(&perf_lock);
    while (copies) {                     /* events closed meanwhile: not needed */
        struct perf_event *next = copies->next_in_task;
        kmem_cache_free(event_cache, copies);
        copies = next;
    }
    return 0;
}

void perf_event_exec(struct task *t)
{
    spin_lock(&perf_lock);
    struct perf_event *e = t->perf_events, *next;
    for (; e; e = next) {
        next = e->next_in_task;
        if (e->attr.flags & ATTR_ENABLE_ON_EXEC) {
            e->attr.flags &= ~ATTR_ENABLE_ON_EXEC;      /* once, as on Linux */
            set_enabled(e, true);
        }
        if (e->attr.flags & ATTR_REMOVE_ON_EXEC) {
            if (e->parent)
                retire_child(e);
            else
                detach(e);
        }
    }
    spin_unlock(&perf_lock);
}

void perf_event_exit_task(struct task *t)
{
    spin_lock(&perf_lock);
    while (t->perf_events) {
        struct perf_event *e = t->perf_events;
        if (e->parent)
            retire_child(e);
        else
            detach(e);
    }
    spin_unlock(&perf_lock);
}

/* ---- the file descriptor ---- */

/* The event's value with its inherited copies, and its time enabled. */
static void read_totals(struct perf_event *e, uint64_t *value, uint64_t *enabled)
{
    update(e);
    uint64_t v = e->count + e->child_count, t = e->enabled_ns + e->child_enabled_ns;
    for (struct perf_event *c = e->children; c; c = c->next_child) {
        update(c);
        v += c->count;
        t += c->enabled_ns;
    }
    *value = v;
    *enabled = t;
}

static ssize_t perf_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    struct perf_event *e = f->inode->priv;
    uint64_t fmt = e->attr.read_format, v[6], value, enabled;
    int k = 0;
    (void)pos;
    spin_lock(&perf_lock);
    read_totals(e, &value, &enabled);
    spin_unlock(&perf_lock);
    if (fmt & FORMAT_GROUP)
        v[k++] = 1;                              /* a group of one: no siblings here */
    else
        v[k++] = value;
    if (fmt & FORMAT_TOTAL_TIME_ENABLED)
        v[k++] = enabled;
    if (fmt & FORMAT_TOTAL_TIME_RUNNING)
        v[k++] = enabled;                        /* never multiplexed */
    if (fmt & FORMAT_GROUP)
        v[k++] = value;
    if (fmt & FORMAT_ID)
        v[k++] = e->id;
    if (fmt & FORMAT_LOST)
        v[k++] = 0;
    size_t len = k * sizeof v[0];
    if (n < len)
        return -ENOSPC;
    if (copy_to_user(ubuf, v, len) < 0)
        return -EFAULT;
    return (ssize_t)len;
}

static long perf_ioctl(struct file *f, unsigned long cmd, uint64_t arg)
{
    struct perf_event *e = f->inode->priv;
    switch (cmd) {
    case IOC_ENABLE:
    case IOC_DISABLE:
        spin_lock(&perf_lock);
        set_enabled(e, cmd == IOC_ENABLE);
        for (struct perf_event *c = e->children; c; c = c->next_child)
            set_enabled(c, cmd == IOC_ENABLE);
        spin_unlock(&perf_lock);
        return 0;
    case IOC_RESET:
        spin_lock(&perf_lock);
        update(e);
        e->count = e->child_count = 0;
        for (struct perf_event *c = e->children; c; c = c->next_child) {
            update(c);
            c->count = 0;
        }
        spin_unlock(&perf_lock);
        return 0;
    case IOC_ID:
        return copy_to_user(arg, &e->id, sizeof e->id) < 0 ? -EFAULT : 0;
    case IOC_REFRESH:            /* these need sampling or a ring buffer */
    case IOC_PERIOD:
    case IOC_SET_OUTPUT:
    case IOC_SET_FILTER:
        return -EINVAL;
    }
    return -ENOTTY;
}

static void perf_release(struct file *f)
{
    struct perf_event *e = f->inode->priv;
    spin_lock(&perf_lock);
    detach(e);
    event_put(e);
    spin_unlock(&perf_lock);
}

static const struct file_ops perf_fops = {
    .read = perf_read,
    .ioctl = perf_ioctl,
    .release = perf_release,
};

/* ---- perf_event_open ---- */

/* Copies the attribute struct in as Linux does: size 0 means the first version, a
 * larger one than ours must end in zeros (else E2BIG, our size written back). */
static int copy_attr(uint64_t uattr, struct perf_attr *a)
{
    uint32_t size;
    if (copy_from_user(&size, uattr + 4, sizeof size) < 0)
        return -EFAULT;
    if (size == 0)
        size = ATTR_SIZE_VER0;
    if (size < ATTR_SIZE_VER0 || size > PAGE_SIZE)
        goto too_big;
    memset(a, 0, sizeof *a);
    if (copy_from_user(a, uattr, MIN(size, sizeof *a)) < 0)
        return -EFAULT;
    for (uint64_t off = sizeof *a; off < size; off++) {
        char c;
        if (copy_from_user(&c, uattr + off, 1) < 0)
            return -EFAULT;
        if (c)
            goto too_big;
    }
    a->size = size;
    return 0;
too_big:
    size = sizeof *a;
    return copy_to_user(uattr + 4, &size, sizeof size) < 0 ? -EFAULT : -E2BIG;
}

/* What the event counts: a firmware counter or a kernel number. */
static int event_source(struct perf_event *e)
{
    const struct perf_attr *a = &e->attr;
    unsigned long idx, data = 0, filters = 0, cfg = a->config;
    switch (a->type) {
    case PERF_TYPE_SOFTWARE:
        switch (cfg) {
        case SW_CPU_CLOCK: case SW_TASK_CLOCK: e->source = SRC_CLOCK; return 0;
        case SW_PAGE_FAULTS: e->source = SRC_FAULTS; return 0;
        case SW_PAGE_FAULTS_MIN: e->source = SRC_FAULTS_MIN; return 0;
        case SW_PAGE_FAULTS_MAJ: e->source = SRC_FAULTS_MAJ; return 0;
        case SW_CONTEXT_SWITCHES: case SW_CGROUP_SWITCHES: e->source = SRC_SWITCHES; return 0;
        }
        e->source = SRC_NONE;    /* one hart, no emulated or misaligned faults: zero */
        return cfg < SW_MAX ? 0 : -ENOENT;
    case PERF_TYPE_HARDWARE:     /* SBI hardware event codes are perf's plus one */
        if (cfg >= PERF_COUNT_HW_MAX)
            return -EINVAL;
        idx = cfg + 1;
        break;
    case PERF_TYPE_HW_CACHE: {   /* perf: cache | op << 8 | result << 16; SBI: type 1 */
        unsigned long cache = cfg & 0xff, op = (cfg >> 8) & 0xff, result = (cfg >> 16) & 0xff;
        if (cache >= PERF_COUNT_HW_CACHE_MAX || op >= PERF_COUNT_HW_CACHE_OP_MAX ||
            result >= PERF_COUNT_HW_CACHE_RESULT_MAX || (cfg >> 24))
            return -EINVAL;
        idx = 1ul << 16 | cache << 3 | op << 1 | result;
        break;
    }
    case PERF_TYPE_RAW:          /* SBI type 2: the event is the firmware's to decode */
        idx = 2ul << 16;
        data = cfg;
        break;
    default:
        return -ENOENT;
    }
    if ((a->flags & (ATTR_EXCLUDE_USER | ATTR_EXCLUDE_KERNEL | ATTR_EXCLUDE_HV)) &&
        !pmu_filters())
        return -EINVAL;
    if (a->flags & ATTR_EXCLUDE_USER)
        filters |= CFG_SET_UINH;
    if (a->flags & ATTR_EXCLUDE_KERNEL)
        filters |= CFG_SET_SINH;
    if (a->flags & ATTR_EXCLUDE_HV)      /* the level below the kernel: M-mode */
        filters |= CFG_SET_MINH;
    e->source = SRC_COUNTER;
    return counter_get(idx, data, filters, &e->ctr);
}

static int check_attr(const struct perf_attr *a)
{
    if (a->flags & ATTR_RESERVED || a->read_format & ~(uint64_t)FORMAT_ALL)
        return -EINVAL;
    if ((a->flags & ATTR_INHERIT_THREAD) && !(a->flags & ATTR_INHERIT))
        return -EINVAL;
    /* Sampling needs overflow interrupts, which the counters do not have. */
    if (a->sample_period || (a->flags & (ATTR_FREQ | ATTR_PRECISE_IP | ATTR_SIGTRAP)))
        return -EOPNOTSUPP;
    return 0;
}

/* perf_event_open(attr, pid, cpu, group_fd, flags): a counting event for task pid (0:
 * the caller) on any CPU (-1, or 0: there is one hart). No CPU-wide events (pid -1)
 * and no groups: EOPNOTSUPP. */
long sys_perf_event_open(void)
{
    uint64_t uattr = arg(0);
    int pid = arg_int(1), cpu = arg_int(2), group_fd = arg_int(3);
    unsigned long flags = arg(4);
    struct perf_attr a;
    int err = copy_attr(uattr, &a);
    if (err)
        return err;
    if (flags & ~(PERF_FLAG_FD_NO_GROUP | PERF_FLAG_FD_OUTPUT | PERF_FLAG_PID_CGROUP |
                  PERF_FLAG_FD_CLOEXEC))
        return -EINVAL;
    if ((err = check_attr(&a)))
        return err;
    if (cpu < -1 || cpu >= ncpus || (pid == -1 && cpu == -1))
        return -EINVAL;
    if (group_fd != -1) {
        struct file *g = fd_file(group_fd);
        return g && g->ops == &perf_fops ? -EOPNOTSUPP : -EBADF;
    }
    if (pid == -1 || (flags & (PERF_FLAG_PID_CGROUP | PERF_FLAG_FD_OUTPUT)))
        return -EOPNOTSUPP;
    if (!event_cache)
        event_cache = kmem_cache_create("perf_event", sizeof(struct perf_event));
    /* Everything that may sleep (allocations) first: the task is looked up after. */
    struct perf_event *e = kmem_cache_zalloc(event_cache);
    if (!e)
        return -ENOMEM;
    e->attr = a;
    e->refs = 1;
    e->cpu = cpu;
    e->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
    e->enabled = !(a.flags & ATTR_DISABLED);
    spin_lock(&perf_lock);
    err = event_source(e);
    spin_unlock(&perf_lock);
    if (err) {
        kmem_cache_free(event_cache, e);
        return err;
    }
    struct inode *ip = inode_alloc(0600);            /* anon_inode:[perf_event] */
    struct file *f = ip ? file_alloc(ip, O_RDWR) : NULL;
    if (ip)
        inode_put(ip);                               /* the file holds it */
    struct task *t = pid == 0 ? current : find_get_task(pid);
    if (t && pid == 0)
        get_task(t);
    int fd = !f ? -ENOMEM : !t || t->state == TASK_ZOMBIE ? -ESRCH
                          : fd_install(f, 0, flags & PERF_FLAG_FD_CLOEXEC);
    spin_lock(&perf_lock);
    if (fd >= 0) {
        ip->priv = e;
        f->ops = &perf_fops;
        /* A task that exited meanwhile has let go of its events for good. */
        if (t->state != TASK_ZOMBIE && t->tf)
            attach(e, t);
    } else {
        event_put(e);
    }
    spin_unlock(&perf_lock);
    if (fd < 0 && f)
        file_put(f);
    if (t)
        put_task(t);
    return fd;
}
