/* xargs — runs a command (default echo) with the words read from standard input as
 * its arguments, as GNU xargs: words split at blanks and newlines with '...', "..."
 * and \ quoting (-0: at NUL bytes), at most N per command with -n N, or once per line
 * with -I STR replacing STR in the arguments; -r runs nothing for empty input; -t
 * prints each command first. Exit 123 if a command failed, 127 if it was not found. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 4096

static bool trace;
static int status;

/* Runs argv; returns false (stop reading) if the command could not be run at all. */
static bool run(char **argv)
{
    if (trace) {
        for (int i = 0; argv[i]; i++)
            fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
        fprintf(stderr, "\n");
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        int err = errno;
        fprintf(stderr, "xargs: %s: %s\n", argv[0], strerror(err));
        _exit(err == ENOENT ? 127 : 126);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) < 0) {
        fprintf(stderr, "xargs: cannot fork: %s\n", strerror(errno));
        status = 1;
        return false;
    }
    if (WIFEXITED(st) && (WEXITSTATUS(st) == 126 || WEXITSTATUS(st) == 127)) {
        status = WEXITSTATUS(st);
        return false;
    }
    if (WIFSIGNALED(st)) {
        fprintf(stderr, "xargs: %s: terminated by signal %d\n", argv[0], WTERMSIG(st));
        status = 125;
        return false;
    }
    if (WEXITSTATUS(st))
        status = 123;
    return true;
}

/* The next word of input (with whole_line, the next line without its leading blanks),
 * or NULL at its end. */
static char *next_word(bool nul, bool whole_line)
{
    static char buf[4096];
    size_t n = 0;
    int c = getchar(), quote = 0;
    while (!nul && (c == ' ' || c == '\t' || c == '\n'))
        c = getchar();
    if (c == EOF)
        return NULL;
    for (; c != EOF; c = getchar()) {
        if (nul ? c == 0 : !quote && (c == '\n' || (!whole_line && (c == ' ' || c == '\t'))))
            break;
        if (!nul && !whole_line && !quote && (c == '\'' || c == '"')) {
            quote = c;
            continue;
        }
        if (!nul && quote && c == quote) {
            quote = 0;
            continue;
        }
        if (!nul && !quote && c == '\\' && (c = getchar()) == EOF)
            break;
        if (n < sizeof buf - 1)
            buf[n++] = (char)c;
    }
    if (quote) {
        fprintf(stderr, "xargs: unmatched %s quote\n", quote == '"' ? "double" : "single");
        exit(1);
    }
    buf[n] = 0;
    return strdup(buf);
}

/* A copy of s with every occurrence of from replaced by to. */
static char *replace(const char *s, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to), n = 0;
    for (const char *p = s; (p = strstr(p, from)); p += nf)
        n++;
    char *r = malloc(strlen(s) + n * nt + 1), *o = r;
    for (const char *p = s, *q; r; p = q + nf) {
        q = strstr(p, from);
        if (!q) {
            strcpy(o, p);
            break;
        }
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, nt);
        o += nt;
    }
    return r;
}

int main(int argc, char **argv)
{
    int i = 1, max = MAX_ARGS - 64;
    bool nul = false, no_empty = false;
    const char *repl = NULL;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-0") == 0) {
            nul = true;
        } else if (strcmp(argv[i], "-r") == 0) {
            no_empty = true;
        } else if (strcmp(argv[i], "-t") == 0) {
            trace = true;
        } else if (strncmp(argv[i], "-n", 2) == 0 && (argv[i][2] || i + 1 < argc)) {
            max = atoi(argv[i][2] ? argv[i] + 2 : argv[++i]);
            if (max < 1 || max > MAX_ARGS - 64) {
                fprintf(stderr, "xargs: value for -n is out of range\n");
                return 1;
            }
        } else if (strncmp(argv[i], "-I", 2) == 0 && (argv[i][2] || i + 1 < argc)) {
            repl = argv[i][2] ? argv[i] + 2 : argv[++i];
        } else {
            fprintf(stderr, "xargs: invalid option '%s'\n"
                            "usage: xargs [-0rt] [-n N] [-I STR] [CMD [ARG]...]\n", argv[i]);
            return 1;
        }
    }
    static char *echo_cmd[] = { "echo", NULL };
    char **cmd = i < argc ? argv + i : echo_cmd;
    int ncmd = i < argc ? argc - i : 1;
    static char *args[MAX_ARGS];
    bool ran = false, go = true;
    char *w;
    if (repl) {
        while (go && (w = next_word(nul, true))) {
            for (int k = 0; k < ncmd; k++)
                args[k] = replace(cmd[k], repl, w);
            args[ncmd] = NULL;
            go = run(args);
            for (int k = 0; k < ncmd; k++)
                free(args[k]);
            free(w);
        }
        return status;
    }
    int n = 0;
    memcpy(args, cmd, (size_t)ncmd * sizeof *args);
    while (go && (w = next_word(nul, false))) {
        args[ncmd + n++] = w;
        if (n == max) {
            args[ncmd + n] = NULL;
            go = run(args);
            ran = true;
            while (n)
                free(args[ncmd + --n]);
        }
    }
    if (go && (n || (!ran && !no_empty))) {
        args[ncmd + n] = NULL;
        run(args);
    }
    return status;
}
