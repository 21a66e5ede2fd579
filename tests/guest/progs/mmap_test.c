/* mmap_test — what POSIX and Linux promise about mappings, checked the same way on
 * Pagoda and on Linux (qemu-riscv64): anonymous private and shared memory across fork,
 * copy-on-write isolation, file mappings private and shared (against read() and
 * write()), MAP_FIXED and MAP_FIXED_NOREPLACE, munmap of sub-ranges, mprotect with
 * splitting, madvise(MADV_DONTNEED), mremap, msync, brk, PROT_NONE, SIGSEGV and SIGBUS
 * in children, 4 MiB of recursion and a stack overflow. Usage: mmap_test DIR */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdbool.h>
#include "check.h"

#define PG 4096UL
#define ARENA ((char *)0x2000000000UL)     /* free on Pagoda and under qemu-riscv64 */

static char path[256];

/* Runs fn in a child; returns its wait status. */
static int in_child(void (*fn)(void *), void *arg)
{
    pid_t pid = fork();
    if (pid == 0) {
        fn(arg);
        _exit(0);
    }
    int st = -1;
    waitpid(pid, &st, 0);
    return st;
}

static bool killed_by(int st, int sig)
{
    return WIFSIGNALED(st) && WTERMSIG(st) == sig;
}

static void touch_write(void *p) { *(volatile char *)p = 1; }
static void touch_read(void *p) { (void)*(volatile char *)p; }

static void make_file(const char *name, int npages)
{
    snprintf(path, sizeof path, "%s", name);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    char buf[PG];
    for (int i = 0; i < npages; i++) {
        memset(buf, 'a' + i, sizeof buf);
        write(fd, buf, sizeof buf);
    }
    close(fd);
}

static void test_anon_private(void)
{
    char *p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED, "mmap anonymous private");
    int zero = 1;
    for (unsigned long i = 0; i < 8 * PG; i += 512)
        zero &= p[i] == 0;
    CHECK(zero, "fresh anonymous memory reads as zeros");
    p[0] = 'x';
    p[5 * PG + 7] = 'y';
    CHECK(p[0] == 'x' && p[5 * PG + 7] == 'y', "written bytes read back");
    pid_t pid = fork();
    if (pid == 0) {
        int ok = p[0] == 'x';          /* the child sees the parent's data... */
        p[0] = 'c';                    /* ...and its writes stay its own */
        p[PG] = 'c';
        _exit(ok && p[0] == 'c' ? 0 : 1);
    }
    p[5 * PG + 7] = 'z';               /* the parent's write after fork */
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child sees the parent's pages after fork");
    CHECK(p[0] == 'x' && p[PG] == 0, "child's writes do not reach the parent (copy-on-write)");
    pid = fork();
    if (pid == 0)
        _exit(p[5 * PG + 7] == 'z' ? 0 : 1);
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a new child sees the parent's latest write");
    CHECK(munmap(p, 8 * PG) == 0, "munmap");
}

static void test_anon_shared(void)
{
    int *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED, "mmap anonymous shared");
    p[0] = 1;
    pid_t pid = fork();
    if (pid == 0) {
        p[0]++;
        p[PG / sizeof(int)] = 42;      /* a page the parent never touched */
        p[3 * PG / sizeof(int)] = 43;
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    CHECK(p[0] == 2, "shared anonymous: the child's write reaches the parent");
    CHECK(p[PG / sizeof(int)] == 42 && p[3 * PG / sizeof(int)] == 43,
          "shared anonymous: pages first touched by the child are shared too");
    munmap(p, 4 * PG);
}

