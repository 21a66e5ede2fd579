/* procfs.c — /proc: files generated when opened, in Linux's formats. The top level has
 * buddyinfo, meminfo, slabinfo, uptime, loadavg, version, vmstat, kcov_pcs, swaps, stat,
 * self, cpuinfo, and one directory per process with stat, status, cmdline, comm, maps,
 * smaps, faults
 * (Pagoda's fault counters) and pagemap (read as it is asked for, pagemap.c). Inodes here are made by lookup and freed when the last reference
 * goes (they have no links). */
#include "fpu.h"
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "proc.h"
#include "slab.h"
#include "swap.h"
#include "timer.h"
#include "trace.h"
#include "trap.h"

#define PROC_INO_BASE 0x10000000UL

/* A growing text buffer that the show functions print into. */
struct seqbuf {
    char *buf;
    size_t size, len;
};

static void seq_printf(struct seqbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void seq_printf(struct seqbuf *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->buf + MIN(s->len, s->size), s->len < s->size ? s->size - s->len : 0, fmt, ap);
    va_end(ap);
    s->len += n;
}

/* Prints a file's text. t is the process a /proc/PID file is about (the current one
 * for the others) and mm its address space, both held for the call (mm may be NULL);
 * t may have exited meanwhile, its struct stays. */
typedef void (*show_fn)(struct seqbuf *s, struct task *t, struct mm *mm);

struct proc_entry {
    const char *name;
    show_fn show;                   /* NULL: a directory; in a PID directory, pagemap */
};

extern const struct file_ops pagemap_fops;


static void show_buddyinfo(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    seq_printf(s, "Node 0, zone %8s ", "Normal");
    for (unsigned o = 0; o < MAX_ORDER; o++)
        seq_printf(s, "%6lu ", nr_free_blocks(o));
    seq_printf(s, "\n");
}

static void meminfo_line(struct seqbuf *s, const char *name, uint64_t pages)
{
    seq_printf(s, "%-16s%8lu kB\n", name, pages * (PAGE_SIZE / 1024));
}

/* Page-cache frames that are mapped, dirty, or shmem (counted from the frame map). */
struct cache_counts {
    uint64_t mapped, dirty, shmem;
};

static void count_cache_pages(struct cache_counts *c)
{
    memset(c, 0, sizeof *c);
    for (uint64_t i = 0; i < memmap_npages; i++) {
        struct page *pg = &memmap[i];
        if (pg->owner != OWNER_FILE)
            continue;
        struct inode *ip = pg->mapping;
        c->mapped += pg->refcount > 1;
        c->dirty += (pg->flags & PG_DIRTY) != 0;
        c->shmem += ip && ip->nlink == 0;
    }
}

static void show_meminfo(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    struct cache_counts c;
    count_cache_pages(&c);
    meminfo_line(s, "MemTotal:", nr_total_pages() - nr_owned_pages(OWNER_KERNEL));
    meminfo_line(s, "MemFree:", nr_free_pages());
    meminfo_line(s, "MemAvailable:", nr_free_pages());
    meminfo_line(s, "Buffers:", 0);
    meminfo_line(s, "Cached:", nr_owned_pages(OWNER_FILE));
    meminfo_line(s, "SwapCached:", nr_swapcache_pages());
    meminfo_line(s, "SwapTotal:", total_swap_pages());
    meminfo_line(s, "SwapFree:", nr_swap_pages());
    meminfo_line(s, "Dirty:", c.dirty);
    meminfo_line(s, "AnonPages:", nr_owned_pages(OWNER_ANON));
    meminfo_line(s, "Mapped:", c.mapped);
    meminfo_line(s, "Shmem:", c.shmem);
    meminfo_line(s, "Slab:", nr_owned_pages(OWNER_SLAB));
    meminfo_line(s, "KernelStack:", nr_owned_pages(OWNER_KSTACK));
    meminfo_line(s, "PageTables:", nr_owned_pages(OWNER_PAGETABLE));
}

