/* rbtree.c — red-black tree rebalancing (Cormen et al., "Introduction to Algorithms",
 * chapter 13, with NULL leaves counting as black). The invariants: the root is black, a
 * red node has black children, and every path from a node down to a leaf crosses the
 * same number of black nodes. */
#include "rbtree.h"

static bool is_red(const struct rb_node *n) { return n && n->color == RB_RED; }
static bool is_black(const struct rb_node *n) { return !is_red(n); }

/* Puts new in old's place under old's parent. */
static void replace_child(struct rb_root *root, struct rb_node *old, struct rb_node *new)
{
    struct rb_node *p = old->parent;
    if (!p)
        root->node = new;
    else if (p->left == old)
        p->left = new;
    else
        p->right = new;
    if (new)
        new->parent = p;
}

/*      x                y
 *     / \              / \
 *    a   y     =>     x   c
 *       / \          / \
 *      b   c        a   b      */
static void rotate_left(struct rb_root *root, struct rb_node *x)
{
    struct rb_node *y = x->right;
    x->right = y->left;
    if (y->left)
        y->left->parent = x;
    replace_child(root, x, y);
    y->left = x;
    x->parent = y;
}

static void rotate_right(struct rb_root *root, struct rb_node *x)
{
    struct rb_node *y = x->left;
    x->left = y->right;
    if (y->right)
        y->right->parent = x;
    replace_child(root, x, y);
    y->right = x;
    x->parent = y;
}

/* Restores the invariants after a red node was linked in. */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
    struct rb_node *parent;
    while ((parent = node->parent) && is_red(parent)) {
        struct rb_node *gparent = parent->parent;     /* exists: the root is black */
        bool left = parent == gparent->left;
        struct rb_node *uncle = left ? gparent->right : gparent->left;
        if (is_red(uncle)) {                           /* recolour, move up */
            parent->color = uncle->color = RB_BLACK;
            gparent->color = RB_RED;
            node = gparent;
            continue;
        }
        if (node == (left ? parent->right : parent->left)) {   /* straighten the zig-zag */
            if (left)
                rotate_left(root, parent);
            else
                rotate_right(root, parent);
            node = parent;
            parent = node->parent;
        }
        parent->color = RB_BLACK;
        gparent->color = RB_RED;
        if (left)
            rotate_right(root, gparent);
        else
            rotate_left(root, gparent);
    }
    root->node->color = RB_BLACK;
}

/* Restores the invariants after a black node was removed above x (x may be NULL,
 * then parent says where it is). */
static void erase_fixup(struct rb_root *root, struct rb_node *x, struct rb_node *parent)
{
    while (x != root->node && is_black(x)) {
        bool left = x == parent->left;
        struct rb_node *w = left ? parent->right : parent->left;   /* the sibling */
        if (is_red(w)) {
            w->color = RB_BLACK;
            parent->color = RB_RED;
            if (left)
                rotate_left(root, parent);
            else
                rotate_right(root, parent);
            w = left ? parent->right : parent->left;
        }
        if (is_black(w->left) && is_black(w->right)) {
            w->color = RB_RED;
            x = parent;
            parent = x->parent;
            continue;
        }
        if (left && is_black(w->right)) {
            w->left->color = RB_BLACK;
            w->color = RB_RED;
            rotate_right(root, w);
            w = parent->right;
        } else if (!left && is_black(w->left)) {
            w->right->color = RB_BLACK;
            w->color = RB_RED;
            rotate_left(root, w);
            w = parent->left;
        }
        w->color = parent->color;
        parent->color = RB_BLACK;
        if (left) {
            w->right->color = RB_BLACK;
            rotate_left(root, parent);
        } else {
            w->left->color = RB_BLACK;
            rotate_right(root, parent);
        }
        x = root->node;
        break;
    }
    if (x)
        x->color = RB_BLACK;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
    struct rb_node *x, *parent;
    int removed_color = node->color;
    if (!node->left || !node->right) {
        x = node->left ? node->left : node->right;
        parent = node->parent;
        replace_child(root, node, x);
    } else {
        struct rb_node *succ = node->right;           /* the next node takes its place */
        while (succ->left)
            succ = succ->left;
        removed_color = succ->color;
        x = succ->right;
        if (succ->parent == node) {
            parent = succ;
        } else {
            parent = succ->parent;
            replace_child(root, succ, x);
            succ->right = node->right;
            succ->right->parent = succ;
        }
        replace_child(root, node, succ);
        succ->left = node->left;
        succ->left->parent = succ;
        succ->color = node->color;
    }
    if (removed_color == RB_BLACK && root->node)
        erase_fixup(root, x, parent);
}

struct rb_node *rb_first(const struct rb_root *root)
{
    struct rb_node *n = root->node;
    while (n && n->left)
        n = n->left;
    return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
    struct rb_node *n = root->node;
    while (n && n->right)
        n = n->right;
    return n;
}

struct rb_node *rb_next(const struct rb_node *n)
{
    if (n->right) {
        n = n->right;
        while (n->left)
            n = n->left;
        return (struct rb_node *)n;
    }
    while (n->parent && n == n->parent->right)
        n = n->parent;
    return n->parent;
}

struct rb_node *rb_prev(const struct rb_node *n)
{
    if (n->left) {
        n = n->left;
        while (n->right)
            n = n->right;
        return (struct rb_node *)n;
    }
    while (n->parent && n == n->parent->left)
        n = n->parent;
    return n->parent;
}
