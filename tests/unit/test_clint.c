/* CLINT through the bus, on the icount clock (10 instructions per mtime tick): mtime
 * follows retired instructions, mtimecmp drives MTIP exactly at the deadline, msip
 * drives MSIP, and the 64-bit registers are accessible as 32-bit halves. */
#include "clock.h"
#include "csr.h"
#include "dev/clint.h"
#include "hart.h"
#include "unit.h"

#define MSIP     (CLINT_BASE + 0x0000)
#define MTIMECMP (CLINT_BASE + 0x4000)
#define MTIME    (CLINT_BASE + 0xbff8)
#define MIP_MSIP (1ull << IRQ_MSI)
#define MIP_MTIP (1ull << IRQ_MTI)
#define MIP_STIP (1ull << IRQ_STI)
#define MIP_SSIP (1ull << IRQ_SSI)

static struct hart *h;
static struct clock clk;
static struct clint clint;

static uint64_t read_mtime(void *ctx) { return clock_mtime(ctx); }
static uint64_t retired(void *ctx) { return ((struct hart *)ctx)->instret; }

/* Wired as the machine wires them: the hart reads the CLINT's clock. */
static void setup(void)
{
    h = test_hart_new();
    clock_init(&clk, true, retired, h);
    h->read_time = read_mtime;
    h->time_ctx = &clk;
    clint_init(&clint, h->bus, &clk);
}
static void teardown(void) { test_hart_free(h); }

static uint64_t load(uint64_t pa, int size)
{
    uint64_t v = 0xdeadbeef;
    ck_assert_msg(bus_read(h->bus, pa, size, &v), "read %d at %llx", size,
                  (unsigned long long)pa);
    return v;
}

static void store(uint64_t pa, int size, uint64_t v)
{
    ck_assert_msg(bus_write(h->bus, pa, size, v), "write %d at %llx", size,
                  (unsigned long long)pa);
}

/* Retires n more instructions as far as the clock can tell. */
static void retire(uint64_t n) { h->instret += n; }

START_TEST(test_mtime_advances_one_tick_per_ten_instructions)
{
    ck_assert_uint_eq(load(MTIME, 8), 0);
    retire(9);
    ck_assert_uint_eq(load(MTIME, 8), 0);
    retire(1);
    ck_assert_uint_eq(load(MTIME, 8), 1);
    retire(1000);
    ck_assert_uint_eq(load(MTIME, 8), 101);
}
END_TEST

START_TEST(test_mtime_write_sets_the_time_and_it_keeps_counting)
{
    store(MTIME, 8, 1000000);
    ck_assert_uint_eq(load(MTIME, 8), 1000000);
    retire(20);
    ck_assert_uint_eq(load(MTIME, 8), 1000002);
}
END_TEST

START_TEST(test_mtimecmp_resets_to_never)
{
    ck_assert_uint_eq(load(MTIMECMP, 8), UINT64_MAX);
    hart_update_timers(h);
    ck_assert_uint_eq(h->mip_hw & MIP_MTIP, 0);
    ck_assert_uint_eq(hart_next_deadline(h, 0), UINT64_MAX);
}
END_TEST

START_TEST(test_mtip_rises_exactly_at_mtimecmp)
{
    store(MTIMECMP, 8, 5);
    retire(49);                                 /* mtime 4 */
    hart_update_timers(h);
    ck_assert_uint_eq(h->mip_hw & MIP_MTIP, 0);
    retire(1);                                  /* mtime 5 */
    hart_update_timers(h);
    ck_assert_uint_eq(h->mip_hw & MIP_MTIP, MIP_MTIP);
}
END_TEST

START_TEST(test_mtimecmp_write_in_the_past_raises_mtip_at_once)
{
    retire(100);
    store(MTIMECMP, 8, 3);
    ck_assert_uint_eq(h->mip_hw & MIP_MTIP, MIP_MTIP);
}
END_TEST

START_TEST(test_mtimecmp_write_in_the_future_clears_mtip)
{
    store(MTIMECMP, 8, 0);
    ck_assert_uint_eq(h->mip_hw & MIP_MTIP, MIP_MTIP);
    store(MTIMECMP, 8, 1000);
    ck_assert_uint_eq(h->mip_hw & MIP_MTIP, 0);
}
END_TEST

START_TEST(test_mtip_change_stops_the_run_loop)
{
    h->limit = 12345;
    store(MTIMECMP, 8, 0);
    ck_assert_uint_eq(h->limit, 0);
}
END_TEST