/* /proc/vmstat: Linux's names where Linux has the counter, "pagoda_" otherwise. */
static void show_vmstat(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    struct cache_counts c;
    count_cache_pages(&c);
    struct vm_events sum;
    vm_events_sum(&sum);
    const struct vm_events *e = &sum;
    struct cpu_stats st;
    cpu_stats_sum(&st);
    struct { const char *name; uint64_t value; } lines[] = {
        { "nr_free_pages", nr_free_pages() }, { "nr_anon_pages", nr_owned_pages(OWNER_ANON) },
        { "nr_mapped", c.mapped }, { "nr_file_pages", nr_owned_pages(OWNER_FILE) },
        { "nr_dirty", c.dirty }, { "nr_writeback", 0 }, { "nr_shmem", c.shmem },
        { "nr_page_table_pages", nr_owned_pages(OWNER_PAGETABLE) },
        { "nr_slab_unreclaimable", nr_owned_pages(OWNER_SLAB) },
        { "nr_written", e->pgwriteback },
        { "pgpgin", e->pswpin * (PAGE_SIZE / 1024) }, { "pgpgout", e->pswpout * (PAGE_SIZE / 1024) },
        { "pswpin", e->pswpin }, { "pswpout", e->pswpout },
        { "pgfault", e->pgfault }, { "pgmajfault", e->pgmajfault },
        { "pgscan", e->pgscan }, { "pgsteal", e->pgsteal },
        { "pgscan_kswapd", e->pgscan_kswapd }, { "pgscan_direct", e->pgscan_direct },
        { "pgsteal_kswapd", e->pgsteal_kswapd }, { "pgsteal_direct", e->pgsteal_direct },
        { "pgrotated", e->pgrotated },
        { "pgactivate", e->pgactivate }, { "pgdeactivate", e->pgdeactivate },
        { "oom_kill", e->oom_kill }, { "nr_swapcached", nr_swapcache_pages() },
        { "pagoda_kswapd_wake", e->kswapd_wake }, { "pagoda_swap_readahead", e->swap_ra },
        { "pagoda_swap_wait_locked", e->swap_ra_wait },
        { "nr_tlb_remote_flush", e->tlb_remote_flush },
        { "nr_tlb_remote_flush_received", e->tlb_remote_flush_received },
        { "nr_tlb_local_flush_all", e->tlb_flush_asid + e->tlb_flush_all },
        { "nr_tlb_local_flush_one", e->tlb_flush_page },
        { "pagoda_tlb_flush_asid", e->tlb_flush_asid },
        { "pagoda_tlb_flush_full", e->tlb_flush_all },
        { "pagoda_tlb_shootdown_insns", e->tlb_shootdown_insns },
        { "pagoda_asid_rollover", e->asid_rollover },
        { "pagoda_anon_fault", e->anon_fault }, { "pagoda_zero_page_map", e->zero_fault },
        { "pagoda_file_fault", e->file_fault }, { "pagoda_cow_fault", e->cow_fault },
        { "pagoda_cow_reuse", e->cow_reuse }, { "pagoda_shared_mkwrite", e->shared_mkwrite },
        { "pagoda_spurious_fault", e->spurious }, { "pagoda_stack_grow", e->stack_grow },
        { "pagoda_segv", e->segv }, { "pagoda_sigbus", e->sigbus },
        { "pagoda_clear_page_insns", e->zero_insns }, { "pagoda_copy_page_insns", e->copy_insns },
        { "pagoda_fpu_first_use", st.fpu_first_use_traps }, { "pagoda_fpu_save", st.fpu_saves },
        { "pagoda_fpu_restore", st.fpu_restores }, { "pagoda_ipi", st.nr_ipis },
        { "pagoda_futex_wait", st.nr_futex_wait }, { "pagoda_futex_wake", st.nr_futex_wake },
    };
    for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
        seq_printf(s, "%s %lu\n", lines[i].name, lines[i].value);
}

static void show_swaps(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    s->len += swaps_show(s->buf + MIN(s->len, s->size), s->len < s->size ? s->size - s->len : 0);
}

static void show_slab(struct kmem_cache *c, void *arg)
{
    seq_printf(arg, "%-17s %6lu %6lu %6lu %4u %4d : tunables 0 0 0 : slabdata %6lu %6lu 0\n",
               c->name, c->nr_active, c->nr_slabs * c->per_slab, c->size, c->per_slab, 1,
               c->nr_slabs, c->nr_slabs);
}

