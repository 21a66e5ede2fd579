/* kfuzz — a coverage-guided system-call fuzzer, a small syzkaller: it generates
 * sequences of system calls with structured arguments (descriptors the sequence opened,
 * addresses inside and around its mappings, sizes at page boundaries, flags from the
 * calls' real flag sets, paths), runs each sequence in a fresh process, and keeps the
 * sequences that made the kernel execute code it had not executed before, to mutate
 * them further. The signal is /proc/kcov_pcs: the number of distinct kernel pcs the
 * machine has seen (Pagoda with --cov); without it kfuzz still runs, blind.
 *
 * Watchdog in the guest: after each sequence its process group is killed and its files
 * removed, and MemFree must come back to where it was; a sequence that loses memory
 * three runs in a row is reported ("kfuzz: leak") and ends the run (status 3). A hang
 * or a panic is for the host to see: with -v each sequence is printed before it runs.
 *
 * Usage: kfuzz [-t SECONDS] [-n SEQUENCES] [-s SEED] [-v] [-r SEQUENCE]
 *   -t, -n  stop after this much guest time or this many sequences (default 60 s);
 *           Ctrl-C stops it too, with the summary
 *   -r      run one sequence (as printed) once, with the leak check, and stop
 * A sequence prints as calls separated by ';', each NAME:KIND.SEL.VAL,... (hex). */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define MAX_CALLS  8
#define CORPUS_MAX 512
#define SCRATCH    "/tmp/kfuzz"
#define LEAK_SLACK_KB 64           /* MemFree may wobble by this much (slab, caches) */

enum kind { A_INT, A_FD, A_ADDR, A_SIZE, A_FLAGS, A_PATH, A_RES, A_SIG, A_NKINDS };

struct arg { uint8_t kind, sel; uint32_t val; };
struct call { uint8_t spec; struct arg a[6]; };
struct seq { int n; struct call c[MAX_CALLS]; };

/* Flag sets, from the Linux ABI headers. */
static const uint32_t open_flags[] = { 1, 2, 0100, 0200, 01000, 02000, 04000, 0200000,
                                       02000000, 0400000, 040000 };
static const uint32_t prot_flags[] = { 1, 2, 4 };
static const uint32_t map_flags[] = { 1, 2, 0x10, 0x20, 0x20, 0x8000, 0x4000, 0x100,
                                      0x100000 };
static const uint32_t mremap_flags[] = { 1, 2, 4 };
static const uint32_t at_flags[] = { 0x100, 0x200, 0x1000, 0x800 };
static const uint32_t wait_flags[] = { 1, 2, 8, 0x40000000 };
static const uint32_t clone_flags[] = { 0x200, 0x400, 0x800, 0x4000, 0x100, 0x10000,
                                        0x1000000, 0x200000 };
static const uint32_t futex_flags[] = { 1, 3, 4, 9, 10, 128 };

#define SET(s) s, sizeof s / sizeof s[0]

struct spec {
    long nr;
    const char *name;
    uint8_t kind[6];
    const uint32_t *flags;       /* for the A_FLAGS argument, if any */
    int nflags;
};

