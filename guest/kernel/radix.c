/* radix.c — the sparse index of radix.h. A tree of height h covers keys below 64^h;
 * level h-1's node picks its slot by key bits [6(h-1), 6h), and level 0 holds the
 * items. It grows a level at the top when a larger key comes, and empty nodes are
 * freed on the way back up from a delete. */
#include "kernel.h"
#include "radix.h"
#include "slab.h"

#define RADIX_BITS  6
#define RADIX_SLOTS (1u << RADIX_BITS)
#define RADIX_MAX_HEIGHT 11         /* 66 bits >= 64 */

struct radix_node {
    void *slots[RADIX_SLOTS];
    unsigned count;                 /* slots in use */
};

static struct kmem_cache *node_cache;

void radix_tree_init(void)
{
    node_cache = kmem_cache_create("radix_tree_node", sizeof(struct radix_node));
}

static struct radix_node *node_alloc(void)
{
    return kmem_cache_zalloc(node_cache);
}

static void node_free(struct radix_node *n)
{
    kmem_cache_free(node_cache, n);
}

/* The largest key a tree of height h holds. */
static uint64_t max_key(unsigned h)
{
    return h >= RADIX_MAX_HEIGHT ? ~0UL : (1UL << (RADIX_BITS * h)) - 1;
}

static unsigned slot_of(uint64_t key, unsigned level)
{
    return (unsigned)(key >> (RADIX_BITS * level)) & (RADIX_SLOTS - 1);
}

void radix_init(struct radix_tree *t)
{
    t->root = NULL;
    t->height = 0;
    t->count = 0;
}

void *radix_lookup(const struct radix_tree *t, uint64_t key)
{
    if (!t->root || key > max_key(t->height))
        return NULL;
    struct radix_node *n = t->root;
    for (unsigned level = t->height - 1; level > 0; level--) {
        n = n->slots[slot_of(key, level)];
        if (!n)
            return NULL;
    }
    return n->slots[slot_of(key, 0)];
}

/* Adds levels on top until key fits; false if a node could not be had. */
static bool grow(struct radix_tree *t, uint64_t key)
{
    if (!t->root) {
        unsigned h = 1;
        while (key > max_key(h))
            h++;
        if (!(t->root = node_alloc()))
            return false;
        t->height = h;
        return true;
    }
    while (key > max_key(t->height)) {
        struct radix_node *top = node_alloc();
        if (!top)
            return false;
        top->slots[0] = t->root;
        top->count = 1;
        t->root = top;
        t->height++;
    }
    return true;
}

/* Frees the empty nodes on key's path, bottom up, and lowers the tree while its
 * root has only its first slot in use. */
static void prune(struct radix_tree *t, uint64_t key)
{
    struct radix_node *path[RADIX_MAX_HEIGHT];
    struct radix_node *n = t->root;
    unsigned depth = 0;
    for (unsigned level = t->height; n && level > 0; level--) {
        path[depth++] = n;
        n = level > 1 ? n->slots[slot_of(key, level - 1)] : NULL;
    }
    for (unsigned d = depth; d-- > 0;) {
        if (path[d]->count)
            break;
        node_free(path[d]);
        if (d == 0) {
            t->root = NULL;
            t->height = 0;
            return;
        }
        path[d - 1]->slots[slot_of(key, t->height - d)] = NULL;
        path[d - 1]->count--;
    }
    while (t->height > 1 && t->root->count == 1 && t->root->slots[0]) {
        struct radix_node *old = t->root;
        t->root = old->slots[0];
        t->height--;
        node_free(old);
    }
}

int radix_insert(struct radix_tree *t, uint64_t key, void *item)
{
    if (!grow(t, key)) {
        if (t->root)
            prune(t, 0);            /* levels added for nothing */
        return -ENOMEM;
    }
    struct radix_node *n = t->root;
    for (unsigned level = t->height - 1; level > 0; level--) {
        void **slot = &n->slots[slot_of(key, level)];
        if (!*slot) {
            if (!(*slot = node_alloc())) {
                prune(t, key);
                return -ENOMEM;
            }
            n->count++;
        }
        n = *slot;
    }
    void **slot = &n->slots[slot_of(key, 0)];
    if (*slot)
        return -EEXIST;
    *slot = item;
    n->count++;
    t->count++;
    return 0;
}

void *radix_replace(struct radix_tree *t, uint64_t key, void *item)
{
    if (!t->root || key > max_key(t->height))
        return NULL;
    struct radix_node *n = t->root;
    for (unsigned level = t->height - 1; level > 0; level--)
        if (!(n = n->slots[slot_of(key, level)]))
            return NULL;
    void *old = n->slots[slot_of(key, 0)];
    if (old)
        n->slots[slot_of(key, 0)] = item;
    return old;
}

void *radix_delete(struct radix_tree *t, uint64_t key)
{
    if (!t->root || key > max_key(t->height))
        return NULL;
    struct radix_node *n = t->root;
    for (unsigned level = t->height - 1; level > 0; level--)
        if (!(n = n->slots[slot_of(key, level)]))
            return NULL;
    void *old = n->slots[slot_of(key, 0)];
    if (!old)
        return NULL;
    n->slots[slot_of(key, 0)] = NULL;
    n->count--;
    t->count--;
    prune(t, key);
    return old;
}

/* The first item at a key >= start below node n (level `level`, covering keys from
 * base). */
static bool next_in(const struct radix_node *n, unsigned level, uint64_t base, uint64_t start,
                    uint64_t *key, void **item)
{
    unsigned shift = RADIX_BITS * level;
    unsigned first = start > base ? (unsigned)((start - base) >> shift) : 0;
    for (unsigned i = first; i < RADIX_SLOTS; i++) {
        void *s = n->slots[i];
        if (!s)
            continue;
        uint64_t child_base = base + ((uint64_t)i << shift);
        if (level == 0) {
            *key = child_base;
            *item = s;
            return true;
        }
        if (next_in(s, level - 1, child_base, MAX(start, child_base), key, item))
            return true;
    }
    return false;
}

bool radix_next(const struct radix_tree *t, uint64_t *key, void **item)
{
    if (!t->root || *key > max_key(t->height))
        return false;
    return next_in(t->root, t->height - 1, 0, *key, key, item);
}

static void free_below(struct radix_node *n, unsigned level)
{
    for (unsigned i = 0; level > 0 && i < RADIX_SLOTS; i++)
        if (n->slots[i])
            free_below(n->slots[i], level - 1);
    node_free(n);
}

void radix_destroy(struct radix_tree *t)
{
    if (t->root)
        free_below(t->root, t->height - 1);
    radix_init(t);
}
