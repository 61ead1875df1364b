/* spa-store-reports.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store-reports"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-client.h"
#include "spa-json.h"
#include "spa-location-fields.h"
#include "spa-migrations.h"
#include "spa-store-private.h"
#include "spa-store-reports.h"

/*
 * The reports' reads. A report walks the bookings of its period once, in start order,
 * as plain structs (no records: ten years are a million rows), along migration 30's
 * covering index, and reads the period's new clients from the first-visit table.
 * Aggregation is the caller's (spa-report.c), because days, weeks and hours are the
 * spa's local time, which SQLite does not know.
 */

static int
digits (const char *s,
        int         n)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return -1;
      value = value * 10 + (s[i] - '0');
    }
  return value;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/**
 * spa_report_parse_time:
 * @utc: a time as stored, `YYYY-MM-DDTHH:MM:SSZ`
 *
 * Returns: the Unix time, or %G_MININT64 if @utc is not in that form
 */
gint64
spa_report_parse_time (const char *utc)
{
  int y, mo, d, h, mi, s;

  if (utc == NULL || strlen (utc) != 20 || utc[4] != '-' || utc[7] != '-' || utc[10] != 'T' ||
      utc[13] != ':' || utc[16] != ':' || utc[19] != 'Z')
    return G_MININT64;
  y = digits (utc, 4);
  mo = digits (utc + 5, 2);
  d = digits (utc + 8, 2);
  h = digits (utc + 11, 2);
  mi = digits (utc + 14, 2);
  s = digits (utc + 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
      s < 0 || s > 59)
    return G_MININT64;

  return days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/**
 * spa_report_format_time:
 *
 * Returns: (transfer full): @unix_time written as the store writes times
 */
char *
spa_report_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static SpaBookingStatus
parse_status (const char *status)
{
  static const char * const names[] = {
    "requested", "booked", "confirmed", "checked_in", "completed", "no_show", "cancelled",
  };

  if (status == NULL)
    return SPA_BOOKING_OTHER;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (status, names[i]) == 0)
      return (SpaBookingStatus)i;
  return SPA_BOOKING_OTHER;
}

/* The time of a cancelled booking's last "cancelled" entry in its history (only from
 * well-formed JSON: a peer's bad bytes must not fail the whole report). Usually the last
 * entry, which the covering index holds; the history is read only otherwise. */
/* A booking at location @param (one without a location_id is at the default one). */
#define LOCATION_IS(param) \
  "(location_id = " param " OR (location_id IS NULL AND " param " = '" SPA_LOCATION_DEFAULT_ID "'))"

#define SCAN_SQL_HEAD \
  "SELECT starts_at, ends_at, status, client_id, therapist_id, room_id, service_id," \
  " " SPA_REPORT_CANCELLED_AT_ANY \
  " FROM booking WHERE starts_at >= ?1 AND starts_at < ?2 AND deleted = 0"

static gboolean scan_bookings (SpaStore              *store,
                               gint64                 from,
                               gint64                 whole_to,
                               gint64                 to,
                               const SpaReportFilter *filter,
                               const char            *client_id,
                               SpaReportBookingFunc   func,
                               gpointer               data,
                               GError               **error);

/**
 * spa_store_reports_scan:
 * @from: the first instant (Unix time, included)
 * @whole_to: bookings before it are read whole
 * @to: the end (excluded)
 * @filter: (nullable): which bookings
 *
 * Calls @func for every booking (not deleted, any status) starting in [@from, @to) that
 * passes @filter, in start order. Those from @whole_to on are follow-ups: only their
 * start, status and client are read (the rest is zero, @partial set); so are those
 * before it without an end, a therapist or a service.
 */
gboolean
spa_store_reports_scan (SpaStore              *store,
                        gint64                 from,
                        gint64                 whole_to,
                        gint64                 to,
                        const SpaReportFilter *filter,
                        SpaReportBookingFunc   func,
                        gpointer               data,
                        GError               **error)
{
  return scan_bookings (store, from, whole_to, to, filter, NULL, func, data, error);
}

