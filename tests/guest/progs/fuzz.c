/* fuzz — calls random system calls with random and hostile arguments (NULL, kernel
 * and unmapped addresses, huge sizes, bad descriptors, garbage structures) in child
 * processes, to show that no user action brings the kernel down. Each child runs in
 * a scratch directory with /dev/null as its standard descriptors and is killed if it
 * hangs. Usage: fuzz [ROUNDS [CALLS_PER_ROUND [SEED]]]. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

/* The calls we fuzz: everything except reboot, execve, rt_sigreturn (nearly always
 * fatal at once) and the kills (which could hit the shell). */
static const long calls[] = {
    17, 23, 24, 25, 29, 34, 35, 46, 48, 49, 50, 53, 56, 57, 59, 61, 62, 63, 64, 65, 66,
    67, 68, 79, 80, 93, 96, 98, 101, 113, 115, 122, 123, 124, 134, 135, 153, 154, 155, 156, 157,
    160, 166, 169, 172, 173, 174, 178, 179, 214, 215, 216, 220, 222, 226, 233, 260, 261,
    276, 278, 9999,
};

static unsigned long long rng;

static unsigned long next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned long)rng;
}

static char *buf;

static long hostile_arg(void)
{
    static const long fixed[] = {
        0, 1, 2, -1, 3, 8, 16, 4096, 0x7fffffff, (long)0x80000000UL, -4096,
        (long)0xffffffc080200000UL, 0x3000000000L, 0x3fffffffffL, 0x10000, 0x100000000L,
    };
    switch (next_random() % 6) {
    case 0:
    case 1:
        return fixed[next_random() % (sizeof fixed / sizeof fixed[0])];
    case 2:
        return (long)(buf + next_random() % 8192);     /* inside our buffer */
    case 3:
        return (long)(buf + 8192 - next_random() % 16); /* at its very end */
    case 4:
        return (long)(next_random() % 40);              /* a descriptor-ish number */
    default:
        return (long)next_random();
    }
}

static void fuzz_child(int calls_per_round)
{
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    buf = malloc(8192 + 64);
    for (int i = 0; i < 8192; i++)
        buf[i] = (char)next_random();
    buf[8191] = 0;
    for (int i = 0; i < calls_per_round; i++) {
        long nr = calls[next_random() % (sizeof calls / sizeof calls[0])];
        long a[6];
        for (int k = 0; k < 6; k++)
            a[k] = hostile_arg();
        if (nr == 220)
            a[0] = SIGCHLD;              /* plain forks; the child leaves at once */
        if (nr == 93)
            continue;
        long r = __syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        if (nr == 220 && r == 0)
            _exit(0);
    }
    _exit(0);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 50;
    int per_round = argc > 2 ? atoi(argv[2]) : 200;
    unsigned long long seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x9e3779b97f4a7c15ULL;
    setvbuf(stdout, NULL, _IOLBF, 0);
    mkdir("/tmp/fuzz", 0755);
    if (chdir("/tmp/fuzz") < 0) {
        printf("fuzz: cannot use /tmp/fuzz\n");
        return 1;
    }
    int killed = 0, crashed = 0;
    for (int r = 0; r < rounds; r++) {
        rng = seed + 0x2545f4914f6cdd1dULL * (r + 1);
        pid_t pid = fork();
        if (pid == 0)
            fuzz_child(per_round);
        if (pid < 0) {
            printf("fuzz: fork: %s\n", strerror(errno));
            break;
        }
        int st = 0;
        for (int waited = 0; waitpid(pid, &st, WNOHANG) == 0; waited++) {
            struct timespec ts = { 0, 20 * 1000000 };
            nanosleep(&ts, NULL);
            if (waited == 50) {          /* a second: it sleeps or blocks; stop it */
                kill(pid, SIGKILL);
                killed++;
            }
        }
        crashed += WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL;
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
    printf("fuzz: %d rounds of %d calls; %d killed by the watchdog, %d died of a signal\n",
           rounds, per_round, killed, crashed);
    CHECK(1, "the kernel survived the fuzzing");
    return finish("fuzz");
}
