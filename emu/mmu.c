/* Sv39 translation (privileged spec §4.3-4.4) behind the TLB model. The walk follows
 * the spec's algorithm step by step; every PTE read, A/D write, walk and fault is
 * counted here and nowhere else. */
#include "mmu.h"

#include <stdlib.h>
#include <string.h>

#include "hart.h"

#define PTE_PPN(p)    (((p) >> 10) & ((1ull << 44) - 1))
#define PTE_RESERVED  (~0ull << 54)      /* N, PBMT and bits 60:54: no Svnapot/Svpbmt */

static const uint64_t page_fault[3] = { CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT,
                                        CAUSE_STORE_PAGE_FAULT };
static const uint64_t access_fault[3] = { CAUSE_FETCH_ACCESS, CAUSE_LOAD_ACCESS,
                                          CAUSE_STORE_ACCESS };

void mmu_init(struct mmu *m)
{
    if (!(m->asids = calloc(1, sizeof *m->asids)))
        abort();
}

void mmu_free(struct mmu *m)
{
    tlb_set_free(&m->tlbs);
    for (int i = 0; i < m->nshadow; i++)
        tlb_set_free(&m->shadow[i]);
    free(m->shadow);
    if (m->asids) {
        for (int i = 0; i < 65536; i++)
            if (m->asids->asid[i])      /* free(NULL) is not free under ASan */
                free(m->asids->asid[i]);
        free(m->asids->satp_seen);
    }
    free(m->asids);
    m->asids = NULL;
}

bool mmu_active(const struct hart *h, int priv)
{
    return priv < PRV_M && SATP_MODE(h->satp) == 8;
}

struct asid_stats *mmu_asid_stats(struct mmu *m, uint16_t asid)
{
    struct asid_stats **a = &m->asids->asid[asid];
    if (!*a && !(*a = calloc(1, sizeof **a)))
        abort();
    return *a;
}

static void add_tlb_counts(struct tlb_counts *dst, const struct tlb_counts *now,
                           struct tlb_counts *folded)
{
    dst->accesses += now->accesses - folded->accesses;
    dst->misses += now->misses - folded->misses;
    dst->evictions += now->evictions - folded->evictions;
    dst->fills += now->fills - folded->fills;
    for (int k = 0; k < FLUSH_KINDS; k++)
        dst->flushes[k] += now->flushes[k] - folded->flushes[k];
    dst->flushed_entries += now->flushed_entries - folded->flushed_entries;
    *folded = *now;
}

/* Per-ASID counts are the deltas since the last fold, charged to the ASID in satp:
 * every access between two folds was made under that ASID. */
void mmu_fold(struct hart *h)
{
    struct mmu *m = &h->mmu;
    struct asid_table *t = m->asids;
    struct asid_stats *a = mmu_asid_stats(m, t->cur_asid);
    for (int i = 0; i < TLB_COUNT; i++)
        add_tlb_counts(&a->tlb[i], &m->tlbs.tlb[i].c, &t->t_folded[i]);
    const uint64_t *now = (const uint64_t *)&m->c;
    uint64_t *old = (uint64_t *)&t->c_folded, *dst = (uint64_t *)&a->m;
    for (size_t i = 0; i < sizeof m->c / sizeof(uint64_t); i++) {
        dst[i] += now[i] - old[i];
        old[i] = now[i];
    }
}

void mmu_satp_changed(struct hart *h)
{
    struct asid_table *t = h->mmu.asids;
    mmu_fold(h);
    t->cur_asid = SATP_ASID(h->satp);
    if (SATP_MODE(h->satp) == SATP_MODE_SV39) {
        if (!t->satp_seen && !(t->satp_seen = calloc(65536, sizeof *t->satp_seen)))
            abort();
        t->satp_seen[t->cur_asid] = h->satp;
    }
}

bool mmu_asid_root(const struct mmu *m, uint16_t asid, uint64_t *satp)
{
    if (!m->asids->satp_seen || !m->asids->satp_seen[asid])
        return false;
    *satp = m->asids->satp_seen[asid];
    return true;
}

