# Entry of the bare-metal SMP tests: every hart arrives here in M-mode with a0 = its
# hart id (QEMU virt and Pagoda with -bios none, or a program given directly), takes a
# stack of its own and calls hart_main(hartid). Harts beyond NHARTS park.
    .section .text.init
    .globl _start
_start:
    csrw mie, zero
    li t0, NHARTS
    bgeu a0, t0, park
    la sp, _stacks_top
    slli t0, a0, 13                     # 8 KiB per hart
    sub sp, sp, t0
    call hart_main
park:
    wfi
    j park
