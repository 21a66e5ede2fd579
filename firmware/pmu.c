/* The SBI PMU extension: S-mode kernels count events on Pagoda's hardware counters
 * (mhpmcounter3..31, events in the README's "Performance counters") through standard
 * event_idx values, and on firmware counters of the firmware's own events. Counters
 * are per hart; S-mode reads a hardware counter itself (mcounteren allows it) and a
 * firmware one through fw_read. A stopped counter is inhibited in mcountinhibit. */
#include "fw.h"
#include "sbi.h"

/* Pagoda's mhpmevent numbers (emu/csr.h) and the Sscofpmf-style mode filter bits. */
enum { EV_ITLB_MISS = 1, EV_ITLB_ACCESS = 6, EV_DTLB_LOAD_ACCESS = 7, EV_DTLB_LOAD_MISS = 8,
       EV_DTLB_STORE_ACCESS = 9, EV_DTLB_STORE_MISS = 10, EV_INSTRET = 12, EV_CYCLE = 13,
       EV_LIMIT = 16 };
#define MHPMEVENT_MINH (1ul << 62)
#define MHPMEVENT_SINH (1ul << 61)
#define MHPMEVENT_UINH (1ul << 60)
#define HPM_MASK 0xfffffff8ul               /* counters 3..31 */

struct pmu_hart {
    uint32_t hw_used;                       /* counters 3..31 given out */
    uint32_t fw_used, fw_started;
    uint8_t fw_event[SBI_PMU_FW_COUNTERS];
    uint64_t fw_base[SBI_PMU_FW_COUNTERS], fw_start[SBI_PMU_FW_COUNTERS];
    uint64_t fw_events[SBI_PMU_FW_EVENTS];  /* how often each firmware event happened */
};
static struct pmu_hart pmu[FW_MAX_HARTS];

struct sbiret_pmu {
    long error;
    unsigned long value;
};

void pmu_fw_event(int event)
{
    pmu[current_hartid()].fw_events[event]++;
}

/* mhpmevent and mhpmcounter by number: the CSR is part of the instruction. */
#define HPM_LIST X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) \
    X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) \
    X(30) X(31)

static void write_mhpmevent(int i, unsigned long v)
{
    switch (i) {
#define X(n) case n: csr_write(mhpmevent##n, v); break;
    HPM_LIST
#undef X
    }
}

static void write_mhpmcounter(int i, unsigned long v)
{
    switch (i) {
#define X(n) case n: csr_write(mhpmcounter##n, v); break;
    HPM_LIST
#undef X
    }
}

void pmu_hart_init(void)
{
    csr_write(mcountinhibit, HPM_MASK);     /* nothing counts until S-mode starts it */
    for (int i = 3; i < SBI_PMU_HW_COUNTERS; i++)
        write_mhpmevent(i, 0);
}

/* The Pagoda event for a hardware event_idx, or 0 when there is none. */
static unsigned long hw_event(unsigned long event_idx, unsigned long event_data)
{
    unsigned long type = (event_idx >> 16) & 0xf, code = event_idx & 0xffff;
    if (type == SBI_PMU_TYPE_HW) {
        if (code == SBI_PMU_HW_CPU_CYCLES)
            return EV_CYCLE;
        if (code == SBI_PMU_HW_INSTRUCTIONS)
            return EV_INSTRET;
        return 0;
    }
    if (type == SBI_PMU_TYPE_CACHE) {
        unsigned long cache = code >> 3, op = (code >> 1) & 3, miss = code & 1;
        if (code >> 6)
            return 0;
        if (cache == SBI_PMU_CACHE_DTLB && op == SBI_PMU_OP_READ)
            return miss ? EV_DTLB_LOAD_MISS : EV_DTLB_LOAD_ACCESS;
        if (cache == SBI_PMU_CACHE_DTLB && op == SBI_PMU_OP_WRITE)
            return miss ? EV_DTLB_STORE_MISS : EV_DTLB_STORE_ACCESS;
        if (cache == SBI_PMU_CACHE_ITLB && op == SBI_PMU_OP_READ)
            return miss ? EV_ITLB_MISS : EV_ITLB_ACCESS;
        return 0;
    }
    /* Raw: the event data is the mhpmevent value, Pagoda's event in bits 15:0 and the
     * hart's own mode bits 16 (not in U), 17 (not in S) and 18 (not in M) (emu/csr.h):
     * Linux passes only bits 47:0 of a raw config and refuses exclude_user/kernel without
     * Sscofpmf, so the filters travel here; OpenSBI writes the data as it is, and counts
     * the same. */
    if (type == SBI_PMU_TYPE_RAW && code == 0 && (event_data & 0xffff) > 0 &&
        (event_data & 0xffff) < EV_LIMIT && !(event_data >> 19))
        return event_data;
    return 0;
}

