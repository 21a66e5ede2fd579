/* TLB model (see tlb.h). Set-associative with superpage entries: a lookup probes the
 * set of each page size, a set being chosen by the VPN bits just above that size. */
#include "tlb.h"

#include <stdlib.h>
#include <string.h>

#include "riscv.h"

#define KEY_INVALID (~0u)

static int ilog2(unsigned v)
{
    int r = 0;
    while ((1u << r) < v)
        r++;
    return r;
}

bool tlb_init(struct tlb *t, const struct tlb_config *cfg)
{
    memset(t, 0, sizeof *t);
    t->cfg = *cfg;
    if (cfg->entries <= 0 || cfg->ways <= 0 || cfg->entries % cfg->ways)
        return false;
    t->sets = cfg->entries / cfg->ways;
    if (t->sets & (t->sets - 1))
        return false;                       /* sets must be a power of two */
    if (cfg->policy == POLICY_PLRU && ((cfg->ways & (cfg->ways - 1)) || cfg->ways > 64))
        return false;                       /* a PLRU tree needs 2^k <= 64 ways */
    t->e = calloc((size_t)cfg->entries, sizeof *t->e);
    t->plru = calloc((size_t)t->sets, sizeof *t->plru);
    t->use = calloc((size_t)cfg->entries, sizeof *t->use);
    t->key = malloc((size_t)cfg->entries * sizeof *t->key);
    t->kmask = calloc((size_t)cfg->entries, sizeof *t->kmask);
    t->akey = calloc((size_t)cfg->entries, sizeof *t->akey);
    t->amask = calloc((size_t)cfg->entries, sizeof *t->amask);
    t->rng = 0x9e3779b97f4a7c15ull;
    if (!t->e || !t->plru || !t->use || !t->key || !t->kmask || !t->akey || !t->amask)
        return false;
    for (int i = 0; i < cfg->entries; i++) {
        t->key[i] = KEY_INVALID;
        t->e[i].use = &t->use[i];
    }
    return true;
}

void tlb_free(struct tlb *t)
{
    free(t->e);
    free(t->plru);
    free(t->use);
    t->use = NULL;
    free(t->key);
    free(t->kmask);
    free(t->akey);
    free(t->amask);
    t->e = NULL;
    t->plru = NULL;
    t->key = t->kmask = t->akey = t->amask = NULL;
}

static inline struct tlb_entry *set_of(struct tlb *t, uint64_t vpn, int level)
{
    uint64_t set = (vpn >> (9 * level)) & (uint64_t)(t->sets - 1);
    return &t->e[set * (uint64_t)t->cfg.ways];
}

static inline bool match(const struct tlb *t, int w, uint32_t vpn, uint32_t asid, int level)
{
    return (vpn & t->kmask[w]) == t->key[w] && (asid & t->amask[w]) == t->akey[w] &&
           (level < 0 || t->e[w].level == level);
}

typedef uint32_t v4u32 __attribute__((vector_size(16)));

/* Scans ways [i, i+n) of the key arrays; level < 0 accepts any page size. The first
 * matching way is the answer: four ways are compared at once, and only a group with a
 * match is looked at one by one. */
static struct tlb_entry *scan(const struct tlb *t, int i, int n, uint64_t vpn,
                              uint16_t asid, int level)
{
    uint32_t v = (uint32_t)vpn, a = asid;
    v4u32 vv = { v, v, v, v }, va = { a, a, a, a };
    int w = i, end = i + n;
    for (; w + 4 <= end; w += 4) {
        v4u32 key, kmask, akey, amask;
        memcpy(&key, &t->key[w], sizeof key);
        memcpy(&kmask, &t->kmask[w], sizeof kmask);
        memcpy(&akey, &t->akey[w], sizeof akey);
        memcpy(&amask, &t->amask[w], sizeof amask);
        v4u32 m = ((vv & kmask) == key) & ((va & amask) == akey);
        uint64_t half[2];
        memcpy(half, &m, sizeof half);
        if (half[0] | half[1])
            for (int j = w; j < w + 4; j++)
                if (match(t, j, v, a, level))
                    return (struct tlb_entry *)&t->e[j];
    }
    for (; w < end; w++)
        if (match(t, w, v, a, level))
            return (struct tlb_entry *)&t->e[w];
    return NULL;
}

struct tlb_entry *tlb_lookup(struct tlb *t, uint64_t va, uint16_t asid)
{
    uint64_t vpn = (va >> PAGE_SHIFT) & ((1ull << 27) - 1);
    t->c.accesses++;
    if (t->sets == 1)                       /* fully associative: one search */
        return scan(t, 0, t->cfg.ways, vpn, asid, -1);
    for (int level = 0; level < 3; level++) {
        struct tlb_entry *s = set_of(t, vpn, level), *e;
        if ((e = scan(t, (int)(s - t->e), t->cfg.ways, vpn, asid, level)))
            return e;
    }
    return NULL;
}

