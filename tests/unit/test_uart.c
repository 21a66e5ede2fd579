/* NS16550A UART through its register interface: line status, the receive FIFO, the
 * divisor latch, interrupt identification and enables, FIFO control, the scratch
 * register, and the interrupt line seen by the irq callback. */
#include <string.h>

#include "dev/uart.h"
#include "unit.h"

enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4,
       LSR = 5, MSR = 6, SCR = 7 };
enum { LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40 };
enum { IER_RDI = 0x01, IER_THRI = 0x02 };
enum { IIR_NONE = 0x01, IIR_THRI = 0x02, IIR_RDI = 0x04 };
#define LCR_DLAB 0x80

static struct uart u;
static uint8_t sent[64];
static int nsent;
static bool irq_level;
static int irq_calls;

static void on_tx(void *ctx, uint8_t byte)
{
    (void)ctx;
    if (nsent < (int)sizeof sent)
        sent[nsent] = byte;
    nsent++;
}

static void on_irq(void *ctx, bool level)
{
    (void)ctx;
    irq_level = level;
    irq_calls++;
}

static void setup(void)
{
    uart_init(&u, NULL);
    u.tx = on_tx;
    u.irq = on_irq;
    nsent = irq_calls = 0;
    irq_level = false;
}

static uint8_t reg(int off)
{
    uint64_t v = 0xdead;
    ck_assert_msg(uart_read(&u, off, 1, &v), "read of register %d", off);
    ck_assert_uint_le(v, 0xff);
    return (uint8_t)v;
}

static void set_reg(int off, uint8_t v)
{
    ck_assert_msg(uart_write(&u, off, 1, v), "write of register %d", off);
}

static void receive(const char *s)
{
    uart_push_input(&u, (const uint8_t *)s, (unsigned)strlen(s));
}

static int iir_id(void) { return reg(IIR) & 0x0f; }

/* ---- line status and data ---- */

START_TEST(test_lsr_reports_transmitter_empty)
{
    ck_assert_uint_eq(reg(LSR) & (LSR_THRE | LSR_TEMT), LSR_THRE | LSR_TEMT);
    set_reg(THR, 'x');
    ck_assert_uint_eq(reg(LSR) & (LSR_THRE | LSR_TEMT), LSR_THRE | LSR_TEMT);
}
END_TEST

START_TEST(test_lsr_data_ready_follows_the_receive_fifo)
{
    ck_assert_uint_eq(reg(LSR) & LSR_DR, 0);
    receive("ab");
    ck_assert_uint_eq(reg(LSR) & LSR_DR, LSR_DR);
    reg(RBR);
    ck_assert_uint_eq(reg(LSR) & LSR_DR, LSR_DR);
    reg(RBR);
    ck_assert_uint_eq(reg(LSR) & LSR_DR, 0);
}
END_TEST

START_TEST(test_rbr_returns_received_bytes_in_order)
{
    receive("hi!");
    ck_assert_uint_eq(reg(RBR), 'h');
    ck_assert_uint_eq(reg(RBR), 'i');
    ck_assert_uint_eq(reg(RBR), '!');
}
END_TEST

START_TEST(test_reading_empty_rbr_asks_for_input)
{
    u.want_input = false;
    reg(RBR);
    ck_assert(u.want_input);
}
END_TEST

START_TEST(test_receive_fifo_keeps_what_fits)
{
    uint8_t bytes[UART_FIFO + 10];
    for (unsigned i = 0; i < sizeof bytes; i++)
        bytes[i] = (uint8_t)i;
    uart_push_input(&u, bytes, sizeof bytes);
    ck_assert_uint_eq(uart_rx_room(&u), 0);
    for (unsigned i = 0; i < UART_FIFO; i++)
        ck_assert_uint_eq(reg(RBR), (uint8_t)i);
    ck_assert_uint_eq(reg(LSR) & LSR_DR, 0);
}
END_TEST

START_TEST(test_thr_write_transmits_the_byte)
{
    set_reg(THR, 'P');
    set_reg(THR, 'g');
    ck_assert_int_eq(nsent, 2);
    ck_assert_uint_eq(sent[0], 'P');
    ck_assert_uint_eq(sent[1], 'g');
}
END_TEST

/* ---- divisor latch ---- */

START_TEST(test_dlab_selects_the_divisor_latch)
{
    set_reg(IER, IER_RDI);
    set_reg(LCR, LCR_DLAB | 0x03);
    set_reg(DLL, 0x0c);
    set_reg(DLM, 0x01);
    ck_assert_int_eq(nsent, 0);
    ck_assert_uint_eq(reg(DLL), 0x0c);
    ck_assert_uint_eq(reg(DLM), 0x01);
    set_reg(LCR, 0x03);
    ck_assert_uint_eq(reg(IER), IER_RDI);
    set_reg(LCR, LCR_DLAB | 0x03);
    ck_assert_uint_eq(reg(DLM), 0x01);
}
END_TEST

