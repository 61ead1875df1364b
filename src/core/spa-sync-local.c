/* spa-sync-local.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-sync-local"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "spa-error.h"
#include "spa-json.h"
#include "spa-store-money.h"
#include "spa-store-private.h"
#include "spa-sync-local.h"
#include "spa-sync-page.h"
#include "spa-util.h"

/*
 * The device's half of the sync protocol, on the local database only (the engine does
 * the HTTP). Every step that touches several rows is one transaction: results with
 * their outbox rows, a pulled page with its cursor. A mutation leaves "pending" only
 * with an outcome from the server.
 */

void
spa_sync_conflict_free (SpaSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->entity);
  g_free (conflict->record_id);
  g_clear_pointer (&conflict->local_fields, json_object_unref);
  g_clear_pointer (&conflict->server_record, json_object_unref);
  g_free (conflict->created_at);
  g_free (conflict);
}

/* Runs a statement with two text parameters and no result rows. */
static gboolean
run_with_texts (SpaStore    *store,
                const char  *sql,
                const char  *first,
                const char  *second,
                GError     **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, second, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

char *
spa_sync_local_get_state (SpaStore   *store,
                          const char *key)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, "SELECT value FROM sync_state WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

gboolean
spa_sync_local_set_state (SpaStore    *store,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  return run_with_texts (store, "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
                         key, value, error);
}

/**
 * spa_sync_local_device_id:
 *
 * Returns: (transfer full): this database's device id, made on first use
 */
char *
spa_sync_local_device_id (SpaStore  *store,
                          GError   **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  char *id;
  int rc;

  /* Only a missing row makes a new id: a read that fails (a database locked by another
   * process) must not give this desk a second identity. */
  stmt = spa_store_prepare (store, "SELECT value FROM sync_state WHERE key = 'device_id'", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED, "%s",
                   sqlite3_errmsg (spa_store_get_db (store)));
      return NULL;
    }
  g_clear_pointer (&stmt, spa_stmt_release);

  id = spa_uuid_new ();
  if (!spa_sync_local_set_state (store, "device_id", id, error))
    g_clear_pointer (&id, g_free);
  return id;
}

gint64
spa_sync_local_get_cursor (SpaStore *store)
{
  g_autofree char *cursor = spa_sync_local_get_state (store, "cursor");

  return cursor ? g_ascii_strtoll (cursor, NULL, 10) : 0;
}

gboolean
spa_sync_local_in_resync (SpaStore *store)
{
  g_autofree char *resync = spa_sync_local_get_state (store, "resync");

  return g_strcmp0 (resync, "1") == 0;
}

/*
 * A record the server has never accepted (its creation was refused, say an overlapping
 * booking that the user then moved) must travel whole: the server has nothing to
 * apply changed fields to. Unknown to the server means never pulled (version 0) and
 * no mutation of it ever applied.
 */
static void
complete_unknown_record (SpaStore   *store,
                         const char *entity,
                         const char *id,
                         JsonObject *fields)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(SpaRecord) record = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (spa_entity_lookup (entity) == NULL)
    return;

  stmt = spa_store_prepare (store,
                            "SELECT 1 FROM sync_rejected WHERE entity = ? AND record_id = ?"
                            " AND NOT EXISTS (SELECT 1 FROM sync_outbox WHERE entity = ?"
                            "   AND record_id = ? AND status = 'applied')",
                            NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;
  g_clear_pointer (&stmt, spa_stmt_release);

  record = spa_store_get (store, entity, id, NULL);
  if (record == NULL || spa_record_get_version (record) != 0)
    return;

  json_object_iter_init (&iter, spa_record_get_fields (record));
  while (json_object_iter_next (&iter, &name, &value))
    if (!json_object_has_member (fields, name))
      json_object_set_member (fields, name, json_node_copy (value));
}

/**
 * spa_sync_local_build_push:
 * @n_mutations: (out): how many mutations the body holds
 *
 * Returns: (transfer full): the push request body, oldest pending mutations first
 */
JsonNode *
spa_sync_local_build_push (SpaStore    *store,
                           const char  *device_id,
                           guint        max_mutations,
                           guint       *n_mutations,
                           GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  JsonObject *body = json_object_new ();
  JsonArray *mutations = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (body, "device_id", device_id);
  json_object_set_array_member (body, "mutations", mutations);
  json_node_take_object (node, body);
  *n_mutations = 0;

  stmt = spa_store_prepare (store,
                            "SELECT mutation_id, entity, record_id, op, base_version, fields"
                            " FROM sync_outbox WHERE status = 'pending' ORDER BY mutation_id LIMIT ?",
                            error);
  if (stmt == NULL)
    {
      json_node_unref (node);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, max_mutations);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *m = json_object_new ();
      g_autoptr(JsonNode) fields = json_from_string ((const char *)sqlite3_column_text (stmt, 5), NULL);

      json_object_set_int_member (m, "mutation_id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (m, "entity", (const char *)sqlite3_column_text (stmt, 1));
      json_object_set_string_member (m, "id", (const char *)sqlite3_column_text (stmt, 2));
      json_object_set_string_member (m, "op", (const char *)sqlite3_column_text (stmt, 3));
      json_object_set_int_member (m, "base_version", sqlite3_column_int64 (stmt, 4));
      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields) &&
          g_str_equal ((const char *)sqlite3_column_text (stmt, 3), "upsert"))
        complete_unknown_record (store, (const char *)sqlite3_column_text (stmt, 1),
                                 (const char *)sqlite3_column_text (stmt, 2),
                                 json_node_get_object (fields));
      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
        json_object_set_member (m, "fields", g_steal_pointer (&fields));
      else
        json_object_set_object_member (m, "fields", json_object_new ());
      json_array_add_object_element (mutations, m);
      (*n_mutations)++;
    }

  return node;
}

