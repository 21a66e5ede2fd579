/* The host side of the console: the terminal in raw mode while the guest runs (like
 * QEMU's stdio backend: no echo, no line editing, no signals, so Ctrl-C goes to the
 * guest; output post-processing kept), guest output buffered and flushed after each
 * slice of guest work (a fraction of a millisecond, so a partial line still appears
 * at once), and stdin fed to the UART with the Ctrl-A escapes on a terminal. */
#ifndef PAGODA_CONSOLE_H
#define PAGODA_CONSOLE_H

#include <stdint.h>

struct machine;

/* Raw mode on stdin when it is a terminal; undone at exit and on a fatal signal. */
void console_raw(void);
void console_restore(void);
/* Restores the terminal and dies of sig. */
void console_fatal_signal(int sig);

/* Guest output (the UART's and HTIF's tx; ctx unused). */
void console_putc(void *ctx, uint8_t c);
/* Writes out what the guest printed since the last call. */
void console_flush(void);

/* Reads what stdin has into the UART FIFO, waiting up to timeout_ms (-1: until input)
 * for the first byte; Ctrl-A x quits, Ctrl-A c (and Ctrl-C under -d) requests a stop. */
void console_poll_input(struct machine *m, int timeout_ms);
/* HTIF's console input (ctx: the machine): the next byte, or -1. */
int console_htif_getc(void *ctx);

#endif
