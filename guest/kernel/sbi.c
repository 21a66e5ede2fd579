/* sbi.c — calls into the SBI firmware (M-mode): console, timer, shutdown and reset
 * (the PMU extension is perf_event.c's).
 * Prefers the v0.2+ extensions (DBCN, TIME, SRST) and falls back to the legacy calls. */
#include "kernel.h"

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_DBCN   0x4442434E
#define SBI_LEGACY_SET_TIMER 0x00
#define SBI_LEGACY_PUTCHAR   0x01
#define SBI_LEGACY_SHUTDOWN  0x08

static bool have_time, have_srst, have_dbcn;

struct sbiret sbi_call5(long ext, long fid, long arg0, long arg1, long arg2, long arg3,
                        long arg4)
{
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a2 __asm__("a2") = arg2;
    register long a3 __asm__("a3") = arg3;
    register long a4 __asm__("a4") = arg4;
    register long a6 __asm__("a6") = fid;
    register long a7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1)
                     : "r"(a2), "r"(a3), "r"(a4), "r"(a6), "r"(a7) : "memory");
    return (struct sbiret){ a0, a1 };
}

struct sbiret sbi_call(long ext, long fid, long arg0, long arg1, long arg2)
{
    return sbi_call5(ext, fid, arg0, arg1, arg2, 0, 0);
}

bool sbi_probe_extension(long ext)
{
    struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0);
    return r.error == 0 && r.value != 0;
}

/* Asks the firmware which extensions it has. The legacy calls work before this. */
void sbi_init(void)
{
    struct sbiret spec = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0);
    if (spec.error != 0 || spec.value < 2)    /* SBI v0.1: legacy calls only */
        return;
    have_time = sbi_probe_extension(SBI_EXT_TIME);
    have_srst = sbi_probe_extension(SBI_EXT_SRST);
    have_dbcn = sbi_probe_extension(SBI_EXT_DBCN);
}

void sbi_console_putchar(int c)
{
    if (have_dbcn) {
        sbi_call(SBI_EXT_DBCN, 2, c & 0xff, 0, 0);   /* console_write_byte */
        return;
    }
    register long a0 __asm__("a0") = c;
    register long a7 __asm__("a7") = SBI_LEGACY_PUTCHAR;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory", "a1");
}

void sbi_set_timer(uint64_t stime)
{
    if (have_time) {
        sbi_call(SBI_EXT_TIME, 0, (long)stime, 0, 0);
        return;
    }
    register long a0 __asm__("a0") = (long)stime;
    register long a7 __asm__("a7") = SBI_LEGACY_SET_TIMER;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory", "a1");
}

static void sbi_legacy_shutdown(void)
{
    register long a7 __asm__("a7") = SBI_LEGACY_SHUTDOWN;
    __asm__ volatile("ecall" :: "r"(a7) : "memory", "a0", "a1");
}

/* SRST system_reset: type 0 shutdown, 1 cold reboot; reason 0 none, 1 failure. */
void sbi_shutdown(bool failure)
{
    if (have_srst)
        sbi_call(SBI_EXT_SRST, 0, 0, failure ? 1 : 0, 0);
    sbi_legacy_shutdown();
    for (;;)
        __asm__ volatile("wfi");
}

/* Turns the machine off with an exit status: 0 through SBI; another through the test
 * finisher's fail command, (status << 16) | 0x3333, which QEMU and Pagoda turn into
 * their own exit status (the machine stops a little after the store: spin, lest a
 * later SBI call overwrite the request); without a finisher, or if it does nothing, an
 * SBI system failure. */
void power_off(int status)
{
    if (status && boot_info.finisher_pa) {
        volatile uint32_t *finisher = P2V(boot_info.finisher_pa);
        *finisher = ((uint32_t)status & 0xffff) << 16 | 0x3333;
        for (volatile int i = 0; i < 1000000; i++)
            ;
    }
    sbi_shutdown(status != 0);
}

void sbi_reboot(void)
{
    if (have_srst)
        sbi_call(SBI_EXT_SRST, 0, 1, 0, 0);
    printk("reboot: firmware cannot reset; powering off\n");
    sbi_shutdown(false);
}
