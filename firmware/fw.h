/* Pagoda SBI firmware: the platform it drives, the CSR helpers, the trap frame and the
 * per-hart record every part of the firmware shares. */
#ifndef FW_H
#define FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the QEMU virt platform ---- */
#define FW_BASE         0x80000000ul
#define FW_SIZE         0x80000ul           /* 512 KiB, denied to S/U by pmp0 */
#define FW_NEXT_ADDR    0x80200000ul        /* default S-mode entry */
#define UART_BASE       0x10000000ul
#define FINISHER_BASE   0x100000ul
#define CLINT_BASE      0x02000000ul
#define CLINT_MSIP(h)       (CLINT_BASE + 4ul * (h))
#define CLINT_MTIMECMP(h)   (CLINT_BASE + 0x4000ul + 8ul * (h))
#define CLINT_MTIME         (CLINT_BASE + 0xbff8ul)

#define FINISHER_PASS   0x5555u
#define FINISHER_RESET  0x7777u
#define FINISHER_FAIL   0x3333u

#define FW_MAX_HARTS    8                   /* hart ids 0..7; others park for ever */
#define FW_STACK_SIZE   8192                /* per-hart M-mode stack (entry.S) */

/* ---- CSR access ---- */
#define CSR_STR(x) #x
#define csr_read(csr) ({ unsigned long v_; \
    __asm__ volatile("csrr %0, " CSR_STR(csr) : "=r"(v_)); v_; })
#define csr_write(csr, val) ({ unsigned long v_ = (unsigned long)(val); \
    __asm__ volatile("csrw " CSR_STR(csr) ", %0" :: "rK"(v_) : "memory"); })
#define csr_set(csr, val) ({ unsigned long v_ = (unsigned long)(val); \
    __asm__ volatile("csrs " CSR_STR(csr) ", %0" :: "rK"(v_) : "memory"); })
#define csr_clear(csr, val) ({ unsigned long v_ = (unsigned long)(val); \
    __asm__ volatile("csrc " CSR_STR(csr) ", %0" :: "rK"(v_) : "memory"); })

/* Sstc's stimecmp, by number: older assemblers do not know the name. */
#define CSR_STIMECMP 0x14d
#define CSR_MENVCFG  0x30a

#define MSTATUS_SIE     (1ul << 1)
#define MSTATUS_MIE     (1ul << 3)
#define MSTATUS_SPIE    (1ul << 5)
#define MSTATUS_MPIE    (1ul << 7)
#define MSTATUS_SPP     (1ul << 8)
#define MSTATUS_MPP     (3ul << 11)
#define MSTATUS_MPP_S   (1ul << 11)
#define MSTATUS_MPRV    (1ul << 17)

#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define MIP_SSIP (1ul << IRQ_SSI)
#define MIP_MSIP (1ul << IRQ_MSI)
#define MIP_STIP (1ul << IRQ_STI)
#define MIP_MTIP (1ul << IRQ_MTI)
#define MIP_SEIP (1ul << IRQ_SEI)

#define CAUSE_INTERRUPT     (1ul << 63)
#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_ILLEGAL_INSN      2
#define CAUSE_BREAKPOINT        3
#define CAUSE_USER_ECALL        8
#define CAUSE_SUPERVISOR_ECALL  9
#define CAUSE_FETCH_PAGE_FAULT  12
#define CAUSE_LOAD_PAGE_FAULT   13
#define CAUSE_STORE_PAGE_FAULT  15

#define MENVCFG_STCE (1ul << 63)

static inline void mmio_write32(unsigned long addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}
static inline void mmio_write64(unsigned long addr, uint64_t v)
{
    *(volatile uint64_t *)addr = v;
}
static inline uint64_t mmio_read64(unsigned long addr)
{
    return *(volatile uint64_t *)addr;
}

/* ---- traps (entry.S saves this frame on the hart's M stack) ---- */
struct trap_frame {
    unsigned long x[32];    /* x[0] holds nothing; x[10] is a0 ... */
    unsigned long mepc;
};
enum { REG_SP = 2, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12, REG_A3 = 13, REG_A4 = 14,
       REG_A5 = 15, REG_A6 = 16, REG_A7 = 17 };

/* ---- per-hart state ---- */
/* Requests one hart leaves for another, posted with an atomic OR, then msip. */
#define IPI_SSIP    1u      /* raise the supervisor software interrupt */
#define IPI_FENCE   2u      /* perform fence_req (the sender waits for it to clear) */
#define IPI_START   4u      /* an HSM start request for a stopped hart */

struct fence_req {
    int kind;               /* SBI_RFENCE_* function id */
    unsigned long start, size, asid;
};

struct hart_data {
    int present;            /* described in the device tree (or the boot hart) */
    bool sstc;              /* menvcfg.STCE is set: S-mode owns stimecmp */
    volatile int hsm_state; /* enum sbi_hsm_state */
    volatile uint32_t ipi_pending;
    volatile int fence_busy;        /* set by the sender, cleared when done */
    struct fence_req fence;
    unsigned long start_addr, start_opaque;
};

extern struct hart_data harts[FW_MAX_HARTS];

/* console.c */
void console_init(void);
void console_putc(char c);
int console_getc(void);             /* -1 when no byte waits */
void console_lock(void);
void console_unlock(void);
void fw_printf(const char *fmt, ...);

/* fdt.c: marks harts[id].present for each enabled cpu and returns how many; stores
 * the first RAM bank in *mem_base and *mem_size while *mem_size is 0. */
int fdt_scan(unsigned long dtb, unsigned long *mem_base, unsigned long *mem_size);

/* RAM as the device tree describes it (size 0: unknown, then any address goes). */
extern unsigned long ram_base, ram_size;

/* pmu.c: the SBI PMU extension (false: no such function); firmware events */
void pmu_hart_init(void);
bool pmu_ecall(unsigned long fid, const unsigned long *a, long *error, unsigned long *value);
void pmu_fw_event(int event);           /* enum sbi_pmu_fw_event */

/* trap.c */
void trap_handler(struct trap_frame *tf);
__attribute__((noreturn)) void fw_fatal(const char *what, struct trap_frame *tf);

/* sbi.c */
void sbi_ecall(struct trap_frame *tf);

/* ipi.c */
void ipi_send(unsigned long hartid, uint32_t what);
void ipi_handle(void);              /* MSI: act on this hart's pending requests */
void ipi_poll(void);                /* spin loops: the same, when a request is posted */
long ipi_send_many(unsigned long mask, unsigned long base);
long rfence_many(unsigned long mask, unsigned long base, const struct fence_req *req);
void fence_local(const struct fence_req *req);
void timer_set(uint64_t when);
void timer_handle(void);            /* MTI: pass it to S-mode as STIP */

/* hsm.c */
long hsm_hart_start(unsigned long hartid, unsigned long addr, unsigned long opaque);
long hsm_hart_stop(void);
long hsm_hart_status(unsigned long hartid);
long hsm_hart_suspend(unsigned long type, unsigned long addr, unsigned long opaque);
__attribute__((noreturn)) void hsm_park(void);
bool hartid_valid(unsigned long hartid);

/* main.c */
__attribute__((noreturn)) void enter_smode(unsigned long addr, unsigned long a0,
                                           unsigned long a1);
void system_finish(uint32_t code);
unsigned long current_hartid(void);

/* Fair (ticket) spinlocks; the waiter keeps serving IPIs so that two harts waiting on
 * each other's fences cannot deadlock. */
struct spinlock {
    unsigned int next;      /* the ticket the next hart to ask gets */
    unsigned int owner;     /* the ticket that holds the lock */
};
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

#endif
