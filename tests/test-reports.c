/* test-reports.c: the manager's figures on hand-made data with known answers
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-store-private.h"
#include "spa-sync-local.h"
#include "spa-test-util.h"

/* Swedish 60 min with 15 min cleanup; hot stone 90 min with 20 min cleanup. */
#define SWEDISH spa_default_service_id (0)
#define HOT_STONE spa_default_service_id (4)

#define WEEKDAY_HOURS \
  "{\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]," \
  " \"tue\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]," \
  " \"wed\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]," \
  " \"thu\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]," \
  " \"fri\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}"

typedef struct
{
  char      *dir;
  SpaStore  *store;
  GTimeZone *zone;
  SpaRecord *c1, *c2, *c3;
  SpaRecord *a;  /* works weekdays 09:00-17:00 */
  SpaRecord *b;  /* no working hours */
  SpaRecord *r1, *r2;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->zone = g_time_zone_new_identifier ("America/Vancouver");
  f->store = spa_test_open_store (&f->dir);
  spa_schedule_set_time_zone (f->store, f->zone);
  f->c1 = spa_test_add_client (f->store, "Zoë", "Tremblay", NULL, NULL);
  f->c2 = spa_test_add_client (f->store, "Marc", "Côté", NULL, NULL);
  f->c3 = spa_test_add_client (f->store, "=Ann", "Nørgaard, Jr", NULL, NULL);
  f->a = spa_test_add_named (f->store, "therapist", "Claire Dubois", WEEKDAY_HOURS);
  f->b = spa_test_add_named (f->store, "therapist", "Marcus Lee", NULL);
  f->r1 = spa_test_add_named (f->store, "room", "Cedar room", NULL);
  f->r2 = spa_test_add_named (f->store, "room", "Ocean room", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->c1);
  g_clear_object (&f->c2);
  g_clear_object (&f->c3);
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_clear_object (&f->r1);
  g_clear_object (&f->r2);
  g_clear_object (&f->store);
  g_time_zone_unref (f->zone);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* A booking of @minutes from @starts (UTC); @cancelled_at sets a cancellation's time. */
static void
book (Fixture    *f,
      SpaRecord  *client,
      SpaRecord  *therapist,
      SpaRecord  *room,
      const char *service_id,
      const char *starts,
      int         minutes,
      const char *status,
      const char *cancelled_at)
{
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");
  g_autoptr(GDateTime) start = spa_time_parse_utc (starts);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, minutes);
  g_autofree char *ends = spa_time_format_utc (end);
  g_autoptr(GError) error = NULL;

  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "service_id", service_id);
  if (room)
    spa_record_set_string (booking, "room_id", spa_record_get_id (room));
  spa_record_set_string (booking, "starts_at", starts);
  spa_record_set_string (booking, "ends_at", ends);
  spa_record_set_string (booking, "status", status);
  spa_booking_add_history (booking, "booked", "2025-01-01T00:00:00Z");
  if (cancelled_at)
    spa_booking_add_history (booking, "cancelled", cancelled_at);
  g_assert_true (spa_store_save (f->store, booking, &error));
  g_assert_no_error (error);
}

/* The week of Monday 24 November 2025 (UTC-8, no daylight-saving change). */
static void
add_week (Fixture *f)
{
  /* Before the week: C2's first visit ever. */
  book (f, f->c2, f->a, f->r1, SWEDISH, "2025-10-01T17:00:00Z", 60, "completed", NULL);
  /* Mon 10:00 and 12:00 local, completed. */
  book (f, f->c1, f->a, f->r1, SWEDISH, "2025-11-24T18:00:00Z", 60, "completed", NULL);
  book (f, f->c2, f->a, f->r1, HOT_STONE, "2025-11-24T20:00:00Z", 90, "completed", NULL);
  /* Tue: a no-show. */
  book (f, f->c3, f->a, f->r2, SWEDISH, "2025-11-25T18:00:00Z", 60, "no_show", NULL);
  /* Wed: cancelled 8 hours before (late); Thu: cancelled a week before. */
  book (f, f->c3, f->a, NULL, SWEDISH, "2025-11-26T18:00:00Z", 60, "cancelled",
        "2025-11-26T10:00:00Z");
  book (f, f->c1, f->a, NULL, SWEDISH, "2025-11-27T18:00:00Z", 60, "cancelled",
        "2025-11-20T10:00:00Z");
  /* Fri: booked ahead (C1 rebooked within 6 weeks of Monday). */
  book (f, f->c1, f->a, f->r1, SWEDISH, "2025-11-28T18:00:00Z", 60, "booked", NULL);
  /* Sat: with the therapist who has no working hours. */
  book (f, f->c3, f->b, f->r2, SWEDISH, "2025-11-29T18:00:00Z", 60, "completed", NULL);
  /* Sun 23:30 local is Monday 07:30 UTC: still Sunday's. */
  book (f, f->c2, f->a, NULL, SWEDISH, "2025-12-01T07:30:00Z", 60, "completed", NULL);
  /* After the week: C1 comes back on 10 December. */
  book (f, f->c1, f->a, f->r1, SWEDISH, "2025-12-10T18:00:00Z", 60, "completed", NULL);
}

static void
week_period (SpaReportPeriod *period)
{
  spa_report_period_containing (SPA_PERIOD_WEEK, spa_report_day_from_ymd (2025, 11, 26), period);
}

static void
test_period_arithmetic (void)
{
  SpaReportPeriod p, q;
  int y, m, d;

  /* 1970-01-01 is day 0, a Thursday; weeks start on Monday. */
  g_assert_cmpint (spa_report_day_from_ymd (1970, 1, 1), ==, 0);
  spa_report_day_to_ymd (spa_report_day_from_ymd (2024, 2, 29), &y, &m, &d);
  g_assert_cmpint (y * 10000 + m * 100 + d, ==, 20240229);

  spa_report_period_containing (SPA_PERIOD_WEEK, spa_report_day_from_ymd (2025, 11, 30), &p);
  g_assert_cmpint (p.first, ==, spa_report_day_from_ymd (2025, 11, 24));
  g_assert_cmpint (p.last, ==, spa_report_day_from_ymd (2025, 11, 30));

  spa_report_period_containing (SPA_PERIOD_MONTH, spa_report_day_from_ymd (2024, 2, 10), &p);
  g_assert_cmpint (p.first, ==, spa_report_day_from_ymd (2024, 2, 1));
  g_assert_cmpint (p.last, ==, spa_report_day_from_ymd (2024, 2, 29));
  spa_report_period_step (&p, -1, &q);
  g_assert_cmpint (q.first, ==, spa_report_day_from_ymd (2024, 1, 1));
  g_assert_cmpint (q.last, ==, spa_report_day_from_ymd (2024, 1, 31));
  g_assert_true (spa_report_period_compare (&p, SPA_COMPARE_LAST_YEAR, &q));
  g_assert_cmpint (q.first, ==, spa_report_day_from_ymd (2023, 2, 1));
  g_assert_cmpint (q.last, ==, spa_report_day_from_ymd (2023, 2, 28));
  g_assert_false (spa_report_period_compare (&p, SPA_COMPARE_NONE, &q));

  spa_report_period_containing (SPA_PERIOD_QUARTER, spa_report_day_from_ymd (2025, 11, 5), &p);
  g_assert_cmpint (p.first, ==, spa_report_day_from_ymd (2025, 10, 1));
  g_assert_cmpint (p.last, ==, spa_report_day_from_ymd (2025, 12, 31));
  g_assert_true (spa_report_period_compare (&p, SPA_COMPARE_PREVIOUS, &q));
  g_assert_cmpint (q.first, ==, spa_report_day_from_ymd (2025, 7, 1));
  g_assert_cmpint (q.last, ==, spa_report_day_from_ymd (2025, 9, 30));

  spa_report_period_containing (SPA_PERIOD_YEAR, spa_report_day_from_ymd (2025, 6, 5), &p);
  g_assert_cmpint (spa_report_period_n_days (&p), ==, 365);

  /* A day compares with the same weekday 52 weeks before. */
  spa_report_period_containing (SPA_PERIOD_DAY, spa_report_day_from_ymd (2025, 11, 29), &p);
  g_assert_true (spa_report_period_compare (&p, SPA_COMPARE_LAST_YEAR, &q));
  g_assert_cmpint (q.first, ==, spa_report_day_from_ymd (2024, 11, 30));

  spa_report_period_custom (spa_report_day_from_ymd (2025, 3, 10),
                            spa_report_day_from_ymd (2025, 3, 1), &p);
  g_assert_cmpint (spa_report_period_n_days (&p), ==, 10);
  spa_report_period_step (&p, -1, &q);
  g_assert_cmpint (q.last, ==, spa_report_day_from_ymd (2025, 2, 28));
}

