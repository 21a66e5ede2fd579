/* exec.c — execve: loads a static ELF64 RISC-V executable (or a "#!" script's
 * interpreter) into a fresh address space and lays out the initial stack as Linux
 * does: argc, argv[], NULL, envp[], NULL, the auxiliary vector, then the strings.
 * Everything that can fail happens before the old address space is dropped. */
#include "elf.h"
#include "fpu.h"
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "perf_event.h"
#include "proc.h"
#include "riscv.h"
#include "syscall.h"
#include "trace.h"

#define MAX_PHDRS 16
#define SHEBANG_MAX 128

/* The argument and environment strings, back to back in one buffer. */
struct exec_args {
    char *buf;
    size_t len;
    int argc, envc;
};

struct image {
    uint64_t entry, phdr, phnum;
    uint64_t start_code, end_code, start_data, end_data, brk;
};

static struct page *vdso_page;

/* The [vdso] page: "li a7, 139 (rt_sigreturn); ecall", where signal handlers return. */
static struct page *vdso(void)
{
    if (!vdso_page) {
        uint32_t *code = alloc_zeroed_page(OWNER_KERNEL);
        if (!code)
            return NULL;
        code[0] = 0x08b00893;
        code[1] = 0x00000073;
        vdso_page = virt_to_page(code);
    }
    return vdso_page;
}

static int args_init(struct exec_args *a)
{
    a->buf = kmalloc(MAXARG_BYTES);
    a->len = 0;
    a->argc = a->envc = 0;
    return a->buf ? 0 : -ENOMEM;
}

static int args_add(struct exec_args *a, const char *s, bool is_env)
{
    size_t n = strlen(s) + 1;
    if (a->len + n > MAXARG_BYTES || a->argc + a->envc >= MAXARGS)
        return -E2BIG;
    memcpy(a->buf + a->len, s, n);
    a->len += n;
    if (is_env)
        a->envc++;
    else
        a->argc++;
    return 0;
}

/* Copies a user NULL-terminated array of strings (argv or envp; NULL is empty). */
static int args_add_user(struct exec_args *a, uint64_t uvec, bool is_env)
{
    for (int i = 0; uvec; i++) {
        uint64_t ustr;
        if (copy_from_user(&ustr, uvec + 8 * i, sizeof ustr) < 0)
            return -EFAULT;
        if (!ustr)
            return 0;
        if (a->argc + a->envc >= MAXARGS)
            return -E2BIG;
        long n = strncpy_from_user(a->buf + a->len, ustr, MAXARG_BYTES - a->len);
        if (n < 0)
            return n == -ENAMETOOLONG ? -E2BIG : (int)n;
        a->len += n + 1;
        if (is_env)
            a->envc++;
        else
            a->argc++;
    }
    return 0;
}

/* The i-th string of the buffer (argv first, then envp). */
static const char *args_string(const struct exec_args *a, int i)
{
    const char *s = a->buf;
    while (i-- > 0)
        s += strlen(s) + 1;
    return s;
}

static int read_exact(struct inode *ip, void *buf, uint64_t off, size_t n)
{
    return inode_read_kernel(ip, buf, off, n) == (ssize_t)n ? 0 : -ENOEXEC;
}

static uint32_t vm_flags(uint32_t pf)
{
    return (pf & PF_R ? VM_READ : 0) | (pf & PF_W ? VM_WRITE : 0) | (pf & PF_X ? VM_EXEC : 0);
}

/* Maps one PT_LOAD segment as Linux's ELF loader does: its file bytes as a private
 * mapping of the file (pages come from the page cache on first touch, copied if
 * written), the rest (.bss) anonymous; the part of .bss that shares the last file
 * page is zeroed, which gives that page a private copy. */
