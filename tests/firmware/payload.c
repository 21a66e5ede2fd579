/* An S-mode program that checks an SBI implementation (ours, or OpenSBI as a check of
 * this program): every extension the Pagoda firmware offers, one group of checks each.
 * It prints "PASS group" or "FAIL n group: what" lines and ends with SRST shutdown,
 * with reason "system failure" when any check failed. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"
#include "sbi.h"

#define TICKS_PER_MS 10000ul        /* the virt board's 10 MHz timebase */
#define MAX_HARTS 8
#define SIP_SSIP (1ul << 1)
#define SIP_STIP (1ul << 5)
#define SSTATUS_SIE (1ul << 1)
#define CAUSE_INTERRUPT (1ul << 63)
#define CAUSE_ILLEGAL_INSN 2
#define CAUSE_LOAD_ACCESS 5
#define FW_BASE 0x80000000ul

#define CSR_STR(x) #x
#define csr_read(csr) ({ unsigned long v_; \
    __asm__ volatile("csrr %0, " CSR_STR(csr) : "=r"(v_) :: "memory"); v_; })
#define csr_write(csr, val) ({ unsigned long v_ = (unsigned long)(val); \
    __asm__ volatile("csrw " CSR_STR(csr) ", %0" :: "r"(v_) : "memory"); })
#define csr_set(csr, val) ({ unsigned long v_ = (unsigned long)(val); \
    __asm__ volatile("csrs " CSR_STR(csr) ", %0" :: "r"(v_) : "memory"); })
#define csr_clear(csr, val) ({ unsigned long v_ = (unsigned long)(val); \
    __asm__ volatile("csrc " CSR_STR(csr) ", %0" :: "r"(v_) : "memory"); })

struct sbiret {
    long error;
    unsigned long value;
};

static struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long arg0,
                              unsigned long arg1, unsigned long arg2, unsigned long arg3,
                              unsigned long arg4)
{
    register unsigned long a0 __asm__("a0") = arg0;
    register unsigned long a1 __asm__("a1") = arg1;
    register unsigned long a2 __asm__("a2") = arg2;
    register unsigned long a3 __asm__("a3") = arg3;
    register unsigned long a4 __asm__("a4") = arg4;
    register unsigned long a6 __asm__("a6") = fid;
    register unsigned long a7 __asm__("a7") = eid;
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1)
                     : "r"(a2), "r"(a3), "r"(a4), "r"(a6), "r"(a7)
                     : "memory");
    return (struct sbiret){ (long)a0, a1 };
}

static struct sbiret sbi0(unsigned long eid, unsigned long fid)
{
    return sbi_call(eid, fid, 0, 0, 0, 0, 0);
}

static struct sbiret sbi1(unsigned long eid, unsigned long fid, unsigned long a)
{
    return sbi_call(eid, fid, a, 0, 0, 0, 0);
}

/* Legacy calls: one argument, one result in a0. */
static long sbi_legacy(unsigned long eid, unsigned long arg)
{
    register unsigned long a0 __asm__("a0") = arg;
    register unsigned long a7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    return (long)a0;
}

static unsigned long hartid(void)
{
    unsigned long h;
    __asm__("mv %0, tp" : "=r"(h));
    return h;
}

static unsigned long now(void)
{
    return csr_read(time);
}

/* ---- console, through the legacy putchar every SBI version has ---- */
static void put(char c)
{
    if (c == '\n')
        sbi_legacy(SBI_EXT_LEGACY_CONSOLE_PUTCHAR, '\r');
    sbi_legacy(SBI_EXT_LEGACY_CONSOLE_PUTCHAR, (unsigned char)c);
}

static void print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fmt_vprint(put, fmt, ap);
    va_end(ap);
}

/* ---- checks ---- */
static int nchecks, nfailed, group_failed;
static const char *group;
static bool ours;                   /* the implementation is Pagoda's firmware */

static void begin(const char *name)
{
    group = name;
    group_failed = 0;
}

