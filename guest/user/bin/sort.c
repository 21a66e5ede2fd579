/* sort — sorts the lines of the files (or standard input) as coreutils' sort in the C
 * locale: byte order, or -n numeric, -f folding case, -b ignoring leading blanks, -r
 * reversed; -k F[.C][bfnr][,F[.C][bfnr]] keys (fields split at blanks, or at -t SEP);
 * lines equal by every key are ordered by their bytes unless -s; -u keeps the first of
 * equal lines; -c checks; -o FILE writes FILE (which may be an input). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <unistd.h>

struct key {
    int sfield, schar, efield, echar;       /* 1-based; efield 0: to the end of the line */
    bool blanks, fold, numeric, reverse;
};

#define MAX_KEYS 8
static struct key keys[MAX_KEYS], global;
static int nkeys;
static int sep = -1;
static bool unique, stable, check;

struct line {
    char *text;
    size_t len;
};

static bool blank(int c)
{
    return c == ' ' || c == '\t';
}

/* Start of field f (1-based) of s[0..len): where the field's separator or blanks end. */
static size_t field_start(const char *s, size_t len, int f, bool skip_blanks)
{
    size_t i = 0;
    for (int k = 1; k < f && i < len; k++) {
        if (sep >= 0) {
            while (i < len && s[i] != sep)
                i++;
            i += i < len;
        } else {
            while (i < len && blank(s[i]))
                i++;
            while (i < len && !blank(s[i]))
                i++;
        }
    }
    if (skip_blanks)
        while (i < len && blank(s[i]))
            i++;
    return i;
}

static size_t field_end(const char *s, size_t len, int f)
{
    size_t i = field_start(s, len, f, false);
    if (sep >= 0) {
        while (i < len && s[i] != sep)
            i++;
    } else {
        while (i < len && blank(s[i]))
            i++;
        while (i < len && !blank(s[i]))
            i++;
    }
    return i;
}

static void key_limits(const struct line *l, const struct key *k, size_t *beg, size_t *end)
{
    size_t b = field_start(l->text, l->len, k->sfield, k->blanks);
    b += k->schar > 1 ? (size_t)(k->schar - 1) : 0;
    size_t e = l->len;
    if (k->efield) {
        if (k->echar) {
            e = field_start(l->text, l->len, k->efield, k->blanks) + (size_t)k->echar;
        } else {
            e = field_end(l->text, l->len, k->efield);
        }
    }
    *beg = b < l->len ? b : l->len;
    *end = e < *beg ? *beg : e < l->len ? e : l->len;
}

static double number(const char *s, size_t n)
{
    char buf[64];
    size_t i = 0;
    while (i < n && blank(s[i]))
        i++;
    size_t m = MIN(n - i, sizeof buf - 1);
    memcpy(buf, s + i, m);
    buf[m] = 0;
    return (buf[0] == '-' || buf[0] == '.' || isdigit((unsigned char)buf[0])) ? strtod(buf, NULL) : 0;
}

static int compare_key(const char *a, size_t na, const char *b, size_t nb, const struct key *k)
{
    if (k->numeric) {
        double x = number(a, na), y = number(b, nb);
        return (x > y) - (x < y);
    }
    if (k->blanks) {
        while (na && blank(*a))
            a++, na--;
        while (nb && blank(*b))
            b++, nb--;
    }
    for (size_t i = 0; i < na && i < nb; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (k->fold)
            x = toupper(x), y = toupper(y);
        if (x != y)
            return x - y;
    }
    return (na > nb) - (na < nb);
}

/* By the keys, then (unless -s or -u) by the bytes of the whole line. */
static int compare_lines(const struct line *x, const struct line *y, bool last_resort)
{
    if (!nkeys) {
        int c = compare_key(x->text, x->len, y->text, y->len, &global);
        if (c)
            return global.reverse ? -c : c;
    }
    for (int i = 0; i < nkeys; i++) {
        size_t xb, xe, yb, ye;
        key_limits(x, &keys[i], &xb, &xe);
        key_limits(y, &keys[i], &yb, &ye);
        int c = compare_key(x->text + xb, xe - xb, y->text + yb, ye - yb, &keys[i]);
        if (c)
            return keys[i].reverse ? -c : c;
    }
    if (!last_resort || stable || unique)
        return 0;
    struct key plain = { 0 };
    int c = compare_key(x->text, x->len, y->text, y->len, &plain);
    return global.reverse ? -c : c;
}

static int qsort_compare(const void *a, const void *b)
{
    return compare_lines(a, b, true);
}

