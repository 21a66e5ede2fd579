/* check.h — one line per check, identical wherever the test runs (Pagoda or Linux
 * through qemu-riscv64), so the outputs can be compared. */
#ifndef CHECK_H
#define CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, what) do { \
    if (cond) \
        printf("ok   %s\n", what); \
    else { \
        printf("FAIL %s (line %d, errno %d %s)\n", what, __LINE__, errno, strerror(errno)); \
        failures++; \
    } \
    fflush(stdout); \
} while (0)

/* A raw-syscall result must be -expected_errno. */
#define CHECK_ERR(r, e, what) CHECK((r) == -1 && errno == (e), what)

static inline int finish(const char *name)
{
    printf("%s: %s\n", name, failures ? "FAILED" : "passed");
    return failures ? 1 : 0;
}

#endif
