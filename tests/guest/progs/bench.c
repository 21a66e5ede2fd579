/* bench — costs of process operations in instructions (the instret counter, which
 * counts the kernel's instructions too) and microseconds: a system call, fork + exit +
 * wait, and fork + execve + exit + wait. "bench --exit" is the program it executes. */
#include <pagoda.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define ROUNDS 20

static unsigned long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000UL + ts.tv_nsec / 1000;
}

static void report(const char *what, unsigned long insns, unsigned long us, int rounds)
{
    printf("%-28s %10lu instructions %8lu us\n", what, insns / rounds, us / rounds);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--exit") == 0)
        return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    unsigned long i0 = rdinstret(), t0 = now_us();
    for (int i = 0; i < 1000; i++)
        __syscall0(SYS_getpid);
    report("getpid", rdinstret() - i0, now_us() - t0, 1000);

    i0 = rdinstret();
    t0 = now_us();
    for (int i = 0; i < ROUNDS; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(0);
        waitpid(pid, NULL, 0);
    }
    unsigned long fork_insns = rdinstret() - i0, fork_us = now_us() - t0;
    report("fork+exit+wait", fork_insns, fork_us, ROUNDS);

    i0 = rdinstret();
    t0 = now_us();
    for (int i = 0; i < ROUNDS; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            char *args[] = { argv[0], "--exit", NULL };
            execv(argv[0], args);
            _exit(127);
        }
        waitpid(pid, NULL, 0);
    }
    unsigned long exec_insns = rdinstret() - i0, exec_us = now_us() - t0;
    report("fork+execve+exit+wait", exec_insns, exec_us, ROUNDS);
    report("execve (the difference)", exec_insns - fork_insns, exec_us - fork_us, ROUNDS);
    return 0;
}
