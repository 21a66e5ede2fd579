/* CSR semantics, following the privileged specification (v1.12). sstatus, sie and sip
 * are views of the machine registers; WARL fields keep only legal values. */
#include "csr.h"

#include <stdio.h>
#include <string.h>

#define MIP_SSIP (1ull << IRQ_SSI)
#define MIP_STIP (1ull << IRQ_STI)
#define MIP_SEIP (1ull << IRQ_SEI)
#define S_INTS   (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define ALL_INTS (S_INTS | (1ull << IRQ_MSI) | (1ull << IRQ_MTI) | (1ull << IRQ_MEI))

#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | \
                      MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | \
                      MSTATUS_UXL | MSTATUS_SD)
#define MSTATUS_WRITABLE (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | \
                          MSTATUS_SPP | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | \
                          MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
/* Exceptions that may be delegated to S-mode; ecall from M (11) cannot be. */
#define DELEGABLE_EXC 0xb3ffull
#define MENVCFG_STCE (1ull << 63)

static uint64_t counter_bit(int csr) { return 1ull << (csr & 31); }

/* Hardware performance counters 3..6 count TLB events (numbers in README):
 * 1 ITLB miss, 2 DTLB miss, 3 L2 TLB miss, 4 page walk, 5 DTLB access.
 * Counters 7..31 exist and read as zero. */
uint64_t hpm_event_count(const struct hart *h, uint64_t event)
{
    const struct tlb *t = h->mmu.tlbs.tlb;
    switch (event) {
    case HPM_ITLB_MISS: return t[TLB_I].c.misses;
    case HPM_DTLB_MISS: return t[TLB_D].c.misses;
    case HPM_L2_MISS: return h->mmu.tlbs.has_l2 ? t[TLB_L2].c.misses : 0;
    case HPM_WALK: return h->mmu.c.walks;
    case HPM_DTLB_ACCESS: return t[TLB_D].c.accesses;
    default: return 0;
    }
}

static uint64_t hpm_read(const struct hart *h, int i)
{
    if (i >= HPM_COUNTERS)
        return 0;
    return h->hpm_base[i] + hpm_event_count(h, h->hpm_event[i]) - h->hpm_start[i];
}

bool csr_access_ok(const struct hart *h, int csr, bool write)
{
    int min_priv = (csr >> 8) & 3;
    if (h->priv < min_priv)
        return false;
    if (write && (csr >> 10) == 3)
        return false;
    /* satp is trapped in S-mode by TVM; stimecmp by menvcfg.STCE. */
    if (csr == CSR_SATP && h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))
        return false;
    if (csr == CSR_STIMECMP && h->priv == PRV_S && !(h->menvcfg & MENVCFG_STCE))
        return false;
    /* Unprivileged counters: gated by mcounteren below M and scounteren in U. */
    if (csr >= CSR_CYCLE && csr <= CSR_CYCLE + 31) {
        uint64_t bit = counter_bit(csr);
        if (h->priv < PRV_M && !(h->mcounteren & bit))
            return false;
        if (h->priv == PRV_U && !(h->scounteren & bit))
            return false;
    }
    return true;
}

static uint64_t read_mstatus(const struct hart *h)
{
    /* UXL = SXL = 2 (64-bit); FS/XS read as off without F/D, so SD is 0. */
    return h->mstatus | (2ull << 32) | (2ull << 34);
}

