/* init — PID 1. Mounts /proc, /sys and /dev when the kernel has not (Linux; Pagoda OS
 * provides /proc and /dev itself and has no mount), starts the shell on the console
 * in a session of its own, the console its controlling terminal and the shell's group
 * the foreground one (so that job control works), reaps every orphan that is handed
 * to it, and powers the machine off when the shell exits, with the shell's
 * status as the machine's (`exit 3` makes pagoda exit 3; a shell killed by signal S
 * gives 128 + S). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static pid_t start_shell(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        setsid();
        ioctl(0, TIOCSCTTY, 0);
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

/* Mounts fstype on dir unless probe (a path inside it) already exists; creates dir when
 * missing. A kernel without mount (ENOSYS) keeps its own arrangement, silently. */
static void mount_if_missing(const char *fstype, const char *dir, const char *probe)
{
    struct stat st;
    if (stat(probe, &st) == 0)
        return;
    int r = mount(fstype, dir, fstype, 0, NULL);
    if (r < 0 && errno == ENOENT && mkdir(dir, 0755) == 0)
        r = mount(fstype, dir, fstype, 0, NULL);
    if (r < 0 && errno != ENOSYS)
        fprintf(stderr, "init: mount %s on %s: %s\n", fstype, dir, strerror(errno));
}

int main(void)
{
    if (getpid() != 1) {
        fprintf(stderr, "init: must be run as PID 1\n");
        return 1;
    }
    if (!getenv("PATH"))
        setenv("PATH", "/bin:/sbin:/test", 1);
    mount_if_missing("proc", "/proc", "/proc/self");
    mount_if_missing("sysfs", "/sys", "/sys/kernel");
    mount_if_missing("devtmpfs", "/dev", "/dev/null");
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
