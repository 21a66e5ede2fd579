/* The TLB model (README "TLB model"): replacement policies against hand-computed
 * sequences, set-associative and superpage indexing, exact counts through
 * mmu_translate, sfence.vma in its four forms, ASID tagging, shadow TLBs, the fast
 * path kept inclusive in the model, its superpage hints, and --tlb specs. */
#include <stdlib.h>
#include <string.h>

#include "codecache.h"
#include "csr.h"
#include "hart.h"
#include "mem.h"
#include "mmu.h"
#include "unit.h"

#define PC 0x80000100ull
#define PAGE(n) (SV39_PAGES + ((uint64_t)(n) << PAGE_SHIFT))
#define VA(n)   ((uint64_t)(n) << PAGE_SHIFT)
#define NPAGES  65                        /* VA(0..64) map to PAGE(0..64) */
#define RWX     (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define MEGA    0x200000ull               /* SV39_L1[1] maps it to TEST_RAM_BASE */

static struct hart *h;
static uint64_t tick;

/* ---- direct use of one TLB ---- */

static struct tlb t;

static void tlb_setup_with(int entries, int ways, enum tlb_policy policy)
{
    struct tlb_config c = { "T", entries, ways, policy };
    ck_assert(tlb_init(&t, &c));
    tick = 0;
}
static void tlb_teardown(void) { tlb_free(&t); }

static struct tlb_entry proto(uint64_t va, int level, uint16_t asid, uint8_t perm)
{
    uint64_t low = (1ull << (9 * level)) - 1;
    struct tlb_entry e = { .valid = true, .level = (uint8_t)level, .perm = perm,
                           .asid = asid, .vpn = (va >> PAGE_SHIFT) & ((1ull << 27) - 1) & ~low,
                           .ppn = 0x80000 & ~low };
    return e;
}

/* Fills va (a 4 KiB page of ASID 0) and returns the way it went to. */
static int fill_way(struct tlb *tl, uint64_t va)
{
    struct tlb_entry p = proto(va, 0, 0, PTE_R | PTE_A);
    struct tlb_entry *e = tlb_fill(tl, &p, ++tick);
    return (int)((e - tl->e) % tl->cfg.ways);
}

static void hit(struct tlb *tl, uint64_t va)
{
    struct tlb_entry *e = tlb_lookup(tl, va, 0);
    ck_assert_msg(e != NULL, "0x%llx missed", (unsigned long long)va);
    tlb_touch(tl, e, ++tick);
}

/* Whether va of asid is cached, without counting an access. */
static struct tlb_entry *cached(const struct tlb *tl, uint64_t va, uint16_t asid)
{
    uint64_t vpn = (va >> PAGE_SHIFT) & ((1ull << 27) - 1);
    for (int i = 0; i < tl->cfg.entries; i++) {
        struct tlb_entry *e = &tl->e[i];
        uint64_t mask = ~((1ull << (9 * e->level)) - 1);
        if (e->valid && (vpn & mask) == e->vpn && ((e->perm & PTE_G) || e->asid == asid))
            return e;
    }
    return NULL;
}

static int valid_entries(const struct tlb *tl)
{
    int n = 0;
    for (int i = 0; i < tl->cfg.entries; i++)
        n += tl->e[i].valid;
    return n;
}

static void lru4(void) { tlb_setup_with(4, 4, POLICY_LRU); }
static void fifo4(void) { tlb_setup_with(4, 4, POLICY_FIFO); }
static void plru4(void) { tlb_setup_with(4, 4, POLICY_PLRU); }
static void plru8(void) { tlb_setup_with(8, 8, POLICY_PLRU); }
static void random4(void) { tlb_setup_with(4, 4, POLICY_RANDOM); }
static void lru8x2(void) { tlb_setup_with(8, 2, POLICY_LRU); }   /* 4 sets */

/* Pages A..D fill ways 0..3; A is used again. */
static void fill_abcd_then_hit_a(void)
{
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(fill_way(&t, VA(0xa + i)), i);
    hit(&t, VA(0xa));
}

START_TEST(test_lru_evicts_the_least_recently_used_way)
{
    fill_abcd_then_hit_a();
    ck_assert_int_eq(fill_way(&t, VA(0x20)), 1);   /* B: A was used after it */
    hit(&t, VA(0xc));
    ck_assert_int_eq(fill_way(&t, VA(0x21)), 3);   /* D */
    ck_assert_int_eq(fill_way(&t, VA(0x22)), 0);   /* A */
    ck_assert_uint_eq(t.c.evictions, 3);
}
END_TEST

/* The fully associative LRU table answers from a short list of the oldest ways kept
 * from its last full search (tlb.h); here a long random mix of fills, hits,
 * invalidations and flushes on 32 ways checks every victim against the first way
 * with the smallest last use, searched in full. */
static uint64_t rnd_state = 88172645463325252ull;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

START_TEST(test_lru_victim_is_always_the_least_recently_used_way)
{
    struct tlb_config c = { "T", 32, 32, POLICY_LRU };
    struct tlb big;
    ck_assert(tlb_init(&big, &c));
    int fills = 0, evictions = 0;
    for (int step = 0; step < 200000; step++) {
        uint64_t va = VA(rnd() % 96);
        int op = (int)(rnd() % 16);
        struct tlb_entry *e = tlb_lookup(&big, va, 0);
        if (op == 0 && e) {
            tlb_invalidate(&big, e);
        } else if (op == 1) {
            tlb_flush(&big, FLUSH_VA, VA(rnd() % 96), 0, false);
        } else if (e) {
            tlb_touch(&big, e, ++tick);
        } else {
            int want = 0;
            for (int w = 1; w < 32; w++)
                if (big.use[w] < big.use[want])
                    want = w;
            evictions += big.e[want].valid;
            ck_assert_int_eq(fill_way(&big, va), want);
            fills++;
        }
    }
    ck_assert_int_gt(fills, 10000);
    ck_assert_int_gt(evictions, 5000);
    tlb_free(&big);
}
END_TEST

START_TEST(test_fifo_evicts_the_oldest_fill_whatever_its_hits)
{
    fill_abcd_then_hit_a();
    ck_assert_int_eq(fill_way(&t, VA(0x20)), 0);   /* A, though just used */
    hit(&t, VA(0xb));
    ck_assert_int_eq(fill_way(&t, VA(0x21)), 1);
    ck_assert_int_eq(fill_way(&t, VA(0x22)), 2);
    ck_assert_int_eq(fill_way(&t, VA(0x23)), 3);
    ck_assert_int_eq(fill_way(&t, VA(0x24)), 0);   /* the first replacement, now oldest */
}
END_TEST

/* Tree PLRU: each node points away from the half used last. After ways 0..3 and a hit
 * on 0 the tree points right, then left of node 3: way 2; then left, right: way 1;
 * then right, right: way 3 (true LRU would give 1, 2, 3). */
START_TEST(test_plru_4_way_follows_the_tree)
{
    fill_abcd_then_hit_a();
    ck_assert_int_eq(fill_way(&t, VA(0x20)), 2);
    ck_assert_int_eq(fill_way(&t, VA(0x21)), 1);
    ck_assert_int_eq(fill_way(&t, VA(0x22)), 3);
}
END_TEST

