/* grep — prints the lines that match any of the patterns: basic regular expressions
 * (-G, the default), extended ones (-E) or fixed strings (-F), through picolibc's
 * POSIX regcomp/regexec. Options as GNU grep: -i -v -w -x -c -l -L -n -h -H -o -q -s
 * -r and -e PATTERN; exit 0 if a line was selected, 1 if none, 2 on an error. A file
 * holding a NUL byte is binary: a match is reported as "grep: FILE: binary file
 * matches" instead of the line. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MATCH_REGEX, MATCH_FIXED };

static struct {
    int mode, cflags;
    bool icase, invert, word, line, count, list, list_missing, number, only, quiet, silent,
         recursive;
    int with_name;               /* -1 -h, 1 -H, 0 when more than one file */
} opt;

struct pattern {
    char *text;
    regex_t re;
};
static struct pattern *pats;
static int npats;
static bool had_error;

static void add_patterns(const char *list)
{
    for (const char *p = list;;) {            /* one pattern per line, as GNU grep */
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        pats = realloc(pats, (size_t)(npats + 1) * sizeof *pats);
        if (!pats) {
            fprintf(stderr, "grep: memory exhausted\n");
            exit(2);
        }
        pats[npats].text = strndup(p, n);
        npats++;
        if (!nl)
            break;
        p = nl + 1;
    }
}

static bool is_word_char(int c)
{
    return isalnum(c) || c == '_';
}

/* The first match of pattern p in line[from..len) as [*so, *eo); false if none. */
static bool find(struct pattern *p, const char *line, size_t len, size_t from, size_t *so, size_t *eo)
{
    if (opt.mode == MATCH_FIXED) {
        size_t n = strlen(p->text);
        for (size_t i = from; i + n <= len; i++) {
            if ((opt.icase ? strncasecmp(line + i, p->text, n) : strncmp(line + i, p->text, n)) == 0) {
                *so = i;
                *eo = i + n;
                return true;
            }
        }
        return false;
    }
    regmatch_t m[1];
    if (regexec(&p->re, line + from, 1, m, from ? REG_NOTBOL : 0) != 0)
        return false;
    *so = from + (size_t)m[0].rm_so;
    *eo = from + (size_t)m[0].rm_eo;
    return true;
}

/* The first match of any pattern that satisfies -w / -x, from `from` on. */
static bool match_at(const char *line, size_t len, size_t from, size_t *so, size_t *eo)
{
    bool found = false;
    for (int k = 0; k < npats; k++) {
        size_t s, e;
        for (size_t at = from; at <= len && find(&pats[k], line, len, at, &s, &e); at = s + 1) {
            bool ok = opt.line ? s == 0 && e == len :
                      !opt.word || ((s == 0 || !is_word_char((unsigned char)line[s - 1])) &&
                                    (e == len || !is_word_char((unsigned char)line[e])) && e > s);
            if (ok) {
                if (!found || s < *so || (s == *so && e > *eo)) {
                    *so = s;
                    *eo = e;
                }
                found = true;
                break;
            }
            if (opt.line)
                break;
        }
    }
    return found;
}

static void prefix(const char *name, long lineno, bool show_name)
{
    if (show_name)
        printf("%s:", name);
    if (opt.number)
        printf("%ld:", lineno);
}

