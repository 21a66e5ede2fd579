/* Differential interrupt test (M-mode; run.sh runs it on QEMU virt and on Pagoda and
 * compares the output): a driver in the style of well-known teaching kernels. The
 * UART has its THRE and RX interrupts enabled; the handler reads LSR and RBR and
 * writes THR while it has bytes to send, and never reads IIR, so after the last byte
 * THRE stays pending in the UART. On QEMU that signals the PLIC once; a PLIC that
 * re-arms the source from the held line at complete interrupts for ever. Meanwhile a
 * virtio-blk read completes by interrupt, the CLINT timer ticks, and a line typed on
 * stdin arrives by the RX interrupt. Every line printed depends on nothing but the
 * inputs (no counts that follow host timing). */
#include <stdint.h>

#include "bare_virtio.h"

#define CLINT_MTIMECMP (*(volatile uint64_t *)0x02004000ul)
#define CLINT_MTIME    (*(volatile uint64_t *)0x0200bff8ul)
#define FINISHER       (*(volatile uint32_t *)0x00100000ul)

enum { RBR = 0, THR = 0, IER = 1, FCR = 2, LCR = 3, LSR = 5 };
enum { IER_RX = 1, IER_TX = 2, LSR_DR = 1, LSR_THRE = 0x20 };
enum { UART_IRQ = 10, IRQ_MTI = 7, IRQ_MEI = 11 };
#define TICK 10000              /* 1 ms of the 10 MHz timebase */
#define TEST_SECTOR 3
#define QN 8

static unsigned slot, blk_irq;

static struct desc desc[QN] __attribute__((aligned(16)));
static struct { uint16_t flags, idx, ring[QN], used_event; } avail __attribute__((aligned(2)));
static volatile struct {
    uint16_t flags, idx;
    struct { uint32_t id, len; } ring[QN];
    uint16_t avail_event;
} used __attribute__((aligned(4)));
static struct req_hdr hdr;
static volatile uint8_t blk_status;
static volatile uint8_t sector[512];

/* Transmit ring (written by main, drained by the interrupt handler), receive line. */
static volatile char tx[2048];
static volatile unsigned tx_r, tx_w;
static volatile char rx[64];
static volatile unsigned rx_n;
static volatile unsigned uart_irqs, blk_irqs, timer_irqs, idle_streak;

static void mie_off(void) { asm volatile("csrc mstatus, 8"); }
static void mie_on(void) { asm volatile("csrs mstatus, 8"); }

/* Polled output for the one message that cannot wait for interrupts. */
static void panic_(const char *s)
{
    UART[IER] = 0;
    while (*s) {
        while (!(UART[LSR] & LSR_THRE))
            ;
        UART[THR] = (uint8_t)*s++;
    }
    FINISHER = (9u << 16) | 0x3333;
    for (;;)
        ;
}

/* Sends the next byte if the transmitter is empty: one byte per THRE interrupt. */
static void uart_start(void)
{
    if (tx_r != tx_w && (UART[LSR] & LSR_THRE)) {
        UART[THR] = (uint8_t)tx[tx_r % sizeof tx];
        tx_r++;
    }
}

static void uart_intr(void)
{
    int work = 0;
    while (UART[LSR] & LSR_DR) {
        char c = (char)UART[RBR];
        if (rx_n < sizeof rx)
            rx[rx_n++] = c;
        work = 1;
    }
    if (tx_r != tx_w)
        work = 1;
    uart_start();
    /* A few idle interrupts are normal (THRE after the last byte, or an RBR read
     * while THRE is still pending); thousands in a row are a storm. */
    idle_streak = work ? 0 : idle_streak + 1;
    if (idle_streak > 10000)
        panic_("irq: FAIL: interrupt storm from the UART (source 10)\n");
}

__attribute__((interrupt("machine"), aligned(4))) static void trap(void)
{
    uint64_t cause;
    asm volatile("csrr %0, mcause" : "=r"(cause));
    if (cause == ((1ull << 63) | IRQ_MTI)) {
        timer_irqs++;
        CLINT_MTIMECMP = timer_irqs < 3 ? CLINT_MTIME + TICK : ~0ull;
        return;
    }
    if (cause != ((1ull << 63) | IRQ_MEI))
        panic_("irq: FAIL: unexpected trap\n");
    uint32_t id = PLIC(0x200004);              /* claim, context 0 = hart 0 M-mode */
    if (id == UART_IRQ) {
        uart_irqs++;
        uart_intr();
    } else if (id == blk_irq) {
        VIO(INT_ACK) = VIO(INT_STATUS);
        blk_irqs++;
    }
    if (id)
        PLIC(0x200004) = id;                   /* complete */
}

/* Sleeps until *flag differs from old (MIE off around the check, so no interrupt
 * slips in between the check and WFI). */
static void wait_change(volatile unsigned *flag, unsigned old)
{
    for (;;) {
        mie_off();
        if (*flag != old)
            break;
        asm volatile("wfi");
        mie_on();
    }
    mie_on();
}

static void putc_(char c)
{
    mie_off();
    while (tx_w - tx_r >= sizeof tx) {         /* full: let the handler drain it */
        mie_on();
        mie_off();
    }
    tx[tx_w % sizeof tx] = c;
    tx_w++;
    uart_start();
    mie_on();
}
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void putu(uint64_t v)
{
    char b[24];
    int n = 0;
    do b[n++] = (char)('0' + v % 10); while (v /= 10);
    while (n) putc_(b[--n]);
}
static void puthex(unsigned v) { putc_("0123456789abcdef"[v >> 4]); putc_("0123456789abcdef"[v & 15]); }

