/* swapfile.c — swap areas: swapon/swapoff, the slots of each area and their use counts.
 * An area is a block device formatted by mkswap (Linux swap header version 1: the
 * SWAPSPACE2 signature in the last ten bytes of the first 4 KiB page, last_page,
 * nr_badpages and the bad page list at offset 1024); the header page and the listed
 * bad pages are never used, and a disk without a valid header is refused and never
 * written. Each slot has a use count (PTEs and file slots holding its entry, plus
 * SWAP_HAS_CACHE while a frame in the swap cache belongs to it), and a bitmap marks
 * the slots that are not free, so allocation scans words, next-fit from the last
 * slot handed out: pages swapped out together land side by side. swap_lock (a
 * spinlock) guards the maps, the counts and each area's state; swapon_mutex makes
 * areas come and go one at a time. */
#include "blk.h"
#include "fs.h"
#include "mm.h"
#include "proc.h"
#include "swap.h"
#include "syscall.h"

#define SWAP_HAS_CACHE    0x8000   /* a swap-cache frame holds this slot */
#define SWAP_MAP_MAX      0x7ffe   /* most references a slot can count */
#define SWAP_MAP_BAD      0x7fff   /* the header, a bad page: never used */
#define SWAP_MAGIC_OFFSET (PAGE_SIZE - 10)
#define SWAP_INFO_OFFSET  1024     /* version, last_page, nr_badpages, uuid, label */
#define SWAP_BADPAGES_OFFSET 1536
#define MAX_SWAP_BADPAGES ((SWAP_MAGIC_OFFSET - SWAP_BADPAGES_OFFSET) / 4)
#define SWAP_FLAG_PREFER  0x8000
#define SWAP_FLAG_PRIO_MASK 0x7fff

struct swap_info {
    bool used;                /* this type is an active (or deactivating) area */
    bool writeok;             /* slots may be allocated */
    int prio;
    char *path;               /* as given to swapon */
    struct blkdev *bdev;
    uint64_t max;             /* slots in the area, the header page included */
    uint64_t pages;           /* usable slots */
    uint64_t inuse;           /* slots not free (bad pages excluded) */
    uint16_t *map;            /* per slot: use count | SWAP_HAS_CACHE, or SWAP_MAP_BAD */
    uint64_t *bitmap;         /* per slot: 1 if not free */
    uint64_t next;            /* where the next allocation search starts */
};

static struct swap_info swap_info[MAX_SWAPFILES];
static struct spinlock swap_lock = SPINLOCK_INIT("swap");
static struct mutex swapon_mutex = MUTEX_INIT(swapon_mutex, "swapon");
static int least_priority = -1;   /* areas without a priority get -2, -3, ... (Linux) */

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The area an entry names, or NULL if the entry is not a live slot. */
static struct swap_info *swap_info_get(swp_entry_t e)
{
    unsigned type = swp_type(e);
    if (type >= MAX_SWAPFILES || !swap_info[type].used)
        return NULL;
    struct swap_info *si = &swap_info[type];
    uint64_t off = swp_offset(e);
    if (off == 0 || off >= si->max || si->map[off] == 0 || si->map[off] == SWAP_MAP_BAD)
        return NULL;
    return si;
}

bool swap_entry_valid(swp_entry_t e)
{
    spin_lock(&swap_lock);
    bool valid = swap_info_get(e) != NULL;
    spin_unlock(&swap_lock);
    return valid;
}

struct blkdev *swap_bdev(swp_entry_t e)
{
    spin_lock(&swap_lock);
    struct swap_info *si = swap_info_get(e);
    struct blkdev *d = si ? si->bdev : NULL;
    spin_unlock(&swap_lock);
    return d;
}

static void set_bit64(uint64_t *map, uint64_t n) { map[n / 64] |= 1UL << (n % 64); }
static void clear_bit64(uint64_t *map, uint64_t n) { map[n / 64] &= ~(1UL << (n % 64)); }

/* A slot whose count and cache bit are both gone is free again. */
static void release_if_unused(struct swap_info *si, uint64_t off)
{
    if (si->map[off] == 0) {
        clear_bit64(si->bitmap, off);
        si->inuse--;
    }
}

