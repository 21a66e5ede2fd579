/* gc.c — the front of the library: configuration (defaults, then GC_* environment
 * variables), choosing the collector, allocation (which writes the header), the write
 * barrier's dispatch, explicit collections and the heap verifier tests use. */
#include <stdio.h>
#include <stdlib.h>
#include "gc_internal.h"

struct gc_state gc;
int gc_barrier_needed;

static const struct policy *const policies[GC_NPOLICIES] = {
    [GC_REFCOUNT] = &policy_refcount,
    [GC_MARKSWEEP] = &policy_marksweep,
    [GC_MARKCOMPACT] = &policy_markcompact,
    [GC_COPYING] = &policy_copying,
    [GC_GENERATIONAL] = &policy_generational,
};
static const char *const policy_names[GC_NPOLICIES] = {
    "refcount", "marksweep", "markcompact", "copying", "generational",
};

const char *gc_policy_name(enum gc_policy p)
{
    return (unsigned)p < GC_NPOLICIES ? policy_names[p] : "?";
}

int gc_policy_by_name(const char *s)
{
    for (int i = 0; i < GC_NPOLICIES; i++)
        if (!strcmp(s, policy_names[i]))
            return i;
    return -1;
}

void gc_fatal(const char *what)
{
    gc_os_write_err("gc: fatal: ");
    gc_os_write_err(what);
    gc_os_write_err("\n");
    abort();
}

/* Environment parsing: a bad value is one line on stderr and exit status 2. */
static void bad_env(const char *name, const char *value, const char *expected)
{
    fprintf(stderr, "gc: %s=%s: expected %s\n", name, value, expected);
    exit(2);
}

static size_t env_size(const char *name, size_t dflt)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return dflt;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    unsigned long long mult = 1;
    switch (*end) {
    case 'k': case 'K': mult = 1ull << 10; end++; break;
    case 'm': case 'M': mult = 1ull << 20; end++; break;
    case 'g': case 'G': mult = 1ull << 30; end++; break;
    }
    if (end == v || *end || n > (1ull << 40) / mult)
        bad_env(name, v, "a size such as 4096, 64K, 8M or 1G");
    return (size_t)(n * mult);
}

static unsigned env_uint(const char *name, unsigned dflt, unsigned max)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return dflt;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (end == v || *end || n > max) {
        char what[48];
        snprintf(what, sizeof what, "a number from 0 to %u", max);
        bad_env(name, v, what);
    }
    return (unsigned)n;
}

static int env_choice(const char *name, int dflt, const char *const *names, int n,
                      const char *expected)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return dflt;
    for (int i = 0; i < n; i++)
        if (!strcmp(v, names[i]))
            return i;
    bad_env(name, v, expected);
    return dflt;
}

void gc_config_default(struct gc_config *c)
{
    static const char *const olds[] = { "marksweep", "markcompact" };
    static const char *const barriers[] = { "card", "remset", "mprotect" };
    memset(c, 0, sizeof *c);
    c->policy = (enum gc_policy)env_choice("GC_POLICY", GC_GENERATIONAL, policy_names,
                                           GC_NPOLICIES,
                                           "refcount, marksweep, markcompact, copying or generational");
    c->heap_bytes = env_size("GC_HEAP", 2u << 20);
    c->max_heap_bytes = env_size("GC_MAX_HEAP", 1u << 30);
    c->growth_percent = env_uint("GC_GROWTH", 200, 10000);
    c->large_bytes = env_size("GC_LARGE", 32u << 10);
    c->young_bytes = env_size("GC_YOUNG", 4u << 20);
    c->survivor_ratio = env_uint("GC_SURVIVOR_RATIO", 8, 1000);
    c->tenure_age = env_uint("GC_TENURE", 3, MAX_AGE);
    c->old_compacts = env_choice("GC_OLD", 0, olds, 2, "marksweep or markcompact");
    c->barrier = (enum gc_barrier)env_choice("GC_BARRIER", GC_BARRIER_CARD, barriers, 3,
                                             "card, remset or mprotect");
    c->card_bytes = env_size("GC_CARD", 512);
    c->zct_entries = env_size("GC_RC_ZCT", 16384);
    c->rc_cycles = (int)env_uint("GC_RC_CYCLES", 0, 1);
    c->stats = (int)env_uint("GC_STATS", 0, 1);
    c->trace = (int)env_uint("GC_TRACE", 0, 1);
}

/* Why cfg cannot work, or NULL. */
static const char *config_problem(const struct gc_config *c)
{
    if ((unsigned)c->policy >= GC_NPOLICIES)
        return "unknown policy";
    if (c->max_heap_bytes < GC_PAGE_BYTES || c->heap_bytes > c->max_heap_bytes)
        return "heap_bytes must not exceed max_heap_bytes (at least a page)";
    if (c->growth_percent < 110)
        return "growth_percent must be at least 110";
    if (c->large_bytes < 64)
        return "large_bytes must be at least 64";
    if (c->policy == GC_GENERATIONAL) {
        if (c->survivor_ratio < 1)
            return "survivor_ratio must be at least 1";
        if (c->young_bytes / (c->survivor_ratio + 2) * c->survivor_ratio < c->large_bytes)
            return "Eden must hold a large_bytes object: raise young_bytes or lower large_bytes";
        if (c->tenure_age > MAX_AGE)
            return "tenure_age is at most 15";
        if (c->barrier != GC_BARRIER_MPROTECT &&
            (c->card_bytes < 16 || c->card_bytes > (1u << 20) || (c->card_bytes & (c->card_bytes - 1))))
            return "card_bytes must be a power of two from 16 to 1M";
    }
    if (c->policy == GC_REFCOUNT && c->zct_entries < 1)
        return "zct_entries must be at least 1";
    return NULL;
}

