/* init — PID 1. Starts the shell on the console in its own process group (the
 * terminal's foreground group), reaps every orphan that is handed to it, and powers
 * the machine off when the shell exits, with the shell's status as the machine's
 * (`exit 3` makes pagoda exit 3; a shell killed by signal S gives 128 + S). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static pid_t start_shell(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        setpgid(0, 0);
        tcsetpgrp(0, getpid());
        char *argv[] = { "sh", NULL };
        execv("/bin/sh", argv);
        perror("init: /bin/sh");
        _exit(127);
    }
    if (pid < 0)
        perror("init: fork");
    return pid;
}

int main(void)
{
    if (getpid() != 1) {
        fprintf(stderr, "init: must be run as PID 1\n");
        return 1;
    }
    if (!getenv("PATH"))
        setenv("PATH", "/bin:/sbin:/test", 1);
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    pid_t shell = start_shell();
    int status = 0;
    for (;;) {
        pid_t pid = wait(&status);
        if (pid < 0 && errno == ECHILD)
            break;
        if (pid == shell)
            break;
    }
    power_off_status(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
    return 0;
}
