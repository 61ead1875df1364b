/* spa-store-money.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store-money"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "spa-error.h"
#include "spa-money.h"
#include "spa-store-money.h"
#include "spa-store-private.h"
#include "spa-util.h"

static gint64
query_int (SpaStore   *store,
           const char *sql,
           const char *param)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* One row of an aggregate, or FALSE with @error set. */
static gboolean
step_row (SpaStore  *store,
          SpaStmt   *stmt,
          GError   **error)
{
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  spa_store_set_error (store, error);
  return FALSE;
}

/* Stock is the sum of a product's movements (insert-only rows). */
gint64
spa_store_money_stock (SpaStore   *store,
                       const char *product_id)
{
  return query_int (store,
                    "SELECT coalesce (sum (delta), 0) FROM stock_movement"
                    " WHERE product_id = ? AND deleted = 0",
                    product_id);
}

/* What is left on a gift card: its amount less the payments made with it, plus the
 * refunds made to it. */
gint64
spa_store_money_gift_card_balance (SpaStore   *store,
                                   const char *gift_card_id)
{
  return query_int (store,
                    "SELECT g.initial_cents - coalesce ((SELECT sum (CASE WHEN i.kind = 'refund'"
                    "   THEN -p.amount_cents ELSE p.amount_cents END)"
                    "   FROM payment p JOIN invoice i ON i.id = p.invoice_id"
                    "   WHERE p.gift_card_id = g.id AND p.deleted = 0), 0)"
                    " FROM gift_card g WHERE g.id = ?",
                    gift_card_id);
}

