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

/* The money reports' sums per UTC hour (spa-migrations-reports.c). */
extern const char spa_migration_52_sql[];

/* The hour (Unix time / 3600, rounded down) of stored time @t, or NULL when @t is not
 * `YYYY-MM-DDTHH:MM:SSZ` with an hour below 24, as spa_report_parse_time() reads. */
#define SPA_REPORT_HOUR_OF(t) \
  "(CASE WHEN " t " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:" \
  "[0-9][0-9]Z' AND substr (" t ", 12, 2) < '24'" \
  " THEN (unixepoch (" t ") - (unixepoch (" t ") % 3600 + 3600) % 3600) / 3600 END)"

/* What an hour of sale_hour sums over its sale_line rows: revenue (totals, tips and taxes
 * included, less refunds), taxes, services and packages and products before tax, tips,
 * the sale invoices with a line (the average ticket's divisor), and the rows. */
#define SPA_SALE_HOUR_COLUMNS \
  "hour, revenue_cents, tax_cents, services_cents, products_cents, tips_cents, sales, lines"
#define SPA_SALE_HOUR_SUMS \
  "sum (iif (sign < 0, -1, 1) * total_cents), sum (iif (sign < 0, -1, 1) * tax_cents)," \
  " sum (CASE WHEN kind IN ('service', 'package')" \
  "  THEN iif (sign < 0, -1, 1) * (total_cents - tax_cents) ELSE 0 END)," \
  " sum (CASE WHEN kind = 'product'" \
  "  THEN iif (sign < 0, -1, 1) * (total_cents - tax_cents) ELSE 0 END)," \
  " sum (CASE WHEN kind IS NULL THEN iif (sign < 0, -1, 1) * total_cents ELSE 0 END)," \
  " count (DISTINCT CASE WHEN sign >= 0 AND kind IS NOT NULL THEN invoice_id END), count (*)"
#define SPA_SALE_PAYMENT_HOUR_COLUMNS "hour, method, payments, amount_cents"
#define SPA_SALE_PAYMENT_HOUR_SUMS \
  "method, count (*), sum (iif (sign < 0, -1, 1) * amount_cents)"

/* Both hour tables from sale_line and sale_payment, sorted: what spa_store_end_load()
 * writes again after them. */
#define SPA_SALE_HOUR_REBUILD \
  "DELETE FROM sale_hour;" \
  "INSERT INTO sale_hour (" SPA_SALE_HOUR_COLUMNS ")" \
  "  SELECT h, " SPA_SALE_HOUR_SUMS \
  "  FROM (SELECT " SPA_REPORT_HOUR_OF ("issued_at") " AS h, sign, kind, total_cents," \
  "        tax_cents, invoice_id FROM sale_line)" \
  "  WHERE h IS NOT NULL GROUP BY h ORDER BY h;" \
  "DELETE FROM sale_payment_hour;" \
  "INSERT INTO sale_payment_hour (" SPA_SALE_PAYMENT_HOUR_COLUMNS ")" \
  "  SELECT h, " SPA_SALE_PAYMENT_HOUR_SUMS \
  "  FROM (SELECT " SPA_REPORT_HOUR_OF ("received_at") " AS h, method, sign, amount_cents" \
  "        FROM sale_payment)" \
  "  WHERE h IS NOT NULL GROUP BY h, method ORDER BY h, method;"

/* The sums per UTC day by service and by therapist (spa-migrations-reports.c). */
extern const char spa_migration_53_sql[];

/* The UTC day (Unix time / 86400, rounded down) of stored time @t, or NULL as
 * SPA_REPORT_HOUR_OF(). */
#define SPA_REPORT_DAY_OF(t) \
  "(SELECT (h - (h % 24 + 24) % 24) / 24 FROM (SELECT " SPA_REPORT_HOUR_OF (t) " AS h))"

/* What a day of sale_day_item sums over its sale_line rows of a kind (tips, whose kind
 * is NULL, are not there) and, for services, of a service (@item_id ''): before tax,
 * less refunds, the quantity and the rows; and what a day of sale_day_therapist sums for
 * a therapist ('' for none): services and packages, products before tax, tips, rows. */
