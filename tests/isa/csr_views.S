/* The supervisor views of machine state and fixed machine facts: misa (RV64 with
 * I M A C S U), mstatus.SXL/UXL = 64-bit, sstatus as a window on mstatus that
 * neither shows nor changes M-only fields, sie/sip as windows on mie/mip limited
 * to delegated interrupts, and mip's M-level bits read-only to CSR writes. */
#include "test.h"

#define ISA_BIT(c) (1 << ((c) - 'A'))
#define M_ONLY_BITS (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | \
                     MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define S_INTS      (MIP_SSIP | MIP_STIP | MIP_SEIP)

TEST_BEGIN
    /* misa: MXL = 2 (64-bit) and the extensions we run on */
    TESTNUM(1)
    csrr a0, misa
    srli a1, a0, 62
    EXPECT(a1, 2)
    TESTNUM(2)
    li t0, ISA_BIT('I') | ISA_BIT('M') | ISA_BIT('A') | ISA_BIT('C') | ISA_BIT('S') | ISA_BIT('U')
    and a1, a0, t0
    EXPECT_REG(a1, t0)
    TESTNUM(3)                                     /* not RV32E */
    andi a1, a0, ISA_BIT('E')
    EXPECT(a1, 0)

    /* mstatus.SXL = UXL = 2; sstatus shows UXL */
    TESTNUM(4)
    csrr a0, mstatus
    srli a0, a0, 32
    andi a0, a0, 0xf
    EXPECT(a0, 0xa)
    TESTNUM(5)
    csrr a0, sstatus
    srli a0, a0, 32
    andi a0, a0, 0xf
    EXPECT(a0, 0x2)

    /* SIE, SPIE, SPP are shared between the two views */
    TESTNUM(10)
    li t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    csrc mstatus, t0
    li t0, MSTATUS_SIE
    csrs sstatus, t0
    csrr a0, mstatus
    andi a0, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    EXPECT(a0, MSTATUS_SIE)
    TESTNUM(11)
    li t0, MSTATUS_SPIE | MSTATUS_SPP
    csrs mstatus, t0
    li t0, MSTATUS_SIE
    csrc mstatus, t0
    csrr a0, sstatus
    andi a0, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    EXPECT(a0, MSTATUS_SPIE | MSTATUS_SPP)
    TESTNUM(12)
    li t0, MSTATUS_SPIE | MSTATUS_SPP
    csrc sstatus, t0
    csrr a0, mstatus
    andi a0, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    EXPECT(a0, 0)

    /* M-only fields do not show in sstatus ... */
    TESTNUM(13)
    li t0, MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
    csrs mstatus, t0
    csrr a0, sstatus
    li t0, M_ONLY_BITS
    and a0, a0, t0
    EXPECT(a0, 0)
    li t0, MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
    csrc mstatus, t0

    /* ... and sstatus writes do not reach them */
    TESTNUM(14)
    li t0, M_ONLY_BITS
    csrs sstatus, t0
    csrr a0, mstatus
    li t0, M_ONLY_BITS
    and a0, a0, t0
    EXPECT(a0, 0)

    /* the same from S-mode itself */
    TEST_IN(15, PRV_S, CAUSE_ECALL_S, li t0, M_ONLY_BITS; csrs sstatus, t0; \
            li t0, MSTATUS_SPIE; csrs sstatus, t0; csrr s0, sstatus)
    TESTNUM(16)
    li t0, M_ONLY_BITS | MSTATUS_SPIE
    and s0, s0, t0
    EXPECT(s0, MSTATUS_SPIE)
    csrr a0, mstatus                  /* (MIE/MPIE/MPP were changed by the traps) */
    li t0, MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_SPIE
    and a0, a0, t0
    EXPECT(a0, MSTATUS_SPIE)
    li t0, MSTATUS_SPIE
    csrc mstatus, t0

    /* sie: only delegated bits are visible and writable */
    csrw mideleg, zero
    TESTNUM(20)
    li t0, S_INTS
    csrw mie, t0
    csrr a0, sie
    EXPECT(a0, 0)
    TESTNUM(21)
    csrw mie, zero
    li t0, S_INTS
    csrs sie, t0
    csrr a0, mie
    EXPECT(a0, 0)
    TESTNUM(22)
    li t0, MIP_SSIP | MIP_STIP
    csrw mideleg, t0
    li t0, S_INTS
    csrw mie, t0
    csrr a0, sie
    li t0, S_INTS
    and a0, a0, t0
    EXPECT(a0, MIP_SSIP | MIP_STIP)
    TESTNUM(23)
    csrw mie, zero
    li t0, S_INTS
    csrs sie, t0
    csrr a0, mie
    EXPECT(a0, MIP_SSIP | MIP_STIP)
    TESTNUM(24)
    li t0, MIP_STIP
    csrc sie, t0
    csrr a0, mie
    EXPECT(a0, MIP_SSIP)
    csrw mie, zero

    /* sip: likewise; SSIP is writable through sip when delegated */
    csrw mideleg, zero
    TESTNUM(30)
    li t0, MIP_SSIP
    csrs mip, t0
    csrr a0, sip
    EXPECT(a0, 0)
    TESTNUM(31)
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrr a0, sip
    andi a0, a0, S_INTS
    EXPECT(a0, MIP_SSIP)
    TESTNUM(32)
    li t0, MIP_SSIP
    csrc sip, t0
    csrr a0, mip
    andi a0, a0, MIP_SSIP
    EXPECT(a0, 0)
    TESTNUM(33)
    li t0, MIP_SSIP
    csrs sip, t0
    csrr a0, mip
    andi a0, a0, MIP_SSIP
    EXPECT(a0, MIP_SSIP)
    li t0, MIP_SSIP
    csrc mip, t0
    TESTNUM(34)                                    /* not delegated: sip writes ignored */
    csrw mideleg, zero
    li t0, MIP_SSIP
    csrs sip, t0
    csrr a0, mip
    andi a0, a0, MIP_SSIP
    EXPECT(a0, 0)
    TESTNUM(35)                                    /* STIP set by M shows in sip if delegated */
    li t0, MIP_STIP
    csrw mideleg, t0
    csrs mip, t0
    csrr a0, sip
    andi a0, a0, S_INTS
    EXPECT(a0, MIP_STIP)
    TESTNUM(36)                                    /* but sip cannot clear it */
    li t0, MIP_STIP
    csrc sip, t0
    csrr a0, mip
    andi a0, a0, MIP_STIP
    EXPECT(a0, MIP_STIP)
    li t0, MIP_STIP
    csrc mip, t0
    csrw mideleg, zero

    /* mip: SSIP, STIP, SEIP are writable from M; MSIP, MTIP, MEIP are not */
    TESTNUM(40)
    li t0, S_INTS
    csrs mip, t0
    csrr a0, mip
    li t1, S_INTS
    and a0, a0, t1
    EXPECT(a0, S_INTS)
    TESTNUM(41)
    csrc mip, t0
    csrr a0, mip
    and a0, a0, t1
    EXPECT(a0, 0)
    TESTNUM(42)
    li t0, MIP_MSIP | MIP_MTIP | MIP_MEIP
    csrs mip, t0
    csrr a0, mip
    and a0, a0, t0
    EXPECT(a0, 0)
TEST_END
