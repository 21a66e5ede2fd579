/* Bare-metal virtio-blk driver test (M-mode, on Pagoda and on QEMU virt): finds the
 * block device among the virtio-mmio slots, negotiates features, sets up one split
 * queue, writes patterns to sectors, flushes, reads them back, and checks GET_ID,
 * IOERR for a sector past the end, UNSUPP for an unknown request, an indirect request
 * and a batch of requests under one notify. Completion is polled for some requests
 * and taken as a PLIC interrupt (M-mode context, MEIE) for others. Reports on the
 * UART; main's result goes to the test finisher (0: 0x5555).
 *
 * The host side (run.sh) computes the same patterns (pattern_byte) and checks that the
 * backing file holds exactly these sectors and nothing else changed. */
#include <stdint.h>

#include "bare_virtio.h"

#define QN 16

static struct desc desc[QN] __attribute__((aligned(16)));
static struct { uint16_t flags, idx, ring[QN], used_event; } avail __attribute__((aligned(2)));
static volatile struct {
    uint16_t flags, idx;
    struct { uint32_t id, len; } ring[QN];
    uint16_t avail_event;
} used __attribute__((aligned(4)));
static struct desc itable[3] __attribute__((aligned(16)));

static struct req_hdr hdr[4];
static volatile uint8_t status[4];
static uint8_t data[4][4096];

static unsigned slot, irq;
static uint16_t used_seen;
static uint64_t capacity;
static volatile unsigned irqs_taken;
static volatile int bad_trap;

/* ---- console ---- */

static void putc_(char c)
{
    while (!(UART[5] & 0x20))
        ;
    UART[0] = (uint8_t)c;
}
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void putu(uint64_t v)
{
    char b[24];
    int n = 0;
    do b[n++] = (char)('0' + v % 10); while (v /= 10);
    while (n) putc_(b[--n]);
}

static int fail(int code, const char *what)
{
    puts_("blk: FAIL ");
    putu((uint64_t)code);
    puts_(": ");
    puts_(what);
    puts_("\n");
    return code;
}

/* The byte the test writes at offset i of sector s (run.sh has the same formula). */
static uint8_t pattern_byte(uint64_t s, unsigned i)
{
    return (uint8_t)((s * 131 + i * 7 + (i >> 8) * 13 + 0x5a) & 0xff);
}

static void memset_(void *p, int c, unsigned n) { uint8_t *d = p; while (n--) *d++ = (uint8_t)c; }

/* ---- interrupts ---- */

__attribute__((interrupt("machine"), aligned(4))) static void trap(void)
{
    uint64_t cause;
    asm volatile("csrr %0, mcause" : "=r"(cause));
    if (cause != ((1ull << 63) | 11)) {
        bad_trap = 1;
        asm volatile("csrc mie, %0" :: "r"(1ul << 11));
        return;
    }
    uint32_t id = PLIC(0x200004);              /* claim, context 0 = hart 0 M-mode */
    if (id == irq) {
        VIO(INT_ACK) = VIO(INT_STATUS);
        irqs_taken++;
    } else if (id != 0) {
        bad_trap = 2;
    }
    if (id)
        PLIC(0x200004) = id;                   /* complete */
}

static void mie_on(void) { asm volatile("csrs mstatus, 8"); }
static void mie_off(void) { asm volatile("csrc mstatus, 8"); }

/* ---- requests ---- */

/* Makes the chain at desc[d..]: header, data (len bytes, or none), status. Returns
 * the number of descriptors used. */
static unsigned build(unsigned d, unsigned k, uint32_t type, uint64_t sector, uint32_t len,
                      int data_writable)
{
    hdr[k] = (struct req_hdr){ type, 0, sector };
    status[k] = 0xff;
    unsigned n = 0;
    desc[d + n] = (struct desc){ (uintptr_t)&hdr[k], sizeof hdr[k], F_NEXT, (uint16_t)(d + n + 1) };
    n++;
    if (len) {
        desc[d + n] = (struct desc){ (uintptr_t)data[k], len,
                                     (uint16_t)(F_NEXT | (data_writable ? F_WRITE : 0)),
                                     (uint16_t)(d + n + 1) };
        n++;
    }
    desc[d + n] = (struct desc){ (uintptr_t)&status[k], 1, F_WRITE, 0 };
    return n + 1;
}

static void publish(unsigned head)
{
    avail.ring[avail.idx % QN] = (uint16_t)head;
    __sync_synchronize();
    avail.idx++;
    __sync_synchronize();
}

/* Pagoda serves the queue during this store, so the interrupt may be taken before
 * wait_used starts: count interrupts from here. */
static unsigned irq_mark;
static void notify(void)
{
    irq_mark = irqs_taken;
    VIO(QUEUE_NOTIFY) = 0;
}

/* Waits until the used ring has grown by n: polling, or sleeping on the PLIC
 * interrupt (MIE off around the check so that no interrupt slips in before WFI). */
