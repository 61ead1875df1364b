/* test-schedule.c: the overlap rule, working hours, status changes and time zones
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

/* Swedish 60 min with 15 min cleanup; hot stone 90 min with 20 min cleanup. */
#define SWEDISH spa_default_service_id (0)
#define HOT_STONE spa_default_service_id (4)

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaRecord *client;
  SpaRecord *therapist_a;
  SpaRecord *therapist_b;
  SpaRecord *room_1;
  SpaRecord *room_2;
} Fixture;

#define MONDAY_AND_SUNDAY_HOURS \
  "{\"mon\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": \"17:00\"}]," \
  " \"sun\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");

  f->store = spa_test_open_store (&f->dir);
  spa_schedule_set_time_zone (f->store, zone);
  f->client = spa_test_add_client (f->store, "Zoë", "Tremblay", NULL, NULL);
  f->therapist_a = spa_test_add_named (f->store, "therapist", "Claire Dubois", MONDAY_AND_SUNDAY_HOURS);
  f->therapist_b = spa_test_add_named (f->store, "therapist", "Marcus Lee", MONDAY_AND_SUNDAY_HOURS);
  f->room_1 = spa_test_add_named (f->store, "room", "Cedar room", NULL);
  f->room_2 = spa_test_add_named (f->store, "room", "Ocean room", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->therapist_a);
  g_clear_object (&f->therapist_b);
  g_clear_object (&f->room_1);
  g_clear_object (&f->room_2);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

static SpaRecord *
make_booking (Fixture    *f,
              SpaRecord  *therapist,
              SpaRecord  *room,
              const char *service_id,
              const char *starts,
              const char *ends)
{
  SpaRecord *booking = spa_record_new ("booking");

  spa_record_set_string (booking, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "service_id", service_id);
  if (room)
    spa_record_set_string (booking, "room_id", spa_record_get_id (room));
  spa_record_set_string (booking, "starts_at", starts);
  spa_record_set_string (booking, "ends_at", ends);
  spa_record_set_string (booking, "status", "booked");
  return booking;
}

static gboolean
try_book (Fixture     *f,
          SpaRecord   *therapist,
          SpaRecord   *room,
          const char  *service_id,
          const char  *starts,
          const char  *ends,
          GError     **error)
{
  g_autoptr(SpaRecord) booking = make_booking (f, therapist, room, service_id, starts, ends);

  return spa_store_save (f->store, booking, error);
}

static void
book (Fixture    *f,
      SpaRecord  *therapist,
      SpaRecord  *room,
      const char *service_id,
      const char *starts,
      const char *ends)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (try_book (f, therapist, room, service_id, starts, ends, &error));
  g_assert_no_error (error);
}

static void
test_touching_allowed (Fixture       *f,
                       gconstpointer  data)
{
  /* 17:00-18:00Z plus 15 min cleanup: the next one may start at 18:15 exactly. */
  book (f, f->therapist_a, f->room_1, SWEDISH, "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");
  book (f, f->therapist_a, f->room_1, SWEDISH, "2025-11-24T18:15:00Z", "2025-11-24T19:15:00Z");
  /* And one that ends (with its cleanup) exactly when the first starts. */
  book (f, f->therapist_a, f->room_1, SWEDISH, "2025-11-24T15:45:00Z", "2025-11-24T16:45:00Z");
  g_assert_cmpint (spa_store_count (f->store, "booking"), ==, 3);
}