static bool check(bool ok, const char *fmt, ...)
{
    nchecks++;
    if (ok)
        return true;
    nfailed++;
    group_failed++;
    print("FAIL %d %s: ", nchecks, group);
    va_list ap;
    va_start(ap, fmt);
    fmt_vprint(put, fmt, ap);
    va_end(ap);
    put('\n');
    return false;
}

static void end(void)
{
    if (!group_failed)
        print("PASS %s\n", group);
}

/* ---- the S-mode trap handler ---- */
struct frame {
    unsigned long x[32];
    unsigned long sepc;
};

static volatile unsigned long sti_count[MAX_HARTS], ssi_count[MAX_HARTS];
static volatile unsigned long sti_time;
static volatile long expect_cause = -1;     /* an exception a check is provoking */
static volatile unsigned long trap_cause, trap_epc, trap_seen;

static void power_off(bool failed)
{
    sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
             failed ? SBI_SRST_REASON_SYSFAIL : SBI_SRST_REASON_NONE, 0, 0, 0);
    print("FAIL srst: system_reset returned\n");
    sbi_legacy(SBI_EXT_LEGACY_SHUTDOWN, 0);
    for (;;)
        ;
}

void s_trap(struct frame *f);
void s_trap(struct frame *f)
{
    unsigned long cause = csr_read(scause);
    unsigned long h = hartid();
    if (cause == (CAUSE_INTERRUPT | 5)) {
        /* Masked here; each timer check arms its own next event. */
        csr_clear(sie, SIP_STIP);
        sti_time = now();
        sti_count[h]++;
        return;
    }
    if (cause == (CAUSE_INTERRUPT | 1)) {
        csr_clear(sip, SIP_SSIP);
        ssi_count[h]++;
        return;
    }
    if (!(cause & CAUSE_INTERRUPT) && (long)cause == expect_cause) {
        expect_cause = -1;
        trap_cause = cause;
        trap_epc = f->sepc;
        trap_seen++;
        uint16_t low = *(volatile uint16_t *)f->sepc;
        f->sepc += (low & 3) == 3 ? 4 : 2;
        return;
    }
    print("FAIL unexpected trap on hart %lu: scause 0x%lx sepc 0x%lx stval 0x%lx\n", h,
          cause, f->sepc, csr_read(stval));
    power_off(true);
}

/* Busy-waits until *flag reaches want or ms milliseconds pass; true if it did. */
static bool wait_for(volatile unsigned long *flag, unsigned long want, unsigned long ms)
{
    unsigned long deadline = now() + ms * TICKS_PER_MS;
    while (*flag < want)
        if (now() > deadline)
            return false;
    return true;
}

/* ---- the groups ---- */
static void test_base(void)
{
    begin("base");
    struct sbiret spec = sbi0(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION);
    struct sbiret id = sbi0(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID);
    struct sbiret ver = sbi0(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION);
    check(spec.error == 0 && id.error == 0 && ver.error == 0, "get_spec_version/impl errors");
    ours = id.value == SBI_IMPL_ID_PAGODA;
    print("note: SBI spec %lu.%lu, implementation 0x%lx version 0x%lx%s\n",
          (spec.value >> 24) & 0x7f, spec.value & 0xffffff, id.value, ver.value,
          ours ? " (Pagoda)" : "");
    check(spec.value >= 0x00000002, "spec version 0x%lx below v0.2", spec.value);
    if (ours) {
        check(spec.value == SBI_SPEC_VERSION, "spec version 0x%lx, want 2.0", spec.value);
        check(ver.value == SBI_IMPL_VERSION, "impl version 0x%lx", ver.value);
    }
    for (int fid = SBI_BASE_GET_MVENDORID; fid <= SBI_BASE_GET_MIMPID; fid++)
        check(sbi0(SBI_EXT_BASE, (unsigned long)fid).error == 0, "machine id fid %d", fid);

    static const struct { unsigned long eid; const char *name; } exts[] = {
        { SBI_EXT_LEGACY_CONSOLE_PUTCHAR, "legacy putchar" },
        { SBI_EXT_LEGACY_CONSOLE_GETCHAR, "legacy getchar" },
        { SBI_EXT_TIME, "TIME" }, { SBI_EXT_IPI, "IPI" }, { SBI_EXT_RFENCE, "RFENCE" },
        { SBI_EXT_HSM, "HSM" }, { SBI_EXT_SRST, "SRST" },
    };
    for (unsigned i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        struct sbiret r = sbi1(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, exts[i].eid);
        check(r.error == 0 && r.value != 0, "probe %s: error %ld value %lu", exts[i].name,
              r.error, r.value);
    }
    struct sbiret dbcn = sbi1(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EXT_DBCN);
    if (ours)
        check(dbcn.error == 0 && dbcn.value != 0, "probe DBCN");
    struct sbiret none = sbi1(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, 0x0a123456);
    check(none.error == 0 && none.value == 0, "probe of an unknown extension: %ld %lu",
          none.error, none.value);
    end();
}

