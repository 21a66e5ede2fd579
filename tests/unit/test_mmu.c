/* The Sv39 walk (privileged spec §4.3-4.4) through mmu_translate and
 * mmu_debug_translate, on page tables built in the fixture's RAM: leaves at each
 * level, every page-fault rule, permissions with SUM, MXR and MPRV, A/D updates and
 * Svade, trap causes and tval, the side-effect-free debug walk, and walk statistics. */
#include "csr.h"
#include "hart.h"
#include "mmu.h"
#include "unit.h"

#define PC 0x80000100ull

/* Physical data page n (4 KiB pages below 2 MiB map VA n << 12 to PAGE(n)). */
#define PAGE(n) (SV39_PAGES + ((uint64_t)(n) << PAGE_SHIFT))

#define AD    (PTE_A | PTE_D)
#define R_    (PTE_V | PTE_R | AD)
#define RW    (PTE_V | PTE_R | PTE_W | AD)
#define X_    (PTE_V | PTE_X | AD)
#define RWX   (PTE_V | PTE_R | PTE_W | PTE_X | AD)
#define URWX  (RWX | PTE_U)

#define MEGA 0x200000ull                  /* L1[1]: a 2 MiB page */
#define GIGA 0x40000000ull                /* ROOT[1]: a 1 GiB page */

/* ---- Sv39 page tables shared with test_tlb.c (declared in unit.h) ---- */

uint64_t sv39_satp(uint16_t asid, uint64_t root_pa)
{
    return (8ull << 60) | ((uint64_t)asid << 44) | (root_pa >> PAGE_SHIFT);
}

uint64_t sv39_leaf(uint64_t pa, uint64_t flags)
{
    return ((pa >> PAGE_SHIFT) << 10) | flags;
}

/* Where our tables keep the PTE of va at level. */
static uint64_t sv39_pte_addr(uint64_t va, int level)
{
    static const uint64_t table[3] = { SV39_L0, SV39_L1, SV39_ROOT };
    if (level < 2)
        ck_assert_msg(va < (1ull << (PAGE_SHIFT + 9 * (level + 1))),
                      "va 0x%llx is not under SV39_%s", (unsigned long long)va,
                      level ? "L1" : "L0");
    return table[level] + ((va >> (PAGE_SHIFT + 9 * level)) & 511) * 8;
}

void sv39_map(struct hart *h, uint64_t va, int level, uint64_t pte)
{
    ck_assert(bus_write(h->bus, sv39_pte_addr(va, level), 8, pte));
}

uint64_t sv39_pte(struct hart *h, uint64_t va, int level)
{
    uint64_t pte = 0;
    ck_assert(bus_read(h->bus, sv39_pte_addr(va, level), 8, &pte));
    return pte;
}

void sv39_setup(struct hart *h, uint16_t asid)
{
    ck_assert(csr_write(h, CSR_PMPADDR0, ~0ull >> 10));
    ck_assert(csr_write(h, CSR_PMPCFG0, 0x1f));            /* NAPOT, R W X */
    sv39_map(h, 0, 2, sv39_leaf(SV39_L1, PTE_V));
    sv39_map(h, 0, 1, sv39_leaf(SV39_L0, PTE_V));
    ck_assert(csr_write(h, CSR_SATP, sv39_satp(asid, SV39_ROOT)));
}

/* ---- fixture ---- */

static struct hart *h;

static void setup(void)
{
    h = test_hart_new();
    sv39_setup(h, 1);
}
static void teardown(void) { test_hart_free(h); }

/* Maps the 4 KiB page at va (below 2 MiB) to PAGE(va >> 12). */
static void map_page(uint64_t va, uint64_t flags)
{
    sv39_map(h, va, 0, sv39_leaf(PAGE(va >> PAGE_SHIFT), flags));
}

static const char *const kind_name[3] = { "fetch", "load", "store" };

/* A translation that must succeed; returns the physical address. */
static uint64_t translate(uint64_t va, int kind, int priv)
{
    uint64_t pa = 0;
    ck_assert_msg(mmu_translate(h, PC, va, kind, priv, &pa),
                  "%s at 0x%llx faulted: cause %llu (%s)", kind_name[kind],
                  (unsigned long long)va, (unsigned long long)h->mmu.last_walk.cause,
                  h->mmu.last_walk.why ? h->mmu.last_walk.why : "-");
    return pa;
}

/* A translation that must fault; returns the cause of the trap it took (to M). */
static uint64_t fault(uint64_t va, int kind, int priv)
{
    uint64_t pa = 0;
    h->mcause = 0;
    ck_assert_msg(!mmu_translate(h, PC, va, kind, priv, &pa), "%s at 0x%llx gave 0x%llx",
                  kind_name[kind], (unsigned long long)va, (unsigned long long)pa);
    return h->mcause;
}

static int valid_entries(const struct tlb *t)
{
    int n = 0;
    for (int i = 0; i < t->cfg.entries; i++)
        n += t->e[i].valid;
    return n;
}