/* The pending local changes of one record, oldest first, for a rebase. */
static gboolean
overlay_pending (SpaStore   *store,
                 SpaRecord  *record,
                 GError    **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "SELECT op, fields FROM sync_outbox WHERE entity = ? AND record_id = ?"
                            " AND status = 'pending' ORDER BY mutation_id",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, spa_record_get_entity (record), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, spa_record_get_id (record), -1, SQLITE_TRANSIENT);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) fields = NULL;
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (g_str_equal ((const char *)sqlite3_column_text (stmt, 0), "delete"))
        {
          spa_record_set_deleted (record, TRUE);
          continue;
        }

      fields = json_from_string ((const char *)sqlite3_column_text (stmt, 1), NULL);
      if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
        continue;
      json_object_iter_init (&iter, json_node_get_object (fields));
      while (json_object_iter_next (&iter, &name, &value))
        spa_record_set_field_node (record, name, value, NULL);
    }

  return TRUE;
}

/*
 * Writes a copy of a record from the server, rebased: the server copy becomes the base
 * and this device's pending changes stay on top, so nothing unsent is overwritten.
 * A copy older than the one already here is ignored.
 */
static gboolean
apply_server_record (SpaStore    *store,
                     const char  *entity,
                     JsonObject  *object,
                     GError     **error)
{
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  record = spa_record_new_from_json (entity, object, error);
  if (record == NULL)
    return FALSE;

  sql = g_strdup_printf ("SELECT version FROM %s WHERE id = ?", spa_record_get_entity (record));
  stmt = spa_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, spa_record_get_id (record), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_int64 (stmt, 0) > spa_record_get_version (record))
    return TRUE;
  g_clear_pointer (&stmt, spa_stmt_release);

  if (!overlay_pending (store, record, error))
    return FALSE;

  return spa_store_write_row (store, record, FALSE, error);
}

static gboolean
set_outcome (SpaStore    *store,
             gint64       mutation_id,
             const char  *status,
             JsonObject  *result,
             GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, result);
  stmt = spa_store_prepare (store,
                            "UPDATE sync_outbox SET status = ?, result = ?, attempts = attempts + 1"
                            " WHERE mutation_id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, spa_json_to_string (node), -1, g_free);
  sqlite3_bind_int64 (stmt, 3, mutation_id);
  return spa_store_step_done (store, stmt, error);
}

