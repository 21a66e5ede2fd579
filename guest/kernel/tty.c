/* tty.c — the console's line discipline, a small n_tty. In canonical mode input is
 * edited a line at a time (echo, backspace, ^U kills the line, ^W a word) and a read
 * returns one line; ^D ends the input (a read at the start of a line returns 0). ^C,
 * ^\ and ^Z send SIGINT, SIGQUIT and SIGTSTP to the foreground process group; control
 * keys echo as ^X (ECHOCTL), so an arrow key shows as ^[[A. Job control: a process of
 * another group of the terminal's session that reads it gets SIGTTIN (and changing its
 * settings or foreground group, SIGTTOU), which stops its group until the shell
 * continues it in the foreground. Output turns "\n" into "\r\n". TCGETS/TCSETS switch
 * ICANON, ECHO and ISIG, so a program can read raw keys.
 * Locks: tty.lock (a spinlock: the UART interrupt feeds input under it) guards the
 * input ring, termios and the foreground group; readers take read_mutex, so that one
 * read at a time copies out (without the spinlock: the copy may sleep) and moves the
 * read position only by what it copied, and not at all when a signal key flushed the
 * input meanwhile (tty.flushes); writers take write_mutex, so that one
 * write()'s text is not mixed with another's. */
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "tty.h"

#define INPUT_SIZE 1024

/* Linux termios bits and ioctls (asm-generic). */
#define ISIG   0000001
#define ICANON 0000002
#define ECHO   0000010
#define ECHOE  0000020
#define ECHOK  0000040
#define NOFLSH 0000200
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000
#define ICRNL  0000400
#define OPOST  0000001
#define ONLCR  0000004
#define VINTR  0
#define VQUIT  1
#define VERASE 2
#define VKILL  3
#define VEOF   4
#define VMIN   6
#define VSTART 8
#define VSTOP  9
#define VSUSP  10
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define NCCS   19

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B

struct termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[NCCS];
};

struct winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static struct tty {
    struct spinlock lock;      /* the ring and its positions, termios, winsize, fg_pgrp, sid */
    struct mutex read_mutex;   /* one reader at a time (and TCSETSF's flush) */
    struct mutex write_mutex;  /* one writer at a time */
    struct wait_queue read_wait;
    char buf[INPUT_SIZE];
    uint64_t r, w, e;          /* read, committed (end of last line), edit positions */
    uint64_t flushes;          /* input dropped by a signal key, so far */
    struct termios termios;
    struct winsize winsize;
    pid_t fg_pgrp;
    pid_t sid;                 /* the session it is the controlling terminal of */
} tty;

void tty_init(void)
{
    spin_init(&tty.lock, "tty");
    mutex_init(&tty.read_mutex, "tty read");
    mutex_init(&tty.write_mutex, "tty write");
    wait_queue_init(&tty.read_wait, "tty readers");
    tty.termios.c_iflag = ICRNL;
    tty.termios.c_oflag = OPOST | ONLCR;
    tty.termios.c_cflag = 0000277;             /* B38400 | CS8 | CREAD */
    tty.termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    tty.termios.c_cc[VINTR] = 3;
    tty.termios.c_cc[VQUIT] = 0x1c;
    tty.termios.c_cc[VSTART] = 0x11;
    tty.termios.c_cc[VSTOP] = 0x13;
    tty.termios.c_cc[VSUSP] = 0x1a;
    tty.termios.c_cc[VREPRINT] = 0x12;
    tty.termios.c_cc[VDISCARD] = 0x0f;
    tty.termios.c_cc[VWERASE] = 0x17;
    tty.termios.c_cc[VLNEXT] = 0x16;
    tty.termios.c_cc[VERASE] = 0x7f;
    tty.termios.c_cc[VKILL] = 0x15;
    tty.termios.c_cc[VEOF] = 4;
    tty.termios.c_cc[VMIN] = 1;
    tty.winsize.ws_row = 24;
    tty.winsize.ws_col = 80;
    tty.fg_pgrp = 1;
    tty.sid = 1;
}

/* A control character that ECHOCTL shows as ^X (DEL as ^?). */
static bool echoes_as_ctl(int c)
{
    return (tty.termios.c_lflag & ECHOCTL) && ((c < 0x20 && c != '\t' && c != '\n' &&
           c != tty.termios.c_cc[VSTART] && c != tty.termios.c_cc[VSTOP]) || c == 0x7f);
}

static void echo(int c)
{
    if (!(tty.termios.c_lflag & ECHO))
        return;
    if (echoes_as_ctl(c)) {
        console_putc('^');
        console_putc(c == 0x7f ? '?' : c ^ 0x40);
    } else {
        console_putc(c);
    }
}

static void erase_one(void)
{
    if (tty.e != tty.w) {
        tty.e--;
        if (tty.termios.c_lflag & ECHO) {
            console_write("\b \b", 3);
            if (echoes_as_ctl(tty.buf[tty.e % INPUT_SIZE]))
                console_write("\b \b", 3);     /* its ^X took two columns */
        }
    }
}

