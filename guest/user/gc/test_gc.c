/* test_gc.c — Check unit tests of the collectors on the host, under ASan and UBSan:
 * lists and deep lists, cycles (reclaimed by tracing, leaked by plain reference
 * counting, reclaimed by its cycle collector), large objects, roots pushed and popped,
 * globals added and removed, precise pointer maps, moving collectors updating roots,
 * promotion, the 8:1:1 young generation, each write barrier, statistics, bad
 * configurations and running out of memory. Loop tests run once per collector. */
#define _GNU_SOURCE
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gc_random_test.h"
#include "pg_gc.h"
#include "workloads.h"

/* Check runs each test in its own forked process: a fresh heap and type table. */

struct node {
    long value;
    struct node *next;
    struct node *other;
    uintptr_t data;             /* not a pointer, whatever it holds */
};

static gc_type_t node_type;
static struct gc_stats st;

/* Loop index -> the collector under test (generational variants after the five). */
static const struct {
    enum gc_policy policy;
    enum gc_barrier barrier;
    int old_compacts;
} variant[] = {
    { GC_REFCOUNT, 0, 0 }, { GC_MARKSWEEP, 0, 0 }, { GC_MARKCOMPACT, 0, 0 },
    { GC_COPYING, 0, 0 }, { GC_GENERATIONAL, GC_BARRIER_CARD, 0 },
    { GC_GENERATIONAL, GC_BARRIER_REMSET, 0 }, { GC_GENERATIONAL, GC_BARRIER_MPROTECT, 0 },
    { GC_GENERATIONAL, GC_BARRIER_CARD, 1 },
};
#define NVARIANTS (int)(sizeof variant / sizeof variant[0])

static void start_cfg(struct gc_config *c)
{
    ck_assert_int_eq(gc_init(c), 0);
    static const size_t offsets[] = { offsetof(struct node, next), offsetof(struct node, other) };
    node_type = gc_register_type("node", sizeof(struct node), 2, offsets);
    ck_assert_uint_ne(node_type, 0);
}

static void start_variant(int i)
{
    struct gc_config c;
    gc_test_config(&c, variant[i].policy);
    c.barrier = variant[i].barrier;
    c.old_compacts = variant[i].old_compacts;
    start_cfg(&c);
}

static void start_policy(enum gc_policy p)
{
    struct gc_config c;
    gc_test_config(&c, p);
    start_cfg(&c);
}

static struct gc_stats *stats(void)
{
    gc_get_stats(&st);
    return &st;
}

static void assert_heap_ok(void)
{
    const char *why = "";
    ck_assert_msg(gc_verify(&why) == 0, "heap verification: %s", why);
}

static struct node *new_node(long value)
{
    struct node *n = gc_alloc(node_type);
    if (!n)
        ck_abort_msg("gc_alloc failed");
    n->value = value;
    return n;
}

/* A list of n nodes, values n-1 down to 0 from the head; head must be a root. */
static void build_list(struct node **head, long n)
{
    struct node *fresh = NULL;
    gc_push_frame();
    gc_root(&fresh);
    for (long i = 0; i < n; i++) {
        fresh = new_node(i);
        GC_WRITE(fresh, next, *head);
        *head = fresh;
    }
    gc_pop_frame();
}

/* (Check's assertions cost a system call each: loops count mismatches instead.) */
static void check_list(struct node *head, long n)
{
    long bad = 0, i = n - 1;
    for (; i >= 0 && head; i--, head = head->next)
        bad += head->value != i;
    ck_assert_int_eq(bad, 0);
    ck_assert_int_eq(i, -1);
    ck_assert_ptr_null(head);
}

START_TEST(test_list_survives_collections_with_contents)
{
    start_variant(_i);
    struct node *head = NULL;
    gc_push_frame();
    gc_root(&head);
    build_list(&head, 20000);
    gc_collect_young();
    check_list(head, 20000);
    gc_collect();
    check_list(head, 20000);
    assert_heap_ok();
    ck_assert_uint_eq(stats()->live_objects, 20000);
    gc_pop_frame();
}
END_TEST

START_TEST(test_deep_list_is_reclaimed_when_its_root_goes)
{
    start_variant(_i);
    struct node *head = NULL;
    gc_push_frame();
    gc_root(&head);
    build_list(&head, 200000);      /* deep: marking and freeing must not recurse */
    gc_collect();
    check_list(head, 200000);
    head = NULL;
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 0);
    ck_assert_uint_eq(st.freed_objects, 200000);
    assert_heap_ok();
    gc_pop_frame();
}
END_TEST

/* A two-node cycle and a 1000-node ring, then nothing refers to them. */
static void make_cycles(void)
{
    struct node *a = NULL, *b = NULL, *ring = NULL;
    gc_push_frame();
    gc_root(&a);
    gc_root(&b);
    gc_root(&ring);
    a = new_node(1);
    b = new_node(2);
    GC_WRITE(a, next, b);
    GC_WRITE(b, next, a);
    build_list(&ring, 1000);
    struct node *last = ring;
    while (last->next)
        last = last->next;
    GC_WRITE(last, next, ring);
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 1002);
    gc_pop_frame();
}

