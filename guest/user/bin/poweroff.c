/* poweroff — turns the machine off. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
    fflush(stdout);
    reboot(RB_POWER_OFF);
    fprintf(stderr, "poweroff: %s\n", strerror(errno));
    return 1;
}
