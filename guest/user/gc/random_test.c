/* random_test.c — a randomized collector test against a reference model of the object
 * graph: random allocations (small objects of several pointer maps, pointer arrays,
 * byte arrays, large objects), pointer and data stores through the write barrier,
 * roots set and cleared, globals registered and removed, minor and full collections.
 * At each check, after a full collection: the heap verifies; every object the model
 * says is reachable is found from the roots with its type, identity, data and edges;
 * and the heap holds exactly the reachable objects (tracing collectors, and reference
 * counting with cycle collection) or exactly those plus the garbage reachable from
 * garbage cycles (plain reference counting: the leak, predicted by the model). Builds
 * for the host (ASan) and for the guest. */
#include <stdlib.h>
#include <string.h>
#include "gc_random_test.h"
#include "pg_gc.h"

#define NROOTS    12
#define NANCHORS  4             /* roots 0..3 change rarely: structures grow under them */
#define NGLOBALS  4
#define MAX_WALK  16
#define MAXP      8             /* fields of the small kinds */
#define LARGE_LEN 300           /* a pointer array this long is a large object in tests */

enum kind { K_LEAF, K_ONE, K_TWO, K_FOUR, K_PARRAY, K_BYTES, K_NKINDS };

/* Payload layouts of the fixed types: word 0 id, word 1 data, pointers where the map
 * says (K_FOUR interleaves them with data to exercise the map). */
struct leaf { uint64_t id, data; };
struct one { uint64_t id, data; void *p0; };
struct two { uint64_t id, data; void *p0, *p1; };
struct four { uint64_t id; void *p0; uint64_t data; void *p1, *p2; uint64_t x; void *p3; };

struct node {
    uint8_t kind;
    uint8_t held;               /* the heap should hold it */
    uint16_t nptrs;
    uint32_t edges;             /* index of its first edge in the pool */
    uint64_t data;
};

struct model {
    struct node *nodes;
    size_t nnodes, cap;
    int32_t *pool;              /* edges: node index or -1 */
    size_t npool, pool_cap;
    int32_t root[NROOTS];
    int32_t global[NGLOBALS];
    int global_on[NGLOBALS];
    /* check scratch */
    uint8_t *seen;
    void **addr;
    int32_t *stack;
    uint32_t *indeg;
};

static gc_type_t types[4];
static void *roots[NROOTS];
static void *globals[NGLOBALS];
static void *tmp;               /* rooted: the object being placed */
static uint64_t rng;
static struct model m;
static const char *failure;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t below(size_t n)
{
    return (size_t)(next_random() % n);
}

static void fail(const char *why)
{
    if (!failure)
        failure = why;
}

static void register_types(void)
{
    static const size_t one[] = { 16 }, two[] = { 16, 24 }, four[] = { 8, 24, 32, 48 };
    if (types[0])
        return;
    types[0] = gc_register_type("leaf", sizeof(struct leaf), 0, NULL);
    types[1] = gc_register_type("one", sizeof(struct one), 1, one);
    types[2] = gc_register_type("two", sizeof(struct two), 2, two);
    types[3] = gc_register_type("four", sizeof(struct four), 4, four);
}

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * elem);
    if (!q) {
        fail("random test: out of host memory for the model");
        return p;
    }
    *cap = c;
    return q;
}

/* The address of pointer field i of a real object of kind k. */
static void **field(void *obj, int k, size_t i)
{
    switch (k) {
    case K_ONE: return &((struct one *)obj)->p0;
    case K_TWO: return i ? &((struct two *)obj)->p1 : &((struct two *)obj)->p0;
    case K_FOUR: {
        struct four *f = obj;
        void **fs[4] = { &f->p0, &f->p1, &f->p2, &f->p3 };
        return fs[i];
    }
    default: return &((struct gc_ptr_array *)obj)->item[i];
    }
}

static uint64_t *id_word(void *obj, int k)
{
    return k == K_BYTES ? (uint64_t *)((struct gc_bytes *)obj)->byte : (uint64_t *)obj;
}

