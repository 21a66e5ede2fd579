/* tlbstat — like `perf stat` for the TLB: runs CMD [ARGS] and prints its instructions,
 * ITLB and DTLB accesses and misses, page walks and the page-table reads they made,
 * page-fault traps and TLB misses per 1000 instructions, user and kernel apart, and its
 * page faults (minor and major); with -v also what changed in /proc/vmstat meanwhile.
 * Counts come from perf_event_open: Pagoda's raw events with their mode bits (Linux's
 * SBI PMU driver refuses exclude_user/kernel, the raw bits reach the firmware on both
 * kernels), attached to the child before it execs CMD, disabled until that exec
 * (enable_on_exec, as perf stat does) and inherited by everything CMD forks. A
 * Linux-ABI program: the same binary runs on Pagoda OS and on Linux on Pagoda.
 * Usage: tlbstat [-v] CMD [ARGS...] */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct {
    const char *name;
    unsigned long event;
} rows[] = {
    { "instructions", PAGODA_INSTRET },
    { "ITLB accesses", PAGODA_ITLB_ACCESS },
    { "ITLB misses", PAGODA_ITLB_MISS },
    { "DTLB accesses", PAGODA_DTLB_ACCESS },
    { "DTLB misses", PAGODA_DTLB_MISS },
    { "page walks", PAGODA_PAGE_WALK },
    { "PTE reads", PAGODA_PTE_READ },
    { "page-fault traps", PAGODA_PAGE_FAULT },
};
#define NROWS (sizeof rows / sizeof rows[0])
enum { INSNS, ITLB_MISSES = 2, DTLB_MISSES = 4 };
enum { USER, KERNEL, MODES };
static const struct {
    const char *name;
    unsigned long config;
} faults[] = {
    { "page faults", PERF_COUNT_SW_PAGE_FAULTS },
    { "  minor", PERF_COUNT_SW_PAGE_FAULTS_MIN },
    { "  major", PERF_COUNT_SW_PAGE_FAULTS_MAJ },
};
#define NFAULTS (sizeof faults / sizeof faults[0])

static int open_counter(uint32_t type, uint64_t config, pid_t pid)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = type;
    a.size = sizeof a;
    a.config = config;
    a.inherit = 1;
    a.disabled = 1;
    a.enable_on_exec = 1;
    a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return perf_event_open(&a, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

/* The counter's value (0 and a message if it cannot be read). */
static uint64_t read_counter(int fd, const char *what)
{
    uint64_t v[3];
    if (read(fd, v, sizeof v) != sizeof v) {
        fprintf(stderr, "tlbstat: reading %s: %s\n", what, strerror(errno));
        return 0;
    }
    return v[0];
}

static void mpki(char *buf, size_t len, uint64_t misses, uint64_t insns)
{
    if (insns == 0)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%llu.%02llu", (unsigned long long)(misses * 1000 / insns),
                 (unsigned long long)(misses * 100000 / insns % 100));
}

/* /proc/vmstat as name/value pairs. */
#define VMSTAT_MAX 256
struct vmstat {
    int n;
    char name[VMSTAT_MAX][40];
    long long value[VMSTAT_MAX];
};

static int read_vmstat(struct vmstat *s)
{
    static char text[16384];
    int fd = open("/proc/vmstat", O_RDONLY);
    ssize_t len = 0, n;
    if (fd < 0)
        return -1;
    while (len < (ssize_t)sizeof text - 1 && (n = read(fd, text + len, sizeof text - 1 - len)) > 0)
        len += n;
    close(fd);
    text[len] = 0;
    s->n = 0;
    for (char *line = text; *line && s->n < VMSTAT_MAX;) {
        char *nl = strchr(line, '\n'), *sp = strchr(line, ' ');
        if (nl)
            *nl = 0;
        if (sp && sp - line < (long)sizeof s->name[0]) {
            memcpy(s->name[s->n], line, sp - line);
            s->name[s->n][sp - line] = 0;
            s->value[s->n++] = strtoll(sp + 1, NULL, 10);
        }
        line = nl ? nl + 1 : line + strlen(line);
    }
    return 0;
}

