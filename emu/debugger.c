/* Debugger commands. Everything goes through frontend.h, so inspecting the machine
 * never disturbs it: memory reads use a side-effect-free walk, and nothing touches
 * A/D bits, TLB state or statistics. */
#include "debugger.h"

#include <ctype.h>
#include <editline/readline.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csr.h"
#include "decode.h"
#include "disas.h"

static FILE *script;            /* --script FILE, or NULL */
static int cur;                 /* the hart commands apply to */
static char last_cmd[512];      /* Enter repeats step/next */
static uint64_t tbreak_addr;
static uint32_t tbreak_asid;
static bool tbreak_set;

static const char *const priv_name[4] = { "U", "S", "?", "M" };

static void put_location(struct machine *m, uint64_t addr)
{
    uint64_t off;
    const char *s = fe_symbol(m, addr, &off);
    if (s && off)
        printf(" <%s+0x%" PRIx64 ">", s, off);
    else if (s)
        printf(" <%s>", s);
}

/* Prints the instruction at addr as "0x... <sym+off>: (bits) text". */
static int print_insn(struct machine *m, uint64_t addr)
{
    uint8_t b[4] = { 0 };
    char text[96];
    size_t n = fe_read_virt(m, cur, addr, b, 2);
    printf("0x%016" PRIx64, addr);
    put_location(m, addr);
    if (n < 2) {
        printf(": <unmapped>\n");
        return 2;
    }
    uint32_t raw = (uint32_t)b[0] | ((uint32_t)b[1] << 8);
    int len = 2;
    if ((raw & 3) == 3) {
        if (fe_read_virt(m, cur, addr + 2, b + 2, 2) < 2) {
            printf(": <unmapped>\n");
            return 2;
        }
        raw |= ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
        len = 4;
    }
    disas(raw, addr, DISAS_OBJDUMP, text, sizeof text);
    if (len == 4)
        printf(": %08" PRIx32 "  %s\n", raw, text);
    else
        printf(": %04" PRIx32 "      %s\n", raw, text);
    return len;
}

bool debugger_parse_addr(struct machine *m, const char *s, uint64_t *out)
{
    char name[128];
    uint64_t base = 0, off = 0;
    const char *plus = strchr(s, '+');
    size_t nlen = plus ? (size_t)(plus - s) : strlen(s);
    if (nlen == 0 || nlen >= sizeof name)
        return false;
    memcpy(name, s, nlen);
    name[nlen] = 0;
    if (plus) {
        char *end;
        off = strtoull(plus + 1, &end, 0);
        if (*end)
            return false;
    }
    const char *r = name[0] == '$' ? name + 1 : name;
    if (isdigit((unsigned char)name[0])) {
        char *end;
        base = strtoull(name, &end, 0);
        if (*end)
            return false;
    } else if (strcmp(r, "pc") == 0) {
        base = fe_pc(m, cur);
    } else {
        int reg = -1;
        for (int i = 0; i < 32; i++)
            if (strcmp(r, reg_abi_name[i]) == 0)
                reg = i;
        if (r[0] == 'x' && isdigit((unsigned char)r[1]) && atoi(r + 1) < 32)
            reg = atoi(r + 1);
        if (name[0] == '$' && reg >= 0)
            base = fe_reg(m, cur, reg);
        else if (!fe_symbol_addr(m, name, &base)) {
            if (reg < 0)
                return false;
            base = fe_reg(m, cur, reg);
        }
    }
    *out = base + off;
    return true;
}

/* The ASID in satp when Sv39 is on (FE_ANY_ASID when it is off). */
static uint32_t asid_now(struct machine *m)
{
    uint64_t satp = 0;
    fe_csr(m, cur, CSR_SATP, &satp);
    return SATP_MODE(satp) == SATP_MODE_SV39 ? SATP_ASID(satp) : FE_ANY_ASID;
}

/* " (ASID 3: pid 3 sh)", " (ASID 3)", or nothing for FE_ANY_ASID. */
static void put_asid(struct machine *m, uint32_t asid)
{
    if (asid == FE_ANY_ASID)
        return;
    /* the process the guest kernel last reported running under it (trace device) */
    struct trace_asid_owner p = trace_dev_asid_owner(fe_trace_reports(m), asid);
    if (p.pid)
        printf(" (ASID %u: pid %u %.*s)", asid, p.pid, TRACE_NAME_LEN, p.name);
    else
        printf(" (ASID %u)", asid);
}