static uint64_t fw_value(const struct pmu_hart *p, int f)
{
    uint64_t v = p->fw_base[f];
    if (p->fw_started & (1u << f))
        v += p->fw_events[p->fw_event[f]] - p->fw_start[f];
    return v;
}

static struct sbiret_pmu cfg_match(unsigned long cbase, unsigned long cmask,
                                   unsigned long flags, unsigned long event_idx,
                                   unsigned long event_data)
{
    struct pmu_hart *p = &pmu[current_hartid()];
    unsigned long type = (event_idx >> 16) & 0xf, code = event_idx & 0xffff;
    bool fw = type == SBI_PMU_TYPE_FW;
    unsigned long ev = fw ? 0 : hw_event(event_idx, event_data);
    if (fw ? code >= SBI_PMU_FW_EVENTS : ev == 0)
        return (struct sbiret_pmu){ SBI_ERR_NOT_SUPPORTED, 0 };
    if (cbase >= SBI_PMU_HW_COUNTERS + SBI_PMU_FW_COUNTERS)
        return (struct sbiret_pmu){ SBI_ERR_INVALID_PARAM, 0 };

    /* The first counter of the mask that can count it and is free (with SKIP_MATCH:
     * the first counter of the mask, already configured by the caller). */
    long idx = -1;
    for (int b = 0; b < 64 && idx < 0; b++) {
        unsigned long i = cbase + b;
        if (!(cmask & (1ul << b)) || i >= SBI_PMU_HW_COUNTERS + SBI_PMU_FW_COUNTERS)
            continue;
        if (flags & SBI_PMU_CFG_SKIP_MATCH)
            idx = (long)i;
        else if (!fw && i >= 3 && i < SBI_PMU_HW_COUNTERS && !(p->hw_used & (1u << i)))
            idx = (long)i;
        else if (fw && i >= SBI_PMU_HW_COUNTERS &&
                 !(p->fw_used & (1u << (i - SBI_PMU_HW_COUNTERS))))
            idx = (long)i;
    }
    if (idx < 0 || (fw != (idx >= SBI_PMU_HW_COUNTERS)) || (!fw && idx < 3))
        return (struct sbiret_pmu){ SBI_ERR_NOT_SUPPORTED, 0 };

    if (fw) {
        int f = (int)idx - SBI_PMU_HW_COUNTERS;
        p->fw_used |= 1u << f;
        p->fw_event[f] = (uint8_t)code;
        p->fw_started &= ~(1u << f);
        if (flags & SBI_PMU_CFG_CLEAR_VALUE)
            p->fw_base[f] = 0;
        if (flags & SBI_PMU_CFG_AUTO_START) {
            p->fw_started |= 1u << f;
            p->fw_start[f] = p->fw_events[code];
        }
        return (struct sbiret_pmu){ SBI_SUCCESS, (unsigned long)idx };
    }
    unsigned long filters = 0;
    if (flags & SBI_PMU_CFG_SET_MINH)
        filters |= MHPMEVENT_MINH;
    if (flags & SBI_PMU_CFG_SET_SINH)
        filters |= MHPMEVENT_SINH;
    if (flags & SBI_PMU_CFG_SET_UINH)
        filters |= MHPMEVENT_UINH;
    p->hw_used |= 1u << idx;
    csr_set(mcountinhibit, 1ul << idx);
    write_mhpmevent((int)idx, ev | filters);
    if (flags & SBI_PMU_CFG_CLEAR_VALUE)
        write_mhpmcounter((int)idx, 0);
    if (flags & SBI_PMU_CFG_AUTO_START)
        csr_clear(mcountinhibit, 1ul << idx);
    return (struct sbiret_pmu){ SBI_SUCCESS, (unsigned long)idx };
}

