/* uptime — time of day, how long the system has been up, and the load average, in the
 * format of procps' uptime. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int read_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = 0;
    return 0;
}

int main(void)
{
    char buf[128], load[128] = "0.00 0.00 0.00";
    if (read_file("/proc/uptime", buf, sizeof buf) < 0) {
        perror("uptime: /proc/uptime");
        return 1;
    }
    read_file("/proc/loadavg", load, sizeof load);
    long up = atol(buf);
    time_t now = time(NULL);
    long day = now % 86400;
    printf(" %02ld:%02ld:%02ld up ", day / 3600, day % 3600 / 60, day % 60);
    if (up >= 86400)
        printf("%ld day%s, ", up / 86400, up >= 2 * 86400 ? "s" : "");
    if (up % 86400 >= 3600)
        printf("%2ld:%02ld, ", up % 86400 / 3600, up % 3600 / 60);
    else
        printf("%ld min, ", up % 3600 / 60);
    char a[16] = "0.00", b[16] = "0.00", c[16] = "0.00";
    sscanf(load, "%15s %15s %15s", a, b, c);
    printf(" 0 users,  load average: %s, %s, %s\n", a, b, c);
    return 0;
}