START_TEST(test_dlab_read_of_dll_leaves_the_fifo_alone)
{
    receive("z");
    set_reg(LCR, LCR_DLAB);
    reg(DLL);
    set_reg(LCR, 0);
    ck_assert_uint_eq(reg(RBR), 'z');
}
END_TEST

START_TEST(test_lcr_reads_back)
{
    set_reg(LCR, 0x1b);
    ck_assert_uint_eq(reg(LCR), 0x1b);
}
END_TEST

/* ---- interrupts ---- */

START_TEST(test_iir_reports_no_interrupt_when_idle)
{
    ck_assert_int_eq(iir_id(), IIR_NONE);
    set_reg(IER, IER_RDI);
    ck_assert_int_eq(iir_id(), IIR_NONE);
}
END_TEST

START_TEST(test_iir_reports_received_data_before_thre)
{
    set_reg(IER, IER_RDI | IER_THRI);
    receive("q");
    set_reg(THR, 'x');
    ck_assert_int_eq(iir_id(), IIR_RDI);
    ck_assert_int_eq(iir_id(), IIR_RDI);      /* reading IIR does not ack data */
    reg(RBR);
    ck_assert_int_eq(iir_id(), IIR_THRI);
}
END_TEST

START_TEST(test_enabling_thre_interrupt_raises_one)
{
    set_reg(IER, IER_THRI);
    ck_assert_int_eq(iir_id(), IIR_THRI);
}
END_TEST

START_TEST(test_reading_iir_acknowledges_thre)
{
    set_reg(IER, IER_THRI);
    ck_assert_int_eq(iir_id(), IIR_THRI);
    ck_assert_int_eq(iir_id(), IIR_NONE);
}
END_TEST

START_TEST(test_thre_interrupt_is_raised_once_per_transmitted_byte)
{
    set_reg(IER, IER_THRI);
    iir_id();
    set_reg(THR, 'a');
    ck_assert_int_eq(iir_id(), IIR_THRI);
    ck_assert_int_eq(iir_id(), IIR_NONE);
    set_reg(THR, 'b');
    ck_assert_int_eq(iir_id(), IIR_THRI);
}
END_TEST

START_TEST(test_two_bytes_without_acknowledge_raise_one_thre)
{
    set_reg(IER, IER_THRI);
    iir_id();
    set_reg(THR, 'a');
    set_reg(THR, 'b');
    ck_assert_int_eq(iir_id(), IIR_THRI);
    ck_assert_int_eq(iir_id(), IIR_NONE);
}
END_TEST

