/* test-availability.c: free start times for a service, as online booking and the desk ask
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

/* Monday 24 November 2025 in Vancouver (UTC-8): 09:00-12:00 and 13:00-17:00 with a
 * lunch break; Sundays 09:00-17:00 (2 November 2025 is the autumn change day). */
#define HOURS \
  "{\"mon\": [{\"start\": \"09:00\", \"end\": \"12:00\"}," \
  "           {\"start\": \"13:00\", \"end\": \"17:00\"}]," \
  " \"sun\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}"

typedef SpaTestSpa Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  spa_test_spa_set_up (f, HOURS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  spa_test_spa_tear_down (f);
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
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");

  spa_record_set_string (booking, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "service_id", service_id);
  if (room)
    spa_record_set_string (booking, "room_id", spa_record_get_id (room));
  spa_record_set_string (booking, "starts_at", starts);
  spa_record_set_string (booking, "ends_at", ends);
  spa_record_set_string (booking, "status", "booked");
  g_assert_true (spa_store_save (f->store, booking, &error));
  g_assert_no_error (error);
}

/* The query most tests ask: one day, 15 minute grid, 2 h notice, asked the Sunday
 * before at noon. */
static SpaAvailabilityQuery
query_for (Fixture    *f,
           const char *service_id,
           SpaRecord  *therapist,
           GDateTime  *day,
           GDateTime  *now)
{
  return (SpaAvailabilityQuery) {
    .service_id = service_id,
    .therapist_id = therapist ? spa_record_get_id (therapist) : NULL,
    .first_day = day,
    .days = 1,
    .now = now,
    .zone = f->zone,
    .slot_minutes = SPA_AVAILABILITY_DEFAULT_SLOT_MINUTES,
    .notice_minutes = SPA_AVAILABILITY_DEFAULT_NOTICE_MINUTES,
  };
}

/* The slots as "HH:MM" local times (with "@therapist" when @with_who), space-separated. */
static char *
describe (Fixture   *f,
          GPtrArray *slots,
          gboolean   with_who)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      SpaSlot *slot = slots->pdata[i];
      g_autoptr(GDateTime) local = g_date_time_to_timezone (slot->starts, f->zone);
      g_autofree char *hhmm = g_date_time_format (local, "%H:%M");

      g_assert_cmpint (g_date_time_difference (slot->ends, slot->starts), >, 0);
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, hhmm);
      if (with_who)
        g_string_append (text, g_str_equal (slot->therapist_id, spa_record_get_id (f->claire))
                                 ? "@claire" : "@marcus");
    }
  return g_string_free (text, FALSE);
}

static char *
find (Fixture                    *f,
      const SpaAvailabilityQuery *query,
      gboolean                    with_who)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) slots = spa_availability_find (f->store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (slots);
  return describe (f, slots, with_who);
}

static GDateTime *
monday (Fixture *f)
{
  return g_date_time_new (f->zone, 2025, 11, 24, 0, 0, 0);
}

