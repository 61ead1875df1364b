/* spa-store-records.c: reading and writing records, one row each
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-error.h"
#include "spa-json.h"
#include "spa-note-chain.h"
#include "spa-store-private.h"
#include "spa-util.h"
#include "spa-validate.h"

/**
 * spa_store_columns:
 *
 * Returns: (transfer none): the column list that spa_store_record_from_row() reads:
 *   id, version, created_at, updated_at, deleted, then the entity's fields
 */
const char *
spa_store_columns (SpaStore            *self,
                   const SpaEntityInfo *entity)
{
  char *columns = g_hash_table_lookup (self->columns, entity->name);

  if (columns == NULL)
    {
      GString *str = g_string_new ("id, version, created_at, updated_at, deleted");

      for (guint i = 0; i < entity->n_fields; i++)
        g_string_append_printf (str, ", %s", entity->fields[i].name);

      columns = g_string_free (str, FALSE);
      g_hash_table_insert (self->columns, (gpointer)entity->name, columns);
    }

  return columns;
}

static void
reference_clear (SpaReference *reference)
{
  g_free (reference->exists_sql);
  g_free (reference->version_sql);
}

/**
 * spa_store_references:
 * @n_references: (out): how many
 *
 * The fields of @entity that name another record, from the schema's foreign keys.
 *
 * Returns: (transfer none) (array length=n_references): the references
 */
const SpaReference *
spa_store_references (SpaStore            *self,
                      const SpaEntityInfo *entity,
                      guint               *n_references)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (self), "spa-store-references");
  GArray *references;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_array_unref);
      g_object_set_data_full (G_OBJECT (self), "spa-store-references", cache,
                              (GDestroyNotify)g_hash_table_unref);
    }
  references = g_hash_table_lookup (cache, entity->name);
  if (references == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_key_list (%s)", entity->name);
      sqlite3_stmt *stmt = NULL;

      references = g_array_new (FALSE, TRUE, sizeof (SpaReference));
      g_array_set_clear_func (references, (GDestroyNotify)reference_clear);
      if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            const char *parent = (const char *)sqlite3_column_text (stmt, 2);
            const char *from = (const char *)sqlite3_column_text (stmt, 3);
            SpaReference reference = { 0 };

            reference.parent = spa_entity_lookup (parent);
            for (guint i = 0; i < entity->n_fields; i++)
              if (g_strcmp0 (entity->fields[i].name, from) == 0)
                reference.field_index = i + 1;
            if (reference.parent == NULL || reference.field_index == 0)
              continue;
            reference.field_index--;
            reference.exists_sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", reference.parent->name);
            reference.version_sql = g_strdup_printf ("SELECT version, deleted FROM %s WHERE id = ?",
                                                     reference.parent->name);
            g_array_append_val (references, reference);
          }
      sqlite3_finalize (stmt);
      g_hash_table_insert (cache, (gpointer)entity->name, references);
    }

  *n_references = references->len;
  return (const SpaReference *)(gpointer)references->data;
}

/**
 * spa_store_record_from_row:
 * @stmt: a statement positioned on a row that selected spa_store_columns()
 * @first_column: where those columns start
 *
 * Returns: (transfer full): the record
 */
