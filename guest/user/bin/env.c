/* env — runs a command in a modified environment, or prints the environment: -i
 * starts from an empty one, -u NAME removes NAME, NAME=VALUE sets it. A command that
 * cannot be found exits 127, one that cannot run 126, as coreutils. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0) {
            static char *empty[1];
            environ = empty;
        } else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) {
            unsetenv(argv[++i]);
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "env: invalid option '%s'\nusage: env [-i] [-u NAME] [NAME=VALUE]... [CMD [ARG]...]\n",
                    argv[i]);
            return 125;
        }
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        char *eq = strchr(argv[i], '=');
        *eq = 0;
        setenv(argv[i], eq + 1, 1);
        *eq = '=';
    }
    if (i == argc) {
        for (char **e = environ; *e; e++)
            puts(*e);
        return 0;
    }
    execvp(argv[i], argv + i);
    int err = errno;
    fprintf(stderr, "env: '%s': %s\n", argv[i], strerror(err));
    return err == ENOENT ? 127 : 126;
}
