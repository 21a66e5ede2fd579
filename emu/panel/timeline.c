/* Timeline ring buffers (see timeline.h). */
#include "timeline.h"

#include <math.h>
#include <stdlib.h>

bool timeline_init(struct timeline *t, int nseries, int cap)
{
    t->nseries = nseries;
    t->cap = cap;
    t->count = 0;
    t->rows = NULL;
    if (nseries <= 0 || cap <= 0)
        return false;
    t->rows = calloc((size_t)nseries * (size_t)cap, sizeof *t->rows);
    return t->rows != NULL;
}

void timeline_free(struct timeline *t)
{
    free(t->rows);
    t->rows = NULL;
    t->count = 0;
}

void timeline_clear(struct timeline *t)
{
    t->count = 0;
}

void timeline_push(struct timeline *t, const float *row)
{
    float *dst = &t->rows[(size_t)(t->count % (uint64_t)t->cap) * (size_t)t->nseries];
    for (int s = 0; s < t->nseries; s++)
        dst[s] = row[s];
    t->count++;
}

int timeline_len(const struct timeline *t)
{
    return t->count < (uint64_t)t->cap ? (int)t->count : t->cap;
}

float timeline_get(const struct timeline *t, int age, int s)
{
    if (age < 0 || age >= timeline_len(t) || s < 0 || s >= t->nseries)
        return NAN;
    uint64_t i = (t->count - 1 - (uint64_t)age) % (uint64_t)t->cap;
    return t->rows[(size_t)i * (size_t)t->nseries + (size_t)s];
}

float timeline_max(const struct timeline *t, int n, int s)
{
    return timeline_max_sum(t, n, s, s + 1);
}

float timeline_max_sum(const struct timeline *t, int n, int s0, int s1)
{
    float best = 0;
    if (n > timeline_len(t))
        n = timeline_len(t);
    for (int age = 0; age < n; age++) {
        float sum = 0;
        for (int s = s0; s < s1; s++) {
            float v = timeline_get(t, age, s);
            if (!isnan(v))
                sum += v;
        }
        if (sum > best)
            best = sum;
    }
    return best;
}