static struct tlb *dtlb(void) { return &h->mmu.tlbs.tlb[TLB_D]; }

/* ---- leaves at each level ---- */

START_TEST(test_sv39_4k_leaf_maps_page_and_offset)
{
    map_page(0x5000, RW);
    ck_assert_uint_eq(translate(0x5abc, ACC_LOAD, PRV_S), PAGE(5) + 0xabc);
}
END_TEST

START_TEST(test_sv39_megapage_maps_offset_within_2mib)
{
    sv39_map(h, MEGA, 1, sv39_leaf(TEST_RAM_BASE, RW));
    ck_assert_uint_eq(translate(MEGA + 0x1abcde, ACC_LOAD, PRV_S),
                      TEST_RAM_BASE + 0x1abcde);
}
END_TEST

START_TEST(test_sv39_gigapage_maps_offset_within_1gib)
{
    sv39_map(h, GIGA, 2, sv39_leaf(TEST_RAM_BASE, RW));
    ck_assert_uint_eq(translate(GIGA + 0x2345678, ACC_LOAD, PRV_S),
                      TEST_RAM_BASE + 0x2345678);
}
END_TEST

START_TEST(test_sv39_high_canonical_va_walks_from_root_index_256)
{
    uint64_t va = 0xffffffc000000000ull;          /* bit 38 set, sign-extended */
    sv39_map(h, va, 2, sv39_leaf(TEST_RAM_BASE, RW));
    ck_assert_uint_eq(sv39_pte_addr(va, 2), SV39_ROOT + 256 * 8);
    ck_assert_uint_eq(translate(va + 0x1234, ACC_LOAD, PRV_S), TEST_RAM_BASE + 0x1234);
}
END_TEST

/* ---- page faults of the walk ---- */

