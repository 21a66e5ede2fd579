/* SBI HSM: hart states, and the parking loop where a stopped hart waits in WFI for a
 * start request (an IPI_START message and msip). */
#include "fw.h"
#include "sbi.h"

bool hartid_valid(unsigned long hartid)
{
    return hartid < FW_MAX_HARTS && harts[hartid].present;
}

/* The hart may start running S-code at addr: RAM outside the firmware. */
static bool start_address_ok(unsigned long addr)
{
    return addr >= FW_BASE + FW_SIZE || addr < FW_BASE;
}

long hsm_hart_start(unsigned long hartid, unsigned long addr, unsigned long opaque)
{
    if (!hartid_valid(hartid))
        return SBI_ERR_INVALID_PARAM;
    if (!start_address_ok(addr))
        return SBI_ERR_INVALID_ADDRESS;
    struct hart_data *t = &harts[hartid];
    int expected = SBI_HSM_STOPPED;
    if (!__atomic_compare_exchange_n(&t->hsm_state, &expected, SBI_HSM_START_PENDING, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return SBI_ERR_ALREADY_AVAILABLE;
    t->start_addr = addr;
    t->start_opaque = opaque;
    ipi_send(hartid, IPI_START);        /* releases the two fields above */
    return SBI_SUCCESS;
}

/* Quiets this hart's timer and pending supervisor interrupts. */
static void hart_quiesce(unsigned long h)
{
    csr_write(mie, MIP_MSIP);
    mmio_write64(CLINT_MTIMECMP(h), ~0ull);
    if (harts[h].sstc)
        csr_write(CSR_STIMECMP, ~0ul);
    csr_clear(mip, MIP_SSIP | MIP_STIP);
}

void hsm_park(void)
{
    unsigned long h = current_hartid();
    struct hart_data *me = &harts[h];
    hart_quiesce(h);
    for (;;) {
        mmio_write32(CLINT_MSIP(h), 0);
        uint32_t what = __atomic_exchange_n(&me->ipi_pending, 0, __ATOMIC_ACQUIRE);
        if (what & IPI_FENCE)
            __atomic_store_n(&me->fence_busy, 0, __ATOMIC_RELEASE);
        if ((what & IPI_START) && me->hsm_state == SBI_HSM_START_PENDING)
            break;
        __asm__ volatile("wfi");
    }
    hart_quiesce(h);
    __atomic_store_n(&me->hsm_state, SBI_HSM_STARTED, __ATOMIC_RELEASE);
    enter_smode(me->start_addr, h, me->start_opaque);
}

long hsm_hart_stop(void)
{
    struct hart_data *me = &harts[current_hartid()];
    if (me->hsm_state != SBI_HSM_STARTED)
        return SBI_ERR_FAILED;
    __atomic_store_n(&me->hsm_state, SBI_HSM_STOPPED, __ATOMIC_RELEASE);
    hsm_park();
}

long hsm_hart_status(unsigned long hartid)
{
    if (!hartid_valid(hartid))
        return SBI_ERR_INVALID_PARAM;
    return __atomic_load_n(&harts[hartid].hsm_state, __ATOMIC_ACQUIRE);
}

/* Default retentive suspend is a WFI that returns on any interrupt this hart has
 * enabled; default non-retentive suspend resumes at addr as if freshly started. */
long hsm_hart_suspend(unsigned long type, unsigned long addr, unsigned long opaque)
{
    unsigned long h = current_hartid();
    struct hart_data *me = &harts[h];
    if (type == SBI_HSM_SUSPEND_RET_DEFAULT) {
        __atomic_store_n(&me->hsm_state, SBI_HSM_SUSPENDED, __ATOMIC_RELEASE);
        __asm__ volatile("wfi");
        __atomic_store_n(&me->hsm_state, SBI_HSM_STARTED, __ATOMIC_RELEASE);
        return SBI_SUCCESS;
    }
    if (type == SBI_HSM_SUSPEND_NON_RET_DEFAULT) {
        if (!start_address_ok(addr))
            return SBI_ERR_INVALID_ADDRESS;
        __atomic_store_n(&me->hsm_state, SBI_HSM_SUSPENDED, __ATOMIC_RELEASE);
        __asm__ volatile("wfi");
        __atomic_store_n(&me->hsm_state, SBI_HSM_STARTED, __ATOMIC_RELEASE);
        enter_smode(addr, h, opaque);
    }
    /* Platform-specific types exist in the spec's numbering but we define none. */
    if ((type >= 0x10000000 && type <= 0x7fffffff) ||
        (type >= 0x90000000 && type <= 0xffffffff))
        return SBI_ERR_NOT_SUPPORTED;
    return SBI_ERR_INVALID_PARAM;
}