#define SPA_SALE_DAY_ITEM_COLUMNS "day, kind, item_id, net_cents, quantity, lines"
#define SPA_SALE_DAY_THERAPIST_COLUMNS \
  "day, therapist_id, services_cents, products_cents, tips_cents, lines"
#define SPA_SALE_DAY_NET \
  "iif (sign < 0, -1, 1) * (coalesce (total_cents, 0) - coalesce (tax_cents, 0))"
#define SPA_SALE_DAY_ITEM_SUMS \
  "sum (" SPA_SALE_DAY_NET "), sum (iif (sign < 0, -1, 1) * coalesce (quantity, 0)), count (*)"
#define SPA_SALE_DAY_THERAPIST_SUMS \
  "sum (iif (kind IN ('service', 'package'), " SPA_SALE_DAY_NET ", 0))," \
  " sum (iif (kind = 'product', " SPA_SALE_DAY_NET ", 0))," \
  " sum (iif (kind IS NULL, iif (sign < 0, -1, 1) * coalesce (total_cents, 0), 0)), count (*)"

/* Both day tables from sale_line, sorted: what spa_store_end_load() writes again. */
#define SPA_SALE_DAY_REBUILD \
  "DELETE FROM sale_day_item;" \
  "INSERT INTO sale_day_item (" SPA_SALE_DAY_ITEM_COLUMNS ")" \
  "  SELECT d, kind, item, " SPA_SALE_DAY_ITEM_SUMS \
  "  FROM (SELECT " SPA_REPORT_DAY_OF ("issued_at") " AS d, kind," \
  "        iif (kind = 'service', coalesce (item_id, ''), '') AS item, sign, quantity," \
  "        total_cents, tax_cents FROM sale_line WHERE kind IS NOT NULL)" \
  "  WHERE d IS NOT NULL GROUP BY d, kind, item ORDER BY d, kind, item;" \
  "DELETE FROM sale_day_therapist;" \
  "INSERT INTO sale_day_therapist (" SPA_SALE_DAY_THERAPIST_COLUMNS ")" \
  "  SELECT d, therapist, " SPA_SALE_DAY_THERAPIST_SUMS \
  "  FROM (SELECT " SPA_REPORT_DAY_OF ("issued_at") " AS d, coalesce (therapist_id, '')" \
  "        AS therapist, kind, sign, total_cents, tax_cents FROM sale_line)" \
  "  WHERE d IS NOT NULL GROUP BY d, therapist ORDER BY d, therapist;"

/* Each client's first visit and the next (spa-migrations-reports.c). */
extern const char spa_migration_54_sql[];

/* Every client's first visit ever and the next after it, from the bookings: what
 * migration 54 and spa_store_end_load() write. */
#define SPA_CLIENT_RETURN_REBUILD \
  "DELETE FROM client_return;" \
  "INSERT INTO client_return (client_id, first_visit, next_visit)" \
  "  SELECT client_id, f, (SELECT min (b.starts_at) FROM booking b" \
  "    WHERE b.client_id = v.client_id AND b.deleted = 0" \
  "      AND b.status IN ('completed', 'checked_in') AND b.starts_at > f)" \
  "  FROM (SELECT client_id, min (starts_at) AS f FROM booking" \
  "        WHERE deleted = 0 AND status IN ('completed', 'checked_in')" \
  "          AND client_id IS NOT NULL GROUP BY client_id) v" \
  "  ORDER BY client_id;"

/* Each client's visits with whether each was booked again, and the no-shows and late
 * cancellations (spa-migrations-reports.c). */
extern const char spa_migration_55_sql[];
extern const char spa_migration_56_sql[];

/* A booking (unqualified columns) that the reports' walk reads whole in its period (see
 * spa_store_reports_scan()): a client, a therapist, a service, times as stored. */