static void test_unknown(void)
{
    begin("unknown calls");
    struct sbiret r = sbi0(0x0a123456, 0);
    check(r.error == SBI_ERR_NOT_SUPPORTED, "unknown extension: error %ld", r.error);
    r = sbi0(SBI_EXT_BASE, 77);
    check(r.error == SBI_ERR_NOT_SUPPORTED, "unknown BASE function: error %ld", r.error);
    r = sbi0(SBI_EXT_TIME, 9);
    check(r.error == SBI_ERR_NOT_SUPPORTED, "unknown TIME function: error %ld", r.error);
    end();
}

static void test_legacy_console(void)
{
    begin("legacy console");
    const char *s = "legacy putchar: hello\n";
    long ok = 0;
    for (const char *p = s; *p; p++)
        ok |= sbi_legacy(SBI_EXT_LEGACY_CONSOLE_PUTCHAR, (unsigned char)*p);
    check(ok == 0, "putchar returned %ld", ok);
    long c = sbi_legacy(SBI_EXT_LEGACY_CONSOLE_GETCHAR, 0);
    check(c >= -1 && c <= 255, "getchar returned %ld", c);
    end();
}

static void test_dbcn(void)
{
    begin("DBCN");
    if (sbi1(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EXT_DBCN).value == 0) {
        print("note: no DBCN extension, skipped\n");
        return;
    }
    static const char msg[] = "DBCN console_write: hello\r\n";
    unsigned long len = sizeof msg - 1;
    struct sbiret r = sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, len,
                               (unsigned long)msg, 0, 0, 0);
    check(r.error == 0 && r.value == len, "write: error %ld value %lu", r.error, r.value);
    const char *bytes = "DBCN write_byte\r\n";
    for (const char *p = bytes; *p; p++) {
        r = sbi1(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, (unsigned char)*p);
        if (!check(r.error == 0, "write_byte: error %ld", r.error))
            break;
    }
    static char buf[16];
    r = sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_READ, sizeof buf, (unsigned long)buf, 0, 0, 0);
    check(r.error == 0 && r.value <= sizeof buf, "read: error %ld value %lu", r.error, r.value);
    if (ours) {
        r = sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 4, FW_BASE, 0, 0, 0);
        check(r.error == SBI_ERR_INVALID_PARAM, "write from firmware memory: error %ld",
              r.error);
        r = sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, 4, 0x1000, 0, 0, 0);
        check(r.error == SBI_ERR_INVALID_PARAM, "write from outside RAM: error %ld", r.error);
    }
    end();
}

/* The S timer through SBI set_timer: a deadline 2 ms ahead raises STIP then, not
 * before; one in the past raises it at once; one far ahead clears it. */
