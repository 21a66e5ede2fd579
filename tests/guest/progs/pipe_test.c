/* pipe_test — pipes and descriptors: ordering, end of file, blocking with a full
 * pipe, a two-stage pipeline, SIGPIPE and EPIPE, non-blocking reads, dup and
 * close-on-exec flags. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "check.h"

#define BIG (200 * 1024)

static void test_basic(void)
{
    int p[2];
    char buf[16];
    CHECK(pipe(p) == 0, "pipe");
    CHECK(write(p[1], "hello", 5) == 5, "write 5 bytes");
    CHECK(read(p[0], buf, sizeof buf) == 5 && memcmp(buf, "hello", 5) == 0, "read them back");
    close(p[1]);
    CHECK(read(p[0], buf, sizeof buf) == 0, "read after the writer closed: end of file");
    close(p[0]);
}

/* The child writes more than a pipe holds; the parent reads it all and sums it. */
static void test_big_transfer(void)
{
    int p[2], st;
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        char *buf = malloc(BIG);
        for (int i = 0; i < BIG; i++)
            buf[i] = (char)(i * 7);
        for (int off = 0; off < BIG;) {
            ssize_t n = write(p[1], buf + off, BIG - off > 3000 ? 3000 : BIG - off);
            if (n <= 0)
                _exit(1);
            off += n;
        }
        _exit(0);
    }
    close(p[1]);
    long total = 0;
    unsigned sum = 0;
    char buf[1000];
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            sum = sum * 31 + (unsigned char)buf[i];
        total += n;
    }
    unsigned want = 0;
    for (int i = 0; i < BIG; i++)
        want = want * 31 + (unsigned char)(char)(i * 7);
    waitpid(pid, &st, 0);
    CHECK(total == BIG, "200 KiB through a pipe");
    CHECK(sum == want, "the bytes arrive in order");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer exited cleanly");
    close(p[0]);
}

/* producer | counter, each a process, counting lines. */
static void test_pipeline(void)
{
    int a[2], b[2], st;
    pipe(a);
    pipe(b);
    pid_t producer = fork();
    if (producer == 0) {
        close(a[0]);
        close(b[0]);
        close(b[1]);
        dup2(a[1], 1);
        close(a[1]);
        for (int i = 0; i < 100; i++)
            printf("line %d\n", i);
        fflush(stdout);
        _exit(0);
    }
    pid_t counter = fork();
    if (counter == 0) {
        close(a[1]);
        close(b[0]);
        dup2(a[0], 0);
        close(a[0]);
        int lines = 0;
        char c;
        while (read(0, &c, 1) == 1)
            lines += c == '\n';
        write(b[1], &lines, sizeof lines);
        _exit(0);
    }
    close(a[0]);
    close(a[1]);
    close(b[1]);
    int lines = -1;
    read(b[0], &lines, sizeof lines);
    close(b[0]);
    waitpid(producer, &st, 0);
    waitpid(counter, &st, 0);
    CHECK(lines == 100, "a two-process pipeline counts 100 lines");
}

static void test_sigpipe(void)
{
    int p[2], st;
    pipe(p);
    close(p[0]);
    pid_t pid = fork();
    if (pid == 0) {
        write(p[1], "x", 1);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "writing to a pipe with no reader: SIGPIPE");
    signal(SIGPIPE, SIG_IGN);
    CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE, "with SIGPIPE ignored: EPIPE");
    signal(SIGPIPE, SIG_DFL);
    close(p[1]);
}

static void test_nonblock_and_fds(void)
{
    int p[2];
    char c;
    CHECK(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0, "pipe2(O_NONBLOCK | O_CLOEXEC)");
    CHECK(read(p[0], &c, 1) == -1 && errno == EAGAIN, "empty non-blocking pipe: EAGAIN");
    CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC, "FD_CLOEXEC is set");
    CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0, "O_NONBLOCK is set");
    int d = dup(p[1]);
    CHECK(d > p[1] || d > p[0], "dup gives a new descriptor");
    CHECK(fcntl(d, F_GETFD) == 0, "dup clears FD_CLOEXEC");
    CHECK(write(d, "z", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'z', "dup shares the pipe");
    CHECK(dup2(p[0], 20) == 20, "dup2 to 20");
    CHECK(fcntl(20, F_DUPFD, 25) >= 25, "F_DUPFD picks >= 25");
    CHECK(close(20) == 0 && close(20) == -1 && errno == EBADF, "close twice: EBADF");
    CHECK(read(99, &c, 1) == -1 && errno == EBADF, "read a bad descriptor: EBADF");
    CHECK(write(p[0], "x", 1) == -1 && errno == EBADF, "write the read end: EBADF");
    close(p[0]);
    close(p[1]);
    close(d);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_basic();
    test_big_transfer();
    test_pipeline();
    test_sigpipe();
    test_nonblock_and_fds();
    return finish("pipe_test");
}
