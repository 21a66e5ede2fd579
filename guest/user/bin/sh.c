/* sh — the Pagoda shell. Reads commands from the terminal (prompt "$ "), a script
 * (sh FILE [ARG...]) or a string (sh -c CMD [ARG0 ARG...]) and runs them: words with
 * '...', "..." and \ quoting, $VAR ${VAR} $? $$ $! $# $0..$9 expansion, * ? [..] file
 * name patterns, pipelines (|), redirections (< > >> 2> 2>> 2>&1 >&2), lists (; & &&
 * ||), VAR=value assignments (alone, or before a command for its environment), and the
 * builtins cd pwd exit wait export unset exec help. On a terminal each job runs in
 * its own process group, which gets the terminal while in the foreground, so Ctrl-C
 * interrupts the job and not the shell. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <lineedit.h>

#define MAX_LINE   4096
#define MAX_TOKENS 256
#define MAX_WORDS  256
#define MAX_CMDS   16
#define MAX_REDIRS 8
#define MAX_ITEMS  32
#define MAX_JOBS   32
#define MAX_VARS   64

enum tok_kind { T_WORD, T_PIPE, T_AMP, T_SEMI, T_AND, T_OR, T_REDIR, T_END };
enum redir_kind { R_IN, R_OUT, R_APPEND, R_DUP };

struct token {
    enum tok_kind kind;
    char *text;                 /* T_WORD: the raw word, quotes included */
    enum redir_kind redir;      /* T_REDIR */
    int fd, dupfd;
};

struct redir {
    enum redir_kind kind;
    int fd, dupfd;
    char *word;                 /* raw target word */
};

struct command {
    char *words[MAX_WORDS];     /* raw words */
    int nwords;
    struct redir redirs[MAX_REDIRS];
    int nredirs;
};

struct pipeline {
    struct command cmds[MAX_CMDS];
    int ncmds;
    bool background;
};

/* A pipeline and what connects it to the next: ';', '&&' or '||'. */
struct item {
    struct pipeline pl;
    enum tok_kind next;
};

enum { P_RUNNING, P_STOPPED, P_DONE };

struct job {
    int id;                     /* [1], [2], ...; 0: a free slot */
    pid_t pgid;
    pid_t pids[MAX_CMDS];
    int state[MAX_CMDS];        /* P_RUNNING, P_STOPPED, P_DONE */
    int status[MAX_CMDS];       /* wait status of the last stop or the end */
    int npids;
    bool foreground;            /* the shell waits for it now */
    bool notified;              /* its last stop or its end has been reported */
    unsigned seq;               /* when it was last put in the background or stopped */
    char text[64];
};

struct strlist {
    char **v;
    int n, cap;
};

static bool interactive;
static pid_t shell_pgid;
static struct termios shell_tmodes;     /* the terminal as the shell wants it */
static int last_status;
static pid_t last_bg_pid;
static int script_argc;
static char **script_argv;
static struct job jobs[MAX_JOBS];
static char *shell_vars[MAX_VARS];
static volatile sig_atomic_t got_sigint;

/* ---- small helpers ---- */

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "sh: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static void list_add(struct strlist *l, char *s)
{
    if (l->n + 1 >= l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        char **v = realloc(l->v, l->cap * sizeof *v);
        if (!v) {
            fprintf(stderr, "sh: out of memory\n");
            exit(2);
        }
        l->v = v;
    }
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
}

static void list_free(struct strlist *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* ---- variables ---- */

static bool is_name_char(int c, bool first)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (!first && c >= '0' && c <= '9');
}

/* Length of NAME if s starts with "NAME=", else 0. */
static size_t assignment_name_len(const char *s)
{
    size_t n = 0;
    while (is_name_char((unsigned char)s[n], n == 0))
        n++;
    return n && s[n] == '=' ? n : 0;
}

static char **find_shell_var(const char *name, size_t len)
{
    for (int i = 0; i < MAX_VARS; i++)
        if (shell_vars[i] && strncmp(shell_vars[i], name, len) == 0 && shell_vars[i][len] == '=')
            return &shell_vars[i];
    return NULL;
}

static const char *get_var(const char *name, size_t len)
{
    char **v = find_shell_var(name, len);
    if (v)
        return *v + len + 1;
    char buf[128];
    if (len >= sizeof buf)
        return NULL;
    memcpy(buf, name, len);
    buf[len] = 0;
    return getenv(buf);
}

/* NAME=value: updates the environment if NAME is exported there, else a shell variable. */
static void set_var(const char *assignment)
{
    size_t len = assignment_name_len(assignment);
    char name[128];
    if (!len || len >= sizeof name)
        return;
    memcpy(name, assignment, len);
    name[len] = 0;
    if (getenv(name)) {
        setenv(name, assignment + len + 1, 1);
        return;
    }
    char **slot = find_shell_var(name, len);
    for (int i = 0; !slot && i < MAX_VARS; i++)
        if (!shell_vars[i])
            slot = &shell_vars[i];
    if (!slot) {
        fprintf(stderr, "sh: too many variables\n");
        return;
    }
    free(*slot);
    *slot = strdup(assignment);
}

static void unset_var(const char *name)
{
    char **v = find_shell_var(name, strlen(name));
    if (v) {
        free(*v);
        *v = NULL;
    }
    unsetenv(name);
}

/* ---- lexing ---- */

static bool is_operator_char(int c)
{
    return c == '|' || c == '&' || c == ';' || c == '<' || c == '>';
}

/* Splits a line into tokens. Words keep their quotes; expansion happens just before
 * each command runs, so that $? sees the commands before it on the same line.
 * Returns the number of tokens (the last is T_END), or -1 on a syntax error. */
