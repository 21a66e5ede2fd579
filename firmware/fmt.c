/* The printf core shared by the firmware and its test payload (see fmt.h). */
#include <stdbool.h>

#include "fmt.h"

static void put_unsigned(void (*put)(char), unsigned long v, unsigned base, int width,
                         char pad)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (width-- > n)
        put(pad);
    while (n)
        put(buf[--n]);
}

void fmt_vprint(void (*put)(char), const char *fmt, va_list ap)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(*p);
            continue;
        }
        p++;
        char pad = ' ';
        int width = 0;
        bool is_long = false;
        if (*p == '0')
            pad = '0';
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        if (*p == 'l') {
            is_long = true;
            p++;
        }
        switch (*p) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            while (*s)
                put(*s++);
            break;
        }
        case 'c':
            put((char)va_arg(ap, int));
            break;
        case 'd': {
            long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            unsigned long mag = (unsigned long)v;
            if (v < 0) {
                put('-');
                mag = -mag;
            }
            put_unsigned(put, mag, 10, width, pad);
            break;
        }
        case 'u':
            put_unsigned(put, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10,
                         width, pad);
            break;
        case 'x':
            put_unsigned(put, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16,
                         width, pad);
            break;
        case 'p':
            put('0');
            put('x');
            put_unsigned(put, (unsigned long)va_arg(ap, void *), 16, 0, ' ');
            break;
        case '%':
            put('%');
            break;
        case '\0':
            put('%');
            return;
        default:
            put('%');
            put(*p);
        }
    }
}
