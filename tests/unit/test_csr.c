/* CSR rules of the privileged spec (v1.12): access by privilege and read-only bits of
 * the CSR number, views (sstatus, sie, sip), WARL fields, delegation masks, counter
 * enables, and PMP configuration. */
#include "csr.h"
#include "hart.h"
#include "unit.h"

#define MIP_SSIP (1ull << IRQ_SSI)
#define MIP_MSIP (1ull << IRQ_MSI)
#define MIP_STIP (1ull << IRQ_STI)
#define MIP_MTIP (1ull << IRQ_MTI)
#define MIP_SEIP (1ull << IRQ_SEI)
#define MIP_MEIP (1ull << IRQ_MEI)
#define S_INTS   (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define ALL_INTS (S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP)

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_TOR 0x08
#define PMP_NAPOT 0x18
#define PMP_L 0x80

static struct hart *h;

static void setup(void) { h = test_hart_new(); }
static void teardown(void) { test_hart_free(h); }

static uint64_t csr(int num)
{
    uint64_t v = 0xdeadbeef;
    ck_assert_msg(csr_read(h, num, &v), "csr 0x%x does not read", num);
    return v;
}

static void set_csr(int num, uint64_t v)
{
    ck_assert_msg(csr_write(h, num, v), "csr 0x%x does not write", num);
}

