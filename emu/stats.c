/* Statistics output. Both forms print the same numbers; the JSON schema is described
 * in README ("Statistics") and versioned by STATS_VERSION. */
#include "stats.h"

#include <inttypes.h>
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

static void print_set(FILE *f, const struct tlb_set *s, const struct tlb_counts *c)
{
    fprintf(f, "  %-18s", "");
    for (int i = 0; i < TLB_COUNT; i++)
        if (tlb_present(s, i))
            fprintf(f, " %14s", tlb_names[i]);
    fprintf(f, "\n  %-18s", "geometry");
    for (int i = 0; i < TLB_COUNT; i++)
        if (tlb_present(s, i)) {
            char g[40];
            snprintf(g, sizeof g, "%dx%d %s", s->tlb[i].cfg.entries, s->tlb[i].cfg.ways,
                     tlb_policy_name(s->tlb[i].cfg.policy));
            fprintf(f, " %14s", g);
        }
    fputc('\n', f);
#define ROW(label, field) do { \
        fprintf(f, "  %-18s", label); \
        for (int i = 0; i < TLB_COUNT; i++) \
            if (tlb_present(s, i)) \
                fprintf(f, " %14" PRIu64, c[i].field); \
        fputc('\n', f); } while (0)
    ROW("accesses", accesses);
    ROW("hits", hits);
    ROW("misses", misses);
    fprintf(f, "  %-18s", "hit rate");
    for (int i = 0; i < TLB_COUNT; i++)
        if (tlb_present(s, i))
            fprintf(f, " %13.2f%%", rate(c[i].hits, c[i].accesses));
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
}

void stats_print(struct machine *mach, FILE *f)
{
    struct hart *h = machine_hart(mach, 0);
    struct mmu *m = &h->mmu;
    mmu_fold(h);
    struct tlb_counts c[TLB_COUNT];
    for (int i = 0; i < TLB_COUNT; i++)
        c[i] = m->tlbs.tlb[i].c;
    fprintf(f, "== pagoda statistics ==\n");
    fprintf(f, "instructions %" PRIu64 " (M %" PRIu64 ", S %" PRIu64 ", U %" PRIu64 ")\n",
            h->instret, h->insns_by_priv[PRV_M], h->insns_by_priv[PRV_S],
            h->insns_by_priv[PRV_U]);
    fprintf(f, "F/D operations %" PRIu64 " (host FPU %" PRIu64 ", soft-float %" PRIu64 ")\n",
            h->fp_host + h->fp_soft, h->fp_host, h->fp_soft);
    fprintf(f, "TLB (%s)\n", m->tlbs.spec);
    print_set(f, &m->tlbs, c);
    fprintf(f, "page walks %" PRIu64 ", PTE reads %" PRIu64 ", A/D writes %" PRIu64 "%s\n",
            m->c.walks, m->c.pte_reads, m->c.ad_writes, m->svade ? " (--svade)" : "");
    fprintf(f, "page faults         U          S          M\n");
    for (int k = 0; k < 3; k++)
        fprintf(f, "  %-8s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n", kind_names[k],
                m->c.page_faults[k][PRV_U], m->c.page_faults[k][PRV_S], m->c.page_faults[k][PRV_M]);
    fprintf(f, "walk access faults  U          S          M\n");
    for (int k = 0; k < 3; k++)
        fprintf(f, "  %-8s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n", kind_names[k],
                m->c.access_faults[k][PRV_U], m->c.access_faults[k][PRV_S],
                m->c.access_faults[k][PRV_M]);
    fprintf(f, "per ASID  itlb acc   itlb miss   dtlb acc   dtlb miss    l2 miss      walks"
               "     faults\n");
    for (int a = 0; a < 65536; a++) {
        const struct asid_stats *s = m->asids->asid[a];
        if (!s)
            continue;
        uint64_t faults = 0;
        for (int k = 0; k < 3; k++)
            for (int p = 0; p < 4; p++)
                faults += s->m.page_faults[k][p];
        if (!s->tlb[TLB_I].accesses && !s->tlb[TLB_D].accesses && !faults && !s->m.walks)
            continue;
        fprintf(f, "  %5d %10" PRIu64 " %11" PRIu64 " %10" PRIu64 " %11" PRIu64 " %10" PRIu64
                   " %10" PRIu64 " %10" PRIu64 "\n", a,
                s->tlb[TLB_I].accesses, s->tlb[TLB_I].misses, s->tlb[TLB_D].accesses,
                s->tlb[TLB_D].misses, s->tlb[TLB_L2].misses, s->m.walks, faults);
    }
    for (int i = 0; i < m->nshadow; i++) {
        fprintf(f, "shadow TLB %d (%s)\n", i + 1, m->shadow[i].spec);
        for (int t = 0; t < TLB_COUNT; t++)
            c[t] = m->shadow[i].tlb[t].c;
        print_set(f, &m->shadow[i], c);
    }
}

static void json_tlb_counts(FILE *f, const struct tlb_counts *c)
{
    fprintf(f, "{\"accesses\":%" PRIu64 ",\"hits\":%" PRIu64 ",\"misses\":%" PRIu64
               ",\"fills\":%" PRIu64 ",\"evictions\":%" PRIu64 ",\"flushes\":{",
            c->accesses, c->hits, c->misses, c->fills, c->evictions);
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

void stats_json(struct machine *mach, FILE *f)
{
    struct hart *h = machine_hart(mach, 0);
    struct mmu *m = &h->mmu;
    mmu_fold(h);
    struct tlb_counts c[TLB_COUNT];
    fprintf(f, "{\"schema\":\"%s\",\"version\":%d,", STATS_SCHEMA, STATS_VERSION);
    fprintf(f, "\"instructions\":{\"total\":%" PRIu64 ",\"M\":%" PRIu64 ",\"S\":%" PRIu64
               ",\"U\":%" PRIu64 "},", h->instret, h->insns_by_priv[PRV_M],
            h->insns_by_priv[PRV_S], h->insns_by_priv[PRV_U]);
    fprintf(f, "\"fp\":{\"host\":%" PRIu64 ",\"soft\":%" PRIu64 "},", h->fp_host, h->fp_soft);
    for (int i = 0; i < TLB_COUNT; i++)
        c[i] = m->tlbs.tlb[i].c;
    fprintf(f, "\"tlb\":");
    json_set(f, &m->tlbs, c);
    fprintf(f, ",\"svade\":%s,", m->svade ? "true" : "false");
    json_mmu_counts(f, &m->c);
    fprintf(f, ",\"asids\":{");
    for (int a = 0, first = 1; a < 65536; a++) {
        const struct asid_stats *s = m->asids->asid[a];
        if (!s)
            continue;
        fprintf(f, "%s\"%d\":{", first ? "" : ",", a);
        first = 0;
        for (int i = 0; i < TLB_COUNT; i++) {
            if (!tlb_present(&m->tlbs, i))
                continue;
            fprintf(f, "\"%s\":", tlb_names[i]);
            json_tlb_counts(f, &s->tlb[i]);
            fputc(',', f);
        }
        json_mmu_counts(f, &s->m);
        fputc('}', f);
    }
    fprintf(f, "},\"shadow\":[");
    for (int i = 0; i < m->nshadow; i++) {
        for (int t = 0; t < TLB_COUNT; t++)
            c[t] = m->shadow[i].tlb[t].c;
        if (i)
            fputc(',', f);
        json_set(f, &m->shadow[i], c);
    }
    fprintf(f, "]}\n");
}