SpaRecord *
spa_store_record_from_row (SpaStore            *self,
                           const SpaEntityInfo *entity,
                           SpaStmt             *stmt,
                           int                  first_column)
{
  SpaRecord *record = spa_record_new_with_id (entity->name, (const char *)sqlite3_column_text (stmt, first_column));
  JsonObject *fields = spa_record_get_fields (record);
  int c = first_column;

  spa_record_set_version (record, sqlite3_column_int64 (stmt, c + 1));
  spa_record_set_timestamps (record,
                             (const char *)sqlite3_column_text (stmt, c + 2),
                             (const char *)sqlite3_column_text (stmt, c + 3));
  spa_record_set_deleted (record, sqlite3_column_int (stmt, c + 4));
  c += 5;

  for (guint i = 0; i < entity->n_fields; i++, c++)
    {
      const SpaFieldInfo *field = &entity->fields[i];

      if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
        {
          json_object_set_null_member (fields, field->name);
          continue;
        }

      switch (field->type)
        {
        case SPA_FIELD_TEXT:
          json_object_set_string_member (fields, field->name,
                                         (const char *)sqlite3_column_text (stmt, c));
          break;
        case SPA_FIELD_INTEGER:
          json_object_set_int_member (fields, field->name, sqlite3_column_int64 (stmt, c));
          break;
        case SPA_FIELD_BOOLEAN:
          json_object_set_boolean_member (fields, field->name, sqlite3_column_int (stmt, c) != 0);
          break;
        case SPA_FIELD_JSON:
          {
            g_autoptr(JsonNode) node = spa_json_parse_stored ((const char *)sqlite3_column_text (stmt, c));

            if (node != NULL)
              json_object_set_member (fields, field->name, g_steal_pointer (&node));
            else
              json_object_set_null_member (fields, field->name);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  spa_record_clear_changed (record);
  spa_record_set_stored (record, TRUE);
  return record;
}

/**
 * spa_store_get:
 * @self: a #SpaStore
 * @entity: an entity name
 * @id: the record's id
 * @error: return location for a #GError (%SPA_STORE_ERROR_NOT_FOUND)
 *
 * Reads one record, deleted or not.
 *
 * Returns: (transfer full) (nullable): the record
 */
SpaRecord *
spa_store_get (SpaStore    *self,
               const char  *entity,
               const char  *id,
               GError     **error)
{
  const SpaEntityInfo *info;
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (SPA_IS_STORE (self), NULL);

  info = spa_entity_lookup (entity);
  g_return_val_if_fail (info != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", spa_store_columns (self, info), info->name);
  stmt = spa_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return spa_store_record_from_row (self, info, stmt, 0);

  if (rc == SQLITE_DONE)
    g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                 _("The record was not found. It may have been removed on another desk."));
  else
    spa_store_set_error (self, error);

  return NULL;
}

/**
 * spa_store_exists:
 *
 * Returns: %TRUE if a record with @id exists and is not deleted
 */
gboolean
spa_store_exists (SpaStore   *self,
                  const char *entity,
                  const char *id)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (id == NULL)
    return FALSE;

  sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ? AND deleted = 0", info->name);
  stmt = spa_store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * spa_store_get_text:
 * @entity: a record type, such as "invoice"
 * @field: (nullable): one of @entity's fields, or %NULL to ask only whether the row is
 *   stored
 * @value: (out) (optional) (transfer full) (nullable): @field's stored text
 *
 * One column of a stored row (tombstones included), without reading and parsing the
 * whole record: for the rules every save asks (is the invoice issued, is the note
 * signed).
 *
 * Returns: whether the row is stored (%FALSE also if the database could not tell)
 */
gboolean
spa_store_get_text (SpaStore    *self,
                    const char  *entity,
                    const char  *id,
                    const char  *field,
                    char       **value)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  if (value != NULL)
    *value = NULL;
  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  /* Names from the schema only, never from a caller's text. */
  g_return_val_if_fail (field == NULL || spa_entity_find_field (info, field) != NULL, FALSE);

  if (id == NULL)
    return FALSE;
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", field ? field : "1", info->name);
  stmt = spa_store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (value != NULL && field != NULL)
    *value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  return TRUE;
}

/**
 * spa_store_query_texts:
 * @sql: a SELECT whose first column is text (an id)
 * @params: (array zero-terminated=1) (nullable): bound in order
 *
 * Returns: (transfer full) (element-type utf8): the first column of every row, in
 *   order; %NULL with @error when the store fails
 */
GPtrArray *
spa_store_query_texts (SpaStore           *self,
                       const char         *sql,
                       const char * const *params,
                       GError            **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self, sql, error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&texts);
}

void
spa_store_bind_field (SpaStmt            *stmt,
                      int                 index,
                      const SpaFieldInfo *field,
                      JsonNode           *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (field->type)
    {
    case SPA_FIELD_TEXT:
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    case SPA_FIELD_INTEGER:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    case SPA_FIELD_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      break;
    case SPA_FIELD_JSON:
      sqlite3_bind_text (stmt, index, spa_json_to_string (node), -1, g_free);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * spa_store_row_sql:
 * @mask: the entity's fields bound, bit i for its field i
 * @extra_column: (nullable): for an insert, one more column, bound last
 *
 * The SQL of an update (`version, updated_at, deleted`, the fields, `WHERE id`) or an
 * insert (the same, then `id, created_at` and @extra_column) of a row. The text depends
 * only on these: it is made once for each and kept, not for every save of a batch.
 */
const char *
spa_store_row_sql (SpaStore            *self,
                   const SpaEntityInfo *info,
                   gboolean             exists,
                   guint64              mask,
                   const char          *extra_column)
{
  GString *text;
  guint bound = 0;
  char key[128];
  char *sql;

  g_snprintf (key, sizeof key, "%s/%d/%" G_GINT64_MODIFIER "x%s%s", info->name, exists, mask,
              extra_column ? "/" : "", extra_column ? extra_column : "");
  sql = g_hash_table_lookup (self->row_sql, key);
  if (sql != NULL)
    return sql;

  text = g_string_new (NULL);
  if (exists)
    g_string_printf (text, "UPDATE %s SET version = ?, updated_at = ?, deleted = ?", info->name);
  else
    g_string_printf (text, "INSERT INTO %s (version, updated_at, deleted", info->name);
  for (guint i = 0; i < info->n_fields; i++)
    if (mask & (G_GUINT64_CONSTANT (1) << i))
      {
        g_string_append_printf (text, exists ? ", %s = ?" : ", %s", info->fields[i].name);
        bound++;
      }
  if (exists)
    g_string_append (text, " WHERE id = ?");
  else
    {
      g_string_append (text, ", id, created_at");
      if (extra_column != NULL)
        g_string_append_printf (text, ", %s", extra_column);
      g_string_append (text, ") VALUES (?, ?, ?");
      for (guint i = 0; i < bound; i++)
        g_string_append (text, ", ?");
      g_string_append (text, extra_column != NULL ? ", ?, ?, ?)" : ", ?, ?)");
    }
  sql = g_string_free (text, FALSE);
  g_hash_table_insert (self->row_sql, g_strdup (key), sql);
  return sql;
}

/**
 * spa_store_write_row:
 * @only_changed: update only the record's changed fields of an existing row
 *
 * Inserts or updates the row of @record as it is: no validation, no outbox entry.
 * The caller holds the transaction.
 */
gboolean
spa_store_write_row (SpaStore   *self,
                     SpaRecord  *record,
                     gboolean    only_changed,
                     GError    **error)
{
  const SpaEntityInfo *info = spa_record_get_entity_info (record);
  JsonObject *fields = spa_record_get_fields (record);
  g_autoptr(GPtrArray) bound = g_ptr_array_new ();
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(JsonObject) changed = NULL;
  const char *sql;
  char key[96];
  guint64 mask = 0;
  gboolean exists;
  int n;

  g_assert (info->n_fields <= 64);

  {
    g_autoptr(SpaStmt) check = NULL;

    g_snprintf (key, sizeof key, "exists/%s", info->name);
    sql = g_hash_table_lookup (self->row_sql, key);
    if (sql == NULL)
      {
        sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", info->name);
        g_hash_table_insert (self->row_sql, g_strdup (key), (char *)sql);
      }
    check = spa_store_prepare (self, sql, error);
    if (check == NULL)
      return FALSE;
    sqlite3_bind_text (check, 1, spa_record_get_id (record), -1, SQLITE_TRANSIENT);
    exists = sqlite3_step (check) == SQLITE_ROW;
  }

  /* A deep copy: only when an update needs it, not for every insert. */
  if (exists && only_changed)
    changed = spa_record_get_changed (record);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const char *name = info->fields[i].name;

      if (exists && only_changed)
        {
          if (!json_object_has_member (changed, name))
            continue;
        }
      else if (!json_object_has_member (fields, name))
        continue;

      g_ptr_array_add (bound, (gpointer)&info->fields[i]);
      mask |= G_GUINT64_CONSTANT (1) << i;
    }

  sql = spa_store_row_sql (self, info, exists, mask, NULL);
  stmt = spa_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, spa_record_get_version (record));
  sqlite3_bind_text (stmt, 2, spa_record_get_updated_at (record), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, spa_record_get_deleted (record));
  n = 4;
  for (guint i = 0; i < bound->len; i++, n++)
    {
      const SpaFieldInfo *field = bound->pdata[i];

      spa_store_bind_field (stmt, n, field, json_object_get_member (fields, field->name));
    }
  sqlite3_bind_text (stmt, n++, spa_record_get_id (record), -1, SQLITE_TRANSIENT);
  if (!exists)
    sqlite3_bind_text (stmt, n, spa_record_get_created_at (record), -1, SQLITE_TRANSIENT);

  if (!spa_store_step_done (self, stmt, error))
    return FALSE;

  /* Signed clinical records are chained as they are written (a whole-spa load chains
   * them at its end). */
  if (!self->search_deferred && self->schema_version >= 45 && spa_note_chain_holds (record))
    return spa_note_chain_add (self, info->name, spa_record_get_id (record), error);
  return TRUE;
}

/* A record just written as a save writes it: no change left, stored, announced after
 * the commit. */
void
spa_store_record_saved (SpaStore  *self,
                        SpaRecord *record)
{
  spa_record_clear_changed (record);
  spa_record_set_stored (record, TRUE);
  spa_store_notify_changed (self, spa_record_get_entity_info (record)->name,
                            spa_record_get_id (record));
}

/**
 * spa_store_save:
 * @self: a #SpaStore
 * @record: a new record, or one read from @self and changed
 * @error: return location for a #GError
 *
 * Validates @record and writes it with its outbox entry in one transaction. On error
 * nothing is written and @record keeps its changes, so the user can fix and retry.
 *
 * Returns: %TRUE if the record was saved
 */
gboolean
spa_store_save (SpaStore   *self,
                SpaRecord  *record,
                GError    **error)
{
  const SpaEntityInfo *info;
  g_autoptr(JsonObject) changed = NULL;
  g_autofree char *now = NULL;
  g_autofree char *old_created = NULL;
  g_autofree char *old_updated = NULL;
  gboolean is_new;
  guint depth;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SPA_IS_RECORD (record), FALSE);

  info = spa_record_get_entity_info (record);
  is_new = !spa_record_is_stored (record);

  if (!is_new && !spa_record_is_changed (record))
    return TRUE;

  depth = self->depth;
  if (!spa_store_begin (self, error))
    return FALSE;

  if (!spa_validate_record (self, record, error))
    goto failed;

  now = spa_store_now_utc (self);
  old_created = g_strdup (spa_record_get_created_at (record));
  old_updated = g_strdup (spa_record_get_updated_at (record));
  spa_record_set_timestamps (record, old_created ? old_created : now, now);

  if (is_new)
    changed = json_object_ref (spa_record_get_fields (record));
  else
    changed = spa_record_get_changed (record);

  if (!spa_store_write_row (self, record, TRUE, error) ||
      !spa_store_append_outbox (self, info->name, spa_record_get_id (record), "upsert",
                                spa_record_get_version (record), changed, error) ||
      !spa_store_commit (self, error))
    {
      spa_record_set_timestamps (record, old_created, old_updated);
      goto failed;
    }

  spa_store_record_saved (self, record);
  return TRUE;

failed:
  /* A failed commit has already rolled back; anything else leaves ours open. */
  if (self->depth > depth)
    spa_store_rollback (self);
  return FALSE;
}

