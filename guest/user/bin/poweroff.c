/* poweroff — turns the machine off: `poweroff [-f] [STATUS]`. The machine's exit
 * status (pagoda's and QEMU's own, through the test finisher) is STATUS, default 0;
 * -f (force) is accepted for habit's sake: there is no init script to go through. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "-f") == 0)
        i++;
    char *end = NULL;
    long status = i < argc ? strtol(argv[i], &end, 10) : 0;
    if ((i < argc && (*end || status < 0 || status > 255)) || i + 1 < argc) {
        fprintf(stderr, "usage: poweroff [-f] [STATUS 0-255]\n");
        return 1;
    }
    fflush(stdout);
    power_off_status((int)status);
    fprintf(stderr, "poweroff: %s\n", strerror(errno));
    return 1;
}
