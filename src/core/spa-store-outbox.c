/* spa-store-outbox.c: the changes waiting to be sent to the spa's server
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store"

#include "config.h"

#include "spa-json.h"
#include "spa-store-private.h"

gboolean
spa_store_append_outbox (SpaStore    *self,
                         const char  *entity,
                         const char  *id,
                         const char  *op,
                         gint64       base_version,
                         JsonObject  *fields,
                         GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *now = spa_store_now_utc (self);

  stmt = spa_store_prepare (self,
                            "INSERT INTO sync_outbox (entity, record_id, op, base_version,"
                            " fields, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  if (fields != NULL)
    json_node_set_object (node, fields);
  else
    json_node_take_object (node, json_object_new ());

  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, op, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, base_version);
  sqlite3_bind_text (stmt, 5, spa_json_to_string (node), -1, g_free);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);

  return spa_store_step_done (self, stmt, error);
}

gint64
spa_store_outbox_pending (SpaStore *self)
{
  g_autoptr(SpaStmt) stmt = NULL;

  /* Kept by triggers (migration 7), so this costs the same for 5 rows or 5 million. */
  stmt = spa_store_prepare (self, "SELECT pending FROM sync_outbox_count WHERE id = 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}
