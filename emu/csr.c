/* CSR semantics, following the privileged specification (v1.12). sstatus, sie and sip
 * are views of the machine registers; WARL fields keep only legal values. */
#include "csr.h"

#include <stdio.h>
#include <string.h>

#include "hart.h"

#define MIP_SSIP (1ull << IRQ_SSI)
#define MIP_STIP (1ull << IRQ_STI)
#define MIP_SEIP (1ull << IRQ_SEI)
#define S_INTS   (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define ALL_INTS (S_INTS | (1ull << IRQ_MSI) | (1ull << IRQ_MTI) | (1ull << IRQ_MEI))

#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | \
                      MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | \
                      MSTATUS_UXL | MSTATUS_SD)
#define MSTATUS_WRITABLE (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | \
                          MSTATUS_SPP | MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV | \
                          MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | \
                          MSTATUS_TSR)
/* Exceptions that may be delegated to S-mode; ecall from M (11) cannot be. */
#define DELEGABLE_EXC 0xb3ffull
#define MENVCFG_STCE (1ull << 63)

static uint64_t counter_bit(int csr) { return 1ull << (csr & 31); }

/* Hardware performance counters 3..31 count the event their mhpmevent selects (numbers
 * in README "Performance counters"). Each event is a running total the machine keeps
 * anyway; a counter is an offset into it. */
uint64_t hpm_event_count(const struct hart *h, uint64_t event)
{
    const struct tlb *t = h->mmu.tlbs.tlb;
    const struct mmu_counts *m = &h->mmu.c;
    bool l2 = h->mmu.tlbs.has_l2;
    switch (event & HPMEVENT_CODE) {
    case HPM_ITLB_MISS: return t[TLB_I].c.misses;
    case HPM_DTLB_MISS: return t[TLB_D].c.misses;
    case HPM_L2_MISS: return l2 ? t[TLB_L2].c.misses : 0;
    case HPM_WALK: return m->walks;
    case HPM_DTLB_ACCESS: return t[TLB_D].c.accesses;
    case HPM_ITLB_ACCESS: return t[TLB_I].c.accesses;
    case HPM_DTLB_LOAD_ACCESS: return t[TLB_D].c.accesses - m->dtlb_store_accesses;
    case HPM_DTLB_LOAD_MISS: return t[TLB_D].c.misses - m->dtlb_store_misses;
    case HPM_DTLB_STORE_ACCESS: return m->dtlb_store_accesses;
    case HPM_DTLB_STORE_MISS: return m->dtlb_store_misses;
    case HPM_PTE_READ: return m->pte_reads;
    case HPM_INSTRET: case HPM_CYCLE: return h->instret;
    case HPM_L2_ACCESS: return l2 ? t[TLB_L2].c.accesses : 0;
    case HPM_PAGE_FAULT: {
        uint64_t n = 0;
        for (int k = 0; k < 3; k++)
            for (int p = 0; p < 4; p++)
                n += m->page_faults[k][p];
        return n;
    }
    default: return 0;
    }
}

static uint64_t hpm_read(const struct hart *h, int i)
{
    if (i >= HPM_COUNTERS)
        return 0;
    if (!(h->hpm_running & (1u << i)))
        return h->hpm_base[i];
    return h->hpm_base[i] + hpm_event_count(h, h->hpm_event[i]) - h->hpm_start[i];
}

static bool hpm_counts_now(const struct hart *h, int i)
{
    uint64_t ev = h->hpm_event[i];
    if (h->mcountinhibit & (1ull << (i + 3)))
        return false;
    return !((h->priv == PRV_M && (ev & (HPMEVENT_MINH | HPMEVENT_NO_M))) ||
             (h->priv == PRV_S && (ev & (HPMEVENT_SINH | HPMEVENT_NO_S))) ||
             (h->priv == PRV_U && (ev & (HPMEVENT_UINH | HPMEVENT_NO_U))));
}

/* Starts or stops counter i as mcountinhibit and its filter now say, keeping its value.
 * The instruction doing a CSR write has not retired yet: instret events start after it. */