static void test_time(void)
{
    begin("TIME set_timer");
    unsigned long h = hartid();
    unsigned long base = sti_count[h];
    unsigned long target = now() + 2 * TICKS_PER_MS;
    csr_set(sie, SIP_STIP);
    struct sbiret r = sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, target);
    check(r.error == 0, "set_timer: error %ld", r.error);
    csr_set(sstatus, SSTATUS_SIE);
    bool arrived = wait_for(&sti_count[h], base + 1, 1000);
    csr_clear(sstatus, SSTATUS_SIE);
    if (check(arrived, "no S timer interrupt within 1 s"))
        check(sti_time >= target, "interrupt at %lu, before the deadline %lu", sti_time,
              target);
    sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0ul);
    check(!(csr_read(sip) & SIP_STIP), "STIP still pending after set_timer(-1)");

    sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, 0);
    unsigned long deadline = now() + 10 * TICKS_PER_MS;
    while (!(csr_read(sip) & SIP_STIP) && now() < deadline)
        ;
    check(csr_read(sip) & SIP_STIP, "set_timer(0) left STIP clear");
    sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0ul);
    check(!(csr_read(sip) & SIP_STIP), "STIP still pending after set_timer(-1)");

    sbi_legacy(SBI_EXT_LEGACY_SET_TIMER, 0);
    deadline = now() + 10 * TICKS_PER_MS;
    while (!(csr_read(sip) & SIP_STIP) && now() < deadline)
        ;
    check(csr_read(sip) & SIP_STIP, "legacy set_timer(0) left STIP clear");
    sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0ul);
    csr_clear(sie, SIP_STIP);
    end();
}

/* Reads stimecmp, which traps unless the hart has Sstc and M-mode enabled it. */
static bool stimecmp_accessible(void)
{
    unsigned long seen = trap_seen;
    expect_cause = CAUSE_ILLEGAL_INSN;
    __asm__ volatile("csrr t0, 0x14d" ::: "t0", "memory");
    expect_cause = -1;
    return trap_seen == seen;
}

static void test_sstc(void)
{
    begin("Sstc stimecmp");
    if (!stimecmp_accessible()) {
        print("note: stimecmp not accessible in S-mode (no Sstc), skipped\n");
        return;
    }
    unsigned long h = hartid();
    unsigned long base = sti_count[h];
    unsigned long target = now() + 2 * TICKS_PER_MS;
    csr_write(0x14d, target);
    csr_set(sie, SIP_STIP);
    csr_set(sstatus, SSTATUS_SIE);
    bool arrived = wait_for(&sti_count[h], base + 1, 1000);
    csr_clear(sstatus, SSTATUS_SIE);
    if (check(arrived, "no S timer interrupt within 1 s"))
        check(sti_time >= target, "interrupt at %lu, before stimecmp %lu", sti_time, target);
    csr_write(0x14d, ~0ul);
    check(!(csr_read(sip) & SIP_STIP), "STIP pending with stimecmp = -1");
    /* set_timer must still work when S-mode also writes stimecmp itself. */
    sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, 0);
    unsigned long deadline = now() + 10 * TICKS_PER_MS;
    while (!(csr_read(sip) & SIP_STIP) && now() < deadline)
        ;
    check(csr_read(sip) & SIP_STIP, "set_timer(0) left STIP clear");
    sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0ul);
    csr_clear(sie, SIP_STIP);
    end();
}

static void test_ipi_self(void)
{
    begin("IPI to self");
    unsigned long h = hartid();
    unsigned long base = ssi_count[h];
    csr_set(sie, SIP_SSIP);
    csr_set(sstatus, SSTATUS_SIE);
    struct sbiret r = sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1ul << h, 0, 0, 0, 0);
    check(r.error == 0, "send_ipi(mask 1<<%lu, base 0): error %ld", h, r.error);
    check(wait_for(&ssi_count[h], base + 1, 100), "no SSI after send_ipi");
    r = sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, h, 0, 0, 0);
    check(r.error == 0, "send_ipi(mask 1, base %lu): error %ld", h, r.error);
    check(wait_for(&ssi_count[h], base + 2, 100), "no SSI after send_ipi with a base");
    if (ours) {
        r = sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, 4096, 0, 0, 0);
        check(r.error == SBI_ERR_INVALID_PARAM, "send_ipi to hart 4096: error %ld", r.error);
    }
    csr_clear(sstatus, SSTATUS_SIE);
    csr_clear(sie, SIP_SSIP);
    end();
}

