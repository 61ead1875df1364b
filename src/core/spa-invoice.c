/* spa-invoice.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-invoice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-entity.h"
#include "spa-error.h"
#include "spa-money.h"
#include "spa-store-private.h"
#include "spa-util.h"
#include "spa-validate.h"

/*
 * Invoices, their lines and their payments: the store refuses any change to an issued
 * invoice or its lines, and any change to a written payment, whatever path the write
 * takes (the rules read the stored rows), on the desk and on the server alike. A
 * correction is a refund: another invoice, of kind "refund", naming this one.
 */

static const SpaFieldInfo invoice_fields[] = {
  { "number", SPA_FIELD_TEXT, N_("Number") },
  { "kind", SPA_FIELD_TEXT, N_("Kind") },
  { "refund_of", SPA_FIELD_TEXT, N_("Refund of") },
  { "client_id", SPA_FIELD_TEXT, N_("Client") },
  { "booking_id", SPA_FIELD_TEXT, N_("Booking") },
  { "status", SPA_FIELD_TEXT, N_("Status") },
  { "issued_at", SPA_FIELD_TEXT, N_("Issued") },
  { "issued_by", SPA_FIELD_TEXT, N_("Issued by") },
  { "subtotal_cents", SPA_FIELD_INTEGER, N_("Subtotal") },
  { "discount_cents", SPA_FIELD_INTEGER, N_("Discount") },
  { "tax_cents", SPA_FIELD_INTEGER, N_("Tax") },
  { "tip_cents", SPA_FIELD_INTEGER, N_("Tip") },
  { "total_cents", SPA_FIELD_INTEGER, N_("Total") },
  { "tip_therapist_id", SPA_FIELD_TEXT, N_("Tip for") },
  { "taxes", SPA_FIELD_JSON, N_("Taxes") },
  { "previous_number", SPA_FIELD_TEXT, N_("Previous number") },
};

static const SpaFieldInfo invoice_line_fields[] = {
  { "invoice_id", SPA_FIELD_TEXT, N_("Invoice") },
  { "position", SPA_FIELD_INTEGER, N_("Position") },
  { "kind", SPA_FIELD_TEXT, N_("Kind") },
  { "item_id", SPA_FIELD_TEXT, N_("Item") },
  { "therapist_id", SPA_FIELD_TEXT, N_("Therapist") },
  { "description", SPA_FIELD_TEXT, N_("Description") },
  { "quantity", SPA_FIELD_INTEGER, N_("Quantity") },
  { "unit_price_cents", SPA_FIELD_INTEGER, N_("Unit price") },
  { "discount_cents", SPA_FIELD_INTEGER, N_("Discount") },
  { "tax_cents", SPA_FIELD_INTEGER, N_("Tax") },
  { "total_cents", SPA_FIELD_INTEGER, N_("Total") },
  { "refund_of_line", SPA_FIELD_TEXT, N_("Refund of") },
};

static const SpaFieldInfo payment_fields[] = {
  { "invoice_id", SPA_FIELD_TEXT, N_("Invoice") },
  { "method", SPA_FIELD_TEXT, N_("Method") },
  { "amount_cents", SPA_FIELD_INTEGER, N_("Amount") },
  { "tendered_cents", SPA_FIELD_INTEGER, N_("Tendered") },
  { "change_cents", SPA_FIELD_INTEGER, N_("Change") },
  { "gift_card_id", SPA_FIELD_TEXT, N_("Gift card") },
  { "client_package_id", SPA_FIELD_TEXT, N_("Package") },
  { "tip_cents", SPA_FIELD_INTEGER, N_("Tip") },
  { "received_at", SPA_FIELD_TEXT, N_("Received") },
};

static const char * const invoice_kinds[] = { "sale", "refund", NULL };
static const char * const invoice_statuses[] = { "draft", "issued", NULL };
static const char * const line_kinds[] = {
  "service", "product", "package", "gift_card", "discount", NULL
};
static const char * const payment_methods[] = {
  "cash", "card", "e_transfer", "gift_card", "package", "other", NULL
};

#define MAX_CENTS G_GINT64_CONSTANT (100000000000)

static gboolean
validate_amount (SpaRecord   *record,
                 const char  *field,
                 GError     **error)
{
  return spa_validate_int_range (record, field, 0, MAX_CENTS,
                                 _("An amount cannot be negative."), error);
}

static gboolean
invoice_is_issued (SpaStore   *store,
                   const char *invoice_id)
{
  g_autofree char *issued_at = NULL;

  if (spa_str_empty (invoice_id))
    return FALSE;
  /* Only the column asked about: each line saved asks, for its invoice. */
  return spa_store_get_text (store, "invoice", invoice_id, "issued_at", &issued_at) &&
         !spa_str_empty (issued_at);
}

