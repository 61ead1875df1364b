/* spa-bench-sync.c: the sync figures of build-aux/bench
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-bench"

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "spa-bench-generate.h"
#include "spa-bench-sync.h"
#include "spa-entity.h"
#include "spa-server-sync.h"
#include "spa-store-private.h"
#include "spa-store.h"
#include "spa-sync-engine.h"

/*
 * The real spa-desk-server runs as its own process on a copy of the generated data;
 * a fresh device pulls all of it through SpaSyncEngine, then the same pages are pulled
 * bare for the raw limit, and a second device's pushes measure the incremental round.
 */

#define OTHER_DEVICE "spa-desk-bench-other-device"
#define CHANGES      10

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
remove_store_files (const char *dir)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s/%s%s", dir, SPA_STORE_FILE_NAME, suffixes[i]);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ server data */

/*
 * The bulk path into a server database: the server keeps its records in the same
 * tables as a device (spa_store_open), plus a change log (server_change) that pulls
 * walk, and per-field versions (server_field) for conflicts. A page-level copy of the
 * desk database and one change per record, in dependency order, make it what the
 * server would hold had every record been pushed once. The field versions stay empty,
 * which the server reads as "not changed since version 0"; the device outbox rows of
 * the generator are dropped, as the server has none.
 */
static gboolean
load_server_db (const char  *desk_path,
                const char  *server_path,
                char       **token,
                gint64      *n_records,
                GError     **error)
{
  g_autoptr(SpaStore) store = NULL;
  sqlite3 *src = NULL, *dst = NULL;
  sqlite3_backup *backup;
  const SpaEntityInfo **entities;
  guint n_entities;
  int rc = SQLITE_ERROR;

  if (sqlite3_open_v2 (desk_path, &src, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_open (server_path, &dst) == SQLITE_OK &&
      (backup = sqlite3_backup_init (dst, "main", src, "main")) != NULL)
    {
      sqlite3_backup_step (backup, -1);
      rc = sqlite3_backup_finish (backup);
    }
  if (rc != SQLITE_OK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "copying the data: %s",
                 sqlite3_errmsg (dst ? dst : src));
  sqlite3_close_v2 (src);
  sqlite3_close_v2 (dst);
  if (rc != SQLITE_OK)
    return FALSE;

  store = spa_store_open (server_path, error);
  if (store == NULL ||
      !spa_store_exec (store, "PRAGMA synchronous = OFF;", error) ||
      !spa_store_begin (store, error) ||
      !spa_store_exec (store, "DELETE FROM sync_outbox; DELETE FROM server_change;", error))
    return FALSE;

  *n_records = 0;
  entities = spa_entity_list (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO server_change (entity, record_id)"
                                              " SELECT ?, id FROM %s ORDER BY rid",
                                              entities[i]->name);
      g_autoptr(SpaStmt) stmt = spa_store_prepare (store, sql, error);

      if (stmt == NULL)
        goto failed;
      sqlite3_bind_text (stmt, 1, entities[i]->name, -1, SQLITE_STATIC);
      if (!spa_store_step_done (store, stmt, error))
        goto failed;
      *n_records += sqlite3_changes (spa_store_get_db (store));
    }

  if (!spa_store_commit (store, error) ||
      !spa_server_add_user (store, "bench", SPA_ROLE_MANAGER, token, error))
    return FALSE;
  return spa_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE);", error);

failed:
  spa_store_rollback (store);
  return FALSE;
}

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *token;
  char        *dir;
  gint64       records;
} Server;

static void
server_stop (Server *server)
{
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
    }
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->token, g_free);
  if (server->dir != NULL)
    remove_store_files (server->dir);
  g_clear_pointer (&server->dir, g_free);
}

static gboolean
server_start (Server      *server,
              const char  *program,
              const char  *desk_path,
              GError     **error)
{
  g_autofree char *db = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  server->dir = g_dir_make_tmp ("spa-bench-server-XXXXXX", error);
  if (server->dir == NULL)
    return FALSE;
  db = spa_store_default_path (server->dir);
  if (!load_server_db (desk_path, db, &server->token, &server->records, error))
    return FALSE;

  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, program,
                                      "--db", db, "--listen", "127.0.0.1:0", NULL);
  if (server->process == NULL)
    return FALSE;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    {
      if (line != NULL || (error != NULL && *error == NULL))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the server did not start: %s",
                     line ? line : "no output");
      return FALSE;
    }
  server->url = g_strdup (line + strlen ("listening on "));
  return TRUE;
}

/* The server's peak resident set so far, in MB. */
static double
server_peak_mb (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (server->process));
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (p = strstr (status, "VmHWM:")) == NULL)
    return NAN;
  return g_ascii_strtoull (p + 6, NULL, 10) / 1024.0;
}