void tlb_touch(struct tlb *t, struct tlb_entry *e, uint64_t tick)
{
    *e->use = tick;
    if (t->cfg.policy == POLICY_PLRU) {
        uint64_t idx = (uint64_t)(e - t->e);
        uint64_t set = idx / (uint64_t)t->cfg.ways;
        int way = (int)(idx % (uint64_t)t->cfg.ways);
        int depth = ilog2((unsigned)t->cfg.ways);
        uint64_t bits = t->plru[set];
        unsigned node = 1;
        for (int d = depth - 1; d >= 0; d--) {
            int dir = (way >> d) & 1;
            /* point the node away from the way just used */
            if (dir)
                bits &= ~(1ull << node);
            else
                bits |= 1ull << node;
            node = 2 * node + (unsigned)dir;
        }
        t->plru[set] = bits;
    }
}

void tlb_count_miss(struct tlb *t)
{
    t->c.misses++;
}

/* The least recently used of n ways: the first minimum of their use (invalid ways
 * hold 0, valid ones a tick >= 1, so the first invalid way if any). Four independent
 * searches (ways w with w % 4 == j), then the oldest of their answers, the lowest way
 * among equals. */
static int lru_victim(const uint64_t *u, int n)
{
    uint64_t m[4] = { UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX };
    int at[4] = { 0, 0, 0, 0 }, w = 0;
    for (; w + 4 <= n; w += 4)
        for (int j = 0; j < 4; j++)
            if (u[w + j] < m[j]) {
                m[j] = u[w + j];
                at[j] = w + j;
            }
    for (int j = 0; w < n; w++, j++)
        if (u[w] < m[j]) {
            m[j] = u[w];
            at[j] = w;
        }
    int v = at[0];
    uint64_t oldest = m[0];
    for (int j = 1; j < 4; j++)
        if (m[j] < oldest || (m[j] == oldest && at[j] < v)) {
            oldest = m[j];
            v = at[j];
        }
    return v;
}

/* The same for a fully associative table through its candidate list (tlb.h): one
 * full search, keeping the LRU_CANDIDATES oldest ways, serves several fills. */
static int lru_victim_cached(struct tlb *t)
{
    const uint64_t *u = t->use;
    while (t->next_cand < t->ncand) {
        int j = t->next_cand++;
        if (u[t->cand[j]] == t->cand_use[j])
            return t->cand[j];
    }
    int n = t->cfg.ways, k = 0;
    int *c = t->cand;
    uint64_t *cu = t->cand_use;
    for (int w = 0; w < n; w++) {
        if (k == LRU_CANDIDATES && u[w] >= cu[k - 1])
            continue;                       /* not among the oldest (ties: lower way) */
        int i = k < LRU_CANDIDATES ? k++ : k - 1;
        for (; i > 0 && cu[i - 1] > u[w]; i--) {
            c[i] = c[i - 1];
            cu[i] = cu[i - 1];
        }
        c[i] = w;
        cu[i] = u[w];
    }
    t->ncand = k;
    t->next_cand = 1;
    return c[0];
}

static int pick_victim(struct tlb *t, struct tlb_entry *s, uint64_t set)
{
    int ways = t->cfg.ways;
    /* Invalid entries have use (LRU) and stamp (FIFO) 0 and valid ones a tick >= 1, so
     * the first minimum is the first invalid way, else the oldest. */
    if (t->cfg.policy == POLICY_LRU && t->sets == 1)
        return lru_victim_cached(t);
    if (t->cfg.policy == POLICY_LRU)
        return lru_victim(&t->use[set * (uint64_t)ways], ways);
    if (t->cfg.policy == POLICY_FIFO) {
        int v = 0;
        uint64_t oldest = UINT64_MAX;
        for (int w = 0; w < ways; w++)
            if (s[w].stamp < oldest) {
                oldest = s[w].stamp;
                v = w;
            }
        return v;
    }
    for (int w = 0; w < ways; w++)
        if (!s[w].valid)
            return w;
    switch (t->cfg.policy) {
    case POLICY_PLRU: {
        int depth = ilog2((unsigned)ways), way = 0;
        unsigned node = 1;
        for (int d = 0; d < depth; d++) {
            int dir = (int)((t->plru[set] >> node) & 1);
            way = (way << 1) | dir;
            node = 2 * node + (unsigned)dir;
        }
        return way;
    }
    default: {                              /* random */
        uint64_t x = t->rng;                /* xorshift64 */
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        t->rng = x;
        return (int)(x % (uint64_t)ways);
    }
    }
}

static void record(struct tlb *t, const struct tlb_entry *e, enum tlb_event_kind kind)
{
    struct tlb_event *ev = &t->events[t->nevents++ & (TLB_EVENT_RING - 1)];
    ev->entry = (uint32_t)(e - t->e);
    ev->kind = (uint8_t)kind;
}

