/* libc_internal.h — what the pieces of our libc glue share. */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H

/* Turns a raw system-call result into the libc convention: -1 with errno set. */
long __syscall_ret(long r);
void __libc_write_err(const char *s);
void __libc_stdio_init(void);
void __libc_stdio_flush(void);
/* The thread-local storage template (PT_TLS) start.c found, for pthread_create. */
extern const void *__libc_tls_image;
extern unsigned long __libc_tls_filesz, __libc_tls_memsz;

#endif