static void
test_working_hours_and_breaks (Fixture       *f,
                               gconstpointer  data)
{
  GDateTime *now = f->now;
  g_autoptr(GDateTime) day = monday (f);
  SpaAvailabilityQuery query = query_for (f, SWEDISH, f->claire, day, now);
  g_autofree char *slots = find (f, &query, FALSE);

  /* 60 minutes fit from 09:00 to 11:00 and from 13:00 to 16:00; nothing spans the
   * lunch break. */
  g_assert_cmpstr (slots, ==,
                   "09:00 09:15 09:30 09:45 10:00 10:15 10:30 10:45 11:00 "
                   "13:00 13:15 13:30 13:45 14:00 14:15 14:30 14:45 15:00 15:15 15:30 15:45 16:00");

  /* Tuesday: no hours at all. */
  {
    g_autoptr(GDateTime) tuesday = g_date_time_add_days (day, 1);
    SpaAvailabilityQuery q = query_for (f, SWEDISH, f->claire, tuesday, now);
    g_autofree char *none = find (f, &q, FALSE);

    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_buffers (Fixture       *f,
              gconstpointer  data)
{
  GDateTime *now = f->now;
  g_autoptr(GDateTime) day = monday (f);
  SpaAvailabilityQuery query = query_for (f, SWEDISH, f->claire, day, now);
  g_autofree char *morning = NULL;
  g_autofree char *afternoon = NULL;

  /* 10:30-11:30 Swedish (cleanup to 11:45). A new 60 minute booking with its own 15
   * minute cleanup may end by 10:30 with its cleanup: 09:15 touches, 09:30 does not fit. */
  book (f, f->claire, f->cedar, SWEDISH, "2025-11-24T18:30:00Z", "2025-11-24T19:30:00Z");
  /* 13:00-14:30 hot stone, whose own 20 minute cleanup runs to 14:50. */
  book (f, f->claire, f->cedar, HOT_STONE, "2025-11-24T21:00:00Z", "2025-11-24T22:30:00Z");

  morning = find (f, &query, FALSE);
  g_assert_cmpstr (morning, ==, "09:00 09:15 15:00 15:15 15:30 15:45 16:00");

  /* On a five minute grid the first start after the hot stone is 14:50 exactly. */
  query.slot_minutes = 5;
  afternoon = find (f, &query, FALSE);
  g_assert_true (g_str_has_prefix (afternoon, "09:00 09:05 09:10 09:15 14:50 14:55 15:00"));
  g_assert_true (g_str_has_suffix (afternoon, "15:55 16:00"));
}

static void
test_rooms (Fixture       *f,
            gconstpointer  data)
{
  GDateTime *now = f->now;
  g_autoptr(GDateTime) day = monday (f);
  SpaAvailabilityQuery query = query_for (f, SWEDISH, f->claire, day, now);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(SpaRecord) ana = spa_test_add_named (f->store, "therapist", "Ana Silva", HOURS);
  g_autoptr(GError) error = NULL;

  /* Both rooms are taken 09:00-10:00 by the other two therapists: Claire is free but
   * has nowhere to work until both rooms are cleaned at 10:15. */
  book (f, f->marcus, f->cedar, SWEDISH, "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");
  book (f, ana, f->ocean, SWEDISH, "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");
  query.max_slots = 2;
  slots = spa_availability_find (f->store, &query, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = describe (f, slots, FALSE);

    g_assert_cmpstr (text, ==, "10:15 10:30");
  }
  /* The first free room by name. */
  g_assert_cmpstr (((SpaSlot *)slots->pdata[0])->room_id, ==, spa_record_get_id (f->cedar));

  /* Only the Ocean room is busy later: the Cedar room is given. */
  book (f, ana, f->ocean, SWEDISH, "2025-11-24T21:00:00Z", "2025-11-24T22:00:00Z");
  {
    g_autoptr(GDateTime) at = g_date_time_new (f->zone, 2025, 11, 24, 13, 0, 0);
    g_autoptr(SpaSlot) slot = spa_availability_find_at (f->store, &query, at, &error);

    g_assert_no_error (error);
    g_assert_nonnull (slot);
    g_assert_cmpstr (slot->room_id, ==, spa_record_get_id (f->cedar));
  }

  /* An inactive room is no room; a spa without rooms is not held back by them. */
  spa_record_set_boolean (f->cedar, "active", FALSE);
  g_assert_true (spa_store_save (f->store, f->cedar, &error));
  spa_record_set_boolean (f->ocean, "active", FALSE);
  g_assert_true (spa_store_save (f->store, f->ocean, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) roomless = spa_availability_find (f->store, &query, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (roomless->len, ==, 2);
    g_assert_null (((SpaSlot *)roomless->pdata[0])->room_id);
    SpaSlot *first = roomless->pdata[0];

    g_assert_cmpstr (first->therapist_id, ==, spa_record_get_id (f->claire));
  }
}

static void
test_notice_and_past (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) day = monday (f);
  g_autoptr(GDateTime) early = g_date_time_new (f->zone, 2025, 11, 24, 8, 50, 0);
  g_autoptr(GDateTime) afternoon = g_date_time_new (f->zone, 2025, 11, 24, 15, 5, 0);
  SpaAvailabilityQuery query = query_for (f, SWEDISH, f->claire, day, early);
  g_autofree char *with_notice = NULL;
  g_autofree char *without_notice = NULL;
  g_autofree char *late = NULL;

  /* Asked at 08:50 with two hours' notice: nothing before 10:50. */
  query.max_slots = 2;
  with_notice = find (f, &query, FALSE);
  g_assert_cmpstr (with_notice, ==, "11:00 13:00");

  query.notice_minutes = 0;
  without_notice = find (f, &query, FALSE);
  g_assert_cmpstr (without_notice, ==, "09:00 09:15");

  /* Never in the past, even without notice. */
  query.now = afternoon;
  query.max_slots = 0;
  late = find (f, &query, FALSE);
  g_assert_cmpstr (late, ==, "15:15 15:30 15:45 16:00");
}

static void
test_daylight_saving (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new (f->zone, 2025, 3, 1, 12, 0, 0);
  g_autoptr(GDateTime) saturday = g_date_time_new (f->zone, 2025, 11, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GPtrArray) night = NULL;
  g_autoptr(SpaRecord) owl = NULL;
  SpaAvailabilityQuery query = query_for (f, SWEDISH, f->claire, saturday, now);

  /* Saturday 1 and Sunday 2 November 2025 (back to UTC-8 at 02:00): Sunday's 09:00 is
   * 17:00Z, an hour later in UTC than it would have been the day before. */
  query.days = 2;
  slots = spa_availability_find (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, ==, 29);
  {
    g_autofree char *first = spa_time_format_utc (((SpaSlot *)slots->pdata[0])->starts);
    g_autofree char *last = spa_time_format_utc (((SpaSlot *)slots->pdata[28])->starts);
    g_autofree char *last_end = spa_time_format_utc (((SpaSlot *)slots->pdata[28])->ends);

    g_assert_cmpstr (first, ==, "2025-11-02T17:00:00Z");
    g_assert_cmpstr (last, ==, "2025-11-03T00:00:00Z");
    g_assert_cmpstr (last_end, ==, "2025-11-03T01:00:00Z");
  }

  /* 9 March 2025, the spring change: 02:00-02:59 does not exist, so a night shift
   * 00:00-05:00 has no start then, and a booking from 01:30 lasts an hour of real time
   * (to 03:30 on the clock). */
  owl = spa_test_add_named (f->store, "therapist", "Night Owl",
                            "{\"sun\": [{\"start\": \"00:00\", \"end\": \"05:00\"}]}");
  {
    g_autoptr(GDateTime) march = g_date_time_new (f->zone, 2025, 3, 9, 0, 0, 0);
    SpaAvailabilityQuery q = query_for (f, SWEDISH, owl, march, now);
    g_autofree char *text = NULL;

    night = spa_availability_find (f->store, &q, &error);
    g_assert_no_error (error);
    text = describe (f, night, FALSE);
    g_assert_cmpstr (text, ==,
                     "00:00 00:15 00:30 00:45 01:00 01:15 01:30 01:45 "
                     "03:00 03:15 03:30 03:45 04:00");
    for (guint i = 0; i < night->len; i++)
      {
        SpaSlot *slot = night->pdata[i];

        g_assert_cmpint (g_date_time_difference (slot->ends, slot->starts), ==, G_TIME_SPAN_HOUR);
      }
  }
}

static void
test_offers_service (Fixture       *f,
                     gconstpointer  data)
{
  GDateTime *now = f->now;
  g_autoptr(GDateTime) day = monday (f);
  g_autoptr(GError) error = NULL;
  SpaAvailabilityQuery query = query_for (f, HOT_STONE, f->claire, day, now);
  g_autofree char *claire = find (f, &query, FALSE);
  g_autofree char *anyone = NULL;
  g_autofree char *both = NULL;
  g_autofree char *online = NULL;

  /* Claire does not offer hot stone; Marcus, unrestricted, does. */
  g_assert_cmpstr (claire, ==, "");
  query.therapist_id = NULL;
  query.max_slots = 2;
  anyone = find (f, &query, TRUE);
  g_assert_cmpstr (anyone, ==, "09:00@marcus 09:15@marcus");

  /* Both offer Swedish: each start once per therapist, by name. */
  query.service_id = SWEDISH;
  both = find (f, &query, TRUE);
  g_assert_cmpstr (both, ==, "09:00@claire 09:00@marcus");

  /* Online, only therapists who take online bookings. */
  spa_record_set_boolean (f->claire, "online", FALSE);
  g_assert_true (spa_store_save (f->store, f->claire, &error));
  g_assert_no_error (error);
  query.online_only = TRUE;
  online = find (f, &query, TRUE);
  g_assert_cmpstr (online, ==, "09:00@marcus 09:15@marcus");

  /* A service that is not booked online has no online slots. */
  {
    g_autoptr(SpaRecord) service = spa_store_get (f->store, "service", SWEDISH, &error);
    g_autofree char *none = NULL;

    spa_record_set_boolean (service, "online", FALSE);
    g_assert_true (spa_store_save (f->store, service, &error));
    g_assert_no_error (error);
    none = find (f, &query, TRUE);
    g_assert_cmpstr (none, ==, "");
  }

  /* An unknown service is an error, not an empty answer. */
  query.service_id = "no-such-service";
  g_assert_null (spa_availability_find (f->store, &query, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND);
}

static void
test_find_at (Fixture       *f,
              gconstpointer  data)
{
  GDateTime *now = f->now;
  g_autoptr(GDateTime) day = monday (f);
  g_autoptr(GDateTime) nine = g_date_time_new (f->zone, 2025, 11, 24, 9, 0, 0);
  g_autoptr(GDateTime) off_grid = g_date_time_new (f->zone, 2025, 11, 24, 9, 7, 0);
  g_autoptr(GError) error = NULL;
  SpaAvailabilityQuery query = query_for (f, SWEDISH, NULL, day, now);
  g_autoptr(SpaSlot) first = spa_availability_find_at (f->store, &query, nine, &error);
  g_autoptr(SpaSlot) second = NULL;
  g_autoptr(SpaSlot) third = NULL;
  g_autoptr(SpaSlot) odd = NULL;

  /* "Any therapist" takes the first free one by name, then the next. */
  g_assert_no_error (error);
  g_assert_cmpstr (first->therapist_id, ==, spa_record_get_id (f->claire));
  book (f, f->claire, f->cedar, SWEDISH, "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");
  second = spa_availability_find_at (f->store, &query, nine, &error);
  g_assert_cmpstr (second->therapist_id, ==, spa_record_get_id (f->marcus));
  g_assert_cmpstr (second->room_id, ==, spa_record_get_id (f->ocean));
  book (f, f->marcus, f->ocean, SWEDISH, "2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z");
  third = spa_availability_find_at (f->store, &query, nine, &error);
  g_assert_no_error (error);
  g_assert_null (third);

  /* Off the grid is no slot. */
  odd = spa_availability_find_at (f->store, &query, off_grid, &error);
  g_assert_no_error (error);
  g_assert_null (odd);

  /* Cancelled bookings hold nothing. */
  {
    g_autoptr(GPtrArray) bookings = spa_store_list (f->store, "booking", FALSE, &error);
    g_autoptr(SpaSlot) again = NULL;

    SpaRecord *booked = bookings->pdata[0];

    g_assert_true (spa_schedule_set_status (f->store, booked, "cancelled", NULL, &error));
    g_assert_no_error (error);
    again = spa_availability_find_at (f->store, &query, nine, &error);
    g_assert_nonnull (again);
  }
}

static void
test_range (Fixture       *f,
            gconstpointer  data)
{
  GDateTime *now = f->now;
  g_autoptr(GDateTime) sunday = g_date_time_new (f->zone, 2025, 11, 23, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  SpaAvailabilityQuery query = query_for (f, SWEDISH, f->claire, sunday, now);
  g_autoptr(GPtrArray) slots = NULL;
  guint sunday_slots = 0, monday_slots = 0, next_sunday = 0;

  /* A week from Sunday noon: Sunday afternoon from 14:00 (notice), Monday, next Sunday. */
  query.days = 8;
  slots = spa_availability_find (f->store, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < slots->len; i++)
    {
      SpaSlot *slot = slots->pdata[i];
      g_autoptr(GDateTime) local = g_date_time_to_timezone (slot->starts, f->zone);

      if (i > 0)
        g_assert_cmpint (g_date_time_compare (((SpaSlot *)slots->pdata[i - 1])->starts,
                                              ((SpaSlot *)slots->pdata[i])->starts), <, 0);
      switch (g_date_time_get_day_of_month (local))
        {
        case 23: sunday_slots++; break;
        case 24: monday_slots++; break;
        case 30: next_sunday++; break;
        default: g_assert_not_reached ();
        }
    }
  g_assert_cmpuint (sunday_slots, ==, 9);    /* 14:00 to 16:00 */
  g_assert_cmpuint (monday_slots, ==, 22);
  g_assert_cmpuint (next_sunday, ==, 29);
}

/* A horizon of one day from Sunday noon: nothing starts after Monday noon, for
 * spa_availability_find() and spa_availability_find_at() alike. */
static void
test_horizon (Fixture       *f,
              gconstpointer  data)
{
  GDateTime *now = f->now;
  g_autoptr(GDateTime) sunday = g_date_time_new (f->zone, 2025, 11, 23, 0, 0, 0);
  g_autoptr(GDateTime) late_monday = g_date_time_new (f->zone, 2025, 11, 24, 13, 0, 0);
  g_autoptr(GDateTime) early_monday = g_date_time_new (f->zone, 2025, 11, 24, 11, 0, 0);
  g_autoptr(GError) error = NULL;
  SpaAvailabilityQuery query = query_for (f, SWEDISH, f->claire, sunday, now);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(SpaSlot) too_late = NULL;
  g_autoptr(SpaSlot) in_time = NULL;

  query.days = 8;
  query.horizon_days = 1;
  slots = spa_availability_find (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, >, 0);
  for (guint i = 0; i < slots->len; i++)
    g_assert_cmpint (g_date_time_difference (((SpaSlot *)slots->pdata[i])->starts, now), <=,
                     G_TIME_SPAN_DAY);

  too_late = spa_availability_find_at (f->store, &query, late_monday, &error);
  g_assert_no_error (error);
  g_assert_null (too_late);
  in_time = spa_availability_find_at (f->store, &query, early_monday, &error);
  g_assert_no_error (error);
  g_assert_nonnull (in_time);
}

/* The online settings: defaults, what a form may type, and the store's refusal of what
 * is out of range, whoever writes it. */
static void
test_online_settings (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) settings = spa_online_settings_load (f->store, &error);
  g_autoptr(SpaRecord) again = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (settings);
  g_assert_true (spa_online_settings_enabled (settings));
  g_assert_cmpuint (spa_online_settings_get (settings, "notice_minutes"), ==, 120);
  g_assert_cmpuint (spa_online_settings_get (settings, "slot_minutes"), ==, 15);
  g_assert_cmpuint (spa_online_settings_get (settings, "horizon_days"), ==,
                    SPA_ONLINE_DEFAULT_HORIZON_DAYS);
  g_assert_cmpuint (spa_online_settings_get (settings, "cancel_hours"), ==,
                    SPA_ONLINE_DEFAULT_CANCEL_HOURS);

  /* Typed text: words, negative and too large numbers are refused with the field. */
  for (const char * const *bad = (const char * const []) { "soon", "-5", "1.5", "20000", NULL };
       *bad; bad++)
    {
      g_assert_false (spa_online_settings_set_text (settings, "notice_minutes", *bad, &error));
      g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
      g_assert_cmpstr (spa_validation_error_get_field (error), ==, "notice_minutes");
      g_clear_error (&error);
    }
  g_assert_false (spa_online_settings_set_text (settings, "slot_minutes", "2", &error));
  g_clear_error (&error);
  g_assert_false (spa_record_has_value (settings, "notice_minutes"));

  g_assert_true (spa_online_settings_set_text (settings, "notice_minutes", " 240 ", &error));
  g_assert_true (spa_online_settings_set_text (settings, "horizon_days", "30", &error));
  g_assert_true (spa_online_settings_set_text (settings, "intro", "  Welcome!  ", &error));
  spa_record_set_boolean (settings, "enabled", FALSE);
  g_assert_true (spa_store_save (f->store, settings, &error));
  g_assert_no_error (error);

  again = spa_online_settings_load (f->store, &error);
  g_assert_false (spa_online_settings_enabled (again));
  g_assert_cmpuint (spa_online_settings_get (again, "notice_minutes"), ==, 240);
  g_assert_cmpuint (spa_online_settings_get (again, "horizon_days"), ==, 30);
  text = spa_online_settings_get_text (again, "intro");
  g_assert_cmpstr (text, ==, "Welcome!");

  /* The record's own rule, as a push from another desk meets it. */
  spa_record_set_int (again, "slot_minutes", 1000);
  g_assert_false (spa_store_save (f->store, again, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "slot_minutes");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/availability/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("working-hours-and-breaks", test_working_hours_and_breaks);
  ADD ("buffers", test_buffers);
  ADD ("rooms", test_rooms);
  ADD ("notice-and-past", test_notice_and_past);
  ADD ("daylight-saving", test_daylight_saving);
  ADD ("offers-service", test_offers_service);
  ADD ("find-at", test_find_at);
  ADD ("range", test_range);
  ADD ("horizon", test_horizon);
  ADD ("online-settings", test_online_settings);

  return g_test_run ();
}
