/* radix.h — a sparse index from 64-bit keys to pointers (Linux's radix tree, the
 * xarray's ancestor): nodes of 64 slots, as many levels as the largest key needs, so
 * a file whose only page is at index 2^28 (1 TiB) costs five nodes, not a 2 GiB
 * array. Items are any non-NULL pointers, tagged ones too (the page cache keeps swap
 * entries with bit 0 set). No locking of its own: the owner's lock guards it (the
 * page cache: inode->pages_lock). Nodes come from a slab cache and are never
 * allocated in a way that sleeps, so the tree may be changed under a spinlock. */
#ifndef RADIX_H
#define RADIX_H

#include "types.h"

struct radix_node;

struct radix_tree {
    struct radix_node *root;
    unsigned height;           /* levels; keys below 64^height fit; 0: empty */
    uint64_t count;            /* items stored */
};

void radix_tree_init(void);        /* the node cache, once at boot */
void radix_init(struct radix_tree *t);
void *radix_lookup(const struct radix_tree *t, uint64_t key);
/* 0, -EEXIST (the key holds an item), or -ENOMEM (no node; the tree is unchanged). */
int radix_insert(struct radix_tree *t, uint64_t key, void *item);
/* Puts item where key already has one and returns the old one (NULL: none, nothing
 * done). */
void *radix_replace(struct radix_tree *t, uint64_t key, void *item);
/* Removes key's item (freeing nodes left empty) and returns it, or NULL. */
void *radix_delete(struct radix_tree *t, uint64_t key);
/* The first item at a key >= *key: true with *key and *item set, false if none. */
bool radix_next(const struct radix_tree *t, uint64_t *key, void **item);
/* Frees the nodes of an empty tree. */
void radix_destroy(struct radix_tree *t);

#endif