static int lex(const char *s, struct token *toks)
{
    int n = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (n >= MAX_TOKENS - 1) {
            fprintf(stderr, "sh: line too long\n");
            return -1;
        }
        struct token *t = &toks[n];
        memset(t, 0, sizeof *t);
        if (!*s || *s == '#') {
            t->kind = T_END;
            return n + 1;
        }
        int fd = -1;
        if (*s >= '0' && *s <= '9' && (s[1] == '<' || s[1] == '>'))
            fd = *s++ - '0';
        if (*s == '<' || *s == '>') {
            t->kind = T_REDIR;
            t->fd = fd >= 0 ? fd : (*s == '<' ? 0 : 1);
            if (s[0] == '>' && s[1] == '>') {
                t->redir = R_APPEND;
                s += 2;
            } else if (s[0] == '>' && s[1] == '&' && s[2] >= '0' && s[2] <= '9') {
                t->redir = R_DUP;
                t->dupfd = s[2] - '0';
                s += 3;
            } else {
                t->redir = *s == '<' ? R_IN : R_OUT;
                s++;
            }
            n++;
            continue;
        }
        if (s[0] == '&' && s[1] == '&') {
            t->kind = T_AND;
            s += 2;
        } else if (s[0] == '|' && s[1] == '|') {
            t->kind = T_OR;
            s += 2;
        } else if (*s == '|') {
            t->kind = T_PIPE;
            s++;
        } else if (*s == '&') {
            t->kind = T_AMP;
            s++;
        } else if (*s == ';') {
            t->kind = T_SEMI;
            s++;
        } else {
            const char *start = s;
            while (*s && *s != ' ' && *s != '\t' && *s != '\n' && !is_operator_char(*s)) {
                if (*s == '\\' && s[1]) {
                    s += 2;
                } else if (*s == '\'' || *s == '"') {
                    char q = *s++;
                    while (*s && *s != q) {
                        if (q == '"' && *s == '\\' && s[1])
                            s++;
                        s++;
                    }
                    if (!*s) {
                        fprintf(stderr, "sh: syntax error: unterminated quote\n");
                        return -1;
                    }
                    s++;
                } else {
                    s++;
                }
            }
            t->kind = T_WORD;
            t->text = xstrndup(start, s - start);
        }
        n++;
    }
}

static void free_tokens(struct token *toks, int n)
{
    for (int i = 0; i < n; i++)
        free(toks[i].text);
}

/* ---- parsing ---- */

static int syntax_error(const char *near)
{
    fprintf(stderr, "sh: syntax error near '%s'\n", near);
    return -1;
}

static const char *token_name(const struct token *t)
{
    switch (t->kind) {
    case T_PIPE: return "|";
    case T_AMP: return "&";
    case T_SEMI: return ";";
    case T_AND: return "&&";
    case T_OR: return "||";
    case T_REDIR: return t->redir == R_IN ? "<" : ">";
    case T_END: return "newline";
    default: return t->text;
    }
}

/* Builds the list of pipelines. Words point into the tokens. Returns the count or -1. */
static int parse(struct token *toks, struct item *items)
{
    int nitems = 0, i = 0;
    while (toks[i].kind != T_END) {
        if (nitems == MAX_ITEMS)
            return syntax_error("(too many commands)");
        struct item *it = &items[nitems++];
        memset(it, 0, sizeof *it);
        struct pipeline *pl = &it->pl;
        for (;;) {
            if (pl->ncmds == MAX_CMDS)
                return syntax_error("| (pipeline too long)");
            struct command *c = &pl->cmds[pl->ncmds++];
            while (toks[i].kind == T_WORD || toks[i].kind == T_REDIR) {
                if (toks[i].kind == T_WORD) {
                    if (c->nwords == MAX_WORDS - 1)
                        return syntax_error(toks[i].text);
                    c->words[c->nwords++] = toks[i++].text;
                    continue;
                }
                if (c->nredirs == MAX_REDIRS)
                    return syntax_error(">");
                struct redir *r = &c->redirs[c->nredirs++];
                r->kind = toks[i].redir;
                r->fd = toks[i].fd;
                r->dupfd = toks[i].dupfd;
                i++;
                if (r->kind != R_DUP) {
                    if (toks[i].kind != T_WORD)
                        return syntax_error(token_name(&toks[i]));
                    r->word = toks[i++].text;
                }
            }
            if (c->nwords == 0 && c->nredirs == 0)
                return syntax_error(token_name(&toks[i]));
            if (toks[i].kind != T_PIPE)
                break;
            i++;
        }
        enum tok_kind k = toks[i].kind;
        if (k == T_AMP)
            pl->background = true;
        it->next = k == T_AMP ? T_SEMI : k;
        if (k != T_END)
            i++;
        if ((k == T_AND || k == T_OR) && toks[i].kind == T_END)
            return syntax_error(token_name(&toks[i]));
    }
    return nitems;
}

/* ---- expansion ---- */

struct expansion {
    char *word, *pat;           /* the result, and a pattern with quoted metacharacters escaped */
    size_t len, plen, cap;
    bool glob;
};

static void ex_put(struct expansion *e, char c, bool quoted)
{
    if (e->len + 3 >= e->cap) {
        e->cap = e->cap ? 2 * e->cap : 64;
        e->word = realloc(e->word, e->cap);
        e->pat = realloc(e->pat, 2 * e->cap);
        if (!e->word || !e->pat) {
            fprintf(stderr, "sh: out of memory\n");
            exit(2);
        }
    }
    e->word[e->len++] = c;
    if (quoted && (c == '*' || c == '?' || c == '[' || c == '\\'))
        e->pat[e->plen++] = '\\';
    e->pat[e->plen++] = c;
    if (!quoted && (c == '*' || c == '?' || c == '['))
        e->glob = true;
}

static void ex_puts(struct expansion *e, const char *s)
{
    while (s && *s)
        ex_put(e, *s++, true);
}

/* Expands the $... at *sp (just past the '$'); advances *sp. */
static void expand_dollar(struct expansion *e, const char **sp)
{
    const char *s = *sp;
    char num[24];
    if (*s == '?' || *s == '$' || *s == '!' || *s == '#') {
        int v = *s == '?' ? last_status : *s == '$' ? (int)getpid() :
                *s == '!' ? (int)last_bg_pid : (script_argc > 0 ? script_argc - 1 : 0);
        snprintf(num, sizeof num, "%d", v);
        ex_puts(e, num);
        *sp = s + 1;
        return;
    }
    if (*s >= '0' && *s <= '9') {
        int k = *s - '0';
        if (k < script_argc)
            ex_puts(e, script_argv[k]);
        *sp = s + 1;
        return;
    }
    bool braced = *s == '{';
    const char *name = s + braced;
    size_t len = 0;
    while (is_name_char((unsigned char)name[len], len == 0))
        len++;
    if (len == 0 || (braced && name[len] != '}')) {
        ex_put(e, '$', true);
        return;
    }
    ex_puts(e, get_var(name, len));
    *sp = name + len + braced;
}