static gboolean
flag_rejected (SpaStore    *store,
               const char  *entity,
               const char  *record_id,
               gint64       mutation_id,
               const char  *code,
               const char  *message,
               GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *now = spa_store_now_utc (store);

  stmt = spa_store_prepare (store,
                            "INSERT OR REPLACE INTO sync_rejected (entity, record_id, mutation_id,"
                            " code, message, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, mutation_id);
  sqlite3_bind_text (stmt, 4, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

static gboolean
unflag_rejected (SpaStore    *store,
                 const char  *entity,
                 const char  *record_id,
                 GError     **error)
{
  return run_with_texts (store, "DELETE FROM sync_rejected WHERE entity = ? AND record_id = ?",
                         entity, record_id, error);
}

static gboolean
add_conflict (SpaStore    *store,
              gint64       mutation_id,
              const char  *entity,
              const char  *record_id,
              JsonObject  *local_fields,
              JsonObject  *server_record,
              GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(JsonNode) local = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) server = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *now = spa_store_now_utc (store);

  json_node_set_object (local, local_fields);
  json_node_set_object (server, server_record);
  stmt = spa_store_prepare (store,
                            "INSERT INTO sync_conflict (mutation_id, entity, record_id, local_fields,"
                            " server_record, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mutation_id);
  sqlite3_bind_text (stmt, 2, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, spa_json_to_string (local), -1, g_free);
  sqlite3_bind_text (stmt, 5, spa_json_to_string (server), -1, g_free);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

typedef struct
{
  char       *entity;
  char       *record_id;
  char       *op;
  JsonObject *fields;
} OutboxRow;

static void
outbox_row_clear (OutboxRow *row)
{
  g_clear_pointer (&row->entity, g_free);
  g_clear_pointer (&row->record_id, g_free);
  g_clear_pointer (&row->op, g_free);
  g_clear_pointer (&row->fields, json_object_unref);
}

static gboolean
read_pending (SpaStore  *store,
              gint64     mutation_id,
              OutboxRow *row)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(JsonNode) fields = NULL;

  stmt = spa_store_prepare (store,
                            "SELECT entity, record_id, op, fields FROM sync_outbox"
                            " WHERE mutation_id = ? AND status = 'pending'",
                            NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mutation_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  row->entity = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  row->record_id = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  row->op = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  fields = json_from_string ((const char *)sqlite3_column_text (stmt, 3), NULL);
  row->fields = fields && JSON_NODE_HOLDS_OBJECT (fields)
    ? json_object_ref (json_node_get_object (fields)) : json_object_new ();
  return TRUE;
}

static gboolean
apply_result (SpaStore    *store,
              JsonObject  *result,
              GHashTable  *touched,
              GError     **error)
{
  JsonNode *id_node = json_object_get_member (result, "mutation_id");
  const char *status = spa_json_member_string (result, "status");
  JsonObject *server_record = spa_json_member_object (result, "record");
  __attribute__((cleanup (outbox_row_clear))) OutboxRow row = { 0 };
  gint64 mutation_id;

  if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node) ||
      json_node_get_value_type (id_node) != G_TYPE_INT64 || status == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The server sent a malformed result."));
      return FALSE;
    }
  mutation_id = json_node_get_int (id_node);

  /* Already settled (a replayed response): nothing to do. */
  if (!read_pending (store, mutation_id, &row))
    return TRUE;
  if (spa_entity_lookup (row.entity) != NULL)
    g_hash_table_add (touched, (gpointer)spa_entity_lookup (row.entity)->name);

  if (g_str_equal (status, "applied"))
    return set_outcome (store, mutation_id, "applied", result, error) &&
           unflag_rejected (store, row.entity, row.record_id, error);

  if (g_str_equal (status, "conflict"))
    {
      g_autoptr(JsonObject) losing = json_object_new ();
      JsonNode *names = json_object_get_member (result, "fields");

      if (g_str_equal (row.op, "delete"))
        json_object_set_boolean_member (losing, "deleted", TRUE);
      else if (names != NULL && JSON_NODE_HOLDS_ARRAY (names))
        {
          JsonArray *array = json_node_get_array (names);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              const char *name = json_array_get_string_element (array, i);

              if (name != NULL && json_object_has_member (row.fields, name))
                json_object_set_member (losing, name,
                                        json_node_copy (json_object_get_member (row.fields, name)));
              else if (g_strcmp0 (name, "deleted") == 0)
                {
                  /* An edit that met a delete: every value sent is what the user loses. */
                  JsonObjectIter iter;
                  const char *field;
                  JsonNode *value;

                  json_object_iter_init (&iter, row.fields);
                  while (json_object_iter_next (&iter, &field, &value))
                    json_object_set_member (losing, field, json_node_copy (value));
                }
            }
        }

      if (!set_outcome (store, mutation_id, "conflict", result, error) ||
          !add_conflict (store, mutation_id, row.entity, row.record_id, losing,
                         server_record ? server_record : json_object_new (), error))
        return FALSE;
    }
  else if (g_str_equal (status, "rejected"))
    {
      const char *code = spa_json_member_string (result, "code");
      const char *message = spa_json_member_string (result, "message");

      if (!set_outcome (store, mutation_id, "rejected", result, error) ||
          !flag_rejected (store, row.entity, row.record_id, mutation_id,
                          code ? code : "rejected", message, error))
        return FALSE;
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The server sent an unknown result “%s”."), status);
      return FALSE;
    }

  /* The server copy wins what was not applied; later pending changes stay on top. */
  if (server_record != NULL && !apply_server_record (store, row.entity, server_record, error))
    return FALSE;

  /* Another desk had this desk's invoice series: a new series, and the invoice issued
   * again under its first number (docs/sync-protocol.md, "Invoice numbers"). */
  if (g_str_equal (status, "rejected") && g_str_equal (row.entity, "invoice") &&
      g_strcmp0 (spa_json_member_string (result, "code"), "duplicate_number") == 0)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *number = NULL;

      number = spa_store_money_renumber (store, row.record_id,
                                         spa_json_member_string (row.fields, "number"),
                                         spa_json_member_string (row.fields, "issued_at"),
                                         spa_json_member_string (row.fields, "issued_by"),
                                         &local_error);
      if (number != NULL)
        g_message ("Invoice number %s was another desk's: invoice %s is now %s",
                   spa_json_member_string (row.fields, "number"), row.record_id, number);
      else if (local_error != NULL)
        g_warning ("Could not number invoice %s again: %s", row.record_id, local_error->message);
    }
  return TRUE;
}

static gboolean apply_results (SpaStore    *store,
                               JsonArray   *results,
                               GHashTable  *touched,
                               GError     **error);

/**
 * spa_sync_local_apply_push:
 * @response: the body of a 200 push response
 *
 * Records every result with its outbox row in one transaction.
 */