START_TEST(test_sv39_misaligned_megapage_faults)
{
    sv39_map(h, 2 * MEGA, 1, sv39_leaf(TEST_RAM_BASE + 0x1000, RW));
    ck_assert_uint_eq(fault(2 * MEGA, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_misaligned_gigapage_faults)
{
    sv39_map(h, 2 * GIGA, 2, sv39_leaf(TEST_RAM_BASE + MEGA, RW));  /* 2 MiB aligned */
    ck_assert_uint_eq(fault(2 * GIGA, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_invalid_leaf_faults)
{
    map_page(0x5000, RW & ~(uint64_t)PTE_V);
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_invalid_non_leaf_faults)
{
    sv39_map(h, 0, 1, sv39_leaf(SV39_L0, 0));
    map_page(0x5000, RW);
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_write_without_read_is_reserved_and_faults)
{
    map_page(0x5000, PTE_V | PTE_W | AD);
    ck_assert_uint_eq(fault(0x5000, ACC_STORE, PRV_S), CAUSE_STORE_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_write_execute_without_read_faults)
{
    map_page(0x5000, PTE_V | PTE_W | PTE_X | AD);
    ck_assert_uint_eq(fault(0x5000, ACC_FETCH, PRV_S), CAUSE_FETCH_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_napot_bit_without_svnapot_faults)
{
    map_page(0x5000, RW | (1ull << 63));
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_pbmt_bits_without_svpbmt_fault)
{
    for (uint64_t pbmt = 1; pbmt < 4; pbmt++) {
        map_page(0x5000, RW | (pbmt << 61));
        ck_assert_msg(fault(0x5000, ACC_LOAD, PRV_S) == CAUSE_LOAD_PAGE_FAULT,
                      "PBMT=%llu translated", (unsigned long long)pbmt);
    }
}
END_TEST

START_TEST(test_sv39_reserved_bits_60_to_54_fault)
{
    for (int bit = 54; bit <= 60; bit++) {
        map_page(0x5000, RW | (1ull << bit));
        ck_assert_msg(fault(0x5000, ACC_LOAD, PRV_S) == CAUSE_LOAD_PAGE_FAULT,
                      "bit %d translated", bit);
    }
}
END_TEST

START_TEST(test_sv39_reserved_bits_in_non_leaf_pte_fault)
{
    map_page(0x5000, RW);
    sv39_map(h, 0, 1, sv39_leaf(SV39_L0, PTE_V) | (1ull << 61));
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_non_leaf_pte_at_level_0_faults)
{
    map_page(0x5000, PTE_V);                      /* a pointer where a leaf must be */
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_non_canonical_va_faults)
{
    static const uint64_t bad[] = { 0x0000004000000000ull, 0x0000008000005000ull,
                                    0x8000000000005000ull, 0xffffff8000005000ull };
    map_page(0x5000, RW);
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(fault(bad[i], ACC_LOAD, PRV_S) == CAUSE_LOAD_PAGE_FAULT,
                      "0x%llx translated", (unsigned long long)bad[i]);
}
END_TEST

START_TEST(test_sv39_non_canonical_va_faults_even_when_its_low_bits_are_cached)
{
    map_page(0x5000, RW);
    translate(0x5000, ACC_LOAD, PRV_S);           /* VA bits 38:12 now in the DTLB */
    ck_assert_uint_eq(fault(0x0000008000005000ull, ACC_LOAD, PRV_S),
                      CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_pte_outside_ram_is_access_fault_by_access_kind)
{
    sv39_map(h, 3 * MEGA, 1, sv39_leaf(0x90000000ull, PTE_V));   /* no memory there */
    ck_assert_uint_eq(fault(3 * MEGA, ACC_FETCH, PRV_S), CAUSE_FETCH_ACCESS);
    ck_assert_uint_eq(fault(3 * MEGA, ACC_LOAD, PRV_S), CAUSE_LOAD_ACCESS);
    ck_assert_uint_eq(fault(3 * MEGA, ACC_STORE, PRV_S), CAUSE_STORE_ACCESS);
}
END_TEST

START_TEST(test_sv39_root_outside_ram_is_access_fault)
{
    ck_assert(csr_write(h, CSR_SATP, sv39_satp(1, 0x90000000ull)));
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_ACCESS);
}
END_TEST

START_TEST(test_sv39_pte_read_denied_by_pmp_is_access_fault)
{
    map_page(0x5000, RW);
    ck_assert(csr_write(h, CSR_PMPADDR0, SV39_ROOT >> 2));
    ck_assert(csr_write(h, CSR_PMPCFG0, 0x0f));             /* TOR [0, root), R W X */
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_ACCESS);
}
END_TEST

/* ---- permissions ---- */

START_TEST(test_sv39_store_to_read_only_page_faults)
{
    map_page(0x5000, R_);
    ck_assert_uint_eq(fault(0x5000, ACC_STORE, PRV_S), CAUSE_STORE_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_fetch_from_page_without_x_faults)
{
    map_page(0x5000, RW);
    ck_assert_uint_eq(fault(0x5000, ACC_FETCH, PRV_S), CAUSE_FETCH_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_load_from_execute_only_page_faults)
{
    map_page(0x5000, X_);
    translate(0x5000, ACC_FETCH, PRV_S);
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_mxr_makes_execute_only_page_readable)
{
    map_page(0x5000, X_);
    ck_assert(csr_write(h, CSR_MSTATUS, MSTATUS_MXR));
    ck_assert_uint_eq(translate(0x5008, ACC_LOAD, PRV_S), PAGE(5) + 8);
}
END_TEST

START_TEST(test_sv39_mxr_does_not_make_execute_only_page_writable)
{
    map_page(0x5000, X_);
    ck_assert(csr_write(h, CSR_MSTATUS, MSTATUS_MXR));
    ck_assert_uint_eq(fault(0x5000, ACC_STORE, PRV_S), CAUSE_STORE_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_s_mode_access_to_u_page_faults_without_sum)
{
    map_page(0x5000, URWX);
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(fault(0x5000, ACC_STORE, PRV_S), CAUSE_STORE_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_s_mode_accesses_u_page_with_sum)
{
    map_page(0x5000, URWX);
    ck_assert(csr_write(h, CSR_MSTATUS, MSTATUS_SUM));
    ck_assert_uint_eq(translate(0x5010, ACC_LOAD, PRV_S), PAGE(5) + 0x10);
    ck_assert_uint_eq(translate(0x5010, ACC_STORE, PRV_S), PAGE(5) + 0x10);
}
END_TEST

START_TEST(test_sv39_s_mode_never_executes_u_page_even_with_sum)
{
    map_page(0x5000, URWX);
    ck_assert(csr_write(h, CSR_MSTATUS, MSTATUS_SUM));
    ck_assert_uint_eq(fault(0x5000, ACC_FETCH, PRV_S), CAUSE_FETCH_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_u_mode_cannot_access_s_page)
{
    map_page(0x5000, RWX);
    ck_assert_uint_eq(fault(0x5000, ACC_FETCH, PRV_U), CAUSE_FETCH_PAGE_FAULT);
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_U), CAUSE_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(fault(0x5000, ACC_STORE, PRV_U), CAUSE_STORE_PAGE_FAULT);
}
END_TEST

START_TEST(test_sv39_u_mode_accesses_u_page)
{
    map_page(0x5000, URWX);
    ck_assert_uint_eq(translate(0x5000, ACC_FETCH, PRV_U), PAGE(5));
    ck_assert_uint_eq(translate(0x5000, ACC_LOAD, PRV_U), PAGE(5));
    ck_assert_uint_eq(translate(0x5000, ACC_STORE, PRV_U), PAGE(5));
}
END_TEST

START_TEST(test_m_mode_is_never_translated)
{
    map_page(0x5000, RW);
    ck_assert_uint_eq(translate(0x5000, ACC_LOAD, PRV_M), 0x5000);
    ck_assert_uint_eq(dtlb()->c.accesses, 0);
    ck_assert_uint_eq(h->mmu.c.walks, 0);
}
END_TEST

START_TEST(test_bare_satp_is_not_translated)
{
    map_page(0x5000, RW);
    ck_assert(csr_write(h, CSR_SATP, 0));
    ck_assert_uint_eq(translate(0x5000, ACC_LOAD, PRV_S), 0x5000);
    ck_assert_uint_eq(dtlb()->c.accesses, 0);
}
END_TEST

START_TEST(test_mprv_translates_m_mode_data_as_mpp)
{
    uint64_t pa = 0;
    map_page(0x5000, RW);
    ck_assert(csr_write(h, CSR_MSTATUS, MSTATUS_MPRV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT)));
    ck_assert(mem_translate(h, PC, 0x5008, ACC_LOAD, 8, &pa));
    ck_assert_uint_eq(pa, PAGE(5) + 8);
    ck_assert(mem_translate(h, PC, 0x5008, ACC_STORE, 8, &pa));
    ck_assert_uint_eq(pa, PAGE(5) + 8);
}
END_TEST

START_TEST(test_mprv_with_mpp_u_faults_on_s_page)
{
    uint64_t pa = 0;
    map_page(0x5000, RW);
    ck_assert(csr_write(h, CSR_MSTATUS, MSTATUS_MPRV | ((uint64_t)PRV_U << MSTATUS_MPP_SHIFT)));
    ck_assert(!mem_translate(h, PC, 0x5000, ACC_LOAD, 8, &pa));
    ck_assert_uint_eq(h->mcause, CAUSE_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(h->mmu.c.page_faults[ACC_LOAD][PRV_U], 1);
}
END_TEST

START_TEST(test_mprv_does_not_translate_fetches)
{
    uint64_t pa = 0;
    map_page(0x5000, RWX);
    ck_assert(csr_write(h, CSR_MSTATUS, MSTATUS_MPRV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT)));
    ck_assert(mem_translate(h, PC, 0x5000, ACC_FETCH, 2, &pa));
    ck_assert_uint_eq(pa, 0x5000);
    ck_assert_uint_eq(h->mmu.tlbs.tlb[TLB_I].c.accesses, 0);
}
END_TEST

/* ---- A and D ---- */

START_TEST(test_sv39_load_sets_a_but_not_d_in_the_pte)
{
    map_page(0x5000, PTE_V | PTE_R | PTE_W);
    translate(0x5000, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0), sv39_leaf(PAGE(5), PTE_V | PTE_R | PTE_W | PTE_A));
    ck_assert_uint_eq(h->mmu.c.ad_writes, 1);
}
END_TEST

START_TEST(test_sv39_fetch_sets_a_but_not_d_in_the_pte)
{
    map_page(0x5000, PTE_V | PTE_R | PTE_W | PTE_X);
    translate(0x5000, ACC_FETCH, PRV_S);
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0) & AD, PTE_A);
}
END_TEST

START_TEST(test_sv39_store_sets_a_and_d_in_the_pte)
{
    map_page(0x5000, PTE_V | PTE_R | PTE_W);
    translate(0x5000, ACC_STORE, PRV_S);
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0), sv39_leaf(PAGE(5), RW));
    ck_assert_uint_eq(h->mmu.c.ad_writes, 1);
}
END_TEST

START_TEST(test_sv39_store_after_load_sets_d)
{
    map_page(0x5000, PTE_V | PTE_R | PTE_W);
    translate(0x5000, ACC_LOAD, PRV_S);
    translate(0x5000, ACC_STORE, PRV_S);
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0) & AD, AD);
    ck_assert_uint_eq(h->mmu.c.ad_writes, 2);
}
END_TEST

START_TEST(test_sv39_load_with_a_set_writes_no_pte)
{
    map_page(0x5000, PTE_V | PTE_R | PTE_W | PTE_A);
    translate(0x5000, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(h->mmu.c.ad_writes, 0);
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0), sv39_leaf(PAGE(5), PTE_V | PTE_R | PTE_W | PTE_A));
}
END_TEST

