/* spa-migrations-money.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-migrations.h"
#include "spa-store-private.h"

/*
 * The spa's money (DESIGN.md, "Money"): amounts are integer cents, rates basis points.
 * Invoices, their lines, payments and stock movements are never deleted; an issued
 * invoice is never changed (its validation reads the stored row). Stock, gift-card
 * balances and package sessions are sums over insert-only rows, so desks that sold
 * offline at the same time never conflict over a counter.
 */

#define SYNCED_COLUMNS \
  "  id TEXT NOT NULL UNIQUE," \
  "  version INTEGER NOT NULL DEFAULT 0," \
  "  created_at TEXT NOT NULL," \
  "  updated_at TEXT NOT NULL," \
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"

#define REF(table) " REFERENCES " table " (id) DEFERRABLE INITIALLY DEFERRED"

const char spa_migration_20_sql[] =
  /* A treatment receipt names the therapist's professional title (credentials) and
   * college registration number: what an insurer asks of an RMT's receipt. */
  "ALTER TABLE therapist ADD COLUMN registration_number TEXT;"
  "CREATE TABLE tax_rate ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  name TEXT NOT NULL,"
  "  rate_bp INTEGER NOT NULL,"
  "  applies_to TEXT,"
  "  registration_number TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE product ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  name TEXT NOT NULL,"
  "  sku TEXT,"
  "  price_cents INTEGER NOT NULL DEFAULT 0,"
  "  tax_rate_ids TEXT,"
  "  low_stock_at INTEGER,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE package ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  name TEXT NOT NULL,"
  "  service_ids TEXT,"
  "  sessions INTEGER NOT NULL,"
  "  price_cents INTEGER NOT NULL DEFAULT 0,"
  "  valid_days INTEGER,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE promotion ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  name TEXT NOT NULL,"
  "  code TEXT,"
  "  kind TEXT NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  service_ids TEXT,"
  "  starts_on TEXT,"
  "  ends_on TEXT,"
  "  per_client_limit INTEGER,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE invoice ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  number TEXT,"
  "  kind TEXT NOT NULL DEFAULT 'sale',"
  "  refund_of TEXT" REF ("invoice") ","
  "  client_id TEXT" REF ("client") ","
  "  booking_id TEXT" REF ("booking") ","
  "  status TEXT NOT NULL DEFAULT 'draft',"
  "  issued_at TEXT,"
  "  issued_by TEXT,"
  "  subtotal_cents INTEGER NOT NULL DEFAULT 0,"
  "  discount_cents INTEGER NOT NULL DEFAULT 0,"
  "  tax_cents INTEGER NOT NULL DEFAULT 0,"
  "  tip_cents INTEGER NOT NULL DEFAULT 0,"
  "  total_cents INTEGER NOT NULL DEFAULT 0,"
  "  tip_therapist_id TEXT" REF ("therapist") ","
  "  taxes TEXT"
  ");"
  /* Unique on every desk and on the server: a number seen twice is refused. */
  "CREATE UNIQUE INDEX invoice_number ON invoice (number) WHERE number IS NOT NULL;"
  "CREATE INDEX invoice_client ON invoice (client_id, issued_at);"
  "CREATE INDEX invoice_booking ON invoice (booking_id);"
  "CREATE INDEX invoice_issued ON invoice (issued_at);"
  "CREATE INDEX invoice_refund_of ON invoice (refund_of);"
  "CREATE TABLE invoice_line ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  invoice_id TEXT NOT NULL" REF ("invoice") ","
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  kind TEXT NOT NULL,"
  "  item_id TEXT,"
  "  therapist_id TEXT" REF ("therapist") ","
  "  description TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL DEFAULT 1,"
  "  unit_price_cents INTEGER NOT NULL DEFAULT 0,"
  "  discount_cents INTEGER NOT NULL DEFAULT 0,"
  "  tax_cents INTEGER NOT NULL DEFAULT 0,"
  "  total_cents INTEGER NOT NULL DEFAULT 0,"
  "  refund_of_line TEXT"
  ");"
  "CREATE INDEX invoice_line_invoice ON invoice_line (invoice_id, position);"
  "CREATE INDEX invoice_line_therapist ON invoice_line (therapist_id);"
  "CREATE TABLE client_package ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  client_id TEXT NOT NULL" REF ("client") ","
  "  package_id TEXT NOT NULL" REF ("package") ","
  "  sessions INTEGER NOT NULL,"
  "  expires_at TEXT,"
  "  invoice_id TEXT" REF ("invoice")
  ");"
  "CREATE INDEX client_package_client ON client_package (client_id);"
  "CREATE TABLE gift_card ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  code TEXT NOT NULL,"
  "  initial_cents INTEGER NOT NULL,"
  "  expires_at TEXT,"
  "  invoice_id TEXT" REF ("invoice")
  ");"
  "CREATE INDEX gift_card_code ON gift_card (code);"
  "CREATE TABLE payment ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  invoice_id TEXT NOT NULL" REF ("invoice") ","
  "  method TEXT NOT NULL,"
  "  amount_cents INTEGER NOT NULL,"
  "  tendered_cents INTEGER,"
  "  change_cents INTEGER,"
  "  gift_card_id TEXT" REF ("gift_card") ","
  "  client_package_id TEXT" REF ("client_package") ","
  "  tip_cents INTEGER NOT NULL DEFAULT 0,"
  "  received_at TEXT NOT NULL"
  ");"
  "CREATE INDEX payment_invoice ON payment (invoice_id);"
  "CREATE INDEX payment_gift_card ON payment (gift_card_id) WHERE gift_card_id IS NOT NULL;"
  "CREATE INDEX payment_client_package ON payment (client_package_id)"
  "  WHERE client_package_id IS NOT NULL;"
  "CREATE INDEX payment_received ON payment (received_at);"
  "CREATE TABLE stock_movement ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  product_id TEXT NOT NULL" REF ("product") ","
  "  delta INTEGER NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  invoice_id TEXT" REF ("invoice")
  ");"
  "CREATE INDEX stock_movement_product ON stock_movement (product_id);";

