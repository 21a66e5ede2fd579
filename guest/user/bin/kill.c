/* kill — sends a signal (default TERM) to processes: kill [-SIG | -s SIG] PID...;
 * kill -l lists the signal names. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[] = {
    [SIGHUP] = "HUP", [SIGINT] = "INT", [SIGQUIT] = "QUIT", [SIGILL] = "ILL",
    [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT", [SIGBUS] = "BUS", [SIGFPE] = "FPE",
    [SIGKILL] = "KILL", [SIGUSR1] = "USR1", [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
    [SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM", [SIGCHLD] = "CHLD",
    [SIGCONT] = "CONT", [SIGSTOP] = "STOP", [SIGTSTP] = "TSTP", [SIGTTIN] = "TTIN",
    [SIGTTOU] = "TTOU", [SIGURG] = "URG", [SIGWINCH] = "WINCH",
};
#define NNAMES ((int)(sizeof names / sizeof names[0]))

static int parse_signal(const char *s)
{
    if (isdigit((unsigned char)*s))
        return atoi(s);
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (int i = 1; i < NNAMES; i++)
        if (names[i] && strcasecmp(s, names[i]) == 0)
            return i;
    return -1;
}

int main(int argc, char **argv)
{
    int sig = SIGTERM, i = 1, status = 0;
    if (argc > 1 && strcmp(argv[1], "-l") == 0) {
        for (int s = 1; s < NNAMES; s++)
            if (names[s])
                printf("%2d) SIG%s\n", s, names[s]);
        return 0;
    }
    if (i < argc && strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
        sig = parse_signal(argv[i + 1]);
        i += 2;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1] && !isdigit((unsigned char)argv[i][1])) {
        sig = parse_signal(argv[i] + 1);
        i++;
    } else if (i < argc && argv[i][0] == '-' && isdigit((unsigned char)argv[i][1]) && i + 1 < argc) {
        sig = atoi(argv[i] + 1);
        i++;
    }
    if (sig < 0 || sig > 64 || i >= argc) {
        fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] PID...\n");
        return 1;
    }
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (*end || end == argv[i]) {
            fprintf(stderr, "kill: %s: arguments must be process IDs\n", argv[i]);
            status = 1;
        } else if (kill((pid_t)pid, sig) < 0) {
            fprintf(stderr, "kill: (%ld) - %s\n", pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
