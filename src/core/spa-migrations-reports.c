/* spa-migrations-reports.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include "spa-migrations.h"

/*
 * The money reports' sums per UTC hour (migration 52): a period of whole local days in
 * a zone whose offset is whole hours is a run of whole UTC hours, so its revenue, its
 * parts and its payments by method are a few thousand small rows (a year: one per hour
 * with sales) instead of every sale line and payment. Triggers on sale_line and
 * sale_payment (migrations 33 and 34, kept by their own triggers, which only insert and
 * delete) add each row in and take it out, whoever writes (an update, which nothing
 * does, makes its hours again from the rows); a whole-spa load
 * skips these triggers too and spa_store_end_load() makes both tables again
 * (SPA_SALE_HOUR_REBUILD). Zones with a half- or quarter-hour offset read the lines.
 */

/* The hour of a stored time (Unix time / 3600, rounded down), or NULL when it is not
 * written as the reports read it (spa_report_parse_time()). */
#define HOUR_OF(t) SPA_REPORT_HOUR_OF (t)
/* Stored times from hour @h on, and before hour @h + 1. */
#define IN_HOUR(t, h) \
  t " >= strftime ('%Y-%m-%dT%H:%M:%SZ', (" h ") * 3600, 'unixepoch')" \
  " AND " t " < strftime ('%Y-%m-%dT%H:%M:%SZ', ((" h ") + 1) * 3600, 'unixepoch')" \
  " AND " HOUR_OF (t) " = (" h ")"

/* Sale line @who added to its hour (@m 1) or taken out (@m -1). An invoice counts as a
 * sale while one of its lines (not its tip) is there: added with its first, taken out
 * with its last (the rows of an invoice share its issue time). */
#define SALE_HOUR_ADD(who, m) \
  "  INSERT INTO sale_hour (" SPA_SALE_HOUR_COLUMNS ")" \
  "    SELECT h, " m " * s * " who ".total_cents, " m " * s * " who ".tax_cents," \
  "      iif (" who ".kind IN ('service', 'package')," \
  "           " m " * s * (" who ".total_cents - " who ".tax_cents), 0)," \
  "      iif (" who ".kind = 'product'," \
  "           " m " * s * (" who ".total_cents - " who ".tax_cents), 0)," \
  "      iif (" who ".kind IS NULL, " m " * s * " who ".total_cents, 0)," \
  "      " m " * (s > 0 AND " who ".kind IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sale_line o" \
  "        WHERE o.invoice_id = " who ".invoice_id AND o.issued_at = " who ".issued_at" \
  "          AND o.kind IS NOT NULL AND o.line_id IS NOT " who ".line_id))," \
  "      " m \
  "    FROM (SELECT " HOUR_OF (who ".issued_at") " AS h, iif (" who ".sign < 0, -1, 1) AS s)" \
  "    WHERE h IS NOT NULL" \
  "    ON CONFLICT (hour) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents," \
  "      tax_cents = tax_cents + excluded.tax_cents," \
  "      services_cents = services_cents + excluded.services_cents," \
  "      products_cents = products_cents + excluded.products_cents," \
  "      tips_cents = tips_cents + excluded.tips_cents, sales = sales + excluded.sales," \
  "      lines = lines + excluded.lines;"
/* Payment @who added to its hour and method (@m 1) or taken out (@m -1). */
#define PAYMENT_HOUR_ADD(who, m) \
  "  INSERT INTO sale_payment_hour (" SPA_SALE_PAYMENT_HOUR_COLUMNS ")" \
  "    SELECT h, " who ".method, " m "," \
  "      " m " * iif (" who ".sign < 0, -1, 1) * " who ".amount_cents" \
  "    FROM (SELECT " HOUR_OF (who ".received_at") " AS h) WHERE h IS NOT NULL" \
  "    ON CONFLICT (hour, method) DO UPDATE SET payments = payments + excluded.payments," \
  "      amount_cents = amount_cents + excluded.amount_cents;"

/* Hour @h's row of sale_hour, made again from its sale lines. */
#define SALE_HOUR_REDO(h) \
  "  DELETE FROM sale_hour WHERE hour = " h ";" \
  "  INSERT INTO sale_hour (" SPA_SALE_HOUR_COLUMNS ")" \
  "    SELECT " h ", " SPA_SALE_HOUR_SUMS " FROM sale_line WHERE " IN_HOUR ("issued_at", h) \
  "    HAVING count (*) > 0;"
