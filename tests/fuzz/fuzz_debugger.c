/* The debugger's command parser (debugger_command): command lines from the fuzzer
 * against a machine running the kernel as a bare program, so symbols, expressions,
 * registers, CSRs, memory, disassembly, translation and breakpoints all have
 * something to parse against. Commands that would run the guest without bound
 * (continue, next, until, step with a large count) or write files (screenshot, sym
 * FILE) are skipped; step runs at most 64 instructions. The debugger's output goes to
 * /dev/null.
 *
 * Input: command lines separated by newlines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debugger.h"
#include "fuzz.h"

static struct machine *m;

int LLVMFuzzerInitialize(int *argc, char **argv[])
{
    (void)argc; (void)argv;
    return freopen("/dev/null", "w", stdout) ? 0 : 1;
}

/* Whether the line is one of the commands this harness leaves out. */
static bool skipped(const char *line)
{
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", line);
    const char *c = strtok_r(buf, " \t\n", &save), *arg = strtok_r(NULL, " \t\n", &save);
    if (!c)
        return false;
    static const char *const unbounded[] = { "c", "continue", "n", "next", "u", "until",
                                             "screenshot", NULL };
    for (int i = 0; unbounded[i]; i++)
        if (strcmp(c, unbounded[i]) == 0)
            return true;
    if (strcmp(c, "sym") == 0 || (strcmp(c, "info") == 0 && arg && strncmp(arg, "sym", 3) == 0))
        return arg && strchr(arg, '/');
    if (strcmp(c, "s") == 0 || strcmp(c, "si") == 0 || strcmp(c, "step") == 0 ||
        strcmp(c, "stepi") == 0)
        return arg && strtoull(arg, NULL, 0) > 64;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!m || fe_quitting(m))
        m = fuzz_machine(m);
    char line[256];
    for (size_t i = 0; i < size;) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t len = nl ? (size_t)(nl - (data + i)) : size - i;
        size_t n = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, data + i, n);
        line[n] = 0;
        i += len + 1;
        bool resumed;
        if (!skipped(line) && debugger_command(m, line, &resumed))
            break;                                  /* quit */
    }
    fe_points_clear(m);         /* each input starts without the last one's */
    return 0;
}
