/* test-calendar-model.c: what the day calendar is given to draw, without a display
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-test-util.h"

#define SWEDISH spa_default_service_id (0)

/* Monday 24 November 2025 in Vancouver: 09:00-12:00 and 13:00-17:00. */
#define MONDAY_HOURS \
  "{\"mon\": [{\"start\": \"09:00\", \"end\": \"12:00\"}," \
  " {\"start\": \"13:00\", \"end\": \"17:00\"}]}"

typedef struct
{
  char      *dir;
  SpaStore  *store;
  GTimeZone *zone;
  GDateTime *monday;    /* local midnight */
  SpaRecord *marcus;
  SpaRecord *claire;
  SpaRecord *booking;   /* Monday 10:00 with Marcus */
  char      *gone_id;   /* an inactive therapist */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) gone = NULL;
  g_autoptr(SpaBookingDraft) draft = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GError) error = NULL;

  f->zone = g_time_zone_new_identifier ("America/Vancouver");
  f->monday = g_date_time_new (f->zone, 2025, 11, 24, 0, 0, 0);
  f->store = spa_test_open_store (&f->dir);
  spa_schedule_set_time_zone (f->store, f->zone);
  client = spa_test_add_client (f->store, "Zoë", "Tremblay", NULL, NULL);
  f->marcus = spa_test_add_named (f->store, "therapist", "Marcus Lee", MONDAY_HOURS);
  f->claire = spa_test_add_named (f->store, "therapist", "Claire Dubois", MONDAY_HOURS);
  gone = spa_test_add_named (f->store, "therapist", "Ana Ruiz", MONDAY_HOURS);
  spa_record_set_boolean (gone, "active", FALSE);
  f->gone_id = g_strdup (spa_record_get_id (gone));
  g_assert_true (spa_store_save (f->store, gone, &error));
  g_assert_no_error (error);

  draft = spa_booking_draft_new (f->store, NULL);
  starts = g_date_time_add_hours (f->monday, 10);
  spa_booking_draft_set_client_id (draft, spa_record_get_id (client));
  spa_booking_draft_set_service_id (draft, SWEDISH);
  spa_booking_draft_set_therapist_id (draft, spa_record_get_id (f->marcus));
  spa_booking_draft_set_starts (draft, starts);
  f->booking = spa_booking_draft_build (draft);
  g_assert_true (spa_store_save (f->store, f->booking, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->booking);
  g_clear_pointer (&f->gone_id, g_free);
  g_clear_object (&f->marcus);
  g_clear_object (&f->claire);
  g_clear_object (&f->store);
  g_clear_pointer (&f->monday, g_date_time_unref);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* A day: one column per active therapist, by name, with their hours; the day's
 * bookings; each booking's record and sync state. */
static void
test_day (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(SpaCalendarModel) model = spa_calendar_model_new (f->store);
  g_autoptr(GDateTime) sunday = g_date_time_add_days (f->monday, -1);
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const SpaCalendarColumn *column;
  const SpaDayBooking *shown;
  SpaDayBookings *bookings;

  g_assert_true (spa_calendar_model_load (model, f->zone, f->monday, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 2);
  g_assert_cmpstr (spa_calendar_model_get_column (model, 0)->title, ==, "Claire Dubois");
  column = spa_calendar_model_get_column (model, 1);
  g_assert_cmpstr (column->title, ==, "Marcus Lee");
  g_assert_cmpstr (column->therapist_id, ==, spa_record_get_id (f->marcus));
  g_assert_true (g_date_time_equal (column->day, f->monday));
  g_assert_cmpuint (column->intervals->len, ==, 4);
  g_assert_cmpint (g_array_index (column->intervals, int, 0), ==, 9 * 60);
  g_assert_cmpint (g_array_index (column->intervals, int, 3), ==, 17 * 60);

  bookings = spa_calendar_model_get_bookings (model);
  g_assert_nonnull (bookings);
  g_assert_cmpuint (bookings->items->len, ==, 1);
  shown = &g_array_index (bookings->items, SpaDayBooking, 0);
  g_assert_cmpstr (shown->id, ==, spa_record_get_id (f->booking));
  g_assert_cmpstr (shown->client_name, ==, "Zoë Tremblay");
  g_assert_cmpint (spa_calendar_model_get_sync (model, shown->id, NULL), ==,
                   SPA_CALENDAR_SYNC_NONE);
  record = spa_calendar_model_get_booking (model, shown->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (record, "therapist_id"), ==,
                   spa_record_get_id (f->marcus));

  /* The day before has no booking; loading again frees what was read. */
  g_assert_true (spa_calendar_model_load (model, f->zone, sunday, NULL, &error));
  g_assert_cmpuint (spa_calendar_model_get_bookings (model)->items->len, ==, 0);
}

/* A therapist's week: seven columns from Monday, the days not worked said so. */
static void
test_week (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SpaCalendarModel) model = spa_calendar_model_new (f->store);
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_calendar_model_load (model, f->zone, f->monday, spa_record_get_id (f->marcus),
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpstr (spa_calendar_model_get_column (model, i)->therapist_id, ==,
                     spa_record_get_id (f->marcus));
  g_assert_cmpuint (spa_calendar_model_get_column (model, 0)->intervals->len, ==, 4);
  g_assert_cmpstr (spa_calendar_model_get_column (model, 1)->subtitle, ==, "Day off");
  g_assert_cmpuint (spa_calendar_model_get_column (model, 1)->intervals->len, ==, 0);
  g_assert_cmpuint (spa_calendar_model_get_bookings (model)->items->len, ==, 1);

  /* A therapist who is not there: no column, no booking, and the store says why. */
  g_assert_false (spa_calendar_model_load (model, f->zone, f->monday, "no-such-therapist", &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 0);
  g_assert_null (spa_calendar_model_get_bookings (model));
}

/* A phone's day: one therapist's column and bookings, whoever else works that day. */
static void
test_therapist_day (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SpaCalendarModel) model = spa_calendar_model_new (f->store);
  g_autoptr(GError) error = NULL;
  const SpaCalendarColumn *column;
  SpaDayBookings *bookings;

  g_assert_true (spa_calendar_model_load_therapist_day (model, f->zone, f->monday,
                                                        spa_record_get_id (f->marcus), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 1);
  column = spa_calendar_model_get_column (model, 0);
  g_assert_cmpstr (column->title, ==, "Marcus Lee");
  g_assert_cmpstr (column->therapist_id, ==, spa_record_get_id (f->marcus));
  g_assert_true (g_date_time_equal (column->day, f->monday));
  g_assert_cmpuint (column->intervals->len, ==, 4);
  bookings = spa_calendar_model_get_bookings (model);
  g_assert_cmpuint (bookings->items->len, ==, 1);
  g_assert_cmpstr (g_array_index (bookings->items, SpaDayBooking, 0).id, ==,
                   spa_record_get_id (f->booking));

  /* Claire's column has none of Marcus's bookings. */
  g_assert_true (spa_calendar_model_load_therapist_day (model, f->zone, f->monday,
                                                        spa_record_get_id (f->claire), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 1);
  g_assert_cmpstr (spa_calendar_model_get_column (model, 0)->title, ==, "Claire Dubois");
  g_assert_cmpuint (spa_calendar_model_get_bookings (model)->items->len, ==, 0);

  /* Someone no longer working here (or never): no column to draw. */
  g_assert_true (spa_calendar_model_load_therapist_day (model, f->zone, f->monday, f->gone_id,
                                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 0);
  g_assert_null (spa_calendar_model_get_bookings (model));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/calendar-model/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("day", test_day);
  ADD ("week", test_week);
  ADD ("therapist-day", test_therapist_day);
#undef ADD

  return g_test_run ();
}