static int wait_used(unsigned n, int by_irq)
{
    uint16_t want = (uint16_t)(used_seen + n);
    unsigned spins = 0;
    if (by_irq) {
        for (;;) {
            mie_off();
            if (irqs_taken != irq_mark && used.idx == want)
                break;
            asm volatile("wfi");
            mie_on();
            if (bad_trap)
                return fail(90 + bad_trap, "unexpected trap or PLIC source");
            if (++spins > 1000000)
                return fail(89, "no interrupt");
        }
        mie_on();
    } else {
        while (used.idx != want)
            if (++spins > 100000000)
                return fail(88, "request never completed");
        /* acknowledge so the line drops (the PLIC source is not enabled here) */
        VIO(INT_ACK) = VIO(INT_STATUS);
    }
    __sync_synchronize();
    return 0;
}

/* One request on descriptors 0.. with buffer set 0; checks the used element. */
static int do_req(uint32_t type, uint64_t sector, uint32_t len, int writable, int by_irq,
                  uint8_t want_status)
{
    build(0, 0, type, sector, len, writable);
    publish(0);
    notify();
    int r = wait_used(1, by_irq);
    if (r)
        return r;
    unsigned e = used_seen % QN;
    used_seen++;
    if (used.ring[e].id != 0)
        return fail(10, "used element names another head");
    if (status[0] != want_status) {
        puts_("blk: status ");
        putu(status[0]);
        puts_(" for type ");
        putu(type);
        puts_("\n");
        return fail(11, "wrong request status");
    }
    /* QEMU reports the whole device-writable size; Pagoda the bytes written. Both
     * are data + status for a successful read. */
    if (want_status == 0 && type == T_IN && used.ring[e].len != len + 1)
        return fail(12, "used length of a read is not data + status");
    return 0;
}

static int write_sectors(uint64_t s, unsigned n, int by_irq)
{
    for (unsigned i = 0; i < n * 512; i++)
        data[0][i] = pattern_byte(s + i / 512, i % 512);
    return do_req(T_OUT, s, n * 512, 0, by_irq, 0);
}

static int check_sectors(uint64_t s, unsigned n, int by_irq)
{
    memset_(data[0], 0xee, sizeof data[0]);
    int r = do_req(T_IN, s, n * 512, 1, by_irq, 0);
    if (r)
        return r;
    for (unsigned i = 0; i < n * 512; i++)
        if (data[0][i] != pattern_byte(s + i / 512, i % 512))
            return fail(20, "read back differs from what was written");
    return 0;
}

/* ---- setup ---- */

static int find_device(void)
{
    for (slot = 0; slot < 8; slot++) {
        if (VIO(MAGIC) != 0x74726976)
            return fail(2, "bad virtio magic");
        if (VIO(DEVICE_ID) == 2)
            break;
    }
    if (slot == 8)
        return fail(3, "no virtio-blk device in the eight slots");
    if (VIO(VERSION) != 2)
        return fail(4, "not a modern (version 2) virtio-mmio device");
    irq = slot + 1;
    puts_("blk: device in slot ");
    putu(slot);
    puts_(", vendor ");
    putu(VIO(VENDOR_ID));
    puts_("\n");
    return 0;
}

static int negotiate(void)
{
    VIO(STATUS) = 0;
    if (VIO(STATUS) != 0)
        return fail(5, "reset did not clear the status");
    VIO(STATUS) = S_ACK;
    VIO(STATUS) = S_ACK | S_DRIVER;
    VIO(DEV_FEATURES_SEL) = 0;
    uint32_t lo = VIO(DEV_FEATURES);
    VIO(DEV_FEATURES_SEL) = 1;
    uint32_t hi = VIO(DEV_FEATURES);
    if (!(hi & 1))
        return fail(6, "VERSION_1 not offered");
    if (!(lo & (1u << 28)))
        return fail(7, "INDIRECT_DESC not offered");
    /* VERSION_1, INDIRECT_DESC, and FLUSH / BLK_SIZE / SEG_MAX when offered */
    uint32_t want_lo = (1u << 28) | (lo & ((1u << 9) | (1u << 6) | (1u << 2)));
    VIO(DRV_FEATURES_SEL) = 0;
    VIO(DRV_FEATURES) = want_lo;
    VIO(DRV_FEATURES_SEL) = 1;
    VIO(DRV_FEATURES) = 1;
    VIO(STATUS) = S_ACK | S_DRIVER | S_FEATURES_OK;
    if (!(VIO(STATUS) & S_FEATURES_OK))
        return fail(8, "FEATURES_OK refused");

    VIO(QUEUE_SEL) = 0;
    if (VIO(QUEUE_READY) != 0)
        return fail(9, "queue 0 ready before setup");
    if (VIO(QUEUE_NUM_MAX) < QN)
        return fail(13, "queue too small");
    VIO(QUEUE_NUM) = QN;
    VIO(DESC_LO) = (uint32_t)(uintptr_t)desc;
    VIO(DESC_HI) = (uint32_t)((uintptr_t)desc >> 32);
    VIO(DRIVER_LO) = (uint32_t)(uintptr_t)&avail;
    VIO(DRIVER_HI) = (uint32_t)((uintptr_t)&avail >> 32);
    VIO(DEVICE_LO) = (uint32_t)(uintptr_t)&used;
    VIO(DEVICE_HI) = (uint32_t)((uintptr_t)&used >> 32);
    VIO(QUEUE_READY) = 1;
    if (VIO(QUEUE_READY) != 1)
        return fail(14, "queue not ready");
    VIO(STATUS) = S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK;

    capacity = VIO(CONFIG) | (uint64_t)VIO(CONFIG + 4) << 32;
    if ((lo & (1u << 6)) && VIO(CONFIG + 0x14) != 512)
        return fail(15, "blk_size is not 512");
    puts_("blk: capacity ");
    putu(capacity);
    puts_(" sectors\n");
    if (capacity < 64)
        return fail(16, "disk smaller than 64 sectors");
    return 0;
}

