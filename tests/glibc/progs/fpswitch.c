/* Context switches with FP live: several processes compute different FP recurrences,
 * each in its own rounding mode, for long enough to be preempted many times, while
 * the parent signals them and their handlers compute in yet another mode. Each
 * child's result must equal the one it computed alone before the storm. */
#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define NCHILD 4
static const int modes[NCHILD] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
static volatile double sink;

static void handler(int sig)
{
    (void)sig;
    int old = fegetround();
    fesetround(FE_UPWARD);
    double a = 3.0;
    for (int i = 0; i < 50; i++)
        a = a / 1.1 + 0.3;
    sink = a;
    fesetround(old);                  /* sigreturn restores fcsr anyway */
}

static double recurrence(int k, long n)
{
    double x = 1.0 + k, y = 0.25 * k + 0.1;
    float f = 0.5f + (float)k;
    for (long i = 0; i < n; i++) {
        x = x * 1.0000003 - y / (x + 2.0);
        y = __builtin_fma(y, 0.9999999, 1e-7 * x);
        f = f * 0.99999f + (float)y * 1e-3f;
    }
    return x + y + f;
}

int main(void)
{
    const long n = 150000;
    pid_t pid[NCHILD];
    int ready[2];
    struct sigaction sa = { .sa_handler = handler };   /* inherited by the children */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    if (pipe(ready) < 0)
        return 2;
    for (int k = 0; k < NCHILD; k++) {
        pid[k] = fork();
        if (pid[k] == 0) {
            fesetround(modes[k]);
            double alone = recurrence(k, n);
            if (write(ready[1], "r", 1) != 1)  /* ready: now the storm */
                _exit(2);
            double again = recurrence(k, n);
            _exit(again == alone && fegetround() == modes[k] ? 0 : 1);
        }
    }
    char c;
    for (int k = 0; k < NCHILD; k++)
        if (read(ready[0], &c, 1) != 1)
            return 2;
    for (int round = 0; round < 200; round++)
        for (int k = 0; k < NCHILD; k++)
            kill(pid[k], SIGUSR1);
    int bad = 0;
    for (int k = 0; k < NCHILD; k++) {
        int st;
        waitpid(pid[k], &st, 0);
        int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
        printf("child %d (rounding mode %d): %s\n", k, k, ok ? "exact" : "WRONG");
        bad += !ok;
    }
    return bad;
}
