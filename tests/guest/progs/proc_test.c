/* proc_test — processes: fork, exit and wait statuses, kill and signals, process
 * groups, sleeping and clocks, brk and mmap (including shared memory across fork). */
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static volatile int got_usr1;

static void on_usr1(int sig)
{
    got_usr1 = sig;
}

static void test_exit_status(void)
{
    int st;
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    CHECK(pid > 0, "fork returns the child's pid");
    CHECK(waitpid(pid, &st, 0) == pid, "waitpid reaps the child");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "exit status 7");
    CHECK(st == 7 << 8, "wait status is code << 8");

    pid = fork();
    if (pid == 0)
        exit(255);
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 255, "exit status 255");
    CHECK(wait(&st) == -1 && errno == ECHILD, "wait with no children: ECHILD");
}

static void test_parent(void)
{
    int p[2], st;
    pipe(p);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        char ok = getppid() == parent ? 'y' : 'n';
        write(p[1], &ok, 1);
        _exit(0);
    }
    char c = 0;
    read(p[0], &c, 1);
    waitpid(pid, &st, 0);
    CHECK(c == 'y', "child's getppid is the parent");
    close(p[0]);
    close(p[1]);
}

static void test_kill(void)
{
    int st;
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    CHECK(kill(pid, 0) == 0, "kill(pid, 0) finds the child");
    CHECK(waitpid(pid, &st, WNOHANG) == 0, "WNOHANG on a running child returns 0");
    CHECK(kill(pid, SIGTERM) == 0, "kill SIGTERM");
    CHECK(waitpid(pid, &st, 0) == pid, "reaped the killed child");
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "killed by SIGTERM");
    CHECK(st == SIGTERM, "wait status is the signal number");
    CHECK(kill(pid, SIGTERM) == -1 && errno == ESRCH, "kill a reaped pid: ESRCH");

    pid = fork();
    if (pid == 0) {
        raise(SIGKILL);
        _exit(1);
    }
    waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "raise(SIGKILL) kills");

    pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_IGN);
        raise(SIGINT);
        _exit(3);
    }
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "ignored SIGINT does not kill");
}

static void test_handlers(void)
{
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    CHECK(got_usr1 == SIGUSR1, "SIGUSR1 handler runs");
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    got_usr1 = 0;
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    CHECK(got_usr1 == 0, "blocked signal stays pending");
    sigprocmask(SIG_SETMASK, &old, NULL);
    CHECK(got_usr1 == SIGUSR1, "unblocked signal is delivered");
    signal(SIGUSR1, SIG_DFL);
}

static void test_pgrp(void)
{
    int st;
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    CHECK(setpgid(pid, pid) == 0, "setpgid(child, child)");
    CHECK(getpgid(pid) == pid, "getpgid sees the new group");
    CHECK(kill(-pid, SIGKILL) == 0, "kill(-pgid) signals the group");
    waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "group member killed");
}

static long elapsed_ms(const struct timespec *a, const struct timespec *b)
{
    return (b->tv_sec - a->tv_sec) * 1000 + (b->tv_nsec - a->tv_nsec) / 1000000;
}

static void test_time(void)
{
    struct timespec t0, t1, req = { 0, 50 * 1000000 };
    CHECK(clock_gettime(CLOCK_MONOTONIC, &t0) == 0, "clock_gettime(CLOCK_MONOTONIC)");
    CHECK(nanosleep(&req, NULL) == 0, "nanosleep 50 ms");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = elapsed_ms(&t0, &t1);
    CHECK(ms >= 50 && ms < 2000, "monotonic clock advanced by the sleep");
    req.tv_nsec = 1000000000;
    CHECK(nanosleep(&req, NULL) == -1 && errno == EINVAL, "nanosleep with tv_nsec 1e9: EINVAL");
    CHECK(sched_yield() == 0, "sched_yield");
}

static void test_memory(void)
{
    char *old = sbrk(0);
    char *p = sbrk(3 * 4096);
    CHECK(p == old, "sbrk returns the old break");
    memset(p, 0x5a, 3 * 4096);
    CHECK(p[3 * 4096 - 1] == 0x5a, "grown heap is writable");
    CHECK(sbrk(-3 * 4096) == p + 3 * 4096 && sbrk(0) == p, "sbrk shrinks back");

    char *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED, "mmap 4 anonymous pages");
    CHECK(m[0] == 0 && m[4 * 4096 - 1] == 0, "anonymous memory is zeroed");
    memset(m, 1, 4 * 4096);
    CHECK(munmap(m + 4096, 4096) == 0, "munmap the second page");
    CHECK(m[0] == 1 && m[2 * 4096] == 1, "the other pages stay");
    CHECK(munmap(m, 4 * 4096) == 0, "munmap the rest");
    CHECK(munmap((char *)m + 1, 4096) == -1 && errno == EINVAL, "munmap unaligned: EINVAL");

    int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    *shared = 1;
    int st;
    pid_t pid = fork();
    if (pid == 0) {
        *shared = 42;
        _exit(0);
    }
    waitpid(pid, &st, 0);
    CHECK(*shared == 42, "MAP_SHARED memory is shared with the child");
    int *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *priv = 1;
    pid = fork();
    if (pid == 0) {
        *priv = 42;
        _exit(0);
    }
    waitpid(pid, &st, 0);
    CHECK(*priv == 1, "MAP_PRIVATE memory is copied for the child");

    char *r = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(r, "remap");
    char *r2 = mremap(r, 2 * 4096, 64 * 4096, MREMAP_MAYMOVE);
    CHECK(r2 != MAP_FAILED && strcmp(r2, "remap") == 0, "mremap keeps the contents");
    r2[64 * 4096 - 1] = 1;
    CHECK(munmap(r2, 64 * 4096) == 0, "munmap the remapped area");

    char *big = malloc(1 << 20);
    CHECK(big != NULL, "malloc 1 MiB");
    memset(big, 3, 1 << 20);
    free(big);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_exit_status();
    test_parent();
    test_kill();
    test_handlers();
    test_pgrp();
    test_time();
    test_memory();
    return finish("proc_test");
}
