/* Architectural constants of RV64 (privileged specification): privilege levels, the
 * 4 KiB page, trap causes and interrupt numbers, mstatus fields, and the three kinds
 * of access the emulator tells apart. A leaf header: it names no emulator type, so the
 * TLB model, the bus and the devices use it without knowing the hart. */
#ifndef PAGODA_RISCV_H
#define PAGODA_RISCV_H

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define PAGE_SHIFT 12
#define PAGE_SIZE  4096ull
#define PAGE_MASK  (~(PAGE_SIZE - 1))

/* satp's fields (Sv39 is mode 8) */
#define SATP_MODE(s)  ((s) >> 60)
#define SATP_ASID(s)  ((uint16_t)((s) >> 44))
#define SATP_PPN(s)   ((s) & ((1ull << 44) - 1))
#define SATP_MODE_SV39 8

/* Accesses: an instruction fetch, a load, a store or AMO. */
enum { ACC_FETCH = 0, ACC_LOAD = 1, ACC_STORE = 2 };

/* Exception causes (privileged spec, table "mcause values"). */
enum {
    CAUSE_MISALIGNED_FETCH = 0, CAUSE_FETCH_ACCESS = 1, CAUSE_ILLEGAL_INSN = 2,
    CAUSE_BREAKPOINT = 3, CAUSE_MISALIGNED_LOAD = 4, CAUSE_LOAD_ACCESS = 5,
    CAUSE_MISALIGNED_STORE = 6, CAUSE_STORE_ACCESS = 7, CAUSE_ECALL_U = 8,
    CAUSE_ECALL_S = 9, CAUSE_ECALL_M = 11, CAUSE_FETCH_PAGE_FAULT = 12,
    CAUSE_LOAD_PAGE_FAULT = 13, CAUSE_STORE_PAGE_FAULT = 15,
};
#define CAUSE_INTERRUPT (1ull << 63)
/* Interrupts: the bit numbers of mip and mie, and the interrupt causes. */
enum { IRQ_SSI = 1, IRQ_MSI = 3, IRQ_STI = 5, IRQ_MTI = 7, IRQ_SEI = 9, IRQ_MEI = 11 };

/* mstatus fields */
#define MSTATUS_SIE  (1ull << 1)
#define MSTATUS_MIE  (1ull << 3)
#define MSTATUS_SPIE (1ull << 5)
#define MSTATUS_UBE  (1ull << 6)
#define MSTATUS_MPIE (1ull << 7)
#define MSTATUS_SPP  (1ull << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP  (3ull << 11)
#define MSTATUS_FS   (3ull << 13)
#define MSTATUS_XS   (3ull << 15)
#define MSTATUS_MPRV (1ull << 17)
#define MSTATUS_SUM  (1ull << 18)
#define MSTATUS_MXR  (1ull << 19)
#define MSTATUS_TVM  (1ull << 20)
#define MSTATUS_TW   (1ull << 21)
#define MSTATUS_TSR  (1ull << 22)
#define MSTATUS_UXL  (3ull << 32)
#define MSTATUS_SXL  (3ull << 34)
#define MSTATUS_SD   (1ull << 63)

#endif
