/* test-locations.c: a chain's locations in the core
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-test-util.h"
#include "spa-migrations.h"
#include "spa-store-private.h"

#define HOURS "{\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}"

/* Monday 24 November 2025 in Vancouver, as the booking tests book. */
#define MONDAY_10 "2025-11-24T18:00:00Z"
#define MONDAY_11 "2025-11-24T19:00:00Z"
#define MONDAY_12 "2025-11-24T20:00:00Z"

static SpaRecord *
add_location (SpaStore   *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *location = spa_record_new (SPA_LOCATION_ENTITY);

  spa_record_set_string (location, SPA_LOCATION_NAME, name);
  spa_record_set_boolean (location, SPA_LOCATION_ACTIVE, TRUE);
  g_assert_true (spa_store_save (store, location, &error));
  g_assert_no_error (error);
  return location;
}

static SpaRecord *
new_booking (SpaTestSpa *spa,
             const char *location_id,
             SpaRecord  *therapist,
             SpaRecord  *room,
             const char *starts,
             const char *ends)
{
  SpaRecord *booking = spa_record_new (SPA_BOOKING_ENTITY);

  spa_record_set_string (booking, SPA_BOOKING_CLIENT_ID, spa_record_get_id (spa->client));
  spa_record_set_string (booking, SPA_BOOKING_SERVICE_ID, spa_default_service_id (0));
  spa_record_set_string (booking, SPA_BOOKING_THERAPIST_ID, spa_record_get_id (therapist));
  if (room != NULL)
    spa_record_set_string (booking, SPA_BOOKING_ROOM_ID, spa_record_get_id (room));
  spa_record_set_string (booking, SPA_BOOKING_STARTS_AT, starts);
  spa_record_set_string (booking, SPA_BOOKING_ENDS_AT, ends);
  spa_record_set_string (booking, SPA_BOOKING_STATUS, "booked");
  if (location_id != NULL)
    spa_record_set_string (booking, SPA_BOOKING_LOCATION_ID, location_id);
  return booking;
}

/* @record saved with @field set to @value (a location's time zone, a record's location). */
static void
save_field (SpaStore   *store,
            SpaRecord  *record,
            const char *field,
            const char *value)
{
  g_autoptr(GError) error = NULL;

  spa_record_set_string (record, field, value);
  g_assert_true (spa_store_save (store, record, &error));
  g_assert_no_error (error);
}

/* The test spa with a second location, Kitsilano, where the Ocean room is (and Marcus
 * works, if @marcus_moves). */
static SpaRecord *
set_up_chain (SpaTestSpa *spa,
              gboolean    marcus_moves)
{
  SpaRecord *kits;

  spa_test_spa_set_up (spa, HOURS);
  kits = add_location (spa->store, "Kitsilano");
  save_field (spa->store, spa->ocean, SPA_LOCATION_ID_FIELD, spa_record_get_id (kits));
  if (marcus_moves)
    save_field (spa->store, spa->marcus, SPA_LOCATION_ID_FIELD, spa_record_get_id (kits));
  return kits;
}

/* A spa from before locations: its therapists, rooms and bookings move into the one
 * default location, which no desk pushes (every desk and the server make the same). */
