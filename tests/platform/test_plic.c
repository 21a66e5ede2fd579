/* PLIC through the bus: 3-bit priorities, pending bits set and cleared by each signal
 * from a device (QEMU's model), claim/complete, threshold masking, per-context enables, and contexts 2h / 2h+1
 * driving hart h's MEIP / SEIP. */
#include "dev/uart.h"
#include "platform.h"

#define PRIO(s)        (PLIC_BASE + 4ull * (s))
#define PENDING(w)     (PLIC_BASE + 0x1000 + 4ull * (w))
#define ENABLE(c, w)   (PLIC_BASE + 0x2000 + 0x80ull * (c) + 4ull * (w))
#define THRESHOLD(c)   (PLIC_BASE + 0x200000 + 0x1000ull * (c))
#define CLAIM(c)       (THRESHOLD(c) + 4)
#define MEIP (1ull << IRQ_MEI)
#define SEIP (1ull << IRQ_SEI)

static struct plat *p;

static void setup(void) { p = plat_new(2, false); }
static void teardown(void) { plat_free(p); }

static uint32_t rd(uint64_t pa) { return plat_rd(p, pa); }
static void wr(uint64_t pa, uint32_t v) { plat_wr(p, pa, v); }
static uint64_t hw(int hart) { return p->hart[hart]->mip_hw & (MEIP | SEIP); }

/* Source s at priority prio, enabled in context c (others untouched). */
static void enable(int c, int s, uint32_t prio)
{
    wr(PRIO(s), prio);
    wr(ENABLE(c, s / 32), rd(ENABLE(c, s / 32)) | 1u << (s % 32));
}

START_TEST(test_priority_is_three_bits_warl)
{
    wr(PRIO(5), 0xffffffff);
    ck_assert_uint_eq(rd(PRIO(5)), 7);
    wr(PRIO(5), 0x12);
    ck_assert_uint_eq(rd(PRIO(5)), 2);
    wr(PRIO(0), 7);
    ck_assert_uint_eq(rd(PRIO(0)), 0);          /* source 0 does not exist */
    wr(PRIO(95), 3);
    ck_assert_uint_eq(rd(PRIO(95)), 3);
    ck_assert_uint_eq(rd(PRIO(96)), 0);         /* beyond riscv,ndev */
}
END_TEST

START_TEST(test_threshold_is_three_bits_and_enable_bit_0_is_hardwired)
{
    wr(THRESHOLD(1), 0xff);
    ck_assert_uint_eq(rd(THRESHOLD(1)), 7);
    wr(ENABLE(0, 0), 0xffffffff);
    ck_assert_uint_eq(rd(ENABLE(0, 0)), 0xfffffffe);
    wr(ENABLE(0, 2), 0xffffffff);
    ck_assert_uint_eq(rd(ENABLE(0, 2)), 0xffffffff);   /* sources 64..95 */
    wr(ENABLE(0, 3), 0xffffffff);
    ck_assert_uint_eq(rd(ENABLE(0, 3)), 0);
}
END_TEST

START_TEST(test_pending_follows_the_line_until_claimed)
{
    plic_set_irq(&p->plic, 3, true);
    ck_assert_uint_eq(rd(PENDING(0)), 1u << 3);
    plic_set_irq(&p->plic, 3, false);
    ck_assert_uint_eq(rd(PENDING(0)), 0);       /* level-triggered: gone with the line */
    plic_set_irq(&p->plic, 40, true);
    ck_assert_uint_eq(rd(PENDING(1)), 1u << 8);
}
END_TEST

START_TEST(test_pending_bits_are_read_only)
{
    wr(PENDING(0), 0xffffffff);
    ck_assert_uint_eq(rd(PENDING(0)), 0);
    ck_assert_uint_eq(hw(0), 0);
}
END_TEST

