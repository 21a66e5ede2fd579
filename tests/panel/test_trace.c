/* The trace device through the bus, as the guest kernel sees it: ID and version,
 * 64-bit arguments written whole or as 32-bit halves, fault and swap-out counts,
 * frame reports clipped to RAM, process names read with bounds, and refusals. */
#include <string.h>

#include "bus.h"
#include "dev/trace.h"
#include "unit.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define PPN(pa)  ((pa) >> 12)

static struct bus bus;
static struct trace_dev t;

static void setup(void)
{
    memset(&t, 0, sizeof t);
    ck_assert(bus_init(&bus, RAM_BASE, RAM_SIZE));
    trace_dev_init(&t, &bus);
}

static void teardown(void)
{
    trace_dev_free(&t);
    bus_free(&bus);
}

static uint64_t rd(uint64_t off, int size)
{
    uint64_t v = 0xdead;
    ck_assert(bus_read(&bus, TRACE_BASE + off, size, &v));
    return v;
}

static void wr(uint64_t off, int size, uint64_t v)
{
    ck_assert(bus_write(&bus, TRACE_BASE + off, size, v));
}

static void event(uint64_t kind, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    wr(TRACE_REG_ARG0, 8, a0);
    wr(TRACE_REG_ARG0 + 8, 8, a1);
    wr(TRACE_REG_ARG0 + 16, 8, a2);
    wr(TRACE_REG_ARG0 + 24, 8, a3);
    wr(TRACE_REG_EVENT, 4, kind);
}

START_TEST(test_trace_id_and_version_read_back)
{
    ck_assert_uint_eq(rd(TRACE_REG_ID, 4), TRACE_MAGIC);
    ck_assert_uint_eq(rd(TRACE_REG_VERSION, 4), TRACE_VERSION);
    ck_assert_uint_eq(rd(TRACE_REG_ID, 8), (uint64_t)TRACE_VERSION << 32 | TRACE_MAGIC);
    wr(TRACE_REG_ID, 4, 0);                         /* read-only: ignored */
    ck_assert_uint_eq(rd(TRACE_REG_ID, 4), TRACE_MAGIC);
}
END_TEST

START_TEST(test_trace_arguments_take_32_bit_halves)
{
    wr(TRACE_REG_ARG0 + 8, 8, 0x1122334455667788ull);
    ck_assert_uint_eq(rd(TRACE_REG_ARG0 + 8, 8), 0x1122334455667788ull);
    wr(TRACE_REG_ARG0 + 8, 4, 0xaabbccdd);          /* low word: clears the high one */
    ck_assert_uint_eq(rd(TRACE_REG_ARG0 + 8, 8), 0xaabbccddull);
    wr(TRACE_REG_ARG0 + 12, 4, 0x01020304);
    ck_assert_uint_eq(rd(TRACE_REG_ARG0 + 8, 8), 0x01020304aabbccddull);
    ck_assert_uint_eq(rd(TRACE_REG_ARG0 + 12, 4), 0x01020304);
}
END_TEST

START_TEST(test_trace_counts_faults_by_kind_and_swapouts)
{
    event(TRACE_EV_FAULT, TRACE_FAULT_ZERO, 0x1000, 7, 0);
    event(TRACE_EV_FAULT, TRACE_FAULT_ZERO, 0x2000, 7, 0);
    event(TRACE_EV_FAULT, TRACE_FAULT_SEGV, 0, 7, 0);
    event(TRACE_EV_SWAPOUT, PPN(RAM_BASE), 3, 7, 0);
    event(TRACE_EV_OOM_KILL, 9, 1234, 0, 0);
    ck_assert_uint_eq(t.faults[TRACE_FAULT_ZERO], 2);
    ck_assert_uint_eq(t.faults[TRACE_FAULT_SEGV], 1);
    ck_assert_uint_eq(t.swapouts, 1);
    ck_assert_uint_eq(t.oom_kills, 1);
    ck_assert_uint_eq(t.oom_pid, 9);
    ck_assert_uint_eq(rd(TRACE_REG_EVENT, 4), 5);
    ck_assert_uint_eq(rd(TRACE_REG_REJECTED, 4), 0);
}
END_TEST