static void show_slabinfo(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    seq_printf(s, "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> "
               "<objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> "
               "<sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
    slab_for_each(show_slab, s);
}

static void show_uptime(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    struct cpu_stats st;
    cpu_stats_sum(&st);
    uint64_t up = uptime_ns() / 10000000;     /* centiseconds */
    uint64_t idle = st.idle_ticks * (100 / HZ);
    seq_printf(s, "%lu.%02lu %lu.%02lu\n", up / 100, up % 100, idle / 100, idle % 100);
}

/* /proc/kcov_pcs: how many distinct kernel pcs the machine has seen executed (Pagoda's
 * --cov, through the trace device; 0 elsewhere), the guest fuzzer's signal. */
static void show_kcov_pcs(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    seq_printf(s, "%lu\n", trace_coverage());
}

static void show_loadavg(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    int running = 0, n = 0;
    pid_t last = 0;
    spin_lock(&sched_lock);
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *p = task_table[i];
        if (!p)
            continue;
        n++;
        if (p->state == TASK_RUNNABLE || p->state == TASK_RUNNING)
            running++;
        if (p->pid > last)
            last = p->pid;
    }
    spin_unlock(&sched_lock);
    seq_printf(s, "0.00 0.00 0.00 %d/%d %d\n", running, n, last);
}

/* /proc/stat: CPU time in ticks (USER_HZ = HZ = 100), all harts then each, the
 * interrupts taken (the total, then per PLIC source), context switches, boot time,
 * forks, tasks. */
static void show_proc_stat(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    struct cpu_stats st;
    cpu_stats_sum(&st);
    seq_printf(s, "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n", st.user_ticks, st.system_ticks, st.idle_ticks);
    for (int i = 0; i < ncpus; i++) {
        const struct cpu_stats *c = &cpus[i].stats;
        seq_printf(s, "cpu%d %lu 0 %lu %lu 0 0 0 0 0 0\n", i, c->user_ticks, c->system_ticks,
                   c->idle_ticks);
    }
    seq_printf(s, "intr %lu", st.nr_interrupts);
    for (int i = 0; i < NR_IRQS; i++)
        seq_printf(s, " %lu", st.irq_counts[i]);
    int running = 0;
    spin_lock(&sched_lock);
    for (int i = 0; i < nr_task_slots; i++) {
        struct task *p = task_table[i];
        running += p && (p->state == TASK_RUNNABLE || p->state == TASK_RUNNING);
    }
    spin_unlock(&sched_lock);
    seq_printf(s, "\nctxt %lu\nbtime %lu\nprocesses %lu\nprocs_running %d\nprocs_blocked 0\n"
               "softirq 0 0 0 0 0 0 0 0 0 0 0\n", st.nr_context_switches,
               (realtime_ns() - MIN(uptime_ns(), realtime_ns())) / 1000000000, st.nr_forks, running);
}

/* /proc/cpuinfo, as Linux's riscv prints it (the kernel's number and the hart id). */
static void show_cpuinfo(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    for (int i = 0; i < ncpus; i++) {
        if (!cpus[i].online)
            continue;
        seq_printf(s, "processor\t: %d\nhart\t\t: %lu\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n\n",
                   i, cpus[i].hartid);
    }
}

static void show_version(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t, (void)mm;
    seq_printf(s, "Pagoda version 0.1 (riscv64) #1\n");
}

static char state_letter(struct task *t)
{
    switch (t->state) {
    case TASK_NEW:
    case TASK_RUNNING:
    case TASK_RUNNABLE: return 'R';
    case TASK_SLEEPING: return 'S';
    case TASK_STOPPED: return 'T';
    case TASK_ZOMBIE: return 'Z';
    }
    return '?';
}

static const char *state_name(struct task *t)
{
    switch (t->state) {
    case TASK_NEW:
    case TASK_RUNNING:
    case TASK_RUNNABLE: return "R (running)";
    case TASK_SLEEPING: return "S (sleeping)";
    case TASK_STOPPED: return "T (stopped)";
    case TASK_ZOMBIE: return "Z (zombie)";
    }
    return "?";
}

static uint64_t vsize_bytes(struct mm *mm)
{
    return mm ? mm->total_vm * PAGE_SIZE : 0;
}

static uint64_t rss_pages(struct mm *mm)
{
    return mm ? mm_rss(mm) : 0;
}

/* What t's parent and leader say, read under sched_lock (the tasks they are may go). */
static void family(struct task *t, pid_t *ppid, int *nr_threads)
{
    spin_lock(&sched_lock);
    *ppid = t->parent ? t->parent->tgid : 0;
    *nr_threads = t->group_leader ? t->group_leader->nr_threads : 0;
    spin_unlock(&sched_lock);
}

