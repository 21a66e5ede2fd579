/* Runs the platform suites (PLIC, virtio-mmio/virtio-blk, ring fuzzer) and prints
 * Check's summary line. Exit status is non-zero when any check fails. */
#include <stdlib.h>

#include "platform.h"

int main(void)
{
    SRunner *sr = srunner_create(plic_suite());
    srunner_add_suite(sr, virtio_suite());
    srunner_add_suite(sr, fuzz_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
