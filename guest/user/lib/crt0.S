/* crt0.S — process entry. The kernel (or qemu-riscv64) starts us at _start with sp at
 * argc, as Linux lays out the initial stack; __libc_start does the rest in C. */
    .section .text._start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    lla gp, __global_pointer$
    .option pop
    mv a0, sp
    andi sp, sp, -16
    call __libc_start
1:  j 1b
