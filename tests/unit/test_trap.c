/* Trap entry and return (privileged spec §3.1.6, §3.3.2, §4.1.1): delegation through
 * medeleg/mideleg, the xPIE/xIE/xPP stacks, MPRV on return, interrupt priority and
 * enables, and vectored trap targets. Most tests call hart_trap and
 * hart_check_interrupts directly; a few run machine code from RAM with hart_run. */
#include "csr.h"
#include "hart.h"
#include "unit.h"

#define MTVEC 0x80001000ull
#define STVEC 0x80002000ull
#define PC    0x80000100ull
#define CODE  TEST_RAM_BASE

#define MIP(irq) (1ull << (irq))

static struct hart *h;

static void setup(void)
{
    h = test_hart_new();
    h->mtvec = MTVEC;
    h->stvec = STVEC;
    h->pc = PC;
}
static void teardown(void) { test_hart_free(h); }

static uint64_t mpp(void) { return (h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT; }

/* ---- exception delegation ---- */

START_TEST(test_delegated_exception_from_u_mode_goes_to_s_mode)
{
    h->medeleg = 1ull << CAUSE_ECALL_U;
    hart_set_priv(h, PRV_U);
    uint64_t vec = hart_trap(h, PC, CAUSE_ECALL_U, 0);
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_uint_eq(vec, STVEC);
    ck_assert_uint_eq(h->pc, STVEC);
    ck_assert_uint_eq(h->scause, CAUSE_ECALL_U);
    ck_assert_uint_eq(h->sepc, PC);
    ck_assert_uint_eq(h->mstatus & MSTATUS_SPP, 0);
    ck_assert_uint_eq(h->mcause, 0);
}
END_TEST

START_TEST(test_delegated_exception_from_s_mode_stays_in_s_mode)
{
    h->medeleg = 1ull << CAUSE_ILLEGAL_INSN;
    hart_set_priv(h, PRV_S);
    hart_trap(h, PC, CAUSE_ILLEGAL_INSN, 0x5b);
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_uint_eq(h->scause, CAUSE_ILLEGAL_INSN);
    ck_assert_uint_eq(h->stval, 0x5b);
    ck_assert_uint_eq(h->mstatus & MSTATUS_SPP, MSTATUS_SPP);
}
END_TEST

START_TEST(test_exception_in_m_mode_is_never_delegated)
{
    h->medeleg = ~0ull;
    hart_trap(h, PC, CAUSE_ILLEGAL_INSN, 0);
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->pc, MTVEC);
    ck_assert_uint_eq(h->mcause, CAUSE_ILLEGAL_INSN);
    ck_assert_uint_eq(h->scause, 0);
}
END_TEST

START_TEST(test_undelegated_exception_goes_to_m_mode_with_mpp)
{
    h->medeleg = 1ull << CAUSE_BREAKPOINT;
    hart_set_priv(h, PRV_S);
    hart_trap(h, PC, CAUSE_LOAD_PAGE_FAULT, 0x1234);
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->mcause, CAUSE_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(h->mepc, PC);
    ck_assert_uint_eq(h->mtval, 0x1234);
    ck_assert_uint_eq(mpp(), PRV_S);
}
END_TEST

START_TEST(test_trap_to_m_mode_moves_mie_to_mpie)
{
    h->mstatus = MSTATUS_MIE;
    hart_trap(h, PC, CAUSE_BREAKPOINT, 0);
    ck_assert_uint_eq(h->mstatus & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
    hart_trap(h, PC, CAUSE_BREAKPOINT, 0);
    ck_assert_uint_eq(h->mstatus & (MSTATUS_MIE | MSTATUS_MPIE), 0);
}
END_TEST

START_TEST(test_trap_to_s_mode_moves_sie_to_spie_and_keeps_mie)
{
    h->medeleg = 1ull << CAUSE_BREAKPOINT;
    h->mstatus = MSTATUS_SIE | MSTATUS_MIE;
    hart_set_priv(h, PRV_U);
    hart_trap(h, PC, CAUSE_BREAKPOINT, 0);
    ck_assert_uint_eq(h->mstatus & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_MIE),
                      MSTATUS_SPIE | MSTATUS_MIE);
}
END_TEST

/* ---- xRET ---- */

