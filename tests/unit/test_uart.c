#include "unit.h"
Suite *uart_suite(void) { return suite_create("uart"); }