/* /proc/PID/stat: the 52 fields of Linux's, those we do not keep as 0. */
static void show_stat(struct seqbuf *s, struct task *t, struct mm *mm)
{
    pid_t ppid;
    int nr_threads;
    family(t, &ppid, &nr_threads);
    uint64_t minflt = mm ? mm->min_flt : 0, majflt = mm ? mm->maj_flt : 0;
    seq_printf(s, "%d (%s) %c %d %d %d 0 -1 0 %lu 0 %lu 0 %lu %lu %lu %lu 20 0 %d 0 %lu %lu %lu "
               "18446744073709551615 ", t->pid, t->comm, state_letter(t), ppid, t->pgid, t->sid,
               minflt, majflt, t->utime, t->stime, t->cutime, t->cstime,
               nr_threads, t->start_ticks, vsize_bytes(mm), rss_pages(mm));
    uint64_t ss = mm ? mm->start_stack : 0;
    seq_printf(s, "%lu %lu %lu 0 0 %lu %lu 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
               mm ? mm->start_code : 0, mm ? mm->end_code : 0, ss,
               t->sig.pending, t->sig.blocked);
}

static void status_kb(struct seqbuf *s, const char *name, uint64_t pages)
{
    seq_printf(s, "%s\t%8lu kB\n", name, pages * (PAGE_SIZE / 1024));
}

/* The Vm* lines of /proc/PID/status, in Linux's order and meaning. */
static void show_status_vm(struct seqbuf *s, struct mm *mm)
{
    status_kb(s, "VmPeak:", mm->hiwater_vm);
    status_kb(s, "VmSize:", mm->total_vm);
    status_kb(s, "VmLck:", 0);
    status_kb(s, "VmPin:", 0);
    status_kb(s, "VmHWM:", mm->hiwater_rss);
    status_kb(s, "VmRSS:", mm_rss(mm));
    status_kb(s, "RssAnon:", mm->rss[MM_ANONPAGES]);
    status_kb(s, "RssFile:", mm->rss[MM_FILEPAGES]);
    status_kb(s, "RssShmem:", mm->rss[MM_SHMEMPAGES]);
    status_kb(s, "VmData:", mm->data_vm);
    status_kb(s, "VmStk:", mm->stack_vm);
    seq_printf(s, "VmExe:\t%8lu kB\n", (ROUND_UP(mm->end_code, PAGE_SIZE) -
               ROUND_DOWN(mm->start_code, PAGE_SIZE)) / 1024);
    status_kb(s, "VmLib:", 0);
    status_kb(s, "VmPTE:", mm->nr_ptes + 1);
    status_kb(s, "VmSwap:", mm->rss[MM_SWAPENTS]);
}

static void show_status(struct seqbuf *s, struct task *t, struct mm *mm)
{
    pid_t ppid;
    int nr_threads;
    family(t, &ppid, &nr_threads);
    uint64_t ign = 0, caught = 0;
    for (int i = 0; i < NSIG; i++) {
        if (t->sig.action[i].handler == SIG_IGN)
            ign |= 1UL << i;
        else if (t->sig.action[i].handler != SIG_DFL)
            caught |= 1UL << i;
    }
    seq_printf(s, "Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n", t->comm,
               state_name(t), t->tgid, t->pid, ppid);
    seq_printf(s, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
    if (mm)
        show_status_vm(s, mm);
    seq_printf(s, "Threads:\t%d\nSigPnd:\t%016lx\nSigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
               nr_threads, t->sig.pending, t->sig.blocked, ign, caught);
}

/* /proc/PID/faults (Pagoda's): the process's page-fault counters, and the TLB
 * shootdowns its address space needed (requests, and the harts they reached). */
static void show_faults(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t;
    if (mm)
        seq_printf(s, "minor %lu\nmajor %lu\ncow %lu\nsegv %lu\ntlb_remote_flush %lu\n"
                   "tlb_remote_flush_received %lu\n", mm->min_flt, mm->maj_flt, mm->cow_flt,
                   mm->segv, __atomic_load_n(&mm->tlb_remote_flush, __ATOMIC_RELAXED),
                   __atomic_load_n(&mm->tlb_remote_flush_received, __ATOMIC_RELAXED));
}

static void show_cmdline(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t;
    if (!mm || mm->arg_end <= mm->arg_start)
        return;
    size_t n = MIN(mm->arg_end - mm->arg_start, (uint64_t)PAGE_SIZE);
    char *buf = kmalloc(n);
    if (buf && copy_from_mm(mm, buf, mm->arg_start, n) == 0) {
        for (size_t i = 0; i < n; i++) {
            if (s->len < s->size)
                s->buf[s->len] = buf[i];
            s->len++;
        }
    }
    kfree(buf);
}

static void show_comm(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)mm;
    seq_printf(s, "%s\n", t->comm);
}

