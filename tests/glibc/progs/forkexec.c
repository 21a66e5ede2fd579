/* fork, exec and wait: children exit with codes, die of a signal, or exec /bin/echo
 * (a host program under qemu-riscv64, the guest's own in the guest: both print the
 * same); FP state (rounding mode, values) crosses fork. */
#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    volatile double third = 1.0 / 3;
    fesetround(FE_UPWARD);
    for (int i = 0; i < 4; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            if (i == 3)
                raise(SIGTERM);
            if (i == 2) {
                execl("/bin/echo", "echo", "exec'd", "/bin/echo", (char *)NULL);
                _exit(127);
            }
            /* fork keeps the parent's rounding mode and values */
            printf("child %d: round %d, 1/3 up %.17g, third %.17g\n", i,
                   fegetround() == FE_UPWARD, 1.0 / third, third);
            exit(i + 10);
        }
        int st;
        waitpid(pid, &st, 0);
        if (WIFEXITED(st))
            printf("child %d exited %d\n", i, WEXITSTATUS(st));
        else
            printf("child %d killed by %d\n", i, WTERMSIG(st));
    }
    printf("parent: round up still %d, %.17g\n", fegetround() == FE_UPWARD, 2.0 / 3);
    return 0;
}
