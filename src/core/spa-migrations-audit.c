/* spa-migrations-audit.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include "spa-migrations.h"

/*
 * The audit trail (spa-audit.c, docs/audit.md). Append-only in the database itself: an
 * UPDATE that changes what an event says (or marks it deleted) and any DELETE abort, on
 * the desk and on the server's SQLite database alike, whatever writes them (the store, a
 * bug, or sqlite3 by hand). The version and the timestamps the sync path writes back
 * stay writable, so that the event's own copy coming back on a pull applies.
 */
const char spa_migration_51_sql[] =
  "CREATE TABLE audit_event ("
  "  rid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted = 0),"
  "  occurred_at TEXT NOT NULL,"
  "  actor_id TEXT,"
  "  actor_name TEXT,"
  "  desk_id TEXT NOT NULL,"
  "  client_id TEXT,"
  "  action TEXT NOT NULL,"
  "  detail TEXT"
  ");"
  "CREATE INDEX audit_event_client ON audit_event (client_id, occurred_at)"
  "  WHERE client_id IS NOT NULL;"
  "CREATE INDEX audit_event_actor ON audit_event (actor_id, occurred_at)"
  "  WHERE actor_id IS NOT NULL;"
  "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event"
  "  WHEN OLD.id IS NOT NEW.id OR OLD.deleted IS NOT NEW.deleted"
  "    OR OLD.occurred_at IS NOT NEW.occurred_at OR OLD.actor_id IS NOT NEW.actor_id"
  "    OR OLD.actor_name IS NOT NEW.actor_name OR OLD.desk_id IS NOT NEW.desk_id"
  "    OR OLD.client_id IS NOT NEW.client_id OR OLD.action IS NOT NEW.action"
  "    OR OLD.detail IS NOT NEW.detail"
  "  BEGIN SELECT RAISE (ABORT, 'audit events cannot be changed'); END;"
  "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event"
  "  BEGIN SELECT RAISE (ABORT, 'audit events cannot be deleted'); END;";