/* Waits until everything queued has gone out (each byte by a THRE interrupt). */
static void flush_tx(void)
{
    for (;;) {
        mie_off();
        if (tx_r == tx_w)
            break;
        asm volatile("wfi");
        mie_on();
    }
    mie_on();
}

static int blk_setup(void)
{
    for (slot = 0; slot < 8; slot++)
        if (VIO(MAGIC) == 0x74726976 && VIO(VERSION) == 2 && VIO(DEVICE_ID) == 2)
            break;
    if (slot == 8)
        return 0;
    blk_irq = slot + 1;
    VIO(STATUS) = 0;
    VIO(STATUS) = S_ACK | S_DRIVER;
    VIO(DRV_FEATURES_SEL) = 0;
    VIO(DRV_FEATURES) = 0;
    VIO(DRV_FEATURES_SEL) = 1;
    VIO(DRV_FEATURES) = 1;                     /* VERSION_1 */
    VIO(STATUS) = S_ACK | S_DRIVER | S_FEATURES_OK;
    VIO(QUEUE_SEL) = 0;
    VIO(QUEUE_NUM) = QN;
    VIO(DESC_LO) = (uint32_t)(uintptr_t)desc;
    VIO(DESC_HI) = 0;
    VIO(DRIVER_LO) = (uint32_t)(uintptr_t)&avail;
    VIO(DRIVER_HI) = 0;
    VIO(DEVICE_LO) = (uint32_t)(uintptr_t)&used;
    VIO(DEVICE_HI) = 0;
    VIO(QUEUE_READY) = 1;
    VIO(STATUS) = S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK;
    return 1;
}

/* Reads sector s into sector[]; completion arrives by the PLIC interrupt. */
static void blk_read(uint64_t s)
{
    hdr = (struct req_hdr){ T_IN, 0, s };
    blk_status = 0xff;
    desc[0] = (struct desc){ (uintptr_t)&hdr, sizeof hdr, F_NEXT, 1 };
    desc[1] = (struct desc){ (uintptr_t)sector, 512, F_NEXT | F_WRITE, 2 };
    desc[2] = (struct desc){ (uintptr_t)&blk_status, 1, F_WRITE, 0 };
    avail.ring[avail.idx % QN] = 0;
    __sync_synchronize();
    mie_off();
    unsigned before = blk_irqs;
    avail.idx++;
    __sync_synchronize();
    VIO(QUEUE_NOTIFY) = 0;
    mie_on();
    wait_change(&blk_irqs, before);
    while (used.idx != avail.idx)
        ;
    __sync_synchronize();
}

int main(void)
{
    PLIC(4 * UART_IRQ) = 1;
    PLIC(0x200000) = 0;                        /* threshold */
    asm volatile("csrw mtvec, %0" :: "r"(trap));
    asm volatile("csrs mie, %0" :: "r"((1ul << IRQ_MEI) | (1ul << IRQ_MTI)));
    UART[IER] = 0;
    UART[LCR] = 3;
    UART[FCR] = 7;                             /* FIFO on and cleared */
    int have_blk = blk_setup();
    uint32_t en = 1u << UART_IRQ;
    if (have_blk) {
        PLIC(4 * blk_irq) = 1;
        en |= 1u << blk_irq;
    }
    PLIC(0x2000) = en;
    UART[IER] = IER_RX | IER_TX;
    mie_on();

    puts_("irq: hello from an interrupt-driven UART\n");
    flush_tx();

    if (have_blk) {
        blk_read(TEST_SECTOR);
        unsigned sum = 0;
        for (int i = 0; i < 512; i++)
            sum = (sum * 31 + sector[i]) & 0xffffff;
        puts_("irq: disk sector ");
        putu(TEST_SECTOR);
        puts_(" status ");
        putu(blk_status);
        puts_(" begins '");
        for (int i = 0; i < 16 && sector[i] >= ' ' && sector[i] < 127; i++)
            putc_((char)sector[i]);
        puts_("' checksum ");
        putu(sum);
        puts_(" bytes");
        for (int i = 504; i < 512; i++) {
            putc_(' ');
            puthex(sector[i]);
        }
        puts_("\n");
    } else {
        puts_("irq: no disk\n");
    }

    CLINT_MTIMECMP = CLINT_MTIME + TICK;
    while (timer_irqs < 3)
        wait_change(&timer_irqs, timer_irqs);
    puts_("irq: timer interrupts 3\n");

    puts_("irq: type a line\n");
    for (;;) {
        mie_off();
        unsigned n = rx_n;
        mie_on();
        if (n && rx[n - 1] == '\n')
            break;
        if (n >= sizeof rx)
            break;
        wait_change(&rx_n, n);
    }
    puts_("irq: received '");
    for (unsigned i = 0; i < rx_n && rx[i] != '\n'; i++)
        putc_(rx[i]);
    puts_("'\n");
    puts_(uart_irqs > 0 && (!have_blk || blk_irqs > 0) ? "irq: PASS\n" : "irq: FAIL: no interrupts\n");
    flush_tx();
    UART[IER] = 0;
    return 0;
}
