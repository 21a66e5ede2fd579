/* mm.h — user address spaces. An mm holds a root page table, an ASID and the VMAs
 * (virtual memory areas) that say which ranges are valid, with which permissions and
 * what backs them (a file's page cache, or anonymous zero-filled memory). VMAs sit in a
 * red-black tree by address, and on a list in address order. Nothing is allocated
 * when a range is mapped: pages arrive on the first touch (fault.c), fork copies page
 * tables and shares frames copy-on-write. */
#ifndef MM_H
#define MM_H

#include "kernel.h"
#include "lock.h"
#include "rbtree.h"
#include "riscv.h"

/* vma.flags */
#define VM_READ       0x001
#define VM_WRITE      0x002
#define VM_EXEC       0x004
#define VM_SHARED     0x008
#define VM_GROWSDOWN  0x100   /* the stack: grows down on faults below it */
#define VM_NORESERVE  0x200   /* MAP_NORESERVE (nothing is reserved anyway) */
#define VM_SPECIAL    0x400   /* one kernel-provided page ([vdso]); never merged */
#define VM_MAYWRITE   0x800   /* mprotect may add VM_WRITE (not a read-only file shared) */
#define VM_PROT_MASK  (VM_READ | VM_WRITE | VM_EXEC)

struct inode;
struct page;

struct vma {
    struct rb_node rb;        /* in mm->vma_tree, keyed by start */
    struct vma *prev, *next;  /* neighbours in address order */
    struct mm *mm;
    uint64_t start, end;      /* [start, end), page aligned */
    uint32_t flags;           /* VM_* */
    struct inode *file;       /* backing file (a reference), or NULL: anonymous */
    uint64_t pgoff;           /* file offset of start, in pages */
    char *path;               /* file VMAs: the file's path when mapped (owned) */
    struct page *special;     /* VM_SPECIAL: the page mapped at start */
    const char *name;         /* VM_SPECIAL: "[vdso]" */
    char *anon_name;          /* anonymous VMAs: prctl(PR_SET_VMA_ANON_NAME) (owned) */
};

/* What mmap is asked for (the system call's arguments, decoded). */
struct mmap_req {
    uint64_t addr, len;
    uint32_t flags;           /* VM_* */
    bool fixed;               /* exactly at addr (MAP_FIXED, MAP_FIXED_NOREPLACE) */
    bool noreplace;           /* MAP_FIXED_NOREPLACE: fail if something is there */
    struct inode *file;       /* NULL: anonymous */
    uint64_t pgoff;
    const char *path;         /* the file's name, for /proc/PID/maps */
};

/* RSS counters, as Linux's MM_*PAGES; MM_SWAPENTS counts PTEs holding swap entries. */
enum { MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS, NR_MM_COUNTERS };

struct mm {
    struct mutex lock;        /* the VMAs and the page tables (Linux's mmap_lock): taken
                                 by the fault handler, the memory system calls, fork,
                                 and whoever reads another process's memory */
    struct spinlock ptl;      /* the page-table lock: held, besides lock, to change a PTE,
                                 a table page or the VMA tree, so that the reverse map,
                                 which reaches the mm without lock, sees them whole;
                                 a PTE read under lock alone is checked again under it
                                 before it is replaced */
    struct list_head mmlist;  /* on the list of every address space (rmap.c's walk) */
    int users;                /* references: the tasks running in it (its threads), and
                                 anyone looking at it (procfs, truncate, swapoff); freed
                                 at 0 */
    struct task *owner;       /* the one task that stands for it where every address
                                 space is visited once (reverse map, truncation,
                                 swapoff, OOM): a thread using it */
    pagetable_t pgdir;
    uint64_t context;         /* ASID generation | ASID (asid.c) */
    volatile cpumask_t cpumask; /* harts whose TLB may hold its entries (asid.c) */
    struct rb_root vma_tree;
    struct vma *vmas;         /* lowest VMA; ->next walks up */
    struct vma *vma_cache;    /* last vma_find() hit */
    int map_count;
    uint64_t start_brk, brk;  /* heap [start_brk, brk) */
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t start_stack, arg_start, arg_end, env_start, env_end;
    uint64_t total_vm, data_vm, exec_vm, stack_vm;  /* pages mapped, by kind */
    uint64_t hiwater_vm, hiwater_rss;
    uint64_t rss[NR_MM_COUNTERS];
    uint64_t nr_ptes;         /* page-table pages below the root */
    uint64_t min_flt, maj_flt, cow_flt, segv;
    uint64_t tlb_remote_flush;          /* shootdown requests for it, and the harts they */
    uint64_t tlb_remote_flush_received; /* reached (atomic; /proc/PID/faults) */
    char *exe;                /* path of the program, named in maps */
};

