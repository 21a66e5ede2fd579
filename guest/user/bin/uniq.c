/* uniq — writes each run of equal adjacent lines once: -c with its count, -d only
 * runs of two or more, -u only single lines, -i ignoring case; [INPUT [OUTPUT]]. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool counts, dups_only, singles_only, icase;

static void emit(FILE *out, const char *line, long n)
{
    if ((dups_only && n < 2) || (singles_only && n > 1))
        return;
    if (counts)
        fprintf(out, "%7ld ", n);
    fputs(line, out);
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'c')
                counts = true;
            else if (*o == 'd')
                dups_only = true;
            else if (*o == 'u')
                singles_only = true;
            else if (*o == 'i')
                icase = true;
            else {
                fprintf(stderr, "uniq: invalid option -- '%c'\nusage: uniq [-cdiu] [INPUT [OUTPUT]]\n", *o);
                return 1;
            }
        }
    }
    FILE *in = stdin, *out = stdout;
    if (i < argc && strcmp(argv[i], "-") != 0 && !(in = fopen(argv[i], "r"))) {
        fprintf(stderr, "uniq: %s: %s\n", argv[i], strerror(errno));
        return 1;
    }
    if (i + 1 < argc && !(out = fopen(argv[i + 1], "w"))) {
        fprintf(stderr, "uniq: %s: %s\n", argv[i + 1], strerror(errno));
        return 1;
    }
    char *prev = NULL, *line = NULL;
    size_t pcap = 0, cap = 0;
    long run = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        if (n && line[n - 1] != '\n') {             /* a last line without newline gets one */
            if ((size_t)n + 2 > cap && !(line = realloc(line, cap = (size_t)n + 2)))
                return 1;
            strcpy(line + n, "\n");
        }
        if (run && (icase ? strcasecmp(prev, line) : strcmp(prev, line)) == 0) {
            run++;
            continue;
        }
        if (run)
            emit(out, prev, run);
        char *t = prev;
        size_t tc = pcap;
        prev = line, pcap = cap;
        line = t, cap = tc;
        run = 1;
    }
    if (run)
        emit(out, prev, run);
    free(prev);
    free(line);
    return 0;
}
