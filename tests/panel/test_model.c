/* The panel's model on a small machine (bus, hart, icount clock, trace device):
 * TLB fills, hits, evictions and flushes are seen as such, even when the event ring
 * overflows; timeline rows carry rates per second of guest time; the frame map finds
 * page tables and user pages from satp and lets the guest's reports win. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "panel/model.h"
#include "unit.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4ull << 20)

static struct machine *m;
static struct hart *h;
static struct model md;

static uint64_t retired(void *ctx) { return ((struct hart *)ctx)->instret; }

static void setup(void)
{
    m = calloc(1, sizeof *m);
    ck_assert(m);
    ck_assert(bus_init(&m->bus, RAM_BASE, RAM_SIZE));
    h = hart_new(&m->bus, 0);
    clock_init(&m->clock, true, retired, h);
    trace_dev_init(&m->trace, &m->bus);
    ck_assert(model_init(&md, m));
    model_poll(&md, false);                     /* the first look only starts */
}

static void teardown(void)
{
    model_free(&md);
    trace_dev_free(&m->trace);
    hart_free(h);
    bus_free(&m->bus);
    free(m);
}

/* Lets `periods` sample periods of guest time pass (icount: 10 insns per tick). */
static void advance(uint64_t periods)
{
    h->instret += periods * MODEL_PERIOD_TICKS * ICOUNT_INSNS_PER_TICK;
}

static struct tlb *dtlb(void) { return &h->mmu.tlbs.tlb[TLB_D]; }

static struct tlb_entry *fill(uint64_t vpn, uint16_t asid)
{
    struct tlb_entry proto = { .valid = true, .vpn = vpn, .ppn = 0x80000 + vpn,
                               .asid = asid, .perm = PTE_R | PTE_W | PTE_U | PTE_A | PTE_D };
    return tlb_fill(dtlb(), &proto, ++h->mmu.tick);
}

static struct entry_view *view_of(const struct tlb_entry *e)
{
    return &md.ev[TLB_D][e - dtlb()->e];
}

static enum panel_event shown(const struct tlb_entry *e)
{
    enum panel_event ev;
    model_entry_colour(view_of(e), md.now, &ev);
    return ev;
}

START_TEST(test_a_fill_shows_as_a_fill)
{
    struct tlb_entry *e = fill(0x123, 1);
    advance(1);
    model_poll(&md, false);
    ck_assert(view_of(e)->valid);
    ck_assert_uint_eq(view_of(e)->vpn, 0x123);
    ck_assert_int_eq(shown(e), PEV_FILL);
}
END_TEST

START_TEST(test_a_later_hit_shows_as_a_hit)
{
    struct tlb_entry *e = fill(0x123, 1);
    advance(1);
    model_poll(&md, false);
    tlb_touch(dtlb(), e, ++h->mmu.tick);       /* what a fast-path hit does */
    advance(1);
    model_poll(&md, false);
    ck_assert_int_eq(shown(e), PEV_HIT);
    advance(MODEL_FLASH_TICKS / MODEL_PERIOD_TICKS + 1);
    model_poll(&md, false);
    ck_assert_int_eq(shown(e), PEV_NONE);          /* faded out, nothing new */
}
END_TEST

START_TEST(test_a_flush_shows_as_a_flush)
{
    struct tlb_entry *e = fill(0x123, 1);
    advance(1);
    model_poll(&md, false);
    tlb_flush(dtlb(), FLUSH_ASID, 0, 1, false);
    model_poll(&md, true);
    ck_assert(!view_of(e)->valid);
    ck_assert_int_eq(shown(e), PEV_FLUSH);
}
END_TEST

START_TEST(test_a_remote_fence_shows_as_a_shootdown)
{
    struct tlb_entry *e = fill(0x123, 1);
    advance(1);
    model_poll(&md, false);
    tlb_flush(dtlb(), FLUSH_VA, 0x123ull << 12, 0, true);
    model_poll(&md, true);
    ck_assert(!view_of(e)->valid);
    ck_assert_int_eq(shown(e), PEV_SHOOTDOWN);
}
END_TEST

