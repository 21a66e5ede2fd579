/* Runtime shared by every differential-test program: sets up the machine, loads the
 * program's initial registers and scratch buffer, runs diff_body, then prints all
 * registers (x, then f and fcsr), mscratch and the buffer as hex lines on the UART and
 * powers off. FP is on (mstatus.FS Dirty) with fcsr from the program.
 * The generated program provides diff_init_regs (32 quads: mscratch, then x1..x31),
 * diff_init_fregs (32 quads: f0..f31, then fcsr),
 * diff_init_buf (4096 bytes) and diff_body, which ends with `j diff_end`.
 * Invariant kept by generated code: s0 = diff_buf, s1 = diff_buf+2048, sp = diff_buf+3072. */

    .equ UART_BASE, 0x10000000
    .equ UART_LSR, 5
    .equ LSR_THRE, 0x20
    .equ FINISHER, 0x100000
    .equ FINISHER_PASS, 0x5555
    .equ BUF_SIZE, 4096
    .equ REGSAVE, -256          /* register save area sits right below diff_buf */
    .equ FREGSAVE, -512         /* and the f registers' below it */

    .option norelax

    .section .text.start, "ax"
    .globl _start
_start:
    auipc t0, 0
    la t1, entry_pc
    sd t0, 0(t1)
    la t0, trap_entry
    csrw mtvec, t0
    /* Copy the initial buffer image into the scratch buffer. */
    la t0, diff_init_buf
    la t1, diff_buf
    li t2, BUF_SIZE
1:  ld t3, 0(t0)
    sd t3, 0(t1)
    addi t0, t0, 8
    addi t1, t1, 8
    addi t2, t2, -8
    bnez t2, 1b
    li t0, 3 << 13              /* mstatus.FS = Dirty */
    csrs mstatus, t0
    la x31, diff_init_fregs
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld f\n, \n*8(x31)
    .endr
    ld t0, 32*8(x31)
    csrw fcsr, t0
    la x31, diff_init_regs
    ld t0, 0(x31)
    csrw mscratch, t0
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
    ld x\n, \n*8(x31)
    .endr
    ld x31, 31*8(x31)
    la s0, diff_buf
    la s1, diff_buf + 2048
    la sp, diff_buf + 3072
    j diff_body

    .text
/* Normal end of a program: save registers and dump. diff_stop is the same but says
 * "stop" first; run.py moves it through a failing program to find where it diverges. */
    .globl diff_end, diff_stop
diff_end:
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\n, REGSAVE+\n*8(s0)
    .endr
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd f\n, FREGSAVE+\n*8(s0)
    .endr
    la s2, diff_buf
    la sp, dump_stack_top
    j dump
diff_stop:
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\n, REGSAVE+\n*8(s0)
    .endr
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd f\n, FREGSAVE+\n*8(s0)
    .endr
    la s2, diff_buf
    la sp, dump_stack_top
    la a0, str_stop
    call puts
    j dump

/* Any trap ends the program too: say why, then dump the registers as they were. */
    .balign 4
trap_entry:
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\n, REGSAVE+\n*8(s0)
    .endr
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd f\n, FREGSAVE+\n*8(s0)
    .endr
    la s2, diff_buf
    la sp, dump_stack_top
    la a0, str_trap
    call puts
    csrr a0, mcause
    call put_hex64
    call put_space
    csrr a0, mepc
    call put_hex64
    call put_space
    csrr a0, mtval
    call put_hex64
    call put_nl

/* s2 = diff_buf. Prints "start", x1..x31, mscratch, the buffer, "end"; powers off. */
dump:
    la a0, str_start
    call puts
    la a0, entry_pc
    ld a0, 0(a0)
    call put_hex64
    call put_nl
    li s3, 1                    /* register number */
2:  li a0, 'x'
    call putc
    mv a0, s3
    call put_dec2
    call put_space
    slli t0, s3, 3
    add t0, t0, s2
    ld a0, REGSAVE(t0)
    call put_hex64
    call put_nl
    addi s3, s3, 1
    li t0, 32
    bne s3, t0, 2b
    li s3, 0                    /* f register number */
