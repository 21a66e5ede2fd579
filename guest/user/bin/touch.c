/* touch — sets each file's modification time to now, creating it if missing (not
 * with -c). Messages as coreutils. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int i = 1, status = 0;
    bool no_create = false;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-c") == 0) {
            no_create = true;
        } else {
            fprintf(stderr, "touch: invalid option '%s'\nusage: touch [-c] FILE...\n", argv[i]);
            return 1;
        }
    }
    if (i == argc) {
        fprintf(stderr, "touch: missing file operand\n");
        return 1;
    }
    for (; i < argc; i++) {
        if (utimensat(AT_FDCWD, argv[i], NULL, 0) == 0)
            continue;
        if (errno == ENOENT && !no_create) {
            int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
            if (fd >= 0) {
                close(fd);
                continue;
            }
        } else if (errno == ENOENT) {
            continue;
        }
        fprintf(stderr, "touch: cannot touch '%s': %s\n", argv[i], strerror(errno));
        status = 1;
    }
    return status;
}
