/* stress — many processes at once, each checking every byte it gets back, meant to run
 * under memory pressure (beside a thrash, on a small machine with swap). Each round
 * starts, all at the same time:
 *   stream   a producer writes a seeded byte stream to a pipe in writes of random size
 *            (to 16 KiB), a consumer reads it in reads of random size and checks it;
 *   records  four writers send records of random size (to PIPE_BUF) through one pipe;
 *            the reader checks each record whole and each writer's sequence;
 *   append   four writers append records of random size (to 8 KiB) to one O_APPEND
 *            file; then every record must be in it, whole, once;
 *   shmap    four workers own disjoint pages of one MAP_SHARED file: generation after
 *            generation they write patterns through the mapping, read them back there
 *            and with pread, truncate and re-extend their last page (SIGBUS in
 *            between is expected and caught); the parent checks the file with read();
 *   cow      a worker fills memory, forks; each side rewrites its half and checks all;
 *   victims  two more groups doing the same on objects of their own, killed with
 *            SIGKILL at random moments: their deaths must not disturb the others.
 * Every source and destination buffer is large enough for the pressure to push it out,
 * so copies in and out of the kernel sleep on swap. Prints the bad bytes per check
 * (all must be 0) and "stress: passed".
 * Usage: stress [SEED [ROUNDS [DIR]]] */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define PG 4096UL
#define PIPE_BUF_BYTES 4096
#define WRITERS 4

static const char *dir = "/tmp";

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static uint8_t stream_byte(uint64_t seed, uint64_t off)
{
    uint64_t x = (seed ^ (off >> 3)) * 0x9e3779b97f4a7c15ULL;
    return (uint8_t)(x >> (56 - 8 * (off & 7)));
}

static void *big(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        printf("stress: mmap %lu: %s\n", (unsigned long)len, strerror(errno));
        _exit(3);
    }
    return p;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
    nanosleep(&ts, NULL);
}

/* fork(), tried again while the kernel is short of memory or task slots for a moment
 * (ENOMEM, EAGAIN: the pressure this program makes, and on several harts more of it at
 * once); a fork that still fails ends the caller with a line that says so. Unchecked,
 * a failed fork looked like a child that ran and lost its data (a records writer that
 * never existed: "900 of 1200, 1 bad, 0 writers failed"). */
static pid_t fork_retry(void)
{
    for (int tries = 0;; tries++) {
        pid_t pid = fork();
        if (pid >= 0)
            return pid;
        if ((errno != ENOMEM && errno != EAGAIN) || tries == 200) {
            printf("stress: fork: %s (after %d tries)\n", strerror(errno), tries + 1);
            _exit(3);
        }
        sleep_ms(20);
    }
}

/* Waits for every child; returns how many did not exit with status 0. */
static int reap_all(void)
{
    int st, bad = 0;
    while (wait(&st) > 0)
        bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    return bad;
}

/* ---- stream: one producer, one consumer, random sizes on both sides ---- */

#define STREAM_BYTES (3UL << 20)
#define STREAM_BUF (1UL << 20)

static void stream_producer(int fd, uint64_t seed)
{
    uint8_t *src = big(STREAM_BUF + 16384);
    uint64_t r = seed | 1;
    for (uint64_t off = 0; off < STREAM_BYTES;) {
        size_t n = 1 + rng_next(&r) % 16384;
        if (n > STREAM_BYTES - off)
            n = STREAM_BYTES - off;
        uint8_t *at = src + rng_next(&r) % STREAM_BUF;
        for (size_t i = 0; i < n; i++)
            at[i] = stream_byte(seed, off + i);
        ssize_t w = write(fd, at, n);
        if (w <= 0)
            _exit(4);
        off += (uint64_t)w;
    }
    _exit(0);
}

static void stream_consumer(int fd, uint64_t seed)
{
    uint8_t *dst = big(STREAM_BUF + 16384);
    uint64_t r = seed * 3 | 1, bad = 0, off = 0;
    for (;;) {
        size_t n = 1 + rng_next(&r) % 16384;
        uint8_t *at = dst + rng_next(&r) % STREAM_BUF;
        ssize_t got = read(fd, at, n);
        if (got <= 0)
            break;
        for (ssize_t i = 0; i < got; i++)
            bad += at[i] != stream_byte(seed, off + (uint64_t)i);
        off += (uint64_t)got;
    }
    if (bad || off != STREAM_BYTES)
        printf("stress: stream: %lu of %lu bytes, %lu bad\n", (unsigned long)off,
               (unsigned long)STREAM_BYTES, (unsigned long)bad);
    _exit(bad || off != STREAM_BYTES ? 1 : 0);
}