/* The signal a key sends when ISIG is on, or 0. */
static int signal_key(int c)
{
    const uint8_t *cc = tty.termios.c_cc;
    if (!(tty.termios.c_lflag & ISIG) || c == 0)
        return 0;
    return c == cc[VINTR] ? SIGINT : c == cc[VQUIT] ? SIGQUIT : c == cc[VSUSP] ? SIGTSTP : 0;
}

/* One received character, with tty.lock held; returns the signal to send the
 * foreground group (*pgrp) after the lock is let go, or 0. */
static int input_locked(int c, pid_t *pgrp)
{
    struct termios *t = &tty.termios;
    if (c == '\r' && (t->c_iflag & ICRNL))
        c = '\n';
    int sig = signal_key(c);
    if (sig) {
        echo(c);                                /* ^C, ^\, ^Z */
        if (!(t->c_lflag & NOFLSH)) {
            tty.e = tty.w = tty.r;              /* drop what was typed and not read */
            tty.flushes++;                      /* a reader copying out must not move r */
        }
        *pgrp = tty.fg_pgrp;
        return tty.fg_pgrp > 0 ? sig : 0;
    }
    if (t->c_lflag & ICANON) {
        if (c == t->c_cc[VERASE] || c == '\b') {
            erase_one();
            return 0;
        }
        if (c == t->c_cc[VKILL]) {
            while (tty.e != tty.w)
                erase_one();
            return 0;
        }
        if ((t->c_lflag & IEXTEN) && c == t->c_cc[VWERASE]) {
            while (tty.e != tty.w && tty.buf[(tty.e - 1) % INPUT_SIZE] == ' ')
                erase_one();
            while (tty.e != tty.w && tty.buf[(tty.e - 1) % INPUT_SIZE] != ' ')
                erase_one();
            return 0;
        }
    }
    if (tty.e - tty.r >= INPUT_SIZE - 1 && c != '\n')
        return 0;                               /* full: keep room for the newline */
    if (tty.e - tty.r >= INPUT_SIZE)
        return 0;
    tty.buf[tty.e++ % INPUT_SIZE] = (char)c;
    if (c != t->c_cc[VEOF] || !(t->c_lflag & ICANON))
        echo(c);
    if (!(t->c_lflag & ICANON) || c == '\n' || c == t->c_cc[VEOF] || tty.e - tty.r == INPUT_SIZE) {
        tty.w = tty.e;
        wake_up(&tty.read_wait);
    }
    return 0;
}

/* One received character, from the UART interrupt. */
void tty_input(int c)
{
    pid_t pgrp = 0;
    spin_lock(&tty.lock);
    int sig = input_locked(c, &pgrp);
    spin_unlock(&tty.lock);
    if (sig)
        kill_pgrp(pgrp, sig);
}

/* With tty.lock held: takes up to max committed input bytes for a read into out,
 * from *r on (advancing it); sets *more when the read may go on after these. */
static size_t take_input(char *out, size_t max, uint64_t *r, bool first, bool *more)
{
    bool canon = tty.termios.c_lflag & ICANON;
    size_t k = 0;
    *more = false;
    while (k < max && *r != tty.w) {
        char c = tty.buf[*r % INPUT_SIZE];
        if (canon && c == tty.termios.c_cc[VEOF]) {
            if (first && k == 0)
                (*r)++;                         /* ^D alone: end of file */
            return k;                           /* else it ends this read; seen next time */
        }
        out[k++] = c;
        (*r)++;
        if (canon && c == '\n')
            return k;
    }
    *more = k == max;
    return k;
}

/* Job control: a process of the terminal's session outside its foreground group may
 * not read it (sig SIGTTIN) or change it (SIGTTOU): its group gets sig and the call
 * fails with -EINTR, to be made again once the group is continued in the foreground.
 * 0 when the call may go on; -EIO for a read that can never be allowed (SIGTTIN
 * ignored or blocked, or a group no shell can continue). */
static int job_control_check(int sig)
{
    struct task *t = current;
    spin_lock(&tty.lock);
    pid_t fg = tty.fg_pgrp, sid = tty.sid;
    spin_unlock(&tty.lock);
    if (t->sid != sid || t->pgid == fg || pgrp_session(fg) < 0)
        return 0;
    if (signal_ignored_or_blocked(t, sig))
        return sig == SIGTTIN ? -EIO : 0;
    if (pgrp_orphaned(t->pgid, NULL))
        return -EIO;
    kill_pgrp(t->pgid, sig);
    return -EINTR;
}

/* Waits for committed input, then copies it out a chunk at a time: the position moves
 * only by what reached the user's buffer. */