/* Merge sort: stable, which -s and -u rely on (qsort is not). */
static void sort_lines(struct line *v, size_t n, struct line *tmp)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_lines(v, h, tmp);
    sort_lines(v + h, n - h, tmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = qsort_compare(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

/* Options of a key: letters among b f n r. */
static const char *key_opts(const char *s, struct key *k)
{
    for (; *s && strchr("bfnr", *s); s++) {
        k->blanks |= *s == 'b';
        k->fold |= *s == 'f';
        k->numeric |= *s == 'n';
        k->reverse |= *s == 'r';
    }
    return s;
}

static bool parse_key(const char *s, struct key *k)
{
    char *end;
    memset(k, 0, sizeof *k);
    k->sfield = (int)strtol(s, &end, 10);
    if (end == s || k->sfield < 1)
        return false;
    if (*end == '.')
        k->schar = (int)strtol(end + 1, &end, 10);
    end = (char *)key_opts(end, k);
    if (*end == ',') {
        s = end + 1;
        k->efield = (int)strtol(s, &end, 10);
        if (end == s || k->efield < 1)
            return false;
        if (*end == '.')
            k->echar = (int)strtol(end + 1, &end, 10);
        end = (char *)key_opts(end, k);
    }
    if (!k->blanks && !k->fold && !k->numeric && !k->reverse) {
        k->blanks = global.blanks;          /* a key without options takes the global ones */
        k->fold = global.fold;
        k->numeric = global.numeric;
        k->reverse = global.reverse;
    }
    return *end == 0;
}

static bool read_lines(FILE *f, struct line **v, size_t *n, size_t *cap)
{
    char *text = NULL;
    size_t tcap = 0;
    ssize_t len;
    while ((len = getline(&text, &tcap, f)) >= 0) {
        if (len && text[len - 1] == '\n')
            text[--len] = 0;
        if (*n == *cap) {
            *cap = *cap ? 2 * *cap : 256;
            *v = realloc(*v, *cap * sizeof **v);
            if (!*v)
                return false;
        }
        (*v)[*n].text = text;
        (*v)[*n].len = (size_t)len;
        (*n)++;
        text = NULL;
        tcap = 0;
    }
    free(text);
    return true;
}

int main(int argc, char **argv)
{
    const char *output = NULL;
    const char *pending_keys[MAX_KEYS];
    int c;
    while ((c = getopt(argc, argv, "bfnrusck:t:o:")) != -1) {
        switch (c) {
        case 'b': global.blanks = true; break;
        case 'f': global.fold = true; break;
        case 'n': global.numeric = true; break;
        case 'r': global.reverse = true; break;
        case 'u': unique = true; break;
        case 's': stable = true; break;
        case 'c': check = true; break;
        case 'o': output = optarg; break;
        case 'k':
            if (nkeys == MAX_KEYS) {
                fprintf(stderr, "sort: too many keys\n");
                return 2;
            }
            pending_keys[nkeys++] = optarg;
            break;
        case 't':
            if (strlen(optarg) != 1) {
                fprintf(stderr, "sort: multi-character tab '%s'\n", optarg);
                return 2;
            }
            sep = (unsigned char)optarg[0];
            break;
        default:
            fprintf(stderr, "usage: sort [-bcfnrsu] [-k KEY]... [-t SEP] [-o FILE] [FILE]...\n");
            return 2;
        }
    }
    int i = optind;
    for (int k = 0; k < nkeys; k++) {
        if (!parse_key(pending_keys[k], &keys[k])) {
            fprintf(stderr, "sort: invalid key '%s'\n", pending_keys[k]);
            return 2;
        }
    }
    struct line *v = NULL;
    size_t n = 0, cap = 0;
    for (int k = i; k < argc || (k == i && i == argc); k++) {
        const char *name = k < argc ? argv[k] : "-";
        FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
        if (!f) {
            fprintf(stderr, "sort: cannot read: %s: %s\n", name, strerror(errno));
            return 2;
        }
        if (!read_lines(f, &v, &n, &cap)) {
            fprintf(stderr, "sort: memory exhausted\n");
            return 2;
        }
        if (f != stdin)
            fclose(f);
    }
    if (check) {
        for (size_t k = 1; k < n; k++) {
            int c = compare_lines(&v[k - 1], &v[k], true);
            if (c > 0 || (unique && c == 0)) {
                fprintf(stderr, "sort: %s:%zu: disorder: %s\n", i < argc ? argv[i] : "-", k + 1, v[k].text);
                return 1;
            }
        }
        return 0;
    }
    struct line *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp) {
        fprintf(stderr, "sort: memory exhausted\n");
        return 2;
    }
    sort_lines(v, n, tmp);
    FILE *out = output ? fopen(output, "w") : stdout;
    if (!out) {
        fprintf(stderr, "sort: open failed: %s: %s\n", output, strerror(errno));
        return 2;
    }
    for (size_t k = 0; k < n; k++) {
        if (unique && k && compare_lines(&v[k - 1], &v[k], false) == 0)
            continue;
        fwrite(v[k].text, 1, v[k].len, out);
        putc('\n', out);
    }
    if (out != stdout)
        fclose(out);
    return 0;
}
