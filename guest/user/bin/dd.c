/* dd — copies blocks, as coreutils: if=FILE of=FILE (default standard input and
 * output), bs= (or ibs= and obs=), count= input blocks, skip= input blocks, seek=
 * output blocks, conv=notrunc,sync (fsync and fdatasync are accepted: the files are in
 * memory), status=none|noxfer. Sizes take
 * the suffixes c w b kB K MB M GB G. At the end, on standard error: the full+partial
 * records read and written and the bytes copied, time taken and rate. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static bool parse_size(const char *s, unsigned long long *v)
{
    static const struct { const char *suffix; unsigned long long mult; } units[] = {
        { "", 1 }, { "c", 1 }, { "w", 2 }, { "b", 512 }, { "kB", 1000 }, { "K", 1024 },
        { "KiB", 1024 }, { "MB", 1000000 }, { "M", 1 << 20 }, { "MiB", 1 << 20 },
        { "GB", 1000000000 }, { "G", 1 << 30 }, { "GiB", 1 << 30 },
    };
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long n = strtoull(s, &end, 10);
    for (unsigned i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].suffix) == 0) {
            *v = n * units[i].mult;
            return true;
        }
    }
    return false;
}

/* An exact byte count the way coreutils' human_readable shows it: "3.0 kB" (one
 * decimal below 10), "67 MB", rounded to nearest; base 1000 (SI) or 1024 (IEC). */