START_TEST(test_sv39_store_with_a_and_d_set_writes_no_pte)
{
    map_page(0x5000, RW);
    translate(0x5000, ACC_STORE, PRV_S);
    ck_assert_uint_eq(h->mmu.c.ad_writes, 0);
}
END_TEST

START_TEST(test_svade_load_with_a_clear_faults_and_leaves_the_pte)
{
    h->mmu.svade = true;
    map_page(0x5000, PTE_V | PTE_R | PTE_W);
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), CAUSE_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0), sv39_leaf(PAGE(5), PTE_V | PTE_R | PTE_W));
    ck_assert_uint_eq(h->mmu.c.ad_writes, 0);
}
END_TEST

START_TEST(test_svade_store_with_d_clear_faults_but_load_succeeds)
{
    h->mmu.svade = true;
    map_page(0x5000, PTE_V | PTE_R | PTE_W | PTE_A);
    translate(0x5000, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(fault(0x5000, ACC_STORE, PRV_S), CAUSE_STORE_PAGE_FAULT);
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0) & PTE_D, 0);
}
END_TEST

START_TEST(test_faulting_walk_sets_no_a_or_d)
{
    map_page(0x5000, PTE_V | PTE_R);                  /* store: permission fault */
    ck_assert_uint_eq(fault(0x5000, ACC_STORE, PRV_S), CAUSE_STORE_PAGE_FAULT);
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0), sv39_leaf(PAGE(5), PTE_V | PTE_R));
    ck_assert_uint_eq(h->mmu.c.ad_writes, 0);
}
END_TEST

