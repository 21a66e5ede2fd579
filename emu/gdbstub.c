/* GDB remote serial protocol over TCP (see "Remote Protocol" in the GDB manual):
 * packet framing with acks, the target description for riscv:rv64, registers and
 * CSRs, memory through the current translation, breakpoints and watchpoints as the
 * emulator's own (guest memory is never patched), and the all-stop run loop.
 * Whatever arrives on the socket is untrusted: a bad packet gets an error reply and
 * the stub goes on serving. */
#define _GNU_SOURCE             /* accept4 */
#include "gdbstub.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "csr.h"
#include "disas.h"
#include "frontend.h"

#define PACKET_SIZE  0x4000               /* advertised PacketSize: longest packet taken */
#define MEM_XFER_MAX (PACKET_SIZE / 2 - 64) /* bytes per m, M or X */
#define MAX_POINTS   (FE_MAX_BREAK + FE_MAX_WATCH)

/* Remote register numbers, as OpenOCD and GDB's default RISC-V numbering:
 * x0..x31, pc, f0..f31, CSR n at 65 + n (fflags, frm, fcsr among them), priv. */
#define REGNUM_PC    32
#define REGNUM_F0    33
#define REGNUM_CSR0  65
#define REGNUM_PRIV  (REGNUM_CSR0 + 4096)
#define NREGS_G      33                   /* what g and G carry: x0..x31 and pc */

enum action { ACT_NONE, ACT_CONTINUE, ACT_STEP, ACT_DETACH, ACT_KILL };
enum { RX_IDLE, RX_DATA, RX_CK1, RX_CK2 };
/* Z/z types */
enum { PT_SWBREAK, PT_HWBREAK, PT_WATCH_WRITE, PT_WATCH_READ, PT_WATCH_ACCESS };

struct point {
    int type;
    uint64_t addr, len;
};

struct gdbstub {
    struct machine *m;
    int listen_fd;
    int fd;                     /* the client, or -1 */
    bool attached;              /* a client is connected and has not detached */
    bool no_ack;                /* QStartNoAckMode */
    bool stop_asked;            /* we stopped the machine: a new client or Ctrl-C */
    bool stop_ctrl_c;           /* ... and it was Ctrl-C, which gets a stop reply */
    bool pending_ctrl_c;        /* Ctrl-C arrived right behind a resume packet */

    uint8_t in[PACKET_SIZE];    /* received, not yet framed */
    size_t in_pos, in_len;

    int rx;                     /* framing state, RX_* */
    uint8_t pkt[PACKET_SIZE + 1];
    size_t pkt_len;
    bool pkt_overflow;          /* longer than PACKET_SIZE: rejected */
    uint8_t sum, ck;

    char reply[2 * PACKET_SIZE + 64];
    size_t reply_len;
    bool reply_overflow;
    char sent[2 * PACKET_SIZE + 80];    /* last packet, resent on '-' */
    size_t sent_len;
    char stop_reply[96];        /* the answer to '?' */

    struct point pt[MAX_POINTS];
    int npt;

    /* Each hart is a thread, id hart + 1. hg: the hart registers and memory are read
     * and written through (Hg); hc: the hart a step steps (Hc, vCont;s:TID); cur: the
     * hart the last stop was about, which gdb takes as its current thread. */
    int hg, hc, cur;
    int run;                    /* the hart a resume runs, or -1 for every hart */

    char *xml;                  /* target description */
    size_t xml_len;
};

/* ---- socket ---- */

/* Splits "tcp:[HOST]:PORT" into host (empty when absent) and port. */
static bool parse_spec(const char *spec, char *host, size_t hostlen, long *port)
{
    if (strncmp(spec, "tcp:", 4) != 0)
        return false;
    const char *h = spec + 4, *colon = strrchr(h, ':');
    if (!colon || (size_t)(colon - h) >= hostlen || !colon[1])
        return false;
    char *end;
    errno = 0;
    *port = strtol(colon + 1, &end, 10);
    if (errno || *end || *port < 0 || *port > 65535 || colon[1] == '-' || colon[1] == '+')
        return false;
    size_t n = (size_t)(colon - h);
    if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {       /* [::1] */
        h++;
        n -= 2;
    }
    memcpy(host, h, n);
    host[n] = 0;
    return true;
}

/* The TCP port the socket fd is bound to. */
static int bound_port(int fd)
{
    struct sockaddr_storage sa;
    socklen_t len = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        return -1;
    return sa.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&sa)->sin6_port)
                                    : ntohs(((struct sockaddr_in *)&sa)->sin_port);
}

static int listen_on(const char *spec)
{
    char host[256], port_s[16];
    long port;
    if (!parse_spec(spec, host, sizeof host, &port)) {
        fprintf(stderr, "pagoda: -gdb %s: expected tcp::PORT or tcp:HOST:PORT\n", spec);
        return -1;
    }
    snprintf(port_s, sizeof port_s, "%ld", port);
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV }, *res, *ai;
    int e = getaddrinfo(host[0] ? host : "127.0.0.1", port_s, &hints, &res);
    if (e) {
        fprintf(stderr, "pagoda: -gdb %s: %s\n", spec, gai_strerror(e));
        return -1;
    }
    int fd = -1, err = 0;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            err = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0)
            break;
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        fprintf(stderr, "pagoda: -gdb %s: %s\n", spec, strerror(err));
        return -1;
    }
    if (port == 0)
        fprintf(stderr, "pagoda: gdb stub listening on port %d\n", bound_port(fd));
    return fd;
}

