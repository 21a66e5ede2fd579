/* The CLINT machine timer: mtime counts up; mip.MTIP is set exactly while
 * mtime >= mtimecmp; a timer interrupt arrives once mtime reaches a future
 * mtimecmp and goes away when mtimecmp is moved past mtime; mtimecmp and mtime
 * can be accessed as whole doublewords or as 32-bit halves. */
#include "test.h"

#define MTIMECMP_OFF  5000          /* 0.5 ms at 10 MHz */

TEST_BEGIN
    li s11, CLINT_MTIME
    li s10, CLINT_MTIMECMP

    /* mtime advances */
    TESTNUM(1)
    ld s0, 0(s11)
    li t0, 1000000
1:  ld s1, 0(s11)
    bne s1, s0, 2f
    addi t0, t0, -1
    bnez t0, 1b
    j fail
2:  bltu s1, s0, fail

    /* a future mtimecmp: MTIP clear now, set once mtime reaches it */
    TESTNUM(2)
    ld s0, 0(s11)
    li t0, MTIMECMP_OFF
    add s0, s0, t0
    sd s0, 0(s10)
    csrr a0, mip
    andi a0, a0, MIP_MTIP
    EXPECT(a0, 0)
    TESTNUM(3)
    li t0, 100000000
1:  csrr a0, mip
    andi a0, a0, MIP_MTIP
    bnez a0, 2f
    addi t0, t0, -1
    bnez t0, 1b
    j fail
2:  ld s1, 0(s11)
    bltu s1, s0, fail                          /* not before mtimecmp */

    /* moving mtimecmp past mtime clears it */
    TESTNUM(4)
    li t0, -1
    sd t0, 0(s10)
    li t0, 1000000
1:  csrr a0, mip
    andi a0, a0, MIP_MTIP
    beqz a0, 2f
    addi t0, t0, -1
    bnez t0, 1b
    j fail
2:

    /* the interrupt: taken once mtime >= mtimecmp; the hook moves mtimecmp away */
    TESTNUM(10)
    SET_HOOK(mtrap_rec, timer_hook)
    la t0, hook_mtime
    sd zero, 0(t0)
    li t0, MIP_MTIP
    csrw mie, t0
    TRAP_ARM(mtrap_rec)
    ld s0, 0(s11)
    li t0, MTIMECMP_OFF
    add s0, s0, t0
    sd s0, 0(s10)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    li t0, 100000000
1:  la t5, mtrap_rec
    ld t5, TR_COUNT(t5)
    bnez t5, 2f
    addi t0, t0, -1
    bnez t0, 1b
    j fail
2:  li t0, 1000                                /* it does not come back */
1:  addi t0, t0, -1
    bnez t0, 1b
    TRAP_DISARM(mtrap_rec)
    li t0, MSTATUS_MIE
    csrc mstatus, t0
    EXPECT_MTRAP(TR_COUNT, 1)
    EXPECT_MTRAP(TR_CAUSE, CAUSE_IRQ(IRQ_MTI))
    TESTNUM(11)
    la t0, hook_mtime
    ld a0, 0(t0)
    bltu a0, s0, fail                          /* the handler saw mtime >= mtimecmp */
    csrr a0, mie
    EXPECT(a0, MIP_MTIP)                       /* handled by the hook, not masked */
    CLEAR_HOOK(mtrap_rec)
    csrw mie, zero

    /* from U, with MIE = 0, the timer still interrupts */
    TESTNUM(12)
    li t0, MIP_MTIP
    csrw mie, t0
    li t0, MSTATUS_MPIE
    csrc mstatus, t0
    TRAP_ARM(mtrap_rec)
    RESUME_AT(mtrap_rec, 2f)
    ld t0, 0(s11)
    addi t0, t0, 100
    sd t0, 0(s10)
    MRET_TO(PRV_U, 1f)
1:  li t0, 100000000                           /* spin in U until it arrives */
3:  la t5, mtrap_rec
    ld t5, TR_COUNT(t5)
    bnez t5, 4f
    addi t0, t0, -1
    bnez t0, 3b
4:  ecall
2:  TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(IRQ_MTI))
    li t0, -1
    sd t0, 0(s10)
    csrw mie, zero

    /* 32-bit halves of mtimecmp */
    TESTNUM(20)
    li t0, -1
    sw t0, 4(s10)                              /* high half first: never fires */
    li t0, 0x12345678
    sw t0, 0(s10)
    ld a0, 0(s10)
    EXPECT(a0, 0xffffffff12345678)
    TESTNUM(21)
    li t0, 0x00000001
    sw t0, 4(s10)
    lw a0, 4(s10)
    EXPECT(a0, 1)
    lwu a0, 0(s10)
    EXPECT(a0, 0x12345678)
    li t0, -1
    sd t0, 0(s10)

    /* mtime's halves agree with the doubleword */
    TESTNUM(22)
    ld s0, 0(s11)
    lwu a0, 4(s11)
    ld s1, 0(s11)
    srli s0, s0, 32
    srli s1, s1, 32
    bltu a0, s0, fail
    bltu s1, a0, fail
TEST_END

/* Timer hook: note mtime, then push mtimecmp to the far future (t1, t2; jr t0). */
timer_hook:
    li t1, CLINT_MTIME
    ld t1, 0(t1)
    la t2, hook_mtime
    sd t1, 0(t2)
    li t1, CLINT_MTIMECMP
    li t2, -1
    sd t2, 0(t1)
1:  csrr t2, mip
    andi t2, t2, MIP_MTIP
    bnez t2, 1b
    jr t0

    .data
    .align 3
hook_mtime:
    .dword 0