static int load_segment(struct mm *mm, struct inode *ip, const Elf64_Phdr *ph)
{
    if (ph->p_filesz > ph->p_memsz || ph->p_vaddr + ph->p_memsz < ph->p_vaddr ||
        ph->p_vaddr + ph->p_memsz > MMAP_TOP || ph->p_offset + ph->p_filesz > ip->size ||
        ph->p_vaddr % PAGE_SIZE != ph->p_offset % PAGE_SIZE || ph->p_vaddr < USER_MIN)
        return -ENOEXEC;
    uint64_t start = ROUND_DOWN(ph->p_vaddr, PAGE_SIZE);
    uint64_t file_end = ROUND_UP(ph->p_vaddr + ph->p_filesz, PAGE_SIZE);
    uint64_t end = ROUND_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
    if (!range_is_free(mm, start, end))
        return -ENOEXEC;
    struct mmap_req text = {
        .addr = start, .len = file_end - start, .flags = vm_flags(ph->p_flags) | VM_MAYWRITE,
        .fixed = true, .noreplace = true, .file = ip,
        .pgoff = (ph->p_offset - (ph->p_vaddr - start)) / PAGE_SIZE, .path = mm->exe,
    };
    struct mmap_req bss = text;
    bss.addr = file_end;
    bss.len = end - file_end;
    bss.file = NULL;
    bss.pgoff = 0;
    bss.path = NULL;
    long err;
    if ((file_end > start && (err = do_mmap(mm, &text)) < 0) ||
        (end > file_end && (err = do_mmap(mm, &bss)) < 0))
        return (int)err;
    uint64_t bss_start = ph->p_vaddr + ph->p_filesz;
    if (ph->p_memsz > ph->p_filesz && bss_start % PAGE_SIZE)
        return clear_mm_force(mm, bss_start, PAGE_SIZE - bss_start % PAGE_SIZE);
    return 0;
}

/* Loads the executable's segments into mm and describes the result in *img. */
static int load_elf(struct mm *mm, struct inode *ip, struct image *img)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph[MAX_PHDRS];
    if (read_exact(ip, &eh, 0, sizeof eh) < 0 || memcmp(eh.e_ident, "\177ELF", 4) != 0 ||
        eh.e_ident[4] != 2 || eh.e_ident[5] != 1 || eh.e_type != ET_EXEC ||
        eh.e_machine != EM_RISCV || eh.e_phentsize != sizeof(Elf64_Phdr) ||
        eh.e_phnum == 0 || eh.e_phnum > MAX_PHDRS ||
        read_exact(ip, ph, eh.e_phoff, eh.e_phnum * sizeof(Elf64_Phdr)) < 0)
        return -ENOEXEC;
    memset(img, 0, sizeof *img);
    img->entry = eh.e_entry;
    img->phnum = eh.e_phnum;
    img->start_code = img->start_data = ~0UL;
    for (int i = 0; i < eh.e_phnum; i++) {
        if (ph[i].p_type == PT_INTERP)
            return -ENOEXEC;                /* no dynamic linking */
        if (ph[i].p_type == PT_PHDR)
            img->phdr = ph[i].p_vaddr;
        if (ph[i].p_type != PT_LOAD)
            continue;
        int err = load_segment(mm, ip, &ph[i]);
        if (err)
            return err;
        uint64_t end = ph[i].p_vaddr + ph[i].p_memsz;
        if (!img->phdr && eh.e_phoff >= ph[i].p_offset &&
            eh.e_phoff < ph[i].p_offset + ph[i].p_filesz)
            img->phdr = ph[i].p_vaddr + (eh.e_phoff - ph[i].p_offset);
        if (ph[i].p_flags & PF_X) {
            img->start_code = MIN(img->start_code, ph[i].p_vaddr);
            img->end_code = MAX(img->end_code, ph[i].p_vaddr + ph[i].p_filesz);
        } else {
            img->start_data = MIN(img->start_data, ph[i].p_vaddr);
            img->end_data = MAX(img->end_data, ph[i].p_vaddr + ph[i].p_filesz);
        }
        img->brk = MAX(img->brk, end);
    }
    if (!img->brk)
        return -ENOEXEC;
    if (img->start_data == ~0UL)
        img->start_data = img->end_data = img->brk;
    if (img->start_code == ~0UL)
        img->start_code = img->end_code = 0;
    return 0;
}

