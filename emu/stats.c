/* Statistics output. Both forms print the same numbers; the JSON schema is described
 * in README ("Statistics") and versioned by STATS_VERSION. */
#include "stats.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

static const char *const tlb_names[TLB_COUNT] = { "itlb", "dtlb", "l2" };
static const char *const kind_names[3] = { "fetch", "load", "store" };
static const char *const priv_names[4] = { "U", "S", "H", "M" };
static const char *const flush_names[FLUSH_KINDS] = { "all", "asid", "va", "va_asid" };

static double rate(uint64_t hits, uint64_t acc)
{
    return acc ? 100.0 * (double)hits / (double)acc : 0.0;
}

static bool tlb_present(const struct tlb_set *s, int i)
{
    return i != TLB_L2 || s->has_l2;
}

/* One TLB set's table: a column per TLB, as wide as its widest geometry and two spaces
 * more (so "32x32 lru" and "256x256 random" stay apart), at least 14. */
static void print_set(FILE *f, const struct tlb_set *s, const struct tlb_counts *c)
{
    char geo[TLB_COUNT][40];
    int w = 14;
    for (int i = 0; i < TLB_COUNT; i++) {
        int n = snprintf(geo[i], sizeof geo[i], "%dx%d %s", s->tlb[i].cfg.entries,
                         s->tlb[i].cfg.ways, tlb_policy_name(s->tlb[i].cfg.policy));
        if (tlb_present(s, i) && n + 2 > w)
            w = n + 2;
    }
    fprintf(f, "  %-18s", "");
    for (int i = 0; i < TLB_COUNT; i++)
        if (tlb_present(s, i))
            fprintf(f, " %*s", w, tlb_names[i]);
    fprintf(f, "\n  %-18s", "geometry");
    for (int i = 0; i < TLB_COUNT; i++)
        if (tlb_present(s, i))
            fprintf(f, " %*s", w, geo[i]);
    fputc('\n', f);
/* a row of value (an expression of c[i]) for each TLB present */
#define ROW_OF(label, value) do { \
        fprintf(f, "  %-18s", label); \
        for (int i = 0; i < TLB_COUNT; i++) \
            if (tlb_present(s, i)) \
                fprintf(f, " %*" PRIu64, w, (uint64_t)(value)); \
        fputc('\n', f); } while (0)
#define ROW(label, field) ROW_OF(label, c[i].field)
    ROW("accesses", accesses);
    ROW_OF("hits", tlb_hits(&c[i]));
    ROW("misses", misses);
    fprintf(f, "  %-18s", "hit rate");
    for (int i = 0; i < TLB_COUNT; i++)
        if (tlb_present(s, i))
            fprintf(f, " %*.2f%%", w - 1, rate(tlb_hits(&c[i]), c[i].accesses));
    /* a rate near 100% hides a few misses: misses per 1000 accesses shows them */
    fprintf(f, "\n  %-18s", "misses /1000 acc");
    for (int i = 0; i < TLB_COUNT; i++)
        if (tlb_present(s, i))
            fprintf(f, " %*.2f", w, c[i].accesses ? 1000.0 * (double)c[i].misses /
                                                    (double)c[i].accesses : 0.0);
    fputc('\n', f);
    ROW("fills", fills);
    ROW("evictions", evictions);
    for (int k = 0; k < FLUSH_KINDS; k++) {
        char label[32];
        snprintf(label, sizeof label, "sfence %s", flush_names[k]);
        ROW(label, flushes[k]);
    }
    ROW("flushed entries", flushed_entries);
#undef ROW
#undef ROW_OF
}

/* ---- counts of one hart, or of several added together ---- */

struct counts {
    uint64_t instret, by_priv[4];
    uint64_t fp_host, fp_soft;
    struct tlb_counts tlb[TLB_COUNT];
    struct mmu_counts m;
    uint64_t ipis, remote_fences, shootdowns, fence_requests;
};

static void add_tlb(struct tlb_counts *dst, const struct tlb_counts *src)
{
    uint64_t *d = (uint64_t *)dst;
    const uint64_t *s = (const uint64_t *)src;
    for (size_t i = 0; i < sizeof *dst / sizeof(uint64_t); i++)
        d[i] += s[i];
}

static void add_mmu(struct mmu_counts *dst, const struct mmu_counts *src)
{
    uint64_t *d = (uint64_t *)dst;
    const uint64_t *s = (const uint64_t *)src;
    for (size_t i = 0; i < sizeof *dst / sizeof(uint64_t); i++)
        d[i] += s[i];
}

