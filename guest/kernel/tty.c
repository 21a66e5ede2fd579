/* tty.c — the console's line discipline, a small n_tty. In canonical mode input is
 * edited a line at a time (echo, backspace, ^U kills the line) and a read returns one
 * line; ^D ends the input (a read at the start of a line returns 0); ^C sends SIGINT to
 * the foreground process group. Output turns "\n" into "\r\n". TCGETS/TCSETS switch
 * ICANON, ECHO and ISIG, so a program can read raw keys.
 * Locks: tty.lock (a spinlock: the UART interrupt feeds input under it) guards the
 * input ring, termios and the foreground group; readers take read_mutex, so that one
 * read at a time copies out (without the spinlock: the copy may sleep) and moves the
 * read position only by what it copied; writers take write_mutex, so that one
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
#define ICRNL  0000400
#define OPOST  0000001
#define ONLCR  0000004
#define VINTR  0
#define VERASE 2
#define VKILL  3
#define VEOF   4
#define VMIN   6
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
    struct spinlock lock;      /* the ring and its positions, termios, winsize, fg_pgrp */
    struct mutex read_mutex;   /* one reader at a time (and TCSETSF's flush) */
    struct mutex write_mutex;  /* one writer at a time */
    struct wait_queue read_wait;
    char buf[INPUT_SIZE];
    uint64_t r, w, e;          /* read, committed (end of last line), edit positions */
    struct termios termios;
    struct winsize winsize;
    pid_t fg_pgrp;
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
    tty.termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK;
    tty.termios.c_cc[VINTR] = 3;
    tty.termios.c_cc[VERASE] = 0x7f;
    tty.termios.c_cc[VKILL] = 0x15;
    tty.termios.c_cc[VEOF] = 4;
    tty.termios.c_cc[VMIN] = 1;
    tty.winsize.ws_row = 24;
    tty.winsize.ws_col = 80;
    tty.fg_pgrp = 1;
}

static void echo(int c)
{
    if (tty.termios.c_lflag & ECHO)
        console_putc(c);
}

static void erase_one(void)
{
    if (tty.e != tty.w) {
        tty.e--;
        if (tty.termios.c_lflag & ECHO)
            console_write("\b \b", 3);
    }
}

/* One received character, with tty.lock held; returns the process group to send
 * SIGINT to (after the lock is let go), or 0. */
static pid_t input_locked(int c)
{
    struct termios *t = &tty.termios;
    if (c == '\r' && (t->c_iflag & ICRNL))
        c = '\n';
    if ((t->c_lflag & ISIG) && c == t->c_cc[VINTR]) {
        if (t->c_lflag & ECHO)
            console_write("^C", 2);
        tty.e = tty.w;                          /* drop the line being edited */
        return tty.fg_pgrp > 0 ? tty.fg_pgrp : 0;
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
    spin_lock(&tty.lock);
    pid_t pgrp = input_locked(c);
    spin_unlock(&tty.lock);
    if (pgrp)
        kill_pgrp(pgrp, SIGINT);
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

/* Waits for committed input, then copies it out a chunk at a time: the position moves
 * only by what reached the user's buffer. */
static ssize_t console_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    (void)pos;
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
        uint64_t r = tty.r;
        size_t k = take_input(chunk, MIN(n - done, sizeof chunk), &r, done == 0, &more);
        spin_unlock(&tty.lock);
        int err = copy_to_user(ubuf + done, chunk, k);
        spin_lock(&tty.lock);
        if (err < 0) {
            spin_unlock(&tty.lock);
            mutex_unlock(&tty.read_mutex);
            return done ? (ssize_t)done : -EFAULT;
        }
        tty.r = r;                              /* only readers move it, one at a time */
        done += k;
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
        for (size_t i = 0; i < chunk; i++) {
            if (onlcr)
                console_putc(buf[i]);           /* "\n" goes out as "\r\n" */
            else
                console_putc_raw(buf[i]);
        }
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
        if (copy_from_user(&pgrp, arg, sizeof pgrp) < 0)
            return -EFAULT;
        if (pgrp <= 0)
            return -EINVAL;
        spin_lock(&tty.lock);
        tty.fg_pgrp = pgrp;
        spin_unlock(&tty.lock);
        return 0;
    }
    case TIOCSCTTY:
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
