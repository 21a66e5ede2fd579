/* check.h — one line per check, identical wherever the test runs (Pagoda or Linux
 * through qemu-riscv64), so the outputs can be compared. */
#ifndef CHECK_H
#define CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The number after "name" and a separator (space, tab or colon) at the start of a line
 * of the file at path (a /proc file: vmstat, meminfo, PID/faults), or -1. */
static inline long proc_field(const char *path, const char *name)
{
    static char text[16384];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, text, sizeof text - 1);
    text[n > 0 ? n : 0] = 0;
    if (fd >= 0)
        close(fd);
    size_t len = strlen(name);
    for (const char *p = text; (p = strstr(p, name)) != NULL; p += len)
        if ((p == text || p[-1] == '\n') && (p[len] == ' ' || p[len] == '\t' || p[len] == ':'))
            return strtol(p + len + 1, NULL, 10);
    return -1;
}

static inline int finish(const char *name)
{
    printf("%s: %s\n", name, failures ? "FAILED" : "passed");
    return failures ? 1 : 0;
}

#endif