/* Pushes n bytes below *sp in mm. */
static int push(struct mm *mm, uint64_t *sp, const void *src, size_t n)
{
    *sp -= n;
    return copy_to_mm(mm, *sp, src, n);
}

/* Maps the stack and writes argc, argv, envp, auxv and the strings; sets *sp_out. */
static int setup_stack(struct mm *mm, const struct exec_args *a, const char *path,
                       const struct image *img, uint64_t *sp_out)
{
    uint64_t stack_size = (uint64_t)STACK_PAGES * PAGE_SIZE;
    struct mmap_req stack = {
        .addr = STACK_TOP - stack_size, .len = stack_size, .fixed = true, .noreplace = true,
        .flags = VM_READ | VM_WRITE | VM_MAYWRITE | VM_GROWSDOWN,
    };
    long r = do_mmap(mm, &stack);
    if (r < 0)
        return (int)r;
    int err;
    uint64_t sp = STACK_TOP - 8;               /* a zero word at the very top */
    uint64_t execfn, random;
    if ((err = push(mm, &sp, path, strlen(path) + 1)))
        return err;
    execfn = sp;
    size_t env_bytes = a->len - (args_string(a, a->argc) - a->buf);
    size_t arg_bytes = a->len - env_bytes;
    if (a->len + 1024 > stack_size / 2)
        return -E2BIG;
    if ((err = push(mm, &sp, a->buf, a->len)))  /* argv strings, then envp strings */
        return err;
    mm->arg_start = sp;
    mm->arg_end = mm->env_start = sp + arg_bytes;
    mm->env_end = sp + a->len;
    uint8_t rnd[16];
    get_random_bytes(rnd, sizeof rnd);
    if ((err = push(mm, &sp, rnd, sizeof rnd)))
        return err;
    random = sp;

    uint64_t auxv[][2] = {
        { AT_PHDR, img->phdr }, { AT_PHENT, sizeof(Elf64_Phdr) }, { AT_PHNUM, img->phnum },
        { AT_PAGESZ, PAGE_SIZE }, { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, img->entry },
        { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
        { AT_HWCAP, 1 << ('i' - 'a') | 1 << ('m' - 'a') | 1 << ('a' - 'a') | 1 << ('f' - 'a') |
                    1 << ('d' - 'a') | 1 << ('c' - 'a') },
        { AT_CLKTCK, HZ }, { AT_SECURE, 0 }, { AT_RANDOM, random }, { AT_EXECFN, execfn },
        { AT_NULL, 0 },
    };
    size_t nwords = 1 + a->argc + 1 + a->envc + 1 + 2 * ARRAY_SIZE(auxv);
    sp = ROUND_DOWN(sp - nwords * 8, 16);
    uint64_t *vec = kmalloc(nwords * 8);
    if (!vec)
        return -ENOMEM;
    size_t k = 0;
    const char *str = a->buf;
    vec[k++] = a->argc;
    if (a->argc == 0)
        vec[k++] = 0;                         /* empty argv */
    for (int i = 0; i < a->argc + a->envc; i++) {
        vec[k++] = mm->arg_start + (str - a->buf);
        str += strlen(str) + 1;
        if (i == a->argc - 1)
            vec[k++] = 0;                     /* end of argv */
    }
    vec[k++] = 0;                             /* end of envp */
    memcpy(&vec[k], auxv, sizeof auxv);
    k += 2 * ARRAY_SIZE(auxv);
    err = copy_to_mm(mm, sp, vec, k * 8);
    kfree(vec);
    mm->start_stack = sp;
    *sp_out = sp;
    return err;
}

static const char *basename(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' && p[1])
            b = p + 1;
    return b;
}

/* Builds the new image of t from the file at path; replaces t's address space only
 * when nothing can fail any more. */
static int exec_image(struct task *t, struct inode *ip, const char *path, const struct exec_args *a)
{
    struct mm *mm = mm_create();
    if (!mm)
        return -ENOMEM;
    struct image img;
    uint64_t sp = 0;
    int err = -ENOMEM;
    if (!(mm->exe = kstrdup(path)) || !vdso())
        goto fail;
    if ((err = load_elf(mm, ip, &img)) ||
        (err = install_special_mapping(mm, VDSO_BASE, vdso(), VM_READ | VM_EXEC, "[vdso]")) ||
        (err = setup_stack(mm, a, path, &img, &sp)))
        goto fail;
    mm->start_code = img.start_code;
    mm->end_code = img.end_code;
    mm->start_data = img.start_data;
    mm->end_data = img.end_data;
    mm->start_brk = mm->brk = ROUND_UP(img.brk, PAGE_SIZE);

    /* The other threads go first (they may still use the old image); a descriptor
     * table shared with another process becomes our own. */
    if (t == current && ((err = de_thread()) || (err = files_unshare(t))))
        goto fail;

    /* The point of no return. */
    struct mm *old = t->mm;
    mm_publish(mm);                    /* the reverse map may unmap its pages now */
    spin_lock(&sched_lock);
    t->mm = mm;
    mm->owner = t;
    spin_unlock(&sched_lock);
    if (t == current)
        switch_mm(mm);
    if (old) {
        task_account_mm(t, old);
        mm_put(old);
    }
    strlcpy(t->comm, basename(path), sizeof t->comm);
    if (t == current)
        trace_process(t);
    files_close_on_exec(t);
    signals_on_exec(&t->sig);
    perf_event_exec(t);
    memset(t->tf, 0, sizeof *t->tf);
    t->tf->epc = img.entry;
    t->tf->sp = sp;
    t->tf->status = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE)) | SSTATUS_SPIE;
    fpu_release(t);                    /* FS Off: FP comes back zeroed on first use */
    return 0;