/* Hour @h's rows of sale_payment_hour, made again from its payments. */
#define PAYMENT_HOUR_REDO(h) \
  "  DELETE FROM sale_payment_hour WHERE hour = " h ";" \
  "  INSERT INTO sale_payment_hour (" SPA_SALE_PAYMENT_HOUR_COLUMNS ")" \
  "    SELECT " h ", " SPA_SALE_PAYMENT_HOUR_SUMS " FROM sale_payment" \
  "    WHERE " IN_HOUR ("received_at", h) " GROUP BY method;"

const char spa_migration_52_sql[] =
  "CREATE TABLE sale_hour ("
  "  hour INTEGER PRIMARY KEY,"
  "  revenue_cents INTEGER NOT NULL,"
  "  tax_cents INTEGER NOT NULL,"
  "  services_cents INTEGER NOT NULL,"
  "  products_cents INTEGER NOT NULL,"
  "  tips_cents INTEGER NOT NULL,"
  "  sales INTEGER NOT NULL,"
  "  lines INTEGER NOT NULL"
  ");"
  "CREATE TABLE sale_payment_hour ("
  "  hour INTEGER NOT NULL,"
  "  method TEXT NOT NULL,"
  "  payments INTEGER NOT NULL,"
  "  amount_cents INTEGER NOT NULL,"
  "  PRIMARY KEY (hour, method)"
  ") WITHOUT ROWID;"
  SPA_SALE_HOUR_REBUILD
  "CREATE TRIGGER sale_line_hour_insert AFTER INSERT ON sale_line"
  "  WHEN NOT spa_search_deferred () BEGIN"
  SALE_HOUR_ADD ("new", "1")
  "END;"
  "CREATE TRIGGER sale_line_hour_update AFTER UPDATE ON sale_line"
  "  WHEN NOT spa_search_deferred () BEGIN"
  SALE_HOUR_REDO (HOUR_OF ("old.issued_at"))
  SALE_HOUR_REDO (HOUR_OF ("new.issued_at"))
  "END;"
  "CREATE TRIGGER sale_line_hour_delete AFTER DELETE ON sale_line"
  "  WHEN NOT spa_search_deferred () BEGIN"
  SALE_HOUR_ADD ("old", "-1")
  "  DELETE FROM sale_hour WHERE hour = " HOUR_OF ("old.issued_at") " AND lines = 0;"
  "END;"
  "CREATE TRIGGER sale_payment_hour_insert AFTER INSERT ON sale_payment"
  "  WHEN NOT spa_search_deferred () BEGIN"
  PAYMENT_HOUR_ADD ("new", "1")
  "END;"
  "CREATE TRIGGER sale_payment_hour_update AFTER UPDATE ON sale_payment"
  "  WHEN NOT spa_search_deferred () BEGIN"
  PAYMENT_HOUR_REDO (HOUR_OF ("old.received_at"))
  PAYMENT_HOUR_REDO (HOUR_OF ("new.received_at"))
  "END;"
  "CREATE TRIGGER sale_payment_hour_delete AFTER DELETE ON sale_payment"
  "  WHEN NOT spa_search_deferred () BEGIN"
  PAYMENT_HOUR_ADD ("old", "-1")
  "  DELETE FROM sale_payment_hour WHERE hour = " HOUR_OF ("old.received_at")
  "    AND method = old.method AND payments = 0;"
  "END;";

/*
 * The reports by service and by therapist as sums per UTC day (migration 53): a year is
 * about 11 000 rows instead of every sale line (150 000 on the benchmark's slice); the
 * period's ends, which rarely fall on a UTC midnight, are read from the lines (at most a
 * day's at each end), so that any zone's days are right. Kept like sale_hour: triggers on
 * sale_line add each row in and take it out (an update, which nothing does, takes the old
 * row out and adds the new one), a whole-spa load skips them and spa_store_end_load()
 * makes both tables again (SPA_SALE_DAY_REBUILD).
 */

#define DAY_NET(who) \
  "(coalesce (" who ".total_cents, 0) - coalesce (" who ".tax_cents, 0))"
#define DAY_ITEM(who) "iif (" who ".kind = 'service', coalesce (" who ".item_id, ''), '')"