/**
 * spa_store_reports_scan_client:
 * @from: the first instant (Unix time, included)
 * @to: the end (excluded)
 *
 * What spa_store_reports_scan() calls @func for without a filter and with no
 * follow-ups, for @client_id's bookings only: a range of its index.
 */
gboolean
spa_store_reports_scan_client (SpaStore              *store,
                               const char            *client_id,
                               gint64                 from,
                               gint64                 to,
                               SpaReportBookingFunc   func,
                               gpointer               data,
                               GError               **error)
{
  return scan_bookings (store, from, to, to, NULL, client_id, func, data, error);
}

/* @sql prepared with the period [@from, @to) bound as ?1 and ?2, Unix times (the kept
 * tables' keys). */
static SpaStmt *
prepare_instants (SpaStore    *store,
                  const char  *sql,
                  gint64       from,
                  gint64       to,
                  GError     **error)
{
  SpaStmt *stmt = spa_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  return stmt;
}

/**
 * spa_store_reports_clients:
 * @from: the first instant (Unix time, included)
 * @to: the end (excluded)
 * @clients: (out): the clients with a visit in [@from, @to)
 * @new_clients: (out): those of them whose first visit ever is in it
 * @rebooked: (out): those of them booked again within 6 weeks of their first visit in it
 *
 * The dashboard's client figures for the whole spa: one range of migration 55's
 * client_visit, each client's first visit of the period being the one whose previous
 * visit is before it.
 */
gboolean
spa_store_reports_clients (SpaStore  *store,
                           gint64     from,
                           gint64     to,
                           gint64    *clients,
                           gint64    *new_clients,
                           gint64    *rebooked,
                           GError   **error)
{
  g_autoptr(SpaStmt) stmt =
                 prepare_instants (store,
                                   "SELECT count (*), total (first_at >= ?1), total (rebooked)"
                                   " FROM client_visit WHERE at >= ?1 AND at < ?2"
                                   " AND (prev_at IS NULL OR prev_at < ?1)",
                                   from, to, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return spa_store_set_error (store, error);
  *clients = sqlite3_column_int64 (stmt, 0);
  *new_clients = sqlite3_column_int64 (stmt, 1);
  *rebooked = sqlite3_column_int64 (stmt, 2);
  return TRUE;
}

/**
 * spa_store_reports_misses:
 * @from: the first instant (Unix time, included)
 * @to: the end (excluded)
 *
 * Calls @func for every client with a no-show or a late cancellation among the whole
 * bookings starting in [@from, @to), with how many of each: one range of migration 56's
 * client_miss.
 */
gboolean
spa_store_reports_misses (SpaStore           *store,
                          gint64              from,
                          gint64              to,
                          SpaReportMissFunc   func,
                          gpointer            data,
                          GError            **error)
{
  g_autoptr(SpaStmt) stmt = prepare_instants (store,
                                              "SELECT client_id, sum (no_show), sum (late)"
                                              " FROM client_miss WHERE at >= ?1 AND at < ?2"
                                              " GROUP BY client_id",
                                              from, to, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *)sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1),
          sqlite3_column_int64 (stmt, 2), data);
  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