START_TEST(test_ier_masks_interrupts)
{
    receive("q");
    set_reg(THR, 'x');
    ck_assert_int_eq(iir_id(), IIR_NONE);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(test_ier_holds_only_the_four_enable_bits)
{
    set_reg(IER, 0xff);
    ck_assert_uint_eq(reg(IER), 0x0f);
}
END_TEST

START_TEST(test_irq_line_follows_received_data)
{
    set_reg(IER, IER_RDI);
    ck_assert(!irq_level);
    receive("k");
    ck_assert(irq_level);
    reg(RBR);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(test_irq_line_drops_when_thre_is_acknowledged)
{
    set_reg(IER, IER_THRI);
    ck_assert(irq_level);
    iir_id();
    ck_assert(!irq_level);
    ck_assert_int_gt(irq_calls, 0);
}
END_TEST

START_TEST(test_status_reads_do_not_signal_the_line)
{
    set_reg(IER, IER_THRI | IER_RDI);
    receive("a");
    int calls = irq_calls;
    reg(LSR);
    reg(MSR);
    reg(SCR);
    reg(LSR);
    ck_assert_int_eq(irq_calls, calls);
}
END_TEST

START_TEST(test_ier_write_signals_only_a_change)
{
    set_reg(IER, IER_RDI);
    int calls = irq_calls;
    set_reg(IER, IER_RDI);
    ck_assert_int_eq(irq_calls, calls);
    set_reg(IER, IER_RDI | IER_THRI);
    ck_assert_int_eq(irq_calls, calls + 1);
    ck_assert(irq_level);
}
END_TEST

START_TEST(test_each_thr_write_and_rbr_read_signals)
{
    set_reg(IER, IER_THRI);
    int calls = irq_calls;
    set_reg(THR, 'a');
    set_reg(THR, 'b');
    ck_assert_int_eq(irq_calls, calls + 2);
    ck_assert(irq_level);
    reg(RBR);                                   /* THRE still pending: signals high */
    ck_assert_int_eq(irq_calls, calls + 3);
    ck_assert(irq_level);
}
END_TEST

START_TEST(test_disabling_thre_interrupt_forgets_it)
{
    set_reg(IER, IER_THRI);
    set_reg(IER, 0);
    ck_assert(!irq_level);
    set_reg(IER, IER_RDI);
    ck_assert_int_eq(iir_id(), IIR_NONE);
}
END_TEST

START_TEST(test_fcr_transmit_reset_raises_thre)
{
    set_reg(IER, IER_THRI);
    iir_id();
    ck_assert(!irq_level);
    set_reg(FCR, 0x05);                         /* enable + clear transmit FIFO */
    ck_assert(irq_level);
    ck_assert_int_eq(iir_id(), IIR_THRI);
}
END_TEST

/* ---- FIFO control, scratch, access size ---- */

START_TEST(test_fcr_clears_the_receive_fifo)
{
    receive("abc");
    set_reg(FCR, 0x07);
    ck_assert_uint_eq(reg(LSR) & LSR_DR, 0);
    ck_assert_uint_eq(uart_rx_room(&u), UART_FIFO);
}
END_TEST

START_TEST(test_fcr_fifo_enable_shows_in_iir)
{
    ck_assert_uint_eq(reg(IIR) & 0xc0, 0);
    set_reg(FCR, 0x01);
    ck_assert_uint_eq(reg(IIR) & 0xc0, 0xc0);
}
END_TEST

START_TEST(test_scratch_register_holds_a_byte)
{
    set_reg(SCR, 0xa5);
    ck_assert_uint_eq(reg(SCR), 0xa5);
    set_reg(SCR, 0x5a);
    ck_assert_uint_eq(reg(SCR), 0x5a);
}
END_TEST

START_TEST(test_line_status_is_read_only)
{
    set_reg(LSR, 0);
    ck_assert_uint_eq(reg(LSR) & LSR_THRE, LSR_THRE);
}
END_TEST

START_TEST(test_uart_rejects_wider_than_byte_access)
{
    uint64_t v;
    ck_assert(!uart_read(&u, LSR, 4, &v));
    ck_assert(!uart_write(&u, THR, 2, 'x'));
    ck_assert_int_eq(nsent, 0);
}
END_TEST

Suite *uart_suite(void)
{
    Suite *s = suite_create("uart");
    TCase *tc = tcase_create("data");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_lsr_reports_transmitter_empty);
    tcase_add_test(tc, test_lsr_data_ready_follows_the_receive_fifo);
    tcase_add_test(tc, test_rbr_returns_received_bytes_in_order);
    tcase_add_test(tc, test_reading_empty_rbr_asks_for_input);
    tcase_add_test(tc, test_receive_fifo_keeps_what_fits);
    tcase_add_test(tc, test_thr_write_transmits_the_byte);
    tcase_add_test(tc, test_dlab_selects_the_divisor_latch);
    tcase_add_test(tc, test_dlab_read_of_dll_leaves_the_fifo_alone);
    tcase_add_test(tc, test_lcr_reads_back);
    suite_add_tcase(s, tc);

    tc = tcase_create("interrupts");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_iir_reports_no_interrupt_when_idle);
    tcase_add_test(tc, test_iir_reports_received_data_before_thre);
    tcase_add_test(tc, test_enabling_thre_interrupt_raises_one);
    tcase_add_test(tc, test_reading_iir_acknowledges_thre);
    tcase_add_test(tc, test_thre_interrupt_is_raised_once_per_transmitted_byte);
    tcase_add_test(tc, test_two_bytes_without_acknowledge_raise_one_thre);
    tcase_add_test(tc, test_ier_masks_interrupts);
    tcase_add_test(tc, test_ier_holds_only_the_four_enable_bits);
    tcase_add_test(tc, test_irq_line_follows_received_data);
    tcase_add_test(tc, test_irq_line_drops_when_thre_is_acknowledged);
    tcase_add_test(tc, test_status_reads_do_not_signal_the_line);
    tcase_add_test(tc, test_ier_write_signals_only_a_change);
    tcase_add_test(tc, test_each_thr_write_and_rbr_read_signals);
    tcase_add_test(tc, test_disabling_thre_interrupt_forgets_it);
    tcase_add_test(tc, test_fcr_transmit_reset_raises_thre);
    suite_add_tcase(s, tc);

    tc = tcase_create("control");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_fcr_clears_the_receive_fifo);
    tcase_add_test(tc, test_fcr_fifo_enable_shows_in_iir);
    tcase_add_test(tc, test_scratch_register_holds_a_byte);
    tcase_add_test(tc, test_line_status_is_read_only);
    tcase_add_test(tc, test_uart_rejects_wider_than_byte_access);
    suite_add_tcase(s, tc);
    return s;
}