/* Sale line @who added to its day (@m 1) or taken out (@m -1). */
#define SALE_DAY_ADD(who, m) \
  "  INSERT INTO sale_day_item (" SPA_SALE_DAY_ITEM_COLUMNS ")" \
  "    SELECT d, " who ".kind, " DAY_ITEM (who) ", " m " * s * " DAY_NET (who) "," \
  "      " m " * s * coalesce (" who ".quantity, 0), " m \
  "    FROM (SELECT " SPA_REPORT_DAY_OF (who ".issued_at") " AS d," \
  "          iif (" who ".sign < 0, -1, 1) AS s)" \
  "    WHERE d IS NOT NULL AND " who ".kind IS NOT NULL" \
  "    ON CONFLICT (day, kind, item_id) DO UPDATE SET net_cents = net_cents + excluded.net_cents," \
  "      quantity = quantity + excluded.quantity, lines = lines + excluded.lines;" \
  "  INSERT INTO sale_day_therapist (" SPA_SALE_DAY_THERAPIST_COLUMNS ")" \
  "    SELECT d, coalesce (" who ".therapist_id, '')," \
  "      iif (" who ".kind IN ('service', 'package'), " m " * s * " DAY_NET (who) ", 0)," \
  "      iif (" who ".kind = 'product', " m " * s * " DAY_NET (who) ", 0)," \
  "      iif (" who ".kind IS NULL, " m " * s * coalesce (" who ".total_cents, 0), 0), " m \
  "    FROM (SELECT " SPA_REPORT_DAY_OF (who ".issued_at") " AS d," \
  "          iif (" who ".sign < 0, -1, 1) AS s)" \
  "    WHERE d IS NOT NULL" \
  "    ON CONFLICT (day, therapist_id) DO UPDATE SET" \
  "      services_cents = services_cents + excluded.services_cents," \
  "      products_cents = products_cents + excluded.products_cents," \
  "      tips_cents = tips_cents + excluded.tips_cents, lines = lines + excluded.lines;"
/* The rows of @who's day left without a line. */
#define SALE_DAY_DROP_EMPTY(who) \
  "  DELETE FROM sale_day_item WHERE day = " SPA_REPORT_DAY_OF (who ".issued_at") \
  "    AND kind = " who ".kind AND item_id = " DAY_ITEM (who) " AND lines = 0;" \
  "  DELETE FROM sale_day_therapist WHERE day = " SPA_REPORT_DAY_OF (who ".issued_at") \
  "    AND therapist_id = coalesce (" who ".therapist_id, '') AND lines = 0;"

const char spa_migration_53_sql[] =
  "CREATE TABLE sale_day_item ("
  "  day INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  item_id TEXT NOT NULL,"
  "  net_cents INTEGER NOT NULL,"
  "  quantity INTEGER NOT NULL,"
  "  lines INTEGER NOT NULL,"
  "  PRIMARY KEY (day, kind, item_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE sale_day_therapist ("
  "  day INTEGER NOT NULL,"
  "  therapist_id TEXT NOT NULL,"
  "  services_cents INTEGER NOT NULL,"
  "  products_cents INTEGER NOT NULL,"
  "  tips_cents INTEGER NOT NULL,"
  "  lines INTEGER NOT NULL,"
  "  PRIMARY KEY (day, therapist_id)"
  ") WITHOUT ROWID;"
  SPA_SALE_DAY_REBUILD
  "CREATE TRIGGER sale_line_day_insert AFTER INSERT ON sale_line"
  "  WHEN NOT spa_search_deferred () BEGIN"
  SALE_DAY_ADD ("new", "1")
  "END;"
  "CREATE TRIGGER sale_line_day_update AFTER UPDATE ON sale_line"
  "  WHEN NOT spa_search_deferred () BEGIN"
  SALE_DAY_ADD ("old", "-1")
  SALE_DAY_ADD ("new", "1")
  SALE_DAY_DROP_EMPTY ("old")
  "END;"
  "CREATE TRIGGER sale_line_day_delete AFTER DELETE ON sale_line"
  "  WHEN NOT spa_search_deferred () BEGIN"
  SALE_DAY_ADD ("old", "-1")
  SALE_DAY_DROP_EMPTY ("old")
  "END;";

/*
 * Each client's first visit ever and the next one after it (migration 54), so that a
 * period's client retention is one range of small rows (a year: the new clients, about
 * 10 000 on the full set) instead of every booking of the period and the six months
 * after it. A visit is a completed or checked-in booking, as for client_first_visit
 * (migration 31); the next visit starts strictly later. Triggers make a client's row
 * again when one of its visits changes, whoever writes; a whole-spa load skips them and
 * spa_store_end_load() makes the table again (SPA_CLIENT_RETURN_REBUILD).
 */

#define RETURN_VISIT \
  "deleted = 0 AND status IN ('completed', 'checked_in')"