static gboolean
scan_bookings (SpaStore              *store,
               gint64                 from,
               gint64                 whole_to,
               gint64                 to,
               const SpaReportFilter *filter,
               const char            *client_id,
               SpaReportBookingFunc   func,
               gpointer               data,
               GError               **error)
{
  g_autofree char *s_from = spa_report_format_time (from);
  g_autofree char *s_to = spa_report_format_time (to);
  g_autoptr(GString) sql = g_string_new (SCAN_SQL_HEAD);
  g_autoptr(SpaStmt) stmt = NULL;
  int rc;

  /* One statement per filter combination, so each uses the index that fits. */
  if (filter && filter->therapist_id)
    g_string_append (sql, " AND therapist_id = ?3");
  if (filter && filter->room_id)
    g_string_append (sql, " AND room_id = ?4");
  if (filter && filter->service_id)
    g_string_append (sql, " AND service_id = ?5");
  if (filter && filter->location_id)
    g_string_append (sql, " AND " LOCATION_IS ("?6"));
  if (client_id)
    g_string_append (sql, " AND client_id = ?7");
  g_string_append (sql, " ORDER BY starts_at");

  stmt = spa_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, s_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, s_to, -1, SQLITE_TRANSIENT);
  if (filter && filter->therapist_id)
    sqlite3_bind_text (stmt, 3, filter->therapist_id, -1, SQLITE_TRANSIENT);
  if (filter && filter->room_id)
    sqlite3_bind_text (stmt, 4, filter->room_id, -1, SQLITE_TRANSIENT);
  if (filter && filter->service_id)
    sqlite3_bind_text (stmt, 5, filter->service_id, -1, SQLITE_TRANSIENT);
  if (filter && filter->location_id)
    sqlite3_bind_text (stmt, 6, filter->location_id, -1, SQLITE_TRANSIENT);
  if (client_id)
    sqlite3_bind_text (stmt, 7, client_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaReportBooking booking = { 0, };
      const char *cancelled;

      booking.starts = spa_report_parse_time ((const char *)sqlite3_column_text (stmt, 0));
      if (booking.starts == G_MININT64)
        continue;
      booking.status = parse_status ((const char *)sqlite3_column_text (stmt, 2));
      booking.client_id = (const char *)sqlite3_column_text (stmt, 3);
      if (booking.client_id == NULL)
        continue;
      if (booking.starts >= whole_to)
        {
          booking.ends = booking.starts;
          booking.partial = TRUE;
          func (&booking, data);
          continue;
        }
      cancelled = (const char *)sqlite3_column_text (stmt, 7);
      booking.ends = spa_report_parse_time ((const char *)sqlite3_column_text (stmt, 1));
      booking.therapist_id = (const char *)sqlite3_column_text (stmt, 4);
      booking.room_id = (const char *)sqlite3_column_text (stmt, 5);
      booking.service_id = (const char *)sqlite3_column_text (stmt, 6);
      /* Not a whole booking: a follow-up at most (of a period that ends before it). */
      booking.partial = booking.ends == G_MININT64 || booking.therapist_id == NULL ||
                        booking.service_id == NULL;
      if (booking.ends < booking.starts)
        booking.ends = booking.starts;
      booking.cancelled_at = cancelled ? spa_report_parse_time (cancelled) : 0;
      if (booking.cancelled_at == G_MININT64)
        booking.cancelled_at = 0;
      func (&booking, data);
    }

  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

/* @sql prepared with the period [@from, @to) bound as ?1 and ?2, stored times. */
static SpaStmt *
prepare_period (SpaStore    *store,
                const char  *sql,
                gint64       from,
                gint64       to,
                GError     **error)
{
  g_autofree char *s_from = spa_report_format_time (from);
  g_autofree char *s_to = spa_report_format_time (to);
  SpaStmt *stmt = spa_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, s_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, s_to, -1, SQLITE_TRANSIENT);
  return stmt;
}

/**
 * spa_store_reports_new_clients:
 * @from: the first instant (Unix time, included)
 * @to: the end (excluded)
 *
 * Calls @func for every client whose first visit ever (a completed or checked-in
 * booking, whatever its therapist, room or service) starts in [@from, @to): one range
 * of the first-visit table that migration 31's triggers keep.
 */
