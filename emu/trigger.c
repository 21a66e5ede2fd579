/* Sdtrig: the trigger CSRs with their WARL rules, and matching fetches, loads and
 * stores against the armed triggers (debug specification 1.0, "Sdtrig"; Spike's
 * behaviour where the spec leaves a choice). */
#include "trigger.h"

#include "hart.h"

enum { TYPE_MCONTROL = 2, TYPE_MCONTROL6 = 6, TYPE_DISABLED = 15 };
#define TYPE_SHIFT 60

/* Fields shared by mcontrol and mcontrol6 (the same bits in both). */
#define F_LOAD    (1ull << 0)
#define F_STORE   (1ull << 1)
#define F_EXECUTE (1ull << 2)
#define F_U       (1ull << 3)
#define F_S       (1ull << 4)
#define F_M       (1ull << 6)
#define MATCH_SHIFT 7
#define MATCH_MASK  (0xfull << MATCH_SHIFT)
#define F_CHAIN   (1ull << 11)
/* hit: bit 20 in mcontrol, hit0 (bit 22) in mcontrol6. */
#define MCONTROL_HIT  (1ull << 20)
#define MCONTROL6_HIT (1ull << 22)

/* tinfo: the types every trigger supports, and version 1 (Sdtrig 1.0). */
#define TINFO ((1ull << 24) | (1u << TYPE_MCONTROL) | (1u << TYPE_MCONTROL6) | \
               (1u << TYPE_DISABLED))

enum { M_EQUAL = 0, M_NAPOT = 1, M_GE = 2, M_LT = 3, M_MASK_LOW = 4, M_MASK_HIGH = 5,
       M_NOT = 8 };

static unsigned type_of(uint64_t tdata1) { return (unsigned)(tdata1 >> TYPE_SHIFT); }

static uint64_t hit_bit(uint64_t tdata1)
{
    return type_of(tdata1) == TYPE_MCONTROL ? MCONTROL_HIT : MCONTROL6_HIT;
}

/* The legal value closest to what was written: unsupported types make the trigger
 * disabled; dmode, select, timing, size and textra stay 0 (no debug mode, address
 * matching only, before the access, any size); action is 0 (breakpoint exception);
 * NAPOT is an mcontrol6 match (mcontrol reports maskmax 0); the last trigger cannot
 * chain. */
static uint64_t legalize_tdata1(uint64_t v, unsigned index)
{
    unsigned type = type_of(v);
    if (type != TYPE_MCONTROL && type != TYPE_MCONTROL6)
        return (uint64_t)TYPE_DISABLED << TYPE_SHIFT;
    unsigned match = (unsigned)((v & MATCH_MASK) >> MATCH_SHIFT);
    unsigned base = match & ~(unsigned)M_NOT;
    bool legal = base <= M_MASK_HIGH && (base != M_NAPOT || type == TYPE_MCONTROL6) &&
                 !(match & M_NOT && (base == M_GE || base == M_LT));
    if (!legal)
        match = M_EQUAL;
    uint64_t keep = F_LOAD | F_STORE | F_EXECUTE | F_U | F_S | F_M | hit_bit(v);
    if (index + 1 < TRIG_COUNT)
        keep |= F_CHAIN;
    return ((uint64_t)type << TYPE_SHIFT) | (v & keep) | ((uint64_t)match << MATCH_SHIFT);
}

static void update_armed(struct hart *h)
{
    struct trig_state *t = &h->trig;
    unsigned was = t->armed;
    t->armed = 0;
    for (int i = 0; i < TRIG_COUNT; i++) {
        uint64_t d = t->tdata1[i];
        if (type_of(d) == TYPE_DISABLED || !(d & (F_M | F_S | F_U)))
            continue;
        if (d & F_EXECUTE)
            t->armed |= TRIG_EXEC;
        if (d & F_LOAD)
            t->armed |= TRIG_LOAD;
        if (d & F_STORE)
            t->armed |= TRIG_STORE;
    }
    /* Data triggers see every load and store: no fast entries while any is armed. */
    if ((t->armed & ~was) & (TRIG_LOAD | TRIG_STORE))
        ftlb_flush_data(h);
    hart_stop(h);
}

void trigger_reset(struct hart *h)
{
    struct trig_state *t = &h->trig;
    for (int i = 0; i < TRIG_COUNT; i++) {
        t->tdata1[i] = (uint64_t)TYPE_DISABLED << TYPE_SHIFT;
        t->tdata2[i] = 0;
    }
    t->tselect = 0;
    t->tcontrol = 0;
    t->armed = 0;
}

bool trigger_csr_read(struct hart *h, int csr, uint64_t *val)
{
    const struct trig_state *t = &h->trig;
    switch (csr) {
    case CSR_TSELECT: *val = t->tselect; return true;
    case CSR_TDATA1: *val = t->tdata1[t->tselect]; return true;
    case CSR_TDATA2: *val = t->tdata2[t->tselect]; return true;
    case CSR_TDATA3: *val = 0; return true;     /* no textra conditions */
    case CSR_TINFO: *val = TINFO; return true;
    case CSR_TCONTROL: *val = t->tcontrol; return true;
    default: return false;
    }
}

