# Entry for the bare-metal platform test: stack, then main(); a non-zero return value
# becomes the finisher's failure code, zero powers off with success.
    .section .text.init
    .globl _start
_start:
    la sp, _stack_top
    call main
    li t0, 0x5555
    beqz a0, 1f
    slli a0, a0, 16
    li t0, 0x3333
    or t0, a0, t0
1:  li t1, 0x100000
    sw t0, 0(t1)
2:  j 2b
