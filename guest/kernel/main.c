/* main.c — kmain: brings the kernel up in order (device tree, frames, page tables,
 * slab, traps, console, clock, files, initramfs), starts PID 1, then the other harts. */
#include "blk.h"
#include "fs.h"
#include "mm.h"
#include "page.h"
#include "plic.h"
#include "proc.h"
#include "riscv.h"
#include "slab.h"
#include "swap.h"
#include "timer.h"
#include "trace.h"
#include "trap.h"
#include "tty.h"
#include "uart.h"
#include "vm.h"

struct boot_info boot_info;
extern char _kernel_start[], _kernel_end[];

#define DEFAULT_UART 0x10000000UL
#define DEFAULT_UART_IRQ 10

static void unpack_initrd(struct boot_info *bi)
{
    if (bi->initrd_end <= bi->initrd_start) {
        printk("initramfs: none\n");
        return;
    }
    initramfs_unpack(P2V(bi->initrd_start), bi->initrd_end - bi->initrd_start);
    /* Its pages are ordinary memory now, as Linux's "Freeing initrd memory". */
    uint64_t start = ROUND_UP(bi->initrd_start, PAGE_SIZE);
    uint64_t end = ROUND_DOWN(bi->initrd_end, PAGE_SIZE);
    uint64_t dtb_start = ROUND_DOWN(bi->dtb_pa, PAGE_SIZE);
    uint64_t dtb_end = ROUND_UP(bi->dtb_pa + bi->dtb_size, PAGE_SIZE);
    if (start < dtb_end && dtb_start < end)
        return;                              /* shares pages with the DTB: keep it */
    if (end > start)
        free_pa_range(start, end);
}

const char *bootarg(const char *bootargs, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = bootargs; (p = strchr(p, name[0])) != NULL; p++)
        if ((p == bootargs || p[-1] == ' ') && strncmp(p, name, n) == 0)
            return p + n;
    return NULL;
}

uint64_t bootarg_num(const char *bootargs, const char *name, uint64_t dflt)
{
    const char *p = bootarg(bootargs, name);
    if (!p)
        return dflt;
    uint64_t n = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        n = n * 10 + (uint64_t)(*p - '0');
    return n;
}

bool bootarg_is(const char *bootargs, const char *name, const char *word)
{
    const char *p = bootarg(bootargs, name);
    size_t n = strlen(word);
    return p && strncmp(p, word, n) == 0 && (p[n] == ' ' || !p[n]);
}

void kmain(uint64_t hartid, uint64_t dtb_pa)
{
    struct boot_info *bi = &boot_info;
    smp_init_boot_cpu(hartid);
    sbi_init();
    printk("\nPagoda kernel booting on hart %lu\n", hartid);
    bi->hartid = hartid;
    if (fdt_parse(dtb_pa, bi) < 0 || !bi->ram_size)
        panic("no usable device tree at %lx", dtb_pa);
    if (!bi->uart_pa) {
        bi->uart_pa = DEFAULT_UART;
        bi->uart_irq = DEFAULT_UART_IRQ;
    }
    printk("memory: %lu MiB at %lx; initrd %lx-%lx; bootargs \"%s\"\n", bi->ram_size >> 20,
           bi->ram_base, bi->initrd_start, bi->initrd_end, bi->bootargs);

    page_init(bi, V2P(_kernel_end));
    kvm_init(bi);
    slab_init();
    asid_init(bi->bootargs);
    trace_init(bi->trace_pa);
    printk("memory: %lu KiB free, kernel %lu KiB, %u ASID bits\n", nr_free_pages() * 4,
           (uint64_t)(_kernel_end - _kernel_start) / 1024, asid_bits);

    proc_init();
    futex_init();
    trap_init(bi->uart_irq);
    tty_init();
    uart_init(bi->uart_pa, bi->plic_pa != 0);
    console_use_uart();
    if (bi->plic_pa) {
        plic_init(bi->plic_pa, hartid);
        plic_enable(bi->uart_irq);
    } else {
        printk("console: no PLIC in the device tree, polling the UART\n");
    }
    timer_init(bi->timebase_hz, bi->rtc_pa);

    ramfs_init();
    devices_init();
    procfs_init();
    virtio_blk_init(bi);
    vmscan_init(bi->bootargs);
    swap_setup_boot(bi->bootargs, bi->swap);
    unpack_initrd(bi);
    /* Every hart up before init runs (as Linux's smp_init before kernel_init's exec):
     * else a started hart runs init while the boot hart still waits for a slow one,
     * and the shell's prompt comes before "smp: N harts online". */
    smp_boot_secondaries(bi->bootargs);
    start_init(bi->bootargs);
    kswapd_run();
    scheduler();
}
