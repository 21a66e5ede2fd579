/* The commit log's line rules, as Spike's execute.cc and csrs.cc make them: writes
 * ordered by (number << 4 | kind), one entry per register, writes through views under
 * the machine register, no entry for writes that change nothing, no line for a trap. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "bus.h"
#include "csr.h"
#include "hart.h"
#include "trace.h"
#include "unit.h"

#define PC TEST_RAM_BASE

static struct hart *h;
static struct tracer tr;
static char *text;
static size_t text_len;

static void setup(void)
{
    h = test_hart_new();
    tr = (struct tracer){ .commit_log = true };
    tr.out = open_memstream(&text, &text_len);
    ck_assert(tr.out);
    h->tracer = &tr;
}

static void teardown(void)
{
    fclose(tr.out);
    free(text);
    test_hart_free(h);
}

/* Runs the bracket the run loop puts around an instruction (bits at PC), with body
 * standing for what the handler does, and returns the line printed. */
#define COMMIT(bits, body) do { \
        uint32_t insn_ = (bits); \
        ck_assert(bus_copy_in(h->bus, PC, &insn_, 4)); \
        trace_before(h, PC); \
        body; \
        h->instret++; \
        trace_after(h, PC + 4); \
        fflush(tr.out); \
    } while (0)

START_TEST(test_writes_are_ordered_by_number_then_kind)
{
    /* addi x2, x0, 5; the other writes stand for what F/D instructions add: f1 and
     * fflags (c1) fall between x1 and x2, mstatus after every register. */
    COMMIT(0x00500113, {
        ck_assert(csr_write(h, CSR_MSTATUS, 0));
        h->fflags = 1;                     /* fflags exists now: its value is read back */
        trace_reg(h, TRACE_CSR, 1, 0);
        h->x[2] = 5;
        trace_reg(h, TRACE_FREG, 1, 0xffffffff3f800000ull);
        trace_reg(h, TRACE_XREG, 1, 7);
    });
    ck_assert_str_eq(text, "core   0: 3 0x0000000080000000 (0x00500113)"
                     " x1  0x0000000000000007 f1  0xffffffff3f800000"
                     " c1_fflags 0x0000000000000001 x2  0x0000000000000005"
                     " c768_mstatus 0x0000000a00000000\n");
}
END_TEST

START_TEST(test_views_log_the_machine_register_once)
{
    /* csrrw x0, sstatus, x0 stands for an instruction writing through every view. */
    ck_assert(csr_write(h, CSR_MIDELEG, 0x222));
    COMMIT(0x10001073, {
        ck_assert(csr_write(h, CSR_SSTATUS, 2));
        ck_assert(csr_write(h, CSR_SSTATUS, 0x100));    /* SPP: the last value wins */
        ck_assert(csr_write(h, CSR_SIE, 0x20));
        ck_assert(csr_write(h, CSR_SIP, 0x2));
    });
    ck_assert_str_eq(text, "core   0: 3 0x0000000080000000 (0x10001073)"
                     " c768_mstatus 0x0000000a00000100 c772_mie 0x0000000000000020"
                     " c836_mip 0x0000000000000002\n");
}
END_TEST

START_TEST(test_writes_that_change_nothing_are_not_logged)
{
    ck_assert(csr_write(h, CSR_PMPCFG0, 0x80 | 0x18 | 7));   /* entry 0 locked */
    COMMIT(0x3b001073, {
        ck_assert(csr_write(h, CSR_PMPADDR0, 0x1234));       /* locked */
        ck_assert(csr_write(h, CSR_PMPADDR0 + 20, 1));        /* no such entry */
        ck_assert(csr_write(h, CSR_PMPCFG0 + 4, 0x1f));       /* entries 16..23 */
        ck_assert(csr_write(h, CSR_MCOUNTINHIBIT, 5));        /* CY, IR: hardwired zero */
    });
    ck_assert_str_eq(text, "core   0: 3 0x0000000080000000 (0x3b001073)\n");
}
END_TEST

START_TEST(test_counter_write_logs_the_value_written)
{
    /* The value is read once the instruction has retired: the one written. */
    COMMIT(0xb0001073, ck_assert(csr_write(h, CSR_MINSTRET, 1000)));
    ck_assert_str_eq(text, "core   0: 3 0x0000000080000000 (0xb0001073)"
                     " c2818_minstret 0x00000000000003e8\n");
}
END_TEST

START_TEST(test_store_value_printed_at_its_width)
{
    COMMIT(0x00b50023, {                                    /* sb a1, 0(a0) */
        trace_mem(h, 0x80001000, 0x8899aabbccddeeffull, 1, true);
        trace_mem(h, 0x80001002, 0x8899aabbccddeeffull, 2, true);
        trace_mem(h, 0x80001004, 0x8899aabbccddeeffull, 4, true);
        trace_mem(h, 0x80001008, 0x8899aabbccddeeffull, 8, true);
        trace_mem(h, 0x80001010, 0, 4, false);              /* loads come first */
    });
    ck_assert_str_eq(text, "core   0: 3 0x0000000080000000 (0x00b50023)"
                     " mem 0x0000000080001010"
                     " mem 0x0000000080001000 0xff mem 0x0000000080001002 0xeeff"
                     " mem 0x0000000080001004 0xccddeeff"
                     " mem 0x0000000080001008 0x8899aabbccddeeff\n");
}
END_TEST

START_TEST(test_trapping_instruction_prints_nothing)
{
    COMMIT(0x00000073, {                                    /* ecall */
        ck_assert(csr_write(h, CSR_MSCRATCH, 1));
        hart_trap(h, PC, CAUSE_ECALL_M, 0);
    });
    ck_assert_uint_eq(text_len, 0);
}
END_TEST

START_TEST(test_xret_logs_mstatus)
{
    ck_assert(csr_write(h, CSR_MSTATUS, 1ull << 11));        /* MPP = S */
    ck_assert(csr_write(h, CSR_MEPC, PC + 0x100));
    COMMIT(0x30200073, csr_mret(h));
    /* mret also writes tcontrol (mte := mpte), listed after mstatus as Spike does */
    ck_assert_str_eq(text, "core   0: 3 0x0000000080000000 (0x30200073)"
                     " c768_mstatus 0x0000000a00000080 c1957_tcontrol 0x0000000000000000\n");
}
END_TEST

Suite *trace_suite(void)
{
    Suite *s = suite_create("trace");
    TCase *tc = tcase_create("commit log");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_writes_are_ordered_by_number_then_kind);
    tcase_add_test(tc, test_views_log_the_machine_register_once);
    tcase_add_test(tc, test_writes_that_change_nothing_are_not_logged);
    tcase_add_test(tc, test_counter_write_logs_the_value_written);
    tcase_add_test(tc, test_store_value_printed_at_its_width);
    tcase_add_test(tc, test_trapping_instruction_prints_nothing);
    tcase_add_test(tc, test_xret_logs_mstatus);
    suite_add_tcase(s, tc);
    return s;
}