gboolean
spa_sync_local_apply_push (SpaStore    *store,
                           JsonNode    *response,
                           GError     **error)
{
  JsonNode *results;
  g_autoptr(GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok;

  if (response == NULL || !JSON_NODE_HOLDS_OBJECT (response) ||
      (results = json_object_get_member (json_node_get_object (response), "results")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (results))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The server sent a malformed reply."));
      return FALSE;
    }

  /* A server copy in a result may name records that a later pull brings. */
  spa_store_exec (store, "PRAGMA foreign_keys = OFF", NULL);
  ok = apply_results (store, json_node_get_array (results), touched, error);
  spa_store_exec (store, "PRAGMA foreign_keys = ON", NULL);
  if (ok)
    {
      GHashTableIter iter;
      gpointer entity;

      /* Views refresh: a booking may now be flagged, or show a server copy. */
      g_hash_table_iter_init (&iter, touched);
      while (g_hash_table_iter_next (&iter, &entity, NULL))
        spa_store_notify_changed (store, entity, NULL);
      spa_store_notify_changed (store, "sync_outbox", NULL);
    }
  return ok;
}

static gboolean
apply_results (SpaStore    *store,
               JsonArray   *results,
               GHashTable  *touched,
               GError     **error)
{
  if (!spa_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *result = json_array_get_element (results, i);

      if (!JSON_NODE_HOLDS_OBJECT (result) ||
          !apply_result (store, json_node_get_object (result), touched, error))
        {
          if (error && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The server sent a malformed result."));
          spa_store_rollback (store);
          return FALSE;
        }
    }

  return spa_store_commit (store, error);
}

/* After a full resync, records the server no longer lists were compacted tombstones. */
static gboolean
finish_resync (SpaStore  *store,
               GError   **error)
{
  const SpaEntityInfo **entities;
  guint n_entities;

  entities = spa_entity_list (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autofree char *sql = NULL;
      g_autoptr(SpaStmt) stmt = NULL;

      if (entities[i]->undeletable)
        continue;
      sql = g_strdup_printf ("UPDATE %s SET deleted = 1 WHERE version > 0 AND deleted = 0"
                             " AND id NOT IN (SELECT record_id FROM sync_resync_seen WHERE entity = ?)"
                             " AND id NOT IN (SELECT record_id FROM sync_outbox"
                             "   WHERE entity = ? AND status = 'pending')",
                             entities[i]->name);
      stmt = spa_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, entities[i]->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, entities[i]->name, -1, SQLITE_STATIC);
      if (!spa_store_step_done (store, stmt, error))
        return FALSE;
    }

  return spa_store_exec (store, "DELETE FROM sync_resync_seen", error) &&
         spa_sync_local_set_state (store, "resync", "0", error);
}

/* Which member of a record sent by the server goes to which column: 0 to 4 are the
 * common columns, then the entity's fields. */
#define N_COMMON 5
static const char *const common_columns[N_COMMON] = { "id", "version", "created_at", "updated_at", "deleted" };

static int
column_of (const SpaEntityInfo *info,
           const SpaWireMember *member,
           guint                guess)
{
  if (guess < N_COMMON + info->n_fields)
    {
      const char *name = guess < N_COMMON ? common_columns[guess] : info->fields[guess - N_COMMON].name;

      if (strncmp (name, member->name, member->name_len) == 0 && name[member->name_len] == '\0')
        return guess;
    }
  for (guint i = 0; i < N_COMMON + info->n_fields; i++)
    {
      const char *name = i < N_COMMON ? common_columns[i] : info->fields[i - N_COMMON].name;

      if (strncmp (name, member->name, member->name_len) == 0 && name[member->name_len] == '\0')
        return i;
    }
  return -1;
}

static gboolean
wire_type_fits (SpaFieldType  type,
                SpaWireKind   kind)
{
  if (kind == SPA_WIRE_NULL)
    return TRUE;
  switch (type)
    {
    case SPA_FIELD_TEXT:
      return kind == SPA_WIRE_STRING;
    case SPA_FIELD_INTEGER:
      return kind == SPA_WIRE_INTEGER;
    case SPA_FIELD_BOOLEAN:
      return kind == SPA_WIRE_TRUE || kind == SPA_WIRE_FALSE || kind == SPA_WIRE_INTEGER;
    case SPA_FIELD_JSON:
      return kind == SPA_WIRE_OBJECT || kind == SPA_WIRE_ARRAY;
    default:
      g_assert_not_reached ();
    }
}

static void
bind_wire (sqlite3_stmt        *stmt,
           int                  index,
           const SpaWireMember *value)
{
  switch (value->kind)
    {
    case SPA_WIRE_NULL:
      sqlite3_bind_null (stmt, index);
      break;
    case SPA_WIRE_TRUE:
    case SPA_WIRE_FALSE:
      sqlite3_bind_int (stmt, index, value->kind == SPA_WIRE_TRUE);
      break;
    case SPA_WIRE_INTEGER:
      sqlite3_bind_int64 (stmt, index, value->integer);
      break;
    default:
      /* The page outlives the statement's step. */
      sqlite3_bind_text (stmt, index, value->text, value->len, SQLITE_STATIC);
      break;
    }
}

/* The upsert's parameter for a field, or NULL when the page does not send it. */
static char *
sort_key_argument (const SpaEntityInfo *info,
                   guint64              mask,
                   const char          *field)
{
  for (guint i = 0; i < info->n_fields; i++)
    if (g_str_equal (info->fields[i].name, field) &&
        (mask & (G_GUINT64_CONSTANT (1) << (N_COMMON + i))))
      return g_strdup_printf ("?%u", N_COMMON + i + 1);
  return g_strdup ("NULL");
}

/* INSERT … ON CONFLICT DO UPDATE of the columns in @mask, for rows no newer than the
 * copy sent; made once per entity and set of members (a server sends all of them). */
static const char *
upsert_sql (SpaStore            *store,
            const SpaEntityInfo *info,
            guint64              mask)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (store), "spa-sync-upsert-sql");
  g_autofree char *key = g_strdup_printf ("%s/%" G_GINT64_MODIFIER "x", info->name, mask);
  g_autofree char *sort_key = NULL;
  GString *sql;
  gboolean first = TRUE;
  char *text;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (store), "spa-sync-upsert-sql", cache,
                              (GDestroyNotify)g_hash_table_unref);
    }
  if ((text = g_hash_table_lookup (cache, key)) != NULL)
    return text;

  if (info == &spa_client_entity)
    {
      g_autofree char *last = sort_key_argument (info, mask, "last_name");
      g_autofree char *first_name = sort_key_argument (info, mask, "first_name");

      sort_key = g_strdup_printf (", spa_sort_key (%s, %s)", last, first_name);
    }

  sql = g_string_new (NULL);
  g_string_printf (sql, "INSERT INTO %s (", info->name);
  for (guint i = 0; i < N_COMMON + info->n_fields; i++)
    if (mask & (G_GUINT64_CONSTANT (1) << i))
      g_string_append_printf (sql, "%s%s", i ? ", " : "",
                              i < N_COMMON ? common_columns[i] : info->fields[i - N_COMMON].name);
  if (sort_key != NULL)
    g_string_append (sql, ", sort_key");
  g_string_append (sql, ") VALUES (");
  for (guint i = 0, n = 0; i < N_COMMON + info->n_fields; i++)
    if (mask & (G_GUINT64_CONSTANT (1) << i))
      g_string_append_printf (sql, "%s?%u", n++ ? ", " : "", i + 1);
  /* Made here, the insert trigger need not write the row a second time. */
  if (sort_key != NULL)
    g_string_append (sql, sort_key);
  g_string_append (sql, ") ON CONFLICT (id) DO UPDATE SET ");
  /* created_at and id stay as they are, as in spa_store_write_row(). */
  for (guint i = 1; i < N_COMMON + info->n_fields; i++)
    if (i != 2 && (mask & (G_GUINT64_CONSTANT (1) << i)))
      {
        const char *column = i < N_COMMON ? common_columns[i] : info->fields[i - N_COMMON].name;

        g_string_append_printf (sql, "%s%s = excluded.%s", first ? "" : ", ", column, column);
        first = FALSE;
      }
  if (first)
    g_string_append (sql, "id = excluded.id");
  g_string_append_printf (sql, " WHERE excluded.version >= %s.version", info->name);

  text = g_string_free (sql, FALSE);
  g_hash_table_insert (cache, g_steal_pointer (&key), text);
  return text;
}

