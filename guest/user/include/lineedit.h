/* lineedit.h — line editing for programs that read commands from a terminal (the
 * shell): the line is edited in the terminal's raw mode with the keys of bash's
 * default (emacs) mode, and earlier lines come back from a history. */
#ifndef _PAGODA_LINEEDIT_H
#define _PAGODA_LINEEDIT_H

#include <signal.h>
#include <stddef.h>

/* Prints prompt (on standard error, as bash does) and reads one line from the
 * terminal on fd into buf (without its newline, NUL-terminated, at most size - 1
 * bytes). Returns 1 for a line, 0 at end of input (Ctrl-D on an empty line), or -1
 * when a signal interrupted the read or *interrupted became nonzero (the flag the
 * caller's SIGINT handler sets: Ctrl-C may arrive between two reads); "^C" has then
 * been shown. The terminal's settings are restored before it returns. */
int lineedit_read(int fd, const char *prompt, char *buf, size_t size,
                  volatile sig_atomic_t *interrupted);

/* Appends line to the history (empty lines and repeats of the last one are not). */
void lineedit_history_add(const char *line);

/* The n-th line of the history, counting from 0 for the oldest kept; NULL past the
 * end. lineedit_history_first() is the number the oldest kept line had overall. */
const char *lineedit_history(int n);
int lineedit_history_first(void);

#endif