/* Removes quotes and expands variables in a raw word. */
static void expand_word(const char *s, struct expansion *e)
{
    memset(e, 0, sizeof *e);
    ex_put(e, 0, true);            /* make sure the buffers exist */
    e->len = e->plen = 0;
    while (*s) {
        if (*s == '\\' && s[1]) {
            ex_put(e, s[1], true);
            s += 2;
        } else if (*s == '\'') {
            for (s++; *s && *s != '\''; s++)
                ex_put(e, *s, true);
            s += *s == '\'';
        } else if (*s == '"') {
            for (s++; *s && *s != '"';) {
                if (*s == '\\' && (s[1] == '$' || s[1] == '"' || s[1] == '\\' || s[1] == '`')) {
                    ex_put(e, s[1], true);
                    s += 2;
                } else if (*s == '$') {
                    s++;
                    expand_dollar(e, &s);
                } else {
                    ex_put(e, *s++, true);
                }
            }
            s += *s == '"';
        } else if (*s == '$') {
            s++;
            expand_dollar(e, &s);
        } else {
            ex_put(e, *s, false);
            s++;
        }
    }
    e->word[e->len] = 0;
    e->pat[e->plen] = 0;
}

static bool has_meta(const char *pat, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (pat[i] == '\\')
            i++;
        else if (pat[i] == '*' || pat[i] == '?' || pat[i] == '[')
            return true;
    }
    return false;
}

static void unescape(char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (src[i] == '\\' && i + 1 < n)
            i++;
        *dst++ = src[i];
    }
    *dst = 0;
}

/* Matches pattern pat (relative to prefix, which ends in '/' or is empty) one path
 * component at a time, adding the names that exist to out. */
static void glob_in(const char *prefix, const char *pat, struct strlist *out)
{
    const char *slash = strchr(pat, '/');
    size_t clen = slash ? (size_t)(slash - pat) : strlen(pat);
    char comp[256], path[1024];
    if (clen >= sizeof comp)
        return;
    if (!has_meta(pat, clen)) {
        unescape(comp, pat, clen);
        snprintf(path, sizeof path, "%s%s%s", prefix, comp, slash ? "/" : "");
        struct stat st;
        if (slash && slash[1])
            glob_in(path, slash + 1, out);
        else if (lstat(path, &st) == 0)
            list_add(out, strdup(path));
        return;
    }
    memcpy(comp, pat, clen);
    comp[clen] = 0;
    DIR *d = opendir(*prefix ? prefix : ".");
    if (!d)
        return;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (ent->d_name[0] == '.' && comp[0] != '.')
            continue;
        if (fnmatch(comp, ent->d_name, 0) != 0)
            continue;
        snprintf(path, sizeof path, "%s%s%s", prefix, ent->d_name, slash ? "/" : "");
        if (slash && slash[1])
            glob_in(path, slash + 1, out);
        else
            list_add(out, strdup(path));
    }
    closedir(d);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expands a raw word into out: itself, or the sorted names its pattern matches. */
static void expand_into(const char *raw, struct strlist *out)
{
    struct expansion e;
    expand_word(raw, &e);
    if (e.glob) {
        struct strlist matches = { 0 };
        glob_in(e.pat[0] == '/' ? "/" : "", e.pat[0] == '/' ? e.pat + 1 : e.pat, &matches);
        if (matches.n > 0) {
            qsort(matches.v, matches.n, sizeof *matches.v, compare_strings);
            for (int i = 0; i < matches.n; i++)
                list_add(out, matches.v[i]);
            free(matches.v);
            free(e.word);
            free(e.pat);
            return;
        }
        free(matches.v);
    }
    list_add(out, e.word);
    free(e.pat);
}

static char *expand_single(const char *raw)
{
    struct expansion e;
    expand_word(raw, &e);
    free(e.pat);
    return e.word;
}

/* ---- jobs ---- */

/* Job control as bash does it on a terminal: each pipeline is a job in a process group
 * of its own; the foreground one owns the terminal, Ctrl-Z stops it, fg and bg
 * continue a stopped job in the foreground or the background; the current job (%+,
 * the one fg and bg take by default) is the one stopped or put in the background
 * last, the previous one %-. Without a terminal everything stays in the shell's group. */

static struct job *job_of(pid_t pid, int *index)
{
    for (int i = 0; i < MAX_JOBS; i++)
        for (int k = 0; jobs[i].id && k < jobs[i].npids; k++)
            if (jobs[i].pids[k] == pid) {
                if (index)
                    *index = k;
                return &jobs[i];
            }
    return NULL;
}

static bool job_stopped(const struct job *j)
{
    bool stopped = false;
    for (int k = 0; k < j->npids; k++) {
        if (j->state[k] == P_RUNNING)
            return false;
        stopped |= j->state[k] == P_STOPPED;
    }
    return stopped;
}

static bool job_done(const struct job *j)
{
    for (int k = 0; k < j->npids; k++)
        if (j->state[k] != P_DONE)
            return false;
    return true;
}

/* The wait status the job stands for: its last process's. */
static int job_status(const struct job *j)
{
    return j->status[j->npids - 1];
}

/* Current (%+) and previous (%-) jobs: the stopped ones first, then by recency. */
static bool job_before(const struct job *a, const struct job *b)
{
    if (job_stopped(a) != job_stopped(b))
        return job_stopped(a);
    return a->seq > b->seq;
}

static struct job *ranked_job(int rank)
{
    struct job *best[2] = { NULL, NULL };
    for (int i = 0; i < MAX_JOBS; i++) {
        struct job *j = &jobs[i];
        if (!j->id || j->foreground)
            continue;
        if (!best[0] || job_before(j, best[0])) {
            best[1] = best[0];
            best[0] = j;
        } else if (!best[1] || job_before(j, best[1])) {
            best[1] = j;
        }
    }
    return best[rank];
}

static char job_mark(const struct job *j)
{
    return j == ranked_job(0) ? '+' : j == ranked_job(1) ? '-' : ' ';
}