#define I A_INT
#define F A_FD
#define D A_ADDR
#define Z A_SIZE
#define G A_FLAGS
#define P A_PATH
#define S A_SIG
static const struct spec specs[] = {
    { 56, "openat", { F, P, G, I }, SET(open_flags) },
    { 57, "close", { F }, NULL, 0 },
    { 63, "read", { F, D, Z }, NULL, 0 },
    { 64, "write", { F, D, Z }, NULL, 0 },
    { 65, "readv", { F, D, I }, NULL, 0 },
    { 66, "writev", { F, D, I }, NULL, 0 },
    { 67, "pread64", { F, D, Z, Z }, NULL, 0 },
    { 68, "pwrite64", { F, D, Z, Z }, NULL, 0 },
    { 62, "lseek", { F, Z, I }, NULL, 0 },
    { 23, "dup", { F }, NULL, 0 },
    { 24, "dup3", { F, F, G }, SET(open_flags) },
    { 25, "fcntl", { F, I, I }, NULL, 0 },
    { 29, "ioctl", { F, I, D }, NULL, 0 },
    { 59, "pipe2", { D, G }, SET(open_flags) },
    { 61, "getdents64", { F, D, Z }, NULL, 0 },
    { 79, "newfstatat", { F, P, D, G }, SET(at_flags) },
    { 80, "fstat", { F, D }, NULL, 0 },
    { 46, "ftruncate", { F, Z }, NULL, 0 },
    { 34, "mkdirat", { F, P, I }, NULL, 0 },
    { 35, "unlinkat", { F, P, G }, SET(at_flags) },
    { 276, "renameat2", { F, P, F, P, I }, NULL, 0 },
    { 48, "faccessat", { F, P, I }, NULL, 0 },
    { 17, "getcwd", { D, Z }, NULL, 0 },
    { 222, "mmap", { D, Z, G, I, F, Z }, SET(map_flags) },
    { 222, "mmap", { D, Z, I, G, F, Z }, SET(map_flags) },
    { 215, "munmap", { D, Z }, NULL, 0 },
    { 226, "mprotect", { D, Z, G }, SET(prot_flags) },
    { 216, "mremap", { D, Z, Z, G, D }, SET(mremap_flags) },
    { 233, "madvise", { D, Z, I }, NULL, 0 },
    { 214, "brk", { D }, NULL, 0 },
    { 220, "clone", { G, D, D, D, D }, SET(clone_flags) },
    { 260, "wait4", { I, D, G, D }, SET(wait_flags) },
    { 129, "kill", { I, S }, NULL, 0 },
    { 134, "rt_sigaction", { S, D, D, I }, NULL, 0 },
    { 135, "rt_sigprocmask", { I, D, D, I }, NULL, 0 },
    { 98, "futex", { D, G, I, D, D, I }, SET(futex_flags) },
    { 96, "set_tid_address", { D }, NULL, 0 },
    { 122, "sched_setaffinity", { I, Z, D }, NULL, 0 },
    { 123, "sched_getaffinity", { I, Z, D }, NULL, 0 },
    { 261, "prlimit64", { I, I, D, D }, NULL, 0 },
    { 179, "sysinfo", { D }, NULL, 0 },
    { 160, "uname", { D }, NULL, 0 },
    { 278, "getrandom", { D, Z, I }, NULL, 0 },
    { 101, "nanosleep", { D, D }, NULL, 0 },
    { 124, "sched_yield", { I }, NULL, 0 },
};
#undef I
#undef F
#undef D
#undef Z
#undef G
#undef P
#undef S
#define NSPECS (int)(sizeof specs / sizeof specs[0])

static const long ints[] = { 0, 1, 2, 3, -1, 4, 8, 16, 64, 255, 1024, 0x7fffffff, -4096 };
static const long sizes[] = { 0, 1, 7, 8, 63, 4095, 4096, 4097, 8191, 8192, 65536, 1 << 20,
                              0x7fffffff, -1, 16 << 20 };
static const long fds[] = { 0, 1, 2, -1, -100, 3, 63, 1 << 20 };
static const long offsets[] = { 0, 8, 4095, 4096, 4097, 8192, -1, -8, -4096, 100 };
static const char *const paths[] = { "f", "d", "d/f", "/", "/proc/self/maps", "/dev/null",
                                     "", ".", "..", "/tmp/kfuzz/d/../f", "/proc/self/fd/3",
                                     "/test",
                                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
#define N(a) (sizeof a / sizeof a[0])

static unsigned long long rng;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (uint32_t)(rng % n) : 0;
}

