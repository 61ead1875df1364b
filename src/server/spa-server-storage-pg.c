/* spa-server-storage-pg.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-storage"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "spa-error.h"
#include "spa-json.h"
#include "spa-server-pg-schema.h"
#include "spa-server-storage.h"

/*
 * The server's storage on PostgreSQL (docs/sync-protocol.md, "Several server
 * processes on PostgreSQL"), for several spa-desk-server processes on one database.
 *
 * PostgreSQL holds everything: records as rows keyed by (entity, id) with their JSON
 * (`json`, kept byte for byte; any entity, present or future, is stored without
 * SQL of its own), field
 * versions, the change log, devices, results and users. Each process keeps a working
 * copy of the records, field versions and log in a SQLite store of the desk's schema,
 * which the protocol's rules and the pull pages read (the core's validation, the
 * overlap rule, balances: one implementation for both back-ends).
 *
 * Writers: the outermost begin takes a transaction-level advisory lock
 * (WRITER_LOCK), so writes from every process are serialised; under it the copy is
 * brought up to date (every row above the version it has), the rules are checked on
 * it, and each write goes to PostgreSQL and to the copy. COMMIT releases the lock.
 * Hence a sequence number is taken only by the one writer holding the lock, and the
 * order of sequence numbers is the order of commits: a reader that sees change N has
 * seen every change below N that will ever commit, and a pull never skips one.
 *
 * Every libpq failure is a GError naming PostgreSQL's message; a broken connection is
 * reset at the next transaction.
 */

/* pg_advisory_xact_lock keys: "SpaD" and one for the schema. */
#define WRITER_LOCK  G_GINT64_CONSTANT (0x53706144)
#define MIGRATE_LOCK G_GINT64_CONSTANT (0x53706145)

/* Rows copied a round: a first copy of a large spa is read in such windows. */
#define COPY_WINDOW 5000

typedef struct
{
  SpaServerStorage  parent;
  SpaServerStorage *copy;       /* the SQLite storage of the working copy */
  PGconn           *conn;
  char             *folder;     /* the working copy's folder */
  guint             depth;
  gint64            copied;     /* the highest version the copy has */
  gint64            pending;    /* the same, once this transaction commits */
  gint64            min_cursor;
  char             *generation; /* of the log, bumped by compaction */
  gboolean          filled;     /* the copy was filled once */
  gint64            rate_swept; /* the rate window before which rows were dropped */
} PgStorage;

static gboolean
pg_failed (PgStorage   *self,
           PGresult    *result,
           GError     **error)
{
  const char *message = result != NULL ? PQresultErrorMessage (result) : "";

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (self->conn);
  g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
               _("The PostgreSQL database failed: %s"), message);
  if (error != NULL && *error != NULL)
    g_strchomp ((*error)->message);
  return FALSE;
}

/* Runs @sql with text parameters; returns its result when its status is @expected. */
static PGresult *
pg_exec (PgStorage           *self,
         const char          *sql,
         int                  n_params,
         const char * const  *params,
         ExecStatusType       expected,
         GError             **error)
{
  PGresult *result;

  result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
  if (result == NULL || PQresultStatus (result) != expected)
    {
      pg_failed (self, result, error);
      g_clear_pointer (&result, PQclear);
      return NULL;
    }
  return result;
}

static gboolean
pg_command (PgStorage           *self,
            const char          *sql,
            int                  n_params,
            const char * const  *params,
            GError             **error)
{
  PGresult *result = pg_exec (self, sql, n_params, params, PGRES_COMMAND_OK, error);

  if (result == NULL)
    return FALSE;
  PQclear (result);
  return TRUE;
}

static PGresult *
pg_query (PgStorage           *self,
          const char          *sql,
          int                  n_params,
          const char * const  *params,
          GError             **error)
{
  return pg_exec (self, sql, n_params, params, PGRES_TUPLES_OK, error);
}

static char *
pg_text (PGresult *result,
         int       row,
         int       column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return g_strdup (PQgetvalue (result, row, column));
}

static gint64
pg_int (PGresult *result,
        int       row,
        int       column)
{
  if (PQgetisnull (result, row, column))
    return 0;
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* A connection that broke (the server restarted, a failover) is made again, outside a
 * transaction only: one that broke inside has lost its transaction anyway. */
static gboolean
pg_connected (PgStorage  *self,
              GError    **error)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  PQreset (self->conn);
  if (PQstatus (self->conn) == CONNECTION_OK)
    {
      g_message ("Connected to PostgreSQL again");
      return TRUE;
    }
  return pg_failed (self, NULL, error);
}

