/* limits_test — edges where a kernel must neither hang nor lie, checked the same way
 * on Pagoda and on Linux (qemu-riscv64): a 4 GiB shared anonymous mapping touched at
 * its last byte, a file truncated to 1 TiB and mapped at its end, a nanosleep of
 * (nearly) forever that must really sleep until killed. With -g: a getdents64 whose
 * buffer runs into an unmapped page returns the entries copied before the fault and
 * loses none (what Linux does natively; qemu-riscv64 checks the whole buffer first
 * and fails at once, so this part is not compared with it).
 * Usage: limits_test [-g] DIR */
#include <dirent.h>
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

#define PG 4096UL

static int run_child(void (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    int st = -1;
    waitpid(pid, &st, 0);
    return st;
}

static void touch_4g_shared(void)
{
    size_t len = 4UL << 30;
    volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        _exit(10);
    p[len - 1] = 1;
    p[0] = 2;
    if (p[len - 1] != 1 || p[0] != 2 || p[len / 2] != 0)
        _exit(11);
    if (munmap((void *)p, len) != 0)
        _exit(12);
    _exit(0);
}

static void test_4g_shared(void)
{
    int st = run_child(touch_4g_shared);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "4 GiB MAP_SHARED|MAP_ANONYMOUS: last and first byte written and read back");
}

static char big_path[256];
static volatile char *big_map;

static void read_big_map(void)
{
    (void)big_map[PG - 1];
}

static void test_1t_file(void)
{
    uint64_t size = 1ULL << 40;
    int fd = open(big_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && ftruncate(fd, (off_t)size) == 0, "ftruncate a file to 1 TiB");
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && (uint64_t)st.st_size == size, "its size is 1 TiB");
    char c = 'x';
    CHECK(pread(fd, &c, 1, (off_t)(size - 1)) == 1 && c == 0, "its last byte reads as zero");
    big_map = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)(size - PG));
    CHECK(big_map != MAP_FAILED, "mmap its last page");
    if (big_map == MAP_FAILED)
        return;
    CHECK(big_map[PG - 1] == 0 && big_map[0] == 0, "the mapped last page reads as zeros");
    big_map[PG - 2] = 'T';
    CHECK(pread(fd, &c, 1, (off_t)(size - 2)) == 1 && c == 'T', "a store there is seen by pread");
    CHECK(pwrite(fd, "end", 3, (off_t)size) == 3 && fstat(fd, &st) == 0 &&
          (uint64_t)st.st_size == size + 3, "pwrite just past 1 TiB extends the file");
    CHECK(ftruncate(fd, 0) == 0 && fstat(fd, &st) == 0 && st.st_size == 0, "truncated back to 0");
    int status = run_child(read_big_map);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS, "the old last page now gives SIGBUS");
    munmap((void *)big_map, PG);
    close(fd);
    CHECK(unlink(big_path) == 0, "unlink it");
}

static void sleep_forever(void)
{
    struct timespec ts = { INT64_MAX, 999999999 };
    nanosleep(&ts, NULL);
    _exit(1);                        /* woke up: the sleep overflowed */
}

static void clock_sleep_forever(void)
{
    struct timespec ts = { INT64_MAX, 999999999 };
    __syscall4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
    _exit(1);
}

static void test_long_sleep(void (*fn)(void), const char *what)
{
    pid_t pid = fork();
    if (pid == 0)
        fn();
    struct timespec ts = { 0, 300 * 1000000 };
    nanosleep(&ts, NULL);
    int st = 0;
    bool asleep = waitpid(pid, &st, WNOHANG) == 0;
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    CHECK(asleep && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, what);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads dir with getdents64 into a buffer whose first `room` bytes are mapped and
 * the rest is not: returns what the first call returned; names collects every name
 * seen over the first call and then ordinary calls until the end. */
static long partial_getdents(const char *dir, size_t room, char **names, int *n)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    char *two = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(two + PG, PG);
    char *buf = two + PG - room;
    long first = syscall(SYS_getdents64, fd, buf, 4096);
    long r = first;
    static char good[4096];
    char *at = buf;
    while (r > 0) {
        for (long off = 0; off < r;) {
            struct { uint64_t ino; int64_t off; uint16_t reclen; uint8_t type; char name[]; } *d =
                (void *)(at + off);
            names[(*n)++] = strdup(d->name);
            off += d->reclen;
        }
        at = good;
        r = syscall(SYS_getdents64, fd, good, sizeof good);
    }
    munmap(two, PG);
    close(fd);
    return first;
}

static void test_getdents_fault(const char *base)
{
    char dir[300], file[340];
    snprintf(dir, sizeof dir, "%s/dents", base);
    mkdir(dir, 0755);
    for (int i = 0; i < 12; i++) {
        snprintf(file, sizeof file, "%s/f%02d", dir, i);
        close(open(file, O_WRONLY | O_CREAT, 0644));
    }
    char *names[64];
    int n = 0;
    /* Every record is 24 bytes here ("." to "f11"): 100 bytes hold four. */
    long first = partial_getdents(dir, 100, names, &n);
    printf("     first call into 100 good bytes: %ld\n", first);
    CHECK(first == 96, "getdents64 returns the four entries copied before the fault");
    qsort(names, n, sizeof *names, by_name);
    bool dup = false;
    printf("     %d names:", n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        dup |= i > 0 && strcmp(names[i], names[i - 1]) == 0;
    }
    printf("\n");
    CHECK(n == 14 && !dup, "no entry lost or repeated across the fault");
    for (int i = 0; i < n; i++)
        free(names[i]);
    n = 0;
    first = partial_getdents(dir, 0, names, &n);
    CHECK(first == -1 && errno == EFAULT, "no room at all before the fault: EFAULT");
    for (int i = 0; i < n; i++)
        free(names[i]);
    for (int i = 0; i < 12; i++) {
        snprintf(file, sizeof file, "%s/f%02d", dir, i);
        unlink(file);
    }
    CHECK(rmdir(dir) == 0, "directory removed");
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    bool getdents = argc > 1 && strcmp(argv[1], "-g") == 0;
    const char *base = argc > 1 + getdents ? argv[1 + getdents] : "/tmp";
    if (getdents) {
        test_getdents_fault(base);
        return finish("limits_test -g");
    }
    snprintf(big_path, sizeof big_path, "%s/limits.big", base);
    test_4g_shared();
    test_1t_file();
    test_long_sleep(sleep_forever, "nanosleep of INT64_MAX seconds sleeps until killed");
    test_long_sleep(clock_sleep_forever, "clock_nanosleep of INT64_MAX seconds sleeps until killed");
    return finish("limits_test");
}
