/* The M-mode trap handler: SBI calls from S-mode, the machine timer and software
 * interrupts, exceptions S-mode must see (passed down as if delegated), and anything
 * else, which is a firmware bug and powers the machine off with a failure code. */
#include "fw.h"
#include "sbi.h"

void fw_fatal(const char *what, struct trap_frame *tf)
{
    fw_printf("Pagoda SBI: %s on hart %lu: mcause 0x%lx mepc 0x%lx mtval 0x%lx "
              "mstatus 0x%lx\n", what, current_hartid(), csr_read(mcause),
              tf ? tf->mepc : csr_read(mepc), csr_read(mtval), csr_read(mstatus));
    system_finish((1u << 16) | FINISHER_FAIL);
    for (;;)
        ;
}

/* Delivers the current exception to S-mode exactly as hardware delegation would:
 * scause/sepc/stval, SPP and SPIE/SIE in sstatus, then continue at stvec (an
 * exception always goes to the base address, vectored mode or not). */
static void redirect_to_smode(struct trap_frame *tf, unsigned long cause)
{
    unsigned long ms = csr_read(mstatus);
    unsigned long next = ms & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MPP);
    if ((ms & MSTATUS_MPP) == MSTATUS_MPP_S)
        next |= MSTATUS_SPP;
    if (ms & MSTATUS_SIE)
        next |= MSTATUS_SPIE;
    next |= MSTATUS_MPP_S;
    csr_write(scause, cause);
    csr_write(sepc, tf->mepc);
    csr_write(stval, csr_read(mtval));
    csr_write(mstatus, next);
    tf->mepc = csr_read(stvec) & ~3ul;
}

void trap_handler(struct trap_frame *tf)
{
    unsigned long cause = csr_read(mcause);
    unsigned long prev_mode = (csr_read(mstatus) & MSTATUS_MPP) >> 11;

    if (cause & CAUSE_INTERRUPT) {
        switch (cause & ~CAUSE_INTERRUPT) {
        case IRQ_MTI:
            timer_handle();
            return;
        case IRQ_MSI:
            ipi_handle();
            return;
        }
        fw_fatal("unexpected interrupt", tf);
    }
    if (prev_mode == 3)
        fw_fatal("trap in M-mode", tf);
    if (cause == CAUSE_SUPERVISOR_ECALL) {
        tf->mepc += 4;
        sbi_ecall(tf);
        return;
    }
    /* Illegal instructions, access faults, misaligned accesses, ecalls from U that
     * S-mode un-delegated: S-mode's business (counted as the SBI PMU's firmware events). */
    switch (cause) {
    case CAUSE_ILLEGAL_INSN: pmu_fw_event(SBI_PMU_FW_ILLEGAL_INSN); break;
    case 4: pmu_fw_event(SBI_PMU_FW_MISALIGNED_LOAD); break;
    case 5: pmu_fw_event(SBI_PMU_FW_ACCESS_LOAD); break;
    case 6: pmu_fw_event(SBI_PMU_FW_MISALIGNED_STORE); break;
    case 7: pmu_fw_event(SBI_PMU_FW_ACCESS_STORE); break;
    }
    redirect_to_smode(tf, cause);
}