START_TEST(test_tracing_collectors_reclaim_cycles)
{
    start_variant(_i + 1);              /* every variant but refcount */
    make_cycles();
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 0);
    assert_heap_ok();
}
END_TEST

START_TEST(test_refcount_leaks_cycles)
{
    start_policy(GC_REFCOUNT);
    make_cycles();
    struct node *garbage = new_node(3);     /* acyclic garbage, for contrast */
    (void)garbage;
    gc_collect();
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 1002);     /* the cycles, forever */
    ck_assert_uint_eq(st.freed_objects, 1);             /* the acyclic one is freed */
    assert_heap_ok();
}
END_TEST

START_TEST(test_refcount_cycle_collector_reclaims_cycles)
{
    struct gc_config c;
    gc_test_config(&c, GC_REFCOUNT);
    c.rc_cycles = 1;
    start_cfg(&c);
    make_cycles();
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 0);
    ck_assert_uint_ge(st.collections[GC_KIND_CYCLES], 1);
    assert_heap_ok();
}
END_TEST

START_TEST(test_refcount_frees_at_reconciliation_without_tracing)
{
    start_policy(GC_REFCOUNT);
    struct node *keep = NULL;
    gc_push_frame();
    gc_root(&keep);
    keep = new_node(1);
    for (int i = 0; i < 1000; i++)
        new_node(i);                    /* never referenced: freed at the next reconcile */
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 1);
    ck_assert_uint_eq(st.freed_objects, 1000);
    ck_assert_uint_eq(st.collections[GC_KIND_RECONCILE], st.pauses);
    gc_pop_frame();
}
END_TEST

START_TEST(test_large_objects_get_their_own_mapping)
{
    start_variant(_i);
    struct gc_ptr_array *big = NULL;
    gc_push_frame();
    gc_root(&big);
    big = gc_alloc_ptr_array(20000);    /* 160 KiB, far above the 2 KiB threshold */
    ck_assert_ptr_nonnull(big);
    ck_assert_uint_eq(big->length, 20000);
    for (size_t i = 0; i < big->length; i += 7)
        gc_write(big, &big->item[i], new_node((long)i));
    gc_collect_young();
    gc_collect();
    size_t bad = 0;
    for (size_t i = 0; i < big->length; i++) {
        struct node *n = big->item[i];
        bad += i % 7 ? n != NULL : n->value != (long)i;
    }
    ck_assert_uint_eq(bad, 0);
    struct gc_stats *s = stats();
    ck_assert_str_eq(s->spaces[s->nspaces - 1].name, "large");
    ck_assert_uint_ge(s->spaces[s->nspaces - 1].committed_bytes, 160000);
    assert_heap_ok();
    big = NULL;
    gc_collect();
    s = stats();
    ck_assert_uint_eq(s->spaces[s->nspaces - 1].committed_bytes, 0);
    ck_assert_uint_eq(s->live_objects, 0);
    gc_pop_frame();
}
END_TEST

START_TEST(test_byte_arrays_keep_their_bytes)
{
    start_variant(_i);
    struct gc_bytes *small = NULL, *large = NULL;
    gc_push_frame();
    gc_root(&small);
    gc_root(&large);
    small = gc_alloc_bytes(13);
    large = gc_alloc_bytes(100000);
    ck_assert_ptr_nonnull(small);
    ck_assert_ptr_nonnull(large);
    memcpy(small->byte, "hello, world", 13);
    for (size_t i = 0; i < large->length; i++)
        large->byte[i] = (unsigned char)(i * 13);
    for (int i = 0; i < 5000; i++)
        new_node(i);
    gc_collect();
    ck_assert_str_eq((char *)small->byte, "hello, world");
    size_t bad = 0;
    for (size_t i = 0; i < large->length; i++)
        bad += large->byte[i] != (unsigned char)(i * 13);
    ck_assert_uint_eq(bad, 0);
    gc_pop_frame();
}
END_TEST

START_TEST(test_popped_frames_stop_being_roots)
{
    start_variant(_i);
    struct node *a = NULL, *b = NULL, *c = NULL;
    gc_push_frame();
    gc_root(&a);
    gc_root(&b);
    a = new_node(1);
    b = new_node(2);
    gc_push_frame();
    gc_root(&c);
    c = new_node(3);
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 3);
    gc_pop_frame();                     /* c is no root now */
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 2);
    ck_assert_int_eq(a->value + b->value, 3);
    gc_pop_frame();
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 0);
}
END_TEST

static struct node *global_a, *global_b;

START_TEST(test_globals_are_roots_until_removed)
{
    start_variant(_i);
    gc_add_global(&global_a);
    gc_add_global(&global_b);
    global_a = new_node(10);
    global_b = new_node(20);
    GC_WRITE(global_a, other, new_node(11));
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 3);
    ck_assert_int_eq(global_a->other->value, 11);
    gc_remove_global(&global_a);
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 1);
    ck_assert_int_eq(global_b->value, 20);
    gc_remove_global(&global_b);
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 0);
}
END_TEST

START_TEST(test_pointer_maps_are_precise)
{
    start_variant(_i);
    struct node *holder = NULL;
    gc_push_frame();
    gc_root(&holder);
    holder = new_node(1);
    holder->data = (uintptr_t)new_node(2);      /* an address in a data word */
    gc_collect();
    ck_assert_uint_eq(stats()->live_objects, 1);
    gc_pop_frame();
}
END_TEST