static void run_stream(uint64_t seed)
{
    int fds[2];
    if (pipe(fds) < 0)
        _exit(3);
    if (fork_retry() == 0) {
        close(fds[0]);
        stream_producer(fds[1], seed);
    }
    if (fork_retry() == 0) {
        close(fds[1]);
        stream_consumer(fds[0], seed);
    }
    close(fds[0]);
    close(fds[1]);
    _exit(reap_all() ? 1 : 0);
}

/* ---- records: writers of random-sized records, each at most PIPE_BUF ---- */

struct rec_head {
    uint32_t magic;
    uint16_t writer, len;     /* len: the whole record, head included */
    uint32_t seq, seed;
};

#define REC_MAGIC 0x5245434bu
#define RECS_PER_WRITER 300

static uint8_t rec_byte(uint32_t seed, unsigned w, uint32_t seq, unsigned i)
{
    return stream_byte(seed ^ ((uint64_t)w << 40) ^ ((uint64_t)seq << 20), i);
}

static size_t rec_len(uint32_t seed, unsigned w, uint32_t seq, size_t max)
{
    uint64_t r = (seed ^ w * 7919u ^ seq * 104729u) | 1;
    return sizeof(struct rec_head) + rng_next(&r) % (max - sizeof(struct rec_head) + 1);
}

static void fill_record(uint8_t *at, uint32_t seed, unsigned w, uint32_t seq, size_t len)
{
    struct rec_head h = { REC_MAGIC, (uint16_t)w, (uint16_t)len, seq, seed };
    memcpy(at, &h, sizeof h);
    for (size_t i = sizeof h; i < len; i++)
        at[i] = rec_byte(seed, w, seq, (unsigned)i);
}

/* Checks one record (whole, in its writer's order); returns its bad bytes. */
static uint64_t check_record(const uint8_t *at, uint32_t seed, uint32_t *next)
{
    struct rec_head h;
    memcpy(&h, at, sizeof h);
    if (h.magic != REC_MAGIC || h.seed != seed || h.writer >= WRITERS || h.len < sizeof h)
        return h.len ? h.len : 1;
    uint64_t bad = h.seq != next[h.writer];
    next[h.writer] = h.seq + 1;
    for (size_t i = sizeof h; i < h.len; i++)
        bad += at[i] != rec_byte(seed, h.writer, h.seq, (unsigned)i);
    return bad;
}

/* Makes all of a writer's records first, back to back in a buffer the pressure can
 * push out meanwhile, then writes them one write() each. */
static void write_records(int fd, uint32_t seed, unsigned w, size_t max)
{
    uint8_t *src = big(RECS_PER_WRITER * max);
    size_t at[RECS_PER_WRITER + 1];
    at[0] = 0;
    for (uint32_t s = 0; s < RECS_PER_WRITER; s++) {
        size_t len = rec_len(seed, w, s, max);
        fill_record(src + at[s], seed, w, s, len);
        at[s + 1] = at[s] + len;
    }
    sleep_ms(100);
    for (uint32_t s = 0; s < RECS_PER_WRITER; s++) {
        size_t len = at[s + 1] - at[s];
        if (write(fd, src + at[s], len) != (ssize_t)len)
            _exit(4);
    }
    _exit(0);
}

static int read_full(int fd, uint8_t *buf, size_t n)
{
    for (size_t got = 0; got < n;) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            return got ? -1 : 0;
        got += (size_t)r;
    }
    return 1;
}

static void run_records(uint32_t seed)
{
    int fds[2];
    if (pipe(fds) < 0)
        _exit(3);
    for (unsigned w = 0; w < WRITERS; w++) {
        if (fork_retry() == 0) {
            close(fds[0]);
            write_records(fds[1], seed, w, PIPE_BUF_BYTES);
        }
    }
    close(fds[1]);
    uint8_t *buf = big(1 << 20);
    uint32_t next[WRITERS] = { 0 };
    uint64_t bad = 0, n = 0, at = 0;
    struct rec_head h;
    int r;
    while ((r = read_full(fds[0], (uint8_t *)&h, sizeof h)) > 0) {
        if (h.len < sizeof h || h.len > PIPE_BUF_BYTES) {
            printf("stress: records: record %lu has length %u\n", (unsigned long)n, h.len);
            bad += sizeof h;
            break;                          /* lost the record boundaries */
        }
        uint8_t *rec = buf + at;
        memcpy(rec, &h, sizeof h);
        if (h.len > sizeof h && read_full(fds[0], rec + sizeof h, h.len - sizeof h) <= 0) {
            printf("stress: records: record %lu cut short\n", (unsigned long)n);
            bad += h.len;
            break;
        }
        bad += check_record(rec, seed, next);
        n++;
        at = (at + 8192 + 64) % ((1 << 20) - 8192);
    }
    close(fds[0]);                          /* writers still at it get EPIPE */
    int failed = reap_all();
    uint64_t want = (uint64_t)WRITERS * RECS_PER_WRITER;
    for (unsigned w = 0; w < WRITERS; w++)
        bad += next[w] != RECS_PER_WRITER;
    if (bad || n != want || failed)
        printf("stress: records: %lu of %lu, %lu bad, %d writers failed\n", (unsigned long)n,
               (unsigned long)want, (unsigned long)bad, failed);
    _exit(bad || n != want || failed ? 1 : 0);
}

