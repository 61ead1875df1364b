/* test-series.c: treatment plans booked in one go, moved and cancelled from a visit on
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

#define SWEDISH spa_default_service_id (0)
#define HOURS \
  "{\"tue\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]," \
  " \"wed\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}"

typedef struct
{
  SpaTestSpa spa;     /* "now" in 2025, long before the plan */
  SpaRecord *first;   /* Tuesday 2 March 2027, 10:00 with Claire */
} Fixture;

static SpaRecord *
book_at (Fixture    *f,
         SpaRecord  *therapist,
         const char *starts,
         const char *ends)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *booking = spa_record_new ("booking");

  spa_record_set_string (booking, "client_id", spa_record_get_id (f->spa.client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "service_id", SWEDISH);
  spa_record_set_string (booking, "room_id", spa_record_get_id (f->spa.cedar));
  spa_record_set_string (booking, "starts_at", starts);
  spa_record_set_string (booking, "ends_at", ends);
  spa_record_set_string (booking, "status", "booked");
  spa_record_set_string (booking, "notes", "Lower back, series");
  spa_record_set_int (booking, "price_cents", 9500);
  g_assert_true (spa_store_save (f->spa.store, booking, &error));
  g_assert_no_error (error);
  return booking;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  spa_test_spa_set_up (&f->spa, HOURS);
  /* 10:00 PST */
  f->first = book_at (f, f->spa.claire, "2027-03-02T18:00:00Z", "2027-03-02T19:00:00Z");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->first);
  spa_test_spa_tear_down (&f->spa);
}

static GPtrArray *
plan (Fixture *f,
      guint    count)
{
  SpaRecurrence rule = { 1, count, NULL };
  g_autoptr(GError) error = NULL;
  GPtrArray *visits = spa_series_plan (f->spa.store, f->first, &rule, f->spa.now, f->spa.zone, 3,
                                       &error);

  g_assert_no_error (error);
  g_assert_nonnull (visits);
  return visits;
}

/* The slots to book: each free visit's own, for a clash its first alternative. */
static GPtrArray *
chosen_slots (GPtrArray *visits)
{
  GPtrArray *slots = g_ptr_array_new ();

  for (guint i = 0; i < visits->len; i++)
    {
      SpaPlanVisit *visit = visits->pdata[i];

      g_ptr_array_add (slots, visit->slot ? visit->slot : visit->alternatives->pdata[0]);
    }
  return slots;
}

static gint64
count (Fixture    *f,
       const char *sql,
       const char *param)
{
  return spa_test_count_rows (f->spa.store, sql, param);
}

static GPtrArray *
book_six (Fixture *f)
{
  g_autoptr(GPtrArray) visits = plan (f, 6);
  g_autoptr(GPtrArray) slots = chosen_slots (visits);
  g_autoptr(GError) error = NULL;
  GPtrArray *made = spa_series_book (f->spa.store, f->first, slots, &error);

  g_assert_no_error (error);
  g_assert_nonnull (made);
  return made;
}

/* Six weekly visits, the third's time taken: the clash is listed with free times that
 * day before anything is saved; booked with an alternative, the plan is six bookings
 * sharing one series_id, each with the first's client, service, notes and price, each
 * in the outbox. */
