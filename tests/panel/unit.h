/* The panel's unit-test suites (Check), run by unit_main.c under ASan/UBSan. */
#ifndef PAGODA_PANEL_UNIT_H
#define PAGODA_PANEL_UNIT_H

#include <check.h>

Suite *timeline_suite(void);
Suite *colour_suite(void);
Suite *model_suite(void);
Suite *trace_suite(void);

#endif