/* The target description: riscv:rv64, the x registers and pc, every CSR the
 * emulator implements, and gdb's virtual "priv" register. */
static bool build_target_xml(struct gdbstub *g)
{
    FILE *f = open_memstream(&g->xml, &g->xml_len);
    if (!f)
        return false;
    fprintf(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
               "<target version=\"1.0\">\n<architecture>riscv:rv64</architecture>\n"
               "<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (int r = 0; r < 32; r++)
        fprintf(f, "<reg name=\"%s\" bitsize=\"64\" regnum=\"%d\" type=\"%s\"/>\n",
                r == 8 ? "fp" : reg_abi_name[r], r,
                r == 1 ? "code_ptr" : r == 2 ? "data_ptr" : "int");
    fprintf(f, "<reg name=\"pc\" bitsize=\"64\" regnum=\"%d\" type=\"code_ptr\"/>\n"
               "</feature>\n<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
               "<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/>"
               "<field name=\"double\" type=\"ieee_double\"/></union>\n", REGNUM_PC);
    for (int r = 0; r < 32; r++)
        fprintf(f, "<reg name=\"%s\" bitsize=\"64\" regnum=\"%d\" type=\"riscv_double\" "
                   "group=\"float\"/>\n", freg_abi_name[r], REGNUM_F0 + r);
    for (int c = CSR_FFLAGS; c <= CSR_FCSR; c++)
        fprintf(f, "<reg name=\"%s\" bitsize=\"64\" regnum=\"%d\" type=\"int\" "
                   "group=\"float\"/>\n", csr_name(c), REGNUM_CSR0 + c);
    fprintf(f, "</feature>\n<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for (int c = 0; c < 4096; c++) {
        uint64_t v;
        const char *name = csr_name(c);
        if (c >= CSR_FFLAGS && c <= CSR_FCSR)
            continue;                       /* in the fpu feature */
        if (name && fe_csr(g->m, 0, c, &v))
            fprintf(f, "<reg name=\"%s\" bitsize=\"64\" regnum=\"%d\" type=\"int\" "
                       "group=\"csr\"/>\n", name, REGNUM_CSR0 + c);
    }
    fprintf(f, "</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
               "<reg name=\"priv\" bitsize=\"64\" regnum=\"%d\" type=\"int\"/>\n"
               "</feature>\n</target>\n", REGNUM_PRIV);
    return fclose(f) == 0;
}

struct gdbstub *gdbstub_open(struct machine *m, const char *spec)
{
    struct gdbstub *g = calloc(1, sizeof *g);
    if (!g) {
        fprintf(stderr, "pagoda: -gdb %s: out of memory\n", spec);
        return NULL;
    }
    g->m = m;
    g->fd = -1;
    g->run = -1;
    g->listen_fd = listen_on(spec);
    if (g->listen_fd < 0 || !build_target_xml(g)) {
        if (g->listen_fd >= 0)
            fprintf(stderr, "pagoda: -gdb %s: cannot build the target description\n", spec);
        gdbstub_close(g);
        return NULL;
    }
    return g;
}

void gdbstub_close(struct gdbstub *g)
{
    if (!g)
        return;
    if (g->fd >= 0)
        close(g->fd);
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    free(g->xml);
    free(g);
}

/* ---- breakpoints and watchpoints ---- */

static bool is_break(int type) { return type == PT_SWBREAK || type == PT_HWBREAK; }

static struct point *point_find(struct gdbstub *g, int type, uint64_t addr, uint64_t len)
{
    for (int i = 0; i < g->npt; i++)
        if (g->pt[i].type == type && g->pt[i].addr == addr &&
            (is_break(type) || g->pt[i].len == len))
            return &g->pt[i];
    return NULL;
}

static bool point_add(struct gdbstub *g, int type, uint64_t addr, uint64_t len)
{
    if (point_find(g, type, addr, len))
        return true;                    /* gdb may insert the same point again */
    if (g->npt == MAX_POINTS)
        return false;
    bool ok = is_break(type)
        ? fe_break_add(g->m, addr, FE_ANY_ASID)
        : fe_watch_add(g->m, addr, len, type != PT_WATCH_WRITE, type != PT_WATCH_READ,
                       FE_ANY_ASID);
    if (ok)
        g->pt[g->npt++] = (struct point){ type, addr, len };
    return ok;
}

/* The front end keeps one breakpoint per address and deletes watchpoints by address
 * and length only, so a point shared by two of ours is rebuilt from what remains. */
static void point_remove(struct gdbstub *g, struct point *p)
{
    struct point gone = *p;
    *p = g->pt[--g->npt];
    if (is_break(gone.type)) {
        for (int i = 0; i < g->npt; i++)
            if (is_break(g->pt[i].type) && g->pt[i].addr == gone.addr)
                return;
        fe_break_del(g->m, gone.addr, FE_ANY_ASID);
        return;
    }
    while (fe_watch_del(g->m, gone.addr, gone.len))
        ;
    for (int i = 0; i < g->npt; i++) {
        struct point *q = &g->pt[i];
        if (!is_break(q->type) && q->addr == gone.addr && q->len == gone.len)
            fe_watch_add(g->m, q->addr, q->len, q->type != PT_WATCH_WRITE,
                         q->type != PT_WATCH_READ, FE_ANY_ASID);
    }
}

static void points_clear(struct gdbstub *g)
{
    while (g->npt)
        point_remove(g, &g->pt[g->npt - 1]);
}

/* ---- packets out ---- */

static void client_gone(struct gdbstub *g);

static void write_all(struct gdbstub *g, const void *buf, size_t len)
{
    const char *p = buf;
    while (g->fd >= 0 && len) {
        ssize_t n = send(g->fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            client_gone(g);
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

static void send_ack(struct gdbstub *g, char c)
{
    if (!g->no_ack)
        write_all(g, &c, 1);
}

static void send_packet(struct gdbstub *g, const char *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    uint8_t sum = 0;
    if (len > sizeof g->sent - 4)
        len = 0;                        /* cannot happen: replies are bounded */
    g->sent[0] = '$';
    for (size_t i = 0; i < len; i++) {
        g->sent[1 + i] = data[i];
        sum += (uint8_t)data[i];
    }
    g->sent[1 + len] = '#';
    g->sent[2 + len] = hex[sum >> 4];
    g->sent[3 + len] = hex[sum & 15];
    g->sent_len = len + 4;
    write_all(g, g->sent, g->sent_len);
}

static void send_str(struct gdbstub *g, const char *s) { send_packet(g, s, strlen(s)); }

/* The reply under construction; anything that does not fit turns it into an error. */
static void reply_reset(struct gdbstub *g)
{
    g->reply_len = 0;
    g->reply_overflow = false;
}

static void put(struct gdbstub *g, const char *s, size_t n)
{
    if (n > sizeof g->reply - g->reply_len) {
        g->reply_overflow = true;
        return;
    }
    memcpy(g->reply + g->reply_len, s, n);
    g->reply_len += n;
}

static void put_str(struct gdbstub *g, const char *s) { put(g, s, strlen(s)); }

static void put_hex_bytes(struct gdbstub *g, const uint8_t *b, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        char two[2] = { hex[b[i] >> 4], hex[b[i] & 15] };
        put(g, two, 2);
    }
}

/* A register's value in target (little-endian) byte order. */
static void put_reg(struct gdbstub *g, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    put_hex_bytes(g, b, 8);
}

/* Binary data for qXfer: '#', '$', '}' and '*' go as '}' and the byte xor 0x20. */
static void put_binary(struct gdbstub *g, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '#' || c == '$' || c == '}' || c == '*') {
            char esc[2] = { '}', (char)(c ^ 0x20) };
            put(g, esc, 2);
        } else {
            put(g, &c, 1);
        }
    }
}

static void reply_send(struct gdbstub *g)
{
    if (g->reply_overflow)
        send_str(g, "E01");
    else
        send_packet(g, g->reply, g->reply_len);
}

/* ---- parsing what gdb sent ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One to sixteen hex digits at *p; advances *p past them. */
static bool parse_hex(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    int n = 0;
    while (hexval(*s) >= 0) {
        if (++n > 16)
            return false;
        x = (x << 4) | (uint64_t)hexval(*s++);
    }
    if (n == 0)
        return false;
    *p = s;
    *v = x;
    return true;
}

/* "ADDR,LEN" followed by the character end. */
static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len, char end)
{
    if (!parse_hex(p, addr) || **p != ',')
        return false;
    (*p)++;
    if (!parse_hex(p, len) || **p != end)
        return false;
    return true;
}