static void add_hart(struct counts *t, struct hart *h)
{
    mmu_fold(h);
    t->instret += h->instret;
    for (int p = 0; p < 4; p++)
        t->by_priv[p] += h->insns_by_priv[p];
    t->fp_host += h->fp_host;
    t->fp_soft += h->fp_soft;
    for (int i = 0; i < TLB_COUNT; i++)
        add_tlb(&t->tlb[i], &h->mmu.tlbs.tlb[i].c);
    add_mmu(&t->m, &h->mmu.c);
    t->ipis += h->ipis_received;
    t->remote_fences += h->remote_fences;
    t->shootdowns += h->shootdowns;
    t->fence_requests += h->fence_requests;
}

static struct counts all_harts(struct machine *mach)
{
    struct counts t = { 0 };
    for (int i = 0; i < mach->bus.nharts; i++)
        add_hart(&t, machine_hart(mach, i));
    return t;
}

/* One ASID's counts, every hart's together; false when no hart ever used it. */
static bool asid_counts(struct machine *mach, int a, struct asid_stats *out)
{
    bool any = false;
    memset(out, 0, sizeof *out);
    for (int i = 0; i < mach->bus.nharts; i++) {
        const struct asid_stats *s = machine_hart(mach, i)->mmu.asids->asid[a];
        if (!s)
            continue;
        any = true;
        for (int t = 0; t < TLB_COUNT; t++)
            add_tlb(&out->tlb[t], &s->tlb[t]);
        add_mmu(&out->m, &s->m);
    }
    return any;
}

/* Shadow model k's counts, every hart's together (each hart has the same shadows). */
static void shadow_counts(struct machine *mach, int k, struct tlb_counts c[TLB_COUNT])
{
    memset(c, 0, sizeof(struct tlb_counts) * TLB_COUNT);
    for (int i = 0; i < mach->bus.nharts; i++)
        for (int t = 0; t < TLB_COUNT; t++)
            add_tlb(&c[t], &machine_hart(mach, i)->mmu.shadow[k].tlb[t].c);
}

static uint64_t faults_of(const struct mmu_counts *c)
{
    uint64_t n = 0;
    for (int k = 0; k < 3; k++)
        for (int p = 0; p < 4; p++)
            n += c->page_faults[k][p];
    return n;
}

/* ---- since `stats reset` ---- */

/* What `stats reset` saw: every count then (all harts', each hart's, each shadow
 * model's, each ASID's), subtracted from what is printed after, so a phase can be
 * measured without disturbing the counts the harts keep (hpm counters are differences
 * of the same totals). */
struct stats_base {
    struct counts total;
    int nharts;
    struct counts *hart;
    struct tlb_counts (*shadow)[TLB_COUNT];
    struct asid_stats *asid[65536];
};

/* The count structs hold nothing but uint64_t: a -= b field by field. */
_Static_assert(sizeof(struct tlb_counts) % 8 == 0 && sizeof(struct mmu_counts) % 8 == 0 &&
               sizeof(struct asid_stats) % 8 == 0 && sizeof(struct counts) % 8 == 0,
               "count structs of uint64_t");
static void sub_counts(void *a, const void *b, size_t size)
{
    uint64_t *x = a;
    const uint64_t *y = b;
    for (size_t i = 0; i < size / sizeof *x; i++)
        x[i] -= y[i];
}

static struct counts hart_counts(struct machine *mach, int i)
{
    struct counts h = { 0 };
    add_hart(&h, machine_hart(mach, i));
    return h;
}

/* Every hart's counts since the last reset. */
static struct counts total_view(struct machine *mach)
{
    struct counts t = all_harts(mach);
    if (mach->stats_base)
        sub_counts(&t, &mach->stats_base->total, sizeof t);
    return t;
}

/* Hart i's counts since the last reset. */
static struct counts hart_view(struct machine *mach, int i)
{
    struct counts h = hart_counts(mach, i);
    const struct stats_base *b = mach->stats_base;
    if (b && b->hart && i < b->nharts)
        sub_counts(&h, &b->hart[i], sizeof h);
    return h;
}

/* Shadow model k's counts since the last reset. */
static void shadow_view(struct machine *mach, int k, struct tlb_counts c[TLB_COUNT])
{
    shadow_counts(mach, k, c);
    if (mach->stats_base && mach->stats_base->shadow)
        sub_counts(c, mach->stats_base->shadow[k], sizeof(struct tlb_counts) * TLB_COUNT);
}

