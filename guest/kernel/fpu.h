/* fpu.h — lazy floating-point context. A task starts with sstatus.FS Off: its first
 * F/D instruction traps as illegal, and fpu_first_use() gives it a zeroed FP state and
 * retries. The user's FS lives in tf->status (restored by sret); the f registers of at
 * most one task are in the hart at a time (the owner). A task switched out with FS
 * Dirty has them saved (and becomes Clean); a task switched in gets its registers back
 * only when another task's are in the hart. */
#ifndef FPU_H
#define FPU_H

#include "proc.h"

/* Assembly (fpu_regs.S): hart registers <-> *s. Need FS on in sstatus. */
void fpu_save_regs(struct fpstate *s);
void fpu_load_regs(const struct fpstate *s);

/* An illegal-instruction trap from user mode: true when it was the task's first FP
 * instruction, now enabled (the caller returns to retry it). */
bool fpu_first_use(struct trapframe *tf);
/* The scheduler around a switch: prev leaves the CPU, next gets it. */
void fpu_switch_out(struct task *prev);
void fpu_switch_in(struct task *next);
/* The task's current FP state into *s (saving the hart's registers if Dirty); zeros
 * when the task never used FP. */
void fpu_get(struct task *t, struct fpstate *s);
/* Makes *s the task's FP state (sigreturn): enabled, loaded into the hart. */
void fpu_set(struct task *t, const struct fpstate *s);
/* fork: the child starts with the parent's FP state (and FS). */
void fpu_fork(struct task *parent, struct task *child);
/* execve and exit: FS Off, nothing in the hart belongs to t any more. */
void fpu_release(struct task *t);

#endif