/* An optional "asid N" or "pid N" at argv[at] (a pid the guest reported through the
 * trace device stands for its ASID then). FE_ANY_ASID in *asid when absent; false with
 * a message when it is wrong. */
static bool parse_space(struct machine *m, int argc, char **argv, int at, uint32_t *asid)
{
    *asid = FE_ANY_ASID;
    if (argc <= at)
        return true;
    char *end = NULL;
    unsigned long n = argc == at + 2 ? strtoul(argv[at + 1], &end, 0) : 0;
    bool by_pid = strcmp(argv[at], "pid") == 0;
    if ((!by_pid && strcmp(argv[at], "asid") != 0) || argc != at + 2 || *end ||
        n > (by_pid ? UINT32_MAX : 65535)) {
        printf("expected 'asid N' (0..65535) or 'pid N' after the address\n");
        return false;
    }
    if (!by_pid) {
        *asid = (uint32_t)n;
        return true;
    }
    const struct trace_proc *p = trace_dev_proc(fe_trace_reports(m), (uint32_t)n);
    if (!p || p->asid > 65535) {
        printf("pid %lu: %s\n", n, p ? "the guest reported no ASID for it"
               : "no such process reported by the guest kernel (trace device)");
        return false;
    }
    *asid = p->asid;
    return true;
}

void debugger_report_stop(struct machine *m, enum fe_stop why)
{
    if (why == FE_STOP_BREAK || why == FE_STOP_WATCH) {
        cur = fe_stop_hart(m);              /* the hart that stopped is the one to look at */
        if (fe_nharts(m) > 1)
            printf("hart %d: ", cur);
    }
    switch (why) {
    case FE_STOP_BREAK:
        printf("breakpoint at 0x%" PRIx64, fe_stop_addr(m));
        put_location(m, fe_stop_addr(m));
        put_asid(m, asid_now(m));
        printf("\n");
        break;
    case FE_STOP_WATCH:
        printf("watchpoint: %s of 0x%" PRIx64, fe_stop_was_write(m) ? "write" : "read",
               fe_stop_addr(m));
        put_asid(m, asid_now(m));
        printf("\n");
        break;
    case FE_STOP_INTERRUPT:
        printf("stopped");
        put_asid(m, asid_now(m));
        printf("\n");
        break;
    case FE_STOP_EXIT:
        printf("machine powered off (exit status %d)\n", fe_exit_code(m));
        return;
    case FE_STOP_STEP:
        break;
    }
    printf("[%s] ", priv_name[fe_priv(m, cur) & 3]);
    print_insn(m, fe_pc(m, cur));
    fflush(stdout);
}

static void cmd_regs(struct machine *m)
{
    for (int i = 0; i < 32; i++)
        printf("%-4s %016" PRIx64 "%s", reg_abi_name[i], fe_reg(m, cur, i), i % 4 == 3 ? "\n" : "  ");
    printf("pc   %016" PRIx64 "  priv %s  instret %" PRIu64 "\n", fe_pc(m, cur),
           priv_name[fe_priv(m, cur) & 3], fe_instret(m, cur));
}

/* f registers: bits, and the value as a double, or as a single when NaN-boxed. */
static void cmd_fregs(struct machine *m)
{
    for (int i = 0; i < 32; i++) {
        uint64_t v = fe_freg(m, cur, i);
        char val[40];
        if ((v >> 32) == 0xffffffff) {
            uint32_t w = (uint32_t)v;
            float x;
            memcpy(&x, &w, 4);
            snprintf(val, sizeof val, "%.9g (single)", (double)x);
        } else {
            double x;
            memcpy(&x, &v, 8);
            snprintf(val, sizeof val, "%.17g", x);
        }
        if (i % 2 == 0)
            printf("%-4s %016" PRIx64 "  %-24s  ", freg_abi_name[i], v, val);
        else
            printf("%-4s %016" PRIx64 "  %s\n", freg_abi_name[i], v, val);
    }
    uint64_t fcsr = 0;
    fe_csr(m, cur, CSR_FCSR, &fcsr);                 /* fails while FS is Off: shows 0 */
    printf("fcsr %02" PRIx64 "  frm %" PRIu64 "  fflags %02" PRIx64 " (%s%s%s%s%s)\n", fcsr,
           fcsr >> 5, fcsr & 31, fcsr & 16 ? "NV " : "", fcsr & 8 ? "DZ " : "",
           fcsr & 4 ? "OF " : "", fcsr & 2 ? "UF " : "", fcsr & 1 ? "NX" : "");
}