static void
test_migration_moves_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  g_autoptr(SpaStore) old = spa_store_open_at_version (path, 50, &error);
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) therapist = NULL;
  g_autoptr(SpaRecord) room = NULL;
  g_autoptr(GPtrArray) locations = NULL;
  gint64 pending;

  g_assert_no_error (error);
  g_assert_true (spa_store_exec (old,
    "INSERT INTO client (id, created_at, updated_at, first_name) VALUES ('c1', 'x', 'x', 'Zoë');"
    "INSERT INTO therapist (id, created_at, updated_at, name, working_hours)"
    "  VALUES ('t1', 'x', 'x', 'Claire', '" HOURS "');"
    "INSERT INTO room (id, created_at, updated_at, name) VALUES ('r1', 'x', 'x', 'Cedar');"
    "INSERT INTO booking (id, created_at, updated_at, client_id, therapist_id, service_id,"
    "  room_id, starts_at, ends_at, status)"
    "  VALUES ('b1', 'x', 'x', 'c1', 't1', '5ba0d35c-0000-4000-8000-000000000001', 'r1',"
    "          '" MONDAY_10 "', '" MONDAY_11 "', 'booked');",
    &error));
  g_assert_no_error (error);
  pending = spa_store_outbox_pending (old);
  g_clear_object (&old);

  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  locations = spa_location_list (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (locations->len, ==, 1);
  g_assert_cmpstr (spa_record_get_id (locations->pdata[0]), ==, SPA_LOCATION_DEFAULT_ID);
  g_assert_cmpstr (spa_location_get_name (locations->pdata[0]), ==, "Main location");
  g_assert_cmpuint (spa_location_count (store), ==, 1);
  g_assert_cmpint (spa_store_outbox_pending (store), ==, pending);

  /* In the rows themselves, not only as the readers' fallback. */
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM booking WHERE location_id = ?",
                                        SPA_LOCATION_DEFAULT_ID), ==, 1);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM room WHERE location_id = ?",
                                        SPA_LOCATION_DEFAULT_ID), ==, 1);
  g_assert_cmpint (spa_test_count_rows (store,
                                        "SELECT count(*) FROM therapist WHERE location_id = ?",
                                        SPA_LOCATION_DEFAULT_ID), ==, 1);
  booking = spa_store_get (store, SPA_BOOKING_ENTITY, "b1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (booking, SPA_BOOKING_LOCATION_ID), ==,
                   SPA_LOCATION_DEFAULT_ID);

  /* The hours the therapist had are their hours at the default location. */
  therapist = spa_store_get (store, SPA_THERAPIST_ENTITY, "t1", &error);
  g_assert_no_error (error);
  g_assert_true (spa_location_therapist_works_at (therapist, SPA_LOCATION_DEFAULT_ID));
  g_assert_true (spa_location_therapist_hours (therapist, SPA_LOCATION_DEFAULT_ID) ==
                 spa_therapist_get_working_hours (therapist));

  /* The old rows still save. */
  room = spa_store_get (store, SPA_ROOM_ENTITY, "r1", &error);
  spa_record_set_string (room, SPA_ROOM_NAME, "Cedar room");
  g_assert_true (spa_store_save (store, room, &error));
  g_assert_no_error (error);
  spa_record_set_string (booking, SPA_BOOKING_NOTES, "Unscented lotion");
  g_assert_true (spa_store_save (store, booking, &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* A booking's room must be at its location and its therapist work there, on the field
 * concerned; a therapist may work at several locations. */
static void
test_belongs_to_location (void)
{
  SpaTestSpa spa = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) kits = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) earlier = NULL;
  g_autoptr(JsonNode) others = NULL;
  g_autofree char *json = NULL;

  kits = set_up_chain (&spa, FALSE);

  /* Made before Marcus moves: it stays valid for what does not move it. */
  earlier = new_booking (&spa, NULL, spa.marcus, spa.cedar, MONDAY_12, "2025-11-24T21:00:00Z");
  g_assert_true (spa_store_save (spa.store, earlier, &error));
  g_assert_no_error (error);

  /* The default location with its own room: fine. */
  booking = new_booking (&spa, NULL, spa.claire, spa.cedar, MONDAY_10, MONDAY_11);
  g_assert_true (spa_store_save (spa.store, booking, &error));
  g_assert_no_error (error);
  g_clear_object (&booking);

  /* A room at another location. */
  booking = new_booking (&spa, NULL, spa.claire, spa.ocean, MONDAY_11, MONDAY_12);
  g_assert_false (spa_store_save (spa.store, booking, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "room_id");
  g_assert_cmpstr (error->message, ==,
                   "Ocean room is at Kitsilano, not at Main location. Choose a room there.");
  g_clear_error (&error);
  g_clear_object (&booking);

  /* A therapist who does not work there. */
  booking = new_booking (&spa, spa_record_get_id (kits), spa.claire, spa.ocean, MONDAY_12,
                         "2025-11-24T21:00:00Z");
  g_assert_false (spa_store_save (spa.store, booking, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "therapist_id");
  g_assert_cmpstr (error->message, ==,
                   "Claire Dubois does not work at Kitsilano. Choose a therapist who works there.");
  g_clear_error (&error);

  /* Hours at Kitsilano make her work there too, besides her own location. */
  json = g_strdup_printf ("{\"%s\": " HOURS "}", spa_record_get_id (kits));
  others = json_from_string (json, NULL);
  spa_record_set_json (spa.claire, SPA_THERAPIST_LOCATION_HOURS, others);
  g_assert_true (spa_store_save (spa.store, spa.claire, &error));
  g_assert_no_error (error);
  g_assert_true (spa_location_therapist_works_at (spa.claire, spa_record_get_id (kits)));
  g_assert_true (spa_location_therapist_works_at (spa.claire, SPA_LOCATION_DEFAULT_ID));
  g_assert_false (spa_location_therapist_works_at (spa.marcus, spa_record_get_id (kits)));
  g_assert_true (spa_store_save (spa.store, booking, &error));
  g_assert_no_error (error);

  /* An unknown location. */
  g_clear_object (&booking);
  booking = new_booking (&spa, "nowhere", spa.marcus, NULL, MONDAY_10, MONDAY_11);
  g_assert_false (spa_store_save (spa.store, booking, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "location_id");
  g_clear_error (&error);

  /* Marcus moves to Kitsilano: his earlier booking can still be confirmed and moved in
   * time, with the same therapist and room set again; given another room, it is checked
   * whole, and he no longer works there. */
  save_field (spa.store, spa.marcus, SPA_LOCATION_ID_FIELD, spa_record_get_id (kits));
  g_assert_true (spa_schedule_set_status (spa.store, earlier, "confirmed", NULL, &error));
  g_assert_no_error (error);
  spa_record_set_string (earlier, SPA_BOOKING_THERAPIST_ID, spa_record_get_id (spa.marcus));
  spa_record_set_string (earlier, SPA_BOOKING_ROOM_ID, spa_record_get_id (spa.cedar));
  spa_record_set_string (earlier, SPA_BOOKING_STARTS_AT, "2025-11-24T22:00:00Z");
  spa_record_set_string (earlier, SPA_BOOKING_ENDS_AT, "2025-11-24T23:00:00Z");
  g_assert_true (spa_store_save (spa.store, earlier, &error));
  g_assert_no_error (error);
  spa_record_set_string (earlier, SPA_BOOKING_ROOM_ID, spa_record_get_id (spa.ocean));
  g_assert_false (spa_store_save (spa.store, earlier, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "therapist_id");
  g_clear_error (&error);

  spa_test_spa_tear_down (&spa);
}

/* A new booking of the test spa's client, a Swedish massage with @therapist at
 * @location, as the booking editor starts one there. */
static SpaBookingDraft *
draft_at (SpaTestSpa *spa,
          SpaRecord  *location,
          SpaRecord  *therapist)
{
  SpaBookingDraft *draft = spa_booking_draft_new (spa->store, NULL);

  spa_booking_draft_set_location_id (draft, spa_record_get_id (location));
  spa_booking_draft_set_client_id (draft, spa_record_get_id (spa->client));
  spa_booking_draft_set_service_id (draft, spa_default_service_id (0));
  spa_booking_draft_set_therapist_id (draft, spa_record_get_id (therapist));
  return draft;
}

/* The desk's draft books at the location it is given: its rooms only, its therapists,
 * their hours there. */
static void
test_draft_at_location (void)
{
  SpaTestSpa spa = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) kits = NULL;
  g_autoptr(SpaBookingDraft) draft = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(SpaRecord) booking = NULL;

  kits = set_up_chain (&spa, TRUE);

  starts = g_date_time_new (spa.zone, 2025, 11, 24, 10, 0, 0);
  draft = draft_at (&spa, kits, spa.claire);
  spa_booking_draft_set_starts (draft, starts);
  /* Cedar is free but downtown. */
  g_assert_cmpstr (spa_booking_draft_suggest_room (draft), ==, spa_record_get_id (spa.ocean));
  problems = spa_booking_draft_check (draft, spa.now, spa.zone);
  g_assert_cmpstr (spa_booking_problems_lookup (problems, "therapist_id"), ==,
                   "Claire Dubois does not work at Kitsilano. Choose a therapist who works there.");
  g_clear_pointer (&problems, g_ptr_array_unref);

  spa_booking_draft_set_therapist_id (draft, spa_record_get_id (spa.marcus));
  problems = spa_booking_draft_check (draft, spa.now, spa.zone);
  g_assert_cmpuint (problems->len, ==, 0);
  booking = spa_booking_draft_build (draft);
  g_assert_true (spa_store_save (spa.store, booking, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_location_id (booking), ==, spa_record_get_id (kits));

  spa_test_spa_tear_down (&spa);
}

/* The calendar at a location: its therapists (with their hours there) and its
 * bookings; without one, everybody. */
static void
test_calendar_at_location (void)
{
  SpaTestSpa spa = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) kits = NULL;
  g_autoptr(SpaRecord) here = NULL;
  g_autoptr(SpaRecord) there = NULL;
  g_autoptr(SpaCalendarModel) model = NULL;
  g_autoptr(GDateTime) monday = NULL;
  SpaDayBookings *bookings;

  kits = set_up_chain (&spa, TRUE);
  here = new_booking (&spa, NULL, spa.claire, spa.cedar, MONDAY_10, MONDAY_11);
  there = new_booking (&spa, spa_record_get_id (kits), spa.marcus, spa.ocean, MONDAY_10, MONDAY_11);
  g_assert_true (spa_store_save (spa.store, here, &error));
  g_assert_true (spa_store_save (spa.store, there, &error));
  g_assert_no_error (error);

  monday = spa_schedule_day_start (spa.zone, 2025, 11, 24);
  model = spa_calendar_model_new (spa.store);
  g_assert_true (spa_calendar_model_load (model, spa.zone, monday, NULL, &error));
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 2);
  g_assert_cmpuint (spa_calendar_model_get_bookings (model)->items->len, ==, 2);

  spa_calendar_model_set_location (model, spa_record_get_id (kits));
  g_assert_true (spa_calendar_model_load (model, spa.zone, monday, NULL, &error));
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 1);
  g_assert_cmpstr (spa_calendar_model_get_column (model, 0)->therapist_id, ==,
                   spa_record_get_id (spa.marcus));
  bookings = spa_calendar_model_get_bookings (model);
  g_assert_cmpuint (bookings->items->len, ==, 1);
  g_assert_cmpstr (g_array_index (bookings->items, SpaDayBooking, 0).id, ==,
                   spa_record_get_id (there));
  g_assert_cmpstr (g_array_index (bookings->items, SpaDayBooking, 0).location_id, ==,
                   spa_record_get_id (kits));

  spa_calendar_model_set_location (model, SPA_LOCATION_DEFAULT_ID);
  g_assert_true (spa_calendar_model_load (model, spa.zone, monday, NULL, &error));
  g_assert_cmpuint (spa_calendar_model_get_n_columns (model), ==, 1);
  g_assert_cmpstr (spa_calendar_model_get_column (model, 0)->therapist_id, ==,
                   spa_record_get_id (spa.claire));
  bookings = spa_calendar_model_get_bookings (model);
  g_assert_cmpuint (bookings->items->len, ==, 1);
  g_assert_cmpstr (g_array_index (bookings->items, SpaDayBooking, 0).id, ==,
                   spa_record_get_id (here));

  spa_test_spa_tear_down (&spa);
}

static void
complete (SpaStore  *store,
          SpaRecord *booking)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_schedule_set_status (store, booking, "checked_in", NULL, &error));
  g_assert_true (spa_schedule_set_status (store, booking, "completed", NULL, &error));
  g_assert_no_error (error);
}

