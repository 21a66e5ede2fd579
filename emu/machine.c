/* Machine assembly: the bus, the harts, the devices and the images, as QEMU's virt
 * board has them; reset and teardown. The loop that runs it is run.c. */
#include "machine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot.h"
#include "console.h"
#include "gdbstub.h"
#include "stats.h"

static uint64_t read_time(void *ctx)
{
    return clock_mtime(ctx);
}

uint64_t machine_retired(struct machine *m)
{
    uint64_t n = 0;
    for (int i = 0; i < m->bus.nharts; i++)
        n += machine_hart(m, i)->instret;
    return n;
}

/* icount time counts the instructions of every hart. */
static uint64_t retired(void *ctx)
{
    return machine_retired(ctx);
}

/* The PLIC and the virtio-mmio slots, wired to it like the UART; the disks' backing
 * files stay open across a reboot. */
static void attach_irq_devices(struct machine *m)
{
    plic_init(&m->plic, &m->bus);
    m->uart.irq = plic_irq;
    m->uart.irq_ctx = plic_line(&m->plic, PLIC_IRQ_UART);
    for (int i = 0; i < VIRTIO_MMIO_SLOTS; i++) {
        struct virtio_mmio *vm = &m->virtio[i];
        virtio_mmio_init(vm, &m->bus, i);
        vm->irq = plic_irq;
        vm->irq_ctx = plic_line(&m->plic, PLIC_IRQ_VIRTIO(i));
        vm->log_errors = true;
        if (m->opts.disks[i].file)
            virtio_mmio_attach(vm, &m->blk[i].vdev);
    }
}

bool machine_init(struct machine *m, const struct machine_opts *o)
{
    memset(m, 0, sizeof *m);
    m->opts = *o;
    if (!bus_init(&m->bus, RAM_BASE, o->ram_size)) {
        fprintf(stderr, "pagoda: cannot allocate %llu MiB of guest RAM: %s\n",
                (unsigned long long)(o->ram_size >> 20), strerror(errno));
        return false;
    }
    if (o->cov)
        m->bus.cov = &m->cov;
    char err[512];
    clock_init(&m->clock, o->icount, retired, m);
    for (int i = 0; i < (o->nharts > 0 ? o->nharts : 1); i++) {
        struct hart *h = hart_new(&m->bus, (uint64_t)i);     /* with a TLB model of its own */
        if (!mmu_configure(h, o->tlb_spec, o->shadow_specs, o->svade, err, sizeof err)) {
            fprintf(stderr, "pagoda: %s\n", err);
            return false;
        }
        h->read_time = read_time;
        h->time_ctx = &m->clock;
    }
    m->quantum = m->bus.nharts > 1 ? o->quantum : SLICE_INSNS;
    clint_init(&m->clint, &m->bus, &m->clock);
    uart_init(&m->uart, &m->bus);
    m->uart.tx = console_putc;
    finisher_init(&m->finisher, &m->bus);
    trace_dev_init(&m->trace, &m->bus);
    for (int i = 0; i < VIRTIO_MMIO_SLOTS; i++) {
        if (o->disks[i].file && !virtio_blk_open(&m->blk[i], &o->disks[i], err, sizeof err)) {
            fprintf(stderr, "pagoda: %s\n", err);
            return false;
        }
    }
    attach_irq_devices(m);
    if (!boot_load_images(m))
        return false;
    for (int i = 0; i < m->bus.nharts; i++)
        hart_reset(machine_hart(m, i), RESET_ROM);

    if (o->insn_log || o->commit_log) {
        m->tracer.out = stderr;
        if (o->log_file && !(m->tracer.out = fopen(o->log_file, "w"))) {
            fprintf(stderr, "pagoda: %s: %s\n", o->log_file, strerror(errno));
            return false;
        }
        m->tracer.insn_log = o->insn_log;
        m->tracer.commit_log = o->commit_log;
        for (int i = 0; i < m->bus.nharts; i++)
            machine_hart(m, i)->tracer = &m->tracer;
    }
    m->log_out = m->tracer.out;
    m->stdin_tty = isatty(STDIN_FILENO);
    if (o->gdb && !(m->gdb = gdbstub_open(m, o->gdb)))
        return false;
    return true;
}

void machine_free(struct machine *m)
{
    for (int i = 0; i < VIRTIO_MMIO_SLOTS; i++)
        if (m->opts.disks[i].file)
            virtio_blk_close(&m->blk[i]);
    gdbstub_close(m->gdb);
    trace_dev_free(&m->trace);
    stats_free(m);
    while (m->bus.nharts)
        hart_free(m->bus.harts[--m->bus.nharts]);
    if (m->log_out && m->log_out != stderr)
        fclose(m->log_out);
    symtab_free(&m->syms);
    bus_free(&m->bus);
    cov_free(&m->cov);
}

void machine_reset(struct machine *m)
{
    m->finisher.request = FIN_NONE;
    for (int i = 0; i < m->bus.nharts; i++)
        machine_hart(m, i)->halted = false;
    symtab_free(&m->syms);
    m->bus.ndevs = 0;
    clint_init(&m->clint, &m->bus, &m->clock);
    uart_init(&m->uart, &m->bus);
    m->uart.tx = console_putc;
    finisher_init(&m->finisher, &m->bus);
    trace_dev_init(&m->trace, &m->bus);
    attach_irq_devices(m);
    boot_load_images(m);
    for (int i = 0; i < m->bus.nharts; i++)
        hart_reset(machine_hart(m, i), RESET_ROM);
    m->next_hart = 0;
}