static void print_vmstat_changes(const struct vmstat *a, const struct vmstat *b)
{
    fprintf(stderr, "\n/proc/vmstat changes (CMD, and tlbstat's fork and wait):\n");
    for (int i = 0; i < b->n; i++)
        for (int j = 0; j < a->n; j++)
            if (strcmp(a->name[j], b->name[i]) == 0 && a->value[j] != b->value[i])
                fprintf(stderr, "%-32s %+14lld\n", b->name[i], b->value[i] - a->value[j]);
}

int main(int argc, char **argv)
{
    int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    argv += verbose;
    argc -= verbose;
    if (argc < 2) {
        fprintf(stderr, "usage: tlbstat [-v] CMD [ARGS...]\n");
        return 2;
    }
    int go[2];
    if (pipe(go) < 0) {
        perror("tlbstat: pipe");
        return 1;
    }
    static struct vmstat before, after;
    if (verbose && read_vmstat(&before) < 0)
        fprintf(stderr, "tlbstat: /proc/vmstat: %s\n", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        perror("tlbstat: fork");
        return 1;
    }
    if (pid == 0) {
        /* Wait until the counters are attached, then become CMD. */
        char c;
        close(go[1]);
        if (read(go[0], &c, 1) != 1)
            _exit(127);
        close(go[0]);
        execvp(argv[1], argv + 1);
        fprintf(stderr, "tlbstat: %s: %s\n", argv[1], strerror(errno));
        _exit(127);
    }
    close(go[0]);

    int fd[NROWS][MODES], sw[NFAULTS];
    static const unsigned long mode_bits[MODES] = {
        PAGODA_RAW_NO_KERNEL | PAGODA_RAW_NO_MACHINE,       /* user */
        PAGODA_RAW_NO_USER | PAGODA_RAW_NO_MACHINE,         /* kernel */
    };
    int failed = 0;
    for (unsigned r = 0; r < NROWS; r++)
        for (int m = 0; m < MODES; m++)
            if ((fd[r][m] = open_counter(PERF_TYPE_RAW, rows[r].event | mode_bits[m], pid)) < 0 &&
                !failed++)
                fprintf(stderr, "tlbstat: perf_event_open(%s): %s%s\n", rows[r].name,
                        strerror(errno), errno == ENOSYS ? " (this kernel has no perf events)"
                                                         : " (no SBI PMU with Pagoda's events?)");
    for (unsigned i = 0; i < NFAULTS; i++)
        sw[i] = open_counter(PERF_TYPE_SOFTWARE, faults[i].config, pid);
    if (failed) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return 1;
    }
    if (write(go[1], "g", 1) != 1)
        perror("tlbstat: pipe");
    close(go[1]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;

    uint64_t v[NROWS][MODES];
    for (unsigned r = 0; r < NROWS; r++)
        for (int m = 0; m < MODES; m++)
            v[r][m] = read_counter(fd[r][m], rows[r].name);
    fprintf(stderr, "\n tlbstat for '");
    for (int i = 1; i < argc; i++)
        fprintf(stderr, "%s%s", i > 1 ? " " : "", argv[i]);
    fprintf(stderr, "':\n\n%-16s %14s %14s %14s\n", "", "user", "kernel", "total");
    for (unsigned r = 0; r < NROWS; r++)
        fprintf(stderr, "%-16s %14llu %14llu %14llu\n", rows[r].name,
                (unsigned long long)v[r][USER], (unsigned long long)v[r][KERNEL],
                (unsigned long long)(v[r][USER] + v[r][KERNEL]));
    char col[MODES + 1][24];
    for (int m = 0; m <= MODES; m++) {
        uint64_t miss = 0, ins = 0;
        for (int k = 0; k < MODES; k++) {
            if (k != m && m != MODES)
                continue;
            miss += v[ITLB_MISSES][k] + v[DTLB_MISSES][k];
            ins += v[INSNS][k];
        }
        mpki(col[m], sizeof col[m], miss, ins);
    }
    fprintf(stderr, "%-16s %14s %14s %14s\n", "TLB MPKI", col[USER], col[KERNEL], col[MODES]);
    for (unsigned i = 0; i < NFAULTS; i++) {
        if (sw[i] >= 0)
            fprintf(stderr, "%-16s %14s %14s %14llu\n", faults[i].name, "", "",
                    (unsigned long long)read_counter(sw[i], faults[i].name));
        else
            fprintf(stderr, "%-16s %14s %14s %14s\n", faults[i].name, "", "", "-");
    }
    if (verbose && read_vmstat(&after) == 0)
        print_vmstat_changes(&before, &after);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
