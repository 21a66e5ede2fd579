/* reboot — restarts the machine. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
    fflush(stdout);
    reboot(RB_AUTOBOOT);
    fprintf(stderr, "reboot: %s\n", strerror(errno));
    return 1;
}