/* Exactly 2 * n hex digits into bytes. */
static bool parse_hex_bytes(const char *s, size_t slen, uint8_t *out, size_t n)
{
    if (slen != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static bool parse_reg(const char *s, size_t slen, uint64_t *v)
{
    uint8_t b[8];
    if (!parse_hex_bytes(s, slen, b, 8))
        return false;
    *v = 0;
    for (int i = 0; i < 8; i++)
        *v |= (uint64_t)b[i] << (8 * i);
    return true;
}

/* A thread id gdb names: -1 (all), 0 (any) or a hart's (hart + 1), optionally in the
 * multiprocess form p1.TID. Returns the id, or -2 when it names no thread of ours. */
static int parse_thread(struct gdbstub *g, const char *s)
{
    uint64_t t;
    if (strncmp(s, "p1.", 3) == 0)
        s += 3;
    if (strcmp(s, "-1") == 0)
        return -1;
    if (!parse_hex(&s, &t) || *s || t > (uint64_t)fe_nharts(g->m))
        return -2;
    return (int)t;
}

/* The hart a thread id stands for: its own, or for "all" and "any" the current one. */
static int thread_hart(struct gdbstub *g, int tid)
{
    return tid > 0 ? tid - 1 : g->cur;
}

/* ---- registers ---- */

static bool reg_read(struct machine *m, int h, uint64_t n, uint64_t *v)
{
    if (n < 32)
        *v = fe_reg(m, h, (int)n);
    else if (n == REGNUM_PC)
        *v = fe_pc(m, h);
    else if (n >= REGNUM_F0 && n < REGNUM_F0 + 32)
        *v = fe_freg(m, h, (int)(n - REGNUM_F0));
    else if (n == REGNUM_PRIV)
        *v = (uint64_t)fe_priv(m, h);
    else if (n >= REGNUM_CSR0 && n < REGNUM_CSR0 + 4096)
        return fe_csr(m, h, (int)(n - REGNUM_CSR0), v);
    else
        return false;
    return true;
}

/* The front end has no way to set the privilege mode, so priv is read-only. */
static bool reg_write(struct machine *m, int h, uint64_t n, uint64_t v)
{
    if (n < 32)
        fe_set_reg(m, h, (int)n, v);
    else if (n == REGNUM_PC)
        fe_set_pc(m, h, v);
    else if (n >= REGNUM_F0 && n < REGNUM_F0 + 32)
        fe_set_freg(m, h, (int)(n - REGNUM_F0), v);
    else if (n >= REGNUM_CSR0 && n < REGNUM_CSR0 + 4096)
        return fe_set_csr(m, h, (int)(n - REGNUM_CSR0), v);
    else
        return false;
    return true;
}

/* ---- commands ---- */

static void cmd_read_regs(struct gdbstub *g)
{
    for (int r = 0; r < 32; r++)
        put_reg(g, fe_reg(g->m, g->hg, r));
    put_reg(g, fe_pc(g->m, g->hg));
    reply_send(g);
}

static void cmd_write_regs(struct gdbstub *g, const char *s, size_t len)
{
    uint64_t v[NREGS_G];
    if (len < 16 * NREGS_G) {
        send_str(g, "E22");
        return;
    }
    for (int r = 0; r < NREGS_G; r++)
        if (!parse_reg(s + 16 * r, 16, &v[r])) {
            send_str(g, "E22");
            return;
        }
    for (int r = 1; r < 32; r++)
        fe_set_reg(g->m, g->hg, r, v[r]);
    fe_set_pc(g->m, g->hg, v[REGNUM_PC]);
    send_str(g, "OK");
}

static void cmd_read_reg(struct gdbstub *g, const char *s)
{
    uint64_t n, v;
    if (!parse_hex(&s, &n) || *s) {
        send_str(g, "E22");
        return;
    }
    if (!reg_read(g->m, g->hg, n, &v)) {
        send_str(g, "E01");
        return;
    }
    put_reg(g, v);
    reply_send(g);
}

static void cmd_write_reg(struct gdbstub *g, const char *s, size_t len)
{
    const char *end = s + len;
    uint64_t n, v;
    if (!parse_hex(&s, &n) || *s != '=' || !parse_reg(s + 1, (size_t)(end - s - 1), &v)) {
        send_str(g, "E22");
        return;
    }
    send_str(g, reg_write(g->m, g->hg, n, v) ? "OK" : "E01");
}

/* m ADDR,LEN: as many bytes as are mapped from ADDR; E14 when none is. */
static void cmd_read_mem(struct gdbstub *g, const char *s)
{
    uint64_t addr, len;
    uint8_t buf[MEM_XFER_MAX];
    if (!parse_addr_len(&s, &addr, &len, 0) || len == 0 || len > MEM_XFER_MAX) {
        send_str(g, "E22");
        return;
    }
    size_t got = fe_read_virt(g->m, g->hg, addr, buf, (size_t)len);
    if (got == 0) {
        send_str(g, "E14");
        return;
    }
    put_hex_bytes(g, buf, got);
    reply_send(g);
}

/* Writes all of buf or nothing: every byte is checked to be mapped memory first. */
static void write_mem(struct gdbstub *g, uint64_t addr, const uint8_t *buf, size_t len)
{
    uint8_t old[MEM_XFER_MAX];
    if (fe_read_virt(g->m, g->hg, addr, old, len) < len) {
        send_str(g, "E14");
        return;
    }
    send_str(g, fe_write_virt(g->m, g->hg, addr, buf, len) == len ? "OK" : "E14");
}

/* M ADDR,LEN:HEX */
static void cmd_write_mem_hex(struct gdbstub *g, const char *s, size_t slen)
{
    const char *end = s + slen;
    uint64_t addr, len;
    uint8_t buf[MEM_XFER_MAX];
    if (!parse_addr_len(&s, &addr, &len, ':') || len > MEM_XFER_MAX ||
        !parse_hex_bytes(s + 1, (size_t)(end - s - 1), buf, (size_t)len)) {
        send_str(g, "E22");
        return;
    }
    write_mem(g, addr, buf, (size_t)len);
}

/* X ADDR,LEN:BINARY ('}' escapes the next byte xor 0x20) */
static void cmd_write_mem_bin(struct gdbstub *g, const char *s, size_t slen)
{
    const char *end = s + slen;
    uint64_t addr, len;
    uint8_t buf[MEM_XFER_MAX];
    size_t n = 0;
    if (!parse_addr_len(&s, &addr, &len, ':') || len > MEM_XFER_MAX) {
        send_str(g, "E22");
        return;
    }
    for (s++; s < end; s++) {
        uint8_t c = (uint8_t)*s;
        if (c == '}') {
            if (++s == end)
                break;
            c = (uint8_t)(*s ^ 0x20);
        }
        if (n == len) {
            n = len + 1;            /* too much data */
            break;
        }
        buf[n++] = c;
    }
    if (n != len) {
        send_str(g, "E22");
        return;
    }
    if (len == 0)
        send_str(g, "OK");          /* gdb's probe for X support */
    else
        write_mem(g, addr, buf, (size_t)len);
}

/* Z/z TYPE,ADDR,KIND[;conditions] */
static void cmd_point(struct gdbstub *g, const char *s, bool insert)
{
    uint64_t type, addr, kind;
    if (!parse_hex(&s, &type) || type > PT_WATCH_ACCESS || *s++ != ',' ||
        !parse_hex(&s, &addr) || *s++ != ',' || !parse_hex(&s, &kind) ||
        (*s && *s != ';')) {
        send_str(g, "E22");
        return;
    }
    if (!is_break((int)type) && (kind == 0 || addr + kind < addr)) {
        send_str(g, "E22");
        return;
    }
    if (insert) {
        send_str(g, point_add(g, (int)type, addr, kind) ? "OK" : "E28");
        return;
    }
    struct point *p = point_find(g, (int)type, addr, kind);
    if (p)
        point_remove(g, p);
    send_str(g, "OK");
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static void cmd_xfer_features(struct gdbstub *g, const char *s)
{
    const char *colon = strchr(s, ':');
    uint64_t off, len;
    if (!colon || (size_t)(colon - s) != strlen("target.xml") ||
        strncmp(s, "target.xml", 10) != 0) {
        send_str(g, "E00");
        return;
    }
    s = colon + 1;
    if (!parse_addr_len(&s, &off, &len, 0)) {
        send_str(g, "E22");
        return;
    }
    if (len > PACKET_SIZE - 16)
        len = PACKET_SIZE - 16;
    if (off >= g->xml_len) {
        send_str(g, "l");
        return;
    }
    size_t n = g->xml_len - (size_t)off;
    put_str(g, n <= len ? "l" : "m");
    put_binary(g, g->xml + off, n <= len ? n : (size_t)len);
    reply_send(g);
}

static void cmd_query(struct gdbstub *g, const char *s)
{
    if (strncmp(s, "qSupported", 10) == 0) {
        char buf[160];
        snprintf(buf, sizeof buf, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;"
                 "QStartNoAckMode+;vContSupported+", PACKET_SIZE);
        send_str(g, buf);
    } else if (strncmp(s, "qXfer:features:read:", 20) == 0) {
        cmd_xfer_features(g, s + 20);
    } else if (strcmp(s, "qAttached") == 0 || strncmp(s, "qAttached:", 10) == 0) {
        send_str(g, "1");
    } else if (strcmp(s, "qC") == 0) {
        char buf[16];
        snprintf(buf, sizeof buf, "QC%02x", g->cur + 1);
        send_str(g, buf);
    } else if (strcmp(s, "qfThreadInfo") == 0) {
        char buf[8 * 4 + 4] = "m";
        for (int i = 0; i < fe_nharts(g->m); i++)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%02x", i ? "," : "", i + 1);
        send_str(g, buf);
    } else if (strcmp(s, "qsThreadInfo") == 0) {
        send_str(g, "l");
    } else if (strncmp(s, "qThreadExtraInfo,", 17) == 0) {
        int tid = parse_thread(g, s + 17);
        if (tid <= 0) {
            send_str(g, "E22");
            return;
        }
        static const char *const priv[4] = { "U", "S", "?", "M" };
        char text[64];
        int h = tid - 1;
        snprintf(text, sizeof text, "hart %d, %s-mode%s", h, priv[fe_priv(g->m, h) & 3],
                 fe_wfi(g->m, h) ? ", waiting (wfi)" : "");
        put_hex_bytes(g, (const uint8_t *)text, strlen(text));
        reply_send(g);
    } else if (strcmp(s, "qOffsets") == 0) {
        send_str(g, "Text=0;Data=0;Bss=0");
    } else if (strncmp(s, "qSymbol:", 8) == 0) {
        send_str(g, "OK");
    } else if (strcmp(s, "QStartNoAckMode") == 0) {
        send_str(g, "OK");
        g->no_ack = true;
    } else {
        send_str(g, "");
    }
}

/* vCont;ACTION[:THREAD]...: a step (of the thread it names, or of the Hc one) wins
 * over a continue, and the stepped hart runs alone; a continue without a thread runs
 * every hart, one with a thread that hart alone. Threads no action names stay
 * stopped, as the protocol says. */
static enum action cmd_vcont(struct gdbstub *g, const char *s)
{
    char act = 0;
    int step_hart = -1, run = -1;
    while (*s == ';') {
        char a = *++s;
        const char *t = s + 1;
        if (a == 'C' || a == 'S') {
            uint64_t sig;
            if (!parse_hex(&t, &sig)) {
                send_str(g, "E22");
                return ACT_NONE;
            }
        }
        if (a != 'c' && a != 'C' && a != 's' && a != 'S' && a != 't') {
            send_str(g, "E22");
            return ACT_NONE;
        }
        const char *next = strchr(t, ';');
        size_t tlen = next ? (size_t)(next - t) : strlen(t);
        char tid[32] = "";
        if (tlen && t[0] == ':') {
            if (tlen - 1 >= sizeof tid) {
                send_str(g, "E22");
                return ACT_NONE;
            }
            memcpy(tid, t + 1, tlen - 1);
            tid[tlen - 1] = 0;
        } else if (tlen) {
            send_str(g, "E22");
            return ACT_NONE;
        }
        int t_id = tid[0] ? parse_thread(g, tid) : -1;
        if (t_id == -2) {
            send_str(g, "E22");
            return ACT_NONE;
        }
        if ((a == 's' || a == 'S') && step_hart < 0) {
            step_hart = t_id > 0 ? t_id - 1 : g->hc;
            act = 's';
        } else if (!act) {
            act = a;
            run = t_id > 0 ? t_id - 1 : -1;
        }
        s = next ? next : t + tlen;
    }
    switch (act) {
    case 'c': case 'C':
        g->run = run;
        return ACT_CONTINUE;
    case 's':
        g->hc = g->run = step_hart;
        return ACT_STEP;
    case 't': {
        char buf[32];                   /* already stopped */
        snprintf(buf, sizeof buf, "T00thread:%02x;", g->cur + 1);
        send_str(g, buf);
        return ACT_NONE;
    }
    default:
        send_str(g, "E22");
        return ACT_NONE;
    }
}

/* c [ADDR], s [ADDR], C SIG[;ADDR], S SIG[;ADDR]: signals mean nothing here. */
static enum action cmd_resume(struct gdbstub *g, const char *s, enum action a, bool sig)
{
    uint64_t v;
    if (sig) {
        if (!parse_hex(&s, &v) || (*s && *s != ';')) {
            send_str(g, "E22");
            return ACT_NONE;
        }
        if (*s)
            s++;
        else
            return a;
    }
    if (*s) {
        if (!parse_hex(&s, &v) || *s) {
            send_str(g, "E22");
            return ACT_NONE;
        }
        fe_set_pc(g->m, g->hc, v);
    }
    g->run = a == ACT_STEP ? g->hc : -1;        /* c runs every hart, s the Hc one */
    return a;
}

/* k and vKill end the emulator, with status 0 as QEMU's. */
static enum action kill_machine(struct gdbstub *g)
{
    fprintf(stderr, "pagoda: terminated by gdb\n");
    fe_quit(g->m, 0);
    return ACT_KILL;
}

static enum action handle_packet(struct gdbstub *g)
{
    const char *p = (const char *)g->pkt;
    size_t len = g->pkt_len;
    reply_reset(g);
    if (g->pkt_overflow) {
        send_str(g, "E22");
        return ACT_NONE;
    }
    if (len == 0) {
        send_str(g, "");
        return ACT_NONE;
    }
    /* Only X carries binary data; a NUL anywhere else is malformed. */
    if (p[0] != 'X' && strlen(p) != len) {
        send_str(g, "E22");
        return ACT_NONE;
    }
    switch (p[0]) {
    case '?': send_str(g, len == 1 ? g->stop_reply : "E22"); break;
    case 'g': if (len == 1) cmd_read_regs(g); else send_str(g, "E22"); break;
    case 'G': cmd_write_regs(g, p + 1, len - 1); break;
    case 'p': cmd_read_reg(g, p + 1); break;
    case 'P': cmd_write_reg(g, p + 1, len - 1); break;
    case 'm': cmd_read_mem(g, p + 1); break;
    case 'M': cmd_write_mem_hex(g, p + 1, len - 1); break;
    case 'X': cmd_write_mem_bin(g, p + 1, len - 1); break;
    case 'Z': cmd_point(g, p + 1, true); break;
    case 'z': cmd_point(g, p + 1, false); break;
    case 'c': return cmd_resume(g, p + 1, ACT_CONTINUE, false);
    case 's': return cmd_resume(g, p + 1, ACT_STEP, false);
    case 'C': return cmd_resume(g, p + 1, ACT_CONTINUE, true);
    case 'S': return cmd_resume(g, p + 1, ACT_STEP, true);
    case 'H': {
        int tid = len >= 2 && (p[1] == 'g' || p[1] == 'c') ? parse_thread(g, p + 2) : -2;
        if (tid != -2) {
            if (p[1] == 'g')
                g->hg = thread_hart(g, tid);
            else
                g->hc = thread_hart(g, tid);
        }
        send_str(g, tid != -2 ? "OK" : "E22");
        break;
    }
    case 'T': send_str(g, parse_thread(g, p + 1) > 0 ? "OK" : "E01"); break;
    case 'D':
        send_str(g, "OK");
        return ACT_DETACH;
    case 'k':
        return kill_machine(g);         /* no reply, as QEMU */
    case 'q': case 'Q': cmd_query(g, p); break;
    case 'v':
        if (strcmp(p, "vCont?") == 0) {
            send_str(g, "vCont;c;C;s;S;t");
        } else if (strncmp(p, "vCont;", 6) == 0) {
            return cmd_vcont(g, p + 5);
        } else if (strncmp(p, "vKill", 5) == 0) {
            send_str(g, "OK");
            return kill_machine(g);
        } else {
            send_str(g, "");
        }
        break;
    default:
        send_str(g, "");                /* not supported */
    }
    return ACT_NONE;
}

/* Frames one received byte; true when g->pkt holds a whole packet whose checksum
 * matched (it has been acked). Bytes outside packets other than '-' are ignored. */
static bool rx_byte(struct gdbstub *g, uint8_t c)
{
    switch (g->rx) {
    case RX_IDLE:
        if (c == '$')
            break;
        if (c == '-' && !g->no_ack && g->sent_len)
            write_all(g, g->sent, g->sent_len);
        return false;
    case RX_DATA:
        if (c == '$')
            break;                      /* the previous packet was cut short */
        if (c == '#') {
            g->rx = RX_CK1;
            return false;
        }
        g->sum += c;
        if (g->pkt_len < PACKET_SIZE)
            g->pkt[g->pkt_len++] = c;
        else
            g->pkt_overflow = true;
        return false;
    case RX_CK1:
    case RX_CK2: {
        int h = hexval(c);
        if (h < 0) {
            g->rx = RX_IDLE;
            send_ack(g, '-');
            if (c == '$')
                break;
            return false;
        }
        if (g->rx == RX_CK1) {
            g->ck = (uint8_t)(h << 4);
            g->rx = RX_CK2;
            return false;
        }
        g->rx = RX_IDLE;
        if ((g->ck | h) != g->sum) {
            send_ack(g, '-');
            return false;
        }
        send_ack(g, '+');
        g->pkt[g->pkt_len] = 0;
        return true;
    }
    }
    /* '$': a packet starts */
    g->rx = RX_DATA;
    g->pkt_len = 0;
    g->pkt_overflow = false;
    g->sum = 0;
    return false;
}

/* ---- connection ---- */

static void reset_protocol(struct gdbstub *g)
{
    g->no_ack = false;
    g->rx = RX_IDLE;
    g->in_pos = g->in_len = 0;
    g->sent_len = 0;
    g->pending_ctrl_c = false;
    snprintf(g->stop_reply, sizeof g->stop_reply, "T05thread:%02x;", g->cur + 1);
}

static bool accept_client(struct gdbstub *g)
{
    int fd = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return false;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    g->fd = fd;
    g->attached = true;
    reset_protocol(g);
    return true;
}

/* The client closed the connection (or failed): its points go as on a detach, but
 * a stopped guest stays stopped until the next gdb resumes it. */
static void client_gone(struct gdbstub *g)
{
    if (g->fd >= 0)
        close(g->fd);
    g->fd = -1;
    g->attached = false;
    points_clear(g);
    reset_protocol(g);
}

/* Ctrl-C from the host terminal while we wait (SIGINT sets stop_request, and only
 * when stdin is not a terminal): leave as the run loop would. */
static bool host_interrupted(struct machine *m)
{
    if (!fe_stop_requested(m))
        return false;
    fe_cancel_stop_request(m);
    fe_quit_interrupted(m);
    return true;
}

/* Blocks until fd is readable; false (and the machine told to quit) when the host
 * interrupted us or polling failed. */
static bool wait_readable(struct gdbstub *g, int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    for (;;) {
        if (host_interrupted(g->m))
            return false;
        int r = poll(&p, 1, -1);
        if (r > 0)
            return true;
        if (r < 0 && errno != EINTR) {
            fprintf(stderr, "pagoda: gdb stub: %s\n", strerror(errno));
            fe_quit(g->m, 1);
            return false;
        }
    }
}

/* Serves packets while the machine is stopped, until one resumes it. */
static enum action serve(struct gdbstub *g)
{
    for (;;) {
        if (g->fd < 0) {
            if (!wait_readable(g, g->listen_fd))
                return ACT_KILL;
            accept_client(g);
            continue;
        }
        while (g->in_pos < g->in_len) {
            if (!rx_byte(g, g->in[g->in_pos++]))
                continue;
            enum action a = handle_packet(g);
            if (a == ACT_KILL)
                return a;
            if (g->fd < 0)
                break;                  /* the client failed: wait for the next */
            if (a == ACT_NONE)
                continue;
            /* What follows a resume was sent to a running target: only Ctrl-C counts. */
            g->pending_ctrl_c = memchr(g->in + g->in_pos, 3, g->in_len - g->in_pos) != NULL;
            g->in_pos = g->in_len = 0;
            return a;
        }
        g->in_pos = g->in_len = 0;
        if (g->fd < 0)
            continue;
        if (!wait_readable(g, g->fd))
            return ACT_KILL;
        ssize_t n = recv(g->fd, g->in, sizeof g->in, MSG_DONTWAIT);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            client_gone(g);             /* the guest stays stopped for the next gdb */
        else
            g->in_len = (size_t)n;
    }
}

static void request_stop(struct gdbstub *g, bool ctrl_c)
{
    g->stop_asked = true;
    g->stop_ctrl_c = ctrl_c;
    fe_request_stop(g->m);
}

void gdbstub_poll(struct gdbstub *g, int timeout_ms)
{
    /* Once a stop is asked for, what the client sends is for serve(): a new gdb
     * sends its first packets without waiting. */
    if (g->stop_asked)
        return;
    struct pollfd p = { .fd = g->fd >= 0 ? g->fd : g->listen_fd, .events = POLLIN };
    if (poll(&p, 1, timeout_ms) <= 0)
        return;
    if (g->fd < 0) {
        if (accept_client(g))
            request_stop(g, false);     /* like QEMU: a new gdb finds the guest stopped */
        return;
    }
    /* A running all-stop target takes nothing but Ctrl-C. */
    uint8_t buf[512];
    ssize_t n = recv(g->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        client_gone(g);
        return;
    }
    if (g->attached && memchr(buf, 3, (size_t)n))
        request_stop(g, true);
}

/* ---- the run loop ---- */

/* Which of our watchpoints the access at hit_addr set off, as gdb names them. */
static void watch_reply(struct gdbstub *g, char *out, size_t outlen)
{
    uint64_t a = fe_stop_addr(g->m);
    bool write = fe_stop_was_write(g->m);
    const struct point *best = NULL;
    for (int i = 0; i < g->npt; i++) {
        const struct point *p = &g->pt[i];
        if (is_break(p->type) || a >= p->addr + p->len || p->addr >= a + 8)
            continue;
        if (p->type == (write ? PT_WATCH_WRITE : PT_WATCH_READ))
            best = p;
        else if (p->type == PT_WATCH_ACCESS && !best)
            best = p;
    }
    if (!best) {
        snprintf(out, outlen, "T05thread:%02x;", g->cur + 1);
        return;
    }
    const char *kind = best->type == PT_WATCH_WRITE ? "watch"
                     : best->type == PT_WATCH_READ ? "rwatch" : "awatch";
    snprintf(out, outlen, "T05%s:%" PRIx64 ";thread:%02x;", kind,
             a < best->addr ? best->addr : a, g->cur + 1);
}

/* The stop reply names the thread (hart) the stop is about: the one that reached the
 * breakpoint or watchpoint, the stepped one, or for an interrupt the current one. gdb
 * switches to it; so do Hg and Hc. */
static void stop_reply(struct gdbstub *g, enum fe_stop why)
{
    char *r = g->stop_reply;
    size_t n = sizeof g->stop_reply;
    if (why == FE_STOP_BREAK || why == FE_STOP_WATCH)
        g->cur = fe_stop_hart(g->m);
    else if (why == FE_STOP_STEP)
        g->cur = g->hc;
    g->hg = g->hc = g->cur;
    switch (why) {
    case FE_STOP_BREAK: {
        uint64_t a = fe_stop_addr(g->m);
        bool hw = point_find(g, PT_HWBREAK, a, 0) && !point_find(g, PT_SWBREAK, a, 0);
        snprintf(r, n, "T05thread:%02x;%s:;", g->cur + 1, hw ? "hwbreak" : "swbreak");
        break;
    }
    case FE_STOP_WATCH:
        watch_reply(g, r, n);
        break;
    case FE_STOP_INTERRUPT:
        snprintf(r, n, "T02thread:%02x;", g->cur + 1);
        break;
    default:
        snprintf(r, n, "T05thread:%02x;", g->cur + 1);
    }
}

void gdbstub_run(struct gdbstub *g, bool wait_at_reset)
{
    struct machine *m = g->m;
    if (wait_at_reset) {                /* -S: say where gdb is awaited (QEMU says nothing) */
        int port = bound_port(g->listen_fd);
        fprintf(stderr, "pagoda: waiting for gdb on port %d (target remote :%d)\n", port, port);
    }
    enum action a = wait_at_reset ? serve(g) : ACT_CONTINUE;
    while (!fe_quitting(m) && a != ACT_KILL) {
        if (a == ACT_DETACH) {
            points_clear(g);
            g->attached = false;
        }
        if (g->pending_ctrl_c) {
            g->pending_ctrl_c = false;
            request_stop(g, true);
        }
        enum fe_stop why = fe_run(m, g->run, a == ACT_STEP ? 1 : UINT64_MAX);
        a = ACT_CONTINUE;
        g->run = -1;
        bool console = fe_take_console_break(m);
        bool asked = g->stop_asked || console;
        if (asked && why != FE_STOP_INTERRUPT)
            fe_cancel_stop_request(m);  /* stopped anyway; the request is answered */
        if (why == FE_STOP_EXIT) {
            if (g->attached) {
                char w[8];
                snprintf(w, sizeof w, "W%02x", fe_exit_code(m) & 0xff);
                send_str(g, w);
            }
            break;
        }
        if (why == FE_STOP_INTERRUPT && !asked) {
            fe_quit_interrupted(m);     /* SIGINT, SIGTERM: as machine_run */
            break;
        }
        /* A new client asks with '?' itself and is told T05, as QEMU does. */
        bool new_client = why == FE_STOP_INTERRUPT && g->stop_asked && !g->stop_ctrl_c &&
                          !console;
        g->stop_asked = g->stop_ctrl_c = false;
        if (!g->attached)
            continue;                   /* nobody to report to */
        if (!new_client) {
            stop_reply(g, why);
            send_str(g, g->stop_reply);
        }
        a = serve(g);
    }
    fe_quit(m, fe_exit_code(m));
}
