/* workloads.c — the benchmark mutators (workloads.h): binary-trees, a churn of
 * doubly-linked records around a slowly drifting live set, and the replay of a mutator
 * trace. Written against pg_gc.h: roots on the shadow stack, pointer stores through
 * GC_WRITE; -DWL_BOEHM builds them on Boehm's collector instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "workloads.h"
#ifdef WL_BOEHM
#include "boehm_shim.h"
#else
#include "pg_gc.h"
#endif

static const char *oom = "out of memory";

/* ---- binary-trees ---- */

struct tnode { struct tnode *left, *right; };
static gc_type_t tnode_type;
static const char *tree_error;

static struct tnode *make_tree(int depth)
{
    struct tnode *n = gc_alloc(tnode_type);
    if (!n) {
        tree_error = oom;
        return NULL;
    }
    if (depth > 0) {
        gc_push_frame();
        gc_root(&n);
        struct tnode *l = make_tree(depth - 1);
        GC_WRITE(n, left, l);
        struct tnode *r = make_tree(depth - 1);
        GC_WRITE(n, right, r);
        gc_pop_frame();
    }
    return n;
}

static uint64_t count_tree(const struct tnode *n)
{
    return n ? 1 + count_tree(n->left) + count_tree(n->right) : 0;
}

static uint64_t tree_nodes(int depth)
{
    return (2ull << depth) - 1;
}

void wl_binary_trees(int max_depth, struct wl_result *r)
{
    static const size_t offsets[] = { offsetof(struct tnode, left), offsetof(struct tnode, right) };
    const int min_depth = 4;
    memset(r, 0, sizeof *r);
    if (!tnode_type)
        tnode_type = gc_register_type("tree node", sizeof(struct tnode), 2, offsets);
    tree_error = NULL;
    struct tnode *stretch = NULL, *long_lived = NULL, *t = NULL;
    gc_push_frame();
    gc_root(&stretch);
    gc_root(&long_lived);
    gc_root(&t);
    stretch = make_tree(max_depth + 1);
    uint64_t check = count_tree(stretch);
    uint64_t expect = tree_nodes(max_depth + 1);
    stretch = NULL;
    long_lived = make_tree(max_depth);
    for (int d = min_depth; d <= max_depth; d += 2) {
        long iterations = 1L << (max_depth - d + min_depth);
        for (long i = 0; i < iterations; i++) {
            t = make_tree(d);
            check += count_tree(t);
            expect += tree_nodes(d);
            t = NULL;
        }
    }
    check += count_tree(long_lived);
    expect += tree_nodes(max_depth);
    gc_pop_frame();
    r->checksum = check;
    r->objects = expect;
    uint64_t peak = tree_nodes(max_depth) * 2;
    if (tree_nodes(max_depth + 1) > peak)
        peak = tree_nodes(max_depth + 1);
    r->peak_live_bytes = peak * sizeof(struct tnode);
    r->error = tree_error ? tree_error : check != expect ? "a tree lost nodes" : NULL;
}

/* ---- churn ---- */

struct rec {
    struct rec *next, *prev;
    struct gc_bytes *payload;
    uint64_t key;
};

#define CHURN_BUCKETS 1024

static uint64_t churn_rng;

static uint64_t churn_random(void)
{
    churn_rng ^= churn_rng << 13;
    churn_rng ^= churn_rng >> 7;
    churn_rng ^= churn_rng << 17;
    return churn_rng;
}

static uint64_t rec_bytes(const struct rec *x)
{
    return sizeof *x + sizeof(struct gc_bytes) + x->payload->length;
}

