/* free — memory in use and free, in KiB (or -m MiB), as procps prints it, from
 * /proc/meminfo. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char text[4096];

static long meminfo(const char *name)
{
    size_t len = strlen(name);
    for (char *p = text; (p = strstr(p, name)) != NULL; p += len)
        if ((p == text || p[-1] == '\n') && p[len] == ':')
            return strtol(p + len + 1, NULL, 10);
    return 0;
}

int main(int argc, char **argv)
{
    int shift = argc > 1 && strcmp(argv[1], "-m") == 0 ? 10 : 0;
    int fd = open("/proc/meminfo", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (n < 0) {
        perror("free: /proc/meminfo");
        return 1;
    }
    text[n] = 0;
    close(fd);
    long total = meminfo("MemTotal"), mfree = meminfo("MemFree");
    long buffers = meminfo("Buffers"), cached = meminfo("Cached"), shmem = meminfo("Shmem");
    long avail = meminfo("MemAvailable"), stotal = meminfo("SwapTotal"), sfree = meminfo("SwapFree");
    long used = total - mfree - buffers - cached;
    printf("               total        used        free      shared  buff/cache   available\n");
    printf("Mem:    %12ld%12ld%12ld%12ld%12ld%12ld\n", total >> shift, used >> shift,
           mfree >> shift, shmem >> shift, (buffers + cached) >> shift, avail >> shift);
    printf("Swap:   %12ld%12ld%12ld\n", stotal >> shift, (stotal - sfree) >> shift, sfree >> shift);
    return 0;
}
