/* jobctl_test — job control as Linux does it: stop signals stop a process and SIGCONT
 * continues it, wait4 reports both (WUNTRACED, WCONTINUED), SIGCHLD tells the parent
 * (not with SA_NOCLDSTOP: `jobctl_test nocldstop`), SIGKILL ends a stopped process
 * and other signals wait for it to continue, a read interrupted by a stop goes on
 * after SIGCONT, SIGTSTP is discarded in an orphaned process group, process groups
 * and setpgid. Its output must match qemu-riscv64's. Every wait has a deadline, so a
 * broken kernel fails a check rather than hanging. Usage: jobctl_test [nocldstop] */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

static volatile int chld_count;

static void on_chld(int sig)
{
    (void)sig;
    chld_count++;
}

static void pause_ms(long ms)
{
    struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
    nanosleep(&ts, NULL);
}

/* waitpid with a deadline of 10 s: the pid, 0 if nothing happened in time, or -1. */
static pid_t wait_child(pid_t pid, int *st, int options)
{
    for (int ms = 0; ms < 10000; ms += 10) {
        pid_t r = waitpid(pid, st, options | WNOHANG);
        if (r != 0)
            return r;
        pause_ms(10);
    }
    return 0;
}

/* Waits (10 s at most) until the SIGCHLD handler has run `want` times. */
static int wait_count(int want)
{
    for (int ms = 0; ms < 10000 && chld_count < want; ms += 10)
        pause_ms(10);
    return chld_count;
}

/* A child that reads one byte from fd and exits with it (or 100 + errno). */
static pid_t reader(int fd)
{
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        ssize_t n = read(fd, &c, 1);
        _exit(n == 1 ? c : 100 + errno);
    }
    return pid;
}