static void
test_dashboard_week (Fixture       *f,
                     gconstpointer  data)
{
  SpaReportPeriod week, before;
  SpaDashboard d, prev;
  SpaReportFilter only_b = { spa_record_get_id (f->b), NULL, NULL };
  g_autoptr(GError) error = NULL;

  add_week (f);
  week_period (&week);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &week, NULL, &d, &error));
  g_assert_no_error (error);

  g_assert_cmpint (d.visits, ==, 4);
  g_assert_cmpint (d.appointments, ==, 7);
  g_assert_cmpint (d.no_shows, ==, 1);
  g_assert_cmpint (d.late_cancellations, ==, 1);
  g_assert_cmpint (d.cancellations, ==, 2);
  /* Therapist A only: B has no working hours. */
  g_assert_cmpint (d.booked_minutes, ==, 60 + 90 + 60 + 60);
  g_assert_cmpint (d.buffer_minutes, ==, 15 + 20 + 15 + 15);
  g_assert_cmpint (d.working_minutes, ==, 5 * 8 * 60);
  g_assert_cmpint (d.clients, ==, 3);
  g_assert_cmpint (d.new_clients, ==, 2);
  g_assert_cmpint (d.rebooked_clients, ==, 2);
  g_assert_false (d.has_money);
  g_assert_cmpfloat_with_epsilon (spa_dashboard_get_figure (&d, SPA_FIGURE_UTILISATION),
                                  270.0 / 2400, 1e-9);
  g_assert_cmpfloat_with_epsilon (spa_dashboard_get_figure (&d, SPA_FIGURE_NO_SHOW_RATE), 1.0 / 7,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (spa_dashboard_get_figure (&d, SPA_FIGURE_REBOOKING_RATE), 2.0 / 3,
                                  1e-9);
  g_assert_cmpfloat (spa_dashboard_get_figure (&d, SPA_FIGURE_AVERAGE_TICKET), <, 0);

  /* The week before had nothing. */
  g_assert_true (spa_report_period_compare (&week, SPA_COMPARE_PREVIOUS, &before));
  g_assert_true (spa_report_dashboard (f->store, f->zone, &before, NULL, &prev, &error));
  g_assert_cmpint (prev.visits, ==, 0);
  g_assert_cmpint (prev.working_minutes, ==, 2400);
  g_assert_cmpfloat (spa_dashboard_get_figure (&prev, SPA_FIGURE_NO_SHOW_RATE), <, 0);

  /* The therapist without working hours: a visit, no utilisation. */
  g_assert_true (spa_report_dashboard (f->store, f->zone, &week, &only_b, &d, &error));
  g_assert_cmpint (d.visits, ==, 1);
  g_assert_cmpint (d.working_minutes, ==, 0);
  g_assert_cmpfloat (spa_dashboard_get_figure (&d, SPA_FIGURE_UTILISATION), <, 0);
  g_assert_cmpint (d.new_clients, ==, 1);
}

static SpaRecord *
get_booking (Fixture    *f,
             SpaRecord  *client,
             const char *starts)
{
  g_autofree char *sql =
                 g_strdup_printf ("SELECT id FROM booking WHERE client_id = ? AND starts_at = '%s'",
                                  starts);
  g_autoptr(SpaStmt) stmt = spa_store_prepare (f->store, sql, NULL);
  g_autoptr(GError) error = NULL;
  SpaRecord *record;

  sqlite3_bind_text (stmt, 1, spa_record_get_id (client), -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  record = spa_store_get (f->store, "booking", (const char *)sqlite3_column_text (stmt, 0), &error);
  g_assert_no_error (error);
  return record;
}

/* Each client's first visit ever and the next after it, from the bookings (migration
 * 54's client_return). */
#define CLIENT_RETURNS_FROM_RECORDS \
  "SELECT client_id, f, (SELECT min (b.starts_at) FROM booking b WHERE" \
  " b.client_id = v.client_id AND b.deleted = 0 AND b.status IN ('completed', 'checked_in')" \
  " AND b.starts_at > f) FROM (SELECT client_id, min (starts_at) AS f FROM booking" \
  " WHERE deleted = 0 AND status IN ('completed', 'checked_in') AND client_id IS NOT NULL" \
  " GROUP BY client_id) v"
#define CLIENT_RETURNS_KEPT "SELECT client_id, first_visit, next_visit FROM client_return"

static gint64 rows_differ (Fixture    *f,
                           const char *a,
                           const char *b);

static gint64
new_clients_in_week (Fixture *f)
{
  SpaReportPeriod week;
  SpaDashboard d;
  g_autoptr(GError) error = NULL;

  week_period (&week);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &week, NULL, &d, &error));
  g_assert_no_error (error);
  /* The table the figure reads agrees with the bookings. */
  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT count (*) FROM (SELECT client_id, first_visit"
                                        " FROM client_first_visit EXCEPT SELECT client_id,"
                                        " min (starts_at) FROM booking WHERE deleted = 0 AND status"
                                        " IN ('completed', 'checked_in') GROUP BY client_id)",
                                        NULL), ==, 0);
  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT count (*) FROM (SELECT client_id, min (starts_at)"
                                        " FROM booking WHERE deleted = 0 AND status IN"
                                        " ('completed', 'checked_in') GROUP BY client_id EXCEPT"
                                        " SELECT client_id, first_visit FROM client_first_visit)",
                                        NULL), ==, 0);
  g_assert_cmpint (rows_differ (f, CLIENT_RETURNS_KEPT, CLIENT_RETURNS_FROM_RECORDS), ==, 0);
  return d.new_clients;
}

static void
exec_sql (Fixture    *f,
          const char *format,
          ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  g_assert_true (spa_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
}

/* "New" reads each client's first visit ever from the table migration 31 keeps: it
 * follows every edit of a booking. */
static void
test_first_visits (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaRecord) c2_before = NULL;
  g_autoptr(SpaRecord) c3_sat = NULL;
  g_autoptr(GError) error = NULL;

  add_week (f);
  /* C1 and C3 are new (C2 came in October). */
  g_assert_cmpint (new_clients_in_week (f), ==, 2);

  /* C2's October visit is deleted: C2 is new this week too. */
  c2_before = get_booking (f, f->c2, "2025-10-01T17:00:00Z");
  g_assert_true (spa_store_delete (f->store, "booking", spa_record_get_id (c2_before), &error));
  g_assert_no_error (error);
  g_assert_cmpint (new_clients_in_week (f), ==, 3);

  /* C3's Saturday visit moves to the week before: C3's first visit is no longer in it. */
  c3_sat = get_booking (f, f->c3, "2025-11-29T18:00:00Z");
  spa_record_set_string (c3_sat, "starts_at", "2025-11-15T18:00:00Z");
  spa_record_set_string (c3_sat, "ends_at", "2025-11-15T19:00:00Z");
  g_assert_true (spa_store_save (f->store, c3_sat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (new_clients_in_week (f), ==, 2);

  /* It was C1's, in fact: C3 has no visit left, C1's first is the week before. */
  spa_record_set_string (c3_sat, "client_id", spa_record_get_id (f->c1));
  g_assert_true (spa_store_save (f->store, c3_sat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (new_clients_in_week (f), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT count (*) FROM client_first_visit"
                                        " WHERE client_id = ?",
                                        spa_record_get_id (f->c3)), ==, 0);

  /* C3 is booked and checked in on Friday: new again. */
  book (f, f->c3, f->b, NULL, SWEDISH, "2025-11-28T22:00:00Z", 60, "checked_in", NULL);
  g_assert_cmpint (new_clients_in_week (f), ==, 2);

  /* Removed outright (as a pull's purge would): C3 has no visit again. */
  exec_sql (f, "DELETE FROM booking WHERE client_id = '%s'", spa_record_get_id (f->c3));
  g_assert_cmpint (new_clients_in_week (f), ==, 1);
}

/* A cancellation whose history goes on after it (a peer wrote more): the time is the
 * last "cancelled" entry's, read from the history rather than the index. */
static void
test_cancelled_then_more_history (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");
  g_autoptr(GError) error = NULL;
  SpaReportPeriod week;
  SpaDashboard d;

  spa_record_set_string (booking, "client_id", spa_record_get_id (f->c1));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (f->a));
  spa_record_set_string (booking, "service_id", SWEDISH);
  spa_record_set_string (booking, "starts_at", "2025-11-26T18:00:00Z");
  spa_record_set_string (booking, "ends_at", "2025-11-26T19:00:00Z");
  spa_record_set_string (booking, "status", "cancelled");
  spa_booking_add_history (booking, "booked", "2025-11-01T00:00:00Z");
  spa_booking_add_history (booking, "cancelled", "2025-11-26T10:00:00Z");
  spa_booking_add_history (booking, "confirmed", "2025-11-26T11:00:00Z");
  g_assert_true (spa_store_save (f->store, booking, &error));
  g_assert_no_error (error);

  week_period (&week);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &week, NULL, &d, &error));
  g_assert_cmpint (d.cancellations, ==, 1);
  g_assert_cmpint (d.late_cancellations, ==, 1);
}

static void
test_figure_format (void)
{
  g_autofree char *rate = spa_figure_format (SPA_FIGURE_UTILISATION, 0.8125);
  g_autofree char *none = spa_figure_format (SPA_FIGURE_NO_SHOW_RATE, -1);
  g_autofree char *up = spa_figure_format_change (SPA_FIGURE_VISITS, 112, 100);
  g_autofree char *down = spa_figure_format_change (SPA_FIGURE_UTILISATION, 0.80, 0.815);
  g_autofree char *nothing = spa_figure_format_change (SPA_FIGURE_VISITS, 5, -1);

  g_assert_cmpstr (rate, ==, "81%");
  g_assert_cmpstr (none, ==, "—");
  g_assert_cmpstr (up, ==, "+12%");
  g_assert_cmpstr (down, ==, "−1.5 pts");
  g_assert_null (nothing);
}

static SpaReportTable *
build (Fixture               *f,
       SpaReportKind          kind,
       const SpaReportPeriod *period)
{
  g_autoptr(GError) error = NULL;
  SpaReportTable *table = spa_report_build (f->store, f->zone, kind, period, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static int
find_row (SpaReportTable *table,
          const char     *key)
{
  for (guint i = 0; i < table->rows->len; i++)
    if (g_strcmp0 (((SpaReportRow *)table->rows->pdata[i])->key, key) == 0)
      return (int)i;
  return -1;
}

static int
find_column (SpaReportTable *table,
             const char     *title)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (g_strcmp0 (((SpaReportColumn *)table->columns->pdata[i])->title, title) == 0)
      return (int)i;
  return -1;
}

/* A sale at @at (UTC) through the till: @service by @therapist (NULL: none), @products
 * bottles of @product, a tip, paid by @method. */
static SpaRecord *
sell (Fixture    *f,
      const char *at,
      const char *service,
      SpaRecord  *therapist,
      SpaRecord  *product,
      gint64      products,
      gint64      tip,
      const char *method)
{
  g_autoptr(GDateTime) when = spa_time_parse_utc (at);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  SpaRecord *invoice;

  spa_store_set_clock_offset (f->store, g_date_time_difference (when, now));
  draft = spa_checkout_draft_new (f->store);
  spa_checkout_draft_set_client_id (draft, spa_record_get_id (f->c1));
  if (service != NULL)
    g_assert_true (spa_checkout_draft_add_service (draft, service, spa_record_get_id (therapist),
                                                   &error));
  if (product != NULL)
    g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (product), products,
                                                   &error));
  g_assert_no_error (error);
  spa_checkout_draft_set_tip (draft, tip);
  g_assert_true (spa_checkout_draft_add_payment (draft, method,
                                                 spa_checkout_draft_get_balance (draft), &error));
  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);
  g_assert_nonnull (invoice);
  spa_store_set_clock_offset (f->store, 0);
  return invoice;
}

