/* time — runs a command and reports, on standard error, the resources it used, in
 * GNU time's default format: user and system CPU seconds, elapsed (wall) time, CPU
 * share, peak resident set, and major and minor page faults; -p gives POSIX's
 * "real/user/sys" lines instead. The exit status is the command's (128 + signal if
 * it was killed). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long usec(const struct timeval *tv)
{
    return (long)tv->tv_sec * 1000000 + (long)tv->tv_usec;
}

int main(int argc, char **argv)
{
    int i = 1;
    int posix = 0;
    if (i < argc && strcmp(argv[i], "-p") == 0) {
        posix = 1;
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i == argc) {
        fprintf(stderr, "time: missing program to run\nusage: time [-p] CMD [ARG]...\n");
        return 125;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "time: cannot fork: %s\n", strerror(errno));
        return 125;
    }
    if (pid == 0) {
        execvp(argv[i], argv + i);
        int err = errno;
        fprintf(stderr, "time: cannot run %s: %s\n", argv[i], strerror(err));
        _exit(err == ENOENT ? 127 : 126);
    }
    signal(SIGINT, SIG_IGN);                    /* the command gets them, we report */
    signal(SIGQUIT, SIG_IGN);
    int status;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long real = (t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
    long user = usec(&ru.ru_utime), sys = usec(&ru.ru_stime);
    if (posix) {
        fprintf(stderr, "real %ld.%02ld\nuser %ld.%02ld\nsys %ld.%02ld\n", real / 1000000,
                real % 1000000 / 10000, user / 1000000, user % 1000000 / 10000, sys / 1000000,
                sys % 1000000 / 10000);
    } else {
        if (WIFSIGNALED(status))
            fprintf(stderr, "Command terminated by signal %d\n", WTERMSIG(status));
        else if (WEXITSTATUS(status))
            fprintf(stderr, "Command exited with non-zero status %d\n", WEXITSTATUS(status));
        char elapsed[32], cpu[16];
        long cs = real / 10000;                 /* hundredths */
        if (cs >= 360000)
            snprintf(elapsed, sizeof elapsed, "%ld:%02ld:%02ld", cs / 360000, cs / 6000 % 60, cs / 100 % 60);
        else
            snprintf(elapsed, sizeof elapsed, "%ld:%02ld.%02ld", cs / 6000, cs / 100 % 60, cs % 100);
        if (real > 0)
            snprintf(cpu, sizeof cpu, "%ld%%", (user + sys) * 100 / real);
        else
            snprintf(cpu, sizeof cpu, "?%%");
        fprintf(stderr, "%ld.%02lduser %ld.%02ldsystem %selapsed %sCPU (0avgtext+0avgdata %ldmaxresident)k\n"
                        "0inputs+0outputs (%ldmajor+%ldminor)pagefaults 0swaps\n",
                user / 1000000, user % 1000000 / 10000, sys / 1000000, sys % 1000000 / 10000,
                elapsed, cpu, ru.ru_maxrss, ru.ru_majflt, ru.ru_minflt);
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