/* @who's client's row made again (none if it has no visit left). */
#define CLIENT_RETURN_OF(who) \
  "  DELETE FROM client_return WHERE client_id = " who ".client_id;" \
  "  INSERT INTO client_return (client_id, first_visit, next_visit)" \
  "    SELECT c, f, (SELECT min (starts_at) FROM booking WHERE client_id = c" \
  "                  AND " RETURN_VISIT " AND starts_at > f)" \
  "    FROM (SELECT " who ".client_id AS c, (SELECT min (starts_at) FROM booking" \
  "          WHERE client_id = " who ".client_id AND " RETURN_VISIT ") AS f)" \
  "    WHERE c IS NOT NULL AND f IS NOT NULL" \
  "    ON CONFLICT (client_id) DO UPDATE SET first_visit = excluded.first_visit," \
  "      next_visit = excluded.next_visit;"
#define RETURN_IS_VISIT(who) \
  "(" who ".deleted = 0 AND " who ".status IN ('completed', 'checked_in'))"

const char spa_migration_54_sql[] =
  "CREATE TABLE client_return ("
  "  client_id TEXT PRIMARY KEY,"
  "  first_visit TEXT NOT NULL,"
  "  next_visit TEXT"
  ") WITHOUT ROWID;"
  "CREATE INDEX client_return_at ON client_return (first_visit, next_visit);"
  SPA_CLIENT_RETURN_REBUILD
  "CREATE TRIGGER booking_return_insert AFTER INSERT ON booking"
  "  WHEN " RETURN_IS_VISIT ("new") " AND new.client_id IS NOT NULL"
  "    AND NOT spa_search_deferred () BEGIN"
  CLIENT_RETURN_OF ("new")
  "END;"
  "CREATE TRIGGER booking_return_update AFTER UPDATE OF status, starts_at, deleted,"
  "  client_id ON booking"
  "  WHEN (" RETURN_IS_VISIT ("old") " OR " RETURN_IS_VISIT ("new") ")"
  "    AND (old.status IS NOT new.status OR old.starts_at IS NOT new.starts_at"
  "         OR old.deleted IS NOT new.deleted OR old.client_id IS NOT new.client_id)"
  "    AND NOT spa_search_deferred () BEGIN"
  CLIENT_RETURN_OF ("old")
  CLIENT_RETURN_OF ("new")
  "END;"
  "CREATE TRIGGER booking_return_delete AFTER DELETE ON booking"
  "  WHEN " RETURN_IS_VISIT ("old") " AND NOT spa_search_deferred () BEGIN"
  CLIENT_RETURN_OF ("old")
  "END;";

/*
 * Each client's visits (migration 55), so that the dashboard's clients, new clients and
 * rebooked clients are one range of small rows instead of a tally per client over every
 * booking of the period (ten years: a million). One row per client and distinct start
 * of a visit the reports' walk reads whole, with the client's previous such visit (the
 * period's first visit of a client is the one whose previous is before the period), the
 * client's first visit ever (client_first_visit's) and whether another booking, not
 * cancelled, followed within 6 weeks. Triggers make a client's rows again when one of
 * its bookings changes, except a new booking that is not a visit, which only marks the
 * visits of the 6 weeks before it; a whole-spa load skips them and spa_store_end_load()
 * makes the table again (SPA_CLIENT_VISIT_REBUILD). Times are Unix seconds.
 */

/* @who's client's rows made again, when @guard holds. */
#define CLIENT_VISITS_OF(who, guard) \
  "  DELETE FROM client_visit WHERE client_id = " who ".client_id AND " guard ";" \
  "  INSERT INTO client_visit (" SPA_CLIENT_VISIT_COLUMNS ")" \
  "    SELECT client_id, at, lag (at) OVER (ORDER BY at)," \
  "      (SELECT unixepoch (min (b.starts_at)) FROM booking b" \
  "       WHERE b.client_id = " who ".client_id AND b.deleted = 0" \
  "         AND b.status IN ('completed', 'checked_in'))," \
  "      " SPA_CLIENT_VISIT_REBOOKED ("v.client_id", "v.s", "v.at") \
  "    FROM (SELECT client_id, min (starts_at) AS s, unixepoch (starts_at) AS at FROM booking" \
  "          WHERE client_id = " who ".client_id AND status IN ('completed', 'checked_in')" \
  "            AND " SPA_REPORT_WHOLE_BOOKING " GROUP BY at) v" \
  "    WHERE " guard ";"
/* Whether booking @who can count for a client's visits: neither removed nor cancelled. */
#define VISIT_MATTERS(who) "(" who ".deleted = 0 AND " who ".status IS NOT 'cancelled')"

