/* spa-store-load.c: loading a whole spa with the indexes dropped, and building them after
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store"

#include "config.h"

#include <string.h>

#include "spa-migrations.h"
#include "spa-note-chain.h"
#include "spa-store-private.h"

/* A load was cut short (the app closed or crashed): spa_store_open() finishes it. */
gboolean
spa_store_load_unfinished (SpaStore *self)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self, "SELECT 1 FROM sync_state WHERE key = 'load'", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * spa_store_begin_load:
 *
 * Prepares this connection for loading a whole spa (a first sync): the secondary
 * indexes of the large tables (bookings, notes, intakes, amendments) are dropped and
 * the client search index emptied and left out of this connection's writes, to be
 * built once, sorted, by spa_store_end_load(). Kept row by row on random keys they
 * were most of the time of the load. Until then other connections read those tables
 * without their indexes. The indexes' SQL is kept in the database, so that the next
 * spa_store_open() finishes a load that was cut short (a connection opened during a
 * load finishes it early: still correct, as spa_store_end_load() rebuilds the search
 * index from every client whatever happened meanwhile, only slower).
 */
gboolean
spa_store_begin_load (SpaStore  *self,
                      GError   **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(SpaStmt) stmt = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);

  if (!spa_store_begin (self, error))
    return FALSE;

  stmt = spa_store_prepare (self,
                            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                            " AND tbl_name IN ('booking', 'session_note', 'intake', 'note_amendment')"
                            " ORDER BY name",
                            error);
  if (stmt == NULL)
    goto failed;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      g_string_append_printf (note, "%s;\n", (const char *)sqlite3_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, spa_stmt_release);

  /* A load already unfinished keeps the SQL of what it dropped. */
  stmt = spa_store_prepare (self,
                            "INSERT INTO sync_state (key, value) VALUES ('load', ?)"
                            " ON CONFLICT (key) DO UPDATE SET value = value || excluded.value",
                            error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, note->str, -1, SQLITE_STATIC);
  if (!spa_store_step_done (self, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, spa_stmt_release);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX \"%s\"", (const char *)names->pdata[i]);

      if (!spa_store_exec (self, sql, error))
        goto failed;
    }
  if (!spa_store_exec (self, "DELETE FROM client_fts; DELETE FROM client_prefix;", error) ||
      !spa_store_commit (self, error))
    goto failed;

  self->search_deferred = TRUE;
  return TRUE;

failed:
  g_clear_pointer (&stmt, spa_stmt_release);
  spa_store_rollback (self);
  return FALSE;
}

