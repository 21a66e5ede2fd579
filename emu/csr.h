/* Control and status registers: access rules, read/write semantics (WARL fields,
 * views such as sstatus of mstatus), xRET and sfence.vma. */
#ifndef PAGODA_CSR_H
#define PAGODA_CSR_H

#include <stdbool.h>
#include <stdint.h>

struct hart;

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02, CSR_HPMCOUNTER3 = 0xc03,
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13, CSR_MHARTID = 0xf14,
    CSR_MCONFIGPTR = 0xf15,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304, CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a,
    CSR_MCOUNTINHIBIT = 0x320, CSR_MHPMEVENT3 = 0x323, CSR_MSCRATCH = 0x340,
    CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_PMPCFG0 = 0x3a0, CSR_PMPADDR0 = 0x3b0,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02, CSR_MHPMCOUNTER3 = 0xb03,
};

/* Privilege and read-only checks from the CSR number (and the counter enables).
 * A false answer means: illegal-instruction exception. */
bool csr_access_ok(const struct hart *h, int csr, bool write);
/* Read and write the CSR's architectural value; false for a CSR that does not exist. */
bool csr_read(struct hart *h, int csr, uint64_t *val);
bool csr_write(struct hart *h, int csr, uint64_t val);

/* mhpmevent: the event number (README "Performance counters") in bits 15:0, and
 * Sscofpmf's mode filters: no counting in M, S or U while MINH, SINH or UINH is set. */
enum { HPM_NONE, HPM_ITLB_MISS, HPM_DTLB_MISS, HPM_L2_MISS, HPM_WALK, HPM_DTLB_ACCESS,
       HPM_ITLB_ACCESS, HPM_DTLB_LOAD_ACCESS, HPM_DTLB_LOAD_MISS, HPM_DTLB_STORE_ACCESS,
       HPM_DTLB_STORE_MISS, HPM_PTE_READ, HPM_INSTRET, HPM_CYCLE, HPM_L2_ACCESS,
       HPM_PAGE_FAULT, HPM_EVENT_LIMIT };
#define HPMEVENT_CODE 0xffffull
#define HPMEVENT_MINH (1ull << 62)
#define HPMEVENT_SINH (1ull << 61)
#define HPMEVENT_UINH (1ull << 60)
/* Pagoda's own mode bits in the event selector, the same filters for firmware that
 * writes an SBI raw event's data to mhpmevent as it is (OpenSBI): bit 16 no counting in
 * U, 17 in S, 18 in M. */
#define HPMEVENT_NO_U (1ull << 16)
#define HPMEVENT_NO_S (1ull << 17)
#define HPMEVENT_NO_M (1ull << 18)
#define HPMEVENT_FILTERS (HPMEVENT_MINH | HPMEVENT_SINH | HPMEVENT_UINH | HPMEVENT_NO_U | \
                          HPMEVENT_NO_S | HPMEVENT_NO_M)
uint64_t hpm_event_count(const struct hart *h, uint64_t event);
/* After a change of privilege: counters whose mode filter changes answer start or stop. */
void hpm_priv_changed(struct hart *h);

uint64_t csr_mret(struct hart *h);
uint64_t csr_sret(struct hart *h);
void csr_sfence_vma(struct hart *h, uint64_t va, bool has_va, uint64_t asid, bool has_asid);

/* Names, for the disassembler, the traces, the debugger and the gdb stub: from the
 * RISC-V CSR list (Spike's), or only those binutils knows (objdump's spelling). NULL
 * when unnamed. The returned string may be one of a few rotating buffers. */
enum csr_names_of { CSR_NAMES_SPIKE, CSR_NAMES_BINUTILS };
const char *csr_name_as(int csr, enum csr_names_of who);
const char *csr_name(int csr);            /* Spike's list */
int csr_by_name(const char *name);        /* -1 when unknown */

#endif
