/* mm.h — user address spaces: a page table, an ASID and the list of VMAs (virtual
 * memory areas) that say which ranges are valid and with which permissions. Pages are
 * allocated eagerly for now; demand paging and copy-on-write hook into fault.c. */
#ifndef MM_H
#define MM_H

#include "kernel.h"
#include "riscv.h"

#define VM_READ   0x1
#define VM_WRITE  0x2
#define VM_EXEC   0x4
#define VM_SHARED 0x8
#define VM_GROWSDOWN 0x100    /* the stack */

struct vma {
    uint64_t start, end;      /* [start, end), page aligned */
    uint32_t flags;           /* VM_* */
    uint64_t pgoff;           /* file offset in pages, for /proc/PID/maps */
    const char *name;         /* "[heap]", "[stack]", the program's path, or NULL */
    struct vma *next;         /* sorted by start */
};

struct mm {
    pagetable_t pgdir;
    uint16_t asid;            /* 0: none free, flush on every switch */
    struct vma *vmas;
    uint64_t start_brk, brk;  /* heap [start_brk, brk) */
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t start_stack, arg_start, arg_end, env_start, env_end;
    uint64_t total_pages;     /* mapped virtual size */
    uint64_t rss_pages;       /* resident frames */
    char *exe;                /* path of the program, named in maps */
};

/* Page-fault access kinds. */
#define FAULT_READ  1
#define FAULT_WRITE 2
#define FAULT_EXEC  4

void asid_init(void);
struct mm *mm_create(void);
void mm_destroy(struct mm *mm);
struct mm *mm_dup(struct mm *old);
void switch_mm(struct mm *mm);
struct vma *vma_find(struct mm *mm, uint64_t addr);
int mm_map_anon(struct mm *mm, uint64_t start, uint64_t len, uint32_t flags, const char *name);
struct page;
int mm_map_shared_page(struct mm *mm, uint64_t va, struct page *pg, uint32_t flags, const char *name);
int mm_unmap(struct mm *mm, uint64_t start, uint64_t len);
uint64_t mm_get_unmapped_area(struct mm *mm, uint64_t len);
long mm_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, bool may_move);
uint64_t mm_brk(struct mm *mm, uint64_t newbrk);
int mm_protect(struct mm *mm, uint64_t start, uint64_t len, uint32_t flags);
uint64_t vma_pte_perm(uint32_t flags);

/* fault.c */
int handle_page_fault(struct mm *mm, uint64_t va, int access);

/* uaccess.c: copies between the kernel and a user address space. Every user pointer
 * the kernel touches goes through these; a bad one gives -EFAULT, never a trap. */
int copy_from_user(void *dst, uint64_t usrc, size_t n);
int copy_to_user(uint64_t udst, const void *src, size_t n);
long strncpy_from_user(char *dst, uint64_t usrc, size_t max);
int clear_user(uint64_t udst, size_t n);
int copy_to_mm(struct mm *mm, uint64_t udst, const void *src, size_t n);
int fill_mm(struct mm *mm, uint64_t udst, const void *src, size_t n);
int copy_from_mm(struct mm *mm, void *dst, uint64_t usrc, size_t n);

#endif
