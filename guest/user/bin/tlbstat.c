/* tlbstat — like `perf stat` for the TLB: runs CMD [ARGS] and prints its instructions,
 * ITLB and DTLB accesses and misses, misses per 1000 instructions and page walks, user
 * and kernel apart, and its page faults. Counts come from perf_event_open: Pagoda's raw
 * events with their mode bits (Linux's SBI PMU driver refuses exclude_user/kernel, the
 * raw bits reach the firmware on both kernels), attached to the child before it execs
 * CMD, disabled until that exec (enable_on_exec, as perf stat does) and inherited by
 * everything CMD forks. A Linux-ABI program: the same binary runs on Pagoda OS and on
 * Linux on Pagoda. */
#include <errno.h>
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
};
#define NROWS (sizeof rows / sizeof rows[0])
enum { USER, KERNEL, MODES };

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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: tlbstat CMD [ARGS...]\n");
        return 2;
    }
    int go[2];
    if (pipe(go) < 0) {
        perror("tlbstat: pipe");
        return 1;
    }
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

    int fd[NROWS][MODES], faults;
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
    faults = open_counter(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, pid);
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
        uint64_t miss = m < MODES ? v[2][m] + v[4][m] : v[2][0] + v[2][1] + v[4][0] + v[4][1];
        uint64_t ins = m < MODES ? v[0][m] : v[0][0] + v[0][1];
        mpki(col[m], sizeof col[m], miss, ins);
    }
    fprintf(stderr, "%-16s %14s %14s %14s\n", "TLB MPKI", col[USER], col[KERNEL], col[MODES]);
    if (faults >= 0)
        fprintf(stderr, "%-16s %14s %14s %14llu\n", "page faults", "", "",
                (unsigned long long)read_counter(faults, "page faults"));
    else
        fprintf(stderr, "%-16s %14s %14s %14s\n", "page faults", "", "", "-");
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