void wl_churn(long steps, long live, struct wl_result *r)
{
    static const size_t offsets[] = { offsetof(struct rec, next), offsetof(struct rec, prev),
                                      offsetof(struct rec, payload) };
    static gc_type_t rec_type;
    static long len[CHURN_BUCKETS];
    static uint64_t bytes[CHURN_BUCKETS];
    memset(r, 0, sizeof *r);
    memset(len, 0, sizeof len);
    memset(bytes, 0, sizeof bytes);
    if (!rec_type)
        rec_type = gc_register_type("record", sizeof(struct rec), 3, offsets);
    churn_rng = 0x2545f4914f6cdd1dull;
    struct gc_ptr_array *table = NULL;
    struct rec *x = NULL;
    struct gc_bytes *p = NULL;
    gc_push_frame();
    gc_root(&table);
    gc_root(&x);
    gc_root(&p);
    table = gc_alloc_ptr_array(CHURN_BUCKETS);
    long records = 0;
    uint64_t live_bytes = 0, key = 0;
    int out_of_memory = !table;
    long period = steps / 4 > 1 ? steps / 4 : 1;
    for (long step = 0; step < steps && table; step++) {
        /* The target rises from live/2 to 3live/2 and back, four times over the run. */
        long phase = step % period, half = period / 2 ? period / 2 : 1;
        long tri = phase < half ? phase : period - phase;
        long target = live / 2 + live * tri / half;
        size_t b = (size_t)(churn_random() % CHURN_BUCKETS);
        uint64_t dice = churn_random() % 100;
        if (dice < 30 && len[b]) {                          /* a new payload */
            x = table->item[b];
            for (long k = (long)(churn_random() % (uint64_t)len[b]); k > 0; k--)
                x = x->next;
            size_t n = 8 + (size_t)(churn_random() % 240);
            p = gc_alloc_bytes(n);
            if (!p) {
                out_of_memory = 1;
                break;
            }
            memset(p->byte, (int)key, n);
            bytes[b] -= x->payload->length;
            bytes[b] += n;
            live_bytes += n - x->payload->length;
            GC_WRITE(x, payload, p);
            x = NULL;
            p = NULL;
        } else if (records < target) {                      /* a new record */
            x = gc_alloc(rec_type);
            size_t n = 8 + (size_t)(churn_random() % 240);
            if (x)
                p = gc_alloc_bytes(n);
            if (!x || !p) {
                out_of_memory = 1;
                break;
            }
            memset(p->byte, (int)key, n);
            x->key = key++;
            GC_WRITE(x, payload, p);
            struct rec *head = table->item[b];
            GC_WRITE(x, next, head);
            if (head)
                GC_WRITE(head, prev, x);
            gc_write(table, &table->item[b], x);
            len[b]++;
            records++;
            bytes[b] += rec_bytes(x);
            live_bytes += rec_bytes(x);
            x = NULL;
            p = NULL;
        } else if (len[b] && churn_random() % 64 == 0) {    /* the whole bucket goes */
            gc_write(table, &table->item[b], NULL);
            records -= len[b];
            live_bytes -= bytes[b];
            len[b] = 0;
            bytes[b] = 0;
        } else if (len[b]) {                                /* one record goes */
            x = table->item[b];
            for (long k = (long)(churn_random() % (uint64_t)len[b]); k > 0; k--)
                x = x->next;
            if (x->prev)
                GC_WRITE(x->prev, next, x->next);
            else
                gc_write(table, &table->item[b], x->next);
            if (x->next)
                GC_WRITE(x->next, prev, x->prev);
            len[b]--;
            records--;
            bytes[b] -= rec_bytes(x);
            live_bytes -= rec_bytes(x);
            x = NULL;
        }
        if (live_bytes > r->peak_live_bytes)
            r->peak_live_bytes = live_bytes;
    }
    r->objects = key * 2;
    long seen = 0;
    for (size_t b = 0; table && b < CHURN_BUCKETS; b++)
        for (struct rec *y = table->item[b]; y; y = y->next) {
            r->checksum += y->key + y->payload->length;
            seen++;
        }
    if (out_of_memory)
        r->error = oom;
    else if (seen != records)
        r->error = "records went missing";
    gc_pop_frame();
}

/* ---- trace replay ---- */

enum { OP_NEW, OP_ARRAY, OP_STORE, OP_LOAD, OP_MOVE, OP_CLEAR };
#define TRACE_REGS 64
#define NO_REG 255
#define NO_SERIAL 0xffffffffu

struct wl_op {
    uint8_t kind, r, q, pad;
    uint32_t a;                 /* type, length or field */
    uint32_t serial;            /* NEW: the one to write; LOAD: the one expected */
};

struct trace_type { uint32_t nptrs, data_bytes; gc_type_t id; };

struct wl_trace {
    struct wl_op *ops;
    size_t nops;
    struct trace_type *types;
    size_t ntypes;
    uint64_t peak_live;
};

static void *trace_regs[TRACE_REGS];

void wl_trace_free(struct wl_trace *t)
{
    if (t) {
        free(t->ops);
        free(t->types);
        free(t);
    }
}

uint64_t wl_trace_peak_live(const struct wl_trace *t)
{
    return t->peak_live;
}

static int parse_reg(const char *s, uint8_t *out)
{
    if (!strcmp(s, "-")) {
        *out = NO_REG;
        return 0;
    }
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || end == s || v >= TRACE_REGS)
        return -1;
    *out = (uint8_t)v;
    return 0;
}

