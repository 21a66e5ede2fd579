/* atomic_test — writes that POSIX makes atomic, checked record by record while the
 * writers' buffers are in swap (run it beside a thrash on a small machine):
 *   pipe W N SEED        W writers share one pipe, each writing N/W records of 256
 *                        bytes (<= PIPE_BUF, so each must arrive whole); one reader
 *                        checks writer, sequence number and payload of every record;
 *   append W N SEED FILE W processes append N/W records each to FILE opened with
 *                        O_APPEND (positioning and writing are one step); the file is
 *                        then read back and every record must be there exactly once.
 * The buffers are filled first and written only after a pause, so that a thrash
 * running beside has pushed them out: copying them in sleeps on the swap disk, which
 * is when a kernel without locks lets another writer take the same place.
 * Prints "N records, B bad, M missing" and passed when B and M are 0. */
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

#define REC 256
#define MAGIC 0x52454344u          /* "RECD" */

struct record {
    uint32_t magic, writer, seq, seed;
    uint8_t payload[REC - 16];
};

static uint8_t payload_byte(uint32_t seed, uint32_t w, uint32_t seq, unsigned i)
{
    uint32_t x = seed * 2654435761u ^ w * 40503u ^ seq * 97u ^ i * 7919u;
    x ^= x >> 13;
    return (uint8_t)(x * 0x5bd1e995u >> 24);
}

static void make_record(struct record *r, uint32_t seed, uint32_t w, uint32_t seq)
{
    r->magic = MAGIC;
    r->writer = w;
    r->seq = seq;
    r->seed = seed;
    for (unsigned i = 0; i < sizeof r->payload; i++)
        r->payload[i] = payload_byte(seed, w, seq, i);
}

static bool record_ok(const struct record *r, uint32_t seed, uint32_t writers)
{
    if (r->magic != MAGIC || r->seed != seed || r->writer >= writers)
        return false;
    for (unsigned i = 0; i < sizeof r->payload; i++)
        if (r->payload[i] != payload_byte(seed, r->writer, r->seq, i))
            return false;
    return true;
}