START_TEST(test_mret_restores_mie_from_mpie_and_returns_to_mpp)
{
    h->mstatus = MSTATUS_MPIE | (1ull << MSTATUS_MPP_SHIFT);
    h->mepc = 0x80000400;
    uint64_t pc = csr_mret(h);
    ck_assert_uint_eq(pc, 0x80000400);
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MIE, MSTATUS_MIE);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MPIE, MSTATUS_MPIE);
    ck_assert_uint_eq(mpp(), PRV_U);
}
END_TEST

START_TEST(test_mret_with_mpie_clear_leaves_mie_clear)
{
    h->mstatus = MSTATUS_MIE | (3ull << MSTATUS_MPP_SHIFT);
    csr_mret(h);
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MIE, 0);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MPIE, MSTATUS_MPIE);
}
END_TEST

START_TEST(test_mret_below_m_clears_mprv)
{
    h->mstatus = MSTATUS_MPRV | (0ull << MSTATUS_MPP_SHIFT);
    csr_mret(h);
    ck_assert_int_eq(h->priv, PRV_U);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MPRV, 0);
    ck_assert_int_eq(h->dpriv, PRV_U);
}
END_TEST

START_TEST(test_mret_to_m_keeps_mprv)
{
    h->mstatus = MSTATUS_MPRV | (3ull << MSTATUS_MPP_SHIFT);
    csr_mret(h);
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MPRV, MSTATUS_MPRV);
}
END_TEST

START_TEST(test_sret_restores_sie_from_spie_and_returns_to_spp)
{
    hart_set_priv(h, PRV_S);
    h->mstatus = MSTATUS_SPIE | MSTATUS_SPP;
    h->sepc = 0x80000800;
    uint64_t pc = csr_sret(h);
    ck_assert_uint_eq(pc, 0x80000800);
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_uint_eq(h->mstatus & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP),
                      MSTATUS_SIE | MSTATUS_SPIE);
}
END_TEST

START_TEST(test_sret_to_u_mode_clears_mprv)
{
    hart_set_priv(h, PRV_S);
    h->mstatus = MSTATUS_MPRV;
    csr_sret(h);
    ck_assert_int_eq(h->priv, PRV_U);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MPRV, 0);
}
END_TEST

START_TEST(test_trap_then_mret_round_trips_the_interrupt_enable)
{
    h->mstatus = MSTATUS_MIE;
    hart_set_priv(h, PRV_U);
    hart_trap(h, PC, CAUSE_ECALL_U, 0);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MIE, 0);
    uint64_t pc = csr_mret(h);
    ck_assert_uint_eq(pc, PC);
    ck_assert_int_eq(h->priv, PRV_U);
    ck_assert_uint_eq(h->mstatus & MSTATUS_MIE, MSTATUS_MIE);
}
END_TEST

/* ---- interrupts ---- */

START_TEST(test_interrupt_priority_is_mei_msi_mti_sei_ssi_sti)
{
    static const int order[] = { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI };
    uint64_t pending = 0;
    for (int i = 0; i < 6; i++)
        pending |= MIP(order[i]);
    for (int i = 0; i < 6; i++) {
        hart_set_priv(h, PRV_U);
        h->mie = pending;
        h->mip = pending & (MIP(IRQ_SSI) | MIP(IRQ_STI) | MIP(IRQ_SEI));
        h->mip_hw = pending & (MIP(IRQ_MSI) | MIP(IRQ_MTI) | MIP(IRQ_MEI));
        ck_assert(hart_check_interrupts(h));
        ck_assert_msg(h->mcause == (CAUSE_INTERRUPT | (uint64_t)order[i]),
                      "took cause %llu, want %d", (unsigned long long)(h->mcause & 63),
                      order[i]);
        pending &= ~MIP(order[i]);
    }
}
END_TEST

START_TEST(test_interrupt_sets_cause_bit_63_and_epc_to_pc)
{
    h->mstatus = MSTATUS_MIE;
    h->mie = h->mip_hw = MIP(IRQ_MTI);
    ck_assert(hart_check_interrupts(h));
    ck_assert_uint_eq(h->mcause, CAUSE_INTERRUPT | IRQ_MTI);
    ck_assert_uint_eq(h->mepc, PC);
    ck_assert_uint_eq(h->pc, MTVEC);
}
END_TEST

