/* Statistics output: the human table of --stats and the JSON of --stats-json. */
#ifndef PAGODA_STATS_H
#define PAGODA_STATS_H

#include <stdio.h>

struct machine;

#define STATS_SCHEMA "pagoda-stats"
#define STATS_VERSION 2

void stats_print(struct machine *m, FILE *f);
void stats_json(struct machine *m, FILE *f);

#endif
