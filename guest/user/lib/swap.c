/* swap.c — the swapon and swapoff system calls. */
#include <sys/swap.h>
#include <sys/syscall.h>
#include "libc_internal.h"

int swapon(const char *path, int flags)
{
    return (int)__syscall_ret(__syscall2(SYS_swapon, path, flags));
}

int swapoff(const char *path)
{
    return (int)__syscall_ret(__syscall1(SYS_swapoff, path));
}