/* 8 ways, three levels: after ways 0..7 every node points left; a hit on 0 turns the
 * root and its left path right, so the victims are 4, 2, 6, 1. */
START_TEST(test_plru_8_way_follows_the_tree)
{
    static const int victims[] = { 4, 2, 6, 1 };
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(fill_way(&t, VA(0x10 + i)), i);
    hit(&t, VA(0x10));
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(fill_way(&t, VA(0x20 + i)), victims[i]);
}
END_TEST

START_TEST(test_plru_hit_protects_the_way_used)
{
    fill_abcd_then_hit_a();
    for (int i = 0; i < 6; i++) {
        hit(&t, VA(0xa));
        ck_assert_int_ne(fill_way(&t, VA(0x20 + i)), 0);
    }
}
END_TEST

/* xorshift64 (13, 7, 17) from the seed 0x9e3779b97f4a7c15, modulo 4 ways. */
START_TEST(test_random_victims_are_xorshift_of_the_fixed_seed)
{
    static const int victims[] = { 1, 2, 2, 0, 0, 1 };
    for (int i = 0; i < 4; i++)
        fill_way(&t, VA(0x10 + i));
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(fill_way(&t, VA(0x20 + i)), victims[i]);
}
END_TEST

START_TEST(test_random_policy_repeats_the_same_victims)
{
    struct tlb t2;
    struct tlb_config c = { "T2", 4, 4, POLICY_RANDOM };
    ck_assert(tlb_init(&t2, &c));
    for (int i = 0; i < 40; i++) {
        uint64_t va = VA(0x10 + (i * 7) % 23);
        if (cached(&t, va, 0))
            continue;
        ck_assert_int_eq(fill_way(&t, va), fill_way(&t2, va));
    }
    tlb_free(&t2);
}
END_TEST

START_TEST(test_invalid_way_is_filled_before_any_eviction)
{
    fill_abcd_then_hit_a();
    tlb_invalidate(&t, cached(&t, VA(0xc), 0));
    ck_assert_int_eq(fill_way(&t, VA(0x20)), 2);   /* not B, the LRU way */
    ck_assert_uint_eq(t.c.evictions, 0);
}
END_TEST

START_TEST(test_set_is_chosen_by_vpn_modulo_sets)
{
    struct tlb_entry p;
    for (uint64_t vpn = 0; vpn < 8; vpn++) {
        p = proto(VA(vpn), 0, 0, PTE_R);
        struct tlb_entry *e = tlb_fill(&t, &p, ++tick);
        ck_assert_int_eq((int)(e - t.e) / 2, (int)(vpn % 4));
    }
    ck_assert_uint_eq(t.c.evictions, 0);
    p = proto(VA(8), 0, 0, PTE_R);                 /* set 0 again: evicts its LRU, vpn 0 */
    tlb_fill(&t, &p, ++tick);
    ck_assert_uint_eq(t.c.evictions, 1);
    ck_assert_ptr_null(cached(&t, VA(0), 0));
    ck_assert_ptr_nonnull(cached(&t, VA(4), 0));
    ck_assert_ptr_nonnull(cached(&t, VA(1), 0));
}
END_TEST

START_TEST(test_megapage_is_indexed_by_vpn_bits_above_2mib)
{
    struct tlb_entry p = proto(0x600000, 1, 0, PTE_R);    /* vpn 0x600: VPN[1] = 3 */
    struct tlb_entry *e = tlb_fill(&t, &p, ++tick);
    ck_assert_int_eq((int)(e - t.e) / 2, 3);               /* a 4 KiB vpn 0x600 is set 0 */
    ck_assert_ptr_eq(tlb_lookup(&t, 0x601000, 0), e);      /* 4 KiB set 1, probes set 3 */
}
END_TEST

START_TEST(test_gigapage_is_indexed_by_vpn_bits_above_1gib)
{
    struct tlb_entry p = proto(0x80000000, 2, 0, PTE_R);  /* VPN[2] = 2 */
    struct tlb_entry *e = tlb_fill(&t, &p, ++tick);
    ck_assert_int_eq((int)(e - t.e) / 2, 2);
    ck_assert_ptr_eq(tlb_lookup(&t, 0x80000000 + 0x3ffff000, 0), e);
    ck_assert_ptr_null(tlb_lookup(&t, 0xc0000000, 0));
}
END_TEST

START_TEST(test_megapage_hits_across_its_whole_range)
{
    struct tlb_entry p = proto(0x600000, 1, 0, PTE_R);
    struct tlb_entry *e = tlb_fill(&t, &p, ++tick);
    for (uint64_t off = 0; off < MEGA; off += 0x1000 * 37)
        ck_assert_ptr_eq(tlb_lookup(&t, 0x600000 + off, 0), e);
    ck_assert_ptr_eq(tlb_lookup(&t, 0x600000 + MEGA - 1, 0), e);
    ck_assert_ptr_null(tlb_lookup(&t, 0x600000 + MEGA, 0));
    ck_assert_ptr_null(tlb_lookup(&t, 0x600000 - 1, 0));
}
END_TEST

START_TEST(test_entry_of_another_asid_misses_unless_global)
{
    struct tlb_entry p = proto(VA(1), 0, 1, PTE_R), g = proto(VA(2), 0, 1, PTE_R | PTE_G);
    tlb_fill(&t, &p, ++tick);
    tlb_fill(&t, &g, ++tick);
    ck_assert_ptr_nonnull(tlb_lookup(&t, VA(1), 1));
    ck_assert_ptr_null(tlb_lookup(&t, VA(1), 2));
    ck_assert_ptr_nonnull(tlb_lookup(&t, VA(2), 2));
}
END_TEST

/* ---- through the MMU: a hart in S-mode with Sv39 on, VA(n) -> PAGE(n) (R W X) ---- */

static struct tlb *itlb(void) { return &h->mmu.tlbs.tlb[TLB_I]; }
static struct tlb *dtlb(void) { return &h->mmu.tlbs.tlb[TLB_D]; }
static struct tlb *l2tlb(void) { return &h->mmu.tlbs.tlb[TLB_L2]; }

static void map_pages(struct hart *hh)
{
    sv39_setup(hh, 1);
    for (int n = 0; n < NPAGES; n++)
        sv39_map(hh, VA(n), 0, sv39_leaf(PAGE(n), RWX));
    sv39_map(hh, MEGA, 1, sv39_leaf(TEST_RAM_BASE, RWX));
    hart_set_priv(hh, PRV_S);
}

static void setup(void)
{
    h = test_hart_new();
    map_pages(h);
    tick = 0;
}
static void teardown(void) { test_hart_free(h); }

/* Replaces the hart's TLBs by spec (before any translation). */
static void use_tlbs(struct hart *hh, const char *spec)
{
    struct tlb_set s;
    char err[160];
    ck_assert_msg(tlb_set_parse(&s, spec, err, sizeof err), "%s", err);
    tlb_set_free(&hh->mmu.tlbs);
    hh->mmu.tlbs = s;
    hart_attach_tlbs(hh);
}

static void add_shadow(struct hart *hh, const char *spec)
{
    struct mmu *m = &hh->mmu;
    struct tlb_set s;
    char err[160];
    ck_assert_msg(tlb_set_parse(&s, spec, err, sizeof err), "%s", err);
    m->shadow = realloc(m->shadow, (size_t)(m->nshadow + 1) * sizeof s);
    ck_assert_ptr_nonnull(m->shadow);
    m->shadow[m->nshadow++] = s;
}