/* The first free slot at or after si->next (wrapping), or 0 if none. */
static uint64_t scan_swap_map(struct swap_info *si)
{
    uint64_t nwords = (si->max + 63) / 64;
    uint64_t w = si->next / 64;
    for (uint64_t k = 0; k <= nwords; k++, w = (w + 1) % nwords) {
        uint64_t used = si->bitmap[w];
        if (k == 0)
            used |= (1UL << (si->next % 64)) - 1;    /* the rest of this word comes last */
        if (used == ~0UL)
            continue;
        unsigned bit = 0;
        while (used & (1UL << bit))
            bit++;
        return w * 64 + bit;
    }
    return 0;
}

/* A free slot in the writable area of highest priority, marked as held by the swap
 * cache (the caller adds the frame to it); entry 0 if swap is full or absent. */
swp_entry_t get_swap_page(void)
{
    swp_entry_t e = { 0 };
    spin_lock(&swap_lock);
    struct swap_info *best = NULL;
    for (int t = 0; t < MAX_SWAPFILES; t++) {
        struct swap_info *si = &swap_info[t];
        if (si->used && si->writeok && si->inuse < si->pages && (!best || si->prio > best->prio))
            best = si;
    }
    uint64_t off = best ? scan_swap_map(best) : 0;
    if (off) {
        best->map[off] = SWAP_HAS_CACHE;
        set_bit64(best->bitmap, off);
        best->inuse++;
        best->next = off + 1 < best->max ? off + 1 : 1;
        e = swp_entry((unsigned)(best - swap_info), off);
    }
    spin_unlock(&swap_lock);
    return e;
}

/* One more PTE (or file slot) holds e. */
void swap_duplicate(swp_entry_t e)
{
    spin_lock(&swap_lock);
    struct swap_info *si = swap_info_get(e);
    if (!si)
        panic("swap_duplicate: bad swap entry %lx", e.val);
    uint64_t off = swp_offset(e);
    if ((si->map[off] & ~SWAP_HAS_CACHE) < SWAP_MAP_MAX)
        si->map[off]++;
    spin_unlock(&swap_lock);
}

/* A PTE (or file slot) holding e let go of it. */
void swap_free(swp_entry_t e)
{
    spin_lock(&swap_lock);
    struct swap_info *si = swap_info_get(e);
    uint64_t off = swp_offset(e);
    bool bad = !si || (si->map[off] & ~SWAP_HAS_CACHE) == 0;
    if (!bad) {
        si->map[off]--;
        release_if_unused(si, off);
    }
    spin_unlock(&swap_lock);
    if (bad)
        printk("swap_free: bad swap entry %lx\n", e.val);
}

/* A frame is about to join the swap cache for e (a swap-in): false if e is no
 * longer in use or already has one. */
bool swapcache_prepare(swp_entry_t e)
{
    spin_lock(&swap_lock);
    struct swap_info *si = swap_info_get(e);
    uint64_t off = swp_offset(e);
    bool ok = si && !(si->map[off] & SWAP_HAS_CACHE) && (si->map[off] & ~SWAP_HAS_CACHE) != 0;
    if (ok)
        si->map[off] |= SWAP_HAS_CACHE;
    spin_unlock(&swap_lock);
    return ok;
}

/* The swap cache let go of e's slot. */
void swapcache_free(swp_entry_t e)
{
    spin_lock(&swap_lock);
    struct swap_info *si = swap_info_get(e);
    uint64_t off = swp_offset(e);
    bool bad = !si || !(si->map[off] & SWAP_HAS_CACHE);
    if (!bad) {
        si->map[off] &= ~SWAP_HAS_CACHE;
        release_if_unused(si, off);
    }
    spin_unlock(&swap_lock);
    if (bad)
        printk("swapcache_free: bad swap entry %lx\n", e.val);
}

/* How many PTEs and file slots hold e. */
unsigned swap_count(swp_entry_t e)
{
    spin_lock(&swap_lock);
    struct swap_info *si = swap_info_get(e);
    unsigned n = si ? si->map[swp_offset(e)] & ~SWAP_HAS_CACHE : 0;
    spin_unlock(&swap_lock);
    return n;
}

uint64_t nr_swap_pages(void)
{
    uint64_t n = 0;
    spin_lock(&swap_lock);
    for (int t = 0; t < MAX_SWAPFILES; t++)
        if (swap_info[t].used && swap_info[t].writeok)
            n += swap_info[t].pages - swap_info[t].inuse;
    spin_unlock(&swap_lock);
    return n;
}

