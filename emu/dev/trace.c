/* The paravirtual trace device (see trace.h): registers, and the facts the guest
 * reported, kept for the panel. Nothing here affects the guest beyond its registers. */
#include "trace.h"

#include <stdlib.h>
#include <string.h>

#include "../cov.h"
#include "../riscv.h"

static struct trace_proc *find_proc(struct trace_dev *t, uint32_t pid)
{
    for (int i = 0; i < t->nprocs; i++)
        if (t->procs[i].pid == pid)
            return &t->procs[i];
    return NULL;
}

const struct trace_proc *trace_dev_proc(const struct trace_dev *t, uint32_t pid)
{
    return find_proc((struct trace_dev *)t, pid);
}

uint32_t trace_dev_owner(const struct trace_dev *t, uint64_t ppn)
{
    uint64_t first = t->ram_base >> PAGE_SHIFT;
    if (!t->owner || ppn < first || ppn - first >= t->nframes)
        return 0;
    return t->owner[ppn - first];
}

/* The name at guest physical address pa: at most TRACE_NAME_LEN - 1 bytes, read one
 * at a time so a name at the very end of RAM is still found; non-printable bytes
 * become '?'. */
static void read_name(struct trace_dev *t, uint64_t pa, char *out)
{
    int n = 0;
    while (pa && n < TRACE_NAME_LEN - 1) {
        uint8_t c;
        if (!bus_copy_out(t->bus, pa + (uint64_t)n, &c, 1) || c == 0)
            break;
        out[n++] = c >= 32 && c < 127 ? (char)c : '?';
    }
    out[n] = 0;
}

static bool ev_frame(struct trace_dev *t)
{
    uint64_t ppn = t->arg[0], n = t->arg[1] ? t->arg[1] : 1, kind = t->arg[2];
    uint64_t pid = t->arg[3], first = t->ram_base >> PAGE_SHIFT;
    if (kind >= TRACE_OWNER_KINDS || pid >= (1u << 28))
        return false;
    /* Clip [ppn, ppn + n) to RAM, minding overflow. */
    uint64_t lo = ppn < first ? first : ppn;
    uint64_t hi = ppn + n < ppn ? UINT64_MAX : ppn + n;
    if (hi > first + t->nframes)
        hi = first + t->nframes;
    if (lo >= hi)
        return false;
    if (!t->owner && !(t->owner = calloc(t->nframes, sizeof *t->owner)))
        return false;
    uint32_t v = (uint32_t)kind | (uint32_t)pid << 4;
    for (uint64_t f = lo; f < hi; f++)
        t->owner[f - first] = v;
    t->frame_reports++;
    return true;
}

static bool ev_process(struct trace_dev *t)
{
    uint32_t pid = (uint32_t)t->arg[0];
    if (t->arg[0] > UINT32_MAX)
        return false;
    struct trace_proc *p = find_proc(t, pid);
    if (!p) {
        if (t->nprocs < TRACE_MAX_PROCS) {
            p = &t->procs[t->nprocs++];
        } else {                            /* forget the least recently running */
            p = &t->procs[0];
            for (int i = 1; i < t->nprocs; i++)
                if (t->procs[i].seen < p->seen)
                    p = &t->procs[i];
        }
    }
    p->pid = pid;
    p->asid = t->arg[2] > UINT32_MAX ? UINT32_MAX : (uint32_t)t->arg[2];
    read_name(t, t->arg[1], p->name);
    p->seen = t->accepted;
    if (p->asid < TRACE_ASIDS && pid != 0) {
        if (!t->asid_owner)
            t->asid_owner = calloc(TRACE_ASIDS, sizeof *t->asid_owner);
        if (t->asid_owner) {
            t->asid_owner[p->asid].pid = pid;
            memcpy(t->asid_owner[p->asid].name, p->name, TRACE_NAME_LEN);
        }
    }
    t->cur_pid = pid;
    t->has_process = true;
    return true;
}

static bool ev_exit(struct trace_dev *t)
{
    struct trace_proc *p = find_proc(t, (uint32_t)t->arg[0]);
    if (!p || t->arg[0] > UINT32_MAX)
        return false;
    *p = t->procs[--t->nprocs];
    return true;
}