/* Loads a trace file (format in gc_trace_gen.py); NULL with *why on bad input. */
struct wl_trace *wl_trace_load(const char *path, const char **why)
{
    static char msg[160];
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(msg, sizeof msg, "%s: cannot open", path);
        *why = msg;
        return NULL;
    }
    struct wl_trace *t = calloc(1, sizeof *t);
    size_t cap = 1 << 16, tcap = 16;
    t->ops = malloc(cap * sizeof *t->ops);
    t->types = malloc(tcap * sizeof *t->types);
    char line[256];
    long lineno = 0;
    *why = NULL;
    while (!*why && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = 0;
        char w[6][32];
        int n = sscanf(line, "%31s %31s %31s %31s %31s %31s", w[0], w[1], w[2], w[3], w[4], w[5]);
        if (n <= 0)
            continue;
        if (w[0][0] == '#') {
            if (n >= 3 && !strcmp(w[1], "peak-live"))
                t->peak_live = strtoull(w[2], NULL, 10);
            continue;
        }
        if (t->nops == cap) {
            cap *= 2;
            t->ops = realloc(t->ops, cap * sizeof *t->ops);
        }
        struct wl_op *op = &t->ops[t->nops];
        memset(op, 0, sizeof *op);
        op->q = NO_REG;
        op->serial = NO_SERIAL;
        int ok = 1;
        switch (w[0][0]) {
        case 't':       /* t ID NPTRS DATA_BYTES */
            if (n != 4 || strtoul(w[1], NULL, 10) != t->ntypes) {
                ok = 0;
                break;
            }
            if (t->ntypes == tcap)
                t->types = realloc(t->types, (tcap *= 2) * sizeof *t->types);
            t->types[t->ntypes].nptrs = (uint32_t)strtoul(w[2], NULL, 10);
            t->types[t->ntypes].data_bytes = (uint32_t)strtoul(w[3], NULL, 10);
            ok = t->types[t->ntypes].nptrs <= 64 && t->types[t->ntypes].data_bytes >= 8 &&
                 t->types[t->ntypes].data_bytes <= 4096;
            t->ntypes++;
            if (ok)
                continue;
            break;
        case 'n':       /* n R TYPE SERIAL */
            op->kind = OP_NEW;
            ok = n == 4 && !parse_reg(w[1], &op->r) && op->r != NO_REG;
            op->a = (uint32_t)strtoul(w[2], NULL, 10);
            op->serial = (uint32_t)strtoul(w[3], NULL, 10);
            ok = ok && op->a < t->ntypes;
            break;
        case 'a':       /* a R LENGTH SERIAL */
            op->kind = OP_ARRAY;
            ok = n == 4 && !parse_reg(w[1], &op->r) && op->r != NO_REG;
            op->a = (uint32_t)strtoul(w[2], NULL, 10);
            op->serial = (uint32_t)strtoul(w[3], NULL, 10);
            ok = ok && op->a <= (1u << 20);
            break;
        case 's':       /* s R FIELD Q */
            op->kind = OP_STORE;
            ok = n == 4 && !parse_reg(w[1], &op->r) && op->r != NO_REG && !parse_reg(w[3], &op->q);
            op->a = (uint32_t)strtoul(w[2], NULL, 10);
            break;
        case 'l':       /* l R Q FIELD SERIAL|- */
            op->kind = OP_LOAD;
            ok = n == 5 && !parse_reg(w[1], &op->r) && op->r != NO_REG &&
                 !parse_reg(w[2], &op->q) && op->q != NO_REG;
            op->a = (uint32_t)strtoul(w[3], NULL, 10);
            op->serial = strcmp(w[4], "-") ? (uint32_t)strtoul(w[4], NULL, 10) : NO_SERIAL;
            break;
        case 'm':       /* m R Q */
            op->kind = OP_MOVE;
            ok = n == 3 && !parse_reg(w[1], &op->r) && op->r != NO_REG && !parse_reg(w[2], &op->q);
            break;
        case 'c':       /* c R */
            op->kind = OP_CLEAR;
            ok = n == 2 && !parse_reg(w[1], &op->r) && op->r != NO_REG;
            break;
        default:
            ok = 0;
        }
        if (ok && (op->kind == OP_NEW || op->kind == OP_ARRAY) && op->serial >= (1u << 28))
            ok = 0;
        if (!ok) {
            snprintf(msg, sizeof msg, "%s:%ld: not a trace line: %.60s", path, lineno, line);
            *why = msg;
        }
        t->nops++;
    }
    fclose(f);
    if (!*why && !t->nops) {
        snprintf(msg, sizeof msg, "%s: no operations", path);
        *why = msg;
    }
    if (*why) {
        wl_trace_free(t);
        return NULL;
    }
    for (size_t i = 0; i < t->ntypes; i++) {
        size_t offsets[64];
        for (uint32_t k = 0; k < t->types[i].nptrs; k++)
            offsets[k] = 8 * k;
        t->types[i].id = gc_register_type("trace", 8 * t->types[i].nptrs + t->types[i].data_bytes,
                                          t->types[i].nptrs, offsets);
    }
    return t;
}