START_TEST(test_copying_moves_objects_and_updates_roots)
{
    start_policy(GC_COPYING);
    struct node *n = NULL;
    gc_push_frame();
    gc_root(&n);
    n = new_node(42);
    GC_WRITE(n, other, new_node(43));
    struct node *before = n;
    gc_collect();
    ck_assert_ptr_ne(n, before);
    ck_assert_int_eq(n->value, 42);
    ck_assert_int_eq(n->other->value, 43);
    ck_assert_uint_eq(stats()->copied_bytes, 2 * (8 + sizeof(struct node)));
    gc_pop_frame();
}
END_TEST

/* Cheney's scan is breadth-first: the to-space holds the root, then its children, then
 * their children. The objects are allocated in the reverse order, so neither keeping
 * the old order nor a depth-first copy (r a c b d) passes. */
START_TEST(test_copying_is_breadth_first)
{
    start_policy(GC_COPYING);
    struct node *d = NULL, *c = NULL, *b = NULL, *a = NULL, *r = NULL;
    gc_push_frame();
    gc_root(&d);
    gc_root(&c);
    gc_root(&b);
    gc_root(&a);
    gc_root(&r);
    d = new_node(4);
    c = new_node(3);
    b = new_node(2);
    GC_WRITE(b, next, d);
    a = new_node(1);
    GC_WRITE(a, next, c);
    r = new_node(0);
    GC_WRITE(r, next, a);
    GC_WRITE(r, other, b);
    d = c = b = a = NULL;               /* r is the only root left */
    gc_collect();
    const uintptr_t size = 8 + sizeof(struct node);
    struct node *order[] = { r, r->next, r->other, r->next->next, r->other->next };
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(order[i]->value, i);
        ck_assert_uint_eq((uintptr_t)order[i], (uintptr_t)r + i * size);
    }
    gc_pop_frame();
}
END_TEST

START_TEST(test_mark_compact_slides_live_objects_down_in_order)
{
    start_policy(GC_MARKCOMPACT);
    struct node *a = NULL, *b = NULL;
    gc_push_frame();
    gc_root(&a);
    gc_root(&b);
    for (int i = 0; i < 100; i++)
        new_node(i);                    /* garbage below */
    a = new_node(1);
    new_node(2);                        /* garbage between */
    b = new_node(3);
    GC_WRITE(a, next, b);
    uintptr_t old_a = (uintptr_t)a;
    gc_collect();
    ck_assert_uint_lt((uintptr_t)a, old_a);
    ck_assert_uint_eq((uintptr_t)b, (uintptr_t)a + 8 + sizeof(struct node));
    ck_assert_ptr_eq(a->next, b);
    ck_assert_int_eq(b->value, 3);
    struct gc_stats *s = stats();
    ck_assert_uint_eq(s->spaces[0].used_bytes, 2 * (8 + sizeof(struct node)));
    gc_pop_frame();
}
END_TEST

static int in_space(const void *p, const struct gc_space_info *sp)
{
    return (uintptr_t)p > sp->base && (uintptr_t)p < sp->base + sp->committed_bytes;
}

START_TEST(test_generational_promotes_after_tenure_age_survivals)
{
    struct gc_config c;
    gc_test_config(&c, GC_GENERATIONAL);
    c.tenure_age = 3;
    start_cfg(&c);
    struct node *n = NULL;
    gc_push_frame();
    gc_root(&n);
    n = new_node(7);
    ck_assert(in_space(n, &stats()->spaces[0]));            /* Eden */
    for (int i = 1; i <= 3; i++) {
        gc_collect_young();
        struct gc_stats *s = stats();
        if (i < 3) {
            ck_assert(in_space(n, &s->spaces[1]) || in_space(n, &s->spaces[2]));
            ck_assert_uint_eq(s->promoted_bytes, 0);
        } else {
            ck_assert(in_space(n, &s->spaces[3]));          /* old */
            ck_assert_uint_eq(s->promoted_bytes, 8 + sizeof(struct node));
        }
    }
    ck_assert_int_eq(n->value, 7);
    gc_pop_frame();
}
END_TEST

START_TEST(test_young_generation_is_eden_and_two_survivors_8_1_1)
{
    struct gc_config c;
    gc_config_default(&c);
    c.policy = GC_GENERATIONAL;
    c.young_bytes = 10 << 20;
    start_cfg(&c);
    struct gc_stats *s = stats();
    ck_assert_str_eq(s->spaces[0].name, "eden");
    ck_assert_str_eq(s->spaces[1].name, "survivor 0");
    ck_assert_str_eq(s->spaces[2].name, "survivor 1");
    ck_assert_uint_eq(s->spaces[0].committed_bytes, 8 << 20);
    ck_assert_uint_eq(s->spaces[1].committed_bytes, 1 << 20);
    ck_assert_uint_eq(s->spaces[2].committed_bytes, 1 << 20);
    gc_shutdown();
    c.survivor_ratio = 3;
    start_cfg(&c);
    s = stats();
    ck_assert_uint_eq(s->spaces[0].committed_bytes, 6 << 20);
    ck_assert_uint_eq(s->spaces[1].committed_bytes, 2 << 20);
}
END_TEST

