/* pagemap.c — /proc/PID/pagemap, Linux's format: one 64-bit entry per virtual page,
 * at file offset (va / 4096) * 8. Bit 63: present (bits 0-54 the frame number); bit
 * 62: swapped (bits 0-4 the swap type, 5-54 the offset of the slot); bit 61: a file
 * page; bit 56: mapped by this process only. Tests use it to find where a page went. */
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "swap.h"
#include "vm.h"

#define PM_PRESENT   (1UL << 63)
#define PM_SWAP      (1UL << 62)
#define PM_FILE      (1UL << 61)
#define PM_EXCLUSIVE (1UL << 56)
#define PM_PFN_MASK  ((1UL << 55) - 1)

static uint64_t pagemap_entry(struct mm *mm, uint64_t va)
{
    pte_t *pte = walk(mm->pgdir, va, false);
    if (!pte || !*pte)
        return 0;
    if (is_swap_pte(*pte)) {
        swp_entry_t e = pte_to_swp_entry(*pte);
        return PM_SWAP | swp_type(e) | (swp_offset(e) << 5 & PM_PFN_MASK);
    }
    struct page *pg = pa_to_page(PTE2PA(*pte));
    uint64_t v = PM_PRESENT | (PTE2PA(*pte) >> PAGE_SHIFT);
    if (pg->owner == OWNER_FILE)
        v |= PM_FILE;
    if (pg->refcount - ((pg->flags & PG_SWAPCACHE) ? 1 : 0) == 1)
        v |= PM_EXCLUSIVE;
    return v;
}

static ssize_t pagemap_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    if (*pos % 8 || n % 8)
        return -EINVAL;
    uint64_t buf[64];
    size_t done = 0;
    while (done < n) {
        struct mm *mm = get_pid_mm(f->inode->pid);    /* again: copy_to_user may sleep */
        if (!mm)
            break;
        uint64_t first = (*pos + done) / 8, k = 0;
        if (mutex_lock_killable(&mm->lock) == 0) {
            for (; k < ARRAY_SIZE(buf) && done + 8 * k < n; k++) {
                uint64_t va = (first + k) * PAGE_SIZE;
                if (va >= USER_TOP)
                    break;
                buf[k] = pagemap_entry(mm, va);
            }
            mutex_unlock(&mm->lock);
        }
        mm_put(mm);
        if (k == 0)
            break;
        if (copy_to_user(ubuf + done, buf, 8 * k) < 0)
            return done ? (ssize_t)done : -EFAULT;
        done += 8 * k;
    }
    *pos += done;
    return (ssize_t)done;
}

const struct file_ops pagemap_fops = { .read = pagemap_read };