/* Starts (start true) or stops the counters cbase + bits of cmask. */
static long start_stop(unsigned long cbase, unsigned long cmask, unsigned long flags,
                       unsigned long ival, bool start)
{
    struct pmu_hart *p = &pmu[current_hartid()];
    long err = SBI_SUCCESS;
    for (int b = 0; b < 64; b++) {
        unsigned long i = cbase + b;
        if (!(cmask & (1ul << b)))
            continue;
        if (i >= SBI_PMU_HW_COUNTERS + SBI_PMU_FW_COUNTERS)
            return SBI_ERR_INVALID_PARAM;
        if (i >= SBI_PMU_HW_COUNTERS) {
            int f = (int)i - SBI_PMU_HW_COUNTERS;
            uint32_t bit = 1u << f;
            if (!(p->fw_used & bit))
                return SBI_ERR_INVALID_PARAM;
            if (start) {
                if (p->fw_started & bit) {
                    err = SBI_ERR_ALREADY_STARTED;
                    continue;
                }
                if (flags & SBI_PMU_START_SET_INIT_VALUE)
                    p->fw_base[f] = ival;
                p->fw_start[f] = p->fw_events[p->fw_event[f]];
                p->fw_started |= bit;
            } else {
                if (!(p->fw_started & bit))
                    err = SBI_ERR_ALREADY_STOPPED;
                p->fw_base[f] = fw_value(p, f);
                p->fw_started &= ~bit;
                if (flags & SBI_PMU_STOP_RESET)
                    p->fw_used &= ~bit;
            }
            continue;
        }
        if (i < 3 || !(p->hw_used & (1u << i)))
            return SBI_ERR_INVALID_PARAM;
        bool running = !(csr_read(mcountinhibit) & (1ul << i));
        if (start) {
            if (running) {
                err = SBI_ERR_ALREADY_STARTED;
                continue;
            }
            if (flags & SBI_PMU_START_SET_INIT_VALUE)
                write_mhpmcounter((int)i, ival);
            csr_clear(mcountinhibit, 1ul << i);
        } else {
            if (!running)
                err = SBI_ERR_ALREADY_STOPPED;
            csr_set(mcountinhibit, 1ul << i);
            if (flags & SBI_PMU_STOP_RESET) {
                write_mhpmevent((int)i, 0);
                p->hw_used &= ~(1u << i);
            }
        }
    }
    return err;
}

bool pmu_ecall(unsigned long fid, const unsigned long *a, long *error, unsigned long *value)
{
    struct pmu_hart *p = &pmu[current_hartid()];
    struct sbiret_pmu r = { SBI_SUCCESS, 0 };
    switch (fid) {
    case SBI_PMU_NUM_COUNTERS:
        r.value = SBI_PMU_HW_COUNTERS + SBI_PMU_FW_COUNTERS;
        break;
    case SBI_PMU_COUNTER_GET_INFO:
        /* csr[11:0], width - 1 [17:12], type [63] (1: firmware) */
        if (a[0] < SBI_PMU_HW_COUNTERS)
            r.value = (0xc00 + a[0]) | (63ul << 12);
        else if (a[0] < SBI_PMU_HW_COUNTERS + SBI_PMU_FW_COUNTERS)
            r.value = (1ul << 63) | (63ul << 12);
        else
            r.error = SBI_ERR_INVALID_PARAM;
        break;
    case SBI_PMU_COUNTER_CFG_MATCH:
        r = cfg_match(a[0], a[1], a[2], a[3], a[4]);
        break;
    case SBI_PMU_COUNTER_START:
        r.error = start_stop(a[0], a[1], a[2], a[3], true);
        break;
    case SBI_PMU_COUNTER_STOP:
        r.error = start_stop(a[0], a[1], a[2], 0, false);
        break;
    case SBI_PMU_COUNTER_FW_READ:
    case SBI_PMU_COUNTER_FW_READ_HI: {
        unsigned long f = a[0] - SBI_PMU_HW_COUNTERS;
        if (a[0] < SBI_PMU_HW_COUNTERS || f >= SBI_PMU_FW_COUNTERS || !(p->fw_used & (1u << f)))
            r.error = SBI_ERR_INVALID_PARAM;
        else
            r.value = fid == SBI_PMU_COUNTER_FW_READ ? fw_value(p, (int)f) : 0;
        break;
    }
    default:
        return false;
    }
    *error = r.error;
    *value = r.value;
    return true;
}