/* The name /proc/PID/maps gives a VMA, Linux's way: the file (shared anonymous
 * memory is "/dev/zero (deleted)"), a special mapping's name, [heap] for what
 * overlaps [start_brk, brk], [stack] for the VMA holding the initial stack, and
 * [anon:NAME] for anonymous memory named with prctl(PR_SET_VMA_ANON_NAME). */
static void vma_name(struct seqbuf *s, struct vma *v)
{
    struct mm *mm = v->mm;
    if (v->file)
        seq_printf(s, "%s%s", v->path ? v->path : "/dev/zero",
                   v->file->nlink == 0 ? " (deleted)" : "");
    else if (v->flags & VM_SPECIAL)
        seq_printf(s, "%s", v->name);
    else if (v->start <= mm->brk && v->end >= mm->start_brk)
        seq_printf(s, "[heap]");
    else if (vma_is_stack(v))
        seq_printf(s, "[stack]");
    else if (v->anon_name)
        seq_printf(s, "[anon:%s]", v->anon_name);
}

static bool vma_has_name(struct vma *v)
{
    struct mm *mm = v->mm;
    return v->file || (v->flags & VM_SPECIAL) || (v->start <= mm->brk && v->end >= mm->start_brk) ||
           vma_is_stack(v) || v->anon_name;
}

/* A VMA's line of /proc/PID/maps, in Linux's layout (a name starts at column 74). */
static void maps_line(struct seqbuf *s, struct vma *v)
{
    size_t start = s->len;
    uint64_t pgoff = v->file ? v->pgoff : 0, ino = v->file ? v->file->ino : 0;
    seq_printf(s, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", v->start, v->end,
               v->flags & VM_READ ? 'r' : '-', v->flags & VM_WRITE ? 'w' : '-',
               v->flags & VM_EXEC ? 'x' : '-', v->flags & VM_SHARED ? 's' : 'p',
               pgoff * PAGE_SIZE, 0, v->file ? 1 : 0, ino);
    if (vma_has_name(v)) {
        int pad = 73 - (int)(s->len - start);
        seq_printf(s, "%*s", pad > 0 ? pad : 0, "");
        vma_name(s, v);
    }
    seq_printf(s, "\n");
}

/* /proc/PID/maps: one line per VMA, read under the address space's lock. */
static void show_maps(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t;
    if (!mm || mutex_lock_killable(&mm->lock))
        return;
    for (struct vma *v = mm->vmas; v; v = v->next)
        maps_line(s, v);
    mutex_unlock(&mm->lock);
}

/* What smaps counts for one VMA, in bytes; pss is in 1/4096ths of a byte. */
struct smaps_count {
    uint64_t rss, pss, pss_dirty, shared_clean, shared_dirty, private_clean, private_dirty;
    uint64_t referenced, anonymous, swap;
};

/* How many PTEs map a frame: its references less the page cache's and the swap
 * cache's own (the kernel keeps no separate map count). */
static int64_t map_count(const struct page *pg)
{
    int64_t n = pg->refcount - (pg->owner == OWNER_FILE) - ((pg->flags & PG_SWAPCACHE) != 0);
    return n > 0 ? n : 1;
}

static void smaps_ptes(struct vma *v, pte_t *pte, uint64_t va, uint64_t n, void *arg)
{
    struct smaps_count *c = arg;
    (void)v, (void)va;
    for (uint64_t i = 0; i < n; i++) {
        if (is_swap_pte(pte[i])) {
            c->swap += PAGE_SIZE;
            continue;
        }
        if (!(pte[i] & PTE_V))
            continue;
        struct page *pg = pa_to_page(PTE2PA(pte[i]));
        if (pg == zero_page())
            continue;                           /* not counted, as Linux's smaps */
        bool dirty = (pte[i] & PTE_D) || (pg->flags & PG_DIRTY), shared = map_count(pg) > 1;
        uint64_t share = ((uint64_t)PAGE_SIZE << 12) / (uint64_t)map_count(pg);
        c->rss += PAGE_SIZE;
        c->pss += share;
        c->pss_dirty += dirty ? share : 0;
        *(shared ? (dirty ? &c->shared_dirty : &c->shared_clean)
                 : (dirty ? &c->private_dirty : &c->private_clean)) += PAGE_SIZE;
        c->referenced += (pte[i] & PTE_A) ? PAGE_SIZE : 0;
        c->anonymous += pg->owner == OWNER_ANON ? PAGE_SIZE : 0;
    }
}