START_TEST(test_next_deadline_is_mtimecmp)
{
    store(MTIMECMP, 8, 777);
    ck_assert_uint_eq(hart_next_deadline(h, 0), 777);
}
END_TEST

/* With Sstc on, the hart's next deadline is the earlier of mtimecmp and stimecmp; the
 * CLINT knows only mtimecmp. */
START_TEST(test_next_deadline_includes_stimecmp_with_sstc)
{
    store(MTIMECMP, 8, 777);
    ck_assert(csr_write(h, CSR_STIMECMP, 500));
    ck_assert_uint_eq(hart_next_deadline(h, 0), 777);          /* STCE off: ignored */
    ck_assert(csr_write(h, CSR_MENVCFG, 1ull << 63));
    ck_assert_uint_eq(hart_next_deadline(h, 0), 500);
    ck_assert(csr_write(h, CSR_STIMECMP, 900));
    ck_assert_uint_eq(hart_next_deadline(h, 0), 777);
}
END_TEST

/* A deadline already passed is not the next one: with stimecmp passed (STIP up, masked
 * by a kernel that cleared sie.STIE) the next is mtimecmp, and with both passed there
 * is none. The idle skip of --clock icount stood still on a passed one (SMP Linux with
 * every hart in WFI). */
START_TEST(test_next_deadline_skips_a_passed_one)
{
    store(MTIMECMP, 8, 777);
    ck_assert(csr_write(h, CSR_MENVCFG, 1ull << 63));
    ck_assert(csr_write(h, CSR_STIMECMP, 500));
    ck_assert_uint_eq(hart_next_deadline(h, 499), 500);
    ck_assert_uint_eq(hart_next_deadline(h, 500), 777);
    ck_assert_uint_eq(hart_next_deadline(h, 600), 777);
    ck_assert_uint_eq(hart_next_deadline(h, 777), UINT64_MAX);
    store(MTIMECMP, 8, 400);
    ck_assert_uint_eq(hart_next_deadline(h, 450), 500);
}
END_TEST

START_TEST(test_msip_write_raises_and_clears_msip)
{
    store(MSIP, 4, 1);
    ck_assert_uint_eq(h->mip_hw & MIP_MSIP, MIP_MSIP);
    ck_assert_uint_eq(load(MSIP, 4), 1);
    store(MSIP, 4, 0);
    ck_assert_uint_eq(h->mip_hw & MIP_MSIP, 0);
}
END_TEST

START_TEST(test_msip_holds_only_bit_0)
{
    store(MSIP, 4, 0xfffffffe);
    ck_assert_uint_eq(load(MSIP, 4), 0);
    ck_assert_uint_eq(h->mip_hw & MIP_MSIP, 0);
}
END_TEST

START_TEST(test_msip_of_a_missing_hart_is_an_access_fault)
{
    uint64_t v;
    ck_assert(!bus_read(h->bus, MSIP + 4, 4, &v));
    ck_assert(!bus_write(h->bus, MSIP + 4, 4, 1));
}
END_TEST

START_TEST(test_mtimecmp_halves_are_written_separately)
{
    store(MTIMECMP, 4, 0x89abcdef);
    store(MTIMECMP + 4, 4, 0x01234567);
    ck_assert_uint_eq(load(MTIMECMP, 8), 0x0123456789abcdefull);
    ck_assert_uint_eq(load(MTIMECMP, 4), 0x89abcdef);
    ck_assert_uint_eq(load(MTIMECMP + 4, 4), 0x01234567);
}
END_TEST

START_TEST(test_mtime_halves_are_readable_and_writable)
{
    store(MTIME, 8, 0x0000000500000007ull);
    ck_assert_uint_eq(load(MTIME, 4), 7);
    ck_assert_uint_eq(load(MTIME + 4, 4), 5);
    store(MTIME + 4, 4, 9);
    ck_assert_uint_eq(load(MTIME, 8), 0x0000000900000007ull);
}
END_TEST

START_TEST(test_time_csr_follows_mtime)
{
    retire(300);
    uint64_t t;
    ck_assert(csr_read(h, CSR_TIME, &t));
    ck_assert_uint_eq(t, load(MTIME, 8));
}
END_TEST

/* Sstc: with menvcfg.STCE, STIP is (mtime >= stimecmp).
 * Regression test for a fixed bug (emu/csr.c, csr_write, case CSR_STIMECMP): the write only stores the value;
 * STIP keeps its old level until the machine loop next updates the timers, so a
 * handler that moves stimecmp into the future still sees STIP (and takes the timer
 * interrupt again) for the rest of the slice. Keep this test. */