static uint64_t *data_word(void *obj, int k)
{
    return k == K_FOUR ? &((struct four *)obj)->data : (uint64_t *)obj + 1;
}

static uint8_t byte_pattern(uint64_t id, size_t i)
{
    return (uint8_t)(id * 31 + i * 7);
}

/* Allocates a random object into tmp and its model node; the node's index, or -1. */
static int32_t allocate(int large_ok, int anchor)
{
    int k = anchor ? K_PARRAY : (int)below(K_NKINDS);
    size_t len = 0;
    if (anchor)
        len = MAXP;
    else if (k == K_PARRAY)
        len = large_ok && below(40) == 0 ? LARGE_LEN : below(MAXP + 1);
    else if (k == K_BYTES)
        len = 8 + (large_ok && below(40) == 0 ? 5000 : below(40));
    static const uint16_t fixed_ptrs[] = { 0, 1, 2, 4 };
    size_t nptrs = k < K_PARRAY ? fixed_ptrs[k] : k == K_PARRAY ? len : 0;
    if (k < K_PARRAY)
        tmp = gc_alloc(types[k]);
    else if (k == K_PARRAY)
        tmp = gc_alloc_ptr_array(len);
    else
        tmp = gc_alloc_bytes(len);
    if (!tmp) {
        fail("an allocation failed");
        return -1;
    }
    m.nodes = grow(m.nodes, &m.cap, m.nnodes + 1, sizeof *m.nodes);
    m.pool = grow(m.pool, &m.pool_cap, m.npool + nptrs, sizeof *m.pool);
    if (failure)
        return -1;
    int32_t n = (int32_t)m.nnodes++;
    struct node *nd = &m.nodes[n];
    nd->kind = (uint8_t)k;
    nd->held = 1;
    nd->nptrs = (uint16_t)nptrs;
    nd->edges = (uint32_t)m.npool;
    nd->data = next_random();
    for (size_t i = 0; i < nptrs; i++)
        m.pool[m.npool++] = -1;
    if (k != K_PARRAY)
        *id_word(tmp, k) = (uint64_t)n;
    if (k < K_PARRAY)
        *data_word(tmp, k) = nd->data;
    if (k == K_BYTES)
        for (size_t i = 8; i < len; i++)
            ((struct gc_bytes *)tmp)->byte[i] = byte_pattern((uint64_t)n, i);
    return n;
}

/* Whether the real object obj is model node n, as far as one object tells. */
static int matches(void *obj, int32_t n)
{
    const struct node *nd = &m.nodes[n];
    int k = nd->kind;
    if (k == K_PARRAY)
        return ((struct gc_ptr_array *)obj)->length == nd->nptrs;
    if (*id_word(obj, k) != (uint64_t)n)
        return 0;
    if (k == K_BYTES) {
        struct gc_bytes *b = obj;
        for (size_t i = 8; i < b->length; i++)
            if (b->byte[i] != byte_pattern((uint64_t)n, i))
                return 0;
        return 1;
    }
    return *data_word(obj, k) == nd->data;
}

/* A random reachable object: from a non-NULL root or global, a few random steps. */
static int32_t walk(void **out)
{
    int32_t n = -1;
    void *obj = NULL;
    for (int tries = 0; tries < 8 && n < 0; tries++) {
        size_t r = below(NROOTS + NGLOBALS);
        if (r < NROOTS) {
            n = m.root[r];
            obj = roots[r];
        } else if (m.global_on[r - NROOTS]) {
            n = m.global[r - NROOTS];
            obj = globals[r - NROOTS];
        }
    }
    if (n < 0)
        return -1;
    if ((obj == NULL) != (n < 0) || !matches(obj, n)) {
        fail("a root does not hold the object the model expects");
        return -1;
    }
    for (size_t steps = below(MAX_WALK); steps > 0; steps--) {
        const struct node *nd = &m.nodes[n];
        if (!nd->nptrs)
            break;
        size_t i = below(nd->nptrs);
        int32_t next = m.pool[nd->edges + i];
        if (next < 0)
            break;
        void *child = *field(obj, nd->kind, i);
        if (!child || !matches(child, next)) {
            fail("a field does not hold the object the model expects");
            return -1;
        }
        n = next;
        obj = child;
    }
    *out = obj;
    return n;
}