START_TEST(test_trace_counts_shootdowns_per_sender_and_receiver)
{
    event(TRACE_EV_SHOOTDOWN, 0x6, 7 | 1ull << 32, 0x10000, 0x2000);   /* hart 1 -> 1, 2 */
    event(TRACE_EV_SHOOTDOWN, 0x4, 0xffffffffull, 0, UINT64_MAX);      /* hart 0 -> 2 */
    event(TRACE_EV_SHOOTDOWN, 0, 7, 0, 0);                             /* nobody: refused */
    event(TRACE_EV_SHOOTDOWN, 1, 7 | (uint64_t)TRACE_MAX_HARTS << 32, 0, 0);   /* no such sender */
    ck_assert_uint_eq(t.shootdowns, 2);
    ck_assert_uint_eq(t.shootdowns_sent[0], 1);
    ck_assert_uint_eq(t.shootdowns_sent[1], 1);
    ck_assert_uint_eq(t.shootdowns_received[1], 1);
    ck_assert_uint_eq(t.shootdowns_received[2], 2);
    ck_assert_uint_eq(t.last_shootdown.sender, 0);
    ck_assert_uint_eq(t.last_shootdown.asid, 0xffffffffu);
    ck_assert_uint_eq(t.last_shootdown.harts, 0x4);
    ck_assert_uint_eq(t.last_shootdown.size, UINT64_MAX);
    ck_assert_uint_eq(rd(TRACE_REG_EVENT, 4), 2);
    ck_assert_uint_eq(rd(TRACE_REG_REJECTED, 4), 2);
}
END_TEST

START_TEST(test_trace_refuses_unknown_events_and_kinds)
{
    event(99, 0, 0, 0, 0);
    event(TRACE_EV_FAULT, 0, 0, 0, 0);
    event(TRACE_EV_FAULT, TRACE_FAULT_KINDS, 0, 0, 0);
    event(TRACE_EV_FRAME, PPN(RAM_BASE), 1, TRACE_OWNER_KINDS, 0);
    event(TRACE_EV_EXIT, 12345, 0, 0, 0);           /* nobody by that pid */
    ck_assert_uint_eq(rd(TRACE_REG_EVENT, 4), 0);
    ck_assert_uint_eq(rd(TRACE_REG_REJECTED, 4), 5);
}
END_TEST

START_TEST(test_trace_frame_reports_are_clipped_to_ram)
{
    ck_assert_uint_eq(trace_dev_owner(&t, PPN(RAM_BASE)), 0);     /* nothing yet */
    event(TRACE_EV_FRAME, PPN(RAM_BASE) - 2, 4, TRACE_OWNER_USER, 9);
    ck_assert_uint_eq(trace_owner_kind(trace_dev_owner(&t, PPN(RAM_BASE))), TRACE_OWNER_USER);
    ck_assert_uint_eq(trace_owner_pid(trace_dev_owner(&t, PPN(RAM_BASE) + 1)), 9);
    ck_assert_uint_eq(trace_dev_owner(&t, PPN(RAM_BASE) + 2), 0);
    uint64_t last = PPN(RAM_BASE + RAM_SIZE) - 1;
    event(TRACE_EV_FRAME, last, UINT64_MAX, TRACE_OWNER_KERNEL, 0);   /* no overflow */
    ck_assert_uint_eq(trace_owner_kind(trace_dev_owner(&t, last)), TRACE_OWNER_KERNEL);
    ck_assert_uint_eq(trace_dev_owner(&t, last + 1), 0);
    event(TRACE_EV_FRAME, PPN(RAM_BASE + RAM_SIZE), 1, TRACE_OWNER_FREE, 0);
    ck_assert_uint_eq(rd(TRACE_REG_REJECTED, 4), 1);                  /* all outside */
    event(TRACE_EV_FRAME, PPN(RAM_BASE), 0, TRACE_OWNER_UNKNOWN, 0);  /* withdrawn */
    ck_assert_uint_eq(trace_dev_owner(&t, PPN(RAM_BASE)), 0);
}
END_TEST