static void smaps_kb(struct seqbuf *s, const char *name, uint64_t bytes)
{
    seq_printf(s, "%-16s%8lu kB\n", name, bytes / 1024);
}

/* /proc/PID/smaps: each maps line followed by what its pages use, Linux's fields. */
static void show_smaps(struct seqbuf *s, struct task *t, struct mm *mm)
{
    (void)t;
    if (!mm || mutex_lock_killable(&mm->lock))
        return;
    for (struct vma *v = mm->vmas; v; v = v->next) {
        struct smaps_count c = { 0 };
        walk_ptes(v, v->start, v->end, smaps_ptes, &c);
        maps_line(s, v);
        smaps_kb(s, "Size:", v->end - v->start);
        smaps_kb(s, "KernelPageSize:", PAGE_SIZE);
        smaps_kb(s, "MMUPageSize:", PAGE_SIZE);
        smaps_kb(s, "Rss:", c.rss);
        smaps_kb(s, "Pss:", c.pss >> 12);
        smaps_kb(s, "Pss_Dirty:", c.pss_dirty >> 12);
        smaps_kb(s, "Shared_Clean:", c.shared_clean);
        smaps_kb(s, "Shared_Dirty:", c.shared_dirty);
        smaps_kb(s, "Private_Clean:", c.private_clean);
        smaps_kb(s, "Private_Dirty:", c.private_dirty);
        smaps_kb(s, "Referenced:", c.referenced);
        smaps_kb(s, "Anonymous:", c.anonymous);
        static const char *const zero[] = { "KSM:", "LazyFree:", "AnonHugePages:", "ShmemPmdMapped:",
                                            "FilePmdMapped:", "Shared_Hugetlb:", "Private_Hugetlb:" };
        for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
            smaps_kb(s, zero[i], 0);
        smaps_kb(s, "Swap:", c.swap);
        smaps_kb(s, "SwapPss:", c.swap);
        smaps_kb(s, "Locked:", 0);
        seq_printf(s, "%-16s%8d\nVmFlags: %s%s%s%s%s%s%s\n", "THPeligible:", 0,
                   v->flags & VM_READ ? "rd " : "", v->flags & VM_WRITE ? "wr " : "",
                   v->flags & VM_EXEC ? "ex " : "", v->flags & VM_SHARED ? "sh " : "",
                   "mr ", v->flags & VM_MAYWRITE ? "mw me " : "me ",
                   v->flags & VM_GROWSDOWN ? "gd " : "");
    }
    mutex_unlock(&mm->lock);
}

static const struct proc_entry root_entries[] = {
    { "buddyinfo", show_buddyinfo }, { "meminfo", show_meminfo },
    { "slabinfo", show_slabinfo }, { "uptime", show_uptime },
    { "loadavg", show_loadavg }, { "version", show_version }, { "vmstat", show_vmstat },
    { "kcov_pcs", show_kcov_pcs },
    { "swaps", show_swaps }, { "stat", show_proc_stat }, { "self", NULL },
    { "cpuinfo", show_cpuinfo },
};

static const struct proc_entry pid_entries[] = {
    { "stat", show_stat }, { "status", show_status }, { "cmdline", show_cmdline },
    { "comm", show_comm }, { "maps", show_maps }, { "smaps", show_smaps }, { "faults", show_faults },
    { "pagemap", NULL },
};

static struct inode *proc_root;
static const struct inode_ops proc_root_iops, proc_pid_iops, proc_task_iops;
#define TASK_DIR_INO 0xff          /* /proc/PID/task: (pid << 8) + this */
static const struct file_ops proc_file_fops, proc_dir_fops;

static ssize_t proc_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    if (*pos >= f->priv_len)
        return 0;
    n = MIN(n, f->priv_len - *pos);
    if (copy_to_user(ubuf, (char *)f->priv + *pos, n) < 0)
        return -EFAULT;
    *pos += n;
    return (ssize_t)n;
}

