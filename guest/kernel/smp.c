/* smp.c — bringing up the other harts and talking to them. The boot hart runs kmain;
 * once the kernel is set up it asks the firmware (SBI HSM hart_start) to start every
 * other hart the device tree lists, each at secondary_start (entry.S) with its own
 * idle stack. A started hart turns on the kernel's page table, its trap vector, its
 * PLIC context and its timer, and enters the scheduler like the boot hart. Harts
 * signal one another with SBI IPIs (a supervisor software interrupt on the target):
 * to look at the run queue again (IPI_RESCHED) — a task woken for an idle hart, or a
 * signal for a task running on another. */
#include "kernel.h"
#include "page.h"
#include "plic.h"
#include "proc.h"
#include "riscv.h"
#include "timer.h"
#include "trap.h"
#include "vm.h"

#define SBI_EXT_IPI 0x735049
#define SBI_EXT_HSM 0x48534D

struct cpu cpus[NCPU];
int ncpus = 1;
volatile cpumask_t cpu_online_mask = 1;
static struct task idle_tasks[NCPU];
extern char _start[], secondary_start[];
extern char boot_stack_top[];

/* The hart being started, the top of its idle stack, and who has the start: harts
 * start one at a time. entry.S reads the first two: a hart that arrives at _start
 * after the boot hart took it goes on as this one, if it is this one (OpenSBI 1.1,
 * QEMU 7.2's firmware, may send a hart it is starting to the cold-boot entry; see
 * entry.S). The started hart claims the start (STARTING -> CLAIMED) before it touches
 * anything; a boot hart tired of waiting gives it up (STARTING -> GIVEN_UP), and a
 * hart that comes after that stops itself instead of running on a slot and a stack
 * the kernel no longer keeps for it. */
enum { START_STARTING, START_CLAIMED, START_GIVEN_UP };
struct { uint64_t hartid, stack_top, state; } hsm_starting = { .hartid = ~0UL };
#define START_WAIT_MS 10000             /* a loaded host can hold a QEMU hart's thread */

int cpuid(void)
{
    return mycpu()->id;
}

/* The kernel's number for a hart id, or -1. */
int cpu_by_hartid(uint64_t hartid)
{
    for (int i = 0; i < ncpus; i++)
        if (cpus[i].hartid == hartid)
            return i;
    return -1;
}

uint64_t cpumask_to_hartmask(cpumask_t mask)
{
    uint64_t harts = 0;
    for (int i = 0; i < ncpus; i++)
        if (cpumask_test(mask, i))
            harts |= 1UL << cpus[i].hartid;
    return harts;
}

/* The first thing kmain does: the boot hart is cpu 0, and its idle task (the boot
 * stack's) is current, so that spinlocks and printk work from here on. */
void smp_init_boot_cpu(uint64_t hartid)
{
    struct cpu *c = &cpus[0];
    c->id = 0;
    c->hartid = hartid;
    c->stack_top = (uint64_t)boot_stack_top;
    idle_task_init(&idle_tasks[0], c);
    __asm__ volatile("mv tp, %0" :: "r"(&idle_tasks[0]) : "memory");
    c->online = true;
}

static void add_up(uint64_t *sum, const uint64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sum[i] += v[i];
}

void vm_events_sum(struct vm_events *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < ncpus; i++)
        add_up((uint64_t *)out, (const uint64_t *)&cpus[i].events, sizeof *out / 8);
}

void cpu_stats_sum(struct cpu_stats *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < ncpus; i++)
        add_up((uint64_t *)out, (const uint64_t *)&cpus[i].stats, sizeof *out / 8);
}

/* Sends an IPI to every hart of mask (the caller's own included, if named): each
 * looks at what is pending for it when it takes the interrupt. */
void smp_send_ipi(cpumask_t mask, uint32_t what)
{
    mask &= cpu_online_mask;
    if (!mask)
        return;
    for (int i = 0; i < ncpus; i++)
        if (cpumask_test(mask, i))
            __atomic_fetch_or(&cpus[i].ipi_pending, what, __ATOMIC_SEQ_CST);
    cpu_stats()->nr_ipis += cpumask_weight(mask);
    sbi_call(SBI_EXT_IPI, 0, (long)cpumask_to_hartmask(mask), 0, 0);
}

/* The supervisor software interrupt: what other harts asked of this one. */
void smp_ipi_interrupt(void)
{
    csr_clear(sip, SIE_SSIE);
    struct cpu *c = mycpu();
    uint32_t what = __atomic_exchange_n(&c->ipi_pending, 0, __ATOMIC_SEQ_CST);
    if ((what & IPI_RESCHED) && !current->is_idle)
        current->need_resched = true;    /* a signal, or a task it should make room for */
}