/* ASID a's counts since the last reset; false when no hart ever used it. */
static bool asid_view(struct machine *mach, int a, struct asid_stats *out)
{
    const struct stats_base *b = mach->stats_base;
    if (!asid_counts(mach, a, out))
        return false;
    if (b && b->asid[a])
        sub_counts(out, b->asid[a], sizeof *out);
    return true;
}

void stats_reset(struct machine *mach)
{
    const struct mmu *m = &machine_hart(mach, 0)->mmu;
    struct stats_base *b = mach->stats_base;
    if (!b && !(b = mach->stats_base = calloc(1, sizeof *b)))
        return;
    b->total = all_harts(mach);
    free(b->hart);
    b->nharts = mach->bus.nharts;
    if ((b->hart = calloc((size_t)b->nharts, sizeof *b->hart)))
        for (int i = 0; i < b->nharts; i++)
            b->hart[i] = hart_counts(mach, i);
    free(b->shadow);
    b->shadow = m->nshadow ? calloc((size_t)m->nshadow, sizeof *b->shadow) : NULL;
    for (int i = 0; i < m->nshadow && b->shadow; i++)
        shadow_counts(mach, i, b->shadow[i]);
    for (int a = 0; a < 65536; a++) {
        struct asid_stats s;
        if (asid_counts(mach, a, &s) && (b->asid[a] || (b->asid[a] = malloc(sizeof s))))
            *b->asid[a] = s;
        else if (b->asid[a])
            memset(b->asid[a], 0, sizeof s);
    }
}

void stats_free(struct machine *mach)
{
    struct stats_base *b = mach->stats_base;
    if (!b)
        return;
    for (int a = 0; a < 65536; a++)
        free(b->asid[a]);
    free(b->hart);
    free(b->shadow);
    free(b);
    mach->stats_base = NULL;
}

/* "12.34": misses per 1000 accesses. */
static void per_1000(char *buf, size_t len, uint64_t misses, uint64_t accesses)
{
    if (!accesses)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.2f", 1000.0 * (double)misses / (double)accesses);
}

/* ---- the table ---- */

void stats_print(struct machine *mach, FILE *f)
{
    const struct mmu *m = &machine_hart(mach, 0)->mmu;     /* geometry, options */
    struct counts t = total_view(mach);
    int n = mach->bus.nharts;
    fprintf(f, "== pagoda statistics ==%s\n", mach->stats_base ? " (since stats reset)" : "");
    fprintf(f, "instructions %" PRIu64 " (M %" PRIu64 ", S %" PRIu64 ", U %" PRIu64 ")%s\n",
            t.instret, t.by_priv[PRV_M], t.by_priv[PRV_S], t.by_priv[PRV_U],
            n > 1 ? ", all harts" : "");
    fprintf(f, "F/D operations %" PRIu64 " (host FPU %" PRIu64 ", soft-float %" PRIu64 ")\n",
            t.fp_host + t.fp_soft, t.fp_host, t.fp_soft);
    fprintf(f, "TLB (%s)%s\n", m->tlbs.spec, n > 1 ? ", every hart's added up" : "");
    print_set(f, &m->tlbs, t.tlb);
    fprintf(f, "page walks %" PRIu64 ", PTE reads %" PRIu64 ", A/D writes %" PRIu64 "%s\n",
            t.m.walks, t.m.pte_reads, t.m.ad_writes, m->svade ? " (--svade)" : "");
    fprintf(f, "page faults         U          S          M\n");
    for (int k = 0; k < 3; k++)
        fprintf(f, "  %-8s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n", kind_names[k],
                t.m.page_faults[k][PRV_U], t.m.page_faults[k][PRV_S], t.m.page_faults[k][PRV_M]);
    fprintf(f, "walk access faults  U          S          M\n");
    for (int k = 0; k < 3; k++)
        fprintf(f, "  %-8s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n", kind_names[k],
                t.m.access_faults[k][PRV_U], t.m.access_faults[k][PRV_S],
                t.m.access_faults[k][PRV_M]);
    /* misses per 1000 accesses after each TLB's misses; the process the guest last
     * reported running under the ASID (trace device), when it did */
    fprintf(f, "per ASID  itlb acc  itlb miss   /1000   dtlb acc  dtlb miss   /1000    l2 miss"
               "      walks     faults  process\n");
    for (int a = 0; a < 65536; a++) {
        struct asid_stats s;
        if (!asid_view(mach, a, &s))
            continue;
        uint64_t faults = faults_of(&s.m);
        if (!s.tlb[TLB_I].accesses && !s.tlb[TLB_D].accesses && !faults && !s.m.walks)
            continue;
        char ir[16], dr[16], who[40] = "";
        per_1000(ir, sizeof ir, s.tlb[TLB_I].misses, s.tlb[TLB_I].accesses);
        per_1000(dr, sizeof dr, s.tlb[TLB_D].misses, s.tlb[TLB_D].accesses);
        struct trace_asid_owner o = trace_dev_asid_owner(&mach->trace, (uint32_t)a);
        if (o.pid)
            snprintf(who, sizeof who, "%u %.*s", o.pid, TRACE_NAME_LEN, o.name);
        fprintf(f, "  %5d %10" PRIu64 " %10" PRIu64 " %7s %10" PRIu64 " %10" PRIu64 " %7s %10" PRIu64
                   " %10" PRIu64 " %10" PRIu64 "%s%s\n", a,
                s.tlb[TLB_I].accesses, s.tlb[TLB_I].misses, ir, s.tlb[TLB_D].accesses,
                s.tlb[TLB_D].misses, dr, s.tlb[TLB_L2].misses, s.m.walks, faults,
                who[0] ? "  " : "", who);
    }
    if (n > 1) {
        fprintf(f, "per hart  instructions   itlb miss   dtlb miss      walks     faults"
                   "   IPIs in  fence requests  remote fences  shootdowns\n");
        for (int i = 0; i < n; i++) {
            struct counts h = hart_view(mach, i);
            fprintf(f, "  %5d %13" PRIu64 " %11" PRIu64 " %11" PRIu64 " %10" PRIu64 " %10"
                       PRIu64 " %9" PRIu64 " %15" PRIu64 " %14" PRIu64 " %11" PRIu64 "\n", i,
                    h.instret, h.tlb[TLB_I].misses, h.tlb[TLB_D].misses, h.m.walks,
                    faults_of(&h.m), h.ipis, h.fence_requests, h.remote_fences, h.shootdowns);
        }
        fprintf(f, "  total %13" PRIu64 " %11" PRIu64 " %11" PRIu64 " %10" PRIu64 " %10" PRIu64
                   " %9" PRIu64 " %15" PRIu64 " %14" PRIu64 " %11" PRIu64 "\n", t.instret,
                t.tlb[TLB_I].misses, t.tlb[TLB_D].misses, t.m.walks, faults_of(&t.m), t.ipis,
                t.fence_requests, t.remote_fences, t.shootdowns);
    }
    for (int i = 0; i < m->nshadow; i++) {
        struct tlb_counts c[TLB_COUNT];
        shadow_view(mach, i, c);
        fprintf(f, "shadow TLB %d (%s)\n", i + 1, m->shadow[i].spec);
        print_set(f, &m->shadow[i], c);
    }
}

