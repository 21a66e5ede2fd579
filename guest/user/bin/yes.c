/* yes — prints its arguments (default "y") on a line, again and again, until the
 * output is closed. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char line[1024], buf[8192];
    size_t n = 0;
    if (argc < 2) {
        strcpy(line, "y");
        n = 1;
    }
    for (int i = 1; i < argc; i++)
        n += (size_t)snprintf(line + n, n < sizeof line ? sizeof line - n : 0, "%s%s", i > 1 ? " " : "", argv[i]);
    if (n >= sizeof line - 1)
        n = sizeof line - 2;
    line[n++] = '\n';
    size_t fill = 0;
    while (fill + n <= sizeof buf) {             /* whole lines, many to a write */
        memcpy(buf + fill, line, n);
        fill += n;
    }
    for (;;) {
        for (size_t off = 0; off < fill;) {
            ssize_t w = write(1, buf + off, fill - off);
            if (w <= 0)
                return 1;
            off += (size_t)w;
        }
    }
}
