/* watch — runs a command through sh -c every N seconds (-n N, default 2, decimals
 * allowed) and shows its output full-screen under procps' title line ("Every 2.0s:
 * CMD" on the left, "HOST: DATE" on the right; -t leaves it out) until Ctrl-C; -g
 * stops when the output changes. The output is cut to the terminal's size. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_OUTPUT 65536

/* Runs cmd with its output captured in buf; returns the length. */
static size_t capture(const char *cmd, char *buf)
{
    int p[2];
    if (pipe(p) < 0)
        return 0;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        dup2(p[1], 2);
        close(p[0]);
        close(p[1]);
        char *argv[] = { "sh", "-c", (char *)cmd, NULL };
        execv("/bin/sh", argv);
        _exit(127);
    }
    close(p[1]);
    size_t n = 0;
    ssize_t r;
    char sink[512];
    while ((r = read(p[0], n < MAX_OUTPUT ? buf + n : sink, n < MAX_OUTPUT ? MAX_OUTPUT - n : sizeof sink)) > 0)
        if (n < MAX_OUTPUT)
            n += (size_t)r;
    close(p[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return n;
}

/* Prints the part of the output that fits rows x cols. */
static void show(const char *buf, size_t n, int rows, int cols)
{
    int row = 0, col = 0;
    for (size_t i = 0; i < n && row < rows; i++) {
        if (buf[i] == '\n') {
            putchar('\n');
            row++;
            col = 0;
        } else if (col < cols) {
            putchar(buf[i]);
            col++;
        }
    }
}

int main(int argc, char **argv)
{
    double interval = 2;
    bool title = true, stop_on_change = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
            interval = atof(argv[++i]);
            if (interval < 0.1)
                interval = 0.1;
        } else if (strcmp(argv[i], "-t") == 0) {
            title = false;
        } else if (strcmp(argv[i], "-g") == 0) {
            stop_on_change = true;
        } else {
            break;
        }
    }
    if (i == argc) {
        fprintf(stderr, "usage: watch [-n SECS] [-t] [-g] COMMAND...\n");
        return 1;
    }
    char cmd[1024] = "";
    for (int k = i; k < argc; k++)
        snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), "%s%s", k > i ? " " : "", argv[k]);
    static char out[MAX_OUTPUT], prev[MAX_OUTPUT];
    size_t prev_n = 0;
    struct utsname u;
    if (uname(&u) < 0)
        strcpy(u.nodename, "?");
    for (bool first = true;; first = false) {
        struct winsize ws = { 24, 80, 0, 0 };
        ioctl(1, TIOCGWINSZ, &ws);
        int rows = ws.ws_row ? ws.ws_row : 24, cols = ws.ws_col ? ws.ws_col : 80;
        size_t n = capture(cmd, out);
        printf("\033[H\033[2J");
        if (title) {
            char left[1100], right[200];
            time_t now = time(NULL);
            char date[64];
            strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", localtime(&now));
            snprintf(left, sizeof left, "Every %.1fs: %s", interval, cmd);
            snprintf(right, sizeof right, "%s: %s", u.nodename, date);
            int room = cols - (int)strlen(right) - 1;
            if (room < 0)
                room = 0;
            printf("%-*.*s %s\n\n", room, room, left, right);
        }
        show(out, n, rows - (title ? 2 : 0), cols);
        fflush(stdout);
        if (stop_on_change && !first && (n != prev_n || memcmp(out, prev, n) != 0))
            return 0;
        memcpy(prev, out, n);
        prev_n = n;
        struct timespec ts = { (time_t)interval, (long)((interval - (long)interval) * 1e9) };
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
            ;
    }
}
