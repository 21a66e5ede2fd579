/* head, tail — one program under two names. head prints the first lines (-n N; all
 * but the last N with -n -N) or bytes (-c N) of each file or standard input; tail the
 * last lines or bytes (-n N, -c N), or everything from line or byte N on (-n +N,
 * -c +N), and with -f keeps reading a file as it grows (checked every second, -s
 * SECS). -N is -n N. With several files each gets a "==> NAME <==" header (-q none,
 * -v always). Messages and formats as coreutils'. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *prog;
static bool is_tail;
static long count = 10;
static bool bytes;
static bool from_end;      /* head -n -N: all but the last N; tail: the last N (not +N) */

/* head: the first `count` lines or bytes, or all but the last `count` lines (a line
 * is printed once `count` lines have followed it). */
static void head(FILE *f)
{
    if (bytes) {
        int c;
        for (long i = 0; i < count && (c = getc(f)) != EOF; i++)
            putchar(c);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    if (!from_end) {
        for (long i = 0; i < count && (n = getline(&line, &cap, f)) >= 0; i++)
            fwrite(line, 1, (size_t)n, stdout);
        free(line);
        return;
    }
    char **ring = count ? calloc((size_t)count, sizeof *ring) : NULL;
    if (count && !ring) {
        fprintf(stderr, "head: memory exhausted\n");
        exit(1);
    }
    for (long lineno = 0; (n = getline(&line, &cap, f)) >= 0; lineno++) {
        if (!ring) {
            fwrite(line, 1, (size_t)n, stdout);
            continue;
        }
        char **slot = &ring[lineno % count];
        if (lineno >= count) {
            fputs(*slot, stdout);
            free(*slot);
        }
        *slot = strdup(line);
    }
    for (long i = 0; ring && i < count; i++)
        free(ring[i]);
    free(ring);
    free(line);
}

/* Reads all of fd into a buffer that grows; returns its length or -1. */
static ssize_t slurp(int fd, char **buf)
{
    size_t cap = 4096, n = 0;
    *buf = malloc(cap);
    for (;;) {
        if (n == cap && *buf)
            *buf = realloc(*buf, cap *= 2);
        if (!*buf)
            return -1;
        ssize_t r = read(fd, *buf + n, cap - n);
        if (r <= 0)
            return r < 0 ? -1 : (ssize_t)n;
        n += (size_t)r;
    }
}

/* tail: where the output starts in buf[0..n). */
static size_t start_of_tail(const char *buf, size_t n)
{
    size_t want = (size_t)count;
    if (bytes)
        return !from_end ? MIN(n, want ? want - 1 : 0) : n - MIN(n, want);
    if (!from_end) {
        size_t pos = 0;
        for (size_t line = 1; line < want && pos < n; line++) {
            const char *nl = memchr(buf + pos, '\n', n - pos);
            pos = nl ? (size_t)(nl - buf) + 1 : n;
        }
        return pos;
    }
    size_t pos = n;
    if (pos && buf[pos - 1] == '\n')
        pos--;                               /* the last line's newline */
    for (size_t seen = 0; pos > 0; pos--)
        if (buf[pos - 1] == '\n' && ++seen == want)
            break;
    return want ? pos : n;
}

/* tail -f: prints what is appended to fd from offset `pos` on, forever. */
static void follow(int fd, const char *name, off_t pos, unsigned sleep_s)
{
    char buf[4096];
    for (;;) {
        struct stat st;
        if (fstat(fd, &st) == 0 && st.st_size < pos) {
            fprintf(stderr, "tail: %s: file truncated\n", name);
            pos = 0;
        }
        ssize_t r;
        while ((r = pread(fd, buf, sizeof buf, pos)) > 0) {
            fwrite(buf, 1, (size_t)r, stdout);
            pos += r;
        }
        fflush(stdout);
        struct timespec ts = { sleep_s, 0 };
        nanosleep(&ts, NULL);
    }
}

/* A count: N, -N (head: all but the last N) or +N (tail: from the Nth on). */
static bool parse_count(const char *s)
{
    char *end;
    bool sign = *s == '-' || *s == '+';
    from_end = is_tail ? *s != '+' : *s == '-';
    count = strtol(s + sign, &end, 10);
    return *end == 0 && count >= 0 && end != s + sign && !(!is_tail && *s == '+');
}

int main(int argc, char **argv)
{
    prog = basename(argv[0]);
    is_tail = strcmp(prog, "tail") == 0;
    from_end = is_tail;
    int verbose = 0, i = 1, status = 0;
    bool follow_file = false;
    unsigned sleep_s = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[1] >= '0' && a[1] <= '9') {
            if (!parse_count(a + 1))
                goto bad;
        } else if ((a[1] == 'n' || a[1] == 'c') && (a[2] || i + 1 < argc)) {
            bytes = a[1] == 'c';
            if (!parse_count(a[2] ? a + 2 : argv[++i]) || (bytes && from_end && !is_tail))
                goto bad;
        } else if (is_tail && a[1] == 's' && (a[2] || i + 1 < argc)) {
            sleep_s = (unsigned)atoi(a[2] ? a + 2 : argv[++i]);
        } else if (is_tail && strcmp(a, "-f") == 0) {
            follow_file = true;
        } else if (strcmp(a, "-q") == 0) {
            verbose = -1;
        } else if (strcmp(a, "-v") == 0) {
            verbose = 1;
        } else {
            fprintf(stderr, "%s: invalid option '%s'\nusage: %s%s [-n %sN] [-c N] [-q|-v] [FILE]...\n",
                    prog, a, prog, is_tail ? " [-f] [-s SECS]" : "", is_tail ? "[+]" : "[-]");
            return 1;
        }
    }
    int nfiles = argc - i, last_fd = -1;
    bool headers = verbose > 0 || (verbose == 0 && nfiles > 1);
    for (int k = 0; k <= nfiles - (nfiles > 0); k++) {
        const char *name = nfiles ? argv[i + k] : "-";
        bool is_stdin = strcmp(name, "-") == 0;
        int fd = is_stdin ? 0 : open(name, O_RDONLY);
        FILE *f = fd < 0 || is_tail ? NULL : is_stdin ? stdin : fdopen(fd, "r");
        char *buf = NULL;
        ssize_t n = 0;
        if (fd < 0 || (is_tail ? (n = slurp(fd, &buf)) < 0 : !f)) {
            fprintf(stderr, "%s: cannot open '%s' for reading: %s\n", prog, name, strerror(errno));
            status = 1;
            continue;
        }
        if (headers)
            printf("%s==> %s <==\n", k ? "\n" : "", is_stdin ? "standard input" : name);
        if (is_tail) {
            size_t start = start_of_tail(buf, (size_t)n);
            fwrite(buf + start, 1, (size_t)n - start, stdout);
            free(buf);
            if (last_fd > 0)
                close(last_fd);
            last_fd = fd;
        } else if (!is_stdin) {
            head(f);
            fclose(f);
        } else {
            head(f);
        }
    }
    if (follow_file && last_fd > 0 && nfiles == 1)
        follow(last_fd, argv[i], lseek(last_fd, 0, SEEK_CUR), sleep_s);
    return status;
bad:
    fprintf(stderr, "%s: invalid number of %s\n", prog, bytes ? "bytes" : "lines");
    return 1;
}