static gboolean
set_deleted (SpaStore    *self,
             const char  *entity,
             const char  *id,
             gboolean     deleted,
             GError     **error)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *now = NULL;
  guint depth;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (deleted && info->undeletable)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED,
                   _("Clinical records are never deleted."));
      return FALSE;
    }

  depth = self->depth;
  if (!spa_store_begin (self, error))
    return FALSE;

  record = spa_store_get (self, entity, id, error);
  if (record == NULL)
    goto failed;

  if (spa_record_get_deleted (record) == deleted)
    {
      spa_store_rollback (self);
      return TRUE;
    }

  if (deleted && info->check_delete != NULL && !info->check_delete (self, record, error))
    goto failed;

  /* Bringing back a clinical record is a change like any other: a signed note (or an
   * amendment) tombstoned by another desk stays as the server has it. */
  if (info->undeletable && !spa_validate_record (self, record, error))
    goto failed;

  now = spa_store_now_utc (self);
  spa_record_set_deleted (record, deleted);
  spa_record_set_timestamps (record, spa_record_get_created_at (record), now);

  /* An undelete is sent as an upsert of the whole record, so the server revives it. */
  if (!deleted)
    fields = json_object_ref (spa_record_get_fields (record));

  if (!spa_store_write_row (self, record, TRUE, error) ||
      !spa_store_append_outbox (self, entity, id, deleted ? "delete" : "upsert",
                                spa_record_get_version (record), fields, error))
    goto failed;

  if (!spa_store_commit (self, error))
    return FALSE;

  spa_store_notify_changed (self, entity, id);
  return TRUE;