/* Statuses of recently reaped processes, so `wait $!` still finds a background job
 * that ended (and was reaped) before the wait, as POSIX asks. */
#define REAPED_MEMORY 16
static struct { pid_t pid; int status; } reaped[REAPED_MEMORY];
static unsigned reaped_next;

static bool reaped_status(pid_t pid, int *status)
{
    for (int i = 0; i < REAPED_MEMORY; i++)
        if (reaped[i].pid == pid) {
            *status = reaped[i].status;
            return true;
        }
    return false;
}

/* How bash describes a job's state: Running, Stopped, Done, Exit N, or the signal. */
static const char *job_state(const struct job *j, char *buf, size_t size)
{
    int status = job_status(j);
    if (!job_done(j))
        snprintf(buf, size, job_stopped(j) ? "Stopped" : "Running");
    else if (WIFSIGNALED(status))
        snprintf(buf, size, "%s%s", strsignal(WTERMSIG(status)), WCOREDUMP(status) ? " (core dumped)" : "");
    else if (WEXITSTATUS(status))
        snprintf(buf, size, "Exit %d", WEXITSTATUS(status));
    else
        snprintf(buf, size, "Done");
    return buf;
}

/* "[1]+  Stopped                 sleep 100"; -l adds the pid. */
static void print_job(const struct job *j, bool with_pid, FILE *out)
{
    char state[64];
    fprintf(out, "[%d]%c ", j->id, job_mark(j));
    if (with_pid)
        fprintf(out, "%d ", j->pids[0]);
    fprintf(out, " %-24s%s%s\n", job_state(j, state, sizeof state), j->text,
            !job_done(j) && !job_stopped(j) ? " &" : "");
}

static void free_job(struct job *j)
{
    j->id = 0;
}

/* Records a wait status of pid: stopped, continued, or ended. */
static void note_status(pid_t pid, int status)
{
    int k;
    struct job *j = job_of(pid, &k);
    if (WIFSTOPPED(status)) {
        if (j) {
            j->state[k] = P_STOPPED;
            j->status[k] = status;
            j->notified = false;
        }
        return;
    }
    if (WIFCONTINUED(status)) {
        if (j)
            j->state[k] = P_RUNNING;
        return;
    }
    reaped[reaped_next % REAPED_MEMORY].pid = pid;
    reaped[reaped_next % REAPED_MEMORY].status = status;
    reaped_next++;
    if (j) {
        j->state[k] = P_DONE;
        j->status[k] = status;
        j->notified = false;
    }
}

/* Says what became of background jobs since the last prompt, as bash does:
 * "[1]+  Done   sleep 1", "[2]-  Stopped   cat", "[1]+  Terminated   sleep 50"; ended
 * jobs leave the table. Without a terminal they leave silently. */
static void notify_jobs(void)
{
    for (int i = 0; i < MAX_JOBS; i++) {
        struct job *j = &jobs[i];
        if (!j->id || j->foreground || j->notified || (!job_done(j) && !job_stopped(j)))
            continue;
        if (interactive)
            print_job(j, false, stderr);
        j->notified = true;
        if (job_done(j))
            free_job(j);
    }
}

/* Collects the status changes of children without waiting. */
static void reap_jobs(void)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG | (interactive ? WUNTRACED | WCONTINUED : 0))) > 0)
        note_status(pid, status);
}

static unsigned job_seq;

static struct job *add_job(pid_t pgid, const pid_t *pids, int n, const char *text, bool foreground)
{
    int id = 1;
    for (int i = 0; i < MAX_JOBS; i++)
        if (jobs[i].id >= id)
            id = jobs[i].id + 1;
    for (int i = 0; i < MAX_JOBS; i++) {
        struct job *j = &jobs[i];
        if (j->id)
            continue;
        memset(j, 0, sizeof *j);
        j->id = id;
        j->pgid = pgid;
        memcpy(j->pids, pids, n * sizeof *pids);
        j->npids = n;
        j->foreground = foreground;
        j->seq = ++job_seq;
        snprintf(j->text, sizeof j->text, "%s", text);
        if (interactive && !foreground)
            fprintf(stderr, "[%d] %d\n", id, pids[n - 1]);
        return j;
    }
    fprintf(stderr, "sh: too many jobs\n");
    return NULL;
}

/* The shell's view of a wait status: 128 + signal for a killed or stopped process. */
static int status_of(int status)
{
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    if (WIFSTOPPED(status))
        return 128 + WSTOPSIG(status);
    return WEXITSTATUS(status);
}

static void report_signal(int status)
{
    if (!WIFSIGNALED(status))
        return;
    int sig = WTERMSIG(status);
    if (sig == SIGINT)
        fprintf(stderr, "\n");
    else if (sig != SIGPIPE)
        fprintf(stderr, "%s%s\n", strsignal(sig), WCOREDUMP(status) ? " (core dumped)" : "");
}

/* Waits while job j runs in the foreground: until it ends (its status is returned,
 * a signal death reported) or stops (it becomes the current job: "[1]+  Stopped").
 * Then the terminal goes back to the shell, in the shell's own settings. */
static int wait_job(struct job *j)
{
    j->foreground = true;
    while (!job_done(j) && !job_stopped(j)) {
        int status;
        pid_t pid = waitpid(-1, &status, interactive ? WUNTRACED : 0);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0)
            break;
        note_status(pid, status);
    }
    if (interactive) {
        tcsetpgrp(0, shell_pgid);
        tcsetattr(0, TCSADRAIN, &shell_tmodes);
    }
    j->foreground = false;
    if (job_stopped(j)) {
        int k = 0;
        while (j->state[k] != P_STOPPED)
            k++;
        j->seq = ++job_seq;
        fprintf(stderr, "\n");
        print_job(j, false, stderr);
        j->notified = true;
        return status_of(j->status[k]);
    }
    int status = job_status(j);
    report_signal(status);
    free_job(j);
    return status_of(status);
}

/* ---- redirections ---- */

