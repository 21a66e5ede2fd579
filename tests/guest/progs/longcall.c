/* longcall — one system call that keeps the kernel busy for a very long time: a readv
 * of 1024 iovecs, all on the same MiB-sized buffer, from the holes of a 1 TiB sparse
 * file (GiB upon GiB of zeros copied out, nothing allocated). While it runs the shell
 * must still answer (the kernel yields at its preemption points), and SIGKILL must end
 * it at once rather than when the call is done.
 * Usage: longcall DIR MIB   (prints "longcall: pid N in readv of G GiB" first) */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include "check.h"

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3) {
        printf("usage: longcall DIR MIB\n");
        return 2;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/longcall.%d", argv[1], getpid());
    size_t len = strtoul(argv[2], NULL, 0) << 20;
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ftruncate(fd, 1L << 40) < 0) {
        printf("longcall: %s: %s\n", path, strerror(errno));
        return 1;
    }
    unlink(path);
    char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        printf("longcall: mmap: %s\n", strerror(errno));
        return 1;
    }
    memset(buf, 1, len);
    static struct iovec iov[1024];
    for (int i = 0; i < 1024; i++) {
        iov[i].iov_base = buf;
        iov[i].iov_len = len;
    }
    printf("longcall: pid %d in readv of %lu GiB\n", getpid(), (unsigned long)(len >> 20));
    ssize_t n = readv(fd, iov, 1024);
    printf("longcall: readv returned %ld\n", (long)n);
    return 0;
}