START_TEST(test_m_interrupt_in_m_mode_needs_mie)
{
    h->mie = h->mip_hw = MIP(IRQ_MTI);
    ck_assert(!hart_check_interrupts(h));
    h->mstatus = MSTATUS_MIE;
    ck_assert(hart_check_interrupts(h));
}
END_TEST

START_TEST(test_interrupt_needs_its_mie_bit)
{
    h->mstatus = MSTATUS_MIE;
    h->mip_hw = MIP(IRQ_MTI);
    h->mie = MIP(IRQ_MSI);
    ck_assert(!hart_check_interrupts(h));
}
END_TEST

START_TEST(test_m_interrupt_taken_in_s_and_u_mode_whatever_mie)
{
    for (int priv = PRV_U; priv <= PRV_S; priv++) {
        hart_set_priv(h, priv);
        h->mstatus = 0;
        h->mie = h->mip_hw = MIP(IRQ_MSI);
        ck_assert_msg(hart_check_interrupts(h), "priv %d", priv);
        ck_assert_int_eq(h->priv, PRV_M);
        ck_assert_uint_eq(mpp(), (uint64_t)priv);
    }
}
END_TEST

START_TEST(test_delegated_interrupt_not_taken_in_m_mode)
{
    h->mideleg = MIP(IRQ_STI);
    h->mie = h->mip = MIP(IRQ_STI);
    h->mstatus = MSTATUS_MIE | MSTATUS_SIE;
    ck_assert(!hart_check_interrupts(h));
    ck_assert_int_eq(h->priv, PRV_M);
}
END_TEST

START_TEST(test_delegated_interrupt_in_s_mode_needs_sie)
{
    h->mideleg = MIP(IRQ_SSI);
    h->mie = h->mip = MIP(IRQ_SSI);
    hart_set_priv(h, PRV_S);
    ck_assert(!hart_check_interrupts(h));
    h->mstatus = MSTATUS_SIE;
    ck_assert(hart_check_interrupts(h));
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_uint_eq(h->scause, CAUSE_INTERRUPT | IRQ_SSI);
    ck_assert_uint_eq(h->pc, STVEC);
}
END_TEST

START_TEST(test_delegated_interrupt_taken_in_u_mode_whatever_sie)
{
    h->mideleg = MIP(IRQ_SEI);
    h->mie = h->mip = MIP(IRQ_SEI);
    hart_set_priv(h, PRV_U);
    ck_assert(hart_check_interrupts(h));
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_uint_eq(h->scause, CAUSE_INTERRUPT | IRQ_SEI);
}
END_TEST

START_TEST(test_m_interrupt_comes_before_a_delegated_one)
{
    h->mideleg = MIP(IRQ_SEI);
    h->mip = MIP(IRQ_SEI);
    h->mip_hw = MIP(IRQ_MTI);
    h->mie = MIP(IRQ_SEI) | MIP(IRQ_MTI);
    hart_set_priv(h, PRV_U);
    ck_assert(hart_check_interrupts(h));
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->mcause, CAUSE_INTERRUPT | IRQ_MTI);
}
END_TEST

/* ---- vectored mode ---- */

START_TEST(test_vectored_mtvec_sends_interrupts_to_base_plus_4_cause)
{
    h->mtvec = MTVEC | 1;
    h->mstatus = MSTATUS_MIE;
    h->mie = h->mip_hw = MIP(IRQ_MTI);
    ck_assert(hart_check_interrupts(h));
    ck_assert_uint_eq(h->pc, MTVEC + 4 * IRQ_MTI);
}
END_TEST

START_TEST(test_vectored_mtvec_sends_exceptions_to_base)
{
    h->mtvec = MTVEC | 1;
    hart_trap(h, PC, CAUSE_ILLEGAL_INSN, 0);
    ck_assert_uint_eq(h->pc, MTVEC);
}
END_TEST

START_TEST(test_vectored_stvec_sends_interrupts_to_base_plus_4_cause)
{
    h->stvec = STVEC | 1;
    h->mideleg = MIP(IRQ_STI);
    h->mie = h->mip = MIP(IRQ_STI);
    hart_set_priv(h, PRV_U);
    ck_assert(hart_check_interrupts(h));
    ck_assert_uint_eq(h->pc, STVEC + 4 * IRQ_STI);
}
END_TEST