/* A visit of @client with @therapist in @room at @location_id, booked and completed. */
static SpaRecord *
visit (SpaTestSpa *spa,
       SpaRecord  *client,
       const char *location_id,
       SpaRecord  *therapist,
       SpaRecord  *room,
       const char *starts,
       const char *ends)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *booking = new_booking (spa, location_id, therapist, room, starts, ends);

  spa_record_set_string (booking, SPA_BOOKING_CLIENT_ID, spa_record_get_id (client));
  g_assert_true (spa_store_save (spa->store, booking, &error));
  g_assert_no_error (error);
  complete (spa->store, booking);
  return booking;
}

/* Reports at one location count its bookings, and its therapists' hours there. */
static void
test_report_filter (void)
{
  SpaTestSpa spa = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) kits = NULL;
  g_autoptr(SpaRecord) here = NULL;
  g_autoptr(SpaRecord) there = NULL;
  g_autoptr(SpaRecord) there_too = NULL;
  g_autoptr(SpaReportTable) table = NULL;
  SpaReportPeriod period;
  SpaReportFilter filter = { 0, };
  SpaDashboard all, at_kits, downtown;

  kits = set_up_chain (&spa, TRUE);
  here = visit (&spa, spa.client, NULL, spa.claire, spa.cedar, MONDAY_10, MONDAY_11);
  there = visit (&spa, spa.client, spa_record_get_id (kits), spa.marcus, spa.ocean, MONDAY_10,
                 MONDAY_11);
  there_too = visit (&spa, spa.other_client, spa_record_get_id (kits), spa.marcus, spa.ocean,
                     "2025-11-24T19:30:00Z", "2025-11-24T20:30:00Z");

  spa_report_period_containing (SPA_PERIOD_WEEK, spa_report_day_from_ymd (2025, 11, 24), &period);
  g_assert_true (spa_report_dashboard (spa.store, spa.zone, &period, NULL, &all, &error));
  filter.location_id = spa_record_get_id (kits);
  g_assert_true (spa_report_dashboard (spa.store, spa.zone, &period, &filter, &at_kits, &error));
  filter.location_id = SPA_LOCATION_DEFAULT_ID;
  g_assert_true (spa_report_dashboard (spa.store, spa.zone, &period, &filter, &downtown, &error));
  g_assert_no_error (error);
  g_assert_cmpint (all.visits, ==, 3);
  g_assert_cmpint (at_kits.visits, ==, 2);
  g_assert_cmpint (downtown.visits, ==, 1);
  g_assert_cmpint (at_kits.booked_minutes, ==, 120);
  /* Marcus's eight hours on the Monday, not Claire's. */
  g_assert_cmpint (at_kits.working_minutes, ==, 8 * 60);

  /* Rooms: only Kitsilano's. */
  filter.location_id = spa_record_get_id (kits);
  table = spa_report_build (spa.store, spa.zone, SPA_REPORT_UTILISATION_ROOM, &period, &filter,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->rows->len, ==, 1);
  g_assert_cmpstr (((SpaReportRow *)table->rows->pdata[0])->label, ==, "Ocean room");

  spa_test_spa_tear_down (&spa);
}

