/* spa-migrations-locations.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-location-fields.h"
#include "spa-migrations.h"
#include "spa-store-private.h"

/*
 * A chain's locations. Every spa gets one location with a fixed id (no outbox row: each
 * desk and the server make the same one), and everything that has a place moves there:
 * the new columns' default is that id, so the rows already written read it, and so does
 * a record an older desk sends without the field. The column has no REFERENCES clause
 * because SQLite adds no such column with a default; validation checks the reference.
 */
const char spa_migration_60_sql[] =
  "CREATE TABLE location ("
  "  rid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
  "  name TEXT NOT NULL,"
  "  address TEXT,"
  "  time_zone TEXT,"
  "  phone TEXT,"
  "  tax_numbers TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "ALTER TABLE therapist ADD COLUMN location_id TEXT DEFAULT '" SPA_LOCATION_DEFAULT_ID "';"
  "ALTER TABLE therapist ADD COLUMN location_hours TEXT;"
  "ALTER TABLE room ADD COLUMN location_id TEXT DEFAULT '" SPA_LOCATION_DEFAULT_ID "';"
  "ALTER TABLE booking ADD COLUMN location_id TEXT DEFAULT '" SPA_LOCATION_DEFAULT_ID "';"
  /* A location's reports: its period's bookings with what a report reads (as
   * migration 30's booking_report, which leads with the start for the whole chain). */
  "CREATE INDEX booking_location_report ON booking (location_id, starts_at, status, ends_at,"
  "  client_id, therapist_id, room_id, service_id, " SPA_REPORT_CANCELLED_AT ")"
  "  WHERE deleted = 0;";

gboolean
spa_migration_60_seed (SpaStore  *store,
                       GError   **error)
{
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "INSERT INTO location (id, version, created_at, updated_at, name,"
                            " active) VALUES (?, 0, ?, ?, ?, 1)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, SPA_LOCATION_DEFAULT_ID, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  /* TRANSLATORS: the name of the spa's first location, until a manager renames it */
  sqlite3_bind_text (stmt, 4, _("Main location"), -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}
