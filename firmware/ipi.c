/* Inter-hart requests through the CLINT's msip: SBI IPI (a supervisor software
 * interrupt on the target) and RFENCE (the target runs the fence; the sender waits
 * until it has). HSM start requests travel the same way (hsm.c). */
#include "fw.h"
#include "sbi.h"

static struct spinlock rfence_lock;     /* one remote fence in flight at a time */

void ipi_send(unsigned long hartid, uint32_t what)
{
    __atomic_fetch_or(&harts[hartid].ipi_pending, what, __ATOMIC_RELEASE);
    mmio_write32(CLINT_MSIP(hartid), 1);
}

/* Pages beyond this are flushed with one global sfence.vma rather than one by one. */
#define FLUSH_ALL_PAGES 64
#define PAGE_SIZE 4096ul

void fence_local(const struct fence_req *r)
{
    if (r->kind == SBI_RFENCE_REMOTE_FENCE_I) {
        __asm__ volatile("fence.i" ::: "memory");
        return;
    }
    bool asid = r->kind == SBI_RFENCE_REMOTE_SFENCE_VMA_ASID;
    bool all = (r->start == 0 && r->size == 0) || r->size == ~0ul ||
               r->size > FLUSH_ALL_PAGES * PAGE_SIZE;
    if (all) {
        if (asid)
            __asm__ volatile("sfence.vma zero, %0" :: "r"(r->asid) : "memory");
        else
            __asm__ volatile("sfence.vma" ::: "memory");
        return;
    }
    unsigned long end = r->start + r->size;
    for (unsigned long va = r->start & ~(PAGE_SIZE - 1); va < end; va += PAGE_SIZE) {
        if (asid)
            __asm__ volatile("sfence.vma %0, %1" :: "r"(va), "r"(r->asid) : "memory");
        else
            __asm__ volatile("sfence.vma %0, zero" :: "r"(va) : "memory");
    }
}

/* Runs whatever other harts asked of this one. Called for MSI, and (through ipi_poll)
 * by harts that spin in M-mode, so that a sender waiting on a spinning hart still
 * makes progress. */
void ipi_handle(void)
{
    unsigned long h = current_hartid();
    struct hart_data *me = &harts[h];
    mmio_write32(CLINT_MSIP(h), 0);
    uint32_t what = __atomic_fetch_and(&me->ipi_pending, ~(IPI_SSIP | IPI_FENCE),
                                       __ATOMIC_ACQUIRE);
    if (what & IPI_SSIP) {
        pmu_fw_event(SBI_PMU_FW_IPI_RECEIVED);
        csr_set(mip, MIP_SSIP);
    }
    if (what & IPI_FENCE) {
        static const int received[] = { SBI_PMU_FW_FENCE_I_RECEIVED,
            SBI_PMU_FW_SFENCE_VMA_RECEIVED, SBI_PMU_FW_SFENCE_VMA_ASID_RECEIVED };
        pmu_fw_event(received[me->fence.kind]);
        fence_local(&me->fence);
        __atomic_store_n(&me->fence_busy, 0, __ATOMIC_RELEASE);
    }
}

/* For harts that spin in M-mode: ipi_handle() when a request is posted, and otherwise
 * nothing but a load. Spinning on ipi_handle() itself wrote msip on every turn: on
 * QEMU each such MMIO write takes the big lock, and two harts spinning for the
 * RFENCE lock under host load then handed it over a few times per second. */
void ipi_poll(void)
{
    if (__atomic_load_n(&harts[current_hartid()].ipi_pending, __ATOMIC_ACQUIRE))
        ipi_handle();
}

/* An SBI hart mask (mask bit i is hart base + i; base -1 is every hart) must name only
 * harts that exist; otherwise the call fails with SBI_ERR_INVALID_PARAM, doing nothing. */
static long check_mask(unsigned long mask, unsigned long base)
{
    if (base == ~0ul)
        return SBI_SUCCESS;
    for (unsigned long i = 0; i < 64; i++)
        if (((mask >> i) & 1) && (base + i < base || !hartid_valid(base + i)))
            return SBI_ERR_INVALID_PARAM;
    return SBI_SUCCESS;
}

static bool in_mask(unsigned long h, unsigned long mask, unsigned long base)
{
    if (base == ~0ul)
        return hartid_valid(h);
    return h >= base && h - base < 64 && ((mask >> (h - base)) & 1);
}

long ipi_send_many(unsigned long mask, unsigned long base)
{
    long err = check_mask(mask, base);
    if (err)
        return err;
    unsigned long self = current_hartid();
    for (unsigned long h = 0; h < FW_MAX_HARTS; h++) {
        if (!in_mask(h, mask, base))
            continue;
        if (h == self)
            csr_set(mip, MIP_SSIP);
        else if (harts[h].hsm_state == SBI_HSM_STARTED ||
                 harts[h].hsm_state == SBI_HSM_SUSPENDED)
            ipi_send(h, IPI_SSIP);
    }
    return SBI_SUCCESS;
}

long rfence_many(unsigned long mask, unsigned long base, const struct fence_req *req)
{
    long err = check_mask(mask, base);
    if (err)
        return err;
    unsigned long self = current_hartid();
    spin_lock(&rfence_lock);
    for (unsigned long h = 0; h < FW_MAX_HARTS; h++) {
        if (!in_mask(h, mask, base) || h == self)
            continue;
        /* A stopped hart has no S-mode context; it fences when it starts. */
        if (harts[h].hsm_state != SBI_HSM_STARTED && harts[h].hsm_state != SBI_HSM_SUSPENDED)
            continue;
        harts[h].fence = *req;
        harts[h].fence_busy = 1;
        ipi_send(h, IPI_FENCE);
    }
    if (in_mask(self, mask, base))
        fence_local(req);
    for (unsigned long h = 0; h < FW_MAX_HARTS; h++)
        while (__atomic_load_n(&harts[h].fence_busy, __ATOMIC_ACQUIRE))
            ipi_poll();
    spin_unlock(&rfence_lock);
    return SBI_SUCCESS;
}
