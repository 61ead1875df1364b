/* spa-migrations.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint        version;
  const char  *sql;
  gboolean   (*after) (SpaStore *store, GError **error);
} SpaMigration;

const SpaMigration *spa_migrations_get       (guint *n_migrations);
const char         *spa_default_service_id   (guint  index);

/* The spa's money (spa-migrations-money.c). */
#define SPA_TAX_RATE_GST_ID "7a8e5000-0000-4000-8000-000000000001"
#define SPA_TAX_RATE_PST_ID "7a8e5000-0000-4000-8000-000000000002"
extern const char spa_migration_20_sql[];
gboolean spa_migration_20_seed (SpaStore  *store,
                                GError   **error);
extern const char spa_migration_21_sql[];

/* What the spa server sends and publishes (spa-migrations-mail.c). */
extern const char spa_migration_40_sql[];
extern const char spa_migration_41_sql[];

/* Treatment plans (spa-migrations-plans.c). */
extern const char spa_migration_42_sql[];
extern const char spa_migration_43_sql[];
extern const char spa_migration_44_sql[];
extern const char spa_migration_46_sql[];

/* Client imports and their undo (spa-migrations-import.c). */
extern const char spa_migration_50_sql[];

/* The audit trail (spa-migrations-audit.c). */
extern const char spa_migration_51_sql[];

/* A chain's locations (spa-migrations-locations.c). */
extern const char spa_migration_60_sql[];
gboolean spa_migration_60_seed (SpaStore  *store,
                                GError   **error);

/* When a cancelled booking was cancelled, if its history's last entry says so (NULL
 * otherwise): an expression of migration 30's booking_report index, which the reports'
 * scan must write exactly so for SQLite to read it from the index. Never change it:
 * the index holds it as migration 30 wrote it. */
#define SPA_REPORT_CANCELLED_AT \
  "CASE WHEN status = 'cancelled' AND json_valid (status_history)" \
  " AND json_extract (status_history, '$[#-1].status') = 'cancelled'" \
  " THEN json_extract (status_history, '$[#-1].at') END"

/* Every sale line (and every tip) of the issued invoices, as migration 33's sale_line
 * holds them: what spa_store_end_load() writes again after a whole-spa load, whose
 * connection the triggers skip. Sorted, so that the table is written in its order. */
#define SPA_SALE_LINE_REBUILD \
  "DELETE FROM sale_line;" \
  "INSERT INTO sale_line (issued_at, invoice_id, line_id, sign, booking_id, kind, item_id," \
  "  therapist_id, quantity, total_cents, tax_cents)" \
  "  SELECT i.issued_at, i.id, l.id, CASE i.kind WHEN 'refund' THEN -1 ELSE 1 END," \
  "    i.booking_id, l.kind, l.item_id, l.therapist_id, l.quantity, l.total_cents, l.tax_cents" \
  "  FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id AND l.deleted = 0" \
  "  WHERE i.status = 'issued' AND i.deleted = 0 AND i.issued_at IS NOT NULL" \
  "  UNION ALL" \
  "  SELECT i.issued_at, i.id, '', CASE i.kind WHEN 'refund' THEN -1 ELSE 1 END," \
  "    i.booking_id, NULL, NULL, i.tip_therapist_id, 0, i.tip_cents, 0" \
  "  FROM invoice i" \
  "  WHERE i.status = 'issued' AND i.deleted = 0 AND i.issued_at IS NOT NULL" \
  "    AND i.tip_cents != 0" \
  "  ORDER BY 1, 2, 3;"

/* Every payment received on an issued invoice, as migration 34's sale_payment holds
 * them (spa_store_end_load() writes them again, like the sale lines). */
#define SPA_SALE_PAYMENT_REBUILD \
  "DELETE FROM sale_payment;" \
  "INSERT INTO sale_payment (received_at, payment_id, invoice_id, sign, booking_id, method," \
  "  amount_cents)" \
  "  SELECT p.received_at, p.id, i.id, CASE i.kind WHEN 'refund' THEN -1 ELSE 1 END," \
  "    i.booking_id, p.method, p.amount_cents" \
  "  FROM payment p JOIN invoice i ON i.id = p.invoice_id" \
  "  WHERE p.deleted = 0 AND i.status = 'issued' AND i.deleted = 0" \
  "  ORDER BY 1, 2;"

G_END_DECLS