/* ---- append: O_APPEND records of random size ---- */

static void append_writer(const char *path, uint32_t seed, unsigned w)
{
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0)
        _exit(3);
    write_records(fd, seed, w, 8000);
}

static void run_append(uint32_t seed, const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        _exit(3);
    for (unsigned w = 0; w < WRITERS; w++)
        if (fork_retry() == 0)
            append_writer(path, seed, w);
    int failed = reap_all();
    uint32_t next[WRITERS] = { 0 };
    uint64_t bad = 0, n = 0;
    uint8_t rec[8192];
    struct rec_head h;
    for (off_t off = 0; pread(fd, &h, sizeof h, off) == sizeof h; off += h.len, n++) {
        if (h.len < sizeof h || h.len > 8000 || pread(fd, rec, h.len, off) != h.len) {
            bad += sizeof h;
            break;
        }
        bad += check_record(rec, seed, next);
    }
    for (unsigned w = 0; w < WRITERS; w++)
        bad += next[w] != RECS_PER_WRITER;
    close(fd);
    unlink(path);
    uint64_t want = (uint64_t)WRITERS * RECS_PER_WRITER;
    if (bad || n != want || failed)
        printf("stress: append: %lu of %lu, %lu bad, %d writers failed\n", (unsigned long)n,
               (unsigned long)want, (unsigned long)bad, failed);
    _exit(bad || n != want || failed ? 1 : 0);
}

/* ---- shmap: disjoint pages of one shared file mapping ---- */

#define SHMAP_PAGES 48          /* per worker */
#define SHMAP_GENS 6

static uint64_t page_word(unsigned page, unsigned word, unsigned gen, uint32_t seed)
{
    return ((uint64_t)seed << 32 | page << 12 | word) * 0x9e3779b97f4a7c15ULL ^ gen;
}

static uint64_t check_page(const uint64_t *p, unsigned page, unsigned gen, uint32_t seed)
{
    uint64_t bad = 0;
    for (unsigned w = 0; w < PG / 8; w++)
        bad += p[w] != page_word(page, w, gen, seed);
    return bad;
}

static void fill_page(uint64_t *p, unsigned page, unsigned gen, uint32_t seed)
{
    for (unsigned w = 0; w < PG / 8; w++)
        p[w] = page_word(page, w, gen, seed);
}

static volatile uint64_t *probe;
static void on_sigbus(int sig)
{
    (void)sig;
    _exit(0);
}

