/* Interrupt priority: among pending and enabled interrupts, M-mode takes
 * MEI > MSI > MTI > SEI > SSI > STI (MEI needs an interrupt controller and is not
 * raised here). All five at once are taken in that order, each handler masking
 * its own bit; then pairs pin each step. QEMU 7.2 orders by cause number unless
 * its AIA is enabled, so test-isa-qemu runs this one with x-smaia/x-ssaia on. */
#include "test.h"

#define ALL_INTS (MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP)

/* Poll mip until (mip & mask) == mask, failing after a bounded wait. */
#define WAIT_MIP(mask) \
    li t1, 1000000; li t2, mask; \
7700: csrr t0, mip; and t0, t0, t2; beq t0, t2, 7701f; addi t1, t1, -1; bnez t1, 7700b; j fail; 7701:

#define QUIET_ALL \
    csrw mie, zero; li t0, MSTATUS_MIE; csrc mstatus, t0; \
    li t0, CLINT_MSIP; sw zero, 0(t0); li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0); \
    li t0, MIP_SSIP | MIP_STIP | MIP_SEIP; csrc mip, t0

TEST_BEGIN
    csrw mideleg, zero

    /* all five pending and enabled: taken in priority order as each masks itself */
    TESTNUM(10)
    li t0, ALL_INTS
    csrw mie, t0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrs mip, t0
    WAIT_MIP(ALL_INTS)
    TRAP_ARM(mtrap_rec)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
1:  nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 5)
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(IRQ_MSI))
    EXPECT_MTRAP(TR_LOG + 8, CAUSE_IRQ(IRQ_MTI))
    EXPECT_MTRAP(TR_LOG + 16, CAUSE_IRQ(IRQ_SEI))
    EXPECT_MTRAP(TR_LOG + 24, CAUSE_IRQ(IRQ_SSI))
    EXPECT_MTRAP(TR_LOG + 32, CAUSE_IRQ(IRQ_STI))
    EXPECT_TRAP_ADDR(mtrap_rec, TR_EPC, 1b)
    QUIET_ALL

    /* pairs, to pin each step of the order */
#define TEST_PAIR(n, first, second) \
    TESTNUM(n); \
    li t0, (1 << first) | (1 << second); csrw mie, t0; \
    li t0, (1 << first) | (1 << second); csrs mip, t0; \
    TRAP_ARM(mtrap_rec); li t0, MSTATUS_MIE; csrs mstatus, t0; nop; TRAP_DISARM(mtrap_rec); \
    EXPECT_MTRAP(TR_COUNT, 2); \
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(first)); EXPECT_MTRAP(TR_LOG + 8, CAUSE_IRQ(second)); \
    QUIET_ALL
    TEST_PAIR(11, IRQ_SEI, IRQ_SSI)
    TEST_PAIR(12, IRQ_SSI, IRQ_STI)
    TEST_PAIR(13, IRQ_SEI, IRQ_STI)

    /* MSI over MTI, through the CLINT */
    TESTNUM(14)
    li t0, MIP_MSIP | MIP_MTIP
    csrw mie, t0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    WAIT_MIP(MIP_MSIP | MIP_MTIP)
    TRAP_ARM(mtrap_rec)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 2)
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(IRQ_MSI))
    EXPECT_MTRAP(TR_LOG + 8, CAUSE_IRQ(IRQ_MTI))
    QUIET_ALL

    /* MTI over SEI */
    TESTNUM(15)
    li t0, MIP_MTIP | MIP_SEIP
    csrw mie, t0
    li t0, MIP_SEIP
    csrs mip, t0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)
    WAIT_MIP(MIP_MTIP)
    TRAP_ARM(mtrap_rec)
    li t0, MSTATUS_MIE
    csrs mstatus, t0
    nop
    TRAP_DISARM(mtrap_rec)
    EXPECT_MTRAP(TR_COUNT, 2)
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(IRQ_MTI))
    EXPECT_MTRAP(TR_LOG + 8, CAUSE_IRQ(IRQ_SEI))
    QUIET_ALL

    /* M-level over S-level, even the lowest M over the highest S shown here */
#define TEST_M_OVER_S(n, m_irq, m_source, s_irq) \
    TESTNUM(n); \
    li t0, (1 << m_irq) | (1 << s_irq); csrw mie, t0; \
    li t0, (1 << s_irq); csrs mip, t0; \
    m_source; WAIT_MIP(1 << m_irq); \
    TRAP_ARM(mtrap_rec); li t0, MSTATUS_MIE; csrs mstatus, t0; nop; TRAP_DISARM(mtrap_rec); \
    EXPECT_MTRAP(TR_COUNT, 2); \
    EXPECT_MTRAP(TR_LOG + 0, CAUSE_IRQ(m_irq)); EXPECT_MTRAP(TR_LOG + 8, CAUSE_IRQ(s_irq)); \
    QUIET_ALL
#define RAISE_MSIP li t0, CLINT_MSIP; li t1, 1; sw t1, 0(t0)
#define RAISE_MTIP li t0, CLINT_MTIMECMP; sd zero, 0(t0)
    TEST_M_OVER_S(20, IRQ_MSI, RAISE_MSIP, IRQ_SSI)
    TEST_M_OVER_S(21, IRQ_MSI, RAISE_MSIP, IRQ_STI)
    TEST_M_OVER_S(22, IRQ_MTI, RAISE_MTIP, IRQ_SSI)
    TEST_M_OVER_S(23, IRQ_MTI, RAISE_MTIP, IRQ_STI)
    TEST_M_OVER_S(24, IRQ_MTI, RAISE_MTIP, IRQ_SEI)
TEST_END
