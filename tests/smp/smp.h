/* Shared by the bare-metal SMP tests: the console (one hart prints at a time), power
 * off, a spinlock and a barrier made of AMOs, and the CLINT's registers. NHARTS harts
 * run hart_main(hartid) at once; hart 0 reports and powers off. */
#include <stdint.h>

#define UART      ((volatile uint8_t *)0x10000000)
#define FINISHER  ((volatile uint32_t *)0x100000)
#define CLINT_MSIP(h) ((volatile uint32_t *)(0x2000000ul + 4 * (h)))

void hart_main(unsigned long hartid);

static inline void spin_lock(volatile int *l)
{
    int busy;
    do {
        __asm__ volatile("amoswap.w.aq %0, %1, (%2)" : "=r"(busy) : "r"(1), "r"(l) : "memory");
    } while (busy);
}

static inline void spin_unlock(volatile int *l)
{
    __asm__ volatile("amoswap.w.rl zero, zero, (%0)" :: "r"(l) : "memory");
}

static inline long amo_add(volatile long *p, long v)
{
    long old;
    __asm__ volatile("amoadd.d.aqrl %0, %1, (%2)" : "=r"(old) : "r"(v), "r"(p) : "memory");
    return old;
}

static inline long load_acquire(volatile long *p)
{
    long v = *p;
    __asm__ volatile("fence r, rw" ::: "memory");
    return v;
}

/* Waits until all NHARTS harts have arrived (the count only grows: round r waits for
 * r * NHARTS arrivals). */
static volatile long barrier_count;
static inline void barrier(long round)
{
    amo_add(&barrier_count, 1);
    while (load_acquire(&barrier_count) < round * NHARTS)
        ;
}

static volatile int print_lock;

static inline void putc_raw(char c)
{
    while (!(UART[5] & 0x20))
        ;
    UART[0] = (uint8_t)c;
}

static inline void puts_raw(const char *s)
{
    while (*s)
        putc_raw(*s++);
}

static inline void putnum_raw(unsigned long v)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        putc_raw(buf[--n]);
}

/* One line: text, a number, text. */
static inline void say(const char *a, unsigned long v, const char *b)
{
    spin_lock(&print_lock);
    puts_raw(a);
    putnum_raw(v);
    puts_raw(b);
    spin_unlock(&print_lock);
}

static inline void power_off(int failed)
{
    *FINISHER = failed ? (1u << 16) | 0x3333 : 0x5555;
    for (;;)
        ;
}