START_TEST(test_faulting_walk_fills_no_tlb_entry)
{
    map_page(0x5000, R_);
    fault(0x5000, ACC_STORE, PRV_S);
    ck_assert_uint_eq(dtlb()->c.fills, 0);
    ck_assert_int_eq(valid_entries(dtlb()), 0);
}
END_TEST

/* ---- traps ---- */

START_TEST(test_page_fault_causes_are_12_13_15_by_access_kind)
{
    sv39_map(h, 0x5000, 0, 0);
    ck_assert_uint_eq(fault(0x5000, ACC_FETCH, PRV_S), 12);
    ck_assert_uint_eq(fault(0x5000, ACC_LOAD, PRV_S), 13);
    ck_assert_uint_eq(fault(0x5000, ACC_STORE, PRV_S), 15);
}
END_TEST

START_TEST(test_page_fault_sets_mtval_to_the_faulting_va)
{
    hart_set_priv(h, PRV_U);
    ck_assert_uint_eq(fault(0x7123, ACC_LOAD, PRV_U), CAUSE_LOAD_PAGE_FAULT);
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->mtval, 0x7123);
    ck_assert_uint_eq(h->mepc, PC);
}
END_TEST

START_TEST(test_delegated_page_fault_sets_scause_and_stval)
{
    uint64_t pa;
    h->medeleg = 1ull << CAUSE_STORE_PAGE_FAULT;
    hart_set_priv(h, PRV_S);
    ck_assert(!mmu_translate(h, PC, 0x7abc, ACC_STORE, PRV_S, &pa));
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_uint_eq(h->scause, CAUSE_STORE_PAGE_FAULT);
    ck_assert_uint_eq(h->stval, 0x7abc);
    ck_assert_uint_eq(h->sepc, PC);
    ck_assert_uint_eq(h->mcause, 0);
}
END_TEST