/* Whether the record has outbox rows the server has not settled; @id_len -1 for a
 * NUL-terminated id. */
static gboolean
has_pending (SpaStore   *store,
             const char *entity,
             const char *id,
             gssize      id_len)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "SELECT 1 FROM sync_outbox WHERE entity = ? AND record_id = ?"
                            " AND status = 'pending' LIMIT 1",
                            NULL);
  if (stmt == NULL)
    return TRUE; /* the careful answer: rebase, show as not yet confirmed */
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, id_len, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* A record of a page naming one that was not on the desk when it was written. */
typedef struct
{
  const SpaEntityInfo *info;
  const SpaReference  *reference;
  char                *id;
} Unresolved;

static void
unresolved_free (Unresolved *unresolved)
{
  g_free (unresolved->id);
  g_free (unresolved);
}

static gboolean
reference_found (SpaStore           *store,
                 const SpaReference *reference,
                 const char         *id,
                 gssize              len,
                 GError            **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, reference->exists_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, len, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/*
 * Once a page is in, every record it brought must find on the desk the records it
 * names: the server sends a page together with what its records refer to
 * (docs/sync-protocol.md), so a reference left dangling is a page to refuse, not one
 * to keep with foreign keys off. Each reference is looked up as its record is written;
 * the few not found yet (a record named before it comes in the same page) are looked
 * up again at the end of the page (check_unresolved()).
 */
static gboolean
note_references (SpaStore             *store,
                 const SpaEntityInfo  *info,
                 const SpaWireMember **columns,
                 GPtrArray            *unresolved,
                 GError              **error)
{
  const SpaReference *references;
  guint n_references;

  references = spa_store_references (store, info, &n_references);
  for (guint r = 0; r < n_references; r++)
    {
      const SpaWireMember *value = columns[N_COMMON + references[r].field_index];
      g_autoptr(GError) local_error = NULL;
      Unresolved *pending;

      if (value == NULL || value->kind != SPA_WIRE_STRING ||
          reference_found (store, &references[r], value->text, value->len, &local_error))
        continue;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      pending = g_new0 (Unresolved, 1);
      pending->info = info;
      pending->reference = &references[r];
      pending->id = g_strndup (value->text, value->len);
      g_ptr_array_add (unresolved, pending);
    }
  return TRUE;
}

static gboolean
check_unresolved (SpaStore   *store,
                  GPtrArray  *unresolved,
                  GError    **error)
{
  for (guint i = 0; i < unresolved->len; i++)
    {
      Unresolved *pending = unresolved->pdata[i];
      g_autoptr(GError) local_error = NULL;
      const char *field;

      if (reference_found (store, pending->reference, pending->id, -1, &local_error))
        continue;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      field = pending->info->fields[pending->reference->field_index].name;
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                _("The value of “%s” names a record the server did not send."),
                                spa_entity_field_label (pending->info, field));
      return FALSE;
    }
  return TRUE;
}

