/* guest_smoke.c — a stand-alone riscv64 Linux program for qemu-user: a minimal _start
 * that does the crt's duties (malloc_init_env, malloc_atexit_hook), then the randomized
 * test under each fit policy over the real os_linux.c system calls. Not the guest crt. */
#include <stddef.h>
#include <stdint.h>
#include "pg_malloc.h"
#include "random_test.h"

#define SMOKE_OPS 200000

/* The compiler may call these even in freestanding code; a libc would provide them. */
void *memcpy(void *dst, const void *src, size_t n)
{
    char *d = dst;
    const char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    char *d = dst;
    while (n--)
        *d++ = (char)c;
    return dst;
}

static long syscall3(long nr, long a0, long a1, long a2)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a7 __asm__("a7") = nr;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
    return r_a0;
}

static void say(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    syscall3(64, 1, (long)s, (long)n);   /* write(1, ...) */
}

/* sp points at argc, then argv[], NULL, envp[], NULL: the Linux process entry stack. */
void smoke_main(long *sp)
{
    long argc = sp[0];
    struct random_test_result r = { -1, NULL, 0 };
    int failed = 0;

    malloc_init_env((char **)(sp + 1 + argc + 1));
    for (int policy = MALLOC_FIRST_FIT; policy <= MALLOC_BEST_FIT && !failed; policy++) {
        mallopt(M_FIT_POLICY, policy);
        failed = malloc_random_test(0x5eed + (uint64_t)policy, SMOKE_OPS, &r) != 0;
    }
    say(failed ? "guest smoke: random test FAILED: " : "guest smoke: random test ok\n");
    if (failed) {
        say(r.why);
        say("\n");
    }
    malloc_atexit_hook();
    syscall3(94, failed, 0, 0);   /* exit_group */
}

__asm__(".globl _start\n"
        "_start:\n"
        ".option push\n"
        ".option norelax\n"
        "    la gp, __global_pointer$\n"
        ".option pop\n"
        "    mv a0, sp\n"
        "    call smoke_main\n");