static void cmd_csr(struct machine *m, const char *arg)
{
    if (!arg || strcmp(arg, "all") == 0) {
        for (int c = 0; c < 4096; c++) {
            const char *n = csr_name(c);
            uint64_t v;
            if (!n || !fe_csr(m, cur, c, &v))
                continue;
            if (!arg && strncmp(n, "pmp", 3) == 0)
                continue;
            if ((strncmp(n, "pmp", 3) == 0 || strstr(n, "hpm")) && v == 0)
                continue;
            printf("%-14s %016" PRIx64 "\n", n, v);
        }
        return;
    }
    char *end;
    int c = (int)strtol(arg, &end, 0);
    if (*end)
        c = csr_by_name(arg);
    uint64_t v;
    if (c < 0 || !fe_csr(m, cur, c, &v)) {
        printf("unknown CSR '%s'\n", arg);
        return;
    }
    const char *n = csr_name(c);
    printf("%s (0x%03x) = 0x%016" PRIx64 "\n", n ? n : "csr", c, v);
}

static void dump(uint64_t addr, const uint8_t *b, size_t got, size_t want)
{
    for (size_t i = 0; i < want; i += 16) {
        printf("%016" PRIx64 ": ", addr + i);
        for (size_t j = i; j < i + 16; j++) {
            if (j < got)
                printf("%02x ", b[j]);
            else if (j < want)
                printf("-- ");
            else
                printf("   ");
        }
        printf(" |");
        for (size_t j = i; j < i + 16 && j < want; j++)
            putchar(j < got && isprint(b[j]) ? b[j] : '.');
        printf("|\n");
    }
    if (got < want)
        printf("(0x%" PRIx64 ": not mapped or not memory)\n", addr + got);
}

static void cmd_mem(struct machine *m, const char *a1, const char *a2, bool phys)
{
    uint64_t addr, n = 64;
    if (!a1 || !debugger_parse_addr(m, a1, &addr)) {
        printf("usage: %s ADDR [n]\n", phys ? "pmem" : "mem");
        return;
    }
    if (a2)
        n = strtoull(a2, NULL, 0);
    if (n == 0 || n > 65536)
        n = 64;
    uint8_t *b = malloc(n);
    size_t got = phys ? fe_read_phys(m, addr, b, n) : fe_read_virt(m, cur, addr, b, n);
    dump(addr, b, got, n);
    free(b);
}

static const char *cause_name(uint64_t cause)
{
    static char b[64];
    snprintf(b, sizeof b, "%s (cause %u)", fe_exception_name(cause), (unsigned)cause);
    return b;
}

static void pte_flags(uint64_t pte, char *out)
{
    const char *f = "VRWXUGAD";
    for (int i = 0; i < 8; i++)
        out[i] = (pte >> i) & 1 ? f[i] : '-';
    out[8] = 0;
}

/* translate VA [load|store|fetch] [asid N|pid N]: the walk the hart would make now,
 * or one through another address space's page tables (the satp last written with that
 * ASID) as its user-mode code would make it. pc alone is a fetch. */
