/* Two harts on one bus: LR reservations broken by another hart's store (slow path,
 * fast path, DMA) and not by the hart's own or a neighbour's; the fast store path kept
 * off pages other harts reserved in; a software interrupt from another hart making the
 * M-mode fences that follow remote fences (shootdowns), counted and recorded as such. */
#include "csr.h"
#include "dev/clint.h"
#include "ftlb.h"
#include "hart.h"
#include "unit.h"

#define CELL  (TEST_RAM_BASE + 0x30000)     /* a reserved doubleword */
#define OTHER (TEST_RAM_BASE + 0x31000)     /* another page */
#define PC    0x80000100ull

static struct hart *h0, *h1;

static void setup(void)
{
    h0 = test_hart_new();
    h1 = hart_new(h0->bus, 1);
}

static void teardown(void)
{
    hart_free(h1);
    test_hart_free(h0);
}

static void reserve(struct hart *h, uint64_t pa)
{
    bus_reserve(h->bus, h->index, pa);
}

static bool reserved(struct hart *h) { return bus_reserved(h->bus, h->index); }

/* A store of 1 in size bytes at pa, as the hart `writer` makes it. */
static void store_as(struct hart *writer, uint64_t pa, int size)
{
    struct bus *b = writer->bus;
    b->current = writer->index;
    ck_assert(bus_write(b, pa, size, 1));
    b->current = -1;
}

START_TEST(test_another_harts_store_breaks_the_reservation)
{
    reserve(h0, CELL);
    store_as(h1, CELL + 4, 4);                  /* anywhere in the doubleword */
    ck_assert(!reserved(h0));
}
END_TEST

START_TEST(test_the_harts_own_store_keeps_it)
{
    reserve(h0, CELL);
    store_as(h0, CELL, 8);
    ck_assert(reserved(h0));
}
END_TEST

START_TEST(test_a_store_to_the_next_doubleword_keeps_it)
{
    reserve(h0, CELL);
    store_as(h1, CELL + 8, 8);
    store_as(h1, CELL - 1, 1);
    ck_assert(reserved(h0));
}
END_TEST

START_TEST(test_dma_breaks_every_reservation)
{
    reserve(h0, CELL);
    reserve(h1, CELL);
    uint8_t bytes[2] = { 1, 2 };
    ck_assert(bus_copy_in(h0->bus, CELL + 6, bytes, 2));   /* a device, no hart */
    ck_assert(!reserved(h0));
    ck_assert(!reserved(h1));
}
END_TEST

/* Hart 1 stores to the page through its fast path; once hart 0 reserves in it, hart 1
 * loses that entry before it runs again and cannot get it back, so its next store
 * takes the slow path and breaks the reservation. */
START_TEST(test_the_fast_store_path_stays_off_a_page_another_hart_reserved_in)
{
    struct ftlb_entry *e = ftlb_slot(&h1->ftlb, PRV_M, ACC_STORE, CELL);
    ftlb_fill(h1, ACC_STORE, CELL, CELL);
    ck_assert(ftlb_hit(e, CELL, 8));
    reserve(h0, CELL);
    ftlb_protect_reservations(h1);
    ck_assert(!ftlb_hit(e, CELL, 8));
    ftlb_fill(h1, ACC_STORE, CELL, CELL);
    ck_assert(!ftlb_hit(e, CELL, 8));
    ftlb_fill(h1, ACC_STORE, OTHER, OTHER);     /* other pages are not concerned */
    ck_assert(ftlb_hit(ftlb_slot(&h1->ftlb, PRV_M, ACC_STORE, OTHER), OTHER, 8));
    ftlb_fill(h0, ACC_STORE, CELL, CELL);       /* nor is the reserving hart itself */
    ck_assert(ftlb_hit(ftlb_slot(&h0->ftlb, PRV_M, ACC_STORE, CELL), CELL, 8));
    h1->bus->current = h1->index;
    ck_assert(mem_store_slow(h1, PC, CELL, 8, 5));
    ck_assert(!reserved(h0));
}
END_TEST

/* ---- software interrupts from another hart, and the fences that serve them ---- */

static struct clint clint;
static struct clock clk;
static uint64_t retired(void *ctx) { return ((struct hart *)ctx)->instret; }

#define MSIP(h) (CLINT_BASE + 4 * (h))

