/* tty.c — the console's line discipline, a small n_tty. In canonical mode input is
 * edited a line at a time (echo, backspace, ^U kills the line) and a read returns one
 * line; ^D ends the input (a read at the start of a line returns 0); ^C sends SIGINT to
 * the foreground process group. Output turns "\n" into "\r\n". TCGETS/TCSETS switch
 * ICANON, ECHO and ISIG, so a program can read raw keys. */
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
    char buf[INPUT_SIZE];
    uint64_t r, w, e;          /* read, committed (end of last line), edit positions */
    struct termios termios;
    struct winsize winsize;
    pid_t fg_pgrp;
} tty;

void tty_init(void)
{
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

/* One received character, from the UART interrupt. */
void tty_input(int c)
{
    struct termios *t = &tty.termios;
    if (c == '\r' && (t->c_iflag & ICRNL))
        c = '\n';
    if ((t->c_lflag & ISIG) && c == t->c_cc[VINTR]) {
        if (t->c_lflag & ECHO)
            console_write("^C", 2);
        tty.e = tty.w;                          /* drop the line being edited */
        if (tty.fg_pgrp > 0)
            kill_pgrp(tty.fg_pgrp, SIGINT);
        return;
    }
    if (t->c_lflag & ICANON) {
        if (c == t->c_cc[VERASE] || c == '\b') {
            erase_one();
            return;
        }
        if (c == t->c_cc[VKILL]) {
            while (tty.e != tty.w)
                erase_one();
            return;
        }
    }
    if (tty.e - tty.r >= INPUT_SIZE - 1 && c != '\n')
        return;                                 /* full: keep room for the newline */
    if (tty.e - tty.r >= INPUT_SIZE)
        return;
    tty.buf[tty.e++ % INPUT_SIZE] = (char)c;
    if (c != t->c_cc[VEOF] || !(t->c_lflag & ICANON))
        echo(c);
    if (!(t->c_lflag & ICANON) || c == '\n' || c == t->c_cc[VEOF] || tty.e - tty.r == INPUT_SIZE) {
        tty.w = tty.e;
        wakeup(&tty);
    }
}

static ssize_t console_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    (void)pos;
    bool canon = tty.termios.c_lflag & ICANON;
    while (tty.r == tty.w) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (signal_pending(current))
            return -EINTR;
        sleep_on(&tty);
    }
    size_t done = 0;
    while (done < n && tty.r != tty.w) {
        char c = tty.buf[tty.r % INPUT_SIZE];
        if (canon && c == tty.termios.c_cc[VEOF]) {
            if (done == 0)
                tty.r++;                        /* ^D alone: end of file */
            break;                              /* else it ends this read; seen next time */
        }
        if (copy_to_user(ubuf + done, &c, 1) < 0)
            return done ? (ssize_t)done : -EFAULT;
        tty.r++;
        done++;
        if (canon && c == '\n')
            break;
    }
    return (ssize_t)done;
}

static ssize_t console_write_op(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    char buf[128];
    (void)f, (void)pos;
    for (size_t done = 0; done < n;) {
        size_t chunk = MIN(n - done, sizeof buf);
        if (copy_from_user(buf, ubuf + done, chunk) < 0)
            return done ? (ssize_t)done : -EFAULT;
        for (size_t i = 0; i < chunk; i++) {
            if ((tty.termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR))
                console_putc(buf[i]);           /* "\n" goes out as "\r\n" */
            else
                console_putc_raw(buf[i]);
        }
        done += chunk;
    }
    return (ssize_t)n;
}

static long console_ioctl(struct file *f, unsigned long cmd, uint64_t arg)
{
    (void)f;
    switch (cmd) {
    case TCGETS:
        return copy_to_user(arg, &tty.termios, sizeof tty.termios);
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        if (copy_from_user(&tty.termios, arg, sizeof tty.termios) < 0)
            return -EFAULT;
        if (cmd == TCSETSF)
            tty.e = tty.w = tty.r;
        return 0;
    case TIOCGWINSZ:
        return copy_to_user(arg, &tty.winsize, sizeof tty.winsize);
    case TIOCSWINSZ:
        return copy_from_user(&tty.winsize, arg, sizeof tty.winsize);
    case TIOCGPGRP:
        return copy_to_user(arg, &tty.fg_pgrp, sizeof tty.fg_pgrp);
    case TIOCSPGRP: {
        pid_t pgrp;
        if (copy_from_user(&pgrp, arg, sizeof pgrp) < 0)
            return -EFAULT;
        if (pgrp <= 0)
            return -EINVAL;
        tty.fg_pgrp = pgrp;
        return 0;
    }
    case TIOCSCTTY:
        return 0;
    case FIONREAD: {
        int avail = (int)(tty.w - tty.r);
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
