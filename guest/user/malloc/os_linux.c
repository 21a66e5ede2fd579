/* os_linux.c — the allocator's OS interface on the guest: raw riscv64 Linux system
 * calls through ecall (brk, mmap, munmap, mremap, futex, write, kill, exit_group), and
 * the environment the C runtime hands over with malloc_init_env(). */
#include <stddef.h>
#include <stdint.h>
#include "malloc_os.h"
#include "pg_malloc.h"

#define SYS_write      64
#define SYS_futex      98
#define SYS_exit_group 94
#define SYS_kill       129
#define SYS_getpid     172
#define SYS_brk        214
#define SYS_munmap     215
#define SYS_mremap     216
#define SYS_mmap       222

#define PROT_READ_WRITE   3
#define MAP_PRIVATE_ANON  0x22
#define MREMAP_MAYMOVE    1
#define SIGABRT           6
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

/* Until the guest libc has its own, errno lives here; a strong definition wins. */
__attribute__((weak)) int errno;

static char **environment;

static long syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = nr;
    __asm__ volatile("ecall"
                     : "+r"(r_a0)
                     : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                     : "memory");
    return r_a0;
}

void malloc_init_env(char **envp)
{
    environment = envp;
}

void *os_brk(void *addr)
{
    return (void *)syscall6(SYS_brk, (long)addr, 0, 0, 0, 0, 0);
}

void *os_mmap(size_t size_bytes)
{
    long r = syscall6(SYS_mmap, 0, (long)size_bytes, PROT_READ_WRITE, MAP_PRIVATE_ANON, -1, 0);
    return (unsigned long)r >= (unsigned long)-4095 ? NULL : (void *)r;
}

void os_munmap(void *addr, size_t size_bytes)
{
    syscall6(SYS_munmap, (long)addr, (long)size_bytes, 0, 0, 0, 0);
}

void *os_mremap(void *addr, size_t old_bytes, size_t new_bytes)
{
    long r = syscall6(SYS_mremap, (long)addr, (long)old_bytes, (long)new_bytes, MREMAP_MAYMOVE, 0, 0);
    return (unsigned long)r >= (unsigned long)-4095 ? NULL : (void *)r;
}

void os_futex_wait(int *word, int val)
{
    syscall6(SYS_futex, (long)word, FUTEX_WAIT_PRIVATE, val, 0, 0, 0);
}

void os_futex_wake(int *word)
{
    syscall6(SYS_futex, (long)word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

/* Finds "name=value" in the environment; NULL before malloc_init_env or if unset. */
const char *os_getenv(const char *name)
{
    for (char **e = environment; e && *e; e++) {
        const char *n = name, *s = *e;
        while (*n && *n == *s)
            n++, s++;
        if (!*n && *s == '=')
            return s + 1;
    }
    return NULL;
}

void os_set_errno(int err)
{
    errno = err;
}

void os_write_err(const char *str)
{
    size_t len = 0;
    while (str[len])
        len++;
    syscall6(SYS_write, 2, (long)str, (long)len, 0, 0, 0);
}

/* SIGABRT to ourselves; a kernel without kill still ends us with abort's status. */
void os_abort(void)
{
    long pid = syscall6(SYS_getpid, 0, 0, 0, 0, 0, 0);
    syscall6(SYS_kill, pid, SIGABRT, 0, 0, 0, 0);
    for (;;)
        syscall6(SYS_exit_group, 128 + SIGABRT, 0, 0, 0, 0, 0);
}
