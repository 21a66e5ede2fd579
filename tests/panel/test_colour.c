/* The panel's colour and event mapping: TLB events map one to one onto panel events,
 * each with its own colour; a cell flashes its most recent event and fades back to
 * its base over MODEL_FLASH_TICKS; frame kinds and owners get distinct colours. */
#include "panel/model.h"
#include "unit.h"

#define NOW 1000000ull

static struct entry_view valid_entry(void)
{
    struct entry_view v = { .valid = true, .asid = 3, .perm = PTE_R | PTE_U };
    return v;
}

START_TEST(test_every_tlb_event_has_its_panel_event)
{
    ck_assert_int_eq(panel_event_of(TLB_EV_FILL), PEV_FILL);
    ck_assert_int_eq(panel_event_of(TLB_EV_EVICT), PEV_EVICT);
    ck_assert_int_eq(panel_event_of(TLB_EV_INVALIDATE), PEV_INVALIDATE);
    ck_assert_int_eq(panel_event_of(TLB_EV_FLUSH), PEV_FLUSH);
    ck_assert_int_eq(panel_event_of(TLB_EV_KINDS), PEV_NONE);
}
END_TEST

START_TEST(test_event_colours_are_distinct)
{
    struct entry_view idle = valid_entry();
    uint32_t base = model_entry_colour(&idle, NOW, NULL);
    for (int a = PEV_HIT; a < PEV_KINDS; a++) {
        ck_assert_uint_ne(model_event_colour((enum panel_event)a), base);
        for (int b = a + 1; b < PEV_KINDS; b++)
            ck_assert_uint_ne(model_event_colour((enum panel_event)a),
                              model_event_colour((enum panel_event)b));
    }
}
END_TEST

START_TEST(test_an_event_of_this_sample_shows_its_full_colour)
{
    for (int e = PEV_FILL; e < PEV_KINDS; e++) {
        struct entry_view v = valid_entry();
        enum panel_event shown;
        v.event = (uint8_t)e;
        v.event_at = NOW + 1;
        ck_assert_uint_eq(model_entry_colour(&v, NOW, &shown),
                          model_event_colour((enum panel_event)e));
        ck_assert_int_eq(shown, e);
    }
}
END_TEST

START_TEST(test_a_flash_fades_back_to_the_base_colour)
{
    struct entry_view v = valid_entry(), idle = valid_entry();
    enum panel_event shown;
    uint32_t base = model_entry_colour(&idle, NOW, &shown);
    ck_assert_int_eq(shown, PEV_NONE);
    v.event = PEV_EVICT;
    v.event_at = NOW + 1 - MODEL_FLASH_TICKS / 2;
    uint32_t half = model_entry_colour(&v, NOW, &shown);
    ck_assert_int_eq(shown, PEV_EVICT);
    ck_assert_uint_ne(half, base);
    ck_assert_uint_ne(half, model_event_colour(PEV_EVICT));
    v.event_at = NOW + 1 - MODEL_FLASH_TICKS;
    ck_assert_uint_eq(model_entry_colour(&v, NOW, &shown), base);
    ck_assert_int_eq(shown, PEV_NONE);
}
END_TEST

START_TEST(test_the_most_recent_of_hit_and_event_shows)
{
    struct entry_view v = valid_entry();
    enum panel_event shown;
    v.event = PEV_FILL;
    v.event_at = NOW - 100;
    v.hit_at = NOW + 1;
    model_entry_colour(&v, NOW, &shown);
    ck_assert_int_eq(shown, PEV_HIT);
    v.event_at = NOW + 1;
    v.hit_at = NOW - 100;
    model_entry_colour(&v, NOW, &shown);
    ck_assert_int_eq(shown, PEV_FILL);
}
END_TEST

START_TEST(test_an_event_beats_a_hit_of_the_same_sample)
{
    struct entry_view v = valid_entry();
    enum panel_event shown;
    v.event = PEV_FLUSH;
    v.event_at = v.hit_at = NOW + 1;
    model_entry_colour(&v, NOW, &shown);
    ck_assert_int_eq(shown, PEV_FLUSH);
}
END_TEST

START_TEST(test_an_invalid_entry_never_shows_a_hit)
{
    struct entry_view v = { .valid = false, .hit_at = NOW + 1 };
    enum panel_event shown;
    model_entry_colour(&v, NOW, &shown);
    ck_assert_int_eq(shown, PEV_NONE);
}
END_TEST