static void
test_buffer_counted (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  book (f, f->therapist_a, NULL, HOT_STONE, "2025-11-24T17:00:00Z", "2025-11-24T18:30:00Z");

  /* Starts after the massage ends but inside its 20 minutes of cleanup. */
  g_assert_false (try_book (f, f->therapist_a, NULL, SWEDISH,
                            "2025-11-24T18:40:00Z", "2025-11-24T19:40:00Z", &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "therapist_id");
  g_assert_nonnull (strstr (error->message, "Claire Dubois"));
  g_assert_nonnull (strstr (error->message, "Hot stone massage"));
  /* Shown in the spa's time (Vancouver, UTC-8 in November). */
  g_assert_nonnull (strstr (error->message, "09:00–10:30"));
  g_clear_error (&error);

  /* The new booking's own cleanup counts too: ends 16:50, cleanup until 17:05. */
  g_assert_false (try_book (f, f->therapist_a, NULL, SWEDISH,
                            "2025-11-24T15:50:00Z", "2025-11-24T16:50:00Z", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "therapist_id");
  g_clear_error (&error);

  book (f, f->therapist_a, NULL, SWEDISH, "2025-11-24T18:50:00Z", "2025-11-24T19:50:00Z");
  g_assert_cmpint (spa_store_count (f->store, "booking"), ==, 2);
  /* Nothing half-written: one outbox row per booking saved. */
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_outbox WHERE entity = ?", "booking"), ==, 2);
}

static void
test_cancelled_ignored (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SpaRecord) first = make_booking (f, f->therapist_a, f->room_1, SWEDISH,
                                             "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");
  g_autoptr(GError) error = NULL;

  spa_store_save (f->store, first, &error);
  g_assert_no_error (error);
  g_assert_true (spa_schedule_set_status (f->store, first, "cancelled", "Client is ill", &error));
  g_assert_no_error (error);

  book (f, f->therapist_a, f->room_1, SWEDISH, "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");

  /* The cancelled one cannot come back over the new one. */
  g_assert_false (spa_booking_status_can_change ("cancelled", "booked"));

  /* Completed and no-show bookings no longer hold the slot either. */
  {
    g_autoptr(SpaRecord) other = make_booking (f, f->therapist_b, f->room_2, SWEDISH,
                                               "2025-11-25T17:00:00Z", "2025-11-25T18:00:00Z");
    spa_store_save (f->store, other, &error);
    g_assert_no_error (error);
    g_assert_true (spa_schedule_set_status (f->store, other, "no_show", NULL, &error));
    book (f, f->therapist_b, f->room_2, SWEDISH, "2025-11-25T17:30:00Z", "2025-11-25T18:30:00Z");
  }
}

static void
test_room_clash (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  book (f, f->therapist_a, f->room_1, SWEDISH, "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");

  g_assert_false (try_book (f, f->therapist_b, f->room_1, SWEDISH,
                            "2025-11-24T17:30:00Z", "2025-11-24T18:30:00Z", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "room_id");
  g_assert_nonnull (strstr (error->message, "Cedar room"));
  g_clear_error (&error);

  /* The same client with another therapist: the desk is told (cleanup not counted)... */
  {
    g_autoptr(SpaRecord) same_client = make_booking (f, f->therapist_b, f->room_2, SWEDISH,
                                                     "2025-11-24T17:30:00Z", "2025-11-24T18:30:00Z");
    g_autoptr(SpaRecord) after = make_booking (f, f->therapist_b, f->room_2, SWEDISH,
                                               "2025-11-24T18:00:00Z", "2025-11-24T19:00:00Z");
    g_autoptr(SpaRecord) clash = spa_schedule_find_clash (f->store, same_client, "client_id", NULL);
    g_autoptr(SpaRecord) none = spa_schedule_find_clash (f->store, after, "client_id", NULL);
    g_autofree char *message = NULL;

    g_assert_nonnull (clash);
    g_assert_null (none);
    message = spa_schedule_describe_clash (f->store, "client_id", clash);
    g_assert_nonnull (strstr (message, "Zoë Tremblay already has a booking"));
  }

  /* ...but the store does not refuse it: another room is fine; so is no room at all. */
  book (f, f->therapist_b, f->room_2, SWEDISH, "2025-11-24T17:30:00Z", "2025-11-24T18:30:00Z");
  g_assert_cmpint (spa_store_count (f->store, "booking"), ==, 2);
}

static void
test_therapist_clash (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) moving = NULL;
  g_autoptr(GDateTime) to = NULL;

  book (f, f->therapist_a, f->room_1, HOT_STONE, "2025-11-24T17:00:00Z", "2025-11-24T18:30:00Z");

  /* Entirely inside, around, same start. */
  g_assert_false (try_book (f, f->therapist_a, f->room_2, SWEDISH,
                            "2025-11-24T17:15:00Z", "2025-11-24T17:45:00Z", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "therapist_id");
  g_clear_error (&error);
  g_assert_false (try_book (f, f->therapist_a, f->room_2, SWEDISH,
                            "2025-11-24T16:00:00Z", "2025-11-24T20:00:00Z", &error));
  g_clear_error (&error);
  g_assert_false (try_book (f, f->therapist_a, f->room_2, SWEDISH,
                            "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z", &error));
  g_clear_error (&error);

  /* A booking long before (beyond the 14 h reach of the index range) does not matter. */
  book (f, f->therapist_a, f->room_2, SWEDISH, "2025-11-23T17:00:00Z", "2025-11-23T18:00:00Z");

  /* Moving a booking onto another (as the calendar's drag saves it) is refused by the
   * store whatever the desk checked. */
  moving = make_booking (f, f->therapist_b, f->room_2, SWEDISH, "2025-11-24T20:00:00Z", "2025-11-24T21:00:00Z");
  spa_store_save (f->store, moving, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SpaBookingDraft) draft = spa_booking_draft_new (f->store, moving);
    g_autoptr(SpaRecord) moved = NULL;

    to = g_date_time_new_from_iso8601 ("2025-11-24T17:30:00Z", NULL);
    spa_booking_draft_set_therapist_id (draft, spa_record_get_id (f->therapist_a));
    spa_booking_draft_set_starts (draft, to);
    moved = spa_booking_draft_build (draft);
    g_assert_false (spa_store_save (f->store, moved, &error));
    g_assert_cmpstr (spa_validation_error_get_field (error), ==, "therapist_id");
    g_clear_error (&error);

    /* Moving to a free time works, keeping the length. */
    g_clear_pointer (&to, g_date_time_unref);
    to = g_date_time_new_from_iso8601 ("2025-11-24T19:00:00Z", NULL);
    spa_booking_draft_set_starts (draft, to);
    g_clear_object (&moved);
    moved = spa_booking_draft_build (draft);
    g_assert_true (spa_store_save (f->store, moved, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (spa_record_get_string (moved, "ends_at"), ==, "2025-11-24T20:00:00Z");
    g_set_object (&moving, moved);
  }
  /* Saving a booking again does not clash with itself. */
  spa_record_set_string (moving, "notes", "Prefers the window side");
  g_assert_true (spa_store_save (f->store, moving, &error));
  g_assert_no_error (error);
}

static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SpaRecord) booking = make_booking (f, f->therapist_a, f->room_1, SWEDISH,
                                               "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *history;

  spa_store_save (f->store, booking, &error);
  g_assert_no_error (error);

  g_assert_true (spa_schedule_set_status (f->store, booking, "confirmed", NULL, &error));
  g_assert_true (spa_schedule_set_status (f->store, booking, "checked_in", NULL, &error));
  g_assert_false (spa_schedule_set_status (f->store, booking, "no_show", NULL, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (spa_schedule_set_status (f->store, booking, "completed", NULL, &error));
  g_assert_false (spa_schedule_set_status (f->store, booking, "cancelled", NULL, &error));
  g_clear_error (&error);

  stored = spa_store_get (f->store, "booking", spa_record_get_id (booking), &error);
  g_assert_cmpstr (spa_record_get_string (stored, "status"), ==, "completed");
  history = json_node_get_array (spa_record_get_json (stored, "status_history"));
  g_assert_cmpint (json_array_get_length (history), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1), "status"), ==, "checked_in");
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (history, 1), "at"));

  /* The rule holds in the store too, not only through set_status. */
  {
    g_autoptr(SpaRecord) cancelled = make_booking (f, f->therapist_b, NULL, SWEDISH,
                                                   "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");

    spa_store_save (f->store, cancelled, &error);
    g_assert_true (spa_schedule_set_status (f->store, cancelled, "cancelled", "Flu", &error));
    g_assert_cmpstr (spa_record_get_string (cancelled, "cancel_reason"), ==, "Flu");
    spa_record_set_string (cancelled, "status", "checked_in");
    g_assert_false (spa_store_save (f->store, cancelled, &error));
    g_assert_cmpstr (spa_validation_error_get_field (error), ==, "status");
  }
}