static void drop(struct tlb *t, struct tlb_entry *e)
{
    if (t->on_drop)
        t->on_drop(t->drop_ctx, e);
    e->valid = false;
    e->fed = 0;
    e->stamp = 0;                   /* the victim scan takes invalid entries first */
    *e->use = 0;
    t->key[e - t->e] = KEY_INVALID;
}

struct tlb_entry *tlb_fill(struct tlb *t, const struct tlb_entry *proto, uint64_t tick)
{
    if (tick == 0)
        tick = 1;                   /* stamp 0 means invalid to the victim scan */
    uint64_t set = (proto->vpn >> (9 * proto->level)) & (uint64_t)(t->sets - 1);
    struct tlb_entry *s = &t->e[set * (uint64_t)t->cfg.ways];
    int w = pick_victim(t, s, set);
    struct tlb_entry *e = &s[w];
    if (e->valid) {
        t->c.evictions++;
        record(t, e, TLB_EV_EVICT);
        drop(t, e);
    }
    uint64_t *use = e->use;
    *e = *proto;
    e->use = use;
    e->valid = true;
    e->fed = 0;
    e->stamp = tick;
    t->kmask[e - t->e] = (uint32_t)(((1ull << 27) - 1) & ~((1ull << (9 * e->level)) - 1));
    t->key[e - t->e] = (uint32_t)e->vpn;
    t->amask[e - t->e] = (e->perm & PTE_G) ? 0 : 0xffff;
    t->akey[e - t->e] = (e->perm & PTE_G) ? 0 : e->asid;
    t->c.fills++;
    record(t, e, TLB_EV_FILL);
    tlb_touch(t, e, tick);
    return e;
}

void tlb_invalidate(struct tlb *t, struct tlb_entry *e)
{
    if (e->valid) {
        record(t, e, TLB_EV_INVALIDATE);
        drop(t, e);
        t->ncand = 0;
    }
}

int tlb_flush(struct tlb *t, enum tlb_flush_kind kind, uint64_t va, uint16_t asid,
              bool remote)
{
    uint64_t vpn = (va >> PAGE_SHIFT) & ((1ull << 27) - 1);
    int n = 0;
    t->c.flushes[kind]++;
    for (int i = 0; i < t->cfg.entries; i++) {
        struct tlb_entry *e = &t->e[i];
        if (!e->valid)
            continue;
        bool global = e->perm & PTE_G;
        uint64_t mask = ~((1ull << (9 * e->level)) - 1);
        bool va_hit = (vpn & mask) == e->vpn;
        bool kill;
        switch (kind) {
        case FLUSH_ALL: kill = true; break;
        case FLUSH_ASID: kill = !global && e->asid == asid; break;
        case FLUSH_VA: kill = va_hit; break;
        default: kill = va_hit && !global && e->asid == asid; break;
        }
        if (kill) {
            record(t, e, remote ? TLB_EV_SHOOTDOWN : TLB_EV_FLUSH);
            drop(t, e);
            n++;
        }
    }
    t->c.flushed_entries += (uint64_t)n;
    if (n)
        t->ncand = 0;
    return n;
}

void tlb_clear(struct tlb *t)
{
    t->ncand = 0;
    for (int i = 0; i < t->cfg.entries; i++)
        if (t->e[i].valid)
            drop(t, &t->e[i]);
}

bool tlb_parse_policy(const char *s, enum tlb_policy *p)
{
    static const char *const names[] = { "lru", "plru", "fifo", "random" };
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *p = (enum tlb_policy)i;
            return true;
        }
    return false;
}

const char *tlb_policy_name(enum tlb_policy p)
{
    static const char *const names[] = { "lru", "plru", "fifo", "random" };
    return names[p];
}

bool tlb_parse_geometry(const char *s, struct tlb_config *cfg, enum tlb_policy deflt)
{
    char *end;
    long entries = strtol(s, &end, 10);
    if (end == s || *end != 'x')
        return false;
    const char *w = end + 1;
    long ways = strtol(w, &end, 10);
    if (end == w || entries <= 0 || ways <= 0 || entries > 65536 || ways > entries)
        return false;
    cfg->entries = (int)entries;
    cfg->ways = (int)ways;
    cfg->policy = deflt;
    if (*end == ':')
        return tlb_parse_policy(end + 1, &cfg->policy);
    return *end == 0;
}

bool tlb_perm_ok(uint8_t perm, int kind, int priv, bool sum, bool mxr)
{
    if (priv == PRV_U && !(perm & PTE_U))
        return false;
    if (priv == PRV_S && (perm & PTE_U) && (kind == ACC_FETCH || !sum))
        return false;
    switch (kind) {
    case ACC_FETCH: return perm & PTE_X;
    case ACC_LOAD: return (perm & PTE_R) || (mxr && (perm & PTE_X));
    default: return perm & PTE_W;
    }
}
