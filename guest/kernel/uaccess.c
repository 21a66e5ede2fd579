/* uaccess.c — the only way the kernel reads or writes user memory. Each page is found
 * by walking the page table in software (never by dereferencing a user pointer), so a
 * NULL, kernel-half or unmapped address yields -EFAULT instead of a kernel trap. A
 * missing or read-only page is first offered to the fault handler, as hardware would:
 * lazy pages are allocated, copy-on-write pages copied, page by page across a buffer.
 * The walk is made under the address space's lock and its page-table lock, and the
 * frame found is held (a reference: reclaim leaves it alone) while its bytes are
 * copied, without the locks.
 * Between pages is a preemption point, and SIGKILL stops a long copy (-EFAULT: the
 * task dies on its way out anyway). */
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "vm.h"

/* The frame holding the user byte at va with the access allowed, with a reference
 * for the caller, or NULL. A page written by the kernel is marked dirty in its PTE,
 * as a user store would mark it. */
static struct page *user_page(struct mm *mm, uint64_t va, int access)
{
    if (!mm || va >= USER_TOP)
        return NULL;
    uint64_t need = PTE_V | PTE_U | (access & FAULT_WRITE ? PTE_W : PTE_R);
    if (access & FAULT_FORCE) {
        need = PTE_V | PTE_U;
        if (handle_mm_fault(mm, va, access) != VM_FAULT_OK)
            return NULL;
    }
    for (int tries = 0; tries < 2; tries++) {
        if (mutex_lock_killable(&mm->lock))
            return NULL;
        spin_lock(&mm->ptl);              /* the reverse map may unmap it meanwhile */
        pte_t *pte = walk_lookup(mm->pgdir, va);
        if (pte && (pte_read(pte) & need) == need) {
            pte_t p = (access & FAULT_WRITE) ? pte_set_bits(pte, PTE_A | PTE_D) : pte_read(pte);
            struct page *pg = pa_to_page(PTE2PA(p));
            get_page(pg);
            spin_unlock(&mm->ptl);
            mutex_unlock(&mm->lock);
            return pg;
        }
        spin_unlock(&mm->ptl);
        mutex_unlock(&mm->lock);
        if (handle_mm_fault(mm, va, access) != VM_FAULT_OK)
            return NULL;
    }
    return NULL;
}

/* Before each page of a copy: a preemption point; false if the task is being killed. */
static bool copy_may_go_on(void)
{
    cond_resched();
    return !fatal_signal_pending(current);
}

/* Writes n bytes (or zeros, if src is NULL) at udst in mm, one page at a time, each
 * page faulted in as a user access would. */
static int write_mm(struct mm *mm, uint64_t udst, const void *src, size_t n, int access)
{
    const char *s = src;
    while (n) {
        struct page *pg = copy_may_go_on() ? user_page(mm, udst, access) : NULL;
        if (!pg)
            return -EFAULT;
        char *d = (char *)page_address(pg) + (udst & (PAGE_SIZE - 1));
        size_t chunk = MIN(n, PAGE_SIZE - (udst & (PAGE_SIZE - 1)));
        if (s) {
            memcpy(d, s, chunk);
            s += chunk;
        } else {
            memset(d, 0, chunk);
        }
        put_page(pg);
        udst += chunk;
        n -= chunk;
    }
    return 0;
}

int copy_to_mm(struct mm *mm, uint64_t udst, const void *src, size_t n)
{
    return write_mm(mm, udst, src, n, FAULT_WRITE);
}

/* Zeros user memory whatever its permissions (the ELF loader's .bss in a read-only
 * page): a read-only page gets a private copy first. */
int clear_mm_force(struct mm *mm, uint64_t udst, size_t n)
{
    return write_mm(mm, udst, NULL, n, FAULT_WRITE | FAULT_FORCE);
}

int copy_from_mm(struct mm *mm, void *dst, uint64_t usrc, size_t n)
{
    char *d = dst;
    while (n) {
        struct page *pg = copy_may_go_on() ? user_page(mm, usrc, FAULT_READ) : NULL;
        if (!pg)
            return -EFAULT;
        size_t chunk = MIN(n, PAGE_SIZE - (usrc & (PAGE_SIZE - 1)));
        memcpy(d, (char *)page_address(pg) + (usrc & (PAGE_SIZE - 1)), chunk);
        put_page(pg);
        d += chunk;
        usrc += chunk;
        n -= chunk;
    }
    return 0;
}

int copy_to_user(uint64_t udst, const void *src, size_t n)
{
    return copy_to_mm(current->mm, udst, src, n);
}

int copy_from_user(void *dst, uint64_t usrc, size_t n)
{
    return copy_from_mm(current->mm, dst, usrc, n);
}

int clear_user(uint64_t udst, size_t n)
{
    return write_mm(current->mm, udst, NULL, n, FAULT_WRITE);
}

/* Copies a NUL-terminated string of at most max-1 characters; returns its length,
 * -EFAULT, or -ENAMETOOLONG if no NUL came within max bytes. */
long strncpy_from_user(char *dst, uint64_t usrc, size_t max)
{
    for (size_t i = 0; i < max;) {
        struct page *pg = copy_may_go_on() ? user_page(current->mm, usrc + i, FAULT_READ) : NULL;
        if (!pg)
            return -EFAULT;
        const char *s = (char *)page_address(pg) + ((usrc + i) & (PAGE_SIZE - 1));
        size_t chunk = MIN(max - i, PAGE_SIZE - ((usrc + i) & (PAGE_SIZE - 1)));
        for (size_t k = 0; k < chunk; k++, i++) {
            dst[i] = s[k];
            if (!s[k]) {
                put_page(pg);
                return (long)i;
            }
        }
        put_page(pg);
    }
    return -ENAMETOOLONG;
}