/* An old object, a young one, a store through the barrier, a minor collection. */
START_TEST(test_barrier_remembers_old_to_young_pointers)
{
    start_variant(4 + _i);              /* the generational variants */
    struct node *old_node = NULL;
    gc_push_frame();
    gc_root(&old_node);
    old_node = new_node(1);
    gc_collect();                       /* a full collection promotes it */
    ck_assert(in_space(old_node, &stats()->spaces[3]));
    GC_WRITE(old_node, next, new_node(2));      /* the only reference to the young node */
    old_node->data = 5;                 /* plain data stores are fine too */
    for (int i = 0; i < 3; i++) {
        gc_collect_young();
        ck_assert_int_eq(old_node->next->value, 2);
    }
    struct gc_stats *s = stats();
    if (variant[4 + _i].barrier == GC_BARRIER_MPROTECT)
        ck_assert_uint_ge(s->protection_faults, 1);
    else
        ck_assert_uint_ge(s->barrier_records, 1);
    if (variant[4 + _i].barrier == GC_BARRIER_REMSET)
        ck_assert_uint_ge(s->remset_scanned, 1);
    else
        ck_assert_uint_ge(s->cards_scanned, 1);
    assert_heap_ok();
    gc_pop_frame();
}
END_TEST

START_TEST(test_verify_catches_a_store_that_skipped_the_barrier)
{
    struct gc_config c;
    gc_test_config(&c, GC_GENERATIONAL);
    c.barrier = _i ? GC_BARRIER_REMSET : GC_BARRIER_CARD;
    start_cfg(&c);
    struct node *old_node = NULL;
    gc_push_frame();
    gc_root(&old_node);
    old_node = new_node(1);
    gc_collect();
    old_node->next = new_node(2);       /* wrong: no GC_WRITE */
    const char *why = NULL;
    ck_assert_int_eq(gc_verify(&why), -1);
    ck_assert_ptr_nonnull(strstr(why, "did not remember"));
    gc_pop_frame();
}
END_TEST

START_TEST(test_pause_statistics_are_consistent)
{
    start_variant(_i);
    struct node *head = NULL;
    gc_push_frame();
    gc_root(&head);
    for (int round = 0; round < 20; round++) {
        head = NULL;
        build_list(&head, 3000);
    }
    gc_collect();
    struct gc_stats *s = stats();
    uint64_t n = 0;
    for (int k = 0; k < GC_NKINDS; k++)
        n += s->collections[k];
    ck_assert_uint_ge(n, 2);
    ck_assert_uint_eq(n, s->pauses);
    ck_assert_uint_le(s->pause_p50, s->pause_p90);
    ck_assert_uint_le(s->pause_p90, s->pause_p99);
    ck_assert_uint_le(s->pause_p99, s->pause_max);
    ck_assert_uint_le(s->pause_max, s->pause_total);
    ck_assert_uint_eq(s->allocated_objects, 60000);
    ck_assert_uint_eq(s->allocated_objects - s->freed_objects, s->live_objects);
    ck_assert_uint_eq(s->allocated_bytes, 60000 * (8 + sizeof(struct node)));
    ck_assert_uint_eq(s->allocated_bytes - s->freed_bytes, s->live_bytes);
    ck_assert_uint_eq(s->live_bytes, 3000 * (8 + sizeof(struct node)));
    ck_assert_uint_eq(s->live_objects, 3000);
    ck_assert_uint_ge(s->peak_footprint_bytes, s->footprint_bytes);
    ck_assert_str_eq(s->pause_unit, "ns");
    gc_pop_frame();
}
END_TEST

/* The same live data (and the same garbage) under two collectors: peak footprint. */
static uint64_t peak_footprint(enum gc_policy p)
{
    start_policy(p);
    struct node *keep = NULL, *junk = NULL;
    gc_push_frame();
    gc_root(&keep);
    gc_root(&junk);
    build_list(&keep, 20000);
    for (int round = 0; round < 10; round++) {
        junk = NULL;
        build_list(&junk, 20000);
    }
    gc_collect();
    uint64_t peak = stats()->peak_footprint_bytes;
    gc_pop_frame();
    gc_shutdown();
    return peak;
}

START_TEST(test_copying_costs_twice_the_memory_of_mark_sweep)
{
    uint64_t ms = peak_footprint(GC_MARKSWEEP), cp = peak_footprint(GC_COPYING);
    ck_assert_uint_ge(cp * 10, ms * 19);
    ck_assert_uint_le(cp * 10, ms * 21);
}
END_TEST

START_TEST(test_mark_sweep_reports_fragmentation_mark_compact_none)
{
    struct gc_ptr_array *keep = NULL;
    for (int compact = 0; compact < 2; compact++) {
        start_policy(compact ? GC_MARKCOMPACT : GC_MARKSWEEP);
        gc_push_frame();
        gc_root(&keep);
        keep = gc_alloc_ptr_array(200);
        for (size_t i = 0; i < 200; i++) {
            gc_write(keep, &keep->item[i], new_node((long)i));
            for (int j = 0; j < 10; j++)
                new_node(j);            /* garbage between the kept nodes */
        }
        gc_collect();
        if (compact)
            ck_assert_uint_eq(stats()->fragmentation_ppm, 0);
        else
            ck_assert_uint_gt(stats()->fragmentation_ppm, 0);
        gc_pop_frame();
        gc_shutdown();
    }
}
END_TEST

