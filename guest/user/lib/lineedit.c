/* lineedit.c — a small readline for the shell. The terminal is put in raw mode (no
 * canonical input, no echo; signals stay on, so Ctrl-C and Ctrl-Z still reach the
 * foreground group) and each key is read as it is typed. The line is drawn on one
 * terminal row, scrolled sideways when it is longer than the row, with the keys of
 * bash's emacs mode: arrows, Home/End, Delete, Ctrl-A E B F D H K U W Y L P N R,
 * Alt-B/F/D, Alt-Backspace. Input is read a byte at a time so that nothing beyond
 * the line is taken from the programs that read the terminal next. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "lineedit.h"

#define HISTORY 128
#define CTRL(c) ((c) & 0x1f)

static char *history[HISTORY];
static int history_total;           /* lines ever added; the last HISTORY are kept */
static char kill_buf[1024];         /* what Ctrl-K, Ctrl-U and Ctrl-W took, for Ctrl-Y */

struct editor {
    int in, out;
    volatile sig_atomic_t *interrupted;
    const char *prompt;
    char *buf;
    size_t size, len, pos;          /* capacity, length, cursor */
    size_t offset;                  /* first byte shown when the line scrolls */
    int cols;
    int hist;                       /* history line shown; history_kept(): the new one */
    char *saved;                    /* the new line, while older ones are shown */
};

static int history_kept(void)
{
    return history_total < HISTORY ? history_total : HISTORY;
}

int lineedit_history_first(void)
{
    return history_total - history_kept();
}

const char *lineedit_history(int n)
{
    if (n < 0 || n >= history_kept())
        return NULL;
    return history[(lineedit_history_first() + n) % HISTORY];
}

void lineedit_history_add(const char *line)
{
    const char *last = lineedit_history(history_kept() - 1);
    if (!*line || (last && strcmp(last, line) == 0))
        return;
    char *copy = strdup(line);
    if (!copy)
        return;
    free(history[history_total % HISTORY]);
    history[history_total % HISTORY] = copy;
    history_total++;
}

static void put(struct editor *e, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(e->out, s, n);
        if (w <= 0 && errno != EINTR)
            return;
        if (w > 0) {
            s += w;
            n -= (size_t)w;
        }
    }
}

static void put_str(struct editor *e, const char *s)
{
    put(e, s, strlen(s));
}

/* Redraws the prompt and the part of the line that fits, cursor in place. */
static void refresh(struct editor *e)
{
    size_t plen = strlen(e->prompt);
    size_t room = (size_t)e->cols > plen + 1 ? (size_t)e->cols - plen - 1 : 1;
    if (e->pos < e->offset)
        e->offset = e->pos;
    if (e->pos - e->offset > room)
        e->offset = e->pos - room;
    size_t shown = e->len - e->offset < room ? e->len - e->offset : room;
    char seq[32];
    put_str(e, "\r");
    put_str(e, e->prompt);
    put(e, e->buf + e->offset, shown);
    put_str(e, "\033[K\r");
    size_t col = plen + e->pos - e->offset;
    if (col)
        put(e, seq, (size_t)snprintf(seq, sizeof seq, "\033[%zuC", col));
}

static void set_line(struct editor *e, const char *s)
{
    size_t n = strlen(s);
    if (n > e->size - 1)
        n = e->size - 1;
    memcpy(e->buf, s, n);
    e->len = e->pos = n;
    e->offset = 0;
    refresh(e);
}

static void insert(struct editor *e, const char *s, size_t n)
{
    if (n > e->size - 1 - e->len)
        n = e->size - 1 - e->len;
    if (!n)
        return;
    memmove(e->buf + e->pos + n, e->buf + e->pos, e->len - e->pos);
    memcpy(e->buf + e->pos, s, n);
    e->len += n;
    e->pos += n;
    if (e->pos == e->len && strlen(e->prompt) + e->len < (size_t)e->cols && e->offset == 0)
        put(e, s, n);                       /* typing at the end: plain echo */
    else
        refresh(e);
}