/* PostgreSQL's notices (a table that already exists...) are for its own log. */
static void
pg_notice (void       *data,
           const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

/* Runs @sql, connecting again first outside a transaction; *changes (optional) is how
 * many rows it changed. */
static gboolean
pg_run (PgStorage           *self,
        const char          *sql,
        int                  n_params,
        const char * const  *params,
        guint               *changes,
        GError             **error)
{
  PGresult *result;

  if (self->depth == 0 && !pg_connected (self, error))
    return FALSE;
  result = pg_exec (self, sql, n_params, params, PGRES_COMMAND_OK, error);
  if (result == NULL)
    return FALSE;
  if (changes != NULL)
    *changes = (guint)g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
  PQclear (result);
  return TRUE;
}

/* The @n_out columns of @sql's first row into @out, each %NULL when there is none. */
static gboolean
pg_lookup (PgStorage           *self,
           const char          *sql,
           int                  n_params,
           const char * const  *params,
           char               **out,
           int                  n_out,
           GError             **error)
{
  PGresult *result;

  for (int i = 0; i < n_out; i++)
    out[i] = NULL;
  if (self->depth == 0 && !pg_connected (self, error))
    return FALSE;
  result = pg_query (self, sql, n_params, params, error);
  if (result == NULL)
    return FALSE;
  for (int i = 0; PQntuples (result) > 0 && i < n_out; i++)
    out[i] = pg_text (result, 0, i);
  PQclear (result);
  return TRUE;
}

/* ---- the working copy ---- */

/* Copies the log entries @sql selects into the copy's log. */
static gboolean
copy_changes (PgStorage           *self,
              const char          *sql,
              int                  n_params,
              const char * const  *params,
              GError             **error)
{
  PGresult *result = pg_query (self, sql, n_params, params, error);
  gboolean ok = result != NULL;

  for (int r = 0; ok && r < PQntuples (result); r++)
    ok = spa_server_storage_sqlite_put_change (self->parent.store, pg_int (result, r, 0),
                                               PQgetvalue (result, r, 1),
                                               PQgetvalue (result, r, 2),
                                               PQgetisnull (result, r, 3)
                                               ? NULL : PQgetvalue (result, r, 3),
                                               pg_int (result, r, 4), error);
  g_clear_pointer (&result, PQclear);
  return ok;
}

static gboolean
copy_records (PgStorage  *self,
              gint64      above,
              gint64     *top,
              GError    **error)
{
  gint64 from = above;

  for (;;)
    {
      g_autofree char *from_text = g_strdup_printf ("%" G_GINT64_FORMAT, from);
      g_autofree char *limit_text = g_strdup_printf ("%d", COPY_WINDOW);
      g_autofree char *to_text = NULL;
      const char *params[] = { from_text, limit_text };
      const char *window[2];
      PGresult *result;
      int rows;
      gint64 to;

      result = pg_query (self,
                         "SELECT entity, id, version, record::text FROM spa_record"
                         " WHERE version > $1 ORDER BY version LIMIT $2",
                         2, params, error);
      if (result == NULL)
        return FALSE;
      rows = PQntuples (result);
      for (int r = 0; r < rows; r++)
        {
          const char *entity = PQgetvalue (result, r, 0);
          const char *text = PQgetvalue (result, r, 3);
          g_autoptr(JsonNode) node = NULL;
          g_autoptr(SpaRecord) record = NULL;
          g_autoptr(GError) local_error = NULL;

          if (spa_entity_lookup (entity) == NULL)
            continue;   /* written by a newer server: not this one's to read */
          node = spa_json_parse_strict (text, strlen (text), NULL, &local_error);
          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            record = spa_record_new_from_json (entity, json_node_get_object (node),
                                               &local_error);
          if (record == NULL ||
              !self->copy->klass->write_record (self->copy, record, &local_error))
            {
              g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                           _("The record %s %s from PostgreSQL could not be read: %s"),
                           entity, PQgetvalue (result, r, 1),
                           local_error ? local_error->message : "not a JSON object");
              PQclear (result);
              return FALSE;
            }
        }
      to = rows > 0 ? pg_int (result, rows - 1, 2) : 0;
      PQclear (result);
      if (rows == 0)
        break;

      /* The field versions and log entries of the same window of sequence numbers. */
      to_text = g_strdup_printf ("%" G_GINT64_FORMAT, to);
      window[0] = from_text;
      window[1] = to_text;
      result = pg_query (self,
                         "SELECT entity, record_id, field, version, device_id FROM spa_field"
                         " WHERE version > $1 AND version <= $2",
                         2, window, error);
      if (result == NULL)
        return FALSE;
      for (int r = 0; r < PQntuples (result); r++)
        {
          const char *field = PQgetvalue (result, r, 2);

          if (self->copy->klass->set_field_versions (self->copy, PQgetvalue (result, r, 0),
                                                     PQgetvalue (result, r, 1), &field, 1,
                                                     pg_int (result, r, 3),
                                                     PQgetisnull (result, r, 4)
                                                     ? NULL : PQgetvalue (result, r, 4),
                                                     error))
            continue;
          PQclear (result);
          return FALSE;
        }
      PQclear (result);

      if (!copy_changes (self,
                         "SELECT seq, entity, record_id, device_id, mutation_id FROM spa_change"
                         " WHERE seq > $1 AND seq <= $2 ORDER BY seq",
                         2, window, error))
        return FALSE;

      *top = MAX (*top, to);
      from = to;
      if (rows < COPY_WINDOW)
        break;
    }
  return TRUE;
}

/* The whole log again, after a compaction elsewhere dropped entries the copy has. */
static gboolean
copy_log (PgStorage  *self,
          GError    **error)
{
  return spa_server_storage_sqlite_clear_changes (self->parent.store, error) &&
         copy_changes (self,
                       "SELECT seq, entity, record_id, device_id, mutation_id FROM spa_change"
                       " ORDER BY seq",
                       0, NULL, error);
}

/* Brings the copy (in its open transaction) up to what PostgreSQL's transaction sees:
 * every record, field version and log entry above the version it has. */
static gboolean
catch_up (PgStorage  *self,
          GError    **error)
{
  g_autofree char *generation = NULL;
  PGresult *result;
  gint64 top = self->copied;
  gint64 min_cursor = 0;

  result = pg_query (self,
                     "SELECT key, value FROM spa_meta WHERE key IN ('min_cursor', 'generation')",
                     0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      if (g_str_equal (PQgetvalue (result, r, 0), "min_cursor"))
        min_cursor = pg_int (result, r, 1);
      else
        generation = pg_text (result, r, 1);
    }
  PQclear (result);

  if (!copy_records (self, self->copied, &top, error))
    return FALSE;
  if (g_strcmp0 (generation, self->generation) != 0 && !copy_log (self, error))
    return FALSE;

  self->pending = top;
  g_free (self->generation);
  self->generation = g_steal_pointer (&generation);
  self->min_cursor = min_cursor;
  return TRUE;
}

/* What has committed, in one snapshot. Seen in sequence order (writers commit in that
 * order), so nothing below what it reads is still to come. */