const char spa_migration_55_sql[] =
  "CREATE TABLE client_visit ("
  "  client_id TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  prev_at INTEGER,"
  "  first_at INTEGER,"
  "  rebooked INTEGER NOT NULL,"
  "  PRIMARY KEY (client_id, at)"
  ") WITHOUT ROWID;"
  SPA_CLIENT_VISIT_REBUILD
  "CREATE INDEX client_visit_at ON client_visit (at, prev_at, first_at, rebooked);"
  "CREATE TRIGGER booking_visit_insert AFTER INSERT ON booking"
  "  WHEN " RETURN_IS_VISIT ("new") " AND new.client_id IS NOT NULL"
  "    AND NOT spa_search_deferred () BEGIN"
  CLIENT_VISITS_OF ("new", "1")
  "END;"
  /* The till's new bookings: a few rows of the client at most. */
  "CREATE TRIGGER booking_visit_rebook AFTER INSERT ON booking"
  "  WHEN NOT " RETURN_IS_VISIT ("new") " AND " VISIT_MATTERS ("new")
  "    AND new.client_id IS NOT NULL AND " SPA_REPORT_HOUR_OF ("new.starts_at") " IS NOT NULL"
  "    AND NOT spa_search_deferred () BEGIN"
  "  UPDATE client_visit SET rebooked = 1"
  "    WHERE client_id = new.client_id AND rebooked = 0"
  "      AND at < unixepoch (new.starts_at)"
  "      AND at >= unixepoch (new.starts_at) - 3628800;"
  "END;"
  "CREATE TRIGGER booking_visit_update AFTER UPDATE OF status, starts_at, ends_at, deleted,"
  "  client_id, therapist_id, service_id ON booking"
  "  WHEN (" VISIT_MATTERS ("old") " OR " VISIT_MATTERS ("new") ")"
  "    AND (old.status IS NOT new.status OR old.starts_at IS NOT new.starts_at"
  "         OR old.ends_at IS NOT new.ends_at OR old.deleted IS NOT new.deleted"
  "         OR old.client_id IS NOT new.client_id OR old.therapist_id IS NOT new.therapist_id"
  "         OR old.service_id IS NOT new.service_id)"
  "    AND NOT spa_search_deferred () BEGIN"
  CLIENT_VISITS_OF ("old", "1")
  CLIENT_VISITS_OF ("new", "old.client_id IS NOT new.client_id")
  "END;"
  "CREATE TRIGGER booking_visit_delete AFTER DELETE ON booking"
  "  WHEN " VISIT_MATTERS ("old") " AND old.client_id IS NOT NULL"
  "    AND NOT spa_search_deferred () BEGIN"
  CLIENT_VISITS_OF ("old", "1")
  "END;";

/*
 * The no-shows and late cancellations (migration 56), one row per booking, so that the
 * no-shows by client is one range of them (ten years: about a tenth of the bookings)
 * instead of a tally per client over every booking; the clients shown (at most 50) have
 * their other counts read from their own bookings. A row per booking keeps any zone's
 * days right: its instant is there. Triggers take a booking's row out and put it back
 * when it changes; a whole-spa load skips them and spa_store_end_load() makes the table
 * again (SPA_CLIENT_MISS_REBUILD).
 */

#define MISS_MATTERS(who) "(" who ".status IN ('no_show', 'cancelled'))"

const char spa_migration_56_sql[] =
  "CREATE TABLE client_miss ("
  "  booking_id TEXT PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  no_show INTEGER NOT NULL,"
  "  late INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  SPA_CLIENT_MISS_REBUILD
  "CREATE INDEX client_miss_at ON client_miss (at, client_id, no_show, late);"
  "CREATE TRIGGER booking_miss_insert AFTER INSERT ON booking"
  "  WHEN " MISS_MATTERS ("new") " AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_miss WHERE booking_id = new.id;"
  "  INSERT INTO client_miss (" SPA_CLIENT_MISS_COLUMNS ") "
  SPA_CLIENT_MISS_ROWS ("rid = new.rid") ";"
  "END;"
  "CREATE TRIGGER booking_miss_update AFTER UPDATE OF id, status, status_history, starts_at,"
  "  ends_at, deleted, client_id, therapist_id, service_id ON booking"
  "  WHEN (" MISS_MATTERS ("old") " OR " MISS_MATTERS ("new") ")"
  "    AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_miss WHERE booking_id IN (old.id, new.id);"
  "  INSERT INTO client_miss (" SPA_CLIENT_MISS_COLUMNS ") "
  SPA_CLIENT_MISS_ROWS ("rid = new.rid") ";"
  "END;"
  "CREATE TRIGGER booking_miss_delete AFTER DELETE ON booking"
  "  WHEN " MISS_MATTERS ("old") " AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_miss WHERE booking_id = old.id;"
  "END;";
