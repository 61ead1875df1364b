/* spa-migrations-plans.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include "spa-migrations.h"

/*
 * Treatment plans (docs/treatment-plans.md): the visits of one plan share a
 * `series_id`, a synced booking field (a UUID made by the desk that books the plan), so
 * "this and the following" finds the same visits on every desk and the server. A booking
 * that is not part of a plan keeps it NULL, and so does one an older desk sends.
 */
const char spa_migration_42_sql[] =
  "ALTER TABLE booking ADD COLUMN series_id TEXT;"
  "CREATE INDEX booking_series ON booking (series_id, starts_at) WHERE series_id IS NOT NULL;";

/*
 * The waitlist (docs/waitlist.md): a client who wants a time that is taken, for a
 * service, maybe one therapist, on some weekdays between two times of day, until a day.
 * A synced record like a booking, so every desk and the server see the same list in the
 * same order (created_at, then id).
 */
const char spa_migration_43_sql[] =
  "CREATE TABLE waitlist_entry ("
  "  rid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
  "  client_id TEXT NOT NULL REFERENCES client (id) DEFERRABLE INITIALLY DEFERRED,"
  "  service_id TEXT NOT NULL REFERENCES service (id) DEFERRABLE INITIALLY DEFERRED,"
  "  therapist_id TEXT REFERENCES therapist (id) DEFERRABLE INITIALLY DEFERRED,"
  "  days TEXT,"
  "  earliest TEXT,"
  "  latest TEXT,"
  "  until TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'waiting',"
  "  booking_id TEXT REFERENCES booking (id) DEFERRABLE INITIALLY DEFERRED,"
  "  notes TEXT"
  ");"
  "CREATE INDEX waitlist_entry_waiting ON waitlist_entry (service_id, created_at, id)"
  "  WHERE deleted = 0 AND status = 'waiting';"
  "CREATE INDEX waitlist_entry_client ON waitlist_entry (client_id);";