START_TEST(test_claim_clears_pending_and_complete_does_not_repend_a_held_line)
{
    enable(0, 4, 1);
    plic_set_irq(&p->plic, 4, true);
    ck_assert_uint_eq(hw(0), MEIP);
    ck_assert_uint_eq(rd(CLAIM(0)), 4);
    ck_assert_uint_eq(rd(PENDING(0)), 0);
    ck_assert_uint_eq(hw(0), 0);                /* claimed: not offered again */
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
    wr(CLAIM(0), 4);                            /* complete; the line is still high */
    ck_assert_uint_eq(rd(PENDING(0)), 0);       /* as on QEMU: the device must signal */
    ck_assert_uint_eq(hw(0), 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
    plic_set_irq(&p->plic, 4, true);            /* signalled again, same level */
    ck_assert_uint_eq(hw(0), MEIP);
    ck_assert_uint_eq(rd(CLAIM(0)), 4);
}
END_TEST

START_TEST(test_signal_while_claimed_is_offered_after_completion)
{
    enable(0, 4, 1);
    plic_set_irq(&p->plic, 4, true);
    ck_assert_uint_eq(rd(CLAIM(0)), 4);
    plic_set_irq(&p->plic, 4, true);
    ck_assert_uint_eq(rd(PENDING(0)), 1u << 4);  /* pending, but held by the claim */
    ck_assert_uint_eq(hw(0), 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
    wr(CLAIM(0), 4);
    ck_assert_uint_eq(hw(0), MEIP);
    ck_assert_uint_eq(rd(CLAIM(0)), 4);
}
END_TEST

START_TEST(test_low_signal_while_claimed_withdraws_the_request)
{
    enable(0, 4, 1);
    plic_set_irq(&p->plic, 4, true);
    ck_assert_uint_eq(rd(CLAIM(0)), 4);
    plic_set_irq(&p->plic, 4, true);
    plic_set_irq(&p->plic, 4, false);
    wr(CLAIM(0), 4);
    ck_assert_uint_eq(hw(0), 0);
    ck_assert_uint_eq(rd(PENDING(0)), 0);
}
END_TEST

START_TEST(test_claim_takes_highest_priority_then_lowest_id)
{
    enable(0, 7, 2);
    enable(0, 9, 5);
    enable(0, 12, 5);
    enable(0, 70, 1);
    plic_set_irq(&p->plic, 7, true);
    plic_set_irq(&p->plic, 9, true);
    plic_set_irq(&p->plic, 12, true);
    plic_set_irq(&p->plic, 70, true);
    ck_assert_uint_eq(rd(CLAIM(0)), 9);
    ck_assert_uint_eq(rd(CLAIM(0)), 12);
    ck_assert_uint_eq(rd(CLAIM(0)), 7);
    ck_assert_uint_eq(rd(CLAIM(0)), 70);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
}
END_TEST

START_TEST(test_threshold_masks_priorities_at_or_below_it)
{
    enable(0, 6, 3);
    plic_set_irq(&p->plic, 6, true);
    wr(THRESHOLD(0), 3);
    ck_assert_uint_eq(hw(0), 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
    ck_assert_uint_eq(rd(PENDING(0)), 1u << 6);  /* still pending, just masked */
    wr(THRESHOLD(0), 2);
    ck_assert_uint_eq(hw(0), MEIP);
    wr(THRESHOLD(0), 7);
    ck_assert_uint_eq(hw(0), 0);
    wr(THRESHOLD(0), 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 6);
}
END_TEST

START_TEST(test_priority_zero_never_interrupts)
{
    enable(0, 2, 0);
    plic_set_irq(&p->plic, 2, true);
    ck_assert_uint_eq(hw(0), 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
    wr(PRIO(2), 1);
    ck_assert_uint_eq(hw(0), MEIP);
}
END_TEST

START_TEST(test_enables_are_per_context)
{
    enable(1, 8, 1);                            /* hart 0 S-mode only */
    plic_set_irq(&p->plic, 8, true);
    ck_assert_uint_eq(hw(0), SEIP);
    ck_assert_uint_eq(hw(1), 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);         /* M context does not see it */
    ck_assert_uint_eq(rd(CLAIM(1)), 8);
    ck_assert_uint_eq(hw(0), 0);
}
END_TEST

START_TEST(test_m_and_s_contexts_drive_meip_and_seip)
{
    enable(0, 1, 1);
    enable(1, 2, 1);
    plic_set_irq(&p->plic, 1, true);
    ck_assert_uint_eq(hw(0), MEIP);
    plic_set_irq(&p->plic, 2, true);
    ck_assert_uint_eq(hw(0), MEIP | SEIP);
    plic_set_irq(&p->plic, 1, false);
    ck_assert_uint_eq(hw(0), SEIP);
    /* SEIP from the PLIC sits beside the software-writable SEIP bit, not in it */
    ck_assert_uint_eq(p->hart[0]->mip & SEIP, 0);
    ck_assert_uint_eq(hart_mip(p->hart[0]) & SEIP, SEIP);
}
END_TEST

START_TEST(test_second_hart_uses_contexts_2_and_3)
{
    enable(2, 5, 1);
    enable(3, 6, 1);
    plic_set_irq(&p->plic, 5, true);
    ck_assert_uint_eq(hw(1), MEIP);
    ck_assert_uint_eq(hw(0), 0);
    plic_set_irq(&p->plic, 6, true);
    ck_assert_uint_eq(hw(1), MEIP | SEIP);
    ck_assert_uint_eq(rd(CLAIM(3)), 6);
    ck_assert_uint_eq(rd(CLAIM(2)), 5);
    ck_assert_uint_eq(hw(1), 0);
}
END_TEST

START_TEST(test_one_source_enabled_in_two_contexts_is_claimed_once)
{
    enable(0, 5, 1);
    enable(2, 5, 1);
    plic_set_irq(&p->plic, 5, true);
    ck_assert_uint_eq(hw(0), MEIP);
    ck_assert_uint_eq(hw(1), MEIP);
    ck_assert_uint_eq(rd(CLAIM(2)), 5);
    ck_assert_uint_eq(hw(0), 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
}
END_TEST

START_TEST(test_completion_for_a_source_the_context_does_not_enable_is_ignored)
{
    enable(0, 5, 1);
    plic_set_irq(&p->plic, 5, true);
    ck_assert_uint_eq(rd(CLAIM(0)), 5);
    wr(CLAIM(1), 5);                            /* S context: not enabled there */
    ck_assert_uint_eq(hw(0), 0);
    wr(CLAIM(0), 0);                            /* no such source */
    wr(CLAIM(0), 200);
    plic_set_irq(&p->plic, 5, true);            /* signalled again while claimed */
    ck_assert_uint_eq(hw(0), 0);
    wr(CLAIM(0), 5);
    ck_assert_uint_eq(hw(0), MEIP);
}
END_TEST

START_TEST(test_contexts_beyond_the_harts_read_zero)
{
    wr(ENABLE(4, 0), 0xffffffff);
    ck_assert_uint_eq(rd(ENABLE(4, 0)), 0);
    wr(THRESHOLD(4), 5);
    ck_assert_uint_eq(rd(THRESHOLD(4)), 0);
    ck_assert_uint_eq(rd(CLAIM(4)), 0);
    ck_assert_uint_eq(rd(PLIC_BASE + PLIC_SIZE - 4), 0);
}
END_TEST

START_TEST(test_only_aligned_word_accesses)
{
    uint64_t v;
    ck_assert(!bus_read(&p->bus, PRIO(1), 1, &v));
    ck_assert(!bus_read(&p->bus, PRIO(1), 8, &v));
    ck_assert(!bus_write(&p->bus, PRIO(1), 2, 1));
    ck_assert(!bus_read(&p->bus, PRIO(1) + 2, 4, &v));
}
END_TEST

START_TEST(test_uart_interrupt_is_source_10)
{
    struct uart u;
    uart_init(&u, NULL);
    u.irq = plic_irq;
    u.irq_ctx = plic_line(&p->plic, PLIC_IRQ_UART);
    enable(1, PLIC_IRQ_UART, 1);
    uart_write(&u, 1, 1, 1);                    /* IER: received data */
    ck_assert_uint_eq(hw(0), 0);
    uart_push_input(&u, (const uint8_t *)"x", 1);
    ck_assert_uint_eq(rd(PENDING(0)), 1u << 10);
    ck_assert_uint_eq(hw(0), SEIP);
    ck_assert_uint_eq(rd(CLAIM(1)), 10);
    uint64_t c;
    uart_read(&u, 0, 1, &c);                    /* the driver reads the byte */
    wr(CLAIM(1), 10);
    ck_assert_uint_eq(hw(0), 0);
}
END_TEST

/* A driver that never reads IIR: after its last byte THRE stays pending in the UART.
 * Reading LSR signals nothing and complete does not re-arm, so the source is quiet
 * until the next byte is written. */
START_TEST(test_uart_thre_held_without_iir_read_is_not_a_storm)
{
    struct uart u;
    uint64_t c;
    uart_init(&u, NULL);
    u.irq = plic_irq;
    u.irq_ctx = plic_line(&p->plic, PLIC_IRQ_UART);
    enable(0, PLIC_IRQ_UART, 1);
    uart_write(&u, 1, 1, 3);                    /* IER: received data, THRE */
    ck_assert_uint_eq(rd(CLAIM(0)), 10);
    uart_read(&u, 5, 1, &c);                    /* LSR: THR empty, nothing to send */
    wr(CLAIM(0), 10);
    ck_assert_uint_eq(hw(0), 0);
    uart_read(&u, 5, 1, &c);
    uart_read(&u, 6, 1, &c);
    uart_read(&u, 7, 1, &c);
    ck_assert_uint_eq(hw(0), 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
    uart_write(&u, 0, 1, 'x');                  /* the next byte: one more interrupt */
    ck_assert_uint_eq(rd(CLAIM(0)), 10);
    wr(CLAIM(0), 10);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
}
END_TEST

START_TEST(test_virtio_slot_n_is_source_n_plus_1)
{
    ck_assert_uint_eq(PLIC_IRQ_VIRTIO(0), 1);
    ck_assert_uint_eq(PLIC_IRQ_VIRTIO(7), 8);
}
END_TEST

Suite *plic_suite(void)
{
    Suite *s = suite_create("plic");
    TCase *tc = tcase_create("plic");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_priority_is_three_bits_warl);
    tcase_add_test(tc, test_threshold_is_three_bits_and_enable_bit_0_is_hardwired);
    tcase_add_test(tc, test_pending_follows_the_line_until_claimed);
    tcase_add_test(tc, test_pending_bits_are_read_only);
    tcase_add_test(tc, test_claim_clears_pending_and_complete_does_not_repend_a_held_line);
    tcase_add_test(tc, test_signal_while_claimed_is_offered_after_completion);
    tcase_add_test(tc, test_low_signal_while_claimed_withdraws_the_request);
    tcase_add_test(tc, test_uart_thre_held_without_iir_read_is_not_a_storm);
    tcase_add_test(tc, test_claim_takes_highest_priority_then_lowest_id);
    tcase_add_test(tc, test_threshold_masks_priorities_at_or_below_it);
    tcase_add_test(tc, test_priority_zero_never_interrupts);
    tcase_add_test(tc, test_enables_are_per_context);
    tcase_add_test(tc, test_m_and_s_contexts_drive_meip_and_seip);
    tcase_add_test(tc, test_second_hart_uses_contexts_2_and_3);
    tcase_add_test(tc, test_one_source_enabled_in_two_contexts_is_claimed_once);
    tcase_add_test(tc, test_completion_for_a_source_the_context_does_not_enable_is_ignored);
    tcase_add_test(tc, test_contexts_beyond_the_harts_read_zero);
    tcase_add_test(tc, test_only_aligned_word_accesses);
    tcase_add_test(tc, test_uart_interrupt_is_source_10);
    tcase_add_test(tc, test_virtio_slot_n_is_source_n_plus_1);
    suite_add_tcase(s, tc);
    return s;
}
