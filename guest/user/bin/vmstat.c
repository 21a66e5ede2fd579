/* vmstat — virtual memory statistics, as procps prints them: processes, memory (KiB),
 * swap, I/O, system (interrupts and context switches per second) and CPU columns, one
 * line (or "vmstat DELAY [COUNT]" lines; the first reports since boot), from /proc. "vmstat -s" lists the event counters of /proc/vmstat. */
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

/* From /proc/stat: CPU jiffies (user, nice, system, idle, iowait, irq, softirq, steal)
 * and the interrupt and context-switch counts. */
enum { USER, NICE, SYS, IDLE, IOWAIT, IRQ, SOFTIRQ, STEAL, INTR, CTXT, NSTAT };

static void read_stat(unsigned long long *v)
{
    slurp("/proc/stat");
    memset(v, 0, NSTAT * sizeof *v);
    sscanf(text, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[USER], &v[NICE], &v[SYS],
           &v[IDLE], &v[IOWAIT], &v[IRQ], &v[SOFTIRQ], &v[STEAL]);
    char *p = strstr(text, "\nintr ");
    if (p)
        v[INTR] = strtoull(p + 6, NULL, 10);
    if ((p = strstr(text, "\nctxt ")))
        v[CTXT] = strtoull(p + 6, NULL, 10);
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

/* One line; prev holds the /proc/stat values of the last one (zero at first, so that
 * the first line covers the time since boot), as procps: rates per second over the
 * jiffies that passed (USER_HZ = 100). */
static void line(unsigned long long *prev, long seconds)
{
    long io[4];
    unsigned long long now[NSTAT], d[NSTAT];
    io_rates(io, seconds);
    read_stat(now);
    for (int i = 0; i < NSTAT; i++)
        d[i] = now[i] - prev[i];
    memcpy(prev, now, sizeof now);
    unsigned long long us = d[USER] + d[NICE], sy = d[SYS] + d[IRQ] + d[SOFTIRQ], id = d[IDLE];
    unsigned long long div = us + sy + id + d[IOWAIT] + d[STEAL];
    if (!div)
        div = id = 1;
#define PER(x, scale) ((unsigned)(((scale) * (x) + div / 2) / div))
    slurp("/proc/loadavg");
    long running = 0;
    char *slash = strchr(text, '/');
    if (slash) {
        char *p = slash;
        while (p > text && p[-1] != ' ')
            p--;
        running = strtol(p, NULL, 10);
    }
    printf("%2ld %2d %6ld %6ld %6ld %6ld %4ld %4ld %5ld %5ld %4u %4u %2u %2u %2u %2u %2u\n",
           running, 0, value("/proc/meminfo", "SwapTotal") - value("/proc/meminfo", "SwapFree"),
           value("/proc/meminfo", "MemFree"), value("/proc/meminfo", "Buffers"),
           value("/proc/meminfo", "Cached"), io[0], io[1], io[2], io[3], PER(d[INTR], 100),
           PER(d[CTXT], 100), PER(us, 100), PER(sy, 100), PER(id, 100), PER(d[IOWAIT], 100),
           PER(d[STEAL], 100));
#undef PER
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
    unsigned long long prev[NSTAT] = { 0 };
    for (long i = 0; count < 0 || i < count; i++) {
        if (i) {
            struct timespec ts = { delay, 0 };
            nanosleep(&ts, NULL);
        }
        line(prev, i ? delay : 0);
    }
    return 0;
}
