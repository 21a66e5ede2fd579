/* getline.c — POSIX getdelim and getline over picolibc's streams: the line (with its
 * delimiter, NUL-terminated) in a buffer that grows as needed; -1 at end of input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    if (!line || !cap) {
        errno = EINVAL;
        return -1;
    }
    size_t n = 0;
    for (;;) {
        int c = getc(f);
        if (c == EOF && n == 0)
            return -1;
        if (n + 2 > *cap || !*line) {
            size_t want = *cap < 64 ? 128 : 2 * *cap;
            char *p = realloc(*line, want);
            if (!p) {
                errno = ENOMEM;
                return -1;
            }
            *line = p;
            *cap = want;
        }
        if (c == EOF)
            break;
        (*line)[n++] = (char)c;
        if (c == delim)
            break;
    }
    (*line)[n] = 0;
    return (ssize_t)n;
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
    return getdelim(line, cap, '\n', f);
}
