/* The S-mode pc set behind --cov (see cov.h). */
#include "cov.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(uint64_t key, size_t cap)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
}

static void insert(uint64_t *slot, size_t cap, uint64_t key)
{
    size_t i = hash(key, cap);
    while (slot[i] && slot[i] != key)
        i = (i + 1) & (cap - 1);
    slot[i] = key;
}

bool cov_add(struct cov *c, uint64_t pc)
{
    uint64_t key = pc | 1;            /* pcs are even: bit 0 tells a used slot */
    if (c->cap) {
        size_t i = hash(key, c->cap);
        while (c->slot[i]) {
            if (c->slot[i] == key)
                return false;
            i = (i + 1) & (c->cap - 1);
        }
    }
    if (2 * (c->count + 1) > c->cap) {  /* at most half full */
        size_t cap = c->cap ? 2 * c->cap : 4096;
        uint64_t *slot = calloc(cap, sizeof *slot);
        if (!slot)
            abort();
        for (size_t i = 0; i < c->cap; i++)
            if (c->slot[i])
                insert(slot, cap, c->slot[i]);
        free(c->slot);
        c->slot = slot;
        c->cap = cap;
    }
    insert(c->slot, c->cap, key);
    c->count++;
    return true;
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

bool cov_write(const struct cov *c, const char *path, char *err, int errlen)
{
    uint64_t *pcs = malloc((c->count ? c->count : 1) * sizeof *pcs);
    if (!pcs)
        abort();
    size_t n = 0;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slot[i])
            pcs[n++] = c->slot[i] & ~1ull;
    qsort(pcs, n, sizeof *pcs, by_value);
    FILE *f = fopen(path, "w");
    bool ok = f != NULL;
    if (f) {
        fprintf(f, "# pagoda-cov 1 s-mode-pcs\n");
        for (size_t i = 0; i < n; i++)
            fprintf(f, "0x%llx\n", (unsigned long long)pcs[i]);
        ok = fclose(f) == 0;
    }
    if (!ok)
        snprintf(err, (size_t)errlen, "--cov %s: %s", path, strerror(errno));
    free(pcs);
    return ok;
}

void cov_free(struct cov *c)
{
    free(c->slot);
    memset(c, 0, sizeof *c);
}