/* The free-list spaces (mark-sweep's heap, reference counting's) allocate into the
 * holes the dead left between live objects before they grow: new nodes land below the
 * highest live one and the footprint does not change. */
START_TEST(test_free_lists_reuse_the_holes_between_live_objects)
{
    struct gc_config c;
    gc_test_config(&c, _i ? GC_REFCOUNT : GC_MARKSWEEP);
    c.zct_entries = 4096;               /* reference counting frees at the collect only */
    start_cfg(&c);
    struct gc_ptr_array *keep = NULL;
    gc_push_frame();
    gc_root(&keep);
    keep = gc_alloc_ptr_array(100);
    for (size_t i = 0; i < 100; i++) {
        gc_write(keep, &keep->item[i], new_node((long)i));
        for (int j = 0; j < 10; j++)
            new_node(j);                /* garbage between the kept nodes */
    }
    gc_collect();
    uintptr_t highest = 0;
    for (size_t i = 0; i < 100; i++)
        if ((uintptr_t)keep->item[i] > highest)
            highest = (uintptr_t)keep->item[i];
    struct gc_stats *s = stats();
    uint64_t footprint = s->footprint_bytes, freed = s->freed_objects;
    ck_assert_uint_eq(freed, 1000);
    size_t above = 0;
    for (int i = 0; i < 900; i++)
        above += (uintptr_t)new_node(i) > highest;
    ck_assert_uint_eq(above, 0);
    s = stats();
    ck_assert_uint_eq(s->footprint_bytes, footprint);
    ck_assert_uint_eq(s->collections[GC_KIND_FULL] + s->collections[GC_KIND_RECONCILE], s->pauses);
    for (size_t i = 0; i < 100; i++)
        ck_assert_int_eq(((struct node *)keep->item[i])->value, (long)i);
    gc_pop_frame();
}
END_TEST

/* The old generation under GC_OLD=markcompact slides its survivors down (no holes);
 * under mark-sweep they stay where they are and the dead leave holes. */
START_TEST(test_old_generation_compacts_or_sweeps_in_place)
{
    struct gc_config c;
    gc_test_config(&c, GC_GENERATIONAL);
    c.old_compacts = _i;
    start_cfg(&c);
    struct gc_ptr_array *keep = NULL;
    gc_push_frame();
    gc_root(&keep);
    keep = gc_alloc_ptr_array(200);
    for (size_t i = 0; i < 200; i++)
        gc_write(keep, &keep->item[i], new_node((long)i));
    gc_collect();                       /* all of it promoted to the old generation */
    struct gc_stats *s = stats();
    ck_assert(in_space(keep->item[199], &s->spaces[3]));
    uintptr_t last = (uintptr_t)keep->item[199];
    for (size_t i = 0; i < 200; i += 2)
        gc_write(keep, &keep->item[i], NULL);
    gc_collect();
    s = stats();
    ck_assert(in_space(keep->item[199], &s->spaces[3]));
    if (_i) {
        ck_assert_uint_lt((uintptr_t)keep->item[199], last);
        ck_assert_uint_eq(s->fragmentation_ppm, 0);
        for (size_t i = 3; i < 200; i += 2)     /* slid down in order, packed */
            ck_assert_uint_eq((uintptr_t)keep->item[i] - (uintptr_t)keep->item[i - 2],
                              8 + sizeof(struct node));
    } else {
        ck_assert_uint_eq((uintptr_t)keep->item[199], last);
        ck_assert_uint_gt(s->fragmentation_ppm, 0);
    }
    size_t bad = 0;
    for (size_t i = 1; i < 200; i += 2)
        bad += ((struct node *)keep->item[i])->value != (long)i;
    ck_assert_uint_eq(bad, 0);
    ck_assert_uint_eq(s->live_objects, 101);
    gc_pop_frame();
}
END_TEST

START_TEST(test_out_of_memory_is_null_not_a_crash)
{
    struct gc_config c;
    gc_test_config(&c, variant[_i].policy);
    c.barrier = variant[_i].barrier;
    c.old_compacts = variant[_i].old_compacts;
    c.max_heap_bytes = 1 << 20;
    start_cfg(&c);
    struct node *head = NULL;
    gc_push_frame();
    gc_root(&head);
    long n = 0;
    for (;; n++) {
        struct node *fresh = gc_alloc(node_type);
        if (!fresh)
            break;
        GC_WRITE(fresh, next, head);
        head = fresh;
        if (n > (1 << 20))
            break;
    }
    ck_assert_int_lt(n, 1 << 20);
    ck_assert_int_gt(n, 1000);          /* a good part of the megabyte was used */
    long len = 0;
    for (struct node *p = head; p; p = p->next)
        len++;
    ck_assert_int_eq(len, n);
    gc_pop_frame();
}
END_TEST