static uint64_t xlate(struct hart *hh, uint64_t va, int kind)
{
    uint64_t pa = 0;
    ck_assert_msg(mmu_translate(hh, PC, va, kind, PRV_S, &pa), "0x%llx faulted",
                  (unsigned long long)va);
    return pa;
}
static uint64_t load(uint64_t va) { return xlate(h, va, ACC_LOAD); }
static uint64_t store(uint64_t va) { return xlate(h, va, ACC_STORE); }

static void mmu_fill(struct tlb *tl, uint64_t va, int level, uint16_t asid, uint8_t perm)
{
    struct tlb_entry p = proto(va, level, asid, perm | PTE_V | PTE_R | PTE_A);
    tlb_fill(tl, &p, ++h->mmu.tick);
}

/* ---- exact counts ---- */

START_TEST(test_each_translation_is_one_access)
{
    load(VA(3));
    load(VA(3) + 8);
    store(VA(3) + 16);
    ck_assert_uint_eq(dtlb()->c.accesses, 3);
    ck_assert_uint_eq(tlb_hits(&dtlb()->c), 2);
    ck_assert_uint_eq(dtlb()->c.misses, 1);
    ck_assert_uint_eq(itlb()->c.accesses, 0);
}
END_TEST

START_TEST(test_a_miss_is_counted_once_with_one_walk_and_one_fill)
{
    for (int round = 0; round < 2; round++)
        for (int n = 1; n <= 20; n++) {
            load(VA(n));
            xlate(h, VA(n), ACC_FETCH);
        }
    for (int i = TLB_I; i <= TLB_D; i++) {
        const struct tlb_counts *c = &h->mmu.tlbs.tlb[i].c;
        ck_assert_uint_eq(c->accesses, 40);
        ck_assert_uint_eq(c->misses, 20);
        ck_assert_uint_eq(c->fills, c->misses);
    }
    ck_assert_uint_eq(h->mmu.c.walks, itlb()->c.misses + dtlb()->c.misses);
}
END_TEST

START_TEST(test_store_to_entry_with_d_clear_misses_and_refills_in_place)
{
    sv39_map(h, VA(3), 0, sv39_leaf(PAGE(3), RWX & ~(uint64_t)PTE_D));
    load(VA(3));
    store(VA(3));
    ck_assert_uint_eq(dtlb()->c.accesses, 2);
    ck_assert_uint_eq(dtlb()->c.misses, 2);
    ck_assert_uint_eq(tlb_hits(&dtlb()->c), 0);
    ck_assert_uint_eq(dtlb()->c.fills, 2);
    ck_assert_uint_eq(dtlb()->c.evictions, 0);
    ck_assert_int_eq(valid_entries(dtlb()), 1);
    ck_assert_uint_eq(cached(dtlb(), VA(3), 1)->perm & PTE_D, PTE_D);
    store(VA(3));
    ck_assert_uint_eq(tlb_hits(&dtlb()->c), 1);
}
END_TEST

START_TEST(test_capacity_miss_counts_one_eviction)
{
    use_tlbs(h, "tiny");
    for (int n = 1; n <= 5; n++)
        load(VA(n));
    ck_assert_uint_eq(dtlb()->c.fills, 5);
    ck_assert_uint_eq(dtlb()->c.evictions, 1);
    ck_assert_ptr_null(cached(dtlb(), VA(1), 1));
}
END_TEST

START_TEST(test_l1_miss_that_hits_l2_fills_l1_without_a_walk)
{
    use_tlbs(h, "itlb=4x4,dtlb=4x4,l2=64x4");
    for (int n = 1; n <= 5; n++)
        load(VA(n));                               /* VA(1) leaves the DTLB */
    load(VA(1));
    ck_assert_uint_eq(h->mmu.c.walks, 5);
    ck_assert_uint_eq(dtlb()->c.misses, 6);
    ck_assert_uint_eq(dtlb()->c.fills, 6);
    ck_assert_uint_eq(tlb_hits(&l2tlb()->c), 1);
    ck_assert_uint_eq(l2tlb()->c.fills, 5);
    ck_assert_ptr_nonnull(cached(dtlb(), VA(1), 1));
}
END_TEST

START_TEST(test_l2_is_accessed_only_on_an_l1_miss)
{
    use_tlbs(h, "itlb=4x4,dtlb=4x4,l2=64x4");
    for (int i = 0; i < 3; i++)
        for (int n = 1; n <= 6; n++)
            load(VA(n));
    ck_assert_uint_eq(l2tlb()->c.accesses, dtlb()->c.misses);
    ck_assert_uint_eq(l2tlb()->c.misses, h->mmu.c.walks);
}
END_TEST

START_TEST(test_fast_path_hit_counts_as_one_model_hit)
{
    uint64_t v;
    ck_assert(mem_load_slow(h, PC, VA(3), 8, &v));
    ck_assert(mem_load(h, PC, VA(3) + 8, 8, &v));
    ck_assert(mem_load(h, PC, VA(3) + 16, 8, &v));
    ck_assert_uint_eq(dtlb()->c.accesses, 3);
    ck_assert_uint_eq(tlb_hits(&dtlb()->c), 2);
    ck_assert_uint_eq(dtlb()->c.misses, 1);
}
END_TEST

START_TEST(test_each_instruction_fetch_is_one_itlb_access)
{
    /* nop; nop; nop; j . */
    static const uint32_t code[] = { 0x00000013, 0x00000013, 0x00000013, 0x0000006f };
    ck_assert(bus_copy_in(h->bus, PAGE(2), code, sizeof code));
    sv39_map(h, VA(2), 0, sv39_leaf(PAGE(2), PTE_V | PTE_R | PTE_X | PTE_A));
    h->pc = VA(2);
    ck_assert_uint_eq(hart_run(h, 10), 10);
    ck_assert_uint_eq(itlb()->c.accesses, 10);
    ck_assert_uint_eq(itlb()->c.misses, 1);
    ck_assert_uint_eq(tlb_hits(&itlb()->c), 9);
    ck_assert_uint_eq(h->mmu.c.walks, 1);
}
END_TEST

/* ---- sfence.vma ---- */

/* The DTLB holds VA(5) in ASIDs 1 and 2, VA(7) in ASID 1 and a global VA(9). */
static void fill_for_fence(void)
{
    mmu_fill(dtlb(), VA(5), 0, 1, 0);
    mmu_fill(dtlb(), VA(5), 0, 2, 0);
    mmu_fill(dtlb(), VA(7), 0, 1, 0);
    mmu_fill(dtlb(), VA(9), 0, 1, PTE_G);
}

START_TEST(test_sfence_all_drops_every_entry_including_global)
{
    fill_for_fence();
    mmu_sfence(h, 0, false, 0, false);
    ck_assert_int_eq(valid_entries(dtlb()), 0);
    ck_assert_uint_eq(dtlb()->c.flushed_entries, 4);
}
END_TEST