/* Greps one open file; returns the number of selected lines. */
static long grep_file(FILE *f, const char *name, bool show_name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0, selected = 0;
    bool binary = false;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n')
            line[--len] = 0;
        binary |= memchr(line, 0, len) != NULL;
        size_t so, eo;
        bool hit = match_at(line, len, 0, &so, &eo);
        if (hit == opt.invert)
            continue;
        selected++;
        if (opt.quiet)
            exit(0);
        if (opt.count || opt.list || opt.list_missing)
            continue;
        if (binary)
            break;
        if (opt.only && !opt.invert) {
            for (size_t from = 0; hit; hit = match_at(line, len, from, &so, &eo)) {
                if (eo > so) {
                    prefix(name, lineno, show_name);
                    printf("%.*s\n", (int)(eo - so), line + so);
                }
                from = eo > so ? eo : so + 1;
                if (from > len)
                    break;
            }
            continue;
        }
        if (!opt.only) {
            prefix(name, lineno, show_name);
            fwrite(line, 1, len, stdout);
            putchar('\n');
        }
    }
    free(line);
    if (binary && selected && !opt.count && !opt.list && !opt.list_missing) {
        fflush(stdout);
        fprintf(stderr, "grep: %s: binary file matches\n", name);
    }
    if (opt.count) {
        if (show_name)
            printf("%s:", name);
        printf("%ld\n", selected);
    }
    if ((opt.list && selected) || (opt.list_missing && !selected))
        printf("%s\n", name);
    return selected;
}

static long grep_path(const char *path, bool show_name)
{
    if (strcmp(path, "-") == 0)
        return grep_file(stdin, "(standard input)", show_name);
    struct stat st;
    if (!*path || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        if (!opt.recursive) {
            if (!opt.silent)
                fprintf(stderr, "grep: %s: Is a directory\n", path);
            return 0;
        }
        DIR *d = opendir(*path ? path : ".");   /* "": -r without a name, names unprefixed */
        long selected = 0;
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            size_t n = strlen(path);
            snprintf(sub, sizeof sub, "%s%s%s", path, n && path[n - 1] != '/' ? "/" : "", e->d_name);
            selected += grep_path(sub, show_name);
        }
        if (d)
            closedir(d);
        return selected;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        if (!opt.silent)
            fprintf(stderr, "grep: %s: %s\n", path, strerror(errno));
        had_error = true;
        return 0;
    }
    long selected = grep_file(f, path, show_name);
    fclose(f);
    return selected;
}

static void usage(void)
{
    fprintf(stderr, "Usage: grep [-EFGcHhiLlnoqrsvwx] [-e PATTERN]... [PATTERN] [FILE]...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "EFGiyvwxclLnhHoqsrRe:")) != -1) {
        switch (c) {
        case 'E': opt.cflags |= REG_EXTENDED; opt.mode = MATCH_REGEX; break;
        case 'G': opt.cflags &= ~REG_EXTENDED; opt.mode = MATCH_REGEX; break;
        case 'F': opt.mode = MATCH_FIXED; break;
        case 'i': case 'y': opt.icase = true; break;
        case 'v': opt.invert = true; break;
        case 'w': opt.word = true; break;
        case 'x': opt.line = true; break;
        case 'c': opt.count = true; break;
        case 'l': opt.list = true; break;
        case 'L': opt.list_missing = true; break;
        case 'n': opt.number = true; break;
        case 'h': opt.with_name = -1; break;
        case 'H': opt.with_name = 1; break;
        case 'o': opt.only = true; break;
        case 'q': opt.quiet = true; break;
        case 's': opt.silent = true; break;
        case 'r': case 'R': opt.recursive = true; break;
        case 'e': add_patterns(optarg); break;
        default: usage();
        }
    }
    int i = optind;
    if (!npats) {
        if (i >= argc)
            usage();
        add_patterns(argv[i++]);
    }
    for (int k = 0; opt.mode == MATCH_REGEX && k < npats; k++) {
        int err = regcomp(&pats[k].re, pats[k].text,
                          opt.cflags | (opt.icase ? REG_ICASE : 0));
        if (err) {
            char msg[128];
            regerror(err, &pats[k].re, msg, sizeof msg);
            fprintf(stderr, "grep: %s\n", msg);
            return 2;
        }
    }
    int nfiles = argc - i;
    bool show_name = opt.with_name > 0 || (opt.with_name == 0 && (nfiles > 1 || opt.recursive));
    long selected = 0;
    if (nfiles == 0)
        selected = opt.recursive ? grep_path("", show_name) : grep_path("-", show_name);
    for (; i < argc; i++)
        selected += grep_path(argv[i], show_name);
    if (had_error && !(opt.quiet && selected))
        return 2;
    return selected ? 0 : 1;
}
