# Entry for the bare-metal CLI/device test programs: stack, then main(); the return
# value becomes the finisher exit code.
    .section .text.init
    .globl _start
_start:
    la sp, _stack_top
    call main
    slli a0, a0, 16
    li t0, 0x3333
    or a0, a0, t0
    beqz a0, 1f
1:  li t1, 0x100000
    sw a0, 0(t1)
2:  j 2b