static gboolean
refresh_snapshot (PgStorage  *self,
                  GError    **error)
{
  if (!pg_connected (self, error) ||
      !pg_command (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return FALSE;
  if (!self->copy->klass->begin (self->copy, error))
    goto failed;
  if (!catch_up (self, error))
    {
      self->copy->klass->rollback (self->copy);
      goto failed;
    }
  if (!self->copy->klass->commit (self->copy, error))
    goto failed;
  self->copied = self->pending;
  pg_command (self, "COMMIT", 0, NULL, NULL);
  return TRUE;

failed:
  pg_command (self, "ROLLBACK", 0, NULL, NULL);
  return FALSE;
}

/* The first copy of the whole spa is loaded as a desk's first sync is: search and
 * secondary indexes built once at the end, not row by row. */
static gboolean
fill (PgStorage  *self,
      GError    **error)
{
  gboolean ok;

  if (self->filled)
    return TRUE;
  if (!spa_store_begin_load (self->parent.store, error))
    return FALSE;
  ok = refresh_snapshot (self, error);
  if (!spa_store_end_load (self->parent.store, ok ? error : NULL))
    ok = FALSE;
  self->filled = ok;
  return ok;
}

/* ---- transactions ---- */

static gboolean
pg_begin (SpaServerStorage  *storage,
          GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  g_autofree char *savepoint = NULL;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, WRITER_LOCK);
  const char *lock[] = { key };
  PGresult *result;

  if (self->depth > 0)
    {
      savepoint = g_strdup_printf ("SAVEPOINT s%u", self->depth);
      if (!pg_command (self, savepoint, 0, NULL, error))
        return FALSE;
      if (!self->copy->klass->begin (self->copy, error))
        {
          g_free (savepoint);
          savepoint = g_strdup_printf ("ROLLBACK TO SAVEPOINT s%u", self->depth);
          pg_command (self, savepoint, 0, NULL, NULL);
          return FALSE;
        }
      self->depth++;
      return TRUE;
    }

  if (!fill (self, error) ||
      !pg_connected (self, error) ||
      !pg_command (self, "BEGIN", 0, NULL, error))
    return FALSE;
  /* Writers one at a time, across processes: see the top of this file. */
  result = pg_query (self, "SELECT pg_advisory_xact_lock ($1::bigint)", 1, lock, error);
  if (result == NULL)
    goto failed;
  PQclear (result);
  if (!self->copy->klass->begin (self->copy, error))
    goto failed;
  if (!catch_up (self, error))
    {
      self->copy->klass->rollback (self->copy);
      goto failed;
    }
  self->depth = 1;
  return TRUE;

failed:
  pg_command (self, "ROLLBACK", 0, NULL, NULL);
  return FALSE;
}

static gboolean
pg_commit (SpaServerStorage  *storage,
           GError           **error)
{
  PgStorage *self = (PgStorage *)storage;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth > 1)
    {
      g_autofree char *release = g_strdup_printf ("RELEASE SAVEPOINT s%u", self->depth - 1);

      self->depth--;
      if (!pg_command (self, release, 0, NULL, error))
        {
          self->copy->klass->rollback (self->copy);
          return FALSE;
        }
      return self->copy->klass->commit (self->copy, error);
    }

  self->depth = 0;
  if (!pg_command (self, "COMMIT", 0, NULL, error))
    {
      self->copy->klass->rollback (self->copy);
      return FALSE;
    }
  /* Committed in PostgreSQL: a copy that failed to keep it reads it again next time. */
  if (self->copy->klass->commit (self->copy, NULL))
    self->copied = self->pending;
  return TRUE;
}

static void
pg_rollback (SpaServerStorage *storage)
{
  PgStorage *self = (PgStorage *)storage;

  g_return_if_fail (self->depth > 0);

  if (self->depth > 1)
    {
      g_autofree char *back = g_strdup_printf ("ROLLBACK TO SAVEPOINT s%u", self->depth - 1);
      g_autofree char *release = g_strdup_printf ("RELEASE SAVEPOINT s%u", self->depth - 1);

      self->depth--;
      pg_command (self, back, 0, NULL, NULL);
      pg_command (self, release, 0, NULL, NULL);
      self->copy->klass->rollback (self->copy);
      return;
    }
  self->depth = 0;
  pg_command (self, "ROLLBACK", 0, NULL, NULL);
  self->copy->klass->rollback (self->copy);
}

/* Before a read. */
static gboolean
pg_refresh (SpaServerStorage  *storage,
            GError           **error)
{
  PgStorage *self = (PgStorage *)storage;

  if (self->depth > 0)
    return TRUE;   /* under the writers' lock, the copy is current */
  return fill (self, error) && refresh_snapshot (self, error);
}

/* ---- records, field versions, the log ---- */

static gboolean
pg_field_version (SpaServerStorage  *storage,
                  const char        *entity,
                  const char        *id,
                  const char        *field,
                  gint64            *version,
                  char             **device_id)
{
  PgStorage *self = (PgStorage *)storage;

  return self->copy->klass->field_version (self->copy, entity, id, field, version, device_id);
}

/* A PostgreSQL array literal of @n strings. */
static char *
pg_text_array (const char * const *values,
               guint               n)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      for (const char *p = values[i]; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
pg_set_field_versions (SpaServerStorage    *storage,
                       const char          *entity,
                       const char          *id,
                       const char * const  *fields,
                       guint                n_fields,
                       gint64               version,
                       const char          *device_id,
                       GError             **error)
{
  PgStorage *self = (PgStorage *)storage;
  g_autofree char *version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  g_autofree char *names = pg_text_array (fields, n_fields);
  const char *params[] = { entity, id, names, version_text, device_id };

  /* Every field in one statement: one round trip a record, not one a field. */
  return pg_command (self,
                     "INSERT INTO spa_field (entity, record_id, field, version, device_id)"
                     " SELECT $1, $2, f, $4, $5 FROM unnest ($3::text[]) AS f"
                     " ON CONFLICT (entity, record_id, field)"
                     " DO UPDATE SET version = EXCLUDED.version, device_id = EXCLUDED.device_id",
                     5, params, error) &&
         self->copy->klass->set_field_versions (self->copy, entity, id, fields, n_fields, version,
                                                device_id, error);
}

static GPtrArray *
pg_fields_changed_since (SpaServerStorage  *storage,
                         const char        *entity,
                         const char        *id,
                         gint64             base_version,
                         const char        *device_id,
                         GError           **error)
{
  PgStorage *self = (PgStorage *)storage;

  return self->copy->klass->fields_changed_since (self->copy, entity, id, base_version,
                                                  device_id, error);
}

static gint64
pg_log_change (SpaServerStorage  *storage,
               const char        *entity,
               const char        *id,
               const char        *device_id,
               gint64             mutation_id,
               GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  g_autofree char *mutation_text = g_strdup_printf ("%" G_GINT64_FORMAT, mutation_id);
  const char *params[] = { entity, id, device_id, mutation_text };
  PGresult *result;
  gint64 seq;

  result = pg_query (self,
                     "INSERT INTO spa_change (entity, record_id, device_id, mutation_id)"
                     " VALUES ($1, $2, $3, $4) RETURNING seq",
                     4, params, error);
  if (result == NULL)
    return 0;
  seq = pg_int (result, 0, 0);
  PQclear (result);
  if (!spa_server_storage_sqlite_put_change (self->parent.store, seq, entity, id, device_id,
                                             mutation_id, error))
    return 0;
  self->pending = MAX (self->pending, seq);
  return seq;
}

static gboolean
pg_write_record (SpaServerStorage  *storage,
                 SpaRecord         *record,
                 GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(SpaRecord) stored = NULL;
  g_autofree char *text = NULL;
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              spa_record_get_version (record));
  const char *params[5];

  /* The row as the copy keeps it (defaults filled in) is what every copy reads back. */
  if (!self->copy->klass->write_record (self->copy, record, error))
    return FALSE;
  stored = spa_store_get (self->parent.store, spa_record_get_entity (record),
                          spa_record_get_id (record), error);
  if (stored == NULL)
    return FALSE;
  json_node_take_object (node, spa_record_to_json (stored));
  text = spa_json_to_string (node);
  params[0] = spa_record_get_entity (record);
  params[1] = spa_record_get_id (record);
  params[2] = version;
  params[3] = spa_record_get_deleted (record) ? "true" : "false";
  params[4] = text;
  return pg_command (self,
                     "INSERT INTO spa_record (entity, id, version, deleted, record)"
                     " VALUES ($1, $2, $3, $4, $5::json) ON CONFLICT (entity, id) DO UPDATE"
                     " SET version = EXCLUDED.version, deleted = EXCLUDED.deleted,"
                     " record = EXCLUDED.record",
                     5, params, error);
}