/* Generates the file's text once, at open. */
static int proc_open(struct file *f)
{
    show_fn show = (show_fn)f->inode->priv;
    struct task *t = current;
    if (f->inode->pid)
        t = find_get_task(f->inode->pid);
    else
        get_task(t);
    if (!t)
        return -ESRCH;
    struct mm *mm = get_task_mm(t);          /* t's struct stays (a reference), and mm */
    struct seqbuf s = { NULL, 0, 0 };
    int err = 0;
    for (size_t size = 1024;; size *= 2) {
        kfree(s.buf);
        if (!(s.buf = kmalloc(size))) {
            err = -ENOMEM;
            break;
        }
        s.size = size;
        s.len = 0;
        show(&s, t, mm);
        if (s.len < s.size)
            break;
    }
    if (mm)
        mm_put(mm);
    put_task(t);
    if (err) {
        kfree(s.buf);
        return err;
    }
    f->priv = s.buf;
    f->priv_len = s.len;
    return 0;
}

static void proc_release(struct file *f)
{
    kfree(f->priv);
}

static ssize_t proc_dir_read(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos)
{
    (void)f, (void)ubuf, (void)n, (void)pos;
    return -EISDIR;
}

static struct inode *proc_inode(uint32_t mode, pid_t pid, uint64_t ino)
{
    struct inode *ip = inode_alloc(mode);
    if (!ip)
        return NULL;
    ip->ino = PROC_INO_BASE + ino;
    ip->pid = pid;
    ip->parent = proc_root;
    return ip;
}

/* /proc/PID, or /proc/PID/task/TID for a thread (which has no task/ of its own). */
static struct inode *pid_dir(pid_t pid, bool thread)
{
    struct inode *ip = proc_inode(S_IFDIR | 0555, pid, (uint64_t)pid << 8);
    if (ip) {
        ip->iops = &proc_pid_iops;
        ip->fops = &proc_dir_fops;
        ip->priv = thread ? (void *)1 : NULL;
    }
    return ip;
}

/* /proc/PID/task: a directory per thread of the process. */
static struct inode *task_dir(pid_t pid)
{
    struct inode *ip = proc_inode(S_IFDIR | 0555, pid, ((uint64_t)pid << 8) + TASK_DIR_INO);
    if (ip) {
        ip->iops = &proc_task_iops;
        ip->fops = &proc_dir_fops;
    }
    return ip;
}

static struct inode *entry_inode(const struct proc_entry *e, pid_t pid, uint64_t ino)
{
    struct inode *ip = proc_inode(S_IFREG | 0444, pid, ino);
    if (ip) {
        ip->fops = e->show ? &proc_file_fops : &pagemap_fops;   /* pagemap: read on demand */
        ip->priv = (void *)e->show;
    }
    return ip;
}

static pid_t parse_pid(const char *name)
{
    pid_t pid = 0;
    for (; *name; name++) {
        if (*name < '0' || *name > '9' || pid > 1000000)
            return 0;
        pid = pid * 10 + (*name - '0');
    }
    return pid;
}

static struct inode *proc_root_lookup(struct inode *dir, const char *name)
{
    (void)dir;
    for (size_t i = 0; i < ARRAY_SIZE(root_entries); i++) {
        if (strcmp(name, root_entries[i].name) != 0)
            continue;
        if (!root_entries[i].show)
            return pid_dir(current->tgid, false);
        return entry_inode(&root_entries[i], 0, i + 1);
    }
    pid_t pid = parse_pid(name);
    spin_lock(&sched_lock);
    bool found = pid && find_task(pid);
    spin_unlock(&sched_lock);
    return found ? pid_dir(pid, false) : NULL;
}

static int proc_root_readdir(struct inode *dir, uint64_t pos, struct dir_entry *out)
{
    if (pos < 2) {
        out->ino = pos == 0 ? dir->ino : fs_root->ino;
        out->type = DT_DIR;
        strlcpy(out->name, pos == 0 ? "." : "..", sizeof out->name);
        return 1;
    }
    pos -= 2;
    if (pos < ARRAY_SIZE(root_entries)) {
        out->ino = PROC_INO_BASE + pos + 1;
        out->type = root_entries[pos].show ? DT_REG : DT_DIR;
        strlcpy(out->name, root_entries[pos].name, sizeof out->name);
        return 1;
    }
    pos -= ARRAY_SIZE(root_entries);
    pid_t pid = 0;
    spin_lock(&sched_lock);
    for (int i = 0; i < nr_task_slots && !pid; i++) {   /* the processes, in table order */
        struct task *t = task_table[i];
        if (t && t->group_leader == t && pos-- == 0)
            pid = t->pid;
    }
    spin_unlock(&sched_lock);
    if (!pid)
        return 0;
    out->ino = PROC_INO_BASE + ((uint64_t)pid << 8);
    out->type = DT_DIR;
    snprintf(out->name, sizeof out->name, "%d", pid);
    return 1;
}

