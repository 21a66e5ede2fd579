/* Pagoda VM tests — the Sv39 harness: PTE and satp fields, the address-space layout
 * that vm_init (vm.S) builds at reset, and M-mode macros to edit page tables.
 * M-mode is never translated, so the harness edits tables through their physical
 * addresses; S and U see the layout below. */
#ifndef PAGODA_VM_H
#define PAGODA_VM_H

#include "test.h"

#define CAUSE_FETCH_PAGE_FAULT  12
#define CAUSE_LOAD_PAGE_FAULT   13
#define CAUSE_STORE_PAGE_FAULT  15
/* An AMO to a page it may not read faults as a store/AMO (15); QEMU 7.2 checks the
 * read first and raises a load page fault (13). Readable pages give 15 on both. */
#ifdef VM_QEMU
#define CAUSE_AMO_NOREAD_PAGE_FAULT CAUSE_LOAD_PAGE_FAULT
#else
#define CAUSE_AMO_NOREAD_PAGE_FAULT CAUSE_STORE_PAGE_FAULT
#endif

/* ---- PTE (privileged spec §4.4.1) ---- */
#define PTE_V 0x001
#define PTE_R 0x002
#define PTE_W 0x004
#define PTE_X 0x008
#define PTE_U 0x010
#define PTE_G 0x020
#define PTE_A 0x040
#define PTE_D 0x080
#define PTE_PPN_SHIFT 10
#define PTE_AD    (PTE_A | PTE_D)
#define PTE_RW    (PTE_V | PTE_R | PTE_W | PTE_AD)
#define PTE_RO    (PTE_V | PTE_R | PTE_AD)
#define PTE_RX    (PTE_V | PTE_R | PTE_X | PTE_AD)
#define PTE_XO    (PTE_V | PTE_X | PTE_AD)
#define PTE_RWX   (PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
#define PTE_TABLE PTE_V                         /* a pointer to the next level */

#define SATP_SV39      (8 << 60)
#define SATP_ASID(a)   ((a) << 44)
#define SATP_MODE_MASK (0xf << 60)

/* ---- The address space built by vm_init ----
 *   root[2]   VA 0x80000000..0xbfffffff: gigapage onto itself (identity), RWX, not U
 *             (ID_USER/ID_SUPER set and clear U); the image runs here in S and U.
 *   root[0] -> pt_l1; pt_l1[0] -> pt_l0: VA_PAGE(i) = i * 4 KiB, 4 KiB pages, all
 *             invalid at reset; pt_l1[j], j >= 1, are megapages VA_MEGA(j), invalid.
 *   root[1]   VA_GIGA (0x40000000), root[511] VA_HIGH: free for gigapage tests.
 * Spare tables (pt_spare0..3) are zeroed at reset for tests to link in.
 * PHYS_PAGES physical pages (phys_page) hold PVAL(k, off) at page k, offset off, so a
 * load tells which physical page and offset it reached. The image is below 2 MiB,
 * so a megapage or gigapage at RAM_BASE reaches every label at label - RAM_BASE. */
#define VA_PAGE(i)   ((i) << 12)
#define VA_MEGA(j)   ((j) << 21)
#define VA_GIGA      0x40000000
#define VA_HIGH      0xffffffffc0000000
#define PHYS_PAGES   16
#define PVAL(k, off) ((0x5a << 56) | ((k) << 32) | (off))

#ifdef __ASSEMBLER__

/* reg = address of entry idx of table (a label). */
#define PTE_ADDR(reg, table, idx) \
    la reg, table + (idx) * 8
/* table[idx] = value (an immediate). Uses t3, t4. No sfence. */
#define PT_SET(table, idx, value) \
    PTE_ADDR(t4, table, idx); li t3, value; sd t3, 0(t4)
/* table[idx] = a PTE pointing at the physical address in reg, with flags. Uses t3,
 * t4 (reg may not be one of them). No sfence. */
#define PT_SET_PA(table, idx, reg, flags) \
    srli t3, reg, 12; slli t3, t3, PTE_PPN_SHIFT; ori t3, t3, flags; \
    PTE_ADDR(t4, table, idx); sd t3, 0(t4)
/* table[idx] = a PTE pointing at label (+ byte offset), with flags. Uses t3-t5. */
#define PT_SET_LABEL(table, idx, label, off, flags) \
    la t5, label; li t3, off; add t5, t5, t3; PT_SET_PA(table, idx, t5, flags)
/* reg = table[idx]. */
#define PT_GET(reg, table, idx) \
    PTE_ADDR(reg, table, idx); ld reg, 0(reg)

/* Map VA_PAGE(i) to physical test page k with flags, and fence. Uses t3-t5. */
#define MAP_PAGE(i, k, flags) \
    PT_SET_LABEL(pt_l0, i, phys_page, (k) * 4096, flags); sfence.vma
/* Unmap VA_PAGE(i), and fence. */
#define UNMAP_PAGE(i) \
    PT_SET(pt_l0, i, 0); sfence.vma

/* The identity gigapage for U-mode code (U=1) or S-mode code (U=0). */
#define ID_USER \
    PTE_ADDR(t4, pt_root, 2); ld t3, 0(t4); ori t3, t3, PTE_U; sd t3, 0(t4); sfence.vma
#define ID_SUPER \
    PTE_ADDR(t4, pt_root, 2); ld t3, 0(t4); andi t3, t3, ~PTE_U; sd t3, 0(t4); sfence.vma

/* reg = the virtual address, through a superpage at VA base onto RAM_BASE, of the
 * physical address in reg. Uses t3. */
#define VIA_SUPER(reg, base) \
    li t3, RAM_BASE; sub reg, reg, t3; li t3, base; add reg, reg, t3

/* Expect the M trap record to hold the trap value in reg / the immediate va. */
#define EXPECT_TVAL_REG(reg) EXPECT_TRAP_REG(mtrap_rec, TR_TVAL, reg)
#define EXPECT_TVAL(va)      EXPECT_MTRAP(TR_TVAL, va)

/* Run the code in `mode` expecting one trap with cause and tval = va (immediate). */
#define TEST_FAULT(n, mode, cause, va, ...) \
    TEST_IN(n, mode, cause, __VA_ARGS__); EXPECT_TVAL(va)

#endif /* __ASSEMBLER__ */
#endif
