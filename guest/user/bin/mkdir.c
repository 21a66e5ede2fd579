/* mkdir — makes directories; -p makes parents as needed and accepts existing ones. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        int r = mkdir(path, 0777);
        *p = '/';
        if (r < 0 && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0777) < 0 && errno != EEXIST ? -1 : 0;
}

int main(int argc, char **argv)
{
    int parents = 0, status = 0, i = 1;
    if (argc > 1 && strcmp(argv[1], "-p") == 0) {
        parents = 1;
        i++;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: mkdir [-p] DIR...\n");
        return 1;
    }
    for (; i < argc; i++) {
        int r = parents ? make_parents(argv[i]) : mkdir(argv[i], 0777);
        if (r < 0) {
            fprintf(stderr, "mkdir: cannot create directory '%s': %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
