/* pagoda: command-line front end. Flags follow QEMU where the two overlap (-m, -bios,
 * -kernel, -initrd, -append, -nographic) and Spike where QEMU has nothing (-l,
 * --log-commits). Bad input gets one line on stderr and exit status 2. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine.h"
#include "panel/panel.h"

#define MAX_RAM (16ull << 30)
#define MIN_RAM (4ull << 20)

static void usage(FILE *f)
{
    fprintf(f,
"usage: pagoda [options] [program.elf]\n"
"\n"
"  program.elf          bare-metal RV64 ELF, started in M-mode from the reset ROM\n"
"                       (HTIF tohost/fromhost served when the ELF defines them)\n"
"  -bios FILE|none      M-mode firmware at 0x80000000 (default: roms/firmware.bin)\n"
"  -kernel FILE         ELF at its physical address, or raw at the 2 MiB boundary\n"
"                       after the firmware (0x80200000); default roms/kernel.elf\n"
"                       when -initrd or -append is given without it\n"
"  -initrd FILE         initial ramdisk, loaded high in RAM, range in /chosen\n"
"  -append ARGS         kernel command line (/chosen bootargs)\n"
"  -m SIZE              RAM size: 128M (default), 1G, ... up to 16G; plain number = MiB\n"
"  -smp N|cpus=N        N harts (1..8, default 1), run in turn in one host thread\n"
"  --smp-quantum N      instructions a hart runs in its turn (default 10000)\n"
"  -nographic           no graphical output (no panel); the console is this terminal\n"
"  --panel              open the live panel (TLBs, page walks, faults, frames) in a\n"
"                       window; an error if none can open. Default: open it when\n"
"                       $DISPLAY or $WAYLAND_DISPLAY is set and stdin is a terminal\n"
"  --no-panel           no panel window\n"
"  --panel-png FILE     render the panel into FILE (PNG) when the run ends, no\n"
"                       display needed\n"
"  -M virt              accepted for QEMU compatibility (the only machine)\n"
"  --clock host|icount  time from the host clock, or from instructions retired\n"
"                       (default: host on a terminal, icount otherwise)\n"
"  --tlb SPEC           TLB geometry: a preset (u54 default, a53, a76, tiny) or\n"
"                       itlb=ExW,dtlb=ExW[,l2=ExW][,policy=lru|plru|fifo|random]\n"
"                       (E entries, W ways; ExW:policy sets one TLB's policy)\n"
"  --shadow-tlb S1[;S2] extra TLB models fed the same translations, printed by --stats\n"
"  --svade              missing A/D bits raise page faults (default: hardware update)\n"
"  --stats              print statistics to stderr at exit\n"
"  --stats-json FILE    write statistics as JSON (schema pagoda-stats v1) at exit\n"
"  --cov FILE           write the S-mode pcs executed (guest-kernel coverage) at exit;\n"
"                       the kernel then runs one instruction at a time\n"
"  -d                   start halted in the debugger (Ctrl-C re-enters it)\n"
"  --break SYM|ADDR     stop in the debugger when pc reaches SYM or ADDR\n"
"  --script FILE        read debugger commands from FILE (implies -d)\n"
"  -gdb tcp:[HOST]:PORT serve gdb's remote protocol on HOST:PORT (default host\n"
"                       127.0.0.1; port 0 picks one and prints it); gdb can attach\n"
"                       at any time and stop the guest with Ctrl-C\n"
"  -s                   shorthand for -gdb tcp::1234\n"
"  -S                   with -gdb or -s: do not start the guest; wait at reset for\n"
"                       gdb to continue it\n"
"  -drive file=F[,format=raw][,if=virtio|none][,id=X][,readonly=on][,serial=S]\n"
"                       a virtio-blk disk backed by raw image F (repeatable; disks\n"
"                       take virtio-mmio slots 0..7 in order: /dev/vda, vdb, ...)\n"
"  -device virtio-blk-device,drive=X[,serial=S][,bus=virtio-mmio-bus.N]\n"
"                       attaches the -drive if=none,id=X\n"
"  --swap F[,size=64M]  a swap disk after the -drive disks, enabled by the guest at\n"
"                       boot: a missing or empty F becomes a swap area of that size\n"
"                       (mkswap's header); an existing F must already be one\n"
"  --dump-dtb FILE      write the generated device tree (DTB) to FILE and exit\n"
"  -l                   log each instruction (Spike's -l format) to stderr\n"
"  --log-commits        log each commit (Spike's --log-commits format) to stderr\n"
"  --log FILE           write the logs to FILE instead of stderr\n"
"  -h, --help           this text\n"
"\n"
"Console: Ctrl-A x quits, Ctrl-A c enters the debugger, Ctrl-A h lists the escapes.\n");
}

static int bad(const char *fmt, ...)
{
    va_list ap;
    fputs("pagoda: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 2;
}

/* An output file can be written: it is opened for appending (so nothing in it is
 * lost) and removed again when this made it. On failure errno says why. */
