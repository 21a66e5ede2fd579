/* Runs every unit-test suite and prints Check's summary line. Usage:
 * unit_tests DISAS_TABLE, where DISAS_TABLE is the table made from objdump's output
 * by objdump_table.awk. Exit status is non-zero when any check fails. */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

const char *disas_expected_path;

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DISAS_TABLE\n", argv[0]);
        return 2;
    }
    disas_expected_path = argv[1];
    SRunner *sr = srunner_create(decode_suite());
    srunner_add_suite(sr, disas_suite());
    srunner_add_suite(sr, disas_spike_suite());
    srunner_add_suite(sr, csr_suite());
    srunner_add_suite(sr, trap_suite());
    srunner_add_suite(sr, clint_suite());
    srunner_add_suite(sr, uart_suite());
    srunner_add_suite(sr, mmu_suite());
    srunner_add_suite(sr, tlb_suite());
    srunner_add_suite(sr, trace_suite());
    srunner_add_suite(sr, softfloat_suite());
    srunner_add_suite(sr, place_suite());
    srunner_add_suite(sr, fastops_suite());
    srunner_add_suite(sr, harts_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