static void cmd_translate(struct machine *m, int argc, char **argv)
{
    uint64_t va;
    if (argc < 2 || !debugger_parse_addr(m, argv[1], &va)) {
        printf("usage: translate VA [load|store|fetch] [asid N|pid N]\n");
        return;
    }
    int at = 2;
    int kind = strcmp(argv[1], "pc") == 0 || strcmp(argv[1], "$pc") == 0 ? ACC_FETCH : ACC_LOAD;
    if (argc > 2 && (strcmp(argv[2], "load") == 0 || strcmp(argv[2], "store") == 0 ||
                     strcmp(argv[2], "fetch") == 0)) {
        kind = argv[2][0] == 'l' ? ACC_LOAD : argv[2][0] == 's' ? ACC_STORE : ACC_FETCH;
        at = 3;
    }
    uint32_t asid;
    if (!parse_space(m, argc, argv, at, &asid))
        return;
    struct walk_trace tr;
    uint64_t satp = 0;
    bool ok;
    int priv;
    if (asid != FE_ANY_ASID) {
        if (!fe_asid_satp(m, (uint16_t)asid, &satp)) {
            printf("ASID %u: satp never held it with Sv39 on, so its page tables are not "
                   "known\n", asid);
            return;
        }
        priv = PRV_U;
        ok = fe_translate_satp(m, cur, satp, va, kind, priv, &tr);
    } else {
        fe_csr(m, cur, CSR_SATP, &satp);
        ok = fe_translate(m, cur, va, kind, &tr);
        priv = fe_access_priv(m, cur, kind);
    }
    if (asid == FE_ANY_ASID && !fe_translated(m, cur, kind)) {
        printf("0x%" PRIx64 ": no translation (%s, satp mode %s): PA 0x%" PRIx64 "\n", va,
               priv == PRV_M ? "M-mode" : "S/U", (satp >> 60) == 8 ? "Sv39" : "Bare", va);
        return;
    }
    printf("0x%" PRIx64 " (%s as %s, %ssatp 0x%016" PRIx64 ": ASID %u, root PPN 0x%" PRIx64 ")",
           va, kind == ACC_FETCH ? "fetch" : kind == ACC_LOAD ? "load" : "store",
           priv_name[priv], asid == FE_ANY_ASID ? "" : "the last ", satp,
           (unsigned)SATP_ASID(satp), (uint64_t)SATP_PPN(satp));
    struct trace_asid_owner owner = trace_dev_asid_owner(fe_trace_reports(m), SATP_ASID(satp));
    if (owner.pid)
        printf(" pid %u %.*s", owner.pid, TRACE_NAME_LEN, owner.name);
    printf("\n");
    printf("  VPN[2]=%" PRIu64 " VPN[1]=%" PRIu64 " VPN[0]=%" PRIu64 " offset 0x%03" PRIx64 "\n",
           (va >> 30) & 511, (va >> 21) & 511, (va >> 12) & 511, va & 0xfff);
    for (int i = 0; i < tr.nlevels; i++) {
        char fl[9];
        pte_flags(tr.pte[i], fl);
        int level = 2 - i;
        printf("  level %d: PTE @ 0x%016" PRIx64 " = 0x%016" PRIx64 " [%s] PPN 0x%" PRIx64,
               level, tr.pte_addr[i], tr.pte[i], fl,
               (uint64_t)((tr.pte[i] >> 10) & ((1ull << 44) - 1)));
        if (i == tr.nlevels - 1 && tr.leaf_level == level)
            printf(" (leaf: %s page)", level == 2 ? "1 GiB" : level == 1 ? "2 MiB" : "4 KiB");
        printf("\n");
    }
    if (ok)
        printf("  -> PA 0x%016" PRIx64 "\n", tr.pa);
    else
        printf("  -> %s: %s\n", cause_name(tr.cause), tr.why ? tr.why : "");
}

static void cmd_tlb(struct machine *m, const char *which)
{
    static const char *const names[TLB_COUNT] = { "itlb", "dtlb", "l2" };
    const struct tlb_set *s = fe_tlbs(m, cur);
    for (int i = 0; i < TLB_COUNT; i++) {
        if ((i == TLB_L2 && !s->has_l2) || (which && strcmp(which, names[i]) != 0))
            continue;
        const struct tlb *t = &s->tlb[i];
        int valid = 0;
        for (int k = 0; k < t->cfg.entries; k++)
            valid += t->e[k].valid;
        printf("%s: %d entries, %d ways, %s; %d valid\n", names[i], t->cfg.entries,
               t->cfg.ways, tlb_policy_name(t->cfg.policy), valid);
        for (int k = 0; k < t->cfg.entries; k++) {
            const struct tlb_entry *e = &t->e[k];
            if (!e->valid)
                continue;
            char fl[9];
            pte_flags(e->perm | PTE_V, fl);
            uint64_t va = e->vpn << PAGE_SHIFT;
            if (va & (1ull << 38))
                va |= ~((1ull << 39) - 1);
            printf("  [%3d/%2d] VA 0x%016" PRIx64 " -> PA 0x%010" PRIx64 "  %s  ASID %5u  %s\n",
                   k / t->cfg.ways, k % t->cfg.ways, va, e->ppn << PAGE_SHIFT,
                   e->level == 2 ? "1G" : e->level == 1 ? "2M" : "4K", e->asid, fl);
        }
    }
}

