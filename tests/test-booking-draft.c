/* test-booking-draft.c: the desk's booking rules, as the editor and the calendar's drag ask them
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-test-util.h"

/* Swedish 60 min with 15 min cleanup; hot stone 90 min with 20 min cleanup. */
#define SWEDISH spa_default_service_id (0)
#define HOT_STONE spa_default_service_id (4)

/* Monday 24 November 2025 in Vancouver (UTC-8): 09:00-12:00 and 13:00-17:00. */
#define MONDAY_HOURS \
  "{\"mon\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": \"17:00\"}]}"

typedef SpaTestSpa Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  spa_test_spa_set_up (f, MONDAY_HOURS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  spa_test_spa_tear_down (f);
}

static GDateTime *
monday_at (Fixture *f,
           int      hour,
           int      minute)
{
  return g_date_time_new (f->zone, 2025, 11, 24, hour, minute, 0);
}

/* A complete draft: the client with a therapist and room at a time on Monday. */
static SpaBookingDraft *
draft_at (Fixture    *f,
          SpaRecord  *client,
          SpaRecord  *therapist,
          SpaRecord  *room,
          const char *service_id,
          int         hour,
          int         minute)
{
  SpaBookingDraft *draft = spa_booking_draft_new (f->store, NULL);
  g_autoptr(GDateTime) starts = monday_at (f, hour, minute);

  spa_booking_draft_set_client_id (draft, spa_record_get_id (client));
  spa_booking_draft_set_service_id (draft, service_id);
  spa_booking_draft_set_therapist_id (draft, therapist ? spa_record_get_id (therapist) : NULL);
  spa_booking_draft_set_room_id (draft, room ? spa_record_get_id (room) : NULL);
  spa_booking_draft_set_starts (draft, starts);
  return draft;
}

static SpaRecord *
save (Fixture         *f,
      SpaBookingDraft *draft)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *record = spa_booking_draft_build (draft);

  g_assert_true (spa_store_save (f->store, record, &error));
  g_assert_no_error (error);
  return record;
}

static const char *
problem (GPtrArray  *problems,
         const char *field)
{
  return spa_booking_problems_lookup (problems, field);
}

static void
test_valid (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) draft = draft_at (f, f->client, f->claire, f->cedar, SWEDISH, 10, 0);
  g_autoptr(GPtrArray) problems = spa_booking_draft_check (draft, f->now, f->zone);
  g_autoptr(SpaRecord) record = NULL;

  g_assert_cmpuint (problems->len, ==, 0);

  /* A new booking: booked at the desk, the service's length. */
  record = spa_booking_draft_build (draft);
  g_assert_cmpstr (spa_record_get_string (record, "status"), ==, "booked");
  g_assert_cmpstr (spa_record_get_string (record, "source"), ==, "desk");
  g_assert_cmpstr (spa_record_get_string (record, "starts_at"), ==, "2025-11-24T18:00:00Z");
  g_assert_cmpstr (spa_record_get_string (record, "ends_at"), ==, "2025-11-24T19:00:00Z");
  g_assert_cmpstr (spa_record_get_string (record, "room_id"), ==, spa_record_get_id (f->cedar));
}

static void
test_missing_fields (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) draft = spa_booking_draft_new (f->store, NULL);
  g_autoptr(GPtrArray) problems = spa_booking_draft_check (draft, f->now, f->zone);

  g_assert_cmpstr (problem (problems, "client_id"), ==, "Choose a client.");
  g_assert_cmpstr (problem (problems, "service_id"), ==, "Choose a service.");
  g_assert_cmpstr (problem (problems, "starts_at"), ==, "Choose a time.");
  g_assert_cmpstr (problem (problems, "therapist_id"), ==, "Choose a therapist.");
  /* In the form's order. */
  g_assert_cmpstr (((SpaBookingProblem *)problems->pdata[0])->field, ==, "client_id");
  g_assert_cmpstr (((SpaBookingProblem *)problems->pdata[problems->len - 1])->field, ==, "therapist_id");
}

