/* wc — counts lines, words and bytes of each file (or standard input); -l -w -c
 * choose the columns. Prints a total when given several files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int show_l, show_w, show_c;

struct counts {
    unsigned long lines, words, bytes;
};

static int count(int fd, struct counts *c)
{
    char buf[4096];
    ssize_t n;
    int in_word = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        c->bytes += n;
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n')
                c->lines++;
            if (isspace((unsigned char)buf[i]))
                in_word = 0;
            else if (!in_word) {
                in_word = 1;
                c->words++;
            }
        }
    }
    return n < 0 ? -1 : 0;
}

/* As GNU wc: a lone count from standard input is not padded; otherwise columns. */
static void print(const struct counts *c, const char *name)
{
    int width = (show_l + show_w + show_c > 1 || name) ? 7 : 1;
    const char *sep = "";
    if (show_l) {
        printf("%*lu", width, c->lines);
        sep = " ";
    }
    if (show_w) {
        printf("%s%*lu", sep, width, c->words);
        sep = " ";
    }
    if (show_c)
        printf("%s%*lu", sep, width, c->bytes);
    printf(name ? " %s\n" : "\n", name);
}

int main(int argc, char **argv)
{
    int i = 1, status = 0, files = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'l')
                show_l = 1;
            else if (*o == 'w')
                show_w = 1;
            else if (*o == 'c')
                show_c = 1;
            else {
                fprintf(stderr, "usage: wc [-lwc] [FILE...]\n");
                return 1;
            }
        }
    }
    if (!show_l && !show_w && !show_c)
        show_l = show_w = show_c = 1;
    struct counts total = { 0, 0, 0 };
    if (i >= argc) {
        struct counts c = { 0, 0, 0 };
        count(0, &c);
        print(&c, NULL);
        return 0;
    }
    for (; i < argc; i++, files++) {
        struct counts c = { 0, 0, 0 };
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0 || count(fd, &c) < 0) {
            fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            if (fd >= 0)
                close(fd);
            continue;
        }
        close(fd);
        print(&c, argv[i]);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (files > 1)
        print(&total, "total");
    return status;
}