/* `--demo --chain`: three locations, each with rooms, therapists and bookings that
 * belong there; the plain demo stays one location. */
static void
test_demo_chain (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) today = g_date_time_new (zone, 2026, 11, 25, 9, 0, 0);
  g_autoptr(GPtrArray) locations = NULL;

  spa_schedule_set_time_zone (store, zone);
  g_assert_true (spa_demo_fill_chain (store, zone, today, &error));
  g_assert_no_error (error);

  locations = spa_location_list (store, NULL, &error);
  g_assert_cmpuint (locations->len, ==, 3);
  for (guint i = 0; i < locations->len; i++)
    {
      const char *id = spa_record_get_id (locations->pdata[i]);

      g_assert_cmpint (spa_test_count_rows (store,
                                            "SELECT count(*) FROM room WHERE location_id = ?",
                                            id), >=, 2);
      g_assert_cmpint (spa_test_count_rows (store,
                                            "SELECT count(*) FROM booking WHERE location_id = ?",
                                            id), >, 10);
    }
  /* Every booking's room is at the booking's location. */
  g_assert_cmpint (spa_test_count_rows (store,
                                        "SELECT count(*) FROM booking b"
                                        " JOIN room r ON r.id = b.room_id"
                                        " WHERE r.location_id IS NOT b.location_id", NULL), ==, 0);
  /* One therapist works at two locations. */
  g_assert_cmpint (spa_test_count_rows (store,
                                        "SELECT count(DISTINCT location_id) FROM booking"
                                        " WHERE therapist_id ="
                                        "  (SELECT id FROM therapist WHERE name = ?)",
                                        "Sofia Marin"), ==, 2);
  g_clear_object (&store);
  spa_test_remove_dir (dir);
  g_clear_pointer (&dir, g_free);

  store = spa_test_open_store (&dir);
  spa_schedule_set_time_zone (store, zone);
  g_assert_true (spa_demo_fill (store, zone, today, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spa_location_count (store), ==, 1);
  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* A booking of the test spa's client with @therapist at @location_id, from @starts for
 * an hour, saved. */
static SpaRecord *
book_hour (SpaTestSpa *spa,
           const char *location_id,
           SpaRecord  *therapist,
           const char *starts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_from_iso8601 (starts, NULL);
  g_autoptr(GDateTime) to = g_date_time_add_hours (from, 1);
  g_autofree char *ends = spa_time_format_utc (to);
  SpaRecord *booking = new_booking (spa, location_id, therapist, NULL, starts, ends);

  spa_store_save (spa->store, booking, &error);
  g_assert_no_error (error);
  return booking;
}

/* Whether @booking is among the bookings of the day of @day in @zone. */
static gboolean
on_day (SpaStore   *store,
        GTimeZone  *zone,
        GDateTime  *day,
        SpaRecord  *booking)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bookings = spa_schedule_bookings_of_day (store, zone, day, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < bookings->len; i++)
    if (g_str_equal (spa_record_get_id (bookings->pdata[i]), spa_record_get_id (booking)))
      return TRUE;
  return FALSE;
}

