/* mount.c — the mount and umount2 system calls (Pagoda OS has neither: ENOSYS). */
#include <sys/mount.h>
#include <sys/syscall.h>
#include "libc_internal.h"

int mount(const char *source, const char *target, const char *fstype,
          unsigned long flags, const void *data)
{
    return (int)__syscall_ret(__syscall5(SYS_mount, source, target, fstype, flags, data));
}

int umount2(const char *target, int flags)
{
    return (int)__syscall_ret(__syscall2(SYS_umount2, target, flags));
}