/* An invoice issued again under a new series after the server found its number taken
 * (duplicate_number) keeps the number it was first issued under: the client may hold a
 * receipt that bears it. */
const char spa_migration_21_sql[] =
  "ALTER TABLE invoice ADD COLUMN previous_number TEXT;";

static const struct {
  const char *id;
  const char *name;
  int         rate_bp;
  const char *applies_to;
} default_tax_rates[] = {
  /* TRANSLATORS: the federal Goods and Services Tax (TPS in French) */
  { SPA_TAX_RATE_GST_ID, N_("GST"), 500, "[\"service\",\"product\"]" },
  /* TRANSLATORS: British Columbia's Provincial Sales Tax (TVP in French) */
  { SPA_TAX_RATE_PST_ID, N_("PST"), 700, "[\"product\"]" },
};

/* British Columbia's defaults, with fixed ids and no outbox rows (like the default
 * services): every desk and the server agree on them. */
gboolean
spa_migration_20_seed (SpaStore  *store,
                       GError   **error)
{
  g_autofree char *now = spa_store_now_utc (store);

  for (guint i = 0; i < G_N_ELEMENTS (default_tax_rates); i++)
    {
      g_autoptr(SpaStmt) stmt = NULL;

      stmt = spa_store_prepare (store,
                                "INSERT INTO tax_rate (id, version, created_at, updated_at,"
                                " name, rate_bp, applies_to, active)"
                                " VALUES (?, 0, ?, ?, ?, ?, ?, 1)",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, default_tax_rates[i].id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, _(default_tax_rates[i].name), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, default_tax_rates[i].rate_bp);
      sqlite3_bind_text (stmt, 6, default_tax_rates[i].applies_to, -1, SQLITE_STATIC);
      if (!spa_store_step_done (store, stmt, error))
        return FALSE;
    }

  return TRUE;
}