/* A second hart: the panel shows the TLB of the hart it is told to. */
START_TEST(test_the_selected_harts_tlb_is_shown)
{
    struct hart *h1 = hart_new(&m->bus, 1);
    struct tlb *d1 = &h1->mmu.tlbs.tlb[TLB_D];
    struct tlb_entry proto = { .valid = true, .vpn = 0x77, .ppn = 0x80077, .asid = 2,
                               .perm = PTE_R | PTE_A };
    struct tlb_entry *e1 = tlb_fill(d1, &proto, ++h1->mmu.tick);
    fill(0x123, 1);
    advance(1);
    model_poll(&md, true);
    ck_assert(!md.ev[TLB_D][e1 - d1->e].valid || md.ev[TLB_D][e1 - d1->e].vpn != 0x77);
    model_select_hart(&md, 1);
    advance(1);
    model_poll(&md, true);
    ck_assert(md.ev[TLB_D][e1 - d1->e].valid);
    ck_assert_uint_eq(md.ev[TLB_D][e1 - d1->e].vpn, 0x77);
    ck_assert_uint_eq(md.ev[TLB_D][e1 - d1->e].asid, 2);
    model_select_hart(&md, 0);
    hart_free(h1);
    m->bus.nharts = 1;
}
END_TEST

START_TEST(test_a_replaced_entry_shows_as_an_eviction)
{
    for (uint64_t v = 0; v < (uint64_t)dtlb()->cfg.entries; v++)
        fill(v, 1);
    advance(1);
    model_poll(&md, false);
    struct tlb_entry *e = fill(0x999, 1);          /* evicts the oldest */
    advance(1);
    model_poll(&md, false);
    ck_assert_uint_eq(view_of(e)->vpn, 0x999);
    ck_assert_int_eq(shown(e), PEV_EVICT);
    ck_assert_uint_eq(dtlb()->c.evictions, 1);
}
END_TEST

START_TEST(test_changes_are_seen_when_the_event_ring_overflowed)
{
    advance(1);
    model_poll(&md, false);
    for (uint64_t v = 0; v < 4 * TLB_EVENT_RING; v++)
        fill(0x1000 + v, 2);
    advance(1);
    model_poll(&md, false);
    for (int k = 0; k < dtlb()->cfg.entries; k++) {
        ck_assert(md.ev[TLB_D][k].valid);
        ck_assert_uint_eq(md.ev[TLB_D][k].vpn, dtlb()->e[k].vpn);
        ck_assert_int_eq(shown(&dtlb()->e[k]), PEV_EVICT);     /* replaced, many times */
    }
}
END_TEST

/* Entries changed behind the ring's back, as when it overflowed: content tells. */
START_TEST(test_a_change_the_ring_missed_is_still_told_apart)
{
    struct tlb_entry *a = fill(0x10, 1), *b = fill(0x20, 1), *c = &dtlb()->e[7];
    advance(1);
    model_poll(&md, false);
    a->vpn = 0x11;                          /* replaced */
    b->valid = false;                       /* dropped, no flush counted */
    *c = *a;                                /* a free slot filled */
    c->vpn = 0x30;
    advance(1);
    model_poll(&md, false);
    ck_assert_int_eq(shown(a), PEV_EVICT);
    ck_assert_int_eq(shown(b), PEV_INVALIDATE);
    ck_assert_int_eq(shown(c), PEV_FILL);
}
END_TEST

