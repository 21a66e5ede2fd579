/* The decoded-instruction cache: one code page of decoded slots per physical page that
 * has been executed, shared by every hart (decoding depends only on the bits). A slot
 * is decoded the first time it runs, with the rest of its run: the straight-line
 * instructions after it up to a jump, a branch, one that calls its handler or the end
 * of the page, each slot holding the count of the run from it on (struct dinsn.rem),
 * which the run loop retires in one addition when it enters the run. A store, DMA or
 * debugger write over a slot returns it to "not decoded", and with it every decoded
 * slot whose run continues into it, so no hart ever runs stale instructions or counts
 * stale runs. */
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
 * overlap (an instruction that starts up to 2 bytes earlier included) and those whose
 * runs (or fused pairs) continue into them. */
void code_invalidate(struct bus *bus, uint64_t paddr, uint64_t len);

/* Decodes raw (as insn_decode) into the slot of the instruction at page offset off,
 * choosing the run loop's variant for that position: a branch or jal whose target
 * lies outside the page takes the far form; one whose target lies inside it is near:
 * its imm holds the offset in slot bytes (CODE_NEAR_SCALE times the offset in bytes),
 * which the run loop adds to its slot pointer as it is, and its handler is exec_near.
 * The slot's run count is that of a run that ends with it (code_decode_slot counts
 * whole runs). Returns insn_decode's answer. */
bool code_decode(struct dinsn *slot, uint32_t raw, unsigned off);
#define CODE_NEAR_SCALE ((int32_t)(sizeof(struct dinsn) / 2))   /* a slot per 2 bytes */
/* The handler of a near branch or jal: the instruction's own handler, given the
 * offset in bytes. */
uint64_t exec_near(struct hart *h, const struct dinsn *d, uint64_t pc);

/* Fused pairs: the run loop's code for two instructions one after the other, with one
 * dispatch (hart.c lists the operations that fuse). A slot whose instruction and the
 * next one form such a pair gets the pair's code address in lab when it is decoded;
 * everything else about the slot (fn, fop, operands) stays that of its own
 * instruction, and the second slot keeps its own decoding (a jump may land on it).
 * A pair is chained when the second reads the first's rd as its rs1 (FUSE_CHAIN_RS1)
 * or, failing that, as its rs2 (FUSE_CHAIN_RS2): its code hands the value over in a
 * host register rather than through the register file (the first still writes rd). */
enum { FUSE_PLAIN, FUSE_CHAIN_RS1, FUSE_CHAIN_RS2, FUSE_CHAINS };
struct code_fuse {
    /* [first][second][chain][2 * (len1 == 4) + (len2 == 4)]; a second that reads no
     * rs2 has its plain code under FUSE_CHAIN_RS2 */
    const void *const *lab;
    int nsecond;
    int8_t first[FOP_COUNT], second[FOP_COUNT];   /* by FOP_x: index, or -1 */
};
extern struct code_fuse code_fuse;

/* The chained form of the pair a, b (FUSE_*). */
static inline int code_fuse_chain(const struct dinsn *a, const struct dinsn *b)
{
    return b->rs1 == a->rd ? FUSE_CHAIN_RS1 : b->rs2 == a->rd ? FUSE_CHAIN_RS2 : FUSE_PLAIN;
}

/* The run loop's code for the pair a, b (both fuse: code_fuse.first and .second) in the
 * given chained form. */
static inline const void *code_fuse_lab(const struct dinsn *a, const struct dinsn *b,
                                        int chain)
{
    unsigned f1 = (unsigned)code_fuse.first[a->fop >> 1];
    unsigned f2 = (unsigned)code_fuse.second[b->fop >> 1];
    return code_fuse.lab[((f1 * (unsigned)code_fuse.nsecond + f2) * FUSE_CHAINS +
                          (unsigned)chain) * 4 + 2u * (a->len == 4) + (b->len == 4)];
}

/* Decodes the instruction at page offset off of cp from the page's bytes into its slot
 * (code_decode) with the rest of its run, counts the run and fuses the pairs in it;
 * false for a 32-bit instruction in the page's last parcel (left to exec_straddle). */
bool code_decode_slot(struct code_page *cp, unsigned off);

/* Handlers of the cache's own: the one of every slot not yet decoded (decode from the
 * page's bytes, cache, execute), and the one of a 32-bit instruction that starts in
 * the last parcel of a page (fetched anew each time: the next page may map
 * elsewhere). */
uint64_t exec_decode(struct hart *h, const struct dinsn *d, uint64_t pc);
uint64_t exec_straddle(struct hart *h, const struct dinsn *d, uint64_t pc);

#endif
