/* The system calls glibc's start-up and everyday functions make, with their Linux
 * results: readlink of /proc/self/exe (and its truncation, EINVAL for a file that is
 * no link, ENOENT for none), uname, getrandom, the clocks, getrlimit, sysconf. Only
 * facts that hold on any Linux are printed, so qemu-riscv64 prints the same. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argc;
    char buf[256];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("exe ends in /sysinfo: %s\n", n > 8 && strcmp(buf + n - 8, "/sysinfo") == 0 ? "yes" : buf);
    printf("exe truncated to 4: %zd\n", readlink("/proc/self/exe", buf, 4));
    errno = 0;
    printf("readlink(argv[0]) = %zd, errno %s\n", readlink(argv[0], buf, sizeof buf),
           errno == EINVAL ? "EINVAL" : strerror(errno));
    errno = 0;
    printf("readlink(missing) = %zd, errno %s\n", readlink("/no/such/file", buf, sizeof buf),
           errno == ENOENT ? "ENOENT" : strerror(errno));
    struct utsname u;
    printf("uname %d: %s\n", uname(&u), u.machine);   /* sysname: Pagoda's own */
    unsigned char r[16];
    printf("getrandom: %zd\n", getrandom(r, sizeof r, 0));
    /* (Pagoda has no RTC: the real-time clock counts from boot, so it is not shown) */
    struct timespec a, b, rt;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("monotonic: %s, realtime %d, time() %s\n",
           (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)) ? "yes" : "no",
           clock_gettime(CLOCK_REALTIME, &rt), time(NULL) >= 0 ? "ok" : "fails");
    struct rlimit rl;
    printf("getrlimit(STACK) %d, soft limit set: %s\n", getrlimit(RLIMIT_STACK, &rl),
           rl.rlim_cur > 0 ? "yes" : "no");
    printf("pagesize %ld, pid > 1: %s, ppid > 0: %s\n", sysconf(_SC_PAGESIZE),
           getpid() > 1 ? "yes" : "no", getppid() > 0 ? "yes" : "no");
    return 0;
}
