/* gc_os.h — the little the collector needs from its operating system: address space
 * reserved by mmap, named like Linux names anonymous memory (prctl PR_SET_VMA), page
 * protection and a write-fault handler (the mprotect barrier), and a pause clock. The
 * guest and the host speak the same Linux API; only the clock differs: instructions
 * retired (rdinstret) in the guest, nanoseconds on the host. */
#ifndef GC_OS_H
#define GC_OS_H

#include <stddef.h>
#include <stdint.h>

#define GC_PAGE_BYTES 4096u

/* A zeroed read-write anonymous mapping that commits no memory until touched
 * (MAP_NORESERVE), named "[anon:NAME]" in /proc/PID/maps where the kernel can. */
void *gc_os_reserve(size_t bytes, const char *name);
void gc_os_release(void *p, size_t bytes);
/* Names [p, p+bytes) (page-aligned); quietly does nothing where unsupported. */
void gc_os_name(void *p, size_t bytes, const char *name);
/* Read-only (writable 0) or read-write; 0 or -1. */
int gc_os_protect(void *p, size_t bytes, int writable);
/* Gives the pages back (their contents become zero). */
void gc_os_discard(void *p, size_t bytes);
/* Installs handler for SIGSEGV: it gets the faulting address and returns 1 when it
 * dealt with the fault (the access is retried), 0 to let it kill the process. */
int gc_os_on_write_fault(int (*handler)(void *addr));
void gc_os_forget_write_fault(void);

uint64_t gc_os_counter(void);
const char *gc_os_counter_unit(void);

void gc_os_write_err(const char *s);

#endif
