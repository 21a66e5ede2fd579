/* rm — removes files; -r removes directories and their contents, -f ignores missing
 * files. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, force;

static int remove_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (force && errno == ENOENT)
            return 0;
        fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) == 0)
            return 0;
        fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
        return 1;
    }
    if (!recursive) {
        fprintf(stderr, "rm: cannot remove '%s': Is a directory\n", path);
        return 1;
    }
    int status = 0;
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "rm: cannot open '%s': %s\n", path, strerror(errno));
        return 1;
    }
    struct dirent *e;
    char child[512];
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if (remove_path(child) == 0)
            rewinddir(d);                 /* entries moved up: start over */
        else
            status = 1;
    }
    closedir(d);
    if (rmdir(path) < 0) {
        fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
        return 1;
    }
    return status;
}

int main(int argc, char **argv)
{
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'r' || *o == 'R')
                recursive = 1;
            else if (*o == 'f')
                force = 1;
            else {
                fprintf(stderr, "usage: rm [-rf] FILE...\n");
                return 1;
            }
        }
    }
    if (i >= argc && !force) {
        fprintf(stderr, "usage: rm [-rf] FILE...\n");
        return 1;
    }
    for (; i < argc; i++)
        status |= remove_path(argv[i]);
    return status;
}
