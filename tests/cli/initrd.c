/* Started as a kernel (-bios none -kernel initrd.elf -initrd FILE): finds the initrd
 * through the device tree in a1 (/chosen linux,initrd-start/-end) and prints its
 * range, the device tree's address and size, and a checksum of the initrd's bytes,
 * which run.sh compares with the file's. */
#include "bare.h"

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void puthex(uint64_t v)
{
    uart_puts("0x");
    for (int i = 60; i >= 0; i -= 4)
        uart_putc("0123456789abcdef"[(v >> i) & 15]);
}

/* A property's value as a number (one or two cells). */
static uint64_t cells(const uint8_t *v, uint32_t len)
{
    return len == 8 ? (uint64_t)be32(v) << 32 | be32(v + 4) : be32(v);
}

int main(long hartid, const uint8_t *dtb)
{
    (void)hartid;
    if (be32(dtb) != 0xd00dfeed) {
        uart_puts("initrd: no device tree\n");
        return 1;
    }
    const uint8_t *p = dtb + be32(dtb + 8);
    const char *strings = (const char *)dtb + be32(dtb + 12);
    uint64_t start = 0, end = 0;
    for (;;) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == 1) {                             /* begin node: skip the name */
            while (*p++)
                ;
            p = (const uint8_t *)(((uintptr_t)p + 3) & ~3ul);
        } else if (tok == 3) {                      /* property */
            uint32_t len = be32(p), nameoff = be32(p + 4);
            const uint8_t *v = p + 8;
            if (streq(strings + nameoff, "linux,initrd-start"))
                start = cells(v, len);
            if (streq(strings + nameoff, "linux,initrd-end"))
                end = cells(v, len);
            p = (const uint8_t *)(((uintptr_t)v + len + 3) & ~3ul);
        } else if (tok == 9) {
            break;
        }
    }
    uint32_t sum = 2166136261u;                     /* FNV-1a over the initrd */
    for (const uint8_t *b = (const uint8_t *)start; b < (const uint8_t *)end; b++)
        sum = (sum ^ *b) * 16777619u;
    uart_puts("initrd ");
    puthex(start);
    uart_putc(' ');
    puthex(end);
    uart_puts(" dtb ");
    puthex((uintptr_t)dtb);
    uart_putc(' ');
    puthex(be32(dtb + 4));
    uart_puts(" fnv ");
    puthex(sum);
    uart_putc('\n');
    return 0;
}
