/* malloc_os.h — the little the allocator needs from its operating system: a brk, an
 * anonymous mmap, the environment, a way to complain and to die. os_host.c implements
 * it over a reserved host region; os_linux.c over raw riscv64 Linux system calls. A
 * futex lets the allocator's lock sleep. */
#ifndef MALLOC_OS_H
#define MALLOC_OS_H

#include <stddef.h>

/* Linux errno values; the same on the host (Linux) and the guest ABI. */
#define OS_ENOMEM 12
#define OS_EINVAL 22

#define OS_PAGE_BYTES 4096

/* Linux brk semantics: asks for the break at addr and returns the break now in force,
 * which is the old one when the request failed. os_brk(NULL) reads the break. */
void *os_brk(void *addr);

/* A fresh, zeroed, read-write anonymous mapping of size_bytes, or NULL. */
void *os_mmap(size_t size_bytes);
void os_munmap(void *addr, size_t size_bytes);
/* Resizes a mapping, moving it if need be; NULL if the kernel cannot (then nothing moved). */
void *os_mremap(void *addr, size_t old_bytes, size_t new_bytes);

/* The allocator's lock: sleeps while *word == val (FUTEX_WAIT_PRIVATE) / wakes one
 * sleeper (FUTEX_WAKE_PRIVATE). */
void os_futex_wait(int *word, int val);
void os_futex_wake(int *word);

const char *os_getenv(const char *name);
void os_set_errno(int err);
void os_write_err(const char *str);
void os_abort(void) __attribute__((noreturn));

/* Host shim only, for tests: caps the simulated brk heap at max_bytes. */
void os_host_limit_brk(size_t max_bytes);

#endif
