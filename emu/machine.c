/* Machine assembly and the main loop: run the hart in slices, keep the timer exact,
 * serve the console, sleep the host while the guest waits for an interrupt, and stop
 * on the test finisher, HTIF exit or Ctrl-A x. */
#include "machine.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "debugger.h"
#include "dtb.h"
#include "gdbstub.h"
#include "place.h"
#include "stats.h"

#define SLICE_INSNS (1u << 16)

static struct machine *the_machine;     /* for the SIGINT handler */

/* ---- host console ---- */

static struct termios saved_tty;
static bool tty_raw;

static void tty_restore(void)
{
    if (tty_raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
        tty_raw = false;
    }
}

static void fatal_signal(int sig)
{
    tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Raw mode like QEMU's stdio backend: no echo, no line editing, no signals (Ctrl-C
 * goes to the guest), output post-processing kept. */
static void tty_make_raw(void)
{
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return;
    t = saved_tty;
    t.c_iflag &= ~(unsigned)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_lflag &= ~(unsigned)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(unsigned)(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) {
        tty_raw = true;
        atexit(tty_restore);
        int sigs[] = { SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE };
        for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
            signal(sigs[i], fatal_signal);
    }
}

/* Console output is buffered and flushed after each slice of guest work (a fraction
 * of a millisecond), so a partial line still appears at once. */
static bool out_dirty;
static void console_putc(void *ctx, uint8_t c)
{
    (void)ctx;
    putchar(c);
    out_dirty = true;
}

/* Reads what stdin has (without blocking) into the UART FIFO, interpreting Ctrl-A
 * escapes on a terminal. */
static bool ctrl_a_pending;
static void console_poll_input(struct machine *m, int timeout_ms)
{
    if (m->stdin_eof || uart_rx_room(&m->uart) == 0)
        return;
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    if (poll(&p, 1, timeout_ms) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
        return;
    uint8_t buf[UART_FIFO];
    ssize_t n = read(STDIN_FILENO, buf, uart_rx_room(&m->uart));
    if (n <= 0) {
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            m->stdin_eof = true;
        return;
    }
    for (ssize_t i = 0; i < n; i++) {
        uint8_t c = buf[i];
        if (m->stdin_tty && ctrl_a_pending) {
            ctrl_a_pending = false;
            if (c == 'x') {
                fprintf(stderr, "\r\npagoda: terminated (Ctrl-A x)\r\n");
                m->quit = true;
                return;
            }
            if (c == 'h') {
                fprintf(stderr, "\r\nC-a h    print this help\r\nC-a x    exit emulator\r\n"
                                "C-a c    enter the debugger\r\nC-a C-a  send C-a\r\n");
                continue;
            }
            if (c == 'c') {
                m->ctrl_a_c = true;
                m->stop_request = 1;
                continue;
            }
            if (c != 1)
                uart_push_input(&m->uart, (uint8_t[]){ 1 }, 1);
        } else if (m->stdin_tty && c == 1) {
            ctrl_a_pending = true;
            continue;
        } else if (m->stdin_tty && c == 3 && m->opts.debugger) {
            m->stop_request = 1;                /* -d: Ctrl-C enters the debugger */
            continue;
        }
        uart_push_input(&m->uart, &c, 1);
    }
}

static int htif_getc(void *ctx)
{
    struct machine *m = ctx;
    console_poll_input(m, 0);
    uint64_t v;
    if (m->uart.rx_count == 0)
        return -1;
    uart_read(&m->uart, 0, 1, &v);
    return (int)v;
}

static uint64_t read_time(void *ctx)
{
    return clock_mtime(ctx);
}

/* ---- images ---- */

const char *machine_default_image(const char *name)
{
    static char path[PATH_MAX + 64];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return name;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = 0;
    /* build/pagoda -> roms/NAME beside build/ */
    snprintf(path, sizeof path, "%s/../roms/%s", exe, name);
    return path;
}

/* QEMU virt's reset vector: a2 = fw_dynamic_info, a0 = hartid, a1 = DTB, jump. */
static void install_reset_rom(struct machine *m, uint64_t start, uint64_t next_addr)
{
    uint32_t code[6] = {
        0x00000297,     /* auipc t0, 0 */
        0x02828613,     /* addi  a2, t0, 40 */
        0xf1402573,     /* csrr  a0, mhartid */
        0x0202b583,     /* ld    a1, 32(t0) */
        0x0182b283,     /* ld    t0, 24(t0) */
        0x00028067,     /* jr    t0 */
    };
    uint8_t rom[0x1000] = { 0 };
    memcpy(rom, code, sizeof code);
    uint64_t words[2 + 6] = {
        start, m->dtb_addr,
        0x4942534f, 2, next_addr, 1 /* S-mode */, 0, 0,   /* struct fw_dynamic_info */
    };
    memcpy(rom + 0x18, words, sizeof words);
    bus_set_rom(&m->bus, RESET_ROM, rom, sizeof rom);
}

/* The device tree for this machine; the initrd range is [initrd_start, +size). */
static void *build_dtb(struct machine *m, uint64_t initrd_start, uint64_t initrd_size,
                       size_t *size)
{
    struct dtb_params dp = {
        .ram_base = RAM_BASE, .ram_size = m->bus.ram.size, .bootargs = m->opts.append,
        .initrd_start = initrd_start, .initrd_end = initrd_start + initrd_size, .nharts = 1,
    };
    return dtb_build(&dp, size);
}

/* Loads the firmware and kernel (or the bare program) where their files say, then
 * places the device tree and the initrd clear of them (emu/place.c). */
static bool load_images(struct machine *m)
{
    const struct machine_opts *o = &m->opts;
    char err[512];
    uint64_t start = RAM_BASE, next = RAM_BASE + KERNEL_OFFSET;
    struct place_in pin = { .ram_base = RAM_BASE, .ram_size = m->bus.ram.size };
    const char *initrd = NULL;

    if (o->program) {
        struct elf_image img;
        if (!load_elf(&m->bus, o->program, &img, &m->syms, err, sizeof err)) {
            /* Linux user programs are linked at 0x10000: they belong in the guest. */
            if (strstr(err, "outside RAM"))
                snprintf(err + strlen(err), sizeof err - strlen(err), "; a Linux user "
                         "program runs inside the guest: put it in the initramfs "
                         "(guest/README.md: Write, build and run your own program)");
            goto fail;
        }
        start = img.entry;
        pin.fixed[pin.nfixed++] = (struct place_region){ "program", img.lo, img.hi };
    } else {
        const char *bios = o->bios ? o->bios : machine_default_image("firmware.bin");
        bool no_bios = o->bios && strcmp(o->bios, "none") == 0;
        uint64_t fw_end = RAM_BASE;
        if (!no_bios) {
            uint64_t size;
            if (file_is_elf(bios)) {
                struct elf_image img;
                if (!load_elf(&m->bus, bios, &img, &m->syms, err, sizeof err))
                    goto fail;
                start = img.entry;
                pin.fixed[pin.nfixed++] = (struct place_region){ "firmware", img.lo, img.hi };
                fw_end = img.hi;
            } else if (!load_raw(&m->bus, bios, RAM_BASE, &size, err, sizeof err)) {
                goto fail;
            } else {
                pin.fixed[pin.nfixed++] = (struct place_region){ "firmware", RAM_BASE,
                                                                 RAM_BASE + size };
                fw_end = RAM_BASE + size;
            }
        }
        /* A raw kernel goes to the 2 MiB boundary after the firmware (QEMU's rule). */
        uint64_t kaddr = no_bios ? RAM_BASE : (fw_end + KERNEL_OFFSET - 1) & ~(KERNEL_OFFSET - 1);
        if (kaddr < RAM_BASE + KERNEL_OFFSET && !no_bios)
            kaddr = RAM_BASE + KERNEL_OFFSET;
        /* No -kernel: the default kernel when there is nothing else to boot (no
         * arguments) or something for a kernel was given (-initrd, -append). */
        const char *kernel = o->kernel;
        initrd = o->initrd;
        bool defaults = !o->bios && !o->kernel && !o->initrd;
        if (!kernel && (defaults || o->initrd || o->append)) {
            static char kernel_path[PATH_MAX + 64];   /* the helper's buffer is reused */
            snprintf(kernel_path, sizeof kernel_path, "%s", machine_default_image("kernel.elf"));
            kernel = kernel_path;
            if (access(kernel, R_OK) != 0) {
                snprintf(err, sizeof err, "no program given and no default kernel in roms/ "
                         "(run make, or give a program, -kernel or -bios)");
                goto fail;
            }
        }
        if (defaults) {
            static char initrd_path[PATH_MAX + 64];
            snprintf(initrd_path, sizeof initrd_path, "%s", machine_default_image("initramfs.cpio"));
            initrd = access(initrd_path, R_OK) == 0 ? initrd_path : NULL;
        }
        if (kernel) {
            uint64_t size;
            if (file_is_elf(kernel)) {
                struct elf_image img;
                if (!load_elf(&m->bus, kernel, &img, &m->syms, err, sizeof err))
                    goto fail;
                kaddr = img.entry;
                pin.fixed[pin.nfixed++] = (struct place_region){ "kernel", img.lo, img.hi };
            } else if (!load_raw(&m->bus, kernel, kaddr, &size, err, sizeof err)) {
                goto fail;
            } else {
                pin.fixed[pin.nfixed++] = (struct place_region){ "kernel", kaddr, kaddr + size };
            }
            next = kaddr;
            if (no_bios)
                start = kaddr;
        }
        if (initrd) {
            struct stat st;
            if (stat(initrd, &st) != 0) {
                snprintf(err, sizeof err, "%.400s: %s", initrd, strerror(errno));
                goto fail;
            }
            pin.initrd_size = (uint64_t)st.st_size;
        }
    }

    /* The device tree's size does not depend on the initrd's address. */
    size_t dtb_size;
    void *dtb = build_dtb(m, RAM_BASE, pin.initrd_size, &dtb_size);
    if (!dtb) {
        snprintf(err, sizeof err, "device tree: libfdt error");
        goto fail;
    }
    free(dtb);
    pin.kernel_entry = next;
    pin.dtb_size = dtb_size;
    struct place_out where;
    if (!place_images(&pin, &where, err, sizeof err))
        goto fail;
    if (initrd) {
        uint64_t size;
        if (!load_raw(&m->bus, initrd, where.initrd_start, &size, err, sizeof err))
            goto fail;
        pin.initrd_size = size;
    }
    dtb = build_dtb(m, where.initrd_start, pin.initrd_size, &dtb_size);
    if (!dtb) {
        snprintf(err, sizeof err, "device tree: libfdt error");
        goto fail;
    }
    if (o->dump_dtb) {
        FILE *f = fopen(o->dump_dtb, "wb");
        bool ok = f && fwrite(dtb, 1, dtb_size, f) == dtb_size;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok) {
            snprintf(err, sizeof err, "--dump-dtb %s: %s", o->dump_dtb, strerror(errno));
            free(dtb);
            goto fail;
        }
    }
    m->dtb_addr = where.dtb_addr;
    bus_copy_in(&m->bus, m->dtb_addr, dtb, dtb_size);
    free(dtb);
    install_reset_rom(m, start, next);

    const struct symbol *th = symtab_find(&m->syms, "tohost");
    const struct symbol *fh = symtab_find(&m->syms, "fromhost");
    if (th && fh) {
        htif_init(&m->htif, &m->bus, th->addr, fh->addr);
        m->htif.putc = console_putc;
        m->htif.getc = htif_getc;
        m->htif.getc_ctx = m;
        m->has_htif = true;
    }
    return true;
fail:
    fprintf(stderr, "pagoda: %s\n", err);
    return false;
}

/* --tlb, --shadow-tlb and --svade. */
static bool configure_mmu(struct machine *m, const struct machine_opts *o)
{
    struct hart *h = machine_hart(m, 0);
    struct mmu *mmu = &h->mmu;
    char err[256];
    mmu->svade = o->svade;
    if (o->tlb_spec) {
        struct tlb_set s;
        if (!tlb_set_parse(&s, o->tlb_spec, err, sizeof err)) {
            fprintf(stderr, "pagoda: %s\n", err);
            return false;
        }
        tlb_set_free(&mmu->tlbs);
        mmu->tlbs = s;
        hart_attach_tlbs(h);
    }
    if (o->shadow_specs) {
        char buf[1024], *save = NULL;
        snprintf(buf, sizeof buf, "%s", o->shadow_specs);
        for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
            struct tlb_set s;
            if (!tlb_set_parse(&s, tok, err, sizeof err)) {
                fprintf(stderr, "pagoda: --shadow-tlb: %s\n", err + 6);
                return false;
            }
            mmu->shadow = realloc(mmu->shadow, (size_t)(mmu->nshadow + 1) * sizeof s);
            if (!mmu->shadow)
                abort();
            mmu->shadow[mmu->nshadow++] = s;
        }
    }
    return true;
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
    struct hart *h = hart_new(&m->bus, 0);
    if (!configure_mmu(m, o))
        return false;
    clock_init(&m->clock, o->icount, &h->instret);
    h->read_time = read_time;
    h->time_ctx = &m->clock;
    clint_init(&m->clint, &m->bus, &m->clock);
    uart_init(&m->uart, &m->bus);
    m->uart.tx = console_putc;
    finisher_init(&m->finisher, &m->bus);
    trace_dev_init(&m->trace, &m->bus);
    for (int i = 0; i < VIRTIO_MMIO_SLOTS; i++) {
        char err[512];
        if (o->disks[i].file && !virtio_blk_open(&m->blk[i], &o->disks[i], err, sizeof err)) {
            fprintf(stderr, "pagoda: %s\n", err);
            return false;
        }
    }
    attach_irq_devices(m);
    if (!load_images(m))
        return false;
    hart_reset(h, RESET_ROM);

    if (o->insn_log || o->commit_log) {
        m->tracer.out = stderr;
        if (o->log_file && !(m->tracer.out = fopen(o->log_file, "w"))) {
            fprintf(stderr, "pagoda: %s: %s\n", o->log_file, strerror(errno));
            return false;
        }
        m->tracer.insn_log = o->insn_log;
        m->tracer.commit_log = o->commit_log;
        h->tracer = &m->tracer;
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
    while (m->bus.nharts)
        hart_free(m->bus.harts[--m->bus.nharts]);
    if (m->log_out && m->log_out != stderr)
        fclose(m->log_out);
    symtab_free(&m->syms);
    bus_free(&m->bus);
}

/* The earliest time a timer interrupt of any hart becomes pending (UINT64_MAX: none). */
static uint64_t next_deadline(struct machine *m)
{
    uint64_t t = UINT64_MAX;
    for (int i = 0; i < m->bus.nharts; i++) {
        uint64_t d = hart_next_deadline(machine_hart(m, i));
        if (d < t)
            t = d;
    }
    return t;
}

/* Time moved: every hart's timer lines follow. */
static void update_timers(struct machine *m)
{
    for (int i = 0; i < m->bus.nharts; i++)
        hart_update_timers(machine_hart(m, i));
}

/* Instructions until the next timer deadline (icount), bounded to one slice. */
static uint64_t slice_for(struct machine *m)
{
    uint64_t slice = SLICE_INSNS;
    if (m->clock.icount) {
        uint64_t now = clock_mtime(&m->clock), dl = next_deadline(m);
        if (dl > now && dl - now < slice / ICOUNT_INSNS_PER_TICK + 1) {
            uint64_t left = (dl - now) * ICOUNT_INSNS_PER_TICK
                            - machine_hart(m, 0)->instret % ICOUNT_INSNS_PER_TICK;
            slice = left ? left : 1;
        }
    }
    return slice;
}

/* All harts wait for an interrupt: sleep the host until a timer deadline or input. */
static void idle(struct machine *m)
{
    uint64_t now = clock_mtime(&m->clock), dl = next_deadline(m);
    bool input_possible = !m->stdin_eof && uart_rx_room(&m->uart);
    if (m->clock.icount) {
        console_poll_input(m, 0);
        if (m->uart.rx_count && (m->uart.ier & 1))
            return;
        if (dl != UINT64_MAX) {
            clock_skip_to(&m->clock, dl);
        } else if (input_possible) {
            console_poll_input(m, m->gdb ? 20 : m->panel.idle_ms ? m->panel.idle_ms : -1);
        } else if (m->gdb) {
            gdbstub_poll(m->gdb, 20);        /* only gdb can end this wait */
        } else {
            fprintf(stderr, "pagoda: the guest waits for an interrupt that can never "
                            "arrive (no timer armed, no input); stopping\n");
            m->quit = true;
            m->exit_code = 1;
        }
        return;
    }
    int timeout = -1;
    if (dl != UINT64_MAX)
        timeout = dl <= now ? 0 : (int)(((dl - now) / (TIMEBASE_HZ / 1000)) + 1);
    if (timeout > 100 || timeout < 0)
        timeout = 100;  /* stay responsive to Ctrl-A x and stdin EOF */
    if (m->gdb && timeout > 20)
        timeout = 20;   /* and to gdb's Ctrl-C */
    if (m->panel.idle_ms && timeout > m->panel.idle_ms)
        timeout = m->panel.idle_ms;     /* and to the panel's window */
    if (input_possible)
        console_poll_input(m, timeout);
    else if (timeout > 0)
        usleep((useconds_t)timeout * 1000);
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
    load_images(m);
    hart_reset(machine_hart(m, 0), RESET_ROM);
}

/* A hart that only traps: one line naming what it keeps doing, exit status 3. */
static void report_trap_loop(struct machine *m, const struct hart *h)
{
    static const char *const mode[4] = { "U", "S", "?", "M" };
    fflush(stdout);
    fprintf(stderr, "pagoda: trap loop: pc 0x%" PRIx64 " (%s-mode) raised %s (cause %" PRIu64
            ", tval 0x%" PRIx64 ") %d times in a row with nothing retired; trap vector 0x%"
            PRIx64 " (%s-mode)\n", h->loop_pc, mode[h->loop_priv & 3],
            hart_exception_name(h->loop_cause), h->loop_cause, h->loop_tval, TRAP_LOOP_LIMIT,
            h->pc, mode[h->priv & 3]);
    m->exit_code = 3;
}

/* Runs until the hart stops for the debugger, steps run out, a stop is requested
 * or the machine powers off. */
enum fe_stop machine_execute(struct machine *m, int hart, uint64_t steps)
{
    struct hart *h = machine_hart(m, hart);
    enum fe_stop why = FE_STOP_EXIT;
    h->dbg.hit = DBG_NONE;
    h->dbg.steps = steps == UINT64_MAX ? 0 : steps;
    hart_dbg_update(h);
    if (m->stdin_tty)
        tty_make_raw();
    while (!m->quit) {
        if (m->gdb)
            gdbstub_poll(m->gdb, 0);
        if (m->stop_request) {
            m->stop_request = 0;
            why = FE_STOP_INTERRUPT;
            goto out;
        }
        hart_run(h, slice_for(m));
        update_timers(m);
        if (m->panel.after_slice)
            m->panel.after_slice(m, m->panel.ctx);
        if (out_dirty) {
            fflush(stdout);
            out_dirty = false;
        }
        if (m->has_htif) {
            htif_poll(&m->htif);
            if (m->htif.exited) {
                m->exit_code = m->htif.exit_code;
                m->quit = true;
                break;
            }
        }
        if (m->finisher.request == FIN_POWEROFF) {
            m->exit_code = m->finisher.exit_code;
            m->quit = true;
            break;
        }
        if (h->trap_loop) {
            report_trap_loop(m, h);
            m->quit = true;
            break;
        }
        if (m->finisher.request == FIN_REBOOT) {
            machine_reset(m);
            continue;
        }
        if (h->dbg.hit) {
            why = h->dbg.hit == DBG_STEP ? FE_STOP_STEP
                : h->dbg.hit == DBG_BREAK ? FE_STOP_BREAK : FE_STOP_WATCH;
            m->stop_hart = hart;
            goto out;
        }
        /* Input: when the guest looked for it, and every 4 slices of guest work (a
         * point fixed in instructions, so with icount and input that is already
         * there, the run is reproducible) for guests that wait for the receive
         * interrupt while they compute. */
        if (m->uart.want_input || h->instret - m->last_input_poll > 4 * SLICE_INSNS) {
            m->uart.want_input = false;
            m->last_input_poll = h->instret;
            console_poll_input(m, 0);
        }
        if (h->wfi && !hart_wakes(h)) {
            fflush(stdout);
            idle(m);
            update_timers(m);
        }
    }
out:
    h->dbg.steps = 0;
    hart_dbg_update(h);
    fflush(stdout);
    if (m->debugger)
        tty_restore();
    return why;
}

