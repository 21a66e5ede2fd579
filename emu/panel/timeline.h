/* Ring buffers for the panel's timelines: each sample is a row of nseries values
 * (NAN: no data, e.g. a hit rate when the TLB saw no access); the newest cap rows are
 * kept and older ones fall off. */
#ifndef PAGODA_PANEL_TIMELINE_H
#define PAGODA_PANEL_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

struct timeline {
    int nseries, cap;
    float *rows;                /* cap x nseries, row (count - 1) % cap is the newest */
    uint64_t count;             /* rows ever pushed */
};

/* False when out of memory or the sizes are not positive. */
bool timeline_init(struct timeline *t, int nseries, int cap);
void timeline_free(struct timeline *t);
void timeline_push(struct timeline *t, const float *row);
/* Forgets every row. */
void timeline_clear(struct timeline *t);
/* Rows kept: the smaller of rows pushed and cap. */
int timeline_len(const struct timeline *t);
/* Series s of the row `age` samples before the newest (0: the newest); NAN when that
 * row is not kept or s is out of range. */
float timeline_get(const struct timeline *t, int age, int s);
/* Over the newest n rows: the largest value of series s, and the largest sum of series
 * [s0, s1) (for stacked bars). NANs are skipped; 0 when nothing is left. */
float timeline_max(const struct timeline *t, int n, int s);
float timeline_max_sum(const struct timeline *t, int n, int s0, int s1);

#endif
