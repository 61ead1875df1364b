/* spa-server-storage-sqlite.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-storage"

#include "config.h"

#include "spa-json.h"
#include "spa-server-storage.h"
#include "spa-store-private.h"

/*
 * The server's storage on SQLite: the desk's own schema, through the store, plus the
 * server_* tables of migration 4 (a change log whose sequence is both the pull cursor
 * and the record version, a version and writer per field, every device's mutation
 * results, the users). The server's store lock serialises its writers, so a sequence
 * number is assigned inside the transaction that commits the change.
 *
 * The PostgreSQL storage keeps its working copy of the records, field versions and log
 * in such a store too, and reads pull pages from it with the functions at the end.
 */

void
spa_server_user_free (SpaServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user->role);
  g_free (user->token_hash);
  g_free (user->created_at);
  g_free (user->revoked_at);
  g_free (user->therapist_id);
  g_free (user->pin_hash);
  g_free (user->sign_salt);
  g_free (user->sign_key);
  g_free (user);
}

void
spa_server_change_clear (SpaServerChange *change)
{
  g_clear_pointer (&change->entity, g_free);
  g_clear_pointer (&change->record_id, g_free);
}

/* A claimed message's id, recipient, message and attempts, as both back-ends' claim
 * returns them (texts, all NULL for none): the strings move to the caller. */
void
spa_server_claimed_mail_take (char   **out,
                              gint64  *id,
                              char   **recipient,
                              char   **message,
                              gint64  *attempts)
{
  *id = out[0] ? g_ascii_strtoll (out[0], NULL, 10) : 0;
  *recipient = out[1];
  *message = out[2];
  *attempts = out[3] ? g_ascii_strtoll (out[3], NULL, 10) : 0;
  g_free (out[0]);
  g_free (out[3]);
}

