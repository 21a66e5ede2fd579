/* The interactive debugger (-d): commands over the front-end API, with line editing
 * on a terminal and scripts (--script FILE, or stdin when it is not a terminal). */
#ifndef PAGODA_DEBUGGER_H
#define PAGODA_DEBUGGER_H

#include <stdbool.h>
#include <stdint.h>

#include "frontend.h"

struct machine;

/* Reads and runs commands (from script_path when given, else from stdin, with line
 * editing when tty) until one resumes the guest (returns false) or quits (returns
 * true). */
bool debugger_repl(struct machine *m, const char *script_path, bool tty);
/* Prints why execution stopped and where. */
void debugger_report_stop(struct machine *m, enum fe_stop why);
/* Parses a number, symbol[+offset], pc or a register name. */
bool debugger_parse_addr(struct machine *m, const char *s, uint64_t *out);
/* Runs one command line (also used by unit tests); true when it asks to quit. */
bool debugger_command(struct machine *m, const char *line, bool *resumed);

#endif