static uint64_t mpp(void) { return (csr(CSR_MSTATUS) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT; }

/* ---- access rules from the CSR number ---- */

START_TEST(test_s_mode_cannot_access_m_mode_csr)
{
    hart_set_priv(h, PRV_S);
    ck_assert(!csr_access_ok(h, CSR_MSTATUS, false));
    ck_assert(!csr_access_ok(h, CSR_MSCRATCH, true));
    ck_assert(csr_access_ok(h, CSR_SSCRATCH, true));
}
END_TEST

START_TEST(test_u_mode_cannot_access_s_mode_csr)
{
    hart_set_priv(h, PRV_U);
    ck_assert(!csr_access_ok(h, CSR_SSTATUS, false));
    ck_assert(!csr_access_ok(h, CSR_SATP, false));
}
END_TEST

START_TEST(test_m_mode_accesses_csrs_of_every_level)
{
    ck_assert(csr_access_ok(h, CSR_MSTATUS, true));
    ck_assert(csr_access_ok(h, CSR_SSTATUS, true));
    ck_assert(csr_access_ok(h, CSR_CYCLE, false));
}
END_TEST

START_TEST(test_read_only_csrs_cannot_be_written)
{
    /* bits 11:10 == 3: mhartid, mvendorid, cycle, time */
    static const int ro[] = { CSR_MHARTID, CSR_MVENDORID, CSR_CYCLE, CSR_TIME };
    for (unsigned i = 0; i < sizeof ro / sizeof ro[0]; i++) {
        ck_assert_msg(csr_access_ok(h, ro[i], false), "0x%x not readable", ro[i]);
        ck_assert_msg(!csr_access_ok(h, ro[i], true), "0x%x writable", ro[i]);
    }
}
END_TEST

START_TEST(test_satp_access_in_s_mode_traps_when_tvm_set)
{
    set_csr(CSR_MSTATUS, MSTATUS_TVM);
    hart_set_priv(h, PRV_S);
    ck_assert(!csr_access_ok(h, CSR_SATP, false));
    hart_set_priv(h, PRV_M);
    ck_assert(csr_access_ok(h, CSR_SATP, true));
}
END_TEST

START_TEST(test_unknown_csr_does_not_read)
{
    uint64_t v;
    ck_assert(!csr_read(h, 0x7ff, &v));
    ck_assert(!csr_read(h, 0x5ff, &v));
}
END_TEST

/* ---- mstatus and its sstatus view ---- */

START_TEST(test_sstatus_shows_only_s_fields_of_mstatus)
{
    set_csr(CSR_MSTATUS, MSTATUS_MIE | MSTATUS_MPP | MSTATUS_SIE | MSTATUS_SUM | MSTATUS_TVM);
    uint64_t s = csr(CSR_SSTATUS);
    ck_assert_uint_eq(s & (MSTATUS_MIE | MSTATUS_MPP | MSTATUS_TVM), 0);
    ck_assert_uint_eq(s & (MSTATUS_SIE | MSTATUS_SUM), MSTATUS_SIE | MSTATUS_SUM);
}
END_TEST

START_TEST(test_sstatus_write_changes_only_s_fields)
{
    set_csr(CSR_MSTATUS, MSTATUS_MIE | (3ull << MSTATUS_MPP_SHIFT));
    set_csr(CSR_SSTATUS, ~0ull);
    uint64_t m = csr(CSR_MSTATUS);
    ck_assert_uint_eq(m & (MSTATUS_MIE | MSTATUS_MPP), MSTATUS_MIE | MSTATUS_MPP);
    ck_assert_uint_eq(m & (MSTATUS_MPIE | MSTATUS_MPRV | MSTATUS_TVM | MSTATUS_TW |
                           MSTATUS_TSR), 0);
    uint64_t s_fields = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;
    ck_assert_uint_eq(m & s_fields, s_fields);
    set_csr(CSR_SSTATUS, 0);
    ck_assert_uint_eq(csr(CSR_MSTATUS) & (MSTATUS_MIE | MSTATUS_MPP),
                      MSTATUS_MIE | MSTATUS_MPP);
}
END_TEST

START_TEST(test_mstatus_reports_64_bit_uxl_and_sxl)
{
    uint64_t m = csr(CSR_MSTATUS);
    ck_assert_uint_eq((m >> 32) & 3, 2);
    ck_assert_uint_eq((m >> 34) & 3, 2);
    ck_assert_uint_eq((csr(CSR_SSTATUS) >> 32) & 3, 2);
}
END_TEST

START_TEST(test_mpp_reserved_value_reads_back_legal)
{
    set_csr(CSR_MSTATUS, 2ull << MSTATUS_MPP_SHIFT);
    ck_assert_uint_ne(mpp(), 2);
}
END_TEST

START_TEST(test_mpp_keeps_u_s_and_m)
{
    for (uint64_t p = 0; p < 4; p++) {
        if (p == 2)
            continue;
        set_csr(CSR_MSTATUS, p << MSTATUS_MPP_SHIFT);
        ck_assert_uint_eq(mpp(), p);
    }
}
END_TEST

/* ---- trap vectors, epc ---- */

START_TEST(test_mtvec_reserved_mode_reads_back_legal)
{
    set_csr(CSR_MTVEC, 0x80001000 | 2);
    ck_assert_uint_le(csr(CSR_MTVEC) & 3, 1);
    set_csr(CSR_MTVEC, 0x80001000 | 3);
    ck_assert_uint_le(csr(CSR_MTVEC) & 3, 1);
    ck_assert_uint_eq(csr(CSR_MTVEC) & ~3ull, 0x80001000);
}
END_TEST

START_TEST(test_mtvec_keeps_direct_and_vectored_modes)
{
    set_csr(CSR_MTVEC, 0x80001001);
    ck_assert_uint_eq(csr(CSR_MTVEC), 0x80001001);
    set_csr(CSR_MTVEC, 0x80001000);
    ck_assert_uint_eq(csr(CSR_MTVEC), 0x80001000);
}
END_TEST

START_TEST(test_mepc_and_sepc_write_clears_bit_0)
{
    set_csr(CSR_MEPC, 0x80000003);
    ck_assert_uint_eq(csr(CSR_MEPC), 0x80000002);
    set_csr(CSR_SEPC, 0x80000001);
    ck_assert_uint_eq(csr(CSR_SEPC), 0x80000000);
}
END_TEST

/* ---- satp ---- */

START_TEST(test_satp_write_with_unsupported_mode_is_ignored)
{
    uint64_t sv39 = (8ull << 60) | (5ull << 44) | 0x80123;
    set_csr(CSR_SATP, sv39);
    for (uint64_t mode = 1; mode < 16; mode++) {
        if (mode == 8)
            continue;
        set_csr(CSR_SATP, (mode << 60) | 0x80456);
        ck_assert_msg(csr(CSR_SATP) == sv39, "mode %llu changed satp", (unsigned long long)mode);
    }
}
END_TEST

START_TEST(test_satp_accepts_sv39_and_bare)
{
    uint64_t sv39 = (8ull << 60) | 0x80123;
    set_csr(CSR_SATP, sv39);
    ck_assert_uint_eq(csr(CSR_SATP), sv39);
    set_csr(CSR_SATP, 0);
    ck_assert_uint_eq(csr(CSR_SATP), 0);
}
END_TEST

/* ---- delegation and interrupt registers ---- */

START_TEST(test_medeleg_ecall_from_m_is_read_only_zero)
{
    set_csr(CSR_MEDELEG, ~0ull);
    uint64_t v = csr(CSR_MEDELEG);
    ck_assert_uint_eq(v & (1ull << CAUSE_ECALL_M), 0);
    uint64_t delegable = (1ull << CAUSE_ILLEGAL_INSN) | (1ull << CAUSE_BREAKPOINT) |
                         (1ull << CAUSE_ECALL_U) | (1ull << CAUSE_ECALL_S) |
                         (1ull << CAUSE_FETCH_PAGE_FAULT) | (1ull << CAUSE_LOAD_PAGE_FAULT) |
                         (1ull << CAUSE_STORE_PAGE_FAULT);
    ck_assert_uint_eq(v & delegable, delegable);
}
END_TEST

START_TEST(test_mideleg_holds_only_s_interrupt_bits)
{
    set_csr(CSR_MIDELEG, ~0ull);
    ck_assert_uint_eq(csr(CSR_MIDELEG), S_INTS);
}
END_TEST

START_TEST(test_mie_holds_only_implemented_interrupt_bits)
{
    set_csr(CSR_MIE, ~0ull);
    ck_assert_uint_eq(csr(CSR_MIE), ALL_INTS);
}
END_TEST

START_TEST(test_mip_write_changes_only_s_pending_bits)
{
    set_csr(CSR_MIP, ~0ull);
    ck_assert_uint_eq(csr(CSR_MIP), S_INTS);
    set_csr(CSR_MIP, 0);
    ck_assert_uint_eq(csr(CSR_MIP), 0);
}
END_TEST

START_TEST(test_mip_shows_lines_driven_by_devices)
{
    h->mip_hw = MIP_MTIP | MIP_MEIP;
    ck_assert_uint_eq(csr(CSR_MIP), MIP_MTIP | MIP_MEIP);
    set_csr(CSR_MIP, 0);
    ck_assert_uint_eq(csr(CSR_MIP), MIP_MTIP | MIP_MEIP);
}
END_TEST

START_TEST(test_sie_is_mie_restricted_to_delegated_bits)
{
    set_csr(CSR_MIDELEG, MIP_STIP);
    set_csr(CSR_MIE, MIP_MTIP | MIP_SSIP);
    ck_assert_uint_eq(csr(CSR_SIE), 0);
    set_csr(CSR_SIE, ~0ull);
    ck_assert_uint_eq(csr(CSR_MIE), MIP_MTIP | MIP_SSIP | MIP_STIP);
}
END_TEST

START_TEST(test_sip_write_is_ignored_when_ssip_not_delegated)
{
    set_csr(CSR_SIP, ~0ull);
    ck_assert_uint_eq(csr(CSR_MIP), 0);
}
END_TEST

START_TEST(test_sip_write_changes_only_ssip_when_delegated)
{
    set_csr(CSR_MIDELEG, S_INTS);
    set_csr(CSR_SIP, ~0ull);
    ck_assert_uint_eq(csr(CSR_MIP), MIP_SSIP);
    ck_assert_uint_eq(csr(CSR_SIP), MIP_SSIP);
    set_csr(CSR_SIP, 0);
    ck_assert_uint_eq(csr(CSR_MIP), 0);
}
END_TEST

/* ---- counters ---- */

START_TEST(test_counters_in_s_mode_need_mcounteren)
{
    hart_set_priv(h, PRV_S);
    ck_assert(!csr_access_ok(h, CSR_CYCLE, false));
    ck_assert(!csr_access_ok(h, CSR_TIME, false));
    set_csr(CSR_MCOUNTEREN, 1u << 1);                 /* TM only */
    ck_assert(!csr_access_ok(h, CSR_CYCLE, false));
    ck_assert(csr_access_ok(h, CSR_TIME, false));
    ck_assert(!csr_access_ok(h, CSR_INSTRET, false));
}
END_TEST

START_TEST(test_counters_in_u_mode_need_mcounteren_and_scounteren)
{
    hart_set_priv(h, PRV_U);
    set_csr(CSR_MCOUNTEREN, 7);
    ck_assert(!csr_access_ok(h, CSR_CYCLE, false));
    set_csr(CSR_SCOUNTEREN, 7);
    ck_assert(csr_access_ok(h, CSR_CYCLE, false));
    set_csr(CSR_MCOUNTEREN, 0);
    ck_assert(!csr_access_ok(h, CSR_CYCLE, false));
}
END_TEST

START_TEST(test_counters_in_m_mode_ignore_the_enables)
{
    ck_assert(csr_access_ok(h, CSR_CYCLE, false));
    ck_assert(csr_access_ok(h, CSR_INSTRET, false));
    ck_assert(csr_access_ok(h, CSR_HPMCOUNTER3 + 28, false));
}
END_TEST

START_TEST(test_hpmcounter_access_uses_its_own_enable_bit)
{
    hart_set_priv(h, PRV_S);
    set_csr(CSR_MCOUNTEREN, 1u << 31);
    ck_assert(csr_access_ok(h, 0xc1f, false));         /* hpmcounter31 */
    ck_assert(!csr_access_ok(h, 0xc1e, false));
}
END_TEST

/* ---- misa ---- */

START_TEST(test_misa_is_rv64_imafdcsu)
{
    uint64_t expect = (2ull << 62) | (1u << ('A' - 'A')) | (1u << ('C' - 'A')) |
                      (1u << ('D' - 'A')) | (1u << ('F' - 'A')) |
                      (1u << ('I' - 'A')) | (1u << ('M' - 'A')) | (1u << ('S' - 'A')) |
                      (1u << ('U' - 'A'));
    ck_assert_uint_eq(csr(CSR_MISA), expect);
}
END_TEST

START_TEST(test_misa_write_is_ignored)
{
    uint64_t before = csr(CSR_MISA);
    set_csr(CSR_MISA, 0);
    ck_assert_uint_eq(csr(CSR_MISA), before);
}
END_TEST

/* ---- PMP ---- */

START_TEST(test_pmpcfg_r0_w1_reads_back_legal)
{
    set_csr(CSR_PMPCFG0, PMP_W | (uint64_t)(PMP_W | PMP_X) << 8);
    uint64_t v = csr(CSR_PMPCFG0);
    ck_assert_uint_ne(v & 3, PMP_W);
    ck_assert_uint_ne((v >> 8) & 3, PMP_W);
}
END_TEST

START_TEST(test_pmpcfg_reserved_bits_read_zero)
{
    set_csr(CSR_PMPCFG0, 0x60 | PMP_R);
    ck_assert_uint_eq(csr(CSR_PMPCFG0) & 0xff, PMP_R);
}
END_TEST

START_TEST(test_pmpcfg_holds_eight_entries_per_even_register)
{
    set_csr(CSR_PMPCFG0 + 2, 0x0101010101010101ull);
    ck_assert_uint_eq(csr(CSR_PMPCFG0 + 2), 0x0101010101010101ull);
    ck_assert_uint_eq(h->pmp.cfg[8], PMP_R);
    ck_assert_uint_eq(h->pmp.cfg[15], PMP_R);
}
END_TEST

START_TEST(test_odd_pmpcfg_does_not_exist_on_rv64)
{
    uint64_t v;
    ck_assert(!csr_read(h, CSR_PMPCFG0 + 1, &v));
    ck_assert(!csr_write(h, CSR_PMPCFG0 + 1, 0));
}
END_TEST

START_TEST(test_locked_pmp_entry_ignores_writes)
{
    set_csr(CSR_PMPADDR0, 0x20000000);
    set_csr(CSR_PMPCFG0, PMP_L | PMP_NAPOT | PMP_R);
    set_csr(CSR_PMPCFG0, 0);
    set_csr(CSR_PMPADDR0, 0x12345);
    ck_assert_uint_eq(csr(CSR_PMPCFG0) & 0xff, PMP_L | PMP_NAPOT | PMP_R);
    ck_assert_uint_eq(csr(CSR_PMPADDR0), 0x20000000);
}
END_TEST

START_TEST(test_locked_tor_entry_locks_the_address_below_it)
{
    set_csr(CSR_PMPADDR0, 0x20000000);
    set_csr(CSR_PMPCFG0, (uint64_t)(PMP_L | PMP_TOR | PMP_R) << 8);
    set_csr(CSR_PMPADDR0, 0x12345);
    ck_assert_uint_eq(csr(CSR_PMPADDR0), 0x20000000);
}
END_TEST

START_TEST(test_unlocked_pmp_entry_next_to_locked_one_stays_writable)
{
    set_csr(CSR_PMPCFG0, PMP_L | PMP_R);
    set_csr(CSR_PMPCFG0, PMP_L | PMP_R | (uint64_t)(PMP_NAPOT | PMP_R | PMP_W) << 8);
    ck_assert_uint_eq((csr(CSR_PMPCFG0) >> 8) & 0xff, PMP_NAPOT | PMP_R | PMP_W);
}
END_TEST

START_TEST(test_pmpaddr_holds_54_bits)
{
    set_csr(CSR_PMPADDR0, ~0ull);
    ck_assert_uint_eq(csr(CSR_PMPADDR0), (1ull << 54) - 1);
}
END_TEST

Suite *csr_suite(void)
{
    Suite *s = suite_create("csr");
    TCase *tc = tcase_create("access");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_s_mode_cannot_access_m_mode_csr);
    tcase_add_test(tc, test_u_mode_cannot_access_s_mode_csr);
    tcase_add_test(tc, test_m_mode_accesses_csrs_of_every_level);
    tcase_add_test(tc, test_read_only_csrs_cannot_be_written);
    tcase_add_test(tc, test_satp_access_in_s_mode_traps_when_tvm_set);
    tcase_add_test(tc, test_unknown_csr_does_not_read);
    suite_add_tcase(s, tc);

    tc = tcase_create("status");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_sstatus_shows_only_s_fields_of_mstatus);
    tcase_add_test(tc, test_sstatus_write_changes_only_s_fields);
    tcase_add_test(tc, test_mstatus_reports_64_bit_uxl_and_sxl);
    tcase_add_test(tc, test_mpp_reserved_value_reads_back_legal);
    tcase_add_test(tc, test_mpp_keeps_u_s_and_m);
    tcase_add_test(tc, test_mtvec_reserved_mode_reads_back_legal);
    tcase_add_test(tc, test_mtvec_keeps_direct_and_vectored_modes);
    tcase_add_test(tc, test_mepc_and_sepc_write_clears_bit_0);
    tcase_add_test(tc, test_satp_write_with_unsupported_mode_is_ignored);
    tcase_add_test(tc, test_satp_accepts_sv39_and_bare);
    tcase_add_test(tc, test_misa_is_rv64_imafdcsu);
    tcase_add_test(tc, test_misa_write_is_ignored);
    suite_add_tcase(s, tc);

    tc = tcase_create("interrupts");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_medeleg_ecall_from_m_is_read_only_zero);
    tcase_add_test(tc, test_mideleg_holds_only_s_interrupt_bits);
    tcase_add_test(tc, test_mie_holds_only_implemented_interrupt_bits);
    tcase_add_test(tc, test_mip_write_changes_only_s_pending_bits);
    tcase_add_test(tc, test_mip_shows_lines_driven_by_devices);
    tcase_add_test(tc, test_sie_is_mie_restricted_to_delegated_bits);
    tcase_add_test(tc, test_sip_write_is_ignored_when_ssip_not_delegated);
    tcase_add_test(tc, test_sip_write_changes_only_ssip_when_delegated);
    suite_add_tcase(s, tc);

    tc = tcase_create("counters");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_counters_in_s_mode_need_mcounteren);
    tcase_add_test(tc, test_counters_in_u_mode_need_mcounteren_and_scounteren);
    tcase_add_test(tc, test_counters_in_m_mode_ignore_the_enables);
    tcase_add_test(tc, test_hpmcounter_access_uses_its_own_enable_bit);
    suite_add_tcase(s, tc);

    tc = tcase_create("pmp");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_pmpcfg_r0_w1_reads_back_legal);
    tcase_add_test(tc, test_pmpcfg_reserved_bits_read_zero);
    tcase_add_test(tc, test_pmpcfg_holds_eight_entries_per_even_register);
    tcase_add_test(tc, test_odd_pmpcfg_does_not_exist_on_rv64);
    tcase_add_test(tc, test_locked_pmp_entry_ignores_writes);
    tcase_add_test(tc, test_locked_tor_entry_locks_the_address_below_it);
    tcase_add_test(tc, test_unlocked_pmp_entry_next_to_locked_one_stays_writable);
    tcase_add_test(tc, test_pmpaddr_holds_54_bits);
    suite_add_tcase(s, tc);
    return s;
}
