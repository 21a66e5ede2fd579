#include "unit.h"
Suite *trap_suite(void) { return suite_create("trap"); }
