/* printk.c — formatted output for the kernel: a small vsnprintf (d i u x p s c, with
 * width, zero padding, left alignment and the l/ll/z length modifiers), printk, panic. */
#include "kernel.h"
#include "riscv.h"
#include "smp.h"

struct outbuf {
    char *buf;
    size_t size, len;
};

static void out_char(struct outbuf *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_padded(struct outbuf *o, const char *s, size_t n, int width, bool left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;
    if (!left)
        while (fill-- > 0)
            out_char(o, pad);
    while (n--)
        out_char(o, *s++);
    if (left)
        while (fill-- > 0)
            out_char(o, ' ');
}

static void out_number(struct outbuf *o, uint64_t v, bool negative, int base,
                       int width, bool left, char pad)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative) {
        if (pad == '0') {
            out_char(o, '-');
            width--;
        } else {
            tmp[n++] = '-';
        }
    }
    char digits[24];
    for (int i = 0; i < n; i++)
        digits[i] = tmp[n - 1 - i];
    out_padded(o, digits, n, width, left, pad);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct outbuf o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out_char(&o, *fmt);
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = true;
            else
                pad = '0';
        }
        int width = 0;
        if (*fmt == '*') {
            width = va_arg(ap, int);
            fmt++;
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        int longs = 0;
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            longs++;
        if (left)
            pad = ' ';
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            out_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, width, left, pad);
            break;
        }
        case 'u':
        case 'o':
        case 'x': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            out_number(&o, v, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, width, left, pad);
            break;
        }
        case 'p':
            out_char(&o, '0');
            out_char(&o, 'x');
            out_number(&o, (uint64_t)va_arg(ap, void *), false, 16, 16, false, '0');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            out_padded(&o, s, strlen(s), width, left, ' ');
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            out_padded(&o, &c, 1, width, left, ' ');
            break;
        }
        case '%':
            out_char(&o, '%');
            break;
        default:
            out_char(&o, '%');
            if (*fmt)
                out_char(&o, *fmt);
            else
                fmt--;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void printk(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    console_write(buf, MIN((size_t)n, sizeof buf - 1));
}

/* printk for panic: past a console lock another hart may hold. */
static void panic_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void panic_print(const char *fmt, ...)
{
    char buf[320];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    console_write_panic(buf, MIN((size_t)n, sizeof buf - 1));
}

/* A broken kernel invariant: say where (and on which hart), then stop the machine. */
void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    intr_off();
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    uint64_t tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    int cpu = tp ? cpuid() : 0;
    panic_print("\nKernel panic on hart %d: %s\n", cpu, buf);
    uint64_t *fp = __builtin_frame_address(0);
    for (int depth = 0; depth < 16 && fp && (uint64_t)fp >= PAGE_OFFSET; depth++) {
        uint64_t ra = fp[-1];
        if (ra < PAGE_OFFSET)
            break;
        panic_print("  [<%p>]\n", (void *)ra);
        fp = (uint64_t *)fp[-2];
    }
    sbi_shutdown(true);
}