static gboolean
locked_error (GError **error)
{
  g_set_error_literal (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED,
                       _("This invoice is issued and can no longer be changed; refund it "
                         "instead."));
  return FALSE;
}

/* What @invoice_id's stored lines come to (a discount line's total is zero). */
static gint64
lines_total (SpaStore   *store,
             const char *invoice_id)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
                                               "SELECT coalesce (sum (total_cents), 0)"
                                               " FROM invoice_line"
                                               " WHERE invoice_id = ? AND deleted = 0",
                                               NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, invoice_id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gboolean
validate_number (SpaStore   *store,
                 SpaRecord  *invoice,
                 GError    **error)
{
  const char *number = spa_record_get_string (invoice, "number");
  g_autoptr(SpaStmt) stmt = NULL;

  if (spa_str_empty (number))
    {
      if (g_strcmp0 (spa_record_get_string (invoice, "status"), "issued") != 0)
        return TRUE;
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "number",
                                _("An issued invoice needs a number."));
      return FALSE;
    }

  stmt = spa_store_prepare (store, "SELECT 1 FROM invoice WHERE number = ? AND id IS NOT ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, spa_record_get_id (invoice), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_DUPLICATE,
                   _("Invoice number %s is already taken."), number);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_invoice_sums (SpaRecord  *invoice,
                       GError    **error)
{
  gint64 subtotal = spa_record_get_int (invoice, "subtotal_cents", 0);
  gint64 discount = spa_record_get_int (invoice, "discount_cents", 0);
  gint64 tax = spa_record_get_int (invoice, "tax_cents", 0);
  gint64 tip = spa_record_get_int (invoice, "tip_cents", 0);
  gint64 total = spa_record_get_int (invoice, "total_cents", 0);

  if (!validate_amount (invoice, "subtotal_cents", error) ||
      !validate_amount (invoice, "discount_cents", error) ||
      !validate_amount (invoice, "tax_cents", error) ||
      !validate_amount (invoice, "tip_cents", error) ||
      !validate_amount (invoice, "total_cents", error))
    return FALSE;

  if (discount > subtotal || total != subtotal - discount + tax + tip)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "total_cents",
                                _("The total must be the subtotal less the discount, plus "
                                  "taxes and tip."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_refund_of (SpaStore   *store,
                    SpaRecord  *invoice,
                    GError    **error)
{
  gboolean refund = g_strcmp0 (spa_record_get_string (invoice, "kind"), "refund") == 0;

  if (!refund)
    {
      if (spa_str_empty (spa_record_get_string (invoice, "refund_of")))
        return TRUE;
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "refund_of",
                                _("Only a refund refers to another invoice."));
      return FALSE;
    }

  return spa_validate_reference (store, invoice, "refund_of", "invoice", TRUE, error);
}

static gboolean
validate_invoice (SpaStore   *store,
                  SpaRecord  *invoice,
                  GError    **error)
{
  if (!spa_validate_not_locked (store, invoice, "issued_at",
                                _("This invoice is issued and can no longer be changed; "
                                  "refund it instead."), error))
    return FALSE;

  if (!spa_validate_one_of (invoice, "kind", invoice_kinds, TRUE, error) ||
      !spa_validate_one_of (invoice, "status", invoice_statuses, TRUE, error) ||
      !validate_refund_of (store, invoice, error) ||
      !spa_validate_reference (store, invoice, "client_id", "client", FALSE, error) ||
      !spa_validate_reference (store, invoice, "booking_id", "booking", FALSE, error) ||
      !spa_validate_reference (store, invoice, "tip_therapist_id", "therapist", FALSE, error) ||
      !validate_invoice_sums (invoice, error))
    return FALSE;

  if (g_strcmp0 (spa_record_get_string (invoice, "status"), "issued") == 0)
    {
      if (!spa_validate_time (invoice, "issued_at", TRUE, error))
        return FALSE;
    }
  else if (!spa_str_empty (spa_record_get_string (invoice, "issued_at")))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "issued_at",
                                _("A draft invoice has no issue date."));
      return FALSE;
    }

  if (!validate_number (store, invoice, error))
    return FALSE;

  /* Issued only on the lines it has: a credit note whose line another desk refunded
   * first stays a draft on the server. */
  if (g_strcmp0 (spa_record_get_string (invoice, "status"), "issued") == 0 &&
      lines_total (store, spa_record_get_id (invoice)) !=
      spa_record_get_int (invoice, "total_cents", 0) - spa_record_get_int (invoice, "tip_cents", 0))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "total_cents",
                                _("The invoice’s lines do not come to its total."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
balance_error (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, SPA_STORE_ERROR, SPA_STORE_ERROR_BALANCE, message);
  return FALSE;
}

