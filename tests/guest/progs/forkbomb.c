/* forkbomb — every process forks until the kernel refuses (clone fails with EAGAIN at
 * the task limit), then all of them wait on a pipe and exit together. Afterwards the
 * free memory (MemFree in /proc/meminfo) must come back to at least what it was before. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static long mem_free_kb(void)
{
    char buf[512];
    int fd = open("/proc/meminfo", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    char *p = strstr(buf, "MemFree:");
    return p ? atol(p + 8) : -1;
}

static void nap_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int go[2], report[2];
    long before = mem_free_kb();
    CHECK(before > 0, "read MemFree");
    pipe(go);
    pipe(report);

    pid_t top = fork();
    if (top == 0) {
        close(go[1]);
        int eagain = 0, forks = 0;
        for (int tries = 0; tries < 200; tries++) {
            pid_t pid = fork();
            if (pid == 0) {
                forks = 0;                 /* a new bomber */
                continue;
            }
            if (pid > 0) {
                forks++;
                continue;
            }
            if (errno == EAGAIN) {
                eagain = 1;
                break;
            }
        }
        char c = eagain ? 'A' : 'x';
        write(report[1], &c, 1);
        read(go[0], &c, 1);                /* wait for the end */
        while (wait(NULL) > 0)
            ;
        _exit(0);
    }
    close(go[0]);
    close(report[1]);
    /* Every bomber reports once; they stop when the table is full. */
    int reports = 0, saw_eagain = 0;
    char c;
    nap_ms(500);
    while (read(report[0], &c, 1) == 1) {
        reports++;
        saw_eagain |= c == 'A';
        if (reports >= 2 && saw_eagain)
            break;
    }
    CHECK(saw_eagain, "fork fails with EAGAIN at the task limit");
    nap_ms(500);
    close(go[1]);                          /* everyone exits */
    int st;
    waitpid(top, &st, 0);
    CHECK(WIFEXITED(st), "the bomb exited");
    close(report[0]);
    /* At least what was free before: on several harts memory that other processes let
     * go of (init reaping an earlier test's orphan) may come back meanwhile (QEMU -smp 4
     * once had 4 kB more free after). */
    long after = -1;
    for (int i = 0; i < 100 && after < before; i++) {
        nap_ms(50);                        /* init reaps the orphans */
        after = mem_free_kb();
    }
    printf("     MemFree before %ld kB, after %ld kB\n", before, after);
    CHECK(after >= before, "all memory came back");
    return finish("forkbomb");
}
