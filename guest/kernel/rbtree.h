/* rbtree.h — red-black trees as in Linux's lib/rbtree.c: the caller embeds a struct
 * rb_node in its object, finds the place to insert by its own key (rb_link_node), and
 * the tree rebalances itself (rb_insert_color, rb_erase). Height stays below
 * 2 log2(n + 1), so lookups are O(log n); rb_first/rb_next walk in key order. */
#ifndef RBTREE_H
#define RBTREE_H

#include "types.h"

#define RB_RED   0
#define RB_BLACK 1

struct rb_node {
    struct rb_node *parent, *left, *right;
    int color;
};

struct rb_root {
    struct rb_node *node;
};

#define rb_entry(ptr, type, member) container_of(ptr, type, member)

/* Hangs node under parent at *link (a NULL child slot found by the caller's search). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent, struct rb_node **link)
{
    node->parent = parent;
    node->left = node->right = NULL;
    node->color = RB_RED;
    *link = node;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif
