/* Shared declarations of the unit-test suites: one Check suite per source file,
 * collected by main.c into one runner. */
#ifndef PAGODA_UNIT_H
#define PAGODA_UNIT_H

#include <check.h>

Suite *decode_suite(void);
Suite *disas_suite(void);
Suite *csr_suite(void);
Suite *trap_suite(void);
Suite *clint_suite(void);
Suite *uart_suite(void);

struct bus;
struct hart;

/* A hart on a bus with TEST_RAM_SIZE bytes of RAM at TEST_RAM_BASE, in M-mode, as
 * hart_init leaves it. test_hart_free releases both. */
#define TEST_RAM_BASE 0x80000000ull
#define TEST_RAM_SIZE (1ull << 20)
struct hart *test_hart_new(void);
void test_hart_free(struct hart *h);

/* The objdump-derived table test_disas.c compares against (set by main from argv). */
extern const char *disas_expected_path;

#endif