static void test_stop_continue(void)
{
    int p[2], st;
    pipe(p);
    pid_t pid = reader(p[0]);
    pause_ms(100);
    CHECK(kill(pid, SIGSTOP) == 0, "SIGSTOP to a child blocked in read");
    CHECK(wait_child(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
          "waitpid WUNTRACED: stopped by SIGSTOP");
    CHECK(st == (SIGSTOP << 8 | 0x7f), "the wait status is sig << 8 | 0x7f");
    CHECK(waitpid(pid, &st, WUNTRACED | WNOHANG) == 0, "a stop is reported once");
    CHECK(kill(pid, SIGCONT) == 0, "SIGCONT");
    CHECK(wait_child(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st), "waitpid WCONTINUED: continued");
    CHECK(st == 0xffff, "the wait status is 0xffff");
    write(p[1], "x", 1);
    CHECK(wait_child(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 'x',
          "its read went on after SIGCONT and got the byte (no EINTR)");
    close(p[0]);
    close(p[1]);
}

static void test_tstp_and_signals_while_stopped(void)
{
    int p[2], st;
    pipe(p);
    pid_t pid = reader(p[0]);
    pause_ms(100);
    kill(pid, SIGTSTP);
    CHECK(wait_child(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP,
          "SIGTSTP stops (its default action)");
    kill(pid, SIGTERM);
    pause_ms(100);
    CHECK(waitpid(pid, &st, WNOHANG) == 0, "SIGTERM waits while the child is stopped");
    kill(pid, SIGCONT);
    CHECK(wait_child(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
          "...and kills it once it is continued");
    pid = reader(p[0]);
    pause_ms(100);
    kill(pid, SIGTTIN);
    CHECK(wait_child(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN,
          "SIGTTIN stops");
    kill(pid, SIGKILL);
    CHECK(wait_child(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
          "SIGKILL ends a stopped child");
    close(p[0]);
    close(p[1]);
}

static void catch_sigchld(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_RESTART | flags;
    sigaction(SIGCHLD, &sa, NULL);
}

/* SIGCHLDs caught while a child blocked in read is stopped and continued (the
 * parent's SIGCHLD on continue may come after waitpid saw the continue: wait for
 * `want` of them), then how many more when it exits (in *at_exit). */
static int sigchld_count(int flags, int want, int *at_exit)
{
    int p[2], st;
    pipe(p);
    catch_sigchld(flags);
    pid_t pid = reader(p[0]);
    pause_ms(100);
    chld_count = 0;
    kill(pid, SIGSTOP);
    wait_child(pid, &st, WUNTRACED);
    kill(pid, SIGCONT);
    wait_child(pid, &st, WCONTINUED);
    int n = want ? wait_count(want) : (pause_ms(300), chld_count);
    write(p[1], "y", 1);
    wait_child(pid, &st, 0);
    *at_exit = WIFEXITED(st) && WEXITSTATUS(st) == 'y' ? wait_count(n + 1) - n : -1;
    signal(SIGCHLD, SIG_DFL);
    close(p[0]);
    close(p[1]);
    return n;
}

static void test_sigchld(void)
{
    int at_exit;
    CHECK(sigchld_count(0, 2, &at_exit) == 2, "SIGCHLD when a child stops and when it continues");
    CHECK(at_exit == 1, "SIGCHLD when it exits");
}

/* SA_NOCLDSTOP: SIGCHLD only at exit. (Not compared with qemu-riscv64, whose signal
 * emulation does not honour the flag.) */
static void test_nocldstop(void)
{
    int at_exit;
    CHECK(sigchld_count(SA_NOCLDSTOP, 0, &at_exit) == 0, "no SIGCHLD for a stop or a continue with SA_NOCLDSTOP");
    CHECK(at_exit == 1, "SIGCHLD at exit all the same");
}

static void test_groups(void)
{
    int p[2], st;
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        read(p[0], &c, 1);
        _exit(getpgrp() == getpid() ? c : 1);
    }
    CHECK(setpgid(pid, pid) == 0, "setpgid puts a child in a group of its own");
    CHECK(getpgid(pid) == pid, "getpgid sees it");
    CHECK(kill(-pid, SIGSTOP) == 0, "kill(-pgid) reaches the group");
    CHECK(wait_child(-pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "waitpid(-pgid, WUNTRACED)");
    kill(-pid, SIGCONT);
    write(p[1], "g", 1);
    CHECK(wait_child(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 'g',
          "the child saw its own group");
    CHECK(setpgid(getpid(), 99999) == -1 && errno == EPERM, "setpgid to a group that does not exist: EPERM");
    close(p[0]);
    close(p[1]);
}

/* A grandchild stops in a group of its own; when its parent exits the group is
 * orphaned with a stopped member, so the kernel sends it SIGHUP (ignored here) and
 * SIGCONT; in the orphaned group SIGTSTP (default action) is then discarded. */
static void test_orphaned_group(void)
{
    int p[2], st;
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        pid_t g = fork();
        if (g == 0) {
            signal(SIGHUP, SIG_IGN);
            setpgid(0, 0);
            raise(SIGSTOP);
            write(p[1], "h", 1);             /* continued when the group was orphaned */
            raise(SIGTSTP);
            write(p[1], "t", 1);             /* SIGTSTP did not stop it */
            _exit(0);
        }
        write(p[1], &g, sizeof g);
        waitpid(g, &st, WUNTRACED);
        _exit(WIFSTOPPED(st) ? 0 : 1);
    }
    pid_t g = 0;
    read(p[0], &g, sizeof g);
    CHECK(wait_child(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "the grandchild stopped in its own group, then its parent exited");
    close(p[1]);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    char buf[4] = "";
    ssize_t n = 0, r;
    for (int ms = 0; ms < 10000 && n < 2; ms += 10) {
        if ((r = read(p[0], buf + n, sizeof buf - (size_t)n)) > 0)
            n += r;
        else
            pause_ms(10);
    }
    CHECK(n >= 1 && buf[0] == 'h', "the orphaned stopped group got SIGCONT (and SIGHUP)");
    CHECK(n == 2 && buf[1] == 't', "SIGTSTP is discarded in an orphaned group");
    if (n != 2)
        kill(g, SIGKILL);
    close(p[0]);
}

/* The checks run in a process group of their own, which this process, waiting
 * outside it in the same session, keeps from being orphaned (the kernel discards
 * SIGTSTP and SIGTTIN in an orphaned group, which a test runner's group may be). A
 * check that hangs ends the run after a minute, children included, with a message. */
int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    pid_t runner = fork();
    if (runner > 0) {
        int st = 0;
        for (int ms = 0; waitpid(runner, &st, WNOHANG) == 0; ms += 100) {
            if (ms == 60000) {
                kill(-runner, SIGKILL);
                waitpid(runner, &st, 0);
                printf("FAIL timed out\n");
                return 1;
            }
            pause_ms(100);
        }
        return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
    }
    setpgid(0, 0);
    if (argc > 1 && strcmp(argv[1], "nocldstop") == 0) {
        test_nocldstop();
        return finish("jobctl_test nocldstop");
    }
    test_stop_continue();
    test_tstp_and_signals_while_stopped();
    test_sigchld();
    test_groups();
    test_orphaned_group();
    return finish("jobctl_test");
}
