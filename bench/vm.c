/* Sv39 page tables for the paging variants (crt0_vm.S calls bench_vm_setup in M-mode,
 * before satp is written). Identity map, so the image runs at its link addresses:
 *   [RAM base, __stack_top rounded up to 2 MiB)  RWX, U (unless -DBENCH_VM_SMODE),
 *       4 KiB pages, or 2 MiB megapages with -DBENCH_VM_MEGA;
 *   the UART page at 0x10000000                   RW, U, 4 KiB.
 * A and D are preset, so no run sets them. The tables are allocated just past the
 * mapped region (the guest cannot reach them), zeroed, and built through physical
 * addresses. Returns the satp value (Sv39, ASID 0). */
#include <stdint.h>

#define RAM_BASE   0x80000000ul
#define UART_BASE  0x10000000ul
#define PAGE       0x1000ul
#define MEGA       0x200000ul
#define PTE_V 0x001
#define PTE_R 0x002
#define PTE_W 0x004
#define PTE_X 0x008
#define PTE_U 0x010
#define PTE_A 0x040
#define PTE_D 0x080
#define SATP_SV39 (8ul << 60)

#ifdef BENCH_VM_SMODE
#define PTE_USER 0
#else
#define PTE_USER PTE_U
#endif

extern char __stack_top[];
static uint64_t pt_next;   /* physical address of the next free table */

uint64_t bench_vm_setup(void);

static uint64_t *pt_alloc(void)
{
    uint64_t *t = (uint64_t *)pt_next;
    pt_next += PAGE;
    for (int i = 0; i < 512; i++)
        t[i] = 0;
    return t;
}

static uint64_t *pt_child(uint64_t *table, uint64_t va, int level)
{
    uint64_t *pte = &table[(va >> (12 + 9 * level)) & 511];
    if (!(*pte & PTE_V))
        *pte = ((uint64_t)pt_alloc() >> 12) << 10 | PTE_V;
    return (uint64_t *)((*pte >> 10) << 12);
}

/* Maps [va, va + size) onto the same physical range with leaves of `page` bytes. */
static void map(uint64_t *root, uint64_t va, uint64_t size, uint64_t page, uint64_t flags)
{
    for (uint64_t end = va + size; va < end; va += page) {
        uint64_t *l1 = pt_child(root, va, 2);
        uint64_t *pte = page == MEGA ? &l1[(va >> 21) & 511]
                                     : &pt_child(l1, va, 1)[(va >> 12) & 511];
        *pte = (va >> 12) << 10 | flags | PTE_V | PTE_A | PTE_D;
    }
}

uint64_t bench_vm_setup(void)
{
    uint64_t map_end = ((uint64_t)__stack_top + MEGA - 1) & ~(MEGA - 1);
    pt_next = map_end;
    uint64_t *root = pt_alloc();
#ifdef BENCH_VM_MEGA
    uint64_t page = MEGA;
#else
    uint64_t page = PAGE;
#endif
    map(root, RAM_BASE, map_end - RAM_BASE, page, PTE_R | PTE_W | PTE_X | PTE_USER);
    map(root, UART_BASE, PAGE, PAGE, PTE_R | PTE_W | PTE_USER);
    return SATP_SV39 | (uint64_t)root >> 12;
}