/* One step of spa_store_end_load(), its own transaction. */
static gboolean
exec_in_transaction (SpaStore    *self,
                     const char  *sql,
                     GError     **error)
{
  if (!spa_store_begin (self, error))
    return FALSE;
  if (!spa_store_exec (self, sql, error) || !spa_store_commit (self, error))
    {
      spa_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * spa_store_end_load:
 *
 * Builds what spa_store_begin_load() left out: each index, the clients' first visits,
 * the money reports' sale lines and payments, then the client search index, each step
 * its own transaction (every step can be run again), so that the app's own saves wait
 * for one step at most.
 */
gboolean
spa_store_end_load (SpaStore  *self,
                    GError   **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_auto(GStrv) statements = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);

  stmt = spa_store_prepare (self, "SELECT value FROM sync_state WHERE key = 'load'", error);
  if (stmt == NULL)
    return FALSE;
  statements = g_strsplit (sqlite3_step (stmt) == SQLITE_ROW ? (const char *)sqlite3_column_text (stmt, 0) : "",
                           ";\n", -1);
  g_clear_pointer (&stmt, spa_stmt_release);

  for (guint i = 0; statements[i] != NULL; i++)
    {
      g_autofree char *sql = NULL;

      if (g_strstrip (statements[i])[0] == '\0')
        continue;
      /* Again after a cut-short end: what was built stays. */
      if (g_str_has_prefix (statements[i], "CREATE INDEX ") &&
          strstr (statements[i], " IF NOT EXISTS ") == NULL)
        sql = g_strconcat ("CREATE INDEX IF NOT EXISTS ", statements[i] + strlen ("CREATE INDEX "), NULL);
      else
        sql = g_strdup (statements[i]);
      if (!exec_in_transaction (self, sql, error))
        return FALSE;
    }

  if (!exec_in_transaction (self,
                            /* Its triggers skipped the load (migration 31). */
                            "DELETE FROM client_first_visit;"
                            "INSERT INTO client_first_visit (client_id, first_visit)"
                            "  SELECT client_id, min (starts_at) FROM booking"
                            "  WHERE deleted = 0 AND status IN ('completed', 'checked_in')"
                            "    AND client_id IS NOT NULL"
                            "  GROUP BY client_id;",
                            error) ||
      /* Migrations 33's and 34's triggers skipped them too. */
      !exec_in_transaction (self, SPA_SALE_LINE_REBUILD, error) ||
      !exec_in_transaction (self, SPA_SALE_PAYMENT_REBUILD, error) ||
      /* And migration 52's, after them. */
      !exec_in_transaction (self, SPA_SALE_HOUR_REBUILD, error) ||
      /* And migration 53's. */
      !exec_in_transaction (self, SPA_SALE_DAY_REBUILD, error) ||
      /* Migration 54's skipped it too. */
      !exec_in_transaction (self, SPA_CLIENT_RETURN_REBUILD, error) ||
      /* And migrations 55's and 56's (after client_first_visit). */
      !exec_in_transaction (self, SPA_CLIENT_VISIT_REBUILD, error) ||
      !exec_in_transaction (self, SPA_CLIENT_MISS_REBUILD, error) ||
      !exec_in_transaction (self,
                            "DELETE FROM client_fts;"
                            "INSERT INTO client_fts (rowid, name, email, phone)"
                            "  SELECT rid, spa_search_names (first_name, last_name, preferred_name),"
                            "    email, spa_phone_tokens (phone)"
                            "  FROM client ORDER BY rid;"
                            /* One segment: left as the bulk insert made them, the first
                             * small updates afterwards merged into large segments, 15 to
                             * 35 ms each on 100 000 clients. */
                            "INSERT INTO client_fts (client_fts) VALUES ('optimize');",
                            error) ||
      !exec_in_transaction (self,
                            "DELETE FROM client_prefix;"
                            "INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
                            "  SELECT p.value, spa_sort_key (c.last_name, c.first_name), c.rid"
                            "  FROM client c, json_each (spa_search_prefixes (c.first_name, c.last_name,"
                            "                                                 c.preferred_name, c.email)) p"
                            "  ORDER BY 1, 2, 3;"
                            "DELETE FROM sync_state WHERE key = 'load';",
                            error))
    return FALSE;
  if (self->schema_version >= 45)
    {
      if (!spa_store_begin (self, error))
        return FALSE;
      if (!spa_note_chain_catch_up (self, error))
        {
          spa_store_rollback (self);
          return FALSE;
        }
      if (!spa_store_commit (self, error))
        return FALSE;
    }

  self->search_deferred = FALSE;
  return TRUE;
}

/**
 * spa_store_configure_for_pull:
 *
 * Sets up a connection of its own for a pull of many pages. Pages may name records a
 * later page brings: no foreign keys on this connection. What it writes is on the
 * server too, so a commit need not wait for the disk (in WAL mode a power cut may lose
 * the last transactions, each with its cursor, never corrupt the database); the app's
 * own saves keep synchronous = FULL. A larger page cache than the app's, for
 * transactions of many pages; freed when the connection is.
 */
gboolean
spa_store_configure_for_pull (SpaStore  *self,
                              GError   **error)
{
  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);

  return spa_store_exec (self,
                         "PRAGMA foreign_keys = OFF;"
                         "PRAGMA synchronous = NORMAL;"
                         "PRAGMA cache_size = -131072;",
                         error);
}