/* Limits of the layout (Linux's values). */
#define RLIMIT_STACK_BYTES (8UL << 20)
#define STACK_GUARD_GAP    (256 * PAGE_SIZE)
#define MAX_MAP_COUNT      65530

/* Page-fault access kinds; FAULT_FORCE lets the kernel write a read-only private
 * page (breaking its sharing), as ptrace and the ELF loader do. */
#define FAULT_READ  1
#define FAULT_WRITE 2
#define FAULT_EXEC  4
#define FAULT_FORCE 8

/* Results of handle_mm_fault. VM_FAULT_KILLED: SIGKILL came while the fault waited;
 * the task dies on its way out, nothing more is said. */
enum { VM_FAULT_OK = 0, VM_FAULT_SIGSEGV, VM_FAULT_ACCERR, VM_FAULT_SIGBUS, VM_FAULT_OOM,
       VM_FAULT_KILLED };


/* asid.c: ASIDs by generation, and TLB shootdowns. */
#define FLUSH_PAGES_MAX 64        /* above this, one fence for the whole ASID */
void asid_init(const char *bootargs);
void switch_mm(struct mm *mm);
uint64_t mm_asid(const struct mm *mm);
void flush_tlb_range(struct mm *mm, uint64_t start, uint64_t npages);
void flush_tlb_page(struct mm *mm, uint64_t va);
void flush_tlb_mm(struct mm *mm);
void local_flush_tlb_page(struct mm *mm, uint64_t va);
void asid_release(struct mm *mm);

/* vma.c: the VMA tree and list. */
void vma_init(void);
struct vma *vma_alloc(void);
void vma_free(struct vma *v);
int vma_copy(struct vma *dst, const struct vma *src);
struct vma *vma_find(struct mm *mm, uint64_t addr);
struct vma *vma_lookup(struct mm *mm, uint64_t addr);
struct vma *vma_find_above(struct mm *mm, uint64_t addr);
void vma_link(struct mm *mm, struct vma *v);
void vma_unlink(struct mm *mm, struct vma *v);
int vma_split(struct vma *v, uint64_t addr);
void vma_set_range(struct vma *v, uint64_t start, uint64_t end);
void vma_merge_range(struct mm *mm, uint64_t start, uint64_t end);
bool range_is_free(struct mm *mm, uint64_t start, uint64_t end);
uint64_t get_unmapped_area(struct mm *mm, uint64_t hint, uint64_t len);
void vm_stat_account(struct mm *mm, uint32_t flags, int64_t npages);
bool vma_is_stack(const struct vma *v);

/* mm.c: address spaces. */
extern struct spinlock mmlist_lock;
extern struct list_head mmlist;
void mm_publish(struct mm *mm);
struct mm *mm_create(void);
void mm_destroy(struct mm *mm);
struct mm *mm_dup(struct mm *old);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);
struct task;
struct mm *task_mm_get(int slot);
struct mm *get_task_mm(struct task *t);
struct mm *get_pid_mm(pid_t pid);
uint64_t mm_rss(const struct mm *mm);
void mm_add_rss(struct mm *mm, int counter, int64_t n);

/* memory.c: page-table work over ranges. */
/* Called with a run of n consecutive level-0 PTEs (one table's share of the range),
 * the first mapping va; entries may be invalid. */
typedef void (*pte_run_fn)(struct vma *v, pte_t *pte, uint64_t va, uint64_t n, void *arg);
void walk_ptes(struct vma *v, uint64_t start, uint64_t end, pte_run_fn fn, void *arg);
struct page *zero_page(void);
/* TLB shootdown batching (Linux's mmu_gather, memory.c): the range of pages whose
 * PTEs were removed or weakened, and the frames and table pages to release once every
 * TLB that may hold them has been fenced (tlb_finish: one request for the range, or
 * for the whole ASID when it is large or a table went). */
#define GATHER_FRAMES 128         /* frames held back for the fence, at most (an unmap of
                                     up to this many pages is one request) */