static void
assert_zone (SpaStore   *store,
             const char *location_id,
             GTimeZone  *desk_zone,
             const char *expected)
{
  g_autoptr(GTimeZone) zone = spa_location_zone (store, location_id, desk_zone);
  g_autoptr(GDateTime) now = spa_location_now (store, location_id, desk_zone);

  g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, expected);
  g_assert_cmpstr (g_time_zone_get_identifier (g_date_time_get_timezone (now)), ==, expected);
}

/* A location in another zone than the desk's keeps its days and hours in its own zone:
 * Toronto, three hours ahead of the desk in Vancouver, on Sunday 8 March 2026, when
 * both go to daylight time at 02:00 local (07:00 UTC in Toronto, 10:00 UTC in
 * Vancouver), so Toronto's day is 23 hours long. A single spa, and a location without a
 * zone, keep the desk's. */
static void
test_location_zone (void)
{
  SpaTestSpa spa = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) main_location = NULL;
  g_autoptr(SpaRecord) toronto = NULL;
  g_autoptr(SpaRecord) early = NULL;     /* 00:30 EST on the 8th: the evening before in Vancouver */
  g_autoptr(SpaRecord) morning = NULL;   /* 09:30 EDT: 06:30 in Vancouver */
  g_autoptr(SpaRecord) late = NULL;      /* 23:15 EDT, the last hour of the short day */
  g_autoptr(SpaRecord) next = NULL;      /* 00:30 EDT on the 9th: a 24-hour day would hold it */
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) sunday = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;
  const char *toronto_id;
  const char *desk = NULL;

  spa_test_spa_set_up (&spa, "{\"sun\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}");
  desk = g_time_zone_get_identifier (spa.zone);
  g_assert_cmpstr (desk, ==, "America/Vancouver");

  /* A single spa: its one location is in the desk's zone, whatever it says. */
  main_location = spa_store_get (spa.store, SPA_LOCATION_ENTITY, SPA_LOCATION_DEFAULT_ID, &error);
  g_assert_no_error (error);
  save_field (spa.store, main_location, SPA_LOCATION_TIME_ZONE, "America/Toronto");
  assert_zone (spa.store, SPA_LOCATION_DEFAULT_ID, spa.zone, desk);
  assert_zone (spa.store, NULL, spa.zone, desk);

  /* A chain: each location with a zone is in it; one without is in the desk's. */
  toronto = add_location (spa.store, "Toronto");
  toronto_id = spa_record_get_id (toronto);
  save_field (spa.store, toronto, SPA_LOCATION_TIME_ZONE, "America/Toronto");
  save_field (spa.store, main_location, SPA_LOCATION_TIME_ZONE, "");
  save_field (spa.store, spa.marcus, SPA_LOCATION_ID_FIELD, toronto_id);
  assert_zone (spa.store, toronto_id, spa.zone, "America/Toronto");
  assert_zone (spa.store, SPA_LOCATION_DEFAULT_ID, spa.zone, desk);

  early = book_hour (&spa, toronto_id, spa.marcus, "2026-03-08T05:30:00Z");
  morning = book_hour (&spa, toronto_id, spa.marcus, "2026-03-08T13:30:00Z");
  late = book_hour (&spa, toronto_id, spa.marcus, "2026-03-09T03:15:00Z");
  next = book_hour (&spa, toronto_id, spa.marcus, "2026-03-09T04:30:00Z");

  /* Toronto's Sunday, read in its zone: from 00:00 EST to 24:00 EDT, 23 hours. */
  zone = spa_location_zone (spa.store, toronto_id, spa.zone);
  sunday = g_date_time_new (zone, 2026, 3, 8, 12, 0, 0);
  g_assert_true (on_day (spa.store, zone, sunday, early));
  g_assert_true (on_day (spa.store, zone, sunday, morning));
  g_assert_true (on_day (spa.store, zone, sunday, late));
  g_assert_false (on_day (spa.store, zone, sunday, next));
  /* The same Sunday in the desk's zone is another day. */
  g_assert_false (on_day (spa.store, spa.zone, sunday, early));
  g_assert_true (on_day (spa.store, spa.zone, sunday, next));

  /* His hours there, 09:00 to 17:00, are Toronto's: 09:30 EDT is within them, though
   * it is 06:30 at the desk. */
  starts = g_date_time_new_from_iso8601 ("2026-03-08T13:30:00Z", NULL);
  ends = g_date_time_add_hours (starts, 1);
  g_assert_true (spa_schedule_within_working_hours_at (spa.marcus, toronto_id, zone, starts,
                                                       ends));
  g_assert_false (spa_schedule_within_working_hours_at (spa.marcus, toronto_id, spa.zone, starts,
                                                        ends));

  spa_test_spa_tear_down (&spa);
}