/* Where a started hart arrives (from secondary_start, on its idle stack, paging on
 * with the boot page table). */
void secondary_main(uint64_t hartid)
{
    uint64_t starting = START_STARTING;
    if (__atomic_load_n(&hsm_starting.hartid, __ATOMIC_ACQUIRE) != hartid ||
        !__atomic_compare_exchange_n(&hsm_starting.state, &starting, START_CLAIMED, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        sbi_call(SBI_EXT_HSM, 1, 0, 0, 0);          /* given up on: hart_stop */
        for (;;)
            __asm__ volatile("wfi");
    }
    int id = cpu_by_hartid(hartid);
    struct cpu *c = &cpus[id];
    __asm__ volatile("mv tp, %0" :: "r"(c->idle) : "memory");
    kvm_init_hart();
    trap_init_hart();
    plic_init_hart(hartid);
    timer_init_hart();
    cpumask_set_atomic(&cpu_online_mask, id);
    __atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
    scheduler();
}

/* Starts every other hart of the device tree through SBI HSM and waits (10 s at most
 * each; boot argument smp_wait_ms=N, a test of giving up) for it to claim its start,
 * then for it to come up. Without HSM the kernel stays on the boot hart.
 * Boot argument smp_entry=start starts them at _start with a1 = the DTB instead, as a
 * racy firmware may (see entry.S): a test that such a hart still comes up. */
void smp_boot_secondaries(const char *bootargs)
{
    bool at_start = bootarg_is(bootargs, "smp_entry=", "start");
    if (at_start)
        printk("smp: starting harts at _start (smp_entry=start)\n");
    uint64_t wait_ms = bootarg_num(bootargs, "smp_wait_ms=", START_WAIT_MS);
    if (boot_info.nharts <= 1)
        return;
    if (!sbi_probe_extension(SBI_EXT_HSM)) {
        printk("smp: the firmware has no HSM extension: running on one hart\n");
        return;
    }
    for (int i = 0; i < boot_info.nharts && ncpus < NCPU; i++) {
        uint64_t hartid = boot_info.hartids[i];
        if (hartid == cpus[0].hartid)
            continue;
        struct page *stack = alloc_pages(KSTACK_ORDER, OWNER_KSTACK);
        if (!stack)
            break;
        struct cpu *c = &cpus[ncpus];
        c->id = ncpus;
        c->hartid = hartid;
        c->stack_top = (uint64_t)page_address(stack) + KSTACK_SIZE;
        idle_task_init(&idle_tasks[ncpus], c);
        ncpus++;                         /* cpu_by_hartid must find it */
        hsm_starting.stack_top = c->stack_top;
        hsm_starting.state = START_STARTING;
        __atomic_store_n(&hsm_starting.hartid, hartid, __ATOMIC_RELEASE);
        struct sbiret r = at_start ?
            sbi_call(SBI_EXT_HSM, 0, (long)hartid, (long)V2P(_start), (long)boot_info.dtb_pa) :
            sbi_call(SBI_EXT_HSM, 0, (long)hartid, (long)V2P(secondary_start), (long)c->stack_top);
        if (r.error) {
            printk("smp: hart %lu did not start (SBI error %ld)\n", hartid, r.error);
            ncpus--;
            free_pages(stack, KSTACK_ORDER);
            continue;
        }
        uint64_t start = rdtime(), starting = START_STARTING;
        while (__atomic_load_n(&hsm_starting.state, __ATOMIC_ACQUIRE) == START_STARTING &&
               rdtime() - start < wait_ms * timebase_hz() / 1000)
            ;
        if (__atomic_compare_exchange_n(&hsm_starting.state, &starting, START_GIVEN_UP, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            /* Its stack stays allocated: the hart may still run on it to hart_stop. */
            printk("smp: hart %lu did not come up within %lu ms; going on without it\n",
                   hartid, wait_ms);
            ncpus--;
            continue;
        }
        while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
            ;                                       /* claimed: it is on its way */
    }
    char ids[64];
    size_t n = 0;
    for (int i = 0; i < ncpus; i++)
        n += snprintf(ids + n, sizeof ids - n, "%s%lu", i ? " " : "", cpus[i].hartid);
    printk("smp: %d hart%s online (hart ids %s)\n", ncpus, ncpus == 1 ? "" : "s", ids);
}