static gboolean
validate_invoice_line (SpaStore   *store,
                       SpaRecord  *line,
                       GError    **error)
{
  g_autoptr(SpaRecord) stored = NULL;
  gboolean discount;
  gint64 quantity, gross, off, tax;

  /* Neither a line of an issued invoice nor a new line on one. */
  stored = spa_store_get (store, "invoice_line", spa_record_get_id (line), NULL);
  if ((stored != NULL && invoice_is_issued (store, spa_record_get_string (stored, "invoice_id"))) ||
      invoice_is_issued (store, spa_record_get_string (line, "invoice_id")))
    return locked_error (error);

  /* Each line is refunded once, whichever desk refunds it first. */
  if (!spa_str_empty (spa_record_get_string (line, "refund_of_line")))
    {
      g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
                                                   "SELECT 1 FROM invoice_line"
                                                   " WHERE refund_of_line = ? AND id IS NOT ?"
                                                   " AND deleted = 0",
                                                   error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, spa_record_get_string (line, "refund_of_line"), -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, spa_record_get_id (line), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        return balance_error (error, _("This line was already refunded."));
    }

  if (!spa_validate_reference (store, line, "invoice_id", "invoice", TRUE, error) ||
      !spa_validate_one_of (line, "kind", line_kinds, TRUE, error) ||
      !spa_validate_required (line, "description", _("Describe the item."), error) ||
      !spa_validate_reference (store, line, "therapist_id", "therapist", FALSE, error) ||
      !spa_validate_int_range (line, "quantity", 1, 10000,
                               _("The quantity is from 1 to 10 000."), error) ||
      !validate_amount (line, "unit_price_cents", error) ||
      !validate_amount (line, "discount_cents", error) ||
      !validate_amount (line, "tax_cents", error) ||
      !spa_validate_int_range (line, "total_cents", 0, MAX_CENTS,
                               _("An amount cannot be negative."), error))
    return FALSE;

  discount = g_strcmp0 (spa_record_get_string (line, "kind"), "discount") == 0;
  quantity = spa_record_get_int (line, "quantity", 1);
  gross = quantity * spa_record_get_int (line, "unit_price_cents", 0);
  off = spa_record_get_int (line, "discount_cents", 0);
  tax = spa_record_get_int (line, "tax_cents", 0);

  /* A discount line only names the discount (its promotion in item_id); the amounts
   * are on the lines it was shared out to. */
  if (discount ? (gross != 0 || tax != 0 || spa_record_get_int (line, "total_cents", 0) != 0)
               : (off > gross || spa_record_get_int (line, "total_cents", 0) != gross - off + tax))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "total_cents",
                                _("The line’s total must be its price less its discount, plus "
                                  "taxes."));
      return FALSE;
    }

  return TRUE;
}

/* The payments already made with a gift card (or package) other than @payment_id, net
 * of refunds to it: sale payments count, refund payments give back. */