/* ---- devices and results ---- */

static gboolean
pg_device_last (SpaServerStorage  *storage,
                const char        *device_id,
                const char        *user_name,
                gint64            *last,
                GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  const char *params[] = { device_id, user_name };
  PGresult *result;

  *last = 0;
  if (!pg_command (self,
                   "INSERT INTO spa_device (device_id, user_name) VALUES ($1, $2)"
                   " ON CONFLICT (device_id) DO NOTHING",
                   2, params, error))
    return FALSE;
  result = pg_query (self, "SELECT last_mutation_id FROM spa_device WHERE device_id = $1",
                     1, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) > 0)
    *last = pg_int (result, 0, 0);
  PQclear (result);
  return TRUE;
}

static gboolean
pg_set_device_last (SpaServerStorage  *storage,
                    const char        *device_id,
                    gint64             last,
                    GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  g_autofree char *last_text = g_strdup_printf ("%" G_GINT64_FORMAT, last);
  const char *params[] = { last_text, device_id };

  return pg_command (self, "UPDATE spa_device SET last_mutation_id = $1 WHERE device_id = $2",
                     2, params, error);
}

static gboolean
pg_store_result (SpaServerStorage  *storage,
                 const char        *device_id,
                 gint64             mutation_id,
                 const char        *result_text,
                 GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  g_autofree char *mutation_text = g_strdup_printf ("%" G_GINT64_FORMAT, mutation_id);
  const char *params[] = { device_id, mutation_text, result_text };

  return pg_command (self,
                     "INSERT INTO spa_result (device_id, mutation_id, result) VALUES ($1, $2, $3)"
                     " ON CONFLICT (device_id, mutation_id) DO UPDATE SET result = EXCLUDED.result",
                     3, params, error);
}

static char *
pg_load_result (SpaServerStorage *storage,
                const char       *device_id,
                gint64            mutation_id)
{
  PgStorage *self = (PgStorage *)storage;
  g_autofree char *mutation_text = g_strdup_printf ("%" G_GINT64_FORMAT, mutation_id);
  const char *params[] = { device_id, mutation_text };
  g_autoptr(GError) error = NULL;
  PGresult *result;
  char *text = NULL;

  result = pg_query (self,
                     "SELECT result FROM spa_result WHERE device_id = $1 AND mutation_id = $2",
                     2, params, &error);
  if (result == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }
  if (PQntuples (result) > 0)
    text = pg_text (result, 0, 0);
  PQclear (result);
  return text;
}

/* ---- users ---- */

static gboolean
pg_add_user (SpaServerStorage  *storage,
             const char        *name,
             const char        *role,
             const char        *token_hash,
             const char        *created_at,
             GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  const char *params[] = { name, role, token_hash, created_at };

  return pg_connected (self, error) &&
         pg_command (self,
                     "INSERT INTO spa_user (name, role, token_hash, created_at)"
                     " VALUES ($1, $2, $3, $4)",
                     4, params, error);
}

static gboolean
pg_update_user (PgStorage           *self,
                const char          *sql,
                int                  n_params,
                const char * const  *params,
                gboolean            *found,
                GError             **error)
{
  guint changes = 0;
  gboolean ok = pg_run (self, sql, n_params, params, &changes, error);

  *found = changes > 0;
  return ok;
}

static gboolean
pg_set_user_therapist (SpaServerStorage  *storage,
                       const char        *name,
                       const char        *therapist_id,
                       gboolean          *found,
                       GError           **error)
{
  const char *params[] = { therapist_id, name };

  return pg_update_user ((PgStorage *)storage,
                         "UPDATE spa_user SET therapist_id = $1 WHERE name = $2"
                         " AND revoked_at IS NULL",
                         2, params, found, error);
}

static gboolean
pg_set_user_pin (SpaServerStorage  *storage,
                 const char        *name,
                 const char        *pin_hash,
                 const char        *sign_salt,
                 const char        *sign_key,
                 gboolean          *found,
                 GError           **error)
{
  const char *params[] = { pin_hash, sign_salt, sign_key, name };

  return pg_update_user ((PgStorage *)storage,
                         "UPDATE spa_user SET pin_hash = $1, sign_salt = $2, sign_key = $3"
                         " WHERE name = $4 AND revoked_at IS NULL",
                         4, params, found, error);
}

static gboolean
pg_revoke_user (SpaServerStorage  *storage,
                const char        *name,
                const char        *revoked_at,
                gboolean          *found,
                GError           **error)
{
  const char *params[] = { revoked_at, name };

  return pg_update_user ((PgStorage *)storage,
                         "UPDATE spa_user SET revoked_at = $1 WHERE name = $2"
                         " AND revoked_at IS NULL",
                         2, params, found, error);
}

#define USER_COLUMNS "name, role, token_hash, created_at, revoked_at, therapist_id, pin_hash," \
                     " sign_salt, sign_key"

static SpaServerUser *
user_from_row (PGresult *result,
               int       row)
{
  SpaServerUser *user = g_new0 (SpaServerUser, 1);

  user->name = pg_text (result, row, 0);
  user->role = pg_text (result, row, 1);
  user->token_hash = pg_text (result, row, 2);
  user->created_at = pg_text (result, row, 3);
  user->revoked_at = pg_text (result, row, 4);
  user->therapist_id = pg_text (result, row, 5);
  user->pin_hash = pg_text (result, row, 6);
  user->sign_salt = pg_text (result, row, 7);
  user->sign_key = pg_text (result, row, 8);
  return user;
}

