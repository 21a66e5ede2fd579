/* The debug trigger module (Sdtrig, RISC-V debug specification 1.0, as Spike has it):
 * four triggers selected by tselect, each disabled (type 15), mcontrol (type 2) or
 * mcontrol6 (type 6), matching instruction fetches, loads and stores by virtual
 * address; action 0 only (a breakpoint exception, tval = the address). tcontrol's
 * mte/mpte keep M-mode triggers from firing inside M-mode trap handlers.
 *
 * The run loop pays nothing while no trigger is armed: `armed` says which access kinds
 * any trigger watches; armed data triggers keep loads and stores off the fast path,
 * armed execute triggers make the run loop step one instruction at a time in the pages
 * they can match. */
#ifndef PAGODA_TRIGGER_H
#define PAGODA_TRIGGER_H

#include <stdbool.h>
#include <stdint.h>

#define TRIG_COUNT 4
enum { CSR_TSELECT = 0x7a0, CSR_TDATA1 = 0x7a1, CSR_TDATA2 = 0x7a2, CSR_TDATA3 = 0x7a3,
       CSR_TINFO = 0x7a4, CSR_TCONTROL = 0x7a5 };
enum { TRIG_EXEC = 1, TRIG_LOAD = 2, TRIG_STORE = 4 };
#define TCONTROL_MTE  (1u << 3)
#define TCONTROL_MPTE (1u << 7)

struct trig_state {
    uint64_t tdata1[TRIG_COUNT];  /* legal values only (WARL applied at write) */
    uint64_t tdata2[TRIG_COUNT];
    unsigned tselect;
    unsigned tcontrol;
    unsigned armed;               /* TRIG_* kinds some trigger matches */
};

struct hart;

void trigger_reset(struct hart *h);
/* The trigger CSRs (tselect..tcontrol): false for a CSR that is not one of them or an
 * access the spec makes illegal (writing tinfo). */
bool trigger_csr_read(struct hart *h, int csr, uint64_t *val);
bool trigger_csr_write(struct hart *h, int csr, uint64_t val);

/* True when an execute trigger may match some address of the page at page_va: the
 * run loop then executes that page one instruction at a time. */
bool trigger_exec_in_page(const struct hart *h, uint64_t page_va);
/* Checks the instruction at pc (before its fetch) and the data access of kind
 * ACC_LOAD/ACC_STORE at va against the armed triggers. When one fires, takes the
 * breakpoint exception (tval = the address) and returns true. */
bool trigger_check_exec(struct hart *h, uint64_t pc);
bool trigger_check_data(struct hart *h, uint64_t pc, uint64_t va, int kind);

/* tcontrol on a trap into M-mode (mpte := mte, mte := 0) and on mret (mte := mpte). */
static inline void trigger_trap_to_m(struct trig_state *t)
{
    t->tcontrol = (t->tcontrol & TCONTROL_MTE) ? TCONTROL_MPTE : 0;
}
static inline void trigger_mret(struct trig_state *t)
{
    t->tcontrol = (t->tcontrol & TCONTROL_MPTE) ? TCONTROL_MPTE | TCONTROL_MTE : 0;
}

#endif