START_TEST(test_sfence_asid_keeps_global_entries_and_other_asids)
{
    fill_for_fence();
    mmu_sfence(h, 0, false, 1, true);
    ck_assert_ptr_null(cached(dtlb(), VA(5), 1));
    ck_assert_ptr_null(cached(dtlb(), VA(7), 1));
    ck_assert_ptr_nonnull(cached(dtlb(), VA(5), 2));
    ck_assert_ptr_nonnull(cached(dtlb(), VA(9), 1));
    ck_assert_uint_eq(dtlb()->c.flushed_entries, 2);
}
END_TEST

START_TEST(test_sfence_va_drops_that_page_in_every_asid)
{
    fill_for_fence();
    mmu_sfence(h, VA(5) + 0x123, true, 0, false);
    ck_assert_ptr_null(cached(dtlb(), VA(5), 1));
    ck_assert_ptr_null(cached(dtlb(), VA(5), 2));
    ck_assert_ptr_nonnull(cached(dtlb(), VA(7), 1));
    ck_assert_ptr_nonnull(cached(dtlb(), VA(9), 1));
    ck_assert_uint_eq(dtlb()->c.flushed_entries, 2);
}
END_TEST

START_TEST(test_sfence_va_drops_a_global_entry)
{
    fill_for_fence();
    mmu_sfence(h, VA(9), true, 0, false);
    ck_assert_ptr_null(cached(dtlb(), VA(9), 1));
    ck_assert_int_eq(valid_entries(dtlb()), 3);
}
END_TEST

START_TEST(test_sfence_va_asid_drops_only_that_asid)
{
    fill_for_fence();
    mmu_sfence(h, VA(5), true, 1, true);
    ck_assert_ptr_null(cached(dtlb(), VA(5), 1));
    ck_assert_ptr_nonnull(cached(dtlb(), VA(5), 2));
    ck_assert_int_eq(valid_entries(dtlb()), 3);
}
END_TEST

START_TEST(test_sfence_va_asid_keeps_a_global_entry)
{
    fill_for_fence();
    mmu_sfence(h, VA(9), true, 1, true);
    ck_assert_ptr_nonnull(cached(dtlb(), VA(9), 1));
    ck_assert_uint_eq(dtlb()->c.flushed_entries, 0);
}
END_TEST

START_TEST(test_sfence_va_inside_a_megapage_drops_it)
{
    load(MEGA + 0x5000);
    mmu_sfence(h, MEGA + 0x1ff000, true, 0, false);
    ck_assert_ptr_null(cached(dtlb(), MEGA, 1));
    ck_assert_uint_eq(dtlb()->c.flushed_entries, 1);
}
END_TEST

START_TEST(test_sfence_counts_flushes_per_kind_in_every_tlb)
{
    use_tlbs(h, "itlb=4x4,dtlb=4x4,l2=64x4");
    mmu_sfence(h, 0, false, 0, false);
    mmu_sfence(h, 0, false, 1, true);
    mmu_sfence(h, 0, false, 1, true);
    mmu_sfence(h, VA(1), true, 0, false);
    mmu_sfence(h, VA(1), true, 1, true);
    for (int i = 0; i < TLB_COUNT; i++) {
        const struct tlb_counts *c = &h->mmu.tlbs.tlb[i].c;
        ck_assert_uint_eq(c->flushes[FLUSH_ALL], 1);
        ck_assert_uint_eq(c->flushes[FLUSH_ASID], 2);
        ck_assert_uint_eq(c->flushes[FLUSH_VA], 1);
        ck_assert_uint_eq(c->flushes[FLUSH_VA_ASID], 1);
    }
}
END_TEST

START_TEST(test_sfence_counts_flushed_entries_of_each_tlb)
{
    use_tlbs(h, "itlb=4x4,dtlb=4x4,l2=64x4");
    for (int n = 1; n <= 6; n++)
        load(VA(n));
    xlate(h, VA(1), ACC_FETCH);
    mmu_sfence(h, 0, false, 0, false);
    ck_assert_uint_eq(dtlb()->c.flushed_entries, 4);
    ck_assert_uint_eq(itlb()->c.flushed_entries, 1);
    ck_assert_uint_eq(l2tlb()->c.flushed_entries, 6);
}
END_TEST

/* ---- ASIDs ---- */

/* A second address space: ASID 2, its root maps the first GiB to RAM with one leaf. */
#define ROOT2 (TEST_RAM_BASE + 0x13000)
static void asid2_on(void)
{
    ck_assert(bus_write(h->bus, ROOT2, 8, sv39_leaf(TEST_RAM_BASE, RWX)));
    ck_assert(csr_write(h, CSR_SATP, sv39_satp(2, ROOT2)));
}

START_TEST(test_same_va_in_two_asids_coexists)
{
    ck_assert_uint_eq(load(VA(5)), PAGE(5));
    asid2_on();
    ck_assert_uint_eq(load(VA(5)), TEST_RAM_BASE + VA(5));
    ck_assert_ptr_nonnull(cached(dtlb(), VA(5), 1));
    ck_assert_ptr_nonnull(cached(dtlb(), VA(5), 2));
    ck_assert_uint_eq(dtlb()->c.evictions, 0);
}
END_TEST

START_TEST(test_switching_asid_without_fence_hits_the_right_entry)
{
    load(VA(5));
    asid2_on();
    load(VA(5));
    ck_assert(csr_write(h, CSR_SATP, sv39_satp(1, SV39_ROOT)));
    ck_assert_uint_eq(load(VA(5) + 4), PAGE(5) + 4);
    asid2_on();
    ck_assert_uint_eq(load(VA(5) + 4), TEST_RAM_BASE + VA(5) + 4);
    ck_assert_uint_eq(tlb_hits(&dtlb()->c), 2);
    ck_assert_uint_eq(h->mmu.c.walks, 2);
}
END_TEST

/* ---- shadow TLBs ---- */

/* 8 pages twice: 8 misses then 8 hits with 8 entries or more, all misses with 4 LRU
 * entries (each page is evicted 4 fills before it comes back). */
static void eight_pages_twice(struct hart *hh)
{
    for (int round = 0; round < 2; round++)
        for (int n = 1; n <= 8; n++)
            ck_assert_uint_eq(xlate(hh, VA(n), ACC_LOAD), PAGE(n));
}

static const struct tlb_counts *shadow_d(int i) { return &h->mmu.shadow[i].tlb[TLB_D].c; }

START_TEST(test_shadow_counts_differ_by_geometry)
{
    add_shadow(h, "tiny");
    add_shadow(h, "itlb=64x64,dtlb=64x64");
    eight_pages_twice(h);
    ck_assert_uint_eq(shadow_d(0)->accesses, 16);
    ck_assert_uint_eq(shadow_d(0)->misses, 16);
    ck_assert_uint_eq(shadow_d(0)->evictions, 12);
    ck_assert_uint_eq(shadow_d(1)->accesses, 16);
    ck_assert_uint_eq(shadow_d(1)->misses, 8);
    ck_assert_uint_eq(tlb_hits(shadow_d(1)), 8);
}
END_TEST

START_TEST(test_shadow_does_not_change_the_main_model_or_translation)
{
    struct hart *plain = test_hart_new();
    map_pages(plain);
    add_shadow(h, "tiny");
    eight_pages_twice(h);
    eight_pages_twice(plain);
    const struct tlb_counts *with = &dtlb()->c, *without = &plain->mmu.tlbs.tlb[TLB_D].c;
    ck_assert_mem_eq(with, without, sizeof *with);
    ck_assert_uint_eq(h->mmu.c.walks, plain->mmu.c.walks);
    ck_assert_uint_eq(h->mmu.c.pte_reads, plain->mmu.c.pte_reads);
    test_hart_free(plain);
}
END_TEST

