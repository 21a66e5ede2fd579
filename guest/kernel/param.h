/* param.h — the kernel's tunable limits and its fixed virtual address layout. */
#ifndef PARAM_H
#define PARAM_H

#define PAGE_SIZE   4096UL
#define PAGE_SHIFT  12

/* Sv39, as Linux lays it out: user space is the lower half, [0, USER_TOP); the kernel
 * lives in the upper half, where PAGE_OFFSET + pa maps every physical address below
 * 256 GiB (devices in the first GiB, then all RAM). The kernel image is linked there. */
#define PAGE_OFFSET 0xffffffc000000000UL
#define USER_TOP    0x0000004000000000UL

#define STACK_TOP   USER_TOP              /* initial user stack grows down from here */
#define STACK_PAGES 32                    /* 128 KiB, mapped at exec */
#define MMAP_TOP    (STACK_TOP - 0x8000000UL)   /* mmap hands out addresses below this */
#define USER_MIN    0x10000UL             /* lowest address mmap or ELF may map */

#define NPROC       512       /* task limit, PID 0 (idle) excluded */
#define NOFILE      32        /* open files per process */
#define HZ          100       /* timer ticks per second */
#define KSTACK_ORDER 2        /* kernel stack: 4 pages */
#define KSTACK_SIZE (PAGE_SIZE << KSTACK_ORDER)
#define MAXARG_BYTES (64 * 1024)  /* argv + envp strings in execve */
#define MAXARGS     1024
#define PATH_MAX    4096
#define NAME_MAX    255
#define PIPE_SIZE   4096

#endif