/* The sum of issued invoices' totals less refunds' from @from to @to (UTC): the
 * records' own answer. */
static gint64
invoice_sum (Fixture    *f,
             const char *from,
             const char *to)
{
  g_autofree char *sql =
                 g_strdup_printf ("SELECT coalesce (sum (CASE kind WHEN 'refund' THEN -total_cents"
                                  " ELSE total_cents END), 0) FROM invoice WHERE status = 'issued'"
                                  " AND issued_at >= '%s' AND issued_at < '%s' AND ? IS NULL",
                                  from, to);

  return spa_test_count_rows (f->store, sql, NULL);
}

/* The Swedish massage at $100 and @oil, a product at $20. */
static void
price_goods (Fixture   *f,
             SpaRecord *oil)
{
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(GError) error = NULL;

  service = spa_store_get (f->store, "service", SWEDISH, &error);
  g_assert_no_error (error);
  spa_record_set_int (service, "price_cents", 10000);
  g_assert_true (spa_store_save (f->store, service, &error));
  spa_record_set_string (oil, "name", "Arnica massage oil");
  spa_record_set_int (oil, "price_cents", 2000);
  g_assert_true (spa_store_save (f->store, oil, &error));
  g_assert_no_error (error);
}

/* The product line of @invoice refunded at @at (UTC), in cash. */
static SpaRecord *
refund_product (Fixture    *f,
                SpaRecord  *invoice,
                const char *at)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = spa_time_parse_utc (at);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *refunded[2] = { NULL, NULL };
  SpaRecord *refund;

  lines = spa_store_money_lines (f->store, spa_record_get_id (invoice), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < lines->len; i++)
    if (g_strcmp0 (spa_record_get_string (lines->pdata[i], "kind"), "product") == 0)
      refunded[0] = spa_record_get_id (lines->pdata[i]);
  g_assert_nonnull (refunded[0]);
  spa_store_set_clock_offset (f->store, g_date_time_difference (when, now));
  refund = spa_store_money_refund (f->store, SPA_ROLE_MANAGER, spa_record_get_id (invoice),
                                   refunded, "cash", "Maria", &error);
  spa_store_set_clock_offset (f->store, 0);
  g_assert_no_error (error);
  g_assert_nonnull (refund);
  return refund;
}

/* Revenue on the 25-hour day that ends daylight saving (2 November 2025 in Vancouver):
 * sales at 01:30 before the change and 23:30 after it belong to it, one at 00:30 the
 * next day does not; a refund that day comes off; tips go to their therapist. */
static void
test_revenue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SpaRecord) oil = spa_record_new ("product");
  g_autoptr(SpaRecord) early = NULL;
  g_autoptr(SpaRecord) late = NULL;
  g_autoptr(SpaRecord) next_day = NULL;
  g_autoptr(SpaRecord) refund = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaReportTable) by_time = NULL;
  g_autoptr(SpaReportTable) by_service = NULL;
  g_autoptr(SpaReportTable) by_method = NULL;
  g_autoptr(SpaReportTable) sales = NULL;
  g_autoptr(SpaReportTable) by_therapist = NULL;
  g_autofree char *csv = NULL;
  SpaReportFilter only_a = { spa_record_get_id (f->a), NULL, NULL };
  SpaReportPeriod day;
  SpaDashboard d;
  int row;

  price_goods (f, oil);

  /* 01:30 PDT: $100 Swedish with A (GST $5), tip $15, by card: $120. */
  early = sell (f, "2025-11-02T08:30:00Z", SWEDISH, f->a, NULL, 0, 1500, "card");
  g_assert_cmpint (spa_record_get_int (early, "total_cents", 0), ==, 12000);
  /* 23:30 PST: $100 Swedish with B and two bottles of oil ($40, GST and PST 12%: $4.80),
   * tip $10 to B, in cash: $159.80. */
  late = sell (f, "2025-11-03T07:30:00Z", SWEDISH, f->b, oil, 2, 1000, "cash");
  g_assert_cmpint (spa_record_get_int (late, "total_cents", 0), ==,
                   10000 + 500 + 4000 + 480 + 1000);
  /* 00:30 on the 3rd: another day. */
  next_day = sell (f, "2025-11-03T08:30:00Z", SWEDISH, f->a, NULL, 0, 0, "card");

  /* The oil is refunded at 16:00 that day, in cash: $44.80 back. */
  refund = refund_product (f, late, "2025-11-03T00:00:00Z");
  g_assert_cmpint (spa_record_get_int (refund, "total_cents", 0), ==, 4480);

  spa_report_period_containing (SPA_PERIOD_DAY, spa_report_day_from_ymd (2025, 11, 2), &day);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &day, NULL, &d, &error));
  g_assert_no_error (error);
  g_assert_true (d.has_money);
  g_assert_cmpint (d.revenue_cents, ==, 12000 + 15980 - 4480);
  /* The day's 25 hours, as the records say. */
  g_assert_cmpint (d.revenue_cents, ==,
                   invoice_sum (f, "2025-11-02T07:00:00Z", "2025-11-03T08:00:00Z"));
  g_assert_cmpint (d.services_cents, ==, 20000);
  g_assert_cmpint (d.products_cents, ==, 0);
  g_assert_cmpint (d.tips_cents, ==, 2500);
  g_assert_cmpint (d.tax_cents, ==, 500 + 500);
  g_assert_cmpint (d.sales, ==, 2);
  g_assert_cmpfloat (spa_dashboard_get_figure (&d, SPA_FIGURE_AVERAGE_TICKET), ==,
                     (12000 + 15980 - 4480) / 2);

  /* Therapist A alone: the service and the tip. */
  g_assert_true (spa_report_dashboard (f->store, f->zone, &day, &only_a, &d, &error));
  g_assert_cmpint (d.revenue_cents, ==, 12000);
  g_assert_cmpint (d.tips_cents, ==, 1500);
  g_assert_cmpint (d.sales, ==, 1);

  /* Over time: by hour of the day (01:00 counted once, the first of the two). */
  by_time = build (f, SPA_REPORT_REVENUE_TIME, &day);
  g_assert_cmpint (spa_report_table_get (by_time, find_row (by_time, "01"), 0), ==, 12000);
  g_assert_cmpint (spa_report_table_get (by_time, find_row (by_time, "16"), 0), ==, -4480);
  g_assert_cmpint (spa_report_table_get (by_time, find_row (by_time, "23"), 0), ==, 15980);
  g_assert_cmpint (spa_report_table_get (by_time, find_row (by_time, "23"), 3), ==, 1000);

  by_service = build (f, SPA_REPORT_REVENUE_SERVICE, &day);
  row = find_row (by_service, SWEDISH);
  g_assert_cmpint (spa_report_table_get (by_service, row, 0), ==, 20000);
  g_assert_cmpint (spa_report_table_get (by_service, row, 1), ==, 2);
  /* Sold and refunded the same day: nothing to list. */
  g_assert_cmpint (find_row (by_service, "products"), ==, -1);

  by_method = build (f, SPA_REPORT_REVENUE_METHOD, &day);
  g_assert_cmpint (spa_report_table_get (by_method, find_row (by_method, "card"), 0), ==, 12000);
  g_assert_cmpint (spa_report_table_get (by_method, find_row (by_method, "cash"), 0), ==,
                   15980 - 4480);
  g_assert_cmpint (spa_report_table_get (by_method, find_row (by_method, "cash"), 1), ==, 2);

  sales = build (f, SPA_REPORT_THERAPIST_SALES, &day);
  row = find_row (sales, spa_record_get_id (f->b));
  g_assert_cmpint (spa_report_table_get (sales, row, 0), ==, 10000 + 1000);
  g_assert_cmpint (spa_report_table_get (sales, row, 1), ==, 10000);
  g_assert_cmpint (spa_report_table_get (sales, row, 2), ==, 0);
  g_assert_cmpint (spa_report_table_get (sales, row, 3), ==, 1000);
  row = find_row (sales, spa_record_get_id (f->a));
  g_assert_cmpint (spa_report_table_get (sales, row, 0), ==, 10000 + 1500);

  by_therapist = build (f, SPA_REPORT_REVENUE_THERAPIST, &day);
  row = find_row (by_therapist, spa_record_get_id (f->a));
  g_assert_cmpint (spa_report_table_get (by_therapist, row, 0), ==, 10000);
  g_assert_cmpfloat_with_epsilon (spa_report_table_get (by_therapist, row, 1), 0.5, 1e-9);

  /* The export: amounts in dollars with a decimal point. */
  csv = spa_report_table_to_csv (sales);
  g_assert_nonnull (strstr (csv, "Marcus Lee,110.00,100.00,0.00,10.00\r\n"));
}

static void
test_utilisation (Fixture       *f,
                  gconstpointer  data)
{
  SpaReportPeriod week;
  g_autoptr(SpaReportTable) therapists = NULL;
  g_autoptr(SpaReportTable) rooms = NULL;
  int a, b, r1, r2;

  add_week (f);
  week_period (&week);
  therapists = build (f, SPA_REPORT_UTILISATION_THERAPIST, &week);
  a = find_row (therapists, spa_record_get_id (f->a));
  b = find_row (therapists, spa_record_get_id (f->b));
  g_assert_cmpint (a, >=, 0);
  g_assert_cmpint (b, >=, 0);
  g_assert_cmpfloat_with_epsilon (spa_report_table_get (therapists, a, 0), 270.0 / 2400, 1e-9);
  g_assert_cmpfloat (spa_report_table_get (therapists, a, 1), ==, 270);
  g_assert_cmpfloat (spa_report_table_get (therapists, a, 2), ==, 2400);
  g_assert_cmpfloat (spa_report_table_get (therapists, a, 3), ==, 65);
  g_assert_cmpfloat (spa_report_table_get (therapists, a, 4), ==, 3);
  g_assert_cmpfloat (spa_report_table_get (therapists, b, 0), <, 0);
  g_assert_cmpfloat (spa_report_table_get (therapists, b, 1), ==, 60);
  g_assert_cmpfloat (spa_report_table_get (therapists, b, 2), ==, 0);
  g_assert_cmpfloat (spa_report_table_get (therapists, b, 4), ==, 1);

  /* Rooms are open when any therapist works: weekdays 09:00-17:00. */
  rooms = build (f, SPA_REPORT_UTILISATION_ROOM, &week);
  r1 = find_row (rooms, spa_record_get_id (f->r1));
  r2 = find_row (rooms, spa_record_get_id (f->r2));
  g_assert_cmpfloat (spa_report_table_get (rooms, r1, 1), ==, 210);
  g_assert_cmpfloat (spa_report_table_get (rooms, r1, 2), ==, 2400);
  g_assert_cmpfloat_with_epsilon (spa_report_table_get (rooms, r1, 0), 210.0 / 2400, 1e-9);
  /* The no-show held nothing: only Saturday's hour. */
  g_assert_cmpfloat (spa_report_table_get (rooms, r2, 1), ==, 60);
}