/* ---- running code ---- */

/* Lets S and U access all of memory (PMP is otherwise closed to them). */
static void open_pmp(void)
{
    ck_assert(csr_write(h, CSR_PMPADDR0, (1ull << 54) - 1));
    ck_assert(csr_write(h, CSR_PMPCFG0, 0x1f));              /* NAPOT, RWX */
}

static void put32(uint64_t pa, uint32_t insn)
{
    ck_assert(bus_write(h->bus, pa, 4, insn));
}

/* Runs the instruction at CODE in privilege priv; the handler at mtvec (and stvec)
 * is `j .`, so exactly one instruction retires after a trap. */
static void run_one(int priv)
{
    put32(MTVEC, 0x0000006f);
    put32(STVEC, 0x0000006f);
    open_pmp();
    hart_set_priv(h, priv);
    h->pc = CODE;
    hart_run(h, 1);
}

START_TEST(test_ecall_from_u_mode_traps_to_mtvec)
{
    put32(CODE, 0x00000073);                                  /* ecall */
    run_one(PRV_U);
    ck_assert_uint_eq(h->mcause, CAUSE_ECALL_U);
    ck_assert_uint_eq(h->mepc, CODE);
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->pc, MTVEC);
}
END_TEST

START_TEST(test_ecall_from_s_mode_delegated_traps_to_stvec)
{
    h->medeleg = 1ull << CAUSE_ECALL_S;
    put32(CODE, 0x00000073);                                  /* ecall */
    run_one(PRV_S);
    ck_assert_uint_eq(h->scause, CAUSE_ECALL_S);
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_uint_eq(h->pc, STVEC);
}
END_TEST

START_TEST(test_illegal_instruction_reports_its_encoding_in_mtval)
{
    put32(CODE, 0x0000005b);
    run_one(PRV_M);
    ck_assert_uint_eq(h->mcause, CAUSE_ILLEGAL_INSN);
    ck_assert_uint_eq(h->mtval, 0x5b);
}
END_TEST

START_TEST(test_s_mode_reading_m_mode_csr_is_illegal)
{
    put32(CODE, 0x30002573);                                  /* csrrs a0,mstatus,zero */
    run_one(PRV_S);
    ck_assert_uint_eq(h->mcause, CAUSE_ILLEGAL_INSN);
    ck_assert_uint_eq(h->mtval, 0x30002573);
    ck_assert_uint_eq(mpp(), PRV_S);
}
END_TEST

START_TEST(test_mret_in_s_mode_is_illegal)
{
    put32(CODE, 0x30200073);                                  /* mret */
    run_one(PRV_S);
    ck_assert_uint_eq(h->mcause, CAUSE_ILLEGAL_INSN);
    ck_assert_int_eq(h->priv, PRV_M);
}
END_TEST

START_TEST(test_ebreak_reports_its_pc_in_mtval)
{
    put32(CODE, 0x00100073);                                  /* ebreak */
    run_one(PRV_M);
    ck_assert_uint_eq(h->mcause, CAUSE_BREAKPOINT);
    ck_assert_uint_eq(h->mtval, CODE);
}
END_TEST

START_TEST(test_pending_interrupt_is_taken_before_the_next_instruction)
{
    put32(CODE, 0x00000013);                                  /* nop */
    h->mstatus = MSTATUS_MIE;
    h->mie = h->mip_hw = MIP(IRQ_MSI);
    put32(MTVEC, 0x0000006f);
    h->pc = CODE;
    hart_run(h, 1);
    ck_assert_uint_eq(h->mcause, CAUSE_INTERRUPT | IRQ_MSI);
    ck_assert_uint_eq(h->mepc, CODE);
}
END_TEST

/* WFI asks the same question as the run loop: is an interrupt pending and enabled in
 * mie? A device's line (here the machine timer) counts as much as a software bit.
 * Regression test for a fixed bug: WFI looked at the software-writable mip bits only,
 * so a pending MTIP sent the hart to sleep and it woke only on the loop's next test. */