fail:
    mm_destroy(mm);
    return err;
}

/* Reads "#!interpreter [arg]" from the first line of a script; 1 if it is one. */
static int parse_shebang(struct inode *ip, char *interp, char *optarg)
{
    char line[SHEBANG_MAX];
    ssize_t n = inode_read_kernel(ip, line, 0, sizeof line - 1);
    if (n < 2 || line[0] != '#' || line[1] != '!')
        return 0;
    line[n] = 0;
    char *p = line + 2, *end = strchr(p, '\n');
    if (!end)
        return -ENOEXEC;
    *end = 0;
    while (*p == ' ' || *p == '\t')
        p++;
    char *q = p;
    while (*q && *q != ' ' && *q != '\t')
        q++;
    if (q == p)
        return -ENOEXEC;
    char *rest = *q ? q + 1 : q;
    *q = 0;
    strlcpy(interp, p, SHEBANG_MAX);
    while (*rest == ' ' || *rest == '\t')
        rest++;
    for (char *e = rest + strlen(rest); e > rest && (e[-1] == ' ' || e[-1] == '\t'); e--)
        e[-1] = 0;
    strlcpy(optarg, rest, SHEBANG_MAX);
    return 1;
}

static int open_executable(struct task *t, const char *path, struct inode **out)
{
    struct inode *ip, *cwd = cwd_get(t);
    int err = path_lookup(cwd, path, &ip);
    inode_put(cwd);
    if (err)
        return err;
    if (!S_ISREG(ip->mode) || !(ip->mode & 0111)) {
        inode_put(ip);
        return -EACCES;
    }
    *out = ip;
    return 0;
}