START_TEST(test_access_fault_of_the_walk_sets_mtval_to_the_va)
{
    sv39_map(h, 3 * MEGA, 1, sv39_leaf(0x90000000ull, PTE_V));
    fault(3 * MEGA + 0x10, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(h->mtval, 3 * MEGA + 0x10);
}
END_TEST

START_TEST(test_faults_are_counted_by_kind_and_privilege)
{
    map_page(0x5000, URWX & ~(uint64_t)PTE_W);
    sv39_map(h, 3 * MEGA, 1, sv39_leaf(0x90000000ull, PTE_V));
    fault(0x5000, ACC_STORE, PRV_U);
    fault(0x5000, ACC_LOAD, PRV_S);
    fault(3 * MEGA, ACC_FETCH, PRV_S);
    const struct mmu_counts *c = &h->mmu.c;
    ck_assert_uint_eq(c->page_faults[ACC_STORE][PRV_U], 1);
    ck_assert_uint_eq(c->page_faults[ACC_LOAD][PRV_S], 1);
    ck_assert_uint_eq(c->access_faults[ACC_FETCH][PRV_S], 1);
    ck_assert_uint_eq(c->page_faults[ACC_FETCH][PRV_S], 0);
}
END_TEST

/* ---- the debug walk ---- */

START_TEST(test_debug_translate_gives_the_walk_and_its_trace)
{
    struct walk_trace tr;
    uint64_t pa = 0;
    map_page(0x5000, RW);
    ck_assert(mmu_debug_translate(h, 0x5abc, ACC_LOAD, PRV_S, &pa, &tr));
    ck_assert_uint_eq(pa, PAGE(5) + 0xabc);
    ck_assert_int_eq(tr.nlevels, 3);
    ck_assert_int_eq(tr.leaf_level, 0);
    ck_assert_uint_eq(tr.pte_addr[0], SV39_ROOT);
    ck_assert_uint_eq(tr.pte_addr[1], SV39_L1);
    ck_assert_uint_eq(tr.pte_addr[2], SV39_L0 + 5 * 8);
    ck_assert_uint_eq(tr.pte[2], sv39_leaf(PAGE(5), RW));
    ck_assert_uint_eq(tr.cause, 0);
}
END_TEST

START_TEST(test_debug_translate_writes_no_a_or_d)
{
    uint64_t pa;
    map_page(0x5000, PTE_V | PTE_R | PTE_W);
    ck_assert(mmu_debug_translate(h, 0x5000, ACC_STORE, PRV_S, &pa, NULL));
    ck_assert_uint_eq(sv39_pte(h, 0x5000, 0), sv39_leaf(PAGE(5), PTE_V | PTE_R | PTE_W));
}
END_TEST

START_TEST(test_debug_translate_leaves_the_tlb_untouched)
{
    uint64_t pa;
    map_page(0x5000, RW);
    map_page(0x6000, RW);
    translate(0x6000, ACC_LOAD, PRV_S);
    struct tlb_counts before = dtlb()->c;
    struct tlb_entry e0 = dtlb()->e[0];
    uint64_t tick = h->mmu.tick;
    ck_assert(mmu_debug_translate(h, 0x5000, ACC_LOAD, PRV_S, &pa, NULL));
    ck_assert(mmu_debug_translate(h, 0x6000, ACC_LOAD, PRV_S, &pa, NULL));
    ck_assert_mem_eq(&dtlb()->c, &before, sizeof before);
    ck_assert_mem_eq(&dtlb()->e[0], &e0, sizeof e0);
    ck_assert_int_eq(valid_entries(dtlb()), 1);
    ck_assert_uint_eq(h->mmu.tick, tick);
}
END_TEST

START_TEST(test_debug_translate_leaves_the_counters_unchanged)
{
    uint64_t pa;
    map_page(0x5000, PTE_V | PTE_R);
    struct mmu_counts before = h->mmu.c;
    uint64_t tick = h->mmu.tick;
    ck_assert(mmu_debug_translate(h, 0x5000, ACC_LOAD, PRV_S, &pa, NULL));
    ck_assert(!mmu_debug_translate(h, 0x5000, ACC_STORE, PRV_S, &pa, NULL));
    ck_assert_mem_eq(&h->mmu.c, &before, sizeof before);
    ck_assert_uint_eq(h->mmu.tick, tick);
}
END_TEST

START_TEST(test_debug_translate_of_a_fault_takes_no_trap)
{
    struct walk_trace tr;
    uint64_t pa;
    map_page(0x5000, R_);
    ck_assert(!mmu_debug_translate(h, 0x5000, ACC_STORE, PRV_S, &pa, &tr));
    ck_assert_uint_eq(tr.cause, CAUSE_STORE_PAGE_FAULT);
    ck_assert_ptr_nonnull(tr.why);
    ck_assert_uint_eq(h->mcause, 0);
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->exceptions, 0);
}
END_TEST

/* ---- statistics ---- */