static void
test_busy_hours (Fixture       *f,
                 gconstpointer  data)
{
  SpaReportPeriod week;
  g_autoptr(SpaReportTable) heat = NULL;
  int h0, h10, h12, h13, h23;

  add_week (f);
  week_period (&week);
  heat = build (f, SPA_REPORT_BUSY_HOURS, &week);
  g_assert_cmpint (heat->chart, ==, SPA_REPORT_CHART_HEAT_MAP);
  g_assert_cmpuint (heat->rows->len, ==, 7);
  h0 = find_column (heat, "00:00");
  h10 = find_column (heat, "10:00");
  h12 = find_column (heat, "12:00");
  h13 = find_column (heat, "13:00");
  h23 = find_column (heat, "23:00");
  g_assert_cmpint (h0, >=, 0);
  g_assert_cmpint (h23, >=, 0);
  /* Monday: 10:00 and 12:00-13:30; the cancelled and no-show bookings count nothing. */
  g_assert_cmpfloat (spa_report_table_get (heat, 0, h10), ==, 60);
  g_assert_cmpfloat (spa_report_table_get (heat, 0, h12), ==, 60);
  g_assert_cmpfloat (spa_report_table_get (heat, 0, h13), ==, 30);
  g_assert_cmpfloat (spa_report_table_get (heat, 1, h10), ==, 0);
  g_assert_cmpfloat (spa_report_table_get (heat, 2, h10), ==, 0);
  g_assert_cmpfloat (spa_report_table_get (heat, 4, h10), ==, 60);
  /* Sunday 23:30 to Monday 00:30, local. */
  g_assert_cmpfloat (spa_report_table_get (heat, 6, h23), ==, 30);
  g_assert_cmpfloat (spa_report_table_get (heat, 0, h0), ==, 30);
}

static void
test_no_shows (Fixture       *f,
               gconstpointer  data)
{
  SpaReportPeriod week;
  g_autoptr(SpaReportTable) weekdays = NULL;
  g_autoptr(SpaReportTable) clients = NULL;
  g_autoptr(SpaReportTable) services = NULL;
  int swedish, hot;

  add_week (f);
  week_period (&week);

  weekdays = build (f, SPA_REPORT_NO_SHOWS_WEEKDAY, &week);
  g_assert_cmpuint (weekdays->rows->len, ==, 7);
  /* Tuesday: one appointment, a no-show. */
  g_assert_cmpfloat (spa_report_table_get (weekdays, 1, 0), ==, 1.0);
  g_assert_cmpfloat (spa_report_table_get (weekdays, 1, 2), ==, 1);
  /* Wednesday: a late cancellation is an appointment due; Thursday's early one is not. */
  g_assert_cmpfloat (spa_report_table_get (weekdays, 2, 1), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (weekdays, 2, 3), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (weekdays, 3, 1), ==, 0);
  g_assert_cmpfloat (spa_report_table_get (weekdays, 3, 4), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (weekdays, 3, 0), <, 0);
  /* Sunday's 23:30 booking is Sunday's. */
  g_assert_cmpfloat (spa_report_table_get (weekdays, 6, 1), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (weekdays, 0, 1), ==, 2);

  clients = build (f, SPA_REPORT_NO_SHOWS_CLIENT, &week);
  g_assert_cmpuint (clients->rows->len, ==, 1);
  g_assert_cmpstr (((SpaReportRow *)clients->rows->pdata[0])->key, ==, spa_record_get_id (f->c3));
  g_assert_cmpfloat (spa_report_table_get (clients, 0, 1), ==, 3);
  g_assert_cmpfloat (spa_report_table_get (clients, 0, 2), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (clients, 0, 3), ==, 1);

  services = build (f, SPA_REPORT_NO_SHOWS_SERVICE, &week);
  swedish = find_row (services, SWEDISH);
  hot = find_row (services, HOT_STONE);
  g_assert_cmpfloat (spa_report_table_get (services, swedish, 1), ==, 6);
  g_assert_cmpfloat (spa_report_table_get (services, swedish, 2), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (services, swedish, 4), ==, 2);
  g_assert_cmpfloat (spa_report_table_get (services, hot, 1), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (services, hot, 0), ==, 0);
}

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  SpaReportPeriod autumn;
  SpaReportFilter filter = { 0, };
  g_autoptr(SpaReportTable) table = NULL;
  g_autoptr(SpaReportTable) mine = NULL;
  g_autoptr(GError) error = NULL;
  int oct, nov, dec;

  add_week (f);
  spa_report_period_custom (spa_report_day_from_ymd (2025, 10, 1),
                            spa_report_day_from_ymd (2025, 12, 31), &autumn);
  table = build (f, SPA_REPORT_RETENTION, &autumn);
  oct = find_row (table, "2025-10");
  nov = find_row (table, "2025-11");
  dec = find_row (table, "2025-12");
  g_assert_cmpint (dec, ==, 2);
  /* October: C2 first came on 1 October, back on 24 November (within 3 months). */
  g_assert_cmpfloat (spa_report_table_get (table, oct, 0), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (table, oct, 1), ==, 0);
  g_assert_cmpfloat (spa_report_table_get (table, oct, 2), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (table, oct, 3), ==, 1);
  /* November: C1 (back on 10 December) and C3 (never back). */
  g_assert_cmpfloat (spa_report_table_get (table, nov, 0), ==, 2);
  g_assert_cmpfloat (spa_report_table_get (table, nov, 1), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (table, nov, 3), ==, 1);
  g_assert_cmpfloat_with_epsilon (spa_report_table_get (table, nov, 4), 0.5, 1e-9);
  g_assert_cmpfloat (spa_report_table_get (table, dec, 0), ==, 0);

  /* Filtered, the walk of the bookings answers (not migration 54's table): therapist A
   * saw C2 and C1 but not C3 (B's). */
  filter.therapist_id = spa_record_get_id (f->a);
  mine = spa_report_build (f->store, f->zone, SPA_REPORT_RETENTION, &autumn, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (spa_report_table_get (mine, oct, 0), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (mine, oct, 2), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (mine, nov, 0), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (mine, nov, 1), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (mine, nov, 4), ==, 1);
}

/* Spring forward (9 March 2025, 23 hours) and fall back (2 November, 25 hours). */
static void
test_dst_days (Fixture       *f,
               gconstpointer  data)
{
  SpaReportPeriod day, week;
  SpaDashboard d;
  g_autoptr(SpaReportTable) hours = NULL;
  g_autoptr(GError) error = NULL;

  /* 00:30 PST and 23:30 PDT on 9 March; 00:30 PDT on 10 March. */
  book (f, f->c1, f->a, NULL, SWEDISH, "2025-03-09T08:30:00Z", 60, "completed", NULL);
  book (f, f->c2, f->a, NULL, SWEDISH, "2025-03-10T06:30:00Z", 60, "completed", NULL);
  book (f, f->c3, f->a, NULL, SWEDISH, "2025-03-10T07:30:00Z", 60, "completed", NULL);
  /* 23:30 PST on 2 November; 00:30 on 3 November. */
  book (f, f->c1, f->a, NULL, SWEDISH, "2025-11-03T07:30:00Z", 60, "completed", NULL);
  book (f, f->c2, f->a, NULL, SWEDISH, "2025-11-03T08:30:00Z", 60, "completed", NULL);

  spa_report_period_containing (SPA_PERIOD_DAY, spa_report_day_from_ymd (2025, 3, 9), &day);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &day, NULL, &d, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.visits, ==, 2);

  hours = build (f, SPA_REPORT_VISITS, &day);
  g_assert_cmpuint (hours->rows->len, ==, 24);
  g_assert_cmpfloat (spa_report_table_get (hours, 0, 0), ==, 1);
  g_assert_cmpfloat (spa_report_table_get (hours, 23, 0), ==, 1);

  spa_report_period_containing (SPA_PERIOD_DAY, spa_report_day_from_ymd (2025, 3, 10), &day);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &day, NULL, &d, &error));
  g_assert_cmpint (d.visits, ==, 1);

  /* The week ending on the fall-back Sunday holds the 23:30 visit, not the 00:30 one. */
  spa_report_period_containing (SPA_PERIOD_WEEK, spa_report_day_from_ymd (2025, 11, 2), &week);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &week, NULL, &d, &error));
  g_assert_cmpint (d.visits, ==, 1);
  spa_report_period_containing (SPA_PERIOD_DAY, spa_report_day_from_ymd (2025, 11, 3), &day);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &day, NULL, &d, &error));
  g_assert_cmpint (d.visits, ==, 1);
}