struct tlb_gather {
    struct mm *mm;
    uint64_t start, end;      /* the pages changed lie in [start, end); empty: start == end */
    bool tables_freed;
    bool fullmm;              /* the whole mm is going (exit): no hart can use it again */
    unsigned nframes;
    struct page *frames[GATHER_FRAMES];
    struct list_head tables;  /* table pages taken out, freed after the fence */
};
void tlb_gather_init(struct tlb_gather *g, struct mm *mm, bool fullmm);
void tlb_finish(struct tlb_gather *g);
void zap_page_range_gather(struct tlb_gather *g, struct vma *v, uint64_t start, uint64_t end);
void free_pgtables_gather(struct tlb_gather *g, struct mm *mm, uint64_t start, uint64_t end);
void zap_page_range(struct vma *v, uint64_t start, uint64_t end);
void zap_page_range_fullmm(struct vma *v, uint64_t start, uint64_t end);
void free_pgtables(struct mm *mm, uint64_t start, uint64_t end);
void free_pgtables_exit(struct mm *mm);
int copy_page_range(struct mm *dst, struct vma *v);
void change_protection(struct vma *v, uint64_t start, uint64_t end);
int move_page_tables(struct vma *v, uint64_t old, uint64_t new_start, uint64_t len);
pte_t *pte_alloc(struct mm *mm, uint64_t va);
pte_t *pte_alloc_locked(struct mm *mm, uint64_t va);
/* A PTE that hardware may update (A and D) and the reverse map may change: replaced
 * only with atomic operations. */
static inline pte_t pte_read(const pte_t *pte) { return __atomic_load_n(pte, __ATOMIC_SEQ_CST); }
static inline pte_t pte_xchg(pte_t *pte, pte_t val)
{
    return __atomic_exchange_n(pte, val, __ATOMIC_SEQ_CST);
}
static inline bool pte_cmpxchg(pte_t *pte, pte_t old, pte_t val)
{
    return __atomic_compare_exchange_n(pte, &old, val, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
static inline pte_t pte_clear_bits(pte_t *pte, pte_t bits)
{
    return __atomic_fetch_and(pte, ~bits, __ATOMIC_SEQ_CST);
}
static inline pte_t pte_set_bits(pte_t *pte, pte_t bits)
{
    return __atomic_fetch_or(pte, bits, __ATOMIC_SEQ_CST);
}
void sync_shared_range(struct vma *v, uint64_t start, uint64_t end);
uint64_t vma_pte_perm(uint32_t flags);
int mm_counter(const struct vma *v, const struct page *pg);
void clear_page(void *page);
void copy_page(void *dst, const void *src);

/* mmap.c: the operations behind the memory system calls. */
long do_mmap(struct mm *mm, const struct mmap_req *req);
int do_munmap(struct mm *mm, uint64_t start, uint64_t len);
int do_mprotect(struct mm *mm, uint64_t start, uint64_t len, uint32_t prot_flags);
int do_set_anon_name(struct mm *mm, uint64_t start, uint64_t len, const char *name);
int do_madvise_dontneed(struct mm *mm, uint64_t start, uint64_t len);
int do_madvise_pageout(struct mm *mm, uint64_t start, uint64_t len);
int do_msync(struct mm *mm, uint64_t start, uint64_t len);
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED   2
long do_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
               uint64_t new_addr);
uint64_t do_brk(struct mm *mm, uint64_t newbrk);
int install_special_mapping(struct mm *mm, uint64_t va, struct page *pg, uint32_t flags,
                            const char *name);

/* pagecache.c: file pages shared by read(), write() and mappings. */
#define FGP_CREAT 1           /* a hole gets a zeroed frame */
#define FGP_EOF   2           /* fail with -ENXIO past the end of the file */
struct page *find_get_page(struct inode *ip, uint64_t index, int fgp, int *err);
void writeback_range(struct inode *ip, uint64_t first, uint64_t npages);
void truncate_inode_pages(struct inode *ip, uint64_t first, bool resched);
void unmap_mapping_range(struct inode *ip, uint64_t first_index);
struct inode *shmem_file_setup(uint64_t size);
char *inode_path(struct inode *ip);

/* fault.c: handle_mm_fault takes mm->lock itself (the caller must not hold it). */
int handle_mm_fault(struct mm *mm, uint64_t va, int access);
void do_page_fault(uint64_t va, int access);
int expand_stack(struct vma *v, uint64_t addr);

/* uaccess.c: copies between the kernel and a user address space. Every user pointer
 * the kernel touches goes through these; a bad one gives -EFAULT, never a trap. */
int copy_from_user(void *dst, uint64_t usrc, size_t n);
int copy_to_user(uint64_t udst, const void *src, size_t n);
long strncpy_from_user(char *dst, uint64_t usrc, size_t max);
int clear_user(uint64_t udst, size_t n);
int copy_to_mm(struct mm *mm, uint64_t udst, const void *src, size_t n);
int clear_mm_force(struct mm *mm, uint64_t udst, size_t n);
int copy_from_mm(struct mm *mm, void *dst, uint64_t usrc, size_t n);

#endif