uint64_t total_swap_pages(void)
{
    uint64_t n = 0;
    spin_lock(&swap_lock);
    for (int t = 0; t < MAX_SWAPFILES; t++)
        if (swap_info[t].used && swap_info[t].writeok)
            n += swap_info[t].pages;
    spin_unlock(&swap_lock);
    return n;
}

/* /proc/swaps, Linux's layout: the name padded to 40 columns, sizes in KiB. */
size_t swaps_show(char *buf, size_t size)
{
    size_t len = 0;
#define OUT(...) (len += (size_t)snprintf(buf + MIN(len, size), len < size ? size - len : 0, __VA_ARGS__))
    OUT("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    spin_lock(&swap_lock);
    for (int t = 0; t < MAX_SWAPFILES; t++) {
        struct swap_info *si = &swap_info[t];
        if (!si->used || !si->writeok)
            continue;
        uint64_t kb = si->pages * (PAGE_SIZE / 1024), used = si->inuse * (PAGE_SIZE / 1024);
        int n = (int)strlen(si->path);
        OUT("%s%*s%s\t%lu\t%s%lu\t%s%d\n", si->path, n < 40 ? 40 - n : 1, " ", "partition", kb,
            kb < 10000000 ? "\t" : "", used, used < 10000000 ? "\t" : "", si->prio);
    }
    spin_unlock(&swap_lock);
#undef OUT
    return len;
}

/* The signature of another page size (mkswap -p), to say what is wrong. */
static uint64_t foreign_page_size(struct blkdev *d, uint8_t *page)
{
    static const uint64_t sizes[] = { 8192, 16384, 32768, 65536 };
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        uint64_t sector = (sizes[i] - PAGE_SIZE) / SECTOR_SIZE;
        if (sector + PAGE_SIZE / SECTOR_SIZE > d->nsectors ||
            blk_rw(d, sector, page, PAGE_SIZE, false) < 0)
            break;
        if (memcmp(page + SWAP_MAGIC_OFFSET, "SWAPSPACE2", 10) == 0)
            return sizes[i];
    }
    return 0;
}

/* Reads and checks the swap header of d; fills si->max and si->map's bad pages.
 * 0, or -EINVAL / -EIO with the reason on the console. */
static int read_swap_header(struct swap_info *si, struct blkdev *d, const char *path)
{
    uint8_t *page = alloc_zeroed_page(OWNER_KERNEL);
    if (!page)
        return -ENOMEM;
    int err = -EINVAL;
    uint64_t dev_pages = d->nsectors / (PAGE_SIZE / SECTOR_SIZE);
    if (dev_pages < 2) {
        printk("swapon %s: %lu bytes is too small for a swap area\n", path, d->nsectors * SECTOR_SIZE);
        goto out;
    }
    if (blk_rw(d, 0, page, PAGE_SIZE, false) < 0) {
        printk("swapon %s: cannot read the swap header\n", path);
        err = -EIO;
        goto out;
    }
    if (memcmp(page + SWAP_MAGIC_OFFSET, "SWAP-SPACE", 10) == 0) {
        printk("swapon %s: version 0 swap is no longer supported. Use mkswap.\n", path);
        goto out;
    }
    if (memcmp(page + SWAP_MAGIC_OFFSET, "SWAPSPACE2", 10) != 0) {
        uint64_t ps = foreign_page_size(d, page);
        if (ps)
            printk("swapon %s: swap area made for %lu-byte pages; this kernel's are %lu "
                   "(mkswap -p %lu)\n", path, ps, PAGE_SIZE, PAGE_SIZE);
        else
            printk("swapon %s: Unable to find swap-space signature\n", path);
        goto out;
    }
    uint32_t version = le32(page + SWAP_INFO_OFFSET);
    uint32_t last_page = le32(page + SWAP_INFO_OFFSET + 4);
    uint32_t nr_bad = le32(page + SWAP_INFO_OFFSET + 8);
    if (version != 1) {
        printk("swapon %s: Unable to handle swap header version %u\n", path, version);
        goto out;
    }
    if (last_page == 0) {
        printk("swapon %s: Empty swap-file\n", path);
        goto out;
    }
    if ((uint64_t)last_page + 1 > dev_pages) {
        printk("swapon %s: Swap area shorter than signature indicates (%u pages on a %lu-page disk)\n",
               path, last_page + 1, dev_pages);
        goto out;
    }
    if (nr_bad > MAX_SWAP_BADPAGES) {
        printk("swapon %s: %u bad pages listed, at most %lu fit the header\n", path, nr_bad,
               MAX_SWAP_BADPAGES);
        goto out;
    }
    si->max = (uint64_t)last_page + 1;
    si->map = kzalloc(si->max * sizeof *si->map);
    si->bitmap = kzalloc(ROUND_UP(si->max, 64) / 8);
    if (!si->map || !si->bitmap) {
        err = -ENOMEM;
        goto out;
    }
    si->map[0] = SWAP_MAP_BAD;                       /* the header */
    for (uint64_t n = si->max; n < ROUND_UP(si->max, 64); n++)
        set_bit64(si->bitmap, n);
    set_bit64(si->bitmap, 0);
    uint64_t bad = 0;
    for (uint32_t i = 0; i < nr_bad; i++) {
        uint32_t b = le32(page + SWAP_BADPAGES_OFFSET + 4 * i);
        if (b == 0 || b > last_page) {
            printk("swapon %s: bad page %u is outside the area\n", path, b);
            goto out;
        }
        if (si->map[b] != SWAP_MAP_BAD) {
            si->map[b] = SWAP_MAP_BAD;
            set_bit64(si->bitmap, b);
            bad++;
        }
    }
    si->pages = si->max - 1 - bad;
    if (si->pages == 0) {
        printk("swapon %s: Empty swap-file\n", path);
        goto out;
    }
    err = 0;
out:
    free_pages(virt_to_page(page), 0);
    return err;
}