static int apply_redirs(const struct command *c)
{
    for (int i = 0; i < c->nredirs; i++) {
        const struct redir *r = &c->redirs[i];
        if (r->kind == R_DUP) {
            if (dup2(r->dupfd, r->fd) < 0) {
                fprintf(stderr, "sh: %d: %s\n", r->dupfd, strerror(errno));
                return -1;
            }
            continue;
        }
        char *path = expand_single(r->word);
        int flags = r->kind == R_IN ? O_RDONLY :
                    O_WRONLY | O_CREAT | (r->kind == R_APPEND ? O_APPEND : O_TRUNC);
        int fd = open(path, flags, 0666);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
            free(path);
            return -1;
        }
        free(path);
        if (fd != r->fd) {
            dup2(fd, r->fd);
            close(fd);
        }
    }
    return 0;
}

/* ---- builtins ---- */

static int builtin_cd(char **argv)
{
    const char *dir = argv[1] ? argv[1] : getenv("HOME");
    if (!dir)
        dir = "/";
    if (chdir(dir) < 0) {
        fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char cwd[512];
    if (getcwd(cwd, sizeof cwd))
        setenv("PWD", cwd, 1);
    return 0;
}

static int builtin_pwd(char **argv)
{
    (void)argv;
    char cwd[512];
    if (!getcwd(cwd, sizeof cwd)) {
        fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
        return 1;
    }
    printf("%s\n", cwd);
    return 0;
}

/* A job named by %N, %+ or %%, %-, %PREFIX (the command starts with it), or NULL
 * with a message. Without a name: the current job. done_ok: one that has ended but
 * was not reported yet counts too (wait: it may have ended, on another hart, before
 * wait ran; its status is still the job's, as in bash). */
static struct job *find_job_ex(const char *name, const char *who, bool done_ok)
{
    struct job *j = NULL;
    if (!name || strcmp(name, "%%") == 0 || strcmp(name, "%+") == 0 || strcmp(name, "%") == 0) {
        j = ranked_job(0);
    } else if (strcmp(name, "%-") == 0) {
        j = ranked_job(1);
    } else if (name[0] == '%' && name[1] >= '0' && name[1] <= '9') {
        for (int i = 0; i < MAX_JOBS && !j; i++)
            if (jobs[i].id == atoi(name + 1) && !jobs[i].foreground)
                j = &jobs[i];
    } else if (name[0] == '%') {
        for (int i = 0; i < MAX_JOBS && !j; i++)
            if (jobs[i].id && !jobs[i].foreground && strncmp(jobs[i].text, name + 1, strlen(name + 1)) == 0)
                j = &jobs[i];
    } else {
        j = job_of(atoi(name), NULL);
    }
    if (j && job_done(j) && !done_ok)
        j = NULL;
    if (!j)
        fprintf(stderr, "sh: %s: %s: no such job\n", who, name ? name : "current");
    return j;
}

static struct job *find_job(const char *name, const char *who)
{
    return find_job_ex(name, who, false);
}

/* Sends SIGCONT to a stopped job and marks its processes running again. */
static void continue_job(struct job *j)
{
    for (int k = 0; k < j->npids; k++)
        if (j->state[k] == P_STOPPED)
            j->state[k] = P_RUNNING;
    kill(-j->pgid, SIGCONT);
}

static bool warned_stopped;

/* bash's rule: leaving with stopped jobs takes a second exit (or Ctrl-D). */
static bool may_exit(void)
{
    bool stopped = false;
    for (int i = 0; i < MAX_JOBS; i++)
        stopped |= jobs[i].id && !jobs[i].foreground && job_stopped(&jobs[i]);
    if (!interactive || warned_stopped || !stopped)
        return true;
    fprintf(stderr, "There are stopped jobs.\n");
    warned_stopped = true;
    return false;
}

static int builtin_exit(char **argv)
{
    if (!may_exit())
        return 1;
    fflush(stdout);
    exit(argv[1] ? atoi(argv[1]) & 0xff : last_status);
}

/* Waits until process pid of job j has ended or j has stopped; false if Ctrl-C
 * interrupted the wait. */
static bool wait_for(struct job *j, pid_t pid)
{
    int k = 0;
    while (job_of(pid, &k) == j && j->state[k] != P_DONE && !job_stopped(j)) {
        int status;
        pid_t r = waitpid(-1, &status, interactive ? WUNTRACED : 0);
        if (r > 0)
            note_status(r, status);
        else if (errno == EINTR && got_sigint)
            return false;
        else if (errno != EINTR)
            break;
    }
    return true;
}

/* A job the wait builtin saw end leaves the table; bash reports it only if a signal
 * killed it. */
static void finish_waited(struct job *j)
{
    if (!job_done(j))
        return;
    if (interactive && WIFSIGNALED(job_status(j)))
        print_job(j, false, stderr);
    free_job(j);
}

/* wait: for every running background job; wait PID|%JOB...: for those, the status of
 * the last one (a job that ended before is remembered, as POSIX asks). */
static int builtin_wait(char **argv)
{
    int result = 0;
    for (int i = 0; !argv[1] && i < MAX_JOBS; i++) {
        struct job *j = &jobs[i];
        if (!j->id || j->foreground || job_stopped(j))
            continue;
        for (int k = 0; k < j->npids; k++)
            if (!wait_for(j, j->pids[k]))
                return 130;
        finish_waited(j);
    }
    for (int i = 1; argv[i]; i++) {
        bool by_job = argv[i][0] == '%';
        struct job *j = by_job ? find_job_ex(argv[i], "wait", true) : job_of(atoi(argv[i]), NULL);
        pid_t pid = by_job ? (j ? j->pids[j->npids - 1] : 0) : atoi(argv[i]);
        int status, k = 0;
        if (j) {
            if (!wait_for(j, pid))
                return 130;
            job_of(pid, &k);
            result = status_of(j->status[k]);
            finish_waited(j);
        } else if (reaped_status(pid, &status)) {
            result = status_of(status);
        } else {
            if (!by_job)
                fprintf(stderr, "sh: wait: pid %d is not a child of this shell\n", pid);
            result = 127;
        }
    }
    return result;
}

static int builtin_jobs(char **argv)
{
    bool with_pid = argv[1] && strcmp(argv[1], "-l") == 0, pids_only = argv[1] && strcmp(argv[1], "-p") == 0;
    reap_jobs();
    for (int i = 0; i < MAX_JOBS; i++) {
        struct job *j = &jobs[i];
        if (!j->id || j->foreground)
            continue;
        if (pids_only)
            printf("%d\n", j->pids[0]);
        else
            print_job(j, with_pid, stdout);
        j->notified = true;
        if (job_done(j))
            free_job(j);
    }
    return 0;
}

static int builtin_fg(char **argv)
{
    if (!interactive) {
        fprintf(stderr, "sh: fg: no job control\n");
        return 1;
    }
    struct job *j = find_job(argv[1], "fg");
    if (!j)
        return 1;
    printf("%s\n", j->text);
    fflush(stdout);
    tcsetpgrp(0, j->pgid);
    continue_job(j);
    return wait_job(j);
}

static int bg_job(const char *name)
{
    struct job *j = find_job(name, "bg");
    if (!j)
        return 1;
    if (!job_stopped(j)) {
        fprintf(stderr, "sh: bg: job %d already in background\n", j->id);
        return 0;
    }
    continue_job(j);
    j->seq = ++job_seq;
    printf("[%d]%c %s &\n", j->id, job_mark(j), j->text);
    return 0;
}

static int builtin_bg(char **argv)
{
    if (!interactive) {
        fprintf(stderr, "sh: bg: no job control\n");
        return 1;
    }
    if (!argv[1])
        return bg_job(NULL);
    int status = 0;
    for (int i = 1; argv[i]; i++)
        status |= bg_job(argv[i]);
    return status;
}

/* Whether a kill(1) signal argument (-STOP, -s TSTP, -19...) names a stop signal. */
static bool is_stop_signal(const char *s)
{
    static const char *const stops[] = { "STOP", "TSTP", "TTIN", "TTOU", "19", "20", "21", "22" };
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        if (strcasecmp(s, stops[i]) == 0)
            return true;
    return false;
}

/* kill with job names: %N (and %+, %-, %PREFIX) become -PGID for /bin/kill, which
 * does the rest; a stopped job then gets SIGCONT too, so that the signal acts now
 * (unless it is itself a stop signal), as bash's kill does. */
static int builtin_kill(char **argv)
{
    struct strlist args = { 0 };
    struct job *targets[MAX_JOBS];
    int ntargets = 0;
    bool stop = false;
    list_add(&args, strdup("kill"));
    for (int i = 1; argv[i]; i++) {
        if (i == 1 && argv[i][0] == '-' && argv[i][1] != '%')
            stop = is_stop_signal(strcmp(argv[i], "-s") == 0 && argv[i + 1] ? argv[i + 1] : argv[i] + 1);
        if (argv[i][0] != '%') {
            list_add(&args, strdup(argv[i]));
            continue;
        }
        struct job *j = find_job(argv[i], "kill");
        if (!j) {
            list_free(&args);
            return 1;
        }
        char pg[24];
        snprintf(pg, sizeof pg, "-%d", j->pgid);
        list_add(&args, strdup(pg));
        targets[ntargets++] = j;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execvp("kill", args.v);
        fprintf(stderr, "sh: kill: %s\n", strerror(errno));
        _exit(127);
    }
    int status = 1;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    list_free(&args);
    for (int i = 0; i < ntargets && WIFEXITED(status) && WEXITSTATUS(status) == 0 && !stop; i++)
        if (job_stopped(targets[i]))
            continue_job(targets[i]);
    return status_of(status);
}

static int builtin_history(char **argv)
{
    (void)argv;
    for (int i = 0; lineedit_history(i); i++)
        printf("%5d  %s\n", lineedit_history_first() + i + 1, lineedit_history(i));
    return 0;
}

static int builtin_export(char **argv)
{
    extern char **environ;
    if (!argv[1]) {
        for (char **e = environ; *e; e++)
            printf("export %s\n", *e);
        return 0;
    }
    for (int i = 1; argv[i]; i++) {
        size_t len = assignment_name_len(argv[i]);
        if (len) {
            char *name = xstrndup(argv[i], len);
            setenv(name, argv[i] + len + 1, 1);
            char **v = find_shell_var(name, len);
            if (v) {
                free(*v);
                *v = NULL;
            }
            free(name);
        } else {
            const char *value = get_var(argv[i], strlen(argv[i]));
            setenv(argv[i], value ? value : "", 1);
        }
    }
    return 0;
}

static int builtin_unset(char **argv)
{
    for (int i = 1; argv[i]; i++)
        unset_var(argv[i]);
    return 0;
}

static int builtin_colon(char **argv)
{
    (void)argv;
    return 0;
}

static int builtin_help(char **argv);

static int builtin_exec(char **argv)
{
    if (!argv[1])
        return 0;
    execvp(argv[1], argv + 1);
    fprintf(stderr, "sh: exec: %s: %s\n", argv[1], strerror(errno));
    return errno == ENOENT ? 127 : 126;
}

static const struct builtin {
    const char *name;
    int (*fn)(char **argv);
    const char *help;
} builtins[] = {
    { "cd", builtin_cd, "cd [DIR]         change directory (default $HOME)" },
    { "pwd", builtin_pwd, "pwd              print the current directory" },
    { "exit", builtin_exit, "exit [N]         leave the shell with status N" },
    { "wait", builtin_wait, "wait [PID|%N...] wait for background jobs" },
    { "jobs", builtin_jobs, "jobs [-l|-p]     list the jobs (%+ current, %- previous)" },
    { "fg", builtin_fg, "fg [%N]          continue a job in the foreground" },
    { "bg", builtin_bg, "bg [%N...]       continue stopped jobs in the background" },
    { "kill", builtin_kill, "kill [-SIG] %N|PID...  send a signal (default TERM)" },
    { "history", builtin_history, "history          the lines typed so far" },
    { "export", builtin_export, "export NAME[=V]  put a variable in the environment" },
    { "unset", builtin_unset, "unset NAME...    remove variables" },
    { "exec", builtin_exec, "exec CMD [ARG]   replace the shell with CMD" },
    { "help", builtin_help, "help             this list" },
    { ":", builtin_colon, ":                do nothing" },
};
#define NBUILTINS ((int)(sizeof builtins / sizeof builtins[0]))

static int builtin_help(char **argv)
{
    (void)argv;
    printf("Pagoda shell. Syntax: cmd args, 'quotes', \"$VAR\", $?, *.c, a | b, < in, > out,\n"
           ">> out, 2> err, 2>&1, a; b, a && b, a || b, cmd &, VAR=value [cmd].\n"
           "Keys: Ctrl-C interrupts, Ctrl-Z stops the job, Ctrl-D ends input; lines are edited\n"
           "with arrows, Home/End, Ctrl-A/E/B/F/D/H/K/U/W/Y/L, Alt-B/F/D; Up/Down and Ctrl-R\n"
           "search the history.\nBuiltins:\n");
    for (int i = 0; i < NBUILTINS; i++)
        printf("  %s\n", builtins[i].help);
    const char *path = getenv("PATH");
    for (const char *p = path; p && *p;) {          /* each $PATH directory and its programs */
        const char *end = strchr(p, ':');
        char *dir = xstrndup(p, end ? (size_t)(end - p) : strlen(p));
        DIR *d = opendir(*dir ? dir : ".");
        struct strlist names = { 0 };
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (e->d_name[0] != '.' && e->d_type != DT_DIR)
                list_add(&names, strdup(e->d_name));
        if (d)
            closedir(d);
        if (names.n) {
            qsort(names.v, names.n, sizeof *names.v, compare_strings);
            printf("Programs in %s:", dir);
            for (int i = 0; i < names.n; i++)
                printf("%s%s", i % 10 ? " " : "\n  ", names.v[i]);
            printf("\n");
        }
        list_free(&names);
        free(dir);
        p = end ? end + 1 : NULL;
    }
    return 0;
}

static const struct builtin *find_builtin(const char *name)
{
    for (int i = 0; i < NBUILTINS; i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

/* ---- running commands ---- */

/* A command's words after expansion: leading NAME=value words go to assigns. */
static void expand_command(const struct command *c, struct strlist *args, struct strlist *assigns)
{
    int i = 0;
    for (; i < c->nwords && assignment_name_len(c->words[i]); i++)
        list_add(assigns, expand_single(c->words[i]));
    for (; i < c->nwords; i++)
        expand_into(c->words[i], args);
    if (!args->v)
        list_add(args, NULL), args->n = 0;
    if (!assigns->v)
        list_add(assigns, NULL), assigns->n = 0;
}

static void reset_child_signals(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGTSTP, SIG_DFL);
    signal(SIGTTOU, SIG_DFL);
    signal(SIGTTIN, SIG_DFL);
}

/* In the child: becomes the program (or runs the builtin) and never returns. */
static void exec_child(const struct command *c, struct strlist *args, struct strlist *assigns)
{
    if (apply_redirs(c) < 0)
        _exit(1);
    for (int i = 0; i < assigns->n; i++) {
        size_t len = assignment_name_len(assigns->v[i]);
        assigns->v[i][len] = 0;
        setenv(assigns->v[i], assigns->v[i] + len + 1, 1);
    }
    if (args->n == 0)
        _exit(0);
    const struct builtin *b = find_builtin(args->v[0]);
    if (b) {
        int status = b->fn(args->v);
        fflush(stdout);
        _exit(status);
    }
    execvp(args->v[0], args->v);
    int err = errno;
    if (err == ENOENT)
        fprintf(stderr, "sh: %s: not found\n", args->v[0]);
    else
        fprintf(stderr, "sh: %s: %s\n", args->v[0], strerror(err));
    _exit(err == ENOENT ? 127 : 126);
}

/* A builtin or assignment that must run in the shell itself, with its redirections
 * applied around it. */
static int run_in_shell(const struct command *c, struct strlist *args, struct strlist *assigns)
{
    if (args->n == 0) {
        for (int i = 0; i < assigns->n; i++)
            set_var(assigns->v[i]);
    }
    int saved[3];
    for (int fd = 0; fd < 3; fd++)
        saved[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    fflush(stdout);
    int status = 1;
    if (apply_redirs(c) == 0)
        status = args->n ? find_builtin(args->v[0])->fn(args->v) : 0;
    fflush(stdout);
    fflush(stderr);
    for (int fd = 0; fd < 3; fd++) {
        if (saved[fd] >= 0) {
            dup2(saved[fd], fd);
            close(saved[fd]);
        }
    }
    return status;
}

static void pipeline_text(const struct pipeline *pl, char *buf, size_t size)
{
    buf[0] = 0;
    for (int i = 0; i < pl->ncmds; i++) {
        for (int k = 0; k < pl->cmds[i].nwords; k++) {
            strncat(buf, pl->cmds[i].words[k], size - strlen(buf) - 1);
            strncat(buf, " ", size - strlen(buf) - 1);
        }
        if (i + 1 < pl->ncmds)
            strncat(buf, "| ", size - strlen(buf) - 1);
    }
    size_t n = strlen(buf);
    if (n && buf[n - 1] == ' ')
        buf[n - 1] = 0;
}

/* A foreground pipeline the job table had no room for: waits for its processes. */
static int wait_untracked(const pid_t *pids, int n)
{
    int last = 0;
    for (int i = 0; i < n; i++) {
        int status;
        pid_t r;
        while ((r = waitpid(pids[i], &status, 0)) < 0 && errno == EINTR)
            ;
        if (r == pids[i] && i == n - 1)
            last = status;
    }
    if (interactive)
        tcsetpgrp(0, shell_pgid);
    report_signal(last);
    return status_of(last);
}

static int run_pipeline(struct pipeline *pl)
{
    struct strlist args[MAX_CMDS], assigns[MAX_CMDS];
    memset(args, 0, sizeof args);
    memset(assigns, 0, sizeof assigns);
    for (int i = 0; i < pl->ncmds; i++)
        expand_command(&pl->cmds[i], &args[i], &assigns[i]);

    int status = 0;
    if (pl->ncmds == 1 && !pl->background &&
        (args[0].n == 0 || find_builtin(args[0].v[0]))) {
        status = run_in_shell(&pl->cmds[0], &args[0], &assigns[0]);
        goto out;
    }

    pid_t pids[MAX_CMDS], pgid = 0;
    int npids = 0, in_fd = -1;
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < pl->ncmds; i++) {
        int p[2] = { -1, -1 };
        if (i + 1 < pl->ncmds && pipe(p) < 0) {
            fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
            status = 1;
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "sh: fork: %s\n", strerror(errno));
            close(p[0]);
            close(p[1]);
            status = 1;
            break;
        }
        if (pid == 0) {
            if (interactive) {
                setpgid(0, pgid);
                if (!pl->background)
                    tcsetpgrp(0, pgid ? pgid : getpid());
            }
            reset_child_signals();
            if (pl->background && !interactive && in_fd < 0 && i == 0) {
                int null = open("/dev/null", O_RDONLY);
                if (null >= 0 && null != 0) {
                    dup2(null, 0);
                    close(null);
                }
            }
            if (in_fd >= 0) {
                dup2(in_fd, 0);
                close(in_fd);
            }
            if (p[1] >= 0) {
                dup2(p[1], 1);
                close(p[1]);
                close(p[0]);
            }
            exec_child(&pl->cmds[i], &args[i], &assigns[i]);
        }
        if (!pgid)
            pgid = pid;
        if (interactive)
            setpgid(pid, pgid);
        pids[npids++] = pid;
        if (in_fd >= 0)
            close(in_fd);
        if (p[1] >= 0)
            close(p[1]);
        in_fd = p[0];
    }
    if (in_fd >= 0)
        close(in_fd);
    if (npids == 0)
        goto out;
    char text[64];
    pipeline_text(pl, text, sizeof text);
    if (pl->background) {
        add_job(pgid, pids, npids, text, false);
        last_bg_pid = pids[npids - 1];
        status = 0;
    } else {
        if (interactive)
            tcsetpgrp(0, pgid);
        struct job *j = add_job(pgid, pids, npids, text, true);
        int s = j ? wait_job(j) : wait_untracked(pids, npids);
        if (status == 0)
            status = s;
    }
out:
    for (int i = 0; i < pl->ncmds; i++) {
        list_free(&args[i]);
        list_free(&assigns[i]);
    }
    return status;
}

/* Runs one line of input. */
static void run_line(const char *line)
{
    static struct token toks[MAX_TOKENS];
    static struct item items[MAX_ITEMS];
    int ntoks = lex(line, toks);
    if (ntoks < 0) {
        last_status = 2;
        return;
    }
    int nitems = parse(toks, items);
    if (nitems < 0) {
        last_status = 2;
    } else {
        enum tok_kind prev = T_SEMI;
        for (int i = 0; i < nitems; i++) {
            bool skip = (prev == T_AND && last_status != 0) || (prev == T_OR && last_status == 0);
            if (!skip)
                last_status = run_pipeline(&items[i].pl);
            prev = items[i].next;
            reap_jobs();
        }
    }
    free_tokens(toks, ntoks);
}

/* ---- input ---- */

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
}