static bool ev_shootdown(struct trace_dev *t)
{
    uint64_t harts = t->arg[0], sender = t->arg[1] >> 32;
    if (!harts || sender >= TRACE_MAX_HARTS)
        return false;
    t->shootdowns++;
    t->shootdowns_sent[sender]++;
    for (int i = 0; i < TRACE_MAX_HARTS; i++)
        if (harts >> i & 1)
            t->shootdowns_received[i]++;
    t->last_shootdown.harts = harts;
    t->last_shootdown.asid = (uint32_t)t->arg[1];
    t->last_shootdown.sender = (uint32_t)sender;
    t->last_shootdown.start = t->arg[2];
    t->last_shootdown.size = t->arg[3];
    return true;
}

static bool perform(struct trace_dev *t, uint64_t kind)
{
    switch (kind) {
    case TRACE_EV_FAULT:
        if (t->arg[0] == 0 || t->arg[0] >= TRACE_FAULT_KINDS)
            return false;
        t->faults[t->arg[0]]++;
        return true;
    case TRACE_EV_SWAPOUT:
        t->swapouts++;
        return true;
    case TRACE_EV_FRAME:
        return ev_frame(t);
    case TRACE_EV_PROCESS:
        return ev_process(t);
    case TRACE_EV_EXIT:
        return ev_exit(t);
    case TRACE_EV_OOM_KILL:
        if (t->arg[0] > UINT32_MAX)
            return false;
        t->oom_kills++;
        t->oom_pid = (uint32_t)t->arg[0];
        return true;
    case TRACE_EV_SHOOTDOWN:
        return ev_shootdown(t);
    default:
        return false;
    }
}

static bool trace_read(void *opaque, uint64_t off, int size, uint64_t *val)
{
    struct trace_dev *t = opaque;
    uint64_t v = 0;
    if (size != 4 && size != 8)
        return false;
    if (off >= TRACE_REG_ARG0 && off < TRACE_REG_ARG0 + 32) {
        v = t->arg[(off - TRACE_REG_ARG0) / 8] >> (off & 4 ? 32 : 0);
    } else {
        uint32_t lo = 0, hi = 0;
        switch (off & ~7ull) {
        case TRACE_REG_ID: lo = TRACE_MAGIC; hi = TRACE_VERSION; break;
        case TRACE_REG_EVENT: lo = t->accepted; hi = t->rejected; break;
        case TRACE_REG_COVERAGE:
            if (t->bus && t->bus->cov) {
                lo = (uint32_t)t->bus->cov->count;
                hi = (uint32_t)((uint64_t)t->bus->cov->count >> 32);
            }
            break;
        default: break;
        }
        v = off & 4 ? hi : (uint64_t)lo | (uint64_t)hi << 32;
    }
    *val = size == 4 ? (uint32_t)v : v;
    return true;
}

static bool trace_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    struct trace_dev *t = opaque;
    if (size != 4 && size != 8)
        return false;
    if (off >= TRACE_REG_ARG0 && off < TRACE_REG_ARG0 + 32) {
        uint64_t *a = &t->arg[(off - TRACE_REG_ARG0) / 8];
        if (size == 8)
            *a = val;
        else if (off & 4)
            *a = (*a & 0xffffffffull) | (val & 0xffffffffull) << 32;
        else
            *a = val & 0xffffffffull;
    } else if (off == TRACE_REG_EVENT) {
        if (perform(t, size == 4 ? (uint32_t)val : val))
            t->accepted++;
        else
            t->rejected++;
    }
    return true;                            /* writes to read-only registers: ignored */
}

/* t is zeroed (a fresh machine) or was initialised before (a reboot). */
void trace_dev_init(struct trace_dev *t, struct bus *bus)
{
    trace_dev_free(t);
    memset(t, 0, sizeof *t);
    t->bus = bus;
    t->ram_base = bus->ram.base;
    t->nframes = bus->ram.size >> PAGE_SHIFT;
    bus_add_dev(bus, &(struct mmio_dev){ .name = "trace", .base = TRACE_BASE,
        .size = TRACE_SIZE, .opaque = t, .read = trace_read, .write = trace_write });
}

void trace_dev_free(struct trace_dev *t)
{
    free(t->owner);
    t->owner = NULL;
    free(t->asid_owner);
    t->asid_owner = NULL;
}

struct trace_asid_owner trace_dev_asid_owner(const struct trace_dev *t, uint32_t asid)
{
    if (!t->asid_owner || asid >= TRACE_ASIDS)
        return (struct trace_asid_owner){ 0 };
    return t->asid_owner[asid];
}
