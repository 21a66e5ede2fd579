/* Timeline ring buffers: newest first, the oldest rows fall off at capacity, NAN for
 * what is not kept, and maxima that skip missing values and stack series. */
#include <math.h>

#include "panel/timeline.h"
#include "unit.h"

static struct timeline tl;

static void setup(void) { ck_assert(timeline_init(&tl, 3, 4)); }
static void teardown(void) { timeline_free(&tl); }

static void push3(float a, float b, float c)
{
    float row[3] = { a, b, c };
    timeline_push(&tl, row);
}

START_TEST(test_timeline_starts_empty)
{
    ck_assert_int_eq(timeline_len(&tl), 0);
    ck_assert(isnan(timeline_get(&tl, 0, 0)));
    ck_assert(timeline_max(&tl, 10, 0) == 0.0f);
}
END_TEST

START_TEST(test_timeline_age_zero_is_the_newest_row)
{
    push3(1, 10, 100);
    push3(2, 20, 200);
    ck_assert_int_eq(timeline_len(&tl), 2);
    ck_assert(timeline_get(&tl, 0, 0) == 2.0f);
    ck_assert(timeline_get(&tl, 0, 2) == 200.0f);
    ck_assert(timeline_get(&tl, 1, 1) == 10.0f);
    ck_assert(isnan(timeline_get(&tl, 2, 0)));
}
END_TEST

START_TEST(test_timeline_wraps_keeping_the_newest_cap_rows)
{
    for (int i = 0; i < 10; i++)
        push3((float)i, 0, 0);
    ck_assert_int_eq(timeline_len(&tl), 4);
    ck_assert(timeline_get(&tl, 0, 0) == 9.0f);
    ck_assert(timeline_get(&tl, 3, 0) == 6.0f);
    ck_assert(isnan(timeline_get(&tl, 4, 0)));
    ck_assert(isnan(timeline_get(&tl, -1, 0)));
}
END_TEST

START_TEST(test_timeline_out_of_range_series_is_nan)
{
    push3(1, 2, 3);
    ck_assert(isnan(timeline_get(&tl, 0, 3)));
    ck_assert(isnan(timeline_get(&tl, 0, -1)));
}
END_TEST

START_TEST(test_timeline_max_skips_nan_and_looks_at_n_rows)
{
    push3(5, NAN, 0);
    push3(NAN, 1, 0);
    push3(2, 3, 0);
    ck_assert(timeline_max(&tl, 3, 0) == 5.0f);
    ck_assert(timeline_max(&tl, 2, 0) == 2.0f);      /* the 5 is older than 2 rows */
    ck_assert(timeline_max(&tl, 99, 1) == 3.0f);
}
END_TEST

START_TEST(test_timeline_max_sum_stacks_series)
{
    push3(1, 2, 100);
    push3(4, NAN, 100);
    push3(2, 2, 100);
    ck_assert(timeline_max_sum(&tl, 3, 0, 2) == 4.0f);
    ck_assert(timeline_max_sum(&tl, 3, 0, 3) == 104.0f);
}
END_TEST

START_TEST(test_timeline_rejects_empty_sizes)
{
    struct timeline t;
    ck_assert(!timeline_init(&t, 0, 4));
    ck_assert(!timeline_init(&t, 2, 0));
    timeline_free(&t);
}
END_TEST

Suite *timeline_suite(void)
{
    Suite *s = suite_create("timeline");
    TCase *tc = tcase_create("ring");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_timeline_starts_empty);
    tcase_add_test(tc, test_timeline_age_zero_is_the_newest_row);
    tcase_add_test(tc, test_timeline_wraps_keeping_the_newest_cap_rows);
    tcase_add_test(tc, test_timeline_out_of_range_series_is_nan);
    tcase_add_test(tc, test_timeline_max_skips_nan_and_looks_at_n_rows);
    tcase_add_test(tc, test_timeline_max_sum_stacks_series);
    tcase_add_test(tc, test_timeline_rejects_empty_sizes);
    suite_add_tcase(s, tc);
    return s;
}
