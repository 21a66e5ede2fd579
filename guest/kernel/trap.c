/* trap.c — what happens on each trap: system calls, the timer tick (and preemption),
 * external interrupts from the PLIC, and user exceptions, which go to the page-fault
 * handler or become signals. A trap taken in the kernel itself can only be an
 * interrupt, while idle or at a preemption point (cond_resched); the tick then only
 * asks the task to yield there. Any kernel exception is a kernel bug and panics. */
#include "blk.h"
#include "fpu.h"
#include "kernel.h"
#include "mm.h"
#include "plic.h"
#include "riscv.h"
#include "timer.h"
#include "trap.h"
#include "uart.h"

extern char trap_vector[];
static uint32_t console_irq;

void trap_init(uint32_t uart_irq)
{
    console_irq = uart_irq;
    trap_init_hart();
}

/* This hart's trap vector and interrupt enables (every hart runs it). */
void trap_init_hart(void)
{
    csr_write(sscratch, 0);
    csr_write(scounteren, 7);        /* user mode may read cycle, time and instret */
    csr_write(stvec, (uint64_t)trap_vector);
    csr_set(sie, SIE_STIE | SIE_SEIE | SIE_SSIE);
}

static void external_interrupt(void)
{
    uint32_t irq;
    while ((irq = plic_claim()) != 0) {
        if (irq < NR_IRQS)
            cpu_stats()->irq_counts[irq]++;
        if (irq == console_irq)
            uart_intr();
        else
            blk_irq(irq);
        plic_complete(irq);
    }
}

/* Returns true if the interrupted task should give up the CPU. */
static bool interrupt(uint64_t irq, bool from_user)
{
    struct cpu_stats *st = cpu_stats();
    st->nr_interrupts++;
    switch (irq) {
    case IRQ_S_TIMER:
        timer_tick();
        if (cpuid() == 0)
            uart_intr();             /* no PLIC, or a missed interrupt: poll each tick */
        if (current->is_idle) {
            st->idle_ticks++;
        } else if (from_user) {
            current->utime++;
            st->user_ticks++;
        } else {
            current->stime++;
            st->system_ticks++;
        }
        if (!current->is_idle)
            current->need_resched = true;
        return from_user;
    case IRQ_S_EXT:
        external_interrupt();
        return false;
    case IRQ_S_SOFT:
        smp_ipi_interrupt();         /* another hart: a task to run, a signal to see */
        return from_user && current->need_resched;
    }
    return false;
}

static int fault_access(uint64_t cause)
{
    if (cause == EXC_INST_PAGE_FAULT)
        return FAULT_EXEC;
    return cause == EXC_STORE_PAGE_FAULT ? FAULT_WRITE : FAULT_READ;
}

/* A user exception other than ecall: a page fault the VM may resolve, or a signal. */
static void user_exception(struct trapframe *tf, uint64_t cause)
{
    switch (cause) {
    case EXC_INST_PAGE_FAULT:
    case EXC_LOAD_PAGE_FAULT:
    case EXC_STORE_PAGE_FAULT:
        do_page_fault(tf->badaddr, fault_access(cause));
        return;
    case EXC_INST_ACCESS:
    case EXC_LOAD_ACCESS:
    case EXC_STORE_ACCESS:
        signal_fatal(SIGSEGV, 2, tf->badaddr);          /* SEGV_ACCERR */
        return;
    case EXC_ILLEGAL:
        if (fpu_first_use(tf))                          /* FS was Off: now on, retry */
            return;
        signal_fatal(SIGILL, 1, tf->epc);               /* ILL_ILLOPC */
        return;
    case EXC_BREAKPOINT:
        signal_fatal(SIGTRAP, 1, tf->epc);
        return;
    case EXC_INST_MISALIGNED:
    case EXC_LOAD_MISALIGNED:
    case EXC_STORE_MISALIGNED:
        signal_fatal(SIGBUS, 1, tf->badaddr);           /* BUS_ADRALN */
        return;
    default:
        signal_fatal(SIGILL, 0, tf->epc);
    }
}

static void kernel_trap(struct trapframe *tf)
{
    panic("kernel trap: scause %lx sepc %lx stval %lx (task %d)",
          tf->cause, tf->epc, tf->badaddr, current->pid);
}

void trap_handler(struct trapframe *tf)
{
    bool from_user = !(tf->status & SSTATUS_SPP);
    bool resched = false, restart = false;
    uint64_t restart_a0 = 0;

    if (tf->cause & SCAUSE_INTR) {
        resched = interrupt(tf->cause & ~SCAUSE_INTR, from_user);
    } else if (!from_user) {
        kernel_trap(tf);
    } else if (tf->cause == EXC_ECALL_U) {
        uint64_t nr = tf->a7, a0 = tf->a0;
        tf->epc += 4;
        tf->a0 = syscall_dispatch(tf);
        /* A call a signal interrupted is made again if no handler runs (the task was
         * stopped and continued, say), as Linux's ERESTARTSYS: read() at a terminal
         * survives Ctrl-Z and fg. rt_sigreturn returns a restored a0, not an error. */
        if ((long)tf->a0 == -EINTR && nr != 139)
            restart_a0 = a0, restart = true;
    } else {
        user_exception(tf, tf->cause);
    }

    if (!from_user)
        return;
    if (resched)
        yield();
    if (!do_signals(tf) && restart) {
        tf->epc -= 4;
        tf->a0 = restart_a0;
    }
    if (current->mutexes_held || mycpu()->noff)
        panic("returning to user mode (pid %d) holding %d mutex(es), %d spinlock(s)",
              current->pid, current->mutexes_held, mycpu()->noff);
}
