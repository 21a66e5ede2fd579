/* GDB remote serial protocol stub, as QEMU's -s, -gdb and -S: a TCP server through
 * which gdb stops, inspects and resumes the machine. Everything it does to the
 * machine goes through frontend.h. */
#ifndef PAGODA_GDBSTUB_H
#define PAGODA_GDBSTUB_H

#include <stdbool.h>

struct machine;
struct gdbstub;

/* Listens on spec, "tcp::PORT" or "tcp:HOST:PORT" (no host: 127.0.0.1; port 0: any
 * free port, printed on stderr). On failure prints one line naming the problem and
 * returns NULL. */
struct gdbstub *gdbstub_open(struct machine *m, const char *spec);
void gdbstub_close(struct gdbstub *g);

/* Runs the machine until it powers off or gdb kills it, serving gdb whenever it is
 * connected; with wait_at_reset (-S) nothing runs until gdb says so. Leaves the
 * machine quitting (fe_quitting). */
void gdbstub_run(struct gdbstub *g, bool wait_at_reset);

/* Called between slices of guest execution and while the guest idles: waits at most
 * timeout_ms for a new gdb connection or gdb's Ctrl-C, and asks the machine to stop
 * for either. */
void gdbstub_poll(struct gdbstub *g, int timeout_ms);

#endif
