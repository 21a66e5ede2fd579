/* fault.c — user page faults. One handler classifies every fault, as Linux's
 * handle_mm_fault does:
 *   - no VMA (and not just below a stack that may grow), or an access the VMA does not
 *     allow: a bad access, SIGSEGV for the process (or -EFAULT for a system call);
 *   - page not present in a VMA: demand paging. Anonymous memory gets the shared zero
 *     page on a read and a fresh zeroed frame on a write (do_anonymous_page); a file
 *     mapping gets the page-cache page (do_read_fault, do_shared_fault), or a private
 *     copy of it on a write (do_cow_fault);
 *   - write to a present read-only page of a writable VMA: copy-on-write in a private
 *     VMA, reusing the frame when no one else maps it (do_wp_page); in a shared one
 *     the page just becomes writable and dirty;
 *   - present and allowed: the hardware left A/D to us (Svade), or the TLB held a stale
 *     entry; either way the PTE is fixed and the access retried.
 * Each installed PTE is followed by "sfence.vma va, asid" on this hart (the spec lets
 * a TLB keep invalid entries); a copy-on-write copy, which replaces a frame, is fenced
 * on every hart that may hold the mm's entries. PTEs are read under mm->lock and
 * replaced under the page-table lock only if unchanged (pte_install). Counters: the
 * hart's vm_events (/proc/vmstat adds them up) and the mm's. */
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "signal.h"
#include "swap.h"
#include "trace.h"
#include "vm.h"


static bool access_permitted(const struct vma *v, int access)
{
    if (access & FAULT_FORCE)
        return v->flags & VM_PROT_MASK;
    if (access & FAULT_EXEC)
        return v->flags & VM_EXEC;
    if (access & FAULT_WRITE)
        return v->flags & VM_WRITE;
    return v->flags & (VM_READ | VM_WRITE);
}

/* Installs val for va if the PTE still holds orig, under the page-table lock (the
 * reverse map may have changed it since it was read, without mm->lock) and by
 * compare-and-swap (the hardware sets A and D without any lock). false: it changed,
 * nothing was done; the caller undoes its work and lets the access try again. */
static bool pte_install(struct mm *mm, pte_t *pte, pte_t orig, pte_t val)
{
    spin_lock(&mm->ptl);
    bool same = pte_cmpxchg(pte, orig, val);
    spin_unlock(&mm->ptl);
    return same;
}

/* The same for a translation that only adds to what was there (a page where none was,
 * a write allowed): then only this hart's TLB needs the fence (asid.c). */
static bool pte_install_local(struct mm *mm, pte_t *pte, uint64_t va, pte_t orig, pte_t val)
{
    if (!pte_install(mm, pte, orig, val))
        return false;
    local_flush_tlb_page(mm, va);
    return true;
}

static pte_t mk_pte(struct page *pg, uint64_t perm)
{
    return PA2PTE(page_to_pa(pg)) | perm | PTE_V;
}

static void count_fault(int kind, uint64_t va)
{
    switch (kind) {
    case TRACE_FAULT_ZERO: cpu_events()->anon_fault++; break;
    case TRACE_FAULT_FILE: cpu_events()->file_fault++; break;
    case TRACE_FAULT_COW: cpu_events()->cow_fault++; break;
    }
    trace_fault(kind, va);
}

/* Not present, anonymous and private: the zero page for a read, a new frame for a write. */
static int do_anonymous_page(struct vma *v, uint64_t va, pte_t *pte, pte_t orig, int access)
{
    uint64_t perm = vma_pte_perm(v->flags);
    if (!(access & (FAULT_WRITE | FAULT_FORCE))) {
        if (pte_install_local(v->mm, pte, va, orig, mk_pte(zero_page(), perm & ~PTE_W))) {
            count_fault(TRACE_FAULT_ZERO, va);
            cpu_events()->zero_fault++;
        }
        return VM_FAULT_OK;
    }
    struct page *pg = alloc_page(OWNER_ANON);
    if (!pg)
        return VM_FAULT_OOM;
    clear_page(page_address(pg));
    page_add_new_anon_rmap(pg, v, va);
    if (!pte_install_local(v->mm, pte, va, orig, mk_pte(pg, perm | PTE_D))) {
        put_page(pg);
        return VM_FAULT_OK;
    }
    count_fault(TRACE_FAULT_ZERO, va);
    mm_add_rss(v->mm, MM_ANONPAGES, 1);
    return VM_FAULT_OK;
}