static void human_bytes(unsigned long long n, unsigned base, char *buf, size_t size)
{
    static const char *const si[] = { "", "k", "M", "G", "T", "P" }, *const iec[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi" };
    int e = 0;
    unsigned long long tenths = 0, whole = n;
    while (whole >= base && e < 5) {
        tenths = (whole % base) * 10;
        whole /= base;
        e++;
    }
    if (e && whole < 10) {
        unsigned long long t = (tenths + base / 2) / base;      /* the tenths, rounded */
        if (t == 10)
            whole++, t = 0;
        snprintf(buf, size, "%llu.%llu %s%s", whole, t, base == 1000 ? si[e] : iec[e], "B");
        return;
    }
    whole += tenths * 2 >= 10ULL * base;                        /* round the whole part */
    snprintf(buf, size, "%llu %s%s", whole, base == 1000 ? si[e] : iec[e], "B");
}

/* A rate: one decimal below 100 ("72.0 MB/s"), none above ("466 MB/s"). */
static void human_rate(double v, char *buf, size_t size)
{
    static const char *const si[] = { "", "k", "M", "G", "T", "P" };
    int e = 0;
    while (v >= 1000 && e < 5) {
        v /= 1000;
        e++;
    }
    snprintf(buf, size, v < 100 && e ? "%.1f %sB/s" : "%.0f %sB/s", v, si[e]);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void invalid(const char *what, const char *arg)
{
    fprintf(stderr, "dd: %s '%s'\nTry 'dd --help' for more information.\n", what, arg);
    exit(1);
}

static int write_all(int fd, const char *buf, size_t n, const char *name)
{
    for (size_t off = 0; off < n;) {
        ssize_t w = write(fd, buf + off, n - off);
        if (w < 0) {
            fprintf(stderr, "dd: error writing '%s': %s\n", name, strerror(errno));
            return -1;
        }
        off += (size_t)w;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *in_name = NULL, *out_name = NULL;
    unsigned long long ibs = 512, obs = 512, count = ~0ULL, skip = 0, seek = 0;
    bool bs_given = false, notrunc = false, sync_pad = false, quiet = false, noxfer = false;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq)
            invalid("unrecognized operand", argv[i]);
        size_t klen = (size_t)(eq - argv[i]);
        const char *val = eq + 1;
        unsigned long long n = 0;
#define KEY(k) (klen == strlen(k) && strncmp(argv[i], k, klen) == 0)
        bool numeric = KEY("bs") || KEY("ibs") || KEY("obs") || KEY("count") || KEY("skip") || KEY("seek");
        if (numeric && (!parse_size(val, &n) || (n == 0 && (KEY("bs") || KEY("ibs") || KEY("obs")))))
            invalid("invalid number:", val);
        if (KEY("if")) {
            in_name = val;
        } else if (KEY("of")) {
            out_name = val;
        } else if (KEY("bs")) {
            ibs = obs = n;
            bs_given = true;
        } else if (KEY("ibs")) {
            ibs = n;
        } else if (KEY("obs")) {
            obs = n;
        } else if (KEY("count")) {
            count = n;
        } else if (KEY("skip")) {
            skip = n;
        } else if (KEY("seek")) {
            seek = n;
        } else if (KEY("conv")) {
            char copy[256];
            snprintf(copy, sizeof copy, "%s", val);
            for (char *c = strtok(copy, ","); c; c = strtok(NULL, ",")) {
                if (strcmp(c, "notrunc") == 0)
                    notrunc = true;
                else if (strcmp(c, "sync") == 0)
                    sync_pad = true;
                else if (strcmp(c, "fsync") != 0 && strcmp(c, "fdatasync") != 0)
                    invalid("invalid conversion:", c);
            }
        } else if (KEY("status")) {
            if (strcmp(val, "none") == 0)
                quiet = true;
            else if (strcmp(val, "noxfer") == 0)
                noxfer = true;
            else if (strcmp(val, "progress") != 0)
                invalid("invalid status level:", val);
        } else {
            invalid("unrecognized operand", argv[i]);
        }
#undef KEY
    }
    int in = in_name ? open(in_name, O_RDONLY) : 0;
    if (in < 0) {
        fprintf(stderr, "dd: failed to open '%s': %s\n", in_name, strerror(errno));
        return 1;
    }
    bool to_file = out_name != NULL;
    int out = out_name ? open(out_name, O_WRONLY | O_CREAT | (notrunc || seek ? 0 : O_TRUNC), 0666) : 1;
    if (out < 0) {
        fprintf(stderr, "dd: failed to open '%s': %s\n", out_name, strerror(errno));
        return 1;
    }
    out_name = out_name ? out_name : "standard output";
    in_name = in_name ? in_name : "standard input";
    char *ibuf = malloc(ibs), *obuf = bs_given ? NULL : malloc(obs + ibs);
    if (!ibuf || (!bs_given && !obuf)) {
        fprintf(stderr, "dd: memory exhausted by input buffer of size %llu bytes\n", ibs);
        return 1;
    }
    double start = now();
    if (skip && lseek(in, (off_t)(skip * ibs), SEEK_CUR) < 0) {
        for (unsigned long long k = 0; k < skip && read(in, ibuf, ibs) > 0; k++)
            ;
    }
    if (seek && (lseek(out, (off_t)(seek * obs), SEEK_CUR) < 0 ||
                 (to_file && !notrunc && ftruncate(out, (off_t)(seek * obs)) < 0))) {
        fprintf(stderr, "dd: '%s': cannot seek: %s\n", out_name, strerror(errno));
        return 1;
    }
    unsigned long long in_full = 0, in_part = 0, out_full = 0, out_part = 0, bytes = 0;
    size_t held = 0;
    int status = 0;
    for (unsigned long long blocks = 0; blocks < count; blocks++) {
        ssize_t n = read(in, ibuf, ibs);
        if (n < 0) {
            fprintf(stderr, "dd: error reading '%s': %s\n", in_name, strerror(errno));
            status = 1;
            break;
        }
        if (n == 0)
            break;
        if ((size_t)n == ibs)
            in_full++;
        else
            in_part++;
        if (sync_pad && (size_t)n < ibs) {
            memset(ibuf + n, 0, ibs - (size_t)n);
            n = (ssize_t)ibs;
        }
        if (bs_given) {                         /* each block goes out as it came in */
            if (write_all(out, ibuf, (size_t)n, out_name) < 0) {
                status = 1;
                break;
            }
            bytes += (unsigned long long)n;
            (size_t)n == obs ? out_full++ : out_part++;
            continue;
        }
        memcpy(obuf + held, ibuf, (size_t)n);
        held += (size_t)n;
        size_t off = 0;
        for (; held - off >= obs; off += obs, out_full++, bytes += obs)
            if (write_all(out, obuf + off, obs, out_name) < 0)
                goto done;
        memmove(obuf, obuf + off, held - off);
        held -= off;
    }
    if (held) {
        if (write_all(out, obuf, held, out_name) == 0) {
            out_part++;
            bytes += held;
        }
    }
done:
    double secs = now() - start;
    if (quiet)
        return status;
    fprintf(stderr, "%llu+%llu records in\n%llu+%llu records out\n", in_full, in_part, out_full, out_part);
    if (noxfer)
        return status;
    char si[32], iec[32], rate[32];
    human_bytes(bytes, 1000, si, sizeof si);
    human_bytes(bytes, 1024, iec, sizeof iec);
    if (secs > 0)
        human_rate((double)bytes / secs, rate, sizeof rate);
    else
        snprintf(rate, sizeof rate, "Infinity B/s");
    if (bytes < 1000)
        fprintf(stderr, "%llu byte%s copied, %g s, %s\n", bytes, bytes == 1 ? "" : "s", secs, rate);
    else
        fprintf(stderr, "%llu bytes (%s, %s) copied, %g s, %s\n", bytes, si, iec, secs, rate);
    return status;
}