static void test_rfence_self(void)
{
    begin("RFENCE");
    unsigned long m = 1ul << hartid();
    struct sbiret r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, m, 0, 0, 0, 0);
    check(r.error == 0, "remote_fence_i: error %ld", r.error);
    r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, m, 0, 0, 0, 0);
    check(r.error == 0, "remote_sfence_vma (all): error %ld", r.error);
    r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, m, 0, 0x80200000, 0x3000, 0);
    check(r.error == 0, "remote_sfence_vma (3 pages): error %ld", r.error);
    r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, m, 0, 0, ~0ul, 1);
    check(r.error == 0, "remote_sfence_vma_asid: error %ld", r.error);
    r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, 0, ~0ul, 0x80200000,
                 0x1000, 0);
    check(r.error == 0, "remote_sfence_vma_asid (every hart): error %ld", r.error);
    end();
}

static void test_hsm_self(void)
{
    begin("HSM");
    unsigned long h = hartid();
    struct sbiret r = sbi1(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, h);
    check(r.error == 0 && r.value == SBI_HSM_STARTED, "status of hart %lu: %ld/%lu", h,
          r.error, r.value);
    r = sbi1(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, 4096);
    check(r.error == SBI_ERR_INVALID_PARAM, "status of hart 4096: error %ld", r.error);
    r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, h, 0x80200000, 0, 0, 0);
    check(r.error == SBI_ERR_ALREADY_AVAILABLE, "start of the running hart: error %ld",
          r.error);

    /* Default retentive suspend: returns once the timer fires, with STIP pending. */
    csr_set(sie, SIP_STIP);
    unsigned long target = now() + 2 * TICKS_PER_MS;
    sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, target);
    r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0, 0, 0);
    unsigned long woke = now();
    if (r.error == SBI_ERR_NOT_SUPPORTED && !ours) {
        print("note: hart_suspend not supported here, skipped\n");
    } else {
        check(r.error == 0, "retentive suspend: error %ld", r.error);
        check(woke >= target, "suspend returned %lu ticks before the timer", target - woke);
        check(csr_read(sip) & SIP_STIP, "no STIP pending after the suspend");
    }
    sbi1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ~0ul);
    csr_clear(sie, SIP_STIP);
    r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x00000123, 0, 0, 0, 0);
    check(r.error == SBI_ERR_INVALID_PARAM || r.error == SBI_ERR_NOT_SUPPORTED,
          "reserved suspend type: error %ld", r.error);
    end();
}

/* What the firmware must hide from S-mode, and what it must pass down. */
static void test_traps(void)
{
    begin("traps");
    unsigned long seen = trap_seen;
    expect_cause = CAUSE_LOAD_ACCESS;
    (void)*(volatile uint32_t *)FW_BASE;
    check(trap_seen == seen + 1 && trap_cause == CAUSE_LOAD_ACCESS,
          "a load from the firmware at 0x%lx did not fault", FW_BASE);
    expect_cause = CAUSE_ILLEGAL_INSN;
    __asm__ volatile(".word 0xc0001073" ::: "memory");     /* csrw cycle, zero */
    check(trap_seen == seen + 2 && trap_cause == CAUSE_ILLEGAL_INSN,
          "an illegal instruction did not reach S-mode");
    expect_cause = -1;
    end();
}

/* ---- other harts (HSM start/stop, IPI and RFENCE to them) ---- */
enum { SEC_NONE, SEC_RUNNING, SEC_GOT_IPI, SEC_STOPPING };
static volatile unsigned long sec_state[MAX_HARTS], sec_a0[MAX_HARTS], sec_a1[MAX_HARTS];
static volatile int sec_stop[MAX_HARTS];
static volatile unsigned long sec_fences[MAX_HARTS], sec_fence_errors[MAX_HARTS];

