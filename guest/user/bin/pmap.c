/* pmap — the memory map of processes, as procps prints it: for each PID its command
 * line, one line per mapping (address, size, permissions, what is mapped: the file's
 * name, [ stack ], [ anon ]) and the total, read from /proc/PID/maps. -x adds the
 * resident and dirty KiB of each mapping, -X every /proc/PID/smaps field procps shows
 * (Rss, Pss, Anonymous, Swap, ...), both read from /proc/PID/smaps. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
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

/* One line of /proc/PID/maps, with the smaps fields that follow it (in KiB). */
#define MAX_FIELDS 32
struct mapping {
    unsigned long start, end, off, ino;
    char perms[8], dev[16];
    const char *name;
    int nfields;
    const char *key[MAX_FIELDS];
    unsigned long value[MAX_FIELDS];
};

static struct mapping maps[4096];

/* Splits buf (maps or smaps text) into mappings; returns how many. */
static int parse(char *text)
{
    int n = 0;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl++ = 0;
        struct mapping *m = &maps[n];
        int pos = 0;
        char *colon = strchr(line, ':');
        if (n < (int)(sizeof maps / sizeof maps[0]) &&
            sscanf(line, "%lx-%lx %7s %lx %15s %lu %n", &m->start, &m->end, m->perms, &m->off,
                   m->dev, &m->ino, &pos) >= 6 && pos) {
            m->name = line + pos;
            while (*m->name == ' ')
                m->name++;
            m->nfields = 0;
            n++;
        } else if (n && colon && maps[n - 1].nfields < MAX_FIELDS && strncmp(line, "VmFlags", 7) != 0) {
            struct mapping *last = &maps[n - 1];
            *colon = 0;
            last->key[last->nfields] = line;
            last->value[last->nfields++] = strtoul(colon + 1, NULL, 10);
        }
        line = nl;
    }
    return n;
}

static unsigned long field(const struct mapping *m, const char *key)
{
    for (int i = 0; i < m->nfields; i++)
        if (strcmp(m->key[i], key) == 0)
            return m->value[i];
    return 0;
}

/* procps's mode column: r w x, then s for shared. */
static const char *mode(const struct mapping *m)
{
    static char p[6];
    snprintf(p, sizeof p, "%c%c%c-%c", m->perms[0], m->perms[1], m->perms[2], m->perms[3] == 's' ? 's' : '-');
    return p;
}

/* -X: Address Perm Offset Device Inode, each smaps field procps shows, Mapping; every
 * column as wide as its widest entry, then the sums. */
static void extended(int n)
{
    static const char *const hidden[] = { "KernelPageSize", "MMUPageSize", "Shared_Clean", "Shared_Dirty",
                                          "Private_Clean", "Private_Dirty", "AnonHugePages" };
    const struct mapping *first = &maps[0];
    int wdev = 6, wino = 5, w[MAX_FIELDS];
    bool shown[MAX_FIELDS];
    unsigned long sum[MAX_FIELDS] = { 0 };
    char num[32];
    for (int k = 0; k < first->nfields; k++) {
        shown[k] = true;
        for (size_t h = 0; h < sizeof hidden / sizeof hidden[0]; h++)
            shown[k] &= strcmp(first->key[k], hidden[h]) != 0;
        w[k] = (int)strlen(first->key[k]);
    }
    for (int i = 0; i < n; i++) {
        wdev = MAX(wdev, (int)strlen(maps[i].dev));
        wino = MAX(wino, snprintf(num, sizeof num, "%lu", maps[i].ino));
        for (int k = 0; k < first->nfields && k < maps[i].nfields; k++) {
            w[k] = MAX(w[k], snprintf(num, sizeof num, "%lu", maps[i].value[k]));
            sum[k] += maps[i].value[k];
        }
    }
    for (int k = 0; k < first->nfields; k++)
        w[k] = MAX(w[k], snprintf(num, sizeof num, "%lu", sum[k]));
    printf("%16s Perm   Offset %*s %*s", "Address", wdev, "Device", wino, "Inode");
    for (int k = 0; k < first->nfields; k++)
        if (shown[k])
            printf(" %*s", w[k], first->key[k]);
    printf(" Mapping\n");
    for (int i = 0; i < n; i++) {
        const struct mapping *m = &maps[i];
        const char *slash = m->name[0] == '/' ? strrchr(m->name, '/') : NULL;
        printf("%16lx %s %08lx %*s %*lu", m->start, m->perms, m->off, wdev, m->dev, wino, m->ino);
        for (int k = 0; k < first->nfields; k++)
            if (shown[k])
                printf(" %*lu", w[k], k < m->nfields ? m->value[k] : 0);
        printf(" %s\n", slash ? slash + 1 : m->name);
    }
    int lead = 16 + 1 + 4 + 1 + 8 + 1 + wdev + 1 + wino;
    printf("%*s", lead, "");
    for (int k = 0; k < first->nfields; k++)
        if (shown[k])
            printf(" %.*s", w[k], "================================");
    printf(" \n%*s", lead, "");
    for (int k = 0; k < first->nfields; k++)
        if (shown[k])
            printf(" %*lu", w[k], sum[k]);
    printf(" KB \n");
}

/* The listing of one process; fmt 0 plain, 'x' or 'X'. */
static int pmap(const char *pid, int fmt)
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
    snprintf(path, sizeof path, "/proc/%s/%s", pid, fmt ? "smaps" : "maps");
    if (read_file(path) < 0)
        return 1;
    int count = parse(buf);
    if (fmt == 'X') {
        if (count)
            extended(count);
        return 0;
    }
    unsigned long total = 0, rss = 0, dirty = 0;
    if (fmt == 'x')
        printf("Address           Kbytes     RSS   Dirty Mode  Mapping\n");
    for (int i = 0; i < count; i++) {
        const struct mapping *m = &maps[i];
        unsigned long kb = (m->end - m->start) / 1024;
        total += kb;
        if (fmt == 'x') {
            unsigned long r = field(m, "Rss"), d = field(m, "Shared_Dirty") + field(m, "Private_Dirty");
            rss += r;
            dirty += d;
            printf("%016lx %7lu %7lu %7lu %s %s\n", m->start, kb, r, d, mode(m), mapping_name(m->name));
        } else {
            printf("%016lx %6luK %s %s\n", m->start, kb, mode(m), mapping_name(m->name));
        }
    }
    if (fmt == 'x')
        printf("---------------- ------- ------- ------- \ntotal kB %15lu %7lu %7lu\n", total, rss, dirty);
    else
        printf(" total %16luK\n", total);
    return 0;
}

int main(int argc, char **argv)
{
    int fmt = 0, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-x") == 0 || strcmp(argv[i], "-X") == 0) {
            fmt = argv[i][1];
        } else {
            fprintf(stderr, "pmap: unknown option '%s'\nusage: pmap [-x|-X] PID...\n", argv[i]);
            return 1;
        }
    }
    if (i == argc) {
        fprintf(stderr, "usage: pmap [-x|-X] PID...\n");
        return 1;
    }
    int status = 0;
    for (; i < argc; i++)
        status |= pmap(argv[i], fmt);
    return status;
}
