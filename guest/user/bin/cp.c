/* cp, mv — one program under two names. cp copies SRC to DEST, or each SRC into the
 * directory DIR; -r copies directories recursively; permission bits are copied. mv
 * renames SRC to DEST or moves each SRC into DIR (one file system: rename(2) does it
 * all). -v names each file. Messages as coreutils'. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog;
static bool recursive, verbose;

static int copy_file(const char *src, const char *dst, const struct stat *st)
{
    int in = open(src, O_RDONLY);
    if (in < 0) {
        fprintf(stderr, "cp: cannot open '%s' for reading: %s\n", src, strerror(errno));
        return 1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 07777);
    if (out < 0) {
        fprintf(stderr, "cp: cannot create regular file '%s': %s\n", dst, strerror(errno));
        close(in);
        return 1;
    }
    char buf[8192];
    ssize_t n;
    int status = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0) {
                fprintf(stderr, "cp: error writing '%s': %s\n", dst, strerror(errno));
                n = -1;
                break;
            }
            off += w;
        }
        if (n < 0)
            break;
    }
    if (n < 0) {
        if (errno)
            fprintf(stderr, "cp: error reading '%s': %s\n", src, strerror(errno));
        status = 1;
    }
    close(in);
    close(out);
    chmod(dst, st->st_mode & 07777);
    return status;
}

static int copy(const char *src, const char *dst)
{
    struct stat st, dst_st;
    if (stat(src, &st) < 0) {
        fprintf(stderr, "cp: cannot stat '%s': %s\n", src, strerror(errno));
        return 1;
    }
    if (stat(dst, &dst_st) == 0 && dst_st.st_ino == st.st_ino && dst_st.st_dev == st.st_dev) {
        fprintf(stderr, "cp: '%s' and '%s' are the same file\n", src, dst);
        return 1;
    }
    if (verbose)
        printf("'%s' -> '%s'\n", src, dst);
    if (!S_ISDIR(st.st_mode))
        return copy_file(src, dst, &st);
    if (!recursive) {
        fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", src);
        return 1;
    }
    if (mkdir(dst, st.st_mode & 07777) < 0 && errno != EEXIST) {
        fprintf(stderr, "cp: cannot create directory '%s': %s\n", dst, strerror(errno));
        return 1;
    }
    DIR *d = opendir(src);
    if (!d) {
        fprintf(stderr, "cp: cannot access '%s': %s\n", src, strerror(errno));
        return 1;
    }
    int status = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char s[1024], t[1024];
        snprintf(s, sizeof s, "%s/%s", src, e->d_name);
        snprintf(t, sizeof t, "%s/%s", dst, e->d_name);
        status |= copy(s, t);
    }
    closedir(d);
    return status;
}

static int move(const char *src, const char *dst)
{
    struct stat s, d;
    if (stat(src, &s) < 0) {
        fprintf(stderr, "mv: cannot stat '%s': %s\n", src, strerror(errno));
        return 1;
    }
    if (stat(dst, &d) == 0 && d.st_ino == s.st_ino && d.st_dev == s.st_dev) {
        fprintf(stderr, "mv: '%s' and '%s' are the same file\n", src, dst);
        return 1;
    }
    size_t n = strlen(src);
    if (S_ISDIR(s.st_mode) && strncmp(dst, src, n) == 0 && dst[n] == '/') {
        fprintf(stderr, "mv: cannot move '%s' to a subdirectory of itself, '%s'\n", src, dst);
        return 1;
    }
    if (rename(src, dst) < 0) {
        fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", src, dst, strerror(errno));
        return 1;
    }
    if (verbose)
        printf("renamed '%s' -> '%s'\n", src, dst);
    return 0;
}

int main(int argc, char **argv)
{
    prog = basename(argv[0]);
    bool is_mv = strcmp(prog, "mv") == 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            if (!is_mv && (*o == 'r' || *o == 'R' || *o == 'a'))
                recursive = true;
            else if (*o == 'v')
                verbose = true;
            else if (*o != 'f' && (is_mv || *o != 'p')) {
                fprintf(stderr, "%s: invalid option -- '%c'\nusage: %s [-%sv] SRC DEST | SRC... DIR\n",
                        prog, *o, prog, is_mv ? "" : "r");
                return 1;
            }
        }
    }
    int n = argc - i;
    if (n < 2) {
        if (n)
            fprintf(stderr, "%s: missing destination file operand after '%s'\n", prog, argv[i]);
        else
            fprintf(stderr, "%s: missing file operand\n", prog);
        return 1;
    }
    const char *target = argv[argc - 1];
    struct stat st;
    bool to_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
    if (n > 2 && !to_dir) {
        fprintf(stderr, errno == ENOENT ? "%s: target '%s': No such file or directory\n"
                                        : "%s: target '%s' is not a directory\n", prog, target);
        return 1;
    }
    int status = 0;
    for (; i < argc - 1; i++) {
        char src[1024], dst[1024];
        snprintf(src, sizeof src, "%s", argv[i]);
        snprintf(dst, sizeof dst, "%s/%s", target, basename(src));
        status |= (is_mv ? move : copy)(argv[i], to_dir ? dst : target);
    }
    return status;
}