/* Removes [from, to) from the line; with keep, it becomes what Ctrl-Y yanks. */
static void cut(struct editor *e, size_t from, size_t to, bool keep)
{
    if (from >= to)
        return;
    if (keep) {
        size_t n = to - from < sizeof kill_buf - 1 ? to - from : sizeof kill_buf - 1;
        memcpy(kill_buf, e->buf + from, n);
        kill_buf[n] = 0;
    }
    bool at_end = to == e->len && e->pos == to && to - from == 1 && e->offset == 0;
    memmove(e->buf + from, e->buf + to, e->len - to);
    e->len -= to - from;
    e->pos = from;
    if (at_end)
        put_str(e, "\b \b");                  /* backspace at the end of the line */
    else
        refresh(e);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Word boundaries as readline's: words are runs of letters and digits (Alt-B/F/D),
 * or for Ctrl-W runs of non-blanks. */
static bool word_char(char c, bool blank_words)
{
    if (blank_words)
        return !is_space(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static size_t word_left(const struct editor *e, bool blank_words)
{
    size_t p = e->pos;
    while (p > 0 && !word_char(e->buf[p - 1], blank_words))
        p--;
    while (p > 0 && word_char(e->buf[p - 1], blank_words))
        p--;
    return p;
}

static size_t word_right(const struct editor *e)
{
    size_t p = e->pos;
    while (p < e->len && !word_char(e->buf[p], false))
        p++;
    while (p < e->len && word_char(e->buf[p], false))
        p++;
    return p;
}

static void move_to(struct editor *e, size_t pos)
{
    e->pos = pos;
    refresh(e);
}

/* Up (dir -1) or down (+1) through the history. */
static void browse(struct editor *e, int dir)
{
    int kept = history_kept(), to = e->hist + dir;
    if (to < 0 || to > kept)
        return;
    if (e->hist == kept) {
        free(e->saved);
        e->buf[e->len] = 0;
        e->saved = strdup(e->buf);
    }
    e->hist = to;
    set_line(e, to == kept ? (e->saved ? e->saved : "") : lineedit_history(to));
}

/* One byte of input: 1, 0 at end of input, -1 when interrupted (a read that a
 * signal broke, or the caller's flag set by a signal that came between reads). */
static int key(struct editor *e, unsigned char *c)
{
    for (;;) {
        if (e->interrupted && *e->interrupted)
            return -1;
        ssize_t r = read(e->in, c, 1);
        if (r == 1)
            return 1;
        if (r == 0)
            return 0;
        if (errno == EINTR)
            return -1;
        if (errno != EAGAIN)
            return 0;
    }
}

/* Ctrl-R: reverse incremental search through the history, as readline's. Typing
 * narrows it, Ctrl-R again finds an older match, Backspace widens it; Ctrl-G gives the
 * line back as it was; any other key leaves the match in the line and is returned in
 * *last for the caller to act on. 1, or what key() said. */
static int search(struct editor *e, unsigned char *last)
{
    char pat[64] = "";
    size_t plen = 0;
    int kept = history_kept(), at = kept;   /* the match shown; kept: none yet */
    char *orig = strndup(e->buf, e->len);
    int r;
    for (;;) {
        const char *match = at < kept ? lineedit_history(at) : orig ? orig : "";
        size_t room = (size_t)e->cols > plen + 24 ? (size_t)e->cols - plen - 24 : 0;
        put_str(e, "\r(reverse-i-search)`");
        put_str(e, pat);
        put_str(e, "': ");
        put(e, match, strlen(match) < room ? strlen(match) : room);
        put_str(e, "\033[K");
        unsigned char c;
        if ((r = key(e, &c)) <= 0)
            break;
        int from;
        if (c == CTRL('R')) {
            from = at - 1;
        } else if (c >= 0x20 && c < 0x7f && plen < sizeof pat - 1) {
            pat[plen++] = (char)c;
            pat[plen] = 0;
            from = at < kept ? at : kept - 1;    /* the match shown may still do */
        } else if ((c == 0x7f || c == CTRL('H')) && plen) {
            pat[--plen] = 0;
            from = kept - 1;
        } else {
            set_line(e, c == CTRL('G') ? (orig ? orig : "") : match);
            *last = c;
            break;
        }
        for (int k = from; plen && k >= 0; k--) {
            if (strstr(lineedit_history(k), pat)) {
                at = k;
                break;
            }
        }
    }
    free(orig);
    return r;
}

/* Acts on one key; returns 1 when the line is done, 0 to go on. */
static int edit_key(struct editor *e, unsigned char c)
{
    switch (c) {
    case '\r':
    case '\n':
        return 1;
    case CTRL('A'): move_to(e, 0); break;
    case CTRL('E'): move_to(e, e->len); break;
    case CTRL('B'): if (e->pos) move_to(e, e->pos - 1); break;
    case CTRL('F'): if (e->pos < e->len) move_to(e, e->pos + 1); break;
    case 0x7f:
    case CTRL('H'): if (e->pos) cut(e, e->pos - 1, e->pos, false); break;
    case CTRL('D'): if (e->pos < e->len) cut(e, e->pos, e->pos + 1, false); break;
    case CTRL('K'): cut(e, e->pos, e->len, true); break;
    case CTRL('U'): cut(e, 0, e->pos, true); break;
    case CTRL('W'): cut(e, word_left(e, true), e->pos, true); break;
    case CTRL('Y'): insert(e, kill_buf, strlen(kill_buf)); break;
    case CTRL('P'): browse(e, -1); break;
    case CTRL('N'): browse(e, 1); break;
    case CTRL('L'): put_str(e, "\033[H\033[2J"); refresh(e); break;
    default:
        if (c >= 0x20)
            insert(e, (const char *)&c, 1);
    }
    return 0;
}

/* After ESC: an Alt- key or a CSI/SS3 sequence (arrows, Home, End, Delete). */
static int escape(struct editor *e)
{
    unsigned char c;
    int r = key(e, &c);
    if (r <= 0)
        return r;
    if (c == 'b' || c == 'B')
        move_to(e, word_left(e, false));
    else if (c == 'f' || c == 'F')
        move_to(e, word_right(e));
    else if (c == 'd' || c == 'D')
        cut(e, e->pos, word_right(e), true);
    else if (c == 0x7f || c == CTRL('H'))
        cut(e, word_left(e, false), e->pos, true);
    if (c != '[' && c != 'O')
        return 1;
    char param[16];
    size_t n = 0;
    for (;;) {                               /* parameters, then the final byte */
        if ((r = key(e, &c)) <= 0)
            return r;
        if (c >= 0x40 && c <= 0x7e)
            break;
        if (n < sizeof param - 1)
            param[n++] = (char)c;
    }
    param[n] = 0;
    bool ctrl = strstr(param, ";5") != NULL;
    switch (c) {
    case 'A': browse(e, -1); break;
    case 'B': browse(e, 1); break;
    case 'C': move_to(e, ctrl ? word_right(e) : e->pos < e->len ? e->pos + 1 : e->pos); break;
    case 'D': move_to(e, ctrl ? word_left(e, false) : e->pos ? e->pos - 1 : 0); break;
    case 'H': move_to(e, 0); break;
    case 'F': move_to(e, e->len); break;
    case '~':
        if (param[0] == '1' || param[0] == '7')
            move_to(e, 0);
        else if (param[0] == '4' || param[0] == '8')
            move_to(e, e->len);
        else if (param[0] == '3' && e->pos < e->len)
            cut(e, e->pos, e->pos + 1, false);
        break;
    }
    return 1;
}

int lineedit_read(int fd, const char *prompt, char *buf, size_t size, volatile sig_atomic_t *interrupted)
{
    struct termios saved, raw;
    struct winsize ws;
    if (size == 0 || tcgetattr(fd, &saved) < 0)
        return -1;
    raw = saved;
    raw.c_lflag &= ~(ICANON | ECHO | IEXTEN);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(fd, TCSADRAIN, &raw);
    struct editor e = { .in = fd, .out = STDERR_FILENO, .interrupted = interrupted, .prompt = prompt,
                        .buf = buf, .size = size,
                        .cols = ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80,
                        .hist = history_kept() };
    put_str(&e, prompt);
    int result = 0;
    for (;;) {
        unsigned char c;
        int r = key(&e, &c);
        if (r > 0 && c == CTRL('R')) {
            r = search(&e, &c);
            if (r > 0 && c == CTRL('G'))
                continue;
        }
        if (r > 0 && c == 0x1b && (r = escape(&e)) > 0)
            continue;
        if (r < 0) {
            put_str(&e, "^C\n");
            result = -1;
            break;
        }
        if (r == 0 || (c == CTRL('D') && e.len == 0)) {
            e.len = 0;
            result = 0;
            break;
        }
        if (edit_key(&e, c)) {
            if (e.pos != e.len)
                move_to(&e, e.len);
            put_str(&e, "\n");
            result = 1;
            break;
        }
    }
    buf[result > 0 ? e.len : 0] = 0;
    free(e.saved);
    tcsetattr(fd, TCSADRAIN, &saved);
    return result;
}