/* Regression test for a fixed bug: mmu_translate feeds shadows only translations that succeed (the loop at
 * its done: label). A faulting access is an access and a miss of the main DTLB, and
 * the stale entry it hit is dropped there, but the shadow never sees it: here the
 * shadow counts 4 accesses (2 hits) against the main model's 5 (1 hit). */
START_TEST(test_shadow_with_the_main_geometry_counts_like_the_main_model)
{
    sv39_map(h, VA(3), 0, sv39_leaf(PAGE(3), PTE_V | PTE_R | PTE_A));   /* read-only */
    add_shadow(h, "u54");
    uint64_t pa;
    load(VA(3));
    load(VA(4));
    ck_assert(!mmu_translate(h, PC, VA(3), ACC_STORE, PRV_S, &pa));
    load(VA(3));
    load(VA(4));
    ck_assert_uint_eq(dtlb()->c.accesses, 5);
    ck_assert_mem_eq(shadow_d(0), &dtlb()->c, sizeof dtlb()->c);
}
END_TEST

START_TEST(test_shadow_tlbs_bypass_the_fast_path)
{
    uint64_t v;
    add_shadow(h, "tiny");
    ck_assert(mem_load_slow(h, PC, VA(3), 8, &v));
    ck_assert_uint_eq(h->ftlb.e[PRV_S][ACC_LOAD][3].tag, FTLB_INVALID);
    ck_assert(mem_load(h, PC, VA(3), 8, &v));
    ck_assert_uint_eq(shadow_d(0)->accesses, 2);
    ck_assert_uint_eq(dtlb()->c.accesses, 2);
}
END_TEST

START_TEST(test_sfence_flushes_shadow_tlbs_too)
{
    add_shadow(h, "tiny");
    load(VA(3));
    mmu_sfence(h, VA(3), true, 0, false);
    ck_assert_uint_eq(shadow_d(0)->flushes[FLUSH_VA], 1);
    ck_assert_uint_eq(shadow_d(0)->flushed_entries, 1);
    ck_assert_int_eq(valid_entries(&h->mmu.shadow[0].tlb[TLB_D]), 0);
}
END_TEST

/* ---- the fast path stays inclusive ---- */

static struct ftlb_entry *fast_load(uint64_t va)
{
    return ftlb_slot(&h->ftlb, PRV_S, ACC_LOAD, va);
}

static void slow_load(uint64_t va)
{
    uint64_t v;
    ck_assert_msg(mem_load_slow(h, PC, va, 8, &v), "load 0x%llx faulted",
                  (unsigned long long)va);
}

START_TEST(test_fast_entry_points_at_its_model_entry)
{
    slow_load(VA(3));
    ck_assert_uint_eq(ftlb_page(fast_load(VA(3))), VA(3));
    ck_assert_ptr_eq(fast_load(VA(3))->model, cached(dtlb(), VA(3), 1));
    /* a translated entry is marked counted: the plain tag compare misses, and the fast
     * path counts its hits in the model */
    ck_assert_uint_eq(fast_load(VA(3))->tag, VA(3) | FTLB_COUNTED);
    ck_assert(ftlb_hit(fast_load(VA(3)), VA(3) + 8, 8));
    ck_assert(!ftlb_hit(fast_load(VA(3)), VA(3) + 4, 8));
}
END_TEST

START_TEST(test_evicting_a_model_entry_drops_its_fast_entry)
{
    use_tlbs(h, "tiny");
    for (int n = 1; n <= 4; n++)
        slow_load(VA(n));
    ck_assert_ptr_nonnull(fast_load(VA(1))->model);
    slow_load(VA(5));                              /* LRU: evicts VA(1) */
    ck_assert_ptr_null(cached(dtlb(), VA(1), 1));
    ck_assert_uint_eq(fast_load(VA(1))->tag, FTLB_INVALID);
    ck_assert_ptr_null(fast_load(VA(1))->model);
    ck_assert_uint_eq(ftlb_page(fast_load(VA(2))), VA(2));
}
END_TEST

START_TEST(test_flushing_a_model_entry_drops_only_its_fast_entries)
{
    slow_load(VA(3));
    slow_load(VA(4));
    ck_assert(mem_store_slow(h, PC, VA(3), 8, 0));
    mmu_sfence(h, VA(3), true, 1, true);
    ck_assert_uint_eq(fast_load(VA(3))->tag, FTLB_INVALID);
    ck_assert_uint_eq(ftlb_slot(&h->ftlb, PRV_S, ACC_STORE, VA(3))->tag, FTLB_INVALID);
    ck_assert_uint_eq(ftlb_page(fast_load(VA(4))), VA(4));
}
END_TEST

START_TEST(test_flushing_a_megapage_drops_every_fast_entry_in_it)
{
    slow_load(MEGA + 0x3000);
    slow_load(MEGA + 0x5000);
    ck_assert_ptr_eq(fast_load(MEGA + 0x3000)->model, fast_load(MEGA + 0x5000)->model);
    mmu_sfence(h, MEGA + 0x5000, true, 0, false);
    ck_assert_uint_eq(fast_load(MEGA + 0x3000)->tag, FTLB_INVALID);
    ck_assert_uint_eq(fast_load(MEGA + 0x5000)->tag, FTLB_INVALID);
}
END_TEST

static struct ftlb_entry *fast_store(uint64_t va)
{
    return ftlb_slot(&h->ftlb, PRV_S, ACC_STORE, va);
}

/* A flush forgets the fast entries of its kinds whether the fill log holds them all (a
 * few fills) or lost count (more fills than FTLB_LOG): a data flush leaves the fetch
 * entries, a full one forgets them too. */
START_TEST(test_a_flush_forgets_its_kinds_fast_entries_few_or_many)
{
    for (int pages = 3; pages <= 200; pages += 197) {
        ftlb_flush(h);
        struct ftlb_entry *fetch;
        uint64_t pa;
        ck_assert_int_eq(mem_fetch_fill(h, VA(1), &fetch, &pa), FETCH_OK);
        for (int k = 0; k < pages; k++)
            slow_load(MEGA + (uint64_t)k * PAGE_SIZE);
        uint64_t last = MEGA + (uint64_t)(pages - 1) * PAGE_SIZE;
        ck_assert_uint_eq(ftlb_page(fast_load(last)), last);
        ck_assert_uint_eq(h->ftlb.complete, (unsigned)pages * 2 + 1 <= FTLB_LOG);
        ftlb_flush_data(h);
        for (unsigned k = 0; k < FTLB_SIZE; k++) {
            ck_assert_uint_eq(fast_load(MEGA + (uint64_t)k * PAGE_SIZE)->tag, FTLB_INVALID);
            ck_assert_uint_eq(ftlb_slot(&h->ftlb, PRV_S, ACC_STORE,
                                        MEGA + (uint64_t)k * PAGE_SIZE)->tag, FTLB_INVALID);
        }
        ck_assert_uint_eq(ftlb_page(fetch), VA(1));
        slow_load(VA(2));
        ftlb_flush(h);
        ck_assert_uint_eq(fast_load(VA(2))->tag, FTLB_INVALID);
        ck_assert_uint_eq(fetch->tag, FTLB_INVALID);
    }
}
END_TEST