/* Maps VA n << 12 to a page in hart 1's TLB model (S-mode, Sv39, ASID 1). */
static void cache_pages(struct hart *h, int n)
{
    sv39_setup(h, 1);
    hart_set_priv(h, PRV_S);
    for (int i = 0; i < n; i++) {
        uint64_t va = (uint64_t)i << PAGE_SHIFT, pa;
        sv39_map(h, va, 0, sv39_leaf(SV39_PAGES + va, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
        ck_assert(mmu_translate(h, PC, va, ACC_LOAD, PRV_S, &pa));
    }
    hart_set_priv(h, PRV_M);
}

static void clint_setup(void)
{
    setup();
    clock_init(&clk, true, retired, h0);
    clint_init(&clint, h0->bus, &clk);
}

START_TEST(test_an_msip_write_by_another_hart_is_a_remote_request)
{
    store_as(h0, MSIP(1), 4);
    ck_assert(h1->remote_ipi);
    ck_assert_uint_eq(h1->ipis_received, 1);
    store_as(h1, MSIP(1), 4);                   /* to itself: not remote */
    ck_assert_uint_eq(h1->ipis_received, 1);
    ck_assert(!h0->remote_ipi);
}
END_TEST

START_TEST(test_fences_for_another_hart_count_as_shootdowns)
{
    cache_pages(h1, 3);
    store_as(h0, MSIP(1), 4);
    mmu_sfence(h1, 1ull << PAGE_SHIFT, true, 0, false);       /* in M-mode */
    ck_assert_uint_eq(h1->remote_fences, 1);
    ck_assert_uint_eq(h1->shootdowns, 1);
    const struct tlb *d = &h1->mmu.tlbs.tlb[TLB_D];
    ck_assert_uint_eq(d->events[(d->nevents - 1) & (TLB_EVENT_RING - 1)].kind,
                      TLB_EV_SHOOTDOWN);
    mmu_sfence(h1, 0, false, 0, false);
    ck_assert_uint_eq(h1->remote_fences, 2);
    ck_assert_uint_eq(h1->shootdowns, 3);
}
END_TEST

/* A request is one interrupt from another hart however many pages it fences: the
 * first remote fence after each counts it. */
START_TEST(test_each_interrupt_answered_with_fences_is_one_fence_request)
{
    cache_pages(h1, 4);
    store_as(h0, MSIP(1), 4);
    for (int i = 0; i < 3; i++)
        mmu_sfence(h1, (uint64_t)i << PAGE_SHIFT, true, 1, true);
    ck_assert_uint_eq(h1->remote_fences, 3);
    ck_assert_uint_eq(h1->fence_requests, 1);
    store_as(h0, MSIP(1), 4);                   /* the next request */
    mmu_sfence(h1, 0, false, 1, true);
    ck_assert_uint_eq(h1->remote_fences, 4);
    ck_assert_uint_eq(h1->fence_requests, 2);
    ck_assert_uint_eq(h0->fence_requests, 0);
}
END_TEST

/* The firmware clears its msip, as ours and OpenSBI do on taking the interrupt. */
static void clear_msip(struct hart *h)
{
    h->bus->current = h->index;
    ck_assert(bus_write(h->bus, MSIP(h->index), 4, 0));
    h->bus->current = -1;
}

/* Once the hart returns below M the request is served: its own fences are local. */
START_TEST(test_fences_after_the_return_below_m_are_local)
{
    cache_pages(h1, 2);
    store_as(h0, MSIP(1), 4);
    clear_msip(h1);
    h1->mstatus = (h1->mstatus & ~MSTATUS_MPP) | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
    csr_mret(h1);
    ck_assert(!h1->remote_ipi);
    hart_set_priv(h1, PRV_M);
    mmu_sfence(h1, 0, false, 0, false);
    ck_assert_uint_eq(h1->remote_fences, 0);
    ck_assert_uint_eq(h1->shootdowns, 0);
    const struct tlb *d = &h1->mmu.tlbs.tlb[TLB_D];
    ck_assert_uint_eq(d->events[(d->nevents - 1) & (TLB_EVENT_RING - 1)].kind, TLB_EV_FLUSH);
}
END_TEST

/* A request that came while the hart was serving another is still pending at the
 * return below M: its interrupt is taken at once, and its fences are remote too. */
START_TEST(test_a_request_pending_at_the_return_below_m_stays_remote)
{
    cache_pages(h1, 2);
    store_as(h0, MSIP(1), 4);
    clear_msip(h1);
    store_as(h0, MSIP(1), 4);                   /* the next one, before the mret */
    h1->mstatus = (h1->mstatus & ~MSTATUS_MPP) | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
    csr_mret(h1);
    ck_assert(h1->remote_ipi);
    hart_set_priv(h1, PRV_M);
    mmu_sfence(h1, 0, false, 0, false);
    ck_assert_uint_eq(h1->remote_fences, 1);
    ck_assert_uint_eq(h1->fence_requests, 1);
}
END_TEST

Suite *harts_suite(void)
{
    Suite *s = suite_create("harts");
    TCase *tc = tcase_create("reservations");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_another_harts_store_breaks_the_reservation);
    tcase_add_test(tc, test_the_harts_own_store_keeps_it);
    tcase_add_test(tc, test_a_store_to_the_next_doubleword_keeps_it);
    tcase_add_test(tc, test_dma_breaks_every_reservation);
    tcase_add_test(tc, test_the_fast_store_path_stays_off_a_page_another_hart_reserved_in);
    suite_add_tcase(s, tc);

    tc = tcase_create("remote fences");
    tcase_add_checked_fixture(tc, clint_setup, teardown);
    tcase_add_test(tc, test_an_msip_write_by_another_hart_is_a_remote_request);
    tcase_add_test(tc, test_fences_for_another_hart_count_as_shootdowns);
    tcase_add_test(tc, test_each_interrupt_answered_with_fences_is_one_fence_request);
    tcase_add_test(tc, test_fences_after_the_return_below_m_are_local);
    tcase_add_test(tc, test_a_request_pending_at_the_return_below_m_stays_remote);
    suite_add_tcase(s, tc);
    return s;
}