static void test_fixed(void)
{
    char *p = mmap(ARENA, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(p == ARENA, "MAP_FIXED maps at the address");
    memset(p, 'q', 4 * PG);
    char *q = mmap(ARENA + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(q == ARENA + PG && q[0] == 0 && p[0] == 'q' && p[2 * PG] == 'q',
          "MAP_FIXED replaces one page in the middle, the rest stays");
    /* EEXIST since Linux 4.17; older kernels (and qemu-riscv64 7.2) map elsewhere. */
    q = mmap(ARENA + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(q != ARENA + 2 * PG && p[2 * PG] == 'q', "MAP_FIXED_NOREPLACE over a mapping leaves it alone");
    if (q != MAP_FAILED && q != ARENA + 2 * PG)
        munmap(q, PG);
    q = mmap(ARENA + 8 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(q == ARENA + 8 * PG, "MAP_FIXED_NOREPLACE on free space maps there");
    q = mmap(ARENA + 16 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(q == ARENA + 16 * PG, "a free hint address is used");
    q = mmap(ARENA + PG + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(q == MAP_FAILED && errno == EINVAL, "MAP_FIXED at an unaligned address: EINVAL");
    q = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(q == MAP_FAILED && errno == EINVAL, "mmap of length 0: EINVAL");
    q = mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0);
    CHECK(q == MAP_FAILED && errno == EINVAL, "mmap without MAP_PRIVATE or MAP_SHARED: EINVAL");
    munmap(ARENA, 32 * PG);
}

static void test_munmap(void)
{
    char *p = mmap(ARENA, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    memset(p, 7, 8 * PG);
    CHECK(munmap(p + 3 * PG, 2 * PG) == 0, "munmap of a middle sub-range");
    CHECK(p[2 * PG] == 7 && p[5 * PG] == 7, "pages on both sides survive");
    CHECK(killed_by(in_child(touch_read, p + 3 * PG), SIGSEGV), "reading an unmapped page: SIGSEGV");
    CHECK(killed_by(in_child(touch_write, p + 4 * PG + 100), SIGSEGV), "writing an unmapped page: SIGSEGV");
    CHECK(munmap(p + 1, PG) == -1 && errno == EINVAL, "munmap at an unaligned address: EINVAL");
    CHECK(munmap(p + 3 * PG, 2 * PG) == 0, "munmap of a hole succeeds");
    CHECK(munmap(p, 8 * PG) == 0, "munmap across VMAs and holes");
    CHECK(killed_by(in_child(touch_read, p), SIGSEGV), "everything is gone after munmap");
}

static void test_mprotect(void)
{
    char *p = mmap(ARENA, 6 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    memset(p, 5, 6 * PG);
    CHECK(mprotect(p + 2 * PG, 2 * PG, PROT_READ) == 0, "mprotect of a middle sub-range");
    CHECK(p[2 * PG] == 5 && p[3 * PG] == 5, "read-only pages still read");
    CHECK(killed_by(in_child(touch_write, p + 2 * PG), SIGSEGV), "write after mprotect(PROT_READ): SIGSEGV");
    CHECK(in_child(touch_write, p + PG) == 0 && in_child(touch_write, p + 4 * PG) == 0,
          "writable neighbours stay writable");
    CHECK(mprotect(p + 2 * PG, 2 * PG, PROT_NONE) == 0, "mprotect(PROT_NONE)");
    CHECK(killed_by(in_child(touch_read, p + 3 * PG), SIGSEGV), "read of PROT_NONE: SIGSEGV");
    CHECK(mprotect(p, 6 * PG, PROT_READ | PROT_WRITE) == 0, "mprotect back over the split range");
    p[3 * PG] = 9;
    CHECK(p[3 * PG] == 9 && p[2 * PG] == 5, "the data survived the protection changes");
    CHECK(mprotect(p + 1, PG, PROT_READ) == -1 && errno == EINVAL, "mprotect unaligned: EINVAL");
    munmap(p + 4 * PG, PG);
    CHECK(mprotect(p + 4 * PG, 2 * PG, PROT_READ) == -1 && errno == ENOMEM,
          "mprotect starting in a hole: ENOMEM");
    CHECK(in_child(touch_write, p + 5 * PG) == 0, "...and nothing changed");
    munmap(p, 6 * PG);
    char *n = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(n != MAP_FAILED && killed_by(in_child(touch_read, n), SIGSEGV), "PROT_NONE mapping: SIGSEGV");
    CHECK(mprotect(n, PG, PROT_READ | PROT_WRITE) == 0 && (n[0] = 3) == 3, "PROT_NONE made writable");
    munmap(n, PG);
}

static void test_madvise(void)
{
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 1, 4 * PG);
    CHECK(madvise(p + PG, 2 * PG, MADV_DONTNEED) == 0, "madvise(MADV_DONTNEED)");
    CHECK(p[0] == 1 && p[PG] == 0 && p[3 * PG - 1] == 0 && p[3 * PG] == 1,
          "MADV_DONTNEED: anonymous pages read as zeros again");
    munmap(p, 4 * PG);
    int fd = open(path, O_RDONLY);
    p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    p[0] = 'Z';
    CHECK(madvise(p, PG, MADV_DONTNEED) == 0 && p[0] == 'a', "MADV_DONTNEED: a private file page reverts to the file");
    munmap(p, 2 * PG);
    close(fd);
}

static void test_file_private(void)
{
    int fd = open(path, O_RDWR);
    char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(p != MAP_FAILED, "mmap file MAP_PRIVATE");
    CHECK(p[0] == 'a' && p[PG] == 'b' && p[3 * PG - 1] == 'c', "private mapping shows the file");
    char *q = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
    CHECK(q != MAP_FAILED && q[0] == 'b', "mmap at a file offset");
    p[PG] = 'X';
    char c = 0;
    pread(fd, &c, 1, PG);
    CHECK(c == 'b' && q[0] == 'b', "a private write reaches neither the file nor other mappings");
    pwrite(fd, "M", 1, 2 * PG);
    CHECK(p[2 * PG] == 'M', "write() shows through a private page not yet written");
    munmap(p, 3 * PG);
    munmap(q, PG);
    close(fd);
}

static void test_file_shared(void)
{
    int fd = open(path, O_RDWR);
    char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char *q = mmap(NULL, 3 * PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED && q != MAP_FAILED, "mmap file MAP_SHARED twice");
    p[10] = 'S';
    char c = 0;
    pread(fd, &c, 1, 10);
    CHECK(c == 'S', "a shared write is visible to read()");
    CHECK(q[10] == 'S', "a shared write is visible to the other mapping");
    pwrite(fd, "W", 1, PG + 5);
    CHECK(p[PG + 5] == 'W' && q[PG + 5] == 'W', "write() is visible to every mapping");
    pid_t pid = fork();
    if (pid == 0) {
        p[2 * PG + 1] = 'K';
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    pread(fd, &c, 1, 2 * PG + 1);
    CHECK(c == 'K' && q[2 * PG + 1] == 'K', "a child's shared write reaches the file and the parent");
    CHECK(msync(p, 3 * PG, MS_SYNC) == 0, "msync(MS_SYNC)");
    CHECK(msync(p + 1, PG, MS_SYNC) == -1 && errno == EINVAL, "msync unaligned: EINVAL");
    p[2 * PG + 100] = 'T';
    CHECK(munmap(p + 2 * PG, PG) == 0, "munmap of the tail of a shared mapping");
    pread(fd, &c, 1, 2 * PG + 100);
    CHECK(c == 'T', "the tail's write survives in the file");
    p[0] = 'H';
    munmap(p, 2 * PG);
    pread(fd, &c, 1, 0);
    CHECK(c == 'H' && q[0] == 'H', "and so does the head's after munmap");
    munmap(q, 3 * PG);
    int ro = open(path, O_RDONLY);
    p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    CHECK(p == MAP_FAILED && errno == EACCES, "shared writable mapping of a read-only fd: EACCES");
    p = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
    CHECK(mprotect(p, PG, PROT_READ | PROT_WRITE) == -1 && errno == EACCES,
          "mprotect(PROT_WRITE) on it: EACCES");
    munmap(p, PG);
    close(ro);
    close(fd);
}

static void test_sigbus(void)
{
    int fd = open(path, O_RDWR);
    char *p = mmap(NULL, 6 * PG, PROT_READ, MAP_SHARED, fd, 0);   /* the file has 3 pages */
    CHECK(p != MAP_FAILED && p[3 * PG - 1] == 'c', "a mapping may run past the end of the file");
    CHECK(killed_by(in_child(touch_read, p + 4 * PG), SIGBUS), "a page past the end of the file: SIGBUS");
    munmap(p, 6 * PG);
    char name[300];
    snprintf(name, sizeof name, "%s.trunc", path);
    int tf = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
    char buf[3 * PG];
    memset(buf, 't', sizeof buf);
    write(tf, buf, sizeof buf);
    char *s = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, tf, 0);
    char *q = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, tf, 0);
    CHECK(s[2 * PG] == 't' && q[2 * PG] == 't', "two mappings of a 3-page file");
    CHECK(ftruncate(tf, PG) == 0, "ftruncate it to one page");
    CHECK(killed_by(in_child(touch_read, s + 2 * PG), SIGBUS) &&
          killed_by(in_child(touch_read, q + 2 * PG), SIGBUS), "its mapped pages past the new end: SIGBUS");
    CHECK(s[0] == 't' && q[0] == 't', "the first page is still mapped");
    munmap(s, 3 * PG);
    munmap(q, 3 * PG);
    close(tf);
    unlink(name);
    close(fd);
}

static void test_mremap(void)
{
    char *p = mmap(ARENA + 64 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    p[0] = 'r';
    p[PG] = 's';
    char *blocker = mmap(p + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(blocker == p + 2 * PG, "a mapping right above");
    char *q = mremap(p, 2 * PG, 8 * PG, 0);
    CHECK(q == MAP_FAILED && errno == ENOMEM, "mremap cannot grow in place: ENOMEM");
    q = mremap(p, 2 * PG, 8 * PG, MREMAP_MAYMOVE);
    CHECK(q != MAP_FAILED && q != p && q[0] == 'r' && q[PG] == 's' && q[7 * PG] == 0,
          "mremap MREMAP_MAYMOVE moves the data");
    CHECK(killed_by(in_child(touch_read, p), SIGSEGV), "the old range is gone");
    q = mremap(q, 8 * PG, PG, 0);
    CHECK(q != MAP_FAILED && q[0] == 'r', "mremap shrinks in place");
    munmap(q, PG);
    munmap(blocker, PG);
}

static void test_brk(void)
{
    char *b0 = sbrk(0);
    char *b = sbrk(64 * PG);
    CHECK(b == b0, "sbrk grows the heap");
    b[0] = 1;
    b[64 * PG - 1] = 2;
    CHECK(b[0] == 1 && b[64 * PG - 1] == 2, "the new heap is usable");
    sbrk(-(long)(64 * PG));
    CHECK(sbrk(0) == b0, "sbrk shrinks it back");     /* qemu-riscv64 keeps the pages */
}

/* System calls fault lazy pages in as user accesses do, across page boundaries. */
static void test_uaccess(void)
{
    char *buf = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int fd = open(path, O_RDONLY);
    CHECK(read(fd, buf + 100, 3 * PG) == (ssize_t)(3 * PG), "read() into 4 untouched pages");
    CHECK(buf[99] == 0 && buf[100] == 'H' && buf[105 + PG] == 'W' && buf[99 + 3 * PG] == 'c' &&
          buf[100 + 3 * PG] == 0, "...lands where it should");
    close(fd);
    char *z = mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int p[2];
    pipe(p);
    char got[8] = "xxxxxxx";
    CHECK(write(p[1], z + PG - 3, 6) == 6 && read(p[0], got, 6) == 6 && memcmp(got, "\0\0\0\0\0\0", 6) == 0,
          "write() from 2 untouched pages sends zeros");
    close(p[0]);
    close(p[1]);
    int nf = open(path, O_RDWR);
    pwrite(nf, path, strlen(path) + 1, PG - 5);           /* a path across a page boundary */
    char *f = mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, nf, 0);
    int fd2 = open(f + PG - 5, O_RDONLY);
    CHECK(fd2 >= 0, "open() of a path in untouched file pages, across the boundary");
    close(fd2);
    close(nf);
    munmap(f, 2 * PG);
    munmap(z, 2 * PG);
    munmap(buf, 4 * PG);
}

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static long recurse(long depth)
{
    volatile char pad[1024];
    pad[0] = (char)depth;
    if (depth == 0)
        return pad[0];
    return recurse(depth - 1) + pad[0];
}

static long recurse_forever(long depth)
{
    volatile char pad[1024];
    pad[0] = (char)depth;
    return recurse_forever(depth + 1) + pad[0];
}

static void deep(void *arg) { (void)arg; recurse(4096); }    /* ~4 MiB of stack */
static void too_deep(void *arg) { (void)arg; recurse_forever(0); }

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    char file[200];
    snprintf(file, sizeof file, "%s/mmap_test.dat", argc > 1 ? argv[1] : "/tmp");
    make_file(file, 3);
    test_anon_private();
    test_anon_shared();
    test_fixed();
    test_munmap();
    test_mprotect();
    test_madvise();
    test_file_private();
    test_file_shared();
    test_sigbus();
    test_mremap();
    test_brk();
    test_uaccess();
    CHECK(in_child(deep, NULL) == 0, "4 MiB of recursion works");
    CHECK(killed_by(in_child(too_deep, NULL), SIGSEGV), "unbounded recursion ends in SIGSEGV");
    unlink(file);
    return finish("mmap_test");
}
