/* The host side of the console: the terminal, guest output and stdin. */
#include "console.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "machine.h"

static struct termios saved_tty;
static bool tty_raw;

void console_restore(void)
{
    if (tty_raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
        tty_raw = false;
    }
}

void console_fatal_signal(int sig)
{
    console_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

void console_raw(void)
{
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return;
    t = saved_tty;
    t.c_iflag &= ~(unsigned)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_lflag &= ~(unsigned)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(unsigned)(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) {
        tty_raw = true;
        atexit(console_restore);
        int sigs[] = { SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE };
        for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
            signal(sigs[i], console_fatal_signal);
    }
}

static bool out_dirty;

void console_putc(void *ctx, uint8_t c)
{
    (void)ctx;
    putchar(c);
    out_dirty = true;
}

void console_flush(void)
{
    if (out_dirty) {
        fflush(stdout);
        out_dirty = false;
    }
}

static bool ctrl_a_pending;

void console_poll_input(struct machine *m, int timeout_ms)
{
    if (m->stdin_eof || uart_rx_room(&m->uart) == 0)
        return;
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    if (poll(&p, 1, timeout_ms) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
        return;
    uint8_t buf[UART_FIFO];
    ssize_t n = read(STDIN_FILENO, buf, uart_rx_room(&m->uart));
    if (n <= 0) {
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            m->stdin_eof = true;
        return;
    }
    for (ssize_t i = 0; i < n; i++) {
        uint8_t c = buf[i];
        if (m->stdin_tty && ctrl_a_pending) {
            ctrl_a_pending = false;
            if (c == 'x') {
                fprintf(stderr, "\r\npagoda: terminated (Ctrl-A x)\r\n");
                m->quit = true;
                return;
            }
            if (c == 'h') {
                fprintf(stderr, "\r\nC-a h    print this help\r\nC-a x    exit emulator\r\n"
                                "C-a c    enter the debugger\r\nC-a C-a  send C-a\r\n");
                continue;
            }
            if (c == 'c') {
                m->ctrl_a_c = true;
                m->stop_request = 1;
                continue;
            }
            if (c != 1)
                uart_push_input(&m->uart, (uint8_t[]){ 1 }, 1);
        } else if (m->stdin_tty && c == 1) {
            ctrl_a_pending = true;
            continue;
        } else if (m->stdin_tty && c == 3 && m->opts.debugger) {
            m->stop_request = 1;                /* -d: Ctrl-C enters the debugger */
            continue;
        }
        uart_push_input(&m->uart, &c, 1);
    }
}

int console_htif_getc(void *ctx)
{
    struct machine *m = ctx;
    console_poll_input(m, 0);
    uint64_t v;
    if (m->uart.rx_count == 0)
        return -1;
    uart_read(&m->uart, 0, 1, &v);
    return (int)v;
}
