#include "unit.h"
Suite *clint_suite(void) { return suite_create("clint"); }
