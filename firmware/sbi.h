/* The SBI calling convention as numbers (RISC-V SBI specification v2.0): extension and
 * function ids, error codes, HSM states. Shared by the firmware and its S-mode tests. */
#ifndef SBI_H
#define SBI_H

/* Our implementation id in sbi_get_impl_id (0..11 are taken by BBL, OpenSBI, Xvisor,
 * KVM, RustSBI, Diosix, Coffer, Xen, PolarFire HSS, coreboot, oreboot, bhyve). */
#define SBI_IMPL_ID_PAGODA   0x50           /* 'P' */
#define SBI_IMPL_VERSION     0x00000001     /* major << 16 | minor: v0.1 */
#define SBI_SPEC_VERSION     0x02000000     /* major << 24 | minor: v2.0 */

/* Legacy (v0.1) extensions: the extension id is the function. */
#define SBI_EXT_LEGACY_SET_TIMER        0x00
#define SBI_EXT_LEGACY_CONSOLE_PUTCHAR  0x01
#define SBI_EXT_LEGACY_CONSOLE_GETCHAR  0x02
#define SBI_EXT_LEGACY_SHUTDOWN         0x08

#define SBI_EXT_BASE    0x10
#define SBI_EXT_TIME    0x54494D45          /* "TIME" */
#define SBI_EXT_IPI     0x735049            /* "sPI" */
#define SBI_EXT_RFENCE  0x52464E43          /* "RFNC" */
#define SBI_EXT_HSM     0x48534D            /* "HSM" */
#define SBI_EXT_SRST    0x53525354          /* "SRST" */
#define SBI_EXT_DBCN    0x4442434E          /* "DBCN" */
#define SBI_EXT_PMU     0x504D55            /* "PMU" */

enum sbi_base_fid {
    SBI_BASE_GET_SPEC_VERSION = 0,
    SBI_BASE_GET_IMPL_ID = 1,
    SBI_BASE_GET_IMPL_VERSION = 2,
    SBI_BASE_PROBE_EXTENSION = 3,
    SBI_BASE_GET_MVENDORID = 4,
    SBI_BASE_GET_MARCHID = 5,
    SBI_BASE_GET_MIMPID = 6,
};

#define SBI_TIME_SET_TIMER   0
#define SBI_IPI_SEND_IPI     0

enum sbi_rfence_fid {
    SBI_RFENCE_REMOTE_FENCE_I = 0,
    SBI_RFENCE_REMOTE_SFENCE_VMA = 1,
    SBI_RFENCE_REMOTE_SFENCE_VMA_ASID = 2,
};

enum sbi_hsm_fid {
    SBI_HSM_HART_START = 0,
    SBI_HSM_HART_STOP = 1,
    SBI_HSM_HART_GET_STATUS = 2,
    SBI_HSM_HART_SUSPEND = 3,
};

enum sbi_hsm_state {
    SBI_HSM_STARTED = 0,
    SBI_HSM_STOPPED = 1,
    SBI_HSM_START_PENDING = 2,
    SBI_HSM_STOP_PENDING = 3,
    SBI_HSM_SUSPENDED = 4,
    SBI_HSM_SUSPEND_PENDING = 5,
    SBI_HSM_RESUME_PENDING = 6,
};

#define SBI_HSM_SUSPEND_RET_DEFAULT     0x00000000u
#define SBI_HSM_SUSPEND_NON_RET_DEFAULT 0x80000000u

#define SBI_SRST_SYSTEM_RESET       0
#define SBI_SRST_TYPE_SHUTDOWN      0
#define SBI_SRST_TYPE_COLD_REBOOT   1
#define SBI_SRST_TYPE_WARM_REBOOT   2
#define SBI_SRST_REASON_NONE        0
#define SBI_SRST_REASON_SYSFAIL     1

enum sbi_dbcn_fid {
    SBI_DBCN_CONSOLE_WRITE = 0,
    SBI_DBCN_CONSOLE_READ = 1,
    SBI_DBCN_CONSOLE_WRITE_BYTE = 2,
};