static void hpm_settle(struct hart *h, int i, bool csr_write)
{
    uint32_t bit = 1u << i;
    bool run = hpm_counts_now(h, i);
    uint64_t now = hpm_event_count(h, h->hpm_event[i]);
    uint64_t code = h->hpm_event[i] & HPMEVENT_CODE;
    if (csr_write && (code == HPM_INSTRET || code == HPM_CYCLE))
        now++;
    if ((h->hpm_running & bit) && !run)
        h->hpm_base[i] += now - h->hpm_start[i];
    else if (!(h->hpm_running & bit) && run)
        h->hpm_start[i] = now;
    h->hpm_running = run ? h->hpm_running | bit : h->hpm_running & ~bit;
    if (h->hpm_event[i] & HPMEVENT_FILTERS)
        h->hpm_filtered |= bit;
    else
        h->hpm_filtered &= ~bit;
}

void hpm_priv_changed(struct hart *h)
{
    h->hpm_priv = h->priv;
    for (uint32_t m = h->hpm_filtered; m; m &= m - 1)
        hpm_settle(h, __builtin_ctz(m), false);
}

bool csr_access_ok(const struct hart *h, int csr, bool write)
{
    int min_priv = (csr >> 8) & 3;
    if (h->priv < min_priv)
        return false;
    if (write && (csr >> 10) == 3)
        return false;
    /* fflags, frm, fcsr: FP state, off while mstatus.FS is Off */
    if (csr >= CSR_FFLAGS && csr <= CSR_FCSR && !(h->mstatus & MSTATUS_FS))
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
    /* UXL = SXL = 2 (64-bit); SD summarizes FS (XS is always Off). */
    uint64_t sd = (h->mstatus & MSTATUS_FS) == MSTATUS_FS ? MSTATUS_SD : 0;
    return h->mstatus | sd | (2ull << 32) | (2ull << 34);
}

bool csr_read(struct hart *h, int csr, uint64_t *val)
{
    uint64_t v;
    if (csr >= CSR_TSELECT && csr <= CSR_TCONTROL)
        return trigger_csr_read(h, csr, val);
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
        *val = h->hpm_event[csr - CSR_MHPMEVENT3];
        return true;
    }
    switch (csr) {
    case CSR_FFLAGS: v = h->fflags; break;
    case CSR_FRM: v = h->frm; break;
    case CSR_FCSR: v = (uint64_t)h->frm << 5 | h->fflags; break;
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
    case CSR_MCOUNTINHIBIT: v = h->mcountinhibit; break;
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
        ftlb_flush(h);
    hart_update_dpriv(h);
}