static ssize_t console_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    (void)pos;
    int err = job_control_check(SIGTTIN);
    if (err)
        return err;
    if (mutex_lock_killable(&tty.read_mutex))
        return -EINTR;
    struct wait_entry w;
    wait_entry_init(&w);
    spin_lock(&tty.lock);
    while (tty.r == tty.w) {
        ssize_t r = (f->flags & O_NONBLOCK) ? -EAGAIN : signal_pending(current) ? -EINTR : 1;
        if (r != 1) {
            spin_unlock(&tty.lock);
            mutex_unlock(&tty.read_mutex);
            return r;
        }
        prepare_to_wait(&tty.read_wait, &w);
        spin_unlock(&tty.lock);
        schedule();
        finish_wait(&tty.read_wait, &w);
        spin_lock(&tty.lock);
    }
    size_t done = 0;
    for (bool more = true; more && done < n;) {
        char chunk[128];
        uint64_t r = tty.r, flushes = tty.flushes;
        size_t k = take_input(chunk, MIN(n - done, sizeof chunk), &r, done == 0, &more);
        spin_unlock(&tty.lock);
        int err = copy_to_user(ubuf + done, chunk, k);
        spin_lock(&tty.lock);
        if (err < 0) {
            spin_unlock(&tty.lock);
            mutex_unlock(&tty.read_mutex);
            return done ? (ssize_t)done : -EFAULT;
        }
        done += k;
        /* A signal key meanwhile dropped the input (w = e = r): what was copied is
         * this read's, and r stays where the flush put it. Moving it past w would
         * make the ring look full and replay old input at the next read. */
        if (tty.flushes != flushes)
            break;
        tty.r = r;                              /* only readers move it, one at a time */
    }
    spin_unlock(&tty.lock);
    mutex_unlock(&tty.read_mutex);
    return (ssize_t)done;
}

static ssize_t console_write_op(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    char buf[128];
    (void)f, (void)pos;
    if (mutex_lock_killable(&tty.write_mutex))
        return -EINTR;
    size_t done = 0;
    while (done < n) {
        size_t chunk = MIN(n - done, sizeof buf);
        if (copy_from_user(buf, ubuf + done, chunk) < 0)
            break;
        bool onlcr = (tty.termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR);
        console_write_bytes(buf, chunk, onlcr); /* "\n" goes out as "\r\n" with ONLCR */
        done += chunk;
    }
    mutex_unlock(&tty.write_mutex);
    return done ? (ssize_t)done : -EFAULT;
}

/* Copies a value of the terminal's out to the user (taken under tty.lock). */
static long tty_get(uint64_t arg, const void *field, size_t size)
{
    char val[sizeof(struct termios)];
    spin_lock(&tty.lock);
    memcpy(val, field, size);
    spin_unlock(&tty.lock);
    return copy_to_user(arg, val, size);
}

static long console_ioctl(struct file *f, unsigned long cmd, uint64_t arg)
{
    (void)f;
    switch (cmd) {
    case TCGETS:
        return tty_get(arg, &tty.termios, sizeof tty.termios);
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
        struct termios t;
        int err = job_control_check(SIGTTOU);
        if (err)
            return err;
        if (copy_from_user(&t, arg, sizeof t) < 0)
            return -EFAULT;
        if (cmd == TCSETSF && mutex_lock_killable(&tty.read_mutex))
            return -EINTR;                      /* no read is halfway through the input */
        spin_lock(&tty.lock);
        tty.termios = t;
        if (cmd == TCSETSF)
            tty.e = tty.w = tty.r;
        spin_unlock(&tty.lock);
        if (cmd == TCSETSF)
            mutex_unlock(&tty.read_mutex);
        return 0;
    }
    case TIOCGWINSZ:
        return tty_get(arg, &tty.winsize, sizeof tty.winsize);
    case TIOCSWINSZ: {
        struct winsize ws;
        if (copy_from_user(&ws, arg, sizeof ws) < 0)
            return -EFAULT;
        spin_lock(&tty.lock);
        tty.winsize = ws;
        spin_unlock(&tty.lock);
        return 0;
    }
    case TIOCGPGRP:
        return tty_get(arg, &tty.fg_pgrp, sizeof tty.fg_pgrp);
    case TIOCSPGRP: {
        pid_t pgrp;
        int err = job_control_check(SIGTTOU);
        if (err)
            return err;
        if (copy_from_user(&pgrp, arg, sizeof pgrp) < 0)
            return -EFAULT;
        if (pgrp <= 0)
            return -EINVAL;
        if (pgrp_session(pgrp) != current->sid)
            return -EPERM;                      /* only a group of the caller's session */
        spin_lock(&tty.lock);
        tty.fg_pgrp = pgrp;
        tty.sid = current->sid;
        spin_unlock(&tty.lock);
        return 0;
    }
    case TIOCSCTTY:
        spin_lock(&tty.lock);
        tty.sid = current->sid;
        tty.fg_pgrp = current->pgid;
        spin_unlock(&tty.lock);
        return 0;
    case FIONREAD: {
        spin_lock(&tty.lock);
        int avail = (int)(tty.w - tty.r);
        spin_unlock(&tty.lock);
        return copy_to_user(arg, &avail, sizeof avail);
    }
    }
    return -ENOTTY;
}

const struct file_ops console_fops = {
    .read = console_read,
    .write = console_write_op,
    .ioctl = console_ioctl,
};