START_TEST(test_refill_on_store_to_a_clean_page_refills_both_fast_entries)
{
    sv39_map(h, VA(3), 0, sv39_leaf(PAGE(3), RWX & ~(uint64_t)PTE_D));
    slow_load(VA(3));
    ck_assert_uint_eq(fast_store(VA(3))->tag, FTLB_INVALID);   /* D clear: no store entry */
    ck_assert(mem_store_slow(h, PC, VA(3), 8, 1));   /* the entry is dropped and refilled */
    struct tlb_entry *e = cached(dtlb(), VA(3), 1);
    ck_assert(e->perm & PTE_D);
    ck_assert_ptr_eq(fast_load(VA(3))->model, e);
    ck_assert_ptr_eq(fast_store(VA(3))->model, e);
}
END_TEST

/* A load miss on a writable dirty page fills the store entry too; the store that
 * follows hits it and is counted as the slow path would count it: a DTLB hit. */
START_TEST(test_load_miss_on_a_dirty_page_fills_the_store_entry_too)
{
    slow_load(VA(3));
    ck_assert_uint_eq(ftlb_page(fast_store(VA(3))), VA(3));
    ck_assert_ptr_eq(fast_store(VA(3))->model, cached(dtlb(), VA(3), 1));
    ck_assert(mem_store(h, PC, VA(3), 8, 7));
    ck_assert_uint_eq(dtlb()->c.accesses, 2);
    ck_assert_uint_eq(tlb_hits(&dtlb()->c), 1);
    ck_assert_uint_eq(dtlb()->c.misses, 1);
    ck_assert_uint_eq(h->mmu.c.dtlb_store_accesses, 1);
    ck_assert_uint_eq(h->mmu.c.dtlb_store_misses, 0);
    ck_assert_uint_eq(h->mmu.c.walks, 1);
}
END_TEST

START_TEST(test_load_miss_on_a_read_only_page_fills_no_store_entry)
{
    sv39_map(h, VA(3), 0, sv39_leaf(PAGE(3), PTE_V | PTE_R | PTE_A));
    slow_load(VA(3));
    ck_assert_uint_eq(ftlb_page(fast_load(VA(3))), VA(3));
    ck_assert_uint_eq(fast_store(VA(3))->tag, FTLB_INVALID);
}
END_TEST

START_TEST(test_store_miss_fills_the_load_entry_too)
{
    ck_assert(mem_store_slow(h, PC, VA(5), 8, 1));
    ck_assert_uint_eq(ftlb_page(fast_store(VA(5))), VA(5));
    ck_assert_uint_eq(ftlb_page(fast_load(VA(5))), VA(5));
    ck_assert_ptr_eq(fast_load(VA(5))->model, cached(dtlb(), VA(5), 1));
}
END_TEST

/* Regression test for a fixed bug: a superpage entry once counted the fast fills made
 * from it in a uint16_t that never went down; after 65536 fills it wrapped to 0, the
 * model's drop notification then skipped its scan of the fast tables, and the fast
 * entry survived the sfence that dropped its model entry. (It is a flag now,
 * tlb_entry.fed.) Here a megapage page and a 4 KiB page share fast slot 0x40 and
 * take turns in it. */
START_TEST(test_megapage_fast_entries_are_dropped_after_65536_refills)
{
    uint64_t in_mega = MEGA + VA(0x40), small = VA(0x40);
    for (int i = 0; i < 65536; i++) {
        slow_load(small);
        slow_load(in_mega);
    }
    ck_assert_ptr_nonnull(fast_load(in_mega)->model);
    mmu_sfence(h, in_mega, true, 0, false);
    ck_assert_ptr_null(cached(dtlb(), in_mega, 1));
    ck_assert_uint_eq(fast_load(in_mega)->tag, FTLB_INVALID);
    ck_assert_ptr_null(fast_load(in_mega)->model);
}
END_TEST

/* ---- superpage hints: a new page of a cached megapage refills without a lookup ---- */

static struct ftlb_hint *hint(int kind, uint64_t va)
{
    return &h->ftlb.hint[PRV_S][kind][(va >> FTLB_HINT_SHIFT) & (FTLB_HINTS - 1)];
}

static void assert_dtlb_counts(uint64_t accesses, uint64_t hits, uint64_t walks)
{
    ck_assert_uint_eq(dtlb()->c.accesses, accesses);
    ck_assert_uint_eq(tlb_hits(&dtlb()->c), hits);
    ck_assert_uint_eq(dtlb()->c.misses, accesses - hits);
    ck_assert_uint_eq(h->mmu.c.walks, walks);
}

START_TEST(test_megapage_hint_refills_another_page_as_one_model_hit)
{
    uint64_t v = 0;
    ck_assert(bus_write(h->bus, TEST_RAM_BASE + 0x5008, 8, 0x1234));
    slow_load(MEGA + 0x3000);
    struct tlb_entry *e = cached(dtlb(), MEGA, 1);
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_eq(hint(ACC_LOAD, MEGA)->model, e);
    ck_assert_ptr_eq(hint(ACC_STORE, MEGA)->model, e);      /* the paired fill's */
    ck_assert_ptr_eq(ftlb_refill(h, ACC_LOAD, MEGA + 0x5008), fast_load(MEGA + 0x5000));
    ck_assert(mem_load_slow(h, PC, MEGA + 0x7008, 8, &v));
    ck_assert_ptr_eq(fast_load(MEGA + 0x7000)->model, e);
    ck_assert(mem_load_slow(h, PC, MEGA + 0x5008, 8, &v));   /* a fast-table miss too */
    ck_assert_uint_eq(v, 0x1234);
    assert_dtlb_counts(3, 2, 1);                  /* the refill alone counts nothing */
}
END_TEST

START_TEST(test_no_hint_for_a_4k_page)
{
    slow_load(VA(3));
    ck_assert_ptr_null(hint(ACC_LOAD, VA(3))->model);
    ck_assert_ptr_null(ftlb_refill(h, ACC_LOAD, VA(4)));
}
END_TEST

START_TEST(test_megapage_hint_dies_with_its_model_entry)
{
    slow_load(MEGA + 0x3000);
    mmu_sfence(h, MEGA + 0x3000, true, 0, false);
    ck_assert_uint_eq(hint(ACC_LOAD, MEGA)->tag, FTLB_INVALID);
    ck_assert_uint_eq(hint(ACC_STORE, MEGA)->tag, FTLB_INVALID);
    slow_load(MEGA + 0x5000);                      /* walks again */
    assert_dtlb_counts(2, 0, 2);
}
END_TEST

/* A hint was made under the permissions of its time: clearing SUM must stop S-mode
 * from reaching a user megapage through it. */