static SpaServerUser *
find_user_by (PgStorage   *self,
              const char  *sql,
              const char  *value,
              GError     **error)
{
  const char *params[] = { value };
  g_autoptr(GError) local_error = NULL;
  SpaServerUser *user = NULL;
  PGresult *result;

  if (self->depth == 0 && !pg_connected (self, &local_error))
    goto failed;
  result = pg_query (self, sql, 1, params, &local_error);
  if (result == NULL)
    goto failed;
  if (PQntuples (result) > 0)
    user = user_from_row (result, 0);
  PQclear (result);
  return user;

failed:
  g_warning ("%s", local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static SpaServerUser *
pg_find_user (SpaServerStorage *storage,
              const char       *name)
{
  return find_user_by ((PgStorage *)storage,
                       "SELECT " USER_COLUMNS " FROM spa_user WHERE name = $1", name, NULL);
}

static SpaServerUser *
pg_find_token (SpaServerStorage  *storage,
               const char        *token_hash,
               GError           **error)
{
  return find_user_by ((PgStorage *)storage,
                       "SELECT " USER_COLUMNS " FROM spa_user"
                       " WHERE token_hash = $1 AND revoked_at IS NULL",
                       token_hash, error);
}

static GPtrArray *
pg_list_users (SpaServerStorage  *storage,
               GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  GPtrArray *users;
  PGresult *result;

  if (self->depth == 0 && !pg_connected (self, error))
    return NULL;
  result = pg_query (self, "SELECT " USER_COLUMNS " FROM spa_user ORDER BY name", 0, NULL,
                     error);
  if (result == NULL)
    return NULL;
  users = g_ptr_array_new_with_free_func ((GDestroyNotify)spa_server_user_free);
  for (int r = 0; r < PQntuples (result); r++)
    g_ptr_array_add (users, user_from_row (result, r));
  PQclear (result);
  return users;
}

/* ---- the log ---- */

static GArray *
pg_changes_since (SpaServerStorage  *storage,
                  gint64             since,
                  gint64             limit,
                  GError           **error)
{
  PgStorage *self = (PgStorage *)storage;

  return self->copy->klass->changes_since (self->copy, since, limit, error);
}

static gint64
pg_max_seq (SpaServerStorage *storage)
{
  PgStorage *self = (PgStorage *)storage;

  return MAX (self->copied, self->min_cursor);
}

static gint64
pg_min_cursor (SpaServerStorage *storage)
{
  return ((PgStorage *)storage)->min_cursor;
}

static gboolean
pg_compact (SpaServerStorage  *storage,
            GError           **error)
{
  PgStorage *self = (PgStorage *)storage;

  if (!pg_begin (storage, error))
    return FALSE;
  if (!pg_command (self,
                   "DELETE FROM spa_change AS c WHERE EXISTS (SELECT 1 FROM spa_change AS d"
                   " WHERE d.entity = c.entity AND d.record_id = c.record_id AND d.seq > c.seq)",
                   0, NULL, error) ||
      !pg_command (self,
                   "DELETE FROM spa_change AS c USING spa_record AS r"
                   " WHERE r.entity = c.entity AND r.id = c.record_id AND r.deleted",
                   0, NULL, error) ||
      !pg_command (self,
                   "INSERT INTO spa_meta (key, value) VALUES ('min_cursor',"
                   " (SELECT coalesce (max (version), 0)::text FROM spa_record))"
                   " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                   0, NULL, error) ||
      !pg_command (self,
                   "INSERT INTO spa_meta (key, value) VALUES ('generation', '1')"
                   " ON CONFLICT (key) DO UPDATE SET"
                   " value = (spa_meta.value::bigint + 1)::text",
                   0, NULL, error))
    {
      pg_rollback (storage);
      return FALSE;
    }
  return pg_commit (storage, error);
}

/* ---- the server's settings, calendar feeds and online booking ---- */

static gboolean
pg_get_setting (SpaServerStorage  *storage,
                const char        *key,
                char             **value,
                GError           **error)
{
  const char *params[] = { key };

  return pg_lookup ((PgStorage *)storage, "SELECT value FROM spa_setting WHERE key = $1", 1,
                    params, value, 1, error);
}

static gboolean
pg_set_setting (SpaServerStorage  *storage,
                const char        *key,
                const char        *value,
                GError           **error)
{
  const char *params[] = { key, value };

  if (value == NULL)
    return pg_run ((PgStorage *)storage, "DELETE FROM spa_setting WHERE key = $1", 1, params,
                   NULL, error);
  return pg_run ((PgStorage *)storage,
                 "INSERT INTO spa_setting (key, value) VALUES ($1, $2)"
                 " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                 2, params, NULL, error);
}

static gboolean
pg_add_feed (SpaServerStorage  *storage,
             const char        *token_hash,
             const char        *therapist_id,
             const char        *created_at,
             GError           **error)
{
  const char *params[] = { token_hash, therapist_id, created_at };

  return pg_run ((PgStorage *)storage,
                 "INSERT INTO spa_calendar_feed (token_hash, therapist_id, created_at)"
                 " VALUES ($1, $2, $3)",
                 3, params, NULL, error);
}

static gboolean
pg_revoke_feeds (SpaServerStorage  *storage,
                 const char        *therapist_id,
                 const char        *revoked_at,
                 guint             *n_revoked,
                 GError           **error)
{
  const char *params[] = { revoked_at, therapist_id };

  *n_revoked = 0;
  return pg_run ((PgStorage *)storage,
                 "UPDATE spa_calendar_feed SET revoked_at = $1"
                 " WHERE therapist_id = $2 AND revoked_at IS NULL",
                 2, params, n_revoked, error);
}

static gboolean
pg_find_feed (SpaServerStorage  *storage,
              const char        *token_hash,
              char             **therapist_id,
              GError           **error)
{
  const char *params[] = { token_hash };

  return pg_lookup ((PgStorage *)storage,
                    "SELECT therapist_id FROM spa_calendar_feed"
                    " WHERE token_hash = $1 AND revoked_at IS NULL",
                    1, params, therapist_id, 1, error);
}

static gboolean
pg_add_link (SpaServerStorage  *storage,
             const char        *token_hash,
             const char        *kind,
             const char        *booking_id,
             const char        *client_id,
             const char        *expires_at,
             GError           **error)
{
  const char *params[] = { token_hash, kind, booking_id, client_id, expires_at };

  return pg_run ((PgStorage *)storage,
                 "INSERT INTO spa_public_link (token_hash, kind, booking_id, client_id,"
                 " expires_at) VALUES ($1, $2, $3, $4, $5)",
                 5, params, NULL, error);
}

static gboolean
pg_find_link (SpaServerStorage  *storage,
              const char        *token_hash,
              const char        *kind,
              const char        *now,
              char             **booking_id,
              gboolean          *used,
              GError           **error)
{
  const char *params[] = { token_hash, kind, now };
  char *out[2];
  gboolean ok;

  ok = pg_lookup ((PgStorage *)storage,
                  "SELECT booking_id, EXISTS (SELECT 1 FROM spa_public_link AS sent"
                  "   WHERE sent.booking_id = l.booking_id AND sent.kind = l.kind"
                  "   AND sent.used_at IS NOT NULL)::int"
                  " FROM spa_public_link AS l"
                  " WHERE token_hash = $1 AND kind = $2 AND expires_at > $3",
                  3, params, out, 2, error);
  *booking_id = out[0];
  *used = g_strcmp0 (out[1], "1") == 0;
  g_free (out[1]);
  return ok;
}

static gboolean
pg_use_link (SpaServerStorage  *storage,
             const char        *token_hash,
             const char        *used_at,
             GError           **error)
{
  const char *params[] = { used_at, token_hash };

  return pg_run ((PgStorage *)storage,
                 "UPDATE spa_public_link SET used_at = $1 WHERE token_hash = $2", 2, params,
                 NULL, error);
}

static gboolean
pg_find_request (SpaServerStorage  *storage,
                 const char        *key,
                 char             **tag,
                 char             **answer,
                 GError           **error)
{
  const char *params[] = { key };
  char *out[2];
  gboolean ok;

  ok = pg_lookup ((PgStorage *)storage,
                  "SELECT booking_id, response FROM spa_public_request"
                  " WHERE idempotency_key = $1",
                  1, params, out, 2, error);
  *tag = out[0];
  *answer = out[1];
  return ok;
}

static gboolean
pg_add_request (SpaServerStorage  *storage,
                const char        *key,
                const char        *tag,
                const char        *answer,
                const char        *created_at,
                GError           **error)
{
  const char *params[] = { key, tag, answer, created_at };

  return pg_run ((PgStorage *)storage,
                 "INSERT INTO spa_public_request (idempotency_key, booking_id, response,"
                 " created_at) VALUES ($1, $2, $3, $4)",
                 4, params, NULL, error);
}

/* ---- the waitlist's offers and the mail queue ---- */

/* Every row of @sql, its columns' text one after another (%NULL for a null). */
static GPtrArray *
pg_rows (PgStorage           *self,
         const char          *sql,
         int                  n_params,
         const char * const  *params,
         GError             **error)
{
  GPtrArray *out;
  PGresult *result;

  if (self->depth == 0 && !pg_connected (self, error))
    return NULL;
  result = pg_query (self, sql, n_params, params, error);
  if (result == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func (g_free);
  for (int row = 0; row < PQntuples (result); row++)
    for (int column = 0; column < PQnfields (result); column++)
      g_ptr_array_add (out, pg_text (result, row, column));
  PQclear (result);
  return out;
}

static gboolean
pg_add_offer (SpaServerStorage  *storage,
              const char        *token_hash,
              const char        *freed_id,
              const char        *entry_id,
              const char        *client_id,
              const char        *created_at,
              const char        *expires_at,
              GError           **error)
{
  const char *params[] = { token_hash, freed_id, entry_id, client_id, created_at, expires_at };

  return pg_run ((PgStorage *)storage,
                 "INSERT INTO spa_waitlist_offer (token_hash, freed_booking_id, entry_id,"
                 " client_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
                 6, params, NULL, error);
}

static gboolean
pg_has_offers (SpaServerStorage  *storage,
               const char        *freed_id,
               gboolean          *found,
               GError           **error)
{
  const char *params[] = { freed_id };
  g_autofree char *one = NULL;
  gboolean ok = pg_lookup ((PgStorage *)storage,
                           "SELECT 1 FROM spa_waitlist_offer WHERE freed_booking_id = $1"
                           " LIMIT 1", 1, params, &one, 1, error);

  *found = one != NULL;
  return ok;
}

static gboolean
pg_find_offer (SpaServerStorage  *storage,
               const char        *token_hash,
               const char        *now,
               char              *out[7],
               GError           **error)
{
  const char *params[] = { now, token_hash };

  return pg_lookup ((PgStorage *)storage,
                    "SELECT freed_booking_id, entry_id, client_id, outcome, booking_id,"
                    " EXISTS (SELECT 1 FROM spa_waitlist_offer AS o"
                    "   WHERE o.freed_booking_id = w.freed_booking_id"
                    "   AND o.outcome = 'booked')::int, (expires_at <= $1)::int"
                    " FROM spa_waitlist_offer AS w WHERE token_hash = $2",
                    2, params, out, 7, error);
}

static gboolean
pg_settle_offer (SpaServerStorage  *storage,
                 const char        *token_hash,
                 const char        *used_at,
                 const char        *outcome,
                 const char        *booking_id,
                 GError           **error)
{
  const char *params[] = { used_at, outcome, booking_id, token_hash };

  return pg_run ((PgStorage *)storage,
                 "UPDATE spa_waitlist_offer SET used_at = $1, outcome = $2, booking_id = $3"
                 " WHERE token_hash = $4",
                 4, params, NULL, error);
}

static GPtrArray *
pg_open_offers (SpaServerStorage  *storage,
                const char        *freed_id,
                const char        *entry_id,
                const char        *now,
                GError           **error)
{
  const char *params[] = { now, freed_id, entry_id };

  return pg_rows ((PgStorage *)storage,
                  "SELECT token_hash, freed_booking_id, entry_id, client_id,"
                  " (expires_at <= $1)::int FROM spa_waitlist_offer WHERE outcome IS NULL"
                  " AND ($2::text IS NULL OR freed_booking_id = $2)"
                  " AND ($3::text IS NULL OR entry_id = $3)"
                  " ORDER BY created_at, token_hash",
                  3, params, error);
}

static gboolean
pg_has_mail (SpaServerStorage  *storage,
             const char        *key,
             gboolean          *found,
             GError           **error)
{
  const char *params[] = { key };
  g_autofree char *one = NULL;
  gboolean ok = pg_lookup ((PgStorage *)storage, "SELECT 1 FROM spa_mail WHERE dedupe_key = $1",
                           1, params, &one, 1, error);

  *found = one != NULL;
  return ok;
}

static gboolean
pg_add_mail (SpaServerStorage  *storage,
             const char        *kind,
             const char        *key,
             const char        *booking_id,
             const char        *client_id,
             const char        *recipient,
             const char        *message,
             const char        *now,
             GError           **error)
{
  const char *params[] = { kind, key, booking_id, client_id, recipient, message, now };

  return pg_run ((PgStorage *)storage,
                 "INSERT INTO spa_mail (kind, dedupe_key, booking_id, client_id, recipient,"
                 " message, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"
                 " ON CONFLICT (dedupe_key) DO NOTHING",
                 7, params, NULL, error);
}

static GHashTable *
pg_queued_keys (SpaServerStorage    *storage,
                const char * const  *keys,
                guint                n_keys,
                GError             **error)
{
  g_autofree char *array = pg_text_array (keys, n_keys);
  const char *params[] = { array };
  g_autoptr(GPtrArray) found = NULL;
  GHashTable *queued;

  /* One round trip for the whole scan. */
  found = pg_rows ((PgStorage *)storage,
                   "SELECT dedupe_key FROM spa_mail WHERE dedupe_key = ANY ($1::text[])",
                   1, params, error);
  if (found == NULL)
    return NULL;
  queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < found->len; i++)
    g_hash_table_add (queued, g_steal_pointer (&found->pdata[i]));
  return queued;
}

/* SKIP LOCKED: a process passes over a row another is claiming, so two never take the
 * same message; the claim commits at once (no transaction: depth 0). */
static gboolean
pg_claim_mail (SpaServerStorage  *storage,
               const char        *owner,
               const char        *now,
               const char        *lease_until,
               gint64            *id,
               char             **recipient,
               char             **message,
               gint64            *attempts,
               GError           **error)
{
  const char *params[] = { owner, now, lease_until };
  char *out[4];

  *id = 0;
  if (!pg_lookup ((PgStorage *)storage,
                  "UPDATE spa_mail SET status = 'sending', attempts = attempts + 1,"
                  " claimed_by = $1, claimed_pid = pg_backend_pid (), lease_until = $3"
                  " WHERE id = (SELECT id FROM spa_mail"
                  "   WHERE status = 'pending' AND next_attempt_at <= $2"
                  "   ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                  " AND status = 'pending'"
                  " RETURNING id, recipient, message, attempts",
                  3, params, out, 4, error))
    return FALSE;
  spa_server_claimed_mail_take (out, id, recipient, message, attempts);
  return TRUE;
}

static gboolean
pg_finish_mail (SpaServerStorage  *storage,
                gint64             id,
                const char        *owner,
                const char        *status,
                const char        *at,
                const char        *last_error,
                GError           **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *params[] = { status, at, last_error, id_text, owner };

  /* Written by its owner even when recovery marked it interrupted meanwhile (its lease
   * ran out): what happened is worth more than the guess. */
  return pg_run ((PgStorage *)storage,
                 "UPDATE spa_mail SET status = $1, last_error = $3,"
                 " sent_at = CASE WHEN $1 = 'sent' THEN $2 ELSE sent_at END,"
                 " next_attempt_at = CASE WHEN $1 = 'pending' THEN $2 ELSE next_attempt_at END,"
                 " claimed_by = NULL, claimed_pid = NULL, lease_until = NULL"
                 " WHERE id = $4::bigint AND claimed_by = $5",
                 5, params, NULL, error);
}

/* A claim's owner is gone when its connection's backend is (a process killed, or its
 * connection lost); a live process's sends are left alone until their lease ends. */
static gboolean
pg_recover_mail (SpaServerStorage  *storage,
                 const char        *now,
                 const char        *reason,
                 GError           **error)
{
  const char *params[] = { now, reason };

  return pg_run ((PgStorage *)storage,
                 "UPDATE spa_mail SET status = 'interrupted', last_error = $2"
                 " WHERE status = 'sending' AND (lease_until <= $1"
                 "   OR NOT EXISTS (SELECT 1 FROM pg_stat_activity"
                 "     WHERE pid = spa_mail.claimed_pid))",
                 2, params, NULL, error);
}

static GPtrArray *
pg_list_mail (SpaServerStorage  *storage,
              const char        *status,
              GError           **error)
{
  const char *params[] = { status };

  return pg_rows ((PgStorage *)storage,
                  "SELECT id, kind, booking_id, recipient, status, attempts, last_error,"
                  " created_at, sent_at, next_attempt_at, message FROM spa_mail"
                  " WHERE $1::text IS NULL OR status = $1 ORDER BY id DESC LIMIT 500",
                  1, params, error);
}

/* ---- opening ---- */

static gboolean
migrate (PgStorage  *self,
         GError    **error)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, MIGRATE_LOCK);
  const char *lock[] = { key };
  PGresult *result;
  gint64 version = 0;

  /* Two processes starting at once: one migrates, the other then finds it done. */
  if (!pg_command (self, "BEGIN", 0, NULL, error))
    return FALSE;
  result = pg_query (self, "SELECT pg_advisory_xact_lock ($1::bigint)", 1, lock, error);
  if (result == NULL)
    goto failed;
  PQclear (result);
  if (!pg_command (self, "CREATE TABLE IF NOT EXISTS spa_meta (key text PRIMARY KEY, value text)",
                   0, NULL, error))
    goto failed;
  result = pg_query (self, "SELECT value FROM spa_meta WHERE key = 'schema_version'", 0, NULL,
                     error);
  if (result == NULL)
    goto failed;
  if (PQntuples (result) > 0)
    version = pg_int (result, 0, 0);
  PQclear (result);

  if (version > (gint64)G_N_ELEMENTS (spa_server_pg_migrations))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                   _("The PostgreSQL database was made by a newer Spa Desk server (schema "
                     "%s); this one knows schema %u."),
                   number, (guint)G_N_ELEMENTS (spa_server_pg_migrations));
      goto failed;
    }

  for (gint64 v = version; v < (gint64)G_N_ELEMENTS (spa_server_pg_migrations); v++)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, v + 1);
      const char *params[] = { number };

      result = PQexec (self->conn, spa_server_pg_migrations[v]);
      if (result == NULL || PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          pg_failed (self, result, error);
          g_clear_pointer (&result, PQclear);
          goto failed;
        }
      PQclear (result);
      if (!pg_command (self,
                       "INSERT INTO spa_meta (key, value) VALUES ('schema_version', $1)"
                       " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                       1, params, error))
        goto failed;
    }
  return pg_command (self, "COMMIT", 0, NULL, error);

failed:
  pg_command (self, "ROLLBACK", 0, NULL, NULL);
  return FALSE;
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        g_unlink (path);
      }
  g_rmdir (folder);
}