/* Reads RFC 4180 CSV back: lines of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        g_ptr_array_add (fields, g_string_free (g_string_new (field->str), FALSE)),
            g_string_truncate (field, 0);
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (lines, fields);
          fields = g_ptr_array_new_with_free_func (g_free);
          p++;
        }
      else
        g_string_append_c (field, *p);
    }
  g_assert_false (quoted);
  g_assert_cmpuint (fields->len, ==, 0);
  g_ptr_array_unref (fields);
  g_string_free (field, TRUE);
  return lines;
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  SpaReportPeriod week;
  g_autoptr(SpaReportTable) clients = NULL;
  g_autoptr(SpaReportTable) therapists = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv2 = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) lines2 = NULL;
  GPtrArray *header, *row;
  g_autofree char *name = spa_client_dup_display_name (f->c3);
  g_autofree char *guarded = g_strconcat ("'", name, NULL);

  add_week (f);
  week_period (&week);
  clients = build (f, SPA_REPORT_NO_SHOWS_CLIENT, &week);
  csv = spa_report_table_to_csv (clients);
  lines = parse_csv (csv);
  g_assert_cmpuint (lines->len, ==, 2);
  header = lines->pdata[0];
  g_assert_cmpuint (header->len, ==, 1 + clients->columns->len);
  g_assert_cmpstr (header->pdata[0], ==, clients->row_title);
  g_assert_cmpstr (header->pdata[1], ==, "No-show rate");
  row = lines->pdata[1];
  /* A name with a comma stays one field; one starting like a formula is kept as text. */
  g_assert_nonnull (strchr (name, ','));
  g_assert_cmpstr (row->pdata[0], ==, guarded);
  g_assert_cmpstr (row->pdata[1], ==, "33.33");
  g_assert_cmpstr (row->pdata[2], ==, "3");
  g_assert_cmpstr (row->pdata[3], ==, "1");

  therapists = build (f, SPA_REPORT_UTILISATION_THERAPIST, &week);
  csv2 = spa_report_table_to_csv (therapists);
  lines2 = parse_csv (csv2);
  g_assert_cmpuint (lines2->len, ==, 1 + therapists->rows->len);
  for (guint i = 0; i < therapists->rows->len; i++)
    {
      SpaReportRow *r = therapists->rows->pdata[i];

      row = lines2->pdata[i + 1];
      g_assert_cmpstr (row->pdata[0], ==, r->label);
      /* Hours with two decimals; a utilisation that does not apply is empty. */
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (row->pdata[2], NULL), r->values[1] / 60,
                                      0.005);
      if (r->values[0] < 0)
        g_assert_cmpstr (row->pdata[1], ==, "");
      else
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (row->pdata[1], NULL), r->values[0] * 100,
                                        0.005);
    }
}

/* Bad bytes in a booking's history (from a peer) do not fail a report. */
static void
test_bad_history (Fixture       *f,
                  gconstpointer  data)
{
  SpaReportPeriod week;
  SpaDashboard d;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  add_week (f);
  g_assert_true (spa_store_exec (f->store,
                                 "UPDATE booking SET status_history = '[{\"status\": \"cancel'"
                                 " WHERE status = 'cancelled'",
                                 &error));
  g_assert_no_error (error);
  week_period (&week);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &week, NULL, &d, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.cancellations, ==, 2);
  g_assert_cmpint (d.late_cancellations, ==, 0);
}

/* Every line and tip of the issued invoices, from the records themselves. */
#define SALE_LINES_FROM_RECORDS \
  "SELECT * FROM (SELECT i.issued_at, i.id, l.id, iif (i.kind = 'refund', -1, 1)," \
  " i.booking_id, l.kind, l.item_id, l.therapist_id, l.quantity, l.total_cents, l.tax_cents" \
  " FROM invoice i, invoice_line l WHERE l.invoice_id = i.id AND l.deleted = 0" \
  " AND i.status = 'issued' AND i.deleted = 0 AND i.issued_at IS NOT NULL" \
  " UNION ALL SELECT i.issued_at, i.id, '', iif (i.kind = 'refund', -1, 1), i.booking_id," \
  " NULL, NULL, i.tip_therapist_id, 0, i.tip_cents, 0 FROM invoice i" \
  " WHERE i.tip_cents <> 0 AND i.status = 'issued' AND i.deleted = 0" \
  " AND i.issued_at IS NOT NULL)"
#define SALE_LINES_KEPT \
  "SELECT issued_at, invoice_id, line_id, sign, booking_id, kind, item_id, therapist_id," \
  " quantity, total_cents, tax_cents FROM sale_line"

/* Issued in November 2025, Vancouver time. */
#define NOVEMBER(i) \
  i ".issued_at >= '2025-11-01T07:00:00Z' AND " i ".issued_at < '2025-12-01T08:00:00Z'"

/* Every payment on an issued invoice, from the records themselves. */
#define SALE_PAYMENTS_FROM_RECORDS \
  "SELECT p.received_at, p.id, i.id, iif (i.kind = 'refund', -1, 1), i.booking_id, p.method," \
  " p.amount_cents FROM payment p, invoice i WHERE i.id = p.invoice_id AND p.deleted = 0" \
  " AND i.status = 'issued' AND i.deleted = 0"
#define SALE_PAYMENTS_KEPT \
  "SELECT received_at, payment_id, invoice_id, sign, booking_id, method, amount_cents" \
  " FROM sale_payment"

/* The sums per UTC hour of the records' money and payments by method (migration 52). */
#define SALE_HOURS_FROM_RECORDS \
  "WITH r (t, inv, line, s, booking, kind, item, therapist, quantity, total, tax) AS (" \
  SALE_LINES_FROM_RECORDS ") SELECT strftime ('%s', t) / 3600, sum (s * total)," \
  " sum (s * tax), sum (iif (kind IN ('service', 'package'), s * (total - tax), 0))," \
  " sum (iif (kind = 'product', s * (total - tax), 0)), sum (iif (kind IS NULL, s * total, 0))," \
  " count (DISTINCT iif (s > 0 AND kind IS NOT NULL, inv, NULL)) FROM r GROUP BY 1"
#define SALE_HOURS_KEPT \
  "SELECT hour, revenue_cents, tax_cents, services_cents, products_cents, tips_cents, sales" \
  " FROM sale_hour"
#define PAYMENT_HOURS_FROM_RECORDS \
  "WITH p (t, id, inv, s, booking, method, amount) AS (" SALE_PAYMENTS_FROM_RECORDS ")" \
  " SELECT strftime ('%s', t) / 3600, method, count (*), sum (s * amount) FROM p GROUP BY 1, 2"
#define PAYMENT_HOURS_KEPT "SELECT hour, method, payments, amount_cents FROM sale_payment_hour"

/* The sums per UTC day by line kind and service, and by therapist (migration 53). */
#define SALE_DAY_ITEMS_FROM_RECORDS \
  "WITH r (t, inv, line, s, booking, kind, item, therapist, quantity, total, tax) AS (" \
  SALE_LINES_FROM_RECORDS ") SELECT strftime ('%s', t) / 86400, kind," \
  " iif (kind = 'service', coalesce (item, ''), '') AS i, sum (s * (total - tax))," \
  " sum (s * quantity), count (*) FROM r WHERE kind IS NOT NULL GROUP BY 1, 2, 3"
#define SALE_DAY_ITEMS_KEPT \
  "SELECT day, kind, item_id, net_cents, quantity, lines FROM sale_day_item"
#define SALE_DAY_THERAPISTS_FROM_RECORDS \
  "WITH r (t, inv, line, s, booking, kind, item, therapist, quantity, total, tax) AS (" \
  SALE_LINES_FROM_RECORDS ") SELECT strftime ('%s', t) / 86400, coalesce (therapist, '')," \
  " sum (iif (kind IN ('service', 'package'), s * (total - tax), 0))," \
  " sum (iif (kind = 'product', s * (total - tax), 0)), sum (iif (kind IS NULL, s * total, 0))," \
  " count (*) FROM r GROUP BY 1, 2"
#define SALE_DAY_THERAPISTS_KEPT \
  "SELECT day, therapist_id, services_cents, products_cents, tips_cents, lines" \
  " FROM sale_day_therapist"

/* The rows that differ between two queries' results, either way, and in number. */
static gint64
rows_differ (Fixture    *f,
             const char *a,
             const char *b)
{
  g_autofree char *a_not_b =
                 g_strdup_printf ("SELECT count (*) FROM (SELECT * FROM (%s)"
                                  " EXCEPT SELECT * FROM (%s))", a, b);
  g_autofree char *b_not_a =
                 g_strdup_printf ("SELECT count (*) FROM (SELECT * FROM (%s)"
                                  " EXCEPT SELECT * FROM (%s))", b, a);
  g_autofree char *count_a = g_strdup_printf ("SELECT count (*) FROM (%s)", a);
  g_autofree char *count_b = g_strdup_printf ("SELECT count (*) FROM (%s)", b);

  return spa_test_count_rows (f->store, a_not_b, NULL) +
         spa_test_count_rows (f->store, b_not_a, NULL) +
         llabs (spa_test_count_rows (f->store, count_a, NULL) -
                spa_test_count_rows (f->store, count_b, NULL));
}

/* The rows that differ between the sale lines and payments the reports read, their
 * sums per hour, and the records. */
static gint64
sale_lines_differ (Fixture *f)
{
  return rows_differ (f, SALE_HOURS_KEPT, SALE_HOURS_FROM_RECORDS) +
         rows_differ (f, PAYMENT_HOURS_KEPT, PAYMENT_HOURS_FROM_RECORDS) +
         rows_differ (f, SALE_DAY_ITEMS_KEPT, SALE_DAY_ITEMS_FROM_RECORDS) +
         rows_differ (f, SALE_DAY_THERAPISTS_KEPT, SALE_DAY_THERAPISTS_FROM_RECORDS) +
         rows_differ (f, CLIENT_RETURNS_KEPT, CLIENT_RETURNS_FROM_RECORDS) +
         spa_test_count_rows (f->store,
                              "SELECT count (*) FROM (" SALE_PAYMENTS_KEPT " EXCEPT "
                              SALE_PAYMENTS_FROM_RECORDS ")", NULL) +
         spa_test_count_rows (f->store,
                              "SELECT count (*) FROM (" SALE_PAYMENTS_FROM_RECORDS " EXCEPT "
                              SALE_PAYMENTS_KEPT ")", NULL) +
         llabs (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_payment", NULL) -
                spa_test_count_rows (f->store,
                                     "SELECT count (*) FROM (" SALE_PAYMENTS_FROM_RECORDS ")",
                                     NULL)) +
         spa_test_count_rows (f->store,
                              "SELECT count (*) FROM (" SALE_LINES_KEPT " EXCEPT "
                              SALE_LINES_FROM_RECORDS ")", NULL) +
         spa_test_count_rows (f->store,
                              "SELECT count (*) FROM (" SALE_LINES_FROM_RECORDS " EXCEPT "
                              SALE_LINES_KEPT ")", NULL) +
         /* EXCEPT would hide a row kept twice. */
         llabs (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_line", NULL) -
                spa_test_count_rows (f->store,
                                     "SELECT count (*) FROM (" SALE_LINES_FROM_RECORDS ")",
                                     NULL));
}