START_TEST(test_walk_to_a_4k_leaf_reads_3_ptes)
{
    map_page(0x5000, RW);
    translate(0x5000, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(h->mmu.c.walks, 1);
    ck_assert_uint_eq(h->mmu.c.pte_reads, 3);
}
END_TEST

START_TEST(test_walk_to_a_megapage_reads_2_ptes)
{
    sv39_map(h, MEGA, 1, sv39_leaf(TEST_RAM_BASE, RW));
    translate(MEGA, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(h->mmu.c.walks, 1);
    ck_assert_uint_eq(h->mmu.c.pte_reads, 2);
}
END_TEST

START_TEST(test_walk_to_a_gigapage_reads_1_pte)
{
    sv39_map(h, GIGA, 2, sv39_leaf(TEST_RAM_BASE, RW));
    translate(GIGA, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(h->mmu.c.walks, 1);
    ck_assert_uint_eq(h->mmu.c.pte_reads, 1);
}
END_TEST

START_TEST(test_faulting_walk_counts_the_ptes_it_read)
{
    map_page(0x5000, 0);
    fault(0x5000, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(h->mmu.c.walks, 1);
    ck_assert_uint_eq(h->mmu.c.pte_reads, 3);
}
END_TEST

START_TEST(test_tlb_hit_does_not_walk)
{
    map_page(0x5000, RW);
    translate(0x5000, ACC_LOAD, PRV_S);
    translate(0x5008, ACC_LOAD, PRV_S);
    ck_assert_uint_eq(h->mmu.c.walks, 1);
    ck_assert_uint_eq(h->mmu.c.pte_reads, 3);
}
END_TEST

START_TEST(test_counts_are_charged_to_the_asid_in_satp)
{
    for (uint64_t n = 1; n <= 3; n++)
        map_page(n << PAGE_SHIFT, RW);
    translate(0x1000, ACC_LOAD, PRV_S);
    translate(0x2000, ACC_LOAD, PRV_S);
    ck_assert(csr_write(h, CSR_SATP, sv39_satp(2, SV39_ROOT)));
    translate(0x3000, ACC_LOAD, PRV_S);
    translate(0x1000, ACC_LOAD, PRV_S);           /* ASID 2 has no entry for it */
    mmu_fold(h);
    struct asid_stats *a1 = mmu_asid_stats(&h->mmu, 1), *a2 = mmu_asid_stats(&h->mmu, 2);
    ck_assert_uint_eq(a1->m.walks, 2);
    ck_assert_uint_eq(a1->m.pte_reads, 6);
    ck_assert_uint_eq(a1->tlb[TLB_D].accesses, 2);
    ck_assert_uint_eq(a2->m.walks, 2);
    ck_assert_uint_eq(a2->tlb[TLB_D].accesses, 2);
    ck_assert_uint_eq(a2->tlb[TLB_D].misses, 2);
    ck_assert_uint_eq(mmu_asid_stats(&h->mmu, 0)->m.walks, 0);
}
END_TEST

START_TEST(test_returning_to_an_asid_adds_to_its_counts)
{
    map_page(0x1000, RW);
    translate(0x1000, ACC_LOAD, PRV_S);
    ck_assert(csr_write(h, CSR_SATP, sv39_satp(2, SV39_ROOT)));
    translate(0x1000, ACC_LOAD, PRV_S);
    ck_assert(csr_write(h, CSR_SATP, sv39_satp(1, SV39_ROOT)));
    translate(0x1000, ACC_LOAD, PRV_S);           /* a hit in ASID 1 */
    mmu_fold(h);
    struct asid_stats *a1 = mmu_asid_stats(&h->mmu, 1);
    ck_assert_uint_eq(a1->tlb[TLB_D].accesses, 2);
    ck_assert_uint_eq(tlb_hits(&a1->tlb[TLB_D]), 1);
    ck_assert_uint_eq(a1->m.walks, 1);
    ck_assert_uint_eq(mmu_asid_stats(&h->mmu, 2)->m.walks, 1);
}
END_TEST

START_TEST(test_per_asid_counts_sum_to_the_totals)
{
    for (uint64_t n = 1; n <= 4; n++)
        map_page(n << PAGE_SHIFT, RW);
    for (uint16_t asid = 1; asid <= 3; asid++) {
        ck_assert(csr_write(h, CSR_SATP, sv39_satp(asid, SV39_ROOT)));
        for (uint64_t n = 1; n <= (uint64_t)asid + 1; n++)
            translate(n << PAGE_SHIFT, ACC_LOAD, PRV_S);
    }
    mmu_fold(h);
    uint64_t walks = 0, accesses = 0;
    for (uint16_t asid = 0; asid <= 3; asid++) {
        walks += mmu_asid_stats(&h->mmu, asid)->m.walks;
        accesses += mmu_asid_stats(&h->mmu, asid)->tlb[TLB_D].accesses;
    }
    ck_assert_uint_eq(walks, h->mmu.c.walks);
    ck_assert_uint_eq(accesses, dtlb()->c.accesses);
    ck_assert_uint_eq(walks, 2 + 3 + 4);
}
END_TEST

/* Regression test for a fixed bug: hart_reset (emu/hart.c) sets satp and the current ASID to 0 without folding
 * first, so the next mmu_fold charges to ASID 0 every count made under the ASID that
 * was in satp before the reset (machine_reset, e.g. a reboot through the finisher). */
START_TEST(test_reset_charges_earlier_counts_to_the_asid_before_it)
{
    map_page(0x1000, RW);
    translate(0x1000, ACC_LOAD, PRV_S);
    translate(0x1008, ACC_LOAD, PRV_S);
    hart_reset(h, 0x1000);
    mmu_fold(h);
    ck_assert_uint_eq(mmu_asid_stats(&h->mmu, 1)->tlb[TLB_D].accesses, 2);
    ck_assert_uint_eq(mmu_asid_stats(&h->mmu, 0)->tlb[TLB_D].accesses, 0);
}
END_TEST

Suite *mmu_suite(void)
{
    Suite *s = suite_create("mmu");
    TCase *tc = tcase_create("leaves");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_sv39_4k_leaf_maps_page_and_offset);
    tcase_add_test(tc, test_sv39_megapage_maps_offset_within_2mib);
    tcase_add_test(tc, test_sv39_gigapage_maps_offset_within_1gib);
    tcase_add_test(tc, test_sv39_high_canonical_va_walks_from_root_index_256);
    suite_add_tcase(s, tc);

    tc = tcase_create("walk faults");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_sv39_misaligned_megapage_faults);
    tcase_add_test(tc, test_sv39_misaligned_gigapage_faults);
    tcase_add_test(tc, test_sv39_invalid_leaf_faults);
    tcase_add_test(tc, test_sv39_invalid_non_leaf_faults);
    tcase_add_test(tc, test_sv39_write_without_read_is_reserved_and_faults);
    tcase_add_test(tc, test_sv39_write_execute_without_read_faults);
    tcase_add_test(tc, test_sv39_napot_bit_without_svnapot_faults);
    tcase_add_test(tc, test_sv39_pbmt_bits_without_svpbmt_fault);
    tcase_add_test(tc, test_sv39_reserved_bits_60_to_54_fault);
    tcase_add_test(tc, test_sv39_reserved_bits_in_non_leaf_pte_fault);
    tcase_add_test(tc, test_sv39_non_leaf_pte_at_level_0_faults);
    tcase_add_test(tc, test_sv39_non_canonical_va_faults);
    tcase_add_test(tc, test_sv39_non_canonical_va_faults_even_when_its_low_bits_are_cached);
    tcase_add_test(tc, test_sv39_pte_outside_ram_is_access_fault_by_access_kind);
    tcase_add_test(tc, test_sv39_root_outside_ram_is_access_fault);
    tcase_add_test(tc, test_sv39_pte_read_denied_by_pmp_is_access_fault);
    suite_add_tcase(s, tc);

    tc = tcase_create("permissions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_sv39_store_to_read_only_page_faults);
    tcase_add_test(tc, test_sv39_fetch_from_page_without_x_faults);
    tcase_add_test(tc, test_sv39_load_from_execute_only_page_faults);
    tcase_add_test(tc, test_sv39_mxr_makes_execute_only_page_readable);
    tcase_add_test(tc, test_sv39_mxr_does_not_make_execute_only_page_writable);
    tcase_add_test(tc, test_sv39_s_mode_access_to_u_page_faults_without_sum);
    tcase_add_test(tc, test_sv39_s_mode_accesses_u_page_with_sum);
    tcase_add_test(tc, test_sv39_s_mode_never_executes_u_page_even_with_sum);
    tcase_add_test(tc, test_sv39_u_mode_cannot_access_s_page);
    tcase_add_test(tc, test_sv39_u_mode_accesses_u_page);
    tcase_add_test(tc, test_m_mode_is_never_translated);
    tcase_add_test(tc, test_bare_satp_is_not_translated);
    tcase_add_test(tc, test_mprv_translates_m_mode_data_as_mpp);
    tcase_add_test(tc, test_mprv_with_mpp_u_faults_on_s_page);
    tcase_add_test(tc, test_mprv_does_not_translate_fetches);
    suite_add_tcase(s, tc);

    tc = tcase_create("accessed and dirty");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_sv39_load_sets_a_but_not_d_in_the_pte);
    tcase_add_test(tc, test_sv39_fetch_sets_a_but_not_d_in_the_pte);
    tcase_add_test(tc, test_sv39_store_sets_a_and_d_in_the_pte);
    tcase_add_test(tc, test_sv39_store_after_load_sets_d);
    tcase_add_test(tc, test_sv39_load_with_a_set_writes_no_pte);
    tcase_add_test(tc, test_sv39_store_with_a_and_d_set_writes_no_pte);
    tcase_add_test(tc, test_svade_load_with_a_clear_faults_and_leaves_the_pte);
    tcase_add_test(tc, test_svade_store_with_d_clear_faults_but_load_succeeds);
    tcase_add_test(tc, test_faulting_walk_sets_no_a_or_d);
    tcase_add_test(tc, test_faulting_walk_fills_no_tlb_entry);
    suite_add_tcase(s, tc);

    tc = tcase_create("traps");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_page_fault_causes_are_12_13_15_by_access_kind);
    tcase_add_test(tc, test_page_fault_sets_mtval_to_the_faulting_va);
    tcase_add_test(tc, test_delegated_page_fault_sets_scause_and_stval);
    tcase_add_test(tc, test_access_fault_of_the_walk_sets_mtval_to_the_va);
    tcase_add_test(tc, test_faults_are_counted_by_kind_and_privilege);
    suite_add_tcase(s, tc);

    tc = tcase_create("debug walk");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_debug_translate_gives_the_walk_and_its_trace);
    tcase_add_test(tc, test_debug_translate_writes_no_a_or_d);
    tcase_add_test(tc, test_debug_translate_leaves_the_tlb_untouched);
    tcase_add_test(tc, test_debug_translate_leaves_the_counters_unchanged);
    tcase_add_test(tc, test_debug_translate_of_a_fault_takes_no_trap);
    suite_add_tcase(s, tc);

    tc = tcase_create("statistics");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_walk_to_a_4k_leaf_reads_3_ptes);
    tcase_add_test(tc, test_walk_to_a_megapage_reads_2_ptes);
    tcase_add_test(tc, test_walk_to_a_gigapage_reads_1_pte);
    tcase_add_test(tc, test_faulting_walk_counts_the_ptes_it_read);
    tcase_add_test(tc, test_tlb_hit_does_not_walk);
    tcase_add_test(tc, test_counts_are_charged_to_the_asid_in_satp);
    tcase_add_test(tc, test_returning_to_an_asid_adds_to_its_counts);
    tcase_add_test(tc, test_per_asid_counts_sum_to_the_totals);
    tcase_add_test(tc, test_reset_charges_earlier_counts_to_the_asid_before_it);
    suite_add_tcase(s, tc);
    return s;
}
