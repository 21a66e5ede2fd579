/* random.c — a small pseudo-random generator (xorshift64*) seeded from the timer, for
 * AT_RANDOM and getrandom(). Not for cryptography. */
#include "kernel.h"
#include "lock.h"
#include "riscv.h"

static uint64_t state;
static struct spinlock random_lock = SPINLOCK_INIT("random");

void get_random_bytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    spin_lock(&random_lock);
    if (!state)
        state = rdtime() * 0x9e3779b97f4a7c15ULL | 1;
    while (n) {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        uint64_t v = state * 0x2545f4914f6cdd1dULL;
        for (int i = 0; i < 8 && n; i++, n--)
            *p++ = (uint8_t)(v >> (8 * i));
    }
    spin_unlock(&random_lock);
}
