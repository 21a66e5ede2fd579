/* S-mode entry of the remote-fence test: the boot hart arrives at _start (a0 =
 * hartid), a hart started through SBI HSM at secondary_entry (a0 = hartid, a1 =
 * opaque). Each takes an 8 KiB stack of its own and calls s_main(hartid, a1, boot). */
    .section .text.entry, "ax"
    .globl _start
_start:
    li a2, 1
    j 1f
    .globl secondary_entry
secondary_entry:
    li a2, 0
1:  la sp, _stacks_top
    slli t0, a0, 13
    sub sp, sp, t0
    call s_main
2:  wfi
    j 2b