enum sbi_pmu_fid {
    SBI_PMU_NUM_COUNTERS = 0,
    SBI_PMU_COUNTER_GET_INFO = 1,
    SBI_PMU_COUNTER_CFG_MATCH = 2,
    SBI_PMU_COUNTER_START = 3,
    SBI_PMU_COUNTER_STOP = 4,
    SBI_PMU_COUNTER_FW_READ = 5,
    SBI_PMU_COUNTER_FW_READ_HI = 6,
};
/* event_idx = type << 16 | code */
#define SBI_PMU_TYPE_HW         0           /* code 1 cycles, 2 instructions, ... */
#define SBI_PMU_TYPE_CACHE      1           /* code = cache << 3 | op << 1 | result */
#define SBI_PMU_TYPE_RAW        2           /* the event is in event_data */
#define SBI_PMU_TYPE_FW         15
#define SBI_PMU_HW_CPU_CYCLES   1
#define SBI_PMU_HW_INSTRUCTIONS 2
#define SBI_PMU_CACHE_DTLB      3
#define SBI_PMU_CACHE_ITLB      4
#define SBI_PMU_OP_READ         0
#define SBI_PMU_OP_WRITE        1
#define SBI_PMU_RESULT_MISS     1
/* firmware events (type 15) this firmware counts */
enum sbi_pmu_fw_event {
    SBI_PMU_FW_MISALIGNED_LOAD = 0, SBI_PMU_FW_MISALIGNED_STORE = 1,
    SBI_PMU_FW_ACCESS_LOAD = 2, SBI_PMU_FW_ACCESS_STORE = 3, SBI_PMU_FW_ILLEGAL_INSN = 4,
    SBI_PMU_FW_SET_TIMER = 5, SBI_PMU_FW_IPI_SENT = 6, SBI_PMU_FW_IPI_RECEIVED = 7,
    SBI_PMU_FW_FENCE_I_SENT = 8, SBI_PMU_FW_FENCE_I_RECEIVED = 9,
    SBI_PMU_FW_SFENCE_VMA_SENT = 10, SBI_PMU_FW_SFENCE_VMA_RECEIVED = 11,
    SBI_PMU_FW_SFENCE_VMA_ASID_SENT = 12, SBI_PMU_FW_SFENCE_VMA_ASID_RECEIVED = 13,
    SBI_PMU_FW_EVENTS = 22,                 /* 14..21 are hypervisor fences: never */
};
#define SBI_PMU_CFG_SKIP_MATCH  (1ul << 0)
#define SBI_PMU_CFG_CLEAR_VALUE (1ul << 1)
#define SBI_PMU_CFG_AUTO_START  (1ul << 2)
#define SBI_PMU_CFG_SET_UINH    (1ul << 5)
#define SBI_PMU_CFG_SET_SINH    (1ul << 6)
#define SBI_PMU_CFG_SET_MINH    (1ul << 7)
#define SBI_PMU_START_SET_INIT_VALUE (1ul << 0)
#define SBI_PMU_STOP_RESET      (1ul << 0)
/* Pagoda's counters: 0 cycle, 1 time, 2 instret, 3..31 hpmcounters, then firmware ones */
#define SBI_PMU_HW_COUNTERS     32
#define SBI_PMU_FW_COUNTERS     16

#define SBI_SUCCESS                 0
#define SBI_ERR_FAILED              (-1)
#define SBI_ERR_NOT_SUPPORTED       (-2)
#define SBI_ERR_INVALID_PARAM       (-3)
#define SBI_ERR_DENIED              (-4)
#define SBI_ERR_INVALID_ADDRESS     (-5)
#define SBI_ERR_ALREADY_AVAILABLE   (-6)
#define SBI_ERR_ALREADY_STARTED     (-7)
#define SBI_ERR_ALREADY_STOPPED     (-8)

#endif
