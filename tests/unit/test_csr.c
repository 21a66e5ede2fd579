#include "unit.h"
Suite *csr_suite(void) { return suite_create("csr"); }
