/* Boot: the per-hart machine setup (trap vector, PMP, delegation, counters, Sstc),
 * the boot hart's banner and the jump to the S-mode payload; secondary harts park. */
#include "fw.h"
#include "sbi.h"

struct hart_data harts[FW_MAX_HARTS];
unsigned long ram_base, ram_size;
extern volatile int boot_done;      /* entry.S: releases the secondary harts */

void trap_entry(void);
unsigned long probe_stce(void);
__attribute__((noreturn)) void enter_smode_asm(unsigned long addr, unsigned long a0,
                                               unsigned long a1);

/* QEMU's reset vector (and Pagoda's) passes this in a2 (OpenSBI's fw_dynamic). */
struct fw_dynamic_info {
    unsigned long magic, version, next_addr, next_mode, options, boot_hart;
};
#define FW_DYNAMIC_MAGIC 0x4942534ful   /* "OSBI" */
#define FW_DYNAMIC_MODE_S 1

unsigned long current_hartid(void)
{
    return csr_read(mhartid);
}

/* A ticket lock: harts get the lock in the order they asked for it. A test-and-set
 * lock let a hart that keeps calling RFENCE take the lock back every time it gave it
 * up, so another hart waiting in an SBI call never got it and never returned (the
 * multi-hart hang of test-firmware-smp: the boot hart stuck in remote_fence_i while
 * hart 1 fenced in a loop that only the boot hart could end). */
void spin_lock(struct spinlock *l)
{
    unsigned int me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
        ipi_poll();
}

void spin_unlock(struct spinlock *l)
{
    __atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

/* Exceptions S-mode handles itself, as OpenSBI delegates them: misaligned fetch,
 * breakpoint, ecall from U and the three page faults. Everything else from S/U comes
 * here first and is passed down by trap.c (illegal instructions, access faults). */
#define DELEGATED_EXCEPTIONS ((1ul << CAUSE_MISALIGNED_FETCH) | (1ul << CAUSE_BREAKPOINT) | \
                              (1ul << CAUSE_USER_ECALL) | (1ul << CAUSE_FETCH_PAGE_FAULT) | \
                              (1ul << CAUSE_LOAD_PAGE_FAULT) | (1ul << CAUSE_STORE_PAGE_FAULT))

#define PMP_R 1
#define PMP_W 2
#define PMP_X 4
#define PMP_NAPOT 0x18

/* Machine setup every hart does for itself before it first enters S-mode. */
static void hart_init(unsigned long hartid)
{
    csr_write(mtvec, (unsigned long)trap_entry);
    csr_write(mie, 0);

    /* pmp0 denies S/U the firmware's 512 KiB; pmp1 grants them everything else (the
     * first matching entry wins). Neither is locked, so M-mode is unaffected. */
    csr_write(pmpaddr0, (FW_BASE >> 2) | ((FW_SIZE >> 3) - 1));
    csr_write(pmpaddr1, ~0ul);
    csr_write(pmpcfg0, (unsigned long)PMP_NAPOT |
                       ((unsigned long)(PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8));

    csr_write(medeleg, DELEGATED_EXCEPTIONS);
    csr_write(mideleg, MIP_SSIP | MIP_STIP | MIP_SEIP);
    csr_write(mcounteren, ~0ul);
    pmu_hart_init();

    /* Sstc: if menvcfg.STCE sticks, S-mode programs stimecmp itself (and set_timer
     * writes it too); stimecmp starts far in the future so no STIP is pending. */
    harts[hartid].sstc = probe_stce() != 0;
#ifdef FW_NO_SSTC
    if (harts[hartid].sstc)             /* a test build: keep to the CLINT path */
        csr_clear(CSR_MENVCFG, MENVCFG_STCE);
    harts[hartid].sstc = false;
#endif
    if (harts[hartid].sstc)
        csr_write(CSR_STIMECMP, ~0ul);
    mmio_write64(CLINT_MTIMECMP(hartid), ~0ull);
    mmio_write32(CLINT_MSIP(hartid), 0);
    csr_clear(mip, MIP_STIP | MIP_SSIP);
    csr_write(mie, MIP_MSIP);
}

void enter_smode(unsigned long addr, unsigned long a0, unsigned long a1)
{
    unsigned long s = csr_read(mstatus);
    s &= ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MPRV | MSTATUS_SIE | MSTATUS_SPIE |
           MSTATUS_SPP);
    s |= MSTATUS_MPP_S;
    csr_write(mstatus, s);
    csr_write(satp, 0);
    csr_write(stvec, 0);        /* no S-mode vector until the kernel sets one, as at reset */
    csr_write(sie, 0);
    __asm__ volatile("sfence.vma; fence.i" ::: "memory");
    enter_smode_asm(addr, a0, a1);
}

/* Ends the run through the test finisher: FINISHER_PASS, _RESET or a fail code. */
void system_finish(uint32_t code)
{
    mmio_write32(FINISHER_BASE, code);
    for (;;)
        __asm__ volatile("wfi");
}

static unsigned long next_address(unsigned long info_addr)
{
    /* The pointer comes from the reset ROM (0x1000) or RAM; anything else is ignored. */
    bool plausible = (info_addr & 7) == 0 &&
                     ((info_addr >= 0x1000 && info_addr < 0x2000) || info_addr >= FW_BASE);
    if (plausible) {
        const struct fw_dynamic_info *info = (const void *)info_addr;
        if (info->magic == FW_DYNAMIC_MAGIC && info->next_mode == FW_DYNAMIC_MODE_S &&
            info->next_addr >= FW_BASE + FW_SIZE)
            return info->next_addr;
    }
    return FW_NEXT_ADDR;
}

__attribute__((noreturn)) void boot_main(unsigned long hartid, unsigned long dtb,
                                         unsigned long info_addr);
__attribute__((noreturn)) void secondary_main(unsigned long hartid);

void boot_main(unsigned long hartid, unsigned long dtb, unsigned long info_addr)
{
    console_init();
    for (int i = 0; i < FW_MAX_HARTS; i++)
        harts[i].hsm_state = SBI_HSM_STOPPED;
    int nharts = fdt_scan(dtb, &ram_base, &ram_size);
    harts[hartid].present = 1;
    harts[hartid].hsm_state = SBI_HSM_STARTED;
    if (nharts < 1)
        nharts = 1;
    hart_init(hartid);
    unsigned long next = next_address(info_addr);
    fw_printf("Pagoda SBI v%d.%d: hart %lu of %d, DTB 0x%lx, next 0x%lx (S-mode)%s\n",
              SBI_IMPL_VERSION >> 16, SBI_IMPL_VERSION & 0xffff, hartid, nharts, dtb, next,
              harts[hartid].sstc ? ", Sstc" : "");
    __atomic_store_n(&boot_done, 1, __ATOMIC_RELEASE);
    enter_smode(next, hartid, dtb);
}

void secondary_main(unsigned long hartid)
{
    hart_init(hartid);
    if (!harts[hartid].present) {
        /* Not in the device tree: S-mode cannot know of it, so it never starts. */
        csr_write(mie, 0);
        for (;;)
            __asm__ volatile("wfi");
    }
    hsm_park();
}