/* Reads one line from fd into buf: a byte at a time unless fd is a terminal, so that
 * the commands we start read their input from where we stopped. 0 at end of input,
 * -1 when interrupted by Ctrl-C. */
static int read_line(int fd, char *buf, size_t size, bool tty)
{
    size_t n = 0;
    for (;;) {
        if (got_sigint)
            return -1;
        ssize_t r = read(fd, buf + n, tty ? size - 1 - n : 1);
        if (r < 0 && errno == EINTR) {
            if (got_sigint)
                return -1;
            continue;
        }
        if (r <= 0) {
            buf[n] = 0;
            return n > 0 ? 1 : 0;
        }
        n += r;
        if (buf[n - 1] == '\n' || n == size - 1) {
            buf[n] = 0;
            return 1;
        }
    }
}

/* Reads lines from fd and runs them; a trailing backslash continues a line. With a
 * prompt on a terminal the lines are edited (lineedit.h) and kept in the history. */
static void run_fd(int fd, bool prompt)
{
    static char line[MAX_LINE];
    bool tty = isatty(fd), edit = prompt && tty;
    size_t have = 0;
    for (;;) {
        got_sigint = 0;
        if (prompt) {
            reap_jobs();
            notify_jobs();
        }
        int r;
        if (edit) {
            r = lineedit_read(fd, have ? "> " : "$ ", line + have, sizeof line - have - 1, &got_sigint);
            if (r > 0)
                strcat(line + have, "\n");
        } else {
            if (prompt) {
                fprintf(stderr, have ? "> " : "$ ");
                fflush(stderr);
            }
            r = read_line(fd, line + have, sizeof line - have, tty);
        }
        if (r < 0) {
            if (!edit)
                fprintf(stderr, "\n");         /* after the terminal's ^C */
            have = 0;
            last_status = 130;
            continue;
        }
        if (r == 0) {
            if (prompt && !may_exit())
                continue;
            if (have)
                run_line(line);
            return;
        }
        size_t n = strlen(line);
        if (n >= 2 && line[n - 1] == '\n' && line[n - 2] == '\\') {
            have = n - 2;
            continue;
        }
        have = 0;
        if (edit) {
            line[n - 1] = 0;
            lineedit_history_add(line);
            line[n - 1] = '\n';
        }
        run_line(line);
    }
}

