/* SBI TIME: one timer per hart for S-mode. With Sstc the firmware just writes
 * stimecmp (which drives STIP itself); otherwise the CLINT's mtimecmp raises MTI here
 * and the handler passes it on as STIP, masking MTI until the next set_timer. */
#include "fw.h"

void timer_set(uint64_t when)
{
    unsigned long h = current_hartid();
    if (harts[h].sstc) {
        csr_write(CSR_STIMECMP, when);
        return;
    }
    mmio_write64(CLINT_MTIMECMP(h), when);
    csr_clear(mip, MIP_STIP);
    csr_set(mie, MIP_MTIP);
}

void timer_handle(void)
{
    csr_clear(mie, MIP_MTIP);
    csr_set(mip, MIP_STIP);
}
