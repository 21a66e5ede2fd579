/* string.c — the C string and memory functions the kernel (and gcc) need. */
#include "kernel.h"

/* memset and memcpy move doublewords (memcpy: words, when the two addresses differ
 * by 4 modulo 8) four a step, and bytes only at the ragged ends: the initramfs's file
 * data, 4-byte aligned in the archive, and every struct the kernel clears or copies
 * go through here. */
void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    for (; n && ((uint64_t)d & 7); n--)
        *d++ = (uint8_t)c;
    uint64_t v = (uint8_t)c * 0x0101010101010101UL;
    uint64_t *q = (uint64_t *)d;
    for (; n >= 32; n -= 32, q += 4) {
        q[0] = v; q[1] = v; q[2] = v; q[3] = v;
    }
    for (; n >= 8; n -= 8)
        *q++ = v;
    for (d = (uint8_t *)q; n; n--)
        *d++ = (uint8_t)c;
    return dst;
}

/* copy_doublewords and copy_words: the whole units (of type T) of n bytes, four a
 * step; the bytes copied. One loop, two unit sizes. */
#define DEFINE_COPY_UNITS(name, T) \
    static size_t name(T *d, const T *s, size_t n) \
    { \
        size_t left = n; \
        for (; left >= 4 * sizeof(T); left -= 4 * sizeof(T), d += 4, s += 4) { \
            T a = s[0], b = s[1], c = s[2], e = s[3]; \
            d[0] = a; d[1] = b; d[2] = c; d[3] = e; \
        } \
        for (; left >= sizeof(T); left -= sizeof(T)) \
            *d++ = *s++; \
        return n - left; \
    }
DEFINE_COPY_UNITS(copy_doublewords, uint64_t)
DEFINE_COPY_UNITS(copy_words, uint32_t)
#undef DEFINE_COPY_UNITS

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    uint64_t skew = ((uint64_t)d ^ (uint64_t)s) & 7;
    uint64_t unit = n < 16 ? 1 : skew == 0 ? 8 : skew == 4 ? 4 : 1;  /* both aligned to it */
    for (; n && ((uint64_t)d & (unit - 1)); n--)
        *d++ = *s++;
    size_t done = unit == 8 ? copy_doublewords((uint64_t *)d, (const uint64_t *)s, n)
                : unit == 4 ? copy_words((uint32_t *)d, (const uint32_t *)s, n) : 0;
    d += done, s += done, n -= done;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (uint8_t)*a - (uint8_t)*b;
        if (!*a)
            return 0;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (; *s; s++)
        if (*s == (char)c)
            return (char *)s;
    return c ? NULL : (char *)s;
}

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = 0;
    }
    return n;
}

char *kstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = kmalloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}