static gint64
used_before (SpaStore   *store,
             const char *column,
             const char *target_id,
             const char *payment_id,
             gboolean    count_only)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT coalesce (sum (CASE WHEN i.kind = 'refund'"
                         " THEN -%s ELSE %s END), 0)"
                         " FROM payment p JOIN invoice i ON i.id = p.invoice_id"
                         " WHERE p.%s = ? AND p.id IS NOT ? AND p.deleted = 0",
                         count_only ? "1" : "p.amount_cents", count_only ? "1" : "p.amount_cents",
                         column);
  stmt = spa_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, target_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, payment_id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gboolean
validate_payment_source (SpaStore   *store,
                         SpaRecord  *payment,
                         gboolean    refund,
                         GError    **error)
{
  const char *method = spa_record_get_string (payment, "method");
  const char *id = spa_record_get_id (payment);
  gint64 amount = spa_record_get_int (payment, "amount_cents", 0);

  if (g_strcmp0 (method, "gift_card") == 0)
    {
      g_autoptr(SpaRecord) card = NULL;

      if (!spa_validate_reference (store, payment, "gift_card_id", "gift_card", TRUE, error))
        return FALSE;
      card = spa_store_get (store, "gift_card", spa_record_get_string (payment, "gift_card_id"),
                            NULL);
      if (!refund && card != NULL &&
          spa_record_get_int (card, "initial_cents", 0) -
          used_before (store, "gift_card_id", spa_record_get_id (card), id, FALSE) < amount)
        return balance_error (error, _("The gift card’s balance is lower than this payment."));
    }
  else if (g_strcmp0 (method, "package") == 0)
    {
      g_autoptr(SpaRecord) held = NULL;

      if (!spa_validate_reference (store, payment, "client_package_id", "client_package", TRUE,
                                   error))
        return FALSE;
      held = spa_store_get (store, "client_package",
                            spa_record_get_string (payment, "client_package_id"), NULL);
      if (!refund && held != NULL &&
          spa_record_get_int (held, "sessions", 0) -
          used_before (store, "client_package_id", spa_record_get_id (held), id, TRUE) < 1)
        return balance_error (error, _("This package has no sessions left."));
    }
  else
    {
      if (!spa_str_empty (spa_record_get_string (payment, "gift_card_id")) ||
          !spa_str_empty (spa_record_get_string (payment, "client_package_id")))
        {
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "method",
                                    _("Only a gift card or package payment names one."));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_payment (SpaStore   *store,
                  SpaRecord  *payment,
                  GError    **error)
{
  const char *invoice_id = spa_record_get_string (payment, "invoice_id");
  gint64 amount, tendered, total = 0, tip = 0;
  gboolean found = FALSE;
  gboolean refund = FALSE;

  /* Insert-only: a payment taken is corrected by a refund. */
  if (!spa_validate_not_locked (store, payment, NULL,
                                _("A payment cannot be changed once taken; refund it "
                                  "instead."), error))
    return FALSE;

  if (!spa_validate_reference (store, payment, "invoice_id", "invoice", TRUE, error) ||
      !spa_validate_one_of (payment, "method", payment_methods, TRUE, error) ||
      !spa_validate_required (payment, "amount_cents", _("Enter the amount."), error) ||
      !spa_validate_int_range (payment, "amount_cents", 1, MAX_CENTS,
                               _("A payment is more than zero."), error) ||
      !validate_amount (payment, "tendered_cents", error) ||
      !validate_amount (payment, "change_cents", error) ||
      !validate_amount (payment, "tip_cents", error) ||
      !spa_validate_time (payment, "received_at", TRUE, error))
    return FALSE;

  amount = spa_record_get_int (payment, "amount_cents", 0);
  tendered = spa_record_get_int (payment, "tendered_cents", amount);
  if (spa_record_has_value (payment, "tendered_cents") &&
      (tendered < amount ||
       spa_record_get_int (payment, "change_cents", 0) != tendered - amount))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "tendered_cents",
                                _("The change must be what was handed over less the amount."));
      return FALSE;
    }

  /* The invoice's kind and amounts only, not the whole record (its taxes parsed). */
  {
    g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
                                                 "SELECT kind, total_cents, tip_cents"
                                                 " FROM invoice WHERE id = ?",
                                                 NULL);

    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, invoice_id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          {
            found = TRUE;
            refund = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "refund") == 0;
            total = sqlite3_column_int64 (stmt, 1);
            tip = sqlite3_column_int64 (stmt, 2);
          }
      }
  }

  if (!validate_payment_source (store, payment, refund, error))
    return FALSE;

  /* Never more than what is due: payments may come after the invoice is issued, while
   * a balance is left. */
  if (found)
    {
      g_autoptr(SpaStmt) stmt = NULL;
      gint64 paid = 0;
      gint64 due;

      stmt = spa_store_prepare (store,
                                "SELECT coalesce (sum (amount_cents), 0) FROM payment"
                                " WHERE invoice_id = ? AND id IS NOT ? AND deleted = 0",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, invoice_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, spa_record_get_id (payment), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        paid = sqlite3_column_int64 (stmt, 0);
      /* Lines come before payments: never more than they (and the tip) come to, so no
       * money goes back for a line another desk refunded first. */
      due = lines_total (store, invoice_id) + tip;
      if (paid + amount > MIN (total, due))
        {
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "amount_cents",
                                    _("This is more than the balance due."));
          return FALSE;
        }
    }

  return TRUE;
}

const SpaEntityInfo spa_invoice_entity = {
  .name = "invoice",
  .fields = invoice_fields,
  .n_fields = G_N_ELEMENTS (invoice_fields),
  .validate = validate_invoice,
  .undeletable = TRUE,
  .locked_code = "invoice_locked",
};

const SpaEntityInfo spa_invoice_line_entity = {
  .name = "invoice_line",
  .fields = invoice_line_fields,
  .n_fields = G_N_ELEMENTS (invoice_line_fields),
  .validate = validate_invoice_line,
  .undeletable = TRUE,
  .locked_code = "invoice_locked",
};

const SpaEntityInfo spa_payment_entity = {
  .name = "payment",
  .fields = payment_fields,
  .n_fields = G_N_ELEMENTS (payment_fields),
  .validate = validate_payment,
  .undeletable = TRUE,
  .locked_code = "invoice_locked",
};