/* Runs the commands in a string (sh -c), line by line. */
static void run_string(const char *s)
{
    char *copy = strdup(s);
    for (char *line = copy, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        run_line(line);
    }
    free(copy);
}

static void setup_interactive(void)
{
    interactive = true;
    shell_pgid = getpgrp();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;               /* no SA_RESTART: read returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    if (tcgetpgrp(0) != shell_pgid && setpgid(0, 0) == 0) {
        shell_pgid = getpgrp();
        tcsetpgrp(0, shell_pgid);
    }
    tcgetattr(0, &shell_tmodes);
}

int main(int argc, char **argv)
{
    if (!getenv("PATH"))
        setenv("PATH", "/bin:/sbin:/test", 1);
    script_argc = argc;
    script_argv = argv;
    if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
        script_argc = argc - 3;
        script_argv = argv + 3;
        if (script_argc == 0) {
            script_argc = 1;
            script_argv = argv;
        }
        run_string(argv[2]);
        return last_status;
    }
    if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
        fprintf(stderr, "sh: -c: option requires an argument\n");
        return 2;
    }
    if (argc >= 2) {
        int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
        script_argc = argc - 1;
        script_argv = argv + 1;
        run_fd(fd, false);
        return last_status;
    }
    if (isatty(0))
        setup_interactive();
    run_fd(0, interactive);
    if (interactive)
        fprintf(stderr, "exit\n");
    return last_status;
}