static void gen_arg(struct arg *a, int kind, const struct spec *sp, int index)
{
    a->kind = (uint8_t)kind;
    a->sel = 0xff;
    a->val = 0;
    switch (kind) {
    case A_FD:                       /* a result of an earlier call, usually */
        if (index > 0 && rnd(4))
            a->sel = (uint8_t)rnd((uint32_t)index);
        else
            a->val = rnd(N(fds));
        break;
    case A_ADDR:                     /* base: 0 NULL, 1 buffer, 2 an earlier result, 3 the
                                      * stack, 4 kernel, 5 top of user space, 6 a hole */
        a->sel = (uint8_t)rnd(7);
        a->val = rnd(N(offsets)) | (index > 0 ? rnd((uint32_t)index) : 0) << 8;
        break;
    case A_FLAGS:
        for (int k = 0, n = (int)rnd(4); k < n && sp->nflags; k++)
            a->val |= sp->flags[rnd((uint32_t)sp->nflags)];
        break;
    case A_SIZE: a->val = rnd(N(sizes)); break;
    case A_PATH: a->val = rnd(N(paths)); break;
    case A_SIG: a->val = rnd(66); break;
    default:
        if (rnd(5) == 0) {
            a->kind = A_RES;
            a->sel = (uint8_t)(index > 0 ? rnd((uint32_t)index) : 0);
        } else {
            a->val = rnd(4) ? rnd(N(ints)) : 0x80000000u | rnd(0x7fffffff);
        }
    }
}

static void gen_call(struct call *c, int index)
{
    c->spec = (uint8_t)rnd(NSPECS);
    const struct spec *sp = &specs[c->spec];
    for (int k = 0; k < 6; k++)
        gen_arg(&c->a[k], sp->kind[k], sp, index);
}

static void generate(struct seq *s)
{
    s->n = 1 + (int)rnd(MAX_CALLS);
    for (int i = 0; i < s->n; i++)
        gen_call(&s->c[i], i);
}

/* One change: a new argument, a new call, a call removed, or a splice. */
static void mutate(struct seq *s, const struct seq *other)
{
    int i = (int)rnd((uint32_t)s->n);
    switch (rnd(5)) {
    case 0: case 1: {
        struct call *c = &s->c[i];
        int k = (int)rnd(6);
        gen_arg(&c->a[k], specs[c->spec].kind[k], &specs[c->spec], i);
        break;
    }
    case 2:
        if (s->n < MAX_CALLS) {
            int at = (int)rnd((uint32_t)s->n + 1);
            memmove(&s->c[at + 1], &s->c[at], (size_t)(s->n - at) * sizeof s->c[0]);
            gen_call(&s->c[at], at);
            s->n++;
        }
        break;
    case 3:
        if (s->n > 1) {
            memmove(&s->c[i], &s->c[i + 1], (size_t)(s->n - i - 1) * sizeof s->c[0]);
            s->n--;
        }
        break;
    default:
        for (int k = 0; k < other->n && s->n < MAX_CALLS; k++)
            if (rnd(2))
                s->c[s->n++] = other->c[k];
    }
}

static void print_seq(const char *what, const struct seq *s)
{
    printf("kfuzz: %s ", what);
    for (int i = 0; i < s->n; i++) {
        const struct spec *sp = &specs[s->c[i].spec];
        printf("%s%s/%u:", i ? ";" : "", sp->name, s->c[i].spec);
        for (int k = 0; k < 6; k++)
            printf("%s%x.%x.%x", k ? "," : "", s->c[i].a[k].kind, s->c[i].a[k].sel,
                   (unsigned)s->c[i].a[k].val);
    }
    printf("\n");
}

static bool parse_seq(const char *text, struct seq *s)
{
    s->n = 0;
    const char *p = text;
    while (*p && s->n < MAX_CALLS) {
        const char *slash = strchr(p, '/');
        if (!slash)
            return false;
        char *end;
        unsigned long spec = strtoul(slash + 1, &end, 10);
        if (*end != ':' || spec >= (unsigned long)NSPECS)
            return false;
        struct call *c = &s->c[s->n++];
        c->spec = (uint8_t)spec;
        p = end + 1;
        for (int k = 0; k < 6; k++) {
            unsigned long kind = strtoul(p, &end, 16);
            if (*end != '.')
                return false;
            unsigned long sel = strtoul(end + 1, &end, 16);
            if (*end != '.')
                return false;
            unsigned long val = strtoul(end + 1, &end, 16);
            c->a[k] = (struct arg){ (uint8_t)kind, (uint8_t)sel, (uint32_t)val };
            p = end + (*end == ',');
        }
        if (*p == ';')
            p++;
    }
    return s->n > 0 && !*p;
}