bool trigger_csr_write(struct hart *h, int csr, uint64_t val)
{
    struct trig_state *t = &h->trig;
    switch (csr) {
    case CSR_TSELECT:
        if (val < TRIG_COUNT)                   /* others are ignored, as in Spike */
            t->tselect = (unsigned)val;
        return true;
    case CSR_TDATA1:
        t->tdata1[t->tselect] = legalize_tdata1(val, t->tselect);
        update_armed(h);
        return true;
    case CSR_TDATA2:
        t->tdata2[t->tselect] = val;
        hart_stop(h);
        return true;
    case CSR_TDATA3:
        return true;
    case CSR_TCONTROL:
        t->tcontrol = (unsigned)val & (TCONTROL_MTE | TCONTROL_MPTE);
        hart_stop(h);
        return true;
    default:
        return false;                           /* tinfo is read-only */
    }
}

/* Count of trailing ones. */
static unsigned cto(uint64_t v) { return v == ~0ull ? 64 : (unsigned)__builtin_ctzll(~v); }

static bool value_matches(uint64_t tdata1, uint64_t t2, uint64_t v)
{
    unsigned match = (unsigned)((tdata1 & MATCH_MASK) >> MATCH_SHIFT);
    bool r;
    switch (match & ~(unsigned)M_NOT) {
    case M_NAPOT: {
        unsigned n = cto(t2) + 1;               /* the range is 2^n bytes */
        uint64_t mask = n >= 64 ? 0 : ~((1ull << n) - 1);
        r = (v & mask) == (t2 & mask);
        break;
    }
    case M_GE: r = v >= t2; break;
    case M_LT: r = v < t2; break;
    case M_MASK_LOW: r = ((uint32_t)v & (uint32_t)(t2 >> 32)) == (uint32_t)t2; break;
    case M_MASK_HIGH: r = ((uint32_t)(v >> 32) & (uint32_t)(t2 >> 32)) == (uint32_t)t2; break;
    default: r = v == t2; break;
    }
    return (match & M_NOT) ? !r : r;
}

/* Whether trigger i matches an access of kind (F_EXECUTE/F_LOAD/F_STORE) at address v
 * in the hart's current mode. M-mode triggers with action 0 fire only while
 * tcontrol.mte is set. */
static bool trigger_matches(const struct hart *h, int i, uint64_t kind, uint64_t v)
{
    uint64_t d = h->trig.tdata1[i];
    if (type_of(d) == TYPE_DISABLED || !(d & kind))
        return false;
    switch (h->priv) {
    case PRV_M:
        if (!(d & F_M) || !(h->trig.tcontrol & TCONTROL_MTE))
            return false;
        break;
    case PRV_S: if (!(d & F_S)) return false; break;
    default: if (!(d & F_U)) return false; break;
    }
    return value_matches(d, h->trig.tdata2[i], v);
}

/* Walks the triggers in order; a chain (chain = 1 on all but its last trigger) fires
 * only when every trigger in it matches. Sets hit on the triggers that matched. */
static bool fire(struct hart *h, uint64_t pc, uint64_t kind, uint64_t v)
{
    struct trig_state *t = &h->trig;
    bool chain_ok = true;
    for (int i = 0; i < TRIG_COUNT; i++) {
        bool chain = t->tdata1[i] & F_CHAIN;
        if (!chain_ok) {
            chain_ok = !chain;
            continue;
        }
        bool m = trigger_matches(h, i, kind, v);
        if (m)
            t->tdata1[i] |= hit_bit(t->tdata1[i]);
        if (m && !chain) {
            hart_trap(h, pc, CAUSE_BREAKPOINT, v);
            return true;
        }
        chain_ok = m || !chain;
    }
    return false;
}

bool trigger_check_exec(struct hart *h, uint64_t pc)
{
    return fire(h, pc, F_EXECUTE, pc);
}

bool trigger_check_data(struct hart *h, uint64_t pc, uint64_t va, int kind)
{
    return fire(h, pc, kind == ACC_STORE ? F_STORE : F_LOAD, va);
}

bool trigger_exec_in_page(const struct hart *h, uint64_t page_va)
{
    const struct trig_state *t = &h->trig;
    uint64_t last = page_va + PAGE_SIZE - 1;
    for (int i = 0; i < TRIG_COUNT; i++) {
        uint64_t d = t->tdata1[i];
        if (type_of(d) == TYPE_DISABLED || !(d & F_EXECUTE))
            continue;
        unsigned match = (unsigned)((d & MATCH_MASK) >> MATCH_SHIFT);
        uint64_t t2 = t->tdata2[i];
        if (match == M_EQUAL && (t2 < page_va || t2 > last))
            continue;
        if (match == M_GE && last < t2)
            continue;
        if (match == M_LT && page_va >= t2)
            continue;
        return true;                            /* the others: assume it may */
    }
    return false;
}