7:  li a0, 'f'
    call putc
    mv a0, s3
    call put_dec2
    call put_space
    slli t0, s3, 3
    add t0, t0, s2
    ld a0, FREGSAVE(t0)
    call put_hex64
    call put_nl
    addi s3, s3, 1
    li t0, 32
    bne s3, t0, 7b
    la a0, str_fcsr
    call puts
    csrr a0, fcsr
    li a1, 2
    call put_hexn
    call put_nl
    la a0, str_mscratch
    call puts
    csrr a0, mscratch
    call put_hex64
    call put_nl
    li s3, 0                    /* buffer offset */
3:  li a0, 'b'
    call putc
    mv a0, s3
    li a1, 3
    call put_hexn
    call put_space
    li s4, 0
4:  add t0, s2, s3
    add t0, t0, s4
    lbu a0, 0(t0)
    li a1, 2
    call put_hexn
    addi s4, s4, 1
    li t0, 32
    bne s4, t0, 4b
    call put_nl
    addi s3, s3, 32
    li t0, BUF_SIZE
    bne s3, t0, 3b
    la a0, str_end
    call puts
    li t0, FINISHER
    li t1, FINISHER_PASS
    sw t1, 0(t0)
5:  wfi
    j 5b

/* putc(a0): waits for THRE, then writes the byte. Clobbers t0, t1. */
putc:
    li t0, UART_BASE
1:  lbu t1, UART_LSR(t0)
    andi t1, t1, LSR_THRE
    beqz t1, 1b
    sb a0, 0(t0)
    ret

put_space:
    li a0, ' '
    j putc
put_nl:
    li a0, '\n'
    j putc

/* puts(a0): NUL-terminated string. */
puts:
    addi sp, sp, -16
    sd ra, 0(sp)
    sd s5, 8(sp)
    mv s5, a0
1:  lbu a0, 0(s5)
    beqz a0, 2f
    call putc
    addi s5, s5, 1
    j 1b
2:  ld ra, 0(sp)
    ld s5, 8(sp)
    addi sp, sp, 16
    ret

put_hex64:
    li a1, 16
/* put_hexn(a0, a1): the low a1 hex digits of a0, most significant first. */
put_hexn:
    addi sp, sp, -32
    sd ra, 0(sp)
    sd s5, 8(sp)
    sd s6, 16(sp)
    mv s5, a0
    slli s6, a1, 2
1:  addi s6, s6, -4
    srl a0, s5, s6
    andi a0, a0, 15
    addi a0, a0, '0'
    li t0, '9'
    ble a0, t0, 2f
    addi a0, a0, 'a' - '0' - 10
2:  call putc
    bnez s6, 1b
    ld ra, 0(sp)
    ld s5, 8(sp)
    ld s6, 16(sp)
    addi sp, sp, 32
    ret

/* put_dec2(a0): 0..99 as decimal without leading zero; no M-extension ops, so a
 * broken divider cannot garble the register names. */
put_dec2:
    addi sp, sp, -16
    sd ra, 0(sp)
    sd s5, 8(sp)
    mv s5, a0
    li a0, '0'
    li t0, 10
1:  blt s5, t0, 2f
    addi s5, s5, -10
    addi a0, a0, 1
    j 1b
2:  li t0, '0'
    beq a0, t0, 3f
    call putc
3:  addi a0, s5, '0'
    call putc
    ld ra, 0(sp)
    ld s5, 8(sp)
    addi sp, sp, 16
    ret

    .section .rodata
str_start:    .asciz "start "
str_stop:     .asciz "stop\n"
str_trap:     .asciz "trap "
str_mscratch: .asciz "mscratch "
str_fcsr:     .asciz "fcsr "
str_end:      .asciz "end\n"

    .data
    .balign 8
entry_pc:   .quad 0
    .balign 4096
    .space 4096 + FREGSAVE
    .globl diff_buf
diff_buf:
    .space BUF_SIZE
    .space 256                  /* stack for the dump routines, apart from the buffer */
dump_stack_top:
