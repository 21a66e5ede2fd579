/* The run loop: runs the harts in turns, keeps the timer exact, serves the console
 * and gdb between slices, sleeps the host while the guest waits for an interrupt, and
 * stops on the test finisher, HTIF exit, a trap loop, Ctrl-A x, a signal, or for the
 * debugger. */
#include "machine.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "debugger.h"
#include "gdbstub.h"
#include "stats.h"

static struct machine *the_machine;     /* for the signal handlers */

/* The earliest time after now a timer interrupt of any hart becomes pending
 * (UINT64_MAX: none). One pending already does not count: a hart that masks it waits
 * for something else, and under icount the idle skip would stand still (every hart in
 * WFI, one with its timer line up and sie.STIE clear: SMP Linux after a tick). */
static uint64_t next_deadline(struct machine *m, uint64_t now)
{
    uint64_t t = UINT64_MAX;
    for (int i = 0; i < m->bus.nharts; i++) {
        uint64_t d = hart_next_deadline(machine_hart(m, i), now);
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

/* A hart's turn: the quantum, or fewer instructions when a timer deadline comes first
 * (icount), so that every timer interrupt is raised at its exact instruction. */
static uint64_t slice_for(struct machine *m)
{
    uint64_t slice = m->quantum;
    if (m->clock.icount) {
        uint64_t now = clock_mtime(&m->clock), dl = next_deadline(m, now);
        if (dl > now && dl - now < slice / ICOUNT_INSNS_PER_TICK + 1) {
            uint64_t left = (dl - now) * ICOUNT_INSNS_PER_TICK
                            - machine_retired(m) % ICOUNT_INSNS_PER_TICK;
            slice = left ? left : 1;
        }
    }
    return slice;
}

/* Whether hart h has anything to do: neither halted nor waiting for an interrupt
 * that is not there. A waiting hart costs nothing: it is not run at all. */
static bool runnable(const struct hart *h)
{
    return !h->halted && (!h->wfi || hart_wakes(h));
}

/* The next hart to run in turn from the scheduler's cursor (only `only`, when it is
 * not -1), or -1 when every hart waits. */
static int next_runnable(struct machine *m, int only)
{
    if (only >= 0)
        return runnable(machine_hart(m, only)) ? only : -1;
    for (int k = 0; k < m->bus.nharts; k++) {
        int i = (m->next_hart + k) % m->bus.nharts;
        if (runnable(machine_hart(m, i)))
            return i;
    }
    return -1;
}

/* All harts wait for an interrupt: sleep the host until a timer deadline or input.
 * icount skips to the deadline at once, except when stdin is a terminal (see there). */
static void idle(struct machine *m)
{
    uint64_t now = clock_mtime(&m->clock), dl = next_deadline(m, now);
    bool input_possible = !m->stdin_eof && uart_rx_room(&m->uart);
    if (m->clock.icount) {
        console_poll_input(m, 0);
        if (m->uart.rx_count && (m->uart.ier & 1))
            return;
        if (dl != UINT64_MAX && m->stdin_tty && input_possible) {
            /* Someone at a terminal may type: wait for the deadline at the host's pace
             * and count the host time that passed (up to the deadline), so time does
             * not race ahead of the person while the guest waits for them. */
            uint64_t t0 = clock_host_ns(), ticks = dl > now ? dl - now : 0;
            uint64_t ms = ticks / (TIMEBASE_HZ / 1000) + 1;
            int cap = m->gdb ? 20 : m->panel.idle_ms ? m->panel.idle_ms : 100;
            console_poll_input(m, ticks ? (int)(ms < (uint64_t)cap ? ms : (uint64_t)cap) : 0);
            uint64_t passed = (clock_host_ns() - t0) / (1000000000ull / TIMEBASE_HZ);
            clock_skip_to(&m->clock, passed < ticks ? now + passed : dl);
        } else if (dl != UINT64_MAX) {
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

/* Runs until a hart stops for the debugger, steps run out, a stop is requested or
 * the machine powers off. */
enum fe_stop machine_execute(struct machine *m, int hart, uint64_t steps)
{
    /* A single hart runs alone, the others wait meanwhile; steps are its own. */
    int only = hart >= 0 && hart < m->bus.nharts ? hart : -1;
    struct hart *stepped = machine_hart(m, only >= 0 ? only : 0);
    enum fe_stop why = FE_STOP_EXIT;
    for (int i = 0; i < m->bus.nharts; i++)
        machine_hart(m, i)->dbg.hit = DBG_NONE;
    stepped->dbg.steps = only >= 0 && steps != UINT64_MAX ? steps : 0;
    hart_dbg_update(stepped);
    if (m->stdin_tty)
        console_raw();
    m->executing = 1;
    while (!m->quit) {
        if (m->gdb)
            gdbstub_poll(m->gdb, 0);
        if (m->stop_request) {
            m->stop_request = 0;
            why = FE_STOP_INTERRUPT;
            goto out;
        }
        /* One hart's turn; the next turn is the next hart's (round robin). */
        int i = next_runnable(m, only);
        struct hart *h = i >= 0 ? machine_hart(m, i) : NULL;
        if (h) {
            hart_run(h, slice_for(m));
            if (only < 0)               /* a hart running alone leaves the turns be */
                m->next_hart = (i + 1) % m->bus.nharts;
        }
        update_timers(m);
        if (m->panel.after_slice)
            m->panel.after_slice(m, m->panel.ctx);
        console_flush();
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
        if (h && h->trap_loop) {
            report_trap_loop(m, h);
            m->quit = true;
            break;
        }
        if (m->finisher.request == FIN_REBOOT) {
            machine_reset(m);
            continue;
        }
        if (h && h->dbg.hit) {
            why = h->dbg.hit == DBG_STEP ? FE_STOP_STEP
                : h->dbg.hit == DBG_BREAK ? FE_STOP_BREAK : FE_STOP_WATCH;
            m->stop_hart = i;
            goto out;
        }
        /* Input: when the guest looked for it, and every 4 slices of guest work (a
         * point fixed in instructions, so with icount and input that is already
         * there, the run is reproducible) for guests that wait for the receive
         * interrupt while they compute. */
        uint64_t done = machine_retired(m);
        if (m->uart.want_input || done - m->last_input_poll > 4 * SLICE_INSNS) {
            m->uart.want_input = false;
            m->last_input_poll = done;
            console_poll_input(m, 0);
        }
        /* Every hart waits for an interrupt: the host sleeps until one can come. */
        if (next_runnable(m, only) < 0) {
            fflush(stdout);
            idle(m);
            update_timers(m);
        }
    }
out:
    m->executing = 0;
    stepped->dbg.steps = 0;
    hart_dbg_update(stepped);
    fflush(stdout);
    if (m->debugger)
        console_restore();
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
 * ends the process at once, and so does the first while no guest code runs (at the
 * debugger's prompt, opening a --script FIFO, waiting for gdb): the calls that wait
 * there would only restart after the handler. */
static void on_term(int sig)
{
    if (!the_machine || the_machine->term_signal || !the_machine->executing) {
        console_fatal_signal(sig);
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
        fe_break_add(m, a, FE_ANY_ASID);
    }
    if (m->gdb)
        gdbstub_run(m->gdb, m->opts.gdb_wait);      /* serves gdb until power-off or kill */
    bool enter = m->opts.debugger;
    while (!m->quit) {
        if (enter) {
            /* a run without -d stopped by Ctrl-A c left the terminal raw: the
             * debugger reads lines (Enter must end them) */
            m->debugger = true;
            console_restore();
            if (debugger_repl(m, m->opts.script, m->stdin_tty))
                break;                       /* quit */
            enter = false;
        }
        enum fe_stop why = machine_execute(m, -1, UINT64_MAX);
        if (why == FE_STOP_EXIT)
            break;
        if (m->term_signal ||
            (why == FE_STOP_INTERRUPT && !m->opts.debugger && !m->stdin_tty && !m->ctrl_a_c)) {
            fe_quit_interrupted(m);
            break;
        }
        m->ctrl_a_c = false;
        debugger_report_stop(m, why);
        enter = true;
    }
    fflush(stdout);
    console_restore();
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
    char err[512];
    if (m->opts.cov && !cov_write(&m->cov, m->opts.cov, err, sizeof err))
        fprintf(stderr, "pagoda: %s\n", err);
    return m->exit_code;
}