static bool output_writable(const char *path)
{
    struct stat st;
    bool existed = stat(path, &st) == 0;
    if (existed && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return false;
    }
    FILE *f = fopen(path, "a");
    if (!f)
        return false;
    fclose(f);
    if (!existed)
        unlink(path);
    return true;
}

/* A script can be read: a regular file that opens, or a FIFO or pipe we may read
 * (opening one would wait for its writer, and closing it again lose it). */
static bool input_readable(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return false;
    }
    if (S_ISFIFO(st.st_mode))
        return access(path, R_OK) == 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    fclose(f);
    return true;
}

/* Parses QEMU-style sizes: a number with an optional K, M, G or T suffix; plain
 * numbers are MiB. Returns false on anything else. */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno)
        return false;
    uint64_t mult = 1ull << 20;
    if (*end) {
        switch (toupper((unsigned char)*end)) {
        case 'K': mult = 1ull << 10; break;
        case 'M': mult = 1ull << 20; break;
        case 'G': mult = 1ull << 30; break;
        case 'T': mult = 1ull << 40; break;
        case 'B': mult = 1; break;
        default: return false;
        }
        if (end[1] && !(toupper((unsigned char)end[1]) == 'B' && !end[2]) &&
            !(toupper((unsigned char)end[1]) == 'I' && toupper((unsigned char)end[2]) == 'B' && !end[3]))
            return false;
    }
    if (v > UINT64_MAX / mult)
        return false;
    *out = v * mult;
    return true;
}

/* QEMU's -smp: "N" or "cpus=N" (QEMU's other keys, sockets and the like, describe a
 * topology Pagoda does not model). */
static bool parse_smp(const char *s, int *n)
{
    if (strncmp(s, "cpus=", 5) == 0)
        s += 5;
    if (!isdigit((unsigned char)*s))
        return false;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > BUS_MAX_HARTS)
        return false;
    *n = (int)v;
    return true;
}