/*
 * One record from a pulled page. Records this device has unsent changes for are
 * rebased through SpaRecord (apply_server_record); the rest, nearly all of a large
 * pull, are bound straight from the page into one prepared upsert.
 */
static gboolean
apply_wire_change (SpaStore             *store,
                   const SpaEntityInfo  *info,
                   const SpaWireChange  *change,
                   gboolean              outbox_empty,
                   gboolean              resync,
                   GPtrArray            *unresolved,
                   GError              **error)
{
  const SpaWireMember *columns[N_COMMON + 64] = { NULL, };
  g_autoptr(SpaStmt) stmt = NULL;
  const SpaWireMember *id;
  guint64 mask = 0;

  g_assert (info->n_fields <= 64 - N_COMMON);

  for (guint i = 0; i < change->n_members; i++)
    {
      const SpaWireMember *member = &change->members[i];
      int column = column_of (info, member, i);
      gboolean fits;

      if (column < 0)
        {
          g_autofree char *name = g_strndup (member->name, member->name_len);

          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, name,
                                    _("“%s” is not a field of a %s record."), name, info->name);
          return FALSE;
        }
      if (column >= N_COMMON)
        fits = wire_type_fits (info->fields[column - N_COMMON].type, member->kind);
      else if (column == 1)
        fits = member->kind == SPA_WIRE_INTEGER;
      else if (column == 4)
        fits = wire_type_fits (SPA_FIELD_BOOLEAN, member->kind);
      else
        fits = member->kind == SPA_WIRE_STRING || (column != 0 && member->kind == SPA_WIRE_NULL);
      if (!fits)
        {
          if (column == 0)
            spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "id",
                                      _("The record has no identifier."));
          else
            {
              const char *name = column < N_COMMON ? common_columns[column]
                                                    : info->fields[column - N_COMMON].name;

              spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, name,
                                        _("The value of “%s” has the wrong type."),
                                        spa_entity_field_label (info, name));
            }
          return FALSE;
        }
      columns[column] = member;
      mask |= G_GUINT64_CONSTANT (1) << column;
    }

  id = columns[0];
  if (id == NULL)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "id",
                                _("The record has no identifier."));
      return FALSE;
    }

  if (resync)
    {
      stmt = spa_store_prepare (store, "INSERT OR IGNORE INTO sync_resync_seen (entity, record_id) VALUES (?, ?)",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, info->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, id->text, id->len, SQLITE_STATIC);
      if (!spa_store_step_done (store, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, spa_stmt_release);
    }

  if (!outbox_empty && has_pending (store, info->name, id->text, id->len))
    {
      g_autofree char *text = g_strndup (change->record, change->record_len);
      g_autoptr(JsonNode) record = json_from_string (text, error);

      if (record == NULL || !apply_server_record (store, info->name, json_node_get_object (record), error))
        return FALSE;
      return note_references (store, info, columns, unresolved, error);
    }

  stmt = spa_store_prepare (store, upsert_sql (store, info, mask), error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < N_COMMON + info->n_fields; i++)
    if (columns[i] != NULL)
      bind_wire (stmt, i + 1, columns[i]);
  if (!spa_store_step_done (store, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, spa_stmt_release);
  return note_references (store, info, columns, unresolved, error);
}

/**
 * spa_sync_local_apply_page:
 * @page: a pulled page
 * @touched: (nullable): a set to add the names of the entities written to
 *
 * Applies one page and moves the cursor in the same transaction, only after every
 * row applied and every reference of the page's records found (note_references()):
 * foreign keys are off while it is written, so that its records may come in any
 * order. Change notifications are left to the caller, which may apply several pages
 * in one outer transaction (see spa-sync-pull.c).
 */
gboolean
spa_sync_local_apply_page (SpaStore     *store,
                           SpaPullPage  *page,
                           GHashTable   *touched,
                           GError      **error)
{
  sqlite3 *db = spa_store_get_db (store);
  g_autofree char *cursor_text = NULL;
  gboolean resync = spa_sync_local_in_resync (store);
  gboolean outbox_empty = spa_store_outbox_pending (store) == 0;
  gboolean outermost = sqlite3_get_autocommit (db);
  g_autoptr(GPtrArray) unresolved = g_ptr_array_new_with_free_func ((GDestroyNotify)unresolved_free);
  gboolean ok = FALSE;

  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, spa_pull_page_get_cursor (page));

  /* Foreign keys can only be switched outside a transaction; the pull worker's own
   * connection keeps them off. */
  if (outermost)
    spa_store_exec (store, "PRAGMA foreign_keys = OFF", NULL);
  if (!spa_store_begin (store, error))
    goto out;

  for (guint i = 0; i < spa_pull_page_get_n_changes (page); i++)
    {
      const SpaWireChange *change = spa_pull_page_get_change (page, i);
      const SpaEntityInfo *info = NULL;

      if (change->entity != NULL && change->entity_len < 64)
        {
          char name[64];

          memcpy (name, change->entity, change->entity_len);
          name[change->entity_len] = '\0';
          info = spa_entity_lookup (name);
        }
      if (info == NULL || change->record == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The server sent a malformed change."));
          goto rollback;
        }

      /* The error is shown in the header's sync status: say what happened before the
       * detail. Nothing of the page is kept; the next sync asks for it again. */
      if (!apply_wire_change (store, info, change, outbox_empty, resync, unresolved, error))
        {
          g_prefix_error (error, _("A change from the sync server could not be stored: "));
          goto rollback;
        }
      if (touched != NULL)
        g_hash_table_add (touched, (gpointer)info->name);
    }

  if (!check_unresolved (store, unresolved, error))
    {
      g_prefix_error (error, _("A change from the sync server could not be stored: "));
      goto rollback;
    }

  if (!spa_sync_local_set_state (store, "cursor", cursor_text, error) ||
      (resync && !spa_pull_page_get_has_more (page) && !finish_resync (store, error)))
    goto rollback;

  ok = spa_store_commit (store, error);
  goto out;

rollback:
  spa_store_rollback (store);
out:
  if (outermost)
    spa_store_exec (store, "PRAGMA foreign_keys = ON", NULL);
  return ok;
}