/* The booking editor's date and time at Kitsilano, in Toronto's zone, typed at a desk
 * in Vancouver: 10:00 on Monday 24 November 2025 is Toronto's 10:00 (15:00 UTC), shown
 * again as 10:00, and within Marcus's hours there (09:00 to 17:00), though it is 07:00
 * at the desk. The default location, without a zone, keeps the desk's clock. */
static void
test_draft_in_location_zone (void)
{
  SpaTestSpa spa = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) kits = NULL;
  g_autoptr(SpaBookingDraft) draft = NULL;
  g_autoptr(SpaBookingDraft) edit = NULL;
  g_autoptr(SpaBookingDraft) downtown = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) stored_starts = NULL;
  g_autoptr(GDateTime) shown = NULL;
  g_autoptr(GDateTime) at_desk = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  g_autofree char *utc = NULL;

  kits = set_up_chain (&spa, TRUE);
  save_field (spa.store, kits, SPA_LOCATION_TIME_ZONE, "America/Toronto");

  draft = draft_at (&spa, kits, spa.marcus);
  spa_booking_draft_set_room_id (draft, spa_record_get_id (spa.ocean));
  zone = spa_booking_draft_dup_zone (draft, spa.zone);
  g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, "America/Toronto");

  /* Typed: Monday, 10:00. */
  starts = spa_booking_draft_local_time (draft, spa.zone, 2025, 11, 24, 10 * 60);
  utc = spa_time_format_utc (starts);
  g_assert_cmpstr (utc, ==, "2025-11-24T15:00:00Z");
  spa_booking_draft_set_starts (draft, starts);
  problems = spa_booking_draft_check (draft, spa.now, zone);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  /* The desk's clock would put it before his day begins. */
  problems = spa_booking_draft_check (draft, spa.now, spa.zone);
  g_assert_nonnull (spa_booking_problems_lookup (problems, "starts_at"));

  booking = spa_booking_draft_build (draft);
  g_assert_true (spa_store_save (spa.store, booking, &error));
  g_assert_no_error (error);
  stored = spa_store_get (spa.store, SPA_BOOKING_ENTITY, spa_record_get_id (booking), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_booking_get_starts_at (stored), ==, "2025-11-24T15:00:00Z");

  /* Opened again for editing, it shows Monday 10:00. */
  edit = spa_booking_draft_new (spa.store, stored);
  stored_starts = spa_time_parse_utc (spa_booking_get_starts_at (stored));
  shown = spa_booking_draft_to_local (edit, spa.zone, stored_starts);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 24);
  g_assert_cmpint (g_date_time_get_hour (shown), ==, 10);
  g_assert_cmpint (g_date_time_get_minute (shown), ==, 0);

  /* Downtown has no zone: 10:00 typed there is the desk's 10:00 (18:00 UTC). */
  downtown = spa_booking_draft_new (spa.store, NULL);
  at_desk = spa_booking_draft_local_time (downtown, spa.zone, 2025, 11, 24, 10 * 60);
  g_clear_pointer (&utc, g_free);
  utc = spa_time_format_utc (at_desk);
  g_assert_cmpstr (utc, ==, "2025-11-24T18:00:00Z");

  spa_test_spa_tear_down (&spa);
}