static void cmd_breakpoints(struct machine *m)
{
    struct fe_break brk[FE_MAX_BREAK];
    struct fe_watch w[FE_MAX_WATCH];
    int nbreak = fe_breakpoints(m, brk, FE_MAX_BREAK), nwatch = fe_watchpoints(m, w, FE_MAX_WATCH);
    if (!nbreak && !nwatch)
        printf("no breakpoints or watchpoints\n");
    for (int i = 0; i < nbreak && i < FE_MAX_BREAK; i++) {
        printf("breakpoint 0x%016" PRIx64, brk[i].va);
        put_location(m, brk[i].va);
        put_asid(m, brk[i].asid);
        printf("%s\n", tbreak_set && tbreak_addr == brk[i].va && tbreak_asid == brk[i].asid
                       ? " (temporary)" : "");
    }
    for (int i = 0; i < nwatch && i < FE_MAX_WATCH; i++) {
        printf("watchpoint 0x%016" PRIx64 " len %" PRIu64 " (%s%s)", w[i].va, w[i].len,
               w[i].on_read ? "r" : "", w[i].on_write ? "w" : "");
        put_asid(m, w[i].asid);
        printf("\n");
    }
}

/* info harts: every hart's pc, privilege and state; * marks the selected one. */
static void cmd_harts(struct machine *m)
{
    for (int i = 0; i < fe_nharts(m); i++) {
        uint64_t pc = fe_pc(m, i);
        printf("%c hart %d  pc 0x%016" PRIx64 "  %s-mode  %-7s instret %" PRIu64, i == cur ? '*' : ' ',
               i, pc, priv_name[fe_priv(m, i) & 3], fe_wfi(m, i) ? "wfi" : "running",
               fe_instret(m, i));
        put_location(m, pc);
        printf("\n");
    }
}

static void help(void)
{
    printf(
"step [n]        (s)  execute n instructions (Enter repeats)\n"
"next            (n)  step over a call\n"
"continue        (c)  run until a breakpoint, watchpoint, Ctrl-C or power-off\n"
"until ADDR      (u)  run until pc reaches ADDR\n"
"break ADDR [asid N|pid N]  (b)  set a breakpoint (address, symbol[+off], register),\n"
"                     only in that address space when given (pid: as the guest reports)\n"
"tbreak ADDR [asid N|pid N]  set a one-time breakpoint\n"
"delete [ADDR]   (d)  delete a breakpoint/watchpoint, or all\n"
"breakpoints          list breakpoints and watchpoints (also: info breakpoints)\n"
"watch VA [len] [asid N|pid N]  stop after a write to [VA, VA+len) (default len 8)\n"
"rwatch VA [len] [asid N|pid N]  stop after a read of [VA, VA+len)\n"
"regs [f]        (r)  integer registers and pc (also: info registers); f: f registers too\n"
"hart [N]             select hart N (every command applies to it), or show it\n"
"info harts           every hart: pc, privilege, running or waiting (wfi)\n"
"fregs                f registers (hex, and the double or boxed single), fcsr\n"
"csr NAME|all         one CSR, or all of them\n"
"mem VA [n]      (x)  n bytes at virtual VA (hex + ASCII), no side effects\n"
"pmem PA [n]          n bytes at physical PA\n"
"disas [ADDR] [n]     disassemble n instructions (default: at pc)\n"
"translate VA [load|store|fetch] [asid N|pid N]  (t)  the Sv39 walk of VA, level by\n"
"                     level (pc: a fetch); asid/pid: through that address space's tables\n"
"tlb [itlb|dtlb|l2]   valid TLB entries\n"
"stats [reset]        statistics so far; reset: count from here (one phase)\n"
"screenshot FILE      render the panel into FILE (PNG), window or not\n"
"sym ADDR             symbol at ADDR (also: info symbol ADDR)\n"
"sym FILE [OFFSET]    load symbols from an ELF, shifted by OFFSET\n"
"log on|off           print each executed instruction (Spike -l format)\n"
"quit            (q)  stop the emulator\n");
}