/**
 * spa_sync_local_apply_pull:
 * @body: the body of a 200 pull response
 * @has_more: (out): whether another page follows
 *
 * Reads and applies one page (spa_sync_local_apply_page()), then tells the store's
 * listeners what changed.
 */
gboolean
spa_sync_local_apply_pull (SpaStore    *store,
                           GBytes      *body,
                           gboolean    *has_more,
                           GError     **error)
{
  g_autoptr(SpaPullPage) page = NULL;

  page = spa_pull_page_parse (body, error);
  if (page == NULL || !spa_sync_local_apply_pulled (store, page, error))
    return FALSE;
  *has_more = spa_pull_page_get_has_more (page);
  return TRUE;
}

/**
 * spa_sync_local_apply_pulled:
 * @page: a page read with spa_pull_page_parse()
 *
 * Applies one page (spa_sync_local_apply_page()), then tells the store's listeners
 * what changed.
 */
gboolean
spa_sync_local_apply_pulled (SpaStore     *store,
                             SpaPullPage  *page,
                             GError      **error)
{
  g_autoptr(GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer entity;

  if (!spa_sync_local_apply_page (store, page, touched, error))
    return FALSE;
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &entity, NULL))
    spa_store_notify_changed (store, entity, NULL);
  return TRUE;
}

/**
 * spa_sync_local_is_pending:
 *
 * Returns: %TRUE if the mutation waits for an outcome from the server
 */
gboolean
spa_sync_local_is_pending (SpaStore *store,
                           gint64    mutation_id)
{
  __attribute__((cleanup (outbox_row_clear))) OutboxRow row = { 0 };

  return read_pending (store, mutation_id, &row);
}

/**
 * spa_sync_local_begin_resync:
 *
 * After a 410: pull everything again from the start. The outbox is kept; pending
 * changes are rebased onto the fresh copies like any others.
 */
gboolean
spa_sync_local_begin_resync (SpaStore  *store,
                             GError   **error)
{
  if (!spa_store_begin (store, error))
    return FALSE;
  if (!spa_store_exec (store, "DELETE FROM sync_resync_seen", error) ||
      !spa_sync_local_set_state (store, "cursor", "0", error) ||
      !spa_sync_local_set_state (store, "resync", "1", error))
    {
      spa_store_rollback (store);
      return FALSE;
    }
  return spa_store_commit (store, error);
}

/**
 * spa_sync_local_reject:
 *
 * Settles a mutation the server refused as a whole request (403, or a single
 * mutation it cannot parse), so that it does not block the ones after it.
 */
gboolean
spa_sync_local_reject (SpaStore    *store,
                       gint64       mutation_id,
                       const char  *code,
                       const char  *message,
                       GError     **error)
{
  __attribute__((cleanup (outbox_row_clear))) OutboxRow row = { 0 };
  g_autoptr(JsonObject) result = json_object_new ();

  if (!read_pending (store, mutation_id, &row))
    return TRUE;

  json_object_set_int_member (result, "mutation_id", mutation_id);
  json_object_set_string_member (result, "status", "rejected");
  json_object_set_string_member (result, "code", code);
  json_object_set_string_member (result, "message", message ? message : "");

  if (!spa_store_begin (store, error))
    return FALSE;
  if (!set_outcome (store, mutation_id, "rejected", result, error) ||
      !flag_rejected (store, row.entity, row.record_id, mutation_id, code, message, error))
    {
      spa_store_rollback (store);
      return FALSE;
    }
  return spa_store_commit (store, error);
}

static gint64
count (SpaStore   *store,
       const char *sql)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

gint64
spa_sync_local_count_conflicts (SpaStore *store)
{
  return count (store, "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL");
}

gint64
spa_sync_local_count_rejected (SpaStore *store)
{
  return count (store, "SELECT count(*) FROM sync_rejected");
}

/**
 * spa_sync_local_list_conflicts:
 *
 * Returns: (transfer full) (element-type SpaSyncConflict): the open conflicts, oldest first
 */