/* Runs a script through its interpreter: argv becomes interp [optarg] path argv[1..]. */
static int exec_script(struct task *t, const char *path, const struct exec_args *a,
                       const char *interp, const char *optarg)
{
    struct exec_args b;
    struct inode *ip;
    int err = args_init(&b);
    if (err)
        return err;
    if ((err = args_add(&b, interp, false)) || (*optarg && (err = args_add(&b, optarg, false))) ||
        (err = args_add(&b, path, false)))
        goto out;
    for (int i = 1; i < a->argc + a->envc; i++)
        if ((err = args_add(&b, args_string(a, i), i >= a->argc)))
            goto out;
    if ((err = open_executable(t, interp, &ip)))
        goto out;
    err = exec_image(t, ip, interp, &b);
    inode_put(ip);
out:
    kfree(b.buf);
    return err;
}

static int do_execve(struct task *t, const char *path, const struct exec_args *a)
{
    struct inode *ip;
    char interp[SHEBANG_MAX], optarg[SHEBANG_MAX];
    int err = open_executable(t, path, &ip);
    if (err)
        return err;
    int script = parse_shebang(ip, interp, optarg);
    if (script == 0)
        err = exec_image(t, ip, path, a);
    inode_put(ip);
    if (script < 0)
        return script;
    if (script > 0)
        err = exec_script(t, path, a, interp, optarg);
    return err;
}

long sys_execve(void)
{
    char *path = kmalloc(PATH_MAX);
    struct exec_args a = { NULL, 0, 0, 0 };
    long err = -ENOMEM;
    if (!path || (err = args_init(&a)))
        goto out;
    if ((err = strncpy_from_user(path, arg(0), PATH_MAX)) < 0 ||
        (err = args_add_user(&a, arg(1), false)) < 0 ||
        (err = args_add_user(&a, arg(2), true)) < 0)
        goto out;
    err = do_execve(current, path, &a);
out:
    kfree(path);
    kfree(a.buf);
    return err;
}

static bool is_kernel_param(const char *w)
{
    static const char *const known[] = {
        "console=", "earlycon", "quiet", "debug", "loglevel=", "root=", "ro", "rw", "rdinit=",
        "asid_bits=", "swap=", "reclaim=", "swap_readahead=",
    };
    for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
        size_t n = strlen(known[i]);
        if (strncmp(w, known[i], n) == 0 && (known[i][n - 1] == '=' || !w[n]))
            return true;
    }
    return false;
}

/* PID 1: the program named by init= (with the other plain words as its arguments and
 * NAME=VALUE words as its environment), else the first of Linux's defaults. */
int exec_init(struct task *t, const char *bootargs)
{
    char words[512], *init_path = NULL;
    const char *argv[16], *envp[16];
    int argc = 1, envc = 0;
    strlcpy(words, bootargs, sizeof words);
    for (char *p = words; *p;) {
        while (*p == ' ')
            *p++ = 0;
        if (!*p)
            break;
        char *w = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = 0;
        if (strncmp(w, "init=", 5) == 0)
            init_path = w + 5;
        else if (is_kernel_param(w))
            continue;
        else if (strchr(w, '=') && envc < 14)
            envp[envc++] = w;
        else if (!strchr(w, '=') && argc < 15)
            argv[argc++] = w;
    }
    envp[envc++] = "HOME=/";
    envp[envc++] = "TERM=linux";
    const char *tries[] = { init_path, "/sbin/init", "/etc/init", "/bin/init", "/bin/sh" };
    for (size_t i = 0; i < ARRAY_SIZE(tries); i++) {
        struct exec_args a;
        if (!tries[i] || args_init(&a))
            continue;
        argv[0] = tries[i];
        int err = 0;
        for (int k = 0; k < argc && !err; k++)
            err = args_add(&a, argv[k], false);
        for (int k = 0; k < envc && !err; k++)
            err = args_add(&a, envp[k], true);
        if (!err)
            err = do_execve(t, tries[i], &a);
        kfree(a.buf);
        if (!err)
            return 0;
        printk("init: cannot run %s (error %d)\n", tries[i], -err);
    }
    return -ENOENT;
}
