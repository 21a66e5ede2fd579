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

/* The objdump-derived table test_disas.c compares against (set by main from argv). */
extern const char *disas_expected_path;

#endif