/* A change of a pulled page: @record as another desk wrote it. */
static void
add_change (GString   *page,
            SpaRecord *record)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_take_object (node, spa_record_to_json (record));
  text = json_to_string (node, FALSE);
  g_string_append_printf (page, "%s{\"entity\": \"%s\", \"op\": \"upsert\", \"record\": %s}",
                          page->len > strlen ("{\"changes\": [") ? ", " : "",
                          spa_record_get_entity (record), text);
}

/* Applies a page holding @records. */
static void
pull (Fixture   *f,
      GPtrArray *records,
      gint64     cursor)
{
  g_autoptr(GString) page = g_string_new ("{\"changes\": [");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_more = TRUE;

  for (guint i = 0; i < records->len; i++)
    add_change (page, records->pdata[i]);
  g_string_append_printf (page, "], \"cursor\": %" G_GINT64_FORMAT ", \"has_more\": false}",
                          cursor);
  body = g_bytes_new (page->str, page->len);
  g_assert_true (spa_sync_local_apply_pull (f->store, body, &has_more, &error));
  g_assert_no_error (error);
}

/* The money reports read sale_line (migration 33): it follows every change of an
 * invoice or a line, whoever makes it, and a whole-spa load's end makes it again. */
/* The sum of a report's column over its rows. */
static gint64
report_column_sum (Fixture               *f,
                   SpaReportKind          kind,
                   const SpaReportPeriod *period,
                   guint                  column)
{
  g_autoptr(SpaReportTable) table = build (f, kind, period);
  double sum = 0;

  for (guint i = 0; i < table->rows->len; i++)
    sum += spa_report_table_get (table, i, column);
  return (gint64)sum;
}

