/* spa-migrations-import.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include "spa-migrations.h"

/*
 * Client imports (docs/import.md): each import is one batch, undone as a whole until the
 * next import. These are the desk's own rows, not synced records: the clients an import
 * adds or merges sync as any client does, and undoing it syncs as their removal or their
 * earlier values. A merged client's fields before the import are kept (`previous`, a
 * JSON object of field → value or null) so that undo can put them back.
 */
const char spa_migration_50_sql[] =
  "CREATE TABLE import_batch ("
  "  id INTEGER PRIMARY KEY,"
  "  file_name TEXT NOT NULL,"
  "  started_at TEXT NOT NULL,"
  "  added INTEGER NOT NULL DEFAULT 0,"
  "  merged INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0,"
  "  undone_at TEXT"
  ");"
  "CREATE TABLE import_batch_client ("
  "  batch_id INTEGER NOT NULL REFERENCES import_batch (id),"
  "  client_id TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('added', 'merged')),"
  "  previous TEXT,"
  "  PRIMARY KEY (batch_id, client_id)"
  ") WITHOUT ROWID;";