static void
test_working_hours (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  struct { const char *start, *end; gboolean ok; } cases[] = {
    /* Monday 24 November 2025, Vancouver is UTC-8. */
    { "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z", TRUE },   /* 09:00-10:00 */
    { "2025-11-24T19:00:00Z", "2025-11-24T20:00:00Z", TRUE },   /* 11:00-12:00 touches the break */
    { "2025-11-24T19:30:00Z", "2025-11-24T20:30:00Z", FALSE },  /* into lunch */
    { "2025-11-24T16:45:00Z", "2025-11-24T17:45:00Z", FALSE },  /* before opening */
    { "2025-11-25T00:00:00Z", "2025-11-25T01:00:00Z", TRUE },   /* 16:00-17:00 */
    { "2025-11-25T00:30:00Z", "2025-11-25T01:30:00Z", FALSE },  /* past closing */
    { "2025-11-25T17:00:00Z", "2025-11-25T18:00:00Z", FALSE },  /* Tuesday: day off */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) s = g_date_time_new_from_iso8601 (cases[i].start, NULL);
      g_autoptr(GDateTime) e = g_date_time_new_from_iso8601 (cases[i].end, NULL);

      g_assert_cmpint (spa_schedule_within_working_hours (f->therapist_a, zone, s, e), ==, cases[i].ok);
    }

  {
    g_autoptr(GDateTime) monday = g_date_time_new (zone, 2025, 11, 24, 12, 0, 0);
    g_autoptr(GDateTime) tuesday = g_date_time_add_days (monday, 1);
    g_autofree char *monday_hours = spa_schedule_format_hours (f->therapist_a, monday);
    g_autofree char *tuesday_hours = spa_schedule_format_hours (f->therapist_a, tuesday);

    g_assert_cmpstr (monday_hours, ==, "09:00–12:00, 13:00–17:00");
    g_assert_cmpstr (tuesday_hours, ==, "");
  }
}