/* The gift card with @code (as printed, any case, spaces ignored). */
SpaRecord *
spa_store_money_find_gift_card (SpaStore   *store,
                                const char *code)
{
  g_autofree char *wanted = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GString *clean = g_string_new (NULL);
  const char *params[2] = { NULL, NULL };

  for (const char *p = code ? code : ""; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (clean, g_ascii_toupper (*p));
  wanted = g_string_free (clean, FALSE);
  params[0] = wanted;
  found = spa_store_query (store, "gift_card", "WHERE code = ? AND deleted = 0", params, NULL);
  return found != NULL && found->len > 0 ? g_object_ref (found->pdata[0]) : NULL;
}

gint64
spa_store_money_sessions_left (SpaStore   *store,
                               const char *client_package_id)
{
  return query_int (store,
                    "SELECT c.sessions - coalesce ((SELECT sum (CASE WHEN i.kind = 'refund'"
                    "   THEN -1 ELSE 1 END)"
                    "   FROM payment p JOIN invoice i ON i.id = p.invoice_id"
                    "   WHERE p.client_package_id = c.id AND p.deleted = 0), 0)"
                    " FROM client_package c WHERE c.id = ?",
                    client_package_id);
}

/* A client's packages, newest first. */
GPtrArray *
spa_store_money_client_packages (SpaStore    *store,
                                 const char  *client_id,
                                 GError     **error)
{
  const char *params[] = { client_id, NULL };

  return spa_store_query (store, "client_package",
                          "WHERE client_id = ? AND deleted = 0 ORDER BY created_at DESC, rid DESC",
                          params, error);
}

/**
 * spa_store_money_issued_invoices:
 * @after_number: (nullable): the last number of the page before, or %NULL for the first
 * @limit: at most this many
 *
 * A page of the issued invoices (credit notes included) in the order of their numbers,
 * read along the numbers' unique index: an export walks a spa's years of invoices a page
 * at a time instead of holding them all.
 *
 * Returns: (transfer full) (element-type SpaRecord): up to @limit invoices numbered after
 *   @after_number, or %NULL on error
 */
GPtrArray *
spa_store_money_issued_invoices (SpaStore    *store,
                                 const char  *after_number,
                                 guint        limit,
                                 GError     **error)
{
  const char *params[] = { after_number ? after_number : "", NULL };
  g_autofree char *tail = g_strdup_printf ("WHERE number > ? AND status = 'issued' AND deleted = 0"
                                           " ORDER BY number LIMIT %u",
                                           limit);

  return spa_store_query (store, "invoice", tail, params, error);
}

gint64
spa_store_money_paid (SpaStore   *store,
                      const char *invoice_id)
{
  return query_int (store,
                    "SELECT coalesce (sum (amount_cents), 0) FROM payment"
                    " WHERE invoice_id = ? AND deleted = 0",
                    invoice_id);
}

/**
 * spa_store_money_therapist_takings:
 * @therapist_id: whose
 * @from: the first instant (UTC ISO 8601), included
 * @to: the last instant, excluded
 * @takings: (out caller-allocates): what the therapist took in
 *
 * What one therapist took in over a period, from the issued invoices: the services they
 * gave, their lines' sales before tax (services and products, less refunds) and the
 * tips given to them (less refunded tips). Nobody else's sale is read into it: what a
 * therapist may see of the till.
 *
 * Returns: %FALSE with @error set if the database could not say
 */
gboolean
spa_store_money_therapist_takings (SpaStore             *store,
                                   const char           *therapist_id,
                                   const char           *from,
                                   const char           *to,
                                   SpaTherapistTakings  *takings,
                                   GError              **error)
{
  g_autoptr(SpaStmt) lines = NULL;
  g_autoptr(SpaStmt) tips = NULL;

  g_return_val_if_fail (therapist_id != NULL && from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (takings != NULL, FALSE);

  *takings = (SpaTherapistTakings){ 0 };
  lines = spa_store_prepare (store,
                             "SELECT coalesce (sum (CASE WHEN l.kind = 'service' THEN"
                             "   (CASE WHEN i.kind = 'refund' THEN -l.quantity ELSE l.quantity END)"
                             "   ELSE 0 END), 0),"
                             " coalesce (sum ((CASE WHEN i.kind = 'refund' THEN -1 ELSE 1 END)"
                             "   * (l.total_cents - l.tax_cents)), 0)"
                             " FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id"
                             " WHERE i.status = 'issued' AND i.deleted = 0 AND l.deleted = 0"
                             " AND i.issued_at >= ? AND i.issued_at < ?"
                             " AND l.therapist_id = ? AND l.kind IN ('service', 'product')",
                             error);
  if (lines == NULL)
    return FALSE;
  sqlite3_bind_text (lines, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (lines, 2, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (lines, 3, therapist_id, -1, SQLITE_TRANSIENT);
  if (!step_row (store, lines, error))
    return FALSE;
  takings->services = sqlite3_column_int64 (lines, 0);
  takings->sales_cents = sqlite3_column_int64 (lines, 1);

  tips = spa_store_prepare (store,
                            "SELECT coalesce (sum (CASE WHEN kind = 'refund' THEN -tip_cents"
                            "   ELSE tip_cents END), 0) FROM invoice"
                            " WHERE status = 'issued' AND deleted = 0"
                            " AND issued_at >= ? AND issued_at < ? AND tip_therapist_id = ?",
                            error);
  if (tips == NULL)
    return FALSE;
  sqlite3_bind_text (tips, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (tips, 2, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (tips, 3, therapist_id, -1, SQLITE_TRANSIENT);
  if (!step_row (store, tips, error))
    return FALSE;
  takings->tips_cents = sqlite3_column_int64 (tips, 0);
  return TRUE;
}

/* The booking's latest issued sale, or %NULL. */
SpaRecord *
spa_store_money_booking_invoice (SpaStore   *store,
                                 const char *booking_id)
{
  const char *params[] = { booking_id, NULL };
  g_autoptr(GPtrArray) found = NULL;

  found = spa_store_query (store, "invoice",
                           "WHERE booking_id = ? AND kind = 'sale' AND status = 'issued'"
                           " AND deleted = 0 ORDER BY issued_at DESC LIMIT 1",
                           params, NULL);
  return found != NULL && found->len > 0 ? g_object_ref (found->pdata[0]) : NULL;
}

/* A booking is paid when an issued sale for it has nothing left due. */
gboolean
spa_store_money_booking_is_paid (SpaStore   *store,
                                 const char *booking_id)
{
  g_autoptr(SpaRecord) invoice = spa_store_money_booking_invoice (store, booking_id);

  return invoice != NULL &&
         spa_store_money_paid (store, spa_record_get_id (invoice)) >=
         spa_record_get_int (invoice, "total_cents", 0);
}

/**
 * spa_store_money_booking_invoice_due:
 *
 * Which invoice a booking's check-out continues: its latest issued sale while that
 * has a balance left (part paid), so that Check Out takes the rest on it instead of
 * selling the visit again.
 *
 * Returns: (transfer full) (nullable): that invoice, or %NULL when a check-out of the
 *   booking starts a new sale (none issued) or has nothing to take (paid)
 */
SpaRecord *
spa_store_money_booking_invoice_due (SpaStore   *store,
                                     const char *booking_id)
{
  g_autoptr(SpaRecord) invoice = spa_store_money_booking_invoice (store, booking_id);

  if (invoice == NULL ||
      spa_store_money_paid (store, spa_record_get_id (invoice)) >=
      spa_record_get_int (invoice, "total_cents", 0))
    return NULL;
  return g_steal_pointer (&invoice);
}

/* How many issued sales of @client_id used @promotion_id (its discount line). */
gint64
spa_store_money_promotion_uses (SpaStore   *store,
                                const char *promotion_id,
                                const char *client_id)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "SELECT count (DISTINCT i.id) FROM invoice_line l"
                            " JOIN invoice i ON i.id = l.invoice_id"
                            " WHERE l.kind = 'discount' AND l.item_id = ? AND i.client_id = ?"
                            " AND i.kind = 'sale' AND i.deleted = 0"
                            " AND NOT EXISTS (SELECT 1 FROM invoice r WHERE r.refund_of = i.id)",
                            NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, promotion_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

GPtrArray *
spa_store_money_tax_rates (SpaStore    *store,
                           GError     **error)
{
  return spa_store_query (store, "tax_rate", "WHERE deleted = 0 AND active = 1 ORDER BY rid",
                          NULL, error);
}

GPtrArray *
spa_store_money_lines (SpaStore    *store,
                       const char  *invoice_id,
                       GError     **error)
{
  const char *params[] = { invoice_id, NULL };

  return spa_store_query (store, "invoice_line",
                          "WHERE invoice_id = ? AND deleted = 0 ORDER BY position, rid",
                          params, error);
}

GPtrArray *
spa_store_money_payments (SpaStore    *store,
                          const char  *invoice_id,
                          GError     **error)
{
  const char *params[] = { invoice_id, NULL };

  return spa_store_query (store, "payment",
                          "WHERE invoice_id = ? AND deleted = 0 ORDER BY received_at, rid",
                          params, error);
}

GPtrArray *
spa_store_money_refunds (SpaStore    *store,
                         const char  *invoice_id,
                         GError     **error)
{
  const char *params[] = { invoice_id, NULL };

  return spa_store_query (store, "invoice",
                          "WHERE refund_of = ? AND deleted = 0 ORDER BY issued_at, rid",
                          params, error);
}

/* A client's issued invoices, sales and refunds, newest first. */
GPtrArray *
spa_store_money_client_invoices (SpaStore    *store,
                                 const char  *client_id,
                                 GError     **error)
{
  const char *params[] = { client_id, NULL };

  return spa_store_query (store, "invoice",
                          "WHERE client_id = ? AND status = 'issued' AND deleted = 0"
                          " ORDER BY issued_at DESC, rid DESC",
                          params, error);
}

/* The gift cards a client bought or paid with, newest first. */
GPtrArray *
spa_store_money_client_gift_cards (SpaStore    *store,
                                   const char  *client_id,
                                   GError     **error)
{
  const char *params[] = { client_id, client_id, NULL };

  return spa_store_query (store, "gift_card",
                          "WHERE deleted = 0 AND (invoice_id IN (SELECT id FROM invoice"
                          "   WHERE client_id = ? AND deleted = 0)"
                          " OR id IN (SELECT p.gift_card_id FROM payment p"
                          "   JOIN invoice i ON i.id = p.invoice_id"
                          "   WHERE i.client_id = ? AND p.deleted = 0))"
                          " ORDER BY created_at DESC, rid DESC",
                          params, error);
}

/* An invoice's lines that a refund may still take: not the discount line, not a line
 * refunded already. */
GPtrArray *
spa_store_money_refundable_lines (SpaStore    *store,
                                  const char  *invoice_id,
                                  GError     **error)
{
  const char *params[] = { invoice_id, NULL };

  return spa_store_query (store, "invoice_line",
                          "WHERE invoice_id = ? AND deleted = 0 AND kind != 'discount'"
                          " AND NOT EXISTS (SELECT 1 FROM invoice_line r"
                          "   WHERE r.refund_of_line = invoice_line.id AND r.deleted = 0)"
                          " ORDER BY position, rid",
                          params, error);
}

static char *
get_state (SpaStore   *store,
           const char *key)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, "SELECT value FROM sync_state WHERE key = ?",
                                               NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

static gboolean
set_state (SpaStore    *store,
           const char  *key,
           const char  *value,
           GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store, "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

/**
 * spa_store_money_get_series:
 *
 * This desk's invoice series (docs/sync-protocol.md, "Invoice numbers"), made at random
 * the first time and kept in `sync_state` (`invoice_series`).
 *
 * Returns: (transfer full): the series
 */
char *
spa_store_money_get_series (SpaStore  *store,
                            GError   **error)
{
  char *series = get_state (store, "invoice_series");

  if (series == NULL)
    {
      series = spa_money_series_new ();
      if (!set_state (store, "invoice_series", series, error))
        g_clear_pointer (&series, g_free);
    }
  return series;
}

/* Whether @number is taken by an invoice in this database. */
static gboolean
number_taken (SpaStore   *store,
              const char *number)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, "SELECT 1 FROM invoice WHERE number = ?",
                                               NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * spa_store_money_next_number:
 *
 * The next invoice number of this desk's series: "SERIES-000001", … The counter is the
 * higher of the one kept in `sync_state` and the highest number of the series in the
 * database (a restored backup never gives a number twice), and is moved on in the
 * caller's transaction. Both are read through indexes (the highest number is the
 * last of the series in the unique index on `invoice.number`, the numbers being
 * zero-padded), so a desk with years of invoices numbers as fast as a new one; a
 * number the database already has is never given.
 *
 * Returns: (transfer full): the number, or %NULL on error
 */
char *
spa_store_money_next_number (SpaStore  *store,
                             GError   **error)
{
  g_autofree char *series = spa_store_money_get_series (store, error);
  g_autofree char *kept = NULL;
  g_autofree char *first = NULL;
  g_autofree char *after = NULL;
  g_autofree char *counter_text = NULL;
  g_autofree char *number = NULL;
  g_autoptr(SpaStmt) stmt = NULL;
  gint64 counter = 0;

  if (series == NULL)
    return NULL;

  kept = get_state (store, "invoice_counter");
  if (kept != NULL)
    counter = g_ascii_strtoll (kept, NULL, 10);

  /* "SERIES-" < every number of the series < "SERIES." ('.' follows '-'). */
  first = g_strdup_printf ("%s-", series);
  after = g_strdup_printf ("%s.", series);
  stmt = spa_store_prepare (store,
                            "SELECT number FROM invoice"
                            " WHERE number > ?1 AND number < ?2 AND number IS NOT NULL"
                            " ORDER BY number DESC LIMIT 1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, after, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    counter = MAX (counter, g_ascii_strtoll ((const char *)sqlite3_column_text (stmt, 0) +
                                             strlen (first), NULL, 10));
  g_clear_pointer (&stmt, spa_stmt_release);

  /* Past a million a series' numbers grow a digit and no longer sort last: the
   * counter kept goes on, and no number is given twice. */
  do
    {
      counter++;
      g_free (number);
      number = spa_money_format_number (series, counter);
    }
  while (number_taken (store, number));

  counter_text = g_strdup_printf ("%" G_GINT64_FORMAT, counter);
  if (!set_state (store, "invoice_counter", counter_text, error))
    return NULL;
  return g_steal_pointer (&number);
}

/**
 * spa_store_money_renumber:
 * @invoice_id: an invoice this desk issued under a number the server found another
 *   invoice has (`duplicate_number`), which the server keeps as a draft
 * @previous_number: (nullable): the number it was first issued under
 * @issued_at: (nullable): when it was issued
 * @issued_by: (nullable): who issued it
 *
 * Another desk numbers from this desk's series: this desk starts a new series, and
 * issues the invoice again under the first number of it, so that it reaches the server
 * with its lines and payments. The invoice keeps @previous_number, which a receipt
 * already handed over may bear.
 *
 * Returns: (transfer full) (nullable): the new number, or %NULL if the invoice is not
 *   a draft here (nothing to issue) or on error
 */
char *
spa_store_money_renumber (SpaStore    *store,
                          const char  *invoice_id,
                          const char  *previous_number,
                          const char  *issued_at,
                          const char  *issued_by,
                          GError     **error)
{
  g_autoptr(SpaRecord) invoice = spa_store_get (store, "invoice", invoice_id, NULL);
  g_autofree char *number = NULL;
  g_autofree char *now = NULL;

  if (invoice == NULL || !spa_str_empty (spa_record_get_string (invoice, "issued_at")))
    return NULL;
  if (!spa_store_exec (store,
                       "DELETE FROM sync_state WHERE key IN ('invoice_series', 'invoice_counter')",
                       error))
    return NULL;
  number = spa_store_money_next_number (store, error);
  if (number == NULL)
    return NULL;
  now = spa_store_now_utc (store);
  spa_record_set_string (invoice, "status", "issued");
  spa_record_set_string (invoice, "number", number);
  spa_record_set_string (invoice, "issued_at", spa_str_empty (issued_at) ? now : issued_at);
  spa_record_set_string (invoice, "issued_by", issued_by);
  if (!spa_str_empty (previous_number))
    spa_record_set_string (invoice, "previous_number", previous_number);
  if (!spa_store_save (store, invoice, error))
    return NULL;
  return g_steal_pointer (&number);
}

/* Whether @promotion may be used by @client_id on @date (YYYY-MM-DD): active, within
 * its dates, and under its limit per client. */
gboolean
spa_store_money_promotion_applies (SpaStore    *store,
                                   SpaRecord   *promotion,
                                   const char  *client_id,
                                   const char  *date,
                                   GError     **error)
{
  const char *starts = spa_record_get_string (promotion, "starts_on");
  const char *ends = spa_record_get_string (promotion, "ends_on");
  gint64 limit = spa_record_get_int (promotion, "per_client_limit", 0);

  if (spa_record_get_deleted (promotion) ||
      (spa_record_has_value (promotion, "active") && !spa_record_get_boolean (promotion, "active")))
    {
      g_set_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                   _("This promotion is not running."));
      return FALSE;
    }
  if ((!spa_str_empty (starts) && g_strcmp0 (date, starts) < 0) ||
      (!spa_str_empty (ends) && g_strcmp0 (date, ends) > 0))
    {
      g_set_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                   _("This promotion is not running on this date."));
      return FALSE;
    }
  if (limit > 0 && !spa_str_empty (client_id) &&
      spa_store_money_promotion_uses (store, spa_record_get_id (promotion), client_id) >= limit)
    {
      g_set_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "This client has already used this promotion %d time, its limit.",
                                "This client has already used this promotion %d times, its limit.",
                                (gulong)limit),
                   (int)limit);
      return FALSE;
    }
  return TRUE;
}

/* The promotion with @code_or_id as its code (any case, spaces around ignored) or id. */
SpaRecord *
spa_store_money_find_promotion (SpaStore   *store,
                                const char *code_or_id)
{
  g_autofree char *code = g_strstrip (g_strdup (code_or_id ? code_or_id : ""));
  const char *params[] = { code, code, NULL };
  g_autoptr(GPtrArray) found = NULL;

  found = spa_store_query (store, "promotion",
                           "WHERE deleted = 0 AND (upper (code) = upper (?) OR id = ?) LIMIT 1",
                           params, NULL);
  return found != NULL && found->len > 0 ? g_object_ref (found->pdata[0]) : NULL;
}

static gboolean
promotion_covers (SpaRecord  *promotion,
                  const char *service_id)
{
  g_auto(GStrv) ids = spa_record_get_strv (promotion, "service_ids");

  return ids == NULL || ids[0] == NULL || g_strv_contains ((const char * const *)ids, service_id);
}

/* A promotion without a code that applies to @service_id for @client_id on @date, to
 * show on the booking editor and apply at checkout; %NULL when none. */
SpaRecord *
spa_store_money_promotion_for (SpaStore   *store,
                               const char *service_id,
                               const char *client_id,
                               const char *date)
{
  g_autoptr(GPtrArray) promotions = NULL;

  promotions = spa_store_query (store, "promotion",
                                "WHERE deleted = 0 AND active = 1 AND code IS NULL"
                                " ORDER BY rid",
                                NULL, NULL);
  for (guint i = 0; promotions != NULL && i < promotions->len; i++)
    {
      SpaRecord *promotion = promotions->pdata[i];

      if (promotion_covers (promotion, service_id) &&
          spa_store_money_promotion_applies (store, promotion, client_id, date, NULL))
        return g_object_ref (promotion);
    }
  return NULL;
}

static SpaRecord *
copy_line_for_refund (SpaRecord  *line,
                      const char *refund_id,
                      guint       position)
{
  SpaRecord *copy = spa_record_new ("invoice_line");
  static const char * const fields[] = {
    "kind", "item_id", "therapist_id", "description", "quantity", "unit_price_cents",
    "discount_cents", "tax_cents", "total_cents",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    spa_record_set_field_node (copy, fields[i], spa_record_get_json (line, fields[i]), NULL);
  spa_record_set_string (copy, "invoice_id", refund_id);
  spa_record_set_int (copy, "position", position);
  spa_record_set_string (copy, "refund_of_line", spa_record_get_id (line));
  return copy;
}

static gboolean
line_refunded (SpaStore   *store,
               const char *line_id)
{
  return query_int (store, "SELECT count (*) FROM invoice_line WHERE refund_of_line = ?",
                    line_id) > 0;
}

/* The original's taxes shared out over the refunded tax, rate by rate. */
static JsonNode *
refund_taxes (SpaRecord *invoice,
              gint64     refunded_tax)
{
  JsonNode *taxes = spa_record_get_json (invoice, "taxes");
  JsonArray *in, *out = json_array_new ();
  g_autofree gint64 *weights = NULL;
  g_autofree gint64 *shares = NULL;
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  guint n;

  if (taxes == NULL || !JSON_NODE_HOLDS_ARRAY (taxes))
    {
      json_node_take_array (node, out);
      return node;
    }
  in = json_node_get_array (taxes);
  n = json_array_get_length (in);
  weights = g_new0 (gint64, MAX (n, 1));
  shares = g_new0 (gint64, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    weights[i] = json_object_get_int_member (json_array_get_object_element (in, i), "cents");
  spa_money_allocate (refunded_tax, weights, n, shares);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *tax = json_array_get_object_element (in, i);
      JsonObject *object = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, tax);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (object, name, json_node_copy (value));
      json_object_set_int_member (object, "cents", shares[i]);
      json_array_add_object_element (out, object);
    }
  json_node_take_array (node, out);
  return node;
}

/**
 * spa_store_money_refund:
 * @role: who is signed in: only a manager refunds
 * @invoice_id: an issued sale
 * @line_ids: (array zero-terminated=1): the lines to refund, each once
 * @method: how the rest of the money goes back (cash, card, …): a service paid with a
 *   package gives the session back first, then what a gift card paid goes back on the
 *   card (up to what the refund comes to, less what earlier refunds put back)
 * @issued_by: the name of the person refunding
 *
 * Makes the credit note: a new issued invoice of kind refund naming @invoice_id, with
 * the refunded lines (positive amounts), the payment back and the products back in
 * stock, in one transaction. The original is never touched.
 *
 * Returns: (transfer full): the refund invoice, or %NULL with @error set
 */
SpaRecord *
spa_store_money_refund (SpaStore           *store,
                        SpaRole             role,
                        const char         *invoice_id,
                        const char * const *line_ids,
                        const char         *method,
                        const char         *issued_by,
                        GError            **error)
{
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(SpaRecord) refund = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autofree char *number = NULL;
  g_autofree char *now = NULL;
  gint64 subtotal = 0, discount = 0, tax = 0;
  gint64 package_back = 0;
  gint64 gift_card_back = 0;
  const char *package_id = NULL;
  const char *gift_card_id = NULL;

  if (!spa_role_may_refund (role))
    {
      g_set_error_literal (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED,
                           _("Only a manager can refund."));
      return NULL;
    }

  invoice = spa_store_get (store, "invoice", invoice_id, error);
  if (invoice == NULL)
    return NULL;
  if (g_strcmp0 (spa_record_get_string (invoice, "status"), "issued") != 0 ||
      g_strcmp0 (spa_record_get_string (invoice, "kind"), "sale") != 0)
    {
      g_set_error_literal (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                           _("Only an issued sale can be refunded."));
      return NULL;
    }

  lines = spa_store_money_lines (store, invoice_id, error);
  payments = spa_store_money_payments (store, invoice_id, error);
  if (lines == NULL || payments == NULL)
    return NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      SpaRecord *line = lines->pdata[i];

      if (line_ids == NULL || !g_strv_contains (line_ids, spa_record_get_id (line)) ||
          g_strcmp0 (spa_record_get_string (line, "kind"), "discount") == 0)
        continue;
      if (line_refunded (store, spa_record_get_id (line)))
        {
          g_set_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                       _("“%s” was already refunded."), spa_record_get_string (line,
                                                                               "description"));
          return NULL;
        }
      g_ptr_array_add (chosen, line);
      subtotal += spa_record_get_int (line, "quantity", 1) *
                  spa_record_get_int (line, "unit_price_cents", 0);
      discount += spa_record_get_int (line, "discount_cents", 0);
      tax += spa_record_get_int (line, "tax_cents", 0);
    }
  if (chosen->len == 0)
    {
      g_set_error_literal (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_REQUIRED,
                           _("Choose what to refund."));
      return NULL;
    }

  for (guint i = 0; i < payments->len; i++)
    {
      SpaRecord *payment = payments->pdata[i];

      if (package_id == NULL && !spa_str_empty (spa_record_get_string (payment,
                                                                       "client_package_id")))
        package_id = spa_record_get_string (payment, "client_package_id");
      if (gift_card_id == NULL && !spa_str_empty (spa_record_get_string (payment, "gift_card_id")))
        gift_card_id = spa_record_get_string (payment, "gift_card_id");
      if (gift_card_id != NULL &&
          g_strcmp0 (spa_record_get_string (payment, "gift_card_id"), gift_card_id) == 0)
        gift_card_back += spa_record_get_int (payment, "amount_cents", 0);
    }

  /* What the gift card paid goes back on it first, less what earlier refunds put back. */
  if (gift_card_id != NULL)
    {
      g_autoptr(GPtrArray) earlier = spa_store_money_refunds (store, invoice_id, error);

      if (earlier == NULL)
        return NULL;
      for (guint i = 0; i < earlier->len; i++)
        {
          const char *earlier_id = spa_record_get_id (earlier->pdata[i]);
          g_autoptr(GPtrArray) back = spa_store_money_payments (store, earlier_id, error);

          if (back == NULL)
            return NULL;
          for (guint j = 0; j < back->len; j++)
            {
              SpaRecord *payment = back->pdata[j];

              if (g_strcmp0 (spa_record_get_string (payment, "gift_card_id"), gift_card_id) == 0)
                gift_card_back -= spa_record_get_int (payment, "amount_cents", 0);
            }
        }
      gift_card_back = MAX (gift_card_back, 0);
    }

  now = spa_store_now_utc (store);
  if (!spa_store_begin (store, error))
    return NULL;

  number = spa_store_money_next_number (store, error);
  if (number == NULL)
    goto fail;

  refund = spa_record_new ("invoice");
  spa_record_set_string (refund, "kind", "refund");
  spa_record_set_string (refund, "refund_of", invoice_id);
  spa_record_set_string (refund, "client_id", spa_record_get_string (invoice, "client_id"));
  spa_record_set_string (refund, "booking_id", spa_record_get_string (invoice, "booking_id"));
  spa_record_set_string (refund, "status", "draft");
  spa_record_set_int (refund, "subtotal_cents", subtotal);
  spa_record_set_int (refund, "discount_cents", discount);
  spa_record_set_int (refund, "tax_cents", tax);
  spa_record_set_int (refund, "tip_cents", 0);
  spa_record_set_int (refund, "total_cents", subtotal - discount + tax);
  {
    g_autoptr(JsonNode) taxes = refund_taxes (invoice, tax);

    spa_record_set_json (refund, "taxes", taxes);
  }
  if (!spa_store_save (store, refund, error))
    goto fail;

  for (guint i = 0; i < chosen->len; i++)
    {
      SpaRecord *line = chosen->pdata[i];
      g_autoptr(SpaRecord) copy = copy_line_for_refund (line, spa_record_get_id (refund), i);
      const char *kind = spa_record_get_string (line, "kind");

      if (!spa_store_save (store, copy, error))
        goto fail;

      if (g_strcmp0 (kind, "product") == 0)
        {
          g_autoptr(SpaRecord) movement = spa_record_new ("stock_movement");

          spa_record_set_string (movement, "product_id", spa_record_get_string (line, "item_id"));
          spa_record_set_int (movement, "delta", spa_record_get_int (line, "quantity", 1));
          spa_record_set_string (movement, "reason", "refund");
          spa_record_set_string (movement, "invoice_id", spa_record_get_id (refund));
          if (!spa_store_save (store, movement, error))
            goto fail;
        }

      /* A service that a package paid for gives its session back. */
      if (package_id != NULL && g_strcmp0 (kind, "service") == 0 &&
          spa_record_get_int (line, "tax_cents", 0) == 0 && package_back == 0)
        package_back = spa_record_get_int (line, "total_cents", 0);
    }

  {
    gint64 left = subtotal - discount + tax;
    struct
    {
      const char *method;
      gint64      amount;
      const char *gift_card;
      const char *package;
    } back[3];
    guint n_back = 0;

    if (package_back > 0)
      {
        back[n_back++] = (typeof (back[0])) { "package", MIN (package_back, left), NULL,
                                             package_id };
        left -= MIN (package_back, left);
      }
    if (gift_card_back > 0 && left > 0)
      {
        back[n_back++] = (typeof (back[0])) { "gift_card", MIN (gift_card_back, left),
                                              gift_card_id, NULL };
        left -= MIN (gift_card_back, left);
      }
    if (left > 0)
      {
        const char *how = method != NULL ? method : "cash";

        if (g_strcmp0 (how, "gift_card") == 0 && gift_card_id == NULL)
          how = "cash";
        if (g_strcmp0 (how, "package") == 0)
          how = "cash";
        back[n_back++] = (typeof (back[0])) { how, left,
                                              g_strcmp0 (how,
                                                         "gift_card") == 0 ? gift_card_id : NULL,
                                              NULL };
      }

    for (guint i = 0; i < n_back; i++)
      {
        g_autoptr(SpaRecord) payment = spa_record_new ("payment");

        spa_record_set_string (payment, "invoice_id", spa_record_get_id (refund));
        spa_record_set_string (payment, "method", back[i].method);
        spa_record_set_int (payment, "amount_cents", back[i].amount);
        spa_record_set_string (payment, "gift_card_id", back[i].gift_card);
        spa_record_set_string (payment, "client_package_id", back[i].package);
        spa_record_set_string (payment, "received_at", now);
        if (!spa_store_save (store, payment, error))
          goto fail;
      }
  }

  spa_record_set_string (refund, "status", "issued");
  spa_record_set_string (refund, "number", number);
  spa_record_set_string (refund, "issued_at", now);
  spa_record_set_string (refund, "issued_by", issued_by);
  if (!spa_store_save (store, refund, error) || !spa_store_commit (store, error))
    goto fail;

  return g_steal_pointer (&refund);

fail:
  spa_store_rollback (store);
  return NULL;
}