void secondary_main(unsigned long a0, unsigned long a1);
void secondary_main(unsigned long a0, unsigned long a1)
{
    unsigned long h = hartid();
    sec_a0[h] = a0;
    sec_a1[h] = a1;
    unsigned long ipis = ssi_count[h];
    csr_set(sie, SIP_SSIP);
    csr_set(sstatus, SSTATUS_SIE);
    __atomic_store_n(&sec_state[h], SEC_RUNNING, __ATOMIC_RELEASE);
    while (ssi_count[h] == ipis)
        ;
    __atomic_store_n(&sec_state[h], SEC_GOT_IPI, __ATOMIC_RELEASE);
    /* Fence every hart until told to stop, while the boot hart fences this one. */
    while (!sec_stop[h]) {
        struct sbiret r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, 0, ~0ul,
                                   0, 0, 0);
        sec_fences[h]++;
        if (r.error)
            sec_fence_errors[h]++;
    }
    csr_clear(sstatus, SSTATUS_SIE);
    csr_clear(sie, SIP_SSIP);
    sec_state[h] = SEC_STOPPING;
    sbi0(SBI_EXT_HSM, SBI_HSM_HART_STOP);
    sec_state[h] = SEC_NONE;            /* hart_stop returned: the caller sees a hang */
    for (;;)
        ;
}

extern char secondary_entry[];

/* How long the boot hart waits for another hart before it reports a failure: only a
 * broken firmware gets there, but a loaded host can stop a QEMU hart's thread for a
 * long while, so it is generous (a pass does not wait for it). */
#define HART_WAIT_MS 10000ul

static bool wait_status(unsigned long h, unsigned long want, unsigned long ms)
{
    unsigned long deadline = now() + ms * TICKS_PER_MS;
    for (;;) {
        struct sbiret r = sbi1(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, h);
        if (r.error == 0 && r.value == want)
            return true;
        if (now() > deadline)
            return false;
    }
}

/* The hart being started and its opaque value, for crt.S's late_entry: a hart that
 * arrives at _start instead of its start address goes on as this one and sets late.
 * OpenSBI 1.1 (Debian's and QEMU 7.2's) may do that (it publishes START_PENDING before
 * the address); our firmware never may. */
struct { unsigned long hartid, opaque, late; } starting = { ~0ul, 0, 0 };

/* One start-IPI-fence-stop round on hart h with the given opaque value. */
static void run_secondary(unsigned long h, unsigned long opaque)
{
    sec_state[h] = SEC_NONE;
    sec_stop[h] = 0;
    starting.opaque = opaque;
    starting.late = 0;
    __atomic_store_n(&starting.hartid, h, __ATOMIC_RELEASE);
    struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, h,
                               (unsigned long)secondary_entry, opaque, 0, 0);
    if (!check(r.error == 0, "hart_start(%lu): error %ld", h, r.error))
        return;
    if (!check(wait_for(&sec_state[h], SEC_RUNNING, HART_WAIT_MS), "hart %lu did not start", h))
        return;
    if (__atomic_load_n(&starting.late, __ATOMIC_ACQUIRE)) {
        check(!ours, "hart %lu entered at _start, not at its start address", h);
        print("note: hart %lu entered at _start, not at its start address (OpenSBI 1.1's "
              "hart-start race); it went on at secondary_entry\n", h);
    }
    check(sec_a0[h] == h && sec_a1[h] == opaque, "hart %lu entered with a0 %lu a1 0x%lx",
          h, sec_a0[h], sec_a1[h]);
    check(wait_status(h, SBI_HSM_STARTED, HART_WAIT_MS), "hart %lu not reported started", h);
    r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, h, (unsigned long)secondary_entry, 0, 0, 0);
    check(r.error == SBI_ERR_ALREADY_AVAILABLE, "second hart_start(%lu): error %ld", h,
          r.error);
    r = sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1ul << h, 0, 0, 0, 0);
    check(r.error == 0, "send_ipi to hart %lu: error %ld", h, r.error);
    check(wait_for(&sec_state[h], SEC_GOT_IPI, HART_WAIT_MS), "hart %lu got no SSI", h);
    unsigned long both = (1ul << h) | (1ul << hartid());
    r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, both, 0, 0, 0, 0);
    check(r.error == 0, "remote_fence_i to harts 0x%lx: error %ld", both, r.error);
    r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, both, 0, 0x80200000, 0x2000, 0);
    check(r.error == 0, "remote_sfence_vma to harts 0x%lx: error %ld", both, r.error);
    r = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, 0, ~0ul, 0, 0, 3);
    check(r.error == 0, "remote_sfence_vma_asid to every hart: error %ld", r.error);
    /* Both harts fencing each other at once must not deadlock in the firmware (nor
     * starve: with a test-and-set lock the first call already never returned). */
    sec_fences[h] = sec_fence_errors[h] = 0;
    long errors = 0;
    for (int i = 0; i < 64; i++)
        errors |= sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_REMOTE_FENCE_I, both, 0, 0, 0, 0).error;
    check(errors == 0, "remote_fence_i while hart %lu fences too: errors", h);
    check(wait_for(&sec_fences[h], 10, HART_WAIT_MS), "hart %lu made %lu fences", h, sec_fences[h]);
    sec_stop[h] = 1;
    check(wait_status(h, SBI_HSM_STOPPED, HART_WAIT_MS), "hart %lu did not stop", h);
    check(sec_fence_errors[h] == 0, "hart %lu: %lu remote fences failed", h,
          sec_fence_errors[h]);
}