static void
test_dst (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GError) error = NULL;
  struct { int month, day; const char *nine_am; const char *day_start; gint64 hours; } days[] = {
    /* 2025, because tzdata 2026 keeps British Columbia on UTC-7 from November 2026
     * (no change back that year), and CI images may carry older tzdata. */
    /* Sunday 9 March 2025: clocks go forward at 02:00; 09:00 is PDT (UTC-7). */
    { 3, 9, "2025-03-09T16:00:00Z", "2025-03-09T08:00:00Z", 23 },
    /* Sunday 2 November 2025: clocks go back at 02:00; 09:00 is PST (UTC-8). */
    { 11, 2, "2025-11-02T17:00:00Z", "2025-11-02T07:00:00Z", 25 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GDateTime) start = spa_schedule_day_start (zone, 2025, days[i].month, days[i].day);
      g_autoptr(GDateTime) next = spa_schedule_day_start (zone, 2025, days[i].month, days[i].day + 1);
      g_autoptr(GDateTime) nine = g_date_time_new (zone, 2025, days[i].month, days[i].day, 9, 0, 0);
      g_autoptr(GDateTime) ten = g_date_time_add_hours (nine, 1);
      g_autoptr(GDateTime) late = g_date_time_new (zone, 2025, days[i].month, days[i].day, 23, 30, 0);
      g_autoptr(GDateTime) late_end = g_date_time_add_minutes (late, 20);
      g_autofree char *nine_utc = spa_time_format_utc (nine);
      g_autofree char *ten_utc = spa_time_format_utc (ten);
      g_autofree char *late_utc = spa_time_format_utc (late);
      g_autofree char *late_end_utc = spa_time_format_utc (late_end);
      g_autofree char *start_utc = spa_time_format_utc (start);
      g_autofree char *shown = NULL;
      g_autoptr(GPtrArray) bookings = NULL;
      g_autoptr(GDateTime) noon = g_date_time_new (zone, 2025, days[i].month, days[i].day, 12, 0, 0);

      g_assert_cmpstr (nine_utc, ==, days[i].nine_am);
      g_assert_cmpstr (start_utc, ==, days[i].day_start);
      g_assert_cmpint (g_date_time_difference (next, start) / G_TIME_SPAN_HOUR, ==, days[i].hours);

      /* Working hours are wall-clock: Sunday 09:00-17:00 local on both change days. */
      g_assert_true (spa_schedule_within_working_hours (f->therapist_a, zone, nine, ten));

      book (f, f->therapist_a, NULL, SWEDISH, nine_utc, ten_utc);
      book (f, f->therapist_b, NULL, SWEDISH, late_utc, late_end_utc);
      shown = spa_schedule_format_local_time (f->store, nine_utc);
      g_assert_cmpstr (shown, ==, "09:00");

      /* Both, including the one just before the local midnight, belong to the day. */
      bookings = spa_schedule_bookings_of_day (f->store, zone, noon, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bookings->len, ==, 2);
    }
}

