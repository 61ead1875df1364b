/* test-recurrence.c: treatment plans, expanded across daylight-saving changes and checked
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-recurrence.h"
#include "spa-test-util.h"

#define SWEDISH spa_default_service_id (0)
#define TUESDAYS "{\"tue\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}"

static GPtrArray *
expand (GTimeZone  *zone,
        int         year,
        int         month,
        int         day,
        int         hour,
        int         minute,
        guint       weeks,
        guint       count,
        GDate      *until)
{
  g_autoptr(GDateTime) first = g_date_time_new (zone, year, month, day, hour, minute, 0);
  SpaRecurrence rule = { weeks, count, until };
  g_autoptr(GError) error = NULL;
  GPtrArray *starts = spa_recurrence_expand (first, zone, &rule, &error);

  g_assert_no_error (error);
  return starts;
}

static void
assert_utc (GPtrArray          *starts,
            const char * const *expected)
{
  g_assert_cmpuint (starts->len, ==, g_strv_length ((char **)expected));
  for (guint i = 0; i < starts->len; i++)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (starts->pdata[i]);
      g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

      g_assert_cmpstr (text, ==, expected[i]);
    }
}

/* Weekly at 10:00 in Vancouver over the spring change (2027-03-14): the visits stay at
 * 10:00 local, so UTC moves from 18:00 to 17:00. */
static void
test_weekly_across_spring (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GPtrArray) starts = expand (zone, 2027, 3, 2, 10, 0, 1, 6, NULL);

  assert_utc (starts, (const char * const []) {
    "2027-03-02T18:00:00Z", "2027-03-09T18:00:00Z", "2027-03-16T17:00:00Z",
    "2027-03-23T17:00:00Z", "2027-03-30T17:00:00Z", "2027-04-06T17:00:00Z", NULL });
  for (guint i = 0; i < starts->len; i++)
    {
      g_assert_cmpint (g_date_time_get_hour (starts->pdata[i]), ==, 10);
      g_assert_cmpint (g_date_time_get_day_of_week (starts->pdata[i]), ==, 2);
    }
}

/* Every two weeks until a day (inclusive) over the autumn change (2026-11-01), and the
 * same in Paris, whose change falls on another day (2026-10-25). */
static void
test_until_across_autumn (void)
{
  g_autoptr(GTimeZone) vancouver = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDate) until = g_date_new_dmy (17, G_DATE_NOVEMBER, 2026);
  g_autoptr(GPtrArray) here = expand (vancouver, 2026, 10, 20, 9, 30, 2, 0, until);
  g_autoptr(GPtrArray) there = expand (paris, 2026, 10, 20, 9, 30, 2, 0, until);

  assert_utc (here, (const char * const []) {
    "2026-10-20T16:30:00Z", "2026-11-03T17:30:00Z", "2026-11-17T17:30:00Z", NULL });
  assert_utc (there, (const char * const []) {
    "2026-10-20T07:30:00Z", "2026-11-03T08:30:00Z", "2026-11-17T08:30:00Z", NULL });
}

/* 02:30 does not exist on 2027-03-14 in Vancouver: that visit moves to the first
 * valid time, the others keep 02:30. */
static void
test_skipped_time (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GPtrArray) starts = expand (zone, 2027, 3, 7, 2, 30, 1, 3, NULL);

  g_assert_cmpuint (starts->len, ==, 3);
  g_assert_cmpint (g_date_time_get_day_of_month (starts->pdata[1]), ==, 14);
  g_assert_cmpint (g_date_time_get_hour (starts->pdata[1]), ==, 3);
  g_assert_cmpint (g_date_time_get_hour (starts->pdata[2]), ==, 2);
}

static void
test_bad_rules (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) first = g_date_time_new (zone, 2027, 3, 2, 10, 0, 0);
  g_autoptr(GDate) until = g_date_new_dmy (1, G_DATE_MARCH, 2027);
  const SpaRecurrence bad[] = {
    { 0, 6, NULL },                      /* every 0 weeks */
    { 53, 6, NULL },                     /* more than a year apart */
    { 1, SPA_RECURRENCE_MAX_OCCURRENCES + 1, NULL },
    { 1, 0, NULL },                      /* neither a count nor a day */
    { 1, 6, until },                     /* both */
    { 1, 0, until },                     /* ends before it starts */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (spa_recurrence_expand (first, zone, &bad[i], &error));
      g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
    }
}