START_TEST(test_wfi_with_a_device_interrupt_pending_does_not_wait)
{
    put32(CODE, 0x10500073);                                  /* wfi */
    h->mie = MIP(IRQ_MTI);
    hart_set_irq(h, IRQ_MTI, true);
    run_one(PRV_M);
    ck_assert(!h->wfi);
    ck_assert_uint_eq(h->pc, CODE + 4);
}
END_TEST

START_TEST(test_wfi_with_nothing_pending_waits)
{
    put32(CODE, 0x10500073);                                  /* wfi */
    h->mie = MIP(IRQ_MTI);
    run_one(PRV_M);
    ck_assert(h->wfi);
    ck_assert(!hart_wakes(h));
    hart_set_irq(h, IRQ_MTI, true);
    ck_assert(hart_wakes(h));
}
END_TEST

Suite *trap_suite(void)
{
    Suite *s = suite_create("trap");
    TCase *tc = tcase_create("exceptions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_delegated_exception_from_u_mode_goes_to_s_mode);
    tcase_add_test(tc, test_delegated_exception_from_s_mode_stays_in_s_mode);
    tcase_add_test(tc, test_exception_in_m_mode_is_never_delegated);
    tcase_add_test(tc, test_undelegated_exception_goes_to_m_mode_with_mpp);
    tcase_add_test(tc, test_trap_to_m_mode_moves_mie_to_mpie);
    tcase_add_test(tc, test_trap_to_s_mode_moves_sie_to_spie_and_keeps_mie);
    suite_add_tcase(s, tc);

    tc = tcase_create("xret");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_mret_restores_mie_from_mpie_and_returns_to_mpp);
    tcase_add_test(tc, test_mret_with_mpie_clear_leaves_mie_clear);
    tcase_add_test(tc, test_mret_below_m_clears_mprv);
    tcase_add_test(tc, test_mret_to_m_keeps_mprv);
    tcase_add_test(tc, test_sret_restores_sie_from_spie_and_returns_to_spp);
    tcase_add_test(tc, test_sret_to_u_mode_clears_mprv);
    tcase_add_test(tc, test_trap_then_mret_round_trips_the_interrupt_enable);
    suite_add_tcase(s, tc);

    tc = tcase_create("interrupts");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_interrupt_priority_is_mei_msi_mti_sei_ssi_sti);
    tcase_add_test(tc, test_interrupt_sets_cause_bit_63_and_epc_to_pc);
    tcase_add_test(tc, test_m_interrupt_in_m_mode_needs_mie);
    tcase_add_test(tc, test_interrupt_needs_its_mie_bit);
    tcase_add_test(tc, test_m_interrupt_taken_in_s_and_u_mode_whatever_mie);
    tcase_add_test(tc, test_delegated_interrupt_not_taken_in_m_mode);
    tcase_add_test(tc, test_delegated_interrupt_in_s_mode_needs_sie);
    tcase_add_test(tc, test_delegated_interrupt_taken_in_u_mode_whatever_sie);
    tcase_add_test(tc, test_m_interrupt_comes_before_a_delegated_one);
    tcase_add_test(tc, test_vectored_mtvec_sends_interrupts_to_base_plus_4_cause);
    tcase_add_test(tc, test_vectored_mtvec_sends_exceptions_to_base);
    tcase_add_test(tc, test_vectored_stvec_sends_interrupts_to_base_plus_4_cause);
    suite_add_tcase(s, tc);

    tc = tcase_create("run");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_ecall_from_u_mode_traps_to_mtvec);
    tcase_add_test(tc, test_ecall_from_s_mode_delegated_traps_to_stvec);
    tcase_add_test(tc, test_illegal_instruction_reports_its_encoding_in_mtval);
    tcase_add_test(tc, test_s_mode_reading_m_mode_csr_is_illegal);
    tcase_add_test(tc, test_mret_in_s_mode_is_illegal);
    tcase_add_test(tc, test_ebreak_reports_its_pc_in_mtval);
    tcase_add_test(tc, test_pending_interrupt_is_taken_before_the_next_instruction);
    tcase_add_test(tc, test_wfi_with_a_device_interrupt_pending_does_not_wait);
    tcase_add_test(tc, test_wfi_with_nothing_pending_waits);
    suite_add_tcase(s, tc);
    return s;
}
