/* file_test — files and directories in a scratch directory (argument 1, default /tmp):
 * create, read, write, seek, append, truncate, holes, stat, readv/writev,
 * pread/pwrite, mkdir, rename, unlink, rmdir, getdents, chdir/getcwd, utimensat,
 * errors. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include "check.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *dir)
{
    char *names[32];
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 32)
        names[n++] = strdup(e->d_name);
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, by_name);
    printf("     %s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void test_rw(void)
{
    char buf[64];
    int fd = open("a.txt", O_RDWR | O_CREAT | O_EXCL, 0644);
    CHECK(fd >= 0, "create a.txt");
    CHECK(write(fd, "hello, world\n", 13) == 13, "write 13 bytes");
    CHECK(lseek(fd, 0, SEEK_CUR) == 13, "offset is 13");
    CHECK(lseek(fd, 7, SEEK_SET) == 7 && read(fd, buf, 5) == 5 && memcmp(buf, "world", 5) == 0,
          "seek and read 'world'");
    CHECK(lseek(fd, 0, SEEK_END) == 13, "SEEK_END is the size");
    CHECK(read(fd, buf, 10) == 0, "read at end of file returns 0");
    CHECK(pwrite(fd, "W", 1, 7) == 1 && pread(fd, buf, 5, 7) == 5 && memcmp(buf, "World", 5) == 0,
          "pwrite and pread at offset 7");
    CHECK(lseek(fd, 0, SEEK_CUR) == 13, "pread/pwrite leave the offset alone");
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 13 && S_ISREG(st.st_mode), "fstat: regular, 13 bytes");
    close(fd);
    CHECK(open("a.txt", O_RDWR | O_CREAT | O_EXCL, 0644) == -1 && errno == EEXIST, "O_EXCL on an existing file: EEXIST");

    fd = open("a.txt", O_WRONLY | O_APPEND);
    write(fd, "more\n", 5);
    close(fd);
    CHECK(stat("a.txt", &st) == 0 && st.st_size == 18, "O_APPEND adds at the end");
    fd = open("a.txt", O_RDONLY);
    CHECK(write(fd, "x", 1) == -1 && errno == EBADF, "write to a read-only descriptor: EBADF");
    int n = read(fd, buf, sizeof buf);
    CHECK(n == 18 && memcmp(buf, "hello, World\nmore\n", 18) == 0, "contents are right");
    close(fd);
    fd = open("a.txt", O_RDWR | O_TRUNC);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties the file");
    struct iovec iov[3] = { { "ab", 2 }, { "cde", 3 }, { "f", 1 } };
    CHECK(writev(fd, iov, 3) == 6, "writev 3 pieces");
    char x[2], y[4];
    struct iovec rio[2] = { { x, 2 }, { y, 4 } };
    lseek(fd, 0, SEEK_SET);
    CHECK(readv(fd, rio, 2) == 6 && memcmp(x, "ab", 2) == 0 && memcmp(y, "cdef", 4) == 0, "readv 2 pieces");
    CHECK(ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3, "ftruncate to 3");
    close(fd);
}

static void test_holes(void)
{
    int fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char *buf = malloc(100000);
    for (int i = 0; i < 100000; i++)
        buf[i] = (char)(i % 251);
    CHECK(write(fd, buf, 100000) == 100000, "write 100000 bytes");
    CHECK(lseek(fd, 300000, SEEK_SET) == 300000 && write(fd, "end", 3) == 3, "write past a hole");
    struct stat st;
    fstat(fd, &st);
    CHECK(st.st_size == 300003, "size includes the hole");
    char *back = malloc(100000);
    lseek(fd, 0, SEEK_SET);
    long got = 0, r;
    while (got < 100000 && (r = read(fd, back + got, 100000 - got)) > 0)
        got += r;
    CHECK(got == 100000 && memcmp(buf, back, 100000) == 0, "read the data back");
    char z[16];
    memset(z, 1, sizeof z);
    CHECK(pread(fd, z, sizeof z, 200000) == 16, "read inside the hole");
    int zero = 1;
    for (int i = 0; i < 16; i++)
        zero &= z[i] == 0;
    CHECK(zero, "the hole reads as zeros");
    close(fd);
    free(buf);
    free(back);
    CHECK(unlink("big") == 0, "unlink big");
}

static void test_dirs(void)
{
    struct stat st;
    CHECK(mkdir("d", 0755) == 0, "mkdir d");
    CHECK(mkdir("d", 0755) == -1 && errno == EEXIST, "mkdir again: EEXIST");
    CHECK(stat("d", &st) == 0 && S_ISDIR(st.st_mode), "d is a directory");
    CHECK(mkdir("d/e", 0755) == 0, "mkdir d/e");
    int fd = open("d/f", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0, "create d/f");
    close(fd);
    list("d");
    CHECK(rmdir("d") == -1 && errno == ENOTEMPTY, "rmdir a non-empty directory: ENOTEMPTY");
    CHECK(open("d", O_WRONLY) == -1 && errno == EISDIR, "open a directory for writing: EISDIR");
    CHECK(open("d/f", O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR, "O_DIRECTORY on a file: ENOTDIR");
    CHECK(open("d/f/x", O_RDONLY) == -1 && errno == ENOTDIR, "a file as a directory: ENOTDIR");
    CHECK(open("nope", O_RDONLY) == -1 && errno == ENOENT, "missing file: ENOENT");
    CHECK(rename("d/f", "d/g") == 0, "rename d/f to d/g");
    CHECK(rename("a.txt", "d/e/a.txt") == 0, "move a.txt into d/e");
    list("d");
    list("d/e");
    CHECK(chdir("d/e") == 0, "chdir d/e");
    char cwd[256];
    CHECK(getcwd(cwd, sizeof cwd) && strlen(cwd) >= 4 && strcmp(cwd + strlen(cwd) - 4, "/d/e") == 0,
          "getcwd ends in /d/e");
    CHECK(stat("../g", &st) == 0 && S_ISREG(st.st_mode), "relative path with ..");
    CHECK(chdir("../..") == 0, "chdir ../..");
    CHECK(unlink("d") == -1 && errno == EISDIR, "unlink a directory: EISDIR");
    CHECK(rmdir("d/g") == -1 && errno == ENOTDIR, "rmdir a file: ENOTDIR");
    CHECK(unlink("d/g") == 0 && unlink("d/e/a.txt") == 0, "unlink the files");
    CHECK(rmdir("d/e") == 0 && rmdir("d") == 0, "rmdir the directories");
    CHECK(stat("d", &st) == -1 && errno == ENOENT, "d is gone");
}

static void test_unlink_open(void)
{
    int fd = open("tmpfile", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "still here", 10);
    CHECK(unlink("tmpfile") == 0, "unlink an open file");
    char buf[16];
    CHECK(pread(fd, buf, 10, 0) == 10 && memcmp(buf, "still here", 10) == 0,
          "its data lives while it is open");
    close(fd);
    int null = open("/dev/null", O_RDWR);
    CHECK(write(null, "x", 1) == 1 && read(null, buf, 1) == 0, "/dev/null");
    close(null);
}

/* utimensat: an explicit modification time, UTIME_OMIT, "now" (NULL), futimens. */
static void test_times(void)
{
    struct stat st;
    int fd = open("timed", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    struct timespec ts[2] = { { 0, UTIME_OMIT }, { 1000000000, 5 } };
    CHECK(utimensat(AT_FDCWD, "timed", ts, 0) == 0, "utimensat sets a modification time");
    CHECK(stat("timed", &st) == 0 && st.st_mtim.tv_sec == 1000000000 && st.st_mtim.tv_nsec == 5,
          "stat sees it");
    ts[1].tv_nsec = UTIME_OMIT;
    CHECK(utimensat(AT_FDCWD, "timed", ts, 0) == 0 && stat("timed", &st) == 0 &&
          st.st_mtim.tv_sec == 1000000000, "UTIME_OMIT leaves it");
    CHECK(utimensat(AT_FDCWD, "timed", NULL, 0) == 0 && stat("timed", &st) == 0 &&
          labs((long)(st.st_mtim.tv_sec - time(NULL))) <= 1, "NULL times: now");
    ts[1].tv_sec = 2000000000;
    ts[1].tv_nsec = 0;
    CHECK(futimens(fd, ts) == 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 2000000000,
          "futimens on an open file");
    ts[1].tv_nsec = 1000000000;
    CHECK(utimensat(AT_FDCWD, "timed", ts, 0) == -1 && errno == EINVAL, "bad nanoseconds: EINVAL");
    CHECK(utimensat(AT_FDCWD, "missing", NULL, 0) == -1 && errno == ENOENT, "missing file: ENOENT");
    close(fd);
    CHECK(unlink("timed") == 0, "unlink timed");
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *base = argc > 1 ? argv[1] : "/tmp";
    char dir[256];
    snprintf(dir, sizeof dir, "%s/file_test.%d", base, getpid());
    if (mkdir(dir, 0755) < 0 || chdir(dir) < 0) {
        printf("cannot use %s: %s\n", dir, strerror(errno));
        return 1;
    }
    test_rw();
    test_holes();
    test_dirs();
    test_unlink_open();
    test_times();
    unlink("a.txt");
    chdir("..");
    CHECK(rmdir(dir) == 0, "scratch directory removed");
    return finish("file_test");
}
