/* spa-store-import.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store-import"

#include "config.h"

#include <string.h>

#include "spa-store-import.h"
#include "spa-store-private.h"

void
spa_import_batch_client_free (SpaImportBatchClient *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->client_id);
  g_free (entry->previous);
  g_free (entry);
}

static const char *
column_text (SpaStmt *stmt,
             int      column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

/**
 * spa_store_import_client_keys:
 * @func: called with every client's id and the fields duplicates are found by
 *
 * One pass over the clients (archived ones too: a client who left and comes back is
 * still a duplicate), so that a whole file's rows are matched in memory.
 */
gboolean
spa_store_import_client_keys (SpaStore                *store,
                              SpaImportClientKeyFunc   func,
                              gpointer                 user_data,
                              GError                 **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  int rc;

  stmt = spa_store_prepare (store,
                            "SELECT id, email, phone, first_name, last_name, date_of_birth"
                            " FROM client WHERE deleted = 0",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
          column_text (stmt, 3), column_text (stmt, 4), column_text (stmt, 5), user_data);

  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

/**
 * spa_store_import_begin_batch:
 *
 * Records a new import; from now on it is the one undo acts on.
 *
 * Returns: the batch's id, or 0 with @error set
 */
gint64
spa_store_import_begin_batch (SpaStore    *store,
                              const char  *file_name,
                              GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *now = spa_store_now_utc (store);

  stmt = spa_store_prepare (store,
                            "INSERT INTO import_batch (file_name, started_at) VALUES (?, ?)",
                            error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, file_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!spa_store_step_done (store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (spa_store_get_db (store));
}

/**
 * spa_store_import_find_in_batch:
 * @added: (out): whether the batch added the client (else merged into it)
 * @previous: (out) (transfer full) (nullable): what a merge changed, as JSON
 *
 * Returns: whether the batch holds the client
 */
gboolean
spa_store_import_find_in_batch (SpaStore    *store,
                                gint64       batch_id,
                                const char  *client_id,
                                gboolean    *added,
                                char       **previous)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "SELECT action = 'added', previous FROM import_batch_client"
                            " WHERE batch_id = ? AND client_id = ?",
                            NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *added = sqlite3_column_int (stmt, 0);
  *previous = g_strdup (column_text (stmt, 1));
  return TRUE;
}

/**
 * spa_store_import_add_to_batch:
 * @previous: (nullable): what a merge changed, as JSON
 *
 * Records a client the batch added or merged, or what a merge changed again.
 */
gboolean
spa_store_import_add_to_batch (SpaStore    *store,
                               gint64       batch_id,
                               const char  *client_id,
                               gboolean     added,
                               const char  *previous,
                               GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "INSERT OR REPLACE INTO import_batch_client"
                            " (batch_id, client_id, action, previous) VALUES (?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_text (stmt, 2, client_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, added ? "added" : "merged", -1, SQLITE_STATIC);
  if (previous != NULL)
    sqlite3_bind_text (stmt, 4, previous, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  return spa_store_step_done (store, stmt, error);
}

gboolean
spa_store_import_count_batch (SpaStore    *store,
                              gint64       batch_id,
                              guint        added,
                              guint        merged,
                              guint        skipped,
                              GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "UPDATE import_batch SET added = ?, merged = ?, skipped = ?"
                            " WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, added);
  sqlite3_bind_int64 (stmt, 2, merged);
  sqlite3_bind_int64 (stmt, 3, skipped);
  sqlite3_bind_int64 (stmt, 4, batch_id);
  return spa_store_step_done (store, stmt, error);
}

/**
 * spa_store_import_last_batch:
 * @file_name: (out) (optional) (transfer full): the imported file's name
 *
 * The import undo would act on: the latest one, unless it was undone already.
 *
 * Returns: its id, or 0 when there is nothing to undo
 */
gint64
spa_store_import_last_batch (SpaStore  *store,
                             char     **file_name,
                             guint     *added,
                             guint     *merged,
                             guint     *skipped)
{
  g_autoptr(SpaStmt) stmt = NULL;
  gint64 id = 0;

  stmt = spa_store_prepare (store,
                            "SELECT id, file_name, added, merged, skipped, undone_at IS NULL"
                            " FROM import_batch ORDER BY id DESC LIMIT 1",
                            NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW || !sqlite3_column_int (stmt, 5))
    return 0;

  id = sqlite3_column_int64 (stmt, 0);
  if (file_name != NULL)
    *file_name = g_strdup (column_text (stmt, 1));
  if (added != NULL)
    *added = sqlite3_column_int (stmt, 2);
  if (merged != NULL)
    *merged = sqlite3_column_int (stmt, 3);
  if (skipped != NULL)
    *skipped = sqlite3_column_int (stmt, 4);
  return id;
}

/**
 * spa_store_import_batch_clients:
 *
 * Returns: (transfer full) (element-type SpaImportBatchClient): the clients the batch
 *   added or merged
 */
GPtrArray *
spa_store_import_batch_clients (SpaStore    *store,
                                gint64       batch_id,
                                GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(SpaStmt) stmt = NULL;
  int rc;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)spa_import_batch_client_free);
  stmt = spa_store_prepare (store,
                            "SELECT client_id, action = 'added', previous FROM import_batch_client"
                            " WHERE batch_id = ?",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, batch_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaImportBatchClient *entry = g_new0 (SpaImportBatchClient, 1);

      entry->client_id = g_strdup (column_text (stmt, 0));
      entry->added = sqlite3_column_int (stmt, 1);
      entry->previous = g_strdup (column_text (stmt, 2));
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gboolean
spa_store_import_mark_undone (SpaStore    *store,
                              gint64       batch_id,
                              GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *now = spa_store_now_utc (store);

  stmt = spa_store_prepare (store, "UPDATE import_batch SET undone_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, batch_id);
  return spa_store_step_done (store, stmt, error);
}

/**
 * spa_store_import_add_client:
 * @client: a new client, already validated (the import's own check)
 *
 * Writes a new client as spa_store_save() would (its timestamps, the row, an outbox
 * entry with the same fields, the change announced after the commit) and records it in
 * the batch, without validating it a second time, through one cached insert per set of
 * columns that also sets the client's `sort_key` (so that migration 8's trigger need
 * not update the row just written). Inside the caller's transaction
 * (spa_store_begin_bulk()): on failure the caller rolls it back.
 */
gboolean
spa_store_import_add_client (SpaStore    *store,
                             SpaRecord   *client,
                             gint64       batch_id,
                             GError     **error)
{
  const SpaEntityInfo *info = spa_record_get_entity_info (client);
  JsonObject *fields = spa_record_get_fields (client);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *now = NULL;
  g_autofree char *sort_key = NULL;
  g_autofree char *old_created = NULL;
  g_autofree char *old_updated = NULL;
  const char *sql;
  guint64 mask = 0;
  int n;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (store->depth > 0, FALSE);
  g_return_val_if_fail (g_str_equal (info->name, "client"), FALSE);
  g_return_val_if_fail (!spa_record_is_stored (client), FALSE);
  g_assert (info->n_fields <= 64);

  for (guint i = 0; i < info->n_fields; i++)
    if (json_object_has_member (fields, info->fields[i].name))
      mask |= G_GUINT64_CONSTANT (1) << i;

  sql = spa_store_row_sql (store, info, FALSE, mask, "sort_key");
  stmt = spa_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  now = spa_store_now_utc (store);
  old_created = g_strdup (spa_record_get_created_at (client));
  old_updated = g_strdup (spa_record_get_updated_at (client));
  spa_record_set_timestamps (client, old_created ? old_created : now, now);
  sort_key = spa_store_client_sort_key (spa_record_get_string (client, "last_name"),
                                        spa_record_get_string (client, "first_name"));

  sqlite3_bind_int64 (stmt, 1, spa_record_get_version (client));
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, spa_record_get_deleted (client));
  n = 4;
  for (guint i = 0; i < info->n_fields; i++)
    if (mask & (G_GUINT64_CONSTANT (1) << i))
      spa_store_bind_field (stmt, n++, &info->fields[i],
                            json_object_get_member (fields, info->fields[i].name));
  sqlite3_bind_text (stmt, n++, spa_record_get_id (client), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, n++, spa_record_get_created_at (client), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, n, sort_key, -1, SQLITE_TRANSIENT);

  if (!spa_store_step_done (store, stmt, error) ||
      !spa_store_append_outbox (store, info->name, spa_record_get_id (client), "upsert",
                                spa_record_get_version (client), fields, error) ||
      !spa_store_import_add_to_batch (store, batch_id, spa_record_get_id (client), TRUE, NULL,
                                      error))
    {
      spa_record_set_timestamps (client, old_created, old_updated);
      return FALSE;
    }

  spa_store_record_saved (store, client);
  return TRUE;
}

/**
 * spa_store_import_defer_search:
 *
 * Leaves the client search index out of this connection's writes of new clients until
 * spa_store_import_index_batch() adds the batch's clients to it, sorted, in one go:
 * kept row by row it is most of the time of a large import (the search triggers cost
 * about 250 µs a client). The index keeps the clients it had meanwhile, so other
 * connections still find them. Recorded as an unfinished load, so that the next
 * spa_store_open() builds the whole index if the import is cut short.
 */
gboolean
spa_store_import_defer_search (SpaStore  *store,
                               GError   **error)
{
  if (!spa_store_exec (store,
                       "INSERT INTO sync_state (key, value) VALUES ('load', '')"
                       " ON CONFLICT (key) DO NOTHING",
                       error))
    return FALSE;
  store->search_deferred = TRUE;
  return TRUE;
}

/**
 * spa_store_import_keep_search:
 * @keep: whether this connection's writes keep the search index (a merged client's,
 *   whose index rows are there already) or leave it for spa_store_import_index_batch()
 */
void
spa_store_import_keep_search (SpaStore *store,
                              gboolean  keep)
{
  store->search_deferred = !keep;
}

/* One new client's words for client_prefix, its strings in a GStringChunk. */
typedef struct
{
  const char *texts[4];       /* first, last and preferred names, e-mail */
  const char *sort_key;
  gint64      rid;
} PrefixClient;

/* A row of client_prefix under its prefix. */
typedef struct
{
  const char *sort_key;
  gint64      rid;
} PrefixEntry;

/* The batch's rows of client_prefix, made on a thread of their own while the
 * connection's thread fills client_fts. The clients come in the index's order
 * (sort key, then rid), so each prefix's rows are in that order as they are added
 * and only the distinct prefixes need a sort. */
typedef struct
{
  GArray       *clients;      /* PrefixClient, by (sort_key, rid) */
  GStringChunk *strings;
  GHashTable   *entries;      /* prefix → GArray of PrefixEntry */
  GPtrArray    *prefixes;     /* the keys of entries, sorted */
  const PrefixClient *client; /* the one being split */
} PrefixIndex;

static void
prefix_index_clear (PrefixIndex *index)
{
  g_clear_pointer (&index->clients, g_array_unref);
  g_clear_pointer (&index->strings, g_string_chunk_free);
  g_clear_pointer (&index->entries, g_hash_table_unref);
  g_clear_pointer (&index->prefixes, g_ptr_array_unref);
}

static void
add_prefix_entry (const char *prefix,
                  gsize       length,
                  gpointer    data)
{
  PrefixIndex *index = data;
  PrefixEntry entry = { index->client->sort_key, index->client->rid };
  char word[32];
  GArray *entries;

  /* Four characters of UTF-8 are at most 16 bytes. */
  g_return_if_fail (length < sizeof word);
  memcpy (word, prefix, length);
  word[length] = '\0';
  entries = g_hash_table_lookup (index->entries, word);
  if (entries == NULL)
    {
      entries = g_array_new (FALSE, FALSE, sizeof (PrefixEntry));
      g_hash_table_insert (index->entries, g_strdup (word), entries);
    }
  /* A word's prefix met twice in one client (two words, or name and e-mail). */
  else if (g_array_index (entries, PrefixEntry, entries->len - 1).rid == entry.rid)
    return;
  g_array_append_val (entries, entry);
}

/* SQLite's order for the prefixes (BINARY text compares bytes, then lengths). */
static int
compare_prefixes (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static gpointer
prefix_index_make (gpointer data)
{
  PrefixIndex *index = data;
  GHashTableIter iter;
  gpointer prefix;

  for (guint i = 0; i < index->clients->len; i++)
    {
      index->client = &g_array_index (index->clients, PrefixClient, i);
      spa_store_search_prefixes_foreach (index->client->texts, G_N_ELEMENTS (index->client->texts),
                                         add_prefix_entry, index);
    }
  g_hash_table_iter_init (&iter, index->entries);
  while (g_hash_table_iter_next (&iter, &prefix, NULL))
    g_ptr_array_add (index->prefixes, prefix);
  g_ptr_array_sort (index->prefixes, compare_prefixes);
  return NULL;
}

/* The batch's new clients, in client_prefix's order, for prefix_index_make(). */
static gboolean
prefix_index_read (PrefixIndex *index,
                   SpaStore    *store,
                   gint64       batch_id,
                   GError     **error)
{
  g_autoptr(SpaStmt) read = NULL;
  int rc;

  index->clients = g_array_new (FALSE, FALSE, sizeof (PrefixClient));
  index->strings = g_string_chunk_new (1 << 16);
  index->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_array_unref);
  index->prefixes = g_ptr_array_new ();
  read = spa_store_prepare (store,
                            "SELECT c.first_name, c.last_name, c.preferred_name, c.email,"
                            "  c.sort_key, c.rid"
                            " FROM import_batch_client b JOIN client c ON c.id = b.client_id"
                            " WHERE b.batch_id = ? AND b.action = 'added'"
                            " ORDER BY c.sort_key, c.rid",
                            error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, batch_id);
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      PrefixClient client;
      const char *sort_key = (const char *)sqlite3_column_text (read, 4);

      for (int i = 0; i < 4; i++)
        {
          const char *text = (const char *)sqlite3_column_text (read, i);

          client.texts[i] = text != NULL ? g_string_chunk_insert (index->strings, text) : NULL;
        }
      client.sort_key = g_string_chunk_insert_const (index->strings, sort_key ? sort_key : "");
      client.rid = sqlite3_column_int64 (read, 5);
      g_array_append_val (index->clients, client);
    }
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      return FALSE;
    }
  return TRUE;
}

/* Writes what prefix_index_make() made, in the index's order, through one statement. */
static gboolean
prefix_index_write (PrefixIndex *index,
                    SpaStore    *store,
                    GError     **error)
{
  g_autoptr(SpaStmt) write = spa_store_prepare (store,
                                                "INSERT OR IGNORE INTO client_prefix"
                                                " (prefix, sort_key, rid) VALUES (?, ?, ?)",
                                                error);

  if (write == NULL)
    return FALSE;
  for (guint i = 0; i < index->prefixes->len; i++)
    {
      const char *prefix = g_ptr_array_index (index->prefixes, i);
      GArray *entries = g_hash_table_lookup (index->entries, prefix);

      for (guint j = 0; j < entries->len; j++)
        {
          const PrefixEntry *entry = &g_array_index (entries, PrefixEntry, j);

          sqlite3_bind_text (write, 1, prefix, -1, SQLITE_STATIC);
          sqlite3_bind_text (write, 2, entry->sort_key, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (write, 3, entry->rid);
          if (!spa_store_step_done (store, write, error))
            return FALSE;
          sqlite3_reset (write);
        }
    }
  return TRUE;
}

/**
 * spa_store_import_index_batch:
 *
 * Adds the clients a batch added to the search index (FTS5 and `client_prefix`, as the
 * triggers of migrations 8 and 9 would have), in one transaction, and ends the
 * deferral spa_store_import_defer_search() started.
 */
gboolean
spa_store_import_index_batch (SpaStore  *store,
                              gint64     batch_id,
                              GError   **error)
{
  static const char fts_sql[] =
    "INSERT INTO client_fts (rowid, name, email, phone)"
    "  SELECT c.rid, spa_search_names (c.first_name, c.last_name, c.preferred_name),"
    "    c.email, spa_phone_tokens (c.phone)"
    "  FROM import_batch_client b JOIN client c ON c.id = b.client_id"
    "  WHERE b.batch_id = ? AND b.action = 'added' ORDER BY c.rid";

  PrefixIndex index = { NULL, };
  GThread *maker = NULL;
  g_autoptr(SpaStmt) fts = NULL;
  gboolean ok;

  store->search_deferred = FALSE;
  if (!spa_store_begin (store, error))
    return FALSE;
  /* The prefix rows are made (CPU only, no SQLite) while the connection fills client_fts:
   * on 100 000 clients each takes about a second. */
  ok = prefix_index_read (&index, store, batch_id, error);
  if (ok)
    maker = g_thread_try_new ("spa-import-prefixes", prefix_index_make, &index, NULL);
  if (ok && maker == NULL)
    prefix_index_make (&index);
  ok = ok && (fts = spa_store_prepare (store, fts_sql, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (fts, 1, batch_id);
      ok = spa_store_step_done (store, fts, error);
    }
  if (maker != NULL)
    g_thread_join (maker);
  ok = ok && prefix_index_write (&index, store, error);
  prefix_index_clear (&index);
  /* Only the import's own mark: a first sync cut short keeps its own. */
  if (ok && spa_store_exec (store, "DELETE FROM sync_state WHERE key = 'load' AND value = ''",
                            error))
    return spa_store_commit (store, error);

  spa_store_rollback (store);
  return FALSE;
}
