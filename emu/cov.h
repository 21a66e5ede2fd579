/* Guest-kernel coverage (--cov FILE): the set of distinct program counters the harts
 * executed in S-mode, gathered by the run loop with no help from the guest. The guest
 * may read how many there are so far through the trace device (COVERAGE), which is how
 * a fuzzer inside the guest learns that a program reached new kernel code.
 *
 * File format (text): the line "# pagoda-cov 1 s-mode-pcs", then one executed S-mode
 * pc per line as 0x-prefixed hex, ascending. tools/covreport.py symbolises it against
 * the kernel's ELF (a per-function table of source lines covered). */
#ifndef PAGODA_COV_H
#define PAGODA_COV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cov {
    uint64_t *slot;           /* open addressing: pc | 1, 0 = empty */
    size_t cap, count;
};

/* Records pc; true when it was not there yet. */
bool cov_add(struct cov *c, uint64_t pc);
/* Writes the file; false with one line in err when it cannot. */
bool cov_write(const struct cov *c, const char *path, char *err, int errlen);
void cov_free(struct cov *c);

#endif
