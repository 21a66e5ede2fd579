/* A printf core for bare-metal code with no libc: the firmware and its S-mode tests
 * each give it their own way to put a character. */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>

/* Formats %s %c %d %u %x %p %%, with an optional 0 flag, width and l modifier. */
void fmt_vprint(void (*put)(char), const char *fmt, va_list ap);

#endif