failed:
  if (self->depth > depth)
    spa_store_rollback (self);
  return FALSE;
}

/**
 * spa_store_delete:
 *
 * Marks a record deleted (a tombstone that syncs); it stays readable with
 * spa_store_get() and can be brought back with spa_store_restore().
 */
gboolean
spa_store_delete (SpaStore    *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  return set_deleted (self, entity, id, TRUE, error);
}

gboolean
spa_store_restore (SpaStore    *self,
                   const char  *entity,
                   const char  *id,
                   GError     **error)
{
  return set_deleted (self, entity, id, FALSE, error);
}

/**
 * spa_store_query:
 * @entity: an entity name
 * @where_and_order: (nullable): SQL after `FROM entity`, with `?` placeholders
 * @params: (nullable) (array zero-terminated=1): text values for the placeholders
 *
 * Returns: (transfer full) (element-type SpaRecord): the records
 */
GPtrArray *
spa_store_query (SpaStore           *self,
                 const char         *entity,
                 const char         *where_and_order,
                 const char * const *params,
                 GError            **error)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (SPA_IS_STORE (self), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM %s %s", spa_store_columns (self, info), info->name,
                         where_and_order ? where_and_order : "");
  stmt = spa_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; params && params[i]; i++)
    sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, spa_store_record_from_row (self, info, stmt, 0));

  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* The order a person expects: clients by last name, bookings by time, others by name. */