/* A field of node n to store into, preferring an empty one (so the graph grows). */
static size_t pick_field(int32_t n)
{
    const struct node *nd = &m.nodes[n];
    size_t i = below(nd->nptrs);
    for (size_t j = 0; j < nd->nptrs && m.pool[nd->edges + i] >= 0; j++)
        i = (i + 1) % nd->nptrs;
    return i;
}

/* A random reachable object with an empty field if one is found going down: stores
 * mostly add to the graph instead of cutting it. */
static int32_t walk_to_empty(void **out)
{
    int32_t n = walk(out);
    for (int steps = 0; n >= 0 && steps < 64; steps++) {
        const struct node *nd = &m.nodes[n];
        if (!nd->nptrs || m.pool[nd->edges + pick_field(n)] < 0)
            break;
        size_t i = below(nd->nptrs);
        int32_t next = m.pool[nd->edges + i];
        void *child = *field(*out, nd->kind, i);
        if (!child || !matches(child, next)) {
            fail("a field does not hold the object the model expects");
            return -1;
        }
        n = next;
        *out = child;
    }
    return n;
}

/* One mutator step. */
static void mutate(int large_ok)
{
    size_t op = below(100);
    void *x, *y;
    int32_t nx, ny;
    if (op < 8) {                                   /* new object into a root */
        size_t r = below(20000) ? NANCHORS + below(NROOTS - NANCHORS) : below(NANCHORS);
        int32_t n = allocate(large_ok, 0);
        if (n >= 0) {
            roots[r] = tmp;
            m.root[r] = n;
        }
        tmp = NULL;
    } else if (op < 55) {                           /* new object into a field */
        int32_t n = allocate(large_ok, 0);
        if (n >= 0 && (nx = walk_to_empty(&x)) >= 0 && m.nodes[nx].nptrs) {
            size_t i = pick_field(nx);
            gc_write(x, field(x, m.nodes[nx].kind, i), tmp);
            m.pool[m.nodes[nx].edges + i] = n;
        }
        tmp = NULL;
    } else if (op < 77) {                           /* x.f = y (cycles happen here) */
        if ((nx = walk_to_empty(&x)) >= 0 && m.nodes[nx].nptrs && (ny = walk(&y)) >= 0) {
            size_t i = pick_field(nx);
            gc_write(x, field(x, m.nodes[nx].kind, i), y);
            m.pool[m.nodes[nx].edges + i] = ny;
        }
    } else if (op < 78) {                           /* x.f = NULL */
        if ((nx = walk(&x)) >= 0 && m.nodes[nx].nptrs) {
            size_t i = below(m.nodes[nx].nptrs);
            gc_write(x, field(x, m.nodes[nx].kind, i), NULL);
            m.pool[m.nodes[nx].edges + i] = -1;
        }
    } else if (op < 88) {                           /* a data store (no pointer) */
        if ((nx = walk(&x)) >= 0 && m.nodes[nx].kind < K_PARRAY) {
            m.nodes[nx].data = next_random();
            *data_word(x, m.nodes[nx].kind) = m.nodes[nx].data;
        }
    } else if (op < 94) {                           /* a root takes another object, or NULL */
        size_t r = below(20000) ? NANCHORS + below(NROOTS - NANCHORS) : below(NANCHORS);
        if (below(3) == 0) {
            roots[r] = NULL;
            m.root[r] = -1;
        } else if ((ny = walk(&y)) >= 0) {
            roots[r] = y;
            m.root[r] = ny;
        }
    } else if (op < 97) {                           /* a global registered or removed */
        size_t g = below(NGLOBALS);
        if (m.global_on[g]) {
            gc_remove_global(&globals[g]);
            m.global_on[g] = 0;
            globals[g] = NULL;
        } else {
            ny = walk(&y);
            globals[g] = ny >= 0 ? y : NULL;
            m.global[g] = ny;
            gc_add_global(&globals[g]);
            m.global_on[g] = 1;
        }
    } else if (op < 99 || below(4)) {
        /* nothing: collections mostly come from allocation */
    } else if (below(4)) {
        gc_collect_young();
    } else {
        gc_collect();
    }
}

