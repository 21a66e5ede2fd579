/* The decoded-instruction cache: one code page of decoded slots per physical page that
 * has been executed, shared by every hart (decoding depends only on the bits). A slot
 * is decoded the first time it runs; a store, DMA or debugger write over it returns
 * it to "not decoded", so no hart ever runs stale instructions. */
#ifndef PAGODA_CODECACHE_H
#define PAGODA_CODECACHE_H

#include <stdint.h>

#include "decode.h"
#include "riscv.h"

struct bus;

/* Decoded instructions of one physical page, one slot per 2-byte parcel. */
#define SLOTS_PER_PAGE (PAGE_SIZE / 2)
struct code_page {
    uint64_t paddr;
    const uint8_t *host;      /* the page's bytes */
    struct dinsn slot[SLOTS_PER_PAGE + 2];  /* + sentinels: falling off the page exits */
};

/* Allocate: the code page of the memory page at paddr_page, created on first use
 * (every slot not yet decoded); NULL when the page is not memory. Creating one makes
 * every hart's fast stores into the page take the slow path, which invalidates. */
struct code_page *code_page_get(struct bus *bus, uint64_t paddr_page);
/* Invalidate: a write of len bytes at paddr; forgets the decoded instructions it may
 * overlap (an instruction that starts up to 2 bytes earlier included). */
void code_invalidate(struct bus *bus, uint64_t paddr, uint64_t len);

/* Decodes raw (as insn_decode) into the slot of the instruction at page offset off,
 * choosing the run loop's variant for that position: a branch or jal whose target
 * lies outside the page takes the far form. Returns insn_decode's answer. */
bool code_decode(struct dinsn *slot, uint32_t raw, unsigned off);

/* Handlers of the cache's own: the one of every slot not yet decoded (decode from the
 * page's bytes, cache, execute), and the one of a 32-bit instruction that starts in
 * the last parcel of a page (fetched anew each time: the next page may map
 * elsewhere). */
uint64_t exec_decode(struct hart *h, const struct dinsn *d, uint64_t pc);
uint64_t exec_straddle(struct hart *h, const struct dinsn *d, uint64_t pc);

#endif