enum fe_stop machine_step_in_loop(struct machine *m, int hart)
{
    struct hart *h = machine_hart(m, hart);
    uint64_t steps = h->dbg.steps;
    h->dbg.steps = 1;
    hart_dbg_update(h);
    hart_run(h, 1);
    h->dbg.steps = steps;
    if (h->dbg.hit == DBG_STEP)
        h->dbg.hit = DBG_NONE;
    hart_dbg_update(h);
    update_timers(m);
    fflush(stdout);
    if (m->finisher.request != FIN_NONE || (m->has_htif && m->htif.exited))
        return FE_STOP_EXIT;
    if (h->dbg.hit)
        return h->dbg.hit == DBG_BREAK ? FE_STOP_BREAK : FE_STOP_WATCH;
    return FE_STOP_STEP;
}

static void on_sigint(int sig)
{
    (void)sig;
    if (the_machine)
        fe_request_stop(the_machine);
}

/* SIGTERM and SIGHUP end the run as SIGINT does (statistics written); a second one
 * ends the process at once. */
static void on_term(int sig)
{
    if (!the_machine || the_machine->term_signal) {
        fatal_signal(sig);
        return;
    }
    the_machine->term_signal = sig;
    fe_request_stop(the_machine);
}

int machine_run(struct machine *m)
{
    the_machine = m;
    if (!m->stdin_tty || m->debugger)
        signal(SIGINT, on_sigint);
    signal(SIGTERM, on_term);
    signal(SIGHUP, on_term);
    if (m->opts.break_at) {
        uint64_t a;
        if (!debugger_parse_addr(m, m->opts.break_at, &a)) {
            fprintf(stderr, "pagoda: --break %s: not a symbol or address\n", m->opts.break_at);
            return 2;
        }
        fe_break_add(m, a);
    }
    if (m->gdb)
        gdbstub_run(m->gdb, m->opts.gdb_wait);      /* serves gdb until power-off or kill */
    bool enter = m->opts.debugger;
    while (!m->quit) {
        if (enter) {
            m->debugger = true;
            if (debugger_repl(m, m->opts.script, m->stdin_tty))
                break;                       /* quit */
            enter = false;
        }
        enum fe_stop why = machine_execute(m, 0, UINT64_MAX);
        if (why == FE_STOP_EXIT)
            break;
        if (m->term_signal) {
            fprintf(stderr, "pagoda: terminated by %s\n",
                    m->term_signal == SIGHUP ? "SIGHUP" : "SIGTERM");
            m->exit_code = 128 + m->term_signal;
            break;
        }
        if (why == FE_STOP_INTERRUPT && !m->opts.debugger && !m->stdin_tty && !m->ctrl_a_c) {
            fprintf(stderr, "pagoda: interrupted\n");
            m->exit_code = 130;
            break;
        }
        m->ctrl_a_c = false;
        debugger_report_stop(m, why);
        enter = true;
    }
    fflush(stdout);
    tty_restore();
    if (m->opts.stats)
        stats_print(m, stderr);
    if (m->opts.stats_json) {
        FILE *f = fopen(m->opts.stats_json, "w");
        if (!f) {
            fprintf(stderr, "pagoda: %s: %s\n", m->opts.stats_json, strerror(errno));
        } else {
            stats_json(m, f);
            fclose(f);
        }
    }
    return m->exit_code;
}
