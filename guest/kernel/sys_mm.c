/* sys_mm.c — memory system calls: brk, mmap (anonymous, or a private copy of a file),
 * munmap, mremap, mprotect, madvise. */
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "syscall.h"

#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1

static uint32_t prot_flags(int prot)
{
    return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
           (prot & PROT_EXEC ? VM_EXEC : 0);
}

long sys_brk(void)
{
    uint64_t addr = arg(0);
    if (!addr)
        return (long)current->mm->brk;
    return (long)mm_brk(current->mm, addr);
}

/* Fills a fresh private mapping with the file's bytes from off. */
static int fill_from_file(struct mm *mm, struct inode *ip, uint64_t addr, uint64_t len, uint64_t off)
{
    char *buf = kmalloc(PAGE_SIZE);
    if (!buf)
        return -ENOMEM;
    int err = 0;
    for (uint64_t done = 0; done < len && off + done < ip->size; done += PAGE_SIZE) {
        ssize_t n = inode_read_kernel(ip, buf, off + done, PAGE_SIZE);
        if (n <= 0 || (err = fill_mm(mm, addr + done, buf, n)) < 0)
            break;
    }
    kfree(buf);
    return err;
}

long sys_mmap(void)
{
    uint64_t addr = arg(0), len = arg(1), off = arg(5);
    int prot = arg_int(2), flags = arg_int(3), fd = arg_int(4);
    struct mm *mm = current->mm;
    struct file *f = NULL;
    if (!len || len > USER_TOP || (addr % PAGE_SIZE) || (off % PAGE_SIZE) ||
        !(flags & (MAP_SHARED | MAP_PRIVATE)))
        return -EINVAL;
    if (!(flags & MAP_ANONYMOUS)) {
        if (!(f = fd_file(fd)))
            return -EBADF;
        if (!S_ISREG(f->inode->mode))
            return -ENODEV;
        if ((flags & MAP_SHARED) && (prot & PROT_WRITE))
            return -EINVAL;                 /* shared file mappings are not supported */
        if ((f->flags & O_ACCMODE) == O_WRONLY)
            return -EACCES;
    }
    len = ROUND_UP(len, PAGE_SIZE);
    uint32_t vmflags = prot_flags(prot) | ((flags & MAP_SHARED) && !f ? VM_SHARED : 0);
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr < USER_MIN || addr + len > USER_TOP || addr + len < addr)
            return -EINVAL;
        if (flags & MAP_FIXED_NOREPLACE) {
            for (uint64_t va = addr; va < addr + len; va += PAGE_SIZE)
                if (vma_find(mm, va))
                    return -EEXIST;
        } else {
            mm_unmap(mm, addr, len);
        }
    } else {
        bool hint_ok = addr >= USER_MIN && addr + len <= MMAP_TOP && addr + len > addr;
        for (uint64_t va = addr; hint_ok && va < addr + len; va += PAGE_SIZE)
            if (vma_find(mm, va))
                hint_ok = false;
        if (!hint_ok)
            addr = mm_get_unmapped_area(mm, len);
        if (!addr)
            return -ENOMEM;
    }
    int err = mm_map_anon(mm, addr, len, vmflags, NULL);
    if (!err && f) {
        vma_find(mm, addr)->pgoff = off / PAGE_SIZE;
        if ((err = fill_from_file(mm, f->inode, addr, len, off)) < 0)
            mm_unmap(mm, addr, len);
    }
    return err ? err : (long)addr;
}

long sys_munmap(void)
{
    uint64_t addr = arg(0), len = arg(1);
    if (addr % PAGE_SIZE || !len)
        return -EINVAL;
    return mm_unmap(current->mm, addr, len);
}

long sys_mremap(void)
{
    if (arg(3) & ~(uint64_t)MREMAP_MAYMOVE)
        return -EINVAL;                      /* MREMAP_FIXED and friends: unsupported */
    return mm_mremap(current->mm, arg(0), arg(1), arg(2), arg(3) & MREMAP_MAYMOVE);
}

long sys_mprotect(void)
{
    return mm_protect(current->mm, arg(0), arg(1), prot_flags(arg_int(2)));
}

long sys_madvise(void)
{
    return 0;
}