static void free_swap_info(struct swap_info *si)
{
    kfree(si->map);
    kfree(si->bitmap);
    kfree(si->path);
    memset(si, 0, sizeof *si);
}

/* The block device a path names: 0 and *out, or -errno. */
static int lookup_bdev(const char *path, struct blkdev **out)
{
    struct inode *ip;
    struct inode *start = current->fs ? cwd_get(current) : inode_get(fs_root);
    int err = path_lookup(start, path, &ip);
    inode_put(start);
    if (err < 0)
        return err;
    uint32_t mode = ip->mode, rdev = ip->rdev;
    inode_put(ip);
    if ((mode & S_IFMT) != S_IFBLK)
        return -EINVAL;
    *out = blkdev_get(rdev);
    return *out ? 0 : -ENODEV;
}

/* swapon(path, prio): makes the disk at path a swap area (prio < 0: the next default). */
static long swapon_locked(const char *path, int prio)
{
    struct blkdev *d;
    int err = lookup_bdev(path, &d);
    if (err == -EINVAL)
        printk("swapon %s: not a block device\n", path);
    if (err < 0)
        return err;
    struct swap_info *si = NULL;
    for (int t = 0; t < MAX_SWAPFILES; t++) {
        if (swap_info[t].used && swap_info[t].bdev == d)
            return -EBUSY;
        if (!swap_info[t].used && !si)
            si = &swap_info[t];
    }
    if (!si)
        return -EPERM;
    if (d->readonly) {
        printk("swapon %s: the disk is read-only\n", path);
        return -EROFS;
    }
    memset(si, 0, sizeof *si);
    if ((err = read_swap_header(si, d, path)) < 0 || !(si->path = kstrdup(path))) {
        free_swap_info(si);
        return err < 0 ? err : -ENOMEM;
    }
    si->bdev = d;
    si->prio = prio >= 0 ? prio : --least_priority;
    si->next = 1;
    spin_lock(&swap_lock);
    si->used = si->writeok = true;
    spin_unlock(&swap_lock);
    printk("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk\n",
           si->pages * (PAGE_SIZE / 1024), path, si->prio, (si->max - 1) * (PAGE_SIZE / 1024));
    wakeup_kswapd();
    return 0;
}

/* Brings every page of area type back into memory (Linux's try_to_unuse): the PTEs
 * and file slots holding its entries get frames again, then the swap cache lets go of
 * its slots. Its own I/O is polled and it does not reclaim; others may run while it
 * waits for an address space's lock, and their reclaim may put pages back in the
 * area's swap cache, so the caller runs it again while slots stay in use. */