/* A child touches a page past the end of the file: SIGBUS (exit 0) or not (exit 1). */
static bool touch_gives_sigbus(volatile uint64_t *p)
{
    pid_t pid = fork_retry();
    if (pid == 0) {
        signal(SIGBUS, on_sigbus);
        probe = p;
        (void)*probe;
        _exit(1);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void shmap_worker(const char *path, uint32_t seed, unsigned w)
{
    int fd = open(path, O_RDWR);
    size_t len = WRITERS * SHMAP_PAGES * PG;
    uint64_t *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED)
        _exit(3);
    unsigned first = w * SHMAP_PAGES, bad = 0;
    uint64_t page[PG / 8];
    for (unsigned gen = 1; gen <= SHMAP_GENS; gen++) {
        for (unsigned p = first; p < first + SHMAP_PAGES; p++)
            fill_page(map + p * (PG / 8), p, gen, seed);
        if (gen % 2 == 0)
            msync(map + first * (PG / 8), SHMAP_PAGES * PG, MS_SYNC);
        for (unsigned p = first; p < first + SHMAP_PAGES; p++) {
            bad += check_page(map + p * (PG / 8), p, gen, seed);
            if (pread(fd, page, PG, (off_t)(p * PG)) != (ssize_t)PG)
                bad++;
            else
                bad += check_page(page, p, gen, seed);
        }
        if (w == WRITERS - 1 && gen == SHMAP_GENS / 2) {
            /* The last worker owns the file's end: cut its last page off, see SIGBUS,
             * put it back (zeros), and rewrite it through the mapping. */
            unsigned last = first + SHMAP_PAGES - 1;
            if (ftruncate(fd, (off_t)(last * PG)) < 0 || !touch_gives_sigbus(map + last * (PG / 8)))
                bad++;
            if (ftruncate(fd, (off_t)len) < 0)
                bad++;
            for (unsigned k = 0; k < PG / 8; k++)
                bad += map[last * (PG / 8) + k] != 0;
            fill_page(map + last * (PG / 8), last, gen, seed);
        }
    }
    if (bad)
        printf("stress: shmap worker %u: %u bad words\n", w, bad);
    _exit(bad ? 1 : 0);
}

static void run_shmap(uint32_t seed, const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    size_t len = WRITERS * SHMAP_PAGES * PG;
    if (fd < 0 || ftruncate(fd, (off_t)len) < 0)
        _exit(3);
    for (unsigned w = 0; w < WRITERS; w++)
        if (fork_retry() == 0)
            shmap_worker(path, seed, w);
    int failed = reap_all();
    uint64_t bad = 0, page[PG / 8];
    for (unsigned p = 0; p < WRITERS * SHMAP_PAGES; p++) {
        if (read(fd, page, PG) != (ssize_t)PG)
            bad++;
        else
            bad += check_page(page, p, SHMAP_GENS, seed);
    }
    close(fd);
    unlink(path);
    if (bad || failed)
        printf("stress: shmap: %lu bad words in the file, %d workers failed\n",
               (unsigned long)bad, failed);
    _exit(bad || failed ? 1 : 0);
}

/* ---- cow: fork of a filled region, both halves rewritten ---- */

#define COW_PAGES 768

static void run_cow(uint32_t seed)
{
    uint64_t *mem = big(COW_PAGES * PG);
    for (unsigned p = 0; p < COW_PAGES; p++)
        fill_page(mem + p * (PG / 8), p, 1, seed);
    pid_t pid = fork_retry();
    unsigned mine = pid == 0;             /* the child rewrites odd pages, the parent even */
    for (unsigned p = mine; p < COW_PAGES; p += 2)
        fill_page(mem + p * (PG / 8), p, 2 + mine, seed);
    uint64_t bad = 0;
    for (unsigned p = 0; p < COW_PAGES; p++)
        bad += check_page(mem + p * (PG / 8), p, p % 2 == mine ? 2 + mine : 1, seed);
    if (bad)
        printf("stress: cow (%s): %lu bad words\n", pid ? "parent" : "child", (unsigned long)bad);
    if (pid == 0)
        _exit(bad ? 1 : 0);
    _exit(reap_all() || bad ? 1 : 0);
}

/* ---- the rounds ---- */

static const char *const names[] = { "stream", "records", "append", "shmap", "cow" };

static void run_check(int which, uint32_t seed, int tag)
{
    char path[256];
    snprintf(path, sizeof path, "%s/stress.%d.%d", dir, getpid(), tag);
    switch (which) {
    case 0: run_stream(seed); break;
    case 1: run_records(seed); break;
    case 2: run_append(seed, path); break;
    case 3: run_shmap(seed, path); break;
    default: run_cow(seed); break;
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    if (argc > 3)
        dir = argv[3];
    uint64_t r = seed | 1;
    int failed = 0, killed = 0;
    for (int round = 1; round <= rounds; round++) {
        pid_t checks[5], victims[2];
        for (int k = 0; k < 5; k++)
            if ((checks[k] = fork_retry()) == 0)
                run_check(k, (uint32_t)(seed * 31 + round * 5 + k), k);
        for (int v = 0; v < 2; v++) {
            int which = (int)(rng_next(&r) % 5);
            if ((victims[v] = fork_retry()) == 0) {
                setpgid(0, 0);            /* a group of its own: killed whole */
                run_check(which, (uint32_t)rng_next(&r), 10 + v);
            }
            setpgid(victims[v], victims[v]);
        }
        for (int v = 0; v < 2; v++) {
            sleep_ms((long)(50 + rng_next(&r) % 400));
            if (kill(-victims[v], SIGKILL) == 0)
                killed++;
        }
        for (int k = 0; k < 5; k++) {
            int st = 0;
            waitpid(checks[k], &st, 0);
            bool ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
            if (!ok)
                printf("stress: round %d: %s failed (status 0x%x)\n", round, names[k], st);
            failed += !ok;
        }
        for (int v = 0; v < 2; v++)
            waitpid(victims[v], NULL, 0);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        printf("stress: round %d done\n", round);
    }
    printf("stress: %d rounds, %d checks failed, %d victim groups killed\n", rounds, failed, killed);
    CHECK(failed == 0, "every byte of every check came back as written");
    return finish("stress");
}
