/* which — the path of each command that $PATH finds (with -a, every match), as
 * Debian's which prints it; exit 1 if one was not found. A name with a '/' is checked
 * as it is. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int main(int argc, char **argv)
{
    int i = 1, status = 0;
    bool all = false;
    if (i < argc && strcmp(argv[i], "-a") == 0) {
        all = true;
        i++;
    }
    if (i == argc)
        return 1;
    const char *path = getenv("PATH");
    for (; i < argc; i++) {
        bool found = false;
        if (strchr(argv[i], '/')) {
            found = executable(argv[i]);
            if (found)
                puts(argv[i]);
        }
        for (const char *p = path; p && !strchr(argv[i], '/') && (!found || all);) {
            const char *end = strchr(p, ':');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            char buf[1024];
            snprintf(buf, sizeof buf, "%.*s/%s", (int)(n ? n : 1), n ? p : ".", argv[i]);
            if (executable(buf)) {
                puts(buf);
                found = true;
            }
            p = end ? end + 1 : NULL;
        }
        if (!found)
            status = 1;
    }
    return status;
}