#define COPY_PREFIX "spa-desk-server-"

/* Removes the working copies of server processes that died without cleaning up
 * (kill -9, a crash, a power cut): folders of ours, of this user, whose "pid" file
 * names a process that no longer exists. A folder without one is being made right now
 * and is left alone. */
static void
remove_stale_copies (void)
{
  const char *tmp = g_get_tmp_dir ();
  g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = NULL;
      g_autofree char *pid_path = NULL;
      g_autofree char *contents = NULL;
      GStatBuf info;
      gint64 pid;
      char *end = NULL;

      if (!g_str_has_prefix (name, COPY_PREFIX))
        continue;
      folder = g_build_filename (tmp, name, NULL);
      if (g_lstat (folder, &info) != 0 || !S_ISDIR (info.st_mode) || info.st_uid != getuid ())
        continue;
      pid_path = g_build_filename (folder, "pid", NULL);
      if (!g_file_get_contents (pid_path, &contents, NULL, NULL))
        continue;
      pid = g_ascii_strtoll (contents, &end, 10);
      if (end == contents || pid <= 0 || pid > G_MAXINT)
        continue;
      if (kill ((pid_t)pid, 0) == 0 || errno != ESRCH)
        continue;
      g_debug ("Removing the working copy of server process %" G_GINT64_FORMAT ", gone: %s", pid,
               folder);
      remove_folder (folder);
    }
}

