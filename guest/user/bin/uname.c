/* uname — system information from uname(2), as coreutils prints it: -s (the default)
 * kernel name, -n node name, -r release, -v version, -m machine, -o operating system,
 * -a all of them (processor and platform are unknown, so -a leaves them out). */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

enum { S = 1, N = 2, R = 4, V = 8, M = 16, P = 32, I = 64, O = 128 };

int main(int argc, char **argv)
{
    unsigned want = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || !argv[i][1]) {
            fprintf(stderr, "uname: extra operand '%s'\n", argv[i]);
            return 1;
        }
        for (const char *o = argv[i] + 1; *o; o++) {
            const char *flags = "snrvmpio", *at = strchr(flags, *o);
            if (*o == 'a')
                want |= S | N | R | V | M | O;
            else if (at)
                want |= 1u << (at - flags);
            else {
                fprintf(stderr, "uname: invalid option -- '%c'\nusage: uname [-asnrvmpio]\n", *o);
                return 1;
            }
        }
    }
    struct utsname u;
    if (uname(&u) < 0) {
        perror("uname");
        return 1;
    }
    const char *field[8] = { u.sysname, u.nodename, u.release, u.version, u.machine,
                             "unknown", "unknown", u.sysname };
    int printed = 0;
    for (int k = 0; k < 8; k++)
        if ((want ? want : S) & (1u << k))
            printf("%s%s", printed++ ? " " : "", field[k]);
    printf("\n");
    return 0;
}
