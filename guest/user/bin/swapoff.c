/* swapoff — disables swap areas, bringing their pages back into memory:
 * swapoff DEVICE..., or swapoff -a for every area in /proc/swaps. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>

static int disable(const char *dev)
{
    if (swapoff(dev) < 0) {
        fprintf(stderr, "swapoff: %s: swapoff failed: %s\n", dev, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int status = 0;
    if (argc == 2 && strcmp(argv[1], "-a") == 0) {
        FILE *f = fopen("/proc/swaps", "r");
        char line[256], dev[128];
        if (!f) {
            perror("swapoff: /proc/swaps");
            return 1;
        }
        fgets(line, sizeof line, f);               /* the header */
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "%127s", dev) == 1)
                status |= disable(dev);
        fclose(f);
        return status;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: swapoff DEVICE... | -a\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        status |= disable(argv[i]);
    return status;
}
