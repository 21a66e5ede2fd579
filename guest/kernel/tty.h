/* tty.h — the console terminal: line discipline and the foreground process group. */
#ifndef TTY_H
#define TTY_H

#include "types.h"

struct file_ops;
extern const struct file_ops console_fops;

void tty_input(int c);
void tty_init(void);

#endif
