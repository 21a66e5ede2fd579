/* The gdb remote protocol: framing (acks, checksums, cut-short and overlong packets)
 * and every packet handler, against a machine running the kernel as a bare program.
 * The stub's own file is compiled into the harness so its packet handler can be fed
 * without a listening socket; the client end is a socket pair whose output is read
 * back and checked: acks and packets only, each with a correct checksum. Resume
 * packets run the hart for a few instructions (a step, or a bounded continue).
 *
 * Input: a mode byte, then (mode even) packet bodies separated by newlines, each sent
 * framed with its checksum, or (mode odd) raw bytes as they would arrive. */
#include "../../emu/gdbstub.c"

#include "fuzz.h"

#define CONTINUE_STEPS 64

static struct machine *m;
static int peer = -1;

static void check_output(int fd)
{
    static char buf[2 * sizeof ((struct gdbstub *)0)->sent + 16];
    static size_t have;
    for (;;) {
        ssize_t n = recv(fd, buf + have, sizeof buf - have, MSG_DONTWAIT);
        if (n <= 0)
            break;
        have += (size_t)n;
        size_t i = 0;
        while (i < have) {
            if (buf[i] == '+' || buf[i] == '-') {
                i++;
                continue;
            }
            if (buf[i] != '$') {
                fprintf(stderr, "fuzz_gdb: stray byte 0x%02x from the stub\n", buf[i] & 0xff);
                abort();
            }
            char *end = memchr(buf + i, '#', have - i);
            if (!end || (size_t)(end - buf) + 3 > have)
                break;                              /* the rest comes later */
            uint8_t sum = 0;
            for (char *p = buf + i + 1; p < end; p++)
                sum += (uint8_t)*p;
            if (hexval(end[1]) < 0 || hexval(end[2]) < 0 ||
                (hexval(end[1]) << 4 | hexval(end[2])) != sum) {
                fprintf(stderr, "fuzz_gdb: reply with a bad checksum\n");
                abort();
            }
            i = (size_t)(end - buf) + 3;
        }
        memmove(buf, buf + i, have - i);
        have -= i;
        if (have == sizeof buf) {
            fprintf(stderr, "fuzz_gdb: reply longer than a packet\n");
            abort();
        }
    }
}

static struct gdbstub *stub_new(void)
{
    int sv[2];
    if (!m || fe_quitting(m))
        m = fuzz_machine(m);
    if (peer >= 0)
        close(peer);
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        abort();
    int big = 1 << 20;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    struct gdbstub *g = calloc(1, sizeof *g);
    if (!g)
        abort();
    g->m = m;
    g->listen_fd = -1;
    g->fd = sv[0];
    peer = sv[1];
    g->attached = true;
    static char *xml;                   /* built once: it looks up 4096 CSR names */
    static size_t xml_len;
    if (!xml) {
        if (!build_target_xml(g))
            abort();
        xml = g->xml;
        xml_len = g->xml_len;
    }
    g->xml = xml;
    g->xml_len = xml_len;
    reset_protocol(g);
    return g;
}

/* What gdbstub_run does with a resume, with the run bounded. */
static void resume(struct gdbstub *g, enum action a)
{
    if (a == ACT_DETACH) {
        points_clear(g);
        g->attached = false;
        return;
    }
    if (a != ACT_STEP && a != ACT_CONTINUE)
        return;
    enum fe_stop why = fe_run(m, g->hc, a == ACT_STEP ? 1 : CONTINUE_STEPS);
    fe_cancel_stop_request(m);
    if (why == FE_STOP_EXIT || fe_quitting(m))
        return;
    stop_reply(g, why);
    send_str(g, g->stop_reply);
}

static void feed(struct gdbstub *g, uint8_t c)
{
    if (g->fd < 0 || fe_quitting(m) || !rx_byte(g, c))
        return;
    enum action a = handle_packet(g);
    resume(g, a);
    check_output(peer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    struct gdbstub *g = stub_new();
    bool raw = data[0] & 1;
    if (data[0] & 2)
        g->no_ack = true;
    for (size_t i = 1; i < size;) {
        if (raw) {
            feed(g, data[i++]);
            continue;
        }
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t len = nl ? (size_t)(nl - (data + i)) : size - i;
        uint8_t sum = 0;
        feed(g, '$');
        for (size_t k = 0; k < len; k++) {
            feed(g, data[i + k]);
            sum += data[i + k];
        }
        feed(g, '#');
        feed(g, "0123456789abcdef"[sum >> 4]);
        feed(g, "0123456789abcdef"[sum & 15]);
        i += len + 1;
    }
    check_output(peer);
    points_clear(g);
    if (g->fd >= 0)
        close(g->fd);
    free(g);
    return 0;
}