bool csr_read(struct hart *h, int csr, uint64_t *val)
{
    uint64_t v;
    if (csr >= CSR_PMPADDR0 && csr < CSR_PMPADDR0 + 64) {
        int i = csr - CSR_PMPADDR0;
        v = i < 16 ? h->pmp.addr[i] : 0;
        /* With G=0 granularity all address bits read back as written. */
        *val = v;
        return true;
    }
    if (csr >= CSR_PMPCFG0 && csr < CSR_PMPCFG0 + 16) {
        if (csr & 1)
            return false;                   /* odd pmpcfg CSRs do not exist in RV64 */
        int first = (csr - CSR_PMPCFG0) * 4;
        v = 0;
        for (int i = 0; i < 8 && first + i < 16; i++)
            v |= (uint64_t)h->pmp.cfg[first + i] << (8 * i);
        *val = v;
        return true;
    }
    if (csr >= CSR_MHPMCOUNTER3 && csr <= 0xb1f) {
        *val = hpm_read(h, csr - CSR_MHPMCOUNTER3);
        return true;
    }
    if (csr >= CSR_HPMCOUNTER3 && csr <= 0xc1f) {
        *val = hpm_read(h, csr - CSR_HPMCOUNTER3);
        return true;
    }
    if (csr >= CSR_MHPMEVENT3 && csr <= 0x33f) {
        int i = csr - CSR_MHPMEVENT3;
        *val = i < HPM_COUNTERS ? h->hpm_event[i] : 0;
        return true;
    }
    switch (csr) {
    case CSR_CYCLE: case CSR_MCYCLE: v = h->instret + h->cycle_offset; break;
    case CSR_INSTRET: case CSR_MINSTRET: v = h->instret + h->instret_offset; break;
    case CSR_TIME: v = h->read_time ? h->read_time(h->time_ctx) : 0; break;
    case CSR_SSTATUS: v = read_mstatus(h) & SSTATUS_MASK; break;
    case CSR_SIE: v = h->mie & h->mideleg; break;
    case CSR_STVEC: v = h->stvec; break;
    case CSR_SCOUNTEREN: v = h->scounteren; break;
    case CSR_SENVCFG: v = h->senvcfg; break;
    case CSR_SSCRATCH: v = h->sscratch; break;
    case CSR_SEPC: v = h->sepc; break;
    case CSR_SCAUSE: v = h->scause; break;
    case CSR_STVAL: v = h->stval; break;
    case CSR_SIP: v = hart_mip(h) & h->mideleg; break;
    case CSR_STIMECMP: v = h->stimecmp; break;
    case CSR_SATP: v = h->satp; break;
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MCONFIGPTR: v = 0; break;
    case CSR_MHARTID: v = h->mhartid; break;
    case CSR_MSTATUS: v = read_mstatus(h); break;
    case CSR_MISA: v = h->misa; break;
    case CSR_MEDELEG: v = h->medeleg; break;
    case CSR_MIDELEG: v = h->mideleg; break;
    case CSR_MIE: v = h->mie; break;
    case CSR_MTVEC: v = h->mtvec; break;
    case CSR_MCOUNTEREN: v = h->mcounteren; break;
    case CSR_MENVCFG: v = h->menvcfg; break;
    case CSR_MCOUNTINHIBIT: v = 0; break;
    case CSR_MSCRATCH: v = h->mscratch; break;
    case CSR_MEPC: v = h->mepc; break;
    case CSR_MCAUSE: v = h->mcause; break;
    case CSR_MTVAL: v = h->mtval; break;
    case CSR_MIP: v = hart_mip(h); break;
    default: return false;
    }
    *val = v;
    return true;
}