static void plic_setup(void)
{
    PLIC(4 * irq) = 1;                         /* priority */
    PLIC(0x2000 + 4 * (irq / 32)) = 1u << (irq % 32);   /* enable, context 0 */
    PLIC(0x200000) = 0;                        /* threshold */
    asm volatile("csrw mtvec, %0" :: "r"(trap));
    asm volatile("csrs mie, %0" :: "r"(1ul << 11));
    mie_on();
}

/* ---- the test ---- */

int main(void)
{
    int r;
    puts_("blk: start\n");
    if ((r = find_device()) || (r = negotiate()))
        return r;

    /* polled */
    if ((r = write_sectors(0, 1, 0)) || (r = write_sectors(5, 4, 0)))
        return r;
    plic_setup();
    /* by interrupt */
    if ((r = write_sectors(17, 8, 1)) || (r = write_sectors(capacity - 1, 1, 1)))
        return r;

    /* An indirect request: header, 2 sectors, status in a table of three. */
    for (unsigned i = 0; i < 1024; i++)
        data[1][i] = pattern_byte(40 + i / 512, i % 512);
    hdr[1] = (struct req_hdr){ T_OUT, 0, 40 };
    status[1] = 0xff;
    itable[0] = (struct desc){ (uintptr_t)&hdr[1], 16, F_NEXT, 1 };
    itable[1] = (struct desc){ (uintptr_t)data[1], 1024, F_NEXT, 2 };
    itable[2] = (struct desc){ (uintptr_t)&status[1], 1, F_WRITE, 0 };
    desc[0] = (struct desc){ (uintptr_t)itable, sizeof itable, F_INDIRECT, 0 };
    publish(0);
    notify();
    if ((r = wait_used(1, 1)))
        return r;
    used_seen++;
    if (status[1] != 0)
        return fail(30, "indirect write failed");

    /* flush */
    if ((r = do_req(T_FLUSH, 0, 0, 0, 1, 0)))
        return r;

    /* read back, half polled, half by interrupt */
    if ((r = check_sectors(0, 1, 1)) || (r = check_sectors(5, 4, 1)) ||
        (r = check_sectors(17, 8, 0)) || (r = check_sectors(capacity - 1, 1, 1)) ||
        (r = check_sectors(40, 2, 0)))
        return r;

    /* GET_ID: 20 bytes of serial */
    memset_(data[0], 0xee, 20);
    if ((r = do_req(T_GET_ID, 0, 20, 1, 1, 0)))
        return r;
    puts_("blk: serial '");
    for (int i = 0; i < 20 && data[0][i]; i++)
        putc_((char)data[0][i]);
    puts_("'\n");

    /* errors: reading past the end, an unknown request type */
    if ((r = do_req(T_IN, capacity, 512, 1, 1, 1)) ||
        (r = do_req(T_IN, capacity - 1, 1024, 1, 0, 1)) ||
        (r = do_req(0x1234, 0, 512, 1, 1, 2)))
        return r;

    /* a batch: three reads published together, one notify, one interrupt or more */
    unsigned d = 0;
    for (unsigned k = 0; k < 3; k++) {
        memset_(data[k], 0xee, 512);
        unsigned head = d;
        d += build(d, k, T_IN, k == 0 ? 0 : k == 1 ? 6 : 24, 512, 1);
        publish(head);
    }
    notify();
    if ((r = wait_used(3, 1)))
        return r;
    used_seen += 3;
    static const uint64_t batch_sector[3] = { 0, 6, 24 };
    for (unsigned k = 0; k < 3; k++) {
        if (status[k] != 0)
            return fail(40, "batch request failed");
        for (unsigned i = 0; i < 512; i++)
            if (data[k][i] != pattern_byte(batch_sector[k], i))
                return fail(41, "batch read differs");
    }

    /* one more write after everything, then leave the device clean */
    if ((r = write_sectors(60, 2, 1)) || (r = do_req(T_FLUSH, 0, 0, 0, 0, 0)))
        return r;
    if (irqs_taken < 10)
        return fail(50, "too few PLIC interrupts taken");
    VIO(STATUS) = 0;
    puts_("blk: PASS (");
    putu(irqs_taken);
    puts_(" interrupts)\n");
    return 0;
}
