/* spa-store-chain.c: the tamper-evident chain of signed clinical records
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store-chain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "spa-entity.h"
#include "spa-error.h"
#include "spa-note-chain.h"
#include "spa-store-private.h"
#include "spa-util.h"

/*
 * Every signed session note and every amendment, as this database holds it, is a link
 * of `note_chain` (migration 45), in the order this database received them: the
 * SHA-256 of the record's content, and the SHA-256 of the previous link's hash with
 * this record's. Whoever edits a signed note's row with sqlite3, or a link, or deletes
 * one, breaks the chain at that record, and spa_note_chain_verify() names it. A desk
 * chains what it signs and what it pulls; the spa server chains what it accepts, in
 * its own order. When a signed record comes back changed through the store (the
 * server's copy names its signer), a new link records the new content: the chain
 * keeps each version a signed record had.
 *
 * The content is the record's columns but the sync bookkeeping (rid, version,
 * created_at, updated_at, deleted) that are not NULL, sorted by name, one line each: the
 * name, a tab, its SQLite type (int, real, text), a tab, the value (text with backslash, tab,
 * line feed and carriage return written \\ \t \n \r), a line feed; after a first line
 * `spa-desk-record-v1` and a line with the table's name. docs/records-integrity.md has
 * a short script that checks a database with Python's sqlite3 and hashlib alone.
 */

static const char * const chained[] = { "session_note", "note_amendment", NULL };

void
spa_note_chain_break_free (SpaNoteChainBreak *self)
{
  if (self == NULL)
    return;
  g_free (self->entity);
  g_free (self->record_id);
  g_free (self->reason);
  g_free (self);
}

/**
 * spa_note_chain_holds:
 *
 * Returns: whether @record belongs in the chain: a signed session note, or an
 *   amendment
 */
gboolean
spa_note_chain_holds (SpaRecord *record)
{
  const char *entity = spa_record_get_entity (record);

  /* The record written holds every field (a save, a pull or a push merges into the
   * whole record), so a draft's autosave costs no query here. */
  if (g_str_equal (entity, "note_amendment"))
    return TRUE;
  return g_str_equal (entity, "session_note") &&
         !spa_str_empty (spa_record_get_string (record, "signed_at"));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
append_escaped (GString    *out,
                const char *text,
                int         length)
{
  for (int i = 0; i < length; i++)
    switch (text[i])
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\t': g_string_append (out, "\\t"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      default: g_string_append_c (out, text[i]);
      }
}

/**
 * spa_note_chain_content_hash:
 * @entity: `session_note` or `note_amendment`
 *
 * Returns: (transfer full) (nullable): the SHA-256 (hex) of the record's content as
 *   the database holds it, %NULL with @error when it is not there
 */
char *
spa_note_chain_content_hash (SpaStore    *store,
                             const char  *entity,
                             const char  *id,
                             GError     **error)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GString) content = g_string_new ("spa-desk-record-v1\n");
  g_autoptr(SpaStmt) stmt = NULL;

  g_return_val_if_fail (info != NULL && g_strv_contains (chained, entity), NULL);

  g_ptr_array_add (names, (gpointer)"id");
  for (guint i = 0; i < info->n_fields; i++)
    g_ptr_array_add (names, (gpointer)info->fields[i].name);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", (const char *)names->pdata[i]);
  g_string_append_printf (sql, " FROM %s WHERE id = ?", entity);

  stmt = spa_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                   _("The record %s is not in the database."), id);
      return NULL;
    }

  g_string_append_printf (content, "%s\n", entity);
  for (guint i = 0; i < names->len; i++)
    {
      /* An empty column is left out, so a column a later migration adds (empty on
       * every signed record) changes no record's hash. */
      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        continue;
      g_string_append_printf (content, "%s\t", (const char *)names->pdata[i]);
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          g_string_append_printf (content, "int\t%" G_GINT64_FORMAT,
                                  (gint64)sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          {
            char number[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append_printf (content, "real\t%s",
                                    g_ascii_dtostr (number, sizeof number,
                                                    sqlite3_column_double (stmt, i)));
          }
          break;
        default:
          g_string_append (content, "text\t");
          append_escaped (content, (const char *)sqlite3_column_text (stmt, i),
                          sqlite3_column_bytes (stmt, i));
          break;
        }
      g_string_append_c (content, '\n');
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, content->str, content->len);
}

/**
 * spa_note_chain_link_hash:
 * @previous: the previous link's hash, or %SPA_NOTE_CHAIN_START for the first
 *
 * Returns: (transfer full): the link's hash (hex)
 */