/* Six Tuesdays with Claire, the third taken: five slots, and free times that day for
 * the third. */
static void
test_check_plan (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaRecord) client = spa_test_add_client (store, "Zoë", "Tremblay", NULL, NULL);
  g_autoptr(SpaRecord) claire = spa_test_add_named (store, "therapist", "Claire Dubois",
                                                    TUESDAYS);
  g_autoptr(SpaRecord) taken = spa_record_new ("booking");
  g_autoptr(GPtrArray) starts = expand (zone, 2027, 3, 2, 10, 0, 1, 6, NULL);
  g_autoptr(GDateTime) now = g_date_time_new (zone, 2027, 2, 1, 12, 0, 0);
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GError) error = NULL;
  SpaAvailabilityQuery query = {
    .service_id = SWEDISH,
    .therapist_id = spa_record_get_id (claire),
    .now = now,
    .zone = zone,
  };

  spa_schedule_set_time_zone (store, zone);
  /* 2027-03-16 10:30 local: the third visit (10:00-11:00) clashes. */
  spa_record_set_string (taken, "client_id", spa_record_get_id (client));
  spa_record_set_string (taken, "therapist_id", spa_record_get_id (claire));
  spa_record_set_string (taken, "service_id", SWEDISH);
  spa_record_set_string (taken, "starts_at", "2027-03-16T17:30:00Z");
  spa_record_set_string (taken, "ends_at", "2027-03-16T18:30:00Z");
  spa_record_set_string (taken, "status", "booked");
  g_assert_true (spa_store_save (store, taken, &error));
  g_assert_no_error (error);

  visits = spa_recurrence_check (store, &query, starts, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (visits->len, ==, 6);
  for (guint i = 0; i < visits->len; i++)
    {
      SpaPlanVisit *visit = visits->pdata[i];

      if (i == 2)
        {
          g_assert_null (visit->slot);
          g_assert_cmpuint (visit->alternatives->len, ==, 3);
          for (guint a = 0; a < visit->alternatives->len; a++)
            {
              SpaSlot *slot = visit->alternatives->pdata[a];

              g_assert_cmpint (g_date_time_get_day_of_month (slot->starts), ==, 16);
              g_assert_cmpstr (slot->therapist_id, ==, spa_record_get_id (claire));
            }
        }
      else
        {
          g_assert_nonnull (visit->slot);
          g_assert_null (visit->alternatives);
          g_assert_true (g_date_time_equal (visit->slot->starts, visit->starts));
        }
    }

  /* The free time offered first is the nearest to 10:00 (09:15, which ends as the
   * taken one starts, less its buffer), not the day's first (09:00). */
  g_clear_pointer (&visits, g_ptr_array_unref);
  visits = spa_recurrence_check (store, &query, starts, 1, &error);
  g_assert_no_error (error);
  {
    SpaPlanVisit *third = visits->pdata[2];
    g_autoptr(GDateTime) local = NULL;

    g_assert_cmpuint (third->alternatives->len, ==, 1);
    local = g_date_time_to_timezone (((SpaSlot *)third->alternatives->pdata[0])->starts, zone);
    g_assert_cmpint (g_date_time_get_hour (local), ==, 9);
    g_assert_cmpint (g_date_time_get_minute (local), ==, 15);
  }
  spa_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recurrence/weekly-across-spring", test_weekly_across_spring);
  g_test_add_func ("/recurrence/until-across-autumn", test_until_across_autumn);
  g_test_add_func ("/recurrence/skipped-time", test_skipped_time);
  g_test_add_func ("/recurrence/bad-rules", test_bad_rules);
  g_test_add_func ("/recurrence/check-plan", test_check_plan);

  return g_test_run ();
}