/* The busy-hours column titled @title. */
static guint
hour_column (SpaReportTable *table,
             const char     *title)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (g_strcmp0 (((SpaReportColumn *)table->columns->pdata[i])->title, title) == 0)
      return i;
  g_error ("No column %s", title);
}

/* Reports at Kitsilano, in Toronto's zone, read from a desk in Vancouver: its Monday is
 * Toronto's, from 00:00 to 24:00 there. A visit at 00:30 on Monday in Toronto (Sunday
 * 21:30 at the desk) is Monday's; one at 22:00 (19:00 at the desk) too. The whole
 * chain's Monday stays the desk's, which holds the second only. */
static void
test_report_in_location_zone (void)
{
  SpaTestSpa spa = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) kits = NULL;
  g_autoptr(SpaRecord) early = NULL;
  g_autoptr(SpaRecord) late = NULL;
  SpaReportPeriod period;
  SpaReportFilter filter = { 0, };
  SpaDashboard all, at_kits;

  kits = set_up_chain (&spa, TRUE);
  save_field (spa.store, kits, SPA_LOCATION_TIME_ZONE, "America/Toronto");
  early = visit (&spa, spa.client, spa_record_get_id (kits), spa.marcus, spa.ocean,
                 "2025-11-24T05:30:00Z", "2025-11-24T06:30:00Z");
  late = visit (&spa, spa.client, spa_record_get_id (kits), spa.marcus, spa.ocean,
                "2025-11-25T03:00:00Z", "2025-11-25T04:00:00Z");

  spa_report_period_containing (SPA_PERIOD_DAY, spa_report_day_from_ymd (2025, 11, 24), &period);
  filter.location_id = spa_record_get_id (kits);
  g_assert_true (spa_report_dashboard (spa.store, spa.zone, &period, &filter, &at_kits, &error));
  g_assert_true (spa_report_dashboard (spa.store, spa.zone, &period, NULL, &all, &error));
  g_assert_no_error (error);
  g_assert_cmpint (at_kits.visits, ==, 2);
  g_assert_cmpint (all.visits, ==, 1);

  /* The week's busy hours at Kitsilano (rows from Monday, an hour a column): Monday
   * 00:30 and 22:00, Toronto's hours. */
  {
    g_autoptr(SpaReportTable) table = NULL;

    spa_report_period_containing (SPA_PERIOD_WEEK, spa_report_day_from_ymd (2025, 11, 24),
                                  &period);
    table = spa_report_build (spa.store, spa.zone, SPA_REPORT_BUSY_HOURS, &period, &filter,
                              &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (spa_report_table_get (table, 0, hour_column (table, "00:00")), ==, 30);
    g_assert_cmpfloat (spa_report_table_get (table, 0, hour_column (table, "22:00")), ==, 60);
  }

  spa_test_spa_tear_down (&spa);
}