static void test_other_harts(void)
{
    begin("HSM other harts");
    int started = 0;
    for (unsigned long h = 0; h < MAX_HARTS; h++) {
        if (h == hartid())
            continue;
        struct sbiret r = sbi1(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, h);
        if (r.error != 0)
            continue;
        check(r.value == SBI_HSM_STOPPED, "hart %lu starts in state %lu", h, r.value);
        run_secondary(h, 0x5ca1ab1e00 + h);
        run_secondary(h, 0xc0ffee00 + h);   /* a stopped hart starts again */
        started++;
    }
    if (!started) {
        print("note: no other harts, HSM start/stop not exercised\n");
        return;
    }
    end();
}

static void test_srst_params(void)
{
    begin("SRST");
    struct sbiret r = sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, 5, 0, 0, 0, 0);
    check(r.error == SBI_ERR_INVALID_PARAM, "reset type 5: error %ld", r.error);
    r = sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN, 7, 0, 0, 0);
    check(r.error == SBI_ERR_INVALID_PARAM, "reset reason 7: error %ld", r.error);
    end();
}

#ifdef TEST_REBOOT
/* Built with -DTEST_REBOOT: a cold reboot, then a warm one, then shutdown. The count
 * lives in RAM the payload image does not cover, which a reset leaves alone. */
#define REBOOTS ((volatile unsigned long *)0x80400000)
#define REBOOT_MAGIC 0x7e5e7000ul

static void reboot_main(unsigned long hart)
{
    unsigned long n = (*REBOOTS & ~0xful) == REBOOT_MAGIC ? *REBOOTS & 0xf : 0;
    print("firmware-test: boot %lu on hart %lu\n", n + 1, hart);
    if (n < 2) {
        *REBOOTS = REBOOT_MAGIC | (n + 1);
        unsigned long type = n == 0 ? SBI_SRST_TYPE_COLD_REBOOT : SBI_SRST_TYPE_WARM_REBOOT;
        print("firmware-test: %s reboot\n", n == 0 ? "cold" : "warm");
        sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, type, SBI_SRST_REASON_NONE, 0, 0, 0);
        print("FAIL reboot: system_reset returned\n");
        power_off(true);
    }
    *REBOOTS = 0;
    print("firmware-test: PASS (rebooted twice)\n");
    power_off(false);
}
#endif

void main(unsigned long hart, unsigned long dtb);
void main(unsigned long hart, unsigned long dtb)
{
#ifdef TEST_REBOOT
    reboot_main(hart);
#endif
    print("firmware-test: S-mode payload on hart %lu, DTB 0x%lx\n", hart, dtb);
    test_base();
    test_legacy_console();
    test_dbcn();
    test_unknown();
    test_time();
    test_sstc();
    test_ipi_self();
    test_rfence_self();
    test_hsm_self();
    test_traps();
    test_other_harts();
    test_srst_params();
#ifdef FORCE_FAIL
    begin("forced failure");
    check(false, "built with -DFORCE_FAIL");
#endif
    if (nfailed)
        print("firmware-test: FAIL (%d of %d checks)\n", nfailed, nchecks);
    else
        print("firmware-test: PASS (%d checks)\n", nchecks);
    power_off(nfailed != 0);
}
