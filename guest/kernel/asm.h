/* asm.h — constants shared by assembly and C: layout of the trap frame and of the
 * fields of struct task that the trap entry reads. */
#ifndef ASM_H
#define ASM_H

#define PAGE_OFFSET 0xffffffc000000000

/* struct trapframe: x1..x31 at 8*(n-1), then the CSRs. */
#define TF_EPC     (31 * 8)
#define TF_STATUS  (32 * 8)
#define TF_BADADDR (33 * 8)
#define TF_CAUSE   (34 * 8)
#define TF_SIZE    (36 * 8)

/* struct task: its first two fields. */
#define TASK_KERNEL_SP 0
#define TASK_USER_SP   8

#endif
