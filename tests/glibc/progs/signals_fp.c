/* Signals with FP in use in both the handler and the main program: the handler runs
 * in another rounding mode with other values in every f register it touches, and the
 * main computation (interrupted many times) must come out exactly as without them. */
#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static volatile double handler_result;

static void handler(int sig)
{
    (void)sig;
    fesetround(FE_DOWNWARD);
    double a = 1.0;
    for (int i = 0; i < 200; i++)
        a = a * 1.0000001 + 1.0 / (i + 3);
    handler_result = a;
    handled++;
}

static double work(long n)
{
    double x = 0.5, y = 1e-3;
    for (long i = 0; i < n; i++) {
        x = x * 0.999999 + y / (x + 1.0);
        y = y + x * 1e-9;
    }
    return x + y;
}

int main(void)
{
    const long n = 400000;
    double want = work(n);
    struct sigaction sa = { .sa_handler = handler };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        for (int i = 0; i < 300; i++) {
            kill(parent, SIGUSR1);
            for (volatile int k = 0; k < 2000; k++)
                ;
        }
        _exit(0);
    }
    double got = work(n);
    waitpid(child, NULL, 0);
    printf("main result %s (%.17g), rounding after signals: %s\n", got == want ? "exact" : "WRONG",
           got, fegetround() == FE_TONEAREST ? "nearest" : "CHANGED");
    printf("handler ran: %s, its result %a\n", handled > 0 ? "yes" : "no", handler_result);
    return got == want ? 0 : 1;
}