static void json_tlb_counts(FILE *f, const struct tlb_counts *c)
{
    fprintf(f, "{\"accesses\":%" PRIu64 ",\"hits\":%" PRIu64 ",\"misses\":%" PRIu64
               ",\"fills\":%" PRIu64 ",\"evictions\":%" PRIu64 ",\"flushes\":{",
            c->accesses, tlb_hits(c), c->misses, c->fills, c->evictions);
    for (int k = 0; k < FLUSH_KINDS; k++)
        fprintf(f, "%s\"%s\":%" PRIu64, k ? "," : "", flush_names[k], c->flushes[k]);
    fprintf(f, "},\"flushed_entries\":%" PRIu64 "}", c->flushed_entries);
}

static void json_set(FILE *f, const struct tlb_set *s, const struct tlb_counts *c)
{
    fprintf(f, "{\"spec\":\"%s\"", s->spec);
    for (int i = 0; i < TLB_COUNT; i++) {
        if (!tlb_present(s, i))
            continue;
        fprintf(f, ",\"%s\":{\"entries\":%d,\"ways\":%d,\"policy\":\"%s\",\"counts\":",
                tlb_names[i], s->tlb[i].cfg.entries, s->tlb[i].cfg.ways,
                tlb_policy_name(s->tlb[i].cfg.policy));
        json_tlb_counts(f, &c[i]);
        fputc('}', f);
    }
    fputc('}', f);
}

static void json_faults(FILE *f, const char *name, const uint64_t v[3][4])
{
    fprintf(f, "\"%s\":{", name);
    for (int k = 0; k < 3; k++) {
        fprintf(f, "%s\"%s\":{", k ? "," : "", kind_names[k]);
        for (int p = 0, first = 1; p < 4; p++) {
            if (p == 2)
                continue;
            fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",", priv_names[p], v[k][p]);
            first = 0;
        }
        fputc('}', f);
    }
    fputc('}', f);
}

