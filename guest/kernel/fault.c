/* fault.c — user page faults. Every valid page is mapped when its range is mapped, so
 * a fault is a bad access: the caller kills the process with SIGSEGV (or a system call
 * returns -EFAULT). Demand-zero pages, copy-on-write and swap-in will be served here. */
#include "mm.h"

/* Resolves a fault at va for the given FAULT_* access: 0 if the access may be retried,
 * -EFAULT if it is invalid. */
int handle_page_fault(struct mm *mm, uint64_t va, int access)
{
    (void)mm;
    (void)va;
    (void)access;
    return -EFAULT;
}
