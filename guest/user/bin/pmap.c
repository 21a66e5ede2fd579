/* pmap — the memory map of processes, as procps prints it: for each PID its command
 * line, one line per mapping (address, size, permissions, what is mapped: the file's
 * name, [ stack ], [ anon ]) and the total, read from /proc/PID/maps. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

static ssize_t read_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = 0, r;
    while (n < (ssize_t)sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
        n += r;
    close(fd);
    buf[n] = 0;
    return n;
}

/* What procps shows in the last column for a maps line's name. */
static const char *mapping_name(const char *name)
{
    if (!*name || strcmp(name, "[heap]") == 0)
        return "  [ anon ]";
    if (strcmp(name, "[stack]") == 0)
        return "  [ stack ]";
    if (name[0] == '[')
        return name;
    const char *slash = strrchr(name, '/');
    return slash ? slash + 1 : name;
}

static int pmap(const char *pid)
{
    char path[64], cmd[256];
    snprintf(path, sizeof path, "/proc/%s/cmdline", pid);
    ssize_t n = read_file(path);
    if (n < 0) {
        fprintf(stderr, "pmap: %s: no such process\n", pid);
        return 1;
    }
    for (ssize_t i = 0; i + 1 < n; i++)
        if (!buf[i])
            buf[i] = ' ';
    strncpy(cmd, buf, sizeof cmd - 1);
    cmd[sizeof cmd - 1] = 0;
    printf("%s:   %s\n", pid, cmd);
    snprintf(path, sizeof path, "/proc/%s/maps", pid);
    if (read_file(path) < 0)
        return 1;
    unsigned long total = 0;
    for (char *line = buf; *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        unsigned long start, end, off, ino;
        char perms[8], dev[16];
        int pos = 0;
        if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %n", &start, &end, perms, &off, dev, &ino, &pos) >= 6) {
            char *name = line + pos;
            while (*name == ' ')
                name++;
            char p[6] = { perms[0], perms[1], perms[2], '-', perms[3] == 's' ? 's' : '-', 0 };
            printf("%016lx %6luK %s %s\n", start, (end - start) / 1024, p, mapping_name(name));
            total += (end - start) / 1024;
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    printf(" total %16luK\n", total);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pmap PID...\n");
        return 1;
    }
    int status = 0;
    for (int i = 1; i < argc; i++)
        status |= pmap(argv[i]);
    return status;
}