static void json_mmu_counts(FILE *f, const struct mmu_counts *c)
{
    fprintf(f, "\"walks\":%" PRIu64 ",\"pte_reads\":%" PRIu64 ",\"ad_writes\":%" PRIu64 ",",
            c->walks, c->pte_reads, c->ad_writes);
    json_faults(f, "page_faults", c->page_faults);
    fputc(',', f);
    json_faults(f, "walk_access_faults", c->access_faults);
}

/* A string for JSON: the printable ASCII of a guest-reported name, others as \uXXXX. */
static void json_string(FILE *f, const char *s, size_t max)
{
    fputc('"', f);
    for (size_t i = 0; i < max && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_tlbs(FILE *f, const struct tlb_set *s, const struct tlb_counts *c)
{
    fputc('{', f);
    for (int i = 0, first = 1; i < TLB_COUNT; i++) {
        if (!tlb_present(s, i))
            continue;
        fprintf(f, "%s\"%s\":", first ? "" : ",", tlb_names[i]);
        json_tlb_counts(f, &c[i]);
        first = 0;
    }
    fputc('}', f);
}

static void json_instructions(FILE *f, const struct counts *t)
{
    fprintf(f, "\"instructions\":{\"total\":%" PRIu64 ",\"M\":%" PRIu64 ",\"S\":%" PRIu64
               ",\"U\":%" PRIu64 "},", t->instret, t->by_priv[PRV_M], t->by_priv[PRV_S],
            t->by_priv[PRV_U]);
    fprintf(f, "\"fp\":{\"host\":%" PRIu64 ",\"soft\":%" PRIu64 "}", t->fp_host, t->fp_soft);
}

static void json_smp(FILE *f, const struct counts *t)
{
    fprintf(f, "\"ipis_received\":%" PRIu64 ",\"fence_requests\":%" PRIu64
               ",\"remote_fences\":%" PRIu64 ",\"shootdowns\":%" PRIu64, t->ipis,
            t->fence_requests, t->remote_fences, t->shootdowns);
}

void stats_json(struct machine *mach, FILE *f)
{
    const struct mmu *m = &machine_hart(mach, 0)->mmu;
    struct counts t = total_view(mach);
    fprintf(f, "{\"schema\":\"%s\",\"version\":%d,\"harts\":%d,\"since_reset\":%s,", STATS_SCHEMA,
            STATS_VERSION, mach->bus.nharts, mach->stats_base ? "true" : "false");
    json_instructions(f, &t);
    fprintf(f, ",\"tlb\":");
    json_set(f, &m->tlbs, t.tlb);
    fprintf(f, ",\"svade\":%s,", m->svade ? "true" : "false");
    json_mmu_counts(f, &t.m);
    fputc(',', f);
    json_smp(f, &t);
    fprintf(f, ",\"asids\":{");
    for (int a = 0, first = 1; a < 65536; a++) {
        struct asid_stats s;
        if (!asid_view(mach, a, &s))
            continue;
        fprintf(f, "%s\"%d\":{", first ? "" : ",", a);
        first = 0;
        struct trace_asid_owner o = trace_dev_asid_owner(&mach->trace, (uint32_t)a);
        if (o.pid) {
            fprintf(f, "\"pid\":%u,\"name\":", o.pid);
            json_string(f, o.name, TRACE_NAME_LEN);
            fputc(',', f);
        }
        for (int i = 0; i < TLB_COUNT; i++) {
            if (!tlb_present(&m->tlbs, i))
                continue;
            fprintf(f, "\"%s\":", tlb_names[i]);
            json_tlb_counts(f, &s.tlb[i]);
            fputc(',', f);
        }
        json_mmu_counts(f, &s.m);
        fputc('}', f);
    }
    fprintf(f, "},\"per_hart\":[");
    for (int i = 0; i < mach->bus.nharts; i++) {
        struct counts h = hart_view(mach, i);
        fprintf(f, "%s{\"hart\":%d,", i ? "," : "", i);
        json_instructions(f, &h);
        fprintf(f, ",\"tlb\":");
        json_tlbs(f, &m->tlbs, h.tlb);
        fputc(',', f);
        json_mmu_counts(f, &h.m);
        fputc(',', f);
        json_smp(f, &h);
        fputc('}', f);
    }
    fprintf(f, "],\"shadow\":[");
    for (int i = 0; i < m->nshadow; i++) {
        struct tlb_counts c[TLB_COUNT];
        shadow_view(mach, i, c);
        if (i)
            fputc(',', f);
        json_set(f, &m->shadow[i], c);
    }
    fprintf(f, "]}\n");
}