/* What each register holds, as far as the replay knows: a type, an array's length. */
struct reg_shape { int32_t type; uint32_t length; };

static uint32_t fields_of(const struct wl_trace *t, struct reg_shape s)
{
    return s.type >= 0 ? t->types[s.type].nptrs : s.length;
}

static void **field_of(void *obj, struct reg_shape s, uint32_t f)
{
    return s.type >= 0 ? (void **)obj + f : &((struct gc_ptr_array *)obj)->item[f];
}

void wl_trace_replay(const struct wl_trace *t, struct wl_result *r)
{
    struct reg_shape shape[TRACE_REGS];
    memset(r, 0, sizeof *r);
    memset(trace_regs, 0, sizeof trace_regs);
    gc_push_frame();
    for (int i = 0; i < TRACE_REGS; i++) {
        gc_root(&trace_regs[i]);
        shape[i] = (struct reg_shape){ -1, 0 };
    }
    /* Every object has a serial; a load names the serial it must find, so the replay
     * knows each register's shape from the trace, never from memory it distrusts. */
    uint32_t nserials = 0;
    for (size_t i = 0; i < t->nops; i++)
        if ((t->ops[i].kind == OP_NEW || t->ops[i].kind == OP_ARRAY) &&
            t->ops[i].serial + 1 > nserials)
            nserials = t->ops[i].serial + 1;
    struct reg_shape *shape_of = calloc(nserials + 1, sizeof *shape_of);
    for (size_t i = 0; i < t->nops; i++)
        if (t->ops[i].kind == OP_NEW)
            shape_of[t->ops[i].serial] = (struct reg_shape){ (int32_t)t->ops[i].a, 0 };
        else if (t->ops[i].kind == OP_ARRAY)
            shape_of[t->ops[i].serial] = (struct reg_shape){ -1, t->ops[i].a };
    uint64_t live_sum = 0;
    for (size_t i = 0; i < t->nops && !r->error; i++) {
        const struct wl_op *op = &t->ops[i];
        void *obj = trace_regs[op->r];
        switch (op->kind) {
        case OP_NEW: {
            const struct trace_type *ty = &t->types[op->a];
            void *o = gc_alloc(ty->id);
            if (!o) {
                r->error = oom;
                break;
            }
            ((uint64_t *)o)[ty->nptrs] = op->serial;
            trace_regs[op->r] = o;
            shape[op->r] = (struct reg_shape){ (int32_t)op->a, 0 };
            r->objects++;
            break;
        }
        case OP_ARRAY: {
            void *o = gc_alloc_ptr_array(op->a);
            if (!o) {
                r->error = oom;
                break;
            }
            trace_regs[op->r] = o;
            shape[op->r] = (struct reg_shape){ -1, op->a };
            r->objects++;
            break;
        }
        case OP_STORE:
            if (!obj || op->a >= fields_of(t, shape[op->r]))
                r->error = "a store to NULL or past the fields (bad trace)";
            else
                gc_write(obj, field_of(obj, shape[op->r], op->a),
                         op->q == NO_REG ? NULL : trace_regs[op->q]);
            break;
        case OP_LOAD: {
            void *src = trace_regs[op->q];
            if (!src || op->a >= fields_of(t, shape[op->q])) {
                r->error = "a load from NULL or past the fields (bad trace)";
                break;
            }
            void *o = *field_of(src, shape[op->q], op->a);
            struct reg_shape s = { -1, 0 };
            if (op->serial == NO_SERIAL) {
                if (o) {
                    r->error = "a load found an object where the trace has NULL";
                    break;
                }
            } else {
                if (op->serial >= nserials || !o) {
                    r->error = "a load found NULL where the trace has an object";
                    break;
                }
                s = shape_of[op->serial];
                if (s.type >= 0 ? ((uint64_t *)o)[t->types[s.type].nptrs] != op->serial
                                : ((struct gc_ptr_array *)o)->length != s.length) {
                    r->error = "a load found another object than the trace's";
                    break;
                }
                live_sum += op->serial;
            }
            trace_regs[op->r] = o;
            shape[op->r] = s;
            break;
        }
        case OP_MOVE:
            trace_regs[op->r] = op->q == NO_REG ? NULL : trace_regs[op->q];
            shape[op->r] = op->q == NO_REG ? (struct reg_shape){ -1, 0 } : shape[op->q];
            break;
        case OP_CLEAR:
            trace_regs[op->r] = NULL;
            shape[op->r] = (struct reg_shape){ -1, 0 };
            break;
        }
    }
    free(shape_of);
    memset(trace_regs, 0, sizeof trace_regs);
    gc_pop_frame();
    r->checksum = live_sum + t->nops;
    r->peak_live_bytes = t->peak_live;
}