/* ---- running a sequence (in the child) ---- */

static char *buffer;                 /* 4 pages, the page after unmapped */

static long resolve(const struct arg *a, const long *res, int index)
{
    static const long bases[7] = { 0, 0, 0, 0, (long)0xffffffc080200000UL, 0x3fffffe000L,
                                   0x200000000L };
    switch (a->kind) {
    case A_FD:
        return a->sel < index ? res[a->sel] : fds[a->val % N(fds)];
    case A_RES:
        return a->sel < index ? res[a->sel] : 0;
    case A_ADDR: {
        long off = offsets[(a->val & 0xff) % N(offsets)], base = bases[a->sel % 7];
        int slot = (int)(a->val >> 8);
        long local = 0;
        if (a->sel == 0)
            return off == 0 ? 0 : off;
        if (a->sel == 1)
            base = (long)buffer;
        else if (a->sel == 2)
            base = slot < index ? res[slot] : (long)buffer;
        else if (a->sel == 3)
            base = (long)&local;
        return base + off;
    }
    case A_SIZE: return sizes[a->val % N(sizes)];
    case A_PATH: return (long)paths[a->val % N(paths)];
    case A_SIG: return (long)a->val;
    case A_FLAGS: return (long)a->val;
    default: return a->val < N(ints) ? ints[a->val] : (long)a->val;
    }
}

static void run_child(const struct seq *s)
{
    setpgid(0, 0);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    buffer = mmap(NULL, 5 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buffer == MAP_FAILED)
        _exit(1);
    munmap(buffer + 4 * 4096, 4096);
    for (int i = 0; i < 4 * 4096; i++)
        buffer[i] = (char)(i * 7);
    long res[MAX_CALLS] = { 0 };
    for (int i = 0; i < s->n; i++) {
        const struct call *c = &s->c[i];
        long a[6];
        for (int k = 0; k < 6; k++)
            a[k] = resolve(&c->a[k], res, i);
        if (specs[c->spec].nr == 220)
            a[0] = (a[0] & ~0xffL) | SIGCHLD;     /* a fork-like clone, flags to taste */
        long nr = specs[c->spec].nr;
        if (nr == 129 || nr == 261)
            a[0] = 0;                  /* only the sequence's own processes */
        if (nr == 34 || nr == 35 || nr == 276 || (nr == 56 && (a[2] & 0100))) {
            /* What creates or removes names stays in the scratch directory. */
            a[0] = -100;
            if (*(const char *)a[1] == '/')
                a[1] = (long)"f";
            if (nr == 276) {
                a[2] = -100;
                if (*(const char *)a[3] == '/')
                    a[3] = (long)"d";
            }
        }
        res[i] = __syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    _exit(0);
}

/* ---- the parent: runs, watches, keeps ---- */

static long read_number(const char *path, const char *key)
{
    char buf[2048];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    const char *p = key ? strstr(buf, key) : buf;
    return p ? strtol(p + (key ? strlen(key) : 0), NULL, 10) : -1;
}

static long kcov(void) { return read_number("/proc/kcov_pcs", NULL); }
static long memfree_kb(void) { return read_number("/proc/meminfo", "MemFree:"); }

static void remove_tree(const char *dir)
{
    static const char *const names[] = { "d/f", "d/d", "f", "d", "aaa" };
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < N(names); i++) {
            char path[128];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            unlink(path);
            rmdir(path);
        }
}

static volatile sig_atomic_t stop;
static void on_int(int sig) { (void)sig; stop = 1; }

