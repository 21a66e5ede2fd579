/* fault.c — user page faults. Every valid page is mapped when its range is mapped, so
 * a fault is normally a bad access: the caller kills the process with SIGSEGV (or a
 * system call returns -EFAULT). The one exception is a stale TLB entry for a page
 * mapped since the last fence, which a flush cures. Demand-zero pages, copy-on-write
 * and swap-in will be served here. */
#include "mm.h"
#include "vm.h"

/* The PTE bits an access needs. */
static uint64_t pte_bits_for(int access)
{
    if (access == FAULT_EXEC)
        return PTE_X;
    return access == FAULT_WRITE ? PTE_W : PTE_R;
}

static bool vma_allows(const struct vma *v, int access)
{
    if (access == FAULT_EXEC)
        return v->flags & VM_EXEC;
    if (access == FAULT_WRITE)
        return v->flags & VM_WRITE;
    return v->flags & (VM_READ | VM_WRITE);
}

/* Resolves a fault at va for the given FAULT_* access: 0 if the access may be retried,
 * -EFAULT if it is invalid. */
int handle_page_fault(struct mm *mm, uint64_t va, int access)
{
    struct vma *v = mm ? vma_find(mm, va) : NULL;
    if (!v || !vma_allows(v, access))
        return -EFAULT;
    pte_t *pte = walk(mm->pgdir, va, false);
    uint64_t need = PTE_V | PTE_U | pte_bits_for(access);
    if (pte && (*pte & need) == need) {
        sfence_vma_page(va, mm->asid);      /* the TLB still had the old entry */
        return 0;
    }
    return -EFAULT;
}