gboolean
spa_store_reports_new_clients (SpaStore             *store,
                               gint64                from,
                               gint64                to,
                               SpaReportClientFunc   func,
                               gpointer              data,
                               GError              **error)
{
  g_autoptr(SpaStmt) stmt = prepare_period (store,
                                            "SELECT client_id FROM client_first_visit"
                                            " WHERE first_visit >= ?1 AND first_visit < ?2",
                                            from, to, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *)sqlite3_column_text (stmt, 0), data);
  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

/**
 * spa_store_reports_returns:
 * @from: the first instant (Unix time, included)
 * @to: the end (excluded)
 *
 * Calls @func for every client whose first visit ever starts in [@from, @to), with the
 * start of that visit and of the next: one range of migration 54's client_return.
 */
gboolean
spa_store_reports_returns (SpaStore             *store,
                           gint64                from,
                           gint64                to,
                           SpaReportReturnFunc   func,
                           gpointer              data,
                           GError              **error)
{
  g_autoptr(SpaStmt) stmt = prepare_period (store,
                                            "SELECT first_visit, next_visit FROM client_return"
                                            " WHERE first_visit >= ?1 AND first_visit < ?2",
                                            from, to, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 first = spa_report_parse_time ((const char *)sqlite3_column_text (stmt, 0));
      const char *next_text = (const char *)sqlite3_column_text (stmt, 1);
      gint64 next = next_text ? spa_report_parse_time (next_text) : 0;

      if (first != G_MININT64)
        func (first, next == G_MININT64 ? 0 : next, data);
    }
  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

/**
 * spa_store_reports_has_money:
 *
 * Returns: whether the store has an issued invoice (the money figures mean something)
 */
gboolean
spa_store_reports_has_money (SpaStore *store)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
                                               "SELECT 1 FROM invoice"
                                               " WHERE status = 'issued' AND deleted = 0 LIMIT 1",
                                               NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

/* With a room or a location, only the money of bookings in that room or at that
 * location (booking_id: the invoice's, as sale_line and sale_payment hold it). */
#define ROOM_WHERE " AND booking_id IN (SELECT id FROM booking WHERE room_id = ?3)"
#define LOCATION_WHERE " AND booking_id IN (SELECT id FROM booking WHERE " LOCATION_IS ("?4") ")"

static SpaStmt *
prepare_money (SpaStore              *store,
               const char            *sql,
               gint64                 from,
               gint64                 to,
               const SpaReportFilter *filter,
               GError               **error)
{
  const char *room_id = filter ? filter->room_id : NULL;
  const char *location_id = filter ? filter->location_id : NULL;
  g_autofree char *full = NULL;
  g_autofree char *s_from = spa_report_format_time (from);
  g_autofree char *s_to = spa_report_format_time (to);
  const char *order = strstr (sql, " ORDER BY ");
  SpaStmt *stmt;

  /* The room's and location's conditions go before the ORDER BY. */
  full = order == NULL ? g_strdup (sql)
                       : g_strdup_printf ("%.*s%s%s%s", (int)(order - sql), sql,
                                          room_id ? ROOM_WHERE : "",
                                          location_id ? LOCATION_WHERE : "", order);
  stmt = spa_store_prepare (store, full, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, s_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, s_to, -1, SQLITE_TRANSIENT);
  if (room_id != NULL)
    sqlite3_bind_text (stmt, 3, room_id, -1, SQLITE_TRANSIENT);
  if (location_id != NULL)
    sqlite3_bind_text (stmt, 4, location_id, -1, SQLITE_TRANSIENT);
  return stmt;
}

/**
 * spa_store_reports_sales:
 * @filter: (nullable): its room and location: only invoices of bookings there
 *
 * Calls @func for every line of every invoice issued in [@from, @to) (sales and
 * refunds) and for each invoice's tip as a row of its own, in time order, each
 * invoice's rows together: one range of migration 33's sale_line.
 */
gboolean
spa_store_reports_sales (SpaStore           *store,
                         gint64              from,
                         gint64              to,
                         const SpaReportFilter *filter,
                         SpaReportSaleFunc   func,
                         gpointer            data,
                         GError            **error)
{
  static const char sql[] =
    "SELECT issued_at, sign, invoice_id, kind, item_id, therapist_id, quantity, total_cents,"
    " tax_cents FROM sale_line WHERE issued_at >= ?1 AND issued_at < ?2"
    " ORDER BY issued_at, invoice_id, line_id";
  g_autoptr(SpaStmt) stmt = prepare_money (store, sql, from, to, filter, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaReportSale sale = { 0, };

      sale.issued = spa_report_parse_time ((const char *)sqlite3_column_text (stmt, 0));
      sale.invoice_id = (const char *)sqlite3_column_text (stmt, 2);
      if (sale.issued == G_MININT64 || sale.invoice_id == NULL)
        continue;
      sale.sign = sqlite3_column_int (stmt, 1) < 0 ? -1 : 1;
      /* NULL for a tip. */
      sale.line_kind = (const char *)sqlite3_column_text (stmt, 3);
      sale.item_id = (const char *)sqlite3_column_text (stmt, 4);
      sale.therapist_id = (const char *)sqlite3_column_text (stmt, 5);
      sale.quantity = sqlite3_column_int64 (stmt, 6);
      sale.total_cents = sqlite3_column_int64 (stmt, 7);
      sale.tax_cents = sqlite3_column_int64 (stmt, 8);
      func (&sale, data);
    }
  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

/**
 * spa_store_reports_payments:
 * @filter: (nullable): its room and location: only payments of invoices of bookings
 *   there
 *
 * Calls @func for every payment received in [@from, @to) on an issued invoice: one
 * range of migration 34's sale_payment.
 */
gboolean
spa_store_reports_payments (SpaStore              *store,
                            gint64                 from,
                            gint64                 to,
                            const SpaReportFilter *filter,
                            SpaReportPaymentFunc   func,
                            gpointer               data,
                            GError               **error)
{
  static const char sql[] =
    "SELECT received_at, sign, method, amount_cents FROM sale_payment"
    " WHERE received_at >= ?1 AND received_at < ?2 ORDER BY received_at, payment_id";
  g_autoptr(SpaStmt) stmt = prepare_money (store, sql, from, to, filter, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaReportPayment payment = { 0, };

      payment.received = spa_report_parse_time ((const char *)sqlite3_column_text (stmt, 0));
      payment.method = (const char *)sqlite3_column_text (stmt, 2);
      if (payment.received == G_MININT64 || payment.method == NULL)
        continue;
      payment.sign = sqlite3_column_int (stmt, 1) < 0 ? -1 : 1;
      payment.amount_cents = sqlite3_column_int64 (stmt, 3);
      payment.count = 1;
      func (&payment, data);
    }
  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

/**
 * spa_store_reports_sale_hours:
 * @from_hour: the first UTC hour (Unix time / 3600, included)
 * @to_hour: the end (excluded)
 *
 * Calls @func for every hour in [@from_hour, @to_hour) with money, in order: one range
 * of migration 52's sale_hour, the sums of sale_line's rows of each hour.
 */
gboolean
spa_store_reports_sale_hours (SpaStore               *store,
                              gint64                  from_hour,
                              gint64                  to_hour,
                              SpaReportSaleHourFunc   func,
                              gpointer                data,
                              GError                **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
                                               "SELECT " SPA_SALE_HOUR_COLUMNS " FROM sale_hour"
                                               " WHERE hour >= ?1 AND hour < ?2 ORDER BY hour",
                                               error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from_hour);
  sqlite3_bind_int64 (stmt, 2, to_hour);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaReportSaleHour hour = {
        .hour = sqlite3_column_int64 (stmt, 0),
        .revenue_cents = sqlite3_column_int64 (stmt, 1),
        .tax_cents = sqlite3_column_int64 (stmt, 2),
        .services_cents = sqlite3_column_int64 (stmt, 3),
        .products_cents = sqlite3_column_int64 (stmt, 4),
        .tips_cents = sqlite3_column_int64 (stmt, 5),
        .sales = sqlite3_column_int64 (stmt, 6),
      };

      func (&hour, data);
    }
  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

/* "" (what migration 53 keeps for none) as NULL. */
static const char *
day_text (sqlite3_stmt *stmt,
          int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? text : NULL;
}

/**
 * spa_store_reports_sale_days:
 * @from_day: the first UTC day (Unix time / 86400, included)
 * @to_day: the end (excluded)
 *
 * Calls @func for each line kind and service, then for each therapist, with the sums of
 * the sale lines issued in [@from_day, @to_day): two ranges of migration 53's
 * sale_day_item and sale_day_therapist, summed.
 */
gboolean
spa_store_reports_sale_days (SpaStore               *store,
                             gint64                  from_day,
                             gint64                  to_day,
                             SpaReportSaleDaysFunc   func,
                             gpointer                data,
                             GError                **error)
{
  static const char * const sql[] = {
    "SELECT kind, item_id, sum (net_cents), sum (quantity) FROM sale_day_item"
    " WHERE day >= ?1 AND day < ?2 GROUP BY kind, item_id",
    "SELECT therapist_id, sum (services_cents), sum (products_cents), sum (tips_cents)"
    " FROM sale_day_therapist WHERE day >= ?1 AND day < ?2 GROUP BY therapist_id",
  };

  for (guint q = 0; q < G_N_ELEMENTS (sql); q++)
    {
      g_autoptr(SpaStmt) stmt = spa_store_prepare (store, sql[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, from_day);
      sqlite3_bind_int64 (stmt, 2, to_day);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          SpaReportSaleDays sums = { 0, };

          if (q == 0)
            {
              sums.kind = (const char *)sqlite3_column_text (stmt, 0);
              sums.item_id = day_text (stmt, 1);
              sums.net_cents = sqlite3_column_int64 (stmt, 2);
              sums.quantity = sqlite3_column_int64 (stmt, 3);
              if (sums.kind == NULL)
                continue;
            }
          else
            {
              sums.therapist_id = day_text (stmt, 0);
              sums.services_cents = sqlite3_column_int64 (stmt, 1);
              sums.products_cents = sqlite3_column_int64 (stmt, 2);
              sums.tips_cents = sqlite3_column_int64 (stmt, 3);
            }
          func (&sums, data);
        }
      if (rc != SQLITE_DONE)
        return spa_store_set_error (store, error);
    }
  return TRUE;
}

/**
 * spa_store_reports_payment_hours:
 * @from_hour: the first UTC hour (Unix time / 3600, included)
 * @to_hour: the end (excluded)
 *
 * Calls @func once per payment method with the payments received in [@from_hour,
 * @to_hour) on issued invoices: their count and net amount, summed from migration 52's
 * sale_payment_hour.
 */
gboolean
spa_store_reports_payment_hours (SpaStore              *store,
                                 gint64                 from_hour,
                                 gint64                 to_hour,
                                 SpaReportPaymentFunc   func,
                                 gpointer               data,
                                 GError               **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
                                               "SELECT method, sum (payments), sum (amount_cents)"
                                               " FROM sale_payment_hour"
                                               " WHERE hour >= ?1 AND hour < ?2 GROUP BY method",
                                               error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from_hour);
  sqlite3_bind_int64 (stmt, 2, to_hour);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaReportPayment payment = {
        .received = from_hour * 3600,
        .sign = 1,
        .method = (const char *)sqlite3_column_text (stmt, 0),
        .count = sqlite3_column_int64 (stmt, 1),
        .amount_cents = sqlite3_column_int64 (stmt, 2),
      };

      if (payment.method != NULL)
        func (&payment, data);
    }
  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

static void
report_entity_free (gpointer data)
{
  SpaReportEntity *entity = data;

  g_free (entity->id);
  g_free (entity->name);
  g_free (entity->working_hours);
  g_free (entity);
}

/* A therapist's or room's place for a report at @location_id: elsewhere, and a
 * therapist's hours there (another location's from location_hours). */
static void
locate_entity (SpaReportEntity *item,
               const char      *home_id,
               const char      *location_hours,
               const char      *location_id)
{
  g_autoptr(JsonNode) others = NULL;
  JsonNode *hours;

  if (g_strcmp0 (home_id ? home_id : SPA_LOCATION_DEFAULT_ID, location_id) == 0)
    return;
  g_clear_pointer (&item->working_hours, g_free);
  others = location_hours ? spa_json_parse_stored (location_hours) : NULL;
  hours = others && JSON_NODE_HOLDS_OBJECT (others)
              ? json_object_get_member (json_node_get_object (others), location_id)
              : NULL;
  if (hours != NULL)
    item->working_hours = spa_json_to_string (hours);
  else
    item->elsewhere = TRUE;
}

/**
 * spa_store_reports_entities:
 * @entity: "therapist", "room", "service" or "location"
 * @location_id: (nullable): the location a report is for: therapists and rooms
 *   elsewhere are marked so, and therapists' hours are theirs there
 *
 * Returns: (transfer full) (element-type SpaReportEntity): every record of @entity
 *   that is not deleted, by name
 */
GPtrArray *
spa_store_reports_entities (SpaStore    *store,
                            const char  *entity,
                            const char  *location_id,
                            GError     **error)
{
  static const char therapist_sql[] =
      "SELECT id, name, active, 0, working_hours, 0, location_id, location_hours FROM therapist"
    " WHERE deleted = 0 ORDER BY name, id";
  static const char room_sql[] =
    "SELECT id, name, active, 0, NULL, 0, location_id, NULL FROM room WHERE deleted = 0"
    " ORDER BY name, id";
  static const char service_sql[] =
    "SELECT id, name, active, buffer_min, NULL, duration_min, NULL, NULL FROM service"
    " WHERE deleted = 0 ORDER BY name, duration_min, id";
  static const char location_sql[] =
    "SELECT id, name, active, 0, NULL, 0, NULL, NULL FROM location WHERE deleted = 0"
    " ORDER BY name, id";
  gboolean placed = g_str_equal (entity, "therapist") || g_str_equal (entity, "room");
  const char *sql = g_str_equal (entity, "therapist") ? therapist_sql
                    : g_str_equal (entity, "room")   ? room_sql
                    : g_str_equal (entity, "location") ? location_sql : service_sql;
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func (report_entity_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaReportEntity *item = g_new0 (SpaReportEntity, 1);

      item->id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      item->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      item->active = sqlite3_column_int (stmt, 2) != 0;
      item->buffer_min = MAX (0, sqlite3_column_int (stmt, 3));
      item->working_hours = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      item->duration_min = sqlite3_column_int (stmt, 5);
      if (placed && location_id != NULL)
        locate_entity (item, (const char *)sqlite3_column_text (stmt, 6),
                       (const char *)sqlite3_column_text (stmt, 7), location_id);
      if (item->name == NULL)
        item->name = g_strdup ("");
      g_ptr_array_add (list, item);
    }
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * spa_store_reports_client_name:
 *
 * Returns: (transfer full): the client's display name, or "Unknown client"
 */
char *
spa_store_reports_client_name (SpaStore   *store,
                               const char *client_id)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
                                               "SELECT first_name, preferred_name, last_name"
                                               " FROM client WHERE id = ?",
                                               NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        return spa_client_format_display_name ((const char *)sqlite3_column_text (stmt, 0),
                                               (const char *)sqlite3_column_text (stmt, 1),
                                               (const char *)sqlite3_column_text (stmt, 2));
    }
  return g_strdup (_("Unknown client"));
}