static void
test_book_plan (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SpaRecord) taken = book_at (f, f->spa.claire, "2027-03-16T17:30:00Z",
                                        "2027-03-16T18:30:00Z");
  g_autoptr(GPtrArray) visits = plan (f, 6);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;
  const char *series_id;

  g_assert_cmpuint (visits->len, ==, 5);
  /* Nothing saved by checking. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking WHERE series_id IS NOT NULL"
                             " OR ? IS NULL", "x"), ==, 0);
  for (guint i = 0; i < visits->len; i++)
    {
      SpaPlanVisit *visit = visits->pdata[i];

      if (i == 1)
        {
          g_assert_null (visit->slot);
          g_assert_cmpuint (visit->alternatives->len, >, 0);
        }
      else
        g_assert_nonnull (visit->slot);
    }

  slots = chosen_slots (visits);
  made = spa_series_book (f->spa.store, f->first, slots, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (made->len, ==, 5);

  series_id = spa_record_get_string (f->first, "series_id");
  g_assert_nonnull (series_id);
  g_assert_true (g_uuid_string_is_valid (series_id));
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking WHERE series_id = ?"
                             " AND status = 'booked' AND notes = 'Lower back, series'"
                             " AND price_cents = 9500",
                          series_id), ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sync_outbox WHERE fields LIKE '%' || ? || '%'",
                          series_id), ==, 6);
  series = spa_series_visits (f->spa.store, series_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->len, ==, 6);
  g_assert_cmpstr (spa_record_get_id (series->pdata[0]), ==, spa_record_get_id (f->first));
  /* The alternative chosen for the third visit, not the taken time. */
  g_assert_cmpstr (spa_record_get_string (series->pdata[2], "starts_at"), !=,
                   "2027-03-16T18:00:00Z");
  g_assert_true (g_str_has_prefix (spa_record_get_string (series->pdata[2], "starts_at"),
                                   "2027-03-16T"));
  /* Across the spring change (14 March) the visits keep 10:00 local. */
  g_assert_cmpstr (spa_record_get_string (series->pdata[1], "starts_at"), ==,
                   "2027-03-09T18:00:00Z");
  g_assert_cmpstr (spa_record_get_string (series->pdata[3], "starts_at"), ==,
                   "2027-03-23T17:00:00Z");
  g_assert_cmpuint (spa_series_count_following (f->spa.store, series->pdata[3]), ==, 2);
  g_assert_cmpuint (spa_series_count_following (f->spa.store, taken), ==, 0);
}

/* A visit taken between the check and the save (another desk's booking pulled
 * meanwhile): the whole plan is refused, naming that visit, and nothing is saved. */
static void
test_book_all_or_nothing (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) visits = plan (f, 4);
  g_autoptr(GPtrArray) slots = chosen_slots (visits);
  g_autoptr(SpaRecord) meanwhile = book_at (f, f->spa.claire, "2027-03-23T17:00:00Z",
                                            "2027-03-23T18:00:00Z");
  gint64 bookings = count (f, "SELECT count(*) FROM booking WHERE ? IS NOT NULL", "x");
  gint64 outbox = count (f, "SELECT count(*) FROM sync_outbox WHERE ? IS NOT NULL", "x");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) made = spa_series_book (f->spa.store, f->first, slots, &error);

  g_assert_null (made);
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "March 23"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking WHERE ? IS NOT NULL", "x"), ==,
                   bookings);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sync_outbox WHERE ? IS NOT NULL", "x"), ==,
                   outbox);
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking"
                             " WHERE series_id IS NOT NULL AND ? IS NOT NULL", "x"), ==, 0);
  g_assert_false (spa_record_has_value (f->first, "series_id"));
}

static const char *
status_of (Fixture   *f,
           SpaRecord *booking)
{
  g_autoptr(SpaRecord) stored = spa_store_get (f->spa.store, "booking",
                                               spa_record_get_id (booking), NULL);
  static char status[32];

  g_strlcpy (status, spa_record_get_string (stored, "status"), sizeof status);
  return status;
}

/* Cancelling the fourth visit alone, then the second "and the following": the first
 * stays, every later visit still to come is cancelled with the reason, in one go. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) made = book_six (f);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (spa_series_cancel (f->spa.store, made->pdata[2], SPA_SERIES_THIS_ONE, "Away",
                                    &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (status_of (f, made->pdata[1]), ==, "booked");
  g_assert_cmpstr (status_of (f, made->pdata[2]), ==, "cancelled");
  g_assert_cmpstr (status_of (f, made->pdata[3]), ==, "booked");

  g_assert_true (spa_series_cancel (f->spa.store, made->pdata[0], SPA_SERIES_FOLLOWING,
                                    "Feels better", &n, &error));
  g_assert_no_error (error);
  /* The second visit and the three still booked after it (the fourth already was). */
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (status_of (f, f->first), ==, "booked");
  for (guint i = 0; i < made->len; i++)
    g_assert_cmpstr (status_of (f, made->pdata[i]), ==, "cancelled");
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking WHERE cancel_reason = ?",
                          "Feels better"), ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking WHERE cancel_reason = ?", "Away"),
                   ==, 1);
}

/* Moving the second visit a day later and an hour earlier "and the following": every
 * later visit moves to Wednesday 09:00 local (across the spring change), the first
 * stays; "this one" moves only the visit chosen. */