static void
test_sale_lines (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SpaRecord) oil = spa_record_new ("product");
  g_autoptr(SpaRecord) s1 = NULL;
  g_autoptr(SpaRecord) s2 = NULL;
  g_autoptr(SpaRecord) s3 = NULL;
  g_autoptr(SpaRecord) refund = NULL;
  g_autoptr(SpaRecord) loaded = NULL;
  g_autoptr(SpaRecord) theirs = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *their_id = g_uuid_string_random ();
  const char *b = spa_record_get_id (f->b);
  SpaReportPeriod month;
  SpaDashboard d;

  price_goods (f, oil);

  /* Sales through the till. */
  s1 = sell (f, "2025-11-03T18:00:00Z", SWEDISH, f->a, NULL, 0, 1500, "card");
  s2 = sell (f, "2025-11-04T18:00:00Z", SWEDISH, f->b, oil, 2, 1000, "cash");
  s3 = sell (f, "2025-11-05T18:00:00Z", SWEDISH, f->a, NULL, 0, 0, "card");
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_line", NULL), ==,
                   2 + 3 + 1);
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  spa_report_period_containing (SPA_PERIOD_MONTH, spa_report_day_from_ymd (2025, 11, 1), &month);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &month, NULL, &d, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.revenue_cents, ==,
                   invoice_sum (f, "2025-11-01T07:00:00Z", "2025-12-01T08:00:00Z"));

  /* Edited (as a peer's or an older desk's write could): the tip and its therapist, a
   * line's amount and therapist, a line moved to another invoice, the issue time, a
   * payment's method and time. */
  exec_sql (f, "UPDATE invoice SET tip_cents = 700, tip_therapist_id = '%s' WHERE id = '%s'", b,
            spa_record_get_id (s1));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "UPDATE invoice_line SET total_cents = total_cents + 100, therapist_id = '%s'"
            " WHERE invoice_id = '%s' AND kind = 'service'", b, spa_record_get_id (s2));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "UPDATE invoice_line SET invoice_id = '%s' WHERE invoice_id = '%s'"
            " AND kind = 'product'", spa_record_get_id (s3), spa_record_get_id (s2));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "UPDATE invoice SET issued_at = '2025-12-01T10:00:00Z' WHERE id = '%s'",
            spa_record_get_id (s3));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "UPDATE payment SET method = 'cash', received_at = '2025-11-06T18:00:00Z'"
            " WHERE invoice_id = '%s'", spa_record_get_id (s3));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "UPDATE invoice_line SET invoice_id = '%s' WHERE invoice_id = '%s'"
            " AND kind = 'product'", spa_record_get_id (s2), spa_record_get_id (s3));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);

  /* Voided (back to a draft), then issued again. */
  exec_sql (f, "UPDATE invoice SET status = 'draft', issued_at = NULL WHERE id = '%s'",
            spa_record_get_id (s3));
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_line"
                                        " WHERE invoice_id = ?", spa_record_get_id (s3)), ==, 0);
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "UPDATE invoice SET status = 'issued', issued_at = '2025-11-05T18:00:00Z'"
            " WHERE id = '%s'", spa_record_get_id (s3));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);

  /* Refunded through the till: the refund's lines count against. */
  refund = refund_product (f, s2, "2025-11-10T18:00:00Z");
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_line"
                                        " WHERE sign = -1 AND invoice_id = ?",
                                        spa_record_get_id (refund)), ==, 1);
  g_assert_cmpint (sale_lines_differ (f), ==, 0);

  /* Deleted: a line marked so, a line removed, a whole invoice marked, then removed. */
  exec_sql (f, "UPDATE invoice_line SET deleted = 1 WHERE invoice_id = '%s' AND kind = 'service'",
            spa_record_get_id (s2));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "DELETE FROM invoice_line WHERE invoice_id = '%s' AND kind = 'service'",
            spa_record_get_id (s2));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "UPDATE invoice SET deleted = 1 WHERE id = '%s'", spa_record_get_id (s1));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "UPDATE invoice SET deleted = 0 WHERE id = '%s'", spa_record_get_id (s1));
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  exec_sql (f, "BEGIN; DELETE FROM invoice WHERE id = '%s';"
            " DELETE FROM invoice_line WHERE invoice_id = '%s';"
            " DELETE FROM payment WHERE invoice_id = '%s'; COMMIT;",
            spa_record_get_id (s1), spa_record_get_id (s1), spa_record_get_id (s1));
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_line"
                                        " WHERE invoice_id = ?", spa_record_get_id (s1)), ==, 0);
  g_assert_cmpint (sale_lines_differ (f), ==, 0);

  /* Synced in from another desk: its sale (s3's copy under new ids: one line, one
   * payment), then its edit. */
  theirs = spa_record_copy (s3);
  spa_record_set_id (theirs, their_id);
  spa_record_set_string (theirs, "number", "OTHER-000001");
  spa_record_set_string (theirs, "issued_at", "2025-11-06T18:00:00Z");
  g_ptr_array_add (records, g_object_ref (theirs));
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = spa_store_money_lines (f->store, spa_record_get_id (s3), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      SpaRecord *line = spa_record_copy (lines->pdata[i]);

      spa_record_set_id (line, id);
      spa_record_set_string (line, "invoice_id", their_id);
      g_ptr_array_add (records, line);
    }
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = spa_store_money_payments (f->store, spa_record_get_id (s3), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 1);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      SpaRecord *payment = spa_record_copy (lines->pdata[i]);

      spa_record_set_id (payment, id);
      spa_record_set_string (payment, "invoice_id", their_id);
      g_ptr_array_add (records, payment);
    }
  pull (f, records, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_line"
                                        " WHERE invoice_id = ?", their_id), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_payment"
                                        " WHERE invoice_id = ?", their_id), ==, 1);
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  g_ptr_array_set_size (records, 1);
  spa_record_set_version (theirs, spa_record_get_version (theirs) + 1);
  spa_record_set_string (theirs, "issued_at", "2025-11-07T18:00:00Z");
  pull (f, records, 2);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_line"
                                        " WHERE issued_at = '2025-11-07T18:00:00Z'", NULL), ==,
                   1);
  g_assert_cmpint (sale_lines_differ (f), ==, 0);

  /* A whole-spa load leaves it behind; its end makes it again. */
  g_assert_true (spa_store_begin_load (f->store, &error));
  g_assert_no_error (error);
  loaded = sell (f, "2025-11-08T18:00:00Z", SWEDISH, f->b, oil, 1, 500, "card");
  exec_sql (f, "UPDATE invoice SET tip_cents = 900 WHERE id = '%s'", spa_record_get_id (s2));
  g_assert_cmpint (sale_lines_differ (f), >, 0);
  g_assert_true (spa_store_end_load (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sale_lines_differ (f), ==, 0);

  /* What the reports add up is what the records say. */
  g_assert_true (spa_report_dashboard (f->store, f->zone, &month, NULL, &d, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.revenue_cents, ==,
                   spa_test_count_rows (f->store,
                                        "SELECT sum (s.t) FROM (SELECT"
                                        " iif (i.kind = 'refund', -1, 1) * l.total_cents AS t"
                                        " FROM invoice i, invoice_line l"
                                        " WHERE l.invoice_id = i.id AND l.deleted = 0"
                                        " AND i.status = 'issued' AND i.deleted = 0 AND ? IS NULL"
                                        " AND " NOVEMBER ("i")
                                        " UNION ALL SELECT iif (kind = 'refund', -1, 1) * tip_cents"
                                        " FROM invoice i WHERE status = 'issued' AND deleted = 0"
                                        " AND " NOVEMBER ("i") ") s",
                                        NULL));

  /* By service and by therapist: November's whole UTC days from the sums per day, its
   * ends (its first and last UTC days, shared with October 31 and December 1 local
   * time) from the lines. */
  g_clear_object (&s1);
  g_clear_object (&s3);
  s1 = sell (f, "2025-11-01T06:30:00Z", SWEDISH, f->a, oil, 1, 300, "card");
  s3 = sell (f, "2025-12-01T07:30:00Z", SWEDISH, f->b, NULL, 0, 200, "cash");
  g_clear_object (&loaded);
  loaded = sell (f, "2025-12-01T08:30:00Z", SWEDISH, f->a, oil, 3, 100, "card");
  g_clear_object (&refund);
  refund = sell (f, "2025-11-01T16:00:00Z", NULL, f->b, oil, 2, 400, "cash");
  g_assert_cmpint (sale_lines_differ (f), ==, 0);
  g_assert_cmpint (report_column_sum (f, SPA_REPORT_REVENUE_SERVICE, &month, 0), ==,
                   spa_test_count_rows (f->store, "SELECT sum (iif (i.kind = 'refund', -1, 1)"
                                        " * (l.total_cents - l.tax_cents)) FROM invoice i,"
                                        " invoice_line l WHERE l.invoice_id = i.id"
                                        " AND l.deleted = 0 AND i.status = 'issued'"
                                        " AND i.deleted = 0 AND ? IS NULL AND " NOVEMBER ("i"),
                                        NULL));
  g_assert_cmpint (report_column_sum (f, SPA_REPORT_THERAPIST_SALES, &month, 0), ==,
                   spa_test_count_rows (f->store, "SELECT sum (s.t) FROM (SELECT"
                                        " iif (i.kind = 'refund', -1, 1)"
                                        " * (l.total_cents - l.tax_cents) AS t"
                                        " FROM invoice i, invoice_line l"
                                        " WHERE l.invoice_id = i.id AND l.deleted = 0"
                                        " AND l.kind IN ('service', 'package', 'product')"
                                        " AND i.status = 'issued' AND i.deleted = 0"
                                        " AND ? IS NULL AND " NOVEMBER ("i")
                                        " UNION ALL SELECT iif (kind = 'refund', -1, 1)"
                                        " * tip_cents FROM invoice i WHERE status = 'issued'"
                                        " AND deleted = 0 AND " NOVEMBER ("i") ") s",
                                        NULL));
}

/* Each client's whole visits by start, the previous, the first visit ever and whether a
 * booking not cancelled followed within 6 weeks (migration 55's client_visit); and each
 * whole no-show or late cancellation (migration 56's client_miss), from the bookings. */
#define CLIENT_VISITS_FROM_RECORDS \
  "WITH v (client_id, at) AS (SELECT DISTINCT client_id, CAST (strftime ('%s', starts_at)" \
  " AS INTEGER) FROM booking WHERE deleted = 0 AND status IN ('completed', 'checked_in')" \
  " AND therapist_id IS NOT NULL AND service_id IS NOT NULL" \
  " AND strftime ('%s', ends_at) IS NOT NULL)" \
  " SELECT client_id, at, (SELECT max (w.at) FROM v w WHERE w.client_id = v.client_id" \
  " AND w.at < v.at), (SELECT CAST (strftime ('%s', min (b.starts_at)) AS INTEGER)" \
  " FROM booking b WHERE b.client_id = v.client_id AND b.deleted = 0" \
  " AND b.status IN ('completed', 'checked_in')), (SELECT count (*) > 0 FROM booking b" \
  " WHERE b.client_id = v.client_id AND b.deleted = 0 AND b.status != 'cancelled'" \
  " AND CAST (strftime ('%s', b.starts_at) AS INTEGER) BETWEEN v.at + 1 AND v.at + 42 * 86400)" \
  " FROM v"
#define CLIENT_VISITS_KEPT "SELECT client_id, at, prev_at, first_at, rebooked FROM client_visit"
#define CLIENT_MISSES_FROM_RECORDS \
  "SELECT * FROM (SELECT id, CAST (strftime ('%s', starts_at) AS INTEGER), client_id," \
  " status = 'no_show' AS n, status = 'cancelled' AND (SELECT max (strftime ('%s'," \
  " json_extract (h.value, '$.at'))) FROM json_each (status_history) h" \
  " WHERE json_extract (h.value, '$.status') = 'cancelled') + 86400" \
  " > CAST (strftime ('%s', starts_at) AS INTEGER) AS l FROM booking WHERE deleted = 0" \
  " AND strftime ('%s', ends_at) IS NOT NULL)" \
  " WHERE n OR l"
#define CLIENT_MISSES_KEPT "SELECT booking_id, at, client_id, no_show, late FROM client_miss"

static gint64
kept_clients_differ (Fixture *f)
{
  return rows_differ (f, CLIENT_VISITS_KEPT, CLIENT_VISITS_FROM_RECORDS) +
         rows_differ (f, CLIENT_MISSES_KEPT, CLIENT_MISSES_FROM_RECORDS);
}

/* The whole spa's dashboard clients and no-shows by client read migrations 55's and
 * 56's tables: they follow every change of a booking, whoever makes it, and a
 * whole-spa load's end makes them again. */
static void
save_kept (Fixture   *f,
           SpaRecord *record)
{
  g_autoptr(GError) error = NULL;
  gboolean saved = spa_store_save (f->store, record, &error);

  g_assert_no_error (error);
  g_assert_true (saved);
}

static void
test_kept_clients (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaRecord) fri = NULL;
  g_autoptr(SpaRecord) tue = NULL;
  g_autoptr(SpaRecord) theirs = NULL;
  g_autoptr(SpaRecord) mine = NULL;
  g_autoptr(SpaRecord) c2_before = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SpaReportTable) clients = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *their_id = g_uuid_string_random ();
  SpaReportPeriod week;
  SpaDashboard d;

  week_period (&week);
  add_week (f);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM client_visit", NULL), ==,
                   6);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM client_miss", NULL), ==,
                   2);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  g_assert_true (spa_report_dashboard (f->store, f->zone, &week, NULL, &d, &error));
  g_assert_no_error (error);
  /* C1 (booked again on Friday), C2 (not new; back on Sunday) and C3 (new, not back). */
  g_assert_cmpint (d.clients, ==, 3);
  g_assert_cmpint (d.new_clients, ==, 2);
  g_assert_cmpint (d.rebooked_clients, ==, 2);

  /* Through the desk: Friday's booking moved, then cancelled in time; a new booking
   * (the till's insert) a week after Monday, checked in, completed. */
  fri = get_booking (f, f->c1, "2025-11-28T18:00:00Z");
  spa_record_set_string (fri, "starts_at", "2026-02-27T18:00:00Z");
  spa_record_set_string (fri, "ends_at", "2026-02-27T19:00:00Z");
  save_kept (f, fri);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  spa_record_set_string (fri, "status", "cancelled");
  spa_booking_add_history (fri, "cancelled", "2025-11-20T10:00:00Z");
  save_kept (f, fri);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  book (f, f->c1, f->a, NULL, SWEDISH, "2025-12-01T18:00:00Z", 60, "booked", NULL);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  /* C3 books again a week after Saturday's visit. */
  book (f, f->c3, f->a, NULL, SWEDISH, "2025-12-05T18:00:00Z", 60, "booked", NULL);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT rebooked FROM client_visit"
                                        " WHERE client_id = ?", spa_record_get_id (f->c3)), ==, 1);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  book (f, f->c3, f->a, NULL, SWEDISH, "2025-11-27T20:00:00Z", 60, "booked", NULL);
  tue = get_booking (f, f->c3, "2025-11-27T20:00:00Z");
  spa_record_set_string (tue, "status", "checked_in");
  save_kept (f, tue);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  spa_record_set_string (tue, "status", "completed");
  save_kept (f, tue);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  /* Another client's, marked a no-show. */
  exec_sql (f, "UPDATE booking SET client_id = '%s', status = 'no_show' WHERE id = '%s'",
            spa_record_get_id (f->c2), spa_record_get_id (tue));
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  exec_sql (f, "DELETE FROM booking WHERE id = '%s'", spa_record_get_id (tue));
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  c2_before = get_booking (f, f->c2, "2025-10-01T17:00:00Z");
  g_assert_true (spa_store_delete (f->store, "booking", spa_record_get_id (c2_before), &error));
  g_assert_no_error (error);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);

  /* Written by other means: a visit's end unreadable (the walk leaves it out), a
   * history edited, rows removed outright (as a pull's purge would). */
  exec_sql (f, "UPDATE booking SET ends_at = 'soon' WHERE starts_at = '2025-11-24T20:00:00Z'");
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  exec_sql (f, "UPDATE booking SET status_history = json_set (status_history, '$[#-1].at',"
            " '2025-11-19T10:00:00Z') WHERE starts_at = '2025-11-26T18:00:00Z'");
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  exec_sql (f, "DELETE FROM booking WHERE client_id = '%s' AND status = 'completed'",
            spa_record_get_id (f->c3));
  g_assert_cmpint (kept_clients_differ (f), ==, 0);

  /* Synced in from another desk: a no-show, then its edit to a visit. */
  mine = get_booking (f, f->c1, "2025-12-01T18:00:00Z");
  theirs = spa_record_copy (mine);
  spa_record_set_id (theirs, their_id);
  spa_record_set_string (theirs, "starts_at", "2025-11-27T22:00:00Z");
  spa_record_set_string (theirs, "ends_at", "2025-11-27T23:00:00Z");
  spa_record_set_string (theirs, "status", "no_show");
  g_ptr_array_add (records, g_object_ref (theirs));
  pull (f, records, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM client_miss"
                                        " WHERE booking_id = ?", their_id), ==, 1);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);
  spa_record_set_version (theirs, spa_record_get_version (theirs) + 1);
  spa_record_set_string (theirs, "status", "completed");
  pull (f, records, 2);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM client_visit"
                                        " WHERE client_id = ?", spa_record_get_id (f->c1)), ==, 3);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);

  /* A whole-spa load leaves them behind; its end makes them again. */
  g_assert_true (spa_store_begin_load (f->store, &error));
  g_assert_no_error (error);
  book (f, f->c3, f->a, NULL, SWEDISH, "2025-11-26T20:00:00Z", 60, "no_show", NULL);
  book (f, f->c3, f->a, NULL, SWEDISH, "2025-11-27T22:00:00Z", 60, "completed", NULL);
  g_assert_cmpint (kept_clients_differ (f), >, 0);
  g_assert_true (spa_store_end_load (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kept_clients_differ (f), ==, 0);

  /* The figures are the walk's: a filter that keeps every booking walks. */
  {
    SpaReportFilter all = { spa_record_get_id (f->a), NULL, NULL, NULL };
    SpaDashboard walked;

    exec_sql (f, "UPDATE booking SET therapist_id = '%s' WHERE therapist_id IS NOT '%s'",
              spa_record_get_id (f->a), spa_record_get_id (f->a));
    g_assert_cmpint (kept_clients_differ (f), ==, 0);
    g_assert_true (spa_report_dashboard (f->store, f->zone, &week, NULL, &d, &error));
    g_assert_true (spa_report_dashboard (f->store, f->zone, &week, &all, &walked, &error));
    g_assert_no_error (error);
    g_assert_cmpint (d.clients, ==, walked.clients);
    g_assert_cmpint (d.new_clients, ==, walked.new_clients);
    g_assert_cmpint (d.rebooked_clients, ==, walked.rebooked_clients);
    g_assert_cmpint (d.clients, >, 0);
  }
  clients = build (f, SPA_REPORT_NO_SHOWS_CLIENT, &week);
  g_assert_cmpuint (clients->rows->len, >, 0);
  {
    SpaReportFilter all = { spa_record_get_id (f->a), NULL, NULL, NULL };
    g_autoptr(SpaReportTable) walked = spa_report_build (f->store, f->zone,
                                                         SPA_REPORT_NO_SHOWS_CLIENT, &week, &all,
                                                         &error);

    g_assert_no_error (error);
    g_assert_cmpuint (walked->rows->len, ==, clients->rows->len);
    for (guint i = 0; i < clients->rows->len; i++)
      {
        g_assert_cmpstr (((SpaReportRow *)clients->rows->pdata[i])->key, ==,
                         ((SpaReportRow *)walked->rows->pdata[i])->key);
        for (guint c = 0; c < clients->columns->len; c++)
          g_assert_cmpfloat (spa_report_table_get (clients, i, c), ==,
                             spa_report_table_get (walked, i, c));
      }
  }
}