START_TEST(test_trace_process_names_are_read_with_bounds)
{
    static const char name[] = "a-very-long-process-name";
    bus_copy_in(&bus, RAM_BASE + 0x100, name, sizeof name);
    event(TRACE_EV_PROCESS, 7, RAM_BASE + 0x100, 3, 0);
    const struct trace_proc *p = trace_dev_proc(&t, 7);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->name, "a-very-long-pro");           /* 15 bytes kept */
    ck_assert_uint_eq(p->asid, 3);
    ck_assert(t.has_process);
    ck_assert_uint_eq(t.cur_pid, 7);
    /* A name in the last bytes of RAM, not NUL-terminated: stops at the end. */
    bus_copy_in(&bus, RAM_BASE + RAM_SIZE - 2, "sh", 2);
    event(TRACE_EV_PROCESS, 8, RAM_BASE + RAM_SIZE - 2, 0xffffffff, 0);
    ck_assert_str_eq(trace_dev_proc(&t, 8)->name, "sh");
    /* Outside RAM, or none: an empty name, still a process. */
    event(TRACE_EV_PROCESS, 9, 0x1000, 0, 0);
    ck_assert_str_eq(trace_dev_proc(&t, 9)->name, "");
    ck_assert_uint_eq(t.cur_pid, 9);
}
END_TEST

START_TEST(test_trace_exit_forgets_a_process)
{
    event(TRACE_EV_PROCESS, 7, 0, 0, 0);
    event(TRACE_EV_PROCESS, 8, 0, 0, 0);
    event(TRACE_EV_EXIT, 7, 0, 0, 0);
    ck_assert_ptr_null(trace_dev_proc(&t, 7));
    ck_assert_ptr_nonnull(trace_dev_proc(&t, 8));
    ck_assert_int_eq(t.nprocs, 1);
}
END_TEST

START_TEST(test_trace_remembers_the_most_recent_processes)
{
    for (uint64_t pid = 1; pid <= TRACE_MAX_PROCS + 5; pid++)
        event(TRACE_EV_PROCESS, pid, 0, 0, 0);
    ck_assert_int_eq(t.nprocs, TRACE_MAX_PROCS);
    ck_assert_ptr_null(trace_dev_proc(&t, 1));
    ck_assert_ptr_nonnull(trace_dev_proc(&t, TRACE_MAX_PROCS + 5));
    ck_assert_ptr_nonnull(trace_dev_proc(&t, 6));
}
END_TEST

START_TEST(test_trace_reinit_forgets_every_report)
{
    event(TRACE_EV_FRAME, PPN(RAM_BASE), 1, TRACE_OWNER_KERNEL, 0);
    event(TRACE_EV_FAULT, TRACE_FAULT_FILE, 0, 0, 0);
    bus.ndevs = 0;                                  /* as machine_reset does */
    trace_dev_init(&t, &bus);
    ck_assert_ptr_null(t.owner);
    ck_assert_uint_eq(t.faults[TRACE_FAULT_FILE], 0);
    ck_assert_uint_eq(rd(TRACE_REG_ID, 4), TRACE_MAGIC);
}
END_TEST

START_TEST(test_trace_refuses_byte_and_halfword_accesses)
{
    uint64_t v;
    ck_assert(!bus_read(&bus, TRACE_BASE, 1, &v));
    ck_assert(!bus_write(&bus, TRACE_BASE + TRACE_REG_EVENT, 2, 1));
}
END_TEST

Suite *trace_suite(void)
{
    Suite *s = suite_create("trace device");
    TCase *tc = tcase_create("registers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_trace_id_and_version_read_back);
    tcase_add_test(tc, test_trace_arguments_take_32_bit_halves);
    tcase_add_test(tc, test_trace_counts_faults_by_kind_and_swapouts);
    tcase_add_test(tc, test_trace_counts_shootdowns_per_sender_and_receiver);
    tcase_add_test(tc, test_trace_refuses_unknown_events_and_kinds);
    tcase_add_test(tc, test_trace_frame_reports_are_clipped_to_ram);
    tcase_add_test(tc, test_trace_process_names_are_read_with_bounds);
    tcase_add_test(tc, test_trace_exit_forgets_a_process);
    tcase_add_test(tc, test_trace_remembers_the_most_recent_processes);
    tcase_add_test(tc, test_trace_reinit_forgets_every_report);
    tcase_add_test(tc, test_trace_refuses_byte_and_halfword_accesses);
    suite_add_tcase(s, tc);
    return s;
}