/* The page-cache page behind va in a file VMA (with a reference), or NULL with *err
 * set: SIGBUS past the end of the file (the size as it stands under the page cache's
 * lock, so a truncation cannot slip in between) or on a swap read error, OOM, or
 * KILLED while the page was read back. */
static struct page *vma_file_page(struct vma *v, uint64_t va, int *err)
{
    uint64_t index = v->pgoff + (va - v->start) / PAGE_SIZE;
    int e;
    struct page *pg = find_get_page(v->file, index, FGP_CREAT | FGP_EOF, &e);
    if (!pg)
        *err = e == -ENOMEM ? VM_FAULT_OOM : e == -EINTR ? VM_FAULT_KILLED : VM_FAULT_SIGBUS;
    return pg;
}

/* Maps the page-cache page behind va with the permission bits perm. */
static int map_file_page(struct vma *v, uint64_t va, pte_t *pte, pte_t orig, uint64_t perm,
                         bool dirty)
{
    int err;
    struct page *pg = vma_file_page(v, va, &err);
    if (!pg)
        return err;
    if (!pte_install_local(v->mm, pte, va, orig, mk_pte(pg, perm))) {
        put_page(pg);
        return VM_FAULT_OK;
    }
    if (dirty)
        set_page_flag(pg, PG_DIRTY);
    count_fault(TRACE_FAULT_FILE, va);
    mm_add_rss(v->mm, mm_counter(v, pg), 1);
    return VM_FAULT_OK;
}

/* Not present, file-backed, read: the page-cache page, read-only in a private
 * mapping (its first write copies it). */
static int do_read_fault(struct vma *v, uint64_t va, pte_t *pte, pte_t orig)
{
    uint64_t perm = vma_pte_perm(v->flags);
    if (!(v->flags & VM_SHARED))
        perm &= ~PTE_W;
    return map_file_page(v, va, pte, orig, perm, false);
}

/* Not present, shared file mapping, written: the page-cache page itself, dirty. */
static int do_shared_fault(struct vma *v, uint64_t va, pte_t *pte, pte_t orig)
{
    return map_file_page(v, va, pte, orig, vma_pte_perm(v->flags) | PTE_D, true);
}

/* Not present, private file mapping, written: a private copy of the page-cache page. */
static int do_cow_fault(struct vma *v, uint64_t va, pte_t *pte, pte_t orig)
{
    int err;
    struct page *src = vma_file_page(v, va, &err);
    if (!src)
        return err;
    struct page *pg = alloc_page(OWNER_ANON);
    if (!pg) {
        put_page(src);
        return VM_FAULT_OOM;
    }
    copy_page(page_address(pg), page_address(src));
    put_page(src);
    page_add_new_anon_rmap(pg, v, va);
    if (!pte_install_local(v->mm, pte, va, orig, mk_pte(pg, vma_pte_perm(v->flags) | PTE_D))) {
        put_page(pg);
        return VM_FAULT_OK;
    }
    count_fault(TRACE_FAULT_FILE, va);
    mm_add_rss(v->mm, MM_ANONPAGES, 1);
    return VM_FAULT_OK;
}

/* [vdso]: the one page of a special mapping. */
static int do_special_page(struct vma *v, uint64_t va, pte_t *pte, pte_t orig)
{
    get_page(v->special);
    if (!pte_install_local(v->mm, pte, va, orig, mk_pte(v->special, vma_pte_perm(v->flags)))) {
        put_page(v->special);
        return VM_FAULT_OK;
    }
    mm_add_rss(v->mm, MM_FILEPAGES, 1);
    return VM_FAULT_OK;
}