GPtrArray *
spa_sync_local_list_conflicts (SpaStore  *store,
                               GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)spa_sync_conflict_free);
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "SELECT conflict_id, coalesce (mutation_id, 0), entity, record_id,"
                            " local_fields, server_record, created_at FROM sync_conflict"
                            " WHERE resolved_at IS NULL ORDER BY conflict_id",
                            error);
  if (stmt == NULL)
    return NULL;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SpaSyncConflict *conflict = g_new0 (SpaSyncConflict, 1);
      g_autoptr(JsonNode) local = json_from_string ((const char *)sqlite3_column_text (stmt, 4), NULL);
      g_autoptr(JsonNode) server = json_from_string ((const char *)sqlite3_column_text (stmt, 5), NULL);

      conflict->conflict_id = sqlite3_column_int64 (stmt, 0);
      conflict->mutation_id = sqlite3_column_int64 (stmt, 1);
      conflict->entity = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      conflict->record_id = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      conflict->local_fields = local && JSON_NODE_HOLDS_OBJECT (local)
        ? json_object_ref (json_node_get_object (local)) : json_object_new ();
      conflict->server_record = server && JSON_NODE_HOLDS_OBJECT (server)
        ? json_object_ref (json_node_get_object (server)) : json_object_new ();
      conflict->created_at = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      g_ptr_array_add (list, conflict);
    }

  return g_steal_pointer (&list);
}

/**
 * spa_sync_local_resolve_conflict:
 * @keep_mine: send the losing values again, on top of the record as it is now;
 *   otherwise keep the server's values
 *
 * Resolves a conflict in one transaction with the new outbox entry, if any.
 */
gboolean
spa_sync_local_resolve_conflict (SpaStore    *store,
                                 gint64       conflict_id,
                                 gboolean     keep_mine,
                                 GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(JsonNode) local = NULL;
  g_autoptr(SpaRecord) record = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *record_id = NULL;
  g_autofree char *now = spa_store_now_utc (store);

  stmt = spa_store_prepare (store,
                            "SELECT entity, record_id, local_fields FROM sync_conflict"
                            " WHERE conflict_id = ? AND resolved_at IS NULL",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                   _("This conflict was already resolved."));
      return FALSE;
    }
  entity = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  record_id = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  local = json_from_string ((const char *)sqlite3_column_text (stmt, 2), NULL);
  g_clear_pointer (&stmt, spa_stmt_release);

  if (spa_entity_lookup (entity) == NULL)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED, _("Unknown kind of record “%s”."), entity);
      return FALSE;
    }

  if (!spa_store_begin (store, error))
    return FALSE;

  if (keep_mine && local != NULL && JSON_NODE_HOLDS_OBJECT (local))
    {
      JsonObject *fields = json_node_get_object (local);
      g_autoptr(JsonObject) send = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;
      gboolean is_delete = json_object_has_member (fields, "deleted") &&
                           json_object_get_size (fields) == 1;

      record = spa_store_get (store, entity, record_id, error);
      if (record == NULL)
        goto failed;

      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (g_str_equal (name, "deleted"))
            continue;
          spa_record_set_field_node (record, name, value, NULL);
          json_object_set_member (send, name, json_node_copy (value));
        }

      /* Mine on an edit that met a delete brings the record back. */
      if (is_delete)
        spa_record_set_deleted (record, TRUE);
      else if (spa_record_get_deleted (record))
        {
          spa_record_set_deleted (record, FALSE);
          g_clear_pointer (&send, json_object_unref);
          send = json_object_ref (spa_record_get_fields (record));
        }

      spa_record_set_timestamps (record, spa_record_get_created_at (record), now);
      if (!spa_store_write_row (store, record, FALSE, error) ||
          !spa_store_append_outbox (store, entity, record_id, is_delete ? "delete" : "upsert",
                                    spa_record_get_version (record), is_delete ? NULL : send, error))
        goto failed;
    }

  stmt = spa_store_prepare (store,
                            "UPDATE sync_conflict SET resolved_at = ?, resolution = ? WHERE conflict_id = ?",
                            error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, keep_mine ? "mine" : "theirs", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, conflict_id);
  if (!spa_store_step_done (store, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, spa_stmt_release);

  if (!spa_store_commit (store, error))
    return FALSE;

  spa_store_notify_changed (store, entity, record_id);
  return TRUE;

failed:
  g_clear_pointer (&stmt, spa_stmt_release);
  spa_store_rollback (store);
  return FALSE;
}

/**
 * spa_sync_local_get_rejection:
 * @code: (out) (optional): the server's reason code, such as `booking_overlap`
 *
 * Returns: (transfer full) (nullable): the server's message if it refused this record
 */
char *
spa_sync_local_get_rejection (SpaStore    *store,
                              const char  *entity,
                              const char  *record_id,
                              char       **code)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "SELECT code, coalesce (message, '') FROM sync_rejected"
                            " WHERE entity = ? AND record_id = ?",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (code)
    *code = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  return g_strdup ((const char *)sqlite3_column_text (stmt, 1));
}

/**
 * spa_sync_local_is_unconfirmed:
 *
 * Returns: %TRUE if the record has changes the server has not accepted yet
 */
gboolean
spa_sync_local_is_unconfirmed (SpaStore   *store,
                               const char *entity,
                               const char *record_id)
{
  return has_pending (store, entity, record_id, -1);
}

/**
 * spa_sync_local_has_synced:
 *
 * Returns: %TRUE once this desk has pulled from a server, so that "not yet confirmed"
 *   means something (a desk working alone confirms nothing)
 */
gboolean
spa_sync_local_has_synced (SpaStore *store)
{
  g_autofree char *cursor = spa_sync_local_get_state (store, "cursor");

  return cursor != NULL;
}
