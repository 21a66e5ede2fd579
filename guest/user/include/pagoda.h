/* pagoda.h — Pagoda extras for guest programs: the instruction counter and the cycle
 * counter (readable from user mode: the firmware enables them), and small helpers. */
#ifndef _PAGODA_H
#define _PAGODA_H

static inline unsigned long rdinstret(void)
{
    unsigned long v;
    __asm__ volatile("csrr %0, instret" : "=r"(v));
    return v;
}

static inline unsigned long rdcycle(void)
{
    unsigned long v;
    __asm__ volatile("csrr %0, cycle" : "=r"(v));
    return v;
}

static inline unsigned long rdtime(void)
{
    unsigned long v;
    __asm__ volatile("csrr %0, time" : "=r"(v));
    return v;
}

#endif