int main(int argc, char **argv)
{
    struct machine_opts o = { .ram_size = 128ull << 20, .nharts = 1, .quantum = SMP_QUANTUM };
    const char *clock = NULL;
    struct panel_opts panel = { .window = PANEL_WINDOW_AUTO };
    const char *no_panel = NULL;
    static struct blk_cli disks;
    char err[512];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        /* Options taking a value. */
        static const char *const with_arg[] = {
            "-bios", "-kernel", "-initrd", "-append", "-m", "-M", "-machine",
            "--clock", "--log", "--tlb", "--shadow-tlb", "--stats-json", "--break",
            "--script", "-gdb", "-drive", "-device", "--swap", "--dump-dtb", "--panel-png", "--cov",
            "-smp", "--smp-quantum", NULL,
        };
        bool takes = false;
        for (int k = 0; with_arg[k]; k++)
            if (strcmp(a, with_arg[k]) == 0)
                takes = true;
        const char *val = NULL;
        if (takes) {
            if (i + 1 >= argc)
                return bad("option %s needs a value", a);
            val = argv[++i];
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "-bios") == 0) {
            o.bios = val;
        } else if (strcmp(a, "-kernel") == 0) {
            o.kernel = val;
        } else if (strcmp(a, "-initrd") == 0) {
            o.initrd = val;
        } else if (strcmp(a, "-append") == 0) {
            o.append = val;
        } else if (strcmp(a, "-m") == 0) {
            if (!parse_size(val, &o.ram_size))
                return bad("-m %s: not a size (examples: 128M, 1G, 512)", val);
            if (o.ram_size < MIN_RAM || o.ram_size > MAX_RAM || (o.ram_size & 0xfff))
                return bad("-m %s: RAM must be a multiple of 4 KiB between 4M and 16G", val);
        } else if (strcmp(a, "-smp") == 0) {
            if (!parse_smp(val, &o.nharts))
                return bad("-smp %s: expected N or cpus=N, N from 1 to %d", val, BUS_MAX_HARTS);
        } else if (strcmp(a, "--smp-quantum") == 0) {
            char *end;
            errno = 0;
            unsigned long long q = strtoull(val, &end, 10);
            if (errno || end == val || *end || q == 0 || q > 100000000 || val[0] == '-')
                return bad("--smp-quantum %s: expected instructions, 1 to 100000000", val);
            o.quantum = q;
        } else if (strcmp(a, "-M") == 0 || strcmp(a, "-machine") == 0) {
            if (strncmp(val, "virt", 4) != 0)
                return bad("%s %s: the only machine is 'virt'", a, val);
        } else if (strcmp(a, "--clock") == 0) {
            if (strcmp(val, "host") != 0 && strcmp(val, "icount") != 0)
                return bad("--clock %s: expected host or icount", val);
            clock = val;
        } else if (strcmp(a, "--log") == 0) {
            o.log_file = val;
        } else if (strcmp(a, "--tlb") == 0) {
            o.tlb_spec = val;
        } else if (strcmp(a, "--shadow-tlb") == 0) {
            o.shadow_specs = val;
        } else if (strcmp(a, "--stats-json") == 0) {
            o.stats_json = val;
        } else if (strcmp(a, "--stats") == 0) {
            o.stats = true;
        } else if (strcmp(a, "--svade") == 0) {
            o.svade = true;
        } else if (strcmp(a, "-d") == 0) {
            o.debugger = true;
        } else if (strcmp(a, "--break") == 0) {
            o.break_at = val;
        } else if (strcmp(a, "--script") == 0) {
            o.script = val;
            o.debugger = true;
        } else if (strcmp(a, "-gdb") == 0) {
            o.gdb = val;
        } else if (strcmp(a, "-s") == 0) {
            o.gdb = "tcp::1234";
        } else if (strcmp(a, "-S") == 0) {
            o.gdb_wait = true;
        } else if (strcmp(a, "-drive") == 0 || strcmp(a, "-device") == 0 ||
                   strcmp(a, "--swap") == 0) {
            if (!blk_cli_add(&disks, a, val, err, sizeof err))
                return bad("%s", err);
        } else if (strcmp(a, "--cov") == 0) {
            o.cov = val;
        } else if (strcmp(a, "--dump-dtb") == 0) {
            o.dump_dtb = val;
        } else if (strcmp(a, "-nographic") == 0 || strcmp(a, "--no-panel") == 0) {
            no_panel = a;                       /* the console is always this terminal */
        } else if (strcmp(a, "--panel") == 0) {
            panel.window = PANEL_WINDOW_ON;
        } else if (strcmp(a, "--panel-png") == 0) {
            panel.png = val;
        } else if (strcmp(a, "-l") == 0) {
            o.insn_log = true;
        } else if (strcmp(a, "--log-commits") == 0) {
            o.commit_log = true;
        } else if (a[0] == '-' && a[1]) {
            return bad("unknown option %s (try --help)", a);
        } else if (!o.program) {
            o.program = a;
        } else {
            return bad("more than one program given (%s and %s)", o.program, a);
        }
    }
    if (o.program && (o.bios || o.kernel || o.initrd))
        return bad("give either a program or -bios/-kernel/-initrd, not both");
    if ((o.initrd || o.append) && !o.kernel && !o.dump_dtb && o.bios && strcmp(o.bios, "none") == 0)
        return bad("%s needs -kernel with -bios none", o.initrd ? "-initrd" : "-append");
    if (o.program && o.append)
        return bad("-append is for a kernel (-kernel), not a bare program");
    if (o.gdb_wait && !o.gdb)
        return bad("-S needs -gdb or -s (nothing else could start the guest)");
    if (o.gdb && (o.debugger || o.break_at))
        return bad("-gdb cannot be combined with -d, --break or --script");
    if (no_panel && panel.window == PANEL_WINDOW_ON)
        return bad("--panel cannot be combined with %s", no_panel);
    if (no_panel || (panel.window == PANEL_WINDOW_AUTO && !panel_display_wanted()))
        panel.window = PANEL_WINDOW_OFF;
    /* Outputs and scripts are checked now, not after the whole run. */
    if (o.script && !input_readable(o.script))
        return bad("--script %s: %s", o.script, strerror(errno));
    if (o.stats_json && !output_writable(o.stats_json))
        return bad("--stats-json %s: %s", o.stats_json, strerror(errno));
    if (o.cov && !output_writable(o.cov))
        return bad("--cov %s: %s", o.cov, strerror(errno));
    if (panel.png && !output_writable(panel.png))
        return bad("--panel-png %s: %s", panel.png, strerror(errno));
    o.icount = clock ? strcmp(clock, "icount") == 0 : !isatty(STDIN_FILENO);
    if (!blk_cli_finish(&disks, o.disks, err, sizeof err))
        return bad("%s", err);

    static struct machine m;
    if (!machine_init(&m, &o))
        return 2;
    if (o.dump_dtb) {
        machine_free(&m);
        return 0;
    }
    struct panel *p = panel_open(&m, &panel);
    if (!p) {
        machine_free(&m);
        return 2;
    }
    int status = machine_run(&m);
    if (!panel_close(p) && status == 0)
        status = 2;
    machine_free(&m);
    return status;
}