START_TEST(test_clearing_sum_drops_the_hints_of_a_user_megapage)
{
    uint64_t v;
    sv39_map(h, 2 * MEGA, 1, sv39_leaf(TEST_RAM_BASE, RWX | PTE_U));
    ck_assert(csr_write(h, CSR_MSTATUS, MSTATUS_SUM));
    slow_load(2 * MEGA + 0x3000);
    ck_assert_ptr_nonnull(hint(ACC_LOAD, 2 * MEGA)->model);
    ck_assert(csr_write(h, CSR_MSTATUS, 0));
    ck_assert(!mem_load_slow(h, PC, 2 * MEGA + 0x5000, 8, &v));
    ck_assert_uint_eq(h->mcause, CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

/* The refill goes through ftlb_fill's checks: no fast store entry into a page holding
 * decoded code, and the store then takes the slow path, counted once. */
START_TEST(test_megapage_hint_makes_no_fast_store_entry_into_code)
{
    slow_load(MEGA + 0x3000);
    ck_assert_ptr_nonnull(code_page_get(h->bus, TEST_RAM_BASE + 0x6000));
    ck_assert(mem_store_slow(h, PC, MEGA + 0x6000, 8, 1));
    ck_assert_uint_eq(fast_store(MEGA + 0x6000)->tag, FTLB_INVALID);
    ck_assert_uint_eq(h->mmu.c.dtlb_store_accesses, 1);
    assert_dtlb_counts(2, 1, 1);
}
END_TEST

/* ---- --tlb specs ---- */

static struct tlb_set ts;
static char err[256];

static void parse_setup(void) { memset(&ts, 0, sizeof ts); err[0] = 0; }
static void parse_teardown(void) { tlb_set_free(&ts); }

static bool parse(const char *spec) { return tlb_set_parse(&ts, spec, err, sizeof err); }

static void assert_geometry(int i, int entries, int ways, enum tlb_policy policy)
{
    const struct tlb *tl = &ts.tlb[i];
    ck_assert_int_eq(tl->cfg.entries, entries);
    ck_assert_int_eq(tl->cfg.ways, ways);
    ck_assert_int_eq(tl->sets, entries / ways);
    ck_assert_int_eq(tl->cfg.policy, policy);
    ck_assert_ptr_nonnull(tl->e);
}

START_TEST(test_preset_u54_is_32_entry_fully_associative_lru)
{
    ck_assert(parse("u54"));
    assert_geometry(TLB_I, 32, 32, POLICY_LRU);
    assert_geometry(TLB_D, 32, 32, POLICY_LRU);
    ck_assert(!ts.has_l2);
    ck_assert_str_eq(ts.spec, "u54");
}
END_TEST

START_TEST(test_preset_a53_has_10_entry_l1_and_512x4_l2)
{
    ck_assert(parse("a53"));
    assert_geometry(TLB_I, 10, 10, POLICY_LRU);
    assert_geometry(TLB_D, 10, 10, POLICY_LRU);
    ck_assert(ts.has_l2);
    assert_geometry(TLB_L2, 512, 4, POLICY_LRU);
    ck_assert_str_eq(ts.spec, "a53");
}
END_TEST

START_TEST(test_preset_a76_has_48_entry_l1_and_1280x5_l2)
{
    ck_assert(parse("a76"));
    assert_geometry(TLB_I, 48, 48, POLICY_LRU);
    assert_geometry(TLB_D, 48, 48, POLICY_LRU);
    ck_assert(ts.has_l2);
    assert_geometry(TLB_L2, 1280, 5, POLICY_LRU);
}
END_TEST

START_TEST(test_preset_tiny_has_4_entries)
{
    ck_assert(parse("tiny"));
    assert_geometry(TLB_I, 4, 4, POLICY_LRU);
    assert_geometry(TLB_D, 4, 4, POLICY_LRU);
    ck_assert(!ts.has_l2);
}
END_TEST

START_TEST(test_spec_sets_each_geometry_and_the_policy)
{
    ck_assert(parse("itlb=16x4,dtlb=64x64,l2=256x8,policy=plru"));
    assert_geometry(TLB_I, 16, 4, POLICY_PLRU);
    assert_geometry(TLB_D, 64, 64, POLICY_PLRU);
    ck_assert(ts.has_l2);
    assert_geometry(TLB_L2, 256, 8, POLICY_PLRU);
    ck_assert_str_eq(ts.spec, "itlb=16x4,dtlb=64x64,l2=256x8,policy=plru");
}
END_TEST

START_TEST(test_spec_policy_of_one_tlb_overrides_the_default)
{
    ck_assert(parse("itlb=8x2:fifo,policy=random"));
    assert_geometry(TLB_I, 8, 2, POLICY_FIFO);
    assert_geometry(TLB_D, 32, 32, POLICY_RANDOM);       /* the default geometry */
    ck_assert(!ts.has_l2);
}
END_TEST

static void assert_rejected(const char *spec, const char *why)
{
    ck_assert_msg(!parse(spec), "%s accepted", spec);
    ck_assert_msg(strstr(err, spec) && strstr(err, why), "%s: message \"%s\"", spec, err);
}

START_TEST(test_spec_rejects_a_non_power_of_two_number_of_sets)
{
    assert_rejected("itlb=12x4", "power-of-two");
}
END_TEST

START_TEST(test_spec_rejects_entries_not_a_multiple_of_ways)
{
    assert_rejected("dtlb=10x4", "multiple of ways");
}
END_TEST

START_TEST(test_spec_rejects_plru_with_3_ways)
{
    assert_rejected("itlb=3x3,policy=plru", "plru");
}
END_TEST

START_TEST(test_spec_rejects_an_unknown_key)
{
    assert_rejected("itlb=32x32,stlb=8x8", "unknown item");
}
END_TEST

START_TEST(test_spec_rejects_an_unknown_policy_and_lists_the_policies)
{
    assert_rejected("policy=mru", "unknown policy 'mru' (policies: lru, plru, fifo, random)");
    /* in a geometry it is the policy that is wrong, not the geometry */
    assert_rejected("itlb=8x8:mru", "unknown policy 'mru' (policies: lru, plru, fifo, random)");
}
END_TEST

START_TEST(test_spec_rejects_a_bad_geometry)
{
    assert_rejected("dtlb=32", "ENTRIESxWAYS");
    assert_rejected("dtlb=8x16", "ENTRIESxWAYS");             /* more ways than entries */
    assert_rejected("dtlb=32xfifo", "ENTRIESxWAYS");
}
END_TEST

START_TEST(test_spec_rejects_an_item_without_a_value)
{
    assert_rejected("itlb", "key=value");
}
END_TEST

START_TEST(test_spec_that_is_no_preset_names_the_presets)
{
    assert_rejected("bogus", "'bogus' is neither a preset (u54, a53, a76, tiny) nor a "
                    "key=value item");
}
END_TEST

START_TEST(test_spec_rejects_empty_items)
{
    assert_rejected("itlb=8x8,,dtlb=4x4", "an empty item");
    assert_rejected("itlb=8x8,", "an empty item");
    assert_rejected(",itlb=8x8", "an empty item");
    assert_rejected("", "an empty item");
}
END_TEST

START_TEST(test_spec_geometry_policy_overrides_the_set_policy_in_any_order)
{
    ck_assert_msg(parse("itlb=8x8:fifo,policy=random"), "%s", err);
    assert_geometry(TLB_I, 8, 8, POLICY_FIFO);
    assert_geometry(TLB_D, 32, 32, POLICY_RANDOM);
}
END_TEST

Suite *tlb_suite(void)
{
    Suite *s = suite_create("tlb");
    TCase *tc = tcase_create("lru");
    tcase_add_checked_fixture(tc, lru4, tlb_teardown);
    tcase_add_test(tc, test_lru_evicts_the_least_recently_used_way);
    tcase_add_test(tc, test_invalid_way_is_filled_before_any_eviction);
    tcase_add_test(tc, test_lru_victim_is_always_the_least_recently_used_way);
    suite_add_tcase(s, tc);

    tc = tcase_create("fifo");
    tcase_add_checked_fixture(tc, fifo4, tlb_teardown);
    tcase_add_test(tc, test_fifo_evicts_the_oldest_fill_whatever_its_hits);
    suite_add_tcase(s, tc);

    tc = tcase_create("plru 4");
    tcase_add_checked_fixture(tc, plru4, tlb_teardown);
    tcase_add_test(tc, test_plru_4_way_follows_the_tree);
    tcase_add_test(tc, test_plru_hit_protects_the_way_used);
    suite_add_tcase(s, tc);

    tc = tcase_create("plru 8");
    tcase_add_checked_fixture(tc, plru8, tlb_teardown);
    tcase_add_test(tc, test_plru_8_way_follows_the_tree);
    suite_add_tcase(s, tc);

    tc = tcase_create("random");
    tcase_add_checked_fixture(tc, random4, tlb_teardown);
    tcase_add_test(tc, test_random_victims_are_xorshift_of_the_fixed_seed);
    tcase_add_test(tc, test_random_policy_repeats_the_same_victims);
    suite_add_tcase(s, tc);

    tc = tcase_create("indexing");
    tcase_add_checked_fixture(tc, lru8x2, tlb_teardown);
    tcase_add_test(tc, test_set_is_chosen_by_vpn_modulo_sets);
    tcase_add_test(tc, test_megapage_is_indexed_by_vpn_bits_above_2mib);
    tcase_add_test(tc, test_gigapage_is_indexed_by_vpn_bits_above_1gib);
    tcase_add_test(tc, test_megapage_hits_across_its_whole_range);
    tcase_add_test(tc, test_entry_of_another_asid_misses_unless_global);
    suite_add_tcase(s, tc);

    tc = tcase_create("counts");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_each_translation_is_one_access);
    tcase_add_test(tc, test_a_miss_is_counted_once_with_one_walk_and_one_fill);
    tcase_add_test(tc, test_store_to_entry_with_d_clear_misses_and_refills_in_place);
    tcase_add_test(tc, test_capacity_miss_counts_one_eviction);
    tcase_add_test(tc, test_l1_miss_that_hits_l2_fills_l1_without_a_walk);
    tcase_add_test(tc, test_l2_is_accessed_only_on_an_l1_miss);
    tcase_add_test(tc, test_fast_path_hit_counts_as_one_model_hit);
    tcase_add_test(tc, test_each_instruction_fetch_is_one_itlb_access);
    suite_add_tcase(s, tc);

    tc = tcase_create("sfence.vma");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_sfence_all_drops_every_entry_including_global);
    tcase_add_test(tc, test_sfence_asid_keeps_global_entries_and_other_asids);
    tcase_add_test(tc, test_sfence_va_drops_that_page_in_every_asid);
    tcase_add_test(tc, test_sfence_va_drops_a_global_entry);
    tcase_add_test(tc, test_sfence_va_asid_drops_only_that_asid);
    tcase_add_test(tc, test_sfence_va_asid_keeps_a_global_entry);
    tcase_add_test(tc, test_sfence_va_inside_a_megapage_drops_it);
    tcase_add_test(tc, test_sfence_counts_flushes_per_kind_in_every_tlb);
    tcase_add_test(tc, test_sfence_counts_flushed_entries_of_each_tlb);
    suite_add_tcase(s, tc);

    tc = tcase_create("asid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_same_va_in_two_asids_coexists);
    tcase_add_test(tc, test_switching_asid_without_fence_hits_the_right_entry);
    suite_add_tcase(s, tc);

    tc = tcase_create("shadow");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_shadow_counts_differ_by_geometry);
    tcase_add_test(tc, test_shadow_does_not_change_the_main_model_or_translation);
    tcase_add_test(tc, test_shadow_with_the_main_geometry_counts_like_the_main_model);
    tcase_add_test(tc, test_shadow_tlbs_bypass_the_fast_path);
    tcase_add_test(tc, test_sfence_flushes_shadow_tlbs_too);
    suite_add_tcase(s, tc);

    tc = tcase_create("fast path");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_fast_entry_points_at_its_model_entry);
    tcase_add_test(tc, test_evicting_a_model_entry_drops_its_fast_entry);
    tcase_add_test(tc, test_flushing_a_model_entry_drops_only_its_fast_entries);
    tcase_add_test(tc, test_flushing_a_megapage_drops_every_fast_entry_in_it);
    tcase_add_test(tc, test_a_flush_forgets_its_kinds_fast_entries_few_or_many);
    tcase_add_test(tc, test_refill_on_store_to_a_clean_page_refills_both_fast_entries);
    tcase_add_test(tc, test_load_miss_on_a_dirty_page_fills_the_store_entry_too);
    tcase_add_test(tc, test_load_miss_on_a_read_only_page_fills_no_store_entry);
    tcase_add_test(tc, test_store_miss_fills_the_load_entry_too);
    tcase_add_test(tc, test_megapage_fast_entries_are_dropped_after_65536_refills);
    tcase_add_test(tc, test_megapage_hint_refills_another_page_as_one_model_hit);
    tcase_add_test(tc, test_no_hint_for_a_4k_page);
    tcase_add_test(tc, test_megapage_hint_dies_with_its_model_entry);
    tcase_add_test(tc, test_clearing_sum_drops_the_hints_of_a_user_megapage);
    tcase_add_test(tc, test_megapage_hint_makes_no_fast_store_entry_into_code);
    suite_add_tcase(s, tc);

    tc = tcase_create("specs");
    tcase_add_checked_fixture(tc, parse_setup, parse_teardown);
    tcase_add_test(tc, test_preset_u54_is_32_entry_fully_associative_lru);
    tcase_add_test(tc, test_preset_a53_has_10_entry_l1_and_512x4_l2);
    tcase_add_test(tc, test_preset_a76_has_48_entry_l1_and_1280x5_l2);
    tcase_add_test(tc, test_preset_tiny_has_4_entries);
    tcase_add_test(tc, test_spec_sets_each_geometry_and_the_policy);
    tcase_add_test(tc, test_spec_policy_of_one_tlb_overrides_the_default);
    tcase_add_test(tc, test_spec_rejects_a_non_power_of_two_number_of_sets);
    tcase_add_test(tc, test_spec_rejects_entries_not_a_multiple_of_ways);
    tcase_add_test(tc, test_spec_rejects_plru_with_3_ways);
    tcase_add_test(tc, test_spec_rejects_an_unknown_key);
    tcase_add_test(tc, test_spec_rejects_an_unknown_policy_and_lists_the_policies);
    tcase_add_test(tc, test_spec_that_is_no_preset_names_the_presets);
    tcase_add_test(tc, test_spec_rejects_empty_items);
    tcase_add_test(tc, test_spec_geometry_policy_overrides_the_set_policy_in_any_order);
    tcase_add_test(tc, test_spec_rejects_a_bad_geometry);
    tcase_add_test(tc, test_spec_rejects_an_item_without_a_value);
    suite_add_tcase(s, tc);
    return s;
}
