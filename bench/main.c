/* Runs one workload and prints its checksum, and on RISC-V the instructions it retired
 * (minstret after minus before), on the UART:
 *     bench crc32
 *     checksum 0x0123456789abcdef
 *     instret 251234567
 * With -DHOST the same code prints through stdio and leaves out the instret line.
 * With -DBENCH_VM (the paging variants, run in U or S) it reads the unprivileged
 * instret alias, which crt0_vm.S makes readable there through m/scounteren. */
#include "bench.h"

#ifdef HOST
#include <stdio.h>

static void put_char(char c) { putchar(c); }
static uint64_t read_minstret(void) { return 0; }
#else
#define UART_BASE 0x10000000ul
#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

static void put_char(char c)
{
    volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;
    while (!(uart[UART_LSR] & LSR_THRE))
        ;
    uart[UART_THR] = (uint8_t)c;
}

static uint64_t read_minstret(void)
{
    uint64_t n;
#ifdef BENCH_VM
    __asm__ volatile("csrr %0, instret" : "=r"(n));
#else
    __asm__ volatile("csrr %0, minstret" : "=r"(n));
#endif
    return n;
}
#endif

static void put_str(const char *s)
{
    while (*s)
        put_char(*s++);
}

#ifndef HOST
static void put_dec(uint64_t v)
{
    char buf[21];
    int i = sizeof buf;
    buf[--i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_str(&buf[i]);
}
#endif

static void put_hex(uint64_t v)
{
    put_str("0x");
    for (int shift = 60; shift >= 0; shift -= 4)
        put_char("0123456789abcdef"[(v >> shift) & 15]);
}

int main(void)
{
    uint64_t start = read_minstret();
    uint64_t sum = workload_run();
    uint64_t end = read_minstret();
    put_str("bench ");
    put_str(workload_name);
    put_str("\nchecksum ");
    put_hex(sum);
    put_char('\n');
#ifndef HOST
    put_str("instret ");
    put_dec(end - start);
    put_char('\n');
#else
    (void)start;
    (void)end;
#endif
    return 0;
}

#ifndef HOST
/* Called by crt0.S on any trap; the program then powers off with exit status 1. */
void bench_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval)
{
    put_str("bench: trap mcause ");
    put_hex(mcause);
    put_str(" mepc ");
    put_hex(mepc);
    put_str(" mtval ");
    put_hex(mtval);
    put_char('\n');
}

/* GCC may emit calls to these even with -ffreestanding (struct copies, loop idioms). */
void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}
#endif