/* A writer's records, in memory the thrash can push out meanwhile. */
static struct record *fill_records(uint32_t seed, uint32_t w, uint32_t n)
{
    struct record *recs = mmap(NULL, (size_t)n * REC, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (recs == MAP_FAILED) {
        printf("atomic_test: mmap: %s\n", strerror(errno));
        _exit(2);
    }
    for (uint32_t s = 0; s < n; s++)
        make_record(&recs[s], seed, w, s);
    return recs;
}

static void pause_ms(long ms)
{
    struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
    nanosleep(&ts, NULL);
}

/* Counts what the reader saw: each writer's records must come in order, once. */
struct tally {
    uint32_t writers, per_writer, seed;
    uint32_t next[64];
    uint8_t *seen;                   /* [writer * per_writer + seq] */
    uint64_t records, bad;
};

static void tally_init(struct tally *t, uint32_t writers, uint32_t total, uint32_t seed)
{
    memset(t, 0, sizeof *t);
    t->writers = writers;
    t->per_writer = total / writers;
    t->seed = seed;
    t->seen = calloc((size_t)writers * t->per_writer, 1);
}

static void tally_record(struct tally *t, const struct record *r)
{
    t->records++;
    if (!record_ok(r, t->seed, t->writers) || r->seq >= t->per_writer) {
        t->bad++;
        return;
    }
    uint8_t *seen = &t->seen[(size_t)r->writer * t->per_writer + r->seq];
    if (*seen || r->seq != t->next[r->writer])
        t->bad++;                    /* a duplicate, or out of its writer's order */
    *seen = 1;
    t->next[r->writer] = r->seq + 1;
}

static void report(const char *what, const struct tally *t)
{
    uint64_t missing = 0;
    for (size_t i = 0; i < (size_t)t->writers * t->per_writer; i++)
        missing += !t->seen[i];
    printf("%s: %u writers, %lu records, %lu bad, %lu missing\n", what, t->writers,
           (unsigned long)t->records, (unsigned long)t->bad, (unsigned long)missing);
    CHECK(t->bad == 0 && missing == 0 && t->records == (uint64_t)t->writers * t->per_writer,
          "every record arrived whole, once, in its writer's order");
}

static int test_pipe(uint32_t writers, uint32_t total, uint32_t seed)
{
    struct tally t;
    tally_init(&t, writers, total, seed);
    int fds[2];
    if (pipe(fds) < 0)
        return 2;
    for (uint32_t w = 0; w < writers; w++) {
        if (fork() == 0) {
            close(fds[0]);
            struct record *recs = fill_records(seed, w, t.per_writer);
            pause_ms(1000);
            for (uint32_t s = 0; s < t.per_writer; s++)
                if (write(fds[1], &recs[s], REC) != REC)
                    _exit(3);
            _exit(0);
        }
    }
    close(fds[1]);
    /* The reader's buffer is large too: copying out to it may sleep as well. */
    size_t bufsize = 1 << 20;
    uint8_t *buf = mmap(NULL, bufsize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct record rec;
    size_t have = 0, at = 0;
    for (;;) {
        if (at + 4096 > bufsize)
            at = 0;
        ssize_t n = read(fds[0], buf + at, 4096);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n;) {
            size_t take = REC - have < (size_t)(n - i) ? REC - have : (size_t)(n - i);
            memcpy((uint8_t *)&rec + have, buf + at + i, take);
            have += take;
            i += take;
            if (have == REC) {
                tally_record(&t, &rec);
                have = 0;
            }
        }
        at += 4096 + 64 * 7;     /* wander through the buffer */
    }
    int st, failed = 0;
    while (wait(&st) > 0)
        failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    CHECK(failed == 0, "the writers all finished");
    report("pipe", &t);
    return 0;
}

static int test_append(uint32_t writers, uint32_t total, uint32_t seed, const char *path)
{
    struct tally t;
    tally_init(&t, writers, total, seed);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return 2;
    for (uint32_t w = 0; w < writers; w++) {
        if (fork() == 0) {
            int afd = open(path, O_WRONLY | O_APPEND);
            struct record *recs = fill_records(seed, w, t.per_writer);
            pause_ms(1000);
            for (uint32_t s = 0; s < t.per_writer; s++)
                if (write(afd, &recs[s], REC) != REC)
                    _exit(3);
            _exit(0);
        }
    }
    int st, failed = 0;
    while (wait(&st) > 0)
        failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    CHECK(failed == 0, "the writers all finished");
    struct stat sb;
    fstat(fd, &sb);
    printf("append: file is %ld bytes, %lu expected\n", (long)sb.st_size,
           (unsigned long)total / writers * writers * REC);
    struct record rec;
    for (off_t off = 0; pread(fd, &rec, REC, off) == REC; off += REC)
        tally_record(&t, &rec);
    close(fd);
    unlink(path);
    report("append", &t);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 5 || (strcmp(argv[1], "append") == 0 && argc < 6)) {
        printf("usage: atomic_test pipe WRITERS RECORDS SEED | append WRITERS RECORDS SEED FILE\n");
        return 2;
    }
    uint32_t writers = (uint32_t)atoi(argv[2]), total = (uint32_t)atoi(argv[3]);
    uint32_t seed = (uint32_t)strtoul(argv[4], NULL, 0);
    if (writers < 1 || writers > 64 || total < writers) {
        printf("atomic_test: 1..64 writers, at least one record each\n");
        return 2;
    }
    int r = strcmp(argv[1], "pipe") == 0 ? test_pipe(writers, total, seed)
                                          : test_append(writers, total, seed, argv[5]);
    if (r)
        return r;
    return finish("atomic_test");
}