static void
test_past (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) draft = draft_at (f, f->client, f->claire, f->cedar, SWEDISH, 10, 0);
  g_autoptr(GDateTime) later = monday_at (f, 11, 0);
  g_autoptr(GPtrArray) problems = spa_booking_draft_check (draft, later, f->zone);
  g_autoptr(SpaRecord) saved = NULL;
  g_autoptr(SpaBookingDraft) edit = NULL;
  g_autofree char *therapist = NULL;

  g_assert_cmpstr (problem (problems, "starts_at"), ==, "This time has already passed. Choose a later one.");
  /* Nobody is free at a time already past, whoever had a booking then. */
  therapist = spa_booking_draft_therapist_problem (draft, spa_record_get_id (f->marcus), later, f->zone);
  g_assert_cmpstr (therapist, ==, "This time has already passed. Choose a later one.");

  /* A booking already past can still be changed (a note added) without moving it. */
  saved = save (f, draft);
  edit = spa_booking_draft_new (f->store, saved);
  spa_booking_draft_set_notes (edit, "Bring a towel");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = spa_booking_draft_check (edit, later, f->zone);
  g_assert_null (problem (problems, "starts_at"));
  g_assert_true (spa_booking_draft_is_changed (edit));
}

static void
test_working_hours (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) lunch = draft_at (f, f->client, f->claire, f->cedar, SWEDISH, 11, 30);
  g_autoptr(SpaBookingDraft) sunday = spa_booking_draft_new (f->store, NULL);
  g_autoptr(GDateTime) sunday_at = g_date_time_new (f->zone, 2025, 11, 30, 10, 0, 0);
  g_autoptr(GPtrArray) problems = spa_booking_draft_check (lunch, f->now, f->zone);

  /* 11:30-12:30 runs into the lunch break. */
  g_assert_cmpstr (problem (problems, "starts_at"), ==,
                   "This is outside Claire Dubois’s working hours (Monday: 09:00–12:00, 13:00–17:00).");

  spa_booking_draft_set_client_id (sunday, spa_record_get_id (f->client));
  spa_booking_draft_set_service_id (sunday, SWEDISH);
  spa_booking_draft_set_therapist_id (sunday, spa_record_get_id (f->claire));
  spa_booking_draft_set_starts (sunday, sunday_at);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = spa_booking_draft_check (sunday, f->now, f->zone);
  g_assert_cmpstr (problem (problems, "starts_at"), ==, "Claire Dubois does not work on Sunday.");

  /* A visit saved then (her hours changed since, or booked so on purpose) opened again
   * for a note: its unchanged time is no problem; moved by an hour, it is again. */
  {
    g_autoptr(SpaRecord) saved = save (f, sunday);
    g_autoptr(SpaBookingDraft) edit = spa_booking_draft_new (f->store, saved);
    g_autoptr(GDateTime) later = g_date_time_add_hours (sunday_at, 1);

    spa_booking_draft_set_notes (edit, "Bring a towel");
    g_clear_pointer (&problems, g_ptr_array_unref);
    problems = spa_booking_draft_check (edit, f->now, f->zone);
    g_assert_cmpuint (problems->len, ==, 0);
    spa_booking_draft_set_starts (edit, later);
    g_clear_pointer (&problems, g_ptr_array_unref);
    problems = spa_booking_draft_check (edit, f->now, f->zone);
    g_assert_cmpstr (problem (problems, "starts_at"), ==, "Claire Dubois does not work on Sunday.");
  }
}

