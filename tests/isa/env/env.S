/* Pagoda ISA tests — the environment linked into every test: reset code, the M and
 * S trap handlers with their trap records, the pass/fail exits and the HTIF
 * mailbox (tohost/fromhost). */
#include "test.h"

    .section .text.init, "ax", @progbits
    .global _start
_start:
    /* Known register state: everything zero except what we set below. */
    li x1, 0;  li x2, 0;  li x3, 0;  li x4, 0;  li x5, 0;  li x6, 0;  li x7, 0
    li x8, 0;  li x9, 0;  li x10, 0; li x11, 0; li x12, 0; li x13, 0; li x14, 0
    li x15, 0; li x16, 0; li x17, 0; li x18, 0; li x19, 0; li x20, 0; li x21, 0
    li x22, 0; li x23, 0; li x24, 0; li x25, 0; li x26, 0; li x27, 0; li x28, 0
    li x29, 0; li x30, 0; li x31, 0

    la t0, mtrap_entry
    csrw mtvec, t0
    la t0, mtrap_rec
    csrw mscratch, t0
    la t0, strap_entry
    csrw stvec, t0
    la t0, strap_rec
    csrw sscratch, t0

    csrw mie, zero
    csrw mip, zero
    /* No timer or software interrupt pending (mtimecmp may reset to 0). */
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    csrw medeleg, zero
    csrw mideleg, zero
    csrw satp, zero
    li t0, MSTATUS_MIE | MSTATUS_SIE | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPP | MSTATUS_SPP
    csrc mstatus, t0

    /* One NAPOT entry over the whole address space, RWX: S and U may go anywhere
     * until a test says otherwise. */
    li t0, -1
    csrw pmpaddr0, t0
    li t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrw pmpcfg0, t0

    la sp, stack_top
#ifdef ENV_VM_INIT
    call vm_init            /* tests/vm: build the Sv39 tables, satp on */
#endif
    j test_main

/* ---- Trap handlers ----
 * One body, instantiated for M (mscratch, mret) and S (sscratch, sret). On entry
 * sp is swapped with xscratch, which points at the mode's trap record. */
#define TRAP_HANDLER(name, X, xret, own_mode_bits)                                   \
    .align 6;                                                                       \
    .global name;                                                                   \
name:                                                                               \
    csrrw sp, X##scratch, sp;                                                       \
    sd t0, TR_T0(sp); sd t1, TR_T1(sp); sd t2, TR_T2(sp);                           \
    ld t0, TR_ARMED(sp); beqz t0, trap_unexpected;                                  \
    csrr t0, X##cause; sd t0, TR_CAUSE(sp);                                         \
    csrr t1, X##tval;  sd t1, TR_TVAL(sp);                                          \
    csrr t1, X##epc;   sd t1, TR_EPC(sp);                                           \
    csrr t1, X##status; sd t1, TR_STATUS(sp);                                       \
    ld t1, TR_COUNT(sp); addi t2, t1, 1; sd t2, TR_COUNT(sp);                       \
    li t2, TR_LOG_LEN; bgeu t1, t2, 1f;                                             \
    slli t1, t1, 3; add t1, t1, sp; sd t0, TR_LOG(t1);                              \
1:  bgez t0, 3f;                                                                    \
    /* interrupt: the hook clears the source, or else the interrupt masks itself */ \
    ld t1, TR_HOOK(sp); beqz t1, 2f;                                                \
    jalr t0, t1;                                                                    \
    j 6f;                                                                           \
2:  slli t0, t0, 1; srli t0, t0, 1;                                                 \
    li t1, 1; sll t1, t1, t0; csrc X##ie, t1;                                       \
    j 6f;                                                                           \
3:  /* exception: resume where the test asked, once, in this handler's mode */      \
    ld t1, TR_RESUME(sp); beqz t1, 4f;                                              \
    sd zero, TR_RESUME(sp);                                                         \
    csrw X##epc, t1;                                                                \
    li t1, own_mode_bits; csrs X##status, t1;                                       \
    j 6f;                                                                           \
4:  /* or skip the faulting instruction; a failed fetch cannot be skipped */        \
    li t1, CAUSE_FETCH_ACCESS; bleu t0, t1, trap_unexpected;                        \
    li t1, 12; beq t0, t1, trap_unexpected;                                         \
    csrr t1, X##epc;                                                                \
    lhu t2, 0(t1);                                                                  \
    andi t2, t2, 3; addi t2, t2, -3;                                                \
    addi t1, t1, 2; bnez t2, 5f; addi t1, t1, 2;                                    \
5:  csrw X##epc, t1;                                                                \
6:  ld t0, TR_T0(sp); ld t1, TR_T1(sp); ld t2, TR_T2(sp);                           \
    csrrw sp, X##scratch, sp;                                                       \
    xret

    .text
TRAP_HANDLER(mtrap_entry, m, mret, MSTATUS_MPP)
TRAP_HANDLER(strap_entry, s, sret, MSTATUS_SPP)

/* A trap nobody armed for: fail the current test. */
trap_unexpected:
    j fail

/* ---- Exits through HTIF ----
 * Built with -DEXIT_VIA_SIFIVE_TEST, the exits also poke QEMU virt's test finisher,
 * so the few tests QEMU's spike machine cannot run are checked on QEMU virt. */
#define SIFIVE_TEST 0x100000
    .global pass
pass:
    fence
#ifdef EXIT_VIA_SIFIVE_TEST
    li t0, 0x5555           /* QEMU virt's test finisher: pass */
    li t1, SIFIVE_TEST
    sw t0, 0(t1)
#endif
    li t0, 1
    la t1, tohost
    sd t0, 0(t1)
1:  j 1b

    .global fail
fail:
    fence
    bnez gp, 1f
    li gp, 255              /* failed outside any test case */
1:
#ifdef EXIT_VIA_SIFIVE_TEST
    slli t0, gp, 16         /* QEMU virt's test finisher: fail with gp */
    li t1, 0x3333
    or t0, t0, t1
    li t1, SIFIVE_TEST
    sw t0, 0(t1)
#endif
    slli t0, gp, 1
    ori t0, t0, 1
    la t1, tohost
    sd t0, 0(t1)
2:  j 2b

/* ---- Data ---- */
    .data
    .align 6
    .global mtrap_rec
mtrap_rec:
    .zero TR_SIZE
    .align 6
    .global strap_rec
strap_rec:
    .zero TR_SIZE

    .bss
    .align 4
stack:
    .zero 4096
    .global stack_top
stack_top:

    .section .tohost, "aw", @progbits
    .align 6
    .global tohost
tohost:
    .dword 0
    .size tohost, 8
    .align 6
    .global fromhost
fromhost:
    .dword 0
    .size fromhost, 8