/* Runs s in a fresh process; returns the memory it left behind (KiB). */
static long run(const struct seq *s, bool verbose)
{
    if (verbose)
        print_seq("run", s);
    fflush(stdout);
    long before = memfree_kb();
    pid_t pid = fork();
    if (pid == 0)
        run_child(s);
    if (pid < 0)
        return 0;
    int st;
    for (int waited = 0; waitpid(pid, &st, WNOHANG) == 0; waited++) {
        struct timespec ts = { 0, 10 * 1000000 };
        nanosleep(&ts, NULL);
        if (waited == 200)
            kill(pid, SIGKILL);
    }
    kill(-pid, SIGKILL);              /* what it forked */
    for (int i = 0; i < 50 && waitpid(-1, NULL, WNOHANG) >= 0; i++) {
        struct timespec ts = { 0, 2 * 1000000 };
        nanosleep(&ts, NULL);
    }
    remove_tree(SCRATCH);
    long after = memfree_kb();
    return before > 0 && after > 0 ? before - after : 0;
}

/* Whether s loses memory every time it runs. */
static bool leaks(const struct seq *s, long first_kb)
{
    if (first_kb <= LEAK_SLACK_KB)
        return false;
    for (int k = 0; k < 2; k++)
        if (run(s, false) <= LEAK_SLACK_KB)
            return false;
    return true;
}

static struct seq corpus[CORPUS_MAX];

int main(int argc, char **argv)
{
    long secs = 60, max_runs = -1;
    unsigned long long seed = 0x9e3779b97f4a7c15ULL;
    bool verbose = false;
    const char *replay = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-t") && i + 1 < argc)
            secs = atol(argv[++i]);
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            max_runs = atol(argv[++i]);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-r") && i + 1 < argc)
            replay = argv[++i];
        else if (!strcmp(argv[i], "-v"))
            verbose = true;
        else {
            printf("usage: kfuzz [-t SECONDS] [-n SEQUENCES] [-s SEED] [-v] [-r SEQUENCE]\n");
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    mkdir(SCRATCH, 0755);
    if (chdir(SCRATCH) < 0) {
        printf("kfuzz: cannot use %s\n", SCRATCH);
        return 1;
    }
    signal(SIGINT, on_int);
    rng = seed ? seed : 1;
    if (replay) {
        struct seq s;
        if (!parse_seq(replay, &s)) {
            printf("kfuzz: cannot parse the sequence\n");
            return 2;
        }
        run(&s, false);                  /* warm the caches it touches */
        long lost = run(&s, verbose);
        bool leak = leaks(&s, lost);
        printf("kfuzz: replayed, %s\n", leak ? "it leaks" : "no leak");
        return leak ? 3 : 0;
    }
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long start_pcs = kcov(), pcs = start_pcs, runs = 0;
    int kept = 0, status = 0;
    while (!stop && (max_runs < 0 || runs < max_runs)) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (max_runs < 0 && now.tv_sec - t0.tv_sec >= secs)
            break;
        struct seq s;
        if (!kept || rnd(8) == 0) {
            generate(&s);
        } else {
            s = corpus[rnd((uint32_t)kept)];
            for (int k = 0, n = 1 + (int)rnd(3); k < n; k++)
                mutate(&s, &corpus[rnd((uint32_t)kept)]);
        }
        long lost = run(&s, verbose);
        runs++;
        long p = kcov();
        if (p > pcs) {
            if (kept < CORPUS_MAX)
                corpus[kept++] = s;
            else
                corpus[rnd(CORPUS_MAX)] = s;
            printf("kfuzz: %ld kernel pcs (+%ld) after %ld sequences\n", p, p - pcs, runs);
            pcs = p;
        }
        if (lost > LEAK_SLACK_KB && leaks(&s, lost)) {
            print_seq("leak", &s);
            status = 3;
            break;
        }
    }
    printf("kfuzz: %ld sequences, %d kept, kernel pcs %ld (%ld at the start)\n", runs, kept,
           pcs, start_pcs);
    return status;
}