START_TEST(test_rows_carry_rates_per_second_of_guest_time)
{
    h->mmu.c.walks += 50;
    h->mmu.c.page_faults[ACC_LOAD][PRV_U] += 3;
    dtlb()->c.accesses += 200;
    dtlb()->c.misses += 50;             /* 150 hits */
    advance(1);
    model_poll(&md, false);
    ck_assert_int_eq(timeline_len(&md.tl), 1);
    double period_s = (double)MODEL_PERIOD_TICKS / TIMEBASE_HZ;
    ck_assert_double_eq_tol(timeline_get(&md.tl, 0, SER_WALKS), 50 / period_s, 1e-3);
    ck_assert_double_eq_tol(timeline_get(&md.tl, 0, SER_HW_FAULTS), 3 / period_s, 1e-3);
    ck_assert_double_eq_tol(timeline_get(&md.tl, 0, SER_HIT_D), 75.0, 1e-3);
    ck_assert(isnan(timeline_get(&md.tl, 0, SER_HIT_I)));      /* no fetch translated */
}
END_TEST

START_TEST(test_an_idle_skip_spreads_over_its_periods)
{
    h->mmu.c.walks += 40;
    advance(4);
    model_poll(&md, false);
    ck_assert_int_eq(timeline_len(&md.tl), 4);
    double period_s = (double)MODEL_PERIOD_TICKS / TIMEBASE_HZ;
    for (int age = 0; age < 4; age++)
        ck_assert_double_eq_tol(timeline_get(&md.tl, age, SER_WALKS), 10 / period_s, 1e-3);
}
END_TEST

START_TEST(test_no_row_before_a_period_passes)
{
    h->instret += 10;
    model_poll(&md, false);
    model_poll(&md, true);
    ck_assert_int_eq(timeline_len(&md.tl), 0);
}
END_TEST

static void trace_write(uint64_t off, uint64_t v)
{
    ck_assert(bus_write(&m->bus, TRACE_BASE + off, 8, v));
}

START_TEST(test_reported_fault_kinds_feed_their_series)
{
    trace_write(TRACE_REG_ARG0, TRACE_FAULT_COW);
    for (int i = 0; i < 7; i++)
        ck_assert(bus_write(&m->bus, TRACE_BASE + TRACE_REG_EVENT, 4, TRACE_EV_FAULT));
    ck_assert(bus_write(&m->bus, TRACE_BASE + TRACE_REG_EVENT, 4, TRACE_EV_SWAPOUT));
    advance(1);
    model_poll(&md, false);
    double period_s = (double)MODEL_PERIOD_TICKS / TIMEBASE_HZ;
    ck_assert_double_eq_tol(timeline_get(&md.tl, 0, SER_COW), 7 / period_s, 1e-3);
    ck_assert_double_eq_tol(timeline_get(&md.tl, 0, SER_SWAPOUT), 1 / period_s, 1e-3);
    ck_assert_double_eq_tol(timeline_get(&md.tl, 0, SER_ZERO), 0, 1e-9);
}
END_TEST

/* Sv39 tables: root at +0x10000 -> L1 at +0x11000 -> L0 at +0x12000, which maps VA
 * 0x5000 to the user page at +0x20000. */