START_TEST(test_bad_configurations_are_refused)
{
    struct gc_config c;
    gc_config_default(&c);
    c.growth_percent = 50;
    ck_assert_int_eq(gc_init(&c), -1);
    gc_config_default(&c);
    c.policy = GC_GENERATIONAL;
    c.young_bytes = 32 << 10;
    c.large_bytes = 64 << 10;
    ck_assert_int_eq(gc_init(&c), -1);
    gc_config_default(&c);
    c.policy = GC_GENERATIONAL;
    c.card_bytes = 100;
    ck_assert_int_eq(gc_init(&c), -1);
    gc_config_default(&c);
    c.policy = (enum gc_policy)17;
    ck_assert_int_eq(gc_init(&c), -1);
}
END_TEST

/* Runs fn in a child with stderr captured; returns its exit status. */
static int run_captured(void (*fn)(void), char *out, size_t n)
{
    int fds[2], status;
    size_t len = 0;
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        fn();
        exit(0);
    }
    close(fds[1]);
    for (ssize_t k; len < n - 1 && (k = read(fds[0], out + len, n - 1 - len)) > 0;)
        len += (size_t)k;
    out[len] = 0;
    close(fds[0]);
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void alloc_with_bad_env(void)
{
    setenv("GC_POLICY", "bogus", 1);
    struct gc_config c;
    gc_config_default(&c);
}

static void alloc_with_bad_size(void)
{
    setenv("GC_YOUNG", "12Q", 1);
    gc_alloc_bytes(1);
}

/* Every variable the README lists reaches the configuration, and unset they give the
 * documented defaults. (Check runs each test in a process of its own.) */
static const char *const gc_vars[][2] = {
    { "GC_POLICY", "markcompact" }, { "GC_HEAP", "3M" }, { "GC_MAX_HEAP", "2G" },
    { "GC_GROWTH", "150" }, { "GC_LARGE", "8K" }, { "GC_YOUNG", "6M" },
    { "GC_SURVIVOR_RATIO", "4" }, { "GC_TENURE", "5" }, { "GC_OLD", "markcompact" },
    { "GC_BARRIER", "mprotect" }, { "GC_CARD", "1k" }, { "GC_RC_ZCT", "100" },
    { "GC_RC_CYCLES", "1" }, { "GC_STATS", "1" }, { "GC_TRACE", "1" },
};

START_TEST(test_environment_reaches_the_configuration)
{
    struct gc_config c;
    for (size_t i = 0; i < sizeof gc_vars / sizeof gc_vars[0]; i++)
        unsetenv(gc_vars[i][0]);
    gc_config_default(&c);
    ck_assert_int_eq(c.policy, GC_GENERATIONAL);
    ck_assert_uint_eq(c.heap_bytes, 2 << 20);
    ck_assert_uint_eq(c.max_heap_bytes, 1 << 30);
    ck_assert_uint_eq(c.growth_percent, 200);
    ck_assert_uint_eq(c.large_bytes, 32 << 10);
    ck_assert_uint_eq(c.young_bytes, 4 << 20);
    ck_assert_uint_eq(c.survivor_ratio, 8);
    ck_assert_uint_eq(c.tenure_age, 3);
    ck_assert_int_eq(c.old_compacts, 0);
    ck_assert_int_eq(c.barrier, GC_BARRIER_CARD);
    ck_assert_uint_eq(c.card_bytes, 512);
    ck_assert_uint_eq(c.zct_entries, 16384);
    ck_assert_int_eq(c.rc_cycles + c.stats + c.trace, 0);
    for (size_t i = 0; i < sizeof gc_vars / sizeof gc_vars[0]; i++)
        setenv(gc_vars[i][0], gc_vars[i][1], 1);
    gc_config_default(&c);
    ck_assert_int_eq(c.policy, GC_MARKCOMPACT);
    ck_assert_uint_eq(c.heap_bytes, 3 << 20);
    ck_assert_uint_eq(c.max_heap_bytes, 2ull << 30);
    ck_assert_uint_eq(c.growth_percent, 150);
    ck_assert_uint_eq(c.large_bytes, 8 << 10);
    ck_assert_uint_eq(c.young_bytes, 6 << 20);
    ck_assert_uint_eq(c.survivor_ratio, 4);
    ck_assert_uint_eq(c.tenure_age, 5);
    ck_assert_int_eq(c.old_compacts, 1);
    ck_assert_int_eq(c.barrier, GC_BARRIER_MPROTECT);
    ck_assert_uint_eq(c.card_bytes, 1024);
    ck_assert_uint_eq(c.zct_entries, 100);
    ck_assert_int_eq(c.rc_cycles, 1);
    ck_assert_int_eq(c.stats, 1);
    ck_assert_int_eq(c.trace, 1);
}
END_TEST

START_TEST(test_bad_environment_is_one_line_and_status_2)
{
    char out[512];
    ck_assert_int_eq(run_captured(alloc_with_bad_env, out, sizeof out), 2);
    ck_assert_str_eq(out, "gc: GC_POLICY=bogus: expected refcount, marksweep, markcompact, "
                          "copying or generational\n");
    ck_assert_int_eq(run_captured(alloc_with_bad_size, out, sizeof out), 2);
    ck_assert_str_eq(out, "gc: GC_YOUNG=12Q: expected a size such as 4096, 64K, 8M or 1G\n");
}
END_TEST