/* The walk of §4.3.2 from satp's root. Returns 0 with the leaf in *leaf, or the
 * exception cause. With debug set nothing is written or counted. */
static uint64_t walk(struct hart *h, uint64_t satp, uint64_t va, int kind, int priv, bool debug,
                     struct walk_trace *tr, struct tlb_entry *leaf)
{
    struct mmu *m = &h->mmu;
    bool sum = h->mstatus & MSTATUS_SUM, mxr = h->mstatus & MSTATUS_MXR;
    uint64_t a = SATP_PPN(satp) << PAGE_SHIFT, pte = 0, pte_addr = 0;
    bool global = false;
    int level;

    tr->va = va;
    tr->kind = kind;
    tr->priv = priv;
    tr->nlevels = 0;
    tr->leaf_level = -1;
    tr->pa = 0;
    if (!debug)
        m->c.walks++;
    /* Sv39: bits 63:39 must equal bit 38. */
    if ((uint64_t)((int64_t)(va << 25) >> 25) != va) {
        tr->why = "virtual address not sign-extended from bit 38";
        return page_fault[kind];
    }
    for (level = 2; ; level--) {
        pte_addr = a + ((va >> (PAGE_SHIFT + 9 * level)) & 511) * 8;
        struct mem_region *r = bus_region(h->bus, pte_addr, 8);
        if (!r || !pmp_allows(h, pte_addr, 8, ACC_LOAD, PRV_S)) {
            tr->why = "PTE address outside RAM or denied by PMP";
            return access_fault[kind];
        }
        memcpy(&pte, r->host + (pte_addr - r->base), 8);
        if (!debug)
            m->c.pte_reads++;
        tr->pte_addr[tr->nlevels] = pte_addr;
        tr->pte[tr->nlevels] = pte;
        tr->nlevels++;
        if (!(pte & PTE_V)) {
            tr->why = "PTE not valid (V=0)";
            return page_fault[kind];
        }
        if (!(pte & PTE_R) && (pte & PTE_W)) {
            tr->why = "reserved PTE encoding (W without R)";
            return page_fault[kind];
        }
        if (pte & PTE_RESERVED) {
            tr->why = "reserved PTE bits 63:54 set";
            return page_fault[kind];
        }
        if (pte & (PTE_R | PTE_X))
            break;                              /* a leaf */
        if (level == 0) {
            tr->why = "non-leaf PTE at level 0";
            return page_fault[kind];
        }
        global |= pte & PTE_G;
        a = PTE_PPN(pte) << PAGE_SHIFT;
    }
    tr->leaf_level = level;
    uint64_t ppn = PTE_PPN(pte), low = (1ull << (9 * level)) - 1;
    if (ppn & low) {
        tr->why = "misaligned superpage";
        return page_fault[kind];
    }
    if (!tlb_perm_ok((uint8_t)pte, kind, priv, sum, mxr)) {
        tr->why = "permission denied by the leaf PTE";
        return page_fault[kind];
    }
    bool need_d = kind == ACC_STORE && !(pte & PTE_D);
    if (!(pte & PTE_A) || need_d) {
        if (m->svade) {
            tr->why = need_d ? "D clear on a store (--svade)" : "A clear (--svade)";
            return page_fault[kind];
        }
        uint64_t npte = pte | PTE_A | (kind == ACC_STORE ? PTE_D : 0);
        if (!debug) {
            if (!pmp_allows(h, pte_addr, 8, ACC_STORE, PRV_S)) {
                tr->why = "PTE A/D update denied by PMP";
                return access_fault[kind];
            }
            bus_write(h->bus, pte_addr, 8, npte);
            m->c.ad_writes++;
        }
        pte = npte;
    }
    uint64_t vpn = (va >> PAGE_SHIFT) & ((1ull << 27) - 1);
    leaf->valid = true;
    leaf->level = (uint8_t)level;
    leaf->perm = (uint8_t)((pte & 0xfe) | (global ? PTE_G : 0));
    leaf->asid = SATP_ASID(h->satp);
    leaf->vpn = vpn & ~low;
    leaf->ppn = ppn & ~low;
    leaf->ptes_addr = pte_addr;
    tr->pa = ((ppn | (vpn & low)) << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
    tr->cause = 0;
    tr->why = NULL;
    return 0;
}

static inline bool entry_ok(const struct tlb_entry *e, int kind, int priv, bool sum, bool mxr)
{
    return tlb_perm_ok(e->perm, kind, priv, sum, mxr) &&
           (kind != ACC_STORE || (e->perm & PTE_D));
}

bool mmu_entry_allows(const struct hart *h, const struct tlb_entry *e, int kind, int priv)
{
    return entry_ok(e, kind, priv, h->mstatus & MSTATUS_SUM, h->mstatus & MSTATUS_MXR);
}

/* Feeds one translation to a shadow model: hit if an entry allows it, otherwise
 * a miss filled from the real walk's leaf (leaf NULL: the walk faulted, no fill). */
static void shadow_access(struct mmu *m, struct tlb_set *s, int kind, int priv, bool sum,
                          bool mxr, uint64_t va, uint16_t asid, const struct tlb_entry *leaf)
{
    struct tlb *t = &s->tlb[kind == ACC_FETCH ? TLB_I : TLB_D];
    struct tlb_entry *e = tlb_lookup(t, va, asid);
    if (e && entry_ok(e, kind, priv, sum, mxr)) {
        tlb_touch(t, e, ++m->tick);
        return;
    }
    if (e)
        tlb_invalidate(t, e);
    tlb_count_miss(t);
    if (s->has_l2) {
        struct tlb *l2 = &s->tlb[TLB_L2];
        struct tlb_entry *e2 = tlb_lookup(l2, va, asid);
        if (e2 && entry_ok(e2, kind, priv, sum, mxr)) {
            tlb_touch(l2, e2, ++m->tick);
            tlb_fill(t, e2, ++m->tick);
            return;
        }
        if (e2)
            tlb_invalidate(l2, e2);
        tlb_count_miss(l2);
        if (leaf)
            tlb_fill(l2, leaf, ++m->tick);
    }
    if (leaf)
        tlb_fill(t, leaf, ++m->tick);
}

bool mmu_translate(struct hart *h, uint64_t pc, uint64_t va, int kind, int priv, uint64_t *pa)
{
    struct mmu *m = &h->mmu;
    h->last_model = NULL;
    if (!mmu_active(h, priv)) {
        *pa = va;
        return true;
    }
    /* Sv39: bits 63:39 must equal bit 38, checked before any TLB lookup (the TLB
     * tags hold only VA bits 38:12). */
    if ((uint64_t)((int64_t)(va << 25) >> 25) != va) {
        m->last_walk = (struct walk_trace){ .va = va, .kind = kind, .priv = priv,
            .leaf_level = -1, .cause = page_fault[kind],
            .why = "virtual address not sign-extended from bit 38" };
        m->c.page_faults[kind][priv]++;
        hart_trap(h, pc, page_fault[kind], va);
        return false;
    }
    bool sum = h->mstatus & MSTATUS_SUM, mxr = h->mstatus & MSTATUS_MXR;
    uint16_t asid = SATP_ASID(h->satp);
    struct tlb *t = &m->tlbs.tlb[kind == ACC_FETCH ? TLB_I : TLB_D];
    struct tlb_entry *e = tlb_lookup(t, va, asid), leaf;
    bool store = kind == ACC_STORE;
    m->c.dtlb_store_accesses += store;

    if (e && entry_ok(e, kind, priv, sum, mxr)) {
        bus_prefetch(h->bus, tlb_entry_pa(e, va));
        tlb_touch(t, e, ++m->tick);
        leaf = *e;
        goto done;
    }
    /* A stale or insufficient entry (e.g. D clear on a store) misses and refills. */
    if (e)
        tlb_invalidate(t, e);
    tlb_count_miss(t);
    m->c.dtlb_store_misses += store;
    if (m->tlbs.has_l2) {
        struct tlb *l2 = &m->tlbs.tlb[TLB_L2];
        struct tlb_entry *e2 = tlb_lookup(l2, va, asid);
        if (e2 && entry_ok(e2, kind, priv, sum, mxr)) {
            bus_prefetch(h->bus, tlb_entry_pa(e2, va));
            tlb_touch(l2, e2, ++m->tick);
            leaf = *e2;
            e = tlb_fill(t, e2, ++m->tick);
            goto done;
        }
        if (e2)
            tlb_invalidate(l2, e2);
        tlb_count_miss(l2);
    }
    uint64_t cause = walk(h, h->satp, va, kind, priv, false, &m->last_walk, &leaf);
    m->last_walk.cause = cause;
    if (cause) {
        if (cause == page_fault[kind])
            m->c.page_faults[kind][priv]++;
        else
            m->c.access_faults[kind][priv]++;
        for (int i = 0; i < m->nshadow; i++)
            shadow_access(m, &m->shadow[i], kind, priv, sum, mxr, va, asid, NULL);
        hart_trap(h, pc, cause, va);
        return false;
    }
    bus_prefetch(h->bus, m->last_walk.pa);
    if (m->tlbs.has_l2)
        tlb_fill(&m->tlbs.tlb[TLB_L2], &leaf, ++m->tick);
    e = tlb_fill(t, &leaf, ++m->tick);
done:
    for (int i = 0; i < m->nshadow; i++)
        shadow_access(m, &m->shadow[i], kind, priv, sum, mxr, va, asid, &leaf);
    h->last_model = e;
    *pa = tlb_entry_pa(&leaf, va);
    return true;
}

bool mmu_debug_translate(struct hart *h, uint64_t va, int kind, int priv, uint64_t *pa,
                         struct walk_trace *tr)
{
    return mmu_debug_translate_satp(h, h->satp, va, kind, priv, pa, tr);
}

bool mmu_debug_translate_satp(struct hart *h, uint64_t satp, uint64_t va, int kind, int priv,
                              uint64_t *pa, struct walk_trace *tr)
{
    struct walk_trace local;
    struct tlb_entry leaf;
    if (!tr)
        tr = &local;
    if (priv == PRV_M || SATP_MODE(satp) != SATP_MODE_SV39) {
        memset(tr, 0, sizeof *tr);
        tr->va = va;
        tr->pa = va;
        tr->leaf_level = -1;
        *pa = va;
        return true;
    }
    tr->cause = walk(h, satp, va, kind, priv, true, tr, &leaf);
    *pa = tr->pa;
    return tr->cause == 0;
}

void mmu_sfence(struct hart *h, uint64_t va, bool has_va, uint16_t asid, bool has_asid)
{
    struct mmu *m = &h->mmu;
    enum tlb_flush_kind kind = has_va ? (has_asid ? FLUSH_VA_ASID : FLUSH_VA)
                                      : (has_asid ? FLUSH_ASID : FLUSH_ALL);
    /* M-mode serving another hart's software interrupt: firmware doing a remote fence
     * (SBI RFENCE) for it. */
    bool remote = h->remote_ipi && h->priv == PRV_M;
    int n = 0;
    for (int i = 0; i < TLB_COUNT; i++)
        if (i != TLB_L2 || m->tlbs.has_l2)
            n += tlb_flush(&m->tlbs.tlb[i], kind, va, asid, remote);
    for (int s = 0; s < m->nshadow; s++)
        for (int i = 0; i < TLB_COUNT; i++)
            if (i != TLB_L2 || m->shadow[s].has_l2)
                tlb_flush(&m->shadow[s].tlb[i], kind, va, asid, remote);
    if (remote) {
        h->remote_fences++;
        h->shootdowns += (uint64_t)n;
        /* One request (an SBI RFENCE reaching this hart) however many pages it fences:
         * each one comes with a software interrupt of its own. */
        if (h->fence_request_ipi != h->ipis_received) {
            h->fence_request_ipi = h->ipis_received;
            h->fence_requests++;
        }
    }
    mmu_fold(h);
}

/* ---- geometry ---- */

/* Geometries from the cores' manuals; replacement policies are not documented there,
 * so the policy is our choice (LRU), and says so. */
const struct tlb_preset tlb_presets[] = {
    { "u54", "itlb=32x32,dtlb=32x32,policy=lru",
      "SiFive U54 (PolarFire SoC MSS manual, MMU: 32-entry fully associative instruction "
      "and data translation caches)" },
    { "a53", "itlb=10x10,dtlb=10x10,l2=512x4,policy=lru",
      "Arm Cortex-A53 (Intel Stratix 10 HPS TRM, Translation Lookaside Buffers: 10-entry "
      "fully associative micro TLBs, 512-entry 4-way main TLB)" },
    { "a76", "itlb=48x48,dtlb=48x48,l2=1280x5,policy=lru",
      "Arm Cortex-A76 (Cortex-A76 TRM A5.2: 48-entry fully associative L1 TLBs, "
      "1280-entry 5-way L2 TLB)" },
    { "tiny", "itlb=4x4,dtlb=4x4,policy=lru", "a teaching size: misses every few pages" },
    { NULL, NULL, NULL },
};
const char *const tlb_default_preset = "u54";

static bool bad_spec(char *err, int errlen, const char *what, const char *spec)
{
    snprintf(err, (size_t)errlen, "--tlb %s: %s", spec, what);
    return false;
}

/* "u54, a53, a76, tiny": the presets' names. */
static void preset_names(char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    for (int i = 0; tlb_presets[i].name && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", tlb_presets[i].name);
}

/* A policy named in spec (after policy= or a geometry's ':'). */
static bool parse_policy(const char *name, enum tlb_policy *p, char *err, int errlen,
                         const char *spec)
{
    if (tlb_parse_policy(name, p))
        return true;
    char what[400];
    snprintf(what, sizeof what, "unknown policy '%.60s' (policies: %s)", name, TLB_POLICY_NAMES);
    return bad_spec(err, errlen, what, spec);
}

bool tlb_set_parse(struct tlb_set *s, const char *spec, char *err, int errlen)
{
    for (int i = 0; tlb_presets[i].name; i++)
        if (strcmp(spec, tlb_presets[i].name) == 0)
            return tlb_set_parse(s, tlb_presets[i].spec, err, errlen) &&
                   (snprintf(s->spec, sizeof s->spec, "%s", spec), true);
    memset(s, 0, sizeof *s);
    snprintf(s->spec, sizeof s->spec, "%s", spec);
    enum tlb_policy policy = POLICY_LRU;
    char buf[256];
    const char *geo[TLB_COUNT] = { NULL, NULL, NULL };
    enum tlb_policy geo_policy[TLB_COUNT] = { POLICY_LRU, POLICY_LRU, POLICY_LRU };
    bool has_policy[TLB_COUNT] = { false, false, false };
    snprintf(buf, sizeof buf, "%s", spec);
    static char geobuf[TLB_COUNT][64];
    /* items split at every ',' (strtok would skip empty ones) */
    for (char *tok = buf, *next; tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = 0;
        if (!*tok)
            return bad_spec(err, errlen, "an empty item (items are separated by one ',')",
                            spec);
        char *eq = strchr(tok, '=');
        if (!eq) {
            char what[400], presets[64];
            preset_names(presets, sizeof presets);
            snprintf(what, sizeof what, "'%.60s' is neither a preset (%s) nor a key=value item "
                     "(itlb=, dtlb=, l2=ENTRIESxWAYS[:policy], policy=)", tok, presets);
            return bad_spec(err, errlen, what, spec);
        }
        *eq = 0;
        char *v = eq + 1;
        int idx = strcmp(tok, "itlb") == 0 ? TLB_I : strcmp(tok, "dtlb") == 0 ? TLB_D
                : strcmp(tok, "l2") == 0 ? TLB_L2 : -1;
        if (idx >= 0) {
            char *colon = strchr(v, ':');
            if (colon) {
                *colon = 0;
                if (!parse_policy(colon + 1, &geo_policy[idx], err, errlen, spec))
                    return false;
                has_policy[idx] = true;
            }
            snprintf(geobuf[idx], sizeof geobuf[idx], "%s", v);
            geo[idx] = geobuf[idx];
        } else if (strcmp(tok, "policy") == 0) {
            if (!parse_policy(v, &policy, err, errlen, spec))
                return false;
        } else {
            char what[400], presets[64];
            preset_names(presets, sizeof presets);
            snprintf(what, sizeof what, "unknown item '%.60s' (itlb, dtlb, l2, policy, or one "
                     "preset alone: %s)", tok, presets);
            return bad_spec(err, errlen, what, spec);
        }
    }
    static const char *const names[TLB_COUNT] = { "ITLB", "DTLB", "L2" };
    static const char *const dflt[TLB_COUNT] = { "32x32", "32x32", NULL };
    for (int i = 0; i < TLB_COUNT; i++) {
        const char *g = geo[i] ? geo[i] : dflt[i];
        if (!g)
            continue;
        struct tlb_config *c = &s->tlb[i].cfg;
        if (!tlb_parse_geometry(g, c, has_policy[i] ? geo_policy[i] : policy))
            return bad_spec(err, errlen, "geometry must be ENTRIESxWAYS[:policy], e.g. 64x4 "
                            "(ways at most entries)", spec);
        snprintf(c->name, sizeof c->name, "%s", names[i]);
        if (i == TLB_L2)
            s->has_l2 = true;
    }
    if (!tlb_set_init(s))
        return bad_spec(err, errlen, "entries must be a multiple of ways with a power-of-two "
                        "number of sets (plru: ways a power of two, at most 64)", spec);
    return true;
}

bool mmu_configure(struct hart *h, const char *tlb_spec, const char *shadow_specs,
                   bool svade, char *err, int errlen)
{
    struct mmu *mmu = &h->mmu;
    mmu->svade = svade;
    if (tlb_spec) {
        struct tlb_set s;
        if (!tlb_set_parse(&s, tlb_spec, err, errlen))
            return false;
        tlb_set_free(&mmu->tlbs);
        mmu->tlbs = s;
        hart_attach_tlbs(h);
    }
    if (shadow_specs) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", shadow_specs);
        for (char *tok = buf, *next; tok; tok = next) {        /* split at every ';' */
            next = strchr(tok, ';');
            if (next)
                *next++ = 0;
            if (!*tok) {
                snprintf(err, (size_t)errlen, "--shadow-tlb %s: an empty item (TLB specs are "
                         "separated by one ';')", shadow_specs);
                return false;
            }
            struct tlb_set s;
            char e[512];
            if (!tlb_set_parse(&s, tok, e, sizeof e)) {
                snprintf(err, (size_t)errlen, "--shadow-tlb: %s", e + 6);  /* after "--tlb " */
                return false;
            }
            mmu->shadow = realloc(mmu->shadow, (size_t)(mmu->nshadow + 1) * sizeof s);
            if (!mmu->shadow)
                abort();
            mmu->shadow[mmu->nshadow++] = s;
        }
    }
    return true;
}

bool tlb_set_init(struct tlb_set *s)
{
    for (int i = 0; i < TLB_COUNT; i++) {
        if (i == TLB_L2 && !s->has_l2)
            continue;
        struct tlb_config c = s->tlb[i].cfg;
        if (!tlb_init(&s->tlb[i], &c)) {
            tlb_set_free(s);            /* the TLBs made before this one */
            return false;
        }
    }
    return true;
}

void tlb_set_free(struct tlb_set *s)
{
    for (int i = 0; i < TLB_COUNT; i++)
        tlb_free(&s->tlb[i]);
}