/* ------------------------------------------------------------------ devices */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SyncWait;

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->ok = spa_sync_engine_sync_finish (SPA_SYNC_ENGINE (object), result, &wait->error);
  wait->done = TRUE;
}

/* One sync round of @engine (push, then pull until nothing more), run to its end. */
static gboolean
sync_round (SpaSyncEngine  *engine,
            GError        **error)
{
  SyncWait wait = { 0 };

  spa_sync_engine_sync_async (engine, NULL, synced_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

typedef struct
{
  char          *dir;
  SpaStore      *store;
  SpaSyncEngine *engine;
} Device;

static gboolean
device_open (Device      *device,
             Server      *server,
             GError     **error)
{
  g_autofree char *path = NULL;

  device->dir = g_dir_make_tmp ("spa-bench-device-XXXXXX", error);
  if (device->dir == NULL)
    return FALSE;
  path = spa_store_default_path (device->dir);
  device->store = spa_store_open (path, error);
  if (device->store == NULL)
    return FALSE;
  device->engine = spa_sync_engine_new (device->store);
  spa_sync_engine_set_automatic (device->engine, FALSE);
  spa_sync_engine_set_server (device->engine, server->url, server->token);
  return TRUE;
}

static void
device_close (Device *device)
{
  g_clear_object (&device->engine);
  g_clear_object (&device->store);
  if (device->dir != NULL)
    remove_store_files (device->dir);
  g_clear_pointer (&device->dir, g_free);
}

/* ------------------------------------------------------------------ raw limit */

static GBytes *
http (SoupSession  *session,
      const char   *method,
      const char   *url,
      const char   *token,
      const char   *body,
      GError      **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  GBytes *bytes;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, error);
  if (bytes != NULL && soup_message_get_status (msg) != 200)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s: HTTP %u", method, url,
                   soup_message_get_status (msg));
      g_clear_pointer (&bytes, g_bytes_unref);
    }
  return bytes;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
bind_member (sqlite3_stmt *stmt,
             int           column,
             JsonObject   *record,
             const char   *name,
             SpaFieldType  type)
{
  JsonNode *node = json_object_get_member (record, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, column);
  else if (type == SPA_FIELD_JSON)
    sqlite3_bind_text (stmt, column, json_to_string (node, FALSE), -1, g_free);
  else if (type == SPA_FIELD_TEXT)
    sqlite3_bind_text (stmt, column, json_node_get_string (node), -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, column, type == SPA_FIELD_BOOLEAN ? json_node_get_boolean (node)
                                                                 : json_node_get_int (node));
}

/*
 * The same pages pulled by a bare libsoup client and written, a transaction a page,
 * into a fresh device database with one prepared INSERT per table: what any sync
 * needs at least, without the engine's records, checks and bookkeeping.
 */
