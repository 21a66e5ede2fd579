/* linux/perf_event.h — the part of Linux's perf_event ABI that Pagoda's programs use
 * (perf_event_open(2): counting, not sampling). Layout as in Linux's uapi header. */
#ifndef _LINUX_PERF_EVENT_H
#define _LINUX_PERF_EVENT_H

#include <stdint.h>
#include <sys/types.h>

enum perf_type_id {
    PERF_TYPE_HARDWARE = 0, PERF_TYPE_SOFTWARE = 1, PERF_TYPE_TRACEPOINT = 2,
    PERF_TYPE_HW_CACHE = 3, PERF_TYPE_RAW = 4, PERF_TYPE_BREAKPOINT = 5,
};
enum perf_hw_id {
    PERF_COUNT_HW_CPU_CYCLES = 0, PERF_COUNT_HW_INSTRUCTIONS = 1,
    PERF_COUNT_HW_CACHE_REFERENCES = 2, PERF_COUNT_HW_CACHE_MISSES = 3,
    PERF_COUNT_HW_BRANCH_INSTRUCTIONS = 4, PERF_COUNT_HW_BRANCH_MISSES = 5,
    PERF_COUNT_HW_BUS_CYCLES = 6, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND = 7,
    PERF_COUNT_HW_STALLED_CYCLES_BACKEND = 8, PERF_COUNT_HW_REF_CPU_CYCLES = 9,
    PERF_COUNT_HW_MAX = 10,
};
/* PERF_TYPE_HW_CACHE config: cache | op << 8 | result << 16 */
enum perf_hw_cache_id {
    PERF_COUNT_HW_CACHE_L1D = 0, PERF_COUNT_HW_CACHE_L1I = 1, PERF_COUNT_HW_CACHE_LL = 2,
    PERF_COUNT_HW_CACHE_DTLB = 3, PERF_COUNT_HW_CACHE_ITLB = 4, PERF_COUNT_HW_CACHE_BPU = 5,
};
enum perf_hw_cache_op_id {
    PERF_COUNT_HW_CACHE_OP_READ = 0, PERF_COUNT_HW_CACHE_OP_WRITE = 1,
    PERF_COUNT_HW_CACHE_OP_PREFETCH = 2,
};
enum perf_hw_cache_op_result_id {
    PERF_COUNT_HW_CACHE_RESULT_ACCESS = 0, PERF_COUNT_HW_CACHE_RESULT_MISS = 1,
};
enum perf_sw_ids {
    PERF_COUNT_SW_CPU_CLOCK = 0, PERF_COUNT_SW_TASK_CLOCK = 1, PERF_COUNT_SW_PAGE_FAULTS = 2,
    PERF_COUNT_SW_CONTEXT_SWITCHES = 3, PERF_COUNT_SW_CPU_MIGRATIONS = 4,
    PERF_COUNT_SW_PAGE_FAULTS_MIN = 5, PERF_COUNT_SW_PAGE_FAULTS_MAJ = 6,
    PERF_COUNT_SW_ALIGNMENT_FAULTS = 7, PERF_COUNT_SW_EMULATION_FAULTS = 8,
    PERF_COUNT_SW_DUMMY = 9,
};
enum perf_event_read_format {
    PERF_FORMAT_TOTAL_TIME_ENABLED = 1 << 0, PERF_FORMAT_TOTAL_TIME_RUNNING = 1 << 1,
    PERF_FORMAT_ID = 1 << 2, PERF_FORMAT_GROUP = 1 << 3, PERF_FORMAT_LOST = 1 << 4,
};

#define PERF_ATTR_SIZE_VER0 64
#define PERF_ATTR_SIZE_VER1 72
#define PERF_ATTR_SIZE_VER7 128

struct perf_event_attr {
    uint32_t type;
    uint32_t size;
    uint64_t config;
    uint64_t sample_period;
    uint64_t sample_type;
    uint64_t read_format;
    uint64_t disabled : 1, inherit : 1, pinned : 1, exclusive : 1, exclude_user : 1,
             exclude_kernel : 1, exclude_hv : 1, exclude_idle : 1, mmap : 1, comm : 1,
             freq : 1, inherit_stat : 1, enable_on_exec : 1, task : 1, watermark : 1,
             precise_ip : 2, mmap_data : 1, sample_id_all : 1, exclude_host : 1,
             exclude_guest : 1, exclude_callchain_kernel : 1, exclude_callchain_user : 1,
             mmap2 : 1, comm_exec : 1, use_clockid : 1, context_switch : 1,
             write_backward : 1, namespaces : 1, ksymbol : 1, bpf_event : 1, aux_output : 1,
             cgroup : 1, text_poke : 1, build_id : 1, inherit_thread : 1,
             remove_on_exec : 1, sigtrap : 1, __reserved_1 : 26;
    uint32_t wakeup_events;
    uint32_t bp_type;
    uint64_t config1;
    uint64_t config2;
    uint64_t branch_sample_type;
    uint64_t sample_regs_user;
    uint32_t sample_stack_user;
    int32_t clockid;
    uint64_t sample_regs_intr;
    uint32_t aux_watermark;
    uint16_t sample_max_stack;
    uint16_t __reserved_2;
    uint32_t aux_sample_size;
    uint32_t __reserved_3;
    uint64_t sig_data;
};

#define PERF_EVENT_IOC_ENABLE  0x2400
#define PERF_EVENT_IOC_DISABLE 0x2401
#define PERF_EVENT_IOC_RESET   0x2403
#define PERF_EVENT_IOC_ID      0x80082407
#define PERF_IOC_FLAG_GROUP    1U

#define PERF_FLAG_FD_NO_GROUP  (1UL << 0)
#define PERF_FLAG_FD_OUTPUT    (1UL << 1)
#define PERF_FLAG_PID_CGROUP   (1UL << 2)
#define PERF_FLAG_FD_CLOEXEC   (1UL << 3)

int perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
                    unsigned long flags);

/* Pagoda's raw events (PERF_TYPE_RAW config): the hardware event number (README
 * "Performance counters") in bits 15:0; bits 16, 17 and 18 leave out user, kernel
 * and machine mode, on Linux too (its SBI PMU driver refuses exclude_user/kernel). */
#define PAGODA_RAW_NO_USER    (1UL << 16)
#define PAGODA_RAW_NO_KERNEL  (1UL << 17)
#define PAGODA_RAW_NO_MACHINE (1UL << 18)
enum pagoda_hpm_event {
    PAGODA_ITLB_MISS = 1, PAGODA_DTLB_MISS = 2, PAGODA_L2TLB_MISS = 3, PAGODA_PAGE_WALK = 4,
    PAGODA_DTLB_ACCESS = 5, PAGODA_ITLB_ACCESS = 6, PAGODA_DTLB_LOAD_ACCESS = 7,
    PAGODA_DTLB_LOAD_MISS = 8, PAGODA_DTLB_STORE_ACCESS = 9, PAGODA_DTLB_STORE_MISS = 10,
    PAGODA_PTE_READ = 11, PAGODA_INSTRET = 12, PAGODA_CYCLE = 13, PAGODA_L2TLB_ACCESS = 14,
    PAGODA_PAGE_FAULT = 15,
};

#endif