#define SPA_REPORT_WHOLE_BOOKING \
  "deleted = 0 AND client_id IS NOT NULL AND therapist_id IS NOT NULL" \
  " AND service_id IS NOT NULL AND " SPA_REPORT_HOUR_OF ("starts_at") " IS NOT NULL" \
  " AND " SPA_REPORT_HOUR_OF ("ends_at") " IS NOT NULL"

/* Whether client @c's visit at stored time @s (Unix time @at) was booked again: a
 * booking of the client, not cancelled, from just after it to 6 weeks later. */
#define SPA_CLIENT_VISIT_REBOOKED(c, s, at) \
  "EXISTS (SELECT 1 FROM booking f WHERE f.client_id = " c " AND f.starts_at > " s \
  " AND f.starts_at <= strftime ('%Y-%m-%dT%H:%M:%SZ', " at " + 3628800, 'unixepoch')" \
  " AND f.deleted = 0 AND f.status IS NOT 'cancelled'" \
  " AND " SPA_REPORT_HOUR_OF ("f.starts_at") " IS NOT NULL)"

#define SPA_CLIENT_VISIT_COLUMNS "client_id, at, prev_at, first_at, rebooked"
/* Each client's whole visits by distinct start, sorted: what migration 55 and
 * spa_store_end_load() write (after client_first_visit). */
#define SPA_CLIENT_VISIT_REBUILD \
  "DELETE FROM client_visit;" \
  "INSERT INTO client_visit (" SPA_CLIENT_VISIT_COLUMNS ")" \
  "  SELECT v.client_id, v.at, lag (v.at) OVER (PARTITION BY v.client_id ORDER BY v.at)," \
  "    (SELECT unixepoch (first_visit) FROM client_first_visit WHERE client_id = v.client_id)," \
  "    " SPA_CLIENT_VISIT_REBOOKED ("v.client_id", "v.s", "v.at") \
  "  FROM (SELECT client_id, min (starts_at) AS s, unixepoch (starts_at) AS at FROM booking" \
  "        WHERE status IN ('completed', 'checked_in') AND " SPA_REPORT_WHOLE_BOOKING \
  "        GROUP BY client_id, at) v" \
  "  ORDER BY 1, 2;"

/* When a cancelled booking was cancelled, as the reports' walk reads it: the history's
 * last entry (SPA_REPORT_CANCELLED_AT), or else its last "cancelled" entry. */
#define SPA_REPORT_CANCELLED_AT_ANY \
  "coalesce (" SPA_REPORT_CANCELLED_AT "," \
  " CASE WHEN status = 'cancelled' AND json_valid (status_history) THEN" \
  "  (SELECT json_extract (h.value, '$.at') FROM json_each (booking.status_history) h" \
  "   WHERE json_extract (h.value, '$.status') = 'cancelled' ORDER BY h.key DESC LIMIT 1)" \
  " END)"

#define SPA_CLIENT_MISS_COLUMNS "booking_id, at, client_id, no_show, late"
/* The no-shows and late cancellations (less than 24 hours before the start) among the
 * whole bookings that pass @where, as client_miss holds them. */
#define SPA_CLIENT_MISS_ROWS(where) \
  "SELECT * FROM (SELECT id, unixepoch (starts_at) AS at, client_id," \
  "    status = 'no_show' AS no_show," \
  "    status = 'cancelled' AND coalesce (unixepoch (" SPA_REPORT_CANCELLED_AT_ANY "), 0)" \
  "      > unixepoch (starts_at) - 86400 AS late" \
  "  FROM booking WHERE (" where ") AND status IN ('no_show', 'cancelled')" \
  "    AND " SPA_REPORT_WHOLE_BOOKING ")" \
  " WHERE no_show OR late"
#define SPA_CLIENT_MISS_REBUILD \
  "DELETE FROM client_miss;" \
  "INSERT INTO client_miss (" SPA_CLIENT_MISS_COLUMNS ") " SPA_CLIENT_MISS_ROWS ("1") \
  " ORDER BY 1;"

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