/* Migration 53's sums per day against the sale lines themselves. */
#define SALE_DAY_ITEMS_FROM_LINES \
  "WITH r (t, inv, line, s, booking, kind, item, therapist, quantity, total, tax) AS (" \
  SALE_LINES_KEPT ") SELECT strftime ('%s', t) / 86400, kind," \
  " iif (kind = 'service', coalesce (item, ''), '') AS i, sum (s * (total - tax))," \
  " sum (s * quantity), count (*) FROM r WHERE kind IS NOT NULL GROUP BY 1, 2, 3"
#define SALE_DAY_THERAPISTS_FROM_LINES \
  "WITH r (t, inv, line, s, booking, kind, item, therapist, quantity, total, tax) AS (" \
  SALE_LINES_KEPT ") SELECT strftime ('%s', t) / 86400, coalesce (therapist, '')," \
  " sum (iif (kind IN ('service', 'package'), s * (total - tax), 0))," \
  " sum (iif (kind = 'product', s * (total - tax), 0)), sum (iif (kind IS NULL, s * total, 0))," \
  " count (*) FROM r GROUP BY 1, 2"

/* Nothing updates a sale_line row today (migration 33's triggers delete and insert), but
 * migration 53's update trigger must still move a row's sums: its amount, its day, its
 * therapist and its kind changed in place. */
static void
test_sale_day_update (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SpaRecord) oil = spa_record_new ("product");
  g_autoptr(SpaRecord) s1 = NULL;
  g_autoptr(SpaRecord) s2 = NULL;

  price_goods (f, oil);
  s1 = sell (f, "2025-11-03T18:00:00Z", SWEDISH, f->a, oil, 1, 500, "card");
  s2 = sell (f, "2025-11-04T18:00:00Z", SWEDISH, f->b, NULL, 0, 0, "cash");
  g_assert_cmpint (rows_differ (f, SALE_DAY_ITEMS_KEPT, SALE_DAY_ITEMS_FROM_LINES), ==, 0);
  exec_sql (f, "UPDATE sale_line SET total_cents = total_cents + 100, quantity = 2"
            " WHERE invoice_id = '%s' AND kind = 'product'", spa_record_get_id (s1));
  g_assert_cmpint (rows_differ (f, SALE_DAY_ITEMS_KEPT, SALE_DAY_ITEMS_FROM_LINES), ==, 0);
  g_assert_cmpint (rows_differ (f, SALE_DAY_THERAPISTS_KEPT, SALE_DAY_THERAPISTS_FROM_LINES), ==,
                   0);
  exec_sql (f, "UPDATE sale_line SET issued_at = '2025-11-09T18:00:00Z', therapist_id = '%s'"
            " WHERE invoice_id = '%s'", spa_record_get_id (f->a), spa_record_get_id (s2));
  g_assert_cmpint (rows_differ (f, SALE_DAY_ITEMS_KEPT, SALE_DAY_ITEMS_FROM_LINES), ==, 0);
  g_assert_cmpint (rows_differ (f, SALE_DAY_THERAPISTS_KEPT, SALE_DAY_THERAPISTS_FROM_LINES), ==,
                   0);
  exec_sql (f, "UPDATE sale_line SET kind = 'package' WHERE invoice_id = '%s'"
            " AND kind = 'service'", spa_record_get_id (s1));
  g_assert_cmpint (rows_differ (f, SALE_DAY_ITEMS_KEPT, SALE_DAY_ITEMS_FROM_LINES), ==, 0);
  g_assert_cmpint (rows_differ (f, SALE_DAY_THERAPISTS_KEPT, SALE_DAY_THERAPISTS_FROM_LINES), ==,
                   0);
}

/* Half an hour off UTC (India), one UTC hour holds the end of a local day and the
 * start of the next, so sums per UTC hour cannot say which day a sale belongs to: sales
 * at 23:45 and 00:15 local time (18:15 and 18:45 UTC) each fall on their own day. */
static void
test_half_hour_zone (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GTimeZone) india = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autoptr(SpaRecord) oil = spa_record_new ("product");
  g_autoptr(SpaRecord) late = NULL;
  g_autoptr(SpaRecord) next = NULL;
  g_autoptr(SpaReportTable) by_time = NULL;
  g_autoptr(SpaReportTable) by_method = NULL;
  g_autoptr(GError) error = NULL;
  gint64 late_total, next_total;
  SpaReportPeriod day, next_day;
  SpaDashboard d;

  price_goods (f, oil);
  late = sell (f, "2025-11-03T18:15:00Z", SWEDISH, f->a, NULL, 0, 500, "card");
  next = sell (f, "2025-11-03T18:45:00Z", NULL, NULL, oil, 1, 0, "cash");
  late_total = spa_record_get_int (late, "total_cents", 0);
  next_total = spa_record_get_int (next, "total_cents", 0);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count (*) FROM sale_hour", NULL), ==, 1);

  spa_report_period_containing (SPA_PERIOD_DAY, spa_report_day_from_ymd (2025, 11, 3), &day);
  g_assert_true (spa_report_dashboard (f->store, india, &day, NULL, &d, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.revenue_cents, ==, late_total);
  g_assert_cmpint (d.tips_cents, ==, 500);
  g_assert_cmpint (d.products_cents, ==, 0);
  g_assert_cmpint (d.sales, ==, 1);
  by_time = spa_report_build (f->store, india, SPA_REPORT_REVENUE_TIME, &day, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (spa_report_table_get (by_time, 23, 0), ==, late_total);
  g_assert_cmpfloat (spa_report_table_get (by_time, 0, 0), ==, 0);
  by_method = spa_report_build (f->store, india, SPA_REPORT_REVENUE_METHOD, &day, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_method->rows->len, ==, 1);
  g_assert_cmpstr (((SpaReportRow *)by_method->rows->pdata[0])->key, ==, "card");
  g_assert_cmpfloat (spa_report_table_get (by_method, 0, 0), ==, late_total);

  spa_report_period_step (&day, 1, &next_day);
  g_assert_true (spa_report_dashboard (f->store, india, &next_day, NULL, &d, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.revenue_cents, ==, next_total);
  g_assert_cmpint (d.products_cents, >, 0);
  g_assert_cmpint (d.sales, ==, 1);
}

/* Whether a line was refunded already is asked at every refund: along an index, not by
 * walking every line ever sold (a spa's ten years of sales). */
static void
test_refunded_line_indexed (Fixture       *f,
                            gconstpointer  data)
{
  sqlite3_stmt *stmt = NULL;
  gboolean uses_index = FALSE;

  g_assert_cmpint (sqlite3_prepare_v2 (spa_store_get_db (f->store),
                                       "EXPLAIN QUERY PLAN SELECT 1 FROM invoice_line"
                                       " WHERE refund_of_line = ? AND id IS NOT ? AND deleted = 0",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (strstr ((const char *)sqlite3_column_text (stmt, 3), "invoice_line_refund_of") != NULL)
      uses_index = TRUE;
  sqlite3_finalize (stmt);
  g_assert_true (uses_index);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reports/period", test_period_arithmetic);
  g_test_add_func ("/reports/figure-format", test_figure_format);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reports/dashboard-week", test_dashboard_week);
  ADD ("/reports/utilisation", test_utilisation);
  ADD ("/reports/busy-hours", test_busy_hours);
  ADD ("/reports/no-shows", test_no_shows);
  ADD ("/reports/retention", test_retention);
  ADD ("/reports/dst-days", test_dst_days);
  ADD ("/reports/csv", test_csv);
  ADD ("/reports/bad-history", test_bad_history);
  ADD ("/reports/first-visits", test_first_visits);
  ADD ("/reports/revenue", test_revenue);
  ADD ("/reports/cancelled-then-more-history", test_cancelled_then_more_history);
  ADD ("/reports/refunded-line-indexed", test_refunded_line_indexed);
  ADD ("/reports/sale-lines", test_sale_lines);
  ADD ("/reports/half-hour-zone", test_half_hour_zone);
  ADD ("/reports/kept-clients", test_kept_clients);
  ADD ("/reports/sale-day-update", test_sale_day_update);
#undef ADD

  return g_test_run ();
}