static void
pg_free (SpaServerStorage *storage)
{
  PgStorage *self = (PgStorage *)storage;

  /* The store is closing: its database is closed by now. */
  g_clear_pointer (&self->conn, PQfinish);
  if (self->copy != NULL)
    self->copy->klass->free (self->copy);
  if (self->folder != NULL)
    remove_folder (self->folder);
  g_free (self->folder);
  g_free (self->generation);
  g_free (self);
}

/* ---- the online booking's rate limit ---- */

static gboolean
pg_rate_hit (SpaServerStorage  *storage,
             const char        *address,
             gint64             window_start,
             gint64            *count,
             GError           **error)
{
  PgStorage *self = (PgStorage *)storage;
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, window_start);
  g_autofree char *counted = NULL;
  const char *params[] = { address, start };

  *count = 0;
  /* One statement, atomic however many processes count the same address at once. */
  if (!pg_lookup (self,
                  "INSERT INTO spa_rate_window (address, window_start, count)"
                  " VALUES ($1, $2, 1) ON CONFLICT (address, window_start)"
                  " DO UPDATE SET count = spa_rate_window.count + 1 RETURNING count",
                  2, params, &counted, 1, error))
    return FALSE;
  *count = counted != NULL ? g_ascii_strtoll (counted, NULL, 10) : 0;
  /* Past windows go once a minute per process, so the table holds about a minute. */
  if (window_start > self->rate_swept)
    {
      if (!pg_run (self, "DELETE FROM spa_rate_window WHERE window_start < $1", 1,
                   params + 1, NULL, error))
        return FALSE;
      self->rate_swept = window_start;
    }
  return TRUE;
}