static gboolean
raw_pull (Server      *server,
          gint64      *n_applied,
          double      *seconds,
          GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GHashTable) inserts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         finalize_stmt);
  g_autofree char *dir = g_dir_make_tmp ("spa-bench-raw-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(SpaStore) store = NULL;
  sqlite3 *db = NULL;
  const SpaEntityInfo **entities;
  guint n_entities;
  gint64 since = 0;
  gboolean more = TRUE, ok = FALSE;
  double t0, c0, http_s = 0, parse_s = 0;

  if (dir == NULL)
    return FALSE;
  path = spa_store_default_path (dir);
  /* A device's schema, with its triggers (search index, sort keys), written through the
   * store's connection but with our own statements. */
  store = spa_store_open (path, error);
  if (store == NULL)
    goto out;
  db = spa_store_get_db (store);
  sqlite3_exec (db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);

  entities = spa_entity_list (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autoptr(GString) sql = g_string_new (NULL);
      sqlite3_stmt *stmt;

      g_string_printf (sql, "INSERT OR REPLACE INTO %s (id, version, created_at, updated_at, deleted",
                       entities[i]->name);
      for (guint f = 0; f < entities[i]->n_fields; f++)
        g_string_append_printf (sql, ", %s", entities[i]->fields[f].name);
      g_string_append (sql, ") VALUES (?, ?, ?, ?, ?");
      for (guint f = 0; f < entities[i]->n_fields; f++)
        g_string_append (sql, ", ?");
      g_string_append (sql, ")");
      if (sqlite3_prepare_v3 (db, sql->str, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "raw limit: %s", sqlite3_errmsg (db));
          goto out;
        }
      g_hash_table_insert (inserts, (gpointer)entities[i]->name, stmt);
    }

  *n_applied = 0;
  t0 = now_s ();
  c0 = (double) clock () / CLOCKS_PER_SEC;
  while (more)
    {
      g_autofree char *url = g_strdup_printf ("%s/v1/sync/pull?since=%" G_GINT64_FORMAT "&limit=%d",
                                              server->url, since, SPA_SERVER_MAX_PULL);
      double t1 = now_s ();
      g_autoptr(GBytes) bytes = http (session, "GET", url, server->token, NULL, error);
      double t2 = now_s ();
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonObject *body;
      JsonArray *changes;

      if (bytes == NULL ||
          !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
        goto out;
      http_s += t2 - t1;
      parse_s += now_s () - t2;
      body = json_node_get_object (json_parser_get_root (parser));
      changes = json_object_get_array_member (body, "changes");
      since = json_object_get_int_member (body, "cursor");
      more = json_object_get_boolean_member (body, "has_more");

      sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          const SpaEntityInfo *info = spa_entity_lookup (json_object_get_string_member (change, "entity"));
          JsonObject *record = json_object_get_object_member (change, "record");
          sqlite3_stmt *stmt = g_hash_table_lookup (inserts, info->name);

          bind_member (stmt, 1, record, "id", SPA_FIELD_TEXT);
          bind_member (stmt, 2, record, "version", SPA_FIELD_INTEGER);
          bind_member (stmt, 3, record, "created_at", SPA_FIELD_TEXT);
          bind_member (stmt, 4, record, "updated_at", SPA_FIELD_TEXT);
          bind_member (stmt, 5, record, "deleted", SPA_FIELD_BOOLEAN);
          for (guint f = 0; f < info->n_fields; f++)
            bind_member (stmt, 6 + f, record, info->fields[f].name, info->fields[f].type);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "raw limit: %s", sqlite3_errmsg (db));
              sqlite3_reset (stmt);
              sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
              goto out;
            }
          sqlite3_reset (stmt);
          (*n_applied)++;
        }
      if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "raw limit: %s", sqlite3_errmsg (db));
          goto out;
        }
    }
  *seconds = now_s () - t0;
  if (g_getenv ("SPA_BENCH_VERBOSE"))
    g_printerr ("  raw pull: %.1f s waiting for HTTP, %.1f s parsing, %.1f s writing, %.1f s CPU\n",
                http_s, parse_s, *seconds - http_s - parse_s, (double) clock () / CLOCKS_PER_SEC - c0);
  ok = TRUE;

out:
  g_hash_table_remove_all (inserts);
  g_clear_object (&store);
  remove_store_files (dir);
  return ok;
}

/* ------------------------------------------------------------------ incremental */

/* @runs rounds of: another device pushes CHANGES edits of clients, then @device syncs;
 * each round's time goes into @samples (ms). */
static gboolean
incremental_rounds (Server      *server,
                    Device      *device,
                    guint        runs,
                    gint64      *mutation_id,
                    GArray      *samples,
                    GError     **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *push_url = g_strconcat (server->url, "/v1/sync/push", NULL);
  g_autoptr(SpaStmt) pick = NULL;

  pick = spa_store_prepare (device->store, "SELECT id FROM client ORDER BY random () LIMIT ?", error);
  if (pick == NULL)
    return FALSE;
  sqlite3_bind_int (pick, 1, CHANGES);
  while (sqlite3_step (pick) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *)sqlite3_column_text (pick, 0)));
  g_clear_pointer (&pick, spa_stmt_release);
  if (ids->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no clients to change");
      return FALSE;
    }

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GString) body = g_string_new ("{\"device_id\": \"" OTHER_DEVICE "\", \"mutations\": [");
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(SpaRecord) last = NULL;
      g_autofree char *note = g_strdup_printf ("bench round %u", r);
      double t0;

      for (guint i = 0; i < CHANGES; i++)
        g_string_append_printf (body, "%s{\"mutation_id\": %" G_GINT64_FORMAT ", \"entity\": \"client\","
                                " \"id\": \"%s\", \"op\": \"upsert\", \"base_version\": 0,"
                                " \"fields\": {\"notes\": \"%s\"}}",
                                i ? ", " : "", ++*mutation_id,
                                (const char *)ids->pdata[i % ids->len], note);
      g_string_append (body, "]}");
      answer = http (session, "POST", push_url, server->token, body->str, error);
      if (answer == NULL)
        return FALSE;
      if (g_strstr_len (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), "\"rejected\"") != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the server rejected a change: %.*s",
                       (int)MIN (g_bytes_get_size (answer), 400), (const char *)g_bytes_get_data (answer, NULL));
          return FALSE;
        }

      t0 = now_s ();
      if (!sync_round (device->engine, error))
        return FALSE;
      g_array_append_val (samples, (double){ (now_s () - t0) * 1000 });
      if (g_getenv ("SPA_BENCH_VERBOSE"))
        g_printerr ("  incremental round: %.1f ms\n", (now_s () - t0) * 1000);

      last = spa_store_get (device->store, "client", ids->pdata[ids->len - 1], error);
      if (last == NULL)
        return FALSE;
      if (g_strcmp0 (spa_record_get_string (last, "notes"), note) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "a change did not arrive");
          return FALSE;
        }
    }
  return TRUE;
}

