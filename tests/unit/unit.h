/* Shared declarations of the unit-test suites: one Check suite per source file,
 * collected by main.c into one runner. */
#ifndef PAGODA_UNIT_H
#define PAGODA_UNIT_H

#include <check.h>
#include <stdint.h>

Suite *decode_suite(void);
Suite *disas_suite(void);
Suite *disas_spike_suite(void);
Suite *csr_suite(void);
Suite *trap_suite(void);
Suite *clint_suite(void);
Suite *uart_suite(void);
Suite *mmu_suite(void);
Suite *tlb_suite(void);
Suite *trace_suite(void);
Suite *softfloat_suite(void);
Suite *place_suite(void);
Suite *fastops_suite(void);
Suite *harts_suite(void);

struct bus;
struct hart;

/* A hart on a bus with TEST_RAM_SIZE bytes of RAM at TEST_RAM_BASE, in M-mode, as
 * hart_init leaves it. test_hart_free releases both. */
#define TEST_RAM_BASE 0x80000000ull
#define TEST_RAM_SIZE (1ull << 20)
struct hart *test_hart_new(void);
void test_hart_free(struct hart *h);

/* Sv39 page tables in that RAM, shared by the MMU and TLB tests (test_mmu.c).
 * sv39_setup opens PMP to S and U (one NAPOT entry over all memory), links
 * SV39_ROOT[0] -> SV39_L1 and SV39_L1[0] -> SV39_L0, and turns Sv39 on with asid.
 * sv39_map writes the PTE of va at level (0: in SV39_L0, for VAs below 2 MiB; 1: in
 * SV39_L1, below 1 GiB; 2: in SV39_ROOT); sv39_pte reads it back. Data pages are
 * from SV39_PAGES up. */
#define SV39_ROOT  (TEST_RAM_BASE + 0x10000)
#define SV39_L1    (TEST_RAM_BASE + 0x11000)
#define SV39_L0    (TEST_RAM_BASE + 0x12000)
#define SV39_PAGES (TEST_RAM_BASE + 0x40000)
uint64_t sv39_satp(uint16_t asid, uint64_t root_pa);
uint64_t sv39_leaf(uint64_t pa, uint64_t flags);     /* also a pointer with flags V */
void sv39_setup(struct hart *h, uint16_t asid);
void sv39_map(struct hart *h, uint64_t va, int level, uint64_t pte);
uint64_t sv39_pte(struct hart *h, uint64_t va, int level);

/* The objdump-derived table test_disas.c compares against (set by main from argv). */
extern const char *disas_expected_path;

#endif
