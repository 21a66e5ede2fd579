/* ls — lists directories (or names files). -l long format (mode, links, size, name),
 * -a includes dot files, -1 one per line. On a terminal names go in columns. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static int opt_long, opt_all, opt_one;
static int status;

static void mode_string(unsigned mode, char *s)
{
    s[0] = S_ISDIR(mode) ? 'd' : S_ISCHR(mode) ? 'c' : S_ISBLK(mode) ? 'b' : S_ISFIFO(mode) ? 'p' :
           S_ISLNK(mode) ? 'l' : S_ISREG(mode) ? '-' : '?';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        s[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
    s[10] = 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_long(const char *dir, const char *name)
{
    char path[512], mode[11];
    struct stat st;
    if (dir)
        snprintf(path, sizeof path, "%s/%s", dir, name);
    if (stat(dir ? path : name, &st) < 0) {
        fprintf(stderr, "ls: cannot access '%s': %s\n", name, strerror(errno));
        status = 1;
        return;
    }
    mode_string(st.st_mode, mode);
    printf("%s %2u root root %8ld %s\n", mode, st.st_nlink, st.st_size, name);
}

static void print_names(char **names, int n, const char *dir)
{
    if (opt_long) {
        for (int i = 0; i < n; i++)
            print_long(dir, names[i]);
        return;
    }
    if (opt_one || !isatty(1)) {
        for (int i = 0; i < n; i++)
            printf("%s\n", names[i]);
        return;
    }
    int width = 1;
    for (int i = 0; i < n; i++)
        if ((int)strlen(names[i]) + 2 > width)
            width = (int)strlen(names[i]) + 2;
    struct winsize ws = { 24, 80, 0, 0 };
    ioctl(1, TIOCGWINSZ, &ws);
    int cols = ws.ws_col / width > 0 ? ws.ws_col / width : 1;
    int rows = (n + cols - 1) / cols;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            int i = c * rows + r;
            if (i >= n)
                break;
            if (i + rows >= n)
                printf("%s", names[i]);
            else
                printf("%-*s", width, names[i]);
        }
        printf("\n");
    }
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "ls: cannot open directory '%s': %s\n", path, strerror(errno));
        status = 2;
        return;
    }
    int n = 0, cap = 32;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(d))) {
        if (e->d_name[0] == '.' && !opt_all)
            continue;
        if (n == cap)
            names = realloc(names, (cap *= 2) * sizeof *names);
        if (names)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (!names) {
        fprintf(stderr, "ls: out of memory\n");
        status = 2;
        return;
    }
    qsort(names, n, sizeof *names, by_name);
    print_names(names, n, path);
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'l')
                opt_long = 1;
            else if (*o == 'a')
                opt_all = 1;
            else if (*o == '1')
                opt_one = 1;
            else {
                fprintf(stderr, "usage: ls [-la1] [FILE...]\n");
                return 2;
            }
        }
    }
    if (i >= argc) {
        list_dir(".");
        return status;
    }
    int many = argc - i > 1;
    for (int first = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            fprintf(stderr, "ls: cannot access '%s': %s\n", argv[i], strerror(errno));
            status = 2;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            print_names(&argv[i], 1, NULL);
            continue;
        }
        if (many)
            printf("%s%s:\n", first ? "" : "\n", argv[i]);
        first = 0;
        list_dir(argv[i]);
    }
    return status;
}