/* False when the register names no implemented entry (pmpcfg4 and up). */
static bool write_pmpcfg(struct hart *h, int csr, uint64_t v)
{
    int first = (csr - CSR_PMPCFG0) * 4;
    if (first >= 16)
        return false;
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

/* False when the write is ignored: no such entry, or the entry is locked. */
static bool write_pmpaddr(struct hart *h, int i, uint64_t v)
{
    struct pmp_state *p = &h->pmp;
    if (i >= 16 || (p->cfg[i] & 0x80))
        return false;
    /* A locked TOR entry also locks the address register below it. */
    if (i + 1 < 16 && (p->cfg[i + 1] & 0x80) && ((p->cfg[i + 1] >> 3) & 3) == 1)
        return false;
    p->addr[i] = v & ((1ull << 54) - 1);
    return true;
}

/* Tells the commit log which register a write changed, as Spike's log_reg_write calls
 * name it (riscv/csrs.cc): a write through a view (sstatus, sie, sip) is logged under
 * the machine register it changes, with that register's whole value, and a write to a
 * register hardwired to zero is not logged. */
static void log_write(struct hart *h, int csr)
{
    if (!h->tracer)
        return;
    switch (csr) {
    case CSR_SSTATUS: csr = CSR_MSTATUS; break;
    case CSR_SIE: csr = CSR_MIE; break;
    case CSR_SIP: csr = CSR_MIP; break;
    case CSR_FCSR:                  /* Spike's fcsr writes its two parts */
        trace_csr(h, CSR_FFLAGS);
        csr = CSR_FRM;
        break;
    default: break;
    }
    trace_csr(h, csr);
}

/* An fcsr write makes FP state Dirty; Spike logs that as an mstatus write. */
static void fp_csr_dirty(struct hart *h)
{
    if ((h->mstatus & MSTATUS_FS) != MSTATUS_FS) {
        h->mstatus |= MSTATUS_FS;
        log_write(h, CSR_MSTATUS);
    }
}

bool csr_write(struct hart *h, int csr, uint64_t v)
{
    hart_stop(h);   /* any CSR write may enable an interrupt or change translation */
    if (csr >= CSR_TSELECT && csr <= CSR_TCONTROL) {
        if (!trigger_csr_write(h, csr, v))
            return false;
        log_write(h, csr);
        return true;
    }
    /* PMP writes that change nothing are not logged (Spike's return false). */
    if (csr >= CSR_PMPADDR0 && csr < CSR_PMPADDR0 + 64) {
        if (!write_pmpaddr(h, csr - CSR_PMPADDR0, v))
            return true;
        goto pmp_changed;
    }
    if (csr >= CSR_PMPCFG0 && csr < CSR_PMPCFG0 + 16) {
        if (csr & 1)
            return false;
        if (!write_pmpcfg(h, csr, v))
            return true;
        goto pmp_changed;
    }
    if (csr >= CSR_MHPMCOUNTER3 && csr <= 0xb1f) {
        int i = csr - CSR_MHPMCOUNTER3;
        /* the instruction writing the counter does not count events after it */
        h->hpm_base[i] = v;
        h->hpm_running &= ~(1u << i);
        hpm_settle(h, i, true);
        log_write(h, csr);
        return true;
    }
    if (csr >= CSR_MHPMEVENT3 && csr <= 0x33f) {
        int i = csr - CSR_MHPMEVENT3;
        uint64_t now = hpm_read(h, i);
        uint64_t filters = v & HPMEVENT_FILTERS;
        /* WARL: an unknown event is none; the mode filters are kept with any event */
        h->hpm_event[i] = ((v & ~filters) < HPM_EVENT_LIMIT ? v & ~filters : 0) | filters;
        h->hpm_base[i] = now;
        h->hpm_running &= ~(1u << i);
        hpm_settle(h, i, true);
        log_write(h, csr);
        return true;
    }
    switch (csr) {
    case CSR_FFLAGS: h->fflags = v & 0x1f; fp_csr_dirty(h); break;
    case CSR_FRM: h->frm = v & 7; fp_csr_dirty(h); break;
    case CSR_FCSR:
        h->frm = (v >> 5) & 7;
        h->fflags = v & 0x1f;
        fp_csr_dirty(h);
        break;
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
    case CSR_STIMECMP: h->stimecmp = v; hart_timers_changed(h); break;
    case CSR_SATP: {
        uint64_t mode = v >> 60;
        if (mode != 0 && mode != 8)
            break;                          /* unsupported MODE: the write has no effect */
        h->satp = v & ((0xfull << 60) | (0xffffull << 44) | ((1ull << 44) - 1));
        ftlb_flush(h);
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
    case CSR_MENVCFG: h->menvcfg = v & (1ull | MENVCFG_STCE); hart_timers_changed(h); break;
    case CSR_MCOUNTINHIBIT: {
        /* CY and IR always count (read-only zero); HPM3..31 stop while their bit is set */
        uint64_t old = h->mcountinhibit;
        h->mcountinhibit = v & 0xfffffff8ull;
        if (old == h->mcountinhibit)
            return true;                    /* e.g. CY/IR only: not logged */
        for (int i = 0; i < HPM_COUNTERS; i++)
            if ((old ^ h->mcountinhibit) & (1ull << (i + 3)))
                hpm_settle(h, i, true);
        break;
    }
    case CSR_MSCRATCH: h->mscratch = v; break;
    case CSR_MEPC: h->mepc = v & ~1ull; break;
    case CSR_MCAUSE: h->mcause = v; break;
    case CSR_MTVAL: h->mtval = v; break;
    case CSR_MIP: {
        /* Only the software-writable bits take the write; STIP is read-only under
         * Sstc (menvcfg.STCE: it is mtime >= stimecmp). A read-modify-write (csrs
         * mip, SSIP) reads the OR with the hardware levels: a bit that only the
         * hardware raises is not latched into the software bit by writing it back
         * (the spec: only the software-writable bit takes part in CSRRS/CSRRC), or a
         * timer or external interrupt would stay pending for good. */
        uint64_t writable = S_INTS & ~(h->menvcfg >> 63 ? MIP_STIP : 0);
        uint64_t hw_only = h->mip_hw & ~h->mip;
        v = (v & ~hw_only) | (h->mip & hw_only);
        h->mip = (h->mip & ~writable) | (v & writable);
        break;
    }
    default: return false;
    }
    log_write(h, csr);
    return true;
pmp_changed:
    ftlb_flush(h);
    pmp_recompute(&h->pmp);
    log_write(h, csr);
    return true;
}

uint64_t csr_mret(struct hart *h)
{
    uint64_t s = h->mstatus;
    int mpp = (int)((s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    s &= ~MSTATUS_MPP;                      /* MPP := U, the least-privileged mode */
    if (mpp != PRV_M) {
        s &= ~MSTATUS_MPRV;
        /* Another hart's request is served, unless one more came meanwhile: its
         * interrupt is taken at once, and the fences it brings are remote too. */
        if (!(h->mip_hw & (1ull << IRQ_MSI)))
            h->remote_ipi = false;
    }
    h->mstatus = s;
    log_write(h, CSR_MSTATUS);
    /* Spike's mret also writes tcontrol (Sdtrig, mte := mpte) and logs it. */
    trigger_mret(&h->trig);
    log_write(h, CSR_TCONTROL);
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
    log_write(h, CSR_MSTATUS);
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

/* CSR names: the RISC-V CSR list as Spike knows it (riscv-opcodes csrs.csv and
 * csrs32.csv), each marked when binutils 2.40 (objdump) knows it too — the whole list,
 * not only the CSRs the hart implements, so any number disassembles by name. */
static const struct { uint16_t num; const char *name; uint8_t binutils; } csr_names[] = {
    { 0x001, "fflags", 1 }, { 0x002, "frm", 1 }, { 0x003, "fcsr", 1 },
    { 0x007, "utvt", 0 }, { 0x008, "vstart", 1 }, { 0x009, "vxsat", 1 },
    { 0x00a, "vxrm", 1 }, { 0x00f, "vcsr", 1 }, { 0x011, "ssp", 0 },
    { 0x015, "seed", 1 }, { 0x017, "jvt", 0 }, { 0x045, "unxti", 0 },
    { 0x047, "uintthresh", 0 }, { 0x048, "uscratchcsw", 0 },
    { 0x049, "uscratchcswl", 0 }, { 0x100, "sstatus", 1 }, { 0x104, "sie", 1 },
    { 0x105, "stvec", 1 }, { 0x106, "scounteren", 1 }, { 0x107, "stvt", 0 },
    { 0x10a, "senvcfg", 1 }, { 0x10c, "sstateen0", 1 }, { 0x10d, "sstateen1", 1 },
    { 0x10e, "sstateen2", 1 }, { 0x10f, "sstateen3", 1 }, { 0x114, "sieh", 1 },
    { 0x120, "scountinhibit", 0 }, { 0x140, "sscratch", 1 }, { 0x141, "sepc", 1 },
    { 0x142, "scause", 1 }, { 0x143, "stval", 1 }, { 0x144, "sip", 1 },
    { 0x145, "snxti", 0 }, { 0x147, "sintthresh", 0 }, { 0x148, "sscratchcsw", 0 },
    { 0x149, "sscratchcswl", 0 }, { 0x14d, "stimecmp", 1 }, { 0x14e, "sctrctl", 0 },
    { 0x14f, "sctrstatus", 0 }, { 0x150, "siselect", 1 }, { 0x151, "sireg", 1 },
    { 0x152, "sireg2", 0 }, { 0x153, "sireg3", 0 }, { 0x154, "siph", 1 },
    { 0x155, "sireg4", 0 }, { 0x156, "sireg5", 0 }, { 0x157, "sireg6", 0 },
    { 0x15c, "stopei", 1 }, { 0x15d, "stimecmph", 1 }, { 0x15f, "sctrdepth", 0 },
    { 0x180, "satp", 1 }, { 0x181, "srmcfg", 0 }, { 0x200, "vsstatus", 1 },
    { 0x204, "vsie", 1 }, { 0x205, "vstvec", 1 }, { 0x214, "vsieh", 1 },
    { 0x240, "vsscratch", 1 }, { 0x241, "vsepc", 1 }, { 0x242, "vscause", 1 },
    { 0x243, "vstval", 1 }, { 0x244, "vsip", 1 }, { 0x24d, "vstimecmp", 1 },
    { 0x24e, "vsctrctl", 0 }, { 0x250, "vsiselect", 1 }, { 0x251, "vsireg", 1 },
    { 0x252, "vsireg2", 0 }, { 0x253, "vsireg3", 0 }, { 0x254, "vsiph", 1 },
    { 0x255, "vsireg4", 0 }, { 0x256, "vsireg5", 0 }, { 0x257, "vsireg6", 0 },
    { 0x25c, "vstopei", 1 }, { 0x25d, "vstimecmph", 1 }, { 0x280, "vsatp", 1 },
    { 0x300, "mstatus", 1 }, { 0x301, "misa", 1 }, { 0x302, "medeleg", 1 },
    { 0x303, "mideleg", 1 }, { 0x304, "mie", 1 }, { 0x305, "mtvec", 1 },
    { 0x306, "mcounteren", 1 }, { 0x307, "mtvt", 0 }, { 0x308, "mvien", 1 },
    { 0x309, "mvip", 1 }, { 0x30a, "menvcfg", 1 }, { 0x30c, "mstateen0", 1 },
    { 0x30d, "mstateen1", 1 }, { 0x30e, "mstateen2", 1 }, { 0x30f, "mstateen3", 1 },
    { 0x310, "mstatush", 1 }, { 0x313, "midelegh", 1 }, { 0x314, "mieh", 1 },
    { 0x318, "mvienh", 1 }, { 0x319, "mviph", 1 }, { 0x31a, "menvcfgh", 1 },
    { 0x31c, "mstateen0h", 1 }, { 0x31d, "mstateen1h", 1 }, { 0x31e, "mstateen2h", 1 },
    { 0x31f, "mstateen3h", 1 }, { 0x320, "mcountinhibit", 1 },
    { 0x321, "mcyclecfg", 0 }, { 0x322, "minstretcfg", 0 }, { 0x340, "mscratch", 1 },
    { 0x341, "mepc", 1 }, { 0x342, "mcause", 1 }, { 0x343, "mtval", 1 },
    { 0x344, "mip", 1 }, { 0x345, "mnxti", 0 }, { 0x347, "mintthresh", 0 },
    { 0x348, "mscratchcsw", 0 }, { 0x349, "mscratchcswl", 0 }, { 0x34a, "mtinst", 1 },
    { 0x34b, "mtval2", 1 }, { 0x34e, "mctrctl", 0 }, { 0x350, "miselect", 1 },
    { 0x351, "mireg", 1 }, { 0x352, "mireg2", 0 }, { 0x353, "mireg3", 0 },
    { 0x354, "miph", 1 }, { 0x355, "mireg4", 0 }, { 0x356, "mireg5", 0 },
    { 0x357, "mireg6", 0 }, { 0x35c, "mtopei", 1 }, { 0x5a8, "scontext", 1 },
    { 0x600, "hstatus", 1 }, { 0x602, "hedeleg", 1 }, { 0x603, "hideleg", 1 },
    { 0x604, "hie", 1 }, { 0x605, "htimedelta", 1 }, { 0x606, "hcounteren", 1 },
    { 0x607, "hgeie", 1 }, { 0x608, "hvien", 1 }, { 0x609, "hvictl", 1 },
    { 0x60a, "henvcfg", 1 }, { 0x60c, "hstateen0", 1 }, { 0x60d, "hstateen1", 1 },
    { 0x60e, "hstateen2", 1 }, { 0x60f, "hstateen3", 1 }, { 0x613, "hidelegh", 1 },
    { 0x615, "htimedeltah", 1 }, { 0x618, "hvienh", 1 }, { 0x61a, "henvcfgh", 1 },
    { 0x61c, "hstateen0h", 1 }, { 0x61d, "hstateen1h", 1 }, { 0x61e, "hstateen2h", 1 },
    { 0x61f, "hstateen3h", 1 }, { 0x643, "htval", 1 }, { 0x644, "hip", 1 },
    { 0x645, "hvip", 1 }, { 0x646, "hviprio1", 1 }, { 0x647, "hviprio2", 1 },
    { 0x64a, "htinst", 1 }, { 0x655, "hviph", 1 }, { 0x656, "hviprio1h", 1 },
    { 0x657, "hviprio2h", 1 }, { 0x680, "hgatp", 1 }, { 0x6a8, "hcontext", 1 },
    { 0x721, "mcyclecfgh", 0 }, { 0x722, "minstretcfgh", 0 }, { 0x740, "mnscratch", 0 },
    { 0x741, "mnepc", 0 }, { 0x742, "mncause", 0 }, { 0x744, "mnstatus", 0 },
    { 0x747, "mseccfg", 1 }, { 0x757, "mseccfgh", 1 }, { 0x7a0, "tselect", 1 },
    { 0x7a1, "tdata1", 1 }, { 0x7a2, "tdata2", 1 }, { 0x7a3, "tdata3", 1 },
    { 0x7a4, "tinfo", 1 }, { 0x7a5, "tcontrol", 1 }, { 0x7a8, "mcontext", 1 },
    { 0x7aa, "mscontext", 1 }, { 0x7b0, "dcsr", 1 }, { 0x7b1, "dpc", 1 },
    { 0x7b2, "dscratch0", 1 }, { 0x7b3, "dscratch1", 1 }, { 0xb00, "mcycle", 1 },
    { 0xb02, "minstret", 1 }, { 0xb80, "mcycleh", 1 }, { 0xb82, "minstreth", 1 },
    { 0xc00, "cycle", 1 }, { 0xc01, "time", 1 }, { 0xc02, "instret", 1 },
    { 0xc20, "vl", 1 }, { 0xc21, "vtype", 1 }, { 0xc22, "vlenb", 1 },
    { 0xc80, "cycleh", 1 }, { 0xc81, "timeh", 1 }, { 0xc82, "instreth", 1 },
    { 0xcb1, "uintstatus", 0 }, { 0xda0, "scountovf", 1 }, { 0xdb0, "stopi", 1 },
    { 0xdb1, "sintstatus", 0 }, { 0xe12, "hgeip", 1 }, { 0xeb0, "vstopi", 1 },
    { 0xf11, "mvendorid", 1 }, { 0xf12, "marchid", 1 }, { 0xf13, "mimpid", 1 },
    { 0xf14, "mhartid", 1 }, { 0xf15, "mconfigptr", 1 }, { 0xfb0, "mtopi", 1 },
    { 0xfb1, "mintstatus", 0 },
};

/* Names of the numbered CSR families, spelt alike by binutils and Spike: pmpcfg0..15,
 * pmpaddr0..63, and the counters 3..31 with their RV32 high halves. Writes csr's name
 * to tmp and returns tmp, or returns NULL when csr is in no family. */
static const char *csr_family_name(int csr, char *tmp, size_t n)
{
    static const struct { int base, first, count; const char *prefix, *suffix; } families[] = {
        { 0x3a0, 0, 16, "pmpcfg", "" }, { 0x3b0, 0, 64, "pmpaddr", "" },
        { 0x323, 3, 29, "mhpmevent", "" }, { 0x723, 3, 29, "mhpmevent", "h" },
        { 0xb03, 3, 29, "mhpmcounter", "" }, { 0xb83, 3, 29, "mhpmcounter", "h" },
        { 0xc03, 3, 29, "hpmcounter", "" }, { 0xc83, 3, 29, "hpmcounter", "h" },
    };
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        int k = csr - families[i].base;
        if (k >= 0 && k < families[i].count) {
            snprintf(tmp, n, "%s%d%s", families[i].prefix, families[i].first + k,
                     families[i].suffix);
            return tmp;
        }
    }
    return NULL;
}

const char *csr_name_as(int csr, enum csr_names_of who)
{
    static char buf[4][24];
    static int next;
    for (size_t i = 0; i < sizeof csr_names / sizeof csr_names[0]; i++)
        if (csr_names[i].num == csr)
            return who == CSR_NAMES_SPIKE || csr_names[i].binutils ? csr_names[i].name : NULL;
    char *b = buf[next++ & 3];
    return csr_family_name(csr, b, sizeof buf[0]);
}

const char *csr_name(int csr)
{
    return csr_name_as(csr, CSR_NAMES_SPIKE);
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
