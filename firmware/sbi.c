/* SBI calls from S-mode (a7 = extension, a6 = function, a0..a5 = arguments; the
 * result goes back in a0 = error, a1 = value): BASE, the legacy console, set_timer and
 * shutdown, DBCN, TIME, IPI, RFENCE, HSM and SRST. */
#include "fw.h"
#include "sbi.h"

struct sbiret {
    long error;
    unsigned long value;
};

static struct sbiret ret_err(long e) { return (struct sbiret){ e, 0 }; }
static struct sbiret ret_val(unsigned long v) { return (struct sbiret){ SBI_SUCCESS, v }; }

static bool extension_present(unsigned long eid)
{
    switch (eid) {
    case SBI_EXT_LEGACY_SET_TIMER:
    case SBI_EXT_LEGACY_CONSOLE_PUTCHAR:
    case SBI_EXT_LEGACY_CONSOLE_GETCHAR:
    case SBI_EXT_LEGACY_SHUTDOWN:
    case SBI_EXT_BASE:
    case SBI_EXT_TIME:
    case SBI_EXT_IPI:
    case SBI_EXT_RFENCE:
    case SBI_EXT_HSM:
    case SBI_EXT_SRST:
    case SBI_EXT_DBCN:
    case SBI_EXT_PMU:
        return true;
    }
    return false;
}

static struct sbiret sbi_base(unsigned long fid, unsigned long a0)
{
    switch (fid) {
    case SBI_BASE_GET_SPEC_VERSION: return ret_val(SBI_SPEC_VERSION);
    case SBI_BASE_GET_IMPL_ID: return ret_val(SBI_IMPL_ID_PAGODA);
    case SBI_BASE_GET_IMPL_VERSION: return ret_val(SBI_IMPL_VERSION);
    case SBI_BASE_PROBE_EXTENSION: return ret_val(extension_present(a0) ? 1 : 0);
    case SBI_BASE_GET_MVENDORID: return ret_val(csr_read(mvendorid));
    case SBI_BASE_GET_MARCHID: return ret_val(csr_read(marchid));
    case SBI_BASE_GET_MIMPID: return ret_val(csr_read(mimpid));
    }
    return ret_err(SBI_ERR_NOT_SUPPORTED);
}

/* A buffer S-mode hands us by physical address: it must lie in RAM (a bad address
 * must not fault in M-mode) and not touch the firmware, which PMP hides from S-mode. */
static bool buffer_ok(unsigned long lo, unsigned long hi, unsigned long len)
{
    if (hi != 0 || lo + len < lo)
        return false;
    if (ram_size && (lo < ram_base || lo + len > ram_base + ram_size))
        return false;
    return lo + len <= FW_BASE || lo >= FW_BASE + FW_SIZE;
}

static struct sbiret sbi_dbcn(unsigned long fid, unsigned long a0, unsigned long a1,
                              unsigned long a2)
{
    switch (fid) {
    case SBI_DBCN_CONSOLE_WRITE: {
        if (!buffer_ok(a1, a2, a0))
            return ret_err(SBI_ERR_INVALID_PARAM);
        const char *p = (const char *)a1;
        console_lock();
        for (unsigned long i = 0; i < a0; i++)
            console_putc(p[i]);
        console_unlock();
        return ret_val(a0);
    }
    case SBI_DBCN_CONSOLE_READ: {
        if (!buffer_ok(a1, a2, a0))
            return ret_err(SBI_ERR_INVALID_PARAM);
        char *p = (char *)a1;
        unsigned long n = 0;
        int c;
        while (n < a0 && (c = console_getc()) >= 0)
            p[n++] = (char)c;
        return ret_val(n);
    }
    case SBI_DBCN_CONSOLE_WRITE_BYTE:
        console_lock();
        console_putc((char)a0);
        console_unlock();
        return ret_val(0);
    }
    return ret_err(SBI_ERR_NOT_SUPPORTED);
}

static struct sbiret sbi_rfence(unsigned long fid, const unsigned long *a)
{
    if (fid > SBI_RFENCE_REMOTE_SFENCE_VMA_ASID)
        return ret_err(SBI_ERR_NOT_SUPPORTED);
    struct fence_req req = { .kind = (int)fid, .start = a[2], .size = a[3], .asid = a[4] };
    static const int sent[] = { SBI_PMU_FW_FENCE_I_SENT, SBI_PMU_FW_SFENCE_VMA_SENT,
                                SBI_PMU_FW_SFENCE_VMA_ASID_SENT };
    pmu_fw_event(sent[fid]);
    return ret_err(rfence_many(a[0], a[1], &req));
}