static void traced_run(void)
{
    setenv("GC_POLICY", "generational", 1);
    setenv("GC_TRACE", "1", 1);
    setenv("GC_STATS", "1", 1);
    setenv("GC_YOUNG", "256K", 1);
    static const size_t offsets[] = { 8 };
    gc_type_t t = gc_register_type("pair", 16, 1, offsets);
    for (int i = 0; i < 100000; i++)
        gc_alloc(t);
}

START_TEST(test_trace_and_stats_print_each_collection_and_a_summary)
{
    static char out[1 << 16];
    ck_assert_int_eq(run_captured(traced_run, out, sizeof out), 0);
    ck_assert_ptr_nonnull(strstr(out, "gc: #1 minor "));
    ck_assert_ptr_nonnull(strstr(out, " ns; eden "));
    ck_assert_ptr_nonnull(strstr(out, ", survivor 0 "));
    ck_assert_ptr_nonnull(strstr(out, ", old "));
    ck_assert_ptr_nonnull(strstr(out, "gc: policy generational (Eden "));
    ck_assert_ptr_nonnull(strstr(out, "gc: collections: minor "));
    ck_assert_ptr_nonnull(strstr(out, "gc: pauses (ns): count "));
    ck_assert_ptr_nonnull(strstr(out, "gc: allocated 2400000 bytes in 100000 objects\n"));
    const char *series = strstr(out, "gc: footprint/live over time:");
    ck_assert_ptr_nonnull(series);
    int points = 0;                     /* " 3.5M/1.2M" per sampled collection */
    for (const char *p = series; *p && *p != '\n'; p++)
        points += *p == '/';
    ck_assert_int_ge(points - 1, 2);    /* (the heading has one) */
}
END_TEST

/* With the mprotect barrier's SIGSEGV handler in place, a fault outside the old
 * generation (a real bug) goes to whoever handled SIGSEGV before: here ASan, which
 * reports it and exits non-zero; without ASan the default action kills. */
static void wild_store_under_mprotect_barrier(void)
{
    struct gc_config c;
    gc_test_config(&c, GC_GENERATIONAL);
    c.barrier = GC_BARRIER_MPROTECT;
    if (gc_init(&c))
        exit(3);
    gc_collect();
    char *guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (guard == MAP_FAILED)
        exit(4);
    *(volatile char *)guard = 1;
}

START_TEST(test_mprotect_barrier_passes_other_faults_on)
{
    static char out[1 << 16];
    int status = run_captured(wild_store_under_mprotect_barrier, out, sizeof out);
    ck_assert_msg(status == 128 + SIGSEGV || (status != 0 && strstr(out, "SEGV")),
                  "status %d, stderr: %.200s", status, out);
}
END_TEST

START_TEST(test_randomized_graphs_match_the_model)
{
    struct gc_config c;
    struct gc_random_result r;
    gc_test_config(&c, variant[_i].policy);
    c.barrier = variant[_i].barrier;
    c.old_compacts = variant[_i].old_compacts;
    int rc = gc_random_test(&c, 1234 + (uint64_t)_i, 20000, &r);
    ck_assert_msg(rc == 0, "op %ld: %s", r.failed_op, r.why);
    ck_assert_uint_ge(r.checks, 2);
}
END_TEST

START_TEST(test_workloads_run_clean_under_every_collector)
{
    struct gc_config c;
    struct wl_result r;
    gc_test_config(&c, variant[_i].policy);
    c.barrier = variant[_i].barrier;
    c.old_compacts = variant[_i].old_compacts;
    ck_assert_int_eq(gc_init(&c), 0);
    wl_binary_trees(8, &r);
    ck_assert_msg(r.error == NULL, "binary-trees: %s", r.error);
    ck_assert_uint_eq(r.checksum, r.objects);
    wl_churn(20000, 2000, &r);
    ck_assert_msg(r.error == NULL, "churn: %s", r.error);
    ck_assert_uint_gt(r.peak_live_bytes, 2000 * 40);
    ck_assert_uint_ge(stats()->collections[GC_KIND_MINOR] + st.collections[GC_KIND_FULL] +
                      st.collections[GC_KIND_RECONCILE], 2);
}
END_TEST

/* Writes text to a temporary file; its path. */
static const char *temp_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/gc-test-%d.trace", (int)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Two types; a list of two objects in register 0 and an array in register 1. */
static const char good_trace[] =
    "# a hand-written trace\n"
    "t 0 1 8\nt 1 0 16\n"
    "n 0 0 10\nn 2 1 11\ns 0 0 2\nc 2\n"
    "a 1 3 12\ns 1 2 0\n"
    "l 3 0 0 11\nl 4 1 2 10\nl 5 1 0 -\nm 6 4\nc 0\n"
    "# peak-live 64\n";

START_TEST(test_trace_replay_finds_every_loaded_object)
{
    start_variant(_i);
    const char *why = NULL;
    const char *path = temp_file(good_trace);
    struct wl_trace *t = wl_trace_load(path, &why);
    unlink(path);
    ck_assert_msg(t != NULL, "%s", why);
    struct wl_result r;
    wl_trace_replay(t, &r);
    ck_assert_msg(r.error == NULL, "%s", r.error);
    ck_assert_uint_eq(r.checksum, 11 + 10 + 11);    /* serials loaded + operations */
    ck_assert_uint_eq(r.peak_live_bytes, 64);
    ck_assert_uint_eq(r.objects, 3);
    wl_trace_free(t);
}
END_TEST