static void
test_service_not_offered (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) draft = draft_at (f, f->client, f->claire, f->cedar, HOT_STONE, 9, 0);
  g_autoptr(GPtrArray) problems = spa_booking_draft_check (draft, f->now, f->zone);

  g_assert_cmpstr (problem (problems, "therapist_id"), ==, "Claire Dubois does not offer Hot stone massage, 90 min.");

  /* Marcus offers everything. */
  spa_booking_draft_set_therapist_id (draft, spa_record_get_id (f->marcus));
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = spa_booking_draft_check (draft, f->now, f->zone);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_therapist_clash (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) first = draft_at (f, f->client, f->marcus, f->cedar, HOT_STONE, 9, 0);
  g_autoptr(SpaRecord) saved = save (f, first);
  /* 10:30 is inside the hot stone's 20 minutes of cleanup. */
  g_autoptr(SpaBookingDraft) second = draft_at (f, f->other_client, f->marcus, f->ocean, SWEDISH, 10, 30);
  g_autoptr(GPtrArray) problems = spa_booking_draft_check (second, f->now, f->zone);
  g_autofree char *label = NULL;

  g_assert_cmpstr (problem (problems, "therapist_id"), ==,
                   "Marcus Lee is already booked 09:00–10:30 with Zoë Tremblay (Hot stone massage, 90 min, plus 20 min cleanup).");
  label = spa_booking_draft_therapist_problem (second, spa_record_get_id (f->marcus), f->now, f->zone);
  g_assert_nonnull (label);

  /* 10:50 only touches the cleanup's end. */
  {
    g_autoptr(GDateTime) touching = monday_at (f, 10, 50);

    spa_booking_draft_set_starts (second, touching);
    g_clear_pointer (&problems, g_ptr_array_unref);
    problems = spa_booking_draft_check (second, f->now, f->zone);
    g_assert_null (problem (problems, "therapist_id"));
  }

  /* Editing the booking itself is no clash with itself. */
  {
    g_autoptr(SpaBookingDraft) edit = spa_booking_draft_new (f->store, saved);

    g_clear_pointer (&problems, g_ptr_array_unref);
    problems = spa_booking_draft_check (edit, f->now, f->zone);
    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_false (spa_booking_draft_is_changed (edit));
  }
}

static void
test_room_clash (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) first = draft_at (f, f->client, f->marcus, f->cedar, SWEDISH, 9, 0);
  g_autoptr(SpaRecord) saved = save (f, first);
  g_autoptr(SpaBookingDraft) second = draft_at (f, f->other_client, f->claire, f->cedar, SWEDISH, 10, 0);
  g_autoptr(GPtrArray) problems = spa_booking_draft_check (second, f->now, f->zone);

  g_assert_cmpstr (problem (problems, "room_id"), ==,
                   "Cedar room is in use 09:00–10:00 by Zoë Tremblay (Swedish massage, 60 min, plus 15 min cleanup).");

  /* The room suggested is the one free after the cleanup. */
  g_assert_cmpstr (spa_booking_draft_suggest_room (second), ==, spa_record_get_id (f->ocean));
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = spa_booking_draft_check (second, f->now, f->zone);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_client_clash (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) first = draft_at (f, f->client, f->marcus, f->cedar, SWEDISH, 9, 0);
  g_autoptr(SpaRecord) saved = save (f, first);
  g_autoptr(SpaBookingDraft) second = draft_at (f, f->client, f->claire, f->ocean, SWEDISH, 9, 30);
  g_autoptr(GPtrArray) problems = spa_booking_draft_check (second, f->now, f->zone);

  g_assert_cmpstr (problem (problems, "client_id"), ==,
                   "Zoë Tremblay already has a booking 09:00–10:00 (Swedish massage, 60 min, with Marcus Lee).");

  /* The client may leave while the room is cleaned: 10:00 is fine for them. */
  {
    g_autoptr(GDateTime) ten = monday_at (f, 10, 0);

    spa_booking_draft_set_starts (second, ten);
    g_clear_pointer (&problems, g_ptr_array_unref);
    problems = spa_booking_draft_check (second, f->now, f->zone);
    g_assert_null (problem (problems, "client_id"));
  }
}

static void
test_build_changes_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) first = draft_at (f, f->client, f->marcus, f->cedar, HOT_STONE, 9, 0);
  g_autoptr(SpaRecord) saved = save (f, first);
  g_autoptr(SpaBookingDraft) edit = spa_booking_draft_new (f->store, saved);
  g_autoptr(GDateTime) two = monday_at (f, 14, 0);
  g_autoptr(SpaRecord) moved = NULL;

  spa_booking_draft_set_starts (edit, two);
  moved = spa_booking_draft_build (edit);
  g_assert_true (spa_record_is_changed (moved));
  g_assert_cmpstr (spa_record_get_string (moved, "starts_at"), ==, "2025-11-24T22:00:00Z");
  /* The same length, the same status. */
  g_assert_cmpstr (spa_record_get_string (moved, "ends_at"), ==, "2025-11-24T23:30:00Z");
  g_assert_cmpstr (spa_record_get_string (moved, "status"), ==, "booked");
  g_assert_cmpstr (spa_record_get_id (moved), ==, spa_record_get_id (saved));
}