START_TEST(test_stimecmp_write_in_the_future_clears_stip_at_once)
{
    ck_assert(csr_write(h, CSR_MENVCFG, 1ull << 63));
    ck_assert(csr_write(h, CSR_STIMECMP, 0));
    hart_update_timers(h);
    uint64_t mip;
    ck_assert(csr_read(h, CSR_MIP, &mip));
    ck_assert_uint_eq(mip & MIP_STIP, MIP_STIP);
    ck_assert(csr_write(h, CSR_STIMECMP, 1000));
    ck_assert(csr_read(h, CSR_MIP, &mip));
    ck_assert_uint_eq(mip & MIP_STIP, 0);
}
END_TEST

/* Regression test for a fixed bug (emu/csr.c, csr_write, case CSR_MIP): M-mode's
 * read-modify-write of mip (the firmware's csrs mip, SSIP when it passes an IPI on)
 * read STIP raised by stimecmp and wrote it back into the software bit, so STIP stayed
 * pending after stimecmp moved into the future: an idle Pagoda OS hart took the timer
 * interrupt forever. Keep this test. */
START_TEST(test_mip_read_modify_write_does_not_latch_a_hardware_stip)
{
    ck_assert(csr_write(h, CSR_MENVCFG, 1ull << 63));
    ck_assert(csr_write(h, CSR_STIMECMP, 0));
    hart_update_timers(h);
    uint64_t mip;
    ck_assert(csr_read(h, CSR_MIP, &mip));
    ck_assert_uint_eq(mip & MIP_STIP, MIP_STIP);
    ck_assert(csr_write(h, CSR_MIP, mip | MIP_SSIP));
    ck_assert(csr_write(h, CSR_STIMECMP, UINT64_MAX));
    ck_assert(csr_read(h, CSR_MIP, &mip));
    ck_assert_uint_eq(mip & (MIP_STIP | MIP_SSIP), MIP_SSIP);
}
END_TEST

/* Without Sstc, M-mode passes the timer on by setting STIP itself: it stays writable. */
START_TEST(test_mip_stip_is_writable_without_sstc)
{
    uint64_t mip;
    ck_assert(csr_write(h, CSR_MIP, MIP_STIP));
    ck_assert(csr_read(h, CSR_MIP, &mip));
    ck_assert_uint_eq(mip & MIP_STIP, MIP_STIP);
    ck_assert(csr_write(h, CSR_MIP, 0));
    ck_assert(csr_read(h, CSR_MIP, &mip));
    ck_assert_uint_eq(mip & MIP_STIP, 0);
}
END_TEST

Suite *clint_suite(void)
{
    Suite *s = suite_create("clint");
    TCase *tc = tcase_create("timer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_mtime_advances_one_tick_per_ten_instructions);
    tcase_add_test(tc, test_mtime_write_sets_the_time_and_it_keeps_counting);
    tcase_add_test(tc, test_mtimecmp_resets_to_never);
    tcase_add_test(tc, test_mtip_rises_exactly_at_mtimecmp);
    tcase_add_test(tc, test_mtimecmp_write_in_the_past_raises_mtip_at_once);
    tcase_add_test(tc, test_mtimecmp_write_in_the_future_clears_mtip);
    tcase_add_test(tc, test_mtip_change_stops_the_run_loop);
    tcase_add_test(tc, test_next_deadline_is_mtimecmp);
    tcase_add_test(tc, test_next_deadline_includes_stimecmp_with_sstc);
    tcase_add_test(tc, test_next_deadline_skips_a_passed_one);
    tcase_add_test(tc, test_mtimecmp_halves_are_written_separately);
    tcase_add_test(tc, test_mtime_halves_are_readable_and_writable);
    tcase_add_test(tc, test_time_csr_follows_mtime);
    tcase_add_test(tc, test_stimecmp_write_in_the_future_clears_stip_at_once);
    tcase_add_test(tc, test_mip_read_modify_write_does_not_latch_a_hardware_stip);
    tcase_add_test(tc, test_mip_stip_is_writable_without_sstc);
    suite_add_tcase(s, tc);

    tc = tcase_create("msip");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_msip_write_raises_and_clears_msip);
    tcase_add_test(tc, test_msip_holds_only_bit_0);
    tcase_add_test(tc, test_msip_of_a_missing_hart_is_an_access_fault);
    suite_add_tcase(s, tc);
    return s;
}