static void build_tables(uint16_t asid)
{
    uint64_t root = RAM_BASE + 0x10000, l1 = RAM_BASE + 0x11000, l0 = RAM_BASE + 0x12000;
    uint64_t user = RAM_BASE + 0x20000;
    uint64_t pte;
    pte = (l1 >> 12) << 10 | PTE_V;
    bus_copy_in(&m->bus, root, &pte, 8);
    pte = (l0 >> 12) << 10 | PTE_V;
    bus_copy_in(&m->bus, l1, &pte, 8);
    pte = (user >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
    bus_copy_in(&m->bus, l0 + 5 * 8, &pte, 8);
    h->satp = 8ull << 60 | (uint64_t)asid << 44 | root >> 12;
}

static uint32_t cell_at(uint64_t pa)
{
    return md.fm.cell[(pa - RAM_BASE) >> 12];
}

START_TEST(test_the_frame_map_finds_page_tables_and_user_pages)
{
    build_tables(5);
    advance(1);
    model_poll(&md, false);
    model_frames(&md);
    ck_assert_uint_eq(md.fm.nframes, RAM_SIZE >> 12);
    ck_assert_int_eq(frame_cell_kind(cell_at(RAM_BASE + 0x10000)), FK_PAGE_TABLE);
    ck_assert_int_eq(frame_cell_kind(cell_at(RAM_BASE + 0x12000)), FK_PAGE_TABLE);
    uint32_t u = cell_at(RAM_BASE + 0x20000);
    ck_assert_int_eq(frame_cell_kind(u), FK_USER);
    ck_assert(!(u & FRAME_BY_PID));
    ck_assert_uint_eq(frame_cell_id(u), 5);
    ck_assert_int_eq(md.fm.tables_scanned, 3);
    ck_assert_int_eq(md.fm.nusers, 1);
}
END_TEST

START_TEST(test_a_process_report_names_the_owner_of_its_asid)
{
    build_tables(5);
    trace_write(TRACE_REG_ARG0, 42);
    trace_write(TRACE_REG_ARG0 + 8, 0);
    trace_write(TRACE_REG_ARG0 + 16, 5);
    ck_assert(bus_write(&m->bus, TRACE_BASE + TRACE_REG_EVENT, 4, TRACE_EV_PROCESS));
    advance(1);
    model_poll(&md, false);
    model_frames(&md);
    uint32_t u = cell_at(RAM_BASE + 0x20000);
    ck_assert(u & FRAME_BY_PID);
    ck_assert_uint_eq(frame_cell_id(u), 42);
}
END_TEST

START_TEST(test_reported_owners_win_over_what_the_hardware_sees)
{
    build_tables(5);
    trace_write(TRACE_REG_ARG0, (RAM_BASE + 0x20000) >> 12);
    trace_write(TRACE_REG_ARG0 + 8, 1);
    trace_write(TRACE_REG_ARG0 + 16, TRACE_OWNER_PAGE_CACHE);
    trace_write(TRACE_REG_ARG0 + 24, 0);
    ck_assert(bus_write(&m->bus, TRACE_BASE + TRACE_REG_EVENT, 4, TRACE_EV_FRAME));
    advance(1);
    model_poll(&md, false);
    model_frames(&md);
    ck_assert(md.fm.reported);
    ck_assert_int_eq(frame_cell_kind(cell_at(RAM_BASE + 0x20000)), FK_PAGE_CACHE);
    ck_assert_int_eq(frame_cell_kind(cell_at(RAM_BASE + 0x10000)), FK_PAGE_TABLE);
}
END_TEST

Suite *model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("sampling");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_a_fill_shows_as_a_fill);
    tcase_add_test(tc, test_a_later_hit_shows_as_a_hit);
    tcase_add_test(tc, test_a_flush_shows_as_a_flush);
    tcase_add_test(tc, test_a_remote_fence_shows_as_a_shootdown);
    tcase_add_test(tc, test_the_selected_harts_tlb_is_shown);
    tcase_add_test(tc, test_a_replaced_entry_shows_as_an_eviction);
    tcase_add_test(tc, test_changes_are_seen_when_the_event_ring_overflowed);
    tcase_add_test(tc, test_a_change_the_ring_missed_is_still_told_apart);
    tcase_add_test(tc, test_rows_carry_rates_per_second_of_guest_time);
    tcase_add_test(tc, test_an_idle_skip_spreads_over_its_periods);
    tcase_add_test(tc, test_no_row_before_a_period_passes);
    tcase_add_test(tc, test_reported_fault_kinds_feed_their_series);
    suite_add_tcase(s, tc);
    TCase *fm = tcase_create("frame map");
    tcase_add_checked_fixture(fm, setup, teardown);
    tcase_add_test(fm, test_the_frame_map_finds_page_tables_and_user_pages);
    tcase_add_test(fm, test_a_process_report_names_the_owner_of_its_asid);
    tcase_add_test(fm, test_reported_owners_win_over_what_the_hardware_sees);
    suite_add_tcase(s, fm);
    return s;
}