int gc_init(const struct gc_config *cfg)
{
    struct gc_config env;
    if (gc.ready)
        gc_shutdown();
    if (!cfg) {
        gc_config_default(&env);
        cfg = &env;
    }
    const char *why = config_problem(cfg);
    if (why) {
        fprintf(stderr, "gc: bad configuration: %s\n", why);
        return -1;
    }
    static int atexit_done;
    memset(&gc, 0, sizeof gc);
    gc.cfg = *cfg;
    gc.policy = policies[cfg->policy];
    gc.st.policy = cfg->policy;
    gc.large_budget = cfg->heap_bytes;
    if (gc.policy->init()) {
        fprintf(stderr, "gc: cannot reserve the %s heap (%zu bytes per space)\n",
                gc.policy->name, cfg->max_heap_bytes);
        memset(&gc, 0, sizeof gc);
        return -1;
    }
    gc_barrier_needed = gc.policy->write != NULL;
    gc.ready = 1;
    if (!atexit_done) {
        atexit(stats_atexit);
        atexit_done = 1;
    }
    return 0;
}

void gc_shutdown(void)
{
    if (!gc.ready)
        return;
    gc.policy->shutdown();
    large_release_all();
    roots_reset();
    ptrvec_free(&gc.mark_stack);
    free(gc.pauses);
    memset(&gc, 0, sizeof gc);
    gc_barrier_needed = 0;
}

static void ensure_ready(void)
{
    if (!gc.ready && gc_init(NULL))
        exit(2);
}

static void *alloc_large(size_t words)
{
    size_t bytes = words * WORD;
    if (gc.large_mapped + bytes > gc.large_budget) {
        gc.policy->collect(GC_KIND_FULL);
        size_t want = gc.large_mapped / 100 * gc.cfg.growth_percent + bytes;
        gc.large_budget = want > gc.cfg.heap_bytes ? want : gc.cfg.heap_bytes;
    }
    if (gc.large_mapped + bytes > gc.cfg.max_heap_bytes)
        return NULL;
    return large_alloc(words);
}

static void *alloc_object(unsigned type, size_t words)
{
    ensure_ready();
    int large = words * WORD >= gc.cfg.large_bytes;
    void *mem = large ? alloc_large(words) : gc.policy->alloc(words);
    if (!mem)
        return NULL;
    if (!large)                         /* a new mapping is zero already */
        zero_words((header_t *)mem + 1, words - 1);
    *(header_t *)mem = make_header(type);
    stats_alloc(words);
    return (header_t *)mem + 1;
}

void *gc_alloc(gc_type_t type)
{
    if (!type_is_valid(type) || gc_types[type].kind != KIND_FIXED) {
        gc_os_write_err("gc: gc_alloc: not a registered type\n");
        return NULL;
    }
    void *obj = alloc_object(type, gc_types[type].words);
    if (obj && gc.policy->allocated)
        gc.policy->allocated(obj);
    return obj;
}

struct gc_ptr_array *gc_alloc_ptr_array(size_t length)
{
    if (length > ((size_t)1 << 36))
        return NULL;
    struct gc_ptr_array *a = alloc_object(TYPE_PTR_ARRAY, 2 + length);
    if (a) {
        a->length = length;
        if (gc.policy->allocated)
            gc.policy->allocated(a);
    }
    return a;
}

struct gc_bytes *gc_alloc_bytes(size_t length)
{
    if (length > ((size_t)1 << 39))
        return NULL;
    struct gc_bytes *b = alloc_object(TYPE_BYTES, 2 + (length + WORD - 1) / WORD);
    if (b) {
        b->length = length;
        if (gc.policy->allocated)
            gc.policy->allocated(b);
    }
    return b;
}

void gc_write_barrier(void *obj, void *slot, void *value)
{
    gc.policy->write(obj, slot, value);
}

void gc_collect(void)
{
    if (gc.ready)
        gc.policy->collect(GC_KIND_FULL);
}

void gc_collect_young(void)
{
    if (gc.ready)
        gc.policy->collect(GC_KIND_MINOR);
}

/* Verification: every object reachable from the roots lies in a space (or is a large
 * object), is not free or forwarded and has a valid type. Marks are borrowed and
 * cleared again. */
static struct ptrvec verify_seen;
static const char *verify_why;

static void verify_slot(void **slot)
{
    void *obj = *slot;
    if (!obj || verify_why)
        return;
    if (((uintptr_t)obj % WORD) || !(gc.policy->contains(obj) || large_has(obj))) {
        verify_why = "a pointer to something that is not a heap object";
        return;
    }
    header_t h = *hdr(obj);
    if (h & HDR_FORWARDED) {
        verify_why = "a pointer to a forwarded (moved-from) object";
        return;
    }
    if (!type_is_valid(hdr_type(h))) {
        verify_why = "a pointer to an object with a bad type (freed?)";
        return;
    }
    if (!(h & HDR_MARK)) {
        *hdr(obj) = h | HDR_MARK;
        ptrvec_push(&verify_seen, obj);
    }
}

int gc_verify(const char **why)
{
    static const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    if (!gc.ready)
        return 0;
    if (gc.policy->verify(why))
        return -1;
    verify_why = NULL;
    roots_visit(verify_slot);
    for (size_t i = 0; i < verify_seen.n && !verify_why; i++)
        scan_object(verify_seen.v[i], verify_slot);
    for (size_t i = 0; i < verify_seen.n; i++)
        *hdr(verify_seen.v[i]) &= ~HDR_MARK;
    ptrvec_free(&verify_seen);
    *why = verify_why;
    return verify_why ? -1 : 0;
}
