/* stdio.c — binds picolibc's stdio to file descriptors 0, 1 and 2 through its
 * buffered "bufio" streams (fopen/fdopen already use open/read/write). stdout is line
 * buffered on a terminal and fully buffered otherwise; stderr is line buffered. The
 * buffers are flushed at exit. */
#include <stdio.h>
#include <stdio-bufio.h>
#include <unistd.h>
#include "libc_internal.h"

static char stdin_buf[BUFSIZ], stdout_buf[BUFSIZ], stderr_buf[256];

static struct __file_bufio stdin_file =
    FDEV_SETUP_BUFIO(0, stdin_buf, sizeof stdin_buf, read, write, lseek, close, __SRD, 0);
static struct __file_bufio stdout_file =
    FDEV_SETUP_BUFIO(1, stdout_buf, sizeof stdout_buf, read, write, lseek, close, __SWR, 0);
static struct __file_bufio stderr_file =
    FDEV_SETUP_BUFIO(2, stderr_buf, sizeof stderr_buf, read, write, lseek, close, __SWR, __BLBF);

FILE *const stdin = &stdin_file.xfile.cfile.file;
FILE *const stdout = &stdout_file.xfile.cfile.file;
FILE *const stderr = &stderr_file.xfile.cfile.file;

void __libc_stdio_init(void)
{
    if (isatty(1))
        stdout_file.bflags |= __BLBF;
}

void __libc_stdio_flush(void)
{
    fflush(stdout);
    fflush(stderr);
}

/* Runs from exit() (through the fini array) before _exit. */
__attribute__((destructor)) static void stdio_exit(void)
{
    __libc_stdio_flush();
}