static void do_step(struct machine *m, uint64_t n, bool *resumed)
{
    enum fe_stop why = fe_run(m, cur, n);
    *resumed = false;
    if (why == FE_STOP_STEP)
        debugger_report_stop(m, FE_STOP_STEP);
    else
        debugger_report_stop(m, why);
}

static void do_continue(struct machine *m, bool *resumed)
{
    enum fe_stop why = fe_run(m, -1, UINT64_MAX);
    if (tbreak_set && why == FE_STOP_BREAK && fe_stop_addr(m) == tbreak_addr) {
        fe_break_del(m, tbreak_addr, tbreak_asid);
        tbreak_set = false;
    }
    *resumed = false;
    debugger_report_stop(m, why);
}

bool debugger_command(struct machine *m, const char *line, bool *resumed)
{
    char buf[256], *argv[6] = { 0 };
    int argc = 0;
    *resumed = false;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *save = NULL, *tok = strtok_r(buf, " \t\n", &save); tok && argc < 6;
         tok = strtok_r(NULL, " \t\n", &save))
        argv[argc++] = tok;
    if (argc == 0)
        return false;
    const char *c = argv[0];
    uint64_t a;
    if (strcmp(c, "info") == 0 && argc >= 2) {
        if (strncmp(argv[1], "reg", 3) == 0)
            c = "regs";
        else if (argv[1][0] == 'b')
            c = "breakpoints";
        else if (strcmp(argv[1], "harts") == 0)
            c = "harts";
        else if (strncmp(argv[1], "sym", 3) == 0) {
            c = "sym";
            argv[1] = argv[2];
            argc--;
        }
    }
