/* swapon — enables swap areas, as util-linux's: swapon [-p PRIO] DEVICE...,
 * swapon -a (the swap lines of /etc/fstab; -e skips devices that do not exist),
 * swapon -s / --show / no argument: the areas in use (/proc/swaps). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>

static int show(void)
{
    char buf[4096];
    int fd = open("/proc/swaps", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
    if (n < 0) {
        perror("swapon: /proc/swaps");
        return 1;
    }
    fwrite(buf, 1, (size_t)n, stdout);
    close(fd);
    return 0;
}

static int enable(const char *dev, int prio, int ifexists)
{
    struct stat st;
    if (ifexists && stat(dev, &st) < 0)
        return 0;
    int flags = prio >= 0 ? SWAP_FLAG_PREFER | (prio & SWAP_FLAG_PRIO_MASK) : 0;
    if (swapon(dev, flags) < 0) {
        fprintf(stderr, "swapon: %s: swapon failed: %s\n", dev, strerror(errno));
        return 1;
    }
    return 0;
}

/* /etc/fstab: "DEVICE none swap OPTIONS 0 0" lines; pri=N in the options. */
static int enable_all(int ifexists)
{
    FILE *f = fopen("/etc/fstab", "r");
    if (!f)
        return 0;
    char line[256];
    int status = 0;
    while (fgets(line, sizeof line, f)) {
        char dev[128], dir[128], type[32], opts[128] = "";
        if (line[0] == '#' || sscanf(line, "%127s %127s %31s %127s", dev, dir, type, opts) < 3 ||
            strcmp(type, "swap") != 0 || strstr(opts, "noauto"))
            continue;
        char *pri = strstr(opts, "pri=");
        status |= enable(dev, pri ? atoi(pri + 4) : -1, ifexists);
    }
    fclose(f);
    return status;
}

int main(int argc, char **argv)
{
    int all = 0, ifexists = 0, prio = -1, status = 0, ndev = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--show") == 0 ||
            strcmp(argv[i], "--summary") == 0)
            return show();
        if (strcmp(argv[i], "-a") == 0 || strcmp(argv[i], "--all") == 0)
            all = 1;
        else if (strcmp(argv[i], "-e") == 0 || strcmp(argv[i], "--ifexists") == 0)
            ifexists = 1;
        else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
            prio = atoi(argv[++i]);
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: swapon [-p PRIO] DEVICE... | -a [-e] | -s\n");
            return 2;
        } else {
            status |= enable(argv[i], prio, 0);
            ndev++;
        }
    }
    if (all)
        status |= enable_all(ifexists);
    else if (!ndev)
        return show();
    return status;
}
