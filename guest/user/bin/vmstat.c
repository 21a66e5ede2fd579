/* vmstat — virtual memory statistics, as procps prints them: processes, memory (KiB),
 * swap, I/O, system and CPU columns, one line (or "vmstat DELAY [COUNT]" lines; the
 * first reports since boot). "vmstat -s" lists the event counters of /proc/vmstat. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char text[8192];

static const char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, text, sizeof text - 1);
    text[n > 0 ? n : 0] = 0;
    if (fd >= 0)
        close(fd);
    return text;
}

static long value(const char *path, const char *name)
{
    slurp(path);
    size_t len = strlen(name);
    for (char *p = text; (p = strstr(p, name)) != NULL; p += len)
        if ((p == text || p[-1] == '\n') && (p[len] == ' ' || p[len] == ':'))
            return strtol(p + len + 1, NULL, 10);
    return 0;
}

/* Jiffies of user, system and idle time from /proc/uptime and the tasks' counters. */
static void cpu(long *us, long *sy, long *id)
{
    slurp("/proc/uptime");
    double up = atof(text), idle = atof(strchr(text, ' ') ? strchr(text, ' ') + 1 : "0");
    *id = (long)(idle * 100);
    *us = 0;
    *sy = (long)((up - idle) * 100);
}

/* Swap and block traffic since the last line (the first: since boot), in KiB per
 * second, as Linux's si so bi bo: pswpin/pswpout count pages, pgpgin/pgpgout KiB. */
static void io_rates(long *rate, long seconds)
{
    if (seconds <= 0)
        seconds = atol(slurp("/proc/uptime"));
    static const char *const names[4] = { "pswpin", "pswpout", "pgpgin", "pgpgout" };
    static long prev[4];
    for (int i = 0; i < 4; i++) {
        long v = value("/proc/vmstat", names[i]) * (i < 2 ? 4 : 1);
        rate[i] = (v - prev[i]) / (seconds > 0 ? seconds : 1);
        prev[i] = v;
    }
}

static void line(long *last)
{
    long us, sy, id, io[4];
    io_rates(io, last[3]);
    cpu(&us, &sy, &id);
    long dus = us - last[0], dsy = sy - last[1], did = id - last[2], all = dus + dsy + did;
    last[0] = us, last[1] = sy, last[2] = id;
    if (all <= 0)
        all = 1;
    slurp("/proc/loadavg");
    long running = 0;
    char *slash = strchr(text, '/');
    if (slash) {
        char *p = slash;
        while (p > text && p[-1] != ' ')
            p--;
        running = strtol(p, NULL, 10);
    }
    printf("%2ld %2d %6ld %6ld %6ld %6ld %4ld %4ld %5ld %5ld %4d %4d %2ld %2ld %2ld %2d %2d\n",
           running, 0, value("/proc/meminfo", "SwapTotal") - value("/proc/meminfo", "SwapFree"),
           value("/proc/meminfo", "MemFree"), value("/proc/meminfo", "Buffers"),
           value("/proc/meminfo", "Cached"), io[0], io[1], io[2], io[3], 0, 0,
           dus * 100 / all, dsy * 100 / all, did * 100 / all, 0, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-s") == 0) {
        fputs(slurp("/proc/vmstat"), stdout);
        return 0;
    }
    long delay = argc > 1 ? atol(argv[1]) : 0, count = argc > 2 ? atol(argv[2]) : (delay ? -1 : 1);
    printf("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n");
    printf(" r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n");
    long last[4] = { 0, 0, 0, 0 };         /* cpu times, and seconds since the last line */
    for (long i = 0; count < 0 || i < count; i++) {
        if (i) {
            struct timespec ts = { delay, 0 };
            nanosleep(&ts, NULL);
            last[3] = delay;
        }
        line(last);
    }
    return 0;
}