static size_t node_bytes(const struct node *nd)
{
    static const size_t words[] = { 3, 4, 5, 8 };
    switch (nd->kind) {
    case K_PARRAY: return (2 + (size_t)nd->nptrs) * 8;
    case K_BYTES: return 0;     /* filled in from the real object while checking */
    default: return words[nd->kind] * 8;
    }
}

/* Follows the real graph and the model together from every root. */
static void trace_check(int32_t n, void *obj, uint64_t *bytes)
{
    size_t sp = 0;
    if (n < 0 || m.seen[n]) {
        if (n >= 0 && m.addr[n] != obj)
            fail("one model object is two different heap objects");
        return;
    }
    m.seen[n] = 1;
    m.addr[n] = obj;
    m.stack[sp++] = n;
    if (!matches(obj, n))
        fail("a reachable object lost its identity or contents");
    while (sp && !failure) {
        int32_t p = m.stack[--sp];
        const struct node *nd = &m.nodes[p];
        void *pobj = m.addr[p];
        *bytes += nd->kind == K_BYTES ? (2 + (((struct gc_bytes *)pobj)->length + 7) / 8) * 8
                                      : node_bytes(nd);
        for (size_t i = 0; i < nd->nptrs; i++) {
            int32_t c = m.pool[nd->edges + i];
            void *cobj = *field(pobj, nd->kind, i);
            if ((c < 0) != (cobj == NULL)) {
                fail("a field's NULL-ness differs from the model");
                return;
            }
            if (c < 0)
                continue;
            if (m.seen[c]) {
                if (m.addr[c] != cobj)
                    fail("one model object is two different heap objects");
                continue;
            }
            if (!matches(cobj, c)) {
                fail("a reachable object lost its identity or contents");
                return;
            }
            m.seen[c] = 1;
            m.addr[c] = cobj;
            m.stack[sp++] = c;
        }
    }
}

/* What plain reference counting keeps besides the reachable: garbage with incoming
 * references from other kept garbage, found by peeling off garbage nobody references
 * (Kahn's algorithm); what remains hangs from a cycle. */
static void refcount_retained(void)
{
    size_t sp = 0;
    memset(m.indeg, 0, m.nnodes * sizeof *m.indeg);
    for (size_t n = 0; n < m.nnodes; n++)
        if (m.nodes[n].held && !m.seen[n])
            for (size_t i = 0; i < m.nodes[n].nptrs; i++) {
                int32_t c = m.pool[m.nodes[n].edges + i];
                if (c >= 0)
                    m.indeg[c]++;
            }
    for (size_t n = 0; n < m.nnodes; n++)
        if (m.nodes[n].held && !m.seen[n] && !m.indeg[n])
            m.stack[sp++] = (int32_t)n;
    while (sp) {
        int32_t n = m.stack[--sp];
        m.nodes[n].held = 0;
        for (size_t i = 0; i < m.nodes[n].nptrs; i++) {
            int32_t c = m.pool[m.nodes[n].edges + i];
            if (c >= 0 && !m.seen[c] && --m.indeg[c] == 0)
                m.stack[sp++] = c;
        }
    }
}

