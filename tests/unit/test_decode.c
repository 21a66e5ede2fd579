#include "unit.h"
Suite *decode_suite(void) { return suite_create("decode"); }