/* The calendar's compact read gives what the records hold, with the names joined. */
static void
test_day_bookings (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) noon = g_date_time_new (zone, 2025, 3, 9, 12, 0, 0);
  g_autoptr(SpaRecord) other = spa_test_add_client (f->store, "Amélie", "Côté", NULL, NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SpaDayBookings) day = NULL;
  g_autoptr(GError) error = NULL;
  const SpaDayBooking *item;

  spa_record_set_string (other, "preferred_name", "Mimi");
  g_assert_true (spa_store_save (f->store, other, &error));
  book (f, f->therapist_a, f->room_1, SWEDISH, "2025-03-09T17:00:00Z", "2025-03-09T18:00:00Z");
  book (f, f->therapist_b, NULL, SWEDISH, "2025-03-09T16:00:00Z", "2025-03-09T17:00:00Z");
  {
    g_autoptr(SpaRecord) booking = make_booking (f, f->therapist_b, f->room_2, SWEDISH,
                                                 "2025-03-09T18:00:00Z", "2025-03-09T19:00:00Z");

    spa_record_set_string (booking, "client_id", spa_record_get_id (other));
    g_assert_true (spa_store_save (f->store, booking, &error));
  }
  /* The Sundays before and after, not shown. */
  book (f, f->therapist_a, NULL, SWEDISH, "2025-03-02T17:00:00Z", "2025-03-02T18:00:00Z");
  book (f, f->therapist_a, NULL, SWEDISH, "2025-03-16T17:00:00Z", "2025-03-16T18:00:00Z");

  records = spa_schedule_bookings_of_day (f->store, zone, noon, &error);
  day = spa_schedule_day_bookings_of_day (f->store, zone, noon, &error);
  g_assert_no_error (error);
  g_assert_nonnull (day);
  g_assert_cmpuint (day->items->len, ==, 3);
  g_assert_cmpuint (records->len, ==, 3);

  for (guint i = 0; i < records->len; i++)
    {
      SpaRecord *record = records->pdata[i];

      item = &g_array_index (day->items, SpaDayBooking, i);
      g_assert_cmpstr (item->id, ==, spa_record_get_id (record));
      g_assert_cmpstr (item->starts_at, ==, spa_record_get_string (record, "starts_at"));
      g_assert_cmpstr (item->ends_at, ==, spa_record_get_string (record, "ends_at"));
      g_assert_cmpstr (item->status, ==, "booked");
      g_assert_cmpstr (item->therapist_id, ==, spa_record_get_string (record, "therapist_id"));
      g_assert_cmpstr (item->client_id, ==, spa_record_get_string (record, "client_id"));
      g_assert_cmpstr (item->room_id, ==, spa_record_get_string (record, "room_id"));
      g_assert_cmpstr (item->service_id, ==, SWEDISH);
      g_assert_cmpstr (item->service_name, ==, "Swedish massage, 60 min");
      g_assert_cmpint (item->buffer_min, ==, 15);
    }

  /* By start time, names joined, no room when none was booked. */
  item = &g_array_index (day->items, SpaDayBooking, 0);
  g_assert_cmpstr (item->client_name, ==, "Zoë Tremblay");
  g_assert_null (item->room_name);
  item = &g_array_index (day->items, SpaDayBooking, 1);
  g_assert_cmpstr (item->room_name, ==, "Cedar room");
  item = &g_array_index (day->items, SpaDayBooking, 2);
  g_assert_cmpstr (item->client_name, ==, "Mimi Côté");
  g_assert_cmpstr (item->room_name, ==, "Ocean room");
}

static void
test_index_used (Fixture       *f,
                 gconstpointer  data)
{
  /* The overlap query must be an index range on (therapist_id, starts_at). */
  sqlite3_stmt *stmt = NULL;
  gboolean uses_index = FALSE;

  g_assert_cmpint (sqlite3_prepare_v2 (spa_store_get_db (f->store),
                                       "EXPLAIN QUERY PLAN SELECT id FROM booking WHERE therapist_id = ?"
                                       " AND starts_at >= ? AND starts_at < ? AND deleted = 0", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (strstr ((const char *)sqlite3_column_text (stmt, 3), "booking_therapist") != NULL)
      uses_index = TRUE;
  sqlite3_finalize (stmt);
  g_assert_true (uses_index);
}

static void
test_demo (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) today = g_date_time_new (zone, 2026, 11, 25, 12, 0, 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_demo_fill (store, zone, today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM booking WHERE status = ?", "cancelled"), >, 0);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM booking WHERE status = ?", "no_show"), >, 0);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(DISTINCT substr(starts_at, 1, 10)) FROM booking WHERE ?", "1"), >=, 11);
  spa_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/schedule/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("overlap/touching-allowed", test_touching_allowed);
  ADD ("overlap/buffer-counted", test_buffer_counted);
  ADD ("overlap/cancelled-ignored", test_cancelled_ignored);
  ADD ("overlap/room-clash", test_room_clash);
  ADD ("overlap/therapist-clash", test_therapist_clash);
  ADD ("overlap/index-used", test_index_used);
  ADD ("transitions", test_transitions);
  ADD ("working-hours", test_working_hours);
  ADD ("dst", test_dst);
  ADD ("day-bookings", test_day_bookings);
#undef ADD
  g_test_add_func ("/schedule/demo", test_demo);

  return g_test_run ();
}