#define IS(long_, short_) (strcmp(c, long_) == 0 || (short_ && strcmp(c, short_ ? short_ : "") == 0))
    if (IS("help", "h") || strcmp(c, "?") == 0) {
        help();
    } else if (IS("quit", "q") || strcmp(c, "exit") == 0) {
        return true;
    } else if (IS("step", "s") || IS("stepi", "si")) {
        uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
        do_step(m, n ? n : 1, resumed);
    } else if (IS("next", "n")) {
        uint8_t b[4] = { 0 };
        uint64_t pc = fe_pc(m, cur);
        fe_read_virt(m, cur, pc, b, 4);
        uint32_t raw = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
                       ((uint32_t)b[3] << 24);
        struct dinsn d;
        /* A call: jal/jalr (or c.jalr) that links into ra. */
        bool call = insn_decode(raw, &d) && d.rd == 1 &&
                    (strcmp(insn_table[d.op].name, "jal") == 0 ||
                     strcmp(insn_table[d.op].name, "jalr") == 0 ||
                     strcmp(insn_table[d.op].name, "c.jalr") == 0);
        if (call) {
            /* the return in this address space, not another process's at that VA */
            uint64_t ret = pc + d.len;
            uint32_t asid = asid_now(m);
            bool had = fe_break_at(m, ret, asid);
            fe_break_add(m, ret, asid);
            enum fe_stop why = fe_run(m, cur, UINT64_MAX);
            if (!had)
                fe_break_del(m, ret, asid);
            debugger_report_stop(m, why == FE_STOP_BREAK && fe_stop_addr(m) == ret
                                    ? FE_STOP_STEP : why);
        } else {
            do_step(m, 1, resumed);
        }
    } else if (IS("continue", "c")) {
        do_continue(m, resumed);
    } else if (IS("until", "u")) {
        if (argc < 2 || !debugger_parse_addr(m, argv[1], &a)) {
            printf("usage: until ADDR\n");
        } else {
            tbreak_addr = a;
            tbreak_asid = FE_ANY_ASID;
            tbreak_set = fe_break_add(m, a, FE_ANY_ASID);
            do_continue(m, resumed);
        }
    } else if (IS("break", "b") || IS("tbreak", NULL)) {
        uint32_t asid;
        if (argc < 2 || !debugger_parse_addr(m, argv[1], &a)) {
            printf("usage: %s ADDR|SYMBOL [asid N|pid N]\n", c);
        } else if (!parse_space(m, argc, argv, 2, &asid)) {
            ;
        } else if (!fe_break_add(m, a, asid)) {
            printf("too many breakpoints\n");
        } else {
            if (c[0] == 't') {
                tbreak_addr = a;
                tbreak_asid = asid;
                tbreak_set = true;
            }
            printf("breakpoint at 0x%" PRIx64, a);
            put_location(m, a);
            put_asid(m, asid);
            printf("\n");
        }
    } else if (IS("delete", "d")) {
        if (argc < 2 || strcmp(argv[1], "all") == 0) {
            fe_points_clear(m);
            tbreak_set = false;
        } else if (!debugger_parse_addr(m, argv[1], &a)) {
            printf("no breakpoint or watchpoint at %s\n", argv[1]);
        } else {
            /* every breakpoint at a, whatever its ASID, or else a watchpoint there */
            struct fe_break brk[FE_MAX_BREAK];
            int n = fe_breakpoints(m, brk, FE_MAX_BREAK);
            bool found = false;
            for (int i = 0; i < n && i < FE_MAX_BREAK; i++)
                if (brk[i].va == a)
                    found |= fe_break_del(m, a, brk[i].asid);
            if (!found && !fe_watch_del(m, a, 0))
                printf("no breakpoint or watchpoint at %s\n", argv[1]);
        }
    } else if (IS("breakpoints", NULL)) {
        cmd_breakpoints(m);
    } else if (IS("watch", NULL) || IS("rwatch", NULL) || IS("awatch", NULL)) {
        /* VA [len] [asid N|pid N] */
        bool has_len = argc > 2 && isdigit((unsigned char)argv[2][0]);
        uint64_t len = has_len ? strtoull(argv[2], NULL, 0) : 8;
        uint32_t asid;
        if (argc < 2 || !debugger_parse_addr(m, argv[1], &a) || len == 0)
            printf("usage: %s VA [len] [asid N|pid N]\n", c);
        else if (!parse_space(m, argc, argv, has_len ? 3 : 2, &asid))
            ;
        else if (!fe_watch_add(m, a, len, c[0] != 'w', c[0] != 'r', asid))
            printf("too many watchpoints\n");
        else {
            printf("watchpoint on 0x%" PRIx64 " (%" PRIu64 " bytes)", a, len);
            put_asid(m, asid);
            printf("\n");
        }
    } else if (IS("regs", "r")) {
        cmd_regs(m);
        if (argc > 1 && strcmp(argv[1], "f") == 0)
            cmd_fregs(m);
    } else if (IS("harts", NULL)) {
        cmd_harts(m);
    } else if (IS("hart", NULL)) {
        char *end = NULL;
        long n = argc > 1 ? strtol(argv[1], &end, 0) : cur;
        if (argc > 1 && (*end || n < 0 || n >= fe_nharts(m))) {
            printf("no hart %s (harts 0..%d)\n", argv[1], fe_nharts(m) - 1);
        } else {
            cur = (int)n;
            printf("hart %d: ", cur);
            debugger_report_stop(m, FE_STOP_STEP);
        }
    } else if (IS("fregs", NULL)) {
        cmd_fregs(m);
    } else if (IS("csr", NULL)) {
        cmd_csr(m, argc > 1 ? argv[1] : NULL);
    } else if (IS("mem", "x")) {
        cmd_mem(m, argv[1], argc > 2 ? argv[2] : NULL, false);
    } else if (IS("pmem", NULL)) {
        cmd_mem(m, argv[1], argc > 2 ? argv[2] : NULL, true);
    } else if (IS("disas", "dis")) {
        a = fe_pc(m, cur);
        if (argc > 1 && !debugger_parse_addr(m, argv[1], &a)) {
            printf("usage: disas [ADDR] [n]\n");
            return false;
        }
        uint64_t n = argc > 2 ? strtoull(argv[2], NULL, 0) : 10;
        for (uint64_t i = 0; i < n && i < 1000; i++)
            a += (uint64_t)print_insn(m, a);
    } else if (IS("translate", "t")) {
        cmd_translate(m, argc, argv);
    } else if (IS("tlb", NULL)) {
        cmd_tlb(m, argc > 1 ? argv[1] : NULL);
    } else if (IS("stats", NULL)) {
        if (argc > 1 && strcmp(argv[1], "reset") == 0) {
            fe_stats_reset(m);
            printf("statistics count from here\n");
        } else if (argc > 1) {
            printf("usage: stats [reset]\n");
        } else {
            fe_stats(m, stdout);
        }
    } else if (IS("screenshot", NULL)) {
        char err[256];
        if (argc < 2)
            printf("usage: screenshot FILE\n");
        else if (fe_screenshot(m, argv[1], err, sizeof err))
            printf("panel written to %s\n", argv[1]);
        else
            printf("%s\n", err);
    } else if (IS("sym", NULL)) {
        if (argc < 2) {
            printf("usage: sym ADDR | sym FILE [OFFSET]\n");
        } else if (access(argv[1], R_OK) == 0) {
            char err[256];
            uint64_t off = argc > 2 ? strtoull(argv[2], NULL, 0) : 0;
            if (fe_add_symbols(m, argv[1], off, err, sizeof err))
                printf("symbols added from %s\n", argv[1]);
            else
                printf("%s\n", err);
        } else if (!debugger_parse_addr(m, argv[1], &a)) {
            printf("no symbol or address '%s'\n", argv[1]);
        } else {
            uint64_t off;
            const char *s = fe_symbol(m, a, &off);
            if (s)
                printf("0x%" PRIx64 " is %s+0x%" PRIx64 "\n", a, s, off);
            else
                printf("no symbol matches 0x%" PRIx64 "\n", a);
        }
    } else if (IS("log", NULL)) {
        bool on = argc > 1 && strcmp(argv[1], "on") == 0;
        fe_log(m, stdout, on);
        printf("instruction log %s\n", on ? "on" : "off");
    } else {
        printf("unknown command '%s' (try help)\n", c);
    }
