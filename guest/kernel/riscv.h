/* riscv.h — supervisor CSRs, their bits, Sv39 page-table entries and fences. */
#ifndef RISCV_H
#define RISCV_H

#include "types.h"

#define csr_read(csr) ({ uint64_t __v; \
    __asm__ volatile("csrr %0, " #csr : "=r"(__v) :: "memory"); __v; })
#define csr_write(csr, val) \
    __asm__ volatile("csrw " #csr ", %0" :: "rK"((uint64_t)(val)) : "memory")
#define csr_set(csr, bits) \
    __asm__ volatile("csrs " #csr ", %0" :: "rK"((uint64_t)(bits)) : "memory")
#define csr_clear(csr, bits) \
    __asm__ volatile("csrc " #csr ", %0" :: "rK"((uint64_t)(bits)) : "memory")

/* sstatus */
#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)
#define SSTATUS_FS   (3UL << 13)
#define SSTATUS_SUM  (1UL << 18)

/* sie / sip */
#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SIE_SEIE (1UL << 9)

/* scause */
#define SCAUSE_INTR (1UL << 63)
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS     1
#define EXC_ILLEGAL         2
#define EXC_BREAKPOINT      3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS    7
#define EXC_ECALL_U         8
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

/* Sv39 PTE bits */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)

#define PA2PTE(pa) ((((uint64_t)(pa)) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte) & 0x3ff)
#define PXSHIFT(level) (PAGE_SHIFT + 9 * (level))
#define PX(level, va) ((((uint64_t)(va)) >> PXSHIFT(level)) & 0x1ff)
#define LEVEL_SIZE(level) (1UL << PXSHIFT(level))   /* 4 KiB, 2 MiB, 1 GiB */

#define SATP_SV39 (8UL << 60)
#define SATP_ASID_SHIFT 44
#define MAKE_SATP(pgdir_pa, asid) \
    (SATP_SV39 | ((uint64_t)(asid) << SATP_ASID_SHIFT) | ((uint64_t)(pgdir_pa) >> 12))

static inline void sfence_vma_all(void) { __asm__ volatile("sfence.vma" ::: "memory"); }
static inline void sfence_vma_asid(uint64_t asid)
{
    __asm__ volatile("sfence.vma zero, %0" :: "r"(asid) : "memory");
}
static inline void sfence_vma_page(uint64_t va, uint64_t asid)
{
    __asm__ volatile("sfence.vma %0, %1" :: "r"(va), "r"(asid) : "memory");
}

static inline void intr_on(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline bool intr_get(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline uint64_t rdtime(void) { return csr_read(time); }

#endif