/* A cancelled, completed or missed booking keeps its time and therapist, whether
 * dragged on the calendar or changed in the editor; one still to come moves. */
static void
test_moving_history (Fixture       *f,
                     gconstpointer  data)
{
  const struct { int hour; const char *via; const char *status; const char *message; } cases[] = {
    { 9, "booked", "confirmed", NULL },
    { 11, "confirmed", "cancelled", "A booking that is Cancelled cannot be moved." },
    { 13, "booked", "checked_in", NULL },
    { 15, "checked_in", "completed", "A booking that is Completed cannot be moved." },
    { 16, "booked", "no_show", "A booking that is No-show cannot be moved." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpaBookingDraft) draft =
        draft_at (f, f->client, f->marcus, f->cedar, SWEDISH, cases[i].hour, 0);
      g_autoptr(SpaRecord) saved = save (f, draft);
      g_autoptr(SpaBookingDraft) edit = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GDateTime) later = monday_at (f, cases[i].hour, 30);
      g_autoptr(GError) error = NULL;

      /* Through a status from which the one wanted can be reached. */
      spa_record_set_string (saved, "status", cases[i].via);
      g_assert_true (spa_store_save (f->store, saved, &error));
      g_assert_no_error (error);
      spa_record_set_string (saved, "status", cases[i].status);
      g_assert_true (spa_store_save (f->store, saved, &error));
      g_assert_no_error (error);

      /* As it stands, it passes: a completed booking can still get a note. */
      edit = spa_booking_draft_new (f->store, saved);
      spa_booking_draft_set_notes (edit, "Bring a towel");
      problems = spa_booking_draft_check (edit, f->now, f->zone);
      g_assert_cmpuint (problems->len, ==, 0);

      spa_booking_draft_set_starts (edit, later);
      g_clear_pointer (&problems, g_ptr_array_unref);
      problems = spa_booking_draft_check (edit, f->now, f->zone);
      g_assert_cmpstr (problem (problems, "starts_at"), ==, cases[i].message);

      g_clear_object (&edit);
      edit = spa_booking_draft_new (f->store, saved);
      spa_booking_draft_set_therapist_id (edit, spa_record_get_id (f->claire));
      g_clear_pointer (&problems, g_ptr_array_unref);
      problems = spa_booking_draft_check (edit, f->now, f->zone);
      g_assert_cmpstr (problem (problems, "starts_at"), ==, cases[i].message);
    }
}

static void
test_find_free_start (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SpaBookingDraft) busy = draft_at (f, f->other_client, f->marcus, f->cedar, HOT_STONE, 9, 0);
  g_autoptr(SpaRecord) saved = save (f, busy);
  g_autoptr(SpaBookingDraft) draft = spa_booking_draft_new (f->store, NULL);
  g_autoptr(GDateTime) from = monday_at (f, 8, 50);
  g_autoptr(GDateTime) until = g_date_time_add_days (from, 14);
  g_autoptr(GDateTime) expected = monday_at (f, 13, 0);
  g_autoptr(GPtrArray) problems = NULL;

  /* Hot stone: Claire does not offer it, and Marcus is busy until 10:50 with the
   * cleanup; 11:00 would run 90 minutes into his lunch break, so 13:00 it is. */
  spa_booking_draft_set_client_id (draft, spa_record_get_id (f->client));
  spa_booking_draft_set_service_id (draft, HOT_STONE);
  g_assert_true (spa_booking_draft_find_free_start (draft, from, until, f->now, f->zone));
  g_assert_true (g_date_time_equal (spa_booking_draft_get_starts (draft), expected));
  g_assert_cmpstr (spa_booking_draft_get_therapist_id (draft), ==, spa_record_get_id (f->marcus));
  spa_booking_draft_suggest_room (draft);
  problems = spa_booking_draft_check (draft, f->now, f->zone);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A day is past once it is over in the spa's time zone, whatever the hour now. */