static void write_mstatus(struct hart *h, uint64_t v)
{
    uint64_t old = h->mstatus;
    /* MPP is WARL over {U, S, M}; the reserved value 2 becomes U, as in Spike. */
    if (((v & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == 2)
        v &= ~MSTATUS_MPP;
    h->mstatus = v & MSTATUS_WRITABLE;
    if ((old ^ h->mstatus) & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR))
        hart_flush_ftlb(h);
    hart_update_dpriv(h);
}

static bool write_pmpcfg(struct hart *h, int csr, uint64_t v)
{
    int first = (csr - CSR_PMPCFG0) * 4;
    for (int i = 0; i < 8 && first + i < 16; i++) {
        struct pmp_state *p = &h->pmp;
        uint8_t c = (uint8_t)(v >> (8 * i));
        if (p->cfg[first + i] & 0x80)
            continue;                       /* locked */
        c &= 0x9f;                          /* bits 6:5 are reserved, read as zero */
        if ((c & 3) == 2)                   /* R=0 W=1 is reserved: clear W (WARL) */
            c &= ~2;
        p->cfg[first + i] = c;
    }
    return true;
}

static void write_pmpaddr(struct hart *h, int i, uint64_t v)
{
    struct pmp_state *p = &h->pmp;
    if (i >= 16 || (p->cfg[i] & 0x80))
        return;
    /* A locked TOR entry also locks the address register below it. */
    if (i + 1 < 16 && (p->cfg[i + 1] & 0x80) && ((p->cfg[i + 1] >> 3) & 3) == 1)
        return;
    p->addr[i] = v & ((1ull << 54) - 1);
}

bool csr_write(struct hart *h, int csr, uint64_t v)
{
    hart_stop(h);   /* any CSR write may enable an interrupt or change translation */
    if (csr >= CSR_PMPADDR0 && csr < CSR_PMPADDR0 + 64) {
        write_pmpaddr(h, csr - CSR_PMPADDR0, v);
        goto pmp_changed;
    }
    if (csr >= CSR_PMPCFG0 && csr < CSR_PMPCFG0 + 16) {
        if (csr & 1)
            return false;
        write_pmpcfg(h, csr, v);
        goto pmp_changed;
    }
    if (csr >= CSR_MHPMCOUNTER3 && csr <= 0xb1f) {
        int i = csr - CSR_MHPMCOUNTER3;
        if (i < HPM_COUNTERS) {
            /* the instruction writing the counter does not count events after it */
            h->hpm_base[i] = v;
            h->hpm_start[i] = hpm_event_count(h, h->hpm_event[i]);
        }
        return true;
    }
    if (csr >= CSR_MHPMEVENT3 && csr <= 0x33f) {
        int i = csr - CSR_MHPMEVENT3;
        if (i < HPM_COUNTERS) {
            uint64_t now = hpm_read(h, i);
            h->hpm_event[i] = v < HPM_EVENT_LIMIT ? v : 0;    /* WARL: unknown → none */
            h->hpm_base[i] = now;
            h->hpm_start[i] = hpm_event_count(h, h->hpm_event[i]);
        }
        return true;
    }
    switch (csr) {
    case CSR_MCYCLE: h->cycle_offset = v - (h->instret + 1); break;
    case CSR_MINSTRET: h->instret_offset = v - (h->instret + 1); break;
    case CSR_SSTATUS:
        write_mstatus(h, (h->mstatus & ~SSTATUS_MASK) | (v & SSTATUS_MASK));
        break;
    case CSR_SIE: h->mie = (h->mie & ~h->mideleg) | (v & h->mideleg); break;
    case CSR_STVEC: h->stvec = v & ~2ull; break;
    case CSR_SCOUNTEREN: h->scounteren = v & 0xffffffff; break;
    case CSR_SENVCFG: h->senvcfg = v & 1; break;
    case CSR_SSCRATCH: h->sscratch = v; break;
    case CSR_SEPC: h->sepc = v & ~1ull; break;
    case CSR_SCAUSE: h->scause = v; break;
    case CSR_STVAL: h->stval = v; break;
    case CSR_SIP:
        /* S-mode may change only SSIP, and only when it is delegated. */
        h->mip = (h->mip & ~(MIP_SSIP & h->mideleg)) | (v & MIP_SSIP & h->mideleg);
        break;
    case CSR_STIMECMP: h->stimecmp = v; hart_update_sstc(h); break;
    case CSR_SATP: {
        uint64_t mode = v >> 60;
        if (mode != 0 && mode != 8)
            break;                          /* unsupported MODE: the write has no effect */
        h->satp = v & ((0xfull << 60) | (0xffffull << 44) | ((1ull << 44) - 1));
        hart_flush_ftlb(h);
        mmu_satp_changed(h);
        break;
    }
    case CSR_MSTATUS: write_mstatus(h, v); break;
    case CSR_MISA: break;                   /* WARL: the extensions cannot be disabled */
    case CSR_MEDELEG: h->medeleg = v & DELEGABLE_EXC; break;
    case CSR_MIDELEG: h->mideleg = v & S_INTS; break;
    case CSR_MIE: h->mie = v & ALL_INTS; break;
    case CSR_MTVEC: h->mtvec = v & ~2ull; break;
    case CSR_MCOUNTEREN: h->mcounteren = v & 0xffffffff; break;
    case CSR_MENVCFG: h->menvcfg = v & (1ull | MENVCFG_STCE); hart_update_sstc(h); break;
    case CSR_MCOUNTINHIBIT: break;          /* counters always count (read-only zero) */
    case CSR_MSCRATCH: h->mscratch = v; break;
    case CSR_MEPC: h->mepc = v & ~1ull; break;
    case CSR_MCAUSE: h->mcause = v; break;
    case CSR_MTVAL: h->mtval = v; break;
    case CSR_MIP: h->mip = (h->mip & ~S_INTS) | (v & S_INTS); break;
    default: return false;
    }
    return true;
pmp_changed:
    hart_flush_ftlb(h);
    pmp_recompute(&h->pmp);
    return true;
}

uint64_t csr_mret(struct hart *h)
{
    uint64_t s = h->mstatus;
    int mpp = (int)((s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    s &= ~MSTATUS_MPP;                      /* MPP := U, the least-privileged mode */
    if (mpp != PRV_M)
        s &= ~MSTATUS_MPRV;
    h->mstatus = s;
    hart_set_priv(h, mpp);
    hart_stop(h);
    h->pc = h->mepc;
    return h->mepc;
}

uint64_t csr_sret(struct hart *h)
{
    uint64_t s = h->mstatus;
    int spp = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
    s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
    s |= MSTATUS_SPIE;
    s &= ~(MSTATUS_SPP | MSTATUS_MPRV);
    h->mstatus = s;
    hart_set_priv(h, spp);
    hart_stop(h);
    h->pc = h->sepc;
    return h->sepc;
}

/* The model drops what the fence names; its drop notifications remove the fast
 * entries built from those TLB entries, so nothing else is flushed. */
void csr_sfence_vma(struct hart *h, uint64_t va, bool has_va, uint64_t asid, bool has_asid)
{
    mmu_sfence(h, va, has_va, (uint16_t)asid, has_asid);
    hart_stop(h);
}

static const struct { int num; const char *name; } csr_names[] = {
    { CSR_CYCLE, "cycle" }, { CSR_TIME, "time" }, { CSR_INSTRET, "instret" },
    { CSR_SSTATUS, "sstatus" }, { CSR_SIE, "sie" }, { CSR_STVEC, "stvec" },
    { CSR_SCOUNTEREN, "scounteren" }, { CSR_SENVCFG, "senvcfg" },
    { CSR_SSCRATCH, "sscratch" }, { CSR_SEPC, "sepc" }, { CSR_SCAUSE, "scause" },
    { CSR_STVAL, "stval" }, { CSR_SIP, "sip" }, { CSR_STIMECMP, "stimecmp" },
    { CSR_SATP, "satp" }, { CSR_MVENDORID, "mvendorid" }, { CSR_MARCHID, "marchid" },
    { CSR_MIMPID, "mimpid" }, { CSR_MHARTID, "mhartid" }, { CSR_MCONFIGPTR, "mconfigptr" },
    { CSR_MSTATUS, "mstatus" }, { CSR_MISA, "misa" }, { CSR_MEDELEG, "medeleg" },
    { CSR_MIDELEG, "mideleg" }, { CSR_MIE, "mie" }, { CSR_MTVEC, "mtvec" },
    { CSR_MCOUNTEREN, "mcounteren" }, { CSR_MENVCFG, "menvcfg" },
    { CSR_MCOUNTINHIBIT, "mcountinhibit" }, { CSR_MSCRATCH, "mscratch" },
    { CSR_MEPC, "mepc" }, { CSR_MCAUSE, "mcause" }, { CSR_MTVAL, "mtval" },
    { CSR_MIP, "mip" }, { CSR_MCYCLE, "mcycle" }, { CSR_MINSTRET, "minstret" },
};

const char *csr_name(int csr)
{
    static char buf[4][16];
    static int next;
    for (size_t i = 0; i < sizeof csr_names / sizeof csr_names[0]; i++)
        if (csr_names[i].num == csr)
            return csr_names[i].name;
    char *b = buf[next++ & 3];
    if (csr >= CSR_PMPCFG0 && csr < CSR_PMPCFG0 + 16)
        snprintf(b, 16, "pmpcfg%d", csr - CSR_PMPCFG0);
    else if (csr >= CSR_PMPADDR0 && csr < CSR_PMPADDR0 + 64)
        snprintf(b, 16, "pmpaddr%d", csr - CSR_PMPADDR0);
    else if (csr >= CSR_HPMCOUNTER3 && csr <= 0xc1f)
        snprintf(b, 16, "hpmcounter%d", csr - CSR_CYCLE);
    else if (csr >= CSR_MHPMCOUNTER3 && csr <= 0xb1f)
        snprintf(b, 16, "mhpmcounter%d", csr - CSR_MCYCLE);
    else if (csr >= CSR_MHPMEVENT3 && csr <= 0x33f)
        snprintf(b, 16, "mhpmevent%d", csr - 0x320);
    else
        return NULL;
    return b;
}

int csr_by_name(const char *name)
{
    for (int c = 0; c < 4096; c++) {
        const char *n = csr_name(c);
        if (n && strcmp(n, name) == 0)
            return c;
    }
    return -1;
}