static int do_no_page(struct vma *v, uint64_t va, pte_t *pte, pte_t orig, int access)
{
    if (v->flags & VM_SPECIAL)
        return do_special_page(v, va, pte, orig);
    if (!v->file)
        return do_anonymous_page(v, va, pte, orig, access);
    if (!(access & (FAULT_WRITE | FAULT_FORCE)))
        return do_read_fault(v, va, pte, orig);
    if (v->flags & VM_SHARED)
        return do_shared_fault(v, va, pte, orig);
    return do_cow_fault(v, va, pte, orig);
}

/* Write to a present, write-protected page. Shared: it becomes writable and dirty.
 * Private: copy-on-write — keep the frame if this is its only mapping, else copy it
 * (the zero page "copies" as a cleared frame). The decision is made under the
 * page-table lock with the PTE as it was read, and the old frame is held for the
 * copy. A copy replaces the frame under the address: the old translation is fenced
 * out of every hart's TLB (another thread may be reading through it) before the old
 * frame's reference goes. */
static int do_wp_page(struct vma *v, uint64_t va, pte_t *pte, pte_t orig)
{
    struct mm *mm = v->mm;
    struct page *old = pa_to_page(PTE2PA(orig));
    uint64_t perm = vma_pte_perm(v->flags) | PTE_D;
    spin_lock(&mm->ptl);
    if (pte_read(pte) != orig) {
        spin_unlock(&mm->ptl);
        return VM_FAULT_OK;                 /* changed meanwhile: try the access again */
    }
    if (v->flags & VM_SHARED) {
        set_page_flag(old, PG_DIRTY);
        bool done = pte_cmpxchg(pte, orig, orig | perm);
        spin_unlock(&mm->ptl);
        if (done) {
            local_flush_tlb_page(mm, va);
            cpu_events()->shared_mkwrite++;
        }
        return VM_FAULT_OK;
    }
    mm->cow_flt++;
    count_fault(TRACE_FAULT_COW, va);
    bool zero = old == zero_page();
    if (!zero) {
        try_to_free_swap(old);          /* a swapped-in page's slot is no use once written */
        if (old->owner == OWNER_ANON && page_count(old) == 1) {
            bool done = pte_cmpxchg(pte, orig, orig | perm);
            spin_unlock(&mm->ptl);
            if (done) {
                local_flush_tlb_page(mm, va);
                cpu_events()->cow_reuse++;
            }
            return VM_FAULT_OK;
        }
        get_page(old);                  /* ours, for the copy */
    }
    spin_unlock(&mm->ptl);
    struct page *pg = alloc_page(OWNER_ANON);
    if (pg) {
        if (zero)
            clear_page(page_address(pg));
        else
            copy_page(page_address(pg), page_address(old));
        page_add_new_anon_rmap(pg, v, va);
        if (pte_install(mm, pte, orig, mk_pte(pg, perm))) {
            flush_tlb_page(mm, va);
            mm_add_rss(mm, MM_ANONPAGES, 1);
            if (!zero) {
                mm_add_rss(mm, mm_counter(v, old), -1);
                put_page(old);          /* the mapping's */
            }
        } else {
            put_page(pg);
        }
    }
    if (!zero)
        put_page(old);
    return pg ? VM_FAULT_OK : VM_FAULT_OOM;
}

/* Grows the stack VMA v down to cover addr: at most RLIMIT_STACK in all, and never
 * closer than the guard gap to the VMA below. 0 or -ENOMEM. */
int expand_stack(struct vma *v, uint64_t addr)
{
    uint64_t start = ROUND_DOWN(addr, PAGE_SIZE);
    if (!(v->flags & VM_GROWSDOWN) || start >= v->start)
        return -ENOMEM;
    if (v->end - start > RLIMIT_STACK_BYTES || start < USER_MIN)
        return -ENOMEM;
    if (v->prev && v->prev->end + STACK_GUARD_GAP > start)
        return -ENOMEM;
    vm_stat_account(v->mm, v->flags, (int64_t)((v->start - start) / PAGE_SIZE));
    vma_set_range(v, start, v->end);
    cpu_events()->stack_grow++;
    return 0;
}