char *
spa_note_chain_link_hash (const char *previous,
                          const char *entity,
                          const char *id,
                          const char *content_hash)
{
  g_autofree char *text = g_strdup_printf ("%s\n%s\n%s\n%s\n", previous, entity, id,
                                           content_hash);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* The last link's hash, and the content hash of @id's last link (NULL if none). */
static gboolean
read_last (SpaStore    *store,
           const char  *entity,
           const char  *id,
           char       **last_link,
           char       **last_content,
           GError     **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store,
      "SELECT chain_hash FROM note_chain ORDER BY seq DESC LIMIT 1", error);

  if (stmt == NULL)
    return FALSE;
  *last_link = g_strdup (sqlite3_step (stmt) == SQLITE_ROW
                         ? (const char *)sqlite3_column_text (stmt, 0) : SPA_NOTE_CHAIN_START);
  g_clear_pointer (&stmt, spa_stmt_release);

  stmt = spa_store_prepare (store,
                            "SELECT content_hash FROM note_chain WHERE entity = ? AND record_id = ?"
                            " ORDER BY seq DESC LIMIT 1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  *last_content = sqlite3_step (stmt) == SQLITE_ROW
                  ? g_strdup ((const char *)sqlite3_column_text (stmt, 0)) : NULL;
  return TRUE;
}

/**
 * spa_note_chain_add:
 *
 * Links the record as the database now holds it (a session note only once signed),
 * unless its last link has this very content. Call it in the transaction that wrote
 * the record.
 */
gboolean
spa_note_chain_add (SpaStore    *store,
                    const char  *entity,
                    const char  *id,
                    GError     **error)
{
  g_autofree char *content = NULL;
  g_autofree char *last_link = NULL;
  g_autofree char *last_content = NULL;
  g_autofree char *link = NULL;
  g_autofree char *now = NULL;
  g_autoptr(SpaStmt) stmt = NULL;

  if (g_str_equal (entity, "session_note"))
    {
      gboolean is_signed;

      stmt = spa_store_prepare (store,
                                "SELECT 1 FROM session_note WHERE id = ?"
                                " AND signed_at IS NOT NULL AND signed_at != ''",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      is_signed = sqlite3_step (stmt) == SQLITE_ROW;
      g_clear_pointer (&stmt, spa_stmt_release);
      if (!is_signed)
        return TRUE;
    }

  content = spa_note_chain_content_hash (store, entity, id, error);
  if (content == NULL || !read_last (store, entity, id, &last_link, &last_content, error))
    return FALSE;
  if (g_strcmp0 (content, last_content) == 0)
    return TRUE;

  link = spa_note_chain_link_hash (last_link, entity, id, content);
  now = spa_store_now_utc (store);
  stmt = spa_store_prepare (store,
                            "INSERT INTO note_chain (entity, record_id, content_hash, chain_hash,"
                            " chained_at) VALUES (?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, content, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, link, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

/* The signed records of @entity that have no link yet, oldest first. */
static GPtrArray *
unchained (SpaStore    *store,
           const char  *entity,
           GError     **error)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT id FROM %s t WHERE %s NOT EXISTS (SELECT 1 FROM note_chain c"
                         "   WHERE c.entity = '%s' AND c.record_id = t.id)"
                         " ORDER BY %s, rid",
                         entity,
                         g_str_equal (entity, "session_note")
                         ? "signed_at IS NOT NULL AND signed_at != '' AND" : "",
                         entity,
                         g_str_equal (entity, "session_note") ? "signed_at" : "created_at");
  return spa_store_query_texts (store, sql, NULL, error);
}

/**
 * spa_note_chain_catch_up:
 *
 * Links every signed note and amendment that has no link yet, notes first, each
 * in the order it was signed or written: after the migration that made the chain
 * and after a whole spa was loaded at once. Call it in a transaction.
 */
gboolean
spa_note_chain_catch_up (SpaStore  *store,
                         GError   **error)
{
  for (guint e = 0; chained[e] != NULL; e++)
    {
      g_autoptr(GPtrArray) ids = unchained (store, chained[e], error);

      if (ids == NULL)
        return FALSE;
      for (guint i = 0; i < ids->len; i++)
        if (!spa_note_chain_add (store, chained[e], ids->pdata[i], error))
          return FALSE;
    }
  return TRUE;
}

static void
add_break (GPtrArray  *breaks,
           gint64      seq,
           const char *entity,
           const char *id,
           char       *reason)
{
  SpaNoteChainBreak *b = g_new0 (SpaNoteChainBreak, 1);

  b->seq = seq;
  b->entity = g_strdup (entity);
  b->record_id = g_strdup (id);
  b->reason = reason;
  g_ptr_array_add (breaks, b);
}

/**
 * spa_note_chain_verify:
 * @n_links: (out) (optional): how many links the chain has
 * @n_records: (out) (optional): how many signed records were checked
 *
 * Walks the chain from its first link and checks each record against its last link.
 *
 * Returns: (transfer container) (element-type SpaNoteChainBreak): every break, in
 *   chain order (empty when all is intact); %NULL with @error if it cannot be read
 */
GPtrArray *
spa_note_chain_verify (SpaStore  *store,
                       guint     *n_links,
                       guint     *n_records,
                       GError   **error)
{
  g_autoptr(GPtrArray) breaks = g_ptr_array_new_with_free_func (
      (GDestroyNotify)spa_note_chain_break_free);
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) last_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          NULL);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *previous = g_strdup (SPA_NOTE_CHAIN_START);
  guint links = 0;
  guint records = 0;
  int rc;

  stmt = spa_store_prepare (store,
                            "SELECT seq, entity, record_id, content_hash, chain_hash"
                            " FROM note_chain ORDER BY seq",
                            error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *entity = (const char *)sqlite3_column_text (stmt, 1);
      const char *id = (const char *)sqlite3_column_text (stmt, 2);
      const char *content = (const char *)sqlite3_column_text (stmt, 3);
      const char *link = (const char *)sqlite3_column_text (stmt, 4);
      g_autofree char *expected = NULL;
      char number[24];

      links++;
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, seq);
      if (entity == NULL || id == NULL || content == NULL || link == NULL ||
          !g_strv_contains (chained, entity))
        {
          add_break (breaks, seq, entity ? entity : "", id ? id : "",
                     g_strdup_printf (_("Link %s of the record chain is damaged."), number));
          continue;
        }
      expected = spa_note_chain_link_hash (previous, entity, id, content);
      if (!g_str_equal (expected, link))
        add_break (breaks, seq, entity, id,
                   g_strdup_printf (_("The record chain breaks at link %s: a link was "
                                      "changed, removed or inserted."),
                                    number));
      g_free (previous);
      previous = g_strdup (link);
      g_hash_table_insert (last, g_strconcat (entity, "/", id, NULL), g_strdup (content));
      g_hash_table_insert (last_seq, g_strconcat (entity, "/", id, NULL),
                           GINT_TO_POINTER ((gint)MIN (seq, G_MAXINT)));
    }
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      return NULL;
    }
  g_clear_pointer (&stmt, spa_stmt_release);

  for (guint e = 0; chained[e] != NULL; e++)
    {
      g_autofree char *sql = g_strdup_printf (
          "SELECT id FROM %s%s ORDER BY rid", chained[e],
          g_str_equal (chained[e], "session_note")
          ? " WHERE signed_at IS NOT NULL AND signed_at != ''" : "");

      stmt = spa_store_prepare (store, sql, error);
      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *id = (const char *)sqlite3_column_text (stmt, 0);
          g_autofree char *key = g_strconcat (chained[e], "/", id, NULL);
          const char *linked = g_hash_table_lookup (last, key);
          gint64 seq = GPOINTER_TO_INT (g_hash_table_lookup (last_seq, key));

          /* What is left in last_seq at the end was linked and is gone. */
          g_autofree char *content = NULL;

          records++;
          g_hash_table_remove (last_seq, key);
          if (linked == NULL)
            {
              add_break (breaks, 0, chained[e], id,
                         g_strdup (_("This signed record is not in the record chain: it was "
                                     "written outside Spa Desk.")));
              continue;
            }
          content = spa_note_chain_content_hash (store, chained[e], id, error);
          if (content == NULL)
            return NULL;
          if (!g_str_equal (content, linked))
            add_break (breaks, seq, chained[e], id,
                       g_strdup (_("This signed record was changed after it was signed.")));
        }
      if (rc != SQLITE_DONE)
        {
          spa_store_set_error (store, error);
          return NULL;
        }
      g_clear_pointer (&stmt, spa_stmt_release);
    }

  {
    GHashTableIter iter;
    gpointer key, seq;

    g_hash_table_iter_init (&iter, last_seq);
    while (g_hash_table_iter_next (&iter, &key, &seq))
      {
        g_auto(GStrv) parts = g_strsplit (key, "/", 2);

        add_break (breaks, GPOINTER_TO_INT (seq), parts[0], parts[1],
                   g_strdup (_("This signed record was removed from the database.")));
      }
  }

  if (n_links)
    *n_links = links;
  if (n_records)
    *n_records = records;
  return g_steal_pointer (&breaks);
}
