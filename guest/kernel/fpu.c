/* fpu.c — lazy floating-point context (see fpu.h): first use by trap, save on switch
 * only when Dirty, restore only when another task's registers are in the hart, and
 * the FP state of signal frames, fork and exec. Each hart has its own registers: a
 * task's are in hart h only if h's owner is the task and the task was last loaded
 * on h (t->fpu_cpu), since it may have run, and changed them, elsewhere meanwhile. */
#include "fpu.h"
#include "kernel.h"
#include "mm.h"
#include "riscv.h"

#define FS_OFF   (0UL << 13)
#define FS_CLEAN (2UL << 13)
#define FS_DIRTY (3UL << 13)

/* Whether this hart's f registers are t's. */
static bool in_hart(const struct task *t)
{
    struct cpu *c = mycpu();
    return c->fpu_owner == t && t->fpu_cpu == c->id + 1;
}

/* The hart's FS while the kernel moves registers: on, then back as it was. */
static uint64_t fs_on(void)
{
    uint64_t old = csr_read(sstatus) & SSTATUS_FS;
    csr_set(sstatus, FS_CLEAN);
    return old;
}

static void fs_restore(uint64_t old)
{
    csr_clear(sstatus, SSTATUS_FS);
    csr_set(sstatus, old);
}

static uint64_t user_fs(struct task *t) { return t->tf->status & SSTATUS_FS; }
static void set_user_fs(struct task *t, uint64_t fs)
{
    t->tf->status = (t->tf->status & ~SSTATUS_FS) | fs;
}

/* The hart's registers into t->fp when they are t's and changed since loaded. */
static void save_if_dirty(struct task *t)
{
    if (!in_hart(t) || user_fs(t) != FS_DIRTY)
        return;
    uint64_t old = fs_on();
    fpu_save_regs(&t->fp);
    fs_restore(old);
    set_user_fs(t, FS_CLEAN);
    cpu_stats()->fpu_saves++;
}

static void load(struct task *t)
{
    uint64_t old = fs_on();
    fpu_load_regs(&t->fp);
    fs_restore(old);
    struct cpu *c = mycpu();
    c->fpu_owner = t;
    t->fpu_cpu = c->id + 1;
    cpu_stats()->fpu_restores++;
}

/* F/D encodings: LOAD-FP, STORE-FP, the FMAs, OP-FP, a CSR instruction on fflags, frm
 * or fcsr, and the compressed c.fld, c.fsd, c.fldsp, c.fsdsp. */
static bool is_fp_insn(uint32_t insn)
{
    if ((insn & 3) != 3) {
        uint32_t q = insn & 3, f3 = (insn >> 13) & 7;
        return (q == 0 || q == 2) && (f3 == 1 || f3 == 5);
    }
    uint32_t op = insn & 0x7f;
    if (op == 0x07 || op == 0x27 || op == 0x43 || op == 0x47 || op == 0x4b ||
        op == 0x4f || op == 0x53)
        return true;
    uint32_t csr = insn >> 20;
    return op == 0x73 && ((insn >> 12) & 3) != 0 && csr >= 1 && csr <= 3;
}

bool fpu_first_use(struct trapframe *tf)
{
    struct task *t = current;
    if ((tf->status & SSTATUS_FS) != FS_OFF)
        return false;
    uint32_t insn = (uint32_t)tf->badaddr;
    if (!insn) {                      /* stval need not hold the bits: read them */
        uint16_t half[2] = { 0, 0 };
        if (copy_from_user(half, tf->epc, 2) < 0)
            return false;
        if ((half[0] & 3) == 3 && copy_from_user(&half[1], tf->epc + 2, 2) < 0)
            return false;
        insn = half[0] | (uint32_t)half[1] << 16;
    }
    if (!is_fp_insn(insn))
        return false;
    memset(&t->fp, 0, sizeof t->fp);
    load(t);
    set_user_fs(t, FS_CLEAN);
    cpu_stats()->fpu_first_use_traps++;
    return true;
}

void fpu_switch_out(struct task *prev)
{
    if (prev->tf)
        save_if_dirty(prev);
}

void fpu_switch_in(struct task *next)
{
    if (next->tf && user_fs(next) != FS_OFF && !in_hart(next))
        load(next);
}

void fpu_get(struct task *t, struct fpstate *s)
{
    if (user_fs(t) == FS_OFF) {
        memset(s, 0, sizeof *s);
        return;
    }
    save_if_dirty(t);
    *s = t->fp;
}

void fpu_set(struct task *t, const struct fpstate *s)
{
    static const struct fpstate zero;
    if (user_fs(t) == FS_OFF && !memcmp(s, &zero, sizeof zero))
        return;                       /* never used FP, and the frame says nothing else */
    t->fp = *s;
    t->fp.fcsr &= 0xff;
    load(t);
    set_user_fs(t, FS_CLEAN);
}

void fpu_fork(struct task *parent, struct task *child)
{
    save_if_dirty(parent);
    child->fp = parent->fp;
    if (user_fs(child) != FS_OFF)     /* child->tf is the parent's: Off or Clean now */
        set_user_fs(child, FS_CLEAN);
}

void fpu_release(struct task *t)
{
    /* A hart still naming t as its owner is harmless: a task struct reused at the
     * same address starts with fpu_cpu 0, which no hart matches. */
    if (mycpu()->fpu_owner == t)
        mycpu()->fpu_owner = NULL;
    t->fpu_cpu = 0;
    memset(&t->fp, 0, sizeof t->fp);
    if (t->tf)
        set_user_fs(t, FS_OFF);
}