static int try_to_unuse(unsigned type)
{
    struct swap_info *si = &swap_info[type];
    int err = unuse_mm_range(type);
    if (!err)
        err = shmem_unuse(type);
    if (err)
        return err;
    for (uint64_t off = 1; off < si->max; off++) {
        if (!(si->map[off] & SWAP_HAS_CACHE) || si->map[off] == SWAP_MAP_BAD)
            continue;
        struct page *pg = lookup_swap_cache(swp_entry(type, off));
        if (!pg)
            continue;
        wait_on_page_locked(pg);
        if ((pg->flags & PG_SWAPCACHE) && pg->private == swp_entry(type, off).val) {
            set_page_flag(pg, PG_DIRTY);                /* no copy on disk any more */
            delete_from_swap_cache(pg);
        }
        put_page(pg);
    }
    return si->inuse ? -EBUSY : 0;
}

static long swapoff_locked(const char *path)
{
    struct blkdev *d;
    int err = lookup_bdev(path, &d);
    if (err < 0)
        return err;
    struct swap_info *si = NULL;
    for (int t = 0; t < MAX_SWAPFILES; t++)
        if (swap_info[t].used && swap_info[t].writeok && swap_info[t].bdev == d)
            si = &swap_info[t];
    if (!si)
        return -EINVAL;
    if (si->inuse > nr_free_pages()) {
        printk("swapoff %s: %lu pages in use do not fit in %lu free frames\n", path, si->inuse,
               nr_free_pages());
        return -ENOMEM;
    }
    spin_lock(&swap_lock);
    si->writeok = false;
    spin_unlock(&swap_lock);
    current->swap_polled = true;
    err = -EBUSY;
    for (int pass = 0; pass < 3 && err == -EBUSY; pass++)
        err = try_to_unuse((unsigned)(si - swap_info));   /* reclaim may have added some */
    current->swap_polled = false;
    if (err) {
        printk("swapoff %s: %lu pages still in use (error %d)\n", path, si->inuse, -err);
        spin_lock(&swap_lock);
        si->writeok = true;
        spin_unlock(&swap_lock);
        return err;
    }
    if (si->prio < 0 && si->prio == least_priority)
        least_priority++;
    spin_lock(&swap_lock);
    si->used = false;
    spin_unlock(&swap_lock);
    free_swap_info(si);
    return 0;
}

/* Areas are set up and taken down one at a time: both read the disk or wait for
 * pages, and others must not pick the same slot of swap_info meanwhile. */
long do_swapon(const char *path, int prio)
{
    mutex_lock(&swapon_mutex);
    long r = swapon_locked(path, prio);
    mutex_unlock(&swapon_mutex);
    return r;
}

long do_swapoff(const char *path)
{
    if (mutex_lock_killable(&swapon_mutex))
        return -EINTR;
    long r = swapoff_locked(path);
    mutex_unlock(&swapon_mutex);
    return r;
}

/* swapon(2) and swapoff(2): numbers 224 and 225 on riscv64. */
long sys_swapon(void)
{
    char path[PATH_MAX];
    long n = strncpy_from_user(path, arg(0), sizeof path);
    if (n < 0)
        return n;
    int flags = arg_int(1);
    return do_swapon(path, flags & SWAP_FLAG_PREFER ? flags & SWAP_FLAG_PRIO_MASK : -1);
}

long sys_swapoff(void)
{
    char path[PATH_MAX];
    long n = strncpy_from_user(path, arg(0), sizeof path);
    return n < 0 ? n : do_swapoff(path);
}

/* swapon at boot for each of DEV[,DEV...] in list, up to a space or the end. A disk
 * named twice (by swap= and by the device tree) is enabled once. */
static void swapon_list(const char *p)
{
    char path[64];
    for (;;) {
        size_t n = 0;
        while (p[n] && p[n] != ' ' && p[n] != ',' && n < sizeof path - 1)
            n++;
        memcpy(path, p, n);
        path[n] = 0;
        p += n;
        long err = n ? do_swapon(path, -1) : 0;
        if (err < 0 && err != -EBUSY)
            printk("swap: swapon %s at boot failed (error %ld)\n", path, -err);
        if (*p != ',')
            break;
        p++;
    }
}

/* swap=DEV[,DEV...] on the kernel command line, then the disks the device tree's
 * /chosen/pagoda,swap lists (dt_list, comma-separated: Pagoda's --swap): swapon at
 * boot. */
void swap_setup_boot(const char *bootargs, const char *dt_list)
{
    for (const char *p = bootargs; (p = strchr(p, 's')) != NULL; p++)
        if ((p == bootargs || p[-1] == ' ') && strncmp(p, "swap=", 5) == 0)
            swapon_list(p + 5);
    if (dt_list[0])
        swapon_list(dt_list);
}