static int
count_location_reads (unsigned int  type,
                      void         *data,
                      void         *stmt,
                      void         *sql)
{
  if (strstr (sql, "location") != NULL && strstr (sql, "data_version") == NULL)
    (*(guint *)data)++;
  return 0;
}

static void
assert_zone_is (SpaTestSpa *spa,
                const char *location_id,
                const char *expected)
{
  g_autoptr(GTimeZone) zone = spa_location_zone (spa->store, location_id, spa->zone);

  g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, expected);
}

/* A list of bookings asks for a location's zone once a row: after the first, the store
 * reads no location again (nor a zone file) until a location is saved, through this
 * store or another connection, and a zone saved in a transaction not yet committed is
 * read as it is, and forgotten on a rollback. */
static void
test_location_zone_kept (void)
{
  SpaTestSpa spa = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) kits = NULL;
  g_autoptr(SpaRecord) again = NULL;
  g_autoptr(SpaStore) other = NULL;
  const char *kits_id;
  guint reads = 0;

  kits = set_up_chain (&spa, FALSE);
  kits_id = spa_record_get_id (kits);
  save_field (spa.store, kits, SPA_LOCATION_TIME_ZONE, "America/Toronto");
  assert_zone_is (&spa, kits_id, "America/Toronto");
  assert_zone_is (&spa, SPA_LOCATION_DEFAULT_ID, "America/Vancouver");

  sqlite3_trace_v2 (spa_store_get_db (spa.store), SQLITE_TRACE_STMT, count_location_reads,
                    &reads);
  for (guint i = 0; i < 100; i++)
    {
      assert_zone_is (&spa, kits_id, "America/Toronto");
      assert_zone_is (&spa, SPA_LOCATION_DEFAULT_ID, "America/Vancouver");
    }
  g_assert_cmpuint (reads, ==, 0);

  /* Saved here: read again. */
  save_field (spa.store, kits, SPA_LOCATION_TIME_ZONE, "America/Halifax");
  assert_zone_is (&spa, kits_id, "America/Halifax");
  g_assert_cmpuint (reads, >, 0);

  /* Saved by another connection to the same file. */
  other = spa_store_open (spa_store_get_path (spa.store), &error);
  g_assert_no_error (error);
  again = spa_store_get (other, SPA_LOCATION_ENTITY, kits_id, &error);
  g_assert_no_error (error);
  save_field (other, again, SPA_LOCATION_TIME_ZONE, "America/Winnipeg");
  assert_zone_is (&spa, kits_id, "America/Winnipeg");

  /* In a transaction: as saved so far; after a rollback, as it was. */
  g_clear_object (&again);
  again = spa_store_get (spa.store, SPA_LOCATION_ENTITY, kits_id, &error);
  g_assert_no_error (error);
  g_assert_true (spa_store_begin (spa.store, &error));
  g_assert_no_error (error);
  save_field (spa.store, again, SPA_LOCATION_TIME_ZONE, "Europe/Paris");
  assert_zone_is (&spa, kits_id, "Europe/Paris");
  spa_store_rollback (spa.store);
  assert_zone_is (&spa, kits_id, "America/Winnipeg");

  sqlite3_trace_v2 (spa_store_get_db (spa.store), 0, NULL, NULL);
  spa_test_spa_tear_down (&spa);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/locations/migration-moves-data", test_migration_moves_data);
  g_test_add_func ("/locations/belongs-to-location", test_belongs_to_location);
  g_test_add_func ("/locations/draft-at-location", test_draft_at_location);
  g_test_add_func ("/locations/calendar-at-location", test_calendar_at_location);
  g_test_add_func ("/locations/report-filter", test_report_filter);
  g_test_add_func ("/locations/demo-chain", test_demo_chain);
  g_test_add_func ("/locations/zone", test_location_zone);
  g_test_add_func ("/locations/draft-zone", test_draft_in_location_zone);
  g_test_add_func ("/locations/report-zone", test_report_in_location_zone);
  g_test_add_func ("/locations/zone-kept", test_location_zone_kept);

  return g_test_run ();
}