static char *
column_text (SpaStmt *stmt,
             int      column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static void
bind_nullable (SpaStmt    *stmt,
               int         index,
               const char *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static gboolean
sqlite_begin (SpaServerStorage  *self,
              GError           **error)
{
  return spa_store_begin (self->store, error);
}

static gboolean
sqlite_commit (SpaServerStorage  *self,
               GError           **error)
{
  return spa_store_commit (self->store, error);
}

static void
sqlite_rollback (SpaServerStorage *self)
{
  spa_store_rollback (self->store);
}

static gboolean
sqlite_refresh (SpaServerStorage  *self,
                GError           **error)
{
  return TRUE;
}

static gboolean
sqlite_field_version (SpaServerStorage  *self,
                      const char        *entity,
                      const char        *id,
                      const char        *field,
                      gint64            *version,
                      char             **device_id)
{
  g_autoptr(SpaStmt) stmt = NULL;

  *version = 0;
  *device_id = NULL;
  stmt = spa_store_prepare (self->store,
                            "SELECT version, device_id FROM server_field"
                            " WHERE entity = ? AND record_id = ? AND field = ?",
                            NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *version = sqlite3_column_int64 (stmt, 0);
      *device_id = column_text (stmt, 1);
    }
  return TRUE;
}

static gboolean
sqlite_set_field_versions (SpaServerStorage    *self,
                           const char          *entity,
                           const char          *id,
                           const char * const  *fields,
                           guint                n_fields,
                           gint64               version,
                           const char          *device_id,
                           GError             **error)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(SpaStmt) stmt = NULL;

      stmt = spa_store_prepare (self->store,
                                "INSERT OR REPLACE INTO server_field (entity, record_id, field, "
                                "version, device_id) VALUES (?, ?, ?, ?, ?)",
                                error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, fields[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, version);
      bind_nullable (stmt, 5, device_id);
      if (!spa_store_step_done (self->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
sqlite_fields_changed_since (SpaServerStorage  *self,
                             const char        *entity,
                             const char        *id,
                             gint64             base_version,
                             const char        *device_id,
                             GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  GPtrArray *fields;

  stmt = spa_store_prepare (self->store,
                            "SELECT field FROM server_field WHERE entity = ? AND record_id = ?"
                            " AND version > ? AND (device_id IS NULL OR device_id != ?)",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, base_version);
  sqlite3_bind_text (stmt, 4, device_id, -1, SQLITE_TRANSIENT);
  fields = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (fields, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  return fields;
}

/* The sequence is taken in the write transaction: no gaps, no commit-order surprises. */
static gint64
sqlite_log_change (SpaServerStorage  *self,
                   const char        *entity,
                   const char        *id,
                   const char        *device_id,
                   gint64             mutation_id,
                   GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (self->store,
                            "INSERT INTO server_change (entity, record_id, device_id, mutation_id)"
                            " VALUES (?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  bind_nullable (stmt, 3, device_id);
  sqlite3_bind_int64 (stmt, 4, mutation_id);
  if (!spa_store_step_done (self->store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (spa_store_get_db (self->store));
}

static gboolean
sqlite_write_record (SpaServerStorage  *self,
                     SpaRecord         *record,
                     GError           **error)
{
  return spa_store_write_row (self->store, record, FALSE, error);
}

static gboolean
sqlite_device_last (SpaServerStorage  *self,
                    const char        *device_id,
                    const char        *user_name,
                    gint64            *last,
                    GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  *last = 0;
  stmt = spa_store_prepare (self->store,
                            "INSERT INTO server_device (device_id, user_name) VALUES (?, ?)"
                            " ON CONFLICT (device_id) DO NOTHING",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  bind_nullable (stmt, 2, user_name);
  if (!spa_store_step_done (self->store, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, spa_stmt_release);

  stmt = spa_store_prepare (self->store,
                            "SELECT last_mutation_id FROM server_device WHERE device_id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *last = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
sqlite_set_device_last (SpaServerStorage  *self,
                        const char        *device_id,
                        gint64             last,
                        GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (self->store,
                            "UPDATE server_device SET last_mutation_id = ? WHERE device_id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (self->store, stmt, error);
}

static gboolean
sqlite_store_result (SpaServerStorage  *self,
                     const char        *device_id,
                     gint64             mutation_id,
                     const char        *result,
                     GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (self->store,
                            "INSERT OR REPLACE INTO server_result (device_id, mutation_id, result)"
                            " VALUES (?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, mutation_id);
  sqlite3_bind_text (stmt, 3, result, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (self->store, stmt, error);
}

static char *
sqlite_load_result (SpaServerStorage *self,
                    const char       *device_id,
                    gint64            mutation_id)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (self->store,
                            "SELECT result FROM server_result WHERE device_id = ? AND mutation_id "
                            "= ?",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, mutation_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return column_text (stmt, 0);
}

static gboolean
sqlite_add_user (SpaServerStorage  *self,
                 const char        *name,
                 const char        *role,
                 const char        *token_hash,
                 const char        *created_at,
                 GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (self->store,
                            "INSERT INTO server_user (name, role, token_hash, created_at)"
                            " VALUES (?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, created_at, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (self->store, stmt, error);
}

/* Runs @sql, whose last parameter is the user's name, with @values before it. */
static gboolean
update_user (SpaServerStorage   *self,
             const char         *sql,
             const char * const *values,
             guint               n_values,
             const char         *name,
             gboolean           *found,
             GError            **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self->store, sql, error);

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_values; i++)
    bind_nullable (stmt, i + 1, values[i]);
  sqlite3_bind_text (stmt, n_values + 1, name, -1, SQLITE_TRANSIENT);
  if (!spa_store_step_done (self->store, stmt, error))
    return FALSE;
  *found = sqlite3_changes (spa_store_get_db (self->store)) > 0;
  return TRUE;
}

static gboolean
sqlite_set_user_therapist (SpaServerStorage  *self,
                           const char        *name,
                           const char        *therapist_id,
                           gboolean          *found,
                           GError           **error)
{
  const char *values[] = { therapist_id };

  return update_user (self,
                      "UPDATE server_user SET therapist_id = ? WHERE name = ? AND revoked_at IS "
                      "NULL",
                      values, G_N_ELEMENTS (values), name, found, error);
}

static gboolean
sqlite_set_user_pin (SpaServerStorage  *self,
                     const char        *name,
                     const char        *pin_hash,
                     const char        *sign_salt,
                     const char        *sign_key,
                     gboolean          *found,
                     GError           **error)
{
  const char *values[] = { pin_hash, sign_salt, sign_key };

  return update_user (self,
                      "UPDATE server_user SET pin_hash = ?, sign_salt = ?, sign_key = ?"
                      " WHERE name = ? AND revoked_at IS NULL",
                      values, G_N_ELEMENTS (values), name, found, error);
}

static gboolean
sqlite_revoke_user (SpaServerStorage  *self,
                    const char        *name,
                    const char        *revoked_at,
                    gboolean          *found,
                    GError           **error)
{
  const char *values[] = { revoked_at };

  return update_user (self,
                      "UPDATE server_user SET revoked_at = ? WHERE name = ? AND revoked_at IS "
                      "NULL",
                      values, G_N_ELEMENTS (values), name, found, error);
}

#define USER_COLUMNS "name, role, token_hash, created_at, revoked_at, therapist_id, pin_hash," \
                     " sign_salt, sign_key"

static SpaServerUser *
user_from_row (SpaStmt *stmt)
{
  SpaServerUser *user = g_new0 (SpaServerUser, 1);

  user->name = column_text (stmt, 0);
  user->role = column_text (stmt, 1);
  user->token_hash = column_text (stmt, 2);
  user->created_at = column_text (stmt, 3);
  user->revoked_at = column_text (stmt, 4);
  user->therapist_id = column_text (stmt, 5);
  user->pin_hash = column_text (stmt, 6);
  user->sign_salt = column_text (stmt, 7);
  user->sign_key = column_text (stmt, 8);
  return user;
}

static SpaServerUser *
find_user_by (SpaServerStorage  *self,
              const char        *sql,
              const char        *value,
              GError           **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self->store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return user_from_row (stmt);
}

static SpaServerUser *
sqlite_find_user (SpaServerStorage *self,
                  const char       *name)
{
  return find_user_by (self, "SELECT " USER_COLUMNS " FROM server_user WHERE name = ?", name,
                       NULL);
}

static SpaServerUser *
sqlite_find_token (SpaServerStorage  *self,
                   const char        *token_hash,
                   GError           **error)
{
  return find_user_by (self,
                       "SELECT " USER_COLUMNS " FROM server_user"
                       " WHERE token_hash = ? AND revoked_at IS NULL",
                       token_hash, error);
}

static GPtrArray *
sqlite_list_users (SpaServerStorage  *self,
                   GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  GPtrArray *users;

  stmt = spa_store_prepare (self->store,
                            "SELECT " USER_COLUMNS " FROM server_user ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  users = g_ptr_array_new_with_free_func ((GDestroyNotify)spa_server_user_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (users, user_from_row (stmt));
  return users;
}

static GArray *
sqlite_changes_since (SpaServerStorage  *self,
                      gint64             since,
                      gint64             limit,
                      GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  GArray *changes;

  stmt = spa_store_prepare (self->store,
                            "SELECT seq, entity, record_id FROM server_change WHERE seq > ?"
                            " ORDER BY seq LIMIT ?",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  changes = g_array_new (FALSE, TRUE, sizeof (SpaServerChange));
  g_array_set_clear_func (changes, (GDestroyNotify)spa_server_change_clear);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SpaServerChange change = {
        .seq = sqlite3_column_int64 (stmt, 0),
        .entity = column_text (stmt, 1),
        .record_id = column_text (stmt, 2),
      };

      g_array_append_val (changes, change);
    }
  return changes;
}

static gint64
sqlite_max_seq (SpaServerStorage *self)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self->store,
                                               "SELECT coalesce ((SELECT seq FROM sqlite_sequence"
                                               " WHERE name = 'server_change'), 0)",
                                               NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

static gint64
sqlite_min_cursor (SpaServerStorage *self)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self->store,
                                               "SELECT value FROM server_meta WHERE key = "
                                               "'min_cursor'",
                                               NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW ||
      sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return 0;
  return g_ascii_strtoll ((const char *)sqlite3_column_text (stmt, 0), NULL, 10);
}

static gboolean
sqlite_compact (SpaServerStorage  *self,
                GError           **error)
{
  SpaStore *store = self->store;
  const SpaEntityInfo **entities;
  guint n_entities;
  g_autoptr(SpaStmt) stmt = NULL;

  if (!spa_store_begin (store, error))
    return FALSE;

  if (!spa_store_exec (store,
                       "DELETE FROM server_change WHERE seq NOT IN"
                       " (SELECT max (seq) FROM server_change GROUP BY entity, record_id)",
                       error))
    goto failed;

  entities = spa_entity_list (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("DELETE FROM server_change WHERE entity = '%s' AND record_id IN"
                         " (SELECT id FROM %s WHERE deleted = 1)",
                         entities[i]->name, entities[i]->name);

      if (!spa_store_exec (store, sql, error))
        goto failed;
    }

  stmt = spa_store_prepare (store,
                            "INSERT OR REPLACE INTO server_meta (key, value) VALUES "
                            "('min_cursor', ?)",
                            error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, sqlite_max_seq (self));
  if (!spa_store_step_done (store, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, spa_stmt_release);

  return spa_store_commit (store, error);

failed:
  g_clear_pointer (&stmt, spa_stmt_release);
  spa_store_rollback (store);
  return FALSE;
}

/* ---- the server's settings, calendar feeds and online booking ---- */

/* Runs @sql with @values bound in order (%NULL as NULL); *changes (optional) is how
 * many rows it changed. */
static gboolean
run (SpaServerStorage    *self,
     const char          *sql,
     const char * const  *values,
     guint                n_values,
     guint               *changes,
     GError             **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_values; i++)
    bind_nullable (stmt, i + 1, values[i]);
  if (!spa_store_step_done (self->store, stmt, error))
    return FALSE;
  if (changes != NULL)
    *changes = sqlite3_changes (spa_store_get_db (self->store));
  return TRUE;
}

/* The @n_out columns of @sql's first row into @out, each %NULL when there is none. */
static gboolean
lookup (SpaServerStorage    *self,
        const char          *sql,
        const char * const  *values,
        guint                n_values,
        char               **out,
        guint                n_out,
        GError             **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self->store, sql, error);

  for (guint i = 0; i < n_out; i++)
    out[i] = NULL;
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_values; i++)
    bind_nullable (stmt, i + 1, values[i]);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (guint i = 0; i < n_out; i++)
      out[i] = column_text (stmt, i);
  return TRUE;
}

static gboolean
sqlite_get_setting (SpaServerStorage  *self,
                    const char        *key,
                    char             **value,
                    GError           **error)
{
  const char *values[] = { key };

  return lookup (self, "SELECT value FROM server_setting WHERE key = ?", values, 1, value, 1,
                 error);
}

static gboolean
sqlite_set_setting (SpaServerStorage  *self,
                    const char        *key,
                    const char        *value,
                    GError           **error)
{
  const char *values[] = { key, value };

  if (value == NULL)
    return run (self, "DELETE FROM server_setting WHERE key = ?", values, 1, NULL, error);
  return run (self, "INSERT OR REPLACE INTO server_setting (key, value) VALUES (?, ?)", values,
              2, NULL, error);
}

static gboolean
sqlite_add_feed (SpaServerStorage  *self,
                 const char        *token_hash,
                 const char        *therapist_id,
                 const char        *created_at,
                 GError           **error)
{
  const char *values[] = { token_hash, therapist_id, created_at };

  return run (self,
              "INSERT INTO server_calendar_feed (token_hash, therapist_id, created_at)"
              " VALUES (?, ?, ?)",
              values, G_N_ELEMENTS (values), NULL, error);
}

static gboolean
sqlite_revoke_feeds (SpaServerStorage  *self,
                     const char        *therapist_id,
                     const char        *revoked_at,
                     guint             *n_revoked,
                     GError           **error)
{
  const char *values[] = { revoked_at, therapist_id };

  *n_revoked = 0;
  return run (self,
              "UPDATE server_calendar_feed SET revoked_at = ?"
              " WHERE therapist_id = ? AND revoked_at IS NULL",
              values, G_N_ELEMENTS (values), n_revoked, error);
}

static gboolean
sqlite_find_feed (SpaServerStorage  *self,
                  const char        *token_hash,
                  char             **therapist_id,
                  GError           **error)
{
  const char *values[] = { token_hash };

  return lookup (self,
                 "SELECT therapist_id FROM server_calendar_feed"
                 " WHERE token_hash = ? AND revoked_at IS NULL",
                 values, 1, therapist_id, 1, error);
}

static gboolean
sqlite_add_link (SpaServerStorage  *self,
                 const char        *token_hash,
                 const char        *kind,
                 const char        *booking_id,
                 const char        *client_id,
                 const char        *expires_at,
                 GError           **error)
{
  const char *values[] = { token_hash, kind, booking_id, client_id, expires_at };

  return run (self,
              "INSERT INTO public_link (token_hash, kind, booking_id, client_id, expires_at)"
              " VALUES (?, ?, ?, ?, ?)",
              values, G_N_ELEMENTS (values), NULL, error);
}

static gboolean
sqlite_find_link (SpaServerStorage  *self,
                  const char        *token_hash,
                  const char        *kind,
                  const char        *now,
                  char             **booking_id,
                  gboolean          *used,
                  GError           **error)
{
  const char *values[] = { token_hash, kind, now };
  char *out[2];
  gboolean ok;

  ok = lookup (self,
               "SELECT booking_id, EXISTS (SELECT 1 FROM public_link AS sent"
               "   WHERE sent.booking_id = public_link.booking_id"
               "   AND sent.kind = public_link.kind AND sent.used_at IS NOT NULL)"
               " FROM public_link"
               " WHERE token_hash = ? AND kind = ? AND expires_at > ?",
               values, G_N_ELEMENTS (values), out, 2, error);
  *booking_id = out[0];
  *used = g_strcmp0 (out[1], "1") == 0;
  g_free (out[1]);
  return ok;
}

static gboolean
sqlite_use_link (SpaServerStorage  *self,
                 const char        *token_hash,
                 const char        *used_at,
                 GError           **error)
{
  const char *values[] = { used_at, token_hash };

  return run (self, "UPDATE public_link SET used_at = ? WHERE token_hash = ?", values, 2, NULL,
              error);
}

static gboolean
sqlite_find_request (SpaServerStorage  *self,
                     const char        *key,
                     char             **tag,
                     char             **answer,
                     GError           **error)
{
  const char *values[] = { key };
  char *out[2];
  gboolean ok;

  ok = lookup (self, "SELECT booking_id, response FROM public_request WHERE idempotency_key = ?",
               values, 1, out, 2, error);
  *tag = out[0];
  *answer = out[1];
  return ok;
}

static gboolean
sqlite_add_request (SpaServerStorage  *self,
                    const char        *key,
                    const char        *tag,
                    const char        *answer,
                    const char        *created_at,
                    GError           **error)
{
  const char *values[] = { key, tag, answer, created_at };

  return run (self,
              "INSERT INTO public_request (idempotency_key, booking_id, response, created_at)"
              " VALUES (?, ?, ?, ?)",
              values, G_N_ELEMENTS (values), NULL, error);
}

/* Every row of @sql, its @n_columns text columns one after another (%NULL for a
 * null); %NULL with @error when the store fails. */
static GPtrArray *
rows (SpaServerStorage    *self,
      const char          *sql,
      const char * const  *values,
      guint                n_values,
      guint                n_columns,
      GError             **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self->store, sql, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_values; i++)
    bind_nullable (stmt, i + 1, values[i]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint i = 0; i < n_columns; i++)
      g_ptr_array_add (out, column_text (stmt, i));
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (self->store, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
sqlite_add_offer (SpaServerStorage  *self,
                  const char        *token_hash,
                  const char        *freed_id,
                  const char        *entry_id,
                  const char        *client_id,
                  const char        *created_at,
                  const char        *expires_at,
                  GError           **error)
{
  const char *values[] = { token_hash, freed_id, entry_id, client_id, created_at, expires_at };

  return run (self,
              "INSERT INTO server_waitlist_offer (token_hash, freed_booking_id, entry_id,"
              " client_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
              values, G_N_ELEMENTS (values), NULL, error);
}

static gboolean
sqlite_has_offers (SpaServerStorage  *self,
                   const char        *freed_id,
                   gboolean          *found,
                   GError           **error)
{
  const char *values[] = { freed_id };
  g_autofree char *one = NULL;
  gboolean ok = lookup (self, "SELECT 1 FROM server_waitlist_offer WHERE freed_booking_id = ?",
                        values, 1, &one, 1, error);

  *found = one != NULL;
  return ok;
}

static gboolean
sqlite_find_offer (SpaServerStorage  *self,
                   const char        *token_hash,
                   const char        *now,
                   char              *out[7],
                   GError           **error)
{
  const char *values[] = { now, token_hash };

  return lookup (self,
                 "SELECT freed_booking_id, entry_id, client_id, outcome, booking_id,"
                 " EXISTS (SELECT 1 FROM server_waitlist_offer AS o"
                 "   WHERE o.freed_booking_id = server_waitlist_offer.freed_booking_id"
                 "   AND o.outcome = 'booked'), expires_at <= ?"
                 " FROM server_waitlist_offer WHERE token_hash = ?",
                 values, G_N_ELEMENTS (values), out, 7, error);
}

static gboolean
sqlite_settle_offer (SpaServerStorage  *self,
                     const char        *token_hash,
                     const char        *used_at,
                     const char        *outcome,
                     const char        *booking_id,
                     GError           **error)
{
  const char *values[] = { used_at, outcome, booking_id, token_hash };

  return run (self,
              "UPDATE server_waitlist_offer SET used_at = ?, outcome = ?, booking_id = ?"
              " WHERE token_hash = ?",
              values, G_N_ELEMENTS (values), NULL, error);
}

static GPtrArray *
sqlite_open_offers (SpaServerStorage  *self,
                    const char        *freed_id,
                    const char        *entry_id,
                    const char        *now,
                    GError           **error)
{
  const char *values[] = { now, freed_id, entry_id };

  return rows (self,
               "SELECT token_hash, freed_booking_id, entry_id, client_id, expires_at <= ?1"
               " FROM server_waitlist_offer WHERE outcome IS NULL"
               " AND (?2 IS NULL OR freed_booking_id = ?2) AND (?3 IS NULL OR entry_id = ?3)"
               " ORDER BY created_at, token_hash",
               values, G_N_ELEMENTS (values), 5, error);
}

static gboolean
sqlite_has_mail (SpaServerStorage  *self,
                 const char        *key,
                 gboolean          *found,
                 GError           **error)
{
  const char *values[] = { key };
  g_autofree char *one = NULL;
  gboolean ok = lookup (self, "SELECT 1 FROM server_mail WHERE dedupe_key = ?", values, 1, &one,
                        1, error);

  *found = one != NULL;
  return ok;
}

static gboolean
sqlite_add_mail (SpaServerStorage  *self,
                 const char        *kind,
                 const char        *key,
                 const char        *booking_id,
                 const char        *client_id,
                 const char        *recipient,
                 const char        *message,
                 const char        *now,
                 GError           **error)
{
  const char *values[] = { kind, key, booking_id, client_id, recipient, message, now };

  return run (self,
              "INSERT OR IGNORE INTO server_mail (kind, dedupe_key, booking_id, client_id,"
              " recipient, message, next_attempt_at, created_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
              values, G_N_ELEMENTS (values), NULL, error);
}

static GHashTable *
sqlite_queued_keys (SpaServerStorage    *self,
                    const char * const  *keys,
                    guint                n_keys,
                    GError             **error)
{
  g_autoptr(GHashTable) queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n_keys; i++)
    {
      gboolean found;

      if (!sqlite_has_mail (self, keys[i], &found, error))
        return NULL;
      if (found)
        g_hash_table_add (queued, g_strdup (keys[i]));
    }
  return g_steal_pointer (&queued);
}

/* One process: the owner and its lease need no column. */
static gboolean
sqlite_claim_mail (SpaServerStorage  *self,
                   const char        *owner,
                   const char        *now,
                   const char        *lease_until,
                   gint64            *id,
                   char             **recipient,
                   char             **message,
                   gint64            *attempts,
                   GError           **error)
{
  const char *values[] = { now };
  char *out[4];

  *id = 0;
  if (!spa_store_begin (self->store, error))
    return FALSE;
  if (!lookup (self,
               "UPDATE server_mail SET status = 'sending', attempts = attempts + 1"
               " WHERE id = (SELECT id FROM server_mail"
               "   WHERE status = 'pending' AND next_attempt_at <= ?"
               "   ORDER BY next_attempt_at, id LIMIT 1)"
               " RETURNING id, recipient, message, attempts",
               values, 1, out, 4, error))
    {
      spa_store_rollback (self->store);
      return FALSE;
    }
  if (!spa_store_commit (self->store, error))
    {
      for (guint i = 0; i < 4; i++)
        g_free (out[i]);
      return FALSE;
    }
  spa_server_claimed_mail_take (out, id, recipient, message, attempts);
  return TRUE;
}

static gboolean
sqlite_finish_mail (SpaServerStorage  *self,
                    gint64             id,
                    const char        *owner,
                    const char        *status,
                    const char        *at,
                    const char        *last_error,
                    GError           **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *values[] = { status, at, last_error, id_text };

  return run (self,
              "UPDATE server_mail SET status = ?1, last_error = ?3,"
              " sent_at = CASE WHEN ?1 = 'sent' THEN ?2 ELSE sent_at END,"
              " next_attempt_at = CASE WHEN ?1 = 'pending' THEN ?2 ELSE next_attempt_at END"
              " WHERE id = ?4",
              values, G_N_ELEMENTS (values), NULL, error);
}

/* One process: what is left sending is its own from before it stopped, or one whose
 * outcome could not be written. */
static gboolean
sqlite_recover_mail (SpaServerStorage  *self,
                     const char        *now,
                     const char        *reason,
                     GError           **error)
{
  const char *values[] = { reason };

  return run (self, "UPDATE server_mail SET status = 'interrupted', last_error = ?"
                    " WHERE status = 'sending'", values, 1, NULL, error);
}

static GPtrArray *
sqlite_list_mail (SpaServerStorage  *self,
                  const char        *status,
                  GError           **error)
{
  const char *values[] = { status };

  return rows (self,
               "SELECT id, kind, booking_id, recipient, status, attempts, last_error,"
               " created_at, sent_at, next_attempt_at, message FROM server_mail"
               " WHERE ?1 IS NULL OR status = ?1 ORDER BY id DESC LIMIT 500",
               values, 1, 11, error);
}

static void
sqlite_free (SpaServerStorage *self)
{
  g_free (self);
}

static const SpaServerStorageClass sqlite_class = {
  .name = "sqlite",
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .refresh = sqlite_refresh,
  .field_version = sqlite_field_version,
  .set_field_versions = sqlite_set_field_versions,
  .fields_changed_since = sqlite_fields_changed_since,
  .log_change = sqlite_log_change,
  .write_record = sqlite_write_record,
  .device_last = sqlite_device_last,
  .set_device_last = sqlite_set_device_last,
  .store_result = sqlite_store_result,
  .load_result = sqlite_load_result,
  .add_user = sqlite_add_user,
  .set_user_therapist = sqlite_set_user_therapist,
  .set_user_pin = sqlite_set_user_pin,
  .revoke_user = sqlite_revoke_user,
  .find_user = sqlite_find_user,
  .find_token = sqlite_find_token,
  .list_users = sqlite_list_users,
  .changes_since = sqlite_changes_since,
  .max_seq = sqlite_max_seq,
  .min_cursor = sqlite_min_cursor,
  .compact = sqlite_compact,
  .get_setting = sqlite_get_setting,
  .set_setting = sqlite_set_setting,
  .add_feed = sqlite_add_feed,
  .revoke_feeds = sqlite_revoke_feeds,
  .find_feed = sqlite_find_feed,
  .add_link = sqlite_add_link,
  .find_link = sqlite_find_link,
  .use_link = sqlite_use_link,
  .find_request = sqlite_find_request,
  .add_request = sqlite_add_request,
  .add_offer = sqlite_add_offer,
  .has_offers = sqlite_has_offers,
  .find_offer = sqlite_find_offer,
  .settle_offer = sqlite_settle_offer,
  .open_offers = sqlite_open_offers,
  .has_mail = sqlite_has_mail,
  .add_mail = sqlite_add_mail,
  .queued_keys = sqlite_queued_keys,
  .claim_mail = sqlite_claim_mail,
  .finish_mail = sqlite_finish_mail,
  .recover_mail = sqlite_recover_mail,
  .list_mail = sqlite_list_mail,
  .free = sqlite_free,
};

/**
 * spa_server_storage_sqlite_new:
 *
 * The storage on @store's own database. Attach it with spa_server_storage_attach(), or
 * let spa_server_storage_get() make it.
 */
SpaServerStorage *
spa_server_storage_sqlite_new (SpaStore *store)
{
  SpaServerStorage *self = g_new0 (SpaServerStorage, 1);

  self->klass = &sqlite_class;
  self->store = store;
  return self;
}

static void
storage_free (gpointer data)
{
  SpaServerStorage *storage = data;

  storage->klass->free (storage);
}

void
spa_server_storage_attach (SpaStore         *store,
                           SpaServerStorage *storage)
{
  g_object_set_data_full (G_OBJECT (store), "spa-server-storage", storage, storage_free);
}

/**
 * spa_server_storage_get:
 *
 * The storage the server keeps @store's data in: the one attached to it (PostgreSQL's
 * working copy has its storage attached), else @store's own database.
 */
SpaServerStorage *
spa_server_storage_get (SpaStore *store)
{
  SpaServerStorage *storage = g_object_get_data (G_OBJECT (store), "spa-server-storage");

  if (storage == NULL)
    {
      storage = spa_server_storage_sqlite_new (store);
      spa_server_storage_attach (store, storage);
    }
  return storage;
}

/* ---- pull pages, from the store's columns ---- */

static SpaStmt *
row_by_id (SpaStore   *store,
           const char *sql,
           const char *id)
{
  SpaStmt *row = spa_store_prepare (store, sql, NULL);

  if (row == NULL)
    return NULL;
  sqlite3_bind_text (row, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (row) != SQLITE_ROW)
    {
      spa_stmt_release (row);
      return NULL;
    }
  return row;
}

/* The record's row as the JSON of spa_record_to_json(), written straight from the
 * columns: a page of a full sync is a thousand records, and building a SpaRecord and a
 * JSON tree for each, only to print it, was most of the server's time. JSON columns
 * hold JSON the store wrote, copied as they are. */
static void
append_record_json (GString             *out,
                    const SpaEntityInfo *info,
                    sqlite3_stmt        *row,
                    SpaRole              role)
{
  g_string_append (out, "{\"id\":");
  spa_json_append_string (out, (const char *)sqlite3_column_text (row, 0), -1);
  g_string_append_printf (out, ",\"version\":%" G_GINT64_FORMAT,
                          (gint64)sqlite3_column_int64 (row, 1));
  if (sqlite3_column_type (row, 2) != SQLITE_NULL)
    {
      g_string_append (out, ",\"created_at\":");
      spa_json_append_string (out, (const char *)sqlite3_column_text (row, 2), -1);
    }
  if (sqlite3_column_type (row, 3) != SQLITE_NULL)
    {
      g_string_append (out, ",\"updated_at\":");
      spa_json_append_string (out, (const char *)sqlite3_column_text (row, 3), -1);
    }
  g_string_append (out, sqlite3_column_int (row, 4) ? ",\"deleted\":true" : ",\"deleted\":false");

  for (guint i = 0; i < info->n_fields; i++)
    {
      const SpaFieldInfo *field = &info->fields[i];
      int c = 5 + i;

      g_string_append_printf (out, ",\"%s\":", field->name);
      if (sqlite3_column_type (row, c) == SQLITE_NULL ||
          !spa_role_may_read_field (role, info->name, field->name))
        {
          g_string_append (out, "null");
          continue;
        }
      switch (field->type)
        {
        case SPA_FIELD_TEXT:
          spa_json_append_string (out, (const char *)sqlite3_column_text (row, c), -1);
          break;
        case SPA_FIELD_INTEGER:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64)sqlite3_column_int64 (row, c));
          break;
        case SPA_FIELD_BOOLEAN:
          g_string_append (out, sqlite3_column_int (row, c) ? "true" : "false");
          break;
        case SPA_FIELD_JSON:
          {
            const char *text = (const char *)sqlite3_column_text (row, c);

            g_string_append (out, text != NULL && *text != '\0' ? text : "null");
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_string_append_c (out, '}');
}

gboolean
spa_server_storage_record_json (SpaStore            *store,
                                const SpaEntityInfo *info,
                                const char          *id,
                                SpaRole              role,
                                GString             *out,
                                GPtrArray           *references)
{
  g_autofree char *sql = NULL;
  g_autoptr(SpaStmt) row = NULL;

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", spa_store_columns (store, info),
                         info->name);
  row = row_by_id (store, sql, id);
  if (row == NULL)
    return FALSE;
  if (references != NULL)
    {
      const SpaReference *refs;
      guint n_refs;

      refs = spa_store_references (store, info, &n_refs);
      for (guint r = 0; r < n_refs; r++)
        g_ptr_array_add (references, column_text (row, 5 + refs[r].field_index));
    }
  if (out != NULL)
    append_record_json (out, info, row, role);
  return TRUE;
}

gboolean
spa_server_storage_record_state (SpaStore            *store,
                                 const SpaEntityInfo *info,
                                 const char          *id,
                                 gint64              *version,
                                 gboolean            *deleted)
{
  g_autofree char *sql = NULL;
  g_autoptr(SpaStmt) row = NULL;

  sql = g_strdup_printf ("SELECT version, deleted FROM %s WHERE id = ?", info->name);
  row = row_by_id (store, sql, id);
  if (row == NULL)
    return FALSE;
  *version = sqlite3_column_int64 (row, 0);
  *deleted = sqlite3_column_int (row, 1) != 0;
  return TRUE;
}

/* ---- the PostgreSQL storage's working copy of the log ---- */

/**
 * spa_server_storage_sqlite_put_change:
 *
 * Copies a change of another database's log into @store's, with its own sequence
 * number.
 */
gboolean
spa_server_storage_sqlite_put_change (SpaStore    *store,
                                      gint64       seq,
                                      const char  *entity,
                                      const char  *id,
                                      const char  *device_id,
                                      gint64       mutation_id,
                                      GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "INSERT OR REPLACE INTO server_change (seq, entity, record_id, "
                            "device_id, mutation_id) VALUES (?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  bind_nullable (stmt, 4, device_id);
  sqlite3_bind_int64 (stmt, 5, mutation_id);
  return spa_store_step_done (store, stmt, error);
}

/* Empties @store's log, to copy another database's compacted one. */
gboolean
spa_server_storage_sqlite_clear_changes (SpaStore  *store,
                                         GError   **error)
{
  return spa_store_exec (store, "DELETE FROM server_change", error);
}

/* A working copy: PostgreSQL keeps the data safe, the copy only has to be quick. */
void
spa_server_storage_sqlite_make_copy (SpaStore *store)
{
  spa_store_exec (store, "PRAGMA synchronous = OFF", NULL);
}
