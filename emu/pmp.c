/* Physical memory protection (privileged spec §3.7): 16 entries, OFF/TOR/NA4/NAPOT,
 * R/W/X and L. M-mode accesses are checked only against locked entries. */
#include "hart.h"

enum { PMP_R = 1, PMP_W = 2, PMP_X = 4, PMP_L = 0x80 };
enum { A_OFF = 0, A_TOR = 1, A_NA4 = 2, A_NAPOT = 3 };

/* The byte range [lo, hi) covered by entry i, or false when it is off or empty. */
static bool entry_range(const struct pmp_state *p, int i, uint64_t *lo, uint64_t *hi)
{
    uint64_t a = p->addr[i];
    switch ((p->cfg[i] >> 3) & 3) {
    case A_TOR:
        *lo = i ? p->addr[i - 1] << 2 : 0;
        *hi = a << 2;
        return *lo < *hi;
    case A_NA4:
        *lo = a << 2;
        *hi = *lo + 4;
        return true;
    case A_NAPOT: {
        uint64_t mask = a ^ (a + 1);          /* trailing ones plus the zero above */
        *lo = (a & ~mask) << 2;
        *hi = *lo + ((mask + 1) << 2);
        return true;
    }
    default:
        return false;
    }
}

void pmp_recompute(struct pmp_state *p)
{
    p->nactive = 0;
    p->nrange = 0;
    for (int i = 0; i < 16; i++) {
        uint64_t lo, hi;
        if ((p->cfg[i] >> 3) & 3)
            p->nactive++;
        if (entry_range(p, i, &lo, &hi)) {
            p->range[p->nrange].lo = lo;
            p->range[p->nrange].hi = hi;
            p->range[p->nrange].cfg = p->cfg[i];
            p->nrange++;
        }
    }
    /* The usual firmware setup for "S/U may access everything" (a NAPOT entry over the
     * whole 56-bit physical space, RWX) decides every access at once. */
    p->all_rwx = p->nrange > 0 && p->range[0].lo == 0 && p->range[0].hi >= (1ull << 56) &&
                 (p->range[0].cfg & 7) == 7;
}

/* Decides an access to [pa, pa+len). *partial is set when an entry covers only part
 * of the range (which denies the access, and makes a page non-uniform). */
static bool pmp_decide(const struct hart *h, uint64_t pa, uint64_t len, int kind, int priv,
                       bool *partial)
{
    const struct pmp_state *p = &h->pmp;
    *partial = false;
    if (p->nactive == 0)
        return priv == PRV_M;   /* 16 entries exist: S/U need a matching one */
    for (int i = 0; i < p->nrange; i++) {
        uint64_t lo = p->range[i].lo, hi = p->range[i].hi;
        if (pa + len <= lo || pa >= hi)
            continue;
        if (pa < lo || pa + len > hi) {
            *partial = true;
            return false;
        }
        uint8_t c = p->range[i].cfg;
        if (priv == PRV_M && !(c & PMP_L))
            return true;
        int need = kind == ACC_FETCH ? PMP_X : kind == ACC_LOAD ? PMP_R : PMP_W;
        return (c & need) != 0;
    }
    return priv == PRV_M;
}

bool pmp_decide_slow(const struct hart *h, uint64_t pa, int size, int kind, int priv)
{
    bool partial;
    return pmp_decide(h, pa, (uint64_t)size, kind, priv, &partial);
}

bool pmp_page_uniform(const struct hart *h, uint64_t page, int kind, int priv)
{
    if (h->pmp.all_rwx)
        return true;
    bool partial;
    return pmp_decide(h, page, PAGE_SIZE, kind, priv, &partial) && !partial;
}