static struct inode *proc_pid_lookup(struct inode *dir, const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(pid_entries); i++)
        if (strcmp(name, pid_entries[i].name) == 0)
            return entry_inode(&pid_entries[i], dir->pid, ((uint64_t)dir->pid << 8) + i + 1);
    if (!dir->priv && strcmp(name, "task") == 0)
        return task_dir(dir->pid);
    return NULL;
}

static int proc_pid_readdir(struct inode *dir, uint64_t pos, struct dir_entry *out)
{
    if (pos < 2) {
        out->ino = pos == 0 ? dir->ino : proc_root->ino;
        out->type = DT_DIR;
        strlcpy(out->name, pos == 0 ? "." : "..", sizeof out->name);
        return 1;
    }
    pos -= 2;
    if (pos == ARRAY_SIZE(pid_entries) && !dir->priv) {
        out->ino = dir->ino + TASK_DIR_INO;
        out->type = DT_DIR;
        strlcpy(out->name, "task", sizeof out->name);
        return 1;
    }
    if (pos >= ARRAY_SIZE(pid_entries))
        return 0;
    out->ino = dir->ino + pos + 1;
    out->type = DT_REG;
    strlcpy(out->name, pid_entries[pos].name, sizeof out->name);
    return 1;
}

/* The threads of the process dir->pid: those alive, in table order. */
static struct inode *proc_task_lookup(struct inode *dir, const char *name)
{
    pid_t tid = parse_pid(name);
    spin_lock(&sched_lock);
    struct task *leader = find_task(dir->pid), *t = find_task(tid);
    bool found = leader && t && t->group_leader == leader->group_leader;
    spin_unlock(&sched_lock);
    return found ? pid_dir(tid, true) : NULL;
}

static int proc_task_readdir(struct inode *dir, uint64_t pos, struct dir_entry *out)
{
    if (pos < 2) {
        out->ino = pos == 0 ? dir->ino : dir->ino - TASK_DIR_INO;
        out->type = DT_DIR;
        strlcpy(out->name, pos == 0 ? "." : "..", sizeof out->name);
        return 1;
    }
    pos -= 2;
    pid_t tid = 0;
    spin_lock(&sched_lock);
    struct task *leader = find_task(dir->pid), *t;
    if (leader) {
        leader = leader->group_leader;
        for_each_thread(leader, t) {
            if (t->state == TASK_ZOMBIE && t != leader)
                continue;               /* a thread on its way out */
            if (pos-- == 0) {
                tid = t->pid;
                break;
            }
        }
    }
    spin_unlock(&sched_lock);
    if (!tid)
        return 0;
    out->ino = PROC_INO_BASE + ((uint64_t)tid << 8);
    out->type = DT_DIR;
    snprintf(out->name, sizeof out->name, "%d", tid);
    return 1;
}

static const struct inode_ops proc_root_iops = {
    .lookup = proc_root_lookup, .readdir = proc_root_readdir,
};
static const struct inode_ops proc_pid_iops = {
    .lookup = proc_pid_lookup, .readdir = proc_pid_readdir,
};
static const struct inode_ops proc_task_iops = {
    .lookup = proc_task_lookup, .readdir = proc_task_readdir,
};
static const struct file_ops proc_file_fops = {
    .read = proc_read, .open = proc_open, .release = proc_release,
};
static const struct file_ops proc_dir_fops = { .read = proc_dir_read };

/* Makes /proc. */
struct inode *procfs_init(void)
{
    proc_root = inode_alloc(S_IFDIR | 0555);
    if (!proc_root || ramfs_link_inode(fs_root, "proc", proc_root) < 0)
        panic("procfs: cannot create /proc");
    proc_root->ino = PROC_INO_BASE;
    proc_root->parent = fs_root;
    proc_root->iops = &proc_root_iops;
    proc_root->fops = &proc_dir_fops;
    inode_put(proc_root);
    return proc_root;
}