static void full_check(enum gc_policy policy, int rc_cycles, struct gc_random_result *res)
{
    gc_collect();
    const char *why;
    if (gc_verify(&why)) {
        fail(why);
        return;
    }
    m.seen = realloc(m.seen, m.nnodes + 1);
    m.addr = realloc(m.addr, (m.nnodes + 1) * sizeof *m.addr);
    m.stack = realloc(m.stack, (m.nnodes + 1) * sizeof *m.stack);
    m.indeg = realloc(m.indeg, (m.nnodes + 1) * sizeof *m.indeg);
    if (!m.seen || !m.addr || !m.stack || !m.indeg) {
        fail("random test: out of host memory for the check");
        return;
    }
    memset(m.seen, 0, m.nnodes);
    uint64_t bytes = 0;
    for (int r = 0; r < NROOTS; r++)
        trace_check(m.root[r], roots[r], &bytes);
    for (int g = 0; g < NGLOBALS; g++)
        if (m.global_on[g])
            trace_check(m.global[g], globals[g], &bytes);
    if (failure)
        return;
    size_t reachable = 0, held = 0;
    if (policy == GC_REFCOUNT && !rc_cycles)
        refcount_retained();
    for (size_t n = 0; n < m.nnodes; n++) {
        if (m.seen[n]) {
            reachable++;
            m.nodes[n].held = 1;
        } else if (policy != GC_REFCOUNT || rc_cycles) {
            m.nodes[n].held = 0;
        }
        held += m.nodes[n].held;
    }
    struct gc_stats s;
    gc_get_stats(&s);
    if (s.live_objects != held)
        fail(s.live_objects > held ? "the heap holds an object nothing reaches (not reclaimed)"
                                   : "the heap holds fewer objects than are reachable");
    else if (held == reachable && s.live_bytes != bytes)
        fail("the heap's live bytes differ from the reachable objects' sizes");
    res->leaked = held - reachable;
    if (reachable > res->max_reachable)
        res->max_reachable = reachable;
}

/* Small spaces: collections every few hundred allocations. */
void gc_test_config(struct gc_config *c, enum gc_policy policy)
{
    gc_config_default(c);
    c->policy = policy;
    c->heap_bytes = 64 << 10;
    c->max_heap_bytes = 256 << 20;
    c->large_bytes = 2048;
    c->young_bytes = 40 << 10;
    c->tenure_age = 2;
    c->card_bytes = 128;
    c->zct_entries = 256;
    c->stats = 0;
    c->trace = 0;
}

int gc_random_test(const struct gc_config *cfg, uint64_t seed, long ops,
                   struct gc_random_result *result)
{
    memset(result, 0, sizeof *result);
    result->failed_op = -1;
    failure = NULL;
    rng = seed | 1;
    memset(&m, 0, sizeof m);
    if (gc_init(cfg)) {
        result->why = "gc_init refused the configuration";
        return -1;
    }
    register_types();
    for (int r = 0; r < NROOTS; r++) {
        roots[r] = NULL;
        m.root[r] = -1;
    }
    for (int g = 0; g < NGLOBALS; g++) {
        globals[g] = NULL;
        m.global[g] = -1;
    }
    tmp = NULL;
    gc_push_frame();
    for (int r = 0; r < NROOTS; r++)
        gc_root(&roots[r]);
    gc_root(&tmp);
    for (int r = 0; r < NANCHORS; r++) {
        m.root[r] = allocate(0, 1);
        roots[r] = tmp;
    }
    tmp = NULL;
    long check_every = ops / 8 > 1000 ? ops / 8 : 1000;
    for (long i = 0; i < ops && !failure; i++) {
        mutate(1);
        if ((i + 1) % check_every == 0 || i + 1 == ops) {
            full_check(cfg->policy, cfg->rc_cycles, result);
            result->checks++;
        }
        if (failure)
            result->failed_op = i;
    }
    struct gc_stats s;
    gc_get_stats(&s);
    for (int k = 0; k < GC_NKINDS; k++)
        result->collections += s.collections[k];
    gc_pop_frame();
    gc_shutdown();
    free(m.nodes);
    free(m.pool);
    free(m.seen);
    free(m.addr);
    free(m.stack);
    free(m.indeg);
    memset(&m, 0, sizeof m);
    result->why = failure;
    return failure ? -1 : 0;
}