/* A set of about 10 000 records, to show the incremental round does not grow with the
 * database. */
static char *
generate_small (gint64  *n_records,
                GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("spa-bench-small-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(SpaStore) store = NULL;
  SpaBenchSizes sizes = { 1000, 6500, 1500, 20, 8, 10, 1 };
  SpaBenchGenerated made;

  if (dir == NULL)
    return NULL;
  path = spa_store_default_path (dir);
  store = spa_store_open (path, error);
  if (store == NULL || !spa_bench_generate (store, &sizes, &made, error))
    {
      g_clear_object (&store);
      remove_store_files (dir);
      return NULL;
    }
  *n_records = made.clients + made.bookings + made.intakes + made.notes;
  return g_steal_pointer (&dir);
}

/* ------------------------------------------------------------------ the figures */

void
spa_bench_sync_measure (const char         *program,
                        const char         *data_dir,
                        guint               runs,
                        SpaBenchSyncResult *result)
{
  g_autofree char *desk_path = spa_store_default_path (data_dir);
  g_autofree char *small_dir = NULL;
  g_autofree char *small_path = NULL;
  g_autoptr(GError) error = NULL;
  Server server = { 0 }, small = { 0 };
  Device device = { 0 }, small_device = { 0 };
  gint64 mutation_id = 0, raw_records = 0;
  double t0;

  memset (result, 0, sizeof *result);
  result->full_seconds = result->full_rate = result->raw_seconds = result->raw_rate = NAN;
  result->server_idle_mb = result->server_peak_mb = result->load_seconds = NAN;
  result->incremental_first = NAN;
  result->incremental_small = g_array_new (FALSE, FALSE, sizeof (double));
  result->incremental_large = g_array_new (FALSE, FALSE, sizeof (double));
  runs = CLAMP (runs / 10, 5, 40);

  t0 = now_s ();
  if (!server_start (&server, program, desk_path, &error))
    goto out;
  result->load_seconds = now_s () - t0;
  result->records = server.records;
  result->server_idle_mb = server_peak_mb (&server);

  /* The raw limit first: it also brings the server's database into the page cache, as
   * it would be on a server that serves every day. */
  /* SPA_BENCH_NO_RAW skips it, to look at the engine alone while working on it. */
  if (g_getenv ("SPA_BENCH_NO_RAW") == NULL)
    {
      if (!raw_pull (&server, &raw_records, &result->raw_seconds, &error))
        goto out;
      result->raw_rate = raw_records / MAX (result->raw_seconds, 1e-6);
    }

  if (!device_open (&device, &server, &error))
    goto out;
  t0 = now_s ();
  /* Rounds until the device has the whole log: the engine ends a run early only when
   * the server stops moving the cursor. */
  for (guint i = 0; i < 5 && spa_sync_local_get_cursor (device.store) < server.records; i++)
    if (!sync_round (device.engine, &error))
      goto out;
  result->full_seconds = now_s () - t0;
  result->full_rate = server.records / MAX (result->full_seconds, 1e-6);
  result->server_peak_mb = server_peak_mb (&server);
  if (spa_sync_local_get_cursor (device.store) < server.records)
    {
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "the device did not get every change");
      goto out;
    }

  /* The first round after a first sync also re-reads the schema the load changed
   * (spa_store_begin_load()) and the pages it wrote: it is reported on its own, and
   * the figure is the rounds after it. */
  {
    g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));

    if (!incremental_rounds (&server, &device, 1, &mutation_id, first, &error))
      goto out;
    result->incremental_first = g_array_index (first, double, 0);
  }
  if (!incremental_rounds (&server, &device, runs, &mutation_id, result->incremental_large, &error))
    goto out;
  device_close (&device);
  server_stop (&server);

  small_dir = generate_small (&result->small_records, &error);
  if (small_dir == NULL)
    goto out;
  small_path = spa_store_default_path (small_dir);
  if (!server_start (&small, program, small_path, &error) ||
      !device_open (&small_device, &small, &error) ||
      !sync_round (small_device.engine, &error) ||
      !sync_round (small_device.engine, &error) ||
      !incremental_rounds (&small, &small_device, runs, &mutation_id, result->incremental_small, &error))
    goto out;

out:
  if (error != NULL)
    result->error = g_strdup (error->message);
  device_close (&device);
  device_close (&small_device);
  server_stop (&server);
  server_stop (&small);
  if (small_dir != NULL)
    remove_store_files (small_dir);
}

void
spa_bench_sync_result_clear (SpaBenchSyncResult *result)
{
  g_clear_pointer (&result->incremental_small, g_array_unref);
  g_clear_pointer (&result->incremental_large, g_array_unref);
  g_clear_pointer (&result->error, g_free);
}