static const char *
display_order (const char *entity)
{
  if (g_str_equal (entity, "client"))
    return "sort_key";
  if (g_str_equal (entity, "booking"))
    return "starts_at";
  if (g_str_equal (entity, "session_note"))
    return "session_date DESC, created_at DESC";
  if (g_str_equal (entity, "intake") || g_str_equal (entity, "note_amendment"))
    return "created_at";
  if (g_str_equal (entity, "service"))
    return "name COLLATE NOCASE, duration_min";
  /* Records without a name (invoices, payments…) in the order they were made. */
  if (spa_entity_lookup (entity) == NULL ||
      spa_entity_find_field (spa_entity_lookup (entity), "name") == NULL)
    return "rid";
  return "name COLLATE NOCASE";
}

/**
 * spa_store_list:
 *
 * Returns: (transfer full) (element-type SpaRecord): every record of @entity, in the
 *   order a person expects (clients by last name, bookings by time, others by name)
 */
GPtrArray *
spa_store_list (SpaStore    *self,
                const char  *entity,
                gboolean     include_deleted,
                GError     **error)
{
  g_autofree char *tail = NULL;

  tail = g_strdup_printf ("%s ORDER BY %s", include_deleted ? "" : "WHERE deleted = 0",
                          display_order (entity));
  return spa_store_query (self, entity, tail, NULL, error);
}

/**
 * spa_store_list_active:
 * @entity: an entity with an `active` field (therapist, service, room)
 * @keep_id: (nullable): a record to list even if it is no longer active (the one a
 *   booking or a note already names)
 *
 * The choices a form offers.
 *
 * Returns: (transfer full) (element-type SpaRecord): the active records of @entity
 *   (not deleted) and @keep_id's, by name
 */
GPtrArray *
spa_store_list_active (SpaStore    *self,
                       const char  *entity,
                       const char  *keep_id,
                       GError     **error)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autofree char *tail = NULL;

  g_return_val_if_fail (info != NULL && spa_entity_find_field (info, "active") != NULL, NULL);

  tail = g_strdup_printf ("WHERE deleted = 0 AND (active = 1 OR id = ?) ORDER BY %s",
                          display_order (entity));
  return spa_store_query (self, entity, tail, (const char * const []) { keep_id ? keep_id : "", NULL },
                          error);
}

gint64
spa_store_count (SpaStore   *self,
                 const char *entity)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (info != NULL, 0);

  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 0", info->name);
  stmt = spa_store_prepare (self, sql, NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * spa_store_is_empty:
 *
 * Returns: %TRUE if the spa has no clients, therapists, rooms or bookings yet (the
 *   default services do not count)
 */
gboolean
spa_store_is_empty (SpaStore *self)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (self,
                            "SELECT (SELECT count(*) FROM client) + (SELECT count(*) FROM therapist)"
                            " + (SELECT count(*) FROM room) + (SELECT count(*) FROM booking)",
                            NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  return sqlite3_column_int64 (stmt, 0) == 0;
}