static void
test_move_following (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) made = book_six (f);
  g_autoptr(SpaRecord) edited = spa_record_copy (made->pdata[0]);
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;
  const char * const expected[] = {
    "2027-03-02T18:00:00Z", "2027-03-10T17:00:00Z", "2027-03-17T16:00:00Z",
    "2027-03-24T16:00:00Z", "2027-03-31T16:00:00Z", "2027-04-07T16:00:00Z",
  };
  guint n = 0;

  /* Wednesday 10 March, 09:00 PST. */
  spa_record_set_string (edited, "starts_at", "2027-03-10T17:00:00Z");
  spa_record_set_string (edited, "ends_at", "2027-03-10T18:00:00Z");
  spa_record_set_string (edited, "therapist_id", spa_record_get_id (f->spa.marcus));
  g_assert_true (spa_series_move (f->spa.store, edited, SPA_SERIES_FOLLOWING, f->spa.zone, &n,
                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);

  series = spa_series_visits (f->spa.store, spa_record_get_string (f->first, "series_id"), &error);
  g_assert_cmpuint (series->len, ==, 6);
  for (guint i = 0; i < series->len; i++)
    {
      SpaRecord *visit = series->pdata[i];
      g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (visit, "starts_at"));
      g_autoptr(GDateTime) ends = spa_time_parse_utc (spa_record_get_string (visit, "ends_at"));

      /* The third visit was an alternative time that day: it moves by a day too. */
      if (i != 2)
        g_assert_cmpstr (spa_record_get_string (series->pdata[i], "starts_at"), ==, expected[i]);
      else
        g_assert_true (g_str_has_prefix (spa_record_get_string (series->pdata[i], "starts_at"),
                                         "2027-03-17T"));
      g_assert_cmpint (g_date_time_difference (ends, starts), ==, 60 * G_TIME_SPAN_MINUTE);
      g_assert_cmpstr (spa_record_get_string (series->pdata[i], "therapist_id"), ==,
                       spa_record_get_id (i == 0 ? f->spa.claire : f->spa.marcus));
    }

  /* This one: the fourth back to Tuesday, the others stay. */
  g_clear_object (&edited);
  edited = spa_record_copy (series->pdata[3]);
  spa_record_set_string (edited, "starts_at", "2027-03-23T17:00:00Z");
  spa_record_set_string (edited, "ends_at", "2027-03-23T18:00:00Z");
  g_assert_true (spa_series_move (f->spa.store, edited, SPA_SERIES_THIS_ONE, f->spa.zone, &n,
                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking WHERE starts_at = ?",
                          "2027-03-24T16:00:00Z"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking WHERE starts_at = ?",
                          "2027-03-31T16:00:00Z"), ==, 1);
}

/* A later visit's new place is taken: the whole move is refused, naming that visit,
 * and no visit moved. */
static void
test_move_clash (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) made = book_six (f);
  g_autoptr(SpaRecord) edited = spa_record_copy (made->pdata[0]);
  /* Wednesday 31 March 09:00 PDT with Claire, where the fifth visit would go. */
  g_autoptr(SpaRecord) other = book_at (f, f->spa.claire, "2027-03-31T16:00:00Z",
                                        "2027-03-31T17:00:00Z");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char *sql = "SELECT group_concat (starts_at || therapist_id) FROM"
                    " (SELECT * FROM booking WHERE series_id = ? ORDER BY starts_at)";

  {
    g_autoptr(SpaStmt) stmt = spa_store_prepare (f->spa.store, sql, NULL);

    sqlite3_bind_text (stmt, 1, spa_record_get_string (f->first, "series_id"), -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    before = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  }
  spa_record_set_string (edited, "starts_at", "2027-03-10T17:00:00Z");
  spa_record_set_string (edited, "ends_at", "2027-03-10T18:00:00Z");
  g_assert_false (spa_series_move (f->spa.store, edited, SPA_SERIES_FOLLOWING, f->spa.zone, NULL,
                                   &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "March 31"));
  {
    g_autoptr(SpaStmt) stmt = spa_store_prepare (f->spa.store, sql, NULL);

    sqlite3_bind_text (stmt, 1, spa_record_get_string (f->first, "series_id"), -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    after = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  }
  g_assert_cmpstr (before, ==, after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/series/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("book-plan", test_book_plan);
  ADD ("book-all-or-nothing", test_book_all_or_nothing);
  ADD ("cancel", test_cancel);
  ADD ("move-following", test_move_following);
  ADD ("move-clash", test_move_clash);
#undef ADD

  return g_test_run ();
}