#undef IS
    fflush(stdout);
    return false;
}

/* "(pagoda) ", or with several harts "(pagoda hart N) ", N the selected one. */
static const char *prompt(struct machine *m)
{
    static char buf[32];
    if (fe_nharts(m) == 1)
        return "(pagoda) ";
    snprintf(buf, sizeof buf, "(pagoda hart %d) ", cur);
    return buf;
}

static char *read_line(struct machine *m, const char *script_path, bool tty)
{
    static char buf[512];
    if (!script && script_path && !(script = fopen(script_path, "r"))) {
        fprintf(stderr, "pagoda: --script %s: cannot open\n", script_path);
        return NULL;
    }
    FILE *in = script ? script : (tty ? NULL : stdin);
    if (!in) {
        char *l = readline(prompt(m));
        if (!l)
            return NULL;
        if (*l)
            add_history(l);
        snprintf(buf, sizeof buf, "%s", l);
        free(l);
        return buf;
    }
    if (!fgets(buf, sizeof buf, in))
        return NULL;
    printf("%s%s", prompt(m), buf);
    if (!strchr(buf, '\n'))
        printf("\n");
    return buf;
}

bool debugger_repl(struct machine *m, const char *script_path, bool tty)
{
    static bool banner;
    if (!banner) {
        banner = true;
        printf("pagoda debugger: 'help' lists the commands\n");
        debugger_report_stop(m, FE_STOP_STEP);
    }
    for (;;) {
        fflush(stdout);
        char *line = read_line(m, script_path, tty);
        if (!line)
            return true;                        /* end of input: quit */
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p) {
            if (!last_cmd[0])
                continue;
            p = last_cmd;
        } else if (strncmp(p, "s", 1) == 0 || strncmp(p, "n", 1) == 0) {
            snprintf(last_cmd, sizeof last_cmd, "%s", p);
        } else {
            last_cmd[0] = 0;
        }
        bool resumed;
        if (debugger_command(m, p, &resumed))
            return true;
        if (fe_quitting(m))
            return true;
    }
}