static void
test_day_is_past (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  /* 23:30 on 1 December in Vancouver: already 2 December in UTC. */
  g_autoptr(GDateTime) now = g_date_time_new (zone, 2026, 12, 1, 23, 30, 0);
  g_autoptr(GDateTime) morning = g_date_time_new (zone, 2026, 12, 1, 0, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_new (zone, 2026, 11, 30, 23, 59, 0);
  g_autoptr(GDateTime) last_year = g_date_time_new (zone, 2025, 12, 31, 12, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_new (zone, 2026, 12, 2, 0, 0, 0);
  g_autoptr(GDateTime) next_month = g_date_time_new (zone, 2027, 1, 1, 0, 0, 0);

  g_assert_false (spa_booking_day_is_past (morning, now, zone));
  g_assert_false (spa_booking_day_is_past (now, now, zone));
  g_assert_true (spa_booking_day_is_past (yesterday, now, zone));
  g_assert_true (spa_booking_day_is_past (last_year, now, zone));
  g_assert_false (spa_booking_day_is_past (tomorrow, now, zone));
  g_assert_false (spa_booking_day_is_past (next_month, now, zone));
}

/* The sample spa obeys the rules it shows: every booking passes the desk's check as
 * it stands, seen from before the demo's first day. */
static void
test_demo_obeys_rules (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) today = g_date_time_new (zone, 2026, 11, 25, 12, 0, 0);
  g_autoptr(GDateTime) before = g_date_time_add_days (today, -8);
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GError) error = NULL;

  spa_schedule_set_time_zone (store, zone);
  g_assert_true (spa_demo_fill (store, zone, today, &error));
  g_assert_no_error (error);

  bookings = spa_store_list (store, "booking", FALSE, NULL);
  g_assert_cmpuint (bookings->len, >, 100);
  for (guint i = 0; i < bookings->len; i++)
    {
      g_autoptr(SpaBookingDraft) draft = spa_booking_draft_new (store, bookings->pdata[i]);
      g_autoptr(GPtrArray) problems = spa_booking_draft_check (draft, before, zone);

      for (guint p = 0; p < problems->len; p++)
        {
          SpaBookingProblem *problem = problems->pdata[p];

          g_test_message ("booking %s at %s: %s: %s", spa_record_get_id (bookings->pdata[i]),
                          spa_record_get_string (bookings->pdata[i], "starts_at"), problem->field, problem->message);
        }
      g_assert_cmpuint (problems->len, ==, 0);
    }

  /* Statuses changed after booking (completed, no-show) still held the therapist, the
   * room and the client at the time: no two of those overlap either. */
  {
    static const char * const fields[] = { "therapist_id", "room_id", "client_id" };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM booking a JOIN booking b"
                                                " ON a.id < b.id AND a.%s = b.%s"
                                                " AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
                                                " WHERE a.status != ?1 AND b.status != ?1", fields[i], fields[i]);

        g_assert_cmpint (spa_test_count_rows (store, sql, "cancelled"), ==, 0);
      }
  }

  spa_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/booking-draft/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("valid", test_valid);
  ADD ("missing-fields", test_missing_fields);
  ADD ("past", test_past);
  ADD ("working-hours", test_working_hours);
  ADD ("service-not-offered", test_service_not_offered);
  ADD ("therapist-clash", test_therapist_clash);
  ADD ("room-clash", test_room_clash);
  ADD ("client-clash", test_client_clash);
  ADD ("build-changes-only", test_build_changes_only);
  ADD ("moving-history", test_moving_history);
  ADD ("find-free-start", test_find_free_start);
#undef ADD
  g_test_add_func ("/booking-draft/demo-obeys-rules", test_demo_obeys_rules);
  g_test_add_func ("/booking-draft/day-is-past", test_day_is_past);

  return g_test_run ();
}