START_TEST(test_trace_load_rejects_bad_input_in_one_line)
{
    static const char *const bad[] = {
        "t 0 1 8\nn 0 5 1\n",             /* unknown type */
        "t 0 1 8\nn 99 0 1\n",            /* register out of range */
        "t 0 1 8\nq 1 2\n",               /* unknown operation */
        "t 0 1 4\n",                       /* data too short for the serial */
        "# nothing\n",                     /* no operations */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *why = NULL;
        const char *path = temp_file(bad[i]);
        ck_assert_ptr_null(wl_trace_load(path, &why));
        unlink(path);
        ck_assert_ptr_nonnull(why);
        ck_assert_ptr_null(strchr(why, '\n'));
    }
    const char *why = NULL;
    ck_assert_ptr_null(wl_trace_load("/nonexistent/x.trace", &why));
    ck_assert_str_eq(why, "/nonexistent/x.trace: cannot open");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gc");
    TCase *graphs = tcase_create("graphs"), *roots = tcase_create("roots");
    TCase *moving = tcase_create("moving"), *gen = tcase_create("generational");
    TCase *st_tc = tcase_create("stats"), *cfg = tcase_create("config");
    tcase_set_timeout(graphs, 60);
    tcase_add_loop_test(graphs, test_list_survives_collections_with_contents, 0, NVARIANTS);
    tcase_add_loop_test(graphs, test_deep_list_is_reclaimed_when_its_root_goes, 0, NVARIANTS);
    tcase_add_loop_test(graphs, test_tracing_collectors_reclaim_cycles, 0, NVARIANTS - 1);
    tcase_add_test(graphs, test_refcount_leaks_cycles);
    tcase_add_test(graphs, test_refcount_cycle_collector_reclaims_cycles);
    tcase_add_test(graphs, test_refcount_frees_at_reconciliation_without_tracing);
    tcase_add_loop_test(graphs, test_large_objects_get_their_own_mapping, 0, NVARIANTS);
    tcase_add_loop_test(graphs, test_byte_arrays_keep_their_bytes, 0, NVARIANTS);
    tcase_add_loop_test(graphs, test_pointer_maps_are_precise, 0, NVARIANTS);
    tcase_add_loop_test(graphs, test_randomized_graphs_match_the_model, 0, NVARIANTS);
    tcase_add_loop_test(roots, test_popped_frames_stop_being_roots, 0, NVARIANTS);
    tcase_add_loop_test(roots, test_globals_are_roots_until_removed, 0, NVARIANTS);
    tcase_add_test(moving, test_copying_moves_objects_and_updates_roots);
    tcase_add_test(moving, test_copying_is_breadth_first);
    tcase_add_test(moving, test_mark_compact_slides_live_objects_down_in_order);
    tcase_add_loop_test(moving, test_free_lists_reuse_the_holes_between_live_objects, 0, 2);
    tcase_add_test(moving, test_copying_costs_twice_the_memory_of_mark_sweep);
    tcase_add_test(moving, test_mark_sweep_reports_fragmentation_mark_compact_none);
    tcase_add_test(gen, test_generational_promotes_after_tenure_age_survivals);
    tcase_add_test(gen, test_young_generation_is_eden_and_two_survivors_8_1_1);
    tcase_add_loop_test(gen, test_old_generation_compacts_or_sweeps_in_place, 0, 2);
    tcase_add_loop_test(gen, test_barrier_remembers_old_to_young_pointers, 0, 4);
    tcase_add_loop_test(gen, test_verify_catches_a_store_that_skipped_the_barrier, 0, 2);
    tcase_add_test(gen, test_mprotect_barrier_passes_other_faults_on);
    tcase_add_loop_test(st_tc, test_pause_statistics_are_consistent, 0, NVARIANTS);
    tcase_add_test(st_tc, test_trace_and_stats_print_each_collection_and_a_summary);
    tcase_add_loop_test(cfg, test_out_of_memory_is_null_not_a_crash, 0, NVARIANTS);
    tcase_add_test(cfg, test_bad_configurations_are_refused);
    tcase_add_test(cfg, test_environment_reaches_the_configuration);
    tcase_add_test(cfg, test_bad_environment_is_one_line_and_status_2);
    TCase *wl = tcase_create("workloads");
    tcase_set_timeout(wl, 60);
    tcase_add_loop_test(wl, test_workloads_run_clean_under_every_collector, 0, NVARIANTS);
    tcase_add_loop_test(wl, test_trace_replay_finds_every_loaded_object, 0, NVARIANTS);
    tcase_add_test(wl, test_trace_load_rejects_bad_input_in_one_line);
    suite_add_tcase(s, wl);
    suite_add_tcase(s, graphs);
    suite_add_tcase(s, roots);
    suite_add_tcase(s, moving);
    suite_add_tcase(s, gen);
    suite_add_tcase(s, st_tc);
    suite_add_tcase(s, cfg);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