START_TEST(test_valid_invalid_and_global_bases_differ)
{
    struct entry_view inv = { .valid = false }, val = valid_entry(), glob = valid_entry();
    glob.perm |= PTE_G;
    uint32_t a = model_entry_colour(&inv, NOW, NULL), b = model_entry_colour(&val, NOW, NULL);
    uint32_t c = model_entry_colour(&glob, NOW, NULL);
    ck_assert_uint_ne(a, b);
    ck_assert_uint_ne(a, c);
    ck_assert_uint_ne(b, c);
}
END_TEST

START_TEST(test_blend_ends_at_its_endpoints)
{
    ck_assert_uint_eq(model_blend(0x102030, 0xf0e0d0, 0), 0x102030);
    ck_assert_uint_eq(model_blend(0x102030, 0xf0e0d0, 256), 0xf0e0d0);
    ck_assert_uint_eq(model_blend(0x000000, 0xfefefe, 128), 0x7f7f7f);
    ck_assert_uint_eq(model_blend(0x000000, 0xffffff, 999), 0xffffff);
}
END_TEST

START_TEST(test_frame_kinds_have_distinct_colours)
{
    for (int a = 0; a < FK_KINDS; a++)
        for (int b = a + 1; b < FK_KINDS; b++) {
            if (a == FK_USER || b == FK_USER)
                continue;
            ck_assert_uint_ne(model_frame_colour(frame_cell((enum frame_kind)a, false, 0)),
                              model_frame_colour(frame_cell((enum frame_kind)b, false, 0)));
        }
}
END_TEST

START_TEST(test_owner_colours_are_stable_and_differ_for_neighbours)
{
    for (uint32_t id = 0; id < 40; id++) {
        uint32_t c = model_frame_colour(frame_cell(FK_USER, true, id));
        ck_assert_uint_eq(c, model_id_colour(id));
        ck_assert_uint_ne(c, model_id_colour(id + 1));
        for (int k = 0; k < FK_KINDS; k++)
            if (k != FK_USER)
                ck_assert_uint_ne(c, model_frame_colour(frame_cell((enum frame_kind)k, false, 0)));
    }
}
END_TEST

START_TEST(test_frame_cells_keep_kind_owner_and_source)
{
    uint32_t c = frame_cell(FK_USER, true, 12345);
    ck_assert_int_eq(frame_cell_kind(c), FK_USER);
    ck_assert_uint_eq(frame_cell_id(c), 12345);
    ck_assert(c & FRAME_BY_PID);
    ck_assert(!(frame_cell(FK_USER, false, 7) & FRAME_BY_PID));
}
END_TEST

START_TEST(test_a_shared_cell_shows_the_most_telling_frame)
{
    uint32_t cells[4] = { frame_cell(FK_TOUCHED, false, 0), frame_cell(FK_USER, true, 3),
                          frame_cell(FK_PAGE_TABLE, false, 0), frame_cell(FK_UNTOUCHED, false, 0) };
    struct frame_map fm = { .nframes = 4, .cell = cells };
    ck_assert_int_eq(frame_cell_kind(frame_map_group(&fm, 0, 4)), FK_PAGE_TABLE);
    ck_assert_int_eq(frame_cell_kind(frame_map_group(&fm, 0, 2)), FK_USER);
    ck_assert_int_eq(frame_cell_kind(frame_map_group(&fm, 3, 5)), FK_UNTOUCHED);
}
END_TEST

Suite *colour_suite(void)
{
    Suite *s = suite_create("colour");
    TCase *tc = tcase_create("mapping");
    tcase_add_test(tc, test_every_tlb_event_has_its_panel_event);
    tcase_add_test(tc, test_event_colours_are_distinct);
    tcase_add_test(tc, test_an_event_of_this_sample_shows_its_full_colour);
    tcase_add_test(tc, test_a_flash_fades_back_to_the_base_colour);
    tcase_add_test(tc, test_the_most_recent_of_hit_and_event_shows);
    tcase_add_test(tc, test_an_event_beats_a_hit_of_the_same_sample);
    tcase_add_test(tc, test_an_invalid_entry_never_shows_a_hit);
    tcase_add_test(tc, test_valid_invalid_and_global_bases_differ);
    tcase_add_test(tc, test_blend_ends_at_its_endpoints);
    tcase_add_test(tc, test_frame_kinds_have_distinct_colours);
    tcase_add_test(tc, test_owner_colours_are_stable_and_differ_for_neighbours);
    tcase_add_test(tc, test_frame_cells_keep_kind_owner_and_source);
    tcase_add_test(tc, test_a_shared_cell_shows_the_most_telling_frame);
    suite_add_tcase(s, tc);
    return s;
}