static const SpaServerStorageClass pg_class = {
  .name = "postgresql",
  .begin = pg_begin,
  .commit = pg_commit,
  .rollback = pg_rollback,
  .refresh = pg_refresh,
  .field_version = pg_field_version,
  .set_field_versions = pg_set_field_versions,
  .fields_changed_since = pg_fields_changed_since,
  .log_change = pg_log_change,
  .write_record = pg_write_record,
  .device_last = pg_device_last,
  .set_device_last = pg_set_device_last,
  .store_result = pg_store_result,
  .load_result = pg_load_result,
  .add_user = pg_add_user,
  .set_user_therapist = pg_set_user_therapist,
  .set_user_pin = pg_set_user_pin,
  .revoke_user = pg_revoke_user,
  .find_user = pg_find_user,
  .find_token = pg_find_token,
  .list_users = pg_list_users,
  .changes_since = pg_changes_since,
  .max_seq = pg_max_seq,
  .min_cursor = pg_min_cursor,
  .compact = pg_compact,
  .get_setting = pg_get_setting,
  .set_setting = pg_set_setting,
  .add_feed = pg_add_feed,
  .revoke_feeds = pg_revoke_feeds,
  .find_feed = pg_find_feed,
  .add_link = pg_add_link,
  .find_link = pg_find_link,
  .use_link = pg_use_link,
  .find_request = pg_find_request,
  .add_request = pg_add_request,
  .add_offer = pg_add_offer,
  .has_offers = pg_has_offers,
  .find_offer = pg_find_offer,
  .settle_offer = pg_settle_offer,
  .open_offers = pg_open_offers,
  .has_mail = pg_has_mail,
  .add_mail = pg_add_mail,
  .queued_keys = pg_queued_keys,
  .claim_mail = pg_claim_mail,
  .finish_mail = pg_finish_mail,
  .recover_mail = pg_recover_mail,
  .list_mail = pg_list_mail,
  .rate_hit = pg_rate_hit,
  .free = pg_free,
};

/**
 * spa_server_storage_is_pg:
 *
 * Whether `--db` names a PostgreSQL database (a `postgresql://` or `postgres://` URI)
 * rather than a SQLite file.
 */
gboolean
spa_server_storage_is_pg (const char *db)
{
  return db != NULL &&
         (g_str_has_prefix (db, "postgresql://") || g_str_has_prefix (db, "postgres://"));
}

/**
 * spa_server_storage_pg_open:
 * @conninfo: a libpq connection string or URI
 *
 * Connects, creates or migrates the server's schema, and makes the process's working
 * copy (a SQLite store in a private temporary folder, filled on first use). The working
 * copies that processes killed before their clean-up left behind are removed first.
 *
 * Returns: (transfer full): the working copy's store, the storage attached to it
 */
SpaStore *
spa_server_storage_pg_open (const char  *conninfo,
                            GError     **error)
{
  PgStorage *self = g_new0 (PgStorage, 1);
  g_autofree char *path = NULL;
  g_autoptr(SpaStore) store = NULL;

  self->parent.klass = &pg_class;
  {
    /* Named in pg_stat_activity, unless the connection string names it otherwise. */
    const char * const keywords[] = { "application_name", "dbname", NULL };
    const char * const values[] = { "spa-desk-server", conninfo, NULL };

    self->conn = PQconnectdbParams (keywords, values, 1);
  }
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                   _("Cannot connect to PostgreSQL: %s"),
                   self->conn ? PQerrorMessage (self->conn) : "out of memory");
      g_strchomp ((*error)->message);
      pg_free (&self->parent);
      return NULL;
    }
  PQsetNoticeProcessor (self->conn, pg_notice, NULL);
  if (!migrate (self, error))
    {
      pg_free (&self->parent);
      return NULL;
    }

  remove_stale_copies ();
  self->folder = g_dir_make_tmp (COPY_PREFIX "XXXXXX", error);
  if (self->folder == NULL)
    {
      pg_free (&self->parent);
      return NULL;
    }
  {
    /* Whose copy this is, for remove_stale_copies() of a later process. */
    g_autofree char *pid_path = g_build_filename (self->folder, "pid", NULL);
    g_autofree char *pid = g_strdup_printf ("%d\n", (int)getpid ());

    if (!g_file_set_contents (pid_path, pid, -1, error))
      {
        pg_free (&self->parent);
        return NULL;
      }
  }
  path = g_build_filename (self->folder, "copy.db", NULL);
  store = spa_store_open (path, error);
  if (store == NULL)
    {
      pg_free (&self->parent);
      return NULL;
    }
  spa_server_storage_sqlite_make_copy (store);
  self->parent.store = store;
  self->copy = spa_server_storage_sqlite_new (store);
  spa_server_storage_attach (store, &self->parent);
  return g_steal_pointer (&store);
}
