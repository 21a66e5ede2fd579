/* Statistics output: the human table of --stats and the JSON of --stats-json. */
#ifndef PAGODA_STATS_H
#define PAGODA_STATS_H

#include <stdio.h>

struct machine;

#define STATS_SCHEMA "pagoda-stats"
#define STATS_VERSION 2

/* Both print the counts since the last stats_reset (since power-on before one). */
void stats_print(struct machine *m, FILE *f);
void stats_json(struct machine *m, FILE *f);
/* Starts a new measurement: what is printed from now on counts from here (the debugger's
 * `stats reset`). The machine's own counts, and the hpm counters, are untouched. */
void stats_reset(struct machine *m);
void stats_free(struct machine *m);

#endif