static struct sbiret sbi_hsm(unsigned long fid, const unsigned long *a)
{
    long r;
    switch (fid) {
    case SBI_HSM_HART_START: return ret_err(hsm_hart_start(a[0], a[1], a[2]));
    case SBI_HSM_HART_STOP: return ret_err(hsm_hart_stop());
    case SBI_HSM_HART_GET_STATUS:
        r = hsm_hart_status(a[0]);
        return r < 0 ? ret_err(r) : ret_val((unsigned long)r);
    case SBI_HSM_HART_SUSPEND: return ret_err(hsm_hart_suspend(a[0], a[1], a[2]));
    }
    return ret_err(SBI_ERR_NOT_SUPPORTED);
}

/* Shutdown ends the run with the finisher's pass code, or its fail code (exit status
 * 1) when the reason is a system failure; either reboot restarts the machine. */
static struct sbiret sbi_srst(unsigned long fid, unsigned long type, unsigned long reason)
{
    if (fid != SBI_SRST_SYSTEM_RESET)
        return ret_err(SBI_ERR_NOT_SUPPORTED);
    if (type > SBI_SRST_TYPE_WARM_REBOOT)
        return ret_err(SBI_ERR_INVALID_PARAM);
    if (reason > 0xffffffff || (reason > SBI_SRST_REASON_SYSFAIL && reason < 0xe0000000))
        return ret_err(SBI_ERR_INVALID_PARAM);
    if (type == SBI_SRST_TYPE_SHUTDOWN)
        system_finish(reason == SBI_SRST_REASON_SYSFAIL ? (1u << 16) | FINISHER_FAIL
                                                        : FINISHER_PASS);
    system_finish(FINISHER_RESET);
    return ret_err(SBI_ERR_FAILED);
}

/* Legacy calls return one value in a0 and leave every other register alone. */
static bool sbi_legacy(struct trap_frame *tf, unsigned long eid)
{
    unsigned long *a = &tf->x[REG_A0];
    switch (eid) {
    case SBI_EXT_LEGACY_SET_TIMER:
        pmu_fw_event(SBI_PMU_FW_SET_TIMER);
        timer_set(a[0]);
        a[0] = 0;
        return true;
    case SBI_EXT_LEGACY_CONSOLE_PUTCHAR:
        console_lock();
        console_putc((char)a[0]);
        console_unlock();
        a[0] = 0;
        return true;
    case SBI_EXT_LEGACY_CONSOLE_GETCHAR:
        a[0] = (unsigned long)(long)console_getc();
        return true;
    case SBI_EXT_LEGACY_SHUTDOWN:
        system_finish(FINISHER_PASS);
        return true;
    }
    return false;
}

void sbi_ecall(struct trap_frame *tf)
{
    const unsigned long *a = &tf->x[REG_A0];
    unsigned long eid = tf->x[REG_A7], fid = tf->x[REG_A6];
    struct sbiret r;

    if (sbi_legacy(tf, eid))
        return;
    switch (eid) {
    case SBI_EXT_BASE: r = sbi_base(fid, a[0]); break;
    case SBI_EXT_DBCN: r = sbi_dbcn(fid, a[0], a[1], a[2]); break;
    case SBI_EXT_TIME:
        if (fid == SBI_TIME_SET_TIMER) {
            pmu_fw_event(SBI_PMU_FW_SET_TIMER);
            timer_set(a[0]);
            r = ret_val(0);
        } else {
            r = ret_err(SBI_ERR_NOT_SUPPORTED);
        }
        break;
    case SBI_EXT_IPI:
        if (fid == SBI_IPI_SEND_IPI)
            pmu_fw_event(SBI_PMU_FW_IPI_SENT);
        r = fid == SBI_IPI_SEND_IPI ? ret_err(ipi_send_many(a[0], a[1]))
                                    : ret_err(SBI_ERR_NOT_SUPPORTED);
        break;
    case SBI_EXT_RFENCE: r = sbi_rfence(fid, a); break;
    case SBI_EXT_HSM: r = sbi_hsm(fid, a); break;
    case SBI_EXT_SRST: r = sbi_srst(fid, a[0], a[1]); break;
    case SBI_EXT_PMU:
        if (!pmu_ecall(fid, a, &r.error, &r.value))
            r = ret_err(SBI_ERR_NOT_SUPPORTED);
        break;
    default: r = ret_err(SBI_ERR_NOT_SUPPORTED);
    }
    tf->x[REG_A0] = (unsigned long)r.error;
    tf->x[REG_A1] = r.value;
}
