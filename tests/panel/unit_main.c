/* Runs the panel's unit-test suites and prints Check's summary line; the exit
 * status is non-zero when any check fails. */
#include <stdlib.h>

#include "unit.h"

int main(void)
{
    SRunner *sr = srunner_create(timeline_suite());
    srunner_add_suite(sr, colour_suite());
    srunner_add_suite(sr, model_suite());
    srunner_add_suite(sr, trace_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