/* Resolves a fault at user address va for a FAULT_* access in mm, whose lock the
 * caller holds. VM_FAULT_OK if the access may be retried, else why not
 * (VM_FAULT_SIGSEGV: nothing mapped there, VM_FAULT_ACCERR: not allowed,
 * VM_FAULT_SIGBUS: past the end of a file, OOM, KILLED). */
static int __handle_mm_fault(struct mm *mm, uint64_t va, int access)
{
    if (!mm || va >= USER_TOP)
        return VM_FAULT_SIGSEGV;
    cpu_events()->pgfault++;
    struct vma *v = vma_find(mm, va);
    if (!v) {
        v = vma_find_above(mm, va);
        if (!v || expand_stack(v, va) < 0)
            return VM_FAULT_SIGSEGV;
    }
    if (!access_permitted(v, access))
        return VM_FAULT_ACCERR;
    pte_t *pte = pte_alloc(mm, va);
    if (!pte)
        return VM_FAULT_OOM;
    pte_t orig = pte_read(pte);
    if (is_swap_pte(orig))
        return do_swap_page(v, va, pte, access);       /* counts a major or minor fault */
    mm->min_flt++;
    if (!(orig & PTE_V))
        return do_no_page(v, va, pte, orig, access);
    if ((access & (FAULT_WRITE | FAULT_FORCE)) && !(orig & PTE_W))
        return do_wp_page(v, va, pte, orig);
    /* Allowed already: the hardware left A/D to us (Svade), or this hart's TLB held an
     * older, weaker entry (another hart upgraded the PTE and fenced only itself). */
    uint64_t want = PTE_A | (access & FAULT_WRITE ? PTE_D : 0);
    cpu_events()->spurious++;
    pte_install_local(mm, pte, va, orig, orig | want);
    return VM_FAULT_OK;
}

/* The fault handler proper: under mm->lock (taken here; the caller must not hold it),
 * and when no frame could be had, reclaim without the lock and try again — a bounded
 * number of times (vmscan.c's reclaim_and_retry), so that an allocation that cannot
 * succeed ends in VM_FAULT_OOM instead of a loop. SIGKILL ends it too. */
int handle_mm_fault(struct mm *mm, uint64_t va, int access)
{
    if (!mm)
        return VM_FAULT_SIGSEGV;
    for (unsigned attempt = 0;; attempt++) {
        if (mutex_lock_killable(&mm->lock))
            return VM_FAULT_KILLED;
        int r = __handle_mm_fault(mm, va, access);
        mutex_unlock(&mm->lock);
        if (r != VM_FAULT_OOM)
            return r;
        if (!reclaim_and_retry(attempt))
            return fatal_signal_pending(current) ? VM_FAULT_KILLED : VM_FAULT_OOM;
    }
}

/* A page fault taken in user mode: resolved, or a signal (Linux's do_page_fault). */
void do_page_fault(uint64_t va, int access)
{
    struct mm *mm = current->mm;
    int r = handle_mm_fault(mm, va, access);
    switch (r) {
    case VM_FAULT_OK:
    case VM_FAULT_KILLED:
        return;
    case VM_FAULT_SIGBUS:
        cpu_events()->sigbus++;
        signal_fatal(SIGBUS, 2, va);                 /* BUS_ADRERR */
        return;
    case VM_FAULT_OOM:
        if (!fatal_signal_pending(current)) {   /* else the OOM killer chose it, and said so */
            printk("Out of memory: Killed process %d (%s)\n", current->pid, current->comm);
            send_signal(current, SIGKILL);
        }
        return;
    }
    cpu_events()->segv++;
    if (mm)
        mm->segv++;
    trace_fault(TRACE_FAULT_SEGV, va);
    signal_fatal(SIGSEGV, r == VM_FAULT_ACCERR ? 2 : 1, va);   /* SEGV_ACCERR, SEGV_MAPERR */
}
