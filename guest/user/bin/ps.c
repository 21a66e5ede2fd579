/* ps — lists every process from /proc: PID PPID STAT VSZ RSS COMMAND (sizes in KiB,
 * COMMAND from /proc/PID/cmdline, or [comm] when it is empty). */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t read_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n >= 0)
        buf[n] = 0;
    return n;
}

static int by_pid(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* Fields of /proc/PID/stat after "(comm)": state is field 3, ppid 4, vsize 23, rss 24. */
static void show(int pid)
{
    char path[64], stat[512], cmd[256], comm[64] = "?";
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (read_file(path, stat, sizeof stat) <= 0)
        return;
    char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    if (!open_paren || !close_paren)
        return;
    snprintf(comm, sizeof comm, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
    char state = '?';
    long field[32] = { 0 };
    char *p = close_paren + 2;
    state = *p;
    p += 1;
    for (int f = 4; f <= 24 && *p; f++) {
        field[f] = strtol(p, &p, 10);
    }
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    ssize_t n = read_file(path, cmd, sizeof cmd);
    if (n > 0) {
        for (ssize_t i = 0; i < n - 1; i++)
            if (cmd[i] == 0)
                cmd[i] = ' ';
    } else {
        snprintf(cmd, sizeof cmd, "[%s]", comm);
    }
    printf("%5d %5ld %-4c %6ld %5ld %s\n", pid, field[4], state, field[23] / 1024,
           field[24] * 4, cmd);
}

int main(void)
{
    DIR *d = opendir("/proc");
    if (!d) {
        perror("ps: /proc");
        return 1;
    }
    int pids[512], n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512)
        if (isdigit((unsigned char)e->d_name[0]))
            pids[n++] = atoi(e->d_name);
    closedir(d);
    qsort(pids, n, sizeof pids[0], by_pid);
    printf("  PID  PPID STAT    VSZ   RSS COMMAND\n");
    for (int i = 0; i < n; i++)
        show(pids[i]);
    return 0;
}
